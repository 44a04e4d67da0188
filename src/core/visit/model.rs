//! A visit-call record. While being filled it is a draft, stored as it is typed; once
//! submitted it is final.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::customer::model::CustomerId;

/// One visit (or call) to one customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Visit {
    pub id: String,
    pub customer_id: CustomerId,
    pub status: VisitStatus,
    /// When the visit took place, in the rep's local time.
    pub at: Option<NaiveDateTime>,
    pub method: VisitMethod,
    /// Who took part at the customer (contacts) and from our side.
    pub participants: String,
    pub colleagues: String,
    pub purpose: String,
    pub summary: String,
    pub needs_feedback: String,
    pub competitors: String,
    pub opportunity: String,
    /// The order or opportunity amount as typed (`50万`); checked at submission.
    pub amount: String,
    pub currency: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub satisfaction: Option<u8>,
    /// The 大客户意见调查表 taken on this visit: a level for each item rated.
    pub survey: super::survey::Survey,
    pub follow_ups: Vec<FollowUp>,
    pub next_visit: Option<NaiveDate>,
    /// Who recorded it.
    pub by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Corrections added after submission; the original above them never changes.
    pub amendments: Vec<Amendment>,
}

/// A correction or addition to a submitted visit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Amendment {
    pub at: DateTime<Utc>,
    pub by: String,
    pub text: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitStatus {
    #[default]
    Draft,
    Submitted,
}

/// The collection methods of the regulations (收集方法).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitMethod {
    #[default]
    PersonalVisit,
    Phone,
    Mail,
    OnSiteObservation,
    FocusGroup,
}

impl VisitMethod {
    pub const ALL: [VisitMethod; 5] = [
        VisitMethod::PersonalVisit,
        VisitMethod::Phone,
        VisitMethod::Mail,
        VisitMethod::OnSiteObservation,
        VisitMethod::FocusGroup,
    ];
}

/// Something to do after the visit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FollowUp {
    pub action: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// When it was marked done: the one change a submitted visit still takes.
    pub done_at: Option<DateTime<Utc>>,
}
