//! Leak reports (泄密报告, seed 000 第十九条): what leaked, when, which files, who filed
//! it, and, at head office, who handled it and when.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Origin, id_ok, latest_allowed};

/// The longest description, in characters (the form's limit).
pub const MAX_WHAT: usize = 2_000;
/// At most this many files named, each an archive number of at most
/// [`MAX_ARCHIVE_NO`] characters.
pub const MAX_FILES: usize = 50;
pub const MAX_ARCHIVE_NO: usize = 40;
/// Reports kept at head office: beyond it the oldest handled ones go (never one
/// still waiting).
pub const MAX_HELD: usize = 2_000;

/// A leak report: what leaked, when, and which files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LeakReport {
    pub id: String,
    /// When it was filed.
    pub at: DateTime<Utc>,
    /// What leaked, how, to whom, in the reporter's words.
    pub what: String,
    /// When the leak happened (or was noticed), if known.
    pub when: Option<NaiveDate>,
    /// The files concerned, by archive number.
    pub files: Vec<String>,
    /// Who filed it, "name (code)". At head office a rep's report names the rep
    /// enrolled for the sending device.
    pub by: String,
    /// Head office: the rep and device it came from; `None` if filed here.
    pub from: Option<Origin>,
    /// Head office: who marked it handled, and when.
    pub handled: Option<Handled>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Handled {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The leak form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeakDraft {
    pub what: String,
    /// `YYYY-MM-DD` from a date field, or empty.
    pub when: String,
    /// Archive numbers separated by commas, spaces or new lines.
    pub files: String,
}

/// Why the form was not filed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LeakProblem {
    #[error("say what leaked")]
    WhatMissing,
    #[error("the description is longer than {MAX_WHAT} characters")]
    WhatTooLong,
    #[error("the date is not a date")]
    WhenInvalid,
    #[error("the date is in the future")]
    WhenInFuture,
    #[error("more than {MAX_FILES} files")]
    TooManyFiles,
    #[error("an archive number is longer than {MAX_ARCHIVE_NO} characters")]
    FileTooLong,
}

/// Why a report was not marked handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HandleError {
    #[error("no such report")]
    Unknown,
    #[error("it was already marked handled")]
    Already,
}

impl LeakDraft {
    /// The report this form files, by `by` at `at` (`today` in the reporter's time
    /// zone, which the date field is in).
    pub fn file(
        &self,
        id: String,
        by: &str,
        at: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<LeakReport, LeakProblem> {
        let what = self.what.trim();
        if what.is_empty() {
            return Err(LeakProblem::WhatMissing);
        }
        if what.chars().count() > MAX_WHAT {
            return Err(LeakProblem::WhatTooLong);
        }
        let when = match self.when.trim() {
            "" => None,
            text => Some(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| LeakProblem::WhenInvalid)?,
            ),
        };
        if when.is_some_and(|d| d > today) {
            return Err(LeakProblem::WhenInFuture);
        }
        let files = archive_numbers(&self.files);
        if files.len() > MAX_FILES {
            return Err(LeakProblem::TooManyFiles);
        }
        if files.iter().any(|f| f.chars().count() > MAX_ARCHIVE_NO) {
            return Err(LeakProblem::FileTooLong);
        }
        Ok(LeakReport {
            id,
            at,
            what: what.to_owned(),
            when,
            files,
            by: by.to_owned(),
            from: None,
            handled: None,
        })
    }
}

/// The archive numbers in `text`, each once, in the order typed.
fn archive_numbers(text: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    text.split(|c: char| c.is_whitespace() || ",，、;；".contains(c))
        .filter(|s| !s.is_empty())
        .filter(|s| seen.insert(*s))
        .map(str::to_owned)
        .collect()
}

impl LeakReport {
    /// Head office's key for it: unique per sending rep (or this laptop, `""`).
    pub fn key(&self) -> String {
        let rep = self.from.as_ref().map_or("", |o| o.rep_code.as_str());
        format!("{rep}:{}", self.id)
    }

    /// This report as head office takes it from `origin` at `now`, or `None` if it
    /// cannot be one a laptop wrote: no id, or filed later than the clock allows. What
    /// it says is cut to the form's bounds rather than dropped: a report is never lost
    /// for its length. Its author is the enrolled rep, and it arrives unhandled.
    pub(super) fn received(
        &self,
        by: &str,
        origin: &Origin,
        now: DateTime<Utc>,
    ) -> Option<LeakReport> {
        if !id_ok(&self.id) || self.at <= DateTime::UNIX_EPOCH || self.at > latest_allowed(now) {
            return None;
        }
        let latest_day = latest_allowed(now).date_naive();
        Some(LeakReport {
            id: self.id.clone(),
            at: self.at,
            what: self.what.trim().chars().take(MAX_WHAT).collect(),
            when: self.when.filter(|d| *d <= latest_day),
            files: self
                .files
                .iter()
                .filter(|f| !f.is_empty() && f.chars().count() <= MAX_ARCHIVE_NO)
                .take(MAX_FILES)
                .cloned()
                .collect(),
            by: by.to_owned(),
            from: Some(origin.clone()),
            handled: None,
        })
    }
}

/// Adds `new` to the reports `held`, once per sender and id; one held keeps its state
/// (a report sent again is not un-handled). Beyond [`MAX_HELD`] the oldest handled
/// ones go. Returns how many were new.
pub fn add_leaks(held: &mut Vec<LeakReport>, new: &[LeakReport]) -> usize {
    let mut seen: BTreeSet<String> = held.iter().map(LeakReport::key).collect();
    let mut added = 0;
    for r in new {
        if seen.insert(r.key()) {
            held.push(r.clone());
            added += 1;
        }
    }
    let excess = held.len().saturating_sub(MAX_HELD);
    if excess > 0 {
        let mut handled: Vec<(DateTime<Utc>, String)> = held
            .iter()
            .filter(|r| r.handled.is_some())
            .map(|r| (r.at, r.key()))
            .collect();
        handled.sort();
        let gone: BTreeSet<String> = handled.into_iter().take(excess).map(|(_, k)| k).collect();
        held.retain(|r| !gone.contains(&r.key()));
    }
    added
}

/// Marks report `key` ([`LeakReport::key`]) handled by `by` at `at`.
pub fn mark_handled(
    held: &mut [LeakReport],
    key: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), HandleError> {
    let r = held
        .iter_mut()
        .find(|r| r.key() == key)
        .ok_or(HandleError::Unknown)?;
    if r.handled.is_some() {
        return Err(HandleError::Already);
    }
    r.handled = Some(Handled {
        by: by.to_owned(),
        at,
    });
    Ok(())
}

/// This laptop's own reports filed after `since` (all with `None`): what its next
/// bundle carries, at most [`super::MAX_LEAKS_IN`] (the newest, as the receiver keeps).
pub fn to_send(held: &[LeakReport], since: Option<DateTime<Utc>>) -> Vec<LeakReport> {
    let mut out: Vec<LeakReport> = held
        .iter()
        .filter(|r| r.from.is_none() && since.is_none_or(|s| r.at > s))
        .cloned()
        .collect();
    out.sort_by_key(|r| Reverse(r.at));
    out.truncate(super::MAX_LEAKS_IN);
    out
}

/// Reports as listed: those waiting first, each group newest first.
pub fn listed(mut held: Vec<LeakReport>) -> Vec<LeakReport> {
    held.sort_by(|a, b| (a.handled.is_some(), b.at).cmp(&(b.handled.is_some(), a.at)));
    held
}
