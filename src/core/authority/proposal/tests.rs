//! Proposals: made on the rep's laptop, received at head office, decided, returned.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::*;
use crate::core::authority::request::Decision;

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000, 0).unwrap()
}

fn grade(g: &str) -> Value {
    json!({"grade": g, "by": "李伟 (R07)", "at": now(), "reason": ""})
}

fn make(
    held: &[Mine],
    file: &str,
    field: Field,
    value: Value,
    reason: &str,
) -> Result<Proposal, ProposeError> {
    propose(
        held,
        file,
        "R07-2026-0001",
        field,
        value,
        &json!({"grade": "C"}),
        reason,
        ("R07", "李伟"),
        "01J0000000000000000000000A",
        now(),
    )
}

fn rep() -> Sender {
    Sender::Rep {
        code: "R07".into(),
        name: "李伟".into(),
    }
}

#[test]
fn a_proposal_needs_a_reason_a_change_and_no_other_waiting() {
    assert_eq!(
        make(&[], "f1", Field::Grade, grade("A"), "  "),
        Err(ProposeError::NoReason)
    );
    assert_eq!(
        make(&[], "f1", Field::Grade, grade("C"), "why"),
        Err(ProposeError::Same)
    );
    let long = "字".repeat(MAX_REASON + 1);
    assert_eq!(
        make(&[], "f1", Field::Grade, grade("A"), &long),
        Err(ProposeError::TooLong)
    );
    let p = make(&[], "f1", Field::Grade, grade("A"), " 年采购额过千万 ").unwrap();
    assert_eq!(p.id, "p:R07:01J0000000000000000000000A");
    assert_eq!(p.by, "李伟 (R07)");
    assert_eq!(p.reason, "年采购额过千万");
    let held = vec![Mine {
        proposal: p,
        decision: None,
    }];
    assert_eq!(
        make(&held, "f1", Field::Grade, grade("B"), "again"),
        Err(ProposeError::Waiting)
    );
    // Another file, or another field of the same file, is another proposal.
    assert!(make(&held, "f2", Field::Grade, grade("A"), "x").is_ok());
    assert!(
        make(
            &held,
            "f1",
            Field::Close,
            json!({"date": "2026-12-01", "reason": "停业", "by": "李伟 (R07)"}),
            "x"
        )
        .is_ok()
    );
    assert_eq!(
        waiting(&held, "f1", Field::Grade).map(|p| p.field.as_str()),
        Some("credit")
    );
    assert_eq!(waiting(&held, "f1", Field::Close), None);
}

#[test]
fn head_office_keeps_a_proposal_as_a_request_in_the_enrolled_reps_name() {
    let mut p = make(&[], "f1", Field::Grade, grade("A"), "大客户").unwrap();
    p.by = "王经理 (HQ)".into();
    let (requests, refused) = received(&[p.clone(), p.clone()], &rep(), |_| Some(Ok(())), now());
    assert!(refused.is_empty());
    assert_eq!(
        requests.len(),
        1,
        "the same proposal carried twice is one request"
    );
    let r = &requests[0];
    assert_eq!(
        (
            r.id.as_str(),
            r.field.as_str(),
            r.by.as_str(),
            r.rep_code.as_str()
        ),
        (p.id.as_str(), "credit", "李伟 (R07)", "R07")
    );
    assert_eq!(r.reason, "大客户");
    assert_eq!(r.value, grade("A"));
}

#[test]
fn hostile_proposals_are_refused_with_their_reason() {
    let good = make(&[], "f1", Field::Grade, grade("A"), "大客户").unwrap();
    let cases: Vec<(&str, Proposal, Refusal)> = vec![
        (
            "another rep's id space",
            Proposal {
                id: "p:R08:X".into(),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "an id with a colon",
            Proposal {
                id: "p:R07:X:Y".into(),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "an id of a refused change",
            Proposal {
                id: "f1:credit:1.0".into(),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "no reason",
            Proposal {
                reason: " ".into(),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "a reason of a megabyte",
            Proposal {
                reason: "x".repeat(1 << 20),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "a grade C proposed",
            Proposal {
                value: grade("C"),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "a grade that is not one",
            Proposal {
                value: json!({"grade": "S"}),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "an unknown field",
            Proposal {
                field: "assigned_to".into(),
                value: json!("R07"),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "a level that is not one",
            Proposal {
                field: "secret".into(),
                value: json!("Cosmic"),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "a closure without a reason",
            Proposal {
                field: "closure".into(),
                value: json!({"date": "2026-12-01", "reason": "", "by": "x"}),
                ..good.clone()
            },
            Refusal::Invalid,
        ),
        (
            "dated next year",
            Proposal {
                at: now() + Duration::days(365),
                ..good.clone()
            },
            Refusal::FutureClock {
                at: now() + Duration::days(365),
            },
        ),
    ];
    for (what, p, reason) in cases {
        let (requests, refused) = received(&[p], &rep(), |_| Some(Ok(())), now());
        assert!(requests.is_empty(), "{what}");
        assert_eq!(refused.len(), 1, "{what}");
        assert_eq!(refused[0].reason, reason, "{what}");
        assert_eq!(refused[0].what, "proposal");
    }
    // A file the rep does not keep, or one head office does not have.
    let other = Refusal::NotKeeper {
        keeper: "R08".into(),
    };
    let (r, refused) = received(
        std::slice::from_ref(&good),
        &rep(),
        |_| Some(Err(other.clone())),
        now(),
    );
    assert!(r.is_empty());
    assert_eq!(refused[0].reason, other);
    let (r, refused) = received(std::slice::from_ref(&good), &rep(), |_| None, now());
    assert!(r.is_empty());
    assert_eq!(refused[0].reason, Refusal::Invalid);
    // Head office's own bundles carry no proposals it would take.
    let (r, refused) = received(&[good], &Sender::HeadOffice, |_| Some(Ok(())), now());
    assert!(r.is_empty() && refused.is_empty());
}

fn decided(r: &mut Request, approved: bool, at: DateTime<Utc>) {
    r.decision = Some(Decision {
        approved,
        by: "李强 (HQ)".into(),
        at,
        reason: if approved {
            String::new()
        } else {
            "证据不足".into()
        },
    });
}

#[test]
fn decisions_go_back_to_the_rep_who_proposed_and_show_there() {
    let p = make(&[], "f1", Field::Grade, grade("A"), "大客户").unwrap();
    let mut held = vec![Mine {
        proposal: p.clone(),
        decision: None,
    }];
    let (mut requests, _) = received(std::slice::from_ref(&p), &rep(), |_| Some(Ok(())), now());
    let mut r08 = requests[0].clone();
    r08.id = "p:R08:Z".into();
    r08.rep_code = "R08".into();
    decided(&mut r08, true, now());
    requests.push(r08);
    assert!(
        to_return(&requests, "R07", None).is_empty(),
        "nothing decided yet for R07"
    );
    decided(&mut requests[0], false, now() + Duration::hours(1));
    let back = to_return(&requests, "R07", None);
    assert_eq!(back.len(), 1, "only R07's");
    assert!(
        to_return(&requests, "R07", Some(now() + Duration::hours(2))).is_empty(),
        "already acknowledged"
    );
    assert_eq!(returned(&mut held, &back, ("R07", "李伟")), 1);
    assert_eq!(held[0].decision.as_ref().unwrap().reason, "证据不足");
    assert!(
        pending(&held).is_empty(),
        "a decided proposal no longer travels"
    );
    assert_eq!(waiting(&held, "f1", Field::Grade), None);
    // The same decision again changes nothing.
    assert_eq!(returned(&mut held, &back, ("R07", "李伟")), 0);
    // A decision on a change the rep made as a change shows too.
    let mut legacy = back[0].clone();
    legacy.id = "f2:secret:1.0".into();
    legacy.file = "f2".into();
    assert_eq!(returned(&mut held, &[legacy], ("R07", "李伟")), 1);
    assert_eq!(held.len(), 2);
    assert_eq!(held[1].proposal.by, "李伟 (R07)");
}
