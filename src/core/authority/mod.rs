//! Who may change what (权限): the table every receiver applies to every change a bundle
//! carries, before anything is written.
//!
//! Head office's key is the root of authority. A rep's laptop decides alone only what a
//! rep may decide: the data of the files that are the rep's. What the seeds give to named
//! people at head office (levels, grades A and B, assignment, closure, destruction, the
//! reference lists) a rep may propose, never set; a bundle that sets them anyway has
//! those changes refused at head office, each listed with its reason, and the rest
//! applies. As Matrix checks each event against its room's power levels on receipt, the
//! check runs at the receiver, against the *enrolled* identity of the signing device,
//! never against what the bundle says of itself.
//!
//! The table is [`FILE_FIELDS`] for a file's fields and [`RECORDS`] for the other records;
//! `docs/SECURITY.md` writes it out. [`screen`] applies it to a bundle's contents.

mod file;
pub mod proposal;
pub mod request;
pub mod screen;

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use crate::core::customer::destruction::Refusal as DestructionRefusal;
use crate::core::customer::model::{CreditAssignment, CreditGrade, Customer, SecretLevel, Status};
use crate::core::i18n::Msg;
use crate::core::sync::merge::VersionVector;

/// Who sent a change: the enrolled identity of the device that signed the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sender {
    /// Head office: may change anything.
    HeadOffice,
    /// A rep's laptop, as head office enrolled it.
    Rep { code: String, name: String },
}

/// Who may make a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// The rep whose file it is ([`is_keeper`]), and head office.
    Keeper,
    /// Head office only; a rep proposes.
    Office,
    /// Head office; a rep only towards more care: a higher secret level, grade C.
    OfficeOrStricter,
    /// Head office closes and reopens; the rep moves a file between active and dormant.
    OfficeCloses,
    /// Given when the file is made, from the maker's own numbers; never changed after.
    Nobody,
    /// A rep's laptop, about itself (what happened to its locks, what its user reports);
    /// head office takes none of these from a head-office bundle. Records only.
    Rep,
}

/// One row of the table: a field (a merge unit's path, or its first part) and who may
/// change it, with the clause of the seeds it follows.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub field: &'static str,
    pub who: Who,
    pub clause: &'static str,
}

/// A file's fields. The first row whose `field` is the unit's path or its first part
/// decides; `*` is every other field.
pub const FILE_FIELDS: &[Row] = &[
    Row {
        field: "secret",
        who: Who::OfficeOrStricter,
        clause: "seed 000 第十四条: 机密、绝密 files are marked in the catalogue and kept by designated people (专人管理)",
    },
    Row {
        field: "assigned_to",
        who: Who::Office,
        clause: "seed 000 第十二条①: no department or person keeps files as its own; the archive hands them out",
    },
    Row {
        field: "credit",
        who: Who::OfficeOrStricter,
        clause: "seed 002 顾客情报管理: grades a and b are given by the sales manager (营业主管); every other customer is c",
    },
    Row {
        field: "status",
        who: Who::OfficeCloses,
        clause: "seed 001 档案管理: closing (销户) and what follows it are the archive's keepers'",
    },
    Row {
        field: "closure",
        who: Who::Office,
        clause: "seed 001 档案管理: closing (销户) and what follows it are the archive's keepers'",
    },
    Row {
        field: "archive_no",
        who: Who::Nobody,
        clause: "DOMAIN: every file gets a unique archive number when it is created",
    },
    Row {
        field: "emergency",
        who: Who::Keeper,
        clause: "seed 002 紧急报告: the rep reports a dishonoured payment at once, by the fastest means",
    },
    Row {
        field: "reviews",
        who: Who::Keeper,
        clause: "seed 002 定期报告: the rep reports on each grade's cadence",
    },
    Row {
        field: "*",
        who: Who::Keeper,
        clause: "seed 000 第一条, seed 002: the rep collects and updates its customers' data",
    },
];

/// The records a bundle carries besides files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    Visit,
    Complaint,
    History,
    Viewing,
    Destruction,
    ReferenceLists,
    Enrolment,
    Proposal,
    Decision,
    SecurityEvent,
    LeakReport,
    MonthlyReport,
    ReportReview,
}

/// Who may send each kind of record, and on what condition.
pub const RECORDS: &[(Record, Who, &str)] = &[
    (
        Record::Visit,
        Who::Keeper,
        "seed 000 回访: filled on site by the rep who visits; a submitted visit is final, amendments are added",
    ),
    (
        Record::Complaint,
        Who::Keeper,
        "seed 001 客户投诉登记表: registered and followed by the file's keeper",
    ),
    (
        Record::History,
        Who::Keeper,
        "DOMAIN: every change records when, who and why; who is the signing device's rep",
    ),
    (
        Record::Viewing,
        Who::Keeper,
        "seed 000 第十一条: the viewer signs the viewing record; a device sends its own, continuing the chain held",
    ),
    (
        Record::Destruction,
        Who::Office,
        "seed 000 第十七条, seed 001: files past retention are destroyed by rule and recorded; re-checked by every receiver",
    ),
    (
        Record::ReferenceLists,
        Who::Office,
        "head office keeps the lists every rep chooses from",
    ),
    (
        Record::Enrolment,
        Who::Office,
        "head office enrols and revokes devices; never carried in a bundle",
    ),
    (
        Record::Proposal,
        Who::Keeper,
        "DOMAIN 人员与职责: the rep proposes for its own files, with a reason; head office keeps it as a request (proposal.rs)",
    ),
    (
        Record::Decision,
        Who::Office,
        "seed 002: the sales manager (grades) and the archive (levels, closure, destruction) decide; only head office's bundles bring decisions",
    ),
    (
        Record::SecurityEvent,
        Who::Rep,
        "issue #30: a laptop reports its own failed unlocks, recovery, restores and integrity failures, stamped with its enrolled rep (security/)",
    ),
    (
        Record::LeakReport,
        Who::Rep,
        "seed 000 第十九条: anyone reports a leak; its author is the enrolled rep, whatever the bundle says (security/leak.rs)",
    ),
    (
        Record::MonthlyReport,
        Who::Rep,
        "seed 002 顾客情报报告书: each rep reports monthly on its own customers; its author is the enrolled rep, and a reviewed text stays (monthly.rs)",
    ),
    (
        Record::ReportReview,
        Who::Office,
        "seed 002: the sales manager reviews the report within five days and passes it to the general manager; only head office's bundles bring that word (monthly.rs)",
    ),
];

/// How far ahead of the receiver's clock an incoming stamp may be. A day: a laptop set
/// to Beijing time under a UTC zone runs eight hours ahead and its rep's work must not
/// be lost, while a stamp forged a day ahead gains its sender nothing lasting.
pub const MAX_SKEW: Duration = Duration::hours(24);

/// How many edits of one field a node may have made beyond what the receiver has seen
/// of it. A counter above that was not made by editing.
pub const MAX_EDITS_UNSEEN: u64 = 1_000_000;

/// Why a change was not written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Refusal {
    /// The file is another rep's (or nobody's and numbered by another).
    NotKeeper { keeper: String },
    /// A head-office field: the rep may propose it.
    OfficeOnly,
    /// Only head office lowers a secret level.
    LowersLevel,
    /// Only the sales manager at head office grades A or B.
    GradeAorB,
    /// Only head office closes or reopens a file.
    Closes,
    /// An archive number never changes, and a new file's is in its maker's numbers.
    ArchiveNumber,
    /// Made in someone else's name.
    OtherAuthor { by: String },
    /// Stamped later than the receiver's clock allows.
    FutureClock { at: DateTime<Utc> },
    /// A version claims edits that were never made.
    Counter,
    /// A destruction the rules do not allow at the receiver.
    Destruction(DestructionRefusal),
    /// A submitted visit is final: it can be amended, not rewritten.
    Final,
    /// A value the field cannot hold.
    Invalid,
    /// The viewing entries do not continue the record held: broken at entry `seq`.
    ViewingChain { seq: u64 },
}

impl Refusal {
    /// The message the preview shows, and its parameters.
    pub fn message(&self) -> (Msg, Vec<(&'static str, String)>) {
        match self {
            Refusal::NotKeeper { keeper } => {
                (Msg::RefusedNotKeeper, vec![("keeper", keeper.clone())])
            }
            Refusal::OfficeOnly => (Msg::RefusedOfficeOnly, vec![]),
            Refusal::LowersLevel => (Msg::RefusedLowersLevel, vec![]),
            Refusal::GradeAorB => (Msg::RefusedGradeAorB, vec![]),
            Refusal::Closes => (Msg::RefusedCloses, vec![]),
            Refusal::ArchiveNumber => (Msg::RefusedArchiveNumber, vec![]),
            Refusal::OtherAuthor { by } => (Msg::RefusedOtherAuthor, vec![("by", by.clone())]),
            Refusal::FutureClock { at } => (
                Msg::RefusedFutureClock,
                vec![("at", at.format("%Y-%m-%d %H:%M").to_string())],
            ),
            Refusal::Counter => (Msg::RefusedCounter, vec![]),
            Refusal::Destruction(DestructionRefusal::NotClosed) => (Msg::DestroyNotClosed, vec![]),
            Refusal::Destruction(DestructionRefusal::Retained(until)) => (
                Msg::DestroyRetained,
                vec![("date", until.format("%Y-%m-%d").to_string())],
            ),
            Refusal::Destruction(DestructionRefusal::NoApprover) => {
                (Msg::DestroyNoApprover, vec![])
            }
            Refusal::Final => (Msg::RefusedFinal, vec![]),
            Refusal::Invalid => (Msg::RefusedInvalid, vec![]),
            Refusal::ViewingChain { seq } => {
                (Msg::RefusedViewingChain, vec![("seq", seq.to_string())])
            }
        }
    }

    /// A change a rep may propose to head office: refused as a decision, kept as a wish.
    pub fn is_proposal(&self) -> bool {
        matches!(
            self,
            Refusal::OfficeOnly | Refusal::LowersLevel | Refusal::GradeAorB | Refusal::Closes
        )
    }
}

/// One change refused, for the preview and the custody log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Refused {
    /// The file it concerns (its id), empty for records of no file.
    pub file: String,
    /// The file's archive number as the receiver knows it, else as the bundle says.
    pub archive_no: String,
    /// The field's path (`secret`, `basic.name`) or the record's kind (`visit`).
    pub what: String,
    pub reason: Refusal,
}

impl Refused {
    /// What was refused, in words: a record's kind, or the field's label.
    pub fn what_msg(&self) -> Msg {
        use crate::core::i18n::labels::{FieldLabel, field};
        match self.what.as_str() {
            "file" => Msg::WhatFile,
            "visit" => Msg::WhatVisit,
            "complaint" => Msg::WhatComplaint,
            "history" => Msg::WhatHistory,
            "destruction" => Msg::WhatDestruction,
            "reference" => Msg::WhatReference,
            "viewing" => Msg::WhatViewing,
            "proposal" => Msg::WhatProposal,
            "created_at" => Msg::WhatCreatedAt,
            "updated_at" => Msg::WhatUpdatedAt,
            "archive_no" => Msg::FieldArchiveNo,
            path => match field(path) {
                Some(FieldLabel::Plain(m)) | Some(FieldLabel::Item(m, _, _)) => m,
                None => Msg::WhatFile,
            },
        }
    }
}

/// The row that decides a unit.
pub fn row(path: &str) -> &'static Row {
    let first = path.split('.').next().unwrap_or(path);
    FILE_FIELDS
        .iter()
        .find(|r| r.field == path || r.field == first)
        .or_else(|| FILE_FIELDS.iter().find(|r| r.field == "*"))
        .expect("the table has a * row")
}

/// Whether `file` is `code`'s: assigned to it, or assigned to nobody and numbered by it
/// (a file the rep made before head office assigned it).
pub fn is_keeper(file: &Customer, code: &str) -> bool {
    if file.assigned_to.is_empty() {
        file.archive_no
            .strip_prefix(code)
            .is_some_and(|rest| rest.starts_with('-'))
    } else {
        file.assigned_to == code
    }
}

/// Who keeps `file`, for a refusal's message.
pub fn keeper(file: &Customer) -> String {
    if file.assigned_to.is_empty() {
        file.archive_no
            .split('-')
            .next()
            .unwrap_or_default()
            .to_owned()
    } else {
        file.assigned_to.clone()
    }
}

/// Whether `sender` may change the unit at `path` from `before` to `after` on a file it
/// keeps (`keeps`). Head office may change anything.
pub fn may_change(
    sender: &Sender,
    keeps: bool,
    path: &str,
    before: &Value,
    after: &Value,
) -> Result<(), Refusal> {
    let Sender::Rep { code, .. } = sender else {
        return Ok(());
    };
    if before == after {
        return Ok(());
    }
    // A file nobody is assigned to is its maker's: the rep may say so.
    let unassigned = |v: &Value| v.is_null() || v.as_str() == Some("");
    if path == "assigned_to" && unassigned(before) && after.as_str() == Some(code) {
        return Ok(());
    }
    let rule = row(path);
    if !keeps && rule.who != Who::Nobody {
        return Err(Refusal::NotKeeper {
            keeper: String::new(),
        });
    }
    match rule.who {
        // No field row is `Rep`; a field it named would be the keeper's.
        Who::Keeper | Who::Rep => Ok(()),
        Who::Office => Err(Refusal::OfficeOnly),
        Who::Nobody => Err(Refusal::ArchiveNumber),
        Who::OfficeCloses => {
            let status = |v: &Value| serde_json::from_value::<Status>(v.clone()).ok();
            match (status(before), status(after)) {
                (Some(b), Some(a)) if b != Status::Closed && a != Status::Closed => Ok(()),
                _ => Err(Refusal::Closes),
            }
        }
        Who::OfficeOrStricter if path == "secret" => {
            let level = |v: &Value| serde_json::from_value::<SecretLevel>(v.clone()).ok();
            match (level(before), level(after)) {
                (Some(b), Some(a)) if a >= b => Ok(()),
                _ => Err(Refusal::LowersLevel),
            }
        }
        Who::OfficeOrStricter => {
            // Credit: a rep may only put a customer under watch (C, or no grade, which
            // is C); A and B are the sales manager's.
            let grade = |v: &Value| {
                serde_json::from_value::<Option<CreditAssignment>>(v.clone())
                    .ok()
                    .map(|c| c.map_or(CreditGrade::C, |c| c.grade))
            };
            match grade(after) {
                Some(CreditGrade::C) => Ok(()),
                _ => Err(Refusal::GradeAorB),
            }
        }
    }
}

/// The latest instant an incoming stamp may carry at the receiver's `now`.
pub fn latest_allowed(now: DateTime<Utc>) -> DateTime<Utc> {
    now.checked_add_signed(MAX_SKEW).unwrap_or(now)
}

/// `at` if it is not after what `now` allows, else the refusal.
pub fn clock(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Refusal> {
    if at > latest_allowed(now) {
        Err(Refusal::FutureClock { at })
    } else {
        Ok(())
    }
}

/// The same for a clock in milliseconds since 1970 (a version's stamp).
pub fn clock_ms(ms: u64, now: DateTime<Utc>) -> Result<(), Refusal> {
    let limit = latest_allowed(now).timestamp_millis().max(0) as u64;
    if ms > limit {
        let at = i64::try_from(ms)
            .ok()
            .and_then(DateTime::from_timestamp_millis)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        Err(Refusal::FutureClock { at })
    } else {
        Ok(())
    }
}

/// Whether a version vector could have been made. `seen` is what the receiver holds of
/// the field (the join of its versions' vectors), `from` the sender's node. At head
/// office (`receiver_is_office`), a rep cannot claim to have seen more of any other node
/// (head office's own edits, or another rep's, which reach it only through head office)
/// than head office holds. Everywhere, the sender's own count (and at a rep, head
/// office's relays) can exceed what the receiver has seen only by [`MAX_EDITS_UNSEEN`].
/// All arithmetic is checked: nothing wraps.
pub fn bounded(
    vv: &VersionVector,
    seen: &VersionVector,
    from: &str,
    receiver_is_office: bool,
) -> Result<(), Refusal> {
    for (node, &n) in vv {
        let held = seen.get(node).copied().unwrap_or(0);
        let limit = if receiver_is_office && node != from {
            held
        } else {
            held.checked_add(MAX_EDITS_UNSEEN).ok_or(Refusal::Counter)?
        };
        if n > limit {
            return Err(Refusal::Counter);
        }
    }
    Ok(())
}

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod hostile;

#[cfg(test)]
mod hostile2;

#[cfg(test)]
mod hostile3;

#[cfg(test)]
mod hostile_dealings;
