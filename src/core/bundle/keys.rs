//! A device's (or head office's) two key pairs: Ed25519 to sign the bundles it sends,
//! X25519 to open the bundles sent to it. Public halves travel as a [`PublicIdentity`];
//! people compare its short [`PublicIdentity::fingerprint`] on both screens.

use ed25519_dalek::{SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::core::vault::random_bytes;

/// Who holds a key pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// A rep's laptop.
    Field,
    HeadOffice,
}

/// Both secret keys, wiped from memory when dropped. Stored only sealed by the vault.
#[derive(Clone, Serialize, Deserialize)]
pub struct DeviceKeys {
    /// A random id for this key holder (minisign's key id is its first 8 bytes).
    pub id: String,
    pub role: Role,
    pub rep_code: String,
    pub name: String,
    signing_seed: Zeroizing<[u8; 32]>,
    encryption_secret: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DeviceKeys({}, {:?}, {})",
            self.id, self.role, self.rep_code
        )
    }
}

/// What others need to check this holder's signatures and encrypt to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicIdentity {
    pub id: String,
    pub role: Role,
    pub rep_code: String,
    pub name: String,
    /// minisign key id: 8 bytes.
    #[serde(with = "serde_bytes")]
    pub key_id: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub signing: Vec<u8>,
    #[serde(with = "serde_bytes")]
    pub encryption: Vec<u8>,
}

impl DeviceKeys {
    pub fn generate(role: Role, rep_code: &str, name: &str) -> DeviceKeys {
        let id: [u8; 16] = random_bytes();
        DeviceKeys {
            id: data_encoding::HEXLOWER.encode(&id),
            role,
            rep_code: rep_code.to_owned(),
            name: name.to_owned(),
            signing_seed: Zeroizing::new(random_bytes()),
            encryption_secret: Zeroizing::new(random_bytes()),
        }
    }

    pub(super) fn signing_key(&self) -> SigningKey {
        SigningKey::from_bytes(&self.signing_seed)
    }

    pub(super) fn encryption_secret(&self) -> StaticSecret {
        StaticSecret::from(*self.encryption_secret)
    }

    /// This holder's identity line for the `age` tool (`AGE-SECRET-KEY-1…`), for a
    /// clerk who opens a bundle without Dossier.
    pub fn age_identity(&self) -> Zeroizing<String> {
        super::age::identity_string(&self.encryption_secret)
    }

    /// minisign's key id: the first 8 bytes of the holder id's hash.
    pub fn key_id(&self) -> [u8; 8] {
        key_id_of(&self.id)
    }

    pub fn public(&self) -> PublicIdentity {
        PublicIdentity {
            id: self.id.clone(),
            role: self.role,
            rep_code: self.rep_code.clone(),
            name: self.name.clone(),
            key_id: self.key_id().to_vec(),
            signing: self.signing_key().verifying_key().to_bytes().to_vec(),
            encryption: PublicKey::from(&self.encryption_secret())
                .as_bytes()
                .to_vec(),
        }
    }
}

fn key_id_of(id: &str) -> [u8; 8] {
    let h = Sha256::digest(id.as_bytes());
    let mut out = [0u8; 8];
    out.copy_from_slice(&h[..8]);
    out
}

impl PublicIdentity {
    pub(super) fn verifying_key(&self) -> Option<VerifyingKey> {
        let bytes: [u8; 32] = self.signing.as_slice().try_into().ok()?;
        VerifyingKey::from_bytes(&bytes).ok()
    }

    pub(super) fn encryption_key(&self) -> Option<PublicKey> {
        let bytes: [u8; 32] = self.encryption.as_slice().try_into().ok()?;
        Some(PublicKey::from(bytes))
    }

    /// This holder as an `age` recipient (`age1…`).
    pub fn age_recipient(&self) -> String {
        self.encryption_key()
            .map(|k| super::age::recipient_string(&k))
            .unwrap_or_default()
    }

    /// Six groups of four characters over both public keys, for people to compare on
    /// two screens: `7KQ2-M4XD-…`.
    pub fn fingerprint(&self) -> String {
        let h = Sha256::new()
            .chain_update(b"dossier fingerprint v1")
            .chain_update(&self.signing)
            .chain_update(&self.encryption)
            .finalize();
        let text = data_encoding::BASE32_NOPAD.encode(&h[..15]);
        text.as_bytes()
            .chunks(4)
            .take(6)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_survive_storage_and_fingerprints_tell_holders_apart() {
        let a = DeviceKeys::generate(Role::Field, "R07", "李伟");
        let back: DeviceKeys = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back.public(), a.public());
        let b = DeviceKeys::generate(Role::Field, "R07", "李伟");
        assert_ne!(a.public().fingerprint(), b.public().fingerprint());
        assert_eq!(a.public().fingerprint().len(), 6 * 4 + 5);
        assert!(format!("{a:?}").contains("R07") && !format!("{a:?}").contains("seed"));
    }
}
