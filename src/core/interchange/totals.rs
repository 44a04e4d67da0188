//! Total and subtotal rows (合计, 小计, 总计, 共计, Total…) at the foot of an office's
//! customer list: such a row sums the columns above it and names no customer, so it is
//! left out of an import and listed as what it is.
//!
//! The rule is narrow, so that a real customer is never taken for a total:
//! 1. One of the row's cells *is* a total word, once spaces, colons and a trailing unit in
//!    brackets are taken off ("合 计", "合计：", "总计(元)", "Grand total"), or a total
//!    word and then only a number ("合计：¥12,000", "共计 3 家"), as a CSV without merged
//!    cells writes it. A cell that merely contains one ("总计贸易有限公司") is not.
//! 2. The name is empty, that word, or a number (the count or sum a merged total row
//!    writes under the names): a row with a real name is a customer.
//! 3. The columns that identify a customer (archive number, phone, contact name, phones
//!    and email) are empty or that word (a merged 合计 cell may sit in any of them).
//!    Sums, counts and amounts elsewhere do not matter.
//!
//! A row that passes 1 and 2 but not 3 (named 合计, yet with a phone) is no customer
//! called 合计, nor plainly a total: it is left out as well, but listed as a problem
//! for someone to look at, since its phone may belong to a customer whose name was
//! overwritten.

use super::import::Target;

/// The words that make a total row, lower case, without spaces: simplified and
/// traditional Chinese, and English.
const WORDS: [&str; 12] = [
    "合计",
    "小计",
    "总计",
    "共计",
    "合計",
    "小計",
    "總計",
    "共計",
    "total",
    "subtotal",
    "sub-total",
    "grandtotal",
];

/// The columns that say who a customer is; filled, the row is not a plain total.
const IDENTIFYING: [Target; 5] = [
    Target::ArchiveNo,
    Target::Phone,
    Target::ContactName,
    Target::ContactPhones,
    Target::ContactEmail,
];

/// A row that reads as a total, left out of the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    /// A total row: listed as such.
    Row,
    /// Named with a total word but with a phone, contact or archive number: listed as a
    /// problem for someone to check.
    Doubtful,
}

/// Whether `cell` is a total word: spaces (any width), colons and invisible characters
/// taken off, and one
/// unit in brackets at its end ("(元)", "（万元）", "[RMB]", "【元】"); full-width
/// letters read as ASCII, case ignored. A total word followed by nothing but an amount
/// or a count ("合计12,000元", "共计3家") is one too.
pub fn is_total_word(cell: &str) -> bool {
    let mut text = cell.trim();
    for (open, close) in [('(', ')'), ('（', '）'), ('[', ']'), ('【', '】')] {
        if let Some(inner) = text.strip_suffix(close)
            && let Some(at) = inner.rfind(open)
            && is_unit(&inner[at + open.len_utf8()..])
        {
            text = inner[..at].trim_end();
            break;
        }
    }
    let folded = fold(text);
    WORDS.iter().any(|w| {
        folded
            .strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || is_amount(rest))
    })
}

/// Whether the text in a total's brackets is a unit ("元", "单位：万元", "RMB", "家"), not
/// a place or anything else that makes a name ("Total (Shanghai)", "合计（广州）").
fn is_unit(inner: &str) -> bool {
    const UNITS: [&str; 18] = [
        "",
        "元",
        "万元",
        "亿元",
        "千元",
        "百万元",
        "rmb",
        "cny",
        "usd",
        "hkd",
        "人民币",
        "¥",
        "￥",
        "$",
        "家",
        "户",
        "个",
        "%",
    ];
    let unit = fold(inner);
    let unit = unit.strip_prefix("单位").unwrap_or(&unit);
    UNITS.contains(&unit)
}

/// `text` without spaces, colons and invisible characters pasted with it (zero-width
/// spaces and joiners, a byte-order mark, a soft hyphen), each character folded as
/// search folds it (full width as ASCII, traditional as simplified), in lower case.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    ':' | '：' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
                )
        })
        .map(crate::core::customer::catalogue::fold)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `text` is a number as a total writes it: digits with separators, a currency
/// sign or minus before, a unit or counter after.
fn is_amount(text: &str) -> bool {
    let text = text.trim_start_matches(['¥', '￥', '$', '-', '−']);
    let text = [
        "万元", "亿元", "元", "万", "亿", "家", "户", "个", "rmb", "yuan",
    ]
    .iter()
    .find_map(|unit| text.strip_suffix(unit))
    .unwrap_or(text);
    text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// Whether row `cells`, its columns filling the fields of `mapping`, is a total row;
/// `None` for a customer's row (or a bad one), checked like any other.
pub fn verdict(cells: &[String], mapping: &[Option<Target>]) -> Option<Total> {
    if !cells.iter().any(|c| is_total_word(c)) {
        return None;
    }
    let empty_or_word = |c: &String| c.trim().is_empty() || is_total_word(c);
    let column = |target: Target| {
        cells
            .iter()
            .zip(mapping)
            .filter(move |(_, t)| **t == Some(target))
            .map(|(c, _)| c)
    };
    // The count or sum a merged total row writes under the names is no name either.
    let no_name = |c: &String| empty_or_word(c) || is_amount(&fold(c));
    if !column(Target::Name).all(no_name) {
        return None;
    }
    if IDENTIFYING.iter().all(|t| column(*t).all(empty_or_word)) {
        Some(Total::Row)
    } else {
        Some(Total::Doubtful)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::interchange::import::guess;

    fn s(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn total_words_are_read_as_offices_write_them_and_names_that_contain_one_are_not() {
        for word in [
            "合计",
            "合 计",
            "合　计",
            " 合计： ",
            "合计:",
            "总计(元)",
            "总计（元）",
            "合计（万元）",
            "小计 [RMB]",
            "共计【元】",
            "合計",
            "總計",
            "小計",
            "共計",
            "Total",
            "TOTAL:",
            "Ｔｏｔａｌ",
            "Subtotal",
            "Sub-total",
            "Grand total",
            "Grand Total (RMB)",
            "合计：¥12,000.00",
            "合计 12000",
            "共计 3 家",
            "Total: 8,500,000",
        ] {
            assert!(is_total_word(word), "{word:?} is a total word");
        }
        for cell in [
            "总计贸易有限公司",
            "合计五金店",
            "佛山合计电器",
            "Total Solutions Ltd",
            "合计金额",
            "(合计)",
            "计",
            "",
            "总",
            "合计12号",
            "Totally",
            "Total 3M",
        ] {
            assert!(!is_total_word(cell), "{cell:?} is not a total word");
        }
    }

    #[test]
    fn rows_are_told_apart_by_the_table_of_cases() {
        let headers = s(&[
            "序号",
            "客户名称",
            "电话",
            "联系人",
            "手机",
            "注册资本",
            "备注",
        ]);
        let mapping = guess(&headers);
        let cases: [(&[&str], Option<Total>, &str); 12] = [
            (
                &["合计", "", "", "", "", "8500000", ""],
                Some(Total::Row),
                "merged across the first columns: the word in the first cell, a sum later",
            ),
            (
                &["", "合计", "", "", "", "8500000", ""],
                Some(Total::Row),
                "the word in the name column",
            ),
            (
                &["", "总计(元)", "", "", "", "8500000", ""],
                Some(Total::Row),
                "with its unit",
            ),
            (
                &["", "Grand total", "", "", "", "", "3 家"],
                Some(Total::Row),
                "in English, a count in the remark",
            ),
            (
                &["小计", "小计", "", "", "", "", ""],
                Some(Total::Row),
                "the word repeated across the merged cells",
            ),
            (
                &["3", "总计贸易有限公司", "020-1234567", "", "", "", ""],
                None,
                "a company whose name starts with a total word",
            ),
            (
                &["合计", "佛山南海陶瓷", "", "", "", "", ""],
                None,
                "a real name: a customer, whatever sits in another column",
            ),
            (
                &["", "江门安信电器", "", "", "", "", "合计"],
                None,
                "a total word in the remark of a named row",
            ),
            (
                &["", "合计", "0750-1234567", "", "", "", ""],
                Some(Total::Doubtful),
                "named 合计, yet with a phone: listed for someone to check",
            ),
            (
                &["合计", "", "", "陈立", "13900002222", "", ""],
                Some(Total::Doubtful),
                "a total word and a contact",
            ),
            (
                &["", "", "", "", "", "", ""],
                None,
                "an empty row is not a total (it is skipped as blank)",
            ),
            (
                &["", "", "0757-1", "", "", "很多", ""],
                None,
                "a bad row without any total word is checked as usual",
            ),
        ];
        for (cells, expected, why) in cases {
            assert_eq!(verdict(&s(cells), &mapping), expected, "{why}: {cells:?}");
        }
    }

    #[test]
    fn a_sheet_with_a_title_above_and_totals_below_imports_its_customers_only() {
        use crate::core::interchange::import::{check, counts};
        use crate::core::table::Table;
        // As calamine reads a workbook: a merged cell's value in its first cell only.
        let (table, heading) = Table::from_records(vec![
            s(&["2026年华南区客户名单", "", "", "", ""]),
            s(&["序号", "客户名称", "联系电话", "注册资本（元）", "备注"]),
            s(&["1", "佛山南海陶瓷", "0757-86001234", "5000000", ""]),
            s(&["2", "总计贸易有限公司", "020-1234567", "3000000", ""]),
            s(&["小计", "", "", "8000000", ""]),
            s(&["3", "合计", "0750-1234567", "", ""]),
            s(&["", "", "", "", ""]),
            s(&["合 计：", "", "", "8000000", "2 家"]),
        ]);
        assert_eq!(heading, 2, "the merged title is not the headings");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let out = check(&table.rows, &guess(&table.headers), &[], today, heading + 1);
        let imported: Vec<(usize, &str)> = out
            .iter()
            .filter(|o| o.accepted())
            .map(|o| (o.row, o.draft.customer.basic.name.as_str()))
            .collect();
        assert_eq!(imported, [(3, "佛山南海陶瓷"), (4, "总计贸易有限公司")]);
        let totals: Vec<(usize, Option<Total>)> = out
            .iter()
            .filter(|o| o.total.is_some())
            .map(|o| (o.row, o.total))
            .collect();
        assert_eq!(
            totals,
            [
                (5, Some(Total::Row)),
                (6, Some(Total::Doubtful)),
                (8, Some(Total::Row))
            ],
            "the blank row 7 is skipped"
        );
        let n = counts(&out);
        assert_eq!(
            (n.accepted, n.problems, n.duplicates, n.totals),
            (2, 1, 0, 2)
        );
    }

    #[test]
    fn a_total_word_in_the_archive_number_column_does_not_count_as_a_number() {
        let mapping = guess(&s(&["档案编号", "客户名称", "注册资本"]));
        assert_eq!(
            verdict(&s(&["合计", "", "1000000"]), &mapping),
            Some(Total::Row)
        );
        assert_eq!(
            verdict(&s(&["R07-2026-00001", "合计", ""]), &mapping),
            Some(Total::Doubtful)
        );
    }
}
