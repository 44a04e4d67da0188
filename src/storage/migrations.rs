//! Schema versions and the step that creates each from the one before.
//!
//! A database is always brought up to [`SchemaVersion::LATEST`] by running, in order,
//! every step above the version it has, all inside the browser's single upgrade
//! transaction: a crash midway leaves the previous version intact.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;

use super::schema;

/// Every schema version this app has ever shipped. Never renumber or remove one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SchemaVersion {
    /// The meta store.
    V1 = 1,
}

impl SchemaVersion {
    pub const ALL: [SchemaVersion; 1] = [SchemaVersion::V1];
    pub const LATEST: SchemaVersion = SchemaVersion::V1;

    pub fn number(self) -> u32 {
        self as u32
    }
}

/// Runs the steps that take a database from `old` to `new`.
pub(super) fn upgrade(db: &Database, old: u32, new: u32) -> indexed_db_futures::Result<()> {
    for step in SchemaVersion::ALL {
        if step.number() > old && step.number() <= new {
            match step {
                SchemaVersion::V1 => v1(db)?,
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
