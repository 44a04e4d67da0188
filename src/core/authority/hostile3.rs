//! Third hostile review: a rep's proposals and refused changes as requests at head
//! office, what an approval writes, and the decisions that travel back. Each attack is
//! followed by the honest flow it must not spoil.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::fixtures::*;
use super::proposal::{self, MAX_REASON, Proposal};
use super::request::{self, Decision, Request};
use super::*;
use crate::core::bundle::Contents;
use crate::core::bundle::plan::plan;
use crate::core::customer::destruction;
use crate::core::customer::history::{ChangeKind, FieldChange, HistoryEntry};
use crate::core::customer::model::Closure;

/// `c` changed by R07.
fn edited(c: &Customer, at_ms: u64, change: impl FnOnce(&mut Customer)) -> Customer {
    edited_as(c, "R07", "李伟 (R07)", at_ms, change)
}

/// R07's proposal `ulid` of `field` = `value` for file `file`.
fn proposal(ulid: &str, file: &str, field: &str, value: Value) -> Proposal {
    Proposal {
        id: format!("p:R07:{ulid}"),
        file: file.into(),
        archive_no: "R07-2026-00001".into(),
        field: field.into(),
        value,
        reason: "年采购额过千万".into(),
        by: "李伟 (R07)".into(),
        at: now(),
    }
}

fn proposals(ps: Vec<Proposal>) -> Contents {
    Contents {
        proposals: ps,
        ..Contents::default()
    }
}

fn grade_a(at: DateTime<Utc>) -> Value {
    json!({"grade": "A", "by": "李伟 (R07)", "at": at, "reason": ""})
}

fn closed_on(c: &mut Customer, date: NaiveDate) {
    c.status = Status::Closed;
    c.closure = Some(Closure {
        date,
        reason: "停业".into(),
        by: "王经理 (HQ)".into(),
    });
}

// Proposals.

#[test]
fn a_proposals_archive_number_is_the_one_head_office_holds_for_the_file() {
    // The Approvals page names the file by its number: a rep must not make its request
    // for its own file read as one about another rep's file.
    let mine = held("f1");
    let theirs = held_by("other", "R08");
    let mut p = proposal("A1", "f1", "destruction", Value::Null);
    p.archive_no = theirs.archive_no.clone();
    let at = plan(
        &proposals(vec![p]),
        &local(&[&mine, &theirs]),
        &from(&rep()),
    );
    assert_eq!(at.requests.len(), 1);
    assert_eq!(at.requests[0].archive_no, mine.archive_no);
}

#[test]
fn a_proposal_about_a_file_the_screen_refused_makes_no_request() {
    // A new file numbered in R08's series but saying it is R07's is refused whole; a
    // proposal about it must not stand on what the refused file claimed.
    let mut ghost = held_by("ghost", "R08");
    ghost.assigned_to = "R07".into();
    let incoming = Contents {
        customers: vec![ghost],
        proposals: vec![proposal("A1", "ghost", "credit", grade_a(now()))],
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[]), &from(&rep()));
    assert!(p.customers.is_empty(), "the file itself is refused");
    assert!(p.requests.is_empty(), "{:#?}", p.requests);
}

#[test]
fn a_proposal_for_a_new_file_in_the_same_bundle_is_kept() {
    // Honest: a rep makes a file and proposes grade A before its first bundle.
    let mut new = held("new");
    new.revision = 1;
    let incoming = Contents {
        customers: vec![new.clone()],
        proposals: vec![proposal("A1", "new", "credit", grade_a(now()))],
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[]), &from(&rep()));
    assert_eq!(p.customers.len(), 1);
    assert_eq!(p.requests.len(), 1);
    assert_eq!(p.requests[0].archive_no, new.archive_no);
}

#[test]
fn a_proposals_value_is_kept_only_as_the_field_holds_it() {
    let mine = held("f1");
    let padding = "x".repeat(1 << 20);
    let mut deep = json!("bottom");
    for _ in 0..100 {
        deep = json!({ "d": deep });
    }
    let incoming = proposals(vec![
        // Extra fields riding along with a grade: an approver, a megabyte.
        proposal(
            "A1",
            "f1",
            "credit",
            json!({"grade": "A", "by": "张总 (HQ)", "at": "2020-01-01T00:00:00Z",
                   "reason": "", "approved_by": "张总", "padding": padding}),
        ),
        // A destruction carries no value: anything there is dropped.
        proposal("A2", "f1", "destruction", deep),
        proposal("A3", "f1", "secret", json!("None")),
    ]);
    let p = plan(&incoming, &local(&[&mine]), &from(&rep()));
    assert_eq!(p.requests.len(), 3, "{:#?}", p.summary.refused);
    let by_field = |f: &str| p.requests.iter().find(|r| r.field == f).unwrap();
    let credit = by_field("credit").value.as_object().unwrap();
    let mut keys: Vec<&str> = credit.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, vec!["at", "by", "grade", "reason"]);
    assert_eq!(by_field("destruction").value, Value::Null);
    assert_eq!(by_field("secret").value, json!("None"));
    // What every request at head office holds is small.
    for r in &p.requests {
        assert!(
            serde_json::to_string(r).unwrap().len() < 16 * 1024,
            "{}",
            r.field
        );
    }
}

#[test]
fn a_reason_hidden_inside_a_proposed_value_is_bounded_too() {
    let mine = held("f1");
    let long = "字".repeat(MAX_REASON + 1);
    let incoming = proposals(vec![
        proposal(
            "A1",
            "f1",
            "credit",
            json!({"grade": "A", "by": "李伟 (R07)", "at": now(), "reason": long}),
        ),
        proposal(
            "A2",
            "f1",
            "closure",
            json!({"date": "2026-11-01", "reason": long, "by": "李伟 (R07)"}),
        ),
    ]);
    let p = plan(&incoming, &local(&[&mine]), &from(&rep()));
    assert!(p.requests.is_empty(), "{:#?}", p.requests.len());
    assert_eq!(
        p.summary
            .refused
            .iter()
            .filter(|r| r.what == "proposal" && r.reason == Refusal::Invalid)
            .count(),
        2
    );
}

#[test]
fn the_longest_honest_reason_in_any_script_is_kept() {
    // Honest: the rep's laptop allows MAX_REASON characters, four bytes each if need be,
    // and puts the same reason in the grade it proposes.
    let mine = held("f1");
    let why = "𠀀".repeat(MAX_REASON);
    let mut p = proposal(
        "A1",
        "f1",
        "credit",
        json!({"grade": "B", "by": "李伟 (R07)", "at": now(), "reason": why}),
    );
    p.reason = why.clone();
    let mut close = proposal(
        "A2",
        "f1",
        "closure",
        json!({"date": "2026-11-01", "reason": why, "by": "李伟 (R07)"}),
    );
    close.reason = why;
    let at = plan(&proposals(vec![p, close]), &local(&[&mine]), &from(&rep()));
    assert_eq!(at.requests.len(), 2, "{:#?}", at.summary.refused);
}

#[test]
fn an_honest_grade_proposal_is_approved_as_proposed_by_the_approver() {
    let mine = held("f1");
    let p = plan(
        &proposals(vec![proposal("A1", "f1", "credit", grade_a(now()))]),
        &local(&[&mine]),
        &from(&rep()),
    );
    assert_eq!(p.requests.len(), 1);
    let r = &p.requests[0];
    assert_eq!((r.by.as_str(), r.rep_code.as_str()), ("李伟 (R07)", "R07"));
    let later = now() + chrono::Duration::days(1);
    let file = request::approved(&mine, r, "王经理 (HQ)", later).unwrap();
    let credit = file.credit.unwrap();
    assert_eq!(credit.grade, CreditGrade::A);
    assert_eq!((credit.by.as_str(), credit.at), ("王经理 (HQ)", later));
}

#[test]
fn another_reps_pending_request_for_the_same_file_and_field_is_never_superseded() {
    // The file moved from R08 to R07: R08's pending proposal stays until decided.
    let mine = held("f1");
    let p = plan(
        &proposals(vec![proposal("A1", "f1", "secret", json!("None"))]),
        &local(&[&mine]),
        &from(&rep()),
    );
    let r08 = Request {
        id: "p:R08:Z9".into(),
        by: "赵六 (R08)".into(),
        rep_code: "R08".into(),
        ..p.requests[0].clone()
    };
    let mut held = vec![r08.clone()];
    assert_eq!(request::add(&mut held, &p.requests), 1);
    assert!(held.contains(&r08));
    // And its decision goes back to R08 alone.
    held[0].decision = Some(Decision {
        approved: false,
        by: "王芳 (HQ)".into(),
        at: now(),
        reason: "不符合".into(),
    });
    assert!(proposal::to_return(&held, "R07", None).is_empty());
    assert_eq!(proposal::to_return(&held, "R08", None).len(), 1);
}

// Refused changes kept as requests.

fn history(file: &str, path: &str, reason: &str) -> HistoryEntry {
    HistoryEntry {
        id: format!("h-{file}-{path}"),
        customer_id: file.into(),
        at: now(),
        by: "李伟".into(),
        reason: reason.into(),
        kind: ChangeKind::Edited,
        revision: 4,
        changes: vec![FieldChange {
            path: path.into(),
            old: String::new(),
            new: String::new(),
        }],
    }
}

#[test]
fn a_refused_changes_request_holds_a_bounded_reason_and_value() {
    let a = held("a");
    let b = held("b");
    let huge = "字".repeat(1 << 18);
    // A level lowered with a reason of a megabyte; a grade A whose own reason is one.
    let lowered = edited(&a, ms(-60), |c| c.secret = SecretLevel::None);
    let graded = edited(&b, ms(-60), |c| {
        c.credit = Some(CreditAssignment {
            grade: CreditGrade::A,
            by: "李伟 (R07)".into(),
            at: now(),
            reason: huge.clone(),
        })
    });
    let incoming = Contents {
        customers: vec![lowered, graded],
        history: vec![history("a", "secret", &huge)],
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[&a, &b]), &from(&rep()));
    // Both changes are refused whatever becomes of their requests.
    assert!(whats(&p).contains(&("secret".into(), Refusal::LowersLevel)));
    assert!(whats(&p).contains(&("credit".into(), Refusal::GradeAorB)));
    for r in &p.requests {
        let reason = r.reason.typed().unwrap_or_default();
        assert!(reason.chars().count() <= MAX_REASON, "{}", r.field);
        assert!(
            serde_json::to_string(r).unwrap().len() < 16 * 1024,
            "{}",
            r.field
        );
    }
    assert!(p.requests.iter().any(|r| r.field == "secret"));
}

#[test]
fn a_stale_copy_of_a_destroyed_file_makes_no_request() {
    let gone = held("gone");
    let stale = edited(&gone, ms(-60), |c| {
        c.credit = Some(CreditAssignment {
            grade: CreditGrade::A,
            by: "李伟 (R07)".into(),
            at: now(),
            reason: String::new(),
        })
    });
    let mut here = local(&[]);
    here.destroyed.insert("gone".into());
    let p = plan(&files(vec![stale]), &here, &from(&rep()));
    assert!(p.customers.is_empty());
    assert!(p.requests.is_empty(), "{:#?}", p.requests);
}

// What an approval writes.

#[test]
fn closing_through_status_after_a_reopen_starts_the_retention_today() {
    // Closed in 2020, reopened through a rep's proposal, active since: closing it again
    // must not date the closure from 2020 and make it destroyable the same day.
    let mut ours = held("a");
    closed_on(&mut ours, NaiveDate::from_ymd_opt(2020, 1, 1).unwrap());
    let reopen = edited(&ours, ms(-600), |c| c.status = Status::Active);
    let p = plan(&files(vec![reopen]), &local(&[&ours]), &from(&rep()));
    let r = p.requests.iter().find(|r| r.field == "status").unwrap();
    let hq = request::approved(&after(&p, &ours), r, "王芳 (HQ)", now()).unwrap();
    assert_eq!(hq.status, Status::Active);
    assert_eq!(hq.closure, None, "a reopened file is no longer closed");
    // The rep now asks to close it through its status alone.
    let close = edited(&hq, ms(-60), |c| c.status = Status::Closed);
    let p = plan(&files(vec![close]), &local(&[&hq]), &from(&rep()));
    let r = p.requests.iter().find(|r| r.field == "status").unwrap();
    let closed = request::approved(&after(&p, &hq), r, "王芳 (HQ)", now()).unwrap();
    assert_eq!(closed.status, Status::Closed);
    let closure = closed
        .closure
        .clone()
        .expect("a closed file has its closure");
    assert_eq!(closure.date, now().date_naive());
    assert_eq!(closure.by, "王芳 (HQ)");
    assert!(matches!(
        destruction::allowed(&closed, "王芳 (HQ)", now().date_naive()),
        Err(destruction::Refusal::Retained(_))
    ));
}

#[test]
fn approving_a_removed_closure_reopens_the_file() {
    // A hostile rep sends only the closure removed, status left closed.
    let mut ours = held("a");
    closed_on(&mut ours, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let theirs = edited(&ours, ms(-60), |c| c.closure = None);
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let r = p.requests.iter().find(|r| r.field == "closure").unwrap();
    let hq = request::approved(&after(&p, &ours), r, "王芳 (HQ)", now()).unwrap();
    assert_eq!((hq.status, hq.closure), (Status::Active, None));
}

#[test]
fn an_honest_reopen_from_the_form_approved_field_by_field_is_consistent() {
    // The form reopens by status and clears the closure: two requests.
    let mut ours = held("a");
    closed_on(&mut ours, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let theirs = edited(&ours, ms(-60), |c| {
        c.status = Status::Active;
        c.closure = None;
    });
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let mut fields: Vec<&str> = p.requests.iter().map(|r| r.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, vec!["closure", "status"]);
    for order in [[0, 1], [1, 0]] {
        let mut file = after(&p, &ours);
        for i in order {
            file = request::approved(&file, &p.requests[i], "王芳 (HQ)", now()).unwrap();
            assert_eq!(
                file.status == Status::Closed,
                file.closure.is_some(),
                "{order:?}"
            );
        }
        assert_eq!((file.status, file.closure), (Status::Active, None));
    }
}
