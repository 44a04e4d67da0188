//! A rep's proposals of head-office decisions and the decisions that came back, kept
//! sealed in `meta` (a reason may name confidential matters): made here, carried in
//! every bundle to head office until decided, updated by the import that brings the
//! decision.

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde_json::Value;

use super::Db;
use super::schema::{self, meta_keys};
use super::sealed::{meta_ref, put_sealed_list_in, sealed_list_in};
use crate::core::authority::proposal::{self, Field, Mine, Proposal, ProposeError, Returned};
use crate::core::store::{CustomerStore, StoreError};
use crate::core::vault::{DataKey, Sealed};

/// Why a proposal was not made. Nothing is written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ProposeStoreError {
    #[error(transparent)]
    Propose(#[from] ProposeError),
    #[error("the file is no longer here")]
    NoFile,
    #[error("set your name and rep code first")]
    NoProfile,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<indexed_db_futures::error::Error> for ProposeStoreError {
    fn from(e: indexed_db_futures::error::Error) -> ProposeStoreError {
        ProposeStoreError::Store(e.into())
    }
}

impl Db {
    /// This laptop's proposals, newest first, with what came back.
    pub async fn proposals(&self) -> Result<Vec<Mine>, StoreError> {
        let Some(sealed) = self.meta::<Sealed>(meta_keys::PROPOSALS).await? else {
            return Ok(Vec::new());
        };
        let mut all: Vec<Mine> = sealed.open_json(&self.key()?, meta_ref(meta_keys::PROPOSALS))?;
        all.sort_by_key(|m| std::cmp::Reverse(m.proposal.at));
        Ok(all)
    }

    /// Proposes `field` = `value` for file `file` with `reason`, as this laptop's rep.
    /// The file itself is not changed.
    pub async fn propose(
        &self,
        file: &str,
        field: Field,
        value: Value,
        reason: &str,
        ulid: &str,
        now: DateTime<Utc>,
    ) -> Result<Proposal, ProposeStoreError> {
        let profile = self
            .profile()
            .await?
            .filter(|p| !p.name.trim().is_empty() && !p.rep_code.trim().is_empty())
            .ok_or(ProposeStoreError::NoProfile)?;
        let c = self
            .customer(file)
            .await?
            .ok_or(ProposeStoreError::NoFile)?;
        let current = match field {
            Field::Grade => serde_json::to_value(&c.credit),
            Field::Level => serde_json::to_value(c.secret),
            Field::Close => serde_json::to_value(&c.closure),
            Field::Destroy => Ok(Value::Null),
        }
        .unwrap_or(Value::Null);
        let key = self.key()?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let mut held = held_in(&meta, &key).await?;
        let made = proposal::propose(
            &held,
            file,
            &c.archive_no,
            field,
            value,
            &current,
            reason,
            (&profile.rep_code, &profile.name),
            ulid,
            now,
        )?;
        held.push(Mine {
            proposal: made.clone(),
            decision: None,
        });
        put_in(&meta, &key, &held).await?;
        tx.commit().await?;
        Ok(made)
    }

    /// The proposals still waiting, for the next bundle to head office.
    pub(super) async fn pending_proposals(&self) -> Result<Vec<Proposal>, StoreError> {
        if self.meta::<Sealed>(meta_keys::PROPOSALS).await?.is_none() {
            return Ok(Vec::new());
        }
        Ok(proposal::pending(&self.proposals().await?))
    }

    /// Takes head office's decisions `back` within the import's transaction over `meta`.
    pub(super) async fn take_decisions(
        &self,
        meta: &ObjectStore<'_>,
        back: &[Returned],
        me: (&str, &str),
    ) -> Result<usize, StoreError> {
        if back.is_empty() {
            return Ok(0);
        }
        let key = self.key()?;
        let mut held = held_in(meta, &key).await?;
        let new = proposal::returned(&mut held, back, me);
        if new > 0 {
            put_in(meta, &key, &held).await?;
        }
        Ok(new)
    }
}

async fn held_in(meta: &ObjectStore<'_>, key: &DataKey) -> Result<Vec<Mine>, StoreError> {
    sealed_list_in(meta, meta_keys::PROPOSALS, key).await
}

async fn put_in(meta: &ObjectStore<'_>, key: &DataKey, held: &[Mine]) -> Result<(), StoreError> {
    put_sealed_list_in(meta, meta_keys::PROPOSALS, key, held).await
}
