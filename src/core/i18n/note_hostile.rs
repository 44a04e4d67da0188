//! Hostile cases for notes (#31): reasons crafted by a rep in a bundle from another
//! laptop, or left in a restored backup, must neither stop their record (and with it a
//! whole bundle) nor panic nor show without bound; and parameters are data, never read
//! again as parameters.

use super::{AppText, Lang, Msg, Note};
use crate::core::authority::proposal::MAX_REASON;
use crate::core::bundle::Contents;
use crate::core::customer::history::HistoryEntry;

/// A history entry as a bundle carries it, with `reason` as raw JSON.
fn entry(id: &str, reason: &str) -> String {
    format!(
        r#"{{"id":"{id}","customer_id":"c1","at":"2026-03-01T08:00:00Z","by":"李伟",
            "reason":{reason},"kind":"Edited","revision":3,"changes":[]}}"#
    )
}

/// Whether `text` reads as a sentence: not empty, no parameter left, bounded.
fn readable(note: &Note, max: usize) {
    for lang in Lang::ALL {
        let text = note.text(lang);
        assert!(
            text.chars().count() <= max,
            "{note:?}: {} chars",
            text.len()
        );
        if let Note::App(_) = note {
            assert!(!text.trim().is_empty(), "{note:?}");
        }
    }
}

const ODD: &[&str] = &[
    r#"{"msg":5}"#,
    r#"{"msg":null}"#,
    r#"{"msg":["ImportReason"]}"#,
    r#"{"msg":{"msg":"ImportReason"}}"#,
    r#"{"msg":""}"#,
    r#"{"msg":"importreason","file":"a","row":1}"#,
    r#"{}"#,
    r#"[]"#,
    r#"[1,2,"x"]"#,
    r#"5"#,
    r#"-1.5e300"#,
    r#"true"#,
    r#"{"msg":"ImportReason"}"#,
    r#"{"msg":"ImportReason","file":"a.xlsx"}"#,
    r#"{"msg":"ImportReason","row":5}"#,
    r#"{"msg":"ImportReason","file":5,"row":5}"#,
    r#"{"msg":"ImportReason","file":null,"row":5}"#,
    r#"{"msg":"ImportReason","file":"a.xlsx","row":-1}"#,
    r#"{"msg":"ImportReason","file":"a.xlsx","row":1.5}"#,
    r#"{"msg":"ImportReason","file":"a.xlsx","row":"5"}"#,
    r#"{"msg":"ImportReason","file":"a.xlsx","row":1e30}"#,
    r#"{"msg":"ImportReason","file":"a.xlsx","row":184467440737095516150}"#,
    r#"{"msg":"ImportReason","file":["a"],"row":5}"#,
    r#"{"msg":"ImportReason","file":{"x":1},"row":5}"#,
    r#"{"msg":"LearnedOnVisit"}"#,
    r#"{"msg":"LearnedOnVisit","date":"not a date"}"#,
    r#"{"msg":"LearnedOnVisit","date":"2026-02-30"}"#,
    r#"{"msg":"LearnedOnVisit","date":20261122}"#,
    r#"{"msg":"MergedFrom","file":"x","nested":{"a":[1,{"b":null}]}}"#,
    r#"{"msg":"Unknown"}"#,
    r#"{"msg":"ConflictResolved","file":"{row}","row":-5}"#,
    r#"{"file":"a.xlsx","row":5}"#,
    r#"{"msg":"ImportReason","msg":"ReviewReason","file":"a","row":1}"#,
];

#[test]
fn one_odd_reason_neither_stops_its_record_nor_panics() {
    for reason in ODD {
        let json = entry("h1", reason);
        let read = serde_json::from_str::<HistoryEntry>(&json);
        let Ok(h) = read else {
            panic!("{reason}: the record does not read: {}", read.unwrap_err());
        };
        readable(&h.reason, 200);
        assert_eq!(h.revision, 3, "{reason}: the rest of the record reads");
    }
}

#[test]
fn one_odd_reason_does_not_refuse_the_whole_bundle() {
    for reason in ODD {
        let json = format!(
            r#"{{"history":[{},{}]}}"#,
            entry("good", r#""客户搬家""#),
            entry("odd", reason)
        );
        let contents: Contents = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{reason}: the bundle's records do not read: {e}"));
        assert_eq!(contents.history.len(), 2, "{reason}");
        assert_eq!(contents.history[0].reason, "客户搬家");
    }
}

#[test]
fn what_each_odd_reason_reads_as() {
    let read = |reason: &str| -> Note {
        serde_json::from_str::<HistoryEntry>(&entry("h", reason))
            .unwrap()
            .reason
    };
    assert_eq!(read("null"), Note::default(), "null is no reason");
    assert_eq!(read(r#"{"msg":5}"#), Note::App(AppText::Unknown));
    assert_eq!(
        read(r#"{"msg":"ImportReason","file":"a.xlsx","row":-1}"#),
        Note::App(AppText::Unknown)
    );
    assert_eq!(
        read(r#"{"msg":"ImportReason","file":"a.xlsx","row":5,"sheet":"S1"}"#),
        Note::App(AppText::ImportReason {
            file: "a.xlsx".into(),
            row: 5
        }),
        "a parameter a newer version adds is left aside"
    );
    // A string shaped like an app text is what a person typed.
    let typed = r#"{\"msg\":\"ImportReason\",\"file\":\"x\",\"row\":1}"#;
    assert_eq!(
        read(&format!("\"{typed}\"")),
        Note::Typed(r#"{"msg":"ImportReason","file":"x","row":1}"#.into())
    );
    assert_eq!(read(r#""ImportReason""#), Note::from("ImportReason"));
    // The largest row this platform holds still reads.
    let max = format!(
        r#"{{"msg":"ImportReason","file":"a","row":{}}}"#,
        usize::MAX
    );
    assert_eq!(
        read(&max),
        Note::App(AppText::ImportReason {
            file: "a".into(),
            row: usize::MAX
        })
    );
}

#[test]
fn a_file_name_holding_parameters_is_shown_as_it_is() {
    for file in [
        "{row}{file}",
        "{row}.xlsx",
        "{file}",
        "{date}",
        "{{row}}",
        "{",
        "}{",
    ] {
        let note = Note::App(AppText::ImportReason {
            file: file.into(),
            row: 1,
        });
        assert_eq!(
            note.text(Lang::En),
            format!("Imported from {file}, row 1"),
            "{file}"
        );
        assert_eq!(note.text(Lang::ZhCn), format!("从 {file} 第 1 行导入"));
    }
    // The same for every message with several parameters.
    let text = Msg::ImportReason.format(Lang::En, &[("row", "{file}"), ("file", "{row}")]);
    assert_eq!(text, "Imported from {row}, row {file}");
}

#[test]
fn a_bounded_reason_is_shown_within_its_bound_whatever_its_file_name_holds() {
    // Parameters read again used to multiply: every `{row}` of the file name became
    // the row's twenty digits.
    let file = "{row}".repeat(10_000);
    let note = Note::App(AppText::ImportReason {
        file,
        row: usize::MAX,
    })
    .bounded(MAX_REASON);
    readable(&note, MAX_REASON + 60);
}

#[test]
fn a_ten_megabyte_file_name_reads_and_is_cut_where_reasons_are_bounded() {
    let file = "名".repeat(10 * 1024 * 1024 / 3);
    let json = entry(
        "h1",
        &format!(r#"{{"msg":"ImportReason","file":"{file}","row":7}}"#),
    );
    let h: HistoryEntry = serde_json::from_str(&json).unwrap();
    let bounded = h.reason.bounded(MAX_REASON);
    readable(&bounded, MAX_REASON + 60);
    assert!(bounded.text(Lang::ZhCn).ends_with("第 7 行导入"));
}

#[test]
fn a_reason_nested_past_any_sense_is_refused_as_damaged_without_a_crash() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let json = format!(r#"{{"history":[{}]}}"#, entry("h", &deep));
    assert!(serde_json::from_str::<Contents>(&json).is_err());
}

#[test]
fn every_app_text_survives_the_round_trip_and_a_typed_one_stays_typed() {
    let all = [
        Note::App(AppText::ImportReason {
            file: "a\"b\\c\n{row}".into(),
            row: 0,
        }),
        Note::App(AppText::ConflictResolved),
        Note::App(AppText::ReviewReason),
        Note::App(AppText::EmergencyReport),
        Note::App(AppText::EmergencyResolvedReason),
        Note::App(AppText::LearnedOnVisit {
            date: chrono::NaiveDate::MAX,
        }),
        Note::App(AppText::Unknown),
        Note::from(""),
        Note::from("{\"msg\":\"ReviewReason\"}"),
        Note::from("\u{0}\u{FEFF}"),
    ];
    for note in all {
        let json = serde_json::to_string(&note).unwrap();
        let back: Note = serde_json::from_str(&json).unwrap();
        assert_eq!(back, note, "{json}");
    }
}
