//! The viewing record (调阅记录): who opened which confidential file, when, and why.
//! Append-only; each entry carries the SHA-256 of the one before, so removing, reordering
//! or editing an entry breaks the chain at that point and [`verify`] says where.

use chrono::{DateTime, Utc};
use data_encoding::HEXLOWER;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One look at a confidential file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewingEntry {
    /// 1, 2, 3… on this device.
    pub seq: u64,
    pub at: DateTime<Utc>,
    /// The profile's name and rep code at the time.
    pub by: String,
    pub rep_code: String,
    pub customer_id: String,
    pub archive_no: String,
    pub purpose: String,
    /// The hash of the entry before (or [`GENESIS`]).
    pub prev: String,
    /// The hash of this entry, over every field above.
    pub hash: String,
}

/// What the user supplies for a new entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewing {
    pub at: DateTime<Utc>,
    pub by: String,
    pub rep_code: String,
    pub customer_id: String,
    pub archive_no: String,
    pub purpose: String,
}

impl ViewingEntry {
    /// The entry that follows the one `head` describes (or starts the record).
    pub fn next(head: Option<&ChainHead>, v: Viewing) -> ViewingEntry {
        let mut entry = ViewingEntry {
            seq: head.map_or(1, |l| l.seq + 1),
            at: v.at,
            by: v.by,
            rep_code: v.rep_code,
            customer_id: v.customer_id,
            archive_no: v.archive_no,
            purpose: v.purpose,
            prev: head.map_or_else(|| GENESIS.to_owned(), |l| l.hash.clone()),
            hash: String::new(),
        };
        entry.hash = entry.digest();
        entry
    }

    fn digest(&self) -> String {
        // Length-prefixed fields: no two different entries hash the same text.
        let mut h = Sha256::new();
        h.update(b"dossier viewing record v1");
        for field in [
            self.seq.to_string(),
            self.at.to_rfc3339(),
            self.by.clone(),
            self.rep_code.clone(),
            self.customer_id.clone(),
            self.archive_no.clone(),
            self.purpose.clone(),
            self.prev.clone(),
        ] {
            h.update((field.len() as u64).to_le_bytes());
            h.update(field.as_bytes());
        }
        HEXLOWER.encode(&h.finalize())
    }
}

/// Where the chain breaks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// An entry's content does not match its own hash: it was edited.
    #[error("entry {0} was altered")]
    Altered(u64),
    /// An entry does not follow the one before it: one was removed or reordered.
    #[error("an entry before entry {0} is missing")]
    Missing(u64),
    /// The record ends before its last known entry.
    #[error("entries after entry {0} are missing")]
    Truncated(u64),
}

/// The last entry's position and hash, kept apart from the entries so that removing the
/// newest ones is noticed too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: u64,
    pub hash: String,
}

/// Checks `entries` (in order) against each other and against `head`.
pub fn verify(entries: &[ViewingEntry], head: Option<&ChainHead>) -> Result<(), ChainError> {
    let mut prev = GENESIS.to_owned();
    let mut seq = 0;
    for e in entries {
        if e.digest() != e.hash {
            return Err(ChainError::Altered(e.seq));
        }
        if e.prev != prev || e.seq != seq + 1 {
            return Err(ChainError::Missing(e.seq));
        }
        prev = e.hash.clone();
        seq = e.seq;
    }
    match head {
        Some(h) if h.seq != seq || h.hash != prev => Err(ChainError::Truncated(seq)),
        _ => Ok(()),
    }
}

/// Checks that `entries` (new to the holder, in any order) continue the chain whose last
/// entry the holder has as `head`, hash for hash, and returns the new head. With no head
/// (nothing held yet) the chain must start at entry 1, unless `started` says entries
/// were held before heads were kept: then only the new entries' own links are checked.
pub fn extends(
    entries: &[ViewingEntry],
    head: Option<&ChainHead>,
    started: bool,
) -> Result<Option<ChainHead>, ChainError> {
    let mut sorted: Vec<&ViewingEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.seq);
    let mut last: Option<ChainHead> = head.cloned();
    for e in sorted {
        if e.digest() != e.hash {
            return Err(ChainError::Altered(e.seq));
        }
        let follows = match &last {
            Some(l) => l.seq.checked_add(1) == Some(e.seq) && e.prev == l.hash,
            None if started => true,
            None => e.seq == 1 && e.prev == GENESIS,
        };
        if !follows {
            return Err(ChainError::Missing(e.seq));
        }
        last = Some(ChainHead {
            seq: e.seq,
            hash: e.hash.clone(),
        });
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u64) -> Vec<ViewingEntry> {
        let mut all: Vec<ViewingEntry> = Vec::new();
        for i in 0..n {
            let v = Viewing {
                at: DateTime::from_timestamp(1_790_000_000 + i as i64 * 60, 0).unwrap(),
                by: "李伟".into(),
                rep_code: "R07".into(),
                customer_id: format!("c{i}"),
                archive_no: format!("R07-2026-{i:04}"),
                purpose: "续签合同前核对条款".into(),
            };
            let last = all.last().map(|l: &ViewingEntry| ChainHead {
                seq: l.seq,
                hash: l.hash.clone(),
            });
            all.push(ViewingEntry::next(last.as_ref(), v));
        }
        all
    }

    fn head(entries: &[ViewingEntry]) -> ChainHead {
        let last = entries.last().unwrap();
        ChainHead {
            seq: last.seq,
            hash: last.hash.clone(),
        }
    }

    #[test]
    fn an_untouched_record_verifies() {
        let all = chain(5);
        assert_eq!(all[0].prev, GENESIS);
        assert_eq!(all[4].seq, 5);
        assert_eq!(verify(&all, Some(&head(&all))), Ok(()));
        assert_eq!(verify(&[], None), Ok(()));
    }

    #[test]
    fn an_edited_entry_is_found() {
        let mut all = chain(5);
        let h = head(&all);
        all[2].purpose = "例行检查".into();
        assert_eq!(verify(&all, Some(&h)), Err(ChainError::Altered(3)));
        // Rehashing the edited entry does not help: the next one no longer follows it.
        all[2].hash = all[2].digest();
        assert_eq!(verify(&all, Some(&h)), Err(ChainError::Missing(4)));
    }

    #[test]
    fn a_removed_or_reordered_entry_is_found() {
        let all = chain(5);
        let h = head(&all);
        let mut removed = all.clone();
        removed.remove(1);
        assert_eq!(verify(&removed, Some(&h)), Err(ChainError::Missing(3)));
        let mut swapped = all.clone();
        swapped.swap(1, 2);
        assert_eq!(verify(&swapped, Some(&h)), Err(ChainError::Missing(3)));
        let mut first_removed = all;
        first_removed.remove(0);
        assert_eq!(
            verify(&first_removed, Some(&h)),
            Err(ChainError::Missing(2))
        );
    }

    #[test]
    fn removing_the_newest_entries_is_found_by_the_head() {
        let all = chain(5);
        let h = head(&all);
        assert_eq!(verify(&all[..3], Some(&h)), Err(ChainError::Truncated(3)));
        assert_eq!(verify(&[], Some(&h)), Err(ChainError::Truncated(0)));
    }
}
