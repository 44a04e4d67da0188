//! Bundles in storage: setting up the exchange (head office, or a field laptop from an
//! enrolment file), writing a bundle of what changed since the peer's last
//! acknowledgement, and importing one: every check first, a preview, then all of it in
//! one transaction, with the custody log written either way. Needs the vault unlocked:
//! the keys are sealed, and so may be the records.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};

use super::Db;
use super::customers::{complaint_keys, history_keys, visit_keys};
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use super::sealed::{Envelope, Keys, Stored};
use crate::core::bundle::exchange::{
    CustodyEntry, Direction, ENROLMENT_FORMAT, Enrolled, Enrolment, EnrolmentError, Exchange,
};
use crate::core::bundle::keys::{DeviceKeys, PublicIdentity, Role};
use crate::core::bundle::plan::{self, Local, Summary};
use crate::core::bundle::{self, Ack, BundleError, Contents, Outgoing, Receiver, Verified};
use crate::core::complaint::Complaint;
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::history::HistoryEntry;
use crate::core::customer::model::Customer;
use crate::core::reference::ReferenceLists;
use crate::core::store::StoreError;
use crate::core::vault::log::ViewingEntry;
use crate::core::vault::{RecordRef, Sealed};
use crate::core::visit::model::{Visit, VisitStatus};

const DEVICE_KEYS_REF: RecordRef = RecordRef {
    store: schema::META,
    id: meta_keys::DEVICE_KEYS,
    revision: 0,
};

/// Why an exchange step failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
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
struct RemoteViewing {
    id: String,
    device: String,
    entry: ViewingEntry,
}

impl Db {
    /// The exchange's public facts, `None` until set up.
    pub async fn exchange(&self) -> Result<Option<Exchange>, StoreError> {
        self.meta(meta_keys::EXCHANGE).await
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
        let device = exchange
            .enrolled
            .get(rep_code)
            .and_then(|e| e.device.clone());
        exchange.enrolled.insert(
            rep_code.to_owned(),
            Enrolled {
                name: rep_name.to_owned(),
                enrolled_at: now,
                device,
            },
        );
        self.set_meta(meta_keys::EXCHANGE, &exchange).await?;
        Ok(enrolment)
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

    /// Replaces the exchange's public facts (benchmarks seed data through it).
    #[doc(hidden)]
    pub async fn set_exchange_for_bench(&self, exchange: &Exchange) -> Result<(), StoreError> {
        self.set_meta(meta_keys::EXCHANGE, exchange).await
    }

    /// Head office: trusts a rep's device after the fingerprints were compared.
    pub async fn trust_device(&self, device: PublicIdentity) -> Result<(), ExchangeError> {
        let mut exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        exchange.trust(device)?;
        self.set_meta(meta_keys::EXCHANGE, &exchange).await?;
        Ok(())
    }

    /// Writes a bundle for `peer` (head office, or a rep's device) of what changed since
    /// the peer's last acknowledgement, or of everything.
    pub async fn export_bundle(
        &self,
        peer_id: &str,
        everything: bool,
        bundle_id: String,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Exported, ExchangeError> {
        let keys = self.device_keys().await?;
        let mut exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        let peer = exchange
            .trusted
            .get(peer_id)
            .cloned()
            .ok_or(ExchangeError::NotSetUp)?;
        let since = if everything {
            None
        } else {
            exchange.acknowledged.get(peer_id).copied()
        };
        // Head office sends a rep the files that are the rep's.
        let for_rep = (exchange.role == Role::HeadOffice).then(|| peer.rep_code.clone());
        let mut contents = self.changed_since(since, for_rep.as_deref()).await?;
        contents.ack = exchange.received.get(peer_id).cloned();
        if exchange.role == Role::HeadOffice {
            contents.reference = Some(self.reference_lists().await?).filter(|r| !r.is_empty());
        }
        let sequence = exchange.next_sequence;
        let written = bundle::write(
            Outgoing {
                sender: &keys,
                recipient: &peer,
                bundle_id,
                sequence,
                created_at: now,
            },
            &contents,
        );
        exchange.next_sequence += 1;
        let entry = CustodyEntry {
            id: format!("{}-{}", now.timestamp_millis(), written.manifest.bundle_id),
            at: now,
            by: by.to_owned(),
            direction: Direction::Export,
            peer: format!("{} {}", peer.rep_code, peer.name),
            file_name: written.manifest.file_name(),
            size: written.bytes.len() as u64,
            sha256: data_encoding::HEXLOWER.encode(&sha256(&written.bytes)),
            counts: written.manifest.counts.clone(),
            refused: String::new(),
        };
        let tx = self
            .database()
            .transaction([schema::META, schema::CUSTODY_LOG])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        tx.object_store(schema::META)?
            .put(MetaEntry {
                key: meta_keys::EXCHANGE.to_owned(),
                value: &exchange,
            })
            .serde()?
            .await?;
        tx.object_store(schema::CUSTODY_LOG)?
            .put(&entry)
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(Exported {
            file_name: written.manifest.file_name(),
            counts: written.manifest.counts,
            bytes: written.bytes,
        })
    }

    /// What would go into a bundle now: counts only, for the export screen.
    pub async fn export_preview(
        &self,
        peer_id: &str,
        everything: bool,
    ) -> Result<bundle::Counts, ExchangeError> {
        let exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        let peer = exchange
            .trusted
            .get(peer_id)
            .ok_or(ExchangeError::NotSetUp)?;
        let since = if everything {
            None
        } else {
            exchange.acknowledged.get(peer_id).copied()
        };
        let for_rep = (exchange.role == Role::HeadOffice).then(|| peer.rep_code.clone());
        Ok(self
            .changed_since(since, for_rep.as_deref())
            .await?
            .counts())
    }

    /// Records changed after `since` (all if `None`); for a rep, only that rep's files.
    async fn changed_since(
        &self,
        since: Option<DateTime<Utc>>,
        for_rep: Option<&str>,
    ) -> Result<Contents, StoreError> {
        let after = |t: DateTime<Utc>| since.is_none_or(|s| t > s);
        let customers: Vec<Customer> = self.open_every(schema::CUSTOMERS).await?;
        // A rep gets the files assigned to it, and those it created (so it also learns
        // when one of them is reassigned to someone else).
        let mine = |c: &Customer| {
            for_rep.is_none_or(|rep| {
                c.assigned_to == rep || c.archive_no.starts_with(&format!("{rep}-"))
            })
        };
        let chosen: std::collections::BTreeSet<String> = customers
            .iter()
            .filter(|c| mine(c))
            .map(|c| c.id.clone())
            .collect();
        let history: Vec<HistoryEntry> = self.open_every(schema::HISTORY).await?;
        let visits: Vec<Visit> = self.open_every(schema::VISITS).await?;
        let complaints: Vec<Complaint> = self.open_every(schema::COMPLAINTS).await?;
        let viewings = if for_rep.is_none() {
            self.viewing_record().await?.0
        } else {
            Vec::new()
        };
        Ok(Contents {
            customers: customers
                .into_iter()
                .filter(|c| mine(c) && after(c.updated_at))
                .collect(),
            history: history
                .into_iter()
                .filter(|h| chosen.contains(&h.customer_id) && after(h.at))
                .collect(),
            visits: visits
                .into_iter()
                .filter(|v| {
                    v.status == VisitStatus::Submitted
                        && chosen.contains(&v.customer_id)
                        && after(v.updated_at)
                })
                .collect(),
            complaints: complaints
                .into_iter()
                .filter(|c| chosen.contains(&c.customer_id) && after(c.updated_at))
                .collect(),
            viewings: viewings.into_iter().filter(|v| after(v.at)).collect(),
            ack: None,
            reference: None,
        })
    }

    /// Every record of `store`, opened.
    async fn open_every<T: serde::de::DeserializeOwned>(
        &self,
        store: &str,
    ) -> Result<Vec<T>, StoreError> {
        let tx = self.database().transaction(store).build()?;
        let all = tx.object_store(store)?.get_all().serde()?.await?;
        let all = all.collect::<Result<Vec<Stored<T>>, _>>()?;
        tx.commit().await?;
        all.into_iter()
            .map(|s| self.open_stored(store, s))
            .collect()
    }

    /// Checks a bundle and says what importing it would do; writes only the custody
    /// log's line if it is refused.
    pub async fn prepare_import(
        &self,
        file_name: &str,
        bytes: &[u8],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Prepared, ExchangeError> {
        let result = self.check(bytes).await;
        match result {
            Ok(verified) => {
                let local = self.local_for(&verified.contents).await?;
                let summary =
                    plan::plan(&verified.contents, &local, &verified.manifest.sender.id).summary;
                Ok(Prepared {
                    verified,
                    summary,
                    file_name: file_name.to_owned(),
                    size: bytes.len() as u64,
                })
            }
            Err(e) => {
                // An unknown signer is a step of enrolment, not a refusal to log yet.
                if !matches!(e, ExchangeError::Bundle(BundleError::UnknownSigner(_))) {
                    let entry = CustodyEntry {
                        id: format!("{}-refused", now.timestamp_millis()),
                        at: now,
                        by: by.to_owned(),
                        direction: Direction::Import,
                        peer: String::new(),
                        file_name: file_name.to_owned(),
                        size: bytes.len() as u64,
                        sha256: data_encoding::HEXLOWER.encode(&sha256(bytes)),
                        counts: bundle::Counts::default(),
                        refused: e.to_string(),
                    };
                    self.log_custody(&entry).await?;
                }
                Err(e)
            }
        }
    }

    async fn check(&self, bytes: &[u8]) -> Result<Verified, ExchangeError> {
        let keys = self.device_keys().await?;
        let exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        Ok(bundle::read(
            bytes,
            &Receiver {
                me: &keys,
                trusted: &exchange.trusted,
                custody: &exchange.custody,
            },
        )?)
    }

    /// The local copies of what `contents` touches (all of them: imports are rare).
    async fn local_for(&self, _contents: &Contents) -> Result<Local, StoreError> {
        let customers: Vec<Customer> = self.open_every(schema::CUSTOMERS).await?;
        let visits: Vec<Visit> = self.open_every(schema::VISITS).await?;
        let complaints: Vec<Complaint> = self.open_every(schema::COMPLAINTS).await?;
        let tx = self
            .database()
            .transaction([schema::HISTORY, schema::REMOTE_VIEWINGS])
            .build()?;
        let history = tx.object_store(schema::HISTORY)?.get_all().serde()?.await?;
        let history = history.collect::<Result<Vec<Stored<HistoryEntry>>, _>>()?;
        let viewings = tx
            .object_store(schema::REMOTE_VIEWINGS)?
            .get_all()
            .serde()?
            .await?;
        let viewings = viewings.collect::<Result<Vec<RemoteViewing>, _>>()?;
        tx.commit().await?;
        Ok(Local {
            reference: self.reference_lists().await?,
            customers: customers.into_iter().map(|c| (c.id.clone(), c)).collect(),
            visits: visits.into_iter().map(|v| (v.id.clone(), v)).collect(),
            complaints: complaints.into_iter().map(|c| (c.id.clone(), c)).collect(),
            history: history
                .into_iter()
                .map(|s| match s {
                    Stored::Sealed(env) => env.id,
                    Stored::Plain(h) => h.id,
                })
                .collect(),
            viewings: viewings
                .into_iter()
                .map(|v| (v.device, v.entry.seq))
                .collect(),
        })
    }

    /// Applies a prepared bundle in one transaction: files merged, records added, the
    /// sender's sequence and acknowledgement, the custody log. Returns what it did.
    pub async fn apply_import(
        &self,
        prepared: &Prepared,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Summary, ExchangeError> {
        let verified = &prepared.verified;
        let sender = &verified.manifest.sender;
        let mut exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
        // Checked again against the custody as it is now (another tab may have applied it).
        if exchange
            .custody
            .applied
            .contains(&verified.manifest.bundle_id)
        {
            return Err(BundleError::AlreadyImported.into());
        }
        self.key()?;
        let local = self.local_for(&verified.contents).await?;
        let plan = plan::plan(&verified.contents, &local, &sender.id);

        // Which files end up sealed, to seal their records alike.
        let mut sealed: BTreeMap<String, bool> = local
            .customers
            .values()
            .map(|c| (c.id.clone(), c.secret.is_sealed()))
            .collect();
        for (c, _) in &plan.customers {
            sealed.insert(c.id.clone(), c.secret.is_sealed());
        }
        let is_sealed = |id: &str| sealed.get(id).copied().unwrap_or(false);

        let stores = [
            schema::CUSTOMERS,
            schema::CATALOGUE,
            schema::HISTORY,
            schema::VISITS,
            schema::COMPLAINTS,
            schema::META,
            schema::CUSTODY_LOG,
            schema::REMOTE_VIEWINGS,
        ];
        let tx = self
            .database()
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let customers = tx.object_store(schema::CUSTOMERS)?;
        let catalogue = tx.object_store(schema::CATALOGUE)?;
        let history = tx.object_store(schema::HISTORY)?;
        let visits = tx.object_store(schema::VISITS)?;
        let complaints = tx.object_store(schema::COMPLAINTS)?;
        // One read of every file's revision (not one request per file), then writes
        // that are not awaited one by one: IndexedDB runs them in order, and any that
        // fails aborts the whole transaction, which `commit` reports.
        let revisions: BTreeMap<String, Revision> = customers
            .get_all()
            .serde()?
            .await?
            .map(|r| r.map(|r: Revision| (r.id.clone(), r)))
            .collect::<Result<_, _>>()?;
        for (c, expected) in &plan.customers {
            let stored = revisions.get(&c.id);
            if stored.map(|r| r.revision) != *expected {
                // Changed here since the preview was computed: nothing is applied.
                return Err(StoreError::Conflict.into());
            }
            let seal = c.secret.is_sealed();
            let record = self.to_stored(
                seal,
                schema::CUSTOMERS,
                &c.id,
                c.revision,
                Keys::default(),
                c,
            )?;
            let _put = customers.put(&record).serde()?;
            let _put = catalogue.put(CatalogueEntry::stored(c)).serde()?;
            let was = stored.map(|r| r.sealed.is_some());
            if was.is_some_and(|was| was != seal) {
                self.reseal_records(&history, &visits, &complaints, &c.id, seal)
                    .await?;
            }
        }
        for h in &plan.history {
            let keys = history_keys(h);
            let record = self.to_stored(
                is_sealed(&h.customer_id),
                schema::HISTORY,
                &h.id,
                h.revision,
                keys,
                h,
            )?;
            let _put = history.put(&record).serde()?;
        }
        for v in &plan.visits {
            let record = self.to_stored(
                is_sealed(&v.customer_id),
                schema::VISITS,
                &v.id,
                0,
                visit_keys(v),
                v,
            )?;
            let _put = visits.put(&record).serde()?;
        }
        for c in &plan.complaints {
            let record = self.to_stored(
                is_sealed(&c.customer_id),
                schema::COMPLAINTS,
                &c.id,
                0,
                complaint_keys(c),
                c,
            )?;
            let _put = complaints.put(&record).serde()?;
        }
        let remote = tx.object_store(schema::REMOTE_VIEWINGS)?;
        for v in &plan.viewings {
            let id = format!("{}:{:012}", sender.id, v.seq);
            // Purposes can name confidential matters: sealed like the local record.
            let envelope = Envelope {
                sealed: Sealed::seal_json(
                    &self.key()?,
                    RecordRef {
                        store: schema::REMOTE_VIEWINGS,
                        id: &id,
                        revision: 0,
                    },
                    &RemoteViewing {
                        id: id.clone(),
                        device: sender.id.clone(),
                        entry: v.clone(),
                    },
                ),
                id,
                revision: 0,
                customer_id: None,
                status: None,
                acceptance_no: None,
            };
            let _put = remote.put(&envelope).serde()?;
        }
        if let Some(lists) = &plan.reference {
            let _put = tx
                .object_store(schema::META)?
                .put(MetaEntry {
                    key: meta_keys::REFERENCE_LISTS.to_owned(),
                    value: lists,
                })
                .serde()?;
        }
        exchange.applied(
            &sender.id,
            &verified.manifest.bundle_id,
            Ack {
                sequence: verified.manifest.sequence,
                exported_at: verified.manifest.created_at,
            },
            verified.contents.ack.as_ref(),
        );
        tx.object_store(schema::META)?
            .put(MetaEntry {
                key: meta_keys::EXCHANGE.to_owned(),
                value: &exchange,
            })
            .serde()?
            .await?;
        let entry = CustodyEntry {
            id: format!("{}-{}", now.timestamp_millis(), verified.manifest.bundle_id),
            at: now,
            by: by.to_owned(),
            direction: Direction::Import,
            peer: format!("{} {}", sender.rep_code, sender.name),
            file_name: prepared.file_name.clone(),
            size: prepared.size,
            sha256: verified.file_sha256.clone(),
            counts: verified.manifest.counts.clone(),
            refused: String::new(),
        };
        tx.object_store(schema::CUSTODY_LOG)?
            .put(&entry)
            .serde()?
            .await?;
        tx.commit().await?;
        Ok(plan.summary)
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

fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

impl From<indexed_db_futures::error::Error> for ExchangeError {
    fn from(e: indexed_db_futures::error::Error) -> ExchangeError {
        ExchangeError::Store(e.into())
    }
}
