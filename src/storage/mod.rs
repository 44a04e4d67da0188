//! Dossier's IndexedDB store: the only code that talks to IndexedDB.
//!
//! - `schema`: the database, store and index names, in one place.
//! - `migrations`: one step per schema version, run in the browser's upgrade transaction.
//! - `db`: [`Db`], the connection, with meta values and the profile.
//! - `customers`: [`Db`] as a [`crate::core::store::CustomerStore`]: files, catalogue,
//!   history and drafts, each change one transaction with an explicit store list.
//! - `catalogue`: the catalogue's entries in pages, and the pages a write changes.
//! - `visits`: [`Db`] as a [`crate::core::store::VisitStore`]: visit-call records.
//! - `sealed`: confidential records as envelopes (sealed record, index keys only).
//! - `vault`: the vault header, unlocking, and the viewing record.
//! - `security`: security events and leak reports (`core::security`).
//! - `error`: IndexedDB failures as [`crate::core::store::StoreError`].
//!
//! indexed_db_futures 0.6 rolls back a transaction that is dropped uncommitted, so every
//! early return (`?`) undoes what the transaction had written.

mod backup;
mod bundles;
mod catalogue;
mod checks;
mod complaints;
mod customers;
mod db;
pub(super) mod destructions;
mod error;
pub mod migrations;
mod monthly;
mod oversight;
mod people;
mod proposals;
mod registers;
mod requests;
pub mod schema;
mod sealed;
mod security;
mod vault;
mod visits;

pub use backup::RestoreError;
pub use bundles::{ExchangeError, Exported, Prepared};
pub use customers::FileRecords;
pub use db::Db;
pub use people::PeopleStoreError;
pub use proposals::ProposeStoreError;
pub use registers::RegisterError;
pub use requests::DecideError;
pub use security::LeakHandleError;
