//! The vault in storage: its header in `meta`, the data key held (only) in memory while
//! unlocked, unlock attempts counted across reloads, sealing of files that were marked
//! confidential before a passphrase existed, and the viewing record.

use chrono::{DateTime, Utc};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::catalogue::at_sealing_level;
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use super::sealed::{Envelope, Stored};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::model::Customer;
use crate::core::people::Person;
use crate::core::security::EventKind;
use crate::core::store::{CustomerStore, StoreError};
use crate::core::vault::log::{self, ChainError, ChainHead, Viewing, ViewingEntry};
use crate::core::vault::recovery::RecoveryKey;
use crate::core::vault::{
    DataKey, Failures, KdfParams, RecordRef, Sealed, UnlockError, VaultError, VaultHeader,
};

const KEY_CHECK: RecordRef = RecordRef {
    store: schema::META,
    id: meta_keys::KEY_CHECK,
    revision: 0,
};
const KEY_CHECK_TEXT: &[u8] = b"dossier data key";

const HEAD: RecordRef = RecordRef {
    store: schema::META,
    id: meta_keys::VIEWING_HEAD,
    revision: 0,
};

impl From<indexed_db_futures::error::Error> for UnlockError {
    fn from(e: indexed_db_futures::error::Error) -> UnlockError {
        UnlockError::Store(e.into())
    }
}

impl Db {
    /// The vault's header, `None` if no passphrase was ever set.
    pub async fn vault_header(&self) -> Result<Option<VaultHeader>, StoreError> {
        self.meta(meta_keys::VAULT).await
    }

    /// Whether the data key is in memory.
    pub fn is_unlocked(&self) -> bool {
        self.data_key().is_some()
    }

    /// What the bundle worker needs of this unlocked session: the data key's bytes
    /// (wiped when dropped) and, at a head-office desk with people, who unlocked. `None`
    /// while locked. The first time, writes the key check the worker verifies the key
    /// with; after that a key the check does not open is refused, never written over
    /// (a page holding a stale key, after another tab restored a backup, say).
    pub async fn session_for_worker(
        &self,
    ) -> Result<Option<(zeroize::Zeroizing<[u8; 32]>, Option<Person>)>, StoreError> {
        let Some(key) = self.data_key() else {
            return Ok(None);
        };
        match self.meta::<Sealed>(meta_keys::KEY_CHECK).await? {
            Some(check) if check.open(&key, KEY_CHECK).is_err() => {
                return Err(StoreError::Tampered);
            }
            Some(_) => {}
            None => {
                self.set_meta(
                    meta_keys::KEY_CHECK,
                    &Sealed::seal(&key, KEY_CHECK, KEY_CHECK_TEXT),
                )
                .await?
            }
        }
        Ok(Some((key.to_handover(), self.person())))
    }

    /// The bundle worker's side: takes over the page's session, once the key proves to
    /// be this store's (a wrong key would seal what it writes so nobody could open it).
    pub async fn adopt_session(
        &self,
        key: DataKey,
        person: Option<Person>,
    ) -> Result<(), StoreError> {
        let check: Sealed = self
            .meta(meta_keys::KEY_CHECK)
            .await?
            .ok_or(StoreError::Locked)?;
        match check.open(&key, KEY_CHECK) {
            Ok(text) if text == KEY_CHECK_TEXT => {
                self.set_data_key(Some(key));
                self.set_person(person);
                Ok(())
            }
            _ => Err(StoreError::Tampered),
        }
    }

    /// Forgets the data key (it is wiped from memory).
    pub fn lock(&self) {
        self.set_data_key(None);
    }

    /// Sets the first passphrase; returns the recovery key to show once. The vault is
    /// unlocked afterwards, and files already marked confidential are sealed.
    pub async fn create_vault(
        &self,
        passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<RecoveryKey, StoreError> {
        if self.vault_header().await?.is_some() {
            return Err(StoreError::Conflict);
        }
        let (header, key, recovery) = VaultHeader::create(passphrase, kdf, now)?;
        self.set_meta(meta_keys::VAULT, &header).await?;
        // A new key, so a new check (`session_for_worker`).
        self.set_meta(
            meta_keys::KEY_CHECK,
            &Sealed::seal(&key, KEY_CHECK, KEY_CHECK_TEXT),
        )
        .await?;
        self.set_data_key(Some(key));
        let (_, pending) = self.entries_at_sealing_levels().await?;
        self.seal(pending).await?;
        Ok(recovery)
    }

    /// Unlocks with the passphrase. Wrong attempts are counted in storage, so a reload
    /// does not reset the growing wait between them. Only the key derivation takes
    /// time here; files still to be sealed are sealed by [`Db::unsealed_catalogue`],
    /// which the app calls next.
    ///
    /// Every attempt is counted as a failure before the key derivation, in the same
    /// transaction that checks the wait ([`Db::reserve_attempt`]), and the count is
    /// cleared once the passphrase proves right: tabs guessing at once each count,
    /// where reading the count, deriving, then writing it back let them all write the
    /// same count. The derivation itself runs between the two transactions, since
    /// none may wait on anything but IndexedDB.
    pub async fn unlock(&self, passphrase: &str, now: DateTime<Utc>) -> Result<(), UnlockError> {
        let (header, failed) = self.reserve_attempt(now).await?;
        // At a desk with people (the sealed record says so, whatever the header), nobody
        // unlocks without being someone.
        if self.meta::<Sealed>(meta_keys::PEOPLE).await?.is_some() {
            return Err(UnlockError::WrongPassphrase);
        }
        match header.unlock(passphrase) {
            Ok(key) => {
                self.set_data_key(Some(key));
                // The count starts again, and the attempts before are recorded, not lost.
                self.note_security(&failed, None, now).await?;
                Ok(())
            }
            Err(VaultError::WrongPassphrase) => Err(UnlockError::WrongPassphrase),
            Err(e) => {
                // Not a guess (the header cannot be read): the attempt is given back.
                self.give_back_attempt().await?;
                Err(UnlockError::Store(e.into()))
            }
        }
    }

    /// Reads the vault's header and the failed attempts, refuses while the wait after
    /// them runs, and otherwise counts this attempt as failed at `now`: one readwrite
    /// transaction, which IndexedDB runs after any other tab's and before the next.
    /// Returns the header and the failed attempts before this one.
    pub(super) async fn reserve_attempt(
        &self,
        now: DateTime<Utc>,
    ) -> Result<(VaultHeader, Failures), UnlockError> {
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let header = meta.get(meta_keys::VAULT).serde()?;
        let failures = meta.get(meta_keys::UNLOCK_FAILURES).serde()?;
        // Both requests are issued before either answer is awaited.
        let header: Option<MetaEntry<VaultHeader>> = header.await?;
        let failures: Option<MetaEntry<Failures>> = failures.await?;
        let header = header.ok_or(UnlockError::NoVault)?.value;
        let failures = failures.map(|e| e.value).unwrap_or_default();
        let wait = failures.wait_at(now);
        if wait > 0 {
            // Dropped uncommitted: nothing written.
            return Err(UnlockError::Wait(wait));
        }
        let counted = MetaEntry {
            key: meta_keys::UNLOCK_FAILURES.to_owned(),
            value: Failures {
                count: failures.count.saturating_add(1),
                last_at: Some(now),
            },
        };
        meta.put(&counted).serde()?.await?;
        tx.commit().await?;
        Ok((header, failures))
    }

    /// Takes back an attempt [`Db::reserve_attempt`] counted that was no guess.
    pub(super) async fn give_back_attempt(&self) -> Result<(), StoreError> {
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let found: Option<MetaEntry<Failures>> =
            meta.get(meta_keys::UNLOCK_FAILURES).serde()?.await?;
        if let Some(mut entry) = found.filter(|e| e.value.count > 0) {
            entry.value.count -= 1;
            meta.put(&entry).serde()?.await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Seconds before another unlock attempt is allowed.
    pub async fn unlock_wait(&self, now: DateTime<Utc>) -> Result<u32, StoreError> {
        let failures: Failures = self
            .meta(meta_keys::UNLOCK_FAILURES)
            .await?
            .unwrap_or_default();
        Ok(failures.wait_at(now))
    }

    /// Sets a new passphrase using the recovery key, and unlocks.
    pub async fn recover(
        &self,
        recovery: &str,
        new_passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<(), UnlockError> {
        let header = self.vault_header().await?.ok_or(UnlockError::NoVault)?;
        if header.has_people() {
            // A desk with people recovers one person's passphrase (`Db::recover_person`);
            // a shared one would open the desk to anyone who knew it.
            return Err(UnlockError::NoVault);
        }
        let recovery =
            RecoveryKey::parse(recovery).map_err(|_| UnlockError::MistypedRecoveryKey)?;
        let key = match header.unlock_with_recovery(&recovery) {
            Ok(key) => key,
            Err(VaultError::WrongRecoveryKey) => return Err(UnlockError::WrongRecoveryKey),
            Err(e) => return Err(UnlockError::Store(e.into())),
        };
        let failed = self.unlock_failures().await?;
        self.rewrap(&header, &key, new_passphrase, kdf, now).await?;
        self.set_data_key(Some(key));
        self.note_security(&failed, Some(EventKind::RecoveryKeyUsed), now)
            .await?;
        Ok(())
    }

    /// Changes the passphrase: only the wrapped key is rewritten.
    pub async fn change_passphrase(
        &self,
        old: &str,
        new: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<(), UnlockError> {
        let header = self.vault_header().await?.ok_or(UnlockError::NoVault)?;
        let key = match header.unlock(old) {
            Ok(key) => key,
            Err(VaultError::WrongPassphrase) => return Err(UnlockError::WrongPassphrase),
            Err(e) => return Err(UnlockError::Store(e.into())),
        };
        let failed = self.unlock_failures().await?;
        self.rewrap(&header, &key, new, kdf, now).await?;
        self.note_security(&failed, Some(EventKind::PassphraseChanged), now)
            .await?;
        Ok(())
    }

    async fn rewrap(
        &self,
        header: &VaultHeader,
        key: &DataKey,
        passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let header = header.with_passphrase(key, passphrase, kdf, now)?;
        self.set_meta(meta_keys::VAULT, &header).await?;
        self.set_meta(meta_keys::UNLOCK_FAILURES, &Failures::default())
            .await
    }

    /// Seals files whose level calls for it but which are still stored in the clear:
    /// those marked confidential before a passphrase was set (and any left so if the
    /// sealing after it was cut short). Each in its own commit, which seals its
    /// history, visits and complaints with it.
    async fn seal(&self, pending: Vec<CatalogueEntry>) -> Result<(), StoreError> {
        for entry in pending {
            if let Some(customer) = self.customer(&entry.id).await? {
                // Rewritten as its level requires, without a new revision or history entry.
                let revision = customer.revision;
                self.write_file(customer, None, None, Some(revision), None)
                    .await?;
            }
        }
        Ok(())
    }

    /// The catalogue entries of files at a sealing level: those stored sealed, and
    /// those still in the clear. Every page is read, but only these entries decoded.
    async fn entries_at_sealing_levels(
        &self,
    ) -> Result<(Vec<CatalogueEntry>, Vec<CatalogueEntry>), StoreError> {
        let entries = self.catalogue_where(at_sealing_level).await?;
        Ok(entries.into_iter().partition(|e| e.sealed))
    }

    /// The confidential files' full catalogue entries, for search while unlocked.
    /// Called after an unlock, it first seals files still in the clear at a sealing
    /// level (see [`Db::seal`]): one read of the level index serves both, and unlocking
    /// itself stays the key derivation only.
    ///
    /// A file the catalogue holds as sealed whose record is plain (put there from
    /// outside the app, [`Stored::checked`]) is left out: its redacted entry stays, and
    /// its page says it was altered.
    pub async fn unsealed_catalogue(&self) -> Result<Vec<CatalogueEntry>, StoreError> {
        let (sealed, pending) = self.entries_at_sealing_levels().await?;
        let ids: Vec<String> = sealed
            .iter()
            .chain(&pending)
            .map(|e| e.id.clone())
            .collect();
        self.seal(pending).await?;
        let tx = self.database().transaction(schema::CUSTOMERS).build()?;
        let store = tx.object_store(schema::CUSTOMERS)?;
        // Every request is issued before the first answer is awaited.
        let requests = ids
            .iter()
            .map(|id| store.get(id.as_str()).serde())
            .collect::<Result<Vec<_>, _>>()?;
        let mut found: Vec<Option<Stored<Customer>>> = Vec::with_capacity(requests.len());
        for request in requests {
            found.push(request.await?);
        }
        tx.commit().await?;
        // `found` is in the order of `ids`: the sealed entries first.
        found
            .into_iter()
            .enumerate()
            .filter_map(|(i, found)| found?.checked(i < sealed.len()).ok())
            .map(|found| {
                let c = self.open_stored(schema::CUSTOMERS, found)?;
                Ok(CatalogueEntry::of(&c))
            })
            .collect()
    }

    /// Appends to the viewing record, in one transaction with its chain head.
    pub async fn record_viewing(&self, viewing: Viewing) -> Result<ViewingEntry, StoreError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction([schema::VIEWING_LOG, schema::META])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let head: Option<MetaEntry<Sealed>> = meta.get(meta_keys::VIEWING_HEAD).serde()?.await?;
        let head: Option<ChainHead> = head.map(|h| h.value.open_json(&key, HEAD)).transpose()?;
        let entry = ViewingEntry::next(head.as_ref(), viewing);
        let id = viewing_id(entry.seq);
        let envelope = Envelope {
            sealed: Sealed::seal_json(&key, viewing_ref(&id), &entry),
            id,
            revision: 0,
            customer_id: None,
            status: None,
            acceptance_no: None,
        };
        tx.object_store(schema::VIEWING_LOG)?
            .put(&envelope)
            .serde()?
            .await?;
        let head = ChainHead {
            seq: entry.seq,
            hash: entry.hash.clone(),
        };
        let head = MetaEntry {
            key: meta_keys::VIEWING_HEAD.to_owned(),
            value: Sealed::seal_json(&key, HEAD, &head),
        };
        meta.put(&head).serde()?.await?;
        tx.commit().await?;
        Ok(entry)
    }

    /// The whole viewing record, oldest first, and whether its chain is intact.
    pub async fn viewing_record(
        &self,
    ) -> Result<(Vec<ViewingEntry>, Result<(), ChainError>), StoreError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction([schema::VIEWING_LOG, schema::META])
            .build()?;
        let all = tx
            .object_store(schema::VIEWING_LOG)?
            .get_all()
            .serde()?
            .await?;
        let all = all.collect::<Result<Vec<Envelope>, _>>()?;
        let head: Option<MetaEntry<Sealed>> = tx
            .object_store(schema::META)?
            .get(meta_keys::VIEWING_HEAD)
            .serde()?
            .await?;
        tx.commit().await?;
        let head: Option<ChainHead> = head.map(|h| h.value.open_json(&key, HEAD)).transpose()?;
        let mut entries = Vec::with_capacity(all.len());
        for env in all {
            // An entry that does not open under its own position was altered or moved.
            match env
                .sealed
                .open_json::<ViewingEntry>(&key, viewing_ref(&env.id))
            {
                Ok(e) => entries.push(e),
                Err(_) => {
                    let seq = env.id.parse().unwrap_or(0);
                    self.chain_broken(&ChainError::Altered(seq));
                    return Ok((entries, Err(ChainError::Altered(seq))));
                }
            }
        }
        let verdict = log::verify(&entries, head.as_ref());
        if let Err(broken) = &verdict {
            self.chain_broken(broken);
        }
        Ok((entries, verdict))
    }
}

/// Keys sort as text, so sequence numbers are zero-padded.
fn viewing_id(seq: u64) -> String {
    format!("{seq:012}")
}

fn viewing_ref(id: &str) -> RecordRef<'_> {
    RecordRef {
        store: schema::VIEWING_LOG,
        id,
        revision: 0,
    }
}
