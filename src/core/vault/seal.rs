//! One record sealed with XChaCha20-Poly1305 under the data key. The authenticated data
//! names the record (store, id, revision), so a ciphertext copied onto another record, or
//! an older revision put back in place of the current one, fails to open.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};

use super::keys::{DataKey, VaultError};
use super::random_bytes;

/// The format of [`Sealed`]; a newer one is refused, never guessed at.
const FORMAT: u8 = 1;
const NONCE_LEN: usize = 24;

/// What a sealed record is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordRef<'a> {
    /// The object store (or other place) the record lives in.
    pub store: &'a str,
    pub id: &'a str,
    /// The record's revision, where it has one (0 otherwise).
    pub revision: u32,
}

impl RecordRef<'_> {
    fn aad(&self) -> Vec<u8> {
        format!(
            "dossier/seal/v{FORMAT}/{}/{}/{}",
            self.store, self.id, self.revision
        )
        .into_bytes()
    }
}

/// A nonce and the ciphertext with its tag, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub v: u8,
    /// 24-byte nonce followed by the ciphertext and its 16-byte tag.
    #[serde(with = "serde_bytes")]
    pub b: Vec<u8>,
}

impl Sealed {
    /// Encrypts `plaintext` for `record` under `key`, with a fresh random nonce.
    pub fn seal(key: &DataKey, record: RecordRef, plaintext: &[u8]) -> Sealed {
        let nonce: [u8; NONCE_LEN] = random_bytes();
        let aad = record.aad();
        let cipher = XChaCha20Poly1305::new(key.bytes().into());
        let ct = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            // Only fails for messages beyond 256 GiB.
            .expect("record too large to seal");
        let mut b = nonce.to_vec();
        b.extend_from_slice(&ct);
        Sealed { v: FORMAT, b }
    }

    /// Decrypts, or says why not: another key, another record, or altered bytes all give
    /// [`VaultError::Tampered`], since the cipher cannot tell them apart.
    pub fn open(&self, key: &DataKey, record: RecordRef) -> Result<Vec<u8>, VaultError> {
        if self.v != FORMAT {
            return Err(VaultError::NewerFormat);
        }
        if self.b.len() < NONCE_LEN + 16 {
            return Err(VaultError::Tampered);
        }
        let (nonce, ct) = self.b.split_at(NONCE_LEN);
        let aad = record.aad();
        XChaCha20Poly1305::new(key.bytes().into())
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad: &aad })
            .map_err(|_| VaultError::Tampered)
    }

    /// Seals `value` as JSON.
    pub fn seal_json<T: Serialize>(key: &DataKey, record: RecordRef, value: &T) -> Sealed {
        // Serializing the app's own types to JSON cannot fail (string keys, no floats NaN).
        let json = serde_json::to_vec(value).expect("record serializes to JSON");
        let sealed = Sealed::seal(key, record, &json);
        zeroize::Zeroize::zeroize(&mut json.into_boxed_slice());
        sealed
    }

    /// Opens a record sealed by [`Sealed::seal_json`].
    pub fn open_json<T: for<'de> Deserialize<'de>>(
        &self,
        key: &DataKey,
        record: RecordRef,
    ) -> Result<T, VaultError> {
        let mut plain = self.open(key, record)?;
        let value = serde_json::from_slice(&plain).map_err(|e| VaultError::Corrupt(e.to_string()));
        zeroize::Zeroize::zeroize(&mut plain);
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISIT: RecordRef = RecordRef {
        store: "visits",
        id: "v1",
        revision: 3,
    };

    #[test]
    fn a_sealed_record_opens_with_its_key_and_reference_only() {
        let key = DataKey::generate();
        let sealed = Sealed::seal(&key, VISIT, b"old seat, old menu");
        assert_eq!(sealed.open(&key, VISIT).unwrap(), b"old seat, old menu");
        assert!(!contains(&sealed.b, b"old seat"));

        assert_eq!(
            sealed.open(&DataKey::generate(), VISIT),
            Err(VaultError::Tampered)
        );
        let moved = RecordRef { id: "v2", ..VISIT };
        assert_eq!(sealed.open(&key, moved), Err(VaultError::Tampered));
        let other_store = RecordRef {
            store: "complaints",
            ..VISIT
        };
        assert_eq!(sealed.open(&key, other_store), Err(VaultError::Tampered));
        let rolled_back = RecordRef {
            revision: 2,
            ..VISIT
        };
        assert_eq!(sealed.open(&key, rolled_back), Err(VaultError::Tampered));
    }

    #[test]
    fn any_flipped_byte_or_truncation_is_rejected() {
        let key = DataKey::generate();
        let sealed = Sealed::seal(&key, VISIT, b"confidential");
        for i in 0..sealed.b.len() {
            let mut bad = sealed.clone();
            bad.b[i] ^= 0x01;
            assert_eq!(bad.open(&key, VISIT), Err(VaultError::Tampered), "byte {i}");
        }
        for len in [0, 10, 24, 40, sealed.b.len() - 1] {
            let bad = Sealed {
                v: 1,
                b: sealed.b[..len].to_vec(),
            };
            assert_eq!(
                bad.open(&key, VISIT),
                Err(VaultError::Tampered),
                "len {len}"
            );
        }
        let newer = Sealed { v: 2, ..sealed };
        assert_eq!(newer.open(&key, VISIT), Err(VaultError::NewerFormat));
    }

    #[test]
    fn the_same_plaintext_seals_differently_each_time() {
        let key = DataKey::generate();
        let a = Sealed::seal(&key, VISIT, b"same");
        let b = Sealed::seal(&key, VISIT, b"same");
        assert_ne!(a.b, b.b);
    }

    #[test]
    fn json_records_round_trip() {
        let key = DataKey::generate();
        let value = vec!["张三".to_owned(), "13800000000".to_owned()];
        let sealed = Sealed::seal_json(&key, VISIT, &value);
        let back: Vec<String> = sealed.open_json(&key, VISIT).unwrap();
        assert_eq!(back, value);
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }
}
