//! Viewing requests (调阅申请) at head office: someone below department head asks to
//! open a 机密 or 绝密 file, for a purpose and a period; the customer-service manager
//! approves or declines; the approval holds for the period and then expires (seed 000
//! 第十一条, seed 002, seed 003).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Action, Actor, Gate, Person, may};

/// The longest period one request may ask for: a working week and a weekend.
pub const MAX_DAYS: i64 = 7;

/// One request and what was decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewingRequest {
    pub id: String,
    pub file: String,
    pub archive_no: String,
    /// Who asks: the person's id, and "name (code)".
    pub person: String,
    pub by: String,
    pub purpose: String,
    /// The days it is asked for, inclusive (local dates).
    pub from: NaiveDate,
    pub until: NaiveDate,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub decision: Option<Verdict>,
}

/// The customer-service manager's decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub approved: bool,
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub reason: String,
}

/// Why a request cannot be made or decided.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ViewingError {
    #[error("say what the viewing is for")]
    NoPurpose,
    #[error("the period ends before it starts, or starts in the past")]
    Period,
    #[error("a viewing request covers at most {MAX_DAYS} days")]
    TooLong,
    #[error("a request for this file is already waiting or approved")]
    Waiting,
    #[error("already decided")]
    Decided,
    #[error("someone else approves your own request")]
    Own,
    #[error("a decline needs a reason")]
    NoReason,
    #[error("not allowed: {0:?}")]
    NotAllowed(Gate),
}

/// Where a person stands with a file that needs a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Access {
    /// A department head, a rep on its own laptop, a laptop alone: no request needed.
    Free,
    /// An approved request covers today.
    Approved(ViewingRequest),
    /// A request waits for the customer-service manager.
    Waiting(ViewingRequest),
    /// None yet, or the last one declined or expired (`last`).
    Ask { last: Option<ViewingRequest> },
}

/// Whether the approval of `r` covers `today`.
pub fn covers(r: &ViewingRequest, today: NaiveDate) -> bool {
    r.decision.as_ref().is_some_and(|d| d.approved) && r.from <= today && today <= r.until
}

/// Where `actor` stands with file `file` at `today`, given the requests held.
pub fn access(actor: &Actor, file: &str, held: &[ViewingRequest], today: NaiveDate) -> Access {
    let Actor::Office(person) = actor else {
        return Access::Free;
    };
    if may(actor, Action::ViewWithoutRequest).is_ok() {
        return Access::Free;
    }
    let mine = || {
        held.iter()
            .filter(move |r| r.file == file && r.person == person.id)
    };
    if let Some(r) = mine().find(|r| covers(r, today)) {
        return Access::Approved(r.clone());
    }
    if let Some(r) = mine().find(|r| r.decision.is_none() && r.until >= today) {
        return Access::Waiting(r.clone());
    }
    Access::Ask {
        last: mine().max_by_key(|r| r.at).cloned(),
    }
}

/// A request by `person` (signing "name (code)" with `code`) to view `file`.
#[allow(clippy::too_many_arguments)]
pub fn request(
    held: &[ViewingRequest],
    person: &Person,
    code: &str,
    (file, archive_no): (&str, &str),
    purpose: &str,
    (from, until): (NaiveDate, NaiveDate),
    id: String,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<ViewingRequest, ViewingError> {
    let purpose = purpose.trim();
    if purpose.is_empty() {
        return Err(ViewingError::NoPurpose);
    }
    if until < from || from < today {
        return Err(ViewingError::Period);
    }
    if until - from >= Duration::days(MAX_DAYS) {
        return Err(ViewingError::TooLong);
    }
    let open = held.iter().any(|r| {
        r.file == file
            && r.person == person.id
            && r.until >= today
            && r.decision.as_ref().is_none_or(|d| d.approved)
    });
    if open {
        return Err(ViewingError::Waiting);
    }
    Ok(ViewingRequest {
        id,
        file: file.to_owned(),
        archive_no: archive_no.to_owned(),
        person: person.id.clone(),
        by: person.signature(code),
        purpose: purpose.chars().take(500).collect(),
        from,
        until,
        at: now,
        decision: None,
    })
}

/// `r` decided by `actor` (signing `by`) at `now`: only the customer-service manager,
/// never on their own request; a decline says why.
pub fn decide(
    r: &mut ViewingRequest,
    actor: &Actor,
    by: &str,
    approve: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ViewingError> {
    may(actor, Action::ApproveViewing).map_err(ViewingError::NotAllowed)?;
    if r.decision.is_some() {
        return Err(ViewingError::Decided);
    }
    if actor.person().is_some_and(|p| p.id == r.person) {
        return Err(ViewingError::Own);
    }
    if !approve && reason.trim().is_empty() {
        return Err(ViewingError::NoReason);
    }
    r.decision = Some(Verdict {
        approved: approve,
        by: by.to_owned(),
        at: now,
        reason: reason.trim().to_owned(),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::people::Role;

    fn person(id: &str, roles: &[Role]) -> Person {
        Person {
            id: id.into(),
            name: id.to_uppercase(),
            roles: roles.to_vec(),
            disabled: false,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_796_000_000, 0).unwrap()
    }

    #[test]
    fn a_request_is_approved_by_the_service_manager_and_expires_after_its_period() {
        let clerk = person("zhao", &[Role::SalesManager]);
        let csm = Actor::Office(person("chen", &[Role::ServiceManager]));
        let me = Actor::Office(clerk.clone());
        assert_eq!(access(&me, "f1", &[], day(7)), Access::Ask { last: None });
        let mut r = request(
            &[],
            &clerk,
            "HQ",
            ("f1", "R07-1"),
            "核对合同",
            (day(7), day(9)),
            "v1".into(),
            now(),
            day(7),
        )
        .unwrap();
        assert_eq!(r.by, "ZHAO (HQ)");
        let held = vec![r.clone()];
        assert!(matches!(
            access(&me, "f1", &held, day(7)),
            Access::Waiting(_)
        ));
        assert_eq!(
            request(
                &held,
                &clerk,
                "HQ",
                ("f1", "R07-1"),
                "again",
                (day(7), day(8)),
                "v2".into(),
                now(),
                day(7)
            ),
            Err(ViewingError::Waiting)
        );
        // The archivist (or anyone but the service manager) may not approve.
        let archivist = Actor::Office(person("wang", &[Role::Archivist]));
        assert_eq!(
            decide(&mut r, &archivist, "WANG (HQ)", true, "", now()),
            Err(ViewingError::NotAllowed(Gate::OnlyRole(
                Role::ServiceManager
            )))
        );
        decide(&mut r, &csm, "CHEN (HQ)", true, "", now()).unwrap();
        assert_eq!(
            decide(&mut r, &csm, "CHEN (HQ)", false, "x", now()),
            Err(ViewingError::Decided)
        );
        let held = vec![r];
        for d in [7, 8, 9] {
            assert!(
                matches!(access(&me, "f1", &held, day(d)), Access::Approved(_)),
                "day {d}"
            );
        }
        // The day after the period, it is over; another file never was covered.
        assert!(matches!(
            access(&me, "f1", &held, day(10)),
            Access::Ask { last: Some(_) }
        ));
        assert!(matches!(
            access(&me, "f2", &held, day(8)),
            Access::Ask { last: None }
        ));
        // After expiry a new request can be made.
        assert!(
            request(
                &held,
                &clerk,
                "HQ",
                ("f1", "R07-1"),
                "复核",
                (day(10), day(10)),
                "v3".into(),
                now(),
                day(10)
            )
            .is_ok()
        );
    }

    #[test]
    fn department_heads_and_reps_need_no_request_and_nobody_approves_their_own() {
        let head = Actor::Office(person("li", &[Role::DepartmentHead]));
        assert_eq!(access(&head, "f1", &[], day(7)), Access::Free);
        assert_eq!(access(&Actor::Rep, "f1", &[], day(7)), Access::Free);
        assert_eq!(access(&Actor::Alone, "f1", &[], day(7)), Access::Free);
        let csm_person = person("chen", &[Role::ServiceManager]);
        let csm = Actor::Office(csm_person.clone());
        let mut own = request(
            &[],
            &csm_person,
            "HQ",
            ("f1", "R07-1"),
            "看",
            (day(7), day(7)),
            "v".into(),
            now(),
            day(7),
        )
        .unwrap();
        assert_eq!(
            decide(&mut own, &csm, "CHEN (HQ)", true, "", now()),
            Err(ViewingError::Own)
        );
    }

    #[test]
    fn a_request_needs_a_purpose_and_a_short_period_not_in_the_past() {
        let clerk = person("zhao", &[Role::SalesManager]);
        let make = |purpose: &str, from: u32, until: u32| {
            request(
                &[],
                &clerk,
                "HQ",
                ("f1", "R07-1"),
                purpose,
                (day(from), day(until)),
                "v".into(),
                now(),
                day(7),
            )
        };
        assert_eq!(make(" ", 7, 8), Err(ViewingError::NoPurpose));
        assert_eq!(make("x", 8, 7), Err(ViewingError::Period));
        assert_eq!(make("x", 6, 7), Err(ViewingError::Period));
        assert_eq!(make("x", 7, 14), Err(ViewingError::TooLong));
        assert!(make("x", 7, 13).is_ok());
        let mut r = make("x", 7, 7).unwrap();
        let csm = Actor::Office(person("chen", &[Role::ServiceManager]));
        assert_eq!(
            decide(&mut r, &csm, "CHEN (HQ)", false, " ", now()),
            Err(ViewingError::NoReason)
        );
        decide(&mut r, &csm, "CHEN (HQ)", false, "与客户无关", now()).unwrap();
        // A declined request leaves the way open to ask again.
        assert!(matches!(
            access(&Actor::Office(clerk.clone()), "f1", &[r.clone()], day(7)),
            Access::Ask { last: Some(_) }
        ));
        assert!(
            request(
                &[r],
                &clerk,
                "HQ",
                ("f1", "R07-1"),
                "补充说明",
                (day(7), day(7)),
                "v2".into(),
                now(),
                day(7)
            )
            .is_ok()
        );
    }
}
