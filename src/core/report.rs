//! The reports the customer-file templates ask for (seed 001), over a period of months
//! and optionally one region: customer increase/decrease (客户增减分析表), region
//! analysis (客户区域分析表), grade distribution, visits per month, complaints by type
//! and status, and the satisfaction trend. Pure: the page draws tables and charts.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::core::complaint::{Complaint, ComplaintKind, ComplaintStatus};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::model::{CreditGrade, CustomerId, Relation, Status};
use crate::core::customer::money::Money;
use crate::core::visit::model::{Visit, VisitStatus};

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn next(self) -> Month {
        Month::of(
            self.first_day()
                .checked_add_months(Months::new(1))
                .unwrap_or(NaiveDate::MAX),
        )
    }

    /// "2026-11".
    pub fn label(self) -> String {
        format!("{}-{:02}", self.year, self.month)
    }

    /// Parses "2026-11".
    pub fn parse(s: &str) -> Option<Month> {
        let (y, m) = s.trim().split_once('-')?;
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        NaiveDate::from_ymd_opt(year, month, 1).map(Month::of)
    }
}

/// What a report covers: months `from` to `to` inclusive, and a region or all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub from: Month,
    pub to: Month,
    /// A region as catalogue entries name it ("广东 中山"), or all.
    pub region: Option<String>,
}

impl Scope {
    /// Every month of the scope, at most 120.
    pub fn months(&self) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = self.from;
        while m <= self.to && out.len() < 120 {
            out.push(m);
            m = m.next();
        }
        out
    }

    fn contains(&self, d: NaiveDate) -> bool {
        let m = Month::of(d);
        self.from <= m && m <= self.to
    }

    fn in_region(&self, region: &str) -> bool {
        self.region.as_deref().is_none_or(|r| r == region)
    }
}

/// One month of the increase/decrease analysis (客户增减分析表), or the whole period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Movement {
    /// The first month it covers.
    pub month: Month,
    /// Open at the start of the month (原有).
    pub original: usize,
    /// Made in the month (新增).
    pub new: usize,
    /// Closed in the month (删除).
    pub closed: usize,
    /// Open at the end of the month (现有).
    pub current: usize,
    /// The same for direct customers (直接客户) and indirect ones (间接客户); files that
    /// say neither count only in the totals above.
    pub direct: Group,
    pub indirect: Group,
}

/// One kind of customer's counts and sales in a month or period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub original: usize,
    pub new: usize,
    pub closed: usize,
    pub current: usize,
    /// Sales of the customers there before it began (原客户) and of the new ones (新客户);
    /// both together (本期销售), and the sales of the month or period before (上期销售).
    pub sales_old: Money,
    pub sales_new: Money,
    pub sales: Money,
    pub sales_before: Money,
}

impl Group {
    /// 增加: now less before, negative when more closed than came.
    pub fn increase(&self) -> i64 {
        self.current as i64 - self.original as i64
    }
}

impl Movement {
    /// 增加 of all files.
    pub fn increase(&self) -> i64 {
        self.current as i64 - self.original as i64
    }
}

/// One region of the region analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRow {
    pub region: String,
    pub customers: usize,
    /// Share of all customers, 0–1.
    pub share: f64,
    /// The sales recorded on its files for the months of the period.
    pub sales: Money,
    /// Share of all those sales, 0–1 (占该区销售额的比例).
    pub sales_share: f64,
}

/// Complaints of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComplaintRow {
    pub kind: ComplaintKind,
    pub open: usize,
    pub closed: usize,
}

/// One month's satisfaction: the average (1–5) of the visits and complaints that rated it.
#[derive(Clone, Debug, PartialEq)]
pub struct Satisfaction {
    pub month: Month,
    pub average: Option<f64>,
    pub ratings: usize,
}

/// All reports for a scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Reports {
    pub movement: Vec<Movement>,
    /// The whole period as one row: before it, made and closed in it, after it; its
    /// sales against the period of as many months before it.
    pub movement_total: Movement,
    pub regions: Vec<RegionRow>,
    pub grades: Vec<(CreditGrade, usize)>,
    pub visits: Vec<(Month, usize)>,
    pub complaints: Vec<ComplaintRow>,
    pub satisfaction: Vec<Satisfaction>,
    /// 大客户意见调查表: each item's average over the period's surveys.
    pub survey: Vec<crate::core::visit::survey::ItemAverage>,
    /// Complaints received each month, by kind (product, service, other).
    pub complaints_by_month: Vec<(Month, [usize; 3])>,
    /// Each month's survey averages, item by item.
    pub survey_by_month: Vec<(Month, Vec<crate::core::visit::survey::ItemAverage>)>,
    /// 客户投诉统计表: the complaints received in the period, of the region's files.
    pub complaint_statistics: crate::core::complaint::statistics::Statistics,
}

/// A file's creation date, else its last change (entries from before it was recorded).
fn created(e: &CatalogueEntry) -> NaiveDate {
    e.created_at.unwrap_or(e.updated_at).date_naive()
}

/// A closed file's closing date; one closed before closures were recorded counts from
/// its last change.
fn closed(e: &CatalogueEntry) -> Option<NaiveDate> {
    (e.status == Status::Closed).then(|| e.closed_on.unwrap_or(e.updated_at.date_naive()))
}

/// The sales a file records for months `from` to `to`, inclusive. A key that is no
/// month ("2026-11") counts nowhere.
/// A negative amount (never typed: the form refuses one) counts nowhere either.
pub fn sales_between(e: &CatalogueEntry, from: Month, to: Month) -> Money {
    Money(
        e.sales
            .iter()
            .filter(|(k, m)| {
                m.0 >= 0
                    && Month::parse(k).is_some_and(|m| m.label() == **k && from <= m && m <= to)
            })
            .fold(0i64, |t, (_, m)| t.saturating_add(m.0)),
    )
}

/// The month `n` months before `m`.
fn months_before(m: Month, n: u32) -> Month {
    Month::of(
        m.first_day()
            .checked_sub_months(Months::new(n))
            .unwrap_or(NaiveDate::MIN),
    )
}

/// The increase/decrease of `files` over months `from` to `to` (`span` of them), with
/// the sales of the `span` months before as the previous period's.
fn movement(files: &[&CatalogueEntry], from: Month, to: Month, span: u32) -> Movement {
    let start = from.first_day();
    let end = to.next().first_day();
    let open_at =
        |e: &CatalogueEntry, day: NaiveDate| created(e) < day && closed(e).is_none_or(|c| c >= day);
    let within = |d: NaiveDate| start <= d && d < end;
    let before = (months_before(from, span), months_before(from, 1));
    let group = |relation: Option<Relation>| {
        let mut g = Group::default();
        for e in files
            .iter()
            .filter(|e| relation.is_none_or(|r| e.relation == r))
        {
            g.original += usize::from(open_at(e, start));
            g.current += usize::from(open_at(e, end));
            let is_new = within(created(e));
            g.new += usize::from(is_new);
            g.closed += usize::from(closed(e).is_some_and(within));
            let sold = sales_between(e, from, to).0;
            if is_new {
                g.sales_new = Money(g.sales_new.0.saturating_add(sold));
            } else {
                g.sales_old = Money(g.sales_old.0.saturating_add(sold));
            }
            g.sales_before = Money(
                g.sales_before
                    .0
                    .saturating_add(sales_between(e, before.0, before.1).0),
            );
        }
        g.sales = Money(g.sales_old.0.saturating_add(g.sales_new.0));
        g
    };
    let all = group(None);
    Movement {
        month: from,
        original: all.original,
        new: all.new,
        closed: all.closed,
        current: all.current,
        direct: group(Some(Relation::Direct)),
        indirect: group(Some(Relation::Indirect)),
    }
}

/// Builds every report. Sealed entries (while locked) are left out by the caller.
pub fn build(
    entries: &[CatalogueEntry],
    visits: &[Visit],
    complaints: &[Complaint],
    scope: &Scope,
    now: DateTime<Utc>,
) -> Reports {
    let files: Vec<&CatalogueEntry> = entries
        .iter()
        .filter(|e| scope.in_region(&e.region))
        .collect();
    let region_of: BTreeMap<&str, &str> = entries
        .iter()
        .map(|e| (e.id.as_str(), e.region.as_str()))
        .collect();
    let in_scope = |customer: &CustomerId| {
        region_of
            .get(customer.as_str())
            .is_some_and(|r| scope.in_region(r))
    };

    let months = scope.months();
    let per_month = months.iter().map(|m| movement(&files, *m, *m, 1)).collect();
    let span = months.len().max(1) as u32;
    let movement_total = movement(
        &files,
        scope.from,
        months.last().copied().unwrap_or(scope.to),
        span,
    );

    // Regions: open files now, and their sales in the period.
    let submitted: Vec<&Visit> = visits
        .iter()
        .filter(|v| v.status == VisitStatus::Submitted && in_scope(&v.customer_id))
        .filter(|v| v.at.is_some_and(|at| scope.contains(at.date())))
        .collect();
    let mut by_region: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for e in files.iter().filter(|e| e.status != Status::Closed) {
        by_region.entry(e.region.clone()).or_default().0 += 1;
    }
    for e in &files {
        let sold = sales_between(e, scope.from, scope.to).0;
        if sold != 0 {
            let slot = &mut by_region.entry(e.region.clone()).or_default().1;
            *slot = slot.saturating_add(sold);
        }
    }
    let total_customers: usize = by_region.values().map(|(n, _)| n).sum();
    let total_sales: i64 = by_region
        .values()
        .fold(0i64, |t, (_, s)| t.saturating_add(*s));
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let mut regions: Vec<RegionRow> = by_region
        .into_iter()
        .map(|(region, (customers, sales))| RegionRow {
            region,
            customers,
            share: ratio(customers as f64, total_customers as f64),
            sales: Money(sales),
            sales_share: ratio(sales as f64, total_sales as f64),
        })
        .collect();
    regions.sort_by(|a, b| b.customers.cmp(&a.customers).then(a.region.cmp(&b.region)));

    let grades = [CreditGrade::A, CreditGrade::B, CreditGrade::C]
        .map(|g| {
            let n = files
                .iter()
                .filter(|e| e.status != Status::Closed && e.grade(now) == g)
                .count();
            (g, n)
        })
        .to_vec();

    let visits_per_month = months
        .iter()
        .map(|m| {
            let n = submitted
                .iter()
                .filter(|v| v.at.is_some_and(|at| Month::of(at.date()) == *m))
                .count();
            (*m, n)
        })
        .collect();

    let scoped_complaints: Vec<&Complaint> = complaints
        .iter()
        .filter(|c| in_scope(&c.customer_id))
        .filter(|c| c.received_on.is_some_and(|d| scope.contains(d)))
        .collect();
    let complaints_by_kind = [
        ComplaintKind::Product,
        ComplaintKind::Service,
        ComplaintKind::Other,
    ]
    .map(|kind| {
        let of_kind = scoped_complaints.iter().filter(|c| c.kind == kind);
        ComplaintRow {
            kind,
            open: of_kind
                .clone()
                .filter(|c| c.status == ComplaintStatus::Open)
                .count(),
            closed: of_kind
                .filter(|c| c.status == ComplaintStatus::Closed)
                .count(),
        }
    })
    .to_vec();

    let satisfaction = months
        .iter()
        .map(|m| {
            let from_visits = submitted
                .iter()
                .filter(|v| v.at.is_some_and(|at| Month::of(at.date()) == *m))
                .filter_map(|v| v.satisfaction);
            let from_complaints = scoped_complaints
                .iter()
                .filter(|c| {
                    c.closed_on
                        .or(c.received_on)
                        .is_some_and(|d| Month::of(d) == *m)
                })
                .filter_map(|c| c.satisfaction);
            let ratings: Vec<u8> = from_visits
                .chain(from_complaints)
                .filter(|r| (1..=5).contains(r))
                .collect();
            Satisfaction {
                month: *m,
                average: (!ratings.is_empty()).then(|| {
                    ratings.iter().map(|r| f64::from(*r)).sum::<f64>() / ratings.len() as f64
                }),
                ratings: ratings.len(),
            }
        })
        .collect();

    let of_region: Vec<Complaint> = complaints
        .iter()
        .filter(|c| in_scope(&c.customer_id))
        .cloned()
        .collect();
    let complaint_statistics = crate::core::complaint::statistics::statistics(
        &of_region,
        scope.from.first_day(),
        scope.to.next().first_day() - chrono::Duration::days(1),
    );

    let survey = crate::core::visit::survey::averages(submitted.iter().map(|v| &v.survey));
    let complaints_by_month = months
        .iter()
        .map(|m| {
            let of = |kind: ComplaintKind| {
                scoped_complaints
                    .iter()
                    .filter(|c| c.kind == kind && c.received_on.is_some_and(|d| Month::of(d) == *m))
                    .count()
            };
            (
                *m,
                [
                    of(ComplaintKind::Product),
                    of(ComplaintKind::Service),
                    of(ComplaintKind::Other),
                ],
            )
        })
        .collect();
    let survey_by_month = months
        .iter()
        .map(|m| {
            let of_month = submitted
                .iter()
                .filter(|v| v.at.is_some_and(|at| Month::of(at.date()) == *m))
                .map(|v| &v.survey);
            (*m, crate::core::visit::survey::averages(of_month))
        })
        .collect();

    Reports {
        survey,
        complaints_by_month,
        survey_by_month,
        movement: per_month,
        movement_total,
        regions,
        grades,
        visits: visits_per_month,
        complaints: complaints_by_kind,
        satisfaction,
        complaint_statistics,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDateTime, TimeZone};

    use super::*;
    use crate::core::customer::model::{Closure, CreditAssignment, Customer, Relation};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(y: i32, m: u32, day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, 9, 0, 0).unwrap()
    }

    fn file(id: &str, province: &str, created: DateTime<Utc>) -> Customer {
        let mut c = Customer {
            id: id.into(),
            archive_no: format!("R07-{id}"),
            created_at: created,
            updated_at: created,
            ..Default::default()
        };
        c.address.province = province.into();
        c.basic.name = id.into();
        c
    }

    fn visit(customer: &str, on: NaiveDate, amount: &str, satisfaction: Option<u8>) -> Visit {
        Visit {
            customer_id: customer.into(),
            status: VisitStatus::Submitted,
            at: Some(NaiveDateTime::new(on, chrono::NaiveTime::MIN)),
            amount: amount.into(),
            satisfaction,
            ..Visit::default()
        }
    }

    fn scope(region: Option<&str>) -> Scope {
        Scope {
            from: Month {
                year: 2026,
                month: 9,
            },
            to: Month {
                year: 2026,
                month: 11,
            },
            region: region.map(Into::into),
        }
    }

    fn wan(n: i64) -> Money {
        Money::from_yuan(n * 10_000)
    }

    fn sold(c: &mut Customer, sales: &[(&str, i64)]) {
        for (m, n) in sales {
            c.sales.insert((*m).into(), wan(*n));
        }
    }

    /// Four files, their sales in 万 (10,000 yuan):
    ///
    /// | file   | region | made       | closed     | kind     | Aug | Sep | Oct | Nov |
    /// |--------|--------|------------|------------|----------|-----|-----|-----|-----|
    /// | old    | 广东   | 2025-03-01 |            | direct   |  50 |  30 |  20 |     |
    /// | sept   | 广东   | 2026-09-15 |            | indirect |     |  10 |     |   5 |
    /// | gone   | 北京   | 2025-01-01 | 2026-10-20 | direct   |   8 |     |   4 |     |
    /// | graded | 北京   | 2024-01-01 |            | (none)   | 999 |     |     |  70 |
    fn fixture() -> (Vec<CatalogueEntry>, Vec<Visit>, Vec<Complaint>) {
        let mut old = file("old", "广东", at(2025, 3, 1));
        old.dealings.relation = Relation::Direct;
        sold(
            &mut old,
            &[("2026-08", 50), ("2026-09", 30), ("2026-10", 20)],
        );
        let mut sept = file("sept", "广东", at(2026, 9, 15));
        sept.dealings.relation = Relation::Indirect;
        sold(&mut sept, &[("2026-09", 10), ("2026-11", 5)]);
        let mut gone = file("gone", "北京", at(2025, 1, 1));
        gone.dealings.relation = Relation::Direct;
        sold(&mut gone, &[("2026-08", 8), ("2026-10", 4)]);
        gone.status = Status::Closed;
        gone.closure = Some(Closure {
            date: d(2026, 10, 20),
            reason: "停业".into(),
            by: "李伟".into(),
        });
        let mut graded = file("graded", "北京", at(2024, 1, 1));
        sold(&mut graded, &[("2026-08", 999), ("2026-11", 70)]);
        graded.credit = Some(CreditAssignment {
            grade: CreditGrade::A,
            by: "王经理".into(),
            at: at(2025, 6, 1),
            reason: String::new(),
        });
        let entries = [old, sept, gone, graded]
            .iter()
            .map(CatalogueEntry::of)
            .collect();
        let visits = vec![
            visit("old", d(2026, 9, 2), "30万", Some(4)),
            visit("sept", d(2026, 11, 5), "10万", Some(2)),
            visit("graded", d(2026, 11, 6), "60万", None),
            visit("graded", d(2026, 8, 30), "999万", Some(1)),
        ];
        let complaints = vec![
            Complaint {
                customer_id: "old".into(),
                received_on: Some(d(2026, 10, 3)),
                kind: ComplaintKind::Service,
                status: ComplaintStatus::Closed,
                closed_on: Some(d(2026, 11, 1)),
                satisfaction: Some(5),
                ..Complaint::default()
            },
            Complaint {
                customer_id: "graded".into(),
                received_on: Some(d(2026, 11, 3)),
                kind: ComplaintKind::Product,
                ..Complaint::default()
            },
        ];
        (entries, visits, complaints)
    }

    #[test]
    fn increase_and_decrease_follow_creation_and_closure_month_by_month() {
        let (entries, visits, complaints) = fixture();
        let r = build(
            &entries,
            &visits,
            &complaints,
            &scope(None),
            at(2026, 11, 22),
        );
        let rows: Vec<(String, usize, usize, usize, usize)> = r
            .movement
            .iter()
            .map(|m| (m.month.label(), m.original, m.new, m.closed, m.current))
            .collect();
        assert_eq!(
            rows,
            [
                ("2026-09".into(), 3, 1, 0, 4),
                ("2026-10".into(), 4, 0, 1, 3),
                ("2026-11".into(), 3, 0, 0, 3),
            ]
        );
    }

    /// (original, new, closed, current, increase, sales of old customers, of new ones,
    /// this period, the period before), sales in 万.
    fn group_row(g: &Group) -> (usize, usize, usize, usize, i64, i64, i64, i64, i64) {
        let w = |m: Money| m.0 / wan(1).0;
        (
            g.original,
            g.new,
            g.closed,
            g.current,
            g.increase(),
            w(g.sales_old),
            w(g.sales_new),
            w(g.sales),
            w(g.sales_before),
        )
    }

    #[test]
    fn direct_and_indirect_customers_are_counted_apart_with_their_sales() {
        let (entries, visits, complaints) = fixture();
        let r = build(
            &entries,
            &visits,
            &complaints,
            &scope(None),
            at(2026, 11, 22),
        );
        let direct: Vec<_> = r.movement.iter().map(|m| group_row(&m.direct)).collect();
        // September: old and gone were there (2); old sold 30; in August old 50 + gone 8.
        // October: gone closed on the 20th; old 20 + gone 4 = 24; September's 30 before.
        // November: old alone, no sales; October's 24 before.
        assert_eq!(
            direct,
            [
                (2, 0, 0, 2, 0, 30, 0, 30, 58),
                (2, 0, 1, 1, -1, 24, 0, 24, 30),
                (1, 0, 0, 1, 0, 0, 0, 0, 24),
            ]
        );
        let indirect: Vec<_> = r.movement.iter().map(|m| group_row(&m.indirect)).collect();
        // sept is new in September (10 from a new customer), old by November (5).
        assert_eq!(
            indirect,
            [
                (0, 1, 0, 1, 1, 0, 10, 10, 0),
                (1, 0, 0, 1, 0, 0, 0, 0, 10),
                (1, 0, 0, 1, 0, 5, 0, 5, 0),
            ]
        );
        // The period: September to November against June to August.
        // Direct: 2 before, gone closed, 1 now; old 30 + 20 and gone 4 = 54; before, 50 + 8.
        // Indirect: sept new, 10 + 5 = 15 from a new customer; nothing before.
        let t = &r.movement_total;
        assert_eq!((t.original, t.new, t.closed, t.current), (3, 1, 1, 3));
        assert_eq!(group_row(&t.direct), (2, 0, 1, 1, -1, 54, 0, 54, 58));
        assert_eq!(group_row(&t.indirect), (0, 1, 0, 1, 1, 0, 15, 15, 0));
    }

    #[test]
    fn a_sales_key_that_is_no_month_counts_nowhere_and_huge_sums_do_not_wrap() {
        let mut c = file("odd", "广东", at(2025, 3, 1));
        c.sales.insert("2026-10".into(), wan(1));
        c.sales.insert("2026-10x".into(), wan(100));
        c.sales.insert("2026-9".into(), wan(100));
        c.sales.insert("2026-11-01".into(), wan(100));
        let e = CatalogueEntry::of(&c);
        let (sep, nov) = (
            Month::parse("2026-09").unwrap(),
            Month::parse("2026-11").unwrap(),
        );
        assert_eq!(sales_between(&e, sep, nov), wan(1));
        let mut big = file("big", "广东", at(2025, 3, 1));
        big.sales.insert("2026-10".into(), Money(i64::MAX));
        big.sales.insert("2026-11".into(), Money(i64::MAX));
        assert_eq!(
            sales_between(&CatalogueEntry::of(&big), sep, nov),
            Money(i64::MAX)
        );
        let r = build(
            &[CatalogueEntry::of(&big), e],
            &[],
            &[],
            &scope(None),
            at(2026, 11, 22),
        );
        assert_eq!(r.regions[0].sales, Money(i64::MAX));
    }

    #[test]
    fn regions_share_customers_and_sales_in_the_period() {
        let (entries, visits, complaints) = fixture();
        let r = build(
            &entries,
            &visits,
            &complaints,
            &scope(None),
            at(2026, 11, 22),
        );
        let rows: Vec<(&str, usize, String, String)> = r
            .regions
            .iter()
            .map(|x| {
                (
                    x.region.as_str(),
                    x.customers,
                    format!("{:.2}", x.share),
                    format!("{:.2}", x.sales_share),
                )
            })
            .collect();
        // 广东: 2 open files; sold 30 + 20 + 10 + 5 = 65万. 北京: 1 open (gone is closed);
        // gone's 4 and graded's 70 = 74万 (August's 999万 is outside). Of 139万: 0.47, 0.53.
        assert_eq!(
            rows,
            [
                ("广东", 2, "0.67".into(), "0.47".into()),
                ("北京", 1, "0.33".into(), "0.53".into())
            ]
        );
        assert_eq!(
            r.grades,
            vec![
                (CreditGrade::A, 1),
                (CreditGrade::B, 0),
                (CreditGrade::C, 2)
            ]
        );
        let visits: Vec<usize> = r.visits.iter().map(|(_, n)| *n).collect();
        assert_eq!(visits, [1, 0, 2]);
        assert_eq!(
            r.complaints,
            vec![
                ComplaintRow {
                    kind: ComplaintKind::Product,
                    open: 1,
                    closed: 0
                },
                ComplaintRow {
                    kind: ComplaintKind::Service,
                    open: 0,
                    closed: 1
                },
                ComplaintRow {
                    kind: ComplaintKind::Other,
                    open: 0,
                    closed: 0
                },
            ]
        );
        let trend: Vec<(Option<f64>, usize)> = r
            .satisfaction
            .iter()
            .map(|s| (s.average, s.ratings))
            .collect();
        assert_eq!(trend, [(Some(4.0), 1), (None, 0), (Some(3.5), 2)]);
    }

    #[test]
    fn a_region_filter_narrows_every_report() {
        let (entries, visits, complaints) = fixture();
        let r = build(
            &entries,
            &visits,
            &complaints,
            &scope(Some("北京")),
            at(2026, 11, 22),
        );
        assert_eq!(r.regions.len(), 1);
        assert_eq!(r.movement[0].original, 2);
        assert_eq!(r.movement[1].closed, 1);
        let visits: Vec<usize> = r.visits.iter().map(|(_, n)| *n).collect();
        assert_eq!(visits, [0, 0, 1]);
        assert_eq!(
            r.complaints[1].closed, 0,
            "the service complaint is in 广东"
        );
    }

    #[test]
    fn complaints_by_kind_and_survey_items_are_counted_month_by_month() {
        use crate::core::visit::survey::SurveyItem;
        let (entries, mut visits, complaints) = fixture();
        // September's visit to old: service 5, attitude 4; November's to sept: service 3,
        // and a level 9 no form makes, not counted.
        visits[0].survey = [(SurveyItem::ServiceQuality, 5), (SurveyItem::Attitude, 4)].into();
        visits[1].survey = [(SurveyItem::ServiceQuality, 3), (SurveyItem::Packaging, 9)].into();
        let r = build(
            &entries,
            &visits,
            &complaints,
            &scope(None),
            at(2026, 11, 22),
        );
        // old's service complaint came on 3 October, graded's product one on 3 November.
        let kinds: Vec<(String, [usize; 3])> = r
            .complaints_by_month
            .iter()
            .map(|(m, k)| (m.label(), *k))
            .collect();
        assert_eq!(
            kinds,
            [
                ("2026-09".into(), [0, 0, 0]),
                ("2026-10".into(), [0, 1, 0]),
                ("2026-11".into(), [1, 0, 0]),
            ]
        );
        let service: Vec<Option<f64>> = r
            .survey_by_month
            .iter()
            .map(|(_, items)| {
                items
                    .iter()
                    .find(|i| i.item == SurveyItem::ServiceQuality)
                    .and_then(|i| i.average)
            })
            .collect();
        assert_eq!(service, [Some(5.0), None, Some(3.0)]);
        let packaging = r.survey_by_month[2]
            .1
            .iter()
            .find(|i| i.item == SurveyItem::Packaging)
            .unwrap();
        assert_eq!((packaging.average, packaging.ratings), (None, 0));
    }

    #[test]
    fn months_parse_and_step_across_the_year() {
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.next().label(), "2027-01");
        assert_eq!(Month::parse("2026-13"), None);
        let s = Scope {
            from: m,
            to: Month::parse("2027-02").unwrap(),
            region: None,
        };
        assert_eq!(s.months().len(), 3);
    }
}
