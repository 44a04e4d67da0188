//! Hostile review of #33 from a rep's laptop: the file's dealings (直接/间接, credit
//! limit, bad debts, 保密服务), sales by month, the app's sentences about sales kept in
//! records, and a complaint's history, as a rep's bundle brings them to head office.
//! Each attack is judged by what head office would see: a file, a report figure, a
//! request, a complaint's history.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::fixtures::*;
use super::*;
use crate::core::bundle::Contents;
use crate::core::bundle::plan::{Plan, plan};
use crate::core::complaint::{Change, Complaint, ComplaintChange, Decision};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::history::{ChangeKind, FieldChange, HistoryEntry};
use crate::core::customer::model::Relation;
use crate::core::customer::money::Money;
use crate::core::i18n::{AppText, Lang, Note};
use crate::core::report::{Month, Scope, build, sales_between};
use crate::core::sync::hlc::Hlc;
use crate::core::sync::merge::Version;

/// `c` changed by R07 at `at_ms`.
fn edited(c: &Customer, at_ms: u64, change: impl FnOnce(&mut Customer)) -> Customer {
    edited_as(c, "R07", "李伟 (R07)", at_ms, change)
}

/// A version R07's laptop could have made of any unit: its first edit there.
fn r07_version(value: Value, at_ms: u64) -> Version {
    Version {
        value,
        vv: [("R07".to_owned(), 1u64)].into_iter().collect(),
        at: Hlc {
            ms: at_ms,
            counter: 0,
            node: "R07".into(),
        },
        by: "李伟 (R07)".into(),
    }
}

fn wan(n: i64) -> Money {
    Money::from_yuan(n * 10_000)
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

/// September to November 2026, every region.
fn autumn() -> Scope {
    Scope {
        from: month("2026-09"),
        to: month("2026-11"),
        region: None,
    }
}

/// An open (unsealed) file `keeper` keeps in 广东, so the reports count it.
fn open_in_guangdong(id: &str, keeper: &str) -> Customer {
    let mut c = held_by(id, keeper);
    c.secret = SecretLevel::None;
    c.address.province = "广东".into();
    c
}

/// Head office's catalogue after the plan, for the reports.
fn catalogue(p: &Plan, held: &[&Customer]) -> Vec<CatalogueEntry> {
    held.iter()
        .map(|c| CatalogueEntry::of(&after(p, c)))
        .collect()
}

// Dealings (2): the keeper's, and only through its own file's versions.

#[test]
fn dealings_of_a_file_another_rep_keeps_are_refused_whole() {
    let others = held_by("b", "R08");
    let theirs = edited(&others, ms(-60), |c| {
        c.dealings.credit_limit = Some(wan(99_999));
        c.dealings.bad_debts = None;
        c.dealings.relation = Relation::Indirect;
        c.dealings.confidential_service = false;
        c.sales.insert("2026-10".into(), wan(1));
    });
    let p = plan(&files(vec![theirs]), &local(&[&others]), &from(&rep()));
    assert_eq!(
        whats(&p),
        vec![(
            "file".into(),
            Refusal::NotKeeper {
                keeper: "R08".into()
            }
        )]
    );
    assert_eq!(after(&p, &others), others);
}

#[test]
fn the_keepers_dealings_and_sales_come_in_with_their_versions() {
    // Honest: the rep fills the survey form's dealings and a month's sales.
    let ours = held("a");
    let theirs = edited(&ours, ms(-60), |c| {
        c.dealings.relation = Relation::Direct;
        c.dealings.credit_limit = Some(wan(50));
        c.dealings.confidential_service = true;
        c.dealings.confidential_matters = "不公开采购价".into();
        c.sales.insert("2026-10".into(), wan(30));
    });
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert!(p.summary.refused.is_empty(), "{:?}", p.summary.refused);
    let c = after(&p, &ours);
    assert_eq!(c.dealings.relation, Relation::Direct);
    assert_eq!(c.dealings.credit_limit, Some(wan(50)));
    assert!(c.dealings.confidential_service);
    assert_eq!(c.sales["2026-10"], wan(30));
}

#[test]
fn a_credit_limit_changed_without_a_version_does_not_override_head_offices() {
    let ours = edited_as(&held("a"), "HQ", "王经理 (HQ)", ms(-3600), |c| {
        c.dealings.credit_limit = Some(wan(10));
        c.dealings.bad_debts = Some(wan(3));
    });
    let mut theirs = ours.clone();
    theirs.dealings.credit_limit = Some(wan(9_999));
    theirs.dealings.bad_debts = None;
    theirs.sync.0.clear();
    theirs.updated_at = now();
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let c = after(&p, &ours);
    assert_eq!(c.dealings.credit_limit, Some(wan(10)));
    assert_eq!(c.dealings.bad_debts, Some(wan(3)));
}

#[test]
fn a_credit_limit_version_that_claims_unseen_or_foreign_edits_is_refused() {
    let ours = edited_as(&held("a"), "HQ", "王经理 (HQ)", ms(-3600), |c| {
        c.dealings.credit_limit = Some(wan(10))
    });
    // Having "seen" head office's edits it never made, to override them.
    let mut inflated = edited(&ours, ms(-60), |c| {
        c.dealings.credit_limit = Some(wan(9_999))
    });
    for v in inflated.sync.0.get_mut("dealings.credit_limit").unwrap() {
        v.vv.insert("HQ".into(), 50);
    }
    // Stamped by head office's node.
    let forged = edited_as(&ours, "HQ", "王经理 (HQ)", ms(-60), |c| {
        c.dealings.credit_limit = Some(wan(9_999))
    });
    // A year ahead, to win every later merge.
    let ahead = edited(&ours, ms(365 * 86_400), |c| {
        c.dealings.credit_limit = Some(wan(9_999))
    });
    for (theirs, reason) in [
        (inflated, Refusal::Counter),
        (
            forged,
            Refusal::OtherAuthor {
                by: "王经理 (HQ)".into(),
            },
        ),
    ] {
        let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
        assert_eq!(whats(&p), vec![("dealings.credit_limit".into(), reason)]);
        assert_eq!(after(&p, &ours).dealings.credit_limit, Some(wan(10)));
    }
    let p = plan(&files(vec![ahead]), &local(&[&ours]), &from(&rep()));
    assert!(matches!(
        whats(&p)[..],
        [(ref what, Refusal::FutureClock { .. })] if what == "dealings.credit_limit"
    ));
    assert_eq!(after(&p, &ours).dealings.credit_limit, Some(wan(10)));
}

#[test]
fn a_version_at_the_path_id_does_not_write_into_another_reps_file() {
    // The table's `*` row makes every path the keeper's, bookkeeping ones too: a version
    // of `id` on the rep's own file is taken, `with_units` sets the id, and the plan
    // merges the rep's file into the one with that id.
    let mine = held("a");
    let victim = held_by("v", "R08");
    let mut theirs = edited(&mine, ms(-60), |c| {
        c.basic.name = "被改了".into();
        c.dealings.credit_limit = Some(wan(99_999));
        c.dealings.relation = Relation::Indirect;
    });
    theirs
        .sync
        .0
        .insert("id".into(), vec![r07_version(json!("v"), ms(-60))]);
    // And the assignment, unchanged on its own file: nothing to refuse there.
    theirs.sync.0.insert(
        "assigned_to".into(),
        vec![r07_version(json!("R07"), ms(-60))],
    );
    let p = plan(
        &files(vec![theirs]),
        &local(&[&mine, &victim]),
        &from(&rep()),
    );
    let v = after(&p, &victim);
    assert_eq!(v.basic.name, victim.basic.name, "{:?}", whats(&p));
    assert_eq!(v.dealings, victim.dealings);
    assert_eq!(v.assigned_to, "R08", "R08's file stays R08's");
}

#[test]
fn a_version_inside_sync_does_not_forge_head_offices_level_or_grade() {
    let mine = held("a");
    let forged = |value: Value| {
        json!([{
            "value": value,
            "vv": {"HQ": 99},
            "at": {"ms": ms(-10), "counter": 0, "node": "HQ"},
            "by": "王经理 (HQ)"
        }])
    };
    let mut theirs = mine.clone();
    theirs.sync.0.insert(
        "sync.secret".into(),
        vec![r07_version(forged(json!("None")), ms(-60))],
    );
    theirs.sync.0.insert(
        "sync.credit".into(),
        vec![r07_version(
            forged(json!({"grade": "A", "by": "王经理 (HQ)", "at": now(), "reason": ""})),
            ms(-60),
        )],
    );
    theirs.updated_at = now();
    let p = plan(&files(vec![theirs]), &local(&[&mine]), &from(&rep()));
    let c = after(&p, &mine);
    assert_eq!(c.secret, SecretLevel::Confidential, "{:?}", whats(&p));
    assert!(c.credit.is_none(), "grade A given: {:?}", c.credit);
    assert!(
        c.sync.0.values().flatten().all(|v| v.by != "王经理 (HQ)"),
        "a version in head office's name that head office never made"
    );
}

// Sales by month (1): what the rep's bundle brings reaches head office's reports.

#[test]
fn sales_keys_that_are_no_month_come_in_but_count_in_no_report() {
    let ours = open_in_guangdong("a", "R07");
    let theirs = edited(&ours, ms(-60), |c| {
        c.sales.insert("2026-10".into(), wan(1));
        for key in [
            "2026-10x",
            "+2026-10",
            "2026-+10",
            "2026-1",
            "2026-010",
            "02026-10",
            "２０２６-10",
            "2026-10 ",
            "",
            "~",
            "2026-10\u{0}",
            "2026-10-01",
        ] {
            c.sales.insert(key.into(), wan(1_000));
        }
    });
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    assert!(p.summary.refused.is_empty(), "{:?}", p.summary.refused);
    let entries = catalogue(&p, &[&ours]);
    assert_eq!(
        sales_between(&entries[0], month("2026-09"), month("2026-11")),
        wan(1)
    );
    let r = build(&entries, &[], &[], &autumn(), now());
    assert_eq!(r.regions[0].sales, wan(1));
    assert_eq!(r.movement_total.new, 1);
    assert_eq!(r.movement_total.direct.sales_before, Money(0));
}

#[test]
fn a_sales_key_with_a_dot_is_refused_alone_and_the_rest_of_the_file_comes_in() {
    // "2026.10" makes the unit `sales.2026.10`: a path into a month that is no object.
    let ours = held("a");
    let mut theirs = edited(&ours, ms(-60), |c| {
        c.basic.phone = "0760-88881234".into();
        c.sales.insert("2026-10".into(), wan(2));
    });
    theirs.sync.0.insert(
        "sales.2026.10".into(),
        vec![r07_version(json!(100_000_000), ms(-60))],
    );
    let p = plan(&files(vec![theirs]), &local(&[&ours]), &from(&rep()));
    let c = after(&p, &ours);
    assert_eq!(c.basic.phone, "0760-88881234");
    assert_eq!(c.sales.get("2026-10"), Some(&wan(2)));
    assert!(!c.sales.contains_key("2026"), "{:?}", c.sales);
}

#[test]
fn sales_at_the_ends_of_money_neither_wrap_nor_panic_in_any_report() {
    let a = open_in_guangdong("a", "R07");
    let theirs = edited(&a, ms(-60), |c| {
        c.dealings.relation = Relation::Direct;
        c.sales.insert("2026-08".into(), Money(i64::MAX));
        c.sales.insert("2026-09".into(), Money(i64::MAX));
        c.sales.insert("2026-10".into(), Money(i64::MAX));
    });
    let mut b = open_in_guangdong("b", "R08");
    b.dealings.relation = Relation::Direct;
    b.sales.insert("2026-10".into(), Money(i64::MAX));
    let p = plan(&files(vec![theirs]), &local(&[&a, &b]), &from(&rep()));
    let entries = catalogue(&p, &[&a, &b]);
    let r = build(&entries, &[], &[], &autumn(), now());
    assert_eq!(r.regions[0].sales, Money(i64::MAX));
    assert_eq!(r.movement_total.direct.sales, Money(i64::MAX));
    assert_eq!(r.movement_total.direct.sales_before, Money(i64::MAX));
    assert!((0.0..=1.0).contains(&r.regions[0].sales_share));
}

#[test]
fn a_negative_month_from_a_rep_does_not_take_other_reps_sales_off_the_region() {
    // A month's sales are never negative (the form refuses it); a rep's bundle may say
    // anything, and the region report adds it to other reps' honest figures.
    let a = open_in_guangdong("a", "R07");
    let theirs = edited(&a, ms(-60), |c| {
        c.sales.insert("2026-10".into(), Money(-wan(10_000).0));
    });
    let mut b = open_in_guangdong("b", "R08");
    b.sales.insert("2026-10".into(), wan(100));
    let mut c = held_by("c", "R09");
    c.secret = SecretLevel::None;
    c.address.province = "北京".into();
    c.sales.insert("2026-10".into(), wan(100));
    let p = plan(&files(vec![theirs]), &local(&[&a, &b, &c]), &from(&rep()));
    let entries = catalogue(&p, &[&a, &b, &c]);
    let r = build(&entries, &[], &[], &autumn(), now());
    let guangdong = r.regions.iter().find(|x| x.region == "广东").unwrap();
    assert!(
        guangdong.sales >= wan(100),
        "广东 shows {} though R08 alone sold 100万 there",
        guangdong.sales
    );
    for row in &r.regions {
        assert!(
            (0.0..=1.0).contains(&row.sales_share),
            "{}: share {}",
            row.region,
            row.sales_share
        );
    }
}

#[test]
fn a_report_whose_first_month_is_after_its_last_does_not_panic() {
    // The Reports page's two month inputs are free: 'from' set after 'to' is one click.
    let mut a = open_in_guangdong("a", "R07");
    a.sales.insert("2026-10".into(), wan(1));
    let entries = [CatalogueEntry::of(&a)];
    let backwards = Scope {
        from: month("2026-11"),
        to: month("2026-09"),
        region: None,
    };
    let r = std::panic::catch_unwind(|| build(&entries, &[], &[], &backwards, now()));
    let r = r.expect("the report panics");
    assert!(r.movement.is_empty());
    assert_eq!(r.movement_total.direct.sales, Money(0));
}

#[test]
fn a_report_across_the_years_1000_or_10000_does_not_panic() {
    // Months compare as numbers but are looked up by their labels as text: "999-12"
    // sorts after "1000-01", and the range's start comes after its end.
    let mut a = open_in_guangdong("a", "R07");
    a.sales.insert("1000-01".into(), wan(1));
    a.sales.insert("10000-01".into(), wan(1));
    let entries = [CatalogueEntry::of(&a)];
    for (from, to) in [("0999-12", "1000-01"), ("9999-12", "10000-01")] {
        let scope = Scope {
            from: month(from),
            to: month(to),
            region: None,
        };
        let r = std::panic::catch_unwind(|| build(&entries, &[], &[], &scope, now()));
        let r = r.unwrap_or_else(|_| panic!("{from} to {to}: the report panics"));
        assert_eq!(r.regions[0].sales, wan(1), "{from} to {to}");
    }
}

// The app's sentences about sales (5), as a rep's bundle brings them.

fn history(file: &str, path: &str, reason: Note) -> HistoryEntry {
    HistoryEntry {
        id: format!("h-{file}-{path}"),
        customer_id: file.into(),
        at: now(),
        by: "李伟 (R07)".into(),
        reason,
        kind: ChangeKind::Edited,
        revision: 4,
        changes: vec![FieldChange {
            path: path.into(),
            old: String::new(),
            new: String::new(),
        }],
    }
}

/// A level lowered on R07's own file, with the history entry that gives `reason`: a
/// request for head office, carrying that reason.
fn lowered_with(reason: Note) -> Plan {
    let ours = held("a");
    let theirs = edited(&ours, ms(-60), |c| c.secret = SecretLevel::Secret);
    let incoming = Contents {
        customers: vec![theirs],
        history: vec![history("a", "secret", reason)],
        ..Contents::default()
    };
    plan(&incoming, &local(&[&ours]), &from(&rep()))
}

#[test]
fn a_sales_recorded_month_of_megabytes_is_cut_in_the_request_head_office_reads() {
    let p = lowered_with(Note::App(AppText::SalesRecorded {
        month: "2026-11".repeat(300_000),
    }));
    assert_eq!(p.requests.len(), 1);
    for lang in Lang::ALL {
        let text = p.requests[0].reason.text(lang);
        assert!(text.chars().count() <= proposal::MAX_REASON + 60);
    }
}

#[test]
fn a_sales_imported_file_name_of_megabytes_is_cut_in_the_request_head_office_reads() {
    // Every request is kept in one record that each import and decision rewrites whole.
    let p = lowered_with(Note::App(AppText::SalesImported {
        file: "销售.xlsx".repeat(1 << 20),
    }));
    assert_eq!(p.requests.len(), 1);
    for lang in Lang::ALL {
        let text = p.requests[0].reason.text(lang);
        assert!(
            text.chars().count() <= proposal::MAX_REASON + 60,
            "{} characters",
            text.chars().count()
        );
    }
}

#[test]
fn odd_sales_sentences_in_a_bundle_read_as_unknown_and_stop_nothing() {
    let entry = |reason: &str| {
        format!(
            r#"{{"id":"h","customer_id":"a","at":"2026-11-01T00:00:00Z","by":"李伟",
                "reason":{reason},"kind":"Edited","revision":3,"changes":[]}}"#
        )
    };
    for (reason, expected) in [
        (r#"{"msg":"SalesRecorded"}"#, Note::App(AppText::Unknown)),
        (
            r#"{"msg":"SalesRecorded","month":202611}"#,
            Note::App(AppText::Unknown),
        ),
        (
            r#"{"msg":"SalesImported","file":null}"#,
            Note::App(AppText::Unknown),
        ),
        (
            r#"{"msg":"SalesImported","file":["a.xlsx"]}"#,
            Note::App(AppText::Unknown),
        ),
        (
            r#"{"msg":"SalesRecorded","month":"{file}{month}"}"#,
            Note::App(AppText::SalesRecorded {
                month: "{file}{month}".into(),
            }),
        ),
    ] {
        let json = format!(
            r#"{{"history":[{},{}]}}"#,
            entry(r#""客户搬家""#),
            entry(reason)
        );
        let contents: Contents =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{reason}: {e}"));
        assert_eq!(contents.history.len(), 2, "{reason}");
        assert_eq!(contents.history[1].reason, expected, "{reason}");
        for lang in Lang::ALL {
            assert!(!contents.history[1].reason.text(lang).is_empty());
        }
    }
    // A parameter is shown as it is, never read again as a parameter.
    let note = Note::App(AppText::SalesImported {
        file: "{month}{file}".into(),
    });
    assert_eq!(note.text(Lang::En), "Sales imported from {month}{file}");
}

// A complaint's history (6).

fn entry(by: &str, at: DateTime<Utc>, change: Change) -> ComplaintChange {
    ComplaintChange {
        at,
        by: by.into(),
        change,
    }
}

/// R07's complaint on file `a`, rejected by head office three days ago.
fn rejected() -> (Customer, Complaint) {
    let complaint = Complaint {
        id: "t1".into(),
        customer_id: "a".into(),
        description: "外箱破损".into(),
        decision: Decision::Rejected,
        rejection_reason: "超过保修期".into(),
        by: "李伟 (R07)".into(),
        updated_at: now() - Duration::days(3),
        history: vec![
            entry("李伟 (R07)", now() - Duration::days(4), Change::Registered),
            entry(
                "王静 (HQ)",
                now() - Duration::days(3),
                Change::Rejected {
                    reason: "超过保修期".into(),
                },
            ),
        ],
        ..Complaint::default()
    };
    (held("a"), complaint)
}

fn complaints(c: Complaint) -> Contents {
    Contents {
        complaints: vec![c],
        ..Contents::default()
    }
}

#[test]
fn a_rep_cannot_slip_an_entry_in_head_offices_name_between_held_ones() {
    // Dated between the registration and head office's rejection, in head office's name,
    // and a second copy of head office's rejection a millisecond later as its own.
    let (file, ours) = rejected();
    let mut l = local(&[&file]);
    l.complaints.insert("t1".into(), ours.clone());
    let mut theirs = ours.clone();
    theirs.updated_at = now();
    theirs.history.push(entry(
        "王静 (HQ)",
        now() - Duration::days(3) - Duration::hours(1),
        Change::Accepted { deadline: None },
    ));
    let mut copy = ours.history[1].clone();
    copy.at += Duration::milliseconds(1);
    theirs.history.push(copy);
    let p = plan(&complaints(theirs), &l, &from(&rep()));
    let h = &p.complaints[0].history;
    assert_eq!(&h[..1], &ours.history[..1]);
    assert!(h.contains(&ours.history[1]));
    let by_hq: Vec<_> = h.iter().filter(|e| e.by.contains("(HQ)")).collect();
    assert_eq!(by_hq, [&ours.history[1]], "{h:#?}");
    assert!(h.windows(2).all(|w| w[0].at <= w[1].at));
}

#[test]
fn a_decision_a_rep_changes_is_in_the_history_under_the_reps_name() {
    let (file, ours) = rejected();
    let mut l = local(&[&file]);
    l.complaints.insert("t1".into(), ours.clone());
    let mut theirs = ours.clone();
    theirs.decision = Decision::Accepted;
    theirs.rejection_reason.clear();
    theirs.deadline = now().date_naive().succ_opt();
    theirs.updated_at = now();
    let p = plan(&complaints(theirs), &l, &from(&rep()));
    let c = &p.complaints[0];
    let last_decision = c.history.iter().rev().find_map(|e| match e.change {
        Change::Accepted { .. } => Some((Decision::Accepted, e.by.as_str())),
        Change::Rejected { .. } => Some((Decision::Rejected, e.by.as_str())),
        Change::Undecided => Some((Decision::Pending, e.by.as_str())),
        _ => None,
    });
    assert_eq!(
        last_decision,
        Some((c.decision, "李伟 (R07)")),
        "shown: {:?}; history: {:#?}",
        c.decision,
        c.history
    );
}

#[test]
fn a_complaint_history_of_many_entries_adds_at_most_its_bound() {
    // 40,000 entries are a bundle of a few megabytes; the limit is a gigabyte. Each
    // entry is compared once (a set, not a scan), and a bundle adds at most
    // MAX_NEW_HISTORY to one complaint: no import is held up by one.
    let (file, _) = rejected();
    let n = 40_000;
    let theirs = Complaint {
        id: "t9".into(),
        customer_id: "a".into(),
        updated_at: now(),
        history: (0..n)
            .map(|i| {
                entry(
                    "x",
                    now(),
                    Change::Rejected {
                        reason: format!("{}{i}", "理".repeat(100)),
                    },
                )
            })
            .collect(),
        ..Complaint::default()
    };
    let p = plan(&complaints(theirs), &local(&[&file]), &from(&rep()));
    assert_eq!(
        p.complaints[0].history.len(),
        crate::core::authority::screen::MAX_NEW_HISTORY
    );
    assert!(p.complaints[0].history.iter().all(|e| e.by == "李伟 (R07)"));
}
