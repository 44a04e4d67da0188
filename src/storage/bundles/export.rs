//! Writing a bundle for a peer: what changed since its acknowledgement, or everything.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use serde_json::value::RawValue;

use super::super::catalogue::read_sealed_files;
use super::super::visits::stored_visits;
use super::*;
use crate::core::bundle::{Records, StoredContents};
use crate::core::progress::{Phase, Steps};
use wasm_bindgen::JsValue;

impl Db {
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
        self.export_bundle_with(peer_id, everything, bundle_id, by, now, &Steps::none())
            .await
    }

    /// [`Db::export_bundle`], telling `steps` how far it is; a cancel before the commit
    /// leaves the bundle numbers as they were, and no bundle is offered.
    pub async fn export_bundle_with(
        &self,
        peer_id: &str,
        everything: bool,
        bundle_id: String,
        by: &str,
        now: DateTime<Utc>,
        steps: &Steps<'_>,
    ) -> Result<Exported, ExchangeError> {
        let step = |phase, done, total| steps.step(phase, done, total).map_err(StoreError::from);
        step(Phase::Reading, 0, 0)?;
        let keys = self.device_keys().await?;
        let exchange = self.exchange().await?.ok_or(ExchangeError::NotSetUp)?;
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
        if exchange.role == Role::Field {
            (contents.events, contents.leaks) = self.security_to_send(since).await?;
        }
        (contents.reports, contents.report_returns) = self
            .monthly_to_send((exchange.role == Role::HeadOffice).then_some(peer.rep_code.as_str()))
            .await?;
        if exchange.role == Role::HeadOffice {
            contents.reference = Some(self.reference_lists().await?).filter(|r| !r.is_empty());
            // Its decisions on the rep's proposals, made since the rep acknowledged.
            contents.decisions = crate::core::authority::proposal::to_return(
                &self.requests().await?,
                &peer.rep_code,
                since,
            );
        } else {
            // Every proposal still waiting: head office keeps each once.
            contents.proposals = self.pending_proposals().await?;
        }
        let sequence = exchange.next_sequence;
        step(Phase::Encrypting, 0, 0)?;
        let sealed = bundle::seal(
            Outgoing {
                sender: &keys,
                recipient: &peer,
                bundle_id,
                sequence,
                created_at: now,
            },
            &contents,
        );
        // The records' text (43 MB at 10,000 files) is not needed once encrypted.
        drop(contents);
        let payload_sha256 = digest::sha256_hex(sealed.payload()).await;
        let written = sealed.finish(payload_sha256);
        let entry = CustodyEntry {
            id: format!("{}-{}", now.timestamp_millis(), written.manifest.bundle_id),
            at: now,
            by: by.to_owned(),
            direction: Direction::Export,
            peer: format!("{} {}", peer.rep_code, peer.name),
            file_name: written.manifest.file_name(),
            size: written.bytes.len() as u64,
            sha256: digest::sha256_hex(&written.bytes).await,
            counts: written.manifest.counts.clone(),
            refused: String::new(),
            refused_changes: 0,
        };
        let tx = self
            .database()
            .transaction([schema::META, schema::CUSTODY_LOG])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let mut now_recorded = Self::exchange_in(&meta).await?;
        if now_recorded.next_sequence != sequence {
            // Another tab wrote a bundle with this number meanwhile: this one is not
            // offered, so no two bundles ever carry the same number.
            return Err(ExchangeError::Concurrent);
        }
        now_recorded.next_sequence = sequence + 1;
        // This bundle introduces a restored laptop's new keys to head office.
        now_recorded.needs_enrolment = false;
        meta.put(MetaEntry {
            key: meta_keys::EXCHANGE.to_owned(),
            value: &now_recorded,
        })
        .serde()?
        .await?;
        tx.object_store(schema::CUSTODY_LOG)?
            .put(&entry)
            .serde()?
            .await?;
        step(Phase::Committing, 0, 0)?;
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
    /// The records stay the JSON text they are stored as (opened if sealed): only the
    /// few fields that choose them are read.
    async fn changed_since(
        &self,
        since: Option<DateTime<Utc>>,
        for_rep: Option<&str>,
    ) -> Result<StoredContents, StoreError> {
        let after = |t: DateTime<Utc>| since.is_none_or(|s| t > s);
        let every = self
            .every_record_in::<Raw<CustomerPeek>, Raw<HistoryPeek>, Raw<VisitPeek>, Raw<ComplaintPeek>>(true)
            .await?;
        every.refuse_forged()?;
        let customers = self.open_each(schema::CUSTOMERS, every.customers)?;
        // A rep gets the files assigned to it, and those it created (so it also learns
        // when one of them is reassigned to someone else).
        let mine = |c: &CustomerPeek| {
            for_rep.is_none_or(|rep| {
                c.assigned_to == rep || c.archive_no.starts_with(&format!("{rep}-"))
            })
        };
        let chosen: std::collections::BTreeSet<String> = customers
            .iter()
            .filter(|c| mine(&c.peek))
            .map(|c| c.peek.id.clone())
            .collect();
        let history = self.open_each(schema::HISTORY, every.history)?;
        let visits = self.open_each(schema::VISITS, every.visits)?;
        let complaints = self.open_each(schema::COMPLAINTS, every.complaints)?;
        let viewings = if for_rep.is_none() {
            self.viewing_record().await?.0
        } else {
            Vec::new()
        };
        Ok(StoredContents {
            customers: customers
                .into_iter()
                .filter(|c| mine(&c.peek) && after(c.peek.updated_at))
                .map(|c| c.json)
                .collect(),
            history: history
                .into_iter()
                .filter(|h| chosen.contains(&h.peek.customer_id) && after(h.peek.at))
                .map(|h| h.json)
                .collect(),
            visits: visits
                .into_iter()
                .filter(|v| {
                    v.peek.status == VisitStatus::Submitted
                        && chosen.contains(&v.peek.customer_id)
                        && after(v.peek.updated_at)
                })
                .map(|v| v.json)
                .collect(),
            complaints: complaints
                .into_iter()
                .filter(|c| chosen.contains(&c.peek.customer_id) && after(c.peek.updated_at))
                .map(|c| c.json)
                .collect(),
            viewings: viewings.into_iter().filter(|v| after(v.at)).collect(),
            destructions: self
                .destructions()
                .await?
                .into_iter()
                .filter(|d| after(d.at))
                .collect(),
            ack: None,
            reference: None,
            ..StoredContents::default()
        })
    }

    /// Every customer, history entry, visit and complaint, as stored. One transaction,
    /// so the four are one consistent moment (a save cannot fall between two of them),
    /// and the four reads are issued together, so the browser reads the later stores
    /// while the first ones are decoded here.
    pub(super) async fn every_record<C, H, V, K>(
        &self,
    ) -> Result<EveryRecord<C, H, V, K>, StoreError>
    where
        C: serde::de::DeserializeOwned,
        H: serde::de::DeserializeOwned,
        V: serde::de::DeserializeOwned,
        K: serde::de::DeserializeOwned,
    {
        self.every_record_in(false).await
    }

    /// [`Db::every_record`], and with `sealed_files` also which files the catalogue
    /// holds as stored sealed, read in the same transaction (every page: 100 records
    /// at 10,000 files), for [`EveryRecord::refuse_forged`].
    async fn every_record_in<C, H, V, K>(
        &self,
        sealed_files: bool,
    ) -> Result<EveryRecord<C, H, V, K>, StoreError>
    where
        C: serde::de::DeserializeOwned,
        H: serde::de::DeserializeOwned,
        V: serde::de::DeserializeOwned,
        K: serde::de::DeserializeOwned,
    {
        let mut stores = schema::FILE_RECORDS.to_vec();
        if sealed_files {
            stores.push(schema::CATALOGUE_PAGES);
        }
        let tx = self.database().transaction(stores).build()?;
        let pages = sealed_files
            .then(|| tx.object_store(schema::CATALOGUE_PAGES))
            .transpose()?;
        let sealed_files = pages.as_ref().map(read_sealed_files).transpose()?;
        let sealed_files = async move {
            match sealed_files {
                Some(read) => read.await,
                None => Ok(HashSet::new()),
            }
        };
        let (customers, history, visits, complaints) = (
            tx.object_store(schema::CUSTOMERS)?,
            tx.object_store(schema::HISTORY)?,
            tx.object_store(schema::VISIT_BOOKS)?,
            tx.object_store(schema::COMPLAINTS)?,
        );
        let (customers, history, visits, complaints) = (
            customers.get_all().serde()?,
            history.get_all().serde()?,
            visits.get_all::<JsValue>().primitive()?,
            complaints.get_all().serde()?,
        );
        let every = EveryRecord {
            customers: customers.await?.collect::<Result<_, _>>()?,
            history: history.await?.collect::<Result<_, _>>()?,
            visits: {
                let books: Vec<JsValue> = visits.await?.collect::<Result<_, _>>()?;
                stored_visits(&books)?
            },
            complaints: complaints.await?.collect::<Result<_, _>>()?,
            sealed_files: sealed_files.await?,
        };
        tx.commit().await?;
        Ok(every)
    }

    /// Every one of `records` of `store`, opened; a sealed one while the vault is locked
    /// fails the whole (unlike [`Db::open_all`], which leaves it out).
    pub(super) fn open_each<T: serde::de::DeserializeOwned>(
        &self,
        store: &str,
        records: Vec<Stored<T>>,
    ) -> Result<Vec<T>, StoreError> {
        records
            .into_iter()
            .map(|s| self.open_stored(store, s))
            .collect()
    }
}

/// See [`Db::every_record`]: customers, history, visits, complaints.
pub(super) struct EveryRecord<C, H, V, K> {
    pub customers: Vec<Stored<C>>,
    pub history: Vec<Stored<H>>,
    pub visits: Vec<Stored<V>>,
    pub complaints: Vec<Stored<K>>,
    /// The files the catalogue holds as stored sealed, if asked for (else none).
    pub sealed_files: HashSet<String>,
}

impl EveryRecord<Raw<CustomerPeek>, Raw<HistoryPeek>, Raw<VisitPeek>, Raw<ComplaintPeek>> {
    /// Refuses as [`StoreError::Tampered`] if any record is a plain one of a file
    /// stored sealed ([`Stored::is_forged`]): by the catalogue, or by the file's own
    /// envelope (as a file's page reads it). The whole export is refused rather than
    /// the record left out, because a forged file's fields (its rep) choose which
    /// records go out, and the export screen shows the error.
    fn refuse_forged(&self) -> Result<(), StoreError> {
        let mut sealed = self.sealed_files.clone();
        sealed.extend(self.customers.iter().filter_map(|c| match c {
            Stored::Sealed(env) => Some(env.id.clone()),
            Stored::Plain(_) => None,
        }));
        let forged = self
            .customers
            .iter()
            .any(|c| c.is_forged(&sealed, |c| &c.peek.id))
            || self
                .history
                .iter()
                .any(|h| h.is_forged(&sealed, |h| &h.peek.customer_id))
            || self
                .visits
                .iter()
                .any(|v| v.is_forged(&sealed, |v| &v.peek.customer_id))
            || self
                .complaints
                .iter()
                .any(|c| c.is_forged(&sealed, |c| &c.peek.customer_id));
        if forged {
            return Err(StoreError::Tampered);
        }
        Ok(())
    }
}

/// A record as the JSON text it is stored as, with the fields `P` an export chooses by.
/// Only serde_json can read one (both ways [`Stored`] reads records use it).
struct Raw<P> {
    json: Box<RawValue>,
    peek: P,
}

impl<'de, P: serde::de::DeserializeOwned> Deserialize<'de> for Raw<P> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let json = Box::<RawValue>::deserialize(d)?;
        let peek = serde_json::from_str(json.get()).map_err(D::Error::custom)?;
        Ok(Raw { json, peek })
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct CustomerPeek {
    id: String,
    archive_no: String,
    assigned_to: String,
    updated_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct HistoryPeek {
    customer_id: String,
    at: DateTime<Utc>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct VisitPeek {
    customer_id: String,
    status: VisitStatus,
    updated_at: DateTime<Utc>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ComplaintPeek {
    customer_id: String,
    updated_at: DateTime<Utc>,
}
