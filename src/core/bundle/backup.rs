//! Backups: everything this laptop holds, in one file that only the user's passphrase
//! or recovery key opens, to restore into an empty browser (a new laptop, a wiped
//! profile). A stored ZIP of:
//!
//! - `manifest.json`: format, version, backup id, time, who, records per store;
//! - `vault.json`: the vault header: the data key wrapped by the passphrase (Argon2id)
//!   and by the recovery key, exactly as the laptop keeps it;
//! - `payload.sealed`: every store's records as JSON, sealed with that data key, bound
//!   to the backup id. Records already sealed stay sealed inside.
//!
//! So the same passphrase (or recovery key) that unlocks the laptop opens its backup,
//! and nothing else does.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::vault::recovery::RecoveryKey;
use crate::core::vault::{DataKey, RecordRef, Sealed, VaultError, VaultHeader};

pub const FORMAT: &str = "dossier-backup";
/// Version 2: reasons may be app sentences kept as message and parameters, as in
/// bundles (see `super::VERSION`); version-1 backups restore as before.
pub const VERSION: u32 = 2;

/// One store's records: `(key, value)`, the key only where the store's keys are not
/// inside the records.
pub type StoreDump = Vec<(Option<serde_json::Value>, serde_json::Value)>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupManifest {
    pub format: String,
    pub version: u32,
    pub backup_id: String,
    pub created_at: DateTime<Utc>,
    pub by: String,
    /// Records per store.
    pub counts: BTreeMap<String, usize>,
}

impl BackupManifest {
    /// `Dossier-backup_R07_2026-11-22.dossier-backup`.
    pub fn file_name(&self, rep_code: &str) -> String {
        let code: String = rep_code
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        format!(
            "Dossier-backup_{}_{}.dossier-backup",
            if code.is_empty() {
                "device".into()
            } else {
                code
            },
            self.created_at.format("%Y-%m-%d")
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BackupError {
    #[error("this file is not a Dossier backup")]
    NotABackup,
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    #[error("made by a newer Dossier: update Dossier first")]
    Newer,
    #[error("the passphrase is not the one this backup was made with")]
    WrongPassphrase,
    #[error("this recovery key does not open this backup")]
    WrongRecoveryKey,
    #[error("this is not a recovery key: a character is missing or mistyped")]
    MistypedRecoveryKey,
}

/// What opens a backup.
pub enum Secret<'a> {
    Passphrase(&'a str),
    RecoveryKey(&'a str),
}

/// A backup file of `stores`, sealed with `key` (which `header` wraps).
pub fn write(
    header: &VaultHeader,
    key: &DataKey,
    manifest: &BackupManifest,
    stores: &BTreeMap<String, StoreDump>,
) -> Vec<u8> {
    let sealed = Sealed::seal_json(key, payload_ref(&manifest.backup_id), stores);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(sealed.b.len() > u32::MAX as usize / 2);
    let parts = [
        (
            "manifest.json",
            serde_json::to_vec_pretty(manifest).expect("manifest"),
        ),
        (
            "vault.json",
            serde_json::to_vec_pretty(header).expect("header"),
        ),
        ("payload.sealed", sealed.b),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, stored).expect("in-memory zip");
        zip.write_all(&bytes).expect("in-memory zip");
    }
    zip.finish().expect("in-memory zip").into_inner()
}

/// Opens a backup with the user's secret: its manifest, its vault header (to keep, so
/// the same passphrase unlocks the restored laptop) and every store's records.
pub fn open(
    bytes: &[u8],
    secret: Secret,
) -> Result<
    (
        BackupManifest,
        VaultHeader,
        DataKey,
        BTreeMap<String, StoreDump>,
    ),
    BackupError,
> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| BackupError::NotABackup)?;
    let mut read = |name: &str| -> Result<Vec<u8>, BackupError> {
        let mut f = zip.by_name(name).map_err(|_| BackupError::NotABackup)?;
        let mut out = Vec::new();
        f.read_to_end(&mut out)
            .map_err(|_| BackupError::Damaged(format!("{name} fails its checksum")))?;
        Ok(out)
    };
    let manifest_bytes = read("manifest.json")?;
    let value: serde_json::Value =
        serde_json::from_slice(&manifest_bytes).map_err(|_| BackupError::NotABackup)?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(BackupError::NotABackup);
    }
    if value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) > u64::from(VERSION) {
        return Err(BackupError::Newer);
    }
    let manifest: BackupManifest =
        serde_json::from_value(value).map_err(|e| BackupError::Damaged(e.to_string()))?;
    let header: VaultHeader = serde_json::from_slice(&read("vault.json")?)
        .map_err(|e| BackupError::Damaged(e.to_string()))?;
    let key = match secret {
        Secret::Passphrase(p) => header.unlock_any(p).map_err(|e| match e {
            VaultError::WrongPassphrase => BackupError::WrongPassphrase,
            other => BackupError::Damaged(other.to_string()),
        })?,
        Secret::RecoveryKey(text) => {
            let recovery =
                RecoveryKey::parse(text).map_err(|_| BackupError::MistypedRecoveryKey)?;
            header
                .unlock_with_recovery(&recovery)
                .map_err(|e| match e {
                    VaultError::WrongRecoveryKey => BackupError::WrongRecoveryKey,
                    other => BackupError::Damaged(other.to_string()),
                })?
        }
    };
    let payload = Sealed {
        v: 1,
        b: read("payload.sealed")?,
    };
    let stores = payload
        .open_json(&key, payload_ref(&manifest.backup_id))
        .map_err(|e| BackupError::Damaged(e.to_string()))?;
    Ok((manifest, header, key, stores))
}

fn payload_ref(id: &str) -> RecordRef<'_> {
    RecordRef {
        store: "backup",
        id,
        revision: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::vault::KdfParams;

    fn sample() -> (
        VaultHeader,
        DataKey,
        String,
        BackupManifest,
        BTreeMap<String, StoreDump>,
    ) {
        let (header, key, recovery) = VaultHeader::create(
            "copper lantern",
            KdfParams::with_cost(256, 1, 1),
            DateTime::UNIX_EPOCH,
        )
        .unwrap();
        let stores = BTreeMap::from([
            (
                "customers".to_owned(),
                vec![(
                    None,
                    serde_json::json!({"id": "c1", "basic": {"name": "江门安信"}}),
                )],
            ),
            (
                "drafts".to_owned(),
                vec![(
                    Some(serde_json::json!("customer:new")),
                    serde_json::json!({"x": 1}),
                )],
            ),
        ]);
        let manifest = BackupManifest {
            format: FORMAT.into(),
            version: VERSION,
            backup_id: "b1".into(),
            created_at: DateTime::UNIX_EPOCH,
            by: "李伟".into(),
            counts: BTreeMap::from([("customers".into(), 1), ("drafts".into(), 1)]),
        };
        (header, key, recovery.display(), manifest, stores)
    }

    #[test]
    fn a_backup_opens_with_the_passphrase_or_the_recovery_key_only() {
        let (header, key, recovery, manifest, stores) = sample();
        let bytes = write(&header, &key, &manifest, &stores);
        assert!(!String::from_utf8_lossy(&bytes).contains("江门"));
        let (m, h, _, back) = open(&bytes, Secret::Passphrase("copper lantern")).unwrap();
        assert_eq!(
            (m, h, back),
            (manifest.clone(), header.clone(), stores.clone())
        );
        let (.., back) = open(&bytes, Secret::RecoveryKey(&recovery)).unwrap();
        assert_eq!(back, stores);
        assert!(matches!(
            open(&bytes, Secret::Passphrase("copper")),
            Err(BackupError::WrongPassphrase)
        ));
        assert!(matches!(
            open(&bytes, Secret::RecoveryKey("AAAA")),
            Err(BackupError::MistypedRecoveryKey)
        ));
        assert!(matches!(
            open(b"not a zip", Secret::Passphrase("x")),
            Err(BackupError::NotABackup)
        ));
        let mut damaged = bytes.clone();
        let at = damaged.len() / 2;
        damaged[at] ^= 1;
        assert!(open(&damaged, Secret::Passphrase("copper lantern")).is_err());
        assert_eq!(
            manifest.file_name("R07"),
            "Dossier-backup_R07_1970-01-01.dossier-backup"
        );
    }
}
