//! Head office reads the reps' viewing records (调阅记录, seed 000 第十一条): each rep
//! laptop's record as head office holds it, checked link by link, its entries beside
//! the files' levels, filtered by level and period, and counted per file.
//!
//! Bundles bring each laptop's entries; head office keeps them sealed, by device
//! (`storage::oversight` reads them). A record is checked as the laptop checks its own
//! ([`log::verify`]), against the last entry head office received
//! ([`Exchange::viewing_heads`]): so an entry edited, removed or cut off at head office
//! after it arrived shows where the chain broke, and so does an envelope that no longer
//! opens.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::core::bundle::exchange::Exchange;
use crate::core::customer::model::SecretLevel;
use crate::core::vault::log::{self, ChainError, ChainHead, ViewingEntry};

/// One device's entries as head office holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Held {
    /// The entries that opened, in any order.
    pub entries: Vec<ViewingEntry>,
    /// The sequence numbers of entries whose envelope did not open.
    pub unreadable: Vec<u64>,
}

/// A rep's laptop as head office knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    /// As people compared it when head office trusted the laptop; empty for a device
    /// head office has no identity for.
    pub fingerprint: String,
    /// No longer trusted (lost, stolen, retired, replaced): its record stays, and no
    /// more of it comes.
    pub revoked: bool,
}

/// Whether a laptop's record is whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChainState {
    /// Every entry from the first to the last head office received, unaltered.
    Complete { entries: usize },
    /// The first place where it is not.
    Broken(ChainError),
}

/// One look at a file, beside the file's level at head office now: the entry does not
/// record the level the file had when it was opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Viewed {
    pub entry: ViewingEntry,
    /// `None`: head office holds no such file (destroyed, or never received).
    pub level: Option<SecretLevel>,
}

/// One laptop's record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRecord {
    pub device: Device,
    pub state: ChainState,
    /// In the chain's order, the oldest first.
    pub entries: Vec<Viewed>,
}

/// A rep and the record of each laptop they had.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepViewings {
    pub code: String,
    pub name: String,
    /// Empty while no record came from the rep.
    pub devices: Vec<DeviceRecord>,
}

impl RepViewings {
    /// The rep's entries `filter` keeps, every laptop's, in each laptop's order.
    pub fn kept<'a, Tz: TimeZone>(
        &'a self,
        filter: &'a Filter,
        tz: &'a Tz,
    ) -> impl Iterator<Item = &'a Viewed> {
        self.devices.iter().flat_map(|d| d.kept(filter, tz))
    }
}

impl DeviceRecord {
    /// The laptop's entries `filter` keeps.
    pub fn kept<'a, Tz: TimeZone>(
        &'a self,
        filter: &'a Filter,
        tz: &'a Tz,
    ) -> impl Iterator<Item = &'a Viewed> {
        self.entries.iter().filter(move |v| filter.keeps(v, tz))
    }
}

/// Every rep head office enrolled or holds a record of, by rep code, each with the
/// record of each of their laptops; `level` gives a file's level by its id.
pub fn review(
    exchange: &Exchange,
    mut held: BTreeMap<String, Held>,
    level: impl Fn(&str) -> Option<SecretLevel>,
) -> Vec<RepViewings> {
    let mut reps: BTreeMap<String, RepViewings> = exchange
        .enrolled
        .iter()
        .map(|(code, rep)| {
            let rep = RepViewings {
                code: code.clone(),
                name: rep.name.clone(),
                devices: Vec::new(),
            };
            (code.clone(), rep)
        })
        .collect();
    // A laptop whose every entry was removed here is known by its head alone.
    let mut ids: Vec<String> = held.keys().cloned().collect();
    ids.extend(exchange.viewing_heads.keys().cloned());
    ids.sort();
    ids.dedup();
    for id in ids {
        let mut h = held.remove(&id).unwrap_or_default();
        h.entries.sort_by_key(|e| e.seq);
        let state = check(&h, exchange.viewing_heads.get(&id));
        let (code, name, fingerprint, revoked) = if let Some(d) = exchange.trusted.get(&id) {
            (d.rep_code.clone(), d.name.clone(), d.fingerprint(), false)
        } else if let Some(r) = exchange.revoked.get(&id) {
            (
                r.rep_code.clone(),
                r.name.clone(),
                r.fingerprint.clone(),
                true,
            )
        } else {
            // Never happens through an import, which takes entries from trusted devices
            // only; kept visible rather than dropped.
            let first = h.entries.first();
            let code = first.map(|e| e.rep_code.clone()).unwrap_or_default();
            let name = first.map(|e| e.by.clone()).unwrap_or_default();
            (code, name, String::new(), false)
        };
        let entries = h
            .entries
            .into_iter()
            .map(|entry| Viewed {
                level: level(&entry.customer_id),
                entry,
            })
            .collect();
        reps.entry(code.clone())
            .or_insert_with(|| RepViewings {
                code,
                name,
                devices: Vec::new(),
            })
            .devices
            .push(DeviceRecord {
                device: Device {
                    id,
                    fingerprint,
                    revoked,
                },
                state,
                entries,
            });
    }
    reps.into_values().collect()
}

/// Whether `held` (its entries in order) is the whole chain up to `head`, the last entry
/// head office received; if not, the first place it breaks.
pub fn check(held: &Held, head: Option<&ChainHead>) -> ChainState {
    let linked = log::verify(&held.entries, head).err();
    // An envelope that does not open was altered, or moved from another place.
    let unopened = held
        .unreadable
        .iter()
        .min()
        .map(|&s| ChainError::Altered(s));
    match [linked, unopened]
        .into_iter()
        .flatten()
        .min_by_key(position)
    {
        None => ChainState::Complete {
            entries: held.entries.len(),
        },
        Some(e) => ChainState::Broken(e),
    }
}

/// Where in the chain an error is: entries cut off after entry `s` are missing from
/// entry `s + 1` on.
fn position(e: &ChainError) -> (u64, u8) {
    match *e {
        ChainError::Altered(s) | ChainError::Missing(s) => (s, 0),
        ChainError::Truncated(s) => (s.saturating_add(1), 1),
    }
}

/// Which entries to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only files at this level or above, as an auditor asks for "机密 and above"; an
    /// entry of a file head office does not hold has no level to compare and is left
    /// out by any level.
    pub at_least: Option<SecretLevel>,
    /// The first and last day, both included, as dates where the auditor is.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Filter {
    /// Whether `viewed` is shown, its time read as a date in `tz`.
    pub fn keeps<Tz: TimeZone>(&self, viewed: &Viewed, tz: &Tz) -> bool {
        let level = match self.at_least {
            None => true,
            Some(min) => viewed.level.is_some_and(|l| l >= min),
        };
        let day = viewed.entry.at.with_timezone(tz).date_naive();
        level && self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t)
    }
}

/// How often one file was viewed, and when last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileViews {
    pub customer_id: String,
    pub archive_no: String,
    pub level: Option<SecretLevel>,
    pub count: usize,
    pub last: DateTime<Utc>,
}

/// `viewed` counted per file: the most viewed first, then by archive number.
pub fn per_file<'a>(viewed: impl IntoIterator<Item = &'a Viewed>) -> Vec<FileViews> {
    let mut files: BTreeMap<&str, FileViews> = BTreeMap::new();
    for v in viewed {
        let e = &v.entry;
        files
            .entry(e.customer_id.as_str())
            .and_modify(|f| {
                f.count += 1;
                f.last = f.last.max(e.at);
            })
            .or_insert_with(|| FileViews {
                customer_id: e.customer_id.clone(),
                archive_no: e.archive_no.clone(),
                level: v.level,
                count: 1,
                last: e.at,
            });
    }
    let mut files: Vec<FileViews> = files.into_values().collect();
    files.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.archive_no.cmp(&b.archive_no))
    });
    files
}

#[cfg(test)]
mod tests;
