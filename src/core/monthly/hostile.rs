//! The monthly report against a hostile rep (or a thief with a rep's laptop): what head
//! office's list shows and what review the rep sees, whatever a bundle carries.
//! Signatures hold, so the `Sender` is truthful.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::core::authority::MAX_SKEW;
use crate::core::bundle::Contents;
use crate::core::bundle::plan::{From, Local, plan};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn rep(code: &str, name: &str) -> Sender {
    Sender::Rep {
        code: code.into(),
        name: name.into(),
    }
}

fn r07() -> Sender {
    rep("R07", "李伟")
}

fn sent(id: &str, m: &str, on: DateTime<Utc>) -> Report {
    Report {
        id: id.into(),
        rep_code: "R07".into(),
        rep_name: "李伟".into(),
        month: m.into(),
        grade_a: "江门安信: 新增订单".into(),
        written_at: Some(on),
        sent_at: Some(on),
        ..Report::default()
    }
}

fn step(on: DateTime<Utc>) -> Option<Step> {
    Some(Step {
        by: "王经理 (HQ)".into(),
        at: on,
        note: "已阅".into(),
    })
}

/// A megabyte of four-byte characters.
fn huge() -> String {
    "𠀀".repeat(1 << 18)
}

/// What head office's list shows: id, rep, month and state, in its order.
fn shown(held: &[Report]) -> Vec<(String, String, String, State)> {
    held.iter()
        .map(|r| (r.id.clone(), r.rep_code.clone(), r.month.clone(), r.state()))
        .collect()
}

const NOW: (i32, u32, u32) = (2026, 11, 15);

fn now() -> DateTime<Utc> {
    at(NOW.0, NOW.1, NOW.2)
}

#[test]
fn another_rep_s_code_or_id_and_empty_or_huge_ids_are_refused() {
    let mut held = Vec::new();
    let theirs = {
        let mut r = sent("x", "2026-10", at(2026, 10, 31));
        r.rep_code = "R08".into();
        r.grade_a = "R08 的报告".into();
        r
    };
    assert_eq!(
        receive(
            &mut held,
            std::slice::from_ref(&theirs),
            &rep("R08", "张"),
            now()
        )
        .0,
        1
    );
    let mut in_their_code = sent("y", "2026-10", at(2026, 10, 31));
    in_their_code.rep_code = "R08".into();
    let mut lower_case = sent("z", "2026-10", at(2026, 10, 31));
    lower_case.rep_code = "r07".into();
    let mut huge_code = sent("w", "2026-10", at(2026, 10, 31));
    huge_code.rep_code = huge();
    let incoming = vec![
        sent("x", "2026-10", at(2026, 10, 31)),
        in_their_code,
        lower_case,
        huge_code,
        sent("", "2026-10", at(2026, 10, 31)),
        sent(&"i".repeat(65), "2026-10", at(2026, 10, 31)),
        sent(&"编".repeat(22), "2026-10", at(2026, 10, 31)),
        sent(&huge(), "2026-10", at(2026, 10, 31)),
        sent(&"i".repeat(64), "2026-10", at(2026, 10, 31)),
    ];
    let (taken, refused) = receive(&mut held, &incoming, &r07(), now());
    assert_eq!(taken, 1, "only the 64-byte id of its own");
    assert_eq!(refused.len(), 8);
    assert!(refused.iter().all(|(_, why)| *why == Refusal::NotTheSender));
    assert_eq!(
        shown(&held),
        vec![
            ("x".into(), "R08".into(), "2026-10".into(), State::Sent),
            ("i".repeat(64), "R07".into(), "2026-10".into(), State::Sent),
        ]
    );
    assert_eq!(held[0], {
        let mut t = theirs;
        t.rep_name = "张".into();
        t
    });
    assert_eq!(to_return(&held, "R07").len(), 0);
}

#[test]
fn a_month_not_written_as_a_begun_month_is_refused() {
    let months = [
        "2026-13",
        "2026-00",
        "9999-12",
        "2026-12",
        "+2026-11",
        "-2026-11",
        " 2026-11",
        "2026-11 ",
        "2026-1",
        "2026-011",
        "02026-11",
        "2026-11-01",
        "2026/11",
        "２０２６-１１",
        "",
        "-",
        "2147483647-01",
        "262143-12",
    ];
    let mut held = Vec::new();
    let mut incoming: Vec<Report> = months
        .iter()
        .enumerate()
        .map(|(i, m)| sent(&format!("m{i}"), m, at(2026, 11, 14)))
        .collect();
    let mut huge_month = sent("huge", "2026-11", at(2026, 11, 14));
    huge_month.month = format!("2026-11{}", huge());
    incoming.push(huge_month);
    let (taken, refused) = receive(&mut held, &incoming, &r07(), now());
    assert_eq!(taken, 0);
    assert_eq!(refused.len(), incoming.len());
    assert!(refused.iter().all(|(_, why)| *why == Refusal::NotSent));
    assert!(held.is_empty(), "head office's list stays empty");
    // The month begun today is taken.
    let (taken, _) = receive(
        &mut held,
        &[sent("ok", "2026-11", at(2026, 11, 14))],
        &r07(),
        now(),
    );
    assert_eq!(taken, 1);
}

#[test]
fn a_report_sent_in_the_future_or_not_sent_is_refused() {
    let latest = now() + MAX_SKEW;
    let mut held = Vec::new();
    let mut unsent = sent("unsent", "2026-11", now());
    unsent.sent_at = None;
    let incoming = vec![
        sent("edge", "2026-11", latest),
        sent("second", "2026-11", latest + Duration::seconds(1)),
        sent("year", "2026-11", at(2027, 11, 15)),
        sent("max", "2026-11", DateTime::<Utc>::MAX_UTC),
        unsent,
    ];
    let (taken, refused) = receive(&mut held, &incoming, &r07(), now());
    assert_eq!(taken, 1);
    assert_eq!(
        refused,
        ["second", "year", "max", "unsent"]
            .map(|id| (id.to_owned(), Refusal::NotSent))
            .to_vec()
    );
    assert_eq!(shown(&held)[0].0, "edge");
    // A clock at the end of time does not panic.
    let (taken, _) = receive(
        &mut Vec::new(),
        &[sent("m", "2026-11", DateTime::<Utc>::MAX_UTC)],
        &r07(),
        DateTime::<Utc>::MAX_UTC,
    );
    assert_eq!(taken, 1);
}

#[test]
fn a_report_sent_before_its_month_began_is_refused() {
    let mut held = Vec::new();
    let incoming = [
        sent("sept", "2026-11", at(2026, 9, 1)),
        sent("min", "2026-11", DateTime::<Utc>::MIN_UTC),
    ];
    let (taken, refused) = receive(&mut held, &incoming, &r07(), now());
    assert_eq!(taken, 0);
    assert_eq!(refused.len(), 2);
    assert!(held.is_empty());
}

#[test]
fn a_rep_s_review_or_passing_on_is_never_taken() {
    let mut held = Vec::new();
    let mut reviewed = sent("a", "2026-10", at(2026, 10, 31));
    reviewed.review = step(at(2026, 11, 1));
    reviewed.passed_on = step(at(2026, 11, 2));
    let mut passed_only = sent("b", "2026-09", at(2026, 10, 31));
    passed_only.passed_on = step(at(2026, 11, 2));
    let (taken, refused) = receive(&mut held, &[reviewed, passed_only], &r07(), now());
    assert_eq!((taken, refused), (2, vec![]));
    assert!(held.iter().all(|r| r.state() == State::Sent));
    assert_eq!(waiting_review(&held, day(2026, 11, 15)).len(), 2);
    assert!(to_return(&held, "R07").is_empty(), "nothing to send back");
    // Nor on a report already held and not yet reviewed.
    let mut again = sent("a", "2026-10", at(2026, 10, 31));
    again.review = step(at(2026, 11, 1));
    receive(&mut held, &[again], &r07(), now());
    assert_eq!(held[0].state(), State::Sent);
    // Head office can still review it.
    assert!(review(&mut held, "a", "王经理 (HQ)", "", now()));
}

#[test]
fn megabyte_texts_in_every_field_are_bounded() {
    let mut r = sent("big", "2026-11", at(2026, 11, 14));
    for t in [
        &mut r.rep_name,
        &mut r.grade_a,
        &mut r.grade_b,
        &mut r.grade_c,
        &mut r.proposals,
        &mut r.emergencies,
        &mut r.other,
    ] {
        *t = huge();
    }
    r.review = Some(Step {
        by: huge(),
        at: at(2026, 11, 14),
        note: huge(),
    });
    r.passed_on = r.review.clone();
    let mut held = Vec::new();
    assert_eq!(receive(&mut held, &[r], &r07(), now()).0, 1);
    let h = &held[0];
    assert_eq!(h.rep_name, "李伟");
    for t in [
        &h.grade_a,
        &h.grade_b,
        &h.grade_c,
        &h.proposals,
        &h.emergencies,
        &h.other,
    ] {
        assert_eq!(t.chars().count(), MAX_TEXT);
    }
    assert_eq!((h.review.clone(), h.passed_on.clone()), (None, None));
    let kept = serde_json::to_string(&held).unwrap().len();
    assert!(kept < 6 * 4 * MAX_TEXT + 1_000, "{kept} bytes kept");
}

#[test]
fn thousands_of_reports_bring_at_most_max_reports() {
    // One report per month (head office keeps one per rep and month), months back.
    let many: Vec<Report> = (0..5_000u32)
        .map(|i| {
            let m = Month::of(
                day(2026, 11, 1)
                    .checked_sub_months(chrono::Months::new(i))
                    .unwrap(),
            );
            sent(&format!("r{i}"), &m.label(), at(2026, 11, 14))
        })
        .collect();
    let mut held = Vec::new();
    let (taken, refused) = receive(&mut held, &many, &r07(), now());
    assert_eq!((taken, refused.len()), (MAX_REPORTS, 0));
    assert_eq!(held.len(), MAX_REPORTS);
    assert_eq!(waiting_review(&held, day(2026, 11, 15)).len(), MAX_REPORTS);
    // From head office: each refused, at most MAX_REPORTS listed.
    let (taken, refused) = receive(&mut held, &many, &Sender::HeadOffice, now());
    assert_eq!((taken, refused.len()), (0, MAX_REPORTS));
    assert_eq!(held.len(), MAX_REPORTS);
    // The preview counts as many.
    let contents = Contents {
        reports: many.clone(),
        ..Contents::default()
    };
    let p = plan(&contents, &Local::default(), &from(&r07()));
    assert_eq!(p.summary.reports, MAX_REPORTS);
    assert_eq!(p.summary.report_returns, 0);
}

fn from(sender: &Sender) -> From<'_> {
    From {
        sender,
        device: "laptop-1",
        viewing_head: None,
        me_node: "HQ",
        me_by: "王经理 (HQ)",
        now: now(),
    }
}

#[test]
fn duplicate_ids_in_one_bundle_leave_one_report_the_rep_s_own() {
    let honest = sent("d", "2026-10", at(2026, 10, 31));
    let mut in_r08 = honest.clone();
    in_r08.rep_code = "R08".into();
    in_r08.grade_a = "forged".into();
    let mut unsent = honest.clone();
    unsent.sent_at = None;
    unsent.grade_a = "unsent".into();
    let mut future = honest.clone();
    future.sent_at = Some(at(2030, 1, 1));
    future.grade_a = "future".into();
    let mut hostile_review = honest.clone();
    hostile_review.review = step(at(2026, 11, 1));
    for bundle in [
        vec![honest.clone(), in_r08.clone(), unsent, future],
        vec![in_r08, honest.clone()],
        vec![honest.clone(), hostile_review],
    ] {
        let mut held = Vec::new();
        receive(&mut held, &bundle, &r07(), now());
        assert_eq!(
            shown(&held),
            vec![("d".into(), "R07".into(), "2026-10".into(), State::Sent)]
        );
        assert_eq!(held[0].grade_a, honest.grade_a);
    }
    // Two texts of its own under one id: the last, as the rep may correct an unreviewed
    // report, and still one entry.
    let mut corrected = honest.clone();
    corrected.grade_a = "更正".into();
    let mut held = Vec::new();
    let (taken, _) = receive(&mut held, &[honest, corrected], &r07(), now());
    assert_eq!((taken, held.len()), (2, 1));
    assert_eq!(held[0].grade_a, "更正");
}

#[test]
fn after_review_a_resend_changes_nothing_head_office_sees() {
    let mut held = Vec::new();
    let first = sent("r", "2026-10", at(2026, 10, 31));
    receive(&mut held, std::slice::from_ref(&first), &r07(), now());
    assert!(review(&mut held, "r", "王经理 (HQ)", "已阅", now()));
    let as_reviewed = held.clone();
    let mut later = first.clone();
    later.sent_at = Some(at(2026, 11, 14));
    let mut rewritten = first.clone();
    rewritten.grade_a = "改写".into();
    rewritten.month = "2026-11".into();
    let mut unsent = first.clone();
    unsent.sent_at = None;
    let mut other_name = first.clone();
    other_name.rep_name = "冒名".into();
    let (taken, refused) = receive(
        &mut held,
        &[later, rewritten, unsent, other_name.clone()],
        &r07(),
        now(),
    );
    assert_eq!(taken, 0);
    assert_eq!(
        refused,
        vec![
            ("r".to_owned(), Refusal::Reviewed),
            ("r".to_owned(), Refusal::Reviewed),
            ("r".to_owned(), Refusal::NotSent),
        ],
        "the name is the enrolled one: the same report again is quiet"
    );
    assert_eq!(held, as_reviewed);
    assert!(pass_on(&mut held, "r", "王经理 (HQ)", now()));
    let passed = held.clone();
    let mut later = first;
    later.sent_at = Some(at(2026, 11, 14));
    receive(&mut held, &[later, other_name], &r07(), now());
    assert_eq!(held, passed);
    assert_eq!(held[0].state(), State::PassedOn);
    assert!(waiting_review(&held, day(2026, 11, 15)).is_empty());
}

#[test]
fn head_office_s_bundle_brings_no_reports_and_a_rep_s_no_returns() {
    let mut held = Vec::new();
    let (taken, refused) = receive(
        &mut held,
        &[sent("h", "2026-11", at(2026, 11, 14))],
        &Sender::HeadOffice,
        now(),
    );
    assert_eq!((taken, refused.len(), held.len()), (0, 1, 0));
    let mut mine = vec![sent("r", "2026-10", at(2026, 10, 31))];
    let back = [Returned {
        id: "r".into(),
        review: step(at(2026, 11, 1)),
        passed_on: step(at(2026, 11, 2)),
    }];
    for sender in [r07(), rep("HQ", "王经理"), rep("", "")] {
        assert_eq!(take_returned(&mut mine, &back, &sender, now()), 0);
    }
    assert_eq!(mine[0].state(), State::Sent);
    // The preview counts neither.
    let both = Contents {
        reports: vec![sent("h", "2026-11", at(2026, 11, 14))],
        report_returns: back.to_vec(),
        ..Contents::default()
    };
    let p = plan(&both, &Local::default(), &from(&Sender::HeadOffice));
    assert_eq!((p.summary.reports, p.summary.report_returns), (0, 1));
    let p = plan(&both, &Local::default(), &from(&r07()));
    assert_eq!((p.summary.reports, p.summary.report_returns), (1, 0));
}

#[test]
fn head_office_s_word_is_taken_only_dated_by_now_and_with_a_review() {
    let latest = now() + MAX_SKEW;
    let mut mine = vec![
        sent("future", "2026-10", at(2026, 10, 31)),
        sent("passed-only", "2026-10", at(2026, 10, 31)),
        sent("passed-ahead", "2026-10", at(2026, 10, 31)),
        sent("edge", "2026-10", at(2026, 10, 31)),
        sent("huge", "2026-10", at(2026, 10, 31)),
        Report {
            id: "draft".into(),
            month: "2026-11".into(),
            ..Report::default()
        },
    ];
    let back = vec![
        Returned {
            id: "future".into(),
            review: step(latest + Duration::seconds(1)),
            passed_on: step(at(2026, 11, 2)),
        },
        Returned {
            id: "passed-only".into(),
            review: None,
            passed_on: step(at(2026, 11, 2)),
        },
        Returned {
            id: "passed-ahead".into(),
            review: step(at(2026, 11, 1)),
            passed_on: step(DateTime::<Utc>::MAX_UTC),
        },
        Returned {
            id: "edge".into(),
            review: step(latest),
            passed_on: None,
        },
        Returned {
            id: "huge".into(),
            review: Some(Step {
                by: huge(),
                at: at(2026, 11, 1),
                note: huge(),
            }),
            passed_on: None,
        },
        Returned {
            id: "draft".into(),
            review: step(at(2026, 11, 1)),
            passed_on: None,
        },
        Returned {
            id: "unknown".into(),
            review: step(at(2026, 11, 1)),
            passed_on: None,
        },
    ];
    assert_eq!(
        take_returned(&mut mine, &back, &Sender::HeadOffice, now()),
        3
    );
    let states: Vec<(&str, State)> = mine.iter().map(|r| (r.id.as_str(), r.state())).collect();
    assert_eq!(
        states,
        [
            ("future", State::Sent),
            ("passed-only", State::Sent),
            ("passed-ahead", State::Reviewed),
            ("edge", State::Reviewed),
            ("huge", State::Reviewed),
            ("draft", State::Draft),
        ]
    );
    let h = mine[4].review.as_ref().unwrap();
    assert_eq!(
        (h.by.chars().count(), h.note.chars().count()),
        (200, MAX_TEXT)
    );
    assert_eq!(mine.len(), 6, "nothing added");
    // A clock at the end of time does not panic.
    take_returned(
        &mut mine,
        &back,
        &Sender::HeadOffice,
        DateTime::<Utc>::MAX_UTC,
    );
    // Thousands of returns: at most MAX_REPORTS read, none panics.
    let many: Vec<Returned> = (0..5_000)
        .map(|i| Returned {
            id: format!("r{i}"),
            review: step(at(2026, 11, 1)),
            passed_on: None,
        })
        .collect();
    let mut lots: Vec<Report> = (0..5_000)
        .map(|i| sent(&format!("r{i}"), "2026-10", at(2026, 10, 31)))
        .collect();
    assert_eq!(
        take_returned(&mut lots, &many, &Sender::HeadOffice, now()),
        MAX_REPORTS
    );
}

#[test]
fn owed_and_waiting_review_hold_on_odd_months_and_dates() {
    // A since still to come: nothing owed.
    assert!(owed(&[], month("2027-03"), day(2026, 11, 25)).is_empty());
    // Reports of odd months count for no month.
    let odd =
        [" 2026-11", "+2026-11", "2026-13", "", "2026-1"].map(|m| sent(m, m, at(2026, 11, 20)));
    assert_eq!(
        owed(&odd, month("2026-11"), day(2026, 11, 25))
            .iter()
            .map(|o| o.month.label())
            .collect::<Vec<_>>(),
        ["2026-11"]
    );
    // The first month of the calendar: no panic, its one month late.
    let first = Month::of(NaiveDate::MIN);
    let o = owed(&[], first, first.first_day() + Duration::days(55));
    assert_eq!(o.len(), 2);
    assert!(o[0].late);
    // Head office with odd months and days: nothing panics, an odd month is never late.
    let mut received = vec![
        sent("ok", "2026-10", at(2026, 10, 31)),
        sent("last", &Month::of(NaiveDate::MAX).label(), at(2026, 10, 31)),
        sent(
            "first",
            &Month::of(NaiveDate::MIN).label(),
            at(2026, 10, 31),
        ),
    ];
    received.extend(odd);
    for today in [NaiveDate::MIN, NaiveDate::MAX, day(2026, 11, 25)] {
        let w = waiting_review(&received, today);
        assert_eq!(w.len(), received.len());
        for (r, late) in w {
            if r.month().is_none() {
                assert!(!late, "{:?} is no month", r.month);
            }
        }
    }
    assert!(
        waiting_review(&received, NaiveDate::MAX)
            .iter()
            .any(|(r, late)| r.id == "ok" && *late)
    );
}

#[test]
fn owed_at_the_end_of_the_calendar_lists_its_month_once() {
    let last = Month::of(NaiveDate::MAX);
    // Sent: nothing owed. Today this never returns, so it runs on a thread of its own.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mine = [sent("x", &last.label(), at(2026, 11, 1))];
        let _ = tx.send(owed(&mine, last, NaiveDate::MAX).len());
    });
    let n = rx.recv_timeout(std::time::Duration::from_secs(60));
    assert_eq!(n, Ok(0), "owed did not return");
    // Not sent: owed once, not MAX_REPORTS times.
    assert_eq!(owed(&[], last, NaiveDate::MAX).len(), 1);
}

#[test]
fn owed_since_decades_ago_still_lists_this_month() {
    let o = owed(&[], month("1990-01"), day(2026, 11, 25));
    assert_eq!(o.len(), MAX_REPORTS);
    assert_eq!(o.last().unwrap().month, month("2026-11"));
}

#[test]
fn head_office_lists_waiting_reports_oldest_month_first() {
    let mut held = Vec::new();
    let incoming = [
        sent("now", "2026-10", at(2026, 10, 31)),
        sent("old", "999-12", at(2026, 10, 31)),
        sent("zero", "0-01", at(2026, 10, 31)),
    ];
    receive(&mut held, &incoming, &r07(), now());
    let w = waiting_review(&held, day(2026, 11, 15));
    let months: Vec<Option<Month>> = w.iter().map(|(r, _)| r.month()).collect();
    let mut sorted = months.clone();
    sorted.sort();
    assert_eq!(months, sorted);
}

fn entry(no: &str, name: &str, updated: DateTime<Utc>) -> CatalogueEntry {
    CatalogueEntry {
        id: no.into(),
        archive_no: no.into(),
        status: Default::default(),
        secret: Default::default(),
        name: name.into(),
        region: String::new(),
        industry: String::new(),
        importance: Default::default(),
        grade_established: CreditGrade::A,
        new_until: at(2000, 1, 1),
        contact: String::new(),
        phone: String::new(),
        updated_at: updated,
        search: String::new(),
        sealed: false,
        best_visit_time: String::new(),
        created_at: None,
        last_review: None,
        graded_at: None,
        emergency: false,
        closed_on: None,
        relation: Default::default(),
        sales: Default::default(),
        occasions: Vec::new(),
    }
}

#[test]
fn a_draft_leaves_sealed_files_out_and_holds_at_odd_dates() {
    let mut open = entry("R07-2024-00001", "江门安信", at(2026, 11, 3));
    open.emergency = true;
    let mut sealed = entry("R07-2024-00002", "机密客户", at(2026, 11, 3));
    sealed.sealed = true;
    sealed.emergency = true;
    let mut sealed_blank = entry("R07-2024-00003", "", DateTime::<Utc>::MIN_UTC);
    sealed_blank.sealed = true;
    let entries = [open, sealed, sealed_blank];
    let d = draft(&entries, &[], month("2026-11"), at(2026, 11, 28));
    assert_eq!(d.grade_a, "R07-2024-00001 江门安信: ");
    assert_eq!(d.emergencies, "R07-2024-00001 江门安信: ");
    let all = [&d.grade_a, &d.grade_b, &d.grade_c, &d.emergencies].map(|s| s.as_str());
    assert!(
        all.iter()
            .all(|s| !s.contains("00002") && !s.contains("00003"))
    );
    assert_eq!(
        (d.id.as_str(), d.sent_at, d.state()),
        ("", None, State::Draft)
    );
    // Odd dates: no panic.
    let odd = [
        entry("a", "a", DateTime::<Utc>::MIN_UTC),
        entry("b", "b", DateTime::<Utc>::MAX_UTC),
    ];
    for (m, now) in [
        (Month::of(NaiveDate::MIN), DateTime::<Utc>::MIN_UTC),
        (Month::of(NaiveDate::MAX), DateTime::<Utc>::MAX_UTC),
    ] {
        let d = draft(&odd, &[], m, now);
        assert_eq!(d.month, m.label());
    }
}

#[test]
fn a_draft_of_a_busy_month_arrives_whole() {
    let entries: Vec<CatalogueEntry> = (0..3_000)
        .map(|i| entry(&format!("R07-2024-{i:05}"), "江门安信", at(2026, 11, 3)))
        .collect();
    let mut d = draft(&entries, &[], month("2026-11"), at(2026, 11, 28));
    d.id = "busy".into();
    d.rep_code = "R07".into();
    d.sent_at = Some(at(2026, 11, 14));
    let mut held = Vec::new();
    receive(&mut held, std::slice::from_ref(&d), &r07(), now());
    let (kept, sent) = (held[0].grade_a.chars().count(), d.grade_a.chars().count());
    assert!(
        held[0].grade_a == d.grade_a,
        "head office reads {kept} of the {sent} characters sent"
    );
}
