//! What happens to a laptop's locks and what its users report, carried to head office:
//! security events (failed unlocks, a recovery key used, a passphrase changed, a restore,
//! an integrity failure) and leak reports (seed 000 第十九条: a suspected leak is reported
//! at once).
//!
//! A laptop keeps its own events plain in `meta` (they hold no customer data, and a
//! failed unlock happens while the data key is not in memory) and its leak reports
//! sealed (they may name files and what was said about them). Both travel in its next
//! bundles to head office, which takes them from a rep's laptop only, stamps each with
//! the rep and device enrolment names (never what the bundle says), and keeps them:
//! events per device, with an alarm where [`SecurityEvent::is_alarm`] says so; leak
//! reports listed first until someone marks them handled.

pub mod leak;

pub use leak::{HandleError, Handled, LeakDraft, LeakProblem, LeakReport};

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::authority::{MAX_SKEW, Sender};
use crate::core::vault::Failures;

/// Failed unlocks since the last success that raise an alarm. Three attempts are free
/// (`Failures::delay_seconds`) and a rep who mistypes rarely needs more; at five the
/// laptop has already made the typist wait twice (5 s, then 10 s), which someone who
/// knows the passphrase seldom sits through, and someone trying a list always does.
pub const ALARM_FAILED_UNLOCKS: u32 = 5;

/// At most this many events, and leak reports, come in one bundle; a laptop never
/// writes more (see [`to_send`]), so more came from a tampered one.
pub const MAX_EVENTS_IN: usize = 500;
pub const MAX_LEAKS_IN: usize = 200;
/// The longest id an event or report may have (the app's are ULIDs, or an integrity
/// event's `integrity:<store>:<record>`).
pub const MAX_ID: usize = 120;
/// Events kept per device (and of this laptop): beyond it the oldest go, alarms last.
pub const MAX_HELD: usize = 500;

/// One event on a laptop's locks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SecurityEvent {
    pub id: String,
    /// When the laptop recorded it (what an export's `since` compares).
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    /// Head office: the enrolled rep and device it came from, stamped on receipt.
    /// `None` for this laptop's own.
    pub from: Option<Origin>,
}

/// Who an event or a leak report came from, as head office enrolled the sender.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(default)]
pub struct Origin {
    /// The sending device's id.
    pub device: String,
    pub rep_code: String,
    pub name: String,
}

/// What happened.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// Wrong passphrases since the last unlock, recorded at the unlock (or recovery)
    /// that ended them.
    FailedUnlocks {
        #[serde(default)]
        count: u32,
        #[serde(default)]
        last_at: DateTime<Utc>,
    },
    /// The passphrase was replaced using the printed recovery key.
    RecoveryKeyUsed,
    PassphraseChanged,
    /// This laptop's data came from a backup (made at `backup_made`).
    Restored {
        #[serde(default)]
        backup_made: DateTime<Utc>,
    },
    /// A sealed record failed its authentication: altered, or moved from elsewhere.
    SealedRecordFailed {
        #[serde(default)]
        store: String,
        #[serde(default)]
        record: String,
    },
    /// The viewing record's hash chain is broken at `entry`.
    ViewingRecordBroken {
        #[serde(default)]
        entry: u64,
    },
    /// A kind this build does not know (from a newer one): never kept.
    #[default]
    #[serde(other)]
    Unknown,
}

impl SecurityEvent {
    /// A new event at `at`, with a time-ordered random id.
    pub fn new(kind: EventKind, at: DateTime<Utc>) -> SecurityEvent {
        let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        let random = u128::from_le_bytes(crate::core::vault::random_bytes());
        SecurityEvent {
            id: ulid::Ulid::from_parts(ms, random).to_string(),
            at,
            kind,
            from: None,
        }
    }

    /// The wrong attempts counted since the last unlock, as one event; `None` if there
    /// were none.
    pub fn failed_unlocks(failed: &Failures, at: DateTime<Utc>) -> Option<SecurityEvent> {
        (failed.count > 0).then(|| {
            SecurityEvent::new(
                EventKind::FailedUnlocks {
                    count: failed.count,
                    last_at: failed.last_at.unwrap_or(at),
                },
                at,
            )
        })
    }

    /// An integrity failure. Its id names what failed, so a record found altered at
    /// every read is recorded once (and head office counts it once).
    pub fn integrity(kind: EventKind, at: DateTime<Utc>) -> SecurityEvent {
        let id = match &kind {
            EventKind::SealedRecordFailed { store, record } => {
                format!("integrity:{store}:{record}")
            }
            EventKind::ViewingRecordBroken { entry } => format!("integrity:viewing:{entry}"),
            _ => return SecurityEvent::new(kind, at),
        };
        SecurityEvent {
            id: id.chars().take(MAX_ID).collect(),
            at,
            kind,
            from: None,
        }
    }

    /// Whether head office should act on it. Failed unlocks at the threshold
    /// ([`ALARM_FAILED_UNLOCKS`]); any use of the recovery key, which bypasses the
    /// passphrase (the rep forgot it, or someone holding the printed key got in: head
    /// office asks the rep which); and any integrity failure, which the app never
    /// causes itself. A passphrase change and a restore are routine, listed only.
    pub fn is_alarm(&self) -> bool {
        match &self.kind {
            EventKind::FailedUnlocks { count, .. } => *count >= ALARM_FAILED_UNLOCKS,
            EventKind::RecoveryKeyUsed
            | EventKind::SealedRecordFailed { .. }
            | EventKind::ViewingRecordBroken { .. } => true,
            EventKind::PassphraseChanged | EventKind::Restored { .. } | EventKind::Unknown => false,
        }
    }

    /// Whose event this is at head office: the sending rep (or this laptop, `""`).
    fn key(&self) -> (&str, &str) {
        (
            self.from.as_ref().map_or("", |o| o.rep_code.as_str()),
            self.id.as_str(),
        )
    }

    /// Which device's list it belongs to (`""`: this laptop).
    fn device(&self) -> &str {
        self.from.as_ref().map_or("", |o| o.device.as_str())
    }
}

/// The latest time a sender's clock may say at the receiver's `now`.
fn latest_allowed(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_add_signed(MAX_SKEW).unwrap_or(now)
}

/// Whether an id can be an id: present, bounded, printable.
fn id_ok(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= MAX_ID && !id.chars().any(char::is_control)
}

/// Whether an incoming event is one a laptop could have written, at the receiver's `now`.
fn event_ok(e: &SecurityEvent, now: DateTime<Utc>) -> bool {
    let latest = latest_allowed(now);
    let when_ok = |t: DateTime<Utc>| t > DateTime::UNIX_EPOCH && t <= latest;
    let kind_ok = match &e.kind {
        EventKind::FailedUnlocks { count, last_at } => {
            *count > 0 && when_ok(*last_at) && *last_at <= e.at
        }
        EventKind::RecoveryKeyUsed | EventKind::PassphraseChanged => true,
        EventKind::Restored { backup_made } => *backup_made <= latest,
        EventKind::SealedRecordFailed { store, record } => id_ok(store) && id_ok(record),
        EventKind::ViewingRecordBroken { .. } => true,
        EventKind::Unknown => false,
    };
    id_ok(&e.id) && when_ok(e.at) && kind_ok
}

/// What a bundle brings of events and leak reports, as head office keeps them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Received {
    pub events: Vec<SecurityEvent>,
    pub leaks: Vec<LeakReport>,
    /// Items left out: from head office, malformed, dated in the future, repeated,
    /// or beyond the bounds.
    pub refused: usize,
}

/// What the import's preview says of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Incoming {
    pub events: usize,
    pub alarms: usize,
    pub leaks: usize,
    pub refused: usize,
}

impl Received {
    pub fn incoming(&self) -> Incoming {
        Incoming {
            events: self.events.len(),
            alarms: self.events.iter().filter(|e| e.is_alarm()).count(),
            leaks: self.leaks.len(),
            refused: self.refused,
        }
    }
}

/// Takes a bundle's `events` and `leaks` as its enrolled `sender` (on `device`) may
/// send them, at the receiver's `now`:
///
/// 1. Only a rep's laptop reports: whatever head office's bundle carries is left out.
/// 2. Each item must be well-formed: an id of at most [`MAX_ID`] printable characters,
///    a kind this build knows, and times no later than the receiver's clock allows
///    (`authority::MAX_SKEW`); a failed-unlock count of at least one.
/// 3. Once per id within the bundle (the first is kept).
/// 4. At most [`MAX_EVENTS_IN`] events (alarms first, then the newest) and
///    [`MAX_LEAKS_IN`] reports (the newest).
/// 5. Each is stamped with the enrolled rep and device; a report names the enrolled rep
///    as its author and arrives unhandled, whatever the bundle says.
pub fn receive(
    events: &[SecurityEvent],
    leaks: &[LeakReport],
    sender: &Sender,
    device: &str,
    now: DateTime<Utc>,
) -> Received {
    // 1.
    let Sender::Rep { code, name } = sender else {
        return Received {
            refused: events.len() + leaks.len(),
            ..Received::default()
        };
    };
    let origin = Origin {
        device: device.to_owned(),
        rep_code: code.clone(),
        name: name.clone(),
    };
    let mut out = Received::default();
    let mut seen = BTreeSet::new();
    for e in events {
        // 2. and 3.
        if !event_ok(e, now) || !seen.insert(e.id.as_str()) {
            out.refused += 1;
            continue;
        }
        out.events.push(SecurityEvent {
            from: Some(origin.clone()),
            ..e.clone()
        });
    }
    // 4.
    out.events.sort_by_key(|e| Reverse((e.is_alarm(), e.at)));
    out.refused += out.events.len().saturating_sub(MAX_EVENTS_IN);
    out.events.truncate(MAX_EVENTS_IN);
    let mut seen = BTreeSet::new();
    let by = format!("{name} ({code})");
    for r in leaks {
        let Some(r) = r
            .received(&by, &origin, now)
            .filter(|r| seen.insert(r.id.clone()))
        else {
            out.refused += 1;
            continue;
        };
        out.leaks.push(r);
    }
    out.leaks.sort_by_key(|r| Reverse(r.at));
    out.refused += out.leaks.len().saturating_sub(MAX_LEAKS_IN);
    out.leaks.truncate(MAX_LEAKS_IN);
    out
}

/// Adds `new` to the events `held`, once per sender and id (an event carried by two
/// bundles, or sent again by the rep's restored laptop, counts once), then keeps at
/// most [`MAX_HELD`] per device. Returns how many were new.
pub fn add_events(held: &mut Vec<SecurityEvent>, new: &[SecurityEvent]) -> usize {
    let mut seen: BTreeSet<(String, String)> = held
        .iter()
        .map(|e| (e.key().0.to_owned(), e.key().1.to_owned()))
        .collect();
    let mut added = 0;
    for e in new {
        if seen.insert((e.key().0.to_owned(), e.key().1.to_owned())) {
            held.push(e.clone());
            added += 1;
        }
    }
    prune(held);
    added
}

/// At most [`MAX_HELD`] events per device: the oldest routine ones go first, alarms
/// only when nothing else is left, so a flood of routine events cannot push an alarm out.
fn prune(held: &mut Vec<SecurityEvent>) {
    let mut per_device: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, e) in held.iter().enumerate() {
        per_device.entry(e.device()).or_default().push(i);
    }
    let mut drop = BTreeSet::new();
    for mut indexes in per_device.into_values() {
        let excess = indexes.len().saturating_sub(MAX_HELD);
        indexes.sort_by_key(|&i| (held[i].is_alarm(), held[i].at));
        drop.extend(indexes.into_iter().take(excess));
    }
    let mut i = 0;
    held.retain(|_| {
        i += 1;
        !drop.contains(&(i - 1))
    });
}

/// This laptop's own events recorded after `since` (all with `None`): what its next
/// bundle carries, alarms first, then the newest, at most [`MAX_EVENTS_IN`].
pub fn to_send(held: &[SecurityEvent], since: Option<DateTime<Utc>>) -> Vec<SecurityEvent> {
    let mut out: Vec<SecurityEvent> = held
        .iter()
        .filter(|e| e.from.is_none() && since.is_none_or(|s| e.at > s))
        .cloned()
        .collect();
    out.sort_by_key(|e| Reverse((e.is_alarm(), e.at)));
    out.truncate(MAX_EVENTS_IN);
    out
}

/// One device's events as head office shows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceEvents {
    /// `None`: this laptop's own.
    pub from: Option<Origin>,
    /// Newest first.
    pub events: Vec<SecurityEvent>,
    pub alarms: usize,
}

/// The events `held`, per device: devices with alarms first, then the one with the
/// latest event; each device's events newest first.
pub fn by_device(held: &[SecurityEvent]) -> Vec<DeviceEvents> {
    let mut groups: BTreeMap<&str, Vec<&SecurityEvent>> = BTreeMap::new();
    for e in held {
        groups.entry(e.device()).or_default().push(e);
    }
    let mut out: Vec<DeviceEvents> = groups
        .into_values()
        .map(|mut events| {
            events.sort_by(|a, b| (b.at, &b.id).cmp(&(a.at, &a.id)));
            DeviceEvents {
                // The latest stamp names the rep as enrolled now.
                from: events[0].from.clone(),
                alarms: events.iter().filter(|e| e.is_alarm()).count(),
                events: events.into_iter().cloned().collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        let latest = |d: &DeviceEvents| d.events.first().map(|e| e.at);
        (b.alarms > 0, latest(b)).cmp(&(a.alarms > 0, latest(a)))
    });
    out
}

#[cfg(test)]
mod tests;
