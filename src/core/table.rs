//! A table as people read it (title, column headings, rows of text), and as CSV for
//! Excel: UTF-8 with a byte-order mark (without it, Chinese Excel reads UTF-8 as GBK and
//! shows garbage) and CRLF line ends.

/// A table of text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

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
    /// width are kept as they are. Fails with the line of a malformed record.
    pub fn from_csv(text: &str) -> Result<(Table, usize), usize> {
        let mut r = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let mut records = Vec::new();
        for record in r.records() {
            let record = record.map_err(|e| e.position().map_or(0, |p| p.line() as usize))?;
            records.push(record.iter().map(str::to_owned).collect::<Vec<_>>());
        }
        Ok(Table::from_records(records))
    }

    /// The table as CSV bytes, as Excel opens them.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = BOM.to_vec();
        {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(&mut out);
            // Writing to memory cannot fail; a row of another width is written as is.
            let _ = w.write_record(&self.headers);
            for row in &self.rows {
                let _ = w.write_record(row);
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
