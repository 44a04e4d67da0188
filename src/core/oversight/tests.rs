use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};

use super::*;
use crate::core::bundle::exchange::RevokeReason;
use crate::core::bundle::keys::{DeviceKeys, PublicIdentity, Role};
use crate::core::vault::log::Viewing;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// `files` opened one after another from `start`, an hour apart, by R07's laptop.
fn chain(start: &str, files: &[&str]) -> Vec<ViewingEntry> {
    let mut all: Vec<ViewingEntry> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let head = all.last().map(|l| ChainHead {
            seq: l.seq,
            hash: l.hash.clone(),
        });
        let v = Viewing {
            at: at(start) + TimeDelta::hours(i as i64),
            by: "李伟".into(),
            rep_code: "R07".into(),
            customer_id: format!("c-{file}"),
            archive_no: format!("R07-2026-{file}"),
            purpose: "续签合同前核对条款".into(),
        };
        all.push(ViewingEntry::next(head.as_ref(), v));
    }
    all
}

fn head(entries: &[ViewingEntry]) -> ChainHead {
    let last = entries.last().unwrap();
    ChainHead {
        seq: last.seq,
        hash: last.hash.clone(),
    }
}

fn held(entries: Vec<ViewingEntry>) -> Held {
    Held {
        entries,
        unreadable: Vec::new(),
    }
}

fn five() -> Vec<ViewingEntry> {
    chain(
        "2026-03-02T01:00:00Z",
        &["0001", "0002", "0001", "0003", "0001"],
    )
}

#[test]
fn a_record_held_as_received_is_complete_with_its_count() {
    let all = five();
    let h = head(&all);
    assert_eq!(
        check(&held(all), Some(&h)),
        ChainState::Complete { entries: 5 }
    );
    assert_eq!(
        check(&Held::default(), None),
        ChainState::Complete { entries: 0 }
    );
}

#[test]
fn an_entry_altered_at_head_office_breaks_the_chain_there() {
    let mut all = five();
    let h = head(&all);
    all[2].purpose = "例行检查".into();
    assert_eq!(
        check(&held(all), Some(&h)),
        ChainState::Broken(ChainError::Altered(3))
    );
}

#[test]
fn a_gap_breaks_the_chain_at_the_entry_after_it() {
    let mut all = five();
    let h = head(&all);
    all.remove(2);
    assert_eq!(
        check(&held(all), Some(&h)),
        ChainState::Broken(ChainError::Missing(4))
    );
}

#[test]
fn the_newest_entries_removed_are_found_by_the_head_received() {
    let all = five();
    let h = head(&all);
    assert_eq!(
        check(&held(all[..3].to_vec()), Some(&h)),
        ChainState::Broken(ChainError::Truncated(3))
    );
    assert_eq!(
        check(&Held::default(), Some(&h)),
        ChainState::Broken(ChainError::Truncated(0))
    );
}

#[test]
fn an_envelope_that_does_not_open_is_where_the_chain_breaks() {
    let all = five();
    let h = head(&all);
    // Entry 2 does not open: the readable ones skip it, but it is the altered one.
    let mut readable = all.clone();
    readable.remove(1);
    let broken = Held {
        entries: readable,
        unreadable: vec![2],
    };
    assert_eq!(
        check(&broken, Some(&h)),
        ChainState::Broken(ChainError::Altered(2))
    );
    // The last one: altered, not "the entries after entry 4 are missing".
    let last = Held {
        entries: all[..4].to_vec(),
        unreadable: vec![5],
    };
    assert_eq!(
        check(&last, Some(&h)),
        ChainState::Broken(ChainError::Altered(5))
    );
}

struct Office {
    exchange: Exchange,
    rep: PublicIdentity,
}

/// Head office with R07 李伟 enrolled and trusted, and R08 王芳 enrolled, no laptop yet.
fn office() -> Office {
    let me = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部").public();
    let mut exchange = Exchange::new(Role::HeadOffice, me);
    let now = at("2026-01-05T00:00:00Z");
    exchange.enrol("R07", "李伟", now);
    exchange.enrol("R08", "王芳", now);
    let rep = DeviceKeys::generate(Role::Field, "R07", "李伟").public();
    exchange.trust(rep.clone(), now).unwrap();
    Office { exchange, rep }
}

fn levels(id: &str) -> Option<SecretLevel> {
    match id {
        "c-0001" => Some(SecretLevel::Confidential),
        "c-0002" => Some(SecretLevel::TopSecret),
        "c-0003" => Some(SecretLevel::Secret),
        _ => None,
    }
}

#[test]
fn each_rep_is_listed_with_each_laptop_its_record_in_order_and_the_files_levels() {
    let Office { mut exchange, rep } = office();
    let mut all = five();
    exchange.viewing_heads.insert(rep.id.clone(), head(&all));
    all.reverse();
    let reps = review(
        &exchange,
        BTreeMap::from([(rep.id.clone(), held(all))]),
        levels,
    );

    assert_eq!(reps.len(), 2);
    let r07 = &reps[0];
    assert_eq!((r07.code.as_str(), r07.name.as_str()), ("R07", "李伟"));
    assert_eq!(r07.devices.len(), 1);
    let record = &r07.devices[0];
    assert_eq!(record.device.fingerprint, rep.fingerprint());
    assert!(!record.device.revoked);
    assert_eq!(record.state, ChainState::Complete { entries: 5 });
    let seqs: Vec<u64> = record.entries.iter().map(|v| v.entry.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    assert_eq!(record.entries[1].level, Some(SecretLevel::TopSecret));
    // A rep enrolled whose laptop sent nothing yet is listed, with no record.
    assert_eq!((reps[1].code.as_str(), reps[1].devices.len()), ("R08", 0));
}

#[test]
fn a_replaced_laptops_record_stays_under_its_rep_beside_the_new_ones() {
    let Office { mut exchange, rep } = office();
    let old = five();
    exchange.viewing_heads.insert(rep.id.clone(), head(&old));
    let new = DeviceKeys::generate(Role::Field, "R07", "李伟").public();
    exchange
        .trust(new.clone(), at("2026-06-01T00:00:00Z"))
        .unwrap();
    let again = chain("2026-06-02T01:00:00Z", &["0002"]);
    exchange.viewing_heads.insert(new.id.clone(), head(&again));
    let reps = review(
        &exchange,
        BTreeMap::from([(rep.id.clone(), held(old)), (new.id.clone(), held(again))]),
        levels,
    );

    let r07 = &reps[0];
    assert_eq!(r07.devices.len(), 2);
    let by_id = |id: &str| r07.devices.iter().find(|d| d.device.id == id).unwrap();
    assert!(by_id(&rep.id).device.revoked);
    assert_eq!(by_id(&rep.id).device.fingerprint, rep.fingerprint());
    assert_eq!(by_id(&rep.id).state, ChainState::Complete { entries: 5 });
    assert!(!by_id(&new.id).device.revoked);
    assert_eq!(by_id(&new.id).state, ChainState::Complete { entries: 1 });
}

#[test]
fn a_laptop_whose_every_entry_was_removed_here_shows_by_its_head() {
    let Office { mut exchange, rep } = office();
    exchange.viewing_heads.insert(rep.id.clone(), head(&five()));
    exchange.revoke("R07", RevokeReason::Lost, at("2026-04-01T00:00:00Z"));
    let reps = review(&exchange, BTreeMap::new(), levels);
    let record = &reps[0].devices[0];
    assert!(record.device.revoked);
    assert_eq!(record.state, ChainState::Broken(ChainError::Truncated(0)));
    assert!(record.entries.is_empty());
}

fn viewed(time: &str, file: &str) -> Viewed {
    let entry = chain(time, &[file]).remove(0);
    Viewed {
        level: levels(&entry.customer_id),
        entry,
    }
}

#[test]
fn the_level_filter_keeps_files_at_that_level_or_above() {
    let tz = Utc;
    let secret = viewed("2026-03-02T01:00:00Z", "0003");
    let confidential = viewed("2026-03-02T01:00:00Z", "0001");
    let top = viewed("2026-03-02T01:00:00Z", "0002");
    let gone = viewed("2026-03-02T01:00:00Z", "0404");
    let all = [&secret, &confidential, &top, &gone];
    let kept = |at_least| {
        let f = Filter {
            at_least,
            ..Filter::default()
        };
        all.iter()
            .filter(|v| f.keeps(v, &tz))
            .map(|v| v.entry.archive_no.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        kept(None),
        [
            "R07-2026-0003",
            "R07-2026-0001",
            "R07-2026-0002",
            "R07-2026-0404"
        ]
    );
    assert_eq!(
        kept(Some(SecretLevel::Secret)),
        ["R07-2026-0003", "R07-2026-0001", "R07-2026-0002"]
    );
    assert_eq!(
        kept(Some(SecretLevel::Confidential)),
        ["R07-2026-0001", "R07-2026-0002"]
    );
    assert_eq!(kept(Some(SecretLevel::TopSecret)), ["R07-2026-0002"]);
}

#[test]
fn the_period_takes_both_days_whole_as_dates_where_the_auditor_is() {
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    // 23:30 UTC on 31 March is 07:30 on 1 April in Beijing.
    let early_april = viewed("2026-03-31T23:30:00Z", "0001");
    // 15:59 UTC on 30 April is 23:59 on 30 April in Beijing; a minute later, May.
    let late_april = viewed("2026-04-30T15:59:00Z", "0001");
    let may = viewed("2026-04-30T16:00:00Z", "0001");
    let april = Filter {
        from: day(2026, 4, 1),
        to: day(2026, 4, 30),
        ..Filter::default()
    };
    assert!(april.keeps(&early_april, &beijing));
    assert!(april.keeps(&late_april, &beijing));
    assert!(!april.keeps(&may, &beijing));
    // Read in UTC, the first is still March.
    assert!(!april.keeps(&early_april, &Utc));
    // One end open.
    let since_may = Filter {
        from: day(2026, 5, 1),
        ..Filter::default()
    };
    assert!(since_may.keeps(&may, &beijing));
    assert!(!since_may.keeps(&late_april, &beijing));
}

#[test]
fn per_file_counts_each_files_views_and_the_last_the_most_viewed_first() {
    let Office { mut exchange, rep } = office();
    let all = five();
    exchange.viewing_heads.insert(rep.id.clone(), head(&all));
    let reps = review(
        &exchange,
        BTreeMap::from([(rep.id.clone(), held(all))]),
        levels,
    );
    let r07 = &reps[0];

    let everything = Filter::default();
    let files = per_file(r07.kept(&everything, &Utc));
    let rows: Vec<(&str, usize, DateTime<Utc>)> = files
        .iter()
        .map(|f| (f.archive_no.as_str(), f.count, f.last))
        .collect();
    assert_eq!(
        rows,
        [
            ("R07-2026-0001", 3, at("2026-03-02T05:00:00Z")),
            ("R07-2026-0002", 1, at("2026-03-02T02:00:00Z")),
            ("R07-2026-0003", 1, at("2026-03-02T04:00:00Z")),
        ]
    );
    assert_eq!(files[1].level, Some(SecretLevel::TopSecret));

    // Counted within the filter.
    let top = Filter {
        at_least: Some(SecretLevel::TopSecret),
        ..Filter::default()
    };
    let files = per_file(r07.kept(&top, &Utc));
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].archive_no.as_str(), files[0].count),
        ("R07-2026-0002", 1)
    );
}
