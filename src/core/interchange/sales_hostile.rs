//! Hostile cases for the sales spreadsheet (#33): cells no accounts department meant to
//! write, totals, archive numbers spelt otherwise, names two files share, and a number
//! a rep's bundle made to catch another file's rows. Each row must go to its file or be
//! listed with its problem: never to another file, never misread.

use chrono::DateTime;

use super::sales::{Line, Mapping, Problem, by_file, check, guess, parse_month};
use crate::core::authority::Sender;
use crate::core::bundle::Contents;
use crate::core::bundle::plan::{From, Local, plan};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::model::Customer;
use crate::core::customer::money::Money;
use crate::core::report::Month;

fn s(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn file(id: &str, no: &str, name: &str) -> Customer {
    let mut c = Customer {
        id: id.into(),
        archive_no: no.into(),
        ..Default::default()
    };
    c.basic.name = name.into();
    c
}

fn entry(id: &str, no: &str, name: &str) -> CatalogueEntry {
    CatalogueEntry::of(&file(id, no, name))
}

fn month(text: &str) -> Option<Month> {
    Month::parse(text)
}

/// 档案编号, 客户名称, 月份, 销售额.
fn mapping() -> Mapping {
    let m = guess(&s(&["档案编号", "客户名称", "月份", "销售额"]));
    assert!(m.complete());
    m
}

/// Each row checked against `entries`, from spreadsheet row 2.
fn lines(rows: &[&[&str]], entries: &[CatalogueEntry]) -> Vec<Line> {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| s(r)).collect();
    check(&rows, &mapping(), entries, 2)
}

fn one(row: &[&str], entries: &[CatalogueEntry]) -> Line {
    lines(&[row], entries).remove(0)
}

// Months.

#[test]
fn months_in_shapes_no_one_meant_are_refused_never_misread() {
    for text in [
        "2026110100",
        "20261",
        "2026111",
        "11/2026",
        "30/11/2026",
        "11/30/2026",
        "2026-011",
        "02026-11",
        "2026-11-31",
        "2027-02-29",
        "2026-00",
        "2026-13",
        "٢٠٢٦-١١",
        "2026-١١",
        "2026-99999999999999999999",
        "99999999999-11",
        "2026-11-99999999999999999999",
        "2026-11-30-12",
        "=TODAY()",
        "#VALUE!",
        "NaN",
    ] {
        assert_eq!(parse_month(text), None, "{text}");
    }
    assert_eq!(parse_month(&"1".repeat(1 << 20)), None);
    assert_eq!(parse_month(&"2026-11-".repeat(100_000)), None);
    // What is one month, however it is dressed.
    for text in [
        "2026-11",
        "\u{3000}2026/11\u{3000}",
        "2026年11月30日",
        "2028-02-29",
    ] {
        assert!(parse_month(text).is_some(), "{text}");
    }
    assert_eq!(parse_month("2026年11月30日"), month("2026-11"));
    // Typed all in full-width digits, as an IME gives them: the same month.
    assert_eq!(parse_month("２０２６年１１月"), month("2026-11"));
}

#[test]
fn a_month_typed_with_a_full_width_digit_is_never_read_as_another_month() {
    for text in ["2026年1１月", "2026-1１", "2026/1１/30", "2026-１1"] {
        let read = parse_month(text);
        assert!(
            read.is_none() || read == month("2026-11"),
            "{text} read as {read:?}"
        );
    }
}

#[test]
fn a_month_cell_holding_a_date_and_time_is_read_as_its_month() {
    // xlsx.rs gives a date-time cell as "2026-11-30 09:30" (or with seconds).
    for text in [
        "2026-11-30 09:30",
        "2026-11-30 09:30:15",
        "2026-11-30T00:00:00",
    ] {
        assert_eq!(parse_month(text), month("2026-11"), "{text}");
    }
}

// Amounts.

#[test]
fn amounts_no_one_meant_are_listed_and_never_imported() {
    let entries = [entry("a", "R07-2026-00001", "江门安信电器")];
    let hostile = [
        "=SUM(D2:D9)",
        "=1+1",
        "-500",
        "- 500",
        "−500",
        "(500)",
        "500-",
        "1e308",
        "1e16",
        "inf",
        "-inf",
        "NaN",
        "五百",
        "١٢٣",
        "#DIV/0!",
        "0x10",
        "",
    ];
    let rows: Vec<Vec<String>> = hostile
        .iter()
        .map(|amount| s(&["R07-2026-00001", "", "2026-11", amount]))
        .collect();
    let checked = check(&rows, &mapping(), &entries, 2);
    assert_eq!(
        checked.len(),
        hostile.len(),
        "a row with no amount is not blank"
    );
    for (l, amount) in checked.iter().zip(hostile) {
        assert_eq!(l.problem, Some(Problem::Amount), "{amount:?}");
    }
    assert!(by_file(&checked).is_empty());
    // The largest an amount may be comes in whole; nothing beyond.
    let l = one(&["R07-2026-00001", "", "2026-11", "1e13"], &entries);
    assert_eq!(
        (l.problem, l.amount),
        (None, Some(Money(1_000_000_000_000_000)))
    );
}

#[test]
fn cells_of_megabytes_are_listed_without_a_panic() {
    let entries = [entry("a", "R07-2026-00001", "江门安信电器")];
    let huge = "合".repeat(1 << 20);
    let digits = "9".repeat(1 << 20);
    let got: Vec<Option<Problem>> = lines(
        &[
            &[&huge, "", "2026-11", "1"],
            &["", &huge, "2026-11", "1"],
            &["R07-2026-00001", "", &digits, "1"],
            &["R07-2026-00001", "", "2026-11", &digits],
        ],
        &entries,
    )
    .into_iter()
    .map(|l| l.problem)
    .collect();
    assert_eq!(
        got,
        [
            Some(Problem::NoFile),
            Some(Problem::NoFile),
            Some(Problem::Month),
            Some(Problem::Amount)
        ]
    );
}

// Totals.

#[test]
fn total_rows_stay_out_and_a_customer_named_with_a_total_word_comes_in() {
    let entries = [
        entry("a", "R07-2026-00001", "合计贸易"),
        entry("b", "R07-2026-00002", "Total Oil"),
    ];
    let got: Vec<(Option<String>, Option<Problem>)> = lines(
        &[
            &["", "合计贸易", "2026-11", "1"],
            &["", "ＴＯＴＡＬ ＯＩＬ", "2026-11", "2"],
            &["", "合  计：", "", "3"],
            &["小计", "", "", "3"],
            &["", "Total", "2026-11", "3"],
        ],
        &entries,
    )
    .into_iter()
    .map(|l| (l.file, l.problem))
    .collect();
    assert_eq!(
        got,
        [
            (Some("a".into()), None),
            (Some("b".into()), None),
            (None, Some(Problem::Total)),
            (None, Some(Problem::Total)),
            (None, Some(Problem::Total)),
        ]
    );
}

#[test]
fn an_unknown_customer_whose_name_starts_with_a_total_word_has_no_file_not_a_total() {
    // The user reads "a total row, not imported" and makes no file for the customer.
    for name in ["合计贸易有限公司", "Total Oil (China) Ltd", "小计饭店"] {
        let l = one(&["", name, "2026-11", "12,000"], &[]);
        assert_eq!(l.problem, Some(Problem::NoFile), "{name}");
    }
}

// Archive numbers and names.

#[test]
fn an_archive_number_in_another_case_or_width_finds_its_file() {
    let entries = [entry("a", "R07-2026-00001", "江门安信电器")];
    for no in [
        "r07-2026-00001",
        "ｒ０７－２０２６－００００１",
        " R07-2026-00001\u{3000}",
    ] {
        let l = one(&[no, "", "2026-11", "1"], &entries);
        assert_eq!((l.file.as_deref(), l.problem), (Some("a"), None), "{no}");
    }
}

#[test]
fn a_name_two_files_share_is_refused_and_the_number_still_finds_each() {
    // A rep made a file with another rep's customer's name.
    let entries = [
        entry("a", "R08-2026-00001", "中山同名商行"),
        entry("decoy", "R07-2026-00009", "中山 同名商行"),
    ];
    let got: Vec<(Option<String>, Option<Problem>)> = lines(
        &[
            &["", "中山同名商行", "2026-11", "500"],
            &["R08-2026-00001", "中山同名商行", "2026-11", "500"],
            &["R07-2026-00009", "", "2026-11", "1"],
        ],
        &entries,
    )
    .into_iter()
    .map(|l| (l.file, l.problem))
    .collect();
    assert_eq!(
        got,
        [
            (None, Some(Problem::TwoFiles)),
            (Some("a".into()), None),
            (Some("decoy".into()), None),
        ]
    );
}

#[test]
fn the_same_file_and_month_spelt_two_ways_is_one_row() {
    let entries = [entry("a", "R07-2026-00001", "江门安信电器")];
    let got: Vec<Option<Problem>> = lines(
        &[
            &["R07-2026-00001", "", "2026-11", "100"],
            &["", "江门安信电器", "202611", "100"],
            &["r07-2026-00001", "", "2026年11月30日", "100"],
        ],
        &entries,
    )
    .into_iter()
    .map(|l| l.problem)
    .collect();
    assert_eq!(
        got,
        [None, Some(Problem::Repeated(2)), Some(Problem::Repeated(2))]
    );
}

#[test]
fn headings_in_wan_are_not_taken_for_yuan() {
    // 销售额（万元）: amounts in 万; read as yuan they would be 10,000 times too small.
    assert!(!guess(&s(&["档案编号", "月份", "销售额（万元）"])).complete());
}

#[test]
fn a_number_another_rep_made_to_look_alike_does_not_catch_a_files_rows() {
    // Rep codes are 1-8 capitals and digits: R1 and R12 are both codes. R12's bundle
    // brings a file numbered in its own series, which head office takes.
    let real = file("real", "R1-2026-00001", "江门安信电器");
    let decoy = file("decoy", "R12-026-00001", "别的客户");
    let r12 = Sender::Rep {
        code: "R12".into(),
        name: "赵六".into(),
    };
    let now = DateTime::from_timestamp(1_795_000_000, 0).unwrap();
    let local = Local {
        customers: [("real".to_owned(), real.clone())].into_iter().collect(),
        ..Local::default()
    };
    let p = plan(
        &Contents {
            customers: vec![decoy.clone()],
            ..Contents::default()
        },
        &local,
        &From {
            sender: &r12,
            device: "device-r12",
            viewing_head: None,
            me_node: "HQ",
            me_by: "王经理 (HQ)",
            now,
        },
    );
    assert_eq!(p.customers.len(), 1, "{:?}", p.summary.refused);
    // The accounts department's sheet names R1's customer by its number.
    let row: &[&str] = &["R1-2026-00001", "", "2026-11", "50万"];
    let (real, decoy) = (CatalogueEntry::of(&real), CatalogueEntry::of(&decoy));
    for entries in [[real.clone(), decoy.clone()], [decoy.clone(), real.clone()]] {
        let l = one(row, &entries);
        assert!(
            l.file.as_deref() == Some("real") || l.problem == Some(Problem::TwoFiles),
            "the row went to {:?}",
            l.file
        );
    }
}
