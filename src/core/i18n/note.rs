//! A text kept in a record: either what a person typed, kept as typed, or a sentence the
//! app wrote itself, kept as its message and parameters and shown in the reader's
//! language. A history reason written as "Imported from 客户名单.xlsx, row 5" while the
//! interface was in English used to stay English for a colleague reading in Chinese;
//! kept as `{"msg": "ImportReason", "file": "客户名单.xlsx", "row": 5}` it reads
//! 从 客户名单.xlsx 第 5 行导入 for them.
//!
//! Stored as JSON: a typed text is a plain string, exactly as every reason was stored
//! before, so old records and bundles read unchanged; an app text is an object tagged by
//! the name of its message. The names are part of the stored format: never rename one.

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Lang, Msg};

/// A reason or note kept in a record. Read by [`Note::deserialize`]: whatever a record
/// from another laptop or a restored backup holds there, the record still reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Note {
    /// What a person typed, shown as typed in every language.
    Typed(String),
    /// A sentence the app wrote, shown in the reader's language.
    App(AppText),
}

/// A sentence the app writes into records, with its parameters. Parameters are data
/// (a file name, a row, a date), never translated text: a parameter that is itself a
/// message is stored as what it names and translated when shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "msg")]
pub enum AppText {
    /// A file made from row `row` of spreadsheet `file`.
    ImportReason { file: String, row: usize },
    /// A conflict between two versions settled by keeping one.
    ConflictResolved,
    /// A periodic review (复查) recorded.
    ReviewReason,
    /// An emergency report (紧急报告) made.
    EmergencyReport,
    /// An emergency report marked resolved.
    EmergencyResolvedReason,
    /// Facts learned during the visit of `date`, put into the file.
    LearnedOnVisit { date: NaiveDate },
    /// The sales of `month` ("2026-11") recorded or corrected.
    SalesRecorded { month: String },
    /// Sales by month imported from spreadsheet `file`.
    SalesImported { file: String },
    /// A sentence written by a newer version of Dossier, which this one does not know.
    #[serde(other)]
    Unknown,
}

/// A string is what a person typed; an object, an app text, or [`AppText::Unknown`] when
/// its message or parameters are not this version's (a newer version's sentence, or a
/// crafted one: `{"msg": 5}`, a negative row, a row beyond this platform's `usize`);
/// `null` is no note. Anything else is no sentence of any version: unknown too. One odd
/// reason used to fail its whole record, and with it a whole bundle or backup.
impl<'de> Deserialize<'de> for Note {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Note, D::Error> {
        Ok(match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::String(text) => Note::Typed(text),
            serde_json::Value::Null => Note::default(),
            other => Note::App(serde_json::from_value(other).unwrap_or(AppText::Unknown)),
        })
    }
}

impl Default for Note {
    fn default() -> Self {
        Note::Typed(String::new())
    }
}

impl From<&str> for Note {
    fn from(text: &str) -> Self {
        Note::Typed(text.to_owned())
    }
}

impl From<String> for Note {
    fn from(text: String) -> Self {
        Note::Typed(text)
    }
}

impl From<AppText> for Note {
    fn from(text: AppText) -> Self {
        Note::App(text)
    }
}

/// A typed note compares with the text typed (for tests and checks such as "is this
/// the reason given").
impl PartialEq<&str> for Note {
    fn eq(&self, other: &&str) -> bool {
        matches!(self, Note::Typed(t) if t == other)
    }
}

impl Note {
    /// Whether there is nothing to show.
    pub fn is_empty(&self) -> bool {
        matches!(self, Note::Typed(t) if t.trim().is_empty())
    }

    /// What a person typed, if a person typed it.
    pub fn typed(&self) -> Option<&str> {
        match self {
            Note::Typed(t) => Some(t),
            Note::App(_) => None,
        }
    }

    /// The note as `lang` reads it.
    pub fn text(&self, lang: Lang) -> Cow<'_, str> {
        match self {
            Note::Typed(t) => Cow::Borrowed(t),
            Note::App(app) => Cow::Owned(app.text(lang)),
        }
    }

    /// The note trimmed (a typed one), as a record keeps it.
    pub fn trimmed(self) -> Note {
        match self {
            Note::Typed(t) if t.trim().len() != t.len() => Note::Typed(t.trim().to_owned()),
            other => other,
        }
    }

    /// The note with its text cut to `max` characters: a typed one, or an app text's
    /// parameters (a file name could be of any length in a hostile bundle).
    pub fn bounded(self, max: usize) -> Note {
        let cut = |s: String| -> String {
            if s.chars().count() > max {
                s.chars().take(max).collect()
            } else {
                s
            }
        };
        match self {
            Note::Typed(t) => Note::Typed(cut(t)),
            Note::App(AppText::ImportReason { file, row }) => Note::App(AppText::ImportReason {
                file: cut(file),
                row,
            }),
            Note::App(AppText::SalesRecorded { month }) => {
                Note::App(AppText::SalesRecorded { month: cut(month) })
            }
            Note::App(AppText::SalesImported { file }) => {
                Note::App(AppText::SalesImported { file: cut(file) })
            }
            other => other,
        }
    }
}

impl AppText {
    /// Its message and the parameters that fill it.
    pub fn message(&self) -> (Msg, Vec<(&'static str, String)>) {
        match self {
            AppText::ImportReason { file, row } => (
                Msg::ImportReason,
                vec![("file", file.clone()), ("row", row.to_string())],
            ),
            AppText::ConflictResolved => (Msg::ConflictResolved, vec![]),
            AppText::ReviewReason => (Msg::ReviewReason, vec![]),
            AppText::EmergencyReport => (Msg::EmergencyReport, vec![]),
            AppText::EmergencyResolvedReason => (Msg::EmergencyResolvedReason, vec![]),
            AppText::LearnedOnVisit { date } => (
                Msg::LearnedOnVisit,
                vec![("date", date.format("%Y-%m-%d").to_string())],
            ),
            AppText::SalesRecorded { month } => {
                (Msg::SalesRecorded, vec![("month", month.clone())])
            }
            AppText::SalesImported { file } => (Msg::SalesImported, vec![("file", file.clone())]),
            AppText::Unknown => (Msg::NoteFromNewerVersion, vec![]),
        }
    }

    /// The sentence in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let (msg, params) = self.message();
        let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        msg.format(lang, &params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::customer::history::HistoryEntry;

    #[test]
    fn an_import_reason_written_in_english_reads_in_chinese() {
        let note = Note::App(AppText::ImportReason {
            file: "客户名单.xlsx".into(),
            row: 5,
        });
        assert_eq!(note.text(Lang::En), "Imported from 客户名单.xlsx, row 5");
        assert_eq!(note.text(Lang::ZhCn), "从 客户名单.xlsx 第 5 行导入");
        let json = serde_json::to_string(&note).unwrap();
        assert_eq!(
            json,
            r#"{"msg":"ImportReason","file":"客户名单.xlsx","row":5}"#
        );
        let back: Note = serde_json::from_str(&json).unwrap();
        assert_eq!(back.text(Lang::ZhCn), "从 客户名单.xlsx 第 5 行导入");
    }

    #[test]
    fn what_a_person_typed_reads_as_typed_in_every_language() {
        let note = Note::from("新办公室电话");
        for lang in Lang::ALL {
            assert_eq!(note.text(lang), "新办公室电话");
        }
        assert_eq!(serde_json::to_string(&note).unwrap(), r#""新办公室电话""#);
    }

    #[test]
    fn every_app_text_fills_all_its_parameters_in_both_languages() {
        let all = [
            AppText::ImportReason {
                file: "a.csv".into(),
                row: 2,
            },
            AppText::ConflictResolved,
            AppText::ReviewReason,
            AppText::EmergencyReport,
            AppText::EmergencyResolvedReason,
            AppText::LearnedOnVisit {
                date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            },
            AppText::Unknown,
        ];
        for app in all {
            for lang in Lang::ALL {
                let text = app.text(lang);
                assert!(!text.contains('{') && !text.is_empty(), "{app:?}: {text}");
            }
        }
        let visit = AppText::LearnedOnVisit {
            date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        };
        assert_eq!(visit.text(Lang::ZhCn), "于 2026-11-22 拜访时获悉");
    }

    #[test]
    fn a_history_entry_stored_before_with_a_plain_reason_still_reads() {
        let old = r#"{"id":"h1","customer_id":"c1","at":"2026-03-01T08:00:00Z","by":"李伟",
            "reason":"Imported from 客户名单.csv, row 2","kind":"Created","revision":1,"changes":[]}"#;
        let entry: HistoryEntry = serde_json::from_str(old).unwrap();
        assert_eq!(entry.reason, "Imported from 客户名单.csv, row 2");
        assert_eq!(
            entry.reason.text(Lang::ZhCn),
            "Imported from 客户名单.csv, row 2",
            "an old entry is shown as it was written"
        );
        // An entry without a reason at all, older still.
        let older = r#"{"id":"h0","customer_id":"c1","at":"2026-03-01T08:00:00Z","by":"李伟",
            "kind":"Edited","revision":2}"#;
        let entry: HistoryEntry = serde_json::from_str(older).unwrap();
        assert!(entry.reason.is_empty());
    }

    #[test]
    fn a_sentence_from_a_newer_version_is_shown_as_such_and_does_not_stop_the_record() {
        let newer = r#"{"id":"h2","customer_id":"c1","at":"2026-03-01T08:00:00Z","by":"李伟",
            "reason":{"msg":"MergedFrom","file":"x"},"kind":"Edited","revision":3,"changes":[]}"#;
        let entry: HistoryEntry = serde_json::from_str(newer).unwrap();
        assert_eq!(entry.reason, Note::App(AppText::Unknown));
        assert_eq!(
            entry.reason.text(Lang::En),
            Msg::NoteFromNewerVersion.text(Lang::En)
        );
    }

    #[test]
    fn a_bounded_note_keeps_its_message_and_cuts_its_text() {
        let long = "长".repeat(50);
        let note = Note::App(AppText::ImportReason {
            file: long.clone(),
            row: 7,
        })
        .bounded(10);
        assert_eq!(
            note,
            Note::App(AppText::ImportReason {
                file: "长".repeat(10),
                row: 7
            })
        );
        assert_eq!(Note::from(long).bounded(10), Note::from("长".repeat(10)));
    }
}
