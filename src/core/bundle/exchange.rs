//! Who this laptop exchanges bundles with: its role, its public identity, head office's
//! (on a field laptop), the senders it trusts, the reps head office has enrolled, and
//! what has been applied and acknowledged each way. Public facts only: the secret keys
//! are kept apart, sealed by the vault.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::keys::{PublicIdentity, Role};
use super::{Ack, Custody};
use crate::core::authority::Sender;
use crate::core::vault::log::ChainHead;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub role: Role,
    pub me: PublicIdentity,
    /// A field laptop's head office: where its bundles go, whose bundles it takes.
    pub office: Option<PublicIdentity>,
    /// Senders whose bundles are accepted, by id.
    pub trusted: BTreeMap<String, PublicIdentity>,
    /// Head office: reps enrolled, by rep code, whether or not their device is known yet.
    pub enrolled: BTreeMap<String, Enrolled>,
    pub custody: Custody,
    /// The sequence number of this laptop's next bundle.
    pub next_sequence: u64,
    /// The latest bundle applied from each peer: acknowledged in the next bundle to it.
    pub received: BTreeMap<String, Ack>,
    /// What each peer has acknowledged of ours: the next bundle to it starts there.
    pub acknowledged: BTreeMap<String, DateTime<Utc>>,
    /// Head office: devices no longer trusted, by id: their bundles are refused, naming
    /// the revocation.
    #[serde(default)]
    pub revoked: BTreeMap<String, Revocation>,
    /// Head office: the last entry of each device's viewing record it holds; the next
    /// entries must continue it, hash for hash.
    #[serde(default)]
    pub viewing_heads: BTreeMap<String, ChainHead>,
    /// A field laptop restored from a backup, with new keys head office has not yet
    /// trusted: its first bundle introduces them. Cleared once that bundle is written.
    #[serde(default)]
    pub needs_enrolment: bool,
}

/// Why a device is no longer trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RevokeReason {
    Lost,
    Stolen,
    Retired,
    /// The rep was enrolled again, on another laptop.
    Replaced,
}

/// A device head office no longer trusts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub rep_code: String,
    pub name: String,
    /// The device's fingerprint, as people compared it.
    pub fingerprint: String,
    pub at: DateTime<Utc>,
    pub reason: RevokeReason,
}

/// A rep as head office knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolled {
    pub name: String,
    pub enrolled_at: DateTime<Utc>,
    /// The rep's device, once its first bundle came and its fingerprint was confirmed.
    pub device: Option<String>,
}

impl Exchange {
    pub fn new(role: Role, me: PublicIdentity) -> Exchange {
        Exchange {
            role,
            me,
            office: None,
            trusted: BTreeMap::new(),
            enrolled: BTreeMap::new(),
            custody: Custody::default(),
            next_sequence: 1,
            received: BTreeMap::new(),
            acknowledged: BTreeMap::new(),
            revoked: BTreeMap::new(),
            viewing_heads: BTreeMap::new(),
            needs_enrolment: false,
        }
    }

    /// A field laptop's exchange as restored from its backup onto another laptop, which
    /// signs as `new` (keys made for it): a device head office has never seen. Head
    /// office stays its head office, and trusted. Its bundles number from 1 again, and
    /// as head office has acknowledged nothing of it, its first bundle carries
    /// everything. What it applied from head office is in the restored files, so that
    /// stays: its first bundle acknowledges it, and head office's old bundles stay
    /// refused as replays.
    pub fn restored(&self, new: PublicIdentity) -> Exchange {
        Exchange {
            role: self.role,
            me: new,
            office: self.office.clone(),
            trusted: self.trusted.clone(),
            enrolled: self.enrolled.clone(),
            custody: self.custody.clone(),
            next_sequence: 1,
            received: self.received.clone(),
            acknowledged: BTreeMap::new(),
            revoked: self.revoked.clone(),
            viewing_heads: self.viewing_heads.clone(),
            needs_enrolment: true,
        }
    }

    /// Who a trusted device is, as this laptop enrolled it: head office for a field
    /// laptop; at head office, the rep enrolled under the device's rep code. `None` for
    /// a device that is not (or no longer) trusted.
    pub fn sender(&self, device: &str) -> Option<Sender> {
        let known = self.trusted.get(device)?;
        match self.role {
            Role::Field => (self.office.as_ref().map(|o| o.id.as_str()) == Some(device))
                .then_some(Sender::HeadOffice),
            Role::HeadOffice => {
                let rep = self.enrolled.get(&known.rep_code)?;
                (rep.device.as_deref() == Some(device)).then(|| Sender::Rep {
                    code: known.rep_code.clone(),
                    name: rep.name.clone(),
                })
            }
        }
    }

    /// Head office enrols rep `rep_code` (again): a device it had is revoked as
    /// replaced, and the next device to introduce itself for the rep is trusted once
    /// people have compared its fingerprint.
    pub fn enrol(&mut self, rep_code: &str, name: &str, now: DateTime<Utc>) {
        self.revoke(rep_code, RevokeReason::Replaced, now);
        self.enrolled.insert(
            rep_code.to_owned(),
            Enrolled {
                name: name.to_owned(),
                enrolled_at: now,
                device: None,
            },
        );
    }

    /// Head office stops trusting the device of rep `rep_code`, for `reason`. Returns
    /// the revocation, or `None` if the rep has no device.
    pub fn revoke(
        &mut self,
        rep_code: &str,
        reason: RevokeReason,
        at: DateTime<Utc>,
    ) -> Option<Revocation> {
        let rep = self.enrolled.get_mut(rep_code)?;
        let device = rep.device.take()?;
        let known = self.trusted.remove(&device);
        let revocation = Revocation {
            rep_code: rep_code.to_owned(),
            name: rep.name.clone(),
            fingerprint: known.map(|k| k.fingerprint()).unwrap_or_default(),
            at,
            reason,
        };
        self.revoked.insert(device, revocation.clone());
        Some(revocation)
    }

    /// Head office: a rep's device is who it says, after people compared fingerprints.
    pub fn trust(
        &mut self,
        device: PublicIdentity,
        now: DateTime<Utc>,
    ) -> Result<(), EnrolmentError> {
        // Revoked keys stay revoked, whatever id they come under.
        let fingerprint = device.fingerprint();
        if self.revoked.contains_key(&device.id)
            || self.revoked.values().any(|r| r.fingerprint == fingerprint)
        {
            return Err(EnrolmentError::Revoked);
        }
        // An id already trusted is that device's: nobody else takes it over.
        if let Some(known) = self.trusted.get(&device.id)
            && (known.signing != device.signing
                || known.encryption != device.encryption
                || known.rep_code != device.rep_code)
        {
            return Err(EnrolmentError::IdTaken);
        }
        let rep = self
            .enrolled
            .get(&device.rep_code)
            .ok_or_else(|| EnrolmentError::NotEnrolled(device.rep_code.clone()))?;
        // One device per rep: trusting a new one (a laptop restored from a backup) revokes
        // the old one, which can then never be trusted again in its place.
        if rep.device.as_ref().is_some_and(|old| *old != device.id) {
            self.revoke(&device.rep_code, RevokeReason::Replaced, now);
        }
        if let Some(rep) = self.enrolled.get_mut(&device.rep_code) {
            rep.device = Some(device.id.clone());
        }
        self.trusted.insert(device.id.clone(), device);
        Ok(())
    }

    /// Records a bundle applied from `sender`.
    pub fn applied(&mut self, sender: &str, bundle_id: &str, ack: Ack, acked: Option<&Ack>) {
        self.custody
            .last_sequence
            .insert(sender.to_owned(), ack.sequence);
        self.custody.applied.insert(bundle_id.to_owned());
        self.received.insert(sender.to_owned(), ack);
        if let Some(theirs) = acked {
            let at = self
                .acknowledged
                .entry(sender.to_owned())
                .or_insert(theirs.exported_at);
            *at = (*at).max(theirs.exported_at);
        }
    }
}

/// The file head office gives a rep to set up a field laptop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub format: String,
    pub version: u32,
    pub office: PublicIdentity,
    pub rep_code: String,
    pub rep_name: String,
    pub created_at: DateTime<Utc>,
}

pub const ENROLMENT_FORMAT: &str = "dossier-enrolment";

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum EnrolmentError {
    #[error("this is not a Dossier enrolment file")]
    NotAnEnrolment,
    #[error("made by a newer Dossier: update Dossier first")]
    Newer,
    #[error("rep {0} has not been enrolled by head office")]
    NotEnrolled(String),
    #[error("this device was revoked: it cannot be trusted again")]
    Revoked,
    #[error("another device already uses this device's id")]
    IdTaken,
    #[error("this enrolment is for rep {enrolment}, but this laptop belongs to rep {profile}")]
    OtherRep { enrolment: String, profile: String },
}

impl Enrolment {
    pub fn parse(bytes: &[u8]) -> Result<Enrolment, EnrolmentError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| EnrolmentError::NotAnEnrolment)?;
        if value.get("format").and_then(|f| f.as_str()) != Some(ENROLMENT_FORMAT) {
            return Err(EnrolmentError::NotAnEnrolment);
        }
        if value.get("version").and_then(|v| v.as_u64()).unwrap_or(0) > 1 {
            return Err(EnrolmentError::Newer);
        }
        serde_json::from_value(value).map_err(|_| EnrolmentError::NotAnEnrolment)
    }

    pub fn file_name(&self) -> String {
        format!("enrol_{}.dossier-enrol", self.rep_code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bundle::keys::DeviceKeys;

    #[test]
    fn head_office_trusts_only_enrolled_reps_and_acknowledgements_only_move_forward() {
        let office = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部");
        let rep = DeviceKeys::generate(Role::Field, "R07", "李伟");
        let mut ex = Exchange::new(Role::HeadOffice, office.public());
        assert_eq!(
            ex.trust(rep.public(), DateTime::UNIX_EPOCH),
            Err(EnrolmentError::NotEnrolled("R07".into()))
        );
        ex.enrolled.insert(
            "R07".into(),
            Enrolled {
                name: "李伟".into(),
                enrolled_at: DateTime::UNIX_EPOCH,
                device: None,
            },
        );
        ex.trust(rep.public(), DateTime::UNIX_EPOCH).unwrap();
        assert!(ex.trusted.contains_key(&rep.id));
        assert_eq!(ex.enrolled["R07"].device.as_deref(), Some(rep.id.as_str()));

        let t = |s| DateTime::from_timestamp(s, 0).unwrap();
        ex.applied(
            &rep.id,
            "b1",
            Ack {
                sequence: 1,
                exported_at: t(100),
            },
            Some(&Ack {
                sequence: 4,
                exported_at: t(50),
            }),
        );
        ex.applied(
            &rep.id,
            "b2",
            Ack {
                sequence: 2,
                exported_at: t(200),
            },
            Some(&Ack {
                sequence: 3,
                exported_at: t(40),
            }),
        );
        assert_eq!(ex.acknowledged[&rep.id], t(50));
        assert_eq!(ex.custody.last_sequence[&rep.id], 2);
        assert_eq!(ex.received[&rep.id].sequence, 2);
    }

    #[test]
    fn a_restored_field_laptop_is_a_new_device_that_still_trusts_head_office() {
        let office = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部");
        let old = DeviceKeys::generate(Role::Field, "R07", "李伟");
        let mut ex = Exchange::new(Role::Field, old.public());
        ex.trusted.insert(office.id.clone(), office.public());
        ex.office = Some(office.public());
        let t = |s| DateTime::from_timestamp(s, 0).unwrap();
        ex.applied(
            &office.id,
            "hq-1",
            Ack {
                sequence: 3,
                exported_at: t(300),
            },
            Some(&Ack {
                sequence: 4,
                exported_at: t(200),
            }),
        );
        ex.next_sequence = 5;

        let new = DeviceKeys::generate(Role::Field, "R07", "李伟");
        let restored = ex.restored(new.public());
        assert_eq!(restored.me, new.public(), "signs as the new device");
        assert!(restored.needs_enrolment, "head office must trust it first");
        assert_eq!(restored.role, Role::Field);
        assert_eq!(
            restored.office, ex.office,
            "head office stays its head office"
        );
        assert_eq!(restored.trusted, ex.trusted, "and stays trusted");
        assert_eq!(restored.next_sequence, 1, "a new device numbers from 1");
        assert!(
            restored.acknowledged.is_empty(),
            "head office has acknowledged nothing of the new device: its first bundle \
             carries everything"
        );
        // What came from head office is in the restored files: still acknowledged to
        // it, and its old bundles still refused as replays.
        assert_eq!(restored.received, ex.received);
        assert_eq!(restored.custody, ex.custody);
        assert!(!ex.needs_enrolment && !Exchange::new(Role::Field, old.public()).needs_enrolment);
    }

    #[test]
    fn enrolment_files_are_recognised_and_newer_ones_refused() {
        let office = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部");
        let e = Enrolment {
            format: ENROLMENT_FORMAT.into(),
            version: 1,
            office: office.public(),
            rep_code: "R07".into(),
            rep_name: "李伟".into(),
            created_at: DateTime::UNIX_EPOCH,
        };
        let bytes = serde_json::to_vec(&e).unwrap();
        assert_eq!(Enrolment::parse(&bytes), Ok(e.clone()));
        assert_eq!(e.file_name(), "enrol_R07.dossier-enrol");
        assert_eq!(
            Enrolment::parse(b"PK\x03\x04"),
            Err(EnrolmentError::NotAnEnrolment)
        );
        let newer = String::from_utf8(bytes)
            .unwrap()
            .replace("\"version\":1", "\"version\":2");
        assert_eq!(
            Enrolment::parse(newer.as_bytes()),
            Err(EnrolmentError::Newer)
        );
    }
}

/// Which way a bundle went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    Export,
    Import,
}

/// One line of the custody log (the lending register of the customer-file rules):
/// every bundle written or read, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustodyEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    /// Who was using this laptop.
    pub by: String,
    pub direction: Direction,
    /// The other side: rep code and name.
    pub peer: String,
    pub file_name: String,
    pub size: u64,
    pub sha256: String,
    pub counts: super::Counts,
    /// Empty when it went through; else why it was refused.
    pub refused: String,
    /// How many of its changes were refused as its sender's to make
    /// (`core::authority`); the rest applied.
    #[serde(default)]
    pub refused_changes: usize,
}
