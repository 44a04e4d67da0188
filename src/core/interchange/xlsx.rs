//! Excel workbooks: a table read from the first sheet with data of an `.xlsx`, `.xls` or
//! `.ods` (calamine), and tables written as the sheets of an `.xlsx` (rust_xlsxwriter).
//!
//! Only the spreadsheet worker (`src/bin/xlsx.rs`) calls this, so the two libraries stay
//! out of the app's own wasm; natively it is tested like the rest of the core.
//!
//! Cells are text on both sides, as in [`Table`]. Writing, a column whose every cell is a
//! date (2026-11-22) or a date and time (2026-11-22 09:30) is written as Excel dates, and
//! a column whose every cell is a plain amount or count (no leading zero, at most ten
//! digits before the point: so never a phone number) as numbers, so they sort and sum in
//! Excel. Reading turns them back into the same text.

use std::io::Cursor;

use calamine::{Data, Reader};
use serde::{Deserialize, Serialize};

use crate::core::progress::{Phase, Progress};
use crate::core::table::Table;

/// Why a workbook could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReadError {
    /// Not a workbook calamine knows, or one locked with a password.
    #[error("not a readable workbook")]
    Unrecognised,
    /// Every sheet is empty.
    #[error("no sheet has data")]
    Empty,
    /// The file says it is a workbook, but its insides are broken.
    #[error("damaged workbook: {0}")]
    Damaged(String),
}

/// A sheet read from a workbook.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetIn {
    /// The sheet's name, as its tab shows it.
    pub name: String,
    /// Every row, from the sheet's first row, as text.
    pub records: Vec<Vec<String>>,
}

/// A sheet to write.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetOut {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The first sheet that has data, every row from row 1 (blank rows above the data kept,
/// so row numbers are the spreadsheet's own).
pub fn read(bytes: &[u8]) -> Result<SheetIn, ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|_| ReadError::Unrecognised)?;
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ReadError::Damaged(e.to_string()))?;
        let Some((first_row, first_col)) = range.start() else {
            continue;
        };
        let mut records = vec![Vec::new(); first_row as usize];
        for row in range.rows() {
            let mut cells = vec![String::new(); first_col as usize];
            cells.extend(row.iter().map(text));
            while cells.last().is_some_and(String::is_empty) {
                cells.pop();
            }
            records.push(cells);
        }
        while records.last().is_some_and(Vec::is_empty) {
            records.pop();
        }
        if records.iter().any(|r| !r.is_empty()) {
            return Ok(SheetIn { name, records });
        }
    }
    Err(ReadError::Empty)
}

/// A cell as the text a person would type for it.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim_end_matches(['\r', '\n']).to_owned(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_duration() => number(d.as_f64()),
        Data::DateTime(d) => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            match (h, min, s) {
                (0, 0, 0) => format!("{y:04}-{m:02}-{day:02}"),
                (h, min, 0) => format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}"),
                (h, min, s) => format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}"),
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as typed: 1200, not 1200.0; 0.1, not 0.1000000000000000055.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        // Excel keeps 15 significant digits: round to them, then print the shortest form.
        let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
        rounded.to_string()
    }
}

/// How a column is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Number,
    Date,
    DateTime,
}

/// Whether a cell is a number as typed: `-12500.5`, or grouped by thousands as amounts
/// are shown (`5,000,000.50`); not a phone (too long, or a leading zero), not `1e5`.
fn is_number(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut groups = int.split(',');
    let lead = groups.next().unwrap_or_default();
    let grouped = int.contains(',');
    if grouped && (lead.is_empty() || lead.len() > 3 || !groups.all(|g| g.len() == 3)) {
        return false;
    }
    let int = int.replace(',', "");
    !int.is_empty()
        && int.len() <= 10
        && int.bytes().all(|b| b.is_ascii_digit())
        && (int == "0" || !int.starts_with('0'))
        && frac.bytes().all(|b| b.is_ascii_digit())
        // "12." is not a number as typed.
        && !(frac.is_empty() && body.contains('.'))
}

/// Year, month, day and, for a date with a time, hour and minute.
type DateParts = (u16, u8, u8, Option<(u16, u8)>);

/// A `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` cell's parts, if it is a real date.
fn date_parts(s: &str) -> Option<DateParts> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .filter(|d| d.iter().all(u8::is_ascii_digit))
            .and_then(|_| s[r].parse::<u16>().ok())
    };
    if !(s.len() == 10 || s.len() == 16) || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into())?;
    let time = if s.len() == 16 {
        if b[10] != b' ' || b[13] != b':' {
            return None;
        }
        let (h, min) = (digits(11..13)?, digits(14..16)?);
        if h > 23 || min > 59 {
            return None;
        }
        Some((h, min as u8))
    } else {
        None
    };
    Some((y, m as u8, d as u8, time))
}

fn kind_of(rows: &[Vec<String>], col: usize) -> Kind {
    let mut cells = rows
        .iter()
        .filter_map(|r| r.get(col))
        .filter(|c| !c.is_empty())
        .peekable();
    let Some(first) = cells.peek().map(|c| c.as_str()) else {
        return Kind::Text;
    };
    let kind = match date_parts(first) {
        Some((.., None)) => Kind::Date,
        Some((.., Some(_))) => Kind::DateTime,
        None if is_number(first) => Kind::Number,
        None => return Kind::Text,
    };
    let same = cells.all(|c| match kind {
        Kind::Number => is_number(c),
        Kind::Date => matches!(date_parts(c), Some((.., None))),
        _ => matches!(date_parts(c), Some((.., Some(_)))),
    });
    if same { kind } else { Kind::Text }
}

/// How wide a column of these cells is, in Excel's character widths (a Chinese character
/// is two).
fn width(cells: impl Iterator<Item = usize>) -> f64 {
    (cells.max().unwrap_or(0) as f64 + 2.0).clamp(8.0, 60.0)
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// A name Excel accepts for a sheet: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str, index: usize) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let clean = clean.trim_matches('\'').trim().to_owned();
    if clean.is_empty() {
        format!("Sheet{}", index + 1)
    } else {
        clean
    }
}

/// The sheets as an `.xlsx` workbook: headings in bold with a filter, the heading row
/// frozen, columns as wide as their text.
pub fn write(sheets: &[SheetOut]) -> Result<Vec<u8>, String> {
    write_with(sheets, &|_| {})
}

/// [`write`], telling `report` the cells written (counted as rows, a column at a time)
/// of all the sheets' rows times their columns.
pub fn write_with(sheets: &[SheetOut], report: &dyn Fn(Progress)) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let thousands = Format::new().set_num_format("#,##0");
    let thousands_cents = Format::new().set_num_format("#,##0.00");
    let mut used = Vec::new();
    let columns_of = |s: &SheetOut| {
        s.rows
            .iter()
            .map(Vec::len)
            .chain([s.headers.len()])
            .max()
            .unwrap_or(0)
    };
    let total: u64 = sheets
        .iter()
        .map(|s| (s.rows.len() * columns_of(s)) as u64)
        .sum();
    let mut done = 0u64;
    let tell = |done: u64| {
        report(Progress {
            phase: Phase::MakingWorkbook,
            done,
            total,
        })
    };
    tell(0);
    for (i, s) in sheets.iter().enumerate() {
        let mut name = sheet_name(&s.name, i);
        if used.contains(&name) {
            name = format!("{} {}", name.chars().take(27).collect::<String>(), i + 1);
        }
        used.push(name.clone());
        let ws = book.add_worksheet();
        ws.set_name(&name).map_err(err)?;
        let columns = columns_of(s);
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(err)?;
        }
        for c in 0..columns {
            let kind = kind_of(&s.rows, c);
            let col = c as u16;
            for (r, row) in s.rows.iter().enumerate() {
                let Some(cell) = row.get(c).filter(|x| !x.is_empty()) else {
                    continue;
                };
                let r = r as u32 + 1;
                match kind {
                    Kind::Text => ws.write_string(r, col, cell).map(drop),
                    Kind::Number => {
                        let value = cell.replace(',', "").parse::<f64>().unwrap_or_default();
                        // Amounts shown grouped stay grouped in Excel, and stay numbers.
                        match (cell.contains(','), cell.contains('.')) {
                            (false, _) => ws.write_number(r, col, value),
                            (true, false) => ws.write_number_with_format(r, col, value, &thousands),
                            (true, true) => {
                                ws.write_number_with_format(r, col, value, &thousands_cents)
                            }
                        }
                        .map(drop)
                    }
                    Kind::Date | Kind::DateTime => {
                        let Some((y, m, d, time)) = date_parts(cell) else {
                            continue;
                        };
                        let mut at = ExcelDateTime::from_ymd(y, m, d).map_err(err)?;
                        if let Some((h, min)) = time {
                            at = at.and_hms(h, min, 0).map_err(err)?;
                        }
                        let f = if kind == Kind::Date {
                            &date
                        } else {
                            &date_time
                        };
                        ws.write_datetime_with_format(r, col, at, f).map(drop)
                    }
                }
                .map_err(err)?;
            }
            let cells = s
                .rows
                .iter()
                .filter_map(|row| row.get(c))
                .chain(s.headers.get(c))
                .map(|x| match kind {
                    Kind::DateTime => 16,
                    _ => display_width(x),
                });
            ws.set_column_width(col, width(cells)).map_err(err)?;
            done += s.rows.len() as u64;
            tell(done);
        }
        if columns > 0 {
            ws.set_freeze_panes(1, 0).map_err(err)?;
            ws.autofilter(0, 0, s.rows.len() as u32, columns as u16 - 1)
                .map_err(err)?;
        }
    }
    if sheets.is_empty() {
        book.add_worksheet();
    }
    book.save_to_buffer().map_err(err)
}

/// Convenience for a single table.
pub fn write_table(name: &str, table: &Table) -> Result<Vec<u8>, String> {
    write(&[SheetOut {
        name: name.to_owned(),
        headers: table.headers.clone(),
        rows: table.rows.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn making_a_workbook_counts_its_cells_a_column_at_a_time_up_to_all_of_them() {
        // Two sheets: 3 rows × 2 columns, and 2 rows × 3 columns (one row short, one
        // heading more than any row): 6 + 6 = 12 cells in all.
        let sheets = [
            SheetOut {
                name: "A".into(),
                headers: vec!["x".into(), "y".into()],
                rows: vec![vec!["1".into(), "2".into()]; 3],
            },
            SheetOut {
                name: "B".into(),
                headers: vec!["x".into(), "y".into(), "z".into()],
                rows: vec![vec!["a".into()], vec!["b".into(), "c".into()]],
            },
        ];
        let seen = std::cell::RefCell::new(Vec::new());
        let bytes = write_with(&sheets, &|p| seen.borrow_mut().push(p)).unwrap();
        assert_eq!(
            read(&bytes).unwrap().records.len(),
            4,
            "the first sheet, heading and rows"
        );
        let seen = seen.into_inner();
        assert!(
            seen.iter()
                .all(|p| p.phase == Phase::MakingWorkbook && p.total == 12)
        );
        let done: Vec<u64> = seen.iter().map(|p| p.done).collect();
        // 0, then after each of A's 2 columns 3 rows, then after each of B's 3 columns 2.
        assert_eq!(done, [0, 3, 6, 8, 10, 12]);
    }

    fn s(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn a_written_workbook_reads_back_as_the_same_text() {
        let table = Table {
            headers: s(&[
                "档案编号",
                "客户名称",
                "电话",
                "创业时间",
                "欠款",
                "拜访时间",
                "备注",
            ]),
            rows: vec![
                s(&[
                    "R07-2026-00001",
                    "江门安信电器",
                    "0750-1234567",
                    "2003-04-01",
                    "12500.5",
                    "2026-11-03 09:30",
                    "他说\"好\", 明天",
                ]),
                s(&[
                    "R07-2026-00002",
                    "Zhongshan Lamps",
                    "13800001111",
                    "",
                    "0",
                    "2026-11-04 16:05",
                    "",
                ]),
                s(&[
                    "R07-2026-00003",
                    "佛山陶瓷",
                    "007",
                    "1999-12-31",
                    "-300",
                    "",
                    "多行\n文字",
                ]),
            ],
        };
        let bytes = write_table("客户档案", &table).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "an .xlsx is a ZIP");
        let back = read(&bytes).unwrap();
        assert_eq!(back.name, "客户档案");
        let mut expected = vec![table.headers.clone()];
        expected.extend(table.rows.iter().map(|r| {
            let mut r = r.clone();
            while r.last().is_some_and(String::is_empty) {
                r.pop();
            }
            r
        }));
        assert_eq!(back.records, expected);

        // Amounts shown grouped are numbers in the workbook, and read back as digits.
        let grouped = Table {
            headers: s(&["注册资本（元）"]),
            rows: vec![s(&["5,000,000"]), s(&["1,234.50"])],
        };
        let back = read(&write_table("x", &grouped).unwrap()).unwrap();
        assert_eq!(back.records[1..], [s(&["5000000"]), s(&["1234.5"])]);
    }

    #[test]
    fn amounts_and_dates_become_excel_numbers_and_dates_but_phones_stay_text() {
        let rows = vec![
            s(&[
                "13800001111",
                "0750-1234567",
                "12500.5",
                "2003-04-01",
                "2026-11-03 09:30",
                "007",
            ]),
            s(&["13900002222", "", "300", "", "2026-11-04 16:05", "12"]),
        ];
        assert_eq!(kind_of(&rows, 0), Kind::Text, "11-digit mobile numbers");
        assert_eq!(kind_of(&rows, 1), Kind::Text);
        assert_eq!(kind_of(&rows, 2), Kind::Number);
        assert_eq!(kind_of(&rows, 3), Kind::Date);
        assert_eq!(kind_of(&rows, 4), Kind::DateTime);
        assert_eq!(kind_of(&rows, 5), Kind::Text, "a leading zero is kept");
        assert_eq!(kind_of(&rows, 9), Kind::Text, "an empty column");
        assert!(!is_number("1."));
        assert!(!is_number(".5"));
        assert!(!is_number("1e5"));
        assert!(is_number("-0.25"));
        assert!(is_number("5,000,000") && is_number("-1,234.50") && is_number("999"));
        assert!(!is_number("5,00,000") && !is_number(",500") && !is_number("1234,567"));
        assert!(
            !is_number("12,345,678,901"),
            "eleven digits, grouped or not"
        );
        assert_eq!(date_parts("2026-02-30"), None);
        assert_eq!(date_parts("2026-11-03 24:00"), None);
    }

    #[test]
    fn numbers_read_back_as_people_typed_them() {
        assert_eq!(number(1200.0), "1200");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(12500.5), "12500.5");
        assert_eq!(number(-300.0), "-300");
        assert_eq!(number(13800001111.0), "13800001111");
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_with_a_reason() {
        assert_eq!(read(b"name,phone\n"), Err(ReadError::Unrecognised));
        assert_eq!(read(b""), Err(ReadError::Unrecognised));
        let bytes = write(&[SheetOut {
            name: "空".into(),
            headers: vec![],
            rows: vec![],
        }])
        .unwrap();
        assert_eq!(read(&bytes), Err(ReadError::Empty));
        // A truncated workbook (a file cut short on a USB stick).
        let good = write_table(
            "x",
            &Table {
                headers: s(&["a"]),
                rows: vec![s(&["1"])],
            },
        )
        .unwrap();
        assert!(read(&good[..good.len() / 2]).is_err());
    }

    #[test]
    fn sheet_names_are_made_acceptable_to_excel() {
        assert_eq!(sheet_name("拜访/记录 [2026]", 0), "拜访记录 2026");
        assert_eq!(sheet_name("", 2), "Sheet3");
        assert_eq!(sheet_name(&"长".repeat(40), 0).chars().count(), 31);
        let two = write(&[
            SheetOut {
                name: "a".into(),
                headers: s(&["x"]),
                rows: vec![],
            },
            SheetOut {
                name: "a".into(),
                headers: s(&["y"]),
                rows: vec![],
            },
        ]);
        assert!(two.is_ok(), "a repeated name is made unique");
    }
}
