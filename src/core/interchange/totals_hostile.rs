//! Hostile cases for total rows (#31): real customers that look like totals, totals
//! that look like customers, and cells no office meant to write.

use chrono::NaiveDate;

use super::import::{Outcome, check, counts, guess};
use super::totals::{Total, is_total_word, verdict};
use crate::core::table::Table;

fn s(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

const HEADERS: [&str; 6] = ["序号", "客户名称", "电话", "联系人", "地址", "注册资本"];

/// Each row checked under [`HEADERS`], from row 2.
fn outcomes(rows: &[&[&str]]) -> Vec<Outcome> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| s(r)).collect();
    check(&rows, &guess(&s(&HEADERS)), &[], today, 2)
}

fn one(row: &[&str]) -> Outcome {
    outcomes(&[row]).remove(0)
}

#[test]
fn customers_whose_names_start_with_or_contain_a_total_word_come_in() {
    for name in [
        "合计贸易",
        "合计贸易有限公司",
        "Total Oil",
        "Total Oil (China) Ltd",
        "小计饭店",
        "总计物流",
        "共计科技",
        "總計行",
        "ＴＯＴＡＬ石油",
        "Totally Fresh",
        "Subtotal Software",
        "合计 A",
        "合计3M",
        "佛山合计电器",
    ] {
        let with_phone = one(&["1", name, "0757-86001234", "", "", "500万"]);
        assert!(with_phone.accepted(), "{name}: {with_phone:?}");
        let address_only = one(&["2", name, "", "", "佛山市南海区", ""]);
        assert!(address_only.accepted(), "{name}: {address_only:?}");
    }
    // A total word elsewhere in a named row changes nothing.
    let o = one(&["合计", "江门安信电器", "", "", "合计", ""]);
    assert!(o.accepted(), "{o:?}");
}

#[test]
fn a_customer_named_only_with_a_total_word_is_never_silently_dropped_when_it_has_a_contact() {
    for row in [
        ["", "合计", "", "陈立", "", ""],
        ["", "Total", "0757-86001234", "", "", ""],
        ["", "ＴＯＴＡＬ", "", "陈立", "", ""],
        ["合计", "", "", "陈立", "", ""],
    ] {
        let o = one(&row);
        assert_eq!(o.total, Some(Total::Doubtful), "{row:?}");
        assert!(o.has_problem(), "listed for someone to check: {row:?}");
    }
}

#[test]
fn totals_written_in_the_ways_offices_write_them_stay_out() {
    for cell in [
        "合  计：",
        "合计（万元）",
        "總計",
        "共计:",
        "Grand Total",
        "GRAND TOTAL:",
        "Sub Total",
        "合\u{00A0}计",
        "合计\u{3000}",
        "\u{3000}合\u{3000}计\u{3000}：",
        "ＴＯＴＡＬ",
        "Ｇｒａｎｄ　Ｔｏｔａｌ",
        "ＴＯＴＡＬ：",
        "合计：１２，０００",
        "合计：¥12,000.00",
        "合计 ￥ 12,000",
        "TOTAL (RMB)",
        "Total\t",
        "合计\r\n",
        "小計：",
        "共計(元)",
        "合计：12,000元",
    ] {
        assert!(is_total_word(cell), "{cell:?} is a total word");
        for row in [
            ["", cell, "", "", "", "8500000"],
            [cell, "", "", "", "", "8500000"],
            [cell, cell, "", "", "", ""],
        ] {
            let o = one(&row);
            assert_eq!(o.total, Some(Total::Row), "{row:?}");
            assert!(!o.accepted());
        }
    }
}

#[test]
fn a_total_row_with_its_count_in_the_name_column_is_a_total() {
    // A merged 合计 in the first column and the count of customers, or the sum, in the
    // name column: no customer is called "32" or "32 家".
    for name in ["32", "32 家", "３２家", "8,500,000"] {
        let o = one(&["合计", name, "", "", "", "8500000"]);
        assert_eq!(o.total, Some(Total::Row), "{name:?}: {o:?}");
        assert!(!o.accepted(), "{name:?} came in as a customer");
    }
}

#[test]
fn invisible_characters_pasted_into_a_total_word_do_not_make_it_a_customer() {
    for cell in [
        "合\u{200B}计",
        "\u{FEFF}合计",
        "合计\u{200D}",
        "To\u{00AD}tal",
        "小\u{2060}计：",
    ] {
        assert!(is_total_word(cell), "{cell:?}");
        let o = one(&["", cell, "", "", "", "8500000"]);
        assert!(!o.accepted(), "{cell:?} came in as a customer");
    }
}

#[test]
fn totals_of_a_negative_amount_or_in_ten_thousands_are_totals() {
    for cell in [
        "合计：-3,500.00",
        "合计 −3,500",
        "合计：¥-3,500",
        "合计：850万",
        "合计 1.2亿",
        "合计：1.2亿元",
    ] {
        assert!(is_total_word(cell), "{cell:?}");
        let o = one(&["", cell, "", "", "", ""]);
        assert!(!o.accepted(), "{cell:?} came in as a customer");
    }
}

#[test]
fn brackets_that_hold_a_place_rather_than_a_unit_leave_a_name() {
    for name in ["Total (Shanghai)", "合计（广州）", "小计[天河]"] {
        let o = one(&["", name, "", "", "广州市天河区", ""]);
        assert!(o.accepted(), "{name}: {o:?}");
    }
}

#[test]
fn near_totals_are_not_imported_as_customers_either() {
    // A region's subtotal written with the region first is no total word, but a row
    // without a name must not come in anyway.
    for cell in ["华南小计", "华南区 合计", "合计金额", "本页合计"] {
        let o = one(&[cell, "", "", "", "", "8500000"]);
        assert!(!o.accepted(), "{cell:?}");
    }
}

#[test]
fn odd_brackets_and_huge_cells_do_not_panic() {
    let long_amount = format!("合计{}", "1".repeat(100_000));
    let long_brackets = format!("合计{}", "(".repeat(10_000) + &")".repeat(10_000));
    for cell in [
        "",
        "(",
        ")",
        "()",
        "（）",
        "【】",
        "合计)",
        "合计(",
        "合计()",
        "）合计（",
        "合计（（元））",
        "合计(元)(元)",
        "(元)",
        "¥",
        "合计¥",
        "合计元",
        "合计,",
        "合计.",
        "合计.5",
        "\u{FF5E}",
        "\u{FF01}",
        "𠮷",
        long_amount.as_str(),
        long_brackets.as_str(),
    ] {
        let _ = is_total_word(cell);
        let _ = outcomes(&[&["", cell, "", "", "", ""]]);
    }
    assert!(is_total_word(&long_amount));
    assert!(is_total_word("合计()"), "an empty unit");
    assert!(!is_total_word("合计¥"), "no amount after the sign");
}

#[test]
fn rows_shorter_or_longer_than_the_headings_and_unmapped_names_are_judged_without_panic() {
    let mapping = guess(&s(&HEADERS));
    assert_eq!(verdict(&s(&["合计"]), &mapping), Some(Total::Row));
    assert_eq!(verdict(&s(&[]), &mapping), None);
    let long = s(&["", "", "", "", "", "", "", "", "合计", "0757-1"]);
    assert_eq!(verdict(&long, &mapping), Some(Total::Row));
    // No name column mapped at all.
    let none = vec![None; 3];
    assert_eq!(verdict(&s(&["合计", "x", "y"]), &none), Some(Total::Row));
    assert_eq!(verdict(&s(&["合计"]), &[]), Some(Total::Row));
}

#[test]
fn a_sheet_of_only_totals_imports_nothing_and_lists_each() {
    let (table, heading) = Table::from_records(vec![
        s(&["客户名称", "电话", "注册资本"]),
        s(&["小计", "", "100"]),
        s(&["小计", "", "200"]),
        s(&["合计", "", "300"]),
        s(&["總計", "", "300"]),
        s(&["", "", ""]),
    ]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let out = check(&table.rows, &guess(&table.headers), &[], today, heading + 1);
    let n = counts(&out);
    assert_eq!(
        (n.accepted, n.problems, n.duplicates, n.totals),
        (0, 0, 0, 4)
    );
}

#[test]
fn a_heading_named_total_does_not_turn_the_rows_below_into_totals() {
    // A sheet with a 合计 column (each customer's total) and a Total column.
    let (table, heading) = Table::from_records(vec![
        s(&["客户名称", "电话", "合计", "Total"]),
        s(&["佛山南海陶瓷", "0757-86001234", "1200", "1200"]),
        s(&["江门安信电器", "", "300", "300"]),
        s(&["合计", "", "1500", "1500"]),
    ]);
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let out = check(&table.rows, &guess(&table.headers), &[], today, heading + 1);
    let accepted: Vec<&str> = out
        .iter()
        .filter(|o| o.accepted())
        .map(|o| o.draft.customer.basic.name.as_str())
        .collect();
    assert_eq!(accepted, ["佛山南海陶瓷", "江门安信电器"]);
    assert_eq!(out[2].total, Some(Total::Row));
}
