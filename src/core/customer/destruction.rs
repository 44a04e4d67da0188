//! Destroying a closed file (销毁) once its retention period is over: everything of it is
//! erased, and a destruction record (销毁记录: archive number, time, method, who, approver)
//! is all that remains. Files are "never just thrown away": only a closed file past
//! retention can be destroyed, and only with a named approver.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::model::{Customer, CustomerId, Status};

/// How long a closed file is kept before it may be destroyed.
pub const RETENTION_MONTHS: u32 = 24;

/// How the content was destroyed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    /// Every record of the file was deleted.
    Erased,
    /// A confidential file: every record deleted; it was stored only sealed, so what
    /// the browser's storage may keep on disk until compaction is ciphertext.
    ErasedSealed,
}

/// What remains of a destroyed file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestructionRecord {
    pub customer_id: CustomerId,
    pub archive_no: String,
    pub at: DateTime<Utc>,
    pub method: Method,
    /// Who destroyed it, as "name (rep code)".
    pub by: String,
    pub approver: String,
    /// When the account was closed.
    #[serde(default)]
    pub closed_on: Option<NaiveDate>,
}

/// Why a file cannot be destroyed.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize,
)]
pub enum Refusal {
    #[error("only a closed file can be destroyed")]
    NotClosed,
    #[error("the retention period runs until {0}")]
    Retained(NaiveDate),
    #[error("name who approved the destruction")]
    NoApprover,
}

/// The first day a closed file may be destroyed.
pub fn retained_until(closed_on: NaiveDate) -> NaiveDate {
    closed_on
        .checked_add_months(Months::new(RETENTION_MONTHS))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether the rules allow destroying `c` on `today` with `approver`: the day it was
/// closed if so. Every receiver of a destruction checks it again against its own copy.
pub fn allowed(c: &Customer, approver: &str, today: NaiveDate) -> Result<NaiveDate, Refusal> {
    if c.status != Status::Closed {
        return Err(Refusal::NotClosed);
    }
    // A file closed before closures were recorded: its last change stands for the date.
    let closed_on = c
        .closure
        .as_ref()
        .map_or(c.updated_at.date_naive(), |k| k.date);
    let until = retained_until(closed_on);
    if today < until {
        return Err(Refusal::Retained(until));
    }
    if approver.trim().is_empty() {
        return Err(Refusal::NoApprover);
    }
    Ok(closed_on)
}

/// The destruction record for `c`, if the rules allow destroying it at `now` (`today`
/// is the rep's date).
pub fn destroy(
    c: &Customer,
    approver: &str,
    by: &str,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<DestructionRecord, Refusal> {
    let closed_on = allowed(c, approver, today)?;
    Ok(DestructionRecord {
        customer_id: c.id.clone(),
        archive_no: c.archive_no.clone(),
        at: now,
        method: if c.secret.is_sealed() {
            Method::ErasedSealed
        } else {
            Method::Erased
        },
        by: by.to_owned(),
        approver: approver.trim().to_owned(),
        closed_on: Some(closed_on),
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::core::customer::model::{Closure, SecretLevel};

    fn closed(on: NaiveDate) -> Customer {
        Customer {
            id: "c1".into(),
            archive_no: "R07-2020-0001".into(),
            status: Status::Closed,
            secret: SecretLevel::Confidential,
            closure: Some(Closure {
                date: on,
                reason: "停业".into(),
                by: "李业务 (R07)".into(),
            }),
            ..Default::default()
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn only_a_closed_file_past_retention_with_an_approver_is_destroyed() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap();
        let today = d(2026, 11, 22);
        let mut open = closed(d(2020, 1, 1));
        open.status = Status::Active;
        assert_eq!(
            destroy(&open, "王经理", "李", now, today),
            Err(Refusal::NotClosed)
        );
        assert_eq!(
            destroy(&closed(d(2024, 11, 23)), "王经理", "李", now, today),
            Err(Refusal::Retained(d(2026, 11, 23)))
        );
        assert_eq!(
            destroy(&closed(d(2024, 11, 22)), "  ", "李", now, today),
            Err(Refusal::NoApprover)
        );
        let record = destroy(
            &closed(d(2024, 11, 22)),
            " 王经理 ",
            "李业务 (R07)",
            now,
            today,
        )
        .unwrap();
        assert_eq!(record.archive_no, "R07-2020-0001");
        assert_eq!(record.approver, "王经理");
        assert_eq!(record.method, Method::ErasedSealed);
        assert_eq!(record.closed_on, Some(d(2024, 11, 22)));
    }
}
