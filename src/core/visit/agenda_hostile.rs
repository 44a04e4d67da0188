//! Hostile cases for birthdays and anniversaries on the agenda (#33): 29 February, the
//! first and last days the calendar holds, dates a rep's bundle may carry that no form
//! lets anyone type, and days near the calendar's end.

use chrono::{Datelike, Duration, NaiveDate};

use super::agenda::{Item, OCCASION_DAYS_AHEAD, next_occurrence, occasions};
use crate::core::customer::catalogue::{CatalogueEntry, OccasionKind};
use crate::core::customer::model::{Contact, Customer};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An entry whose contacts were born on `birthdays`, one contact each.
fn entry(birthdays: &[NaiveDate]) -> CatalogueEntry {
    let c = Customer {
        id: "c1".into(),
        archive_no: "R07-2026-00001".into(),
        contacts: birthdays
            .iter()
            .enumerate()
            .map(|(i, b)| Contact {
                name: format!("联系人{i}"),
                birthday: Some(*b),
                anniversary: Some(*b),
                ..Contact::default()
            })
            .collect(),
        ..Customer::default()
    };
    CatalogueEntry::of(&c)
}

/// (date, years) of each occasion on the agenda of `today`.
fn shown(entries: &[CatalogueEntry], today: NaiveDate) -> Vec<(NaiveDate, i32)> {
    occasions(entries, today)
        .into_iter()
        .map(|i| match i {
            Item::Occasion { date, years, .. } => (date, years),
            other => panic!("not an occasion: {other:?}"),
        })
        .collect()
}

#[test]
fn a_29_february_birthday_falls_once_a_year_on_the_28th_or_the_29th() {
    let entries = [entry(&[ymd(2000, 2, 29)])];
    for year in 2025..=2033 {
        let leap = NaiveDate::from_ymd_opt(year, 2, 29).is_some();
        let mut on_the_day = Vec::new();
        let mut day = ymd(year, 1, 1);
        while day.year() == year {
            // The day itself, once as a birthday and once as an anniversary.
            let today: Vec<_> = shown(&entries, day)
                .into_iter()
                .filter(|(d, _)| *d == day)
                .collect();
            if !today.is_empty() {
                assert_eq!(today.len(), 2, "{day}");
                on_the_day.push((day, today[0].1));
            }
            day = day.succ_opt().unwrap();
        }
        let expected = if leap {
            ymd(year, 2, 29)
        } else {
            ymd(year, 2, 28)
        };
        assert_eq!(on_the_day, [(expected, year - 2000)], "{year}");
    }
}

#[test]
fn dates_at_the_ends_of_the_calendar_neither_panic_nor_come_up_before_they_are() {
    // None of these can be typed in the form; a bundle or a restored backup may hold them.
    let odd = [
        NaiveDate::MIN,
        NaiveDate::MAX,
        ymd(1, 1, 1),
        ymd(1, 12, 31),
        ymd(9999, 12, 31),
        ymd(9999, 1, 1),
        ymd(-4, 2, 29),
        ymd(2400, 2, 29),
        ymd(2027, 1, 2),
    ];
    let entries = [entry(&odd)];
    for today in [
        ymd(2026, 11, 25),
        ymd(2026, 12, 28),
        ymd(2027, 12, 31),
        ymd(2028, 2, 27),
        ymd(1, 1, 1),
        ymd(9999, 12, 30),
        NaiveDate::MIN,
    ] {
        let until = today + Duration::days(OCCASION_DAYS_AHEAD);
        for (date, years) in shown(&entries, today) {
            assert!(today <= date && date <= until, "{today}: {date}");
            assert!(years >= 0, "{today}: {date} is a birthday before birth");
        }
    }
    // A birth date in the far future has no birthday yet.
    assert!(
        shown(&[entry(&[ymd(9999, 11, 26)])], ymd(2026, 11, 25)).is_empty(),
        "a 9999 birthday on the agenda"
    );
    // The first day the calendar holds: its next first of January, many years on.
    assert_eq!(
        shown(&[entry(&[NaiveDate::MIN])], ymd(2026, 12, 30))[0],
        (ymd(2027, 1, 1), 2027 - NaiveDate::MIN.year())
    );
    // With no year left to come round in, nothing.
    assert_eq!(next_occurrence(ymd(2000, 1, 1), NaiveDate::MAX), None);
}

#[test]
fn thousands_of_contacts_come_up_in_date_order() {
    let births: Vec<NaiveDate> = (0..20_000)
        .map(|i| ymd(1950 + i % 60, 12, 1 + (i % 7) as u32))
        .collect();
    let entries = [entry(&births)];
    let items = occasions(&entries, ymd(2026, 11, 30));
    assert_eq!(items.len(), 2 * births.len());
    assert!(items.windows(2).all(|w| w[0].date() <= w[1].date()));
    assert!(items.iter().all(|i| matches!(
        i,
        Item::Occasion {
            kind: OccasionKind::Birthday | OccasionKind::Anniversary,
            ..
        }
    )));
}

#[test]
fn the_agenda_near_the_calendars_end_does_not_panic() {
    // Only a device clock set absurdly far ahead gets here; still, no panic in the core.
    let entries = [entry(&[ymd(2000, 12, 31)])];
    for today in [NaiveDate::MAX, NaiveDate::MAX - Duration::days(3)] {
        let r = std::panic::catch_unwind(|| occasions(&entries, today));
        assert!(r.is_ok(), "{today}: the agenda panics");
    }
}
