//! The storage interface the domain logic is written against, its error type, and an
//! in-memory implementation for native tests. The browser's is `storage::Db`.

#![allow(async_fn_in_trait)] // Single-threaded wasm: the futures need not be Send.

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::complaint::Complaint;
use super::customer::archive_no;
use super::customer::catalogue::CatalogueEntry;
use super::customer::history::HistoryEntry;
use super::customer::model::Customer;
use super::customer::validate::CustomerDraft;
use super::visit::model::{Amendment, Visit, VisitStatus};

/// Why the store could not do what was asked. Every variant maps to advice the user can
/// follow; none of them means data was lost.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum StoreError {
    /// No IndexedDB here (some private windows, disabled storage).
    #[error("IndexedDB is not available in this browser window")]
    Unavailable,
    /// The database was upgraded by a newer build; this older one must not touch it.
    #[error("the database was written by a newer version of Dossier")]
    NewerVersion,
    /// The disk or the browser's quota is full.
    #[error("there is no space left for Dossier's data")]
    QuotaExceeded,
    /// The file changed (in another tab) since it was opened for editing.
    #[error("the file was changed elsewhere since it was opened")]
    Conflict,
    /// Another file already has this archive number.
    #[error("another file already has this archive number")]
    DuplicateArchiveNo,
    /// A submitted visit is final; it cannot be changed or submitted again.
    #[error("this visit was already submitted and is final")]
    VisitFinal,
    /// The record is sealed and the vault is locked: unlock with the passphrase first.
    #[error("this confidential record is sealed: unlock first")]
    Locked,
    /// A sealed record failed authentication: altered, or moved from another record.
    #[error("a sealed record was altered or does not belong here")]
    Tampered,
    /// A stored record could not be read back as the expected type.
    #[error("a stored record could not be read: {0}")]
    Corrupt(String),
    /// A picked file could not be read (pulled out, moved, no permission).
    #[error("the file could not be read")]
    FileUnreadable,
    /// The bundle worker could not start (its files missing from this install) or
    /// stopped: nothing was written.
    #[error("the bundle worker failed: {0}")]
    Worker(String),
    /// The user cancelled a long operation before its commit: nothing was written.
    #[error("cancelled; nothing was changed")]
    Cancelled,
    /// The worker is of another build than the page (Dossier was updated while the page
    /// stayed open): nothing was asked of it; the page must be reloaded.
    #[error("Dossier was updated: reload the page")]
    OtherBuild,
    /// Anything else the browser reported, by its DOMException name and message.
    #[error("{name}: {message}")]
    Other { name: String, message: String },
}

impl From<crate::core::progress::Cancelled> for StoreError {
    fn from(_: crate::core::progress::Cancelled) -> StoreError {
        StoreError::Cancelled
    }
}

/// Who is using this device: recorded in change history, and the rep code prefixes
/// every archive number this device gives out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub rep_code: String,
}

impl Profile {
    /// How changes are signed: "name (rep code)".
    pub fn signature(&self) -> String {
        format!("{} ({})", self.name, self.rep_code)
    }
}

/// One logical change of a customer file, applied atomically.
#[derive(Clone, Debug, PartialEq)]
pub struct Commit {
    pub customer: Customer,
    pub history: HistoryEntry,
    /// For a new file: give it the next archive number of this rep and year.
    pub allocate_number: Option<(String, i32)>,
    /// The revision the stored file must still have (`None`: the file must be new).
    pub expected_revision: Option<u32>,
    /// The draft this change came from, removed with it.
    pub draft_key: Option<String>,
}

/// What the domain needs from storage.
pub trait CustomerStore {
    async fn customer(&self, id: &str) -> Result<Option<Customer>, StoreError>;
    async fn catalogue(&self) -> Result<Vec<CatalogueEntry>, StoreError>;
    /// A file's history, oldest first.
    async fn history(&self, customer_id: &str) -> Result<Vec<HistoryEntry>, StoreError>;
    /// Applies a commit in one transaction; returns the file as stored.
    async fn commit(&self, commit: Commit) -> Result<Customer, StoreError>;
    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError>;
    async fn put_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError>;
    async fn delete_draft(&self, key: &str) -> Result<(), StoreError>;
}

/// What visit-call records need from storage. A draft visit is stored at every change
/// of its form; a submitted one is final.
pub trait VisitStore {
    async fn visit(&self, id: &str) -> Result<Option<Visit>, StoreError>;
    /// Stores a draft; refused with [`StoreError::VisitFinal`] once it was submitted.
    async fn put_visit(&self, visit: &Visit) -> Result<(), StoreError>;
    /// Stores a submitted visit, unless it already was submitted.
    async fn submit_visit(&self, visit: &Visit) -> Result<(), StoreError>;
    /// Marks follow-up `index` of a submitted visit done at `at` (or not done: `None`).
    async fn set_follow_up_done(
        &self,
        visit_id: &str,
        index: usize,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError>;
    /// Appends a correction to a submitted visit (a draft is simply edited); returns the
    /// visit as stored.
    async fn amend_visit(&self, visit_id: &str, amendment: Amendment) -> Result<Visit, StoreError>;
    /// Removes a draft (never a submitted visit).
    async fn discard_visit(&self, id: &str) -> Result<(), StoreError>;
    /// One customer's visits, drafts included, newest first.
    async fn visits_for(&self, customer_id: &str) -> Result<Vec<Visit>, StoreError>;
    /// Every visit with this status, newest first.
    async fn visits_with(&self, status: VisitStatus) -> Result<Vec<Visit>, StoreError>;
}

/// What the complaint register needs from storage.
pub trait ComplaintStore {
    /// Stores a new complaint with the next acceptance number of `rep_code` in `year`,
    /// in one transaction; returns it as stored.
    async fn register_complaint(
        &self,
        complaint: Complaint,
        rep_code: &str,
        year: i32,
    ) -> Result<Complaint, StoreError>;
    async fn complaint(&self, id: &str) -> Result<Option<Complaint>, StoreError>;
    async fn put_complaint(&self, complaint: &Complaint) -> Result<(), StoreError>;
    /// Every complaint, newest received first.
    async fn complaints(&self) -> Result<Vec<Complaint>, StoreError>;
}

/// Newest first: by visit time, then by when the record was last changed.
pub fn newest_first(visits: &mut [Visit]) {
    visits.sort_by_key(|v| std::cmp::Reverse((v.at, v.updated_at)));
}

/// The key of the draft for editing `customer_id`, or for a new file.
pub fn draft_key(customer_id: &str) -> String {
    if customer_id.is_empty() {
        "customer:new".into()
    } else {
        format!("customer:{customer_id}")
    }
}

/// Everything in memory: for native tests of the domain logic.
#[derive(Default)]
pub struct MemoryStore {
    customers: RefCell<BTreeMap<String, Customer>>,
    history: RefCell<Vec<HistoryEntry>>,
    sequences: RefCell<BTreeMap<String, u32>>,
    drafts: RefCell<BTreeMap<String, CustomerDraft>>,
    visits: RefCell<BTreeMap<String, Visit>>,
}

/// The error when a counter has no sequence left (it learned `u32::MAX - 1`).
pub fn sequence_exhausted(key: &str) -> StoreError {
    StoreError::Corrupt(format!("the archive number sequence {key} is used up"))
}

impl MemoryStore {
    /// Moves the archive number counters past `numbers`, as the browser's store does
    /// for what a bundle, a backup or a spreadsheet brings.
    pub fn learn_archive_numbers<'a>(&self, numbers: impl IntoIterator<Item = &'a str>) {
        let mut sequences = self.sequences.borrow_mut();
        for (key, seen) in archive_no::highest_sequences(numbers) {
            if let Some(value) = archive_no::raised(sequences.get(&key).copied(), seen) {
                sequences.insert(key, value);
            }
        }
    }
}

impl VisitStore for MemoryStore {
    async fn visit(&self, id: &str) -> Result<Option<Visit>, StoreError> {
        Ok(self.visits.borrow().get(id).cloned())
    }

    async fn put_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        let mut visits = self.visits.borrow_mut();
        if visits
            .get(&visit.id)
            .is_some_and(|v| v.status == VisitStatus::Submitted)
        {
            return Err(StoreError::VisitFinal);
        }
        visits.insert(visit.id.clone(), visit.clone());
        Ok(())
    }

    async fn submit_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        self.put_visit(visit).await
    }

    async fn set_follow_up_done(
        &self,
        visit_id: &str,
        index: usize,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let mut visits = self.visits.borrow_mut();
        let follow_up = visits
            .get_mut(visit_id)
            .and_then(|v| v.follow_ups.get_mut(index));
        match follow_up {
            Some(f) => {
                f.done_at = at;
                Ok(())
            }
            None => Err(StoreError::Corrupt(format!(
                "no follow-up {index} in visit {visit_id}"
            ))),
        }
    }

    async fn amend_visit(&self, visit_id: &str, amendment: Amendment) -> Result<Visit, StoreError> {
        let mut visits = self.visits.borrow_mut();
        let visit = visits
            .get_mut(visit_id)
            .filter(|v| v.status == VisitStatus::Submitted)
            .ok_or_else(|| StoreError::Corrupt(format!("no submitted visit {visit_id}")))?;
        visit.amendments.push(amendment);
        Ok(visit.clone())
    }

    async fn discard_visit(&self, id: &str) -> Result<(), StoreError> {
        let mut visits = self.visits.borrow_mut();
        if visits
            .get(id)
            .is_some_and(|v| v.status == VisitStatus::Submitted)
        {
            return Err(StoreError::VisitFinal);
        }
        visits.remove(id);
        Ok(())
    }

    async fn visits_for(&self, customer_id: &str) -> Result<Vec<Visit>, StoreError> {
        let mut found: Vec<Visit> = self
            .visits
            .borrow()
            .values()
            .filter(|v| v.customer_id == customer_id)
            .cloned()
            .collect();
        newest_first(&mut found);
        Ok(found)
    }

    async fn visits_with(&self, status: VisitStatus) -> Result<Vec<Visit>, StoreError> {
        let mut found: Vec<Visit> = self
            .visits
            .borrow()
            .values()
            .filter(|v| v.status == status)
            .cloned()
            .collect();
        newest_first(&mut found);
        Ok(found)
    }
}

impl CustomerStore for MemoryStore {
    async fn customer(&self, id: &str) -> Result<Option<Customer>, StoreError> {
        Ok(self.customers.borrow().get(id).cloned())
    }

    async fn catalogue(&self) -> Result<Vec<CatalogueEntry>, StoreError> {
        Ok(self
            .customers
            .borrow()
            .values()
            .map(CatalogueEntry::of)
            .collect())
    }

    async fn history(&self, customer_id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        Ok(self
            .history
            .borrow()
            .iter()
            .filter(|h| h.customer_id == customer_id)
            .cloned()
            .collect())
    }

    async fn commit(&self, commit: Commit) -> Result<Customer, StoreError> {
        let mut customers = self.customers.borrow_mut();
        let stored_revision = customers.get(&commit.customer.id).map(|c| c.revision);
        if stored_revision != commit.expected_revision {
            return Err(StoreError::Conflict);
        }
        let mut customer = commit.customer;
        let mut sequences = self.sequences.borrow_mut();
        let mut next_sequence = None;
        if let Some((rep, year)) = &commit.allocate_number {
            let key = archive_no::sequence_key(rep, *year);
            let next = archive_no::next(sequences.get(&key).copied())
                .ok_or_else(|| sequence_exhausted(&key))?;
            customer.archive_no = archive_no::format(rep, *year, next);
            next_sequence = Some((key, next));
        }
        if customers
            .values()
            .any(|c| c.archive_no == customer.archive_no && c.id != customer.id)
        {
            return Err(StoreError::DuplicateArchiveNo);
        }
        if let Some((key, next)) = next_sequence {
            sequences.insert(key, next);
        }
        customers.insert(customer.id.clone(), customer.clone());
        self.history.borrow_mut().push(commit.history);
        if let Some(key) = commit.draft_key {
            self.drafts.borrow_mut().remove(&key);
        }
        Ok(customer)
    }

    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError> {
        Ok(self.drafts.borrow().get(key).cloned())
    }

    async fn put_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError> {
        self.drafts
            .borrow_mut()
            .insert(key.to_owned(), draft.clone());
        Ok(())
    }

    async fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        self.drafts.borrow_mut().remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::customer::history::ChangeKind;
    use futures::executor::block_on;

    fn new_file(id: &str) -> Commit {
        Commit {
            customer: Customer {
                id: id.into(),
                revision: 1,
                ..Default::default()
            },
            history: HistoryEntry {
                id: format!("h-{id}"),
                customer_id: id.into(),
                at: DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default(),
                by: String::new(),
                reason: Default::default(),
                kind: ChangeKind::Created,
                revision: 1,
                changes: Vec::new(),
            },
            allocate_number: Some(("R07".into(), 2026)),
            expected_revision: None,
            draft_key: None,
        }
    }

    #[test]
    fn numbers_learned_from_elsewhere_are_never_handed_out_again() {
        block_on(async {
            let store = MemoryStore::default();
            store.learn_archive_numbers(["R07-2026-00004", "R07-2026-00002", "R07-2026-9x"]);
            let first = store.commit(new_file("a")).await.unwrap();
            assert_eq!(first.archive_no, "R07-2026-00005");
            // Lower numbers learned later do not move the counter back.
            store.learn_archive_numbers(["R07-2026-00001", "R07-2026-99999999999"]);
            let second = store.commit(new_file("b")).await.unwrap();
            assert_eq!(second.archive_no, "R07-2026-00006");
        });
    }

    #[test]
    fn a_counter_at_its_end_refuses_rather_than_wraps() {
        block_on(async {
            let store = MemoryStore::default();
            store.learn_archive_numbers([archive_no::format("R07", 2026, u32::MAX - 1).as_str()]);
            let last = store.commit(new_file("a")).await.unwrap();
            assert_eq!(last.archive_no, archive_no::format("R07", 2026, u32::MAX));
            assert!(matches!(
                store.commit(new_file("b")).await,
                Err(StoreError::Corrupt(_))
            ));
        });
    }
}
