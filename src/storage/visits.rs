//! [`Db`] as the app's [`VisitStore`]: visit-call records, drafts and submitted.

use chrono::{DateTime, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::schema;
use crate::core::store::{StoreError, VisitStore, newest_first};
use crate::core::visit::model::{Amendment, Visit, VisitStatus};

impl Db {
    /// Writes `visit` unless the stored one is already submitted, in one transaction so
    /// a late autosave can never overwrite a submitted visit.
    async fn write_visit_unless_final(&self, visit: &Visit) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::VISITS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISITS)?;
        let stored: Option<Visit> = store.get(visit.id.as_str()).serde()?.await?;
        if stored.is_some_and(|v| v.status == VisitStatus::Submitted) {
            return Err(StoreError::VisitFinal);
        }
        store.put(visit).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    async fn visits_by_index(&self, index: &str, key: &str) -> Result<Vec<Visit>, StoreError> {
        let tx = self.database().transaction(schema::VISITS).build()?;
        let store = tx.object_store(schema::VISITS)?;
        let found = store
            .index(index)?
            .get_all()
            .with_query(key)
            .serde()?
            .await?;
        let mut visits = found.collect::<Result<Vec<Visit>, _>>()?;
        tx.commit().await?;
        newest_first(&mut visits);
        Ok(visits)
    }
}

impl VisitStore for Db {
    async fn visit(&self, id: &str) -> Result<Option<Visit>, StoreError> {
        let tx = self.database().transaction(schema::VISITS).build()?;
        let found = tx.object_store(schema::VISITS)?.get(id).serde()?.await?;
        tx.commit().await?;
        Ok(found)
    }

    async fn put_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        self.write_visit_unless_final(visit).await
    }

    async fn submit_visit(&self, visit: &Visit) -> Result<(), StoreError> {
        self.write_visit_unless_final(visit).await
    }

    async fn set_follow_up_done(
        &self,
        visit_id: &str,
        index: usize,
        at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::VISITS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISITS)?;
        let stored: Option<Visit> = store.get(visit_id).serde()?.await?;
        let mut visit =
            stored.ok_or_else(|| StoreError::Corrupt(format!("no visit {visit_id}")))?;
        let follow_up = visit.follow_ups.get_mut(index).ok_or_else(|| {
            StoreError::Corrupt(format!("no follow-up {index} in visit {visit_id}"))
        })?;
        follow_up.done_at = at;
        store.put(&visit).serde()?.await?;
        tx.commit().await?;
        Ok(())
    }

    async fn amend_visit(&self, visit_id: &str, amendment: Amendment) -> Result<Visit, StoreError> {
        let tx = self
            .database()
            .transaction(schema::VISITS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISITS)?;
        let stored: Option<Visit> = store.get(visit_id).serde()?.await?;
        let mut visit = stored
            .filter(|v| v.status == VisitStatus::Submitted)
            .ok_or_else(|| StoreError::Corrupt(format!("no submitted visit {visit_id}")))?;
        visit.amendments.push(amendment);
        store.put(&visit).serde()?.await?;
        tx.commit().await?;
        Ok(visit)
    }

    async fn discard_visit(&self, id: &str) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::VISITS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISITS)?;
        let stored: Option<Visit> = store.get(id).serde()?.await?;
        if stored.is_some_and(|v| v.status == VisitStatus::Submitted) {
            return Err(StoreError::VisitFinal);
        }
        store.delete(id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn visits_for(&self, customer_id: &str) -> Result<Vec<Visit>, StoreError> {
        self.visits_by_index(schema::VISITS_BY_CUSTOMER, customer_id)
            .await
    }

    async fn visits_with(&self, status: VisitStatus) -> Result<Vec<Visit>, StoreError> {
        let key = match status {
            VisitStatus::Draft => "Draft",
            VisitStatus::Submitted => "Submitted",
        };
        self.visits_by_index(schema::VISITS_BY_STATUS, key).await
    }
}
