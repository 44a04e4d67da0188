//! The rep's monthly report (顾客情报报告书, seed 002 顾客情报管理): each month the rep
//! reports, by credit grade, what changed in its A, B and C customers, the grades it
//! proposes with their reasons, and the emergencies. It is due at the month's end to
//! the sales manager, who reviews it within five days and passes it on to the general
//! manager.
//!
//! It travels in the bundle: a sent report goes to head office in every bundle until
//! head office's review has come back; head office's review and passing on go back to
//! the rep. Both sides see where it stands ([`State`]) and what is late ([`owed`],
//! [`waiting_review`]).
//!
//! At the receiver: head office takes a report only as the enrolled rep's own, never its
//! review from the rep, and not a new text once reviewed ([`receive`]); the rep takes
//! only head office's word on its own reports ([`take_returned`]).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::core::authority::{Sender, latest_allowed};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::model::CreditGrade;
use crate::core::report::Month;

/// Days the sales manager has to review a report after its due date (seed 002: 5 日内).
pub const REVIEW_DAYS: i64 = 5;

/// Days before its due date that a report comes up on the rep's agenda.
pub const REMIND_DAYS: i64 = 7;

/// The longest text a report's part keeps (a hostile bundle could send megabytes).
pub const MAX_TEXT: usize = 20_000;

/// The most reports one bundle may bring: twenty years of months.
pub const MAX_REPORTS: usize = 240;

/// One monthly report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    pub id: String,
    pub rep_code: String,
    pub rep_name: String,
    /// "2026-11".
    pub month: String,
    /// What changed in the A, B and C customers this month.
    pub grade_a: String,
    pub grade_b: String,
    pub grade_c: String,
    /// Grades proposed, each with its reason.
    pub proposals: String,
    /// Emergencies (紧急报告) of the month and what became of them.
    pub emergencies: String,
    pub other: String,
    pub written_at: Option<DateTime<Utc>>,
    /// When the rep sent it; `None` while a draft.
    pub sent_at: Option<DateTime<Utc>>,
    /// The sales manager's review (审阅), with a note.
    pub review: Option<Step>,
    /// Passed on to the general manager (呈总经理).
    pub passed_on: Option<Step>,
}

/// Who did a step, when, and what they noted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub note: String,
}

/// Where a report stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    Draft,
    Sent,
    Reviewed,
    PassedOn,
}

impl Report {
    pub fn state(&self) -> State {
        match (&self.sent_at, &self.review, &self.passed_on) {
            (_, _, Some(_)) => State::PassedOn,
            (_, Some(_), None) => State::Reviewed,
            (Some(_), None, None) => State::Sent,
            (None, None, None) => State::Draft,
        }
    }

    pub fn month(&self) -> Option<Month> {
        Month::parse(&self.month).filter(|m| m.label() == self.month)
    }

    /// The month's last day: when it is due.
    pub fn due(&self) -> Option<NaiveDate> {
        self.month().map(due)
    }
}

/// The last day of `month`.
pub fn due(month: Month) -> NaiveDate {
    month.next().first_day() - Duration::days(1)
}

/// The day by which head office should have reviewed the report of `month`.
pub fn review_due(month: Month) -> NaiveDate {
    due(month) + Duration::days(REVIEW_DAYS)
}

/// A month whose report the rep still owes: due within a week, or late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owed {
    pub month: Month,
    pub due: NaiveDate,
    pub late: bool,
}

/// The months from `since` (when the rep began keeping files here) to this one whose
/// report is not sent and is due within [`REMIND_DAYS`] or past due, oldest first.
pub fn owed(mine: &[Report], since: Month, today: NaiveDate) -> Vec<Owed> {
    let this = Month::of(today);
    let mut out = Vec::new();
    // At most the last MAX_REPORTS months, this one among them (a store begun under a
    // wrong clock must not hide this month behind twenty years of old ones).
    let earliest = Month::of(
        this.first_day()
            .checked_sub_months(chrono::Months::new(MAX_REPORTS as u32 - 1))
            .unwrap_or(NaiveDate::MIN),
    );
    let mut m = since.max(earliest);
    while m <= this && out.len() < MAX_REPORTS {
        let sent = mine
            .iter()
            .any(|r| r.month() == Some(m) && r.sent_at.is_some());
        let due = due(m);
        if !sent && due - today <= Duration::days(REMIND_DAYS) {
            out.push(Owed {
                month: m,
                due,
                late: today > due,
            });
        }
        // The calendar's last month has no next: stop there.
        let next = m.next();
        if next == m {
            break;
        }
        m = next;
    }
    out
}

/// Head office: sent reports not yet reviewed, oldest month first, each with whether
/// its review is late (past [`review_due`]).
pub fn waiting_review(received: &[Report], today: NaiveDate) -> Vec<(&Report, bool)> {
    let mut out: Vec<(&Report, bool)> = received
        .iter()
        .filter(|r| r.state() == State::Sent)
        .map(|r| (r, r.month().is_some_and(|m| today > review_due(m))))
        .collect();
    out.sort_by(|a, b| (a.0.month(), &a.0.rep_code).cmp(&(b.0.month(), &b.0.rep_code)));
    out
}

/// The rep's draft of `month`'s report, its parts filled from the files: those changed in
/// the month by grade, the grade proposals made in it, and the open emergencies. The
/// rep rewrites them as it sees fit.
pub fn draft(
    entries: &[CatalogueEntry],
    proposals: &[(String, String)],
    month: Month,
    now: DateTime<Utc>,
) -> Report {
    let in_month = |at: DateTime<Utc>| Month::of(at.date_naive()) == month;
    let mut changed: Vec<&CatalogueEntry> = entries
        .iter()
        .filter(|e| !e.sealed && in_month(e.updated_at))
        .collect();
    changed.sort_by(|a, b| a.archive_no.cmp(&b.archive_no));
    let lines = |g: CreditGrade| {
        bounded_lines(
            changed
                .iter()
                .filter(|e| e.grade(now) == g)
                .map(|e| format!("{} {}: ", e.archive_no, e.name)),
        )
    };
    let emergencies = bounded_lines(
        entries
            .iter()
            .filter(|e| e.emergency && !e.sealed)
            .map(|e| format!("{} {}: ", e.archive_no, e.name)),
    );
    Report {
        month: month.label(),
        grade_a: lines(CreditGrade::A),
        grade_b: lines(CreditGrade::B),
        grade_c: lines(CreditGrade::C),
        proposals: bounded_lines(proposals.iter().map(|(what, why)| format!("{what}: {why}"))),
        emergencies,
        ..Report::default()
    }
}

/// `lines`, one to a line, as many as fit in [`MAX_TEXT`] with a last line saying how
/// many more were left out ("… +N"): what is sent is what head office keeps.
fn bounded_lines(lines: impl Iterator<Item = String>) -> String {
    let all: Vec<String> = lines.collect();
    let mut out = String::new();
    let mut used = 0;
    for (i, line) in all.iter().enumerate() {
        let more = all.len() - i;
        // Room for this line, its newline, and a last "… +N" line after it.
        let need = line.chars().count() + 1 + 16;
        if used + need > MAX_TEXT {
            out.push_str(&format!("… +{more}"));
            return out;
        }
        if i > 0 {
            out.push('\n');
            used += 1;
        }
        out.push_str(line);
        used += line.chars().count();
    }
    out
}

/// `r`'s parts cut to [`MAX_TEXT`], as head office would keep them: what the rep keeps
/// is what it sends and what is reviewed.
pub fn bounded(mut r: Report) -> Report {
    for part in [
        &mut r.grade_a,
        &mut r.grade_b,
        &mut r.grade_c,
        &mut r.proposals,
        &mut r.emergencies,
        &mut r.other,
    ] {
        if part.chars().count() > MAX_TEXT {
            *part = cut(part);
        }
    }
    r
}

/// What head office sends back about one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Returned {
    pub id: String,
    pub review: Option<Step>,
    pub passed_on: Option<Step>,
}

/// The reports a rep's bundle carries: every sent one whose review has not come back.
pub fn to_send(mine: &[Report]) -> Vec<Report> {
    mine.iter()
        .filter(|r| r.state() == State::Sent)
        .cloned()
        .collect()
}

/// What head office sends rep `rep_code` back: its word on each of the rep's reports.
pub fn to_return(received: &[Report], rep_code: &str) -> Vec<Returned> {
    received
        .iter()
        .filter(|r| r.rep_code == rep_code && (r.review.is_some() || r.passed_on.is_some()))
        .map(|r| Returned {
            id: r.id.clone(),
            review: r.review.clone(),
            passed_on: r.passed_on.clone(),
        })
        .collect()
}

fn cut(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}

/// Why a report from a rep was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Sent by head office, or in another rep's name.
    NotTheSender,
    /// Not a month, a month to come, or not sent.
    NotSent,
    /// Already reviewed here: its text stays as reviewed.
    Reviewed,
}

/// Head office takes `incoming` reports from `sender` into `held` at `now`: a report
/// is the enrolled rep's own (its name as enrolled), sent, of a month begun; its
/// review and passing on are head office's, never the rep's; a reviewed report keeps the
/// text that was reviewed. Returns how many are new or changed, and what was refused.
pub fn receive(
    held: &mut Vec<Report>,
    incoming: &[Report],
    sender: &Sender,
    now: DateTime<Utc>,
) -> (usize, Vec<(String, Refusal)>) {
    let mut refused = Vec::new();
    let Sender::Rep { code, name } = sender else {
        refused.extend(
            incoming
                .iter()
                .take(MAX_REPORTS)
                .map(|r| (r.id.clone(), Refusal::NotTheSender)),
        );
        return (0, refused);
    };
    let latest = latest_allowed(now);
    let mut taken = 0;
    for r in incoming.iter().take(MAX_REPORTS) {
        if r.rep_code != *code || r.id.is_empty() || r.id.len() > 64 {
            refused.push((r.id.clone(), Refusal::NotTheSender));
            continue;
        }
        let month_begun = r.month().is_some_and(|m| m.first_day() <= now.date_naive());
        // Sent no earlier than its month began (a day's slack for time zones).
        let sent_in_time = match (r.sent_at, r.month()) {
            (Some(s), Some(m)) => {
                s <= latest
                    && m.first_day()
                        .and_hms_opt(0, 0, 0)
                        .is_none_or(|start| s >= start.and_utc() - crate::core::authority::MAX_SKEW)
            }
            _ => false,
        };
        if !month_begun || !sent_in_time {
            refused.push((r.id.clone(), Refusal::NotSent));
            continue;
        }
        // One report per rep and month: a new one of a month held replaces it until
        // reviewed (the rep wrote it anew), and is refused after.
        let existing = match held.iter().position(|h| h.id == r.id) {
            Some(i) => Some(i),
            None => held
                .iter()
                .position(|h| h.rep_code == *code && h.month == r.month),
        }
        .map(|i| &mut held[i]);
        if let Some(h) = &existing
            && (h.rep_code != *code || h.review.is_some() || h.passed_on.is_some())
        {
            if h.rep_code != *code {
                refused.push((r.id.clone(), Refusal::NotTheSender));
            } else if **h != clean(r, h, name) {
                refused.push((r.id.clone(), Refusal::Reviewed));
            }
            continue;
        }
        match existing {
            Some(h) => {
                let new = clean(r, h, name);
                if *h != new {
                    *h = new;
                    taken += 1;
                }
            }
            None => {
                let blank = Report::default();
                held.push(clean(r, &blank, name));
                taken += 1;
            }
        }
    }
    (taken, refused)
}

/// `r` as head office keeps it: its texts bounded, the enrolled rep's name, and head
/// office's own steps from `held`.
fn clean(r: &Report, held: &Report, name: &str) -> Report {
    Report {
        id: r.id.clone(),
        rep_code: r.rep_code.clone(),
        rep_name: name.to_owned(),
        month: r.month.clone(),
        grade_a: cut(&r.grade_a),
        grade_b: cut(&r.grade_b),
        grade_c: cut(&r.grade_c),
        proposals: cut(&r.proposals),
        emergencies: cut(&r.emergencies),
        other: cut(&r.other),
        written_at: r.written_at,
        sent_at: r.sent_at,
        review: held.review.clone(),
        passed_on: held.passed_on.clone(),
    }
}

/// The rep takes head office's word `back` on its own reports `mine`: only from head
/// office, only about reports it sent, each step dated no later than now. Returns how
/// many changed.
pub fn take_returned(
    mine: &mut [Report],
    back: &[Returned],
    sender: &Sender,
    now: DateTime<Utc>,
) -> usize {
    if *sender != Sender::HeadOffice {
        return 0;
    }
    let latest = latest_allowed(now);
    let fit = |s: &Option<Step>| {
        s.clone().filter(|s| s.at <= latest).map(|s| Step {
            by: s.by.chars().take(200).collect(),
            at: s.at,
            note: cut(&s.note),
        })
    };
    let mut changed = 0;
    for b in back.iter().take(MAX_REPORTS) {
        if let Some(r) = mine
            .iter_mut()
            .find(|r| r.id == b.id && r.sent_at.is_some())
        {
            let (review, passed_on) = (fit(&b.review), fit(&b.passed_on));
            if review.is_some() && (r.review != review || r.passed_on != passed_on) {
                r.review = review;
                r.passed_on = passed_on;
                changed += 1;
            }
        }
    }
    changed
}

/// Head office reviews report `id` as `by` at `now`; a report not sent, or reviewed
/// already, is left as it is.
pub fn review(held: &mut [Report], id: &str, by: &str, note: &str, now: DateTime<Utc>) -> bool {
    match held.iter_mut().find(|r| r.id == id) {
        Some(r) if r.state() == State::Sent => {
            r.review = Some(Step {
                by: by.to_owned(),
                at: now,
                note: cut(note.trim()),
            });
            true
        }
        _ => false,
    }
}

/// Head office passes reviewed report `id` on to the general manager.
pub fn pass_on(held: &mut [Report], id: &str, by: &str, now: DateTime<Utc>) -> bool {
    match held.iter_mut().find(|r| r.id == id) {
        Some(r) if r.state() == State::Reviewed => {
            r.passed_on = Some(Step {
                by: by.to_owned(),
                at: now,
                note: String::new(),
            });
            true
        }
        _ => false,
    }
}

/// The first month a rep owes a report for: the month its store began.
pub fn first_month(created: DateTime<Utc>) -> Month {
    Month::of(created.date_naive())
}

#[cfg(test)]
mod hostile;
#[cfg(test)]
mod tests;
