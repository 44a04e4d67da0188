//! Dossier's IndexedDB store: the only code that talks to IndexedDB.
//!
//! - `schema`: the database and store names, in one place.
//! - `migrations`: one step per schema version, run in the browser's upgrade transaction.
//! - `db`: [`Db`], a handle whose methods speak the domain; each opens its own
//!   transaction with an explicit store list and mode and commits it explicitly
//!   (indexed_db_futures 0.6 rolls back a dropped transaction).
//! - [`StorageError`]: what went wrong, in terms a user can act on.

mod db;
mod error;
pub mod migrations;
pub mod schema;

pub use db::Db;
pub use error::StorageError;
