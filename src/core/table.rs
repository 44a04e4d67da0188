//! A table as people read it (title, column headings, rows of text), and as CSV for
//! Excel: UTF-8 with a byte-order mark (without it, Chinese Excel reads UTF-8 as GBK and
//! shows garbage) and CRLF line ends. A cell that a spreadsheet would run as a formula
//! (OWASP's "CSV injection") is written after an apostrophe, which reading takes off again.

/// A table of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The first characters that make Excel, LibreOffice or Sheets read a cell as a formula:
/// `=`, `+`, `-`, `@`, and the tab and carriage return they skip before one.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell`, its leading apostrophes aside, starts as a formula would.
fn formula_like(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// `cell` as written to CSV: one a spreadsheet would run as a formula (a link that
/// sends data away, a command) gets a leading apostrophe, so it stays text. Phones such
/// as `+86 138…` and amounts such as `-500` are real data and start so too; [`unguard`]
/// gives them back as they were. A cell that already starts with apostrophes before
/// such a character gets one more, so that every cell reads back exactly.
fn guard(cell: &str) -> std::borrow::Cow<'_, str> {
    if formula_like(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A cell read from CSV without the apostrophe [`guard`] put before it.
fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => cell,
    }
}

impl Table {
    /// A table from a spreadsheet's rows. The headings are the first row, among the first
    /// ten, with two or more filled cells (a title typed above them, merged across the
    /// sheet, fills one), else the first filled row; rows above them are left out.
    /// Returns the table and the headings' row number (from 1).
    pub fn from_records(records: Vec<Vec<String>>) -> (Table, usize) {
        let filled = |r: &Vec<String>| r.iter().filter(|c| !c.trim().is_empty()).count();
        let heading = records
            .iter()
            .take(10)
            .position(|r| filled(r) >= 2)
            .or_else(|| records.iter().position(|r| filled(r) > 0))
            .unwrap_or(0);
        let mut records = records.into_iter().skip(heading);
        let table = Table {
            headers: records.next().unwrap_or_default(),
            rows: records.collect(),
        };
        (table, heading + 1)
    }

    /// A table read from CSV text (see [`Table::from_records`]); records of another
    /// width are kept as they are, and the apostrophe [`Table::to_csv`] puts before a
    /// formula-like cell is taken off. Fails with the line of a malformed record.
    pub fn from_csv(text: &str) -> Result<(Table, usize), usize> {
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut records = Vec::new();
        for record in r.records() {
            let record = record.map_err(|e| e.position().map_or(0, |p| p.line() as usize))?;
            records.push(
                record
                    .iter()
                    .map(|c| unguard(c).to_owned())
                    .collect::<Vec<_>>(),
            );
        }
        Ok(Table::from_records(records))
    }

    /// The table as CSV bytes, as Excel opens them, formula-like cells as text.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = BOM.to_vec();
        {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            // Writing to memory cannot fail; a row of another width is written as is.
            for row in std::iter::once(&self.headers).chain(&self.rows) {
                let _ = w.write_record(row.iter().map(|c| guard(c).into_owned()));
            }
            let _ = w.flush();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_starts_with_a_bom_and_quotes_what_needs_quoting() {
        let t = Table {
            headers: vec!["地区".into(), "客户数".into()],
            rows: vec![
                vec!["广东 中山".into(), "2".into()],
                vec!["说明, 含逗号".into(), "他说\"好\"".into()],
            ],
        };
        let bytes = t.to_csv();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "地区,客户数\r\n广东 中山,2\r\n\"说明, 含逗号\",\"他说\"\"好\"\"\"\r\n"
        );
        // And it reads back the same.
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(rows, t.rows);
        // And through `from_csv`, BOM and all.
        let back = Table::from_csv(&String::from_utf8(t.to_csv()).unwrap()).unwrap();
        assert_eq!(back, (t, 1));
    }

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_written_as_text() {
        let hostile = [
            "=HYPERLINK(\"http://evil.example\",\"点击\")",
            "+cmd|'/c calc'!A0",
            "@SUM(1)",
            "-2+3",
            "\t=1",
            "\r=1",
        ];
        let t = Table {
            headers: vec!["备注".into()],
            rows: hostile.iter().map(|c| vec![(*c).to_owned()]).collect(),
        };
        let bytes = t.to_csv();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(&bytes[BOM.len()..]);
        let written: Vec<String> = r.records().map(|x| x.unwrap()[0].to_owned()).collect();
        for (cell, out) in hostile.iter().zip(&written) {
            assert_eq!(*out, format!("'{cell}"), "{cell:?} is written as text");
        }
        // Ordinary text is written as it is.
        let plain = Table {
            headers: vec!["名称".into()],
            rows: vec![vec!["江门安信电器".into()], vec!["a-b".into()]],
        };
        assert_eq!(
            String::from_utf8(plain.to_csv()[BOM.len()..].to_vec()).unwrap(),
            "名称\r\n江门安信电器\r\na-b\r\n"
        );
    }

    #[test]
    fn real_data_that_starts_like_a_formula_reads_back_unchanged() {
        let cells = [
            "+86 138 0000 0000",
            "-500",
            "=1",
            "@张三",
            "\t=1",
            "'=already quoted",
            "''+1",
            "'",
            "'plain",
            "don't",
            "",
        ];
        let t = Table {
            headers: vec!["电话".into(), "金额".into()],
            rows: cells
                .iter()
                .map(|c| vec![(*c).to_owned(), "-500".into()])
                .collect(),
        };
        let back = Table::from_csv(&String::from_utf8(t.to_csv()).unwrap()).unwrap();
        assert_eq!(back, (t, 1));
    }

    #[test]
    fn a_title_above_the_headings_is_left_out() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let (t, heading) = Table::from_records(vec![
            row(&["2026年客户档案"]),
            row(&[]),
            row(&["客户名称", "电话"]),
            row(&["江门安信电器", "0750-1234567"]),
        ]);
        assert_eq!(heading, 3);
        assert_eq!(t.headers, row(&["客户名称", "电话"]));
        assert_eq!(t.rows.len(), 1);
        // A one-column sheet still has its headings.
        let (t, heading) = Table::from_records(vec![row(&[]), row(&["客户名称"]), row(&["甲"])]);
        assert_eq!((t.headers, heading), (row(&["客户名称"]), 2));
    }
}
