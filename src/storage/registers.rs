//! Head office's registers, sealed in `meta` (they name files and people's reasons):
//! viewing requests, the lending register and the record of copies. Each change reads
//! the register and writes it back in one transaction, and checks who is asking against
//! the person unlocked (`core::people`), not only the page.

use chrono::{DateTime, NaiveDate, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Db;
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use super::sealed::{meta_ref, put_sealed_list_in, sealed_list_in};
use crate::core::lending::{self, CopyKind, CopyMade, Loan, LoanError, LoanForm};
use crate::core::people::viewing::{self, ViewingError, ViewingRequest};
use crate::core::people::{self, Action, Actor, Gate};
use crate::core::store::StoreError;
use crate::core::vault::Sealed;

/// Why a register entry was not written. Nothing is.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RegisterError {
    #[error(transparent)]
    Viewing(#[from] ViewingError),
    #[error(transparent)]
    Loan(#[from] LoanError),
    #[error("not allowed: {0:?}")]
    NotAllowed(Gate),
    #[error("no such entry")]
    Missing,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<indexed_db_futures::error::Error> for RegisterError {
    fn from(e: indexed_db_futures::error::Error) -> RegisterError {
        RegisterError::Store(e.into())
    }
}

impl Db {
    /// A sealed register in `meta`, empty if none yet.
    pub(super) async fn register<T: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Vec<T>, StoreError> {
        let Some(sealed) = self.meta::<Sealed>(key).await? else {
            return Ok(Vec::new());
        };
        Ok(sealed.open_json(&self.key()?, meta_ref(key))?)
    }

    /// Changes register `key` with `change`, read and written in one transaction.
    pub(super) async fn change_register<T, R>(
        &self,
        key: &str,
        change: impl FnOnce(&mut Vec<T>) -> Result<R, RegisterError>,
    ) -> Result<R, RegisterError>
    where
        T: DeserializeOwned + Serialize,
    {
        let data_key = self.key()?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let mut all: Vec<T> = sealed_list_in(&meta, key, &data_key).await?;
        let out = change(&mut all)?;
        put_sealed_list_in(&meta, key, &data_key, &all).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// The desk's code ("HQ"), for signatures.
    async fn desk_code(&self) -> Result<String, StoreError> {
        Ok(self
            .profile()
            .await?
            .map(|p| p.rep_code)
            .unwrap_or_default())
    }

    /// Every viewing request, newest first.
    pub async fn viewing_requests(&self) -> Result<Vec<ViewingRequest>, StoreError> {
        let mut all: Vec<ViewingRequest> = self.register(meta_keys::VIEWING_REQUESTS).await?;
        all.sort_by_key(|r| std::cmp::Reverse(r.at));
        Ok(all)
    }

    /// The person unlocked asks to view `file` for `purpose` over `period`.
    pub async fn request_viewing(
        &self,
        file: (&str, &str),
        purpose: &str,
        period: (NaiveDate, NaiveDate),
        id: String,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<ViewingRequest, RegisterError> {
        let person = self
            .person()
            .ok_or(RegisterError::NotAllowed(Gate::SignIn))?;
        let code = self.desk_code().await?;
        self.change_register(meta_keys::VIEWING_REQUESTS, |all| {
            let r = viewing::request(all, &person, &code, file, purpose, period, id, now, today)?;
            all.push(r.clone());
            Ok(r)
        })
        .await
    }

    /// The person unlocked decides viewing request `id`.
    pub async fn decide_viewing(
        &self,
        id: &str,
        approve: bool,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), RegisterError> {
        let person = self
            .current_person()
            .await?
            .ok_or(RegisterError::NotAllowed(Gate::SignIn))?;
        let by = person.signature(&self.desk_code().await?);
        let actor = Actor::Office(person);
        self.change_register(
            meta_keys::VIEWING_REQUESTS,
            |all: &mut Vec<ViewingRequest>| {
                let r = all
                    .iter_mut()
                    .find(|r| r.id == id)
                    .ok_or(RegisterError::Missing)?;
                viewing::decide(r, &actor, &by, approve, reason, now)?;
                Ok(())
            },
        )
        .await
    }

    /// The lending register, newest first.
    pub async fn loans(&self) -> Result<Vec<Loan>, StoreError> {
        let mut all: Vec<Loan> = self.register(meta_keys::LOANS).await?;
        all.sort_by_key(|l| std::cmp::Reverse(l.at));
        Ok(all)
    }

    /// Lends as the archivist unlocked (or the desk's one user): `known` says which
    /// archive numbers are files here.
    pub async fn lend(
        &self,
        form: &LoanForm,
        known: impl Fn(&str) -> bool,
        id: String,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Loan, RegisterError> {
        let approver = self.lender().await?;
        self.change_register(meta_keys::LOANS, |all| {
            let loan = lending::lend(form, known, &approver, id, now, today)?;
            all.push(loan.clone());
            Ok(loan)
        })
        .await
    }

    /// Records loan `id` as returned on `on`.
    pub async fn return_loan(&self, id: &str, on: NaiveDate) -> Result<(), RegisterError> {
        self.lender().await?;
        self.change_register(meta_keys::LOANS, |all: &mut Vec<Loan>| {
            let loan = all
                .iter_mut()
                .find(|l| l.id == id)
                .ok_or(RegisterError::Missing)?;
            lending::give_back(loan, on)?;
            Ok(())
        })
        .await
    }

    /// Who approves a loan here: the archivist unlocked, or the desk's one user.
    async fn lender(&self) -> Result<String, RegisterError> {
        let actor = self.actor().await?;
        people::may(&actor, Action::Lend).map_err(RegisterError::NotAllowed)?;
        let profile = self.profile().await?.unwrap_or_default();
        Ok(match actor.person() {
            Some(p) => p.signature(&profile.rep_code),
            None => profile.signature(),
        })
    }

    /// The record of copies, newest first.
    pub async fn copies(&self) -> Result<Vec<CopyMade>, StoreError> {
        let mut all: Vec<CopyMade> = self.meta(meta_keys::COPIES).await?.unwrap_or_default();
        all.sort_by_key(|c| std::cmp::Reverse(c.at));
        Ok(all)
    }

    /// Records a copy of `files` made by `by` (who is acting) for `why`. Kept in the
    /// clear, unlike the other registers: a list of plain files is exported while the
    /// vault is locked too, and the entry holds only archive numbers (which the
    /// catalogue shows of every file) and the reason given.
    pub async fn record_copy(
        &self,
        kind: CopyKind,
        files: &[String],
        by: &str,
        why: &str,
        id: String,
        now: DateTime<Utc>,
    ) -> Result<CopyMade, RegisterError> {
        let entry = lending::copy_made(kind, files, by, why, id, now)?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let found: Option<MetaEntry<Vec<CopyMade>>> = meta.get(meta_keys::COPIES).serde()?.await?;
        let mut all = found.map(|e| e.value).unwrap_or_default();
        all.push(entry.clone());
        meta.put(MetaEntry {
            key: meta_keys::COPIES.to_owned(),
            value: &all,
        })
        .serde()?
        .await?;
        tx.commit().await?;
        Ok(entry)
    }
}
