//! [`Db`]: an open connection to Dossier's database, with methods that speak the domain.

use chrono::{DateTime, Utc};
use indexed_db_futures::database::Database;
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::IdbOpenDbRequest;

use std::cell::RefCell;
use std::rc::Rc;

use super::migrations::{self, SchemaVersion};
use super::schema::{self, meta_keys};
use crate::core::store::{Profile, StoreError};
use crate::core::vault::DataKey;

/// Ends a read-only transaction whose requests have all been awaited, without waiting
/// for its `complete` event: a read has nothing left to learn from it, and the wait
/// took 0.3 to 1.5 ms of a file's opening. The commit is issued by the future's first
/// poll; dropping it then leaves the transaction to finish (a drop before would abort).
pub(super) fn end_read(tx: Transaction<'_>) {
    use std::future::Future;
    use std::task::{Context, Waker};
    let mut commit = std::pin::pin!(tx.commit());
    // Pending until the `complete` event, which nobody needs to see.
    let _ = commit
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()));
}

/// One record of the meta store.
#[derive(Serialize, Deserialize)]
pub(super) struct MetaEntry<T> {
    pub key: String,
    pub value: T,
}

/// An open connection to one Dossier database.
#[derive(Clone, Debug)]
pub struct Db {
    inner: Database,
    /// The vault's data key while unlocked; shared by every clone of this handle.
    key: Rc<RefCell<Option<DataKey>>>,
    /// Who unlocked, at a head-office desk with people; forgotten with the key.
    person: Rc<RefCell<Option<crate::core::people::Person>>>,
}

impl Db {
    /// Opens the app's database, creating or upgrading it to the latest schema.
    pub async fn open() -> Result<Db, StoreError> {
        Db::open_named(schema::DB_NAME).await
    }

    /// Opens a database of another name (tests use a fresh one each).
    pub async fn open_named(name: &str) -> Result<Db, StoreError> {
        Db::open_at(name, SchemaVersion::LATEST).await
    }

    /// Opens `name` brought up to `version` only: how an older build left it (tests of
    /// migrations use this).
    pub async fn open_at(name: &str, version: SchemaVersion) -> Result<Db, StoreError> {
        // The upgrade transaction is the open request's; the callback reads it there.
        let request: Rc<RefCell<Option<IdbOpenDbRequest>>> = Rc::default();
        let open = Database::open(name)
            .with_version(version.number())
            .with_on_upgrade_needed({
                let request = request.clone();
                move |event, db| {
                    let old = event.old_version() as u32;
                    let new = event
                        .new_version()
                        .map_or(SchemaVersion::LATEST.number(), |v| v as u32);
                    let tx = request.borrow().as_ref().and_then(|r| r.transaction());
                    migrations::upgrade(&db, tx.as_ref(), old, new)
                }
            })
            .build()?;
        *request.borrow_mut() = Some(open.as_sys().clone());
        let inner = open.await?;
        request.borrow_mut().take();
        close_when_superseded(&inner);
        let db = Db {
            inner,
            key: Rc::default(),
            person: Rc::default(),
        };
        if version >= SchemaVersion::V8 {
            db.move_visits_into_books().await?;
        }
        if version >= SchemaVersion::V10 {
            db.move_catalogue_into_pages().await?;
            db.refresh_open_entries().await?;
        }
        Ok(db)
    }

    pub(super) fn data_key(&self) -> Option<DataKey> {
        self.key.borrow().clone()
    }

    pub(super) fn set_data_key(&self, key: Option<DataKey>) {
        if key.is_none() {
            *self.person.borrow_mut() = None;
        }
        *self.key.borrow_mut() = key;
    }

    /// The person unlocked at a head-office desk with people.
    pub fn person(&self) -> Option<crate::core::people::Person> {
        self.person.borrow().clone()
    }

    pub(super) fn set_person(&self, person: Option<crate::core::people::Person>) {
        *self.person.borrow_mut() = person;
    }

    /// The schema version the open database has.
    pub fn version(&self) -> u32 {
        self.inner.version() as u32
    }

    /// The names of the object stores the database holds, sorted.
    pub fn store_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.inner.object_store_names().collect();
        names.sort();
        names
    }

    /// The names of the indexes of `store`, sorted.
    pub fn index_names(&self, store: &str) -> Result<Vec<String>, StoreError> {
        let tx = self.inner.transaction(store).build()?;
        let list = tx.object_store(store)?.as_sys().index_names();
        let mut names: Vec<String> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        names.sort();
        Ok(names)
    }

    /// Closes the connection; later calls on this handle fail.
    pub fn close(self) {
        self.inner.close();
    }

    /// Reads a meta value, `None` if it was never written.
    pub async fn meta<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self.inner.transaction(schema::META).build()?;
        let entry: Option<MetaEntry<T>> = tx.object_store(schema::META)?.get(key).serde()?.await?;
        tx.commit().await?;
        Ok(entry.map(|e| e.value))
    }

    /// Writes a meta value, replacing any earlier one.
    pub async fn set_meta<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let tx = self
            .inner
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let entry = MetaEntry {
            key: key.to_owned(),
            value,
        };
        tx.object_store(schema::META)?.put(&entry).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    /// The device's profile, if it has been set up.
    pub async fn profile(&self) -> Result<Option<Profile>, StoreError> {
        self.meta(meta_keys::PROFILE).await
    }

    pub async fn set_profile(&self, profile: &Profile) -> Result<(), StoreError> {
        self.set_meta(meta_keys::PROFILE, profile).await
    }

    /// The underlying connection, for the other storage modules.
    pub(super) fn database(&self) -> &Database {
        &self.inner
    }

    /// When this store was first created: recorded on the first call, read on later ones,
    /// in one transaction so two tabs starting together agree.
    pub async fn created_at(&self, now: DateTime<Utc>) -> Result<DateTime<Utc>, StoreError> {
        let tx = self
            .inner
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::META)?;
        let found: Option<MetaEntry<DateTime<Utc>>> =
            store.get(meta_keys::CREATED_AT).serde()?.await?;
        let created = match found {
            Some(entry) => entry.value,
            None => {
                let entry = MetaEntry {
                    key: meta_keys::CREATED_AT.to_owned(),
                    value: now,
                };
                store.put(&entry).serde()?.await?;
                now
            }
        };
        tx.commit().await?;
        Ok(created)
    }
}

/// When a newer build (in another tab) needs to upgrade the schema, this connection
/// closes itself so the upgrade is not blocked; that tab reloads every other one
/// (see `platform::service_worker`).
fn close_when_superseded(db: &Database) {
    let raw = db.as_sys().clone();
    let on_change = Closure::<dyn FnMut()>::new({
        let raw = raw.clone();
        move || raw.close()
    });
    raw.set_onversionchange(Some(on_change.as_ref().unchecked_ref()));
    // The handler lives as long as the connection, which lives as long as the page.
    on_change.forget();
}
