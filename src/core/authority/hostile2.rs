//! Second hostile review: requests (proposals kept at head office), device trust, and
//! head office's re-assertion of refused fields.

use chrono::{DateTime, NaiveDate, Utc};

use super::fixtures::*;
use super::*;
use crate::core::bundle::Contents;
use crate::core::bundle::exchange::{Enrolled, Exchange, RevokeReason};
use crate::core::bundle::keys::{DeviceKeys, Role};
use crate::core::bundle::plan::{From, plan};
use crate::core::customer::destruction::{self, DestructionRecord, Method};
use crate::core::customer::model::Closure;
use crate::core::sync::hlc::Hlc;
use crate::core::sync::merge::Version;

/// `c` changed by R07.
fn edited(c: &Customer, at_ms: u64, change: impl FnOnce(&mut Customer)) -> Customer {
    edited_as(c, "R07", "李伟 (R07)", at_ms, change)
}

fn grade(g: CreditGrade, at: DateTime<Utc>) -> Option<CreditAssignment> {
    Some(CreditAssignment {
        grade: g,
        by: "李伟 (R07)".into(),
        at,
        reason: String::new(),
    })
}

// Requests.

#[test]
fn an_approved_grade_is_the_proposed_grade_assigned_by_the_approver() {
    let ours = held_by("a", "R07");
    let theirs = edited(&ours, ms(-60), |c| c.credit = grade(CreditGrade::A, now()));
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert_eq!(p.requests.len(), 1);
    let r = &p.requests[0];
    assert_eq!((r.field.as_str(), r.rep_code.as_str()), ("credit", "R07"));
    let later = now() + chrono::Duration::days(2);
    let approved = request::approved(&after(&p, &ours), r, "王经理 (HQ)", later).unwrap();
    let credit = approved.credit.unwrap();
    assert_eq!(credit.grade, CreditGrade::A);
    assert_eq!((credit.by.as_str(), credit.at), ("王经理 (HQ)", later));
    // Nothing else of the file moves with it.
    assert_eq!(approved.secret, ours.secret);
    assert_eq!(approved.assigned_to, ours.assigned_to);
}

#[test]
fn a_refused_proposal_sent_again_in_the_next_bundle_is_one_request() {
    let ours = held_by("a", "R07");
    let theirs = edited(&ours, ms(-60), |c| c.secret = SecretLevel::None);
    let first = plan(
        &files(vec![theirs.clone()]),
        &local(&[&ours]),
        &from(&rep()),
    );
    let mut held = first.requests.clone();
    assert_eq!(held.len(), 1);
    // Head office applied the first bundle (and re-asserted its level); the rep's
    // laptop, not yet back from head office, sends the same change again.
    let hq = after(&first, &ours);
    let again = plan(&files(vec![theirs]), &local(&[&hq]), &from(&rep()));
    assert_eq!(request::add(&mut held, &again.requests), 0);
}

#[test]
fn a_newer_proposal_of_the_same_field_supersedes_the_pending_one() {
    let ours = held_by("a", "R07");
    let first = edited(&ours, ms(-120), |c| {
        c.credit = grade(CreditGrade::A, now() - chrono::Duration::minutes(2))
    });
    let second = edited(&first, ms(-60), |c| c.credit = grade(CreditGrade::B, now()));
    let p1 = plan(&files(vec![first]), &local(&[&ours]), &from(&rep()));
    let p2 = plan(&files(vec![second]), &local(&[&ours]), &from(&rep()));
    let mut held = p1.requests.clone();
    request::add(&mut held, &p2.requests);
    let pending: Vec<_> = held
        .iter()
        .filter(|r| r.file == "a" && r.field == "credit" && r.decision.is_none())
        .collect();
    assert_eq!(pending.len(), 1, "{pending:#?}");
    assert_eq!(pending[0].value["grade"], "B");
}

#[test]
fn a_destruction_of_a_file_the_rep_does_not_keep_is_no_request() {
    let others = held_by("b", "R08");
    let record = |id: &str, archive_no: &str| DestructionRecord {
        customer_id: id.into(),
        archive_no: archive_no.into(),
        at: now(),
        method: Method::Erased,
        by: "李伟 (R07)".into(),
        approver: "张总".into(),
        closed_on: None,
    };
    let incoming = Contents {
        destructions: vec![
            record("b", &others.archive_no),
            // Any id, any number the rep likes: one request each.
            record("ghost-1", "R08-2026-99999"),
        ],
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[&others]), &from(&rep()));
    assert!(p.requests.is_empty(), "{:#?}", p.requests);
    assert!(
        p.summary
            .refused
            .iter()
            .any(|r| r.file == "b" && matches!(r.reason, Refusal::NotKeeper { .. }))
    );
}

#[test]
fn an_approved_closure_is_dated_and_signed_by_head_office() {
    let ours = held_by("a", "R07");
    let theirs = edited(&ours, ms(-60), |c| {
        c.status = Status::Closed;
        c.closure = Some(Closure {
            date: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            reason: "客户注销".into(),
            by: "李伟 (R07)".into(),
        });
    });
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let mut fields: Vec<&str> = p.requests.iter().map(|r| r.field.as_str()).collect();
    fields.sort();
    assert_eq!(fields, vec!["closure", "status"]);
    // Head office approves both.
    let mut file = after(&p, &ours);
    for r in &p.requests {
        file = request::approved(&file, r, "王经理 (HQ)", now()).unwrap();
    }
    assert_eq!(file.status, Status::Closed);
    let closure = file.closure.clone().unwrap();
    assert_eq!(closure.by, "王经理 (HQ)");
    assert!(closure.date >= now().date_naive() - chrono::Duration::days(1));
    assert!(matches!(
        destruction::allowed(&file, "张总", now().date_naive()),
        Err(destruction::Refusal::Retained(_))
    ));
}

#[test]
fn requests_come_only_from_reps_and_not_from_refused_history_entries() {
    let ours = held_by("a", "R07");
    let theirs = edited(&ours, ms(-60), |c| c.assigned_to = "R08".into());
    let incoming = files(vec![theirs]);
    let p = plan(&incoming, &local(&[&ours]), &from(&rep()));
    assert_eq!(p.requests.len(), 1);
    assert_eq!(p.requests[0].field, "assigned_to");
    assert_eq!(p.requests[0].value, "R08");
    assert_eq!(after(&p, &ours).assigned_to, "R07");
    assert!(
        plan(&incoming, &local(&[&ours]), &from(&Sender::HeadOffice))
            .requests
            .is_empty()
    );
}

// Re-assertion.

#[test]
fn a_reassertion_never_takes_in_counters_that_were_never_checked() {
    let ours = held_by("a", "R07");
    let mut theirs = edited(&ours, ms(-60), |c| c.secret = SecretLevel::None);
    // A second version of the field, after the first (which the rule refuses): its
    // vector claims every edit head office could ever make.
    let forged = Version {
        value: serde_json::json!("None"),
        vv: [("R07".to_owned(), 2), ("HQ".to_owned(), u64::MAX)].into(),
        at: Hlc {
            ms: ms(-30),
            counter: 0,
            node: "R07".into(),
        },
        by: "李伟 (R07)".into(),
    };
    theirs.sync.0.get_mut("secret").unwrap().push(forged);
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let hq = after(&p, &ours);
    assert_eq!(hq.secret, SecretLevel::Confidential);
    let versions = &hq.sync.0["secret"];
    assert!(
        versions
            .iter()
            .all(|v| v.vv.get("HQ").copied().unwrap_or(0) <= 1),
        "{versions:#?}"
    );
    // The consequence: the rep's own laptop (any laptop) refuses head office's level.
    let back = plan(
        &files(vec![hq]),
        &local(&[&ours]),
        &From {
            sender: &Sender::HeadOffice,
            device: "hq",
            viewing_head: None,
            me_node: "R07",
            me_by: "李伟 (R07)",
            now: now(),
        },
    );
    assert!(
        back.summary.refused.is_empty(),
        "{:?}",
        back.summary.refused
    );
}

#[test]
fn a_reassertion_has_seen_the_reps_version_so_the_reps_laptop_comes_back() {
    let ours = held_by("a", "R07");
    let theirs = edited(&ours, ms(-60), |c| c.secret = SecretLevel::None);
    let p = plan(
        &files(vec![theirs.clone()]),
        &local(&[&ours]),
        &from(&rep()),
    );
    let hq = after(&p, &ours);
    assert_eq!(hq.secret, SecretLevel::Confidential);
    // At the rep's laptop, holding its own lowered level.
    let back = plan(
        &files(vec![hq]),
        &local(&[&theirs]),
        &From {
            sender: &Sender::HeadOffice,
            device: "hq",
            viewing_head: None,
            me_node: "R07",
            me_by: "李伟 (R07)",
            now: now(),
        },
    );
    assert!(
        back.summary.refused.is_empty(),
        "{:?}",
        back.summary.refused
    );
    assert_eq!(after(&back, &theirs).secret, SecretLevel::Confidential);
}

// Devices.

fn office() -> Exchange {
    let hq = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部");
    let mut ex = Exchange::new(Role::HeadOffice, hq.public());
    for (code, name) in [("R07", "李伟"), ("R08", "陈芳")] {
        ex.enrolled.insert(
            code.into(),
            Enrolled {
                name: name.into(),
                enrolled_at: DateTime::UNIX_EPOCH,
                device: None,
            },
        );
    }
    ex
}

#[test]
fn a_replaced_or_revoked_device_is_no_sender_and_cannot_be_trusted_again() {
    let mut ex = office();
    let old = DeviceKeys::generate(Role::Field, "R07", "李伟");
    ex.trust(old.public(), now()).unwrap();
    assert_eq!(ex.sender(&old.id), Some(rep()));
    let new = DeviceKeys::generate(Role::Field, "R07", "李伟");
    ex.trust(new.public(), now()).unwrap();
    assert_eq!(ex.sender(&old.id), None);
    assert_eq!(ex.revoked[&old.id].reason, RevokeReason::Replaced);
    assert!(ex.trust(old.public(), now()).is_err());
    assert_eq!(ex.sender(&new.id), Some(rep()));
    ex.revoke("R07", RevokeReason::Stolen, now()).unwrap();
    assert_eq!(ex.sender(&new.id), None);
    // Enrolling the rep again expects a new device; the stolen one stays out.
    ex.enrol("R07", "李伟", now());
    assert!(ex.trust(new.public(), now()).is_err());
}

#[test]
fn a_revoked_devices_keys_cannot_be_trusted_under_a_new_id() {
    let mut ex = office();
    let stolen = DeviceKeys::generate(Role::Field, "R07", "李伟");
    ex.trust(stolen.public(), now()).unwrap();
    ex.revoke("R07", RevokeReason::Stolen, now()).unwrap();
    let mut renamed = stolen.public();
    renamed.id = "0123456789abcdef0123456789abcdef".into();
    assert!(ex.trust(renamed, now()).is_err());
}

#[test]
fn a_device_cannot_take_another_reps_device_id() {
    let mut ex = office();
    let r07 = DeviceKeys::generate(Role::Field, "R07", "李伟");
    ex.trust(r07.public(), now()).unwrap();
    let r08 = DeviceKeys::generate(Role::Field, "R08", "陈芳");
    let mut squatter = r08.public();
    squatter.id = r07.id.clone();
    let result = ex.trust(squatter, now());
    assert!(result.is_err());
    assert_eq!(ex.sender(&r07.id), Some(rep()));
    assert_eq!(ex.trusted[&r07.id], r07.public());
}
