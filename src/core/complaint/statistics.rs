//! 客户投诉统计表 (seed 001): the complaints received in a period, one row each, with
//! the handling kind ticked in its column (退货, 换货, 折扣, 维修) and the loss, and the
//! totals a manager reads at its foot.

use chrono::NaiveDate;

use super::{Complaint, HANDLING_KINDS, HandlingKind};
use crate::core::customer::money::Money;

/// The statistics of complaints received from `from` to `to`, both included.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Statistics {
    /// The complaints counted, by date received then acceptance number.
    pub rows: Vec<Complaint>,
    /// How many were handled by each kind, in [`HANDLING_KINDS`]' order.
    pub by_handling: [usize; 4],
    /// The losses added up (those that read as amounts).
    pub loss: Money,
    /// Complaints whose loss was typed but does not read as an amount: not in `loss`.
    pub unreadable_losses: usize,
}

/// The column of `kind` in [`Statistics::by_handling`].
pub fn column(kind: HandlingKind) -> usize {
    HANDLING_KINDS.iter().position(|k| *k == kind).unwrap_or(0)
}

pub fn statistics(complaints: &[Complaint], from: NaiveDate, to: NaiveDate) -> Statistics {
    let mut rows: Vec<Complaint> = complaints
        .iter()
        .filter(|c| c.received_on.is_some_and(|d| from <= d && d <= to))
        .cloned()
        .collect();
    rows.sort_by(|a, b| (a.received_on, &a.acceptance_no).cmp(&(b.received_on, &b.acceptance_no)));
    let mut out = Statistics::default();
    for c in &rows {
        if let Some(kind) = c.handling_kind {
            out.by_handling[column(kind)] += 1;
        }
        match Money::parse(&c.loss) {
            Ok(Some(m)) => out.loss.0 += m.0,
            Ok(None) => {}
            Err(_) => out.unreadable_losses += 1,
        }
    }
    out.rows = rows;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn complaint(no: &str, on: NaiveDate, kind: Option<HandlingKind>, loss: &str) -> Complaint {
        Complaint {
            acceptance_no: no.into(),
            received_on: Some(on),
            handling_kind: kind,
            loss: loss.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_month_of_complaints_counted_by_handling_kind_with_their_losses() {
        let all = [
            complaint(
                "R07-2026-T0004",
                day(11, 20),
                Some(HandlingKind::Exchange),
                "1,200",
            ),
            complaint(
                "R07-2026-T0001",
                day(11, 3),
                Some(HandlingKind::Return),
                "3500.50",
            ),
            complaint(
                "R07-2026-T0002",
                day(11, 3),
                Some(HandlingKind::Return),
                "0.5万",
            ),
            complaint("R07-2026-T0003", day(11, 12), None, ""),
            complaint(
                "R07-2026-T0005",
                day(11, 30),
                Some(HandlingKind::Repair),
                "about 300",
            ),
            // Outside November: October's last day and December's first.
            complaint(
                "R07-2026-T0009",
                day(10, 31),
                Some(HandlingKind::Discount),
                "800",
            ),
            complaint(
                "R07-2026-T0010",
                day(12, 1),
                Some(HandlingKind::Discount),
                "900",
            ),
        ];
        let s = statistics(&all, day(11, 1), day(11, 30));
        // Five in November, by date then number: T0001 and T0002 (the 3rd), T0003
        // (the 12th), T0004 (the 20th), T0005 (the 30th, the last day counts).
        let numbers: Vec<&str> = s.rows.iter().map(|c| c.acceptance_no.as_str()).collect();
        assert_eq!(
            numbers,
            [
                "R07-2026-T0001",
                "R07-2026-T0002",
                "R07-2026-T0003",
                "R07-2026-T0004",
                "R07-2026-T0005"
            ]
        );
        // Return: T0001, T0002 = 2; exchange: T0004 = 1; discount: none in November;
        // repair: T0005 = 1. T0003 has no handling yet.
        assert_eq!(s.by_handling, [2, 1, 0, 1]);
        // Losses: 3,500.50 + 5,000.00 (0.5万) + 1,200.00 = 9,700.50 yuan = 970,050 fen;
        // "about 300" does not read as an amount and is counted apart.
        assert_eq!(s.loss, Money(970_050));
        assert_eq!(s.unreadable_losses, 1);
    }

    #[test]
    fn no_complaints_in_the_period_is_all_zero() {
        let s = statistics(
            &[complaint(
                "T1",
                day(1, 5),
                Some(HandlingKind::Return),
                "100",
            )],
            day(2, 1),
            day(2, 28),
        );
        assert_eq!(s, Statistics::default());
    }
}
