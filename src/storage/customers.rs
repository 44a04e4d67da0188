//! [`Db`] as the app's [`CustomerStore`]: customer files, their catalogue entries,
//! change history and form drafts.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::db::MetaEntry;
use super::schema;
use crate::core::customer::archive_no;
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::history::HistoryEntry;
use crate::core::customer::model::Customer;
use crate::core::customer::validate::CustomerDraft;
use crate::core::store::{Commit, CustomerStore, StoreError};

impl CustomerStore for Db {
    async fn customer(&self, id: &str) -> Result<Option<Customer>, StoreError> {
        let tx = self.database().transaction(schema::CUSTOMERS).build()?;
        let found = tx.object_store(schema::CUSTOMERS)?.get(id).serde()?.await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn catalogue(&self) -> Result<Vec<CatalogueEntry>, StoreError> {
        let tx = self.database().transaction(schema::CATALOGUE).build()?;
        // One getAll: a cursor over 10,000 records is two orders of magnitude slower.
        let entries = tx
            .object_store(schema::CATALOGUE)?
            .get_all()
            .serde()?
            .await?;
        let entries = entries.collect::<Result<Vec<CatalogueEntry>, _>>()?;
        tx.commit().await?;
        Ok(entries)
    }

    async fn history(&self, customer_id: &str) -> Result<Vec<HistoryEntry>, StoreError> {
        let tx = self.database().transaction(schema::HISTORY).build()?;
        let store = tx.object_store(schema::HISTORY)?;
        let index = store.index(schema::HISTORY_BY_CUSTOMER)?;
        let entries = index.get_all().with_query(customer_id).serde()?.await?;
        let mut entries = entries.collect::<Result<Vec<HistoryEntry>, _>>()?;
        tx.commit().await?;
        entries.sort_by_key(|h| (h.at, h.revision));
        Ok(entries)
    }

    async fn commit(&self, commit: Commit) -> Result<Customer, StoreError> {
        let stores = [
            schema::CUSTOMERS,
            schema::CATALOGUE,
            schema::HISTORY,
            schema::DRAFTS,
            schema::META,
        ];
        let tx = self
            .database()
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(schema::CUSTOMERS)?;

        let stored: Option<Customer> = customers.get(commit.customer.id.as_str()).serde()?.await?;
        if stored.map(|c| c.revision) != commit.expected_revision {
            return Err(StoreError::Conflict);
        }
        let mut customer = commit.customer;
        if let Some((rep, year)) = &commit.allocate_number {
            let meta = tx.object_store(schema::META)?;
            let key = archive_no::sequence_key(rep, *year);
            let last: Option<MetaEntry<u32>> = meta.get(key.as_str()).serde()?.await?;
            let next = last.map_or(0, |e| e.value) + 1;
            customer.archive_no = archive_no::format(rep, *year, next);
            meta.put(MetaEntry { key, value: next }).serde()?.await?;
        }
        customers.put(&customer).serde()?.await?;
        // A duplicate archive number fails here, on the unique index, and rolls back all.
        tx.object_store(schema::CATALOGUE)?
            .put(CatalogueEntry::of(&customer))
            .serde()?
            .await?;
        tx.object_store(schema::HISTORY)?
            .put(&commit.history)
            .serde()?
            .await?;
        if let Some(key) = &commit.draft_key {
            tx.object_store(schema::DRAFTS)?
                .delete(key.as_str())
                .await?;
        }
        tx.commit().await?;
        Ok(customer)
    }

    async fn draft(&self, key: &str) -> Result<Option<CustomerDraft>, StoreError> {
        let tx = self.database().transaction(schema::DRAFTS).build()?;
        let draft = tx.object_store(schema::DRAFTS)?.get(key).serde()?.await?;
        tx.commit().await?;
        Ok(draft)
    }

    async fn put_draft(&self, key: &str, draft: &CustomerDraft) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::DRAFTS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(schema::DRAFTS)?
            .put(draft)
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
