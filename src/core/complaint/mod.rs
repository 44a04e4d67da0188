//! The complaint register (客户投诉登记表 / 投诉记录卡): each complaint with its acceptance
//! number, the decision (accepted with a promised deadline, or rejected with the
//! reason), handling, result and the customer's satisfaction, open until closed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::core::customer::model::CustomerId;
use crate::core::customer::validate::{Field, FieldError, Problem};

/// One complaint. It is a working record, saved as it is edited, until closed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Complaint {
    pub id: String,
    /// 受理编号, e.g. `R07-2026-T0003`, unique like archive numbers.
    pub acceptance_no: String,
    pub customer_id: CustomerId,
    pub received_on: Option<NaiveDate>,
    pub kind: ComplaintKind,
    pub description: String,
    /// What the customer asks for.
    pub demand: String,
    pub decision: Decision,
    /// The promised deadline when accepted.
    pub deadline: Option<NaiveDate>,
    /// Why, when rejected.
    pub rejection_reason: String,
    pub handling: String,
    pub result: String,
    pub satisfaction: Option<u8>,
    pub department: String,
    pub status: ComplaintStatus,
    pub closed_on: Option<NaiveDate>,
    pub by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintKind {
    #[default]
    Product,
    Service,
    Other,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    #[default]
    Pending,
    Accepted,
    Rejected,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComplaintStatus {
    #[default]
    Open,
    Closed,
}

/// `R07-2026-T0003`: rep code, year, and the rep's complaint sequence for that year.
pub fn acceptance_no(rep_code: &str, year: i32, seq: u32) -> String {
    format!("{rep_code}-{year}-T{seq:04}")
}

/// The meta key under which a device keeps the last complaint sequence of `year`.
pub fn sequence_key(rep_code: &str, year: i32) -> String {
    format!("complaint_seq:{rep_code}:{year}")
}

impl Complaint {
    /// Accepted, still open, and past the promised deadline at `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ComplaintStatus::Open
            && self.decision == Decision::Accepted
            && self.deadline.is_some_and(|d| d < today)
    }
}

/// What is missing or wrong; closing needs none of it.
pub fn check(c: &Complaint, today: NaiveDate, closing: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut add = |field, problem| errors.push(FieldError { field, problem });
    match c.received_on {
        None => add(Field::ComplaintReceived, Problem::Required),
        Some(d) if d > today => add(Field::ComplaintReceived, Problem::DateInFuture),
        _ => {}
    }
    if c.description.trim().is_empty() {
        add(Field::ComplaintDescription, Problem::Required);
    }
    match c.decision {
        Decision::Accepted if c.deadline.is_none() => {
            add(Field::ComplaintDeadline, Problem::Required)
        }
        Decision::Rejected if c.rejection_reason.trim().is_empty() => {
            add(Field::ComplaintRejection, Problem::Required)
        }
        Decision::Pending if closing => add(Field::ComplaintDecision, Problem::Required),
        _ => {}
    }
    if closing && c.decision == Decision::Accepted && c.result.trim().is_empty() {
        add(Field::ComplaintResult, Problem::Required);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn complaint() -> Complaint {
        Complaint {
            received_on: Some(day(2)),
            description: "包装破损".into(),
            ..Default::default()
        }
    }

    fn problems(c: &Complaint, closing: bool) -> Vec<(Field, Problem)> {
        check(c, day(22), closing)
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn numbers_read_as_registers_show_them() {
        assert_eq!(acceptance_no("R07", 2026, 3), "R07-2026-T0003");
    }

    #[test]
    fn a_decision_needs_its_deadline_or_its_reason_and_closing_needs_a_result() {
        assert!(problems(&complaint(), false).is_empty());
        assert_eq!(
            problems(&complaint(), true),
            vec![(Field::ComplaintDecision, Problem::Required)]
        );
        let accepted = Complaint {
            decision: Decision::Accepted,
            ..complaint()
        };
        assert_eq!(
            problems(&accepted, false),
            vec![(Field::ComplaintDeadline, Problem::Required)]
        );
        let promised = Complaint {
            deadline: Some(day(30)),
            ..accepted
        };
        assert_eq!(
            problems(&promised, true),
            vec![(Field::ComplaintResult, Problem::Required)]
        );
        let rejected = Complaint {
            decision: Decision::Rejected,
            ..complaint()
        };
        assert_eq!(
            problems(&rejected, true),
            vec![(Field::ComplaintRejection, Problem::Required)]
        );
    }

    #[test]
    fn only_open_accepted_complaints_past_their_deadline_are_overdue() {
        let c = Complaint {
            decision: Decision::Accepted,
            deadline: Some(day(20)),
            ..complaint()
        };
        assert!(c.is_overdue(day(21)));
        assert!(
            !c.is_overdue(day(20)),
            "the deadline day itself is not late"
        );
        assert!(
            !Complaint {
                status: ComplaintStatus::Closed,
                ..c.clone()
            }
            .is_overdue(day(21))
        );
        assert!(
            !Complaint {
                decision: Decision::Rejected,
                ..c
            }
            .is_overdue(day(21))
        );
    }
}
