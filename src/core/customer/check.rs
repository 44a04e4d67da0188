//! The semiannual archive check (档案检查): a checklist of files with missing basic data,
//! stale files, overdue reviews and new customers due for regrading, and the record that
//! the check was done (检查记录).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::catalogue::CatalogueEntry;
use super::model::{CustomerId, Status};
use super::review::{Duty, FileFacts, due};

/// Basic data a file should have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BasicField {
    Phone,
    Region,
    Industry,
    Contact,
}

/// One file the check found wanting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub customer_id: CustomerId,
    /// For missing basic data: which.
    pub missing: Vec<BasicField>,
}

/// The checklist.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Open files checked.
    pub files: usize,
    pub missing_basic: Vec<Finding>,
    pub stale: Vec<CustomerId>,
    pub review_overdue: Vec<CustomerId>,
    pub regrade: Vec<CustomerId>,
}

/// A check done, as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRecord {
    pub at: DateTime<Utc>,
    /// Who did it, as "name (rep code)".
    pub by: String,
    /// The half-year it covers, e.g. "2026-H2".
    pub period: String,
    pub files: usize,
    pub missing_basic: usize,
    pub stale: usize,
    pub review_overdue: usize,
    pub regrade: usize,
    #[serde(default)]
    pub note: String,
}

/// The half-year a date falls in: "2026-H1" (January to June) or "2026-H2".
pub fn period(d: NaiveDate) -> String {
    format!("{}-H{}", d.year(), if d.month() <= 6 { 1 } else { 2 })
}

/// Whether this half-year's check is still to be done.
pub fn check_due(records: &[CheckRecord], today: NaiveDate) -> bool {
    let now = period(today);
    !records.iter().any(|r| r.period == now)
}

/// What a catalogue entry lacks of the basic data.
pub fn missing_basic(e: &CatalogueEntry) -> Vec<BasicField> {
    [
        (BasicField::Phone, e.phone.trim().is_empty()),
        (BasicField::Region, e.region.trim().is_empty()),
        (BasicField::Industry, e.industry.trim().is_empty()),
        (BasicField::Contact, e.contact.trim().is_empty()),
    ]
    .into_iter()
    .filter_map(|(f, missing)| missing.then_some(f))
    .collect()
}

/// Runs the check over the open files (`entries` and their `facts`, in the same order).
pub fn check(entries: &[CatalogueEntry], facts: &[FileFacts], today: NaiveDate) -> CheckReport {
    let open = |e: &&CatalogueEntry| e.status != Status::Closed && !e.sealed;
    let mut report = CheckReport {
        files: entries.iter().filter(open).count(),
        ..CheckReport::default()
    };
    for e in entries.iter().filter(open) {
        let missing = missing_basic(e);
        if !missing.is_empty() {
            report.missing_basic.push(Finding {
                customer_id: e.id.clone(),
                missing,
            });
        }
    }
    let list = due(facts, today);
    for item in &list.overdue {
        let to = match item.duty {
            Duty::Stale => &mut report.stale,
            Duty::Review(_) => &mut report.review_overdue,
            Duty::Regrade => &mut report.regrade,
            Duty::AnnualVisit => continue,
        };
        to.push(item.customer_id.clone());
    }
    for item in list.this_month.iter().filter(|i| i.duty == Duty::Regrade) {
        report.regrade.push(item.customer_id.clone());
    }
    report
}

impl CheckReport {
    /// The record of this check, done by `by` at `now` (`today` its local date).
    pub fn record(
        &self,
        by: &str,
        note: &str,
        now: DateTime<Utc>,
        today: NaiveDate,
    ) -> CheckRecord {
        CheckRecord {
            at: now,
            by: by.to_owned(),
            period: period(today),
            files: self.files,
            missing_basic: self.missing_basic.len(),
            stale: self.stale.len(),
            review_overdue: self.review_overdue.len(),
            regrade: self.regrade.len(),
            note: note.trim().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::core::customer::model::{Contact, CreditGrade, Customer};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_check_is_due_once_per_half_year() {
        assert_eq!(period(d(2026, 6, 30)), "2026-H1");
        assert_eq!(period(d(2026, 7, 1)), "2026-H2");
        let done = CheckRecord {
            at: Utc.with_ymd_and_hms(2026, 7, 3, 9, 0, 0).unwrap(),
            by: "李伟 (R07)".into(),
            period: "2026-H2".into(),
            files: 3,
            missing_basic: 1,
            stale: 0,
            review_overdue: 0,
            regrade: 0,
            note: String::new(),
        };
        assert!(check_due(&[], d(2026, 11, 22)));
        assert!(!check_due(std::slice::from_ref(&done), d(2026, 12, 31)));
        assert!(check_due(&[done], d(2027, 1, 1)), "a new half-year");
    }

    #[test]
    fn the_checklist_names_missing_data_stale_files_and_overdue_reviews() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let today = now.date_naive();
        let mut full = Customer {
            id: "full".into(),
            created_at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
            updated_at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
            ..Default::default()
        };
        full.basic.name = "甲".into();
        full.basic.industry = "五金".into();
        full.address.province = "广东".into();
        full.contacts = vec![Contact {
            name: "张三".into(),
            phones: vec!["13800000000".into()],
            ..Default::default()
        }];
        let mut bare = full.clone();
        bare.id = "bare".into();
        bare.contacts.clear();
        bare.basic.industry.clear();
        let mut old = full.clone();
        old.id = "old".into();
        old.created_at = Utc.with_ymd_and_hms(2024, 1, 5, 9, 0, 0).unwrap();
        old.updated_at = old.created_at;
        let mut closed = bare.clone();
        closed.id = "closed".into();
        closed.status = Status::Closed;
        let customers = [full, bare, old, closed];
        let entries: Vec<CatalogueEntry> = customers.iter().map(CatalogueEntry::of).collect();
        let facts: Vec<FileFacts> = entries
            .iter()
            .map(|e| FileFacts::of(e, None, now, |t| t.date_naive()))
            .collect();
        let report = check(&entries, &facts, today);
        assert_eq!(report.files, 3, "closed files are not checked");
        assert_eq!(
            report.missing_basic,
            vec![Finding {
                customer_id: "bare".into(),
                missing: vec![BasicField::Phone, BasicField::Industry, BasicField::Contact],
            }]
        );
        assert_eq!(report.stale, vec!["old".to_owned()]);
        assert_eq!(report.review_overdue, vec!["old".to_owned()]);
        assert_eq!(report.regrade, vec!["old".to_owned()]);
        assert_eq!(entries[2].grade(now), CreditGrade::C);
        let record = report.record("李伟 (R07)", " 已核对 ", now, today);
        assert_eq!(
            (
                record.period.as_str(),
                record.missing_basic,
                record.note.as_str()
            ),
            ("2026-H2", 1, "已核对")
        );
    }
}
