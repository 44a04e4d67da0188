//! What the customer-file rules ask of each file over the months (seed 002): a review
//! by the credit grade's cadence, a visit at least once a year, no file left untouched
//! for a year, and a new customer regraded once its first year is over.
//!
//! - **Review cadence**: A in March and September, B in January, April, July and
//!   October, C every month. A review month opens a period that lasts until the next
//!   one; a review any time in the period settles it. A period whose month has passed
//!   without a review is overdue, from its first day; a period opened this month is due.
//!   Creating the file counts as its first review.
//! - **Annual visit**: a year after the last submitted visit (or the file's creation).
//! - **Stale**: nothing saved and no visit for a year.
//! - **Regrade**: a new customer is C for its first year; after it, the grade is
//!   proposed for review until the manager assigns one or someone reviews the file.
//!
//! Dates are the rep's local dates; the caller converts.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use super::catalogue::CatalogueEntry;
use super::model::{CreditGrade, CustomerId, Status};
use crate::core::visit::model::{Visit, VisitStatus};

/// The months (1–12) in which a grade's review falls due.
pub fn review_months(grade: CreditGrade) -> &'static [u32] {
    match grade {
        CreditGrade::A => &[3, 9],
        CreditGrade::B => &[1, 4, 7, 10],
        CreditGrade::C => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    }
}

/// Where one obligation stands at a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Done,
    /// Falls due this month.
    DueThisMonth,
    /// Should have been done by the end of an earlier month; owed since this date.
    Overdue {
        since: NaiveDate,
    },
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn standing_from(owed_since: Option<NaiveDate>, today: NaiveDate) -> Standing {
    match owed_since {
        None => Standing::Done,
        Some(d) if first_of_month(d) == first_of_month(today) => Standing::DueThisMonth,
        Some(d) if d > today => Standing::Done,
        Some(d) => Standing::Overdue { since: d },
    }
}

/// The first review period of `grade` to open after `last` (a review or the file's
/// creation) and no later than `today`.
pub fn first_owed_period(
    grade: CreditGrade,
    last: NaiveDate,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let months = review_months(grade);
    let mut start = first_of_month(last);
    while start <= today {
        if start > last && months.contains(&start.month()) {
            return Some(start);
        }
        start = start.checked_add_months(Months::new(1))?;
    }
    None
}

/// Whether the grade's periodic review is owed at `today`, given the last review (or
/// the file's creation).
pub fn review_standing(grade: CreditGrade, last: NaiveDate, today: NaiveDate) -> Standing {
    standing_from(first_owed_period(grade, last, today), today)
}

/// One year after `since`; 29 February falls back to 28 February.
fn a_year_after(since: NaiveDate) -> NaiveDate {
    since
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

/// The visit the rules ask for at least once a year, given the last submitted visit
/// (or, without one, the file's creation).
pub fn annual_visit_standing(last: NaiveDate, today: NaiveDate) -> Standing {
    standing_from(Some(a_year_after(last)), today)
}

/// A file with nothing saved and no visit since `touched` for a year.
pub fn is_stale(touched: NaiveDate, today: NaiveDate) -> bool {
    a_year_after(touched) <= today
}

/// Whether a new customer's grade is up for review: its first year ended on or before
/// `today`, and since then nobody assigned a grade nor reviewed the file.
pub fn regrade_proposed(
    new_until: NaiveDate,
    graded_on: Option<NaiveDate>,
    last_review: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    new_until <= today
        && graded_on.is_none_or(|d| d < new_until)
        && last_review.is_none_or(|d| d < new_until)
}

/// What the rules need to know of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileFacts {
    pub id: CustomerId,
    /// The effective grade today.
    pub grade: CreditGrade,
    pub created: NaiveDate,
    pub last_review: Option<NaiveDate>,
    pub last_visit: Option<NaiveDate>,
    /// The last save.
    pub updated: NaiveDate,
    /// When the first year ends (the file is C until then).
    pub new_until: NaiveDate,
    pub graded_on: Option<NaiveDate>,
    pub closed: bool,
}

impl FileFacts {
    /// The facts of a catalogue entry (not a sealed one's redacted entry), with its last
    /// visit; `local` turns an instant into the rep's date.
    pub fn of(
        e: &CatalogueEntry,
        last_visit: Option<NaiveDate>,
        now: DateTime<Utc>,
        local: impl Fn(DateTime<Utc>) -> NaiveDate,
    ) -> FileFacts {
        let updated = local(e.updated_at);
        FileFacts {
            id: e.id.clone(),
            grade: e.grade(now),
            created: e.created_at.map_or(updated, &local),
            last_review: e.last_review.map(&local),
            last_visit,
            updated,
            new_until: local(e.new_until),
            graded_on: e.graded_at.map(&local),
            closed: e.status == Status::Closed,
        }
    }
}

/// Each customer's latest submitted visit date.
pub fn last_visits(visits: &[Visit]) -> HashMap<CustomerId, NaiveDate> {
    let mut last: HashMap<CustomerId, NaiveDate> = HashMap::new();
    for v in visits.iter().filter(|v| v.status == VisitStatus::Submitted) {
        if let Some(at) = v.at {
            let e = last.entry(v.customer_id.clone()).or_insert(at.date());
            *e = (*e).max(at.date());
        }
    }
    last
}

/// An obligation of the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Duty {
    /// The periodic review of the grade.
    Review(CreditGrade),
    /// The visit owed once a year.
    AnnualVisit,
    /// Nothing saved and no visit for a year: the file needs updating.
    Stale,
    /// The first year is over: regrade the customer.
    Regrade,
}

/// One obligation of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueItem {
    pub customer_id: CustomerId,
    pub duty: Duty,
    /// For an overdue item: since when.
    pub since: Option<NaiveDate>,
}

/// What the rules ask for at a date: what is overdue (oldest first), and what falls due
/// this month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DueList {
    pub overdue: Vec<DueItem>,
    pub this_month: Vec<DueItem>,
}

impl DueList {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty() && self.this_month.is_empty()
    }

    /// How many items concern the given file.
    pub fn count_for(&self, id: &str) -> usize {
        self.overdue
            .iter()
            .chain(&self.this_month)
            .filter(|i| i.customer_id == id)
            .count()
    }
}

/// Every obligation of every open file at `today`. Closed files owe nothing.
pub fn due(files: &[FileFacts], today: NaiveDate) -> DueList {
    let mut list = DueList::default();
    for f in files.iter().filter(|f| !f.closed) {
        let mut push = |duty: Duty, standing: Standing| {
            let item = |since| DueItem {
                customer_id: f.id.clone(),
                duty,
                since,
            };
            match standing {
                Standing::Done => {}
                Standing::DueThisMonth => list.this_month.push(item(None)),
                Standing::Overdue { since } => list.overdue.push(item(Some(since))),
            }
        };
        let reviewed = f.last_review.map_or(f.created, |r| r.max(f.created));
        push(
            Duty::Review(f.grade),
            review_standing(f.grade, reviewed, today),
        );
        let visited = f.last_visit.unwrap_or(f.created);
        push(Duty::AnnualVisit, annual_visit_standing(visited, today));
        let touched = f.updated.max(f.last_visit.unwrap_or(f.updated));
        if is_stale(touched, today) {
            push(
                Duty::Stale,
                Standing::Overdue {
                    since: a_year_after(touched),
                },
            );
        }
        if regrade_proposed(f.new_until, f.graded_on, f.last_review, today) {
            let standing = standing_from(Some(f.new_until), today);
            push(Duty::Regrade, standing);
        }
    }
    list.overdue.sort_by_key(|i| (i.since, i.duty));
    list.this_month.sort_by_key(|i| i.duty);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_a_customer_is_reviewed_in_march_and_september() {
        let reviewed = d(2026, 3, 10);
        assert_eq!(
            review_standing(CreditGrade::A, reviewed, d(2026, 8, 31)),
            Standing::Done
        );
        assert_eq!(
            review_standing(CreditGrade::A, reviewed, d(2026, 9, 1)),
            Standing::DueThisMonth
        );
        assert_eq!(
            review_standing(CreditGrade::A, reviewed, d(2026, 10, 1)),
            Standing::Overdue {
                since: d(2026, 9, 1)
            }
        );
        // A review in October settles September's period until March.
        assert_eq!(
            review_standing(CreditGrade::A, d(2026, 10, 5), d(2027, 2, 28)),
            Standing::Done
        );
        // Across the year: the March after.
        assert_eq!(
            review_standing(CreditGrade::A, d(2026, 10, 5), d(2027, 3, 2)),
            Standing::DueThisMonth
        );
    }

    #[test]
    fn a_b_customer_is_reviewed_every_quarter_from_january() {
        let reviewed = d(2026, 10, 20);
        assert_eq!(
            review_standing(CreditGrade::B, reviewed, d(2026, 12, 31)),
            Standing::Done
        );
        assert_eq!(
            review_standing(CreditGrade::B, reviewed, d(2027, 1, 1)),
            Standing::DueThisMonth
        );
        assert_eq!(
            review_standing(CreditGrade::B, reviewed, d(2027, 2, 14)),
            Standing::Overdue {
                since: d(2027, 1, 1)
            }
        );
        // Still owed from January when April's period opens: the oldest owed counts.
        assert_eq!(
            review_standing(CreditGrade::B, reviewed, d(2027, 4, 3)),
            Standing::Overdue {
                since: d(2027, 1, 1)
            }
        );
    }

    #[test]
    fn a_c_customer_is_reviewed_every_month() {
        assert_eq!(
            review_standing(CreditGrade::C, d(2026, 11, 2), d(2026, 11, 30)),
            Standing::Done
        );
        assert_eq!(
            review_standing(CreditGrade::C, d(2026, 11, 30), d(2026, 12, 1)),
            Standing::DueThisMonth
        );
        assert_eq!(
            review_standing(CreditGrade::C, d(2026, 11, 30), d(2027, 1, 5)),
            Standing::Overdue {
                since: d(2026, 12, 1)
            }
        );
    }

    #[test]
    fn a_review_on_the_first_of_a_review_month_settles_that_month() {
        assert_eq!(
            review_standing(CreditGrade::A, d(2026, 9, 1), d(2026, 9, 30)),
            Standing::Done
        );
        assert_eq!(
            review_standing(CreditGrade::C, d(2026, 9, 1), d(2026, 9, 1)),
            Standing::Done
        );
    }

    #[test]
    fn a_visit_is_owed_a_year_after_the_last_one() {
        let last = d(2025, 11, 15);
        assert_eq!(annual_visit_standing(last, d(2026, 10, 31)), Standing::Done);
        assert_eq!(
            annual_visit_standing(last, d(2026, 11, 1)),
            Standing::DueThisMonth
        );
        assert_eq!(
            annual_visit_standing(last, d(2026, 12, 1)),
            Standing::Overdue {
                since: d(2026, 11, 15)
            }
        );
        // 29 February: owed on 28 February of the next year.
        assert_eq!(
            annual_visit_standing(d(2028, 2, 29), d(2029, 3, 1)),
            Standing::Overdue {
                since: d(2029, 2, 28)
            }
        );
    }

    #[test]
    fn a_file_untouched_for_a_year_is_stale() {
        assert!(!is_stale(d(2025, 11, 23), d(2026, 11, 22)));
        assert!(is_stale(d(2025, 11, 22), d(2026, 11, 22)));
        assert!(is_stale(d(2024, 12, 31), d(2026, 1, 1)));
    }

    #[test]
    fn a_new_customer_is_proposed_for_regrading_after_its_first_year() {
        let ends = d(2026, 11, 10);
        assert!(!regrade_proposed(ends, None, None, d(2026, 11, 9)));
        assert!(regrade_proposed(ends, None, None, d(2026, 11, 10)));
        // A grade assigned during the first year does not count: it was held at C.
        assert!(regrade_proposed(
            ends,
            Some(d(2026, 5, 1)),
            None,
            d(2026, 12, 1)
        ));
        assert!(!regrade_proposed(
            ends,
            Some(d(2026, 11, 12)),
            None,
            d(2026, 12, 1)
        ));
        assert!(!regrade_proposed(
            ends,
            None,
            Some(d(2026, 11, 20)),
            d(2026, 12, 1)
        ));
    }

    fn facts(id: &str, grade: CreditGrade, created: NaiveDate) -> FileFacts {
        FileFacts {
            id: id.into(),
            grade,
            created,
            last_review: None,
            last_visit: None,
            updated: created,
            new_until: a_year_after(created),
            graded_on: None,
            closed: false,
        }
    }

    #[test]
    fn the_due_list_puts_the_oldest_overdue_first_and_skips_closed_files() {
        let today = d(2026, 11, 22);
        let mut a = facts("a", CreditGrade::A, d(2024, 1, 5));
        a.last_review = Some(d(2026, 3, 3));
        a.last_visit = Some(d(2026, 6, 1));
        a.updated = d(2026, 6, 1);
        a.graded_on = Some(d(2025, 2, 1));
        let mut c = facts("c", CreditGrade::C, d(2026, 10, 20));
        c.updated = d(2026, 10, 20);
        let mut closed = facts("x", CreditGrade::C, d(2020, 1, 1));
        closed.closed = true;
        let mut old = facts("o", CreditGrade::C, d(2025, 6, 1));
        old.last_review = Some(d(2025, 9, 1));
        let list = due(&[a, c, closed, old], today);

        assert!(
            list.overdue
                .iter()
                .chain(&list.this_month)
                .all(|i| i.customer_id != "x")
        );
        let overdue: Vec<(&str, Duty, NaiveDate)> = list
            .overdue
            .iter()
            .map(|i| (i.customer_id.as_str(), i.duty, i.since.unwrap()))
            .collect();
        assert_eq!(
            overdue,
            [
                ("o", Duty::Review(CreditGrade::C), d(2025, 10, 1)),
                ("o", Duty::AnnualVisit, d(2026, 6, 1)),
                ("o", Duty::Stale, d(2026, 6, 1)),
                ("o", Duty::Regrade, d(2026, 6, 1)),
                ("a", Duty::Review(CreditGrade::A), d(2026, 9, 1)),
            ]
        );
        let this_month: Vec<(&str, Duty)> = list
            .this_month
            .iter()
            .map(|i| (i.customer_id.as_str(), i.duty))
            .collect();
        assert_eq!(this_month, [("c", Duty::Review(CreditGrade::C))]);
        assert_eq!(list.count_for("o"), 4);
    }
}
