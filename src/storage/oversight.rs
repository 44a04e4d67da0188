//! Head office's copy of the reps' viewing records, read for the oversight page: every
//! entry received, opened under the data key and grouped by the laptop it came from,
//! with the exchange whose heads they are checked against (`core::oversight`).
//!
//! An entry that does not open (altered, moved to another key, or not an envelope at
//! all) is not an error of the read: it is where that laptop's chain broke, and the page
//! says so.

use std::collections::BTreeMap;

use indexed_db_futures::prelude::*;
use serde::Deserialize;

use super::Db;
use super::bundles::{RemoteViewing, remote_viewing_key};
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use super::sealed::Envelope;
use crate::core::bundle::exchange::Exchange;
use crate::core::oversight::Held;
use crate::core::store::StoreError;
use crate::core::vault::RecordRef;

/// A stored record as found: an envelope, or anything else, which opens as nothing.
#[derive(Deserialize)]
#[serde(untagged)]
enum Found {
    Envelope(Envelope),
    Other(serde::de::IgnoredAny),
}

impl Db {
    /// The exchange (`None` before it is set up) and every viewing entry received from
    /// the reps' laptops, by device id, read in one transaction: the heads are those of
    /// the entries read. Needs the vault unlocked.
    pub async fn received_viewings(
        &self,
    ) -> Result<(Option<Exchange>, BTreeMap<String, Held>), StoreError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction([schema::REMOTE_VIEWINGS, schema::META])
            .build()?;
        let store = tx.object_store(schema::REMOTE_VIEWINGS)?;
        // Both in key order: the n-th record is the n-th key's.
        let ids: Vec<String> = store
            .get_all_keys()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        let found: Vec<Found> = store.get_all().serde()?.await?.collect::<Result<_, _>>()?;
        let exchange: Option<MetaEntry<Exchange>> = tx
            .object_store(schema::META)?
            .get(meta_keys::EXCHANGE)
            .serde()?
            .await?;
        tx.commit().await?;

        let mut held: BTreeMap<String, Held> = BTreeMap::new();
        for (id, found) in ids.iter().zip(found) {
            // The import writes no other key; one that names no entry of a laptop's
            // record is in no chain.
            let Ok((device, seq)) = remote_viewing_key(id) else {
                continue;
            };
            let at = RecordRef {
                store: schema::REMOTE_VIEWINGS,
                id,
                revision: 0,
            };
            let opened = match found {
                Found::Envelope(env) => env.sealed.open_json::<RemoteViewing>(&key, at).ok(),
                Found::Other(_) => None,
            }
            .filter(|r| r.device == device && r.entry.seq == seq);
            let record = held.entry(device).or_default();
            match opened {
                Some(r) => record.entries.push(r.entry),
                None => record.unreadable.push(seq),
            }
        }
        Ok((exchange.map(|e| e.value), held))
    }
}
