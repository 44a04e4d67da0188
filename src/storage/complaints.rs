//! [`Db`] as the app's [`ComplaintStore`]: the complaint register. A complaint about a
//! sealed file is sealed like the file; its acceptance number stays readable.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::catalogue::{file_stored_sealed, read_sealed_files};
use super::customers::complaint_keys;
use super::db::MetaEntry;
use super::schema;
use super::sealed::Stored;
use crate::core::complaint::{self, Complaint};
use crate::core::store::{ComplaintStore, StoreError};

impl ComplaintStore for Db {
    async fn register_complaint(
        &self,
        complaint: Complaint,
        rep_code: &str,
        year: i32,
    ) -> Result<Complaint, StoreError> {
        let tx = self
            .database()
            .transaction([schema::COMPLAINTS, schema::META, schema::CUSTOMERS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let key = complaint::sequence_key(rep_code, year);
        let last: Option<MetaEntry<u32>> = meta.get(key.as_str()).serde()?.await?;
        let next = last.map_or(0, |e| e.value) + 1;
        meta.put(MetaEntry { key, value: next }).serde()?.await?;
        let mut complaint = complaint;
        complaint.acceptance_no = complaint::acceptance_no(rep_code, year, next);
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let seal = self
            .is_file_sealed(&customers, &complaint.customer_id)
            .await?;
        let record = self.to_stored(
            seal,
            schema::COMPLAINTS,
            &complaint.id,
            0,
            complaint_keys(&complaint),
            &complaint,
        )?;
        tx.object_store(schema::COMPLAINTS)?
            .put(&record)
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(complaint)
    }

    async fn complaint(&self, id: &str) -> Result<Option<Complaint>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::COMPLAINTS, schema::CATALOGUE_PAGES])
            .build()?;
        let found: Option<Stored<Complaint>> = tx
            .object_store(schema::COMPLAINTS)?
            .get(id)
            .serde()?
            .await?;
        // Only a plain complaint needs its file's word: an envelope proves itself.
        let sealed = match &found {
            Some(Stored::Plain(c)) => {
                let pages = tx.object_store(schema::CATALOGUE_PAGES)?;
                file_stored_sealed(&pages, &c.customer_id).await?
            }
            _ => false,
        };
        tx.commit().await?;
        found
            .map(|s| self.open_checked(schema::COMPLAINTS, s, sealed))
            .transpose()
    }

    async fn put_complaint(&self, complaint: &Complaint) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction([schema::COMPLAINTS, schema::CUSTOMERS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let seal = self
            .is_file_sealed(&customers, &complaint.customer_id)
            .await?;
        let record = self.to_stored(
            seal,
            schema::COMPLAINTS,
            &complaint.id,
            0,
            complaint_keys(complaint),
            complaint,
        )?;
        tx.object_store(schema::COMPLAINTS)?
            .put(&record)
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn complaints(&self) -> Result<Vec<Complaint>, StoreError> {
        let tx = self
            .database()
            .transaction([schema::COMPLAINTS, schema::CATALOGUE_PAGES])
            .build()?;
        let pages = tx.object_store(schema::CATALOGUE_PAGES)?;
        let sealed_files = read_sealed_files(&pages)?;
        let all = tx
            .object_store(schema::COMPLAINTS)?
            .get_all()
            .serde()?
            .await?;
        let mut all = all.collect::<Result<Vec<Stored<Complaint>>, _>>()?;
        let sealed_files = sealed_files.await?;
        tx.commit().await?;
        // The register shows what it can; sealed complaints wait for the unlock. A plain
        // complaint of a file the catalogue holds as sealed is left out, never shown
        // ([`Stored::is_forged`]): the register shows an error as nothing at all.
        all.retain(|s| !s.is_forged(&sealed_files, |c| &c.customer_id));
        let mut all = self.open_all(schema::COMPLAINTS, all)?;
        all.sort_by_key(|c| std::cmp::Reverse((c.received_on, c.created_at)));
        Ok(all)
    }
}
