//! [`Db`] as the app's [`VisitStore`]: visit-call records, drafts and submitted. A
//! visit of a sealed file is sealed like the file.

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::customers::{status_key, visit_keys};
use super::schema;
use super::sealed::Stored;
use crate::core::store::{StoreError, VisitStore, newest_first};
use crate::core::visit::model::{Amendment, Visit, VisitStatus};

impl Db {
    /// Writes `visit` unless the stored one is already submitted, in one transaction so
    /// a late autosave can never overwrite a submitted visit.
    async fn write_visit_unless_final(&self, visit: &Visit) -> Result<(), StoreError> {
        self.change_visit(&visit.id, |stored| {
            if stored.is_some_and(|v| v.status == VisitStatus::Submitted) {
                return Err(StoreError::VisitFinal);
            }
            Ok(visit.clone())
        })
        .await
        .map(drop)
    }

    /// Reads a visit, lets `change` decide what to store instead, and stores it, sealed
    /// if its file is, in one transaction.
    async fn change_visit(
        &self,
        id: &str,
        change: impl FnOnce(Option<Visit>) -> Result<Visit, StoreError>,
    ) -> Result<Visit, StoreError> {
        let tx = self
            .database()
            .transaction([schema::VISITS, schema::CUSTOMERS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISITS)?;
        let stored: Option<Stored<Visit>> = store.get(id).serde()?.await?;
        let stored = stored
            .map(|s| self.open_stored(schema::VISITS, s))
            .transpose()?;
        let visit = change(stored)?;
        self.put_visit_in(&store, &tx.object_store(schema::CUSTOMERS)?, &visit)
            .await?;
        tx.commit().await?;
        Ok(visit)
    }

    async fn put_visit_in(
        &self,
        visits: &ObjectStore<'_>,
        customers: &ObjectStore<'_>,
        visit: &Visit,
    ) -> Result<(), StoreError> {
        let seal = self.is_file_sealed(customers, &visit.customer_id).await?;
        let record =
            self.to_stored(seal, schema::VISITS, &visit.id, 0, visit_keys(visit), visit)?;
        visits.put(&record).serde()?.await?;
        Ok(())
    }

    async fn visits_by_index(
        &self,
        index: &str,
        key: &str,
    ) -> Result<Vec<Stored<Visit>>, StoreError> {
        let tx = self.database().transaction(schema::VISITS).build()?;
        let store = tx.object_store(schema::VISITS)?;
        let found = store
            .index(index)?
            .get_all()
            .with_query(key)
            .serde()?
            .await?;
        let visits = found.collect::<Result<Vec<Stored<Visit>>, _>>()?;
        tx.commit().await?;
        Ok(visits)
    }
}

impl VisitStore for Db {
    async fn visit(&self, id: &str) -> Result<Option<Visit>, StoreError> {
        let tx = self.database().transaction(schema::VISITS).build()?;
        let found: Option<Stored<Visit>> =
            tx.object_store(schema::VISITS)?.get(id).serde()?.await?;
        tx.commit().await?;
        found
            .map(|s| self.open_stored(schema::VISITS, s))
            .transpose()
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
        self.change_visit(visit_id, |stored| {
            let mut visit =
                stored.ok_or_else(|| StoreError::Corrupt(format!("no visit {visit_id}")))?;
            let follow_up = visit.follow_ups.get_mut(index).ok_or_else(|| {
                StoreError::Corrupt(format!("no follow-up {index} in visit {visit_id}"))
            })?;
            follow_up.done_at = at;
            Ok(visit)
        })
        .await
        .map(drop)
    }

    async fn amend_visit(&self, visit_id: &str, amendment: Amendment) -> Result<Visit, StoreError> {
        self.change_visit(visit_id, |stored| {
            let mut visit = stored
                .filter(|v| v.status == VisitStatus::Submitted)
                .ok_or_else(|| StoreError::Corrupt(format!("no submitted visit {visit_id}")))?;
            visit.amendments.push(amendment);
            Ok(visit)
        })
        .await
    }

    async fn discard_visit(&self, id: &str) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::VISITS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(schema::VISITS)?;
        let stored: Option<Stored<Visit>> = store.get(id).serde()?.await?;
        // The status is readable without opening a sealed visit.
        let submitted = match &stored {
            Some(Stored::Sealed(env)) => {
                env.status.as_deref() == Some(status_key(VisitStatus::Submitted))
            }
            Some(Stored::Plain(v)) => v.status == VisitStatus::Submitted,
            None => false,
        };
        if submitted {
            return Err(StoreError::VisitFinal);
        }
        store.delete(id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn visits_for(&self, customer_id: &str) -> Result<Vec<Visit>, StoreError> {
        let found = self
            .visits_by_index(schema::VISITS_BY_CUSTOMER, customer_id)
            .await?;
        // One file's visits: all of them, or Locked.
        let mut visits = found
            .into_iter()
            .map(|s| self.open_stored(schema::VISITS, s))
            .collect::<Result<Vec<_>, _>>()?;
        newest_first(&mut visits);
        Ok(visits)
    }

    async fn visits_with(&self, status: VisitStatus) -> Result<Vec<Visit>, StoreError> {
        let found = self
            .visits_by_index(schema::VISITS_BY_STATUS, status_key(status))
            .await?;
        // Lists across files show what they can; sealed visits wait for the unlock.
        let mut visits = self.open_all(schema::VISITS, found)?;
        newest_first(&mut visits);
        Ok(visits)
    }
}
