//! The record of semiannual archive checks (检查记录), kept in `meta`.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use crate::core::customer::check::CheckRecord;
use crate::core::store::StoreError;

impl Db {
    /// Every archive check recorded here, newest first.
    pub async fn archive_checks(&self) -> Result<Vec<CheckRecord>, StoreError> {
        let mut all: Vec<CheckRecord> = self
            .meta(meta_keys::ARCHIVE_CHECKS)
            .await?
            .unwrap_or_default();
        all.sort_by_key(|r| std::cmp::Reverse(r.at));
        Ok(all)
    }

    /// Adds `record` to the checks recorded, in one transaction.
    pub async fn record_archive_check(&self, record: &CheckRecord) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let found: Option<MetaEntry<Vec<CheckRecord>>> =
            meta.get(meta_keys::ARCHIVE_CHECKS).serde()?.await?;
        let mut all = found.map(|e| e.value).unwrap_or_default();
        all.push(record.clone());
        meta.put(MetaEntry {
            key: meta_keys::ARCHIVE_CHECKS.to_owned(),
            value: all,
        })
        .serde()?
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
