//! The reports the customer-file templates ask for (seed 001), over a period of months
//! and optionally one region: customer increase/decrease (客户增减分析表), region
//! analysis (客户区域分析表), grade distribution, visits per month, complaints by type
//! and status, and the satisfaction trend. Pure: the page draws tables and charts.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

use crate::core::complaint::{Complaint, ComplaintKind, ComplaintStatus};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::model::{CreditGrade, CustomerId, Status};
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

/// One month of the increase/decrease analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Movement {
    pub month: Month,
    /// Open at the start of the month.
    pub original: usize,
    pub new: usize,
    pub closed: usize,
    /// Open at the end of the month.
    pub current: usize,
}

/// One region of the region analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionRow {
    pub region: String,
    pub customers: usize,
    /// Share of all customers, 0–1.
    pub share: f64,
    /// Order and opportunity amounts recorded in visits in the period.
    pub sales: Money,
    /// Share of those amounts, 0–1.
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
    pub regions: Vec<RegionRow>,
    pub grades: Vec<(CreditGrade, usize)>,
    pub visits: Vec<(Month, usize)>,
    pub complaints: Vec<ComplaintRow>,
    pub satisfaction: Vec<Satisfaction>,
    /// 大客户意见调查表: each item's average over the period's surveys.
    pub survey: Vec<crate::core::visit::survey::ItemAverage>,
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

    let open_at = |day: NaiveDate| {
        files
            .iter()
            .filter(|e| created(e) < day && closed(e).is_none_or(|c| c >= day))
            .count()
    };
    let movement = scope
        .months()
        .into_iter()
        .map(|m| {
            let in_month = |d: NaiveDate| Month::of(d) == m;
            Movement {
                month: m,
                original: open_at(m.first_day()),
                new: files.iter().filter(|e| in_month(created(e))).count(),
                closed: files
                    .iter()
                    .filter(|e| closed(e).is_some_and(in_month))
                    .count(),
                current: open_at(m.next().first_day()),
            }
        })
        .collect();

    // Regions: open files now, and visit amounts in the period.
    let submitted: Vec<&Visit> = visits
        .iter()
        .filter(|v| v.status == VisitStatus::Submitted && in_scope(&v.customer_id))
        .filter(|v| v.at.is_some_and(|at| scope.contains(at.date())))
        .collect();
    let mut by_region: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for e in files.iter().filter(|e| e.status != Status::Closed) {
        by_region.entry(e.region.clone()).or_default().0 += 1;
    }
    for v in &submitted {
        if let Ok(Some(amount)) = Money::parse(&v.amount) {
            let region = region_of.get(v.customer_id.as_str()).copied().unwrap_or("");
            by_region.entry(region.to_owned()).or_default().1 += amount.0;
        }
    }
    let total_customers: usize = by_region.values().map(|(n, _)| n).sum();
    let total_sales: i64 = by_region.values().map(|(_, s)| s).sum();
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

    let months = scope.months();
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

    Reports {
        survey,
        movement,
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
    use crate::core::customer::model::{Closure, CreditAssignment, Customer};

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

    fn fixture() -> (Vec<CatalogueEntry>, Vec<Visit>, Vec<Complaint>) {
        let old = file("old", "广东", at(2025, 3, 1));
        let sept = file("sept", "广东", at(2026, 9, 15));
        let mut gone = file("gone", "北京", at(2025, 1, 1));
        gone.status = Status::Closed;
        gone.closure = Some(Closure {
            date: d(2026, 10, 20),
            reason: "停业".into(),
            by: "李伟".into(),
        });
        let mut graded = file("graded", "北京", at(2024, 1, 1));
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

    #[test]
    fn regions_share_customers_and_visit_amounts_in_the_period() {
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
        // 广东: 2 open files, 40万 of 100万; 北京: 1 open (one closed), 60万 (August's 999万 is outside).
        assert_eq!(
            rows,
            [
                ("广东", 2, "0.67".into(), "0.40".into()),
                ("北京", 1, "0.33".into(), "0.60".into())
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
