//! The translation layer: every string a user can see is a [`Msg`], rendered in a [`Lang`].
//!
//! Each message is written once, with its English and Chinese text side by side
//! (`catalog.rs`), so a missing translation is a compile error rather than a blank label
//! found by a user. Parameters are named (`{used}`) and filled by [`Msg::format`]; a test
//! checks that both languages use the same ones.

mod catalog;
pub mod labels;
mod note;
#[cfg(test)]
mod note_hostile;

pub use catalog::Msg;
pub use note::{AppText, Note};
use serde::{Deserialize, Serialize};

/// A language of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, as `<html lang>` and the preference store use it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Parses a tag written by [`Lang::code`].
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The language's name in itself, so a user can find theirs whatever is shown now.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// Picks the interface language from the browser's ordered preferences
    /// (`navigator.languages`): the first Chinese or English entry wins; any other
    /// list falls back to English. Every Chinese variant gets Simplified Chinese,
    /// the only Chinese the interface has.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        for tag in preferred {
            let primary = tag
                .split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            match primary.as_str() {
                "zh" => return Lang::ZhCn,
                "en" => return Lang::En,
                _ => {}
            }
        }
        Lang::En
    }
}

impl Msg {
    /// Fills the named parameters `{name}` of this message's text, in one pass: a value
    /// is never read again for parameters (a file named `{row}.xlsx` stays so).
    /// A parameter the text does not use is ignored; one it uses but was not given
    /// is left visible as `{name}`, which tests catch.
    pub fn format(self, lang: Lang, args: &[(&str, &str)]) -> String {
        let mut rest = self.text(lang);
        let mut out = String::with_capacity(rest.len());
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let value = after.find('}').and_then(|close| {
                let name = &after[..close];
                let (_, value) = args.iter().find(|(n, _)| *n == name)?;
                Some((*value, close))
            });
            match value {
                Some((value, close)) => {
                    out.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// The `{name}` parameters a text uses, sorted.
#[cfg(test)]
fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        for msg in Msg::ALL {
            for lang in Lang::ALL {
                assert!(
                    !msg.text(lang).trim().is_empty(),
                    "{msg:?} is empty in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn both_languages_use_the_same_parameters() {
        for msg in Msg::ALL {
            assert_eq!(
                placeholders(msg.text(Lang::En)),
                placeholders(msg.text(Lang::ZhCn)),
                "{msg:?} has different parameters in English and Chinese"
            );
        }
    }

    #[test]
    fn chinese_text_is_actually_translated() {
        // A copy of the English text in the Chinese column is the usual slip.
        let untranslated: Vec<_> = Msg::ALL
            .iter()
            .filter(|m| m.text(Lang::ZhCn) == m.text(Lang::En))
            .filter(|m| m.text(Lang::En).chars().any(|c| c.is_ascii_alphabetic()))
            .filter(|m| !matches!(m, Msg::AppName))
            .collect();
        assert!(untranslated.is_empty(), "untranslated: {untranslated:?}");
    }

    #[test]
    fn format_fills_named_parameters() {
        let text = Msg::StorageUsage.format(Lang::En, &[("used", "2 MB"), ("free", "10 GB")]);
        assert!(text.contains("2 MB") && text.contains("10 GB"), "{text}");
        assert!(!text.contains('{'), "{text}");
        let zh = Msg::StorageUsage.format(Lang::ZhCn, &[("used", "2 MB"), ("free", "10 GB")]);
        assert!(zh.contains("2 MB") && zh.contains("已用"), "{zh}");
    }

    #[test]
    fn negotiation_follows_the_browser_order() {
        assert_eq!(Lang::negotiate(["zh-CN", "en-US"]), Lang::ZhCn);
        assert_eq!(Lang::negotiate(["en-GB", "zh-CN"]), Lang::En);
        assert_eq!(Lang::negotiate(["zh-TW"]), Lang::ZhCn);
        assert_eq!(Lang::negotiate(["zh_Hans_CN"]), Lang::ZhCn);
        assert_eq!(Lang::negotiate(["fr-FR", "ZH"]), Lang::ZhCn);
        assert_eq!(Lang::negotiate(["fr-FR", "de"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code(""), None);
    }
}
