//! Records of confidential files as IndexedDB holds them: an [`Envelope`] with the
//! sealed record and only the keys its indexes need (record id, the file it belongs
//! to, a visit's status, a complaint's acceptance number), never its content.
//!
//! Each store holds plain records and envelopes side by side; [`Stored`] reads either.
//! Sealing happens here, synchronously, so no transaction ever waits on anything but
//! IndexedDB.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::Db;
use crate::core::store::StoreError;
use crate::core::vault::{DataKey, RecordRef, Sealed, VaultError};

/// A sealed record and the keys its store's indexes read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct Envelope {
    pub id: String,
    pub revision: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance_no: Option<String>,
    pub sealed: Sealed,
}

/// The index keys an envelope carries in the clear.
#[derive(Default)]
pub(super) struct Keys {
    pub customer_id: Option<String>,
    pub status: Option<String>,
    pub acceptance_no: Option<String>,
}

/// A record as read from a store that may hold sealed ones.
pub(super) enum Stored<T> {
    Sealed(Envelope),
    Plain(T),
}

/// A record read out of IndexedDB through JSON text: the browser's `JSON.stringify`
/// turns the stored object into one string, which crosses the wasm boundary once and
/// serde_json reads, where serde-wasm-bindgen makes calls per field (twice as slow on
/// 10,000 files). Writing goes the other way field by field: `JSON.parse` of
/// serde_json's text measured 10 % slower there.
fn from_js<T: DeserializeOwned, E: serde::de::Error>(value: &JsValue) -> Result<T, E> {
    let text = js_sys::JSON::stringify(value).map_err(|_| E::custom("JSON.stringify"))?;
    serde_json::from_str(&String::from(text)).map_err(E::custom)
}

impl<T: Serialize> Serialize for Stored<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            // Bytes stay bytes (a Uint8Array), which JSON would not keep.
            Stored::Sealed(env) => env.serialize(s),
            Stored::Plain(value) => value.serialize(s),
        }
    }
}

/// Reads the record as the JavaScript value IndexedDB gave, looks for an envelope's
/// `sealed` key, and deserializes it once as what it is. (Serde's untagged enums
/// would buffer every record and try the envelope first, failing with an `Error`
/// object for every plain record.)
impl<'de, T: DeserializeOwned> Deserialize<'de> for Stored<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value: JsValue = serde_wasm_bindgen::preserve::deserialize(d)?;
        let sealed = js_sys::Reflect::get(&value, &JsValue::from_str("sealed"))
            .is_ok_and(|s| !s.is_undefined());
        if sealed {
            serde_wasm_bindgen::from_value(value)
                .map(Stored::Sealed)
                .map_err(D::Error::custom)
        } else {
            from_js(&value).map(Stored::Plain)
        }
    }
}

impl<T> Stored<T> {
    pub fn is_sealed(&self) -> bool {
        matches!(self, Stored::Sealed(_))
    }

    /// This record, unless it is plain although its file is stored sealed
    /// (`file_sealed`): the app writes every record of such a file sealed, and opens
    /// them all in the transaction that lowers its level, so a plain one in an
    /// envelope's place was put there from outside the app (an edited copy, say). It
    /// is refused as [`StoreError::Tampered`], like an envelope that fails to open,
    /// and never shown.
    pub fn checked(self, file_sealed: bool) -> Result<Stored<T>, StoreError> {
        if file_sealed && !self.is_sealed() {
            return Err(StoreError::Tampered);
        }
        Ok(self)
    }

    /// Whether this is a plain record of one of `sealed_files` (the files the catalogue
    /// holds as stored sealed, [`super::catalogue::sealed_files`]); `file` names the
    /// file a record belongs to. What [`Stored::checked`] refuses, for lists: they
    /// leave such a record out or refuse the whole, and never show it.
    pub fn is_forged(&self, sealed_files: &HashSet<String>, file: impl FnOnce(&T) -> &str) -> bool {
        match self {
            Stored::Plain(value) => sealed_files.contains(file(value)),
            Stored::Sealed(_) => false,
        }
    }
}

impl From<VaultError> for StoreError {
    fn from(e: VaultError) -> StoreError {
        match e {
            VaultError::Tampered | VaultError::WrongPassphrase | VaultError::WrongRecoveryKey => {
                StoreError::Tampered
            }
            VaultError::NewerFormat => StoreError::NewerVersion,
            VaultError::MistypedRecoveryKey | VaultError::Corrupt(_) => {
                StoreError::Corrupt(e.to_string())
            }
        }
    }
}

impl Db {
    /// The data key, or [`StoreError::Locked`].
    pub(super) fn key(&self) -> Result<DataKey, StoreError> {
        self.data_key().ok_or(StoreError::Locked)
    }

    /// `value` as it goes into `store`: sealed when `seal`, else as it is.
    pub(super) fn to_stored<'a, T: Serialize>(
        &self,
        seal: bool,
        store: &str,
        id: &str,
        revision: u32,
        keys: Keys,
        value: &'a T,
    ) -> Result<Stored<&'a T>, StoreError> {
        if !seal {
            return Ok(Stored::Plain(value));
        }
        let key = self.key()?;
        let record = RecordRef {
            store,
            id,
            revision,
        };
        Ok(Stored::Sealed(Envelope {
            id: id.to_owned(),
            revision,
            customer_id: keys.customer_id,
            status: keys.status,
            acceptance_no: keys.acceptance_no,
            sealed: Sealed::seal_json(&key, record, value),
        }))
    }

    /// The record inside `stored`, opening it if sealed.
    pub(super) fn open_stored<T: DeserializeOwned>(
        &self,
        store: &str,
        stored: Stored<T>,
    ) -> Result<T, StoreError> {
        match stored {
            Stored::Plain(value) => Ok(value),
            Stored::Sealed(env) => {
                let key = self.key()?;
                let record = RecordRef {
                    store,
                    id: &env.id,
                    revision: env.revision,
                };
                env.sealed
                    .open_json(&key, record)
                    .map_err(|e| self.sealed_record_failed(store, &env.id, e))
            }
        }
    }

    /// [`Db::open_stored`] for a record of a file stored sealed or not (`file_sealed`):
    /// see [`Stored::checked`].
    pub(super) fn open_checked<T: DeserializeOwned>(
        &self,
        store: &str,
        stored: Stored<T>,
        file_sealed: bool,
    ) -> Result<T, StoreError> {
        self.open_stored(store, stored.checked(file_sealed)?)
    }

    /// [`Db::open_all`] for records of one file, stored sealed or not (`file_sealed`):
    /// a plain record of a sealed file fails the whole ([`Stored::checked`]).
    pub(super) fn open_all_checked<T: DeserializeOwned>(
        &self,
        store: &str,
        all: Vec<Stored<T>>,
        file_sealed: bool,
    ) -> Result<Vec<T>, StoreError> {
        let all = all
            .into_iter()
            .map(|s| s.checked(file_sealed))
            .collect::<Result<_, _>>()?;
        self.open_all(store, all)
    }

    /// Opens every record it can: sealed ones are left out while the vault is locked.
    pub(super) fn open_all<T: DeserializeOwned>(
        &self,
        store: &str,
        all: Vec<Stored<T>>,
    ) -> Result<Vec<T>, StoreError> {
        let unlocked = self.data_key().is_some();
        all.into_iter()
            .filter(|s| unlocked || !s.is_sealed())
            .map(|s| self.open_stored(store, s))
            .collect()
    }
}

/// Where a list kept sealed in `meta` under `key` is bound: its store and key.
pub(super) fn meta_ref(key: &str) -> RecordRef<'_> {
    RecordRef {
        store: super::schema::META,
        id: key,
        revision: 0,
    }
}

/// The list sealed in `meta` under `key` (requests, proposals, people, registers, leak
/// reports), within the caller's transaction; empty if there is none yet.
pub(super) async fn sealed_list_in<T: DeserializeOwned>(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    key: &str,
    data_key: &DataKey,
) -> Result<Vec<T>, StoreError> {
    use indexed_db_futures::prelude::*;
    let entry: Option<super::db::MetaEntry<Sealed>> = meta.get(key).serde()?.await?;
    Ok(match entry {
        Some(e) => e.value.open_json(data_key, meta_ref(key))?,
        None => Vec::new(),
    })
}

/// Writes `list` sealed under `key`, within the same transaction.
pub(super) async fn put_sealed_list_in<T: Serialize>(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    key: &str,
    data_key: &DataKey,
    list: &[T],
) -> Result<(), StoreError> {
    use indexed_db_futures::prelude::*;
    meta.put(super::db::MetaEntry {
        key: key.to_owned(),
        value: Sealed::seal_json(data_key, meta_ref(key), &list),
    })
    .serde()?
    .await?;
    Ok(())
}
