//! A file the user picks (an enrolment, a bundle, a backup, a spreadsheet): how large it
//! may be, decided from the size the browser reports before a byte of it is read. A file
//! larger than anything of its kind can be is refused with both sizes, rather than
//! copied whole into the page's memory only to be refused after, or to exhaust it.

use crate::core::i18n::{Lang, Msg};
use crate::core::units::format_bytes;

/// What the user is picking a file for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Enrolment,
    Bundle,
    Backup,
    Spreadsheet,
}

impl Expected {
    /// The largest file of this kind that is read.
    pub fn max_bytes(self) -> u64 {
        match self {
            // A few hundred bytes of JSON: keys, names, a fingerprint.
            Expected::Enrolment => 1 << 20,
            Expected::Bundle => crate::core::bundle::MAX_BUNDLE_BYTES as u64,
            // A backup is read whole and opened in memory like a bundle, so the same bound.
            Expected::Backup => 1 << 30,
            // Ten thousand customer files with every column fill a few megabytes of
            // CSV or .xlsx; a workbook many times that is not a customer list.
            Expected::Spreadsheet => 64 << 20,
        }
    }

    fn too_large(self) -> Msg {
        match self {
            Expected::Enrolment => Msg::ErrEnrolmentFileTooLarge,
            Expected::Bundle => Msg::ErrBundleFileTooLarge,
            Expected::Backup => Msg::ErrBackupFileTooLarge,
            Expected::Spreadsheet => Msg::ErrSpreadsheetTooLarge,
        }
    }
}

/// A picked file larger than any of its kind can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLarge {
    pub expected: Expected,
    /// The file's size in bytes.
    pub size: u64,
}

impl TooLarge {
    /// What to tell the user, in `lang`: both sizes, as people read them.
    pub fn text(&self, lang: Lang) -> String {
        let limit = format_bytes(self.expected.max_bytes());
        let mut size = format_bytes(self.size);
        // Just over the limit rounds to the limit itself ("1.0 MB, at most 1.0 MB").
        if size == limit {
            size = format!("{} B", self.size);
        }
        self.expected
            .too_large()
            .format(lang, &[("size", &size), ("limit", &limit)])
    }
}

/// Whether a file of `size` bytes is read as `expected`.
pub fn check(expected: Expected, size: u64) -> Result<(), TooLarge> {
    if size > expected.max_bytes() {
        return Err(TooLarge { expected, size });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_larger_than_any_of_its_kind_is_refused_before_it_is_read() {
        const MB: u64 = 1 << 20;
        for (expected, max) in [
            (Expected::Enrolment, MB),
            (Expected::Bundle, 1024 * MB),
            (Expected::Backup, 1024 * MB),
            (Expected::Spreadsheet, 64 * MB),
        ] {
            assert_eq!(check(expected, 0), Ok(()));
            assert_eq!(check(expected, max), Ok(()), "{expected:?} at its limit");
            assert_eq!(
                check(expected, max + 1),
                Err(TooLarge {
                    expected,
                    size: max + 1
                }),
                "{expected:?} a byte over"
            );
        }
        // A 4 GB file is refused as it is, not wrapped round in a smaller number.
        assert!(check(Expected::Bundle, 4 << 30).is_err());
    }

    #[test]
    fn the_refusal_says_both_sizes_in_the_user_s_language() {
        let big = TooLarge {
            expected: Expected::Spreadsheet,
            size: 200 << 20,
        };
        assert_eq!(
            big.text(Lang::En),
            "This file is larger than any spreadsheet Dossier imports can be (200 MB, at most 64 MB). Nothing was imported."
        );
        assert_eq!(
            big.text(Lang::ZhCn),
            "该文件超出可导入表格的大小上限（200 MB，最多 64 MB）。未导入任何内容。"
        );
        let just_over = TooLarge {
            expected: Expected::Enrolment,
            size: (1 << 20) + 1,
        };
        assert!(
            just_over
                .text(Lang::En)
                .contains("(1048577 B, at most 1.0 MB)"),
            "{}",
            just_over.text(Lang::En)
        );
        let bundle = TooLarge {
            expected: Expected::Bundle,
            size: 3 << 30,
        };
        assert!(bundle.text(Lang::En).contains("(3.0 GB, at most 1.0 GB)"));
    }
}
