//! The complaint register (客户投诉登记表 / 投诉记录卡): each complaint with its acceptance
//! number, the decision (accepted with a promised deadline, or rejected with the
//! reason), handling, result and the customer's satisfaction, open until closed.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::core::customer::model::CustomerId;
use crate::core::customer::money::{Money, MoneyError};
use crate::core::customer::validate::{Field, FieldError, Problem};

pub mod forms;
pub mod statistics;

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
    /// 责任部门 / 问题发生部门: the department responsible.
    pub department: String,
    pub status: ComplaintStatus,
    pub closed_on: Option<NaiveDate>,
    pub by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// 投诉方式: how the complaint came in.
    pub channel: Option<Channel>,
    /// 处理紧急程度.
    pub urgency: Urgency,
    /// 所购商品, 数量, 规格: what the customer bought, as typed.
    pub product: String,
    pub quantity: String,
    pub spec: String,
    /// 订单编号, 订购日期 (购货日期), 生产日期.
    pub order_no: String,
    pub ordered_on: Option<NaiveDate>,
    pub produced_on: Option<NaiveDate>,
    /// The investigation: 发生原因, 调查判定 (the finding), 改进对策 (the measures).
    pub cause: String,
    pub judgement: String,
    pub measures: String,
    /// 承办人: who handles it.
    pub handler: String,
    /// 处理方式 of the statistics: return, exchange, discount or repair.
    pub handling_kind: Option<HandlingKind>,
    /// 损失金额, as typed (`1,200`, `1.2万`); checked as an amount.
    pub loss: String,
    /// 实际处理期限 / 处理时间: when it was handled.
    pub handled_on: Option<NaiveDate>,
    /// Every change, with who made it and why (oldest first).
    pub history: Vec<ComplaintChange>,
}

/// 投诉方式 (seed 001's 投诉处理报告表: 信件, 传真, 电话, 其他; and in person).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    Letter,
    Fax,
    Phone,
    Visit,
    Other,
}

pub const CHANNELS: [Channel; 5] = [
    Channel::Letter,
    Channel::Fax,
    Channel::Phone,
    Channel::Visit,
    Channel::Other,
];

/// 处理紧急程度: 特急, 急, 一般.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Urgency {
    VeryUrgent,
    Urgent,
    #[default]
    Normal,
}

pub const URGENCIES: [Urgency; 3] = [Urgency::VeryUrgent, Urgency::Urgent, Urgency::Normal];

/// 处理方式 of the 客户投诉统计表: 退货, 换货, 折扣, 维修.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HandlingKind {
    Return,
    Exchange,
    Discount,
    Repair,
}

pub const HANDLING_KINDS: [HandlingKind; 4] = [
    HandlingKind::Return,
    HandlingKind::Exchange,
    HandlingKind::Discount,
    HandlingKind::Repair,
];

/// One entry of a complaint's history: when, who, and what changed and why.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ComplaintChange {
    pub at: DateTime<Utc>,
    /// The person, as "name (rep code)".
    pub by: String,
    pub change: Change,
}

/// What a change was. Stored as data, shown in the reader's language.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Change {
    Registered,
    /// Accepted with its promised deadline.
    Accepted {
        deadline: Option<NaiveDate>,
    },
    /// Rejected, with the reason (the why).
    Rejected {
        reason: String,
    },
    /// Back to no decision.
    Undecided,
    /// Fields edited (their names, as [`Part`]s), in one sitting.
    Edited {
        parts: Vec<Part>,
    },
    Closed,
}

/// The parts of a complaint an edit can touch, as the history names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Part {
    Received,
    Kind,
    Channel,
    Urgency,
    Description,
    Demand,
    Purchase,
    Department,
    Investigation,
    Handling,
    Result,
    Satisfaction,
}

/// Edits by one person within this long are one history entry.
pub const ONE_SITTING_MINUTES: i64 = 30;

/// The parts in which `before` and `after` differ (the decision and the status are
/// changes of their own).
pub fn parts_changed(before: &Complaint, after: &Complaint) -> Vec<Part> {
    let checks: [(Part, bool); 12] = [
        (Part::Received, before.received_on != after.received_on),
        (Part::Kind, before.kind != after.kind),
        (Part::Channel, before.channel != after.channel),
        (Part::Urgency, before.urgency != after.urgency),
        (Part::Description, before.description != after.description),
        (Part::Demand, before.demand != after.demand),
        (
            Part::Purchase,
            (
                &before.product,
                &before.quantity,
                &before.spec,
                &before.order_no,
            ) != (
                &after.product,
                &after.quantity,
                &after.spec,
                &after.order_no,
            ) || (before.ordered_on, before.produced_on) != (after.ordered_on, after.produced_on),
        ),
        (Part::Department, before.department != after.department),
        (
            Part::Investigation,
            (&before.cause, &before.judgement, &before.measures)
                != (&after.cause, &after.judgement, &after.measures),
        ),
        (
            Part::Handling,
            (&before.handling, &before.handler, &before.loss)
                != (&after.handling, &after.handler, &after.loss)
                || before.handling_kind != after.handling_kind
                || before.handled_on != after.handled_on,
        ),
        (Part::Result, before.result != after.result),
        (
            Part::Satisfaction,
            before.satisfaction != after.satisfaction,
        ),
    ];
    checks
        .into_iter()
        .filter(|(_, c)| *c)
        .map(|(p, _)| p)
        .collect()
}

/// Writes into `after`'s history what changed since `before`, by `by` at `at`: a new
/// decision (with its deadline or its reason), a close, and the parts edited, which
/// join the last entry when it is the same person's edit within one sitting.
pub fn record_changes(before: &Complaint, after: &mut Complaint, by: &str, at: DateTime<Utc>) {
    let push = |history: &mut Vec<ComplaintChange>, change| {
        history.push(ComplaintChange {
            at,
            by: by.to_owned(),
            change,
        })
    };
    let parts = parts_changed(before, after);
    if !parts.is_empty() {
        let joins = after.history.last_mut().filter(|last| {
            last.by == by
                && matches!(last.change, Change::Edited { .. })
                && at - last.at <= chrono::Duration::minutes(ONE_SITTING_MINUTES)
        });
        match joins {
            Some(last) => {
                if let Change::Edited { parts: known } = &mut last.change {
                    known.extend(parts);
                    known.sort();
                    known.dedup();
                }
                last.at = at;
            }
            None => push(&mut after.history, Change::Edited { parts }),
        }
    }
    // The decision as it stands once typed: a reason or deadline still being typed
    // updates the entry that made the decision, when it is the last.
    let decision = match after.decision {
        Decision::Accepted => Change::Accepted {
            deadline: after.deadline,
        },
        Decision::Rejected => Change::Rejected {
            reason: after.rejection_reason.clone(),
        },
        Decision::Pending => Change::Undecided,
    };
    let decided_anew = before.decision != after.decision;
    let detail_changed =
        before.deadline != after.deadline || before.rejection_reason != after.rejection_reason;
    if decided_anew {
        push(&mut after.history, decision);
    } else if detail_changed && after.decision != Decision::Pending {
        match after
            .history
            .iter_mut()
            .rev()
            .find(|e| matches!(e.change, Change::Accepted { .. } | Change::Rejected { .. }))
        {
            Some(last) if last.by == by => {
                last.change = decision;
                last.at = at;
            }
            _ => push(&mut after.history, decision),
        }
    }
    if before.status != after.status && after.status == ComplaintStatus::Closed {
        push(&mut after.history, Change::Closed);
    }
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
    if let Err(e) = Money::parse(&c.loss) {
        let problem = match e {
            MoneyError::NotANumber => Problem::NotANumber,
            MoneyError::Negative => Problem::Negative,
            MoneyError::TooLarge => Problem::TooLarge,
        };
        add(Field::ComplaintLoss, problem);
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
    fn a_loss_must_read_as_an_amount() {
        let with = |loss: &str| Complaint {
            loss: loss.into(),
            ..complaint()
        };
        assert!(problems(&with("1,200.50"), false).is_empty());
        assert!(problems(&with("0.5万"), false).is_empty());
        assert_eq!(
            problems(&with("about 300"), false),
            vec![(Field::ComplaintLoss, Problem::NotANumber)]
        );
        assert_eq!(
            problems(&with("-20"), false),
            vec![(Field::ComplaintLoss, Problem::Negative)]
        );
    }

    fn at(minute: u32) -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 22, 9, minute, 0).unwrap()
    }

    const LI: &str = "Li Wei (R07)";
    const WANG: &str = "Wang Jing (HQ)";

    /// `before` changed by `edit`, its history recorded by `by` at `minute`.
    fn changed(
        before: &Complaint,
        by: &str,
        minute: u32,
        edit: impl Fn(&mut Complaint),
    ) -> Complaint {
        let mut after = before.clone();
        edit(&mut after);
        record_changes(before, &mut after, by, at(minute));
        after
    }

    fn changes(c: &Complaint) -> Vec<(&str, Change)> {
        c.history
            .iter()
            .map(|e| (e.by.as_str(), e.change.clone()))
            .collect()
    }

    #[test]
    fn edits_in_one_sitting_are_one_entry_naming_every_part_touched() {
        let c = complaint();
        // Li types the description, then the cause, within half an hour: one entry.
        let c = changed(&c, LI, 0, |c| c.description.push_str("，三箱"));
        let c = changed(&c, LI, 10, |c| c.cause = "运输途中挤压".into());
        let c = changed(&c, LI, 29, |c| c.cause.push('。'));
        assert_eq!(
            changes(&c),
            [(
                LI,
                Change::Edited {
                    parts: vec![Part::Description, Part::Investigation]
                }
            )]
        );
        assert_eq!(
            c.history[0].at,
            at(29),
            "the entry is dated by its last edit"
        );
        // Another person, or the same one after a pause, makes a new entry.
        let c = changed(&c, WANG, 30, |c| c.loss = "1200".into());
        let c = changed(&c, LI, 30, |c| c.urgency = Urgency::Urgent);
        let c = changed(&c, LI, 59, |c| c.urgency = Urgency::VeryUrgent);
        assert_eq!(c.history.len(), 3);
        assert_eq!(
            changes(&c)[1],
            (
                WANG,
                Change::Edited {
                    parts: vec![Part::Handling]
                }
            )
        );
        assert_eq!(
            changes(&c)[2],
            (
                LI,
                Change::Edited {
                    parts: vec![Part::Urgency]
                }
            )
        );
        // Nothing changed, nothing recorded.
        assert_eq!(changed(&c, LI, 59, |_| {}).history, c.history);
    }

    #[test]
    fn a_decision_is_recorded_with_its_deadline_or_its_reason_and_a_close_after_it() {
        let c = complaint();
        // Accepted, then its deadline typed: one entry, with the deadline.
        let c = changed(&c, WANG, 0, |c| c.decision = Decision::Accepted);
        let c = changed(&c, WANG, 1, |c| c.deadline = Some(day(30)));
        assert_eq!(
            changes(&c),
            [(
                WANG,
                Change::Accepted {
                    deadline: Some(day(30))
                }
            )]
        );
        // Rejected instead, with the reason typed after: a second entry, the why in it.
        let c = changed(&c, WANG, 5, |c| c.decision = Decision::Rejected);
        let c = changed(&c, WANG, 6, |c| c.rejection_reason = "超过保修期".into());
        assert_eq!(
            changes(&c)[1],
            (
                WANG,
                Change::Rejected {
                    reason: "超过保修期".into()
                }
            )
        );
        // Someone else amending the reason adds an entry of their own.
        let c = changed(&c, LI, 7, |c| c.rejection_reason = "超过保修期两年".into());
        assert_eq!(
            changes(&c)[2],
            (
                LI,
                Change::Rejected {
                    reason: "超过保修期两年".into()
                }
            )
        );
        // Closed: the last entry.
        let c = changed(&c, WANG, 8, |c| {
            c.status = ComplaintStatus::Closed;
            c.closed_on = Some(day(22));
        });
        assert_eq!(changes(&c).last(), Some(&(WANG, Change::Closed)));
        assert_eq!(c.history.len(), 4);
    }

    #[test]
    fn old_complaints_read_with_the_new_fields_empty() {
        // A complaint as an earlier Dossier stored it, before channel, urgency and the rest.
        let old = r#"{"id":"t1","acceptance_no":"R07-2026-T0001","customer_id":"c1","received_on":"2026-11-02","kind":"Service","description":"态度差","decision":"Pending","status":"Open","by":"Li Wei","created_at":"2026-11-02T01:00:00Z","updated_at":"2026-11-02T01:00:00Z"}"#;
        let c: Complaint = serde_json::from_str(old).unwrap();
        assert_eq!(c.kind, ComplaintKind::Service);
        assert_eq!(
            (c.channel, c.urgency, c.handling_kind),
            (None, Urgency::Normal, None)
        );
        assert!(c.history.is_empty() && c.loss.is_empty());
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
