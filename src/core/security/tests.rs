//! The rules for security events and leak reports, and what a hostile bundle may not do.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::leak::{self, MAX_ARCHIVE_NO, MAX_FILES, MAX_WHAT};
use super::*;
use crate::core::authority::Sender;
use crate::core::vault::Failures;

fn t(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000 + s, 0).unwrap()
}

fn rep() -> Sender {
    Sender::Rep {
        code: "R07".into(),
        name: "Li Wei".into(),
    }
}

fn failed(count: u32, at: i64) -> SecurityEvent {
    SecurityEvent::failed_unlocks(
        &Failures {
            count,
            last_at: Some(t(at - 60)),
        },
        t(at),
    )
    .unwrap()
}

fn event(kind: EventKind, at: i64) -> SecurityEvent {
    SecurityEvent::new(kind, t(at))
}

fn report(id: &str, at: i64) -> LeakReport {
    LeakReport {
        id: id.into(),
        at: t(at),
        what: "客户名单被拍照".into(),
        when: Some(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
        files: vec!["R07-2026-0001".into()],
        by: "Li Wei (R07)".into(),
        from: None,
        handled: None,
    }
}

#[test]
fn five_failed_unlocks_since_the_last_success_raise_an_alarm_four_do_not() {
    assert!(!failed(ALARM_FAILED_UNLOCKS - 1, 0).is_alarm());
    assert!(failed(ALARM_FAILED_UNLOCKS, 0).is_alarm());
    assert!(failed(40, 0).is_alarm());
}

#[test]
fn a_recovery_key_use_and_any_integrity_failure_are_alarms_routine_changes_are_not() {
    let alarm = |k: EventKind| event(k, 0).is_alarm();
    assert!(alarm(EventKind::RecoveryKeyUsed));
    assert!(alarm(EventKind::SealedRecordFailed {
        store: "customers".into(),
        record: "01J".into(),
    }));
    assert!(alarm(EventKind::ViewingRecordBroken { entry: 3 }));
    assert!(!alarm(EventKind::PassphraseChanged));
    assert!(!alarm(EventKind::Restored { backup_made: t(-9) }));
}

#[test]
fn failures_before_an_unlock_become_one_event_with_their_count_and_last_time() {
    let e = failed(3, 100);
    assert_eq!(
        e.kind,
        EventKind::FailedUnlocks {
            count: 3,
            last_at: t(40)
        }
    );
    assert_eq!(
        e.at,
        t(100),
        "recorded at the unlock, what the next export compares"
    );
    assert!(SecurityEvent::failed_unlocks(&Failures::default(), t(0)).is_none());
    // Two events recorded in the same millisecond still differ.
    assert_ne!(failed(1, 0).id, failed(1, 0).id);
}

#[test]
fn an_integrity_failure_found_at_every_read_is_one_event() {
    let kind = || EventKind::SealedRecordFailed {
        store: "customers".into(),
        record: "01JABC".into(),
    };
    let first = SecurityEvent::integrity(kind(), t(0));
    let again = SecurityEvent::integrity(kind(), t(50));
    assert_eq!(first.id, again.id);
    let mut held = vec![first];
    assert_eq!(add_events(&mut held, &[again]), 0);
    assert_eq!(held.len(), 1);
}

#[test]
fn head_office_takes_events_from_a_rep_only_stamped_with_the_enrolled_rep_and_device() {
    let mut claimed = failed(6, 0);
    claimed.from = Some(Origin {
        device: "someone-else".into(),
        rep_code: "R01".into(),
        name: "王经理".into(),
    });
    let got = receive(&[claimed.clone()], &[], &rep(), "dev7", t(10));
    assert_eq!(got.refused, 0);
    assert_eq!(
        got.events[0].from,
        Some(Origin {
            device: "dev7".into(),
            rep_code: "R07".into(),
            name: "Li Wei".into(),
        }),
        "what the bundle says of its origin is replaced"
    );
    // Head office's bundle to a rep carries none; whatever one carries is left out.
    let from_office = receive(
        &[claimed],
        &[report("L1", 0)],
        &Sender::HeadOffice,
        "HQ",
        t(10),
    );
    assert!(from_office.events.is_empty() && from_office.leaks.is_empty());
    assert_eq!(from_office.refused, 2);
}

#[test]
fn events_malformed_dated_in_the_future_or_of_an_unknown_kind_are_left_out() {
    let now = t(0);
    let ok = failed(2, 0);
    let future = failed(2, (MAX_SKEW + Duration::minutes(1)).num_seconds());
    let within_skew = failed(2, (MAX_SKEW - Duration::minutes(1)).num_seconds());
    let no_id = SecurityEvent {
        id: String::new(),
        ..failed(2, 0)
    };
    let long_id = SecurityEvent {
        id: "x".repeat(MAX_ID + 1),
        ..failed(2, 0)
    };
    let control = SecurityEvent {
        id: "a\u{0}b".into(),
        ..failed(2, 0)
    };
    let zero = SecurityEvent {
        kind: EventKind::FailedUnlocks {
            count: 0,
            last_at: t(-1),
        },
        ..failed(2, 0)
    };
    let last_after_record = SecurityEvent {
        kind: EventKind::FailedUnlocks {
            count: 9,
            last_at: t(5),
        },
        ..failed(2, 0)
    };
    let undated = SecurityEvent {
        at: DateTime::UNIX_EPOCH,
        ..event(EventKind::PassphraseChanged, 0)
    };
    let unknown = event(EventKind::Unknown, 0);
    let long_store = event(
        EventKind::SealedRecordFailed {
            store: "s".repeat(MAX_ID + 1),
            record: "r".into(),
        },
        0,
    );
    let got = receive(
        &[
            ok.clone(),
            future,
            within_skew.clone(),
            no_id,
            long_id,
            control,
            zero,
            last_after_record,
            undated,
            unknown,
            long_store,
        ],
        &[],
        &rep(),
        "dev7",
        now,
    );
    let ids: Vec<&str> = got.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec![within_skew.id.as_str(), ok.id.as_str()]);
    assert_eq!(got.refused, 9);
}

#[test]
fn a_kind_from_a_newer_build_is_read_as_unknown_and_an_old_payload_still_reads() {
    let newer: SecurityEvent = serde_json::from_str(
        r#"{"id":"e1","at":"2026-11-22T06:02:00Z","kind":{"type":"camera_covered","side":"left"}}"#,
    )
    .unwrap();
    assert_eq!(newer.kind, EventKind::Unknown);
    let bare: SecurityEvent = serde_json::from_str(r#"{"id":"e2"}"#).unwrap();
    assert_eq!(bare.kind, EventKind::Unknown);
    let bare: LeakReport = serde_json::from_str(r#"{"id":"L"}"#).unwrap();
    assert_eq!(bare.handled, None);
    // And an event survives the trip as the laptop wrote it.
    let e = failed(3, 0);
    let back: SecurityEvent = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
    assert_eq!(back, e);
}

#[test]
fn one_id_repeated_within_a_bundle_counts_once() {
    let e = failed(2, 0);
    let got = receive(&[e.clone(), e.clone(), e], &[], &rep(), "dev7", t(0));
    assert_eq!(got.events.len(), 1);
    assert_eq!(got.refused, 2);
}

#[test]
fn a_hostile_bundle_brings_at_most_the_bound_and_its_alarms_are_kept_first() {
    let mut many: Vec<SecurityEvent> = (0..MAX_EVENTS_IN as i64 + 100)
        .map(|i| event(EventKind::PassphraseChanged, i))
        .collect();
    let alarm = event(EventKind::RecoveryKeyUsed, -1_000);
    many.push(alarm.clone());
    let got = receive(&many, &[], &rep(), "dev7", t(10_000));
    assert_eq!(got.events.len(), MAX_EVENTS_IN);
    assert_eq!(got.refused, 101);
    assert_eq!(got.events[0].id, alarm.id, "the oldest event, but an alarm");
    let leaks: Vec<LeakReport> = (0..MAX_LEAKS_IN as i64 + 5)
        .map(|i| report(&format!("L{i}"), i))
        .collect();
    let got = receive(&[], &leaks, &rep(), "dev7", t(10_000));
    assert_eq!(got.leaks.len(), MAX_LEAKS_IN);
    assert_eq!(got.refused, 5);
}

#[test]
fn an_event_carried_by_two_bundles_or_sent_again_from_a_restored_laptop_is_kept_once() {
    let e = failed(6, 0);
    let first = receive(std::slice::from_ref(&e), &[], &rep(), "old-laptop", t(10)).events;
    let again = receive(std::slice::from_ref(&e), &[], &rep(), "new-laptop", t(20)).events;
    let mut held = Vec::new();
    assert_eq!(add_events(&mut held, &first), 1);
    assert_eq!(add_events(&mut held, &first), 0);
    assert_eq!(add_events(&mut held, &again), 0);
    assert_eq!(held[0].from.as_ref().unwrap().device, "old-laptop");
    // Another rep's event with the same id is another event: no rep hides another's.
    let other = Sender::Rep {
        code: "R08".into(),
        name: "Zhao".into(),
    };
    let theirs = receive(&[e], &[], &other, "dev8", t(30)).events;
    assert_eq!(add_events(&mut held, &theirs), 1);
}

#[test]
fn a_flood_of_routine_events_does_not_push_an_alarm_out() {
    let alarm = receive(&[failed(9, 0)], &[], &rep(), "dev7", t(0)).events;
    let mut held = alarm.clone();
    for round in 0..3 {
        let flood: Vec<SecurityEvent> = (0..MAX_EVENTS_IN as i64)
            .map(|i| event(EventKind::PassphraseChanged, 1_000 * (round + 1) + i))
            .collect();
        let flood = receive(&flood, &[], &rep(), "dev7", t(100_000)).events;
        add_events(&mut held, &flood);
    }
    assert_eq!(held.len(), MAX_HELD);
    assert!(held.contains(&alarm[0]));
    // Another device's events are not pushed out by this one's.
    let mut held = receive(&[failed(1, 0)], &[], &rep(), "dev6", t(0)).events;
    let flood: Vec<SecurityEvent> = (0..MAX_EVENTS_IN as i64)
        .map(|i| event(EventKind::PassphraseChanged, i + 1))
        .collect();
    add_events(
        &mut held,
        &receive(&flood, &[], &rep(), "dev7", t(100_000)).events,
    );
    add_events(
        &mut held,
        &receive(&flood[..1], &[], &rep(), "dev7", t(100_000)).events,
    );
    assert!(
        held.iter()
            .any(|e| e.from.as_ref().unwrap().device == "dev6")
    );
}

#[test]
fn a_laptop_sends_its_own_events_recorded_after_head_offices_acknowledgement() {
    let old = failed(2, 0);
    let new = event(EventKind::PassphraseChanged, 100);
    let mut received = failed(7, 200);
    received.from = Some(Origin::default());
    let held = vec![old.clone(), new.clone(), received];
    assert_eq!(to_send(&held, Some(t(50))), vec![new.clone()]);
    assert_eq!(
        to_send(&held, None),
        vec![new, old],
        "everything: never another's"
    );
}

#[test]
fn head_office_sees_events_per_device_with_alarmed_devices_first() {
    let quiet = receive(
        &[event(EventKind::PassphraseChanged, 500)],
        &[],
        &rep(),
        "dev7",
        t(1_000),
    )
    .events;
    let other = Sender::Rep {
        code: "R08".into(),
        name: "Zhao".into(),
    };
    let alarmed = receive(
        &[failed(2, 10), failed(5, 20)],
        &[],
        &other,
        "dev8",
        t(1_000),
    )
    .events;
    let own = vec![event(EventKind::Restored { backup_made: t(0) }, 900)];
    let mut held = Vec::new();
    for list in [&quiet, &alarmed, &own] {
        add_events(&mut held, list);
    }
    let devices = by_device(&held);
    let names: Vec<Option<&str>> = devices
        .iter()
        .map(|d| d.from.as_ref().map(|o| o.rep_code.as_str()))
        .collect();
    assert_eq!(names, vec![Some("R08"), None, Some("R07")]);
    assert_eq!(devices[0].alarms, 1);
    assert_eq!(devices[0].events[0].at, t(20), "newest first");
}

#[test]
fn the_leak_form_needs_what_leaked_and_takes_a_past_date_and_archive_numbers() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let draft = |what: &str, when: &str, files: &str| LeakDraft {
        what: what.into(),
        when: when.into(),
        files: files.into(),
    };
    let file = |d: LeakDraft| d.file("L1".into(), "Li Wei (R07)", t(0), today);
    assert_eq!(file(draft("  ", "", "")), Err(LeakProblem::WhatMissing));
    assert_eq!(
        file(draft(&"泄".repeat(MAX_WHAT + 1), "", "")),
        Err(LeakProblem::WhatTooLong)
    );
    assert_eq!(
        file(draft("x", "2026-11-23", "")),
        Err(LeakProblem::WhenInFuture)
    );
    assert_eq!(file(draft("x", "23/11", "")), Err(LeakProblem::WhenInvalid));
    let many: Vec<String> = (0..=MAX_FILES)
        .map(|i| format!("R07-2026-{i:04}"))
        .collect();
    assert_eq!(
        file(draft("x", "", &many.join(","))),
        Err(LeakProblem::TooManyFiles)
    );
    assert_eq!(
        file(draft("x", "", &"9".repeat(MAX_ARCHIVE_NO + 1))),
        Err(LeakProblem::FileTooLong)
    );
    let r = file(draft(
        " 报价单被竞争对手看到 ",
        "2026-11-20",
        "R07-2026-0001，R07-2026-0002、R07-2026-0001\nR07-2026-0003",
    ))
    .unwrap();
    assert_eq!(r.what, "报价单被竞争对手看到");
    assert_eq!(r.when, NaiveDate::from_ymd_opt(2026, 11, 20));
    assert_eq!(r.files, ["R07-2026-0001", "R07-2026-0002", "R07-2026-0003"]);
    assert_eq!(
        (r.by.as_str(), r.from.clone(), r.handled.clone()),
        ("Li Wei (R07)", None, None)
    );
}

#[test]
fn a_received_leak_report_names_the_enrolled_rep_arrives_unhandled_and_is_cut_to_bounds() {
    let mut forged = report("L1", 0);
    forged.by = "王经理 (HQ)".into();
    forged.handled = Some(Handled {
        by: "王经理 (HQ)".into(),
        at: t(0),
    });
    forged.what = "泄".repeat(MAX_WHAT + 500);
    forged.files = (0..MAX_FILES + 10)
        .map(|i| format!("R07-2026-{i:04}"))
        .chain(["x".repeat(MAX_ARCHIVE_NO + 1)])
        .collect();
    forged.when = NaiveDate::from_ymd_opt(2999, 1, 1);
    let mut future = report("L2", 0);
    future.at = t((MAX_SKEW + Duration::hours(1)).num_seconds());
    let got = receive(&[], &[forged, future, report("", 0)], &rep(), "dev7", t(0));
    assert_eq!(
        got.refused, 2,
        "the one filed in the future and the one without id"
    );
    let r = &got.leaks[0];
    assert_eq!(r.by, "Li Wei (R07)");
    assert_eq!(r.handled, None);
    assert_eq!(r.what.chars().count(), MAX_WHAT);
    assert_eq!(r.files.len(), MAX_FILES);
    assert_eq!(r.when, None, "a leak dated 2999 keeps no date");
    assert_eq!(r.from.as_ref().unwrap().device, "dev7");
}

#[test]
fn leak_reports_wait_at_the_top_until_marked_handled_and_a_copy_sent_again_stays_handled() {
    let incoming = receive(
        &[],
        &[report("L1", 0), report("L2", 10)],
        &rep(),
        "dev7",
        t(100),
    )
    .leaks;
    let mut held = vec![report("own", 5)];
    assert_eq!(leak::add_leaks(&mut held, &incoming), 2);
    let key = held.iter().find(|r| r.id == "L2").unwrap().key();
    assert_eq!(key, "R07:L2");
    leak::mark_handled(&mut held, &key, "Wang Jing (HQ)", t(200)).unwrap();
    assert_eq!(
        leak::mark_handled(&mut held, &key, "someone", t(300)),
        Err(HandleError::Already)
    );
    assert_eq!(
        leak::mark_handled(&mut held, "R07:nope", "someone", t(300)),
        Err(HandleError::Unknown)
    );
    assert_eq!(leak::add_leaks(&mut held, &incoming), 0);
    let order: Vec<String> = leak::listed(held.clone())
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(
        order,
        ["own", "L1", "L2"],
        "waiting newest first, then handled"
    );
    let l2 = held.iter().find(|r| r.id == "L2").unwrap();
    assert_eq!(l2.handled.as_ref().unwrap().by, "Wang Jing (HQ)");
}

#[test]
fn a_laptop_sends_its_own_leak_reports_filed_after_the_acknowledgement() {
    let mut theirs = report("T", 50);
    theirs.from = Some(Origin::default());
    let held = vec![report("old", 0), report("new", 100), theirs];
    let ids = |v: Vec<LeakReport>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(leak::to_send(&held, Some(t(10)))), ["new"]);
    assert_eq!(ids(leak::to_send(&held, None)), ["new", "old"]);
}

#[test]
fn an_import_plans_a_reps_events_and_reports_stamped_and_counts_them_for_the_preview() {
    use crate::core::bundle::Contents;
    use crate::core::bundle::plan::{From, Local, plan};
    let incoming = Contents {
        events: vec![failed(6, 0), event(EventKind::PassphraseChanged, 5)],
        leaks: vec![report("L1", 0)],
        ..Contents::default()
    };
    let sender = rep();
    let p = plan(
        &incoming,
        &Local::default(),
        &From {
            sender: &sender,
            device: "dev7",
            viewing_head: None,
            me_node: "HQ",
            me_by: "Wang Jing (HQ)",
            now: t(100),
        },
    );
    assert_eq!(
        p.summary.security,
        Incoming {
            events: 2,
            alarms: 1,
            leaks: 1,
            refused: 0
        }
    );
    assert!(p.security.events.iter().all(|e| e.from.is_some()));
    assert_eq!(p.security.leaks[0].by, "Li Wei (R07)");
}
