//! Destroying a file (销毁): every record of it erased and its destruction record kept,
//! in one transaction.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use wasm_bindgen::JsValue;

use super::Db;
use super::catalogue::Pages;
use super::schema;
use crate::core::customer::destruction::DestructionRecord;
use crate::core::store::{StoreError, draft_key};

/// The stores [`erase`] touches.
pub(super) const ERASED_FROM: [&str; 6] = [
    schema::CUSTOMERS,
    schema::CATALOGUE_PAGES,
    schema::HISTORY,
    schema::VISIT_BOOKS,
    schema::COMPLAINTS,
    schema::DRAFTS,
];

/// Deletes file `customer_id`, its catalogue entry, history, visits (drafts too),
/// complaints and form draft, inside `tx` (which covers [`ERASED_FROM`]).
pub(super) async fn erase(tx: &Transaction<'_>, customer_id: &str) -> Result<(), StoreError> {
    tx.object_store(schema::CUSTOMERS)?
        .delete(customer_id)
        .await?;
    let catalogue = tx.object_store(schema::CATALOGUE_PAGES)?;
    let mut pages = Pages::around(&catalogue, customer_id).await?;
    pages.remove(customer_id);
    for written in pages.write(&catalogue)? {
        written.await?;
    }
    tx.object_store(schema::DRAFTS)?
        .delete(draft_key(customer_id).as_str())
        .await?;
    tx.object_store(schema::VISIT_BOOKS)?
        .delete(customer_id)
        .await?;
    for (store, index) in [
        (schema::HISTORY, schema::HISTORY_BY_CUSTOMER),
        (schema::COMPLAINTS, schema::COMPLAINTS_BY_CUSTOMER),
    ] {
        let store = tx.object_store(store)?;
        let keys: Vec<JsValue> = store
            .index(index)?
            .get_all_keys::<JsValue>()
            .with_query(customer_id)
            .await?
            .collect::<Result<_, _>>()?;
        for key in keys {
            store.delete(key).await?;
        }
    }
    Ok(())
}

impl Db {
    /// Erases the file `record` names, with everything of it, and keeps `record`.
    pub async fn destroy_file(&self, record: &DestructionRecord) -> Result<(), StoreError> {
        let mut stores = ERASED_FROM.to_vec();
        stores.push(schema::DESTRUCTIONS);
        let tx = self
            .database()
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        erase(&tx, &record.customer_id).await?;
        tx.object_store(schema::DESTRUCTIONS)?
            .put(record)
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The destruction record of file `customer_id`, if it was destroyed.
    pub async fn destruction(
        &self,
        customer_id: &str,
    ) -> Result<Option<DestructionRecord>, StoreError> {
        let tx = self.database().transaction(schema::DESTRUCTIONS).build()?;
        let found = tx
            .object_store(schema::DESTRUCTIONS)?
            .get(customer_id)
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(found)
    }

    /// Every destruction record, newest first.
    pub async fn destructions(&self) -> Result<Vec<DestructionRecord>, StoreError> {
        let tx = self.database().transaction(schema::DESTRUCTIONS).build()?;
        let all = tx
            .object_store(schema::DESTRUCTIONS)?
            .get_all()
            .serde()?
            .await?;
        let mut all = all.collect::<Result<Vec<DestructionRecord>, _>>()?;
        tx.commit().await?;
        all.sort_by_key(|d| std::cmp::Reverse(d.at));
        Ok(all)
    }
}
