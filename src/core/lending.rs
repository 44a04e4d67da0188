//! The lending register (借阅登记, seed 000 第十二条) and the record of copies (复制):
//! every file that leaves the archive is entered with who borrowed it, what, how many
//! copies, why, who approved it, the day it is due back (at most three days) and the day
//! it came back; an overdue loan goes on the archivist's agenda. Printing a card or
//! exporting files to a spreadsheet or vCard makes a copy, recorded with who and why.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The longest loan the rules allow.
pub const MAX_DAYS: i64 = 3;

/// One loan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loan {
    pub id: String,
    pub borrower: String,
    /// The files lent, by archive number.
    pub files: Vec<String>,
    pub copies: u32,
    pub reason: String,
    /// The archivist who approved it: "name (code)".
    pub approver: String,
    pub lent_on: NaiveDate,
    pub due: NaiveDate,
    #[serde(default)]
    pub returned_on: Option<NaiveDate>,
    pub at: DateTime<Utc>,
}

impl Loan {
    /// Out past its day at `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.returned_on.is_none() && today > self.due
    }
}

/// Why a loan cannot be entered or closed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoanError {
    #[error("name the borrower")]
    NoBorrower,
    #[error("name at least one file")]
    NoFiles,
    #[error("these are not archive numbers here: {0:?}")]
    UnknownFiles(Vec<String>),
    #[error("give the reason")]
    NoReason,
    #[error("at least one copy")]
    NoCopies,
    #[error("due within {MAX_DAYS} days of lending, not before it")]
    Due,
    #[error("already returned")]
    Returned,
}

/// What a loan form holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoanForm {
    pub borrower: String,
    /// Archive numbers, separated by commas, spaces, 、 or new lines.
    pub files: String,
    pub copies: u32,
    pub reason: String,
    pub due: Option<NaiveDate>,
}

/// The loan `form` makes, lent `today` and approved by `approver`; `known` says whether
/// an archive number is a file here.
pub fn lend(
    form: &LoanForm,
    known: impl Fn(&str) -> bool,
    approver: &str,
    id: String,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Loan, LoanError> {
    let borrower = form.borrower.trim();
    if borrower.is_empty() {
        return Err(LoanError::NoBorrower);
    }
    let mut files: Vec<String> = form
        .files
        .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    files.dedup();
    if files.is_empty() {
        return Err(LoanError::NoFiles);
    }
    let unknown: Vec<String> = files.iter().filter(|f| !known(f)).cloned().collect();
    if !unknown.is_empty() {
        return Err(LoanError::UnknownFiles(unknown));
    }
    if form.reason.trim().is_empty() {
        return Err(LoanError::NoReason);
    }
    if form.copies == 0 {
        return Err(LoanError::NoCopies);
    }
    let due = form.due.unwrap_or(today + Duration::days(MAX_DAYS));
    if due < today || due > today + Duration::days(MAX_DAYS) {
        return Err(LoanError::Due);
    }
    Ok(Loan {
        id,
        borrower: borrower.to_owned(),
        files,
        copies: form.copies,
        reason: form.reason.trim().to_owned(),
        approver: approver.to_owned(),
        lent_on: today,
        due,
        returned_on: None,
        at: now,
    })
}

/// Records the loan's return on `on`.
pub fn give_back(loan: &mut Loan, on: NaiveDate) -> Result<(), LoanError> {
    if loan.returned_on.is_some() {
        return Err(LoanError::Returned);
    }
    loan.returned_on = Some(on.max(loan.lent_on));
    Ok(())
}

/// The loans out past their day at `today`, the longest overdue first.
pub fn overdue(loans: &[Loan], today: NaiveDate) -> Vec<&Loan> {
    let mut out: Vec<&Loan> = loans.iter().filter(|l| l.overdue(today)).collect();
    out.sort_by_key(|l| l.due);
    out
}

/// What kind of copy was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CopyKind {
    /// A printed customer data card or address card.
    Card,
    /// Files, visits or complaints exported to a spreadsheet.
    Spreadsheet,
    /// Contacts exported as vCard.
    VCard,
}

/// One copy made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyMade {
    pub id: String,
    pub kind: CopyKind,
    /// The archive numbers copied (for a list, how many in `count` and the first few).
    pub files: Vec<String>,
    pub count: usize,
    pub by: String,
    pub why: String,
    pub at: DateTime<Utc>,
}

/// The most archive numbers a copy's entry lists; `count` says how many there were.
pub const LISTED: usize = 20;

/// The entry for a copy of `files` of `kind` by `by` for `why`.
pub fn copy_made(
    kind: CopyKind,
    files: &[String],
    by: &str,
    why: &str,
    id: String,
    now: DateTime<Utc>,
) -> Result<CopyMade, LoanError> {
    if why.trim().is_empty() {
        return Err(LoanError::NoReason);
    }
    Ok(CopyMade {
        id,
        kind,
        files: files.iter().take(LISTED).cloned().collect(),
        count: files.len(),
        by: by.to_owned(),
        why: why.trim().to_owned(),
        at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_000_000, 0).unwrap()
    }

    fn form(files: &str, due: Option<NaiveDate>) -> LoanForm {
        LoanForm {
            borrower: "财务部 刘洋".into(),
            files: files.into(),
            copies: 1,
            reason: "核对应收账款".into(),
            due,
        }
    }

    fn known(no: &str) -> bool {
        no.starts_with("R07-")
    }

    #[test]
    fn a_loan_is_due_within_three_days_and_goes_overdue_after() {
        let loan = lend(
            &form("R07-2026-00001、R07-2026-00002", None),
            known,
            "王静 (HQ)",
            "l1".into(),
            now(),
            day(7),
        )
        .unwrap();
        assert_eq!(loan.files, ["R07-2026-00001", "R07-2026-00002"]);
        assert_eq!(loan.due, day(10), "three days unless told");
        assert!(!loan.overdue(day(10)));
        assert!(loan.overdue(day(11)));
        let loans = vec![loan.clone()];
        assert_eq!(overdue(&loans, day(11)).len(), 1);
        let mut back = loan;
        give_back(&mut back, day(11)).unwrap();
        assert!(!back.overdue(day(20)), "returned late, no longer out");
        assert_eq!(give_back(&mut back, day(12)), Err(LoanError::Returned));
    }

    #[test]
    fn a_loan_needs_its_borrower_files_reason_copies_and_a_due_day_the_rules_allow() {
        let make = |f: LoanForm| lend(&f, known, "王静 (HQ)", "l".into(), now(), day(7));
        assert_eq!(
            make(LoanForm {
                borrower: " ".into(),
                ..form("R07-1", None)
            }),
            Err(LoanError::NoBorrower)
        );
        assert_eq!(make(form(" ,、 ", None)), Err(LoanError::NoFiles));
        assert_eq!(
            make(form("R07-1 X-9", None)),
            Err(LoanError::UnknownFiles(vec!["X-9".into()]))
        );
        assert_eq!(
            make(LoanForm {
                reason: "".into(),
                ..form("R07-1", None)
            }),
            Err(LoanError::NoReason)
        );
        assert_eq!(
            make(LoanForm {
                copies: 0,
                ..form("R07-1", None)
            }),
            Err(LoanError::NoCopies)
        );
        assert_eq!(
            make(form("R07-1", Some(day(11)))),
            Err(LoanError::Due),
            "four days"
        );
        assert_eq!(
            make(form("R07-1", Some(day(6)))),
            Err(LoanError::Due),
            "before lending"
        );
        assert_eq!(
            make(form("R07-1", Some(day(7)))).unwrap().due,
            day(7),
            "back the same day"
        );
    }

    #[test]
    fn a_copy_says_who_and_why_and_lists_a_long_list_in_part() {
        let files: Vec<String> = (0..50).map(|i| format!("R07-2026-{i:05}")).collect();
        assert_eq!(
            copy_made(
                CopyKind::Spreadsheet,
                &files,
                "王静 (HQ)",
                " ",
                "c".into(),
                now()
            ),
            Err(LoanError::NoReason)
        );
        let c = copy_made(
            CopyKind::Spreadsheet,
            &files,
            "王静 (HQ)",
            "季度报表",
            "c".into(),
            now(),
        )
        .unwrap();
        assert_eq!((c.files.len(), c.count), (LISTED, 50));
    }
}
