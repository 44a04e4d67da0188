//! Schema versions and the step that creates each from the one before.
//!
//! A database is always brought up to [`SchemaVersion::LATEST`] by running, in order,
//! every step above the version it has, all inside the browser's single upgrade
//! transaction: a crash midway leaves the previous version intact.

use indexed_db_futures::KeyPath;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::IdbTransaction;

use super::schema::{self, catalogue_index};

/// Every schema version this app has ever shipped. Never renumber or remove one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchemaVersion {
    /// The meta store.
    V1 = 1,
    /// Customer files, their catalogue, change history and drafts.
    V2 = 2,
    /// Visit-call records.
    V3 = 3,
    /// The complaint register.
    V4 = 4,
    /// The viewing record of confidential files.
    V5 = 5,
    /// The custody log of bundles, and viewing records received from reps.
    V6 = 6,
    /// Destruction records of destroyed files.
    V7 = 7,
    /// Each file's visits in one record (the V3 store's moved by `Db::open`).
    V8 = 8,
    /// The catalogue's unread field indexes dropped.
    V9 = 9,
    /// The catalogue in pages of entries (the V2 store's moved by `Db::open`).
    V10 = 10,
}

impl SchemaVersion {
    pub const ALL: [SchemaVersion; 10] = [
        SchemaVersion::V1,
        SchemaVersion::V2,
        SchemaVersion::V3,
        SchemaVersion::V4,
        SchemaVersion::V5,
        SchemaVersion::V6,
        SchemaVersion::V7,
        SchemaVersion::V8,
        SchemaVersion::V9,
        SchemaVersion::V10,
    ];
    pub const LATEST: SchemaVersion = SchemaVersion::V10;

    pub fn number(self) -> u32 {
        self as u32
    }
}

/// Runs the steps that take a database from `old` to `new`. `tx` is the upgrade
/// transaction, which steps that change an existing store need (the open request's,
/// which indexed_db_futures 0.6 does not hand the callback: see `Db::open_at`).
pub(super) fn upgrade(
    db: &Database,
    tx: Option<&IdbTransaction>,
    old: u32,
    new: u32,
) -> indexed_db_futures::Result<()> {
    for step in SchemaVersion::ALL {
        if step.number() > old && step.number() <= new {
            match step {
                SchemaVersion::V1 => v1(db)?,
                SchemaVersion::V2 => v2(db)?,
                SchemaVersion::V3 => v3(db)?,
                SchemaVersion::V4 => v4(db)?,
                SchemaVersion::V5 => v5(db)?,
                SchemaVersion::V6 => v6(db)?,
                SchemaVersion::V7 => v7(db)?,
                SchemaVersion::V8 => v8(db)?,
                SchemaVersion::V9 => v9(tx)?,
                SchemaVersion::V10 => v10(db)?,
            }
        }
    }
    Ok(())
}

fn v1(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(schema::META)
        .with_key_path(schema::META_KEY.into())
        .build()?;
    Ok(())
}

fn v2(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(schema::CUSTOMERS)
        .with_key_path(schema::ID.into())
        .build()?;

    let catalogue = db
        .create_object_store(schema::CATALOGUE)
        .with_key_path(schema::ID.into())
        .build()?;
    catalogue
        .create_index(
            catalogue_index::ARCHIVE_NO,
            KeyPath::One(catalogue_index::ARCHIVE_NO),
        )
        .with_unique(true)
        .build()?;
    for field in catalogue_index::BY_FIELD {
        catalogue.create_index(field, KeyPath::One(field)).build()?;
    }

    let history = db
        .create_object_store(schema::HISTORY)
        .with_key_path(schema::ID.into())
        .build()?;
    history
        .create_index(
            schema::HISTORY_BY_CUSTOMER,
            KeyPath::One(schema::HISTORY_BY_CUSTOMER),
        )
        .build()?;

    // Out-of-line keys: a draft is stored under the name of its form.
    db.create_object_store(schema::DRAFTS).build()?;
    Ok(())
}

fn v3(db: &Database) -> indexed_db_futures::Result<()> {
    let visits = db
        .create_object_store(schema::VISITS)
        .with_key_path(schema::ID.into())
        .build()?;
    visits
        .create_index(
            schema::VISITS_BY_CUSTOMER,
            KeyPath::One(schema::VISITS_BY_CUSTOMER),
        )
        .build()?;
    visits
        .create_index(
            schema::VISITS_BY_STATUS,
            KeyPath::One(schema::VISITS_BY_STATUS),
        )
        .build()?;
    Ok(())
}

fn v4(db: &Database) -> indexed_db_futures::Result<()> {
    let complaints = db
        .create_object_store(schema::COMPLAINTS)
        .with_key_path(schema::ID.into())
        .build()?;
    complaints
        .create_index(
            schema::COMPLAINTS_BY_NUMBER,
            KeyPath::One(schema::COMPLAINTS_BY_NUMBER),
        )
        .with_unique(true)
        .build()?;
    complaints
        .create_index(
            schema::COMPLAINTS_BY_CUSTOMER,
            KeyPath::One(schema::COMPLAINTS_BY_CUSTOMER),
        )
        .build()?;
    Ok(())
}

fn v5(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(schema::VIEWING_LOG)
        .with_key_path(schema::ID.into())
        .build()?;
    Ok(())
}

fn v6(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(schema::CUSTODY_LOG)
        .with_key_path(schema::ID.into())
        .build()?;
    db.create_object_store(schema::REMOTE_VIEWINGS)
        .with_key_path(schema::ID.into())
        .build()?;
    Ok(())
}

fn v7(db: &Database) -> indexed_db_futures::Result<()> {
    db.create_object_store(schema::DESTRUCTIONS)
        .with_key_path(schema::DESTRUCTIONS_KEY.into())
        .build()?;
    Ok(())
}

/// The visits' data moves in a transaction of its own after the upgrade
/// (`Db::move_visits_into_books`): indexed_db_futures 0.6 does not hand this step the
/// upgrade transaction to read the old store with.
fn v8(db: &Database) -> indexed_db_futures::Result<()> {
    let books = db
        .create_object_store(schema::VISIT_BOOKS)
        .with_key_path(schema::VISIT_BOOKS_KEY.into())
        .build()?;
    for index in [
        schema::VISIT_BOOKS_BY_VISIT,
        schema::VISIT_BOOKS_WITH_DRAFTS,
    ] {
        books
            .create_index(index, KeyPath::One(index))
            .with_multi_entry(true)
            .build()?;
    }
    Ok(())
}

/// Drops the catalogue's field indexes that nothing reads: every catalogue write paid
/// for them (the list filters and sorts in memory). The archive number's (unique) and
/// the secret level's (read at unlock) stay.
fn v9(tx: Option<&IdbTransaction>) -> indexed_db_futures::Result<()> {
    let tx = tx.ok_or_else(|| JsValue::from_str("no upgrade transaction"))?;
    let catalogue = tx.object_store(schema::CATALOGUE)?;
    for index in catalogue_index::UNREAD {
        catalogue.delete_index(index)?;
    }
    Ok(())
}

/// The catalogue's entries move in a transaction of their own after the upgrade
/// (`Db::move_catalogue_into_pages`), as the visits did at V8: a backup of an older
/// build restores into the V2 store, and moves the same way.
fn v10(db: &Database) -> indexed_db_futures::Result<()> {
    let pages = db
        .create_object_store(schema::CATALOGUE_PAGES)
        .with_key_path(schema::CATALOGUE_PAGES_KEY.into())
        .build()?;
    pages
        .create_index(
            schema::CATALOGUE_PAGES_BY_ID,
            KeyPath::One(schema::CATALOGUE_PAGES_BY_ID),
        )
        .with_multi_entry(true)
        .build()?;
    pages
        .create_index(
            schema::CATALOGUE_PAGES_BY_ARCHIVE_NO,
            KeyPath::One(schema::CATALOGUE_PAGES_BY_ARCHIVE_NO),
        )
        .with_multi_entry(true)
        .with_unique(true)
        .build()?;
    Ok(())
}
