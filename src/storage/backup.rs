//! Backups in storage: every store read as it is (sealed records stay sealed), and
//! restored into an empty database in one transaction, vault header included, so the
//! same passphrase unlocks the restored laptop.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

use super::Db;
use super::schema::{self, meta_keys};
use crate::core::bundle::backup::{self, BackupError, BackupManifest, Secret, StoreDump};
use crate::core::progress::{Phase, Steps};
use crate::core::security::EventKind;
use crate::core::store::{CustomerStore, StoreError};
use crate::core::vault::Failures;

/// Why a backup could not be restored. Nothing was written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum RestoreError {
    #[error(transparent)]
    Backup(#[from] BackupError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("this Dossier already holds data: restore only into an empty one")]
    NotEmpty,
}

impl From<indexed_db_futures::error::Error> for RestoreError {
    fn from(e: indexed_db_futures::error::Error) -> RestoreError {
        RestoreError::Store(e.into())
    }
}

/// Stores whose keys are not inside their records.
const OUT_OF_LINE: [&str; 1] = [schema::DRAFTS];

impl Db {
    /// A backup of everything, and its file name.
    pub async fn export_backup(
        &self,
        by: &str,
        backup_id: String,
        now: DateTime<Utc>,
    ) -> Result<(String, Vec<u8>), StoreError> {
        self.export_backup_with(by, backup_id, now, &Steps::none())
            .await
    }

    /// [`Db::export_backup`], telling `steps` how far it is (stores read of all).
    pub async fn export_backup_with(
        &self,
        by: &str,
        backup_id: String,
        now: DateTime<Utc>,
        steps: &Steps<'_>,
    ) -> Result<(String, Vec<u8>), StoreError> {
        let key = self.key()?;
        let header = self.vault_header().await?.ok_or(StoreError::Locked)?;
        let names = self.store_names();
        let tx = self.database().transaction(names.clone()).build()?;
        let mut stores = BTreeMap::new();
        for (done, name) in names.iter().enumerate() {
            steps.step(Phase::Reading, done, names.len())?;
            let store = tx.object_store(name)?;
            let values: Vec<JsValue> = store
                .get_all::<JsValue>()
                .await?
                .collect::<Result<_, _>>()?;
            let keys: Option<Vec<JsValue>> = if OUT_OF_LINE.contains(&name.as_str()) {
                Some(
                    store
                        .get_all_keys::<JsValue>()
                        .await?
                        .collect::<Result<_, _>>()?,
                )
            } else {
                None
            };
            let dump: StoreDump = values
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let k = keys.as_ref().and_then(|ks| ks.get(i)).map(to_json);
                    (k, to_json(v))
                })
                .collect();
            stores.insert(name.clone(), dump);
        }
        tx.commit().await?;
        steps.step(Phase::Encrypting, 0, 0)?;
        let manifest = BackupManifest {
            format: backup::FORMAT.into(),
            version: backup::VERSION,
            backup_id,
            created_at: now,
            by: by.to_owned(),
            counts: stores.iter().map(|(k, v)| (k.clone(), v.len())).collect(),
        };
        let bytes = backup::write(&header, &key, &manifest, &stores);
        let rep = self
            .profile()
            .await?
            .map(|p| p.rep_code)
            .unwrap_or_default();
        steps.step(Phase::Committing, 0, 0)?;
        self.set_meta(meta_keys::LAST_BACKUP, &now).await?;
        Ok((manifest.file_name(&rep), bytes))
    }

    /// Whether nothing was ever stored here: no passphrase, no file.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.vault_header().await?.is_none() && self.catalogue().await?.is_empty())
    }

    /// Restores a backup into this empty database, and unlocks it. A field laptop's
    /// comes back as a new device, with new keys that head office must trust anew.
    pub async fn restore_backup(
        &self,
        bytes: &[u8],
        secret: Secret<'_>,
    ) -> Result<BackupManifest, RestoreError> {
        self.restore_backup_with(bytes, secret, &Steps::none())
            .await
    }

    /// [`Db::restore_backup`], telling `steps` how far it is (records written of all);
    /// a cancel before the commit leaves this Dossier empty.
    pub async fn restore_backup_with(
        &self,
        bytes: &[u8],
        secret: Secret<'_>,
        steps: &Steps<'_>,
    ) -> Result<BackupManifest, RestoreError> {
        let step = |phase, done, total| steps.step(phase, done, total).map_err(StoreError::from);
        if !self.is_empty().await? {
            return Err(RestoreError::NotEmpty);
        }
        step(Phase::Decrypting, 0, 0)?;
        let (manifest, _header, key, stores) = backup::open(bytes, secret)?;
        let total: usize = stores.values().map(|s| s.len()).sum();
        let mut done: usize = 0;
        step(Phase::Writing, 0, total)?;
        let names = self.store_names();
        let tx = self
            .database()
            .transaction(names.clone())
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        for name in &names {
            let store = tx.object_store(name)?;
            store.clear()?.await?;
            for (k, v) in stores.get(name).into_iter().flatten() {
                done += 1;
                if done.is_multiple_of(250) {
                    step(Phase::Writing, done, total)?;
                }
                let value = from_json(v);
                match k {
                    Some(k) => drop(store.put(value).with_key(from_json(k)).await?),
                    None => store.put(value).await?,
                }
            }
        }
        // The backup's counters may lag its files (some came in bundles, or it is
        // another device's): this laptop must not hand out their numbers again.
        let meta = tx.object_store(schema::META)?;
        super::customers::learn_archive_numbers(&meta, archive_numbers(&stores)).await?;
        // A field laptop's keys must stay on one laptop: were the backup's used here
        // too, two laptops would sign as one device, and head office could not tell a
        // stolen laptop's bundles from this one's. So this laptop gets new keys, which
        // head office trusts only after comparing their fingerprint (trusting them ends
        // the old keys' trust). They replace the old in this same transaction, so no
        // restored database ever holds the old keys, even if the page closes now.
        Db::renew_device_in(&meta, &key).await?;
        step(Phase::Writing, total, total)?;
        step(Phase::Committing, 0, 0)?;
        tx.commit().await?;
        self.set_data_key(Some(key));
        // A backup of a build before V8 holds visits one record each; before V10, the
        // catalogue one record per file.
        self.move_visits_into_books().await?;
        self.move_catalogue_into_pages().await?;
        let restored = EventKind::Restored {
            backup_made: manifest.created_at,
        };
        self.note_security(&Failures::default(), Some(restored), Utc::now())
            .await?;
        Ok(manifest)
    }

    /// When the last backup was made here.
    pub async fn last_backup(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.meta(meta_keys::LAST_BACKUP).await
    }
}

/// The archive numbers of a backup's files, as its catalogue holds them: listed by each
/// page since V10, one entry a record before.
fn archive_numbers(stores: &BTreeMap<String, StoreDump>) -> impl Iterator<Item = &str> {
    let dump = |name: &str| stores.get(name).into_iter().flatten().map(|(_, v)| v);
    let in_pages = dump(schema::CATALOGUE_PAGES)
        .filter_map(|page| page.get(schema::CATALOGUE_PAGES_BY_ARCHIVE_NO)?.as_array())
        .flatten();
    let one_each =
        dump(schema::CATALOGUE).filter_map(|entry| entry.get(schema::catalogue_index::ARCHIVE_NO));
    in_pages.chain(one_each).filter_map(Value::as_str)
}

/// A stored value as JSON; byte arrays (sealed records) as `{"$bytes": "<base64>"}`.
fn to_json(v: &JsValue) -> Value {
    if v.is_null() || v.is_undefined() {
        Value::Null
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        serde_json::Number::from_f64(n).map_or(Value::Null, |n| {
            // Whole numbers stay integers, as serde wrote them.
            if n.as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            {
                Value::from(n.as_f64().unwrap_or_default() as i64)
            } else {
                Value::Number(n)
            }
        })
    } else if let Some(s) = v.as_string() {
        Value::String(s)
    } else if let Some(bytes) = v.dyn_ref::<js_sys::Uint8Array>() {
        serde_json::json!({ "$bytes": data_encoding::BASE64.encode(&bytes.to_vec()) })
    } else if js_sys::Array::is_array(v) {
        Value::Array(js_sys::Array::from(v).iter().map(|x| to_json(&x)).collect())
    } else if v.is_object() {
        let obj: &js_sys::Object = v.unchecked_ref();
        let mut map = serde_json::Map::new();
        for entry in js_sys::Object::entries(obj).iter() {
            let pair = js_sys::Array::from(&entry);
            if let Some(k) = pair.get(0).as_string() {
                map.insert(k, to_json(&pair.get(1)));
            }
        }
        Value::Object(map)
    } else {
        Value::Null
    }
}

/// The stored value back from [`to_json`].
fn from_json(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or_default()),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items
            .iter()
            .map(from_json)
            .collect::<js_sys::Array>()
            .into(),
        Value::Object(map) => {
            if let (1, Some(Value::String(b64))) = (map.len(), map.get("$bytes"))
                && let Ok(bytes) = data_encoding::BASE64.decode(b64.as_bytes())
            {
                return js_sys::Uint8Array::from(bytes.as_slice()).into();
            }
            let obj = js_sys::Object::new();
            for (k, x) in map {
                let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), &from_json(x));
            }
            obj.into()
        }
    }
}
