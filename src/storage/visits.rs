//! [`Db`] as the app's [`VisitStore`]: visit-call records, drafts and submitted.
//!
//! Since schema V8 a file's visits live together in one record of
//! [`schema::VISIT_BOOKS`], its [`Book`], keyed by the file. IndexedDB's cost is per
//! record far more than per byte: a bundle's 50,000 visits of 10,000 files are 10,000
//! records instead of 50,000 (`docs/PERFORMANCE.md`). Each visit inside is the record it
//! was before: plain, or sealed like its file under its own name ([`schema::VISITS`] and
//! its id), so the move out of the V3 store ([`Db::move_visits_into_books`]) needs no
//! key. In the clear a book carries only what the V3 envelopes did: its file, its
//! visits' ids and which are drafts, for its two multi-entry indexes.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use super::Db;
use super::catalogue::{file_stored_sealed, read_sealed_files};
use super::customers::{FILE_READ, FileRecords, StoredFile, status_key, visit_keys};
use super::schema;
use super::sealed::Stored;
use crate::core::store::{StoreError, VisitStore, newest_first};
use crate::core::visit::model::{Amendment, Visit, VisitStatus};

/// One file's visits as its record in [`schema::VISIT_BOOKS`] holds them.
pub(super) struct Book {
    pub customer_id: String,
    pub items: Vec<Item>,
}

/// A book's write, issued: awaiting it says whether it succeeded.
pub(super) type Written =
    std::pin::Pin<Box<dyn std::future::Future<Output = indexed_db_futures::Result<()>>>>;

/// One visit in a [`Book`]: the stored value as it is (plain or sealed), and what the
/// book's indexes need of it.
#[derive(Clone)]
pub(super) struct Item {
    pub id: String,
    pub draft: bool,
    pub value: JsValue,
}

/// The string property `key` of a stored record, if it has one.
pub(super) fn text(value: &JsValue, key: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("visit book: {what}"))
}

impl Book {
    pub fn new(customer_id: &str) -> Book {
        Book {
            customer_id: customer_id.to_owned(),
            items: Vec::new(),
        }
    }

    /// Reads a book as IndexedDB returned it, without opening any visit.
    pub fn from_js(value: &JsValue) -> Result<Book, StoreError> {
        let customer_id = text(value, schema::VISIT_BOOKS_KEY).ok_or_else(|| corrupt("no file"))?;
        let visits =
            Reflect::get(value, &JsValue::from_str("visits")).map_err(|_| corrupt("no visits"))?;
        if !Array::is_array(&visits) {
            return Err(corrupt("no visits"));
        }
        let items = Array::from(&visits)
            .iter()
            .map(Item::from_js)
            .collect::<Result<_, _>>()?;
        Ok(Book { customer_id, items })
    }

    /// The record to store. Its `visit_ids` and `draft_ids` feed the store's
    /// multi-entry indexes (a book without drafts has no entry in the second).
    pub fn to_js(&self) -> JsValue {
        let ids = |draft_only: bool| {
            self.items
                .iter()
                .filter(|i| !draft_only || i.draft)
                .map(|i| JsValue::from_str(&i.id))
                .collect::<Array>()
        };
        let record = Object::new();
        let set = |key: &str, value: &JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&record, &JsValue::from_str(key), value);
        };
        set(
            schema::VISIT_BOOKS_KEY,
            &JsValue::from_str(&self.customer_id),
        );
        set(schema::VISIT_BOOKS_BY_VISIT, &ids(false));
        set(schema::VISIT_BOOKS_WITH_DRAFTS, &ids(true));
        set(
            "visits",
            &self
                .items
                .iter()
                .map(|i| i.value.clone())
                .collect::<Array>(),
        );
        record.into()
    }

    pub fn get(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Puts `item` in place of the visit of the same id, or adds it.
    pub fn set(&mut self, item: Item) {
        match self.items.iter_mut().find(|i| i.id == item.id) {
            Some(slot) => *slot = item,
            None => self.items.push(item),
        }
    }

    pub fn remove(&mut self, id: &str) {
        self.items.retain(|i| i.id != id);
    }

    /// Writes this book into `store` (deletes it once it holds no visit). The request
    /// is issued now; await the result to see it done, or let the commit report it.
    pub fn write(&self, store: &ObjectStore<'_>) -> Result<Written, StoreError> {
        Ok(if self.items.is_empty() {
            Box::pin(store.delete(self.customer_id.as_str()).primitive()?)
        } else {
            Box::pin(store.put(self.to_js()).primitive()?)
        })
    }
}

impl Item {
    /// A stored visit (plain or an envelope) as a book holds it.
    pub fn from_js(value: JsValue) -> Result<Item, StoreError> {
        let id = text(&value, schema::ID).ok_or_else(|| corrupt("a visit without id"))?;
        // Plain visits and envelopes both carry the status by this name.
        let draft = text(&value, "status").as_deref() == Some(status_key(VisitStatus::Draft));
        Ok(Item { id, draft, value })
    }

    /// The stored record, to open (or peek into) as `T`.
    pub fn stored<T: DeserializeOwned>(&self) -> Result<Stored<T>, StoreError> {
        serde_wasm_bindgen::from_value(self.value.clone()).map_err(corrupt)
    }
}

/// Every visit in `books` (as IndexedDB returned them), as stored, read as `T`. A book
/// without a sealed visit goes through one `JSON.stringify` whole rather than one per
/// visit (bytes, which JSON would not keep, are only in sealed ones).
pub(super) fn stored_visits<T: DeserializeOwned>(
    books: &[JsValue],
) -> Result<Vec<Stored<T>>, StoreError> {
    #[derive(serde::Deserialize)]
    struct Visits<T> {
        visits: Vec<T>,
    }
    let (sealed, visits) = (JsValue::from_str("sealed"), JsValue::from_str("visits"));
    let mut all = Vec::with_capacity(books.len() * 5);
    for book in books {
        let items = Reflect::get(book, &visits).map_err(|_| corrupt("no visits"))?;
        if !Array::is_array(&items) {
            return Err(corrupt("no visits"));
        }
        let items = Array::from(&items);
        let any_sealed = items
            .iter()
            .any(|i| Reflect::get(&i, &sealed).is_ok_and(|s| !s.is_undefined()));
        if any_sealed {
            for item in items.iter() {
                all.push(serde_wasm_bindgen::from_value(item).map_err(corrupt)?);
            }
        } else {
            let text = js_sys::JSON::stringify(book).map_err(|_| corrupt("JSON.stringify"))?;
            let book: Visits<T> = serde_json::from_str(&String::from(text)).map_err(corrupt)?;
            all.extend(book.visits.into_iter().map(Stored::Plain));
        }
    }
    Ok(all)
}

/// The books in `store` of these ids, read together (all requests issued first).
pub(super) async fn books_of(
    store: &ObjectStore<'_>,
    ids: &[&str],
) -> Result<Vec<Book>, StoreError> {
    let requests = ids
        .iter()
        .map(|id| store.get::<JsValue, _, _>(*id).primitive())
        .collect::<Result<Vec<_>, _>>()?;
    let mut books = Vec::new();
    for request in requests {
        if let Some(found) = request.await? {
            books.push(Book::from_js(&found)?);
        }
    }
    Ok(books)
}

/// The book of file `customer_id` in `store`, an empty one if it has no visit yet.
pub(super) async fn book(store: &ObjectStore<'_>, customer_id: &str) -> Result<Book, StoreError> {
    Ok(books_of(store, &[customer_id])
        .await?
        .pop()
        .unwrap_or_else(|| Book::new(customer_id)))
}

/// The book in `store` that holds visit `id`, found by its index.
async fn book_holding(store: &ObjectStore<'_>, id: &str) -> Result<Option<Book>, StoreError> {
    let found: Option<JsValue> = store
        .index(schema::VISIT_BOOKS_BY_VISIT)?
        .get::<JsValue, _, _>(id)
        .primitive()?
        .await?;
    found.as_ref().map(Book::from_js).transpose()
}

/// Every book in `store`, as stored.
pub(super) async fn every_book(store: &ObjectStore<'_>) -> Result<Vec<Book>, StoreError> {
    every_book_value(store)
        .await?
        .iter()
        .map(Book::from_js)
        .collect()
}

/// Every book in `store`, as IndexedDB returns them.
async fn every_book_value(store: &ObjectStore<'_>) -> Result<Vec<JsValue>, StoreError> {
    Ok(store
        .get_all::<JsValue>()
        .primitive()?
        .await?
        .collect::<Result<_, _>>()?)
}

impl Db {
    /// `visit` as a book holds it: sealed when `seal`.
    pub(super) fn visit_item(&self, seal: bool, visit: &Visit) -> Result<Item, StoreError> {
        let stored =
            self.to_stored(seal, schema::VISITS, &visit.id, 0, visit_keys(visit), visit)?;
        let value = stored
            .serialize(&serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true))
            .map_err(corrupt)?;
        Ok(Item {
            id: visit.id.clone(),
            draft: visit.status == VisitStatus::Draft,
            value,
        })
    }

    /// The visit `item` holds, opened.
    pub(super) fn open_item(&self, item: &Item) -> Result<Visit, StoreError> {
        self.open_stored(schema::VISITS, item.stored()?)
    }

    /// Rewrites every visit of `book` sealed (or open) and stores it: its file's level
    /// changed. Within the caller's transaction.
    pub(super) async fn reseal_book(
        &self,
        store: &ObjectStore<'_>,
        customer_id: &str,
        seal: bool,
    ) -> Result<(), StoreError> {
        let mut book = book(store, customer_id).await?;
        for item in &mut book.items {
            let visit = self.open_item(item)?;
            *item = self.visit_item(seal, &visit)?;
        }
        Ok(book.write(store)?.await?)
    }

    /// Moves the visits of the V3 store, one record each, into their files' books, in
    /// one transaction, and empties that store. Runs when the database opens (and after
    /// a backup of an older build is restored); does nothing once it is empty.
    pub(super) async fn move_visits_into_books(&self) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction([schema::VISITS, schema::VISIT_BOOKS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let old = tx.object_store(schema::VISITS)?;
        if old.count().primitive()?.await? == 0 {
            return Ok(());
        }
        let books = tx.object_store(schema::VISIT_BOOKS)?;
        let mut by_file: std::collections::BTreeMap<String, Book> = every_book(&books)
            .await?
            .into_iter()
            .map(|b| (b.customer_id.clone(), b))
            .collect();
        let visits: Vec<JsValue> = old
            .get_all::<JsValue>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        for value in visits {
            let customer_id = text(&value, schema::VISITS_BY_CUSTOMER)
                .ok_or_else(|| corrupt("a visit without its file"))?;
            by_file
                .entry(customer_id)
                .or_insert_with_key(|id| Book::new(id))
                .set(Item::from_js(value)?);
        }
        for book in by_file.values() {
            drop(book.write(&books)?);
        }
        old.clear()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reads the book holding visit `id` (or the book of `customer_id` when given), lets
    /// `change` decide what to store instead of the visit, and stores it, sealed if its
    /// file is, in one transaction.
    async fn change_visit(
        &self,
        id: &str,
        customer_id: Option<&str>,
        change: impl FnOnce(Option<Visit>) -> Result<Visit, StoreError>,
    ) -> Result<Visit, StoreError> {
        let tx = self
            .database()
            .transaction([schema::VISIT_BOOKS, schema::CUSTOMERS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISIT_BOOKS)?;
        let mut book = match customer_id {
            Some(customer_id) => book(&store, customer_id).await?,
            None => book_holding(&store, id)
                .await?
                .ok_or_else(|| corrupt(format!("no visit {id}")))?,
        };
        let stored = book.get(id).map(|i| self.open_item(i)).transpose()?;
        let visit = change(stored)?;
        if visit.customer_id != book.customer_id {
            return Err(corrupt(format!(
                "visit {id} is not of {}",
                book.customer_id
            )));
        }
        let seal = self
            .is_file_sealed(&tx.object_store(schema::CUSTOMERS)?, &visit.customer_id)
            .await?;
        book.set(self.visit_item(seal, &visit)?);
        book.write(&store)?.await?;
        tx.commit().await?;
        Ok(visit)
    }

    /// Writes `visit` unless the stored one is already submitted, in one transaction so
    /// a late autosave can never overwrite a submitted visit.
    async fn write_visit_unless_final(&self, visit: &Visit) -> Result<(), StoreError> {
        self.change_visit(&visit.id, Some(&visit.customer_id), |stored| {
            if stored.is_some_and(|v| v.status == VisitStatus::Submitted) {
                return Err(StoreError::VisitFinal);
            }
            Ok(visit.clone())
        })
        .await
        .map(drop)
    }

    /// Submits `visit` as [`VisitStore::submit_visit`] does, and reads its file back in
    /// the same transaction: the file's page after a save, without a read of its own.
    /// The records are `None` if they cannot be opened (the vault locked meanwhile, the
    /// file destroyed in another tab); the visit is stored all the same.
    pub async fn submit_visit_reading_file(
        &self,
        visit: &Visit,
    ) -> Result<Option<FileRecords>, StoreError> {
        let file = self.submit_in_file(visit).await?;
        Ok(self.open_file(file).ok().flatten())
    }

    /// Stores `visit` unless the stored one is already submitted, in one transaction
    /// over its file's records, which it returns as they are after the write. The file's
    /// four reads go out together (the book's, which the write needs, among them).
    async fn submit_in_file(&self, visit: &Visit) -> Result<StoredFile, StoreError> {
        let tx = self
            .database()
            .transaction(FILE_READ)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut file = StoredFile::read(&tx, &visit.customer_id).await?;
        let book = file
            .book
            .get_or_insert_with(|| Book::new(&visit.customer_id));
        // The status is readable without opening a sealed visit.
        if book.get(&visit.id).is_some_and(|i| !i.draft) {
            return Err(StoreError::VisitFinal);
        }
        // Sealed if the catalogue says so too: a plain copy in the file's place does not
        // make its new visit plain.
        let seal = file.sealed || file.customer.as_ref().is_some_and(Stored::is_sealed);
        book.set(self.visit_item(seal, visit)?);
        book.write(&tx.object_store(schema::VISIT_BOOKS)?)?.await?;
        tx.commit().await?;
        Ok(file)
    }

    /// Every visit in `books` whose status is `status`, opened (sealed ones left out
    /// while locked). A plain visit of a file the catalogue holds as sealed
    /// (`sealed_files`) is left out too ([`Stored::is_forged`]): the lists' callers
    /// show an error as an empty list, and one forged visit must not empty the agenda.
    fn visits_in(
        &self,
        books: &[JsValue],
        status: VisitStatus,
        sealed_files: &HashSet<String>,
    ) -> Result<Vec<Visit>, StoreError> {
        let mut stored: Vec<Stored<Visit>> = stored_visits(books)?;
        stored.retain(|s| !s.is_forged(sealed_files, |v| &v.customer_id));
        let mut visits: Vec<Visit> = self.open_all(schema::VISITS, stored)?;
        visits.retain(|v| v.status == status);
        newest_first(&mut visits);
        Ok(visits)
    }
}

impl VisitStore for Db {
    async fn visit(&self, id: &str) -> Result<Option<Visit>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::VISIT_BOOKS, schema::CATALOGUE_PAGES])
            .build()?;
        let Some(book) = book_holding(&tx.object_store(schema::VISIT_BOOKS)?, id).await? else {
            return Ok(None);
        };
        let pages = tx.object_store(schema::CATALOGUE_PAGES)?;
        let sealed = file_stored_sealed(&pages, &book.customer_id).await?;
        tx.commit().await?;
        book.get(id)
            .map(|i| self.open_checked(schema::VISITS, i.stored()?, sealed))
            .transpose()
    }

    async fn put_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        self.write_visit_unless_final(visit).await
    }

    async fn submit_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        self.submit_in_file(visit).await.map(drop)
    }

    async fn set_follow_up_done(
        &self,
        visit_id: &str,
        index: usize,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        self.change_visit(visit_id, None, |stored| {
            let mut visit =
                stored.ok_or_else(|| StoreError::Corrupt(format!("no visit {visit_id}")))?;
            let follow_up = visit.follow_ups.get_mut(index).ok_or_else(|| {
                StoreError::Corrupt(format!("no follow-up {index} in visit {visit_id}"))
            })?;
            follow_up.done_at = at;
            Ok(visit)
        })
        .await
        .map(drop)
    }

    async fn amend_visit(&self, visit_id: &str, amendment: Amendment) -> Result<Visit, StoreError> {
        self.change_visit(visit_id, None, |stored| {
            let mut visit = stored
                .filter(|v| v.status == VisitStatus::Submitted)
                .ok_or_else(|| StoreError::Corrupt(format!("no submitted visit {visit_id}")))?;
            visit.amendments.push(amendment);
            Ok(visit)
        })
        .await
    }

    async fn discard_visit(&self, id: &str) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::VISIT_BOOKS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISIT_BOOKS)?;
        let Some(mut book) = book_holding(&store, id).await? else {
            return Ok(());
        };
        // The status is readable without opening a sealed visit.
        if book.get(id).is_some_and(|i| !i.draft) {
            return Err(StoreError::VisitFinal);
        }
        book.remove(id);
        book.write(&store)?.await?;
        tx.commit().await?;
        Ok(())
    }

    async fn visits_for(&self, customer_id: &str) -> Result<Vec<Visit>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::VISIT_BOOKS, schema::CATALOGUE_PAGES])
            .build()?;
        let book = book(&tx.object_store(schema::VISIT_BOOKS)?, customer_id).await?;
        let pages = tx.object_store(schema::CATALOGUE_PAGES)?;
        let sealed = file_stored_sealed(&pages, customer_id).await?;
        tx.commit().await?;
        // One file's visits: all of them, or Locked (or Tampered).
        let mut visits = book
            .items
            .iter()
            .map(|i| self.open_checked(schema::VISITS, i.stored()?, sealed))
            .collect::<Result<Vec<_>, _>>()?;
        newest_first(&mut visits);
        Ok(visits)
    }

    async fn visits_with(&self, status: VisitStatus) -> Result<Vec<Visit>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::VISIT_BOOKS, schema::CATALOGUE_PAGES])
            .build()?;
        let pages = tx.object_store(schema::CATALOGUE_PAGES)?;
        let sealed_files = read_sealed_files(&pages)?;
        let store = tx.object_store(schema::VISIT_BOOKS)?;
        let books = match status {
            // Only the books with drafts, by their index (one entry per draft).
            VisitStatus::Draft => {
                let found: Vec<JsValue> = store
                    .index(schema::VISIT_BOOKS_WITH_DRAFTS)?
                    .get_all::<JsValue>()
                    .primitive()?
                    .await?
                    .collect::<Result<_, _>>()?;
                let mut books = found
                    .into_iter()
                    .map(|b| Ok((Book::from_js(&b)?.customer_id, b)))
                    .collect::<Result<Vec<_>, StoreError>>()?;
                books.sort_by(|a, b| a.0.cmp(&b.0));
                books.dedup_by(|a, b| a.0 == b.0);
                books.into_iter().map(|(_, b)| b).collect()
            }
            VisitStatus::Submitted => every_book_value(&store).await?,
        };
        let sealed_files = sealed_files.await?;
        tx.commit().await?;
        // Lists across files show what they can; sealed visits wait for the unlock.
        self.visits_in(&books, status, &sealed_files)
    }
}
