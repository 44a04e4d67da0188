//! [`Db`] as the app's [`CustomerStore`]: customer files, their catalogue entries,
//! change history and form drafts. A file whose level seals it is stored as an
//! envelope, with a redacted catalogue entry; so are its history, visits, complaints
//! and drafts, and a change of level re-seals or opens all of them in the same
//! transaction as the file.

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::Db;
use super::catalogue::{Pages, file_stored_sealed, read_sealed_files};
use super::db::MetaEntry;
use super::schema;
use super::sealed::{Keys, Stored};
use super::visits::{Book, Item};
use crate::core::complaint::Complaint;
use crate::core::customer::archive_no;
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::history::HistoryEntry;
use crate::core::customer::model::Customer;
use crate::core::customer::validate::CustomerDraft;
use crate::core::progress::{Phase, Steps};
use crate::core::store::{Commit, CustomerStore, StoreError, sequence_exhausted};
use crate::core::visit::model::{Visit, VisitStatus};

/// The index keys of a visit envelope (its status as the status index stores it).
pub(super) fn visit_keys(v: &Visit) -> Keys {
    Keys {
        customer_id: Some(v.customer_id.clone()),
        status: Some(status_key(v.status).to_owned()),
        acceptance_no: None,
    }
}

pub(super) fn status_key(status: VisitStatus) -> &'static str {
    match status {
        VisitStatus::Draft => "Draft",
        VisitStatus::Submitted => "Submitted",
    }
}

pub(super) fn complaint_keys(c: &Complaint) -> Keys {
    Keys {
        customer_id: Some(c.customer_id.clone()),
        status: None,
        acceptance_no: Some(c.acceptance_no.clone()),
    }
}

pub(super) fn history_keys(h: &HistoryEntry) -> Keys {
    Keys {
        customer_id: Some(h.customer_id.clone()),
        ..Keys::default()
    }
}

/// What a file's page shows, read together by [`Db::file_with_records`] (or by a
/// visit's submission, [`Db::submit_visit_reading_file`]).
pub struct FileRecords {
    pub customer: Customer,
    pub history: Vec<HistoryEntry>,
    pub visits: Vec<Visit>,
    pub complaints: Vec<Complaint>,
}

/// The stores [`StoredFile::read`] reads: a file's records ([`schema::FILE_RECORDS`]),
/// and the catalogue, which says whether they must be sealed.
pub(super) const FILE_READ: [&str; 5] = [
    schema::CUSTOMERS,
    schema::HISTORY,
    schema::VISIT_BOOKS,
    schema::COMPLAINTS,
    schema::CATALOGUE_PAGES,
];

/// A file's records as stored, not opened: what its page shows.
pub(super) struct StoredFile {
    pub customer: Option<Stored<Customer>>,
    pub history: Vec<Stored<HistoryEntry>>,
    pub book: Option<Book>,
    pub complaints: Vec<Stored<Complaint>>,
    /// Whether the catalogue holds the file as stored sealed: then a plain record of it
    /// is refused ([`Stored::checked`]).
    pub sealed: bool,
}

impl StoredFile {
    /// Reads file `id`'s records within `tx`, which spans [`FILE_READ`]. The five
    /// requests are issued together, then awaited.
    pub async fn read(tx: &Transaction<'_>, id: &str) -> Result<StoredFile, StoreError> {
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let history = tx.object_store(schema::HISTORY)?;
        let history = history.index(schema::HISTORY_BY_CUSTOMER)?;
        let books = tx.object_store(schema::VISIT_BOOKS)?;
        let complaints = tx.object_store(schema::COMPLAINTS)?;
        let complaints = complaints.index(schema::COMPLAINTS_BY_CUSTOMER)?;
        let customer = customers.get(id).serde()?;
        let history = history.get_all().with_query(id).serde()?;
        let book = books.get::<JsValue, _, _>(id).primitive()?;
        let complaints = complaints.get_all().with_query(id).serde()?;
        let sealed = file_stored_sealed(&tx.object_store(schema::CATALOGUE_PAGES)?, id).await?;
        Ok(StoredFile {
            customer: customer.await?,
            history: history.await?.collect::<Result<_, _>>()?,
            book: book.await?.as_ref().map(Book::from_js).transpose()?,
            complaints: complaints.await?.collect::<Result<_, _>>()?,
            sealed,
        })
    }
}

impl Db {
    /// Writes a file, its catalogue entry and (if given) a history entry in one
    /// transaction; see [`Commit`] for the other arguments.
    pub(super) async fn write_file(
        &self,
        customer: Customer,
        history: Option<HistoryEntry>,
        allocate_number: Option<(String, i32)>,
        expected_revision: Option<u32>,
        draft_key: Option<String>,
    ) -> Result<Customer, StoreError> {
        let seal = customer.secret.is_sealed();
        if seal {
            // Refuse before opening the transaction rather than midway.
            self.key()?;
        }
        let stores = [
            schema::CUSTOMERS,
            schema::CATALOGUE_PAGES,
            schema::HISTORY,
            schema::DRAFTS,
            schema::META,
            schema::VISIT_BOOKS,
            schema::COMPLAINTS,
        ];
        let tx = self
            .database()
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(schema::CUSTOMERS)?;

        let stored: Option<Stored<Customer>> = customers.get(customer.id.as_str()).serde()?.await?;
        let was_sealed = stored.as_ref().map(Stored::is_sealed);
        let stored_revision = stored.map(|s| match s {
            Stored::Sealed(env) => env.revision,
            Stored::Plain(c) => c.revision,
        });
        if stored_revision != expected_revision {
            return Err(StoreError::Conflict);
        }
        let mut customer = customer;
        if let Some((rep, year)) = &allocate_number {
            let meta = tx.object_store(schema::META)?;
            let key = archive_no::sequence_key(rep, *year);
            let last: Option<MetaEntry<u32>> = meta.get(key.as_str()).serde()?.await?;
            let next =
                archive_no::next(last.map(|e| e.value)).ok_or_else(|| sequence_exhausted(&key))?;
            customer.archive_no = archive_no::format(rep, *year, next);
            meta.put(MetaEntry { key, value: next }).serde()?.await?;
        }
        let record = self.to_stored(
            seal,
            schema::CUSTOMERS,
            &customer.id,
            customer.revision,
            Keys::default(),
            &customer,
        )?;
        customers.put(&record).serde()?.await?;
        // A duplicate archive number fails here, on the unique index, and rolls back all.
        let catalogue = tx.object_store(schema::CATALOGUE_PAGES)?;
        let mut pages = Pages::around(&catalogue, &customer.id).await?;
        pages.set(&CatalogueEntry::stored(&customer))?;
        for written in pages.write(&catalogue)? {
            written.await?;
        }
        let history_store = tx.object_store(schema::HISTORY)?;
        if let Some(h) = &history {
            let record =
                self.to_stored(seal, schema::HISTORY, &h.id, h.revision, history_keys(h), h)?;
            history_store.put(&record).serde()?.await?;
        }
        let drafts = tx.object_store(schema::DRAFTS)?;
        let relevelled = was_sealed.is_some_and(|was| was != seal);
        if relevelled {
            let visits = tx.object_store(schema::VISIT_BOOKS)?;
            let complaints = tx.object_store(schema::COMPLAINTS)?;
            self.reseal_records(
                &history_store,
                &visits,
                &complaints,
                &drafts,
                &customer.id,
                seal,
            )
            .await?;
        }
        if let Some(key) = &draft_key {
            drafts.delete(key.as_str()).await?;
        }
        let own_draft = crate::core::store::draft_key(&customer.id);
        if !relevelled && draft_key.as_deref() != Some(own_draft.as_str()) {
            // A draft of this file left open elsewhere follows the file's level.
            self.reseal_draft(&drafts, &customer.id, seal).await?;
        }
        tx.commit().await?;
        Ok(customer)
    }

    /// Rewrites a file's history, visits (`visits` is [`schema::VISIT_BOOKS`], whose
    /// books hold the visit drafts too), complaints and edit draft sealed (or open),
    /// after its level changed; within the caller's transaction.
    pub(super) async fn reseal_records(
        &self,
        history: &ObjectStore<'_>,
        visits: &ObjectStore<'_>,
        complaints: &ObjectStore<'_>,
        drafts: &ObjectStore<'_>,
        customer_id: &str,
        seal: bool,
    ) -> Result<(), StoreError> {
        self.reseal_draft(drafts, customer_id, seal).await?;
        self.reseal_all(
            history,
            schema::HISTORY,
            schema::HISTORY_BY_CUSTOMER,
            customer_id,
            seal,
            |h: &HistoryEntry| (h.id.clone(), h.revision, history_keys(h)),
        )
        .await?;
        self.reseal_book(visits, customer_id, seal).await?;
        self.reseal_all(
            complaints,
            schema::COMPLAINTS,
            schema::COMPLAINTS_BY_CUSTOMER,
            customer_id,
            seal,
            |c: &Complaint| (c.id.clone(), 0, complaint_keys(c)),
        )
        .await
    }

    /// Rewrites the draft of an edit of file `customer_id` ([`schema::DRAFTS`], under
    /// [`crate::core::store::draft_key`]), if one is open, sealed (or open); within the
    /// caller's transaction. A draft already as `seal` says is left alone.
    async fn reseal_draft(
        &self,
        drafts: &ObjectStore<'_>,
        customer_id: &str,
        seal: bool,
    ) -> Result<(), StoreError> {
        let key = crate::core::store::draft_key(customer_id);
        let draft: Option<Stored<CustomerDraft>> = drafts.get(key.as_str()).serde()?.await?;
        let Some(draft) = draft.filter(|d| d.is_sealed() != seal) else {
            return Ok(());
        };
        let draft = self.open_stored(schema::DRAFTS, draft)?;
        let record = self.to_stored(seal, schema::DRAFTS, &key, 0, Keys::default(), &draft)?;
        drafts.put(&record).with_key(key.clone()).serde()?.await?;
        Ok(())
    }

    /// Rewrites every record of `store` that belongs to `customer_id`, sealed or open.
    async fn reseal_all<T: Serialize + DeserializeOwned + Clone>(
        &self,
        store: &ObjectStore<'_>,
        name: &str,
        index: &str,
        customer_id: &str,
        seal: bool,
        keys: impl Fn(&T) -> (String, u32, Keys),
    ) -> Result<(), StoreError> {
        let all = store
            .index(index)?
            .get_all()
            .with_query(customer_id)
            .serde()?
            .await?;
        let all = all.collect::<Result<Vec<Stored<T>>, _>>()?;
        for stored in all {
            let value: T = self.open_stored(name, stored)?;
            let (id, revision, keys) = keys(&value);
            let record = self.to_stored(seal, name, &id, revision, keys, &value)?;
            store.put(&record).serde()?.await?;
        }
        Ok(())
    }

    /// Writes files, their catalogue entries and their visits (new books: `visits` are
    /// all of these files' visits) as they are, in one
    /// transaction, sealing those of confidential files: a bulk load (benchmarks, demo
    /// data). Writes are not awaited one by one; any failure aborts them all.
    pub async fn put_files(&self, files: &[Customer], visits: &[Visit]) -> Result<(), StoreError> {
        let sealed: std::collections::HashSet<&str> = files
            .iter()
            .filter(|c| c.secret.is_sealed())
            .map(|c| c.id.as_str())
            .collect();
        if !sealed.is_empty() {
            self.key()?;
        }
        let tx = self
            .database()
            .transaction([
                schema::CUSTOMERS,
                schema::CATALOGUE_PAGES,
                schema::VISIT_BOOKS,
            ])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let catalogue = tx.object_store(schema::CATALOGUE_PAGES)?;
        let books = tx.object_store(schema::VISIT_BOOKS)?;
        let mut pages = Pages::all(&catalogue).await?;
        for c in files {
            self.put_file(&customers, &mut pages, c, sealed.contains(c.id.as_str()))?;
        }
        for written in pages.write(&catalogue)? {
            drop(written);
        }
        let mut by_file: std::collections::BTreeMap<&str, Book> = Default::default();
        for v in visits {
            let seal = sealed.contains(v.customer_id.as_str());
            by_file
                .entry(v.customer_id.as_str())
                .or_insert_with_key(|id| Book::new(id))
                .set(self.visit_item(seal, v)?);
        }
        for book in by_file.values() {
            drop(book.write(&books)?);
        }
        tx.commit().await?;
        Ok(())
    }

    /// A file with its history, visits and complaints, as its page shows them: one
    /// transaction whose requests (those four, and the catalogue page that says whether
    /// they must be sealed) are all issued before any is awaited (four transactions one
    /// after another took twice as long).
    pub async fn file_with_records(&self, id: &str) -> Result<Option<FileRecords>, StoreError> {
        let tx = self.database().transaction(FILE_READ).build()?;
        let stored = StoredFile::read(&tx, id).await?;
        super::db::end_read(tx);
        self.open_file(stored)
    }

    /// What [`StoredFile::read`] found, opened and in the page's order. A plain record
    /// where the catalogue or the file's own envelope says it must be sealed is refused
    /// ([`Stored::checked`]).
    pub(super) fn open_file(&self, stored: StoredFile) -> Result<Option<FileRecords>, StoreError> {
        let Some(customer) = stored.customer else {
            return Ok(None);
        };
        let sealed = stored.sealed || customer.is_sealed();
        let customer = self.open_checked(schema::CUSTOMERS, customer, sealed)?;
        let mut history = self.open_all_checked(schema::HISTORY, stored.history, sealed)?;
        history.sort_by_key(|h| (h.at, h.revision));
        let visits = match stored.book {
            Some(book) => book
                .items
                .iter()
                .map(Item::stored)
                .collect::<Result<Vec<Stored<Visit>>, _>>()?,
            None => Vec::new(),
        };
        let mut visits = self.open_all_checked(schema::VISITS, visits, sealed)?;
        crate::core::store::newest_first(&mut visits);
        let mut complaints =
            self.open_all_checked(schema::COMPLAINTS, stored.complaints, sealed)?;
        complaints.sort_by_key(|c| std::cmp::Reverse((c.received_on, c.created_at)));
        Ok(Some(FileRecords {
            customer,
            history,
            visits,
            complaints,
        }))
    }

    /// Every file, opened (sealed ones left out while locked). A plain file where the
    /// catalogue holds a sealed one refuses the whole as [`StoreError::Tampered`]
    /// ([`Stored::is_forged`]): its callers (the list's exports) show the error.
    pub async fn all_customers(&self) -> Result<Vec<Customer>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::CUSTOMERS, schema::CATALOGUE_PAGES])
            .build()?;
        let pages = tx.object_store(schema::CATALOGUE_PAGES)?;
        let sealed_files = read_sealed_files(&pages)?;
        let all = tx
            .object_store(schema::CUSTOMERS)?
            .get_all()
            .serde()?
            .await?;
        let all = all.collect::<Result<Vec<Stored<Customer>>, _>>()?;
        let sealed_files = sealed_files.await?;
        tx.commit().await?;
        if all.iter().any(|s| s.is_forged(&sealed_files, |c| &c.id)) {
            return Err(StoreError::Tampered);
        }
        self.open_all(schema::CUSTOMERS, all)
    }

    /// Puts a file into the open store of a readwrite transaction, sealed when `seal`,
    /// and its catalogue entry into `pages` (redacted when the file's level calls for
    /// it), which the caller writes once all are set. The file's request is not
    /// awaited; the commit is.
    pub(super) fn put_file(
        &self,
        customers: &ObjectStore<'_>,
        pages: &mut Pages,
        c: &Customer,
        seal: bool,
    ) -> Result<(), StoreError> {
        let record = self.to_stored(
            seal,
            schema::CUSTOMERS,
            &c.id,
            c.revision,
            Keys::default(),
            c,
        )?;
        let _put = customers.put(&record).serde()?;
        pages.set(&CatalogueEntry::stored(c))
    }

    /// Whether the file `customer_id` is stored sealed (false if there is none).
    pub(super) async fn is_file_sealed(
        &self,
        customers: &ObjectStore<'_>,
        customer_id: &str,
    ) -> Result<bool, StoreError> {
        let stored: Option<Stored<serde::de::IgnoredAny>> =
            customers.get(customer_id).serde()?.await?;
        Ok(stored.is_some_and(|s| s.is_sealed()))
    }
}

impl CustomerStore for Db {
    async fn customer(&self, id: &str) -> Result<Option<Customer>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::CUSTOMERS, schema::CATALOGUE_PAGES])
            .build()?;
        let found = tx.object_store(schema::CUSTOMERS)?.get(id).serde()?;
        let sealed = file_stored_sealed(&tx.object_store(schema::CATALOGUE_PAGES)?, id).await?;
        let found: Option<Stored<Customer>> = found.await?;
        tx.commit().await?;
        found
            .map(|s| self.open_checked(schema::CUSTOMERS, s, sealed))
            .transpose()
    }

    async fn catalogue(&self) -> Result<Vec<CatalogueEntry>, StoreError> {
        // One getAll of every page: a cursor over 10,000 records is two orders of
        // magnitude slower.
        self.catalogue_where(|_| true).await
    }

    async fn history(&self, customer_id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::HISTORY, schema::CATALOGUE_PAGES])
            .build()?;
        let store = tx.object_store(schema::HISTORY)?;
        let index = store.index(schema::HISTORY_BY_CUSTOMER)?;
        let entries = index.get_all().with_query(customer_id).serde()?;
        let pages = tx.object_store(schema::CATALOGUE_PAGES)?;
        let sealed = file_stored_sealed(&pages, customer_id).await?;
        let entries = entries.await?;
        let entries = entries.collect::<Result<Vec<Stored<HistoryEntry>>, _>>()?;
        tx.commit().await?;
        let mut entries = entries
            .into_iter()
            .map(|s| self.open_checked(schema::HISTORY, s, sealed))
            .collect::<Result<Vec<_>, _>>()?;
        entries.sort_by_key(|h| (h.at, h.revision));
        Ok(entries)
    }

    async fn commit(&self, commit: Commit) -> Result<Customer, StoreError> {
        self.write_file(
            commit.customer,
            Some(commit.history),
            commit.allocate_number,
            commit.expected_revision,
            commit.draft_key,
        )
        .await
    }

    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError> {
        let tx = self.database().transaction(schema::DRAFTS).build()?;
        let draft: Option<Stored<CustomerDraft>> =
            tx.object_store(schema::DRAFTS)?.get(key).serde()?.await?;
        tx.commit().await?;
        draft
            .map(|d| self.open_stored(schema::DRAFTS, d))
            .transpose()
    }

    async fn put_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction([schema::DRAFTS, schema::CUSTOMERS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(schema::CUSTOMERS)?;
        // Sealed if the form says so, or if the file being edited is sealed. A new
        // file's draft is sealed whenever the vault is open, since its level is often
        // chosen only after the name and notes are typed.
        let new_file = draft.customer.id.is_empty();
        let seal = draft.customer.secret.is_sealed()
            || (new_file && self.is_unlocked())
            || self.is_file_sealed(&customers, &draft.customer.id).await?;
        let record = self.to_stored(seal, schema::DRAFTS, key, 0, Keys::default(), draft)?;
        tx.object_store(schema::DRAFTS)?
            .put(&record)
            .with_key(key.to_owned())
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_draft(&self, key: &str) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::DRAFTS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(schema::DRAFTS)?.delete(key).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl Db {
    /// Writes imported files and their history in one transaction, sealing those at 秘密
    /// and above (so the vault must be open for them), and numbering those without an
    /// archive number from `rep`'s sequence for `year`, after the numbers the others
    /// carry ([`learn_archive_numbers`]). Any failure (a locked vault, a duplicate
    /// archive number, a full disk) writes none of them.
    pub async fn import_files(
        &self,
        files: Vec<(Customer, HistoryEntry)>,
        rep: &str,
        year: i32,
    ) -> Result<Vec<Customer>, StoreError> {
        self.import_files_with(files, rep, year, &Steps::none())
            .await
    }

    /// [`Db::import_files`], telling `steps` how many files are written; a cancel
    /// before the commit drops the transaction: nothing is written.
    pub async fn import_files_with(
        &self,
        files: Vec<(Customer, HistoryEntry)>,
        rep: &str,
        year: i32,
        steps: &Steps<'_>,
    ) -> Result<Vec<Customer>, StoreError> {
        if files.iter().any(|(c, _)| c.secret.is_sealed()) {
            // Rows at 秘密 and above are sealed like any such file: refuse while locked.
            self.key()?;
        }
        let tx = self
            .database()
            .transaction([
                schema::CUSTOMERS,
                schema::CATALOGUE_PAGES,
                schema::HISTORY,
                schema::META,
            ])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        // Rows that carry numbers of this device's own counters move them first, so the
        // rows without one are numbered after them.
        let carried = files.iter().map(|(c, _)| c.archive_no.as_str());
        learn_archive_numbers(&meta, carried).await?;
        let key = archive_no::sequence_key(rep, year);
        let last: Option<MetaEntry<u32>> = meta.get(key.as_str()).serde()?.await?;
        let mut last = last.map(|e| e.value);
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let catalogue = tx.object_store(schema::CATALOGUE_PAGES)?;
        let history = tx.object_store(schema::HISTORY)?;
        let mut pages = Pages::all(&catalogue).await?;
        let total = files.len();
        let mut written = Vec::with_capacity(total);
        steps.step(Phase::Writing, 0, total)?;
        for (mut c, h) in files {
            let done = written.len();
            if done > 0 && done.is_multiple_of(250) {
                // Once the writes before are done (a read answers after them): the count
                // is true, and a cancel gets in.
                customers
                    .get_key(c.id.as_str())
                    .with_key_type::<String>()
                    .primitive()?
                    .await?;
                steps.step(Phase::Writing, done, total)?;
            }
            if c.archive_no.trim().is_empty() {
                let next = archive_no::next(last).ok_or_else(|| sequence_exhausted(&key))?;
                c.archive_no = archive_no::format(rep, year, next);
                last = Some(next);
            }
            let seal = c.secret.is_sealed();
            self.put_file(&customers, &mut pages, &c, seal)?;
            let record = self.to_stored(
                seal,
                schema::HISTORY,
                &h.id,
                h.revision,
                history_keys(&h),
                &h,
            )?;
            let _put = history.put(&record).serde()?;
            written.push(c);
        }
        for written in pages.write(&catalogue)? {
            drop(written);
        }
        if let Some(value) = last {
            meta.put(MetaEntry { key, value }).serde()?.await?;
        }
        customers.count().primitive()?.await?;
        steps.step(Phase::Writing, total, total)?;
        steps.step(Phase::Committing, 0, 0)?;
        tx.commit().await?;
        Ok(written)
    }
}

/// Moves this device's archive number counters past `numbers` (files it learned from a
/// bundle, a backup or a spreadsheet), so it never hands one of them out again: each
/// counter concerned is read and raised to the highest of them, never lowered. Runs in
/// the caller's readwrite transaction over [`schema::META`], whose commit keeps it.
pub(crate) async fn learn_archive_numbers(
    meta: &ObjectStore<'_>,
    numbers: impl Iterator<Item = &str>,
) -> Result<(), StoreError> {
    for (key, seen) in archive_no::highest_sequences(numbers) {
        let current: Option<MetaEntry<u32>> = meta.get(key.as_str()).serde()?.await?;
        if let Some(value) = archive_no::raised(current.map(|e| e.value), seen) {
            meta.put(MetaEntry { key, value }).serde()?.await?;
        }
    }
    Ok(())
}
