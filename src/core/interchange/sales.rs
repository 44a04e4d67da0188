//! Sales by customer and month read from a spreadsheet (what the accounts department
//! exports): which file each row is, which month, how much. Each row is checked and
//! any problem named with its row number; nothing is written until the user confirms.
//!
//! A row names its file by archive number, else by the customer's name when exactly one
//! file has it. A month is written as people write one: 2026-11, 2026/11, 2026.11,
//! 2026年11月, 202611, or any day of it (2026-11-30). An amount as the form takes one
//! (1,200.50, 50万).

use std::collections::{BTreeMap, HashMap};

use crate::core::customer::catalogue::{CatalogueEntry, fold, normalize};
use crate::core::customer::model::CustomerId;
use crate::core::customer::money::Money;
use crate::core::report::Month;

/// Which column holds what. A row needs a file (by number or name), a month and an amount.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping {
    pub archive_no: Option<usize>,
    pub name: Option<usize>,
    pub month: Option<usize>,
    pub amount: Option<usize>,
}

impl Mapping {
    /// Whether every row can be read: a file column, a month and an amount.
    pub fn complete(&self) -> bool {
        (self.archive_no.is_some() || self.name.is_some())
            && self.month.is_some()
            && self.amount.is_some()
    }
}

/// Headings people give each column, compared as [`normalize`] makes them.
const ARCHIVE_NO: &[&str] = &["档案编号", "编号", "客户编号", "档案号", "archiveno", "no"];
const NAME: &[&str] = &[
    "客户名称",
    "客户",
    "名称",
    "公司名称",
    "单位名称",
    "customer",
    "name",
];
const MONTH: &[&str] = &["月份", "期间", "年月", "月", "日期", "month", "period"];
const AMOUNT: &[&str] = &[
    "销售额",
    "销售金额",
    "金额",
    "销售",
    "本月销售",
    "amount",
    "sales",
];

/// The columns guessed from the headings: the first heading of each kind.
pub fn guess(headers: &[String]) -> Mapping {
    let find = |names: &[&str]| {
        headers.iter().position(|h| {
            let h = normalize(h);
            names.iter().any(|n| normalize(n) == h)
        })
    };
    Mapping {
        archive_no: find(ARCHIVE_NO),
        name: find(NAME),
        month: find(MONTH),
        amount: find(AMOUNT),
    }
}

/// What is wrong with a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// No file has this number, nor (without one) this name.
    NoFile,
    /// More than one file has this name: give the archive number.
    TwoFiles,
    /// The month is not one.
    Month,
    /// The amount is missing or not an amount.
    Amount,
    /// The same file and month as an earlier row (its number).
    Repeated(usize),
    /// A total or subtotal row (合计), left out.
    Total,
}

/// One row as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Its row number in the spreadsheet.
    pub row: usize,
    pub file: Option<CustomerId>,
    pub month: Option<Month>,
    pub amount: Option<Money>,
    pub problem: Option<Problem>,
}

/// Reads a month as people write one; `None` if it is none.
pub fn parse_month(cell: &str) -> Option<Month> {
    // Full-width digits as ASCII; any other digit (Arabic-Indic, …) is no month of ours.
    let cell: String = cell.trim().chars().map(fold).collect();
    if cell.chars().any(|c| c.is_numeric() && !c.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = cell
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    // A date with its time, as a spreadsheet's date-time cell reads: the date.
    let parts = match parts.as_slice() {
        [y, m, d, _h, _min] | [y, m, d, _h, _min, _] if y.len() == 4 => vec![*y, *m, *d],
        _ => parts,
    };
    let (y, m) = match parts.as_slice() {
        [y, m] | [y, m, _] if y.len() == 4 && m.len() <= 2 => (*y, *m),
        [all] if all.len() == 6 => (&all[..4], &all[4..]),
        [all] if all.len() == 8 => (&all[..4], &all[4..6]),
        _ => return None,
    };
    let month = Month::parse(&format!("{y}-{m}"))?;
    // A day, when given, must be one of that month.
    if let [_, _, d] = parts.as_slice() {
        let d: u32 = d.parse().ok()?;
        month.first_day().with_day_checked(d)?;
    }
    Some(month)
}

trait WithDay {
    fn with_day_checked(self, d: u32) -> Option<chrono::NaiveDate>;
}

impl WithDay for chrono::NaiveDate {
    fn with_day_checked(self, d: u32) -> Option<chrono::NaiveDate> {
        chrono::Datelike::with_day(&self, d)
    }
}

/// Whether a name cell marks a total row: the whole cell a total word (合计, 合计：,
/// Total), never a name that begins with one (合计贸易, Total Oil).
fn is_total(cell: &str) -> bool {
    let n = normalize(cell);
    [
        "合计",
        "总计",
        "小计",
        "总合计",
        "total",
        "subtotal",
        "grandtotal",
        "sum",
    ]
    .iter()
    .any(|t| n == *t)
}

/// An archive number as rows are matched by it: case and width folded, spaces dropped,
/// the dashes kept (R1-2026-00001 and R12-026-00001 are two numbers).
fn number_key(s: &str) -> String {
    s.chars()
        .map(fold)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Checks every row (data rows, the first being spreadsheet row `first_row`) against
/// the files here. Blank rows are skipped.
pub fn check(
    rows: &[Vec<String>],
    mapping: &Mapping,
    entries: &[CatalogueEntry],
    first_row: usize,
) -> Vec<Line> {
    let mut by_number: HashMap<String, &CustomerId> = HashMap::new();
    let mut by_name: HashMap<String, Vec<&CustomerId>> = HashMap::new();
    for e in entries {
        by_number.insert(number_key(&e.archive_no), &e.id);
        if !e.name.is_empty() {
            by_name.entry(normalize(&e.name)).or_default().push(&e.id);
        }
    }
    let cell = |cells: &[String], at: Option<usize>| {
        at.and_then(|i| cells.get(i))
            .map(|c| c.trim().to_owned())
            .unwrap_or_default()
    };
    let mut seen: HashMap<(CustomerId, Month), usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, cells) in rows.iter().enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = first_row + i;
        let number = cell(cells, mapping.archive_no);
        let name = cell(cells, mapping.name);
        let mut line = Line {
            row,
            file: None,
            month: parse_month(&cell(cells, mapping.month)),
            amount: None,
            problem: None,
        };
        let found = if !number.is_empty() {
            by_number
                .get(&number_key(&number))
                .map(|id| (*id).clone())
                .ok_or(Problem::NoFile)
        } else {
            match by_name.get(&normalize(&name)).map(Vec::as_slice) {
                Some([one]) => Ok((*one).clone()),
                Some([_, _, ..]) => Err(Problem::TwoFiles),
                // An archive number typed in the customer column finds its file too.
                _ => by_number
                    .get(&number_key(&name))
                    .map(|id| (*id).clone())
                    .ok_or(Problem::NoFile),
            }
        };
        let amount = Money::parse(&cell(cells, mapping.amount));
        line.problem = match (&found, line.month, amount) {
            (Err(_), _, _) if is_total(&name) || is_total(&number) => Some(Problem::Total),
            (Err(p), _, _) => Some(p.clone()),
            (_, None, _) => Some(Problem::Month),
            (_, _, Ok(None) | Err(_)) => Some(Problem::Amount),
            (Ok(id), Some(m), Ok(Some(a))) => {
                line.amount = Some(a);
                match seen.get(&(id.clone(), m)) {
                    Some(earlier) => Some(Problem::Repeated(*earlier)),
                    None => {
                        seen.insert((id.clone(), m), row);
                        None
                    }
                }
            }
        };
        line.file = found.ok();
        out.push(line);
    }
    out
}

/// The rows without a problem, by file: each file's months and amounts.
pub fn by_file(lines: &[Line]) -> BTreeMap<CustomerId, BTreeMap<String, Money>> {
    let mut out: BTreeMap<CustomerId, BTreeMap<String, Money>> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.problem.is_none()) {
        if let (Some(file), Some(month), Some(amount)) = (&l.file, l.month, l.amount) {
            out.entry(file.clone())
                .or_default()
                .insert(month.label(), amount);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::customer::model::Customer;

    fn s(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    fn entry(id: &str, no: &str, name: &str) -> CatalogueEntry {
        let mut c = Customer {
            id: id.into(),
            archive_no: no.into(),
            ..Default::default()
        };
        c.basic.name = name.into();
        CatalogueEntry::of(&c)
    }

    #[test]
    fn months_are_read_as_people_write_them() {
        for text in [
            "2026-11",
            "2026/11",
            "2026.11",
            "2026年11月",
            "202611",
            "2026-11-30",
            "20261130",
            " 2026-11 ",
        ] {
            assert_eq!(parse_month(text), Month::parse("2026-11"), "{text}");
        }
        assert_eq!(parse_month("2026-1"), Month::parse("2026-01"));
        for text in [
            "",
            "11月",
            "2026-13",
            "2026-11-31",
            "26-11",
            "十一月",
            "2026",
        ] {
            assert_eq!(parse_month(text), None, "{text}");
        }
    }

    #[test]
    fn rows_find_their_file_by_number_else_by_a_name_only_one_file_has() {
        let entries = [
            entry("a", "R07-2026-00001", "江门安信电器"),
            entry("b", "R07-2026-00002", "中山同名商行"),
            entry("c", "R08-2026-00001", "中山同名商行"),
        ];
        let headers = s(&["档案编号", "客户名称", "月份", "销售额"]);
        let mapping = guess(&headers);
        assert!(mapping.complete());
        let rows = vec![
            s(&["R07-2026-00001", "", "2026-10", "12,000"]),
            s(&["", "江门安信电器", "2026年11月", "3万"]),
            s(&["", "中山同名商行", "2026-11", "500"]),
            s(&["r08-2026-00001", "中山同名商行", "2026/11", "800.50"]),
            s(&["R09-2026-00009", "", "2026-11", "1"]),
            s(&["", "", "", ""]),
            s(&["", "江门安信电器", "十一月", "1"]),
            s(&["", "江门安信电器", "2026-09", "很多"]),
            s(&["R07-2026-00001", "", "2026-10-31", "1"]),
            s(&["合计", "", "", "42,800.50"]),
        ];
        let lines = check(&rows, &mapping, &entries, 2);
        let got: Vec<(usize, Option<&str>, Option<Problem>)> = lines
            .iter()
            .map(|l| (l.row, l.file.as_deref(), l.problem.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (2, Some("a"), None),
                (3, Some("a"), None),
                (4, None, Some(Problem::TwoFiles)),
                (5, Some("c"), None),
                (6, None, Some(Problem::NoFile)),
                (8, Some("a"), Some(Problem::Month)),
                (9, Some("a"), Some(Problem::Amount)),
                (10, Some("a"), Some(Problem::Repeated(2))),
                (11, None, Some(Problem::Total)),
            ]
        );
        let files = by_file(&lines);
        let a: Vec<(&str, i64)> = files["a"].iter().map(|(m, v)| (m.as_str(), v.0)).collect();
        assert_eq!(a, [("2026-10", 1_200_000), ("2026-11", 3_000_000)]);
        assert_eq!(files["c"]["2026-11"], Money(80_050));
        assert_eq!(files.len(), 2);
    }

    #[test]
    fn an_archive_number_typed_in_the_customer_column_finds_its_file() {
        let entries = [entry("a", "R07-2026-00001", "江门安信电器")];
        let mapping = guess(&s(&["客户名称", "月份", "销售额"]));
        let lines = check(
            &[
                s(&["R07-2026-00001", "2026-11", "100"]),
                s(&["R07-2026-00009", "2026-11", "100"]),
            ],
            &mapping,
            &entries,
            2,
        );
        assert_eq!(lines[0].file.as_deref(), Some("a"));
        assert_eq!(lines[1].problem, Some(Problem::NoFile));
    }

    #[test]
    fn headings_in_english_or_chinese_are_recognised_and_a_missing_one_says_so() {
        let m = guess(&s(&["Customer", "Period", "Sales"]));
        assert_eq!(
            m,
            Mapping {
                archive_no: None,
                name: Some(0),
                month: Some(1),
                amount: Some(2),
            }
        );
        assert!(!guess(&s(&["客户名称", "销售额"])).complete());
    }
}
