//! Cases a hostile rep tried (review of issue #29).

use serde_json::json;

use super::fixtures::*;
use super::*;
use crate::core::bundle::Contents;
use crate::core::bundle::plan::{Local, plan};
use crate::core::complaint::Complaint;
use crate::core::customer::model::{Emergency, EmergencyKind, Review};
use crate::core::sync::hlc::Hlc;
use crate::core::sync::merge::{self, Version};
use crate::core::vault::log::{Viewing, ViewingEntry};
use crate::core::visit::model::{Amendment, Visit, VisitStatus};

/// `c` changed by `node`, signing as 王经理 (HQ) or 李伟 (its code).
fn edited(c: &Customer, node: &str, at_ms: u64, change: impl FnOnce(&mut Customer)) -> Customer {
    let by = if node == "HQ" {
        "王经理 (HQ)".to_owned()
    } else {
        format!("李伟 ({node})")
    };
    edited_as(c, node, &by, at_ms, change)
}

// Refused correctly.

#[test]
fn a_level_lowered_with_no_version_at_all_is_refused() {
    let ours = held("a");
    let mut theirs = ours.clone();
    theirs.secret = SecretLevel::None;
    theirs.updated_at = now();
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert_eq!(whats(&p), vec![("secret".into(), Refusal::LowersLevel)]);
    assert_eq!(after(&p, &ours).secret, SecretLevel::Confidential);
}

#[test]
fn a_level_lowered_by_stripping_head_offices_versions_does_not_land() {
    let ours = edited(&held("a"), "HQ", ms(-3600), |c| {
        c.secret = SecretLevel::TopSecret
    });
    let mut theirs = ours.clone();
    theirs.secret = SecretLevel::None;
    theirs.sync.0.clear();
    theirs.updated_at = now();
    theirs.revision = u32::MAX;
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert_eq!(after(&p, &ours).secret, SecretLevel::TopSecret);
}

#[test]
fn a_new_file_reusing_the_id_of_another_reps_file_is_refused_whole() {
    let mut others = held("a");
    others.assigned_to = "R08".into();
    others.archive_no = "R08-2026-00001".into();
    let mut theirs = others.clone();
    theirs.archive_no = "R07-2026-00099".into();
    theirs.basic.phone = "hijacked".into();
    let p = plan(&files(vec![theirs]), &local(&[&others]), &from(&rep()));
    assert!(p.customers.is_empty());
    assert_eq!(
        whats(&p),
        vec![(
            "file".into(),
            Refusal::NotKeeper {
                keeper: "R08".into()
            }
        )]
    );
}

#[test]
fn a_version_claiming_head_office_edits_it_never_made_is_refused() {
    let ours = edited(&held("a"), "HQ", ms(-3600), |c| c.basic.phone = "1".into());
    let mut theirs = edited(&ours, "R07", ms(-60), |c| c.basic.phone = "2".into());
    // Pretends to have seen a second head-office edit, to dominate the next one.
    theirs.sync.0.get_mut("basic.phone").unwrap()[0]
        .vv
        .insert("HQ".into(), 2);
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert_eq!(whats(&p), vec![("basic.phone".into(), Refusal::Counter)]);
    assert_eq!(after(&p, &ours).basic.phone, "1");
}

#[test]
fn reopening_a_file_head_office_closed_meanwhile_is_refused() {
    let base = held("a");
    let ours = edited(&base, "HQ", ms(-3600), |c| c.status = Status::Closed);
    // Made apart from head office's closure, on the copy before it.
    let theirs = edited(&base, "R07", ms(-60), |c| c.status = Status::Dormant);
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert_eq!(whats(&p), vec![("status".into(), Refusal::Closes)]);
    assert_eq!(after(&p, &ours).status, Status::Closed);
}

#[test]
fn a_grade_c_signed_in_head_offices_name_is_refused() {
    let ours = held("a");
    let theirs = edited(&ours, "R07", ms(-60), |c| {
        c.credit = Some(CreditAssignment {
            grade: CreditGrade::C,
            by: "王经理 (HQ)".into(),
            at: now(),
            reason: String::new(),
        })
    });
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert!(matches!(whats(&p)[..], [(ref w, Refusal::OtherAuthor { .. })] if w == "credit"));
    assert!(after(&p, &ours).credit.is_none());
}

/// R07's viewing chain, entries 1 to `n`.
fn chain(n: u64) -> Vec<ViewingEntry> {
    let mut all: Vec<ViewingEntry> = Vec::new();
    for i in 0..n {
        let head = all.last().map(|l| crate::core::vault::log::ChainHead {
            seq: l.seq,
            hash: l.hash.clone(),
        });
        all.push(ViewingEntry::next(
            head.as_ref(),
            Viewing {
                at: now(),
                by: "李伟".into(),
                rep_code: "R07".into(),
                customer_id: "a".into(),
                archive_no: "R07-2026-00001".into(),
                purpose: format!("查阅 {i}"),
            },
        ));
    }
    all
}

#[test]
fn a_first_viewing_record_missing_its_first_entries_is_refused() {
    let incoming = Contents {
        viewings: chain(4).split_off(2),
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[&held("a")]), &from(&rep()));
    assert!(p.viewings.is_empty());
    assert_eq!(
        whats(&p),
        vec![("viewing".into(), Refusal::ViewingChain { seq: 3 })]
    );
}

// Bypasses: each asserts the secure behaviour.

#[test]
fn a_garbage_value_cannot_make_the_merge_take_the_reps_raw_file() {
    let ours = edited(&held("a"), "HQ", ms(-3600), |c| {
        c.secret = SecretLevel::TopSecret;
        c.status = Status::Dormant;
    });
    let mut theirs = edited(&ours, "R07", ms(-60), |c| c.basic.phone = "x".into());
    // A phone that is a number: the merged JSON is not a file any more.
    theirs.sync.0.get_mut("basic.phone").unwrap()[0].value = json!(5);
    // Units changed with no version, where head office holds versions.
    theirs.secret = SecretLevel::None;
    theirs.status = Status::Closed;
    theirs.updated_at = now();
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let c = after(&p, &ours);
    assert_eq!(c.secret, SecretLevel::TopSecret);
    assert_eq!(c.status, Status::Dormant);
}

#[test]
fn a_new_files_units_cannot_contradict_its_screened_versions() {
    let blank = Customer {
        id: "zz".into(),
        archive_no: "R07-2026-00077".into(),
        created_at: now(),
        updated_at: now(),
        ..Customer::default()
    };
    // Versions that pass (nothing changed, or the rep claims its own file)...
    let mut theirs = edited(&blank, "R07", ms(-60), |c| {
        c.assigned_to = "R07".into();
        c.basic.name = "新客户".into();
    });
    for path in ["status", "credit"] {
        let v = Version {
            value: merge::units(&blank)[path].clone(),
            vv: [("R07".to_owned(), 1)].into(),
            at: Hlc {
                ms: ms(-60),
                counter: 0,
                node: "R07".into(),
            },
            by: "李伟 (R07)".into(),
        };
        theirs.sync.0.insert(path.into(), vec![v]);
    }
    // ...under units that say otherwise.
    theirs.status = Status::Closed;
    theirs.assigned_to = "R08".into();
    theirs.credit = Some(CreditAssignment {
        grade: CreditGrade::A,
        by: "李伟 (R07)".into(),
        at: now(),
        reason: String::new(),
    });
    let p = plan(&files(vec![theirs]), &Local::default(), &from(&rep()));
    for (c, _) in &p.customers {
        assert_ne!(c.status, Status::Closed);
        assert_ne!(c.assigned_to, "R08");
        assert!(c.credit.is_none());
    }
}

#[test]
fn a_new_file_cannot_plant_head_office_versions_under_paths_not_yet_units() {
    let blank = Customer {
        id: "zz".into(),
        archive_no: "R07-2026-00078".into(),
        created_at: now(),
        updated_at: now(),
        ..Customer::default()
    };
    let mut theirs = blank.clone();
    theirs.sync.0.insert(
        "reviews.r1.grade".into(),
        vec![Version {
            value: json!("A"),
            vv: [("HQ".to_owned(), u64::MAX)].into(),
            at: Hlc {
                ms: ms(-60),
                counter: u32::MAX,
                node: "HQ".into(),
            },
            by: "王经理 (HQ)".into(),
        }],
    );
    let p = plan(&files(vec![theirs]), &Local::default(), &from(&rep()));
    for (c, _) in &p.customers {
        assert!(
            c.sync
                .0
                .values()
                .flatten()
                .all(|v| v.at.node == "R07" && !v.vv.contains_key("HQ")),
            "{:?}",
            c.sync
        );
    }
}

#[test]
fn an_emergency_with_no_version_in_head_offices_name_and_dated_2999_is_refused() {
    let ours = held("a");
    let mut theirs = ours.clone();
    theirs.emergency = Some(Emergency {
        kind: EmergencyKind::DishonouredPayment,
        at: y2999(),
        by: "王经理 (HQ)".into(),
        note: "总部已核实".into(),
    });
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert!(after(&p, &ours).emergency.is_none());
    assert!(!p.summary.refused.is_empty());
}

#[test]
fn a_review_signed_by_head_office_or_dated_2999_is_refused() {
    let ours = held("a");
    let theirs = edited(&ours, "R07", ms(-60), |c| {
        c.reviews.insert(
            "r9".into(),
            Review {
                at: y2999(),
                by: "王经理 (HQ)".into(),
                grade: CreditGrade::A,
                note: String::new(),
            },
        );
    });
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let c = after(&p, &ours);
    assert!(
        c.reviews
            .values()
            .all(|r| r.at <= latest_allowed(now()) && r.by.ends_with("(R07)")),
        "{:?}",
        c.reviews
    );
}

#[test]
fn another_reps_complaint_cannot_be_rewritten_by_moving_it_to_my_file() {
    let mine = held("a");
    let mut others = held("bb");
    others.assigned_to = "R08".into();
    let complaint = Complaint {
        id: "t1".into(),
        customer_id: "bb".into(),
        description: "送货迟了三天".into(),
        by: "赵六 (R08)".into(),
        updated_at: now() - chrono::Duration::days(2),
        ..Complaint::default()
    };
    let mut l = local(&[&mine, &others]);
    l.complaints.insert("t1".into(), complaint.clone());
    let mut moved = complaint.clone();
    moved.customer_id = "a".into();
    moved.description = "客户撤回投诉".into();
    moved.updated_at = now();
    let p = plan(
        &Contents {
            complaints: vec![moved],
            ..Contents::default()
        },
        &l,
        &from(&rep()),
    );
    assert!(p.complaints.is_empty(), "{:?}", p.complaints);
}

#[test]
fn a_complaints_history_from_a_rep_keeps_what_is_held_and_names_the_rep_for_the_rest() {
    use crate::core::complaint::{Change, ComplaintChange, Decision};
    let mine = held("a");
    let entry = |by: &str, days_ago: i64, change| ComplaintChange {
        at: now() - chrono::Duration::days(days_ago),
        by: by.into(),
        change,
    };
    let decided = entry(
        "王静 (HQ)",
        3,
        Change::Rejected {
            reason: "超过保修期".into(),
        },
    );
    let ours = Complaint {
        id: "t1".into(),
        customer_id: "a".into(),
        description: "外箱破损".into(),
        decision: Decision::Rejected,
        rejection_reason: "超过保修期".into(),
        by: "李伟 (R07)".into(),
        updated_at: now() - chrono::Duration::days(3),
        history: vec![entry("李伟 (R07)", 4, Change::Registered), decided.clone()],
        ..Complaint::default()
    };
    let mut l = local(&[&mine]);
    l.complaints.insert("t1".into(), ours.clone());
    // The rep drops head office's rejection, claims an acceptance in head office's name,
    // and dates an entry a year ahead.
    let mut theirs = ours.clone();
    theirs.updated_at = now();
    theirs.history = vec![
        entry("李伟 (R07)", 4, Change::Registered),
        entry("王静 (HQ)", 1, Change::Accepted { deadline: None }),
        entry("王静 (HQ)", -365, Change::Closed),
    ];
    let p = plan(
        &Contents {
            complaints: vec![theirs],
            ..Contents::default()
        },
        &l,
        &from(&rep()),
    );
    let c = &p.complaints[0];
    assert!(
        c.history.contains(&decided),
        "the rejection stays: {:?}",
        c.history
    );
    let added: Vec<&ComplaintChange> = c.history[2..].iter().collect();
    assert_eq!(added.len(), 2, "{:?}", c.history);
    assert!(
        added
            .iter()
            .all(|e| e.by.ends_with("(R07)") && e.at <= now()),
        "{added:?}"
    );
    assert!(
        c.history.windows(2).all(|w| w[0].at <= w[1].at),
        "oldest first"
    );
}

#[test]
fn a_new_visits_amendments_are_the_signing_reps_and_clocked() {
    let a = held("a");
    let visit = Visit {
        id: "v9".into(),
        customer_id: "a".into(),
        status: VisitStatus::Submitted,
        summary: "谈了续约".into(),
        created_at: now(),
        updated_at: now(),
        submitted_at: Some(now()),
        amendments: vec![Amendment {
            at: y2999(),
            by: "王经理 (HQ)".into(),
            text: "总部同意特价".into(),
        }],
        ..Visit::default()
    };
    let p = plan(
        &Contents {
            visits: vec![visit],
            ..Contents::default()
        },
        &local(&[&a]),
        &from(&rep()),
    );
    for v in &p.visits {
        for a in &v.amendments {
            assert_eq!(a.by, "李伟 (R07)");
            assert!(a.at <= latest_allowed(now()));
        }
    }
}

#[test]
fn a_first_viewing_record_missing_its_first_entries_is_refused_when_others_are_held() {
    let incoming = Contents {
        viewings: chain(4).split_off(2),
        ..Contents::default()
    };
    let mut l = local(&[&held("a")]);
    l.viewings.insert(("device-r08".into(), 1));
    let p = plan(&incoming, &l, &from(&rep()));
    assert!(p.viewings.is_empty());
    assert_eq!(
        whats(&p),
        vec![("viewing".into(), Refusal::ViewingChain { seq: 3 })]
    );
}

#[test]
fn a_new_file_cannot_reuse_an_archive_number_held() {
    let ours = held("a");
    let mut twin = held("zz");
    twin.archive_no = ours.archive_no.clone();
    twin.basic.name = "另一个客户".into();
    let p = plan(&files(vec![twin]), &local(&[&ours]), &from(&rep()));
    assert!(p.customers.is_empty());
    assert_eq!(
        whats(&p),
        vec![("archive_no".into(), Refusal::ArchiveNumber)]
    );
}

// False positives: honest flows refused.

#[test]
fn an_honest_rep_relaying_an_older_head_office_version_is_refused_nothing() {
    let v1 = edited(&held("a"), "HQ", ms(-7200), |c| c.basic.phone = "1".into());
    // Head office edits again before the rep's bundle arrives.
    let ours = edited(&v1, "HQ", ms(-3600), |c| c.basic.phone = "2".into());
    // The rep had v1 and edits another field.
    let theirs = edited(&v1, "R07", ms(-60), |c| c.basic.name = "新名".into());
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert!(p.summary.refused.is_empty(), "{:?}", p.summary.refused);
    let c = after(&p, &ours);
    assert_eq!(
        (c.basic.phone.as_str(), c.basic.name.as_str()),
        ("2", "新名")
    );
}
