//! The recovery key: 256 random bits the user writes down once, shown as eleven groups
//! of five letters and digits with a checksum, so a mistyped character is caught before
//! the vault is even tried. Typing is forgiving: case, spaces, dashes, and the digits
//! 0, 1 and 8 for the letters O, I and B.

use data_encoding::BASE32_NOPAD;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::keys::{DataKey, VaultError};
use super::random_bytes;

const GROUP: usize = 5;

/// A recovery key, wiped from memory when dropped.
pub struct RecoveryKey(Zeroizing<[u8; 32]>);

impl RecoveryKey {
    pub fn generate() -> RecoveryKey {
        RecoveryKey(Zeroizing::new(random_bytes()))
    }

    /// The key that wraps the data key. The recovery key has full entropy, so it needs
    /// no stretching.
    pub(super) fn key(&self) -> DataKey {
        DataKey::from_bytes(*self.0)
    }

    /// How it is shown and printed: `ABCDE-FGHIJ-…`.
    pub fn display(&self) -> String {
        let mut bytes = Zeroizing::new(self.0.to_vec());
        bytes.extend_from_slice(&checksum(&self.0));
        let text = Zeroizing::new(BASE32_NOPAD.encode(&bytes));
        text.as_bytes()
            .chunks(GROUP)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// Reads a typed recovery key.
    pub fn parse(typed: &str) -> Result<RecoveryKey, VaultError> {
        let text: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| match c.to_ascii_uppercase() {
                    '0' => 'O',
                    '1' => 'I',
                    '8' => 'B',
                    c => c,
                })
                .collect(),
        );
        let bytes = Zeroizing::new(
            BASE32_NOPAD
                .decode(text.as_bytes())
                .map_err(|_| VaultError::MistypedRecoveryKey)?,
        );
        if bytes.len() != 34 {
            return Err(VaultError::MistypedRecoveryKey);
        }
        let (key, sum) = bytes.split_at(32);
        let key: [u8; 32] = key
            .try_into()
            .map_err(|_| VaultError::MistypedRecoveryKey)?;
        if checksum(&key) != sum {
            return Err(VaultError::MistypedRecoveryKey);
        }
        Ok(RecoveryKey(Zeroizing::new(key)))
    }
}

fn checksum(key: &[u8; 32]) -> [u8; 2] {
    let digest = Sha256::new()
        .chain_update(b"dossier recovery key")
        .chain_update(key)
        .finalize();
    [digest[0], digest[1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_key_reads_back_however_it_is_typed() {
        let key = RecoveryKey::generate();
        let shown = key.display();
        assert_eq!(shown.len(), 55 + 10);
        assert_eq!(shown.split('-').count(), 11);
        let sloppy = shown.to_lowercase().replace('-', " ").replace('o', "0");
        for typed in [shown.clone(), sloppy, format!("  {shown}\n")] {
            let back = RecoveryKey::parse(&typed).unwrap();
            assert_eq!(*back.0, *key.0, "{typed}");
        }
    }

    #[test]
    fn a_mistyped_key_is_caught_by_its_checksum() {
        let shown = RecoveryKey::generate().display();
        let mut chars: Vec<char> = shown.chars().collect();
        chars[7] = if chars[7] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert!(matches!(
            RecoveryKey::parse(&typo),
            Err(VaultError::MistypedRecoveryKey)
        ));
        assert!(matches!(
            RecoveryKey::parse(&shown[..50]),
            Err(VaultError::MistypedRecoveryKey)
        ));
        assert!(matches!(
            RecoveryKey::parse("my passphrase"),
            Err(VaultError::MistypedRecoveryKey)
        ));
    }
}
