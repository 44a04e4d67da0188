//! A head-office desk's people: each unlocks with their own passphrase (a wrap of the
//! data key in the vault header), and their names and roles are kept sealed in `meta`.
//! Adding, disabling and re-keying people is the archivist's ([`Action::ManagePeople`]),
//! checked here against the person unlocked, not only by the page.
//!
//! Key derivation (Argon2id, half a second) runs before the transaction that stores its
//! result: a transaction may wait on nothing but IndexedDB.

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::db::MetaEntry;
use super::schema::{self, meta_keys};
use super::sealed::{meta_ref, put_sealed_list_in, sealed_list_in};
use crate::core::people::{self, Action, Actor, Gate, PeopleError, Person, Role};
use crate::core::store::StoreError;
use crate::core::vault::keys::PersonKey;
use crate::core::vault::recovery::RecoveryKey;
use crate::core::vault::{DataKey, KdfParams, Sealed, UnlockError, VaultError, VaultHeader};

/// Why a change of the desk's people was not made. Nothing is written.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PeopleStoreError {
    #[error(transparent)]
    Invalid(#[from] PeopleError),
    #[error("not allowed: {0:?}")]
    NotAllowed(Gate),
    #[error("this desk's people are already set up")]
    AlreadySetUp,
    #[error("no such person at this desk")]
    NoSuchPerson,
    #[error(transparent)]
    Vault(#[from] VaultError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<indexed_db_futures::error::Error> for PeopleStoreError {
    fn from(e: indexed_db_futures::error::Error) -> PeopleStoreError {
        PeopleStoreError::Store(e.into())
    }
}

/// A change of the desk, applied to its header and people in one transaction.
enum Change {
    /// The first person: the desk's one user becomes its archivist.
    SetUp(Person, PersonKey),
    Add(Person, PersonKey),
    /// New roles, or disabled (their passphrase removed) or enabled again with a new one.
    Update {
        id: String,
        roles: Vec<Role>,
        disabled: bool,
        key: Option<PersonKey>,
    },
    Rekey(PersonKey),
}

impl Db {
    /// The desk's people, with their roles. Needs the vault unlocked.
    pub async fn people(&self) -> Result<Vec<Person>, StoreError> {
        let key = self.key()?;
        let found: Option<Sealed> = self.meta(meta_keys::PEOPLE).await?;
        Ok(match found {
            Some(sealed) => sealed.open_json(&key, meta_ref(meta_keys::PEOPLE))?,
            None => Vec::new(),
        })
    }

    /// Who may unlock at this desk, by id and name, read from the vault header (no
    /// passphrase needed): empty on a laptop with one user.
    pub async fn desk_names(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(self
            .vault_header()
            .await?
            .map(|h| h.people.into_iter().map(|p| (p.id, p.name)).collect())
            .unwrap_or_default())
    }

    /// Whether this is a desk with people: by the header, or by the sealed people record
    /// (someone emptying the header's people does not make a desk of one user again).
    pub async fn has_people(&self) -> Result<bool, StoreError> {
        if self.vault_header().await?.is_some_and(|h| h.has_people()) {
            return Ok(true);
        }
        Ok(self.meta::<Sealed>(meta_keys::PEOPLE).await?.is_some())
    }

    /// The person unlocked, as the sealed people record has them now (roles changed or
    /// disabled in another tab count at once); `None` if nobody, or no longer enabled.
    pub async fn current_person(&self) -> Result<Option<Person>, StoreError> {
        let Some(me) = self.person() else {
            return Ok(None);
        };
        Ok(self
            .people()
            .await?
            .into_iter()
            .find(|p| p.id == me.id && !p.disabled))
    }

    /// Who is acting on this laptop: its rep, the person unlocked at a head-office
    /// desk (or nobody, locked), or the one user of a desk without people or a laptop
    /// alone.
    pub async fn actor(&self) -> Result<Actor, StoreError> {
        use crate::core::bundle::keys::Role as DeviceRole;
        match self.exchange().await?.map(|e| e.role) {
            Some(DeviceRole::Field) => Ok(Actor::Rep),
            None => Ok(Actor::Alone),
            Some(DeviceRole::HeadOffice) => {
                let has_people = self.has_people().await?;
                Ok(match (has_people, self.person()) {
                    (false, _) => Actor::OfficeDesk,
                    (true, Some(p)) => Actor::Office(p),
                    (true, None) => Actor::Nobody,
                })
            }
        }
    }

    /// Unlocks as person `id` with their own passphrase. Wrong attempts are counted as
    /// for the laptop's one passphrase ([`Db::unlock`]).
    pub async fn unlock_as(
        &self,
        id: &str,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<Person, UnlockError> {
        let (header, failed) = self.reserve_attempt(now).await?;
        let key = match header.unlock_person(id, passphrase) {
            Ok(key) => key,
            Err(VaultError::WrongPassphrase) => return Err(UnlockError::WrongPassphrase),
            Err(e) => {
                self.give_back_attempt().await?;
                return Err(UnlockError::Store(e.into()));
            }
        };
        self.set_data_key(Some(key));
        let person = match self.people().await {
            Ok(all) => all.into_iter().find(|p| p.id == id && !p.disabled),
            Err(e) => {
                self.lock();
                return Err(e.into());
            }
        };
        let Some(person) = person else {
            // A wrap without a person (or a disabled one's, left behind): not a way in.
            self.lock();
            return Err(UnlockError::WrongPassphrase);
        };
        self.set_person(Some(person.clone()));
        // The count starts again, and the attempts before are recorded, not lost.
        self.note_security(&failed, None, now).await?;
        Ok(person)
    }

    /// Sets a new passphrase for person `id` with the recovery key, and unlocks as them.
    pub async fn recover_person(
        &self,
        recovery: &str,
        id: &str,
        new_passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<Person, UnlockError> {
        let header = self.vault_header().await?.ok_or(UnlockError::NoVault)?;
        let recovery =
            RecoveryKey::parse(recovery).map_err(|_| UnlockError::MistypedRecoveryKey)?;
        let key = match header.unlock_with_recovery(&recovery) {
            Ok(key) => key,
            Err(VaultError::WrongRecoveryKey) => return Err(UnlockError::WrongRecoveryKey),
            Err(e) => return Err(UnlockError::Store(e.into())),
        };
        let name = header
            .people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .ok_or(UnlockError::WrongRecoveryKey)?;
        let wrapped = PersonKey::wrap(&key, (id, &name), new_passphrase, kdf, now)
            .map_err(|e| UnlockError::Store(e.into()))?;
        self.set_data_key(Some(key));
        match self.change_desk(Change::Rekey(wrapped), None).await {
            Ok(_) => {}
            Err(PeopleStoreError::Store(e)) => {
                self.lock();
                return Err(e.into());
            }
            Err(_) => {
                self.lock();
                return Err(UnlockError::WrongRecoveryKey);
            }
        }
        let person = self
            .people()
            .await?
            .into_iter()
            .find(|p| p.id == id && !p.disabled);
        let Some(person) = person else {
            self.lock();
            return Err(UnlockError::WrongRecoveryKey);
        };
        self.set_person(Some(person.clone()));
        let failed = self.unlock_failures().await?;
        self.note_security(
            &failed,
            Some(crate::core::security::EventKind::RecoveryKeyUsed),
            now,
        )
        .await?;
        Ok(person)
    }

    /// Makes the desk's one user its first person, `name`, an archivist (and `roles`
    /// besides), with `passphrase`; from then on each person unlocks with their own.
    /// The user must have unlocked the desk.
    pub async fn set_up_desk(
        &self,
        id: String,
        name: &str,
        roles: Vec<Role>,
        passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<Person, PeopleStoreError> {
        let key = self.key()?;
        let mut roles = roles;
        if !roles.contains(&Role::Archivist) {
            roles.insert(0, Role::Archivist);
        }
        let person = Person::new(id, name, roles);
        people::check(std::slice::from_ref(&person))?;
        let wrapped = PersonKey::wrap(&key, (&person.id, &person.name), passphrase, kdf, now)?;
        self.change_desk(Change::SetUp(person.clone(), wrapped), None)
            .await?;
        self.set_person(Some(person.clone()));
        Ok(person)
    }

    /// Adds person `name` with `roles` and their first `passphrase` (which they change).
    pub async fn add_person(
        &self,
        id: String,
        name: &str,
        roles: Vec<Role>,
        passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<Person, PeopleStoreError> {
        let key = self.key()?;
        // Who asks first: the key derivation takes half a second.
        let by = self.manager()?;
        let person = Person::new(id, name, roles);
        let wrapped = PersonKey::wrap(&key, (&person.id, &person.name), passphrase, kdf, now)?;
        self.change_desk(Change::Add(person.clone(), wrapped), Some(&by))
            .await?;
        Ok(person)
    }

    /// Sets person `id`'s roles and whether they are disabled. Disabling removes their
    /// passphrase; enabling again needs a new one (`passphrase`).
    #[allow(clippy::too_many_arguments)]
    pub async fn update_person(
        &self,
        id: &str,
        roles: Vec<Role>,
        disabled: bool,
        passphrase: Option<&str>,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<(), PeopleStoreError> {
        let key = self.key()?;
        let by = self.manager()?;
        let name = self
            .people()
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(PeopleStoreError::NoSuchPerson)?
            .name;
        let key = match passphrase {
            Some(p) if !disabled => Some(PersonKey::wrap(&key, (id, &name), p, kdf, now)?),
            _ => None,
        };
        self.change_desk(
            Change::Update {
                id: id.to_owned(),
                roles,
                disabled,
                key,
            },
            Some(&by),
        )
        .await?;
        Ok(())
    }

    /// A new passphrase for person `id`: the archivist's for anyone, anyone's for
    /// themselves (who must give their current one, `current`).
    pub async fn rekey_person(
        &self,
        id: &str,
        current: Option<&str>,
        passphrase: &str,
        kdf: KdfParams,
        now: DateTime<Utc>,
    ) -> Result<(), PeopleStoreError> {
        let key = self.key()?;
        let me = self
            .person()
            .ok_or(PeopleStoreError::NotAllowed(Gate::SignIn))?;
        let header = self.vault_header().await?.ok_or(StoreError::Locked)?;
        if me.id == id {
            let current = current.unwrap_or_default();
            header.unlock_person(id, current)?;
        } else {
            people::may(&Actor::Office(me.clone()), Action::ManagePeople)
                .map_err(PeopleStoreError::NotAllowed)?;
        }
        let name = header
            .people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.clone())
            .ok_or(PeopleStoreError::NoSuchPerson)?;
        let wrapped = PersonKey::wrap(&key, (id, &name), passphrase, kdf, now)?;
        self.change_desk(Change::Rekey(wrapped), None).await?;
        if me.id == id {
            let failed = self.unlock_failures().await?;
            self.note_security(
                &failed,
                Some(crate::core::security::EventKind::PassphraseChanged),
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// The person unlocked, if they may manage the desk's people.
    fn manager(&self) -> Result<Person, PeopleStoreError> {
        let me = self
            .person()
            .ok_or(PeopleStoreError::NotAllowed(Gate::SignIn))?;
        people::may(&Actor::Office(me.clone()), Action::ManagePeople)
            .map_err(PeopleStoreError::NotAllowed)?;
        Ok(me)
    }

    /// Applies `change` to the header and the people in one transaction, reading both
    /// there: two tabs changing the desk at once each see the other's change. `by`, if
    /// given, must still be an archivist in what is read.
    async fn change_desk(
        &self,
        change: Change,
        by: Option<&Person>,
    ) -> Result<(), PeopleStoreError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let header: Option<MetaEntry<VaultHeader>> = meta.get(meta_keys::VAULT).serde()?.await?;
        let mut header = header.ok_or(StoreError::Locked)?.value;
        let mut all = people_in(&meta, &key).await?;
        if let Some(by) = by {
            let still = all.iter().find(|p| p.id == by.id).cloned();
            let still = still.ok_or(PeopleStoreError::NotAllowed(Gate::SignIn))?;
            people::may(&Actor::Office(still), Action::ManagePeople)
                .map_err(PeopleStoreError::NotAllowed)?;
        }
        match change {
            Change::SetUp(person, wrapped) => {
                if header.has_people() || !all.is_empty() {
                    return Err(PeopleStoreError::AlreadySetUp);
                }
                all.push(person);
                header = header.with_key(wrapped);
            }
            Change::Add(person, wrapped) => {
                all.push(person);
                header = header.with_key(wrapped);
            }
            Change::Update {
                id,
                roles,
                disabled,
                key,
            } => {
                let p = all
                    .iter_mut()
                    .find(|p| p.id == id)
                    .ok_or(PeopleStoreError::NoSuchPerson)?;
                p.roles = roles;
                p.disabled = disabled;
                if disabled {
                    header = header.without_person(&id);
                } else if let Some(k) = key {
                    header = header.with_key(k);
                }
            }
            Change::Rekey(wrapped) => {
                if !all.iter().any(|p| p.id == wrapped.id && !p.disabled) {
                    return Err(PeopleStoreError::NoSuchPerson);
                }
                header = header.with_key(wrapped);
            }
        }
        people::check(&all)?;
        // Every person not disabled can unlock; nobody else can.
        if all
            .iter()
            .any(|p| !p.disabled && !header.people.iter().any(|k| k.id == p.id))
        {
            return Err(PeopleStoreError::NoSuchPerson);
        }
        meta.put(MetaEntry {
            key: meta_keys::VAULT.to_owned(),
            value: &header,
        })
        .serde()?
        .await?;
        put_sealed_list_in(&meta, meta_keys::PEOPLE, &key, &all).await?;
        tx.commit().await?;
        // The person unlocked sees their own new roles at once.
        if let Some(me) = self.person()
            && let Some(now) = all.iter().find(|p| p.id == me.id)
        {
            self.set_person(Some(now.clone()));
        }
        Ok(())
    }
}

async fn people_in(meta: &ObjectStore<'_>, key: &DataKey) -> Result<Vec<Person>, StoreError> {
    sealed_list_in(meta, meta_keys::PEOPLE, key).await
}
