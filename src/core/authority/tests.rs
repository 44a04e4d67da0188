//! The table row by row, the hostile rep's changes, and the clock and counter bounds
//! over arbitrary inputs.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;

use super::fixtures::*;
use super::*;
use crate::core::bundle::Contents;
use crate::core::bundle::plan::{Local, plan};
use crate::core::customer::destruction::{DestructionRecord, Method};
use crate::core::customer::history::{ChangeKind, FieldChange, HistoryEntry};
use crate::core::customer::model::Closure;
use crate::core::sync::hlc::Hlc;
use crate::core::sync::merge::Version;

// The table, row by row: what a rep may change on a file it keeps.

#[test]
fn secret_level_a_rep_may_raise_but_not_lower() {
    let s = rep();
    assert_eq!(row("secret").who, Who::OfficeOrStricter);
    assert_eq!(
        may_change(&s, true, "secret", &json!("Secret"), &json!("TopSecret")),
        Ok(())
    );
    assert_eq!(
        may_change(&s, true, "secret", &json!("Confidential"), &json!("None")),
        Err(Refusal::LowersLevel)
    );
    assert_eq!(
        may_change(
            &Sender::HeadOffice,
            true,
            "secret",
            &json!("Confidential"),
            &json!("None")
        ),
        Ok(())
    );
}

#[test]
fn assignment_is_head_offices() {
    assert_eq!(row("assigned_to").who, Who::Office);
    assert_eq!(
        may_change(&rep(), true, "assigned_to", &json!("R08"), &json!("R07")),
        Err(Refusal::OfficeOnly)
    );
}

#[test]
fn grades_a_and_b_are_the_sales_managers_and_c_anyones() {
    let grade = |g: &str| json!({"grade": g, "by": "李伟 (R07)", "at": "2026-11-01T00:00:00Z"});
    assert_eq!(row("credit").who, Who::OfficeOrStricter);
    for g in ["A", "B"] {
        assert_eq!(
            may_change(&rep(), true, "credit", &Value::Null, &grade(g)),
            Err(Refusal::GradeAorB),
            "{g}"
        );
    }
    assert_eq!(
        may_change(&rep(), true, "credit", &grade("A"), &grade("C")),
        Ok(())
    );
    assert!(matches!(
        may_change(&rep(), true, "credit", &Value::Null, &grade("B")),
        Err(Refusal::GradeAorB)
    ));
    assert_eq!(
        may_change(&rep(), true, "credit", &grade("B"), &Value::Null),
        Ok(())
    );
    assert_eq!(
        may_change(
            &Sender::HeadOffice,
            true,
            "credit",
            &Value::Null,
            &grade("A")
        ),
        Ok(())
    );
}

#[test]
fn closing_and_reopening_are_head_offices_dormancy_the_reps() {
    assert_eq!(row("status").who, Who::OfficeCloses);
    assert_eq!(row("closure").who, Who::Office);
    let s = rep();
    assert_eq!(
        may_change(&s, true, "status", &json!("Active"), &json!("Dormant")),
        Ok(())
    );
    assert_eq!(
        may_change(&s, true, "status", &json!("Active"), &json!("Closed")),
        Err(Refusal::Closes)
    );
    assert_eq!(
        may_change(&s, true, "status", &json!("Closed"), &json!("Active")),
        Err(Refusal::Closes)
    );
    assert_eq!(
        may_change(
            &s,
            true,
            "closure",
            &Value::Null,
            &json!({"date": "2026-11-01", "reason": "x", "by": "李伟 (R07)"})
        ),
        Err(Refusal::OfficeOnly)
    );
}

#[test]
fn an_archive_number_never_changes() {
    assert_eq!(row("archive_no").who, Who::Nobody);
    assert_eq!(
        may_change(
            &Sender::Rep {
                code: "R07".into(),
                name: String::new()
            },
            true,
            "archive_no",
            &json!("R07-2026-00001"),
            &json!("R07-2026-00002")
        ),
        Err(Refusal::ArchiveNumber)
    );
}

#[test]
fn the_reps_data_reviews_and_emergencies_are_its_own_on_its_files_only() {
    for path in [
        "basic.phone",
        "contacts",
        "preferences",
        "address.city",
        "reviews.r1",
        "emergency",
        "importance",
    ] {
        assert_eq!(row(path).who, Who::Keeper, "{path}");
        assert_eq!(
            may_change(&rep(), true, path, &json!("a"), &json!("b")),
            Ok(()),
            "{path}"
        );
        assert!(matches!(
            may_change(&rep(), false, path, &json!("a"), &json!("b")),
            Err(Refusal::NotKeeper { .. })
        ));
    }
}

#[test]
fn a_file_is_a_reps_when_assigned_to_it_or_unassigned_and_numbered_by_it() {
    let mut c = held("a");
    assert!(is_keeper(&c, "R07"));
    c.assigned_to = "R08".into();
    assert!(!is_keeper(&c, "R07"));
    c.assigned_to.clear();
    assert!(is_keeper(&c, "R07"));
    assert!(!is_keeper(&c, "R0"), "a prefix of the code is not the code");
    assert_eq!(keeper(&c), "R07");
}

#[test]
fn every_record_kind_has_a_row_and_the_office_only_ones_are_marked() {
    for kind in [
        Record::Visit,
        Record::Complaint,
        Record::History,
        Record::Viewing,
        Record::Destruction,
        Record::ReferenceLists,
        Record::Enrolment,
        Record::Proposal,
        Record::Decision,
        Record::SecurityEvent,
        Record::LeakReport,
        Record::MonthlyReport,
        Record::ReportReview,
    ] {
        let (_, who, clause) = RECORDS.iter().find(|(k, _, _)| *k == kind).unwrap();
        assert!(!clause.is_empty());
        let office = matches!(
            kind,
            Record::Destruction
                | Record::ReferenceLists
                | Record::Enrolment
                | Record::Decision
                | Record::ReportReview
        );
        let rep_only = matches!(
            kind,
            Record::SecurityEvent | Record::LeakReport | Record::MonthlyReport
        );
        assert_eq!(*who == Who::Rep, rep_only, "{kind:?}");
        assert_eq!(*who == Who::Office, office, "{kind:?}");
    }
}

// The hostile rep of issue #29, each as a bundle head office plans.

#[test]
fn a_reps_destruction_of_an_open_file_is_refused_and_the_file_kept() {
    let a = held("a");
    let incoming = Contents {
        destructions: vec![DestructionRecord {
            customer_id: "a".into(),
            archive_no: a.archive_no.clone(),
            at: now(),
            method: Method::Erased,
            by: "王经理 (HQ)".into(),
            approver: "张总".into(),
            closed_on: None,
        }],
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[&a]), &from(&rep()));
    assert!(p.destructions.is_empty());
    assert_eq!(whats(&p), vec![("destruction".into(), Refusal::OfficeOnly)]);
}

#[test]
fn head_offices_destruction_is_checked_again_at_the_rep() {
    let a = held("a");
    let record = |approver: &str| DestructionRecord {
        customer_id: "a".into(),
        archive_no: a.archive_no.clone(),
        at: now(),
        method: Method::Erased,
        by: "王经理 (HQ)".into(),
        approver: approver.into(),
        closed_on: None,
    };
    let open = plan(
        &Contents {
            destructions: vec![record("张总")],
            ..Contents::default()
        },
        &local(&[&a]),
        &from(&Sender::HeadOffice),
    );
    assert!(
        open.destructions.is_empty(),
        "an open file is not destroyed"
    );
    assert_eq!(
        whats(&open)[0].1,
        Refusal::Destruction(DestructionRefusal::NotClosed)
    );

    let mut closed = a.clone();
    closed.status = Status::Closed;
    closed.closure = Some(Closure {
        date: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        reason: "停业".into(),
        by: "王经理 (HQ)".into(),
    });
    let no_approver = plan(
        &Contents {
            destructions: vec![record(" ")],
            ..Contents::default()
        },
        &local(&[&closed]),
        &from(&Sender::HeadOffice),
    );
    assert_eq!(
        whats(&no_approver)[0].1,
        Refusal::Destruction(DestructionRefusal::NoApprover)
    );
    let ok = plan(
        &Contents {
            destructions: vec![record("张总")],
            ..Contents::default()
        },
        &local(&[&closed]),
        &from(&Sender::HeadOffice),
    );
    assert_eq!(ok.destructions.len(), 1);
    assert!(ok.summary.refused.is_empty());
}

#[test]
fn a_level_lowered_by_a_forged_version_in_head_offices_name_is_refused() {
    let ours = edited_as(&held("a"), "HQ", "王经理 (HQ)", ms(-3600), |c| {
        c.secret = SecretLevel::Confidential
    });
    // The rep writes a version as if head office made it, with counters no one reached.
    let mut theirs = ours.clone();
    theirs.secret = SecretLevel::None;
    theirs.sync.0.insert(
        "secret".into(),
        vec![Version {
            value: json!("None"),
            vv: [("HQ".to_owned(), u64::MAX), ("R07".to_owned(), u64::MAX)].into(),
            at: Hlc {
                ms: ms(-10),
                counter: u32::MAX,
                node: "HQ".into(),
            },
            by: "王经理 (HQ)".into(),
        }],
    );
    let p = plan(
        &Contents {
            customers: vec![theirs.clone()],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert!(matches!(whats(&p)[..], [(ref what, Refusal::OtherAuthor { .. })] if what == "secret"));
    assert!(
        p.customers
            .iter()
            .all(|(c, _)| c.secret == SecretLevel::Confidential)
    );

    // Signed as the rep but with huge counters: still refused.
    let version = theirs.sync.0.get_mut("secret").unwrap();
    version[0].at.node = "R07".into();
    version[0].by = "李伟 (R07)".into();
    let p = plan(
        &Contents {
            customers: vec![theirs.clone()],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert_eq!(whats(&p), vec![("secret".into(), Refusal::Counter)]);

    // An honest lowering by the rep: refused by the table, and head office re-asserts
    // its level with a version that has seen the rep's, so the rep's laptop follows.
    let honest = edited_as(&ours, "R07", "李伟 (R07)", ms(-5), |c| {
        c.secret = SecretLevel::None
    });
    let p = plan(
        &Contents {
            customers: vec![honest.clone()],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert_eq!(whats(&p), vec![("secret".into(), Refusal::LowersLevel)]);
    let (kept, _) = &p.customers[0];
    assert_eq!(kept.secret, SecretLevel::Confidential);
    let at_rep = crate::core::sync::merge::merge(&honest, kept);
    assert_eq!(
        at_rep.secret,
        SecretLevel::Confidential,
        "the rep's copy comes back"
    );
    assert!(crate::core::sync::merge::conflicts(&at_rep).is_empty());
}

#[test]
fn an_assignment_moved_by_the_rep_is_refused_and_counted_nowhere_else() {
    let mut ours = held("a");
    ours.assigned_to = "R08".into();
    // R07 cannot touch a file assigned to R08, least of all its assignment.
    let theirs = edited_as(&ours, "R07", "李伟 (R07)", ms(-5), |c| {
        c.assigned_to = "R07".into();
        c.basic.phone = "123".into();
    });
    let p = plan(
        &Contents {
            customers: vec![theirs],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert_eq!(
        whats(&p),
        vec![(
            "file".into(),
            Refusal::NotKeeper {
                keeper: "R08".into()
            }
        )]
    );
    assert!(p.customers.is_empty());
    assert_eq!(p.summary.updated, 0);

    // On its own file, the assignment alone is refused; the phone goes through.
    let ours = held("b");
    let theirs = edited_as(&ours, "R07", "李伟 (R07)", ms(-5), |c| {
        c.assigned_to = "R09".into();
        c.basic.phone = "123".into();
    });
    let p = plan(
        &Contents {
            customers: vec![theirs],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert_eq!(whats(&p), vec![("assigned_to".into(), Refusal::OfficeOnly)]);
    assert_eq!(p.customers[0].0.assigned_to, "R07");
    assert_eq!(p.customers[0].0.basic.phone, "123");
}

#[test]
fn a_change_stamped_in_2999_is_refused_and_head_office_keeps_todays_clock() {
    let ours = held("a");
    let y2999 = DateTime::parse_from_rfc3339("2999-01-01T00:00:00Z")
        .unwrap()
        .timestamp_millis() as u64;
    let mut theirs = edited_as(&ours, "R07", "李伟 (R07)", y2999, |c| {
        c.basic.phone = "999".into()
    });
    theirs.updated_at = DateTime::from_timestamp_millis(y2999 as i64).unwrap();
    let p = plan(
        &Contents {
            customers: vec![theirs],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    let refused = whats(&p);
    assert!(matches!(refused[0], (ref w, Refusal::FutureClock { .. }) if w == "basic.phone"));
    assert!(matches!(refused[1], (ref w, Refusal::FutureClock { .. }) if w == "updated_at"));
    let merged = p.customers.first().map(|(c, _)| c.clone()).unwrap_or(ours);
    assert_ne!(merged.basic.phone, "999");
    assert!(merged.updated_at <= latest_allowed(now()));
    let next = Hlc::tick(
        &merged.sync.latest().cloned().unwrap_or_default(),
        ms(0),
        "HQ",
    );
    assert!(next.ms <= ms(0), "head office's next edit is stamped today");
}

#[test]
fn history_names_the_enrolled_rep_and_is_refused_on_others_files() {
    let mine = held("a");
    let mut others = held("bb");
    others.assigned_to = "R08".into();
    let entry = |file: &str, path: &str| HistoryEntry {
        id: format!("h-{file}"),
        customer_id: file.into(),
        at: now(),
        by: "王经理 (HQ)".into(),
        reason: Default::default(),
        kind: ChangeKind::Edited,
        revision: 4,
        changes: vec![FieldChange {
            path: path.into(),
            old: "x".into(),
            new: "y".into(),
        }],
    };
    let p = plan(
        &Contents {
            history: vec![entry("a", "basic.phone"), entry("bb", "basic.phone")],
            ..Contents::default()
        },
        &local(&[&mine, &others]),
        &from(&rep()),
    );
    assert_eq!(p.history.len(), 1);
    assert_eq!(
        p.history[0].by, "李伟",
        "who made it is the signing device's rep"
    );
    assert_eq!(
        whats(&p),
        vec![(
            "history".into(),
            Refusal::NotKeeper {
                keeper: "R08".into()
            }
        )]
    );
}

#[test]
fn reference_lists_from_a_rep_are_refused_and_from_head_office_clocked() {
    let lists = crate::core::reference::ReferenceLists {
        industries: vec!["家电".into()],
        updated_at: Some(
            DateTime::parse_from_rfc3339("2999-01-01T00:00:00Z")
                .unwrap()
                .to_utc(),
        ),
        ..Default::default()
    };
    let incoming = Contents {
        reference: Some(lists),
        ..Contents::default()
    };
    let p = plan(&incoming, &Local::default(), &from(&rep()));
    assert!(p.reference.is_none());
    assert_eq!(whats(&p), vec![("reference".into(), Refusal::OfficeOnly)]);
    let p = plan(&incoming, &Local::default(), &from(&Sender::HeadOffice));
    assert!(p.reference.is_none(), "dated 2999 even from head office");
}

#[test]
fn a_new_file_outside_the_reps_numbers_is_refused_and_inside_them_stripped_of_office_fields() {
    let mut foreign = held("a");
    foreign.archive_no = "R08-2026-00001".into();
    let mut mine = held("bb");
    mine.archive_no = "R07-2026-00009".into();
    mine.status = Status::Closed;
    mine.assigned_to = "R07".into();
    mine.credit = Some(crate::core::customer::model::CreditAssignment {
        grade: CreditGrade::A,
        by: "李伟 (R07)".into(),
        at: now(),
        reason: String::new(),
    });
    let p = plan(
        &Contents {
            customers: vec![foreign, mine],
            ..Contents::default()
        },
        &Local::default(),
        &from(&rep()),
    );
    assert_eq!(p.customers.len(), 1);
    let (c, _) = &p.customers[0];
    assert_eq!(
        (c.status, c.credit.is_none(), c.secret),
        (Status::Active, true, SecretLevel::Confidential)
    );
    let refused: Vec<String> = whats(&p).into_iter().map(|(w, _)| w).collect();
    assert_eq!(refused, vec!["archive_no", "credit", "status"]);
}

#[test]
fn a_submitted_visit_cannot_be_rewritten_only_amended() {
    use crate::core::visit::model::{Amendment, Visit, VisitStatus};
    let a = held("a");
    let ours = Visit {
        id: "v".into(),
        customer_id: "a".into(),
        status: VisitStatus::Submitted,
        summary: "谈了续约".into(),
        by: "李伟 (R07)".into(),
        updated_at: now(),
        ..Visit::default()
    };
    let mut rewritten = ours.clone();
    rewritten.summary = "什么也没谈".into();
    rewritten.updated_at = now() + chrono::Duration::hours(1);
    let mut amended = ours.clone();
    amended.amendments.push(Amendment {
        at: now(),
        by: "李伟 (R07)".into(),
        text: "补充".into(),
    });
    let mut l = local(&[&a]);
    l.visits.insert("v".into(), ours.clone());
    let p = plan(
        &Contents {
            visits: vec![rewritten],
            ..Contents::default()
        },
        &l,
        &from(&rep()),
    );
    assert!(p.visits.is_empty());
    assert_eq!(whats(&p), vec![("visit".into(), Refusal::Final)]);
    let p = plan(
        &Contents {
            visits: vec![amended],
            ..Contents::default()
        },
        &l,
        &from(&rep()),
    );
    assert_eq!(p.visits[0].amendments.len(), 1);
    assert_eq!(p.visits[0].summary, "谈了续约");
    // A new visit is the signing rep's, whoever it names.
    let mut new = ours.clone();
    new.id = "v2".into();
    new.by = "王经理 (HQ)".into();
    let p = plan(
        &Contents {
            visits: vec![new],
            ..Contents::default()
        },
        &l,
        &from(&rep()),
    );
    assert_eq!(p.visits[0].by, "李伟 (R07)");
}

#[test]
fn an_honest_reps_bundle_is_refused_nothing() {
    let ours = held("a");
    let theirs = edited_as(&ours, "R07", "李伟 (R07)", ms(-60), |c| {
        c.basic.phone = "0750-1".into();
        c.secret = SecretLevel::TopSecret;
        c.status = Status::Dormant;
    });
    let p = plan(
        &Contents {
            customers: vec![theirs],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert!(p.summary.refused.is_empty(), "{:?}", p.summary.refused);
    assert_eq!(p.customers[0].0.secret, SecretLevel::TopSecret);
}

// Bounds over arbitrary inputs: nothing wraps, nothing panics.

/// A small deterministic generator (xorshift64*), so failures repeat.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Mostly edge values: 0, 1, the limits, around now.
    fn interesting(&mut self) -> u64 {
        match self.next() % 6 {
            0 => 0,
            1 => u64::MAX - self.next() % 3,
            2 => ms(0)
                .wrapping_add(self.next() % 200_000_000)
                .wrapping_sub(100_000_000),
            3 => self.next() % 10,
            4 => MAX_EDITS_UNSEEN
                .wrapping_add(self.next() % 3)
                .wrapping_sub(1),
            _ => self.next(),
        }
    }
}

#[test]
fn the_clock_bound_refuses_exactly_what_is_later_than_now_plus_the_skew() {
    let limit = latest_allowed(now()).timestamp_millis() as u64;
    let mut rng = Rng(0x5eed);
    for _ in 0..20_000 {
        let stamp = rng.interesting();
        assert_eq!(clock_ms(stamp, now()).is_ok(), stamp <= limit, "{stamp}");
    }
    assert!(clock(DateTime::<Utc>::MAX_UTC, now()).is_err());
    assert!(clock(DateTime::<Utc>::MIN_UTC, now()).is_ok());
    assert!(
        clock(DateTime::<Utc>::MAX_UTC, DateTime::<Utc>::MAX_UTC).is_ok(),
        "no overflow at the end of time"
    );
}

#[test]
fn version_bounds_never_wrap_and_accept_only_what_could_have_been_made() {
    let mut rng = Rng(0xdecaf);
    for _ in 0..20_000 {
        let nodes = ["HQ", "R07", "R08"];
        let mut vv = VersionVector::new();
        let mut seen = VersionVector::new();
        for n in nodes {
            if rng.next().is_multiple_of(2) {
                vv.insert(n.into(), rng.interesting());
            }
            if rng.next().is_multiple_of(2) {
                seen.insert(n.into(), rng.interesting());
            }
        }
        let office = rng.next().is_multiple_of(2);
        let ok = bounded(&vv, &seen, "R07", office).is_ok();
        let could = vv.iter().all(|(node, &n)| {
            let held = u128::from(seen.get(node).copied().unwrap_or(0));
            if office && node != "R07" {
                u128::from(n) <= held
            } else {
                let limit = held + u128::from(MAX_EDITS_UNSEEN);
                limit <= u128::from(u64::MAX) && u128::from(n) <= limit
            }
        });
        assert_eq!(ok, could, "{vv:?} over {seen:?} (office {office})");
    }
}

#[test]
fn a_clock_tick_never_panics_and_always_moves_forward() {
    let mut rng = Rng(0xc10c);
    for _ in 0..20_000 {
        let last = Hlc {
            ms: rng.interesting(),
            counter: match rng.next() % 3 {
                0 => u32::MAX,
                1 => 0,
                _ => rng.next() as u32,
            },
            node: "R07".into(),
        };
        let next = Hlc::tick(&last, rng.interesting(), "HQ");
        if last.ms < u64::MAX {
            assert!(
                (next.ms, next.counter) > (last.ms, last.counter),
                "{last:?} → {next:?}"
            );
        }
    }
}

#[test]
fn a_request_from_an_imported_file_keeps_the_import_s_sentence_bounded_for_head_office_s_language()
{
    use crate::core::i18n::{AppText, Lang, Note};
    let ours = held("a");
    let theirs = edited_as(&ours, "R07", "李伟 (R07)", ms(-60), |c| {
        c.credit = Some(crate::core::customer::model::CreditAssignment {
            grade: CreditGrade::A,
            by: "李伟 (R07)".into(),
            at: now(),
            reason: String::new(),
        });
    });
    let file = format!("{}.xlsx", "名".repeat(5_000));
    let history = HistoryEntry {
        id: "h1".into(),
        customer_id: "a".into(),
        at: now(),
        by: "李伟".into(),
        reason: AppText::ImportReason { file, row: 7 }.into(),
        kind: ChangeKind::Edited,
        revision: 4,
        changes: vec![FieldChange {
            path: "credit.grade".into(),
            old: "C".into(),
            new: "A".into(),
        }],
    };
    let incoming = Contents {
        customers: vec![theirs],
        history: vec![history],
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[&ours]), &from(&rep()));
    let reason = &p.requests[0].reason;
    let Note::App(AppText::ImportReason { file, row: 7 }) = reason else {
        panic!("the import's sentence: {reason:?}");
    };
    assert_eq!(file.chars().count(), proposal::MAX_REASON);
    assert!(reason.text(Lang::ZhCn).starts_with("从 名名"));
    assert!(reason.text(Lang::ZhCn).ends_with("第 7 行导入"));
}

#[test]
fn a_reps_proposals_become_requests_once_each_with_its_reason() {
    let ours = held("a");
    let theirs = edited_as(&ours, "R07", "李伟 (R07)", ms(-60), |c| {
        c.secret = SecretLevel::None;
        c.credit = Some(crate::core::customer::model::CreditAssignment {
            grade: CreditGrade::A,
            by: "李伟 (R07)".into(),
            at: now(),
            reason: "大客户".into(),
        });
        c.basic.phone = "0750-9".into();
    });
    let history = HistoryEntry {
        id: "h1".into(),
        customer_id: "a".into(),
        at: now(),
        by: "李伟".into(),
        reason: "客户已上市，信用良好".into(),
        kind: ChangeKind::Edited,
        revision: 4,
        changes: vec![FieldChange {
            path: "credit.grade".into(),
            old: "C".into(),
            new: "A".into(),
        }],
    };
    let incoming = Contents {
        customers: vec![theirs],
        history: vec![history],
        destructions: vec![DestructionRecord {
            customer_id: "a".into(),
            archive_no: ours.archive_no.clone(),
            at: now(),
            method: Method::Erased,
            by: "李伟 (R07)".into(),
            approver: "张总".into(),
            closed_on: None,
        }],
        ..Contents::default()
    };
    let p = plan(&incoming, &local(&[&ours]), &from(&rep()));
    let fields: Vec<(&str, &str)> = p
        .requests
        .iter()
        .map(|r| (r.field.as_str(), r.reason.typed().unwrap_or("(app)")))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("credit", "客户已上市，信用良好"),
            ("secret", ""),
            ("destruction", ""),
        ]
    );
    assert_eq!(p.summary.proposals, 3);
    assert!(
        p.requests
            .iter()
            .all(|r| r.by == "李伟 (R07)" && r.decision.is_none())
    );
    assert_eq!(p.requests[0].value["grade"], "A");
    assert_eq!(p.customers[0].0.basic.phone, "0750-9", "the rest applies");
    // The same bundle's proposals again add nothing; head office sends none.
    let mut held = p.requests.clone();
    assert_eq!(request::add(&mut held, &p.requests), 0);
    let office = plan(&incoming, &local(&[&ours]), &from(&Sender::HeadOffice));
    assert!(office.requests.is_empty());
}

#[test]
fn a_grade_signed_with_the_enrolled_name_alone_is_the_reps() {
    // The form names who assigned a grade by the profile's name, without the code.
    let ours = held("a");
    let signed = |by: &str| {
        edited_as(&ours, "R07", "李伟 (R07)", ms(-60), |c| {
            c.credit = Some(crate::core::customer::model::CreditAssignment {
                grade: CreditGrade::C,
                by: by.into(),
                at: now(),
                reason: "欠款".into(),
            })
        })
    };
    let p = plan(
        &Contents {
            customers: vec![signed("李伟")],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert!(p.summary.refused.is_empty(), "{:?}", p.summary.refused);
    let p = plan(
        &Contents {
            customers: vec![signed("王经理")],
            ..Contents::default()
        },
        &local(&[&ours]),
        &from(&rep()),
    );
    assert!(matches!(
        whats(&p)[..],
        [(ref w, Refusal::OtherAuthor { .. })] if w == "credit"
    ));
}
