//! Bundles in storage: setting up the exchange (head office, or a field laptop from an
//! enrolment file), writing a bundle of what changed since the peer's last
//! acknowledgement, and importing one: every check first, a preview, then all of it in
//! one transaction, with the custody log written either way. Needs the vault unlocked:
//! the keys are sealed, and so may be the records.
//!
//! `export.rs` writes bundles, `import.rs` checks and applies them; set-up, trust,
//! reference lists and the custody log are here.

mod export;
mod import;

pub(super) use import::remote_viewing_key;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};

use super::Db;
use super::customers::{complaint_keys, history_keys};
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use super::sealed::{Envelope, Stored};
use crate::core::bundle::exchange::{
    CustodyEntry, Direction, ENROLMENT_FORMAT, Enrolment, EnrolmentError, Exchange, Revocation,
    RevokeReason,
};
use crate::core::bundle::keys::{DeviceKeys, PublicIdentity, Role};
use crate::core::bundle::plan::{self, Local, Summary};
use crate::core::bundle::{self, Ack, BundleError, Contents, Outgoing, Receiver, Verified};
use crate::core::complaint::Complaint;
use crate::core::customer::history::HistoryEntry;
use crate::core::customer::model::Customer;
use crate::core::reference::ReferenceLists;
use crate::core::store::StoreError;
use crate::core::vault::log::ViewingEntry;
use crate::core::vault::{DataKey, RecordRef, Sealed};
use crate::core::visit::model::{Visit, VisitStatus};
use crate::platform::digest;

const DEVICE_KEYS_REF: RecordRef = RecordRef {
    store: schema::META,
    id: meta_keys::DEVICE_KEYS,
    revision: 0,
};

/// Why an exchange step failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum ExchangeError {
    #[error(transparent)]
    Bundle(#[from] BundleError),
    #[error(transparent)]
    Enrolment(#[from] EnrolmentError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("bundles are not set up on this laptop yet")]
    NotSetUp,
    #[error("bundles are already set up on this laptop")]
    AlreadySetUp,
    /// Another tab wrote or imported a bundle while this one was at work: nothing of
    /// this one was recorded.
    #[error("another bundle was written or imported at the same moment")]
    Concurrent,
}

/// A bundle that passed every check, with what importing it would do.
#[derive(Clone)]
pub struct Prepared {
    pub verified: Verified,
    pub summary: Summary,
    pub file_name: String,
    pub size: u64,
}

/// A written bundle: its file name and bytes.
pub struct Exported {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub counts: bundle::Counts,
}

/// What an import needs to know of a stored file: plain records and envelopes both
/// carry `id` and `revision`; only envelopes carry `sealed`.
#[derive(Deserialize)]
struct Revision {
    id: String,
    revision: u32,
    #[serde(default)]
    sealed: Option<serde::de::IgnoredAny>,
}

/// A viewing entry received from a rep, as head office keeps it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct RemoteViewing {
    pub(super) id: String,
    pub(super) device: String,
    pub(super) entry: ViewingEntry,
}

impl Db {
    /// The exchange's public facts, `None` until set up.
    pub async fn exchange(&self) -> Result<Option<Exchange>, StoreError> {
        self.meta(meta_keys::EXCHANGE).await
    }

    /// The exchange as it is within a readwrite transaction over `meta`: what an export
    /// or an import changes and writes back in that transaction, so that neither loses
    /// what the other recorded while it was at work.
    async fn exchange_in(
        meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    ) -> Result<Exchange, ExchangeError> {
        let entry: Option<MetaEntry<Exchange>> = meta.get(meta_keys::EXCHANGE).serde()?.await?;
        entry.map(|e| e.value).ok_or(ExchangeError::NotSetUp)
    }

    async fn device_keys(&self) -> Result<DeviceKeys, ExchangeError> {
        let key = self.key()?;
        let sealed: Sealed = self
            .meta(meta_keys::DEVICE_KEYS)
            .await?
            .ok_or(ExchangeError::NotSetUp)?;
        Ok(sealed
            .open_json(&key, DEVICE_KEYS_REF)
            .map_err(StoreError::from)?)
    }

    async fn store_keys(&self, keys: &DeviceKeys, exchange: &Exchange) -> Result<(), StoreError> {
        let sealed = Sealed::seal_json(&self.key()?, DEVICE_KEYS_REF, keys);
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        meta.put(MetaEntry {
            key: meta_keys::DEVICE_KEYS.to_owned(),
            value: sealed,
        })
        .serde()?
        .await?;
        meta.put(MetaEntry {
            key: meta_keys::EXCHANGE.to_owned(),
            value: exchange,
        })
        .serde()?
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Within a backup's restore, over its transaction's `meta`, before it commits: a
    /// field laptop's restored database becomes a new device. New keys for the same rep,
    /// sealed under `key` (the restored vault's data key), replace the backed-up laptop's,
    /// and the exchange is reset for a device head office has never seen
    /// ([`Exchange::restored`]). Head office's keys stay: every rep trusts them. Returns
    /// whether the keys were replaced.
    pub(super) async fn renew_device_in(
        meta: &indexed_db_futures::object_store::ObjectStore<'_>,
        key: &DataKey,
    ) -> Result<bool, StoreError> {
        let entry: Option<MetaEntry<Exchange>> = meta.get(meta_keys::EXCHANGE).serde()?.await?;
        let Some(old) = entry.map(|e| e.value).filter(|e| e.role == Role::Field) else {
            return Ok(false);
        };
        let keys = DeviceKeys::generate(Role::Field, &old.me.rep_code, &old.me.name);
        meta.put(MetaEntry {
            key: meta_keys::DEVICE_KEYS.to_owned(),
            value: Sealed::seal_json(key, DEVICE_KEYS_REF, &keys),
        })
        .serde()?
        .await?;
        meta.put(MetaEntry {
            key: meta_keys::EXCHANGE.to_owned(),
            value: old.restored(keys.public()),
        })
        .serde()?
        .await?;
        Ok(true)
    }

    /// Makes this laptop head office, with new organisation keys.
    pub async fn set_up_head_office(&self, name: &str) -> Result<Exchange, ExchangeError> {
        if self.exchange().await?.is_some() {
            return Err(ExchangeError::AlreadySetUp);
        }
        let keys = DeviceKeys::generate(Role::HeadOffice, "HQ", name);
        let exchange = Exchange::new(Role::HeadOffice, keys.public());
        self.store_keys(&keys, &exchange).await?;
        Ok(exchange)
    }

    /// Head office: the enrolment file for a rep, who is then expected.
    pub async fn enrol(
        &self,
        rep_code: &str,
        rep_name: &str,
        now: DateTime<Utc>,
    ) -> Result<Enrolment, ExchangeError> {
        let mut exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        let enrolment = Enrolment {
            format: ENROLMENT_FORMAT.into(),
            version: 1,
            office: exchange.me.clone(),
            rep_code: rep_code.to_owned(),
            rep_name: rep_name.to_owned(),
            created_at: now,
        };
        // Enrolling a rep again (a new laptop) revokes the device it had.
        exchange.enrol(rep_code, rep_name, now);
        self.set_meta(meta_keys::EXCHANGE, &exchange).await?;
        Ok(enrolment)
    }

    /// Head office: stops trusting rep `rep_code`'s device (lost, stolen, retired).
    /// Its bundles are refused from then on, naming the revocation.
    pub async fn revoke_device(
        &self,
        rep_code: &str,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<Option<Revocation>, ExchangeError> {
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let mut exchange = Self::exchange_in(&meta).await?;
        let revocation = exchange.revoke(rep_code, reason, now);
        meta.put(MetaEntry {
            key: meta_keys::EXCHANGE.to_owned(),
            value: &exchange,
        })
        .serde()?
        .await?;
        tx.commit().await?;
        Ok(revocation)
    }

    /// Sets up this field laptop from head office's enrolment file.
    pub async fn set_up_from_enrolment(&self, bytes: &[u8]) -> Result<Exchange, ExchangeError> {
        if self.exchange().await?.is_some() {
            return Err(ExchangeError::AlreadySetUp);
        }
        let enrolment = Enrolment::parse(bytes)?;
        if let Some(profile) = self.profile().await?
            && profile.rep_code != enrolment.rep_code
        {
            return Err(EnrolmentError::OtherRep {
                enrolment: enrolment.rep_code,
                profile: profile.rep_code,
            }
            .into());
        }
        let keys = DeviceKeys::generate(Role::Field, &enrolment.rep_code, &enrolment.rep_name);
        let mut exchange = Exchange::new(Role::Field, keys.public());
        exchange
            .trusted
            .insert(enrolment.office.id.clone(), enrolment.office.clone());
        exchange.office = Some(enrolment.office);
        self.store_keys(&keys, &exchange).await?;
        if self.profile().await?.is_none() {
            self.set_profile(&crate::core::store::Profile {
                name: enrolment.rep_name,
                rep_code: enrolment.rep_code,
            })
            .await?;
        }
        Ok(exchange)
    }

    /// Head office's reference lists (empty until it sets some, or sends them).
    pub async fn reference_lists(&self) -> Result<ReferenceLists, StoreError> {
        Ok(self
            .meta(meta_keys::REFERENCE_LISTS)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_reference_lists(&self, lists: &ReferenceLists) -> Result<(), StoreError> {
        self.set_meta(meta_keys::REFERENCE_LISTS, lists).await
    }

    /// Head office: trusts a rep's device after the fingerprints were compared.
    pub async fn trust_device(&self, device: PublicIdentity) -> Result<(), ExchangeError> {
        let mut exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        exchange.trust(device, Utc::now())?;
        self.set_meta(meta_keys::EXCHANGE, &exchange).await?;
        Ok(())
    }

    async fn log_custody(&self, entry: &CustodyEntry) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::CUSTODY_LOG)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(schema::CUSTODY_LOG)?
            .put(entry)
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The custody log, newest first.
    pub async fn custody_log(&self) -> Result<Vec<CustodyEntry>, StoreError> {
        let tx = self.database().transaction(schema::CUSTODY_LOG).build()?;
        let all = tx
            .object_store(schema::CUSTODY_LOG)?
            .get_all()
            .serde()?
            .await?;
        let mut all = all.collect::<Result<Vec<CustodyEntry>, _>>()?;
        tx.commit().await?;
        all.sort_by_key(|e| std::cmp::Reverse(e.at));
        Ok(all)
    }

    /// This laptop's public key file for `minisign -V`, and its `age` recipient.
    pub async fn public_key_files(&self) -> Result<(String, String), ExchangeError> {
        let exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        Ok((
            bundle::minisign::public_key_file(&exchange.me),
            exchange.me.age_recipient(),
        ))
    }
}

impl From<indexed_db_futures::error::Error> for ExchangeError {
    fn from(e: indexed_db_futures::error::Error) -> ExchangeError {
        ExchangeError::Store(e.into())
    }
}
