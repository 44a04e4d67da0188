//! The catalogue as stored since schema V10: its entries in pages of up to
//! [`CAPACITY`], one record per page of [`schema::CATALOGUE_PAGES`], instead of one
//! record per file.
//!
//! IndexedDB's cost is per record and per index entry far more than per byte: plain
//! JavaScript writing 10,000 catalogue entries took 1.4 – 2.1 s one record each and
//! 0.18 – 0.22 s as pages of 250 (100 here, so that a save rewrites less), and
//! reading them back 190 – 370 against 76 – 105 ms (`docs/PERFORMANCE.md`). A page carries, beside its entries as they are stored, the
//! ids and archive numbers of its entries in the same order, for its two multi-entry
//! indexes: which page holds a file, and archive numbers unique across the store. Two
//! entries of one page with the same number are refused here, since a multi-entry
//! index counts a value once per record ([`Pages::write`]).
//!
//! Every write goes through [`Pages`]: the pages a transaction needs, read once,
//! changed in memory, and the changed ones written back in the same transaction.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::Db;
use super::schema;

/// What the catalogue's entries hold: 2 since they carry the contacts' birthdays and
/// anniversaries, the direct/indirect mark and the sales by month.
pub(super) const CATALOGUE_FORMAT: u32 = 2;
use super::visits::{Written, text};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::store::StoreError;

/// Entries a page holds at most. Saving one file rewrites its page, so pages stay
/// small enough for that to cost little, and many entries to a record for bulk writes
/// and the list's read (100 pages at 10,000 files). Editing one entry in plain
/// JavaScript: a median 10.7 ms in a page of 100, 2.0 ms as a record of its own; pages
/// of 25 were no faster.
pub const CAPACITY: usize = 100;

/// The stored key of an entry's secret level, absent when the file has none.
const SECRET: &str = "secret";
/// The stored key that marks a sealed file's (redacted) entry.
const SEALED: &str = "sealed";
const ENTRIES: &str = "entries";

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("catalogue page: {what}"))
}

/// The entries of a page record as IndexedDB returned it.
fn entries_of(page: &JsValue) -> Result<Array, StoreError> {
    let entries =
        Reflect::get(page, &JsValue::from_str(ENTRIES)).map_err(|_| corrupt("no entries"))?;
    if !Array::is_array(&entries) {
        return Err(corrupt("no entries"));
    }
    Ok(Array::from(&entries))
}

/// Every entry of `pages` (records as IndexedDB returned them) that `keep` accepts,
/// decoded: one `JSON.stringify` per page, which crosses into wasm as one string
/// (serde-wasm-bindgen's calls per field took twice as long).
pub(super) fn decode(
    pages: &[JsValue],
    keep: impl Fn(&JsValue) -> bool,
) -> Result<Vec<CatalogueEntry>, StoreError> {
    let mut all = Vec::new();
    for page in pages {
        let entries: Array = entries_of(page)?.iter().filter(|e| keep(e)).collect();
        if entries.length() == 0 {
            continue;
        }
        let json = js_sys::JSON::stringify(&entries).map_err(|_| corrupt("JSON.stringify"))?;
        let decoded: Vec<CatalogueEntry> =
            serde_json::from_str(&String::from(json)).map_err(corrupt)?;
        all.extend(decoded);
    }
    Ok(all)
}

/// Whether a stored entry is of a file at a sealing level (older entries of open files
/// still say `"None"`).
pub(super) fn at_sealing_level(entry: &JsValue) -> bool {
    text(entry, SECRET).is_some_and(|level| level != "None")
}

/// Whether `page`, the record that holds file `id`'s entry (if any), holds it as a
/// sealed file's: redacted, written so in the transaction that stored the file and its
/// records sealed. A file at a sealing level that an older build left in the clear has
/// a full entry until the vault seals it, so its plain records stay readable until then.
pub(super) fn holds_sealed(page: Option<&JsValue>, id: &str) -> Result<bool, StoreError> {
    let Some(page) = page else {
        return Ok(false);
    };
    let sealed = JsValue::from_str(SEALED);
    Ok(entries_of(page)?
        .iter()
        .find(|e| text(e, schema::ID).as_deref() == Some(id))
        .is_some_and(|e| Reflect::get(&e, &sealed).is_ok_and(|s| s.as_bool() == Some(true))))
}

/// The ids of the files whose entries in `pages` (every page, as IndexedDB returned
/// them) are a sealed file's ([`holds_sealed`]): what a list checks plain records
/// against.
pub(super) fn sealed_files(pages: &[JsValue]) -> Result<HashSet<String>, StoreError> {
    let sealed = JsValue::from_str(SEALED);
    let mut ids = HashSet::new();
    for page in pages {
        for entry in entries_of(page)?.iter() {
            if Reflect::get(&entry, &sealed).is_ok_and(|s| s.as_bool() == Some(true)) {
                ids.insert(text(&entry, schema::ID).ok_or_else(|| corrupt("an entry without id"))?);
            }
        }
    }
    Ok(ids)
}

/// Reads every page within the caller's transaction over [`schema::CATALOGUE_PAGES`]
/// (100 records at 10,000 files), for [`sealed_files`]. The request is issued now, so
/// that a list's own reads go out beside it; awaiting the result gives the ids.
pub(super) fn read_sealed_files(
    store: &ObjectStore<'_>,
) -> Result<impl Future<Output = Result<HashSet<String>, StoreError>>, StoreError> {
    let pages = store.get_all::<JsValue>().primitive()?;
    Ok(async move {
        let pages: Vec<JsValue> = pages.await?.collect::<Result<_, _>>()?;
        sealed_files(&pages)
    })
}

/// Whether the catalogue says file `id` is stored sealed ([`holds_sealed`]): what a
/// read checks a plain record of the file against. Within the caller's transaction
/// over [`schema::CATALOGUE_PAGES`]; the request is issued when first awaited.
pub(super) async fn file_stored_sealed(
    store: &ObjectStore<'_>,
    id: &str,
) -> Result<bool, StoreError> {
    let page: Option<JsValue> = store
        .index(schema::CATALOGUE_PAGES_BY_ID)?
        .get::<JsValue, _, _>(id)
        .primitive()?
        .await?;
    holds_sealed(page.as_ref(), id)
}

/// One entry in a [`Page`]: its stored value and what the page's indexes need of it.
struct Slot {
    id: String,
    archive_no: String,
    value: JsValue,
}

impl Slot {
    fn from_js(value: JsValue) -> Result<Slot, StoreError> {
        Ok(Slot {
            id: text(&value, schema::ID).ok_or_else(|| corrupt("an entry without id"))?,
            archive_no: text(&value, schema::catalogue_index::ARCHIVE_NO).unwrap_or_default(),
            value,
        })
    }
}

struct Page {
    slots: Vec<Slot>,
}

impl Page {
    fn from_js(value: &JsValue) -> Result<(u32, Page), StoreError> {
        let number = Reflect::get(value, &JsValue::from_str(schema::CATALOGUE_PAGES_KEY))
            .ok()
            .and_then(|n| n.as_f64())
            .ok_or_else(|| corrupt("no number"))?;
        let slots = entries_of(value)?
            .iter()
            .map(Slot::from_js)
            .collect::<Result<_, _>>()?;
        Ok((number as u32, Page { slots }))
    }

    fn to_js(&self, number: u32) -> JsValue {
        let strings = |f: fn(&Slot) -> &str| {
            self.slots
                .iter()
                .map(|s| JsValue::from_str(f(s)))
                .collect::<Array>()
        };
        let record = Object::new();
        let set = |key: &str, value: &JsValue| {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&record, &JsValue::from_str(key), value);
        };
        set(schema::CATALOGUE_PAGES_KEY, &JsValue::from(number));
        set(schema::CATALOGUE_PAGES_BY_ID, &strings(|s| &s.id));
        set(
            schema::CATALOGUE_PAGES_BY_ARCHIVE_NO,
            &strings(|s| &s.archive_no),
        );
        set(
            ENTRIES,
            &self
                .slots
                .iter()
                .map(|s| s.value.clone())
                .collect::<Array>(),
        );
        record.into()
    }
}

/// The catalogue pages a readwrite transaction works on: read by [`Pages::all`],
/// [`Pages::around`] or [`Pages::holding`], changed by [`Pages::set`] and
/// [`Pages::remove`], and written back by [`Pages::write`].
#[derive(Default)]
pub(super) struct Pages {
    pages: BTreeMap<u32, Page>,
    /// Which page holds each entry read or set.
    at: HashMap<String, u32>,
    /// The highest page number in the store, read or new.
    last: Option<u32>,
    changed: BTreeSet<u32>,
}

impl Pages {
    fn add(&mut self, number: u32, page: Page) {
        for slot in &page.slots {
            self.at.insert(slot.id.clone(), number);
        }
        self.last = self.last.max(Some(number));
        self.pages.insert(number, page);
    }

    fn from_records(records: &[JsValue]) -> Result<Pages, StoreError> {
        let mut pages = Pages::default();
        for record in records {
            let (number, page) = Page::from_js(record)?;
            pages.add(number, page);
        }
        Ok(pages)
    }

    /// Every page of the store: for writes of many files at once.
    pub async fn all(store: &ObjectStore<'_>) -> Result<Pages, StoreError> {
        let records: Vec<JsValue> = store
            .get_all::<JsValue>()
            .await?
            .collect::<Result<_, _>>()?;
        Pages::from_records(&records)
    }

    /// The page that holds `id`, or else the last page (where a new entry goes): enough
    /// to set or remove `id`. See [`Pages::holding`].
    pub async fn around(store: &ObjectStore<'_>, id: &str) -> Result<Pages, StoreError> {
        Pages::holding(store, &[id]).await
    }

    /// The pages that hold any of `ids`, and the last page if one of them has none
    /// (where a new entry goes): enough to set or remove each of them. The last page's
    /// number is always read, so that an entry set for another file never lands on a
    /// page that was not read. All the requests are issued before any is awaited (a
    /// save waits on them).
    pub async fn holding(store: &ObjectStore<'_>, ids: &[&str]) -> Result<Pages, StoreError> {
        let by_id = store.index(schema::CATALOGUE_PAGES_BY_ID)?;
        let holding = ids
            .iter()
            .map(|id| by_id.get::<JsValue, _, _>(*id).primitive())
            .collect::<Result<Vec<_>, _>>()?;
        let numbers = store.get_all_keys::<JsValue>().primitive()?;
        let mut pages = Pages::default();
        let mut all_held = true;
        for page in holding {
            match page.await? {
                Some(page) => {
                    let (number, page) = Page::from_js(&page)?;
                    if !pages.pages.contains_key(&number) {
                        pages.add(number, page);
                    }
                }
                None => all_held = false,
            }
        }
        let numbers: Vec<JsValue> = numbers.await?.collect::<Result<_, _>>()?;
        let last = numbers
            .iter()
            .filter_map(JsValue::as_f64)
            .reduce(f64::max)
            .map(|n| n as u32);
        // A new entry goes on the last page, which is read only if one is new.
        if let Some(last) = last.filter(|n| !all_held && !pages.pages.contains_key(n))
            && let Some(page) = store.get::<JsValue, _, _>(last).primitive()?.await?
        {
            let (number, page) = Page::from_js(&page)?;
            pages.add(number, page);
        }
        pages.last = pages.last.max(last);
        Ok(pages)
    }

    /// Puts `entry` in place of the file's entry, or adds it to the last page with room.
    pub fn set(&mut self, entry: &CatalogueEntry) -> Result<(), StoreError> {
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        let value = entry.serialize(&serializer).map_err(corrupt)?;
        self.set_slot(Slot {
            id: entry.id.clone(),
            archive_no: entry.archive_no.clone(),
            value,
        });
        Ok(())
    }

    /// Puts an entry as a store holds it (moved from the V2 store unread).
    pub fn set_stored(&mut self, value: JsValue) -> Result<(), StoreError> {
        self.set_slot(Slot::from_js(value)?);
        Ok(())
    }

    fn set_slot(&mut self, slot: Slot) {
        if let Some(number) = self.at.get(&slot.id).copied()
            && let Some(page) = self.pages.get_mut(&number)
            && let Some(old) = page.slots.iter_mut().find(|s| s.id == slot.id)
        {
            *old = slot;
            self.changed.insert(number);
            return;
        }
        let number = match self.last {
            Some(last)
                if self
                    .pages
                    .get(&last)
                    .is_some_and(|p| p.slots.len() < CAPACITY) =>
            {
                last
            }
            Some(last) => last + 1,
            None => 0,
        };
        self.last = Some(number);
        self.at.insert(slot.id.clone(), number);
        self.pages
            .entry(number)
            .or_insert_with(|| Page { slots: Vec::new() })
            .slots
            .push(slot);
        self.changed.insert(number);
    }

    /// Takes the file's entry out of its page.
    pub fn remove(&mut self, id: &str) {
        if let Some(number) = self.at.remove(id)
            && let Some(page) = self.pages.get_mut(&number)
        {
            page.slots.retain(|s| s.id != id);
            self.changed.insert(number);
        }
    }

    /// Writes the changed pages (deletes those left empty). Refuses a page in which two
    /// entries have one archive number; between pages, the store's unique index
    /// refuses it, when the write is awaited or at the commit. The requests are issued
    /// now; await them to see them done, or let the commit report them.
    pub fn write(&self, store: &ObjectStore<'_>) -> Result<Vec<Written>, StoreError> {
        let mut written: Vec<Written> = Vec::with_capacity(self.changed.len());
        for number in &self.changed {
            let Some(page) = self.pages.get(number) else {
                continue;
            };
            let mut seen = HashSet::with_capacity(page.slots.len());
            if !page
                .slots
                .iter()
                .all(|s| seen.insert(s.archive_no.as_str()))
            {
                return Err(StoreError::DuplicateArchiveNo);
            }
            written.push(if page.slots.is_empty() {
                Box::pin(store.delete(*number).primitive()?)
            } else {
                Box::pin(store.put(page.to_js(*number)).primitive()?)
            });
        }
        Ok(written)
    }
}

impl Db {
    /// Moves the entries of the V2 store, if any (a database or a backup of a build
    /// before V10), into pages, unread and unopened: no key needed. One transaction;
    /// cut short, the next open starts it again.
    pub(super) async fn move_catalogue_into_pages(&self) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction([schema::CATALOGUE, schema::CATALOGUE_PAGES])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let old = tx.object_store(schema::CATALOGUE)?;
        if old.count().primitive()?.await? == 0 {
            return Ok(());
        }
        let store = tx.object_store(schema::CATALOGUE_PAGES)?;
        let mut pages = Pages::all(&store).await?;
        let entries: Vec<JsValue> = old.get_all::<JsValue>().await?.collect::<Result<_, _>>()?;
        for entry in entries {
            pages.set_stored(entry)?;
        }
        for written in pages.write(&store)? {
            drop(written);
        }
        old.clear()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// Rewrites the catalogue entries of the open files from the files themselves once
    /// after an update that keeps more in them ([`CATALOGUE_FORMAT`]): the contacts'
    /// birthdays for the agenda, recorded long before the entries held them. Sealed
    /// files' entries are made afresh at every unlock and are left alone, as is a plain
    /// record where the catalogue holds a sealed file (what reads refuse as tampered).
    /// Cut short, the next open starts it again.
    pub(super) async fn refresh_open_entries(&self) -> Result<(), StoreError> {
        let format: Option<u32> = self.meta(schema::meta_keys::CATALOGUE_FORMAT).await?;
        if format.is_some_and(|f| f >= CATALOGUE_FORMAT) {
            return Ok(());
        }
        let tx = self
            .database()
            .transaction([schema::CUSTOMERS, schema::CATALOGUE_PAGES])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::CATALOGUE_PAGES)?;
        let sealed = read_sealed_files(&store)?.await?;
        let mut pages = Pages::all(&store).await?;
        let files = tx
            .object_store(schema::CUSTOMERS)?
            .get_all::<super::sealed::Stored<crate::core::customer::model::Customer>>()
            .serde()?
            .await?;
        for file in files {
            if let super::sealed::Stored::Plain(c) = file?
                && !c.secret.is_sealed()
                && !sealed.contains(&c.id)
            {
                pages.set(&CatalogueEntry::of(&c))?;
            }
        }
        for written in pages.write(&store)? {
            drop(written);
        }
        tx.commit().await?;
        self.set_meta(schema::meta_keys::CATALOGUE_FORMAT, &CATALOGUE_FORMAT)
            .await
    }

    /// The catalogue entries `keep` accepts (as stored: see [`at_sealing_level`]), in
    /// one read of every page.
    pub(super) async fn catalogue_where(
        &self,
        keep: impl Fn(&JsValue) -> bool,
    ) -> Result<Vec<CatalogueEntry>, StoreError> {
        let tx = self
            .database()
            .transaction(schema::CATALOGUE_PAGES)
            .build()?;
        let pages: Vec<JsValue> = tx
            .object_store(schema::CATALOGUE_PAGES)?
            .get_all::<JsValue>()
            .await?
            .collect::<Result<_, _>>()?;
        tx.commit().await?;
        decode(&pages, keep)
    }
}
