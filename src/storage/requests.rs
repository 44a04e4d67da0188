//! Head office's requests: reps' proposals of its decisions, kept sealed in `meta`
//! (their reasons may name confidential matters), added by an import within its own
//! transaction, and decided here: an approval is head office's own change of the file,
//! made through the usual save, and travels back to the rep in the next bundle.

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::schema::{self, meta_keys};
use super::sealed::{meta_ref, put_sealed_list_in, sealed_list_in};
use crate::core::authority::request::{self, Decision, Request};
use crate::core::customer::destruction;
use crate::core::customer::save::{self, SaveError};
use crate::core::people::{self, Actor, Gate};
use crate::core::store::{CustomerStore, Profile, StoreError};
use crate::core::vault::{DataKey, Sealed};

/// Why a decision was not recorded.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DecideError {
    #[error("this request was already decided")]
    Decided,
    #[error("the file is no longer here")]
    NoFile,
    /// The rules do not allow the destruction yet.
    #[error(transparent)]
    Destruction(#[from] destruction::Refusal),
    /// The person unlocked may not decide this (`core::people`).
    #[error("not allowed: {0:?}")]
    NotAllowed(Gate),
    #[error(transparent)]
    Save(#[from] SaveError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Db {
    /// Every request, newest first.
    pub async fn requests(&self) -> Result<Vec<Request>, StoreError> {
        let Some(sealed) = self.meta::<Sealed>(meta_keys::REQUESTS).await? else {
            return Ok(Vec::new());
        };
        let mut all: Vec<Request> =
            sealed.open_json(&self.key()?, meta_ref(meta_keys::REQUESTS))?;
        all.sort_by_key(|r| std::cmp::Reverse(r.at));
        Ok(all)
    }

    /// Adds `new` to the requests held, within the caller's readwrite transaction over
    /// `meta`. Returns how many were new.
    pub(super) async fn add_requests(
        &self,
        meta: &ObjectStore<'_>,
        new: &[Request],
    ) -> Result<usize, StoreError> {
        if new.is_empty() {
            return Ok(0);
        }
        let key = self.key()?;
        let mut held = held_in(meta, &key).await?;
        let added = request::add(&mut held, new);
        put_in(meta, &key, &held).await?;
        Ok(added)
    }

    /// Head office decides request `id` as `profile`: an approval makes the proposed
    /// change (or destroys the file) as head office's own, recorded in the file's history
    /// with `reason`; a decline keeps the file as it is. Either way the decision is kept.
    pub async fn decide_request(
        &self,
        id: &str,
        approve: bool,
        profile: &Profile,
        reason: &str,
        now: DateTime<Utc>,
        history_id: String,
    ) -> Result<(), DecideError> {
        let all = self.requests().await?;
        let r = all
            .iter()
            .find(|r| r.id == id)
            .ok_or(StoreError::Conflict)?
            .clone();
        // At a desk with people, only the role the field needs decides, in their name.
        let mut profile = profile.clone();
        if self.has_people().await? {
            let person = self
                .current_person()
                .await?
                .ok_or(DecideError::NotAllowed(Gate::SignIn))?;
            people::may_decide(&Actor::Office(person.clone()), &r.field)
                .map_err(DecideError::NotAllowed)?;
            profile.name = person.name;
        }
        let profile = &profile;
        let by = profile.signature();
        // Claimed first, in one transaction: two tabs (or a double press) never both
        // decide it; if the change then fails, the claim is taken back.
        self.record_decision(
            id,
            Some(Decision {
                approved: approve,
                by: by.clone(),
                at: now,
                reason: reason.trim().to_owned(),
            }),
        )
        .await?;
        let applied = if approve {
            self.apply_request(&r, profile, &by, reason, now, history_id)
                .await
        } else {
            Ok(())
        };
        if let Err(e) = applied {
            self.record_decision(id, None).await?;
            return Err(e);
        }
        Ok(())
    }

    /// Head office makes the change `r` proposes, as its own.
    async fn apply_request(
        &self,
        r: &Request,
        profile: &Profile,
        by: &str,
        reason: &str,
        now: DateTime<Utc>,
        history_id: String,
    ) -> Result<(), DecideError> {
        let file = self.customer(&r.file).await?.ok_or(DecideError::NoFile)?;
        if r.field == "destruction" {
            // The approver is who decides here; the rep proposed it.
            let record = destruction::destroy(&file, by, by, now, now.date_naive())?;
            self.destroy_file(&record).await?;
            return Ok(());
        }
        request::approved(&file, r, by, now).ok_or(DecideError::NoFile)?;
        // Applied to the file as it is when saved, not as read above.
        save::change(
            self,
            &r.file,
            Some(profile),
            reason,
            now,
            history_id,
            |c, _| {
                if let Some(changed) = request::approved(c, r, by, now) {
                    *c = changed;
                }
            },
        )
        .await?;
        Ok(())
    }

    /// Writes `decision` into request `id` (or takes one back, with `None`), reading the
    /// requests again in the write's own transaction: a decision already there is
    /// [`DecideError::Decided`].
    async fn record_decision(
        &self,
        id: &str,
        decision: Option<Decision>,
    ) -> Result<(), DecideError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(StoreError::from)?;
        let meta = tx.object_store(schema::META).map_err(StoreError::from)?;
        let mut held = held_in(&meta, &key).await?;
        let r = held
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or(StoreError::Conflict)?;
        if decision.is_some() && r.decision.is_some() {
            return Err(DecideError::Decided);
        }
        r.decision = decision;
        put_in(&meta, &key, &held).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }
}

/// The requests held, within a transaction over `meta`.
async fn held_in(meta: &ObjectStore<'_>, key: &DataKey) -> Result<Vec<Request>, StoreError> {
    sealed_list_in(meta, meta_keys::REQUESTS, key).await
}

/// Writes `held` back, sealed, within the same transaction.
async fn put_in(meta: &ObjectStore<'_>, key: &DataKey, held: &[Request]) -> Result<(), StoreError> {
    put_sealed_list_in(meta, meta_keys::REQUESTS, key, held).await
}
