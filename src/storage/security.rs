//! Security events and leak reports in storage (`core::security`), both in `meta`.
//!
//! Events are kept plain: the one that matters most, a run of wrong passphrases, is
//! counted while the data key is not in memory, and none holds customer data (an
//! integrity failure names a store and a record id). They are recorded where they
//! happen: the unlock, the recovery and the passphrase change in `vault.rs`, the
//! restore in `backup.rs`, and integrity failures where a read finds them (`sealed.rs`,
//! the viewing record).
//!
//! Leak reports are sealed under the data key, like head office's requests: they say
//! what leaked and name the files, which can be as confidential as the files
//! themselves. So one is filed while the vault is unlocked, as every bundle is made.

use std::cell::RefCell;
use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use super::sealed::{meta_ref, put_sealed_list_in, sealed_list_in};
use crate::core::security::leak::{self, HandleError};
use crate::core::security::{self, EventKind, LeakReport, Received, SecurityEvent};
use crate::core::store::StoreError;
use crate::core::vault::log::ChainError;
use crate::core::vault::{DataKey, Failures, Sealed, VaultError};

/// Integrity failures recorded in this page's life: each once, and no more than this
/// many (a thousand altered records make one alarm, not a thousand writes).
const MAX_NOTED: usize = 20;

thread_local! {
    static NOTED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// Why a leak report was not marked handled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LeakHandleError {
    #[error(transparent)]
    Handle(#[from] HandleError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Db {
    /// The security events held: this laptop's own and, at head office, reps'.
    pub async fn security_events(&self) -> Result<Vec<SecurityEvent>, StoreError> {
        Ok(self
            .meta(meta_keys::SECURITY_EVENTS)
            .await?
            .unwrap_or_default())
    }

    /// The wrong unlock attempts counted since the last unlock.
    pub(super) async fn unlock_failures(&self) -> Result<Failures, StoreError> {
        Ok(self
            .meta(meta_keys::UNLOCK_FAILURES)
            .await?
            .unwrap_or_default())
    }

    /// After the vault opened: the wrong attempts counted before (`failed`) become one
    /// event and the notice the user is shown, `event` (a recovery, a passphrase
    /// change, a restore) is recorded beside them, and the count starts again. One
    /// transaction, so the count is never cleared without being recorded.
    pub(super) async fn note_security(
        &self,
        failed: &Failures,
        event: Option<EventKind>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        meta.put(MetaEntry {
            key: meta_keys::UNLOCK_FAILURES.to_owned(),
            value: Failures::default(),
        })
        .serde()?
        .await?;
        let mut new = Vec::new();
        if let Some(e) = SecurityEvent::failed_unlocks(failed, now) {
            meta.put(MetaEntry {
                key: meta_keys::UNLOCK_NOTICE.to_owned(),
                value: &e,
            })
            .serde()?
            .await?;
            new.push(e);
        }
        new.extend(event.map(|kind| SecurityEvent::new(kind, now)));
        add_events_in(&meta, &new).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The failed unlocks the user has not yet been told of.
    pub async fn unlock_notice(&self) -> Result<Option<SecurityEvent>, StoreError> {
        self.meta(meta_keys::UNLOCK_NOTICE).await
    }

    /// The user has read it; the event itself stays, and travels.
    pub async fn dismiss_unlock_notice(&self) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(schema::META)?
            .delete(meta_keys::UNLOCK_NOTICE)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The error a sealed record of `store` (`id`) gave on opening; one that fails its
    /// authentication is recorded as an integrity failure.
    pub(super) fn sealed_record_failed(&self, store: &str, id: &str, e: VaultError) -> StoreError {
        if e == VaultError::Tampered {
            self.integrity_failed(EventKind::SealedRecordFailed {
                store: store.to_owned(),
                record: id.to_owned(),
            });
        }
        e.into()
    }

    /// Records that the viewing record's chain is broken.
    pub(super) fn chain_broken(&self, e: &ChainError) {
        let (ChainError::Altered(entry)
        | ChainError::Missing(entry)
        | ChainError::Truncated(entry)) = *e;
        self.integrity_failed(EventKind::ViewingRecordBroken { entry });
    }

    /// Records an integrity failure in the background: the reads that find one are
    /// not where a write can wait, and their caller shows the failure anyway.
    fn integrity_failed(&self, kind: EventKind) {
        let event = SecurityEvent::integrity(kind, Utc::now());
        let fresh = NOTED.with(|noted| {
            let mut noted = noted.borrow_mut();
            noted.len() < MAX_NOTED && noted.insert(event.id.clone())
        });
        if !fresh {
            return;
        }
        let db = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            // Nothing to tell anyone if this fails too: the read already said it.
            let _ = db.add_events(&[event]).await;
        });
    }

    async fn add_events(&self, new: &[SecurityEvent]) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        add_events_in(&tx.object_store(schema::META)?, new).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every leak report held, those waiting first, newest first.
    pub async fn leak_reports(&self) -> Result<Vec<LeakReport>, StoreError> {
        let Some(sealed) = self.meta::<Sealed>(meta_keys::LEAK_REPORTS).await? else {
            return Ok(Vec::new());
        };
        Ok(leak::listed(sealed.open_json(
            &self.key()?,
            meta_ref(meta_keys::LEAK_REPORTS),
        )?))
    }

    /// Files a leak report here: at head office it is listed at once; on a rep's laptop
    /// it goes with the next bundle.
    pub async fn file_leak_report(&self, report: &LeakReport) -> Result<(), StoreError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let mut held = leaks_in(&meta, &key).await?;
        leak::add_leaks(&mut held, std::slice::from_ref(report));
        put_leaks_in(&meta, &key, &held).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Head office marks report `key` ([`LeakReport::key`]) handled, reading the reports
    /// again in the write's transaction: two people never both handle it.
    pub async fn mark_leak_handled(
        &self,
        report: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<(), LeakHandleError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(StoreError::from)?;
        let meta = tx.object_store(schema::META).map_err(StoreError::from)?;
        let mut held = leaks_in(&meta, &key).await?;
        leak::mark_handled(&mut held, report, by, now)?;
        put_leaks_in(&meta, &key, &held).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(())
    }

    /// What a rep's bundle to head office carries: this laptop's events and leak
    /// reports recorded after `since` (head office's acknowledgement), or all.
    pub(super) async fn security_to_send(
        &self,
        since: Option<DateTime<Utc>>,
    ) -> Result<(Vec<SecurityEvent>, Vec<LeakReport>), StoreError> {
        let events = security::to_send(&self.security_events().await?, since);
        let leaks = leak::to_send(&self.leak_reports().await?, since);
        Ok((events, leaks))
    }

    /// Head office keeps what a rep's bundle brought, within the import's readwrite
    /// transaction over `meta`.
    pub(super) async fn add_received_security(
        &self,
        meta: &ObjectStore<'_>,
        received: &Received,
    ) -> Result<(), StoreError> {
        add_events_in(meta, &received.events).await?;
        if !received.leaks.is_empty() {
            let key = self.key()?;
            let mut held = leaks_in(meta, &key).await?;
            leak::add_leaks(&mut held, &received.leaks);
            put_leaks_in(meta, &key, &held).await?;
        }
        Ok(())
    }
}

/// Adds `new` to the events held, within a readwrite transaction over `meta`.
async fn add_events_in(meta: &ObjectStore<'_>, new: &[SecurityEvent]) -> Result<(), StoreError> {
    if new.is_empty() {
        return Ok(());
    }
    let found: Option<MetaEntry<Vec<SecurityEvent>>> =
        meta.get(meta_keys::SECURITY_EVENTS).serde()?.await?;
    let mut held = found.map(|e| e.value).unwrap_or_default();
    security::add_events(&mut held, new);
    meta.put(MetaEntry {
        key: meta_keys::SECURITY_EVENTS.to_owned(),
        value: &held,
    })
    .serde()?
    .await?;
    Ok(())
}

/// The leak reports held, within a transaction over `meta`.
async fn leaks_in(meta: &ObjectStore<'_>, key: &DataKey) -> Result<Vec<LeakReport>, StoreError> {
    sealed_list_in(meta, meta_keys::LEAK_REPORTS, key).await
}

/// Writes `held` back, sealed, within the same transaction.
async fn put_leaks_in(
    meta: &ObjectStore<'_>,
    key: &DataKey,
    held: &[LeakReport],
) -> Result<(), StoreError> {
    put_sealed_list_in(meta, meta_keys::LEAK_REPORTS, key, held).await
}
