//! A rep's proposal of a head-office decision, made as a proposal rather than as a
//! change: the rep's file keeps its grade, level and status (and its review cadence)
//! until head office decides. It travels in the rep's bundles until head office has it;
//! head office keeps it as a [`Request`]; the decision travels back as a [`Returned`]
//! and shows on the rep's file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::request::{Decision, MAX_VALUE_BYTES, Request};
use super::{Refusal, Refused, Sender};
use crate::core::customer::model::{Closure, CreditAssignment, CreditGrade, SecretLevel};

/// What a rep may propose: the head-office fields of [`super::FILE_FIELDS`], and a
/// destruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Grade A or B (`credit`).
    Grade,
    /// A secret level (`secret`), lower or higher.
    Level,
    /// Closing the file (`closure`).
    Close,
    /// Destroying the file.
    Destroy,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::Grade, Field::Level, Field::Close, Field::Destroy];

    /// The field's path, as requests name it.
    pub fn path(self) -> &'static str {
        match self {
            Field::Grade => "credit",
            Field::Level => "secret",
            Field::Close => "closure",
            Field::Destroy => "destruction",
        }
    }

    pub fn from_path(path: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.path() == path)
    }
}

/// The longest reason a proposal carries: a paragraph, not a document.
pub const MAX_REASON: usize = 2_000;

/// The most proposals head office takes from one bundle: a rep proposes a few a month.
pub const MAX_PROPOSALS: usize = 1_000;

/// One proposal as the rep made it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// `p:{rep code}:{ulid}`: unique across reps, the request's id at head office.
    pub id: String,
    pub file: String,
    pub archive_no: String,
    /// [`Field::path`].
    pub field: String,
    /// The proposed value: a [`CreditAssignment`], a [`SecretLevel`], a [`Closure`];
    /// nothing for a destruction.
    pub value: Value,
    pub reason: String,
    /// "name (code)".
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A decision head office sends back to the rep who proposed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Returned {
    /// The request's id: a [`Proposal`]'s id, or that of a refused change.
    pub id: String,
    pub file: String,
    pub archive_no: String,
    pub field: String,
    pub value: Value,
    pub decision: Decision,
}

/// A proposal on the rep's laptop, and head office's decision once it is back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mine {
    pub proposal: Proposal,
    #[serde(default)]
    pub decision: Option<Decision>,
}

/// Why a proposal cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProposeError {
    #[error("a proposal needs a reason")]
    NoReason,
    #[error("the reason is too long")]
    TooLong,
    #[error("this is what the file already has")]
    Same,
    #[error("a proposal of this is already waiting")]
    Waiting,
}

/// The proposal of `field` = `value` for file `file` (`archive_no`), by `by` of rep
/// `code`, with `reason`, checked against what is `held` (one pending proposal per file
/// and field) and what the file has (`current`, the field's value now).
#[allow(clippy::too_many_arguments)]
pub fn propose(
    held: &[Mine],
    file: &str,
    archive_no: &str,
    field: Field,
    value: Value,
    current: &Value,
    reason: &str,
    (code, name): (&str, &str),
    ulid: &str,
    now: DateTime<Utc>,
) -> Result<Proposal, ProposeError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ProposeError::NoReason);
    }
    if reason.chars().count() > MAX_REASON {
        return Err(ProposeError::TooLong);
    }
    if field != Field::Destroy && same(field, &value, current) {
        return Err(ProposeError::Same);
    }
    if held.iter().any(|m| {
        m.decision.is_none() && m.proposal.file == file && m.proposal.field == field.path()
    }) {
        return Err(ProposeError::Waiting);
    }
    Ok(Proposal {
        id: format!("p:{code}:{ulid}"),
        file: file.to_owned(),
        archive_no: archive_no.to_owned(),
        field: field.path().to_owned(),
        value,
        reason: reason.to_owned(),
        by: format!("{name} ({code})"),
        at: now,
    })
}

/// Whether `value` proposes what the file already has.
fn same(field: Field, value: &Value, current: &Value) -> bool {
    match field {
        Field::Grade => value.get("grade") == current.get("grade"),
        _ => value == current,
    }
}

/// The proposals still waiting for a decision, as the rep's bundles carry them: head
/// office keeps each once, so carrying one again costs nothing and loses nothing.
pub fn pending(held: &[Mine]) -> Vec<Proposal> {
    held.iter()
        .filter(|m| m.decision.is_none())
        .map(|m| m.proposal.clone())
        .collect()
}

/// The requests a rep's proposals make at head office, received from `sender` at
/// `now`, and the proposals refused. `keeps(file)` says whether the sender keeps the
/// file (its assignment or its numbers, [`super::is_keeper`]), or `None` when head
/// office has no such file.
///
/// Nothing of the proposal is taken on trust: the proposer is the enrolled sender, the
/// id must be in the sender's own space, the value must be one the field can hold.
pub fn received(
    proposals: &[Proposal],
    sender: &Sender,
    keeps: impl Fn(&str) -> Option<Result<(), Refusal>>,
    now: DateTime<Utc>,
) -> (Vec<Request>, Vec<Refused>) {
    let mut out = Vec::new();
    let mut refused = Vec::new();
    let Sender::Rep { code, name } = sender else {
        return (out, refused);
    };
    let mut seen = std::collections::HashSet::new();
    if let Some(extra) = proposals.get(MAX_PROPOSALS) {
        refused.push(Refused {
            file: extra.file.clone(),
            archive_no: extra.archive_no.clone(),
            what: "proposal".to_owned(),
            reason: Refusal::Invalid,
        });
    }
    for p in proposals.iter().take(MAX_PROPOSALS) {
        let refuse = |reason: Refusal| Refused {
            file: p.file.clone(),
            archive_no: p.archive_no.clone(),
            what: "proposal".to_owned(),
            reason,
        };
        let checked = check(p, code, &keeps, now);
        match checked {
            Err(reason) => refused.push(refuse(reason)),
            Ok(_) if !seen.insert(p.id.clone()) => {}
            Ok(value) => out.push(Request {
                id: p.id.clone(),
                file: p.file.clone(),
                archive_no: p.archive_no.clone(),
                field: p.field.clone(),
                value,
                by: format!("{name} ({code})"),
                rep_code: code.clone(),
                at: now,
                reason: p.reason.trim().into(),
                decision: None,
            }),
        }
    }
    (out, refused)
}

/// The proposal's value as the field holds it (nothing else it carried: no extra
/// fields, no nesting, no reason longer than a proposal's), if the proposal stands.
fn check(
    p: &Proposal,
    code: &str,
    keeps: &impl Fn(&str) -> Option<Result<(), Refusal>>,
    now: DateTime<Utc>,
) -> Result<Value, Refusal> {
    let rest = p.id.strip_prefix(&format!("p:{code}:"));
    if !rest.is_some_and(|r| (1..=64).contains(&r.len()) && !r.contains(':')) {
        return Err(Refusal::Invalid);
    }
    if p.reason.trim().is_empty() || p.reason.chars().count() > MAX_REASON {
        return Err(Refusal::Invalid);
    }
    if p.at > now + super::MAX_SKEW {
        return Err(Refusal::FutureClock { at: p.at });
    }
    let Some(field) = Field::from_path(&p.field) else {
        return Err(Refusal::Invalid);
    };
    let short = |reason: &str| reason.chars().count() <= MAX_REASON;
    let value = match field {
        Field::Grade => serde_json::from_value::<CreditAssignment>(p.value.clone())
            .ok()
            .filter(|c| matches!(c.grade, CreditGrade::A | CreditGrade::B) && short(&c.reason))
            .and_then(|c| serde_json::to_value(c).ok()),
        Field::Level => serde_json::from_value::<SecretLevel>(p.value.clone())
            .ok()
            .and_then(|l| serde_json::to_value(l).ok()),
        Field::Close => serde_json::from_value::<Closure>(p.value.clone())
            .ok()
            .filter(|c| !c.reason.trim().is_empty() && short(&c.reason))
            .and_then(|c| serde_json::to_value(c).ok()),
        Field::Destroy => Some(Value::Null),
    };
    let value = value
        .filter(|v| serde_json::to_string(v).is_ok_and(|s| s.len() <= MAX_VALUE_BYTES))
        .ok_or(Refusal::Invalid)?;
    keeps(&p.file).unwrap_or(Err(Refusal::Invalid))?;
    Ok(value)
}

/// The decisions head office sends back to the rep with code `code`: those made after
/// `since` (what the rep acknowledged), or all.
pub fn to_return(held: &[Request], code: &str, since: Option<DateTime<Utc>>) -> Vec<Returned> {
    held.iter()
        .filter(|r| r.rep_code == code)
        .filter_map(|r| {
            let d = r.decision.as_ref()?;
            since.is_none_or(|s| d.at > s).then(|| Returned {
                id: r.id.clone(),
                file: r.file.clone(),
                archive_no: r.archive_no.clone(),
                field: r.field.clone(),
                value: r.value.clone(),
                decision: d.clone(),
            })
        })
        .collect()
}

/// The rep's proposals with head office's decisions `back` applied (only ever from head
/// office: the caller checks the sender). A decision on a change the rep made as a
/// change (before proposals existed, or a stricter level refused) is kept too, so the
/// rep sees it. Returns how many decisions were new.
pub fn returned(held: &mut Vec<Mine>, back: &[Returned], me: (&str, &str)) -> usize {
    let mut new = 0;
    for r in back {
        match held.iter_mut().find(|m| m.proposal.id == r.id) {
            Some(m) if m.decision.is_none() => {
                m.decision = Some(r.decision.clone());
                new += 1;
            }
            Some(_) => {}
            None => {
                held.push(Mine {
                    proposal: Proposal {
                        id: r.id.clone(),
                        file: r.file.clone(),
                        archive_no: r.archive_no.clone(),
                        field: r.field.clone(),
                        value: r.value.clone(),
                        reason: String::new(),
                        by: format!("{} ({})", me.1, me.0),
                        at: r.decision.at,
                    },
                    decision: Some(r.decision.clone()),
                });
                new += 1;
            }
        }
    }
    new
}

/// The proposal of `field` waiting for file `file`, if any.
pub fn waiting<'a>(held: &'a [Mine], file: &str, field: Field) -> Option<&'a Proposal> {
    held.iter()
        .filter(|m| m.decision.is_none() && m.proposal.file == file)
        .map(|m| &m.proposal)
        .find(|p| p.field == field.path())
}

#[cfg(test)]
mod tests;
