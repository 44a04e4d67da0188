//! The vault: what keeps confidential customer files unreadable to whoever takes the
//! laptop, and the viewing record that traces every look at them.
//!
//! ```text
//! passphrase ──Argon2id(salt, m, t, p)──▶ key-encryption key ─┐
//!                                                              ├─ wrap ─▶ data key (random, 256 bits)
//! recovery key (random, printed once) ────────────────────────┘                │
//!                                    XChaCha20-Poly1305, AAD = store/id/revision ▼
//!                                          sealed records, viewing record entries
//! ```
//!
//! - `keys`: the data key, the header that holds it wrapped (by passphrase and by
//!   recovery key), unlocking and changing the passphrase.
//! - `seal`: authenticated encryption of one record, bound to its store, id and revision.
//! - `recovery`: the printable recovery key, with a checksum for typing mistakes.
//! - `log`: the hash-chained viewing record (调阅记录).
//! - `strength`: honest feedback on a new passphrase.
//!
//! The threat model and the reasons behind each choice are in `docs/SECURITY.md`.

pub mod keys;
pub mod log;
pub mod recovery;
pub mod seal;
pub mod strength;

pub use keys::{DataKey, KdfParams, VaultError, VaultHeader};
pub use seal::{RecordRef, Sealed};

/// Fills `buf` from the operating system's (or the browser's) secure random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // Without a secure random source no key can be made; there is no safe fallback.
    getrandom::getrandom(&mut buf).expect("the secure random source is unavailable");
    buf
}

/// Why an unlock was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UnlockError {
    #[error("the passphrase is not right")]
    WrongPassphrase,
    #[error("this recovery key does not belong to this vault")]
    WrongRecoveryKey,
    #[error("this is not a recovery key: a character is missing or mistyped")]
    MistypedRecoveryKey,
    /// Too many wrong attempts: the next is allowed after this many seconds.
    #[error("too many attempts: wait {0} s")]
    Wait(u32),
    #[error("no passphrase has been set on this device")]
    NoVault,
    #[error(transparent)]
    Store(#[from] crate::core::store::StoreError),
}

/// Wrong attempts so far and when the last one was.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Failures {
    pub count: u32,
    pub last_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl Failures {
    /// How long after the last wrong attempt the next is allowed: three free tries,
    /// then 5 s, doubling up to 5 minutes. Argon2 itself makes every guess cost about
    /// half a second; this stops someone at the keyboard from trying a list.
    pub fn delay_seconds(&self) -> u32 {
        match self.count {
            0..=2 => 0,
            n => (5u32 << (n - 3).min(6)).min(300),
        }
    }

    /// Seconds still to wait at `now` before another attempt.
    pub fn wait_at(&self, now: chrono::DateTime<chrono::Utc>) -> u32 {
        let Some(last) = self.last_at else { return 0 };
        let elapsed = (now - last).num_seconds().max(0);
        (i64::from(self.delay_seconds()) - elapsed).max(0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Duration};

    #[test]
    fn repeated_failures_slow_down_further_attempts() {
        let t0 = DateTime::from_timestamp(1_790_000_000, 0).unwrap();
        let after = |count| Failures {
            count,
            last_at: Some(t0),
        };
        assert_eq!(after(0).wait_at(t0), 0);
        assert_eq!(after(2).wait_at(t0), 0);
        assert_eq!(after(3).wait_at(t0), 5);
        assert_eq!(after(3).wait_at(t0 + Duration::seconds(3)), 2);
        assert_eq!(after(3).wait_at(t0 + Duration::seconds(9)), 0);
        assert_eq!(after(4).wait_at(t0), 10);
        assert_eq!(after(8).wait_at(t0), 160);
        assert_eq!(after(50).wait_at(t0), 300);
        // A clock set back does not lengthen the wait.
        assert_eq!(after(4).wait_at(t0 - Duration::hours(1)), 10);
    }
}
