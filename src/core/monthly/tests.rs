//! The monthly report's dates, drafts and travel, on cases worked out by hand.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::core::customer::model::{CreditAssignment, Customer, Emergency};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0).unwrap()
}

fn month(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn rep() -> Sender {
    Sender::Rep {
        code: "R07".into(),
        name: "李伟".into(),
    }
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

#[test]
fn a_report_is_due_at_its_month_end_and_reviewed_within_five_days() {
    assert_eq!(due(month("2026-11")), day(2026, 11, 30));
    assert_eq!(due(month("2027-02")), day(2027, 2, 28));
    assert_eq!(due(month("2028-02")), day(2028, 2, 29));
    assert_eq!(review_due(month("2026-11")), day(2026, 12, 5));
    assert_eq!(review_due(month("2026-12")), day(2027, 1, 5));
    let mut r = sent("r1", "2026-11", at(2026, 11, 30));
    assert_eq!(r.state(), State::Sent);
    r.sent_at = None;
    assert_eq!(r.state(), State::Draft);
}

#[test]
fn the_rep_owes_each_month_since_it_began_that_is_due_within_a_week_or_late() {
    // Began in September; September's report sent, October's not.
    let mine = vec![sent("r9", "2026-09", at(2026, 9, 30))];
    // 25 November: October's is late (due 31 October); November's is due in 5 days.
    assert_eq!(
        owed(&mine, month("2026-09"), day(2026, 11, 25)),
        vec![
            Owed {
                month: month("2026-10"),
                due: day(2026, 10, 31),
                late: true
            },
            Owed {
                month: month("2026-11"),
                due: day(2026, 11, 30),
                late: false
            },
        ]
    );
    // 20 November: November's is 10 days off, not yet on the agenda.
    assert_eq!(owed(&mine, month("2026-09"), day(2026, 11, 20)).len(), 1);
    // A draft is still owed; once sent, not.
    let mut more = mine.clone();
    let mut oct = sent("r10", "2026-10", at(2026, 11, 2));
    oct.sent_at = None;
    more.push(oct.clone());
    assert_eq!(owed(&more, month("2026-09"), day(2026, 11, 20)).len(), 1);
    oct.sent_at = Some(at(2026, 11, 21));
    more[1] = oct;
    assert!(owed(&more, month("2026-09"), day(2026, 11, 21)).is_empty());
    // A rep who began this month owes nothing for the months before.
    assert!(owed(&[], month("2026-11"), day(2026, 11, 10)).is_empty());
}

#[test]
fn head_office_sees_reports_waiting_review_and_which_are_late() {
    let received = vec![
        sent("a", "2026-10", at(2026, 10, 31)),
        sent("b", "2026-11", at(2026, 11, 30)),
    ];
    // 5 November is October's last day to review it; the 6th is late.
    let w = waiting_review(&received, day(2026, 11, 5));
    assert_eq!(
        w.iter()
            .map(|(r, l)| (r.id.as_str(), *l))
            .collect::<Vec<_>>(),
        [("a", false), ("b", false)]
    );
    let w = waiting_review(&received, day(2026, 11, 6));
    assert_eq!(w[0], (&received[0], true));
    let mut reviewed = received.clone();
    assert!(review(
        &mut reviewed,
        "a",
        "王经理 (HQ)",
        "已阅",
        at(2026, 11, 3)
    ));
    assert!(!review(
        &mut reviewed,
        "a",
        "王经理 (HQ)",
        "again",
        at(2026, 11, 4)
    ));
    assert_eq!(waiting_review(&reviewed, day(2026, 12, 9)).len(), 1);
    assert_eq!(reviewed[0].state(), State::Reviewed);
    assert!(
        !pass_on(&mut reviewed, "b", "王经理 (HQ)", at(2026, 12, 9)),
        "not reviewed"
    );
    assert!(pass_on(&mut reviewed, "a", "王经理 (HQ)", at(2026, 11, 4)));
    assert_eq!(reviewed[0].state(), State::PassedOn);
}

#[test]
fn a_draft_lists_the_month_s_changed_files_by_grade_the_proposals_and_emergencies() {
    let mut a = Customer {
        id: "a".into(),
        archive_no: "R07-2024-00001".into(),
        created_at: at(2024, 1, 1),
        updated_at: at(2026, 11, 12),
        ..Customer::default()
    };
    a.basic.name = "江门安信".into();
    a.credit = Some(CreditAssignment {
        grade: CreditGrade::A,
        by: "王经理".into(),
        at: at(2025, 1, 1),
        reason: String::new(),
    });
    let mut b = Customer {
        id: "b".into(),
        archive_no: "R07-2024-00002".into(),
        created_at: at(2024, 1, 1),
        updated_at: at(2026, 11, 2),
        ..Customer::default()
    };
    b.basic.name = "中山同兴".into();
    b.emergency = Some(Emergency {
        kind: Default::default(),
        at: at(2026, 11, 2),
        by: "李伟".into(),
        note: String::new(),
    });
    let mut untouched = a.clone();
    untouched.id = "c".into();
    untouched.archive_no = "R07-2024-00003".into();
    untouched.updated_at = at(2026, 10, 30);
    let entries: Vec<CatalogueEntry> = [a, b, untouched].iter().map(CatalogueEntry::of).collect();
    let proposals = vec![("R07-2024-00002 → B".to_owned(), "回款及时".to_owned())];
    let d = draft(&entries, &proposals, month("2026-11"), at(2026, 11, 28));
    assert_eq!(d.month, "2026-11");
    assert_eq!(d.grade_a, "R07-2024-00001 江门安信: ");
    assert_eq!(d.grade_b, "");
    assert_eq!(d.grade_c, "R07-2024-00002 中山同兴: ");
    assert_eq!(d.proposals, "R07-2024-00002 → B: 回款及时");
    assert_eq!(d.emergencies, "R07-2024-00002 中山同兴: ");
    assert_eq!(d.state(), State::Draft);
}

#[test]
fn head_office_takes_a_report_only_as_the_enrolled_rep_s_own_and_keeps_its_review() {
    let now = at(2026, 12, 1);
    let mut held = Vec::new();
    let mut forged_review = sent("r11", "2026-11", at(2026, 11, 30));
    forged_review.review = Some(Step {
        by: "王经理 (HQ)".into(),
        at: at(2026, 11, 30),
        note: "已阅".into(),
    });
    forged_review.rep_name = "Somebody else".into();
    let mut other_rep = sent("x", "2026-11", at(2026, 11, 30));
    other_rep.rep_code = "R08".into();
    let mut unsent = sent("u", "2026-11", at(2026, 11, 30));
    unsent.sent_at = None;
    let future = sent("f", "2027-01", at(2026, 11, 30));
    let mut long = sent("l", "2026-10", at(2026, 10, 31));
    long.other = "长".repeat(MAX_TEXT + 10);
    let (taken, refused) = receive(
        &mut held,
        &[forged_review, other_rep, unsent, future, long],
        &rep(),
        now,
    );
    assert_eq!(taken, 2);
    assert_eq!(
        refused,
        vec![
            ("x".to_owned(), Refusal::NotTheSender),
            ("u".to_owned(), Refusal::NotSent),
            ("f".to_owned(), Refusal::NotSent),
        ]
    );
    assert_eq!(
        held[0].review, None,
        "a review is head office's, never the rep's"
    );
    assert_eq!(held[0].rep_name, "李伟", "the name as enrolled");
    assert_eq!(held[1].other.chars().count(), MAX_TEXT);

    // Reviewed here: the rep's rewritten text does not replace what was reviewed.
    assert!(review(&mut held, "r11", "王经理 (HQ)", "已阅", now));
    let mut rewritten = sent("r11", "2026-11", at(2026, 11, 30));
    rewritten.grade_a = "改写".into();
    let (taken, refused) = receive(&mut held, &[rewritten], &rep(), now);
    assert_eq!(
        (taken, refused),
        (0, vec![("r11".to_owned(), Refusal::Reviewed)])
    );
    assert_eq!(held[0].grade_a, "江门安信: 新增订单");
    // The same text sent again, as every bundle does until the review comes back: quiet.
    let again = sent("r11", "2026-11", at(2026, 11, 30));
    assert_eq!(receive(&mut held, &[again], &rep(), now), (0, vec![]));
    // Not yet reviewed, a corrected text replaces the first.
    let mut corrected = sent("l", "2026-10", at(2026, 10, 31));
    corrected.other = "更正".into();
    assert_eq!(receive(&mut held, &[corrected], &rep(), now).0, 1);
    assert_eq!(held[1].other, "更正");
    // Head office's own bundle brings no reports.
    let (taken, refused) = receive(
        &mut held,
        &[sent("h", "2026-11", at(2026, 11, 30))],
        &Sender::HeadOffice,
        now,
    );
    assert_eq!((taken, refused.len()), (0, 1));
    // Another rep may not take over a report id held for R07.
    let r08 = Sender::Rep {
        code: "R08".into(),
        name: "张".into(),
    };
    let mut stolen = sent("l", "2026-10", at(2026, 10, 31));
    stolen.rep_code = "R08".into();
    let (taken, refused) = receive(&mut held, &[stolen], &r08, now);
    assert_eq!(
        (taken, refused),
        (0, vec![("l".to_owned(), Refusal::NotTheSender)])
    );
    assert_eq!(held[1].rep_code, "R07");
}

#[test]
fn the_rep_takes_head_office_s_word_only_from_head_office_on_its_own_sent_reports() {
    let now = at(2026, 12, 6);
    let mut mine = vec![
        sent("r11", "2026-11", at(2026, 11, 30)),
        Report {
            id: "draft".into(),
            month: "2026-12".into(),
            ..Report::default()
        },
    ];
    let step = |on: DateTime<Utc>| {
        Some(Step {
            by: "王经理 (HQ)".into(),
            at: on,
            note: "已阅".into(),
        })
    };
    let back = vec![
        Returned {
            id: "r11".into(),
            review: step(at(2026, 12, 2)),
            passed_on: step(at(2026, 12, 3)),
        },
        Returned {
            id: "draft".into(),
            review: step(at(2026, 12, 2)),
            passed_on: None,
        },
        Returned {
            id: "unknown".into(),
            review: step(at(2026, 12, 2)),
            passed_on: None,
        },
    ];
    assert_eq!(
        take_returned(&mut mine, &back, &rep(), now),
        0,
        "a rep's word is not head office's"
    );
    assert_eq!(take_returned(&mut mine, &back, &Sender::HeadOffice, now), 1);
    assert_eq!(mine[0].state(), State::PassedOn);
    assert_eq!(mine[1].state(), State::Draft, "a draft was never sent");
    // The same word again changes nothing; a review dated a year ahead is not taken.
    assert_eq!(take_returned(&mut mine, &back, &Sender::HeadOffice, now), 0);
    let mut later = vec![sent("r12", "2026-12", at(2026, 12, 1))];
    let ahead = vec![Returned {
        id: "r12".into(),
        review: step(at(2027, 12, 1)),
        passed_on: None,
    }];
    assert_eq!(
        take_returned(&mut later, &ahead, &Sender::HeadOffice, now),
        0
    );
    assert_eq!(later[0].state(), State::Sent);
    // What travels: the sent, unanswered reports one way, head office's word the other.
    assert_eq!(to_send(&later).len(), 1);
    assert!(to_send(&mine).is_empty());
    let mut held = vec![sent("r12", "2026-12", at(2026, 12, 1))];
    assert!(to_return(&held, "R07").is_empty());
    review(&mut held, "r12", "王经理 (HQ)", "", now);
    assert_eq!(to_return(&held, "R07").len(), 1);
    assert!(to_return(&held, "R08").is_empty());
}

#[test]
fn head_office_keeps_one_report_per_rep_and_month() {
    let now = at(2026, 12, 1);
    let mut held = Vec::new();
    receive(
        &mut held,
        &[sent("first", "2026-11", at(2026, 11, 29))],
        &rep(),
        now,
    );
    // Written anew before the review: the new one takes its place.
    let mut again = sent("second", "2026-11", at(2026, 11, 30));
    again.grade_a = "重写".into();
    assert_eq!(receive(&mut held, &[again], &rep(), now).0, 1);
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].id.as_str(), held[0].grade_a.as_str()),
        ("second", "重写")
    );
    // Once reviewed, a third is refused and the reviewed one stays.
    assert!(review(&mut held, "second", "王经理 (HQ)", "", now));
    let third = sent("third", "2026-11", at(2026, 11, 30));
    let (taken, refused) = receive(&mut held, &[third], &rep(), now);
    assert_eq!(
        (taken, refused),
        (0, vec![("third".to_owned(), Refusal::Reviewed)])
    );
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].id, "second");
}
