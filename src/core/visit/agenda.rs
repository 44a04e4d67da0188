//! The agenda: what a rep should do today and this week, from the visits on record.
//!
//! - A customer's planned visit is the "next visit" date of its latest submitted visit
//!   (a later visit replaces the plan); past dates with no visit since are overdue.
//! - Follow-ups of submitted visits are due on their date until marked done; past dates
//!   are overdue.
//! - An accepted complaint still open is due on its promised deadline; one with no
//!   decision is due a set number of days after it was received (a setting, three by
//!   default), so that none waits unseen.

use chrono::{Datelike, Duration, NaiveDate};

use super::model::{Visit, VisitStatus};
use crate::core::complaint::{Complaint, ComplaintStatus, Decision};
use crate::core::customer::catalogue::{CatalogueEntry, OccasionKind};
use crate::core::customer::model::{CustomerId, Status};

/// One thing on the agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Visit {
        customer_id: CustomerId,
        date: NaiveDate,
    },
    FollowUp {
        visit_id: String,
        index: usize,
        customer_id: CustomerId,
        action: String,
        owner: String,
        date: NaiveDate,
    },
    /// An accepted complaint still open on its promised deadline (or past it); or,
    /// `undecided`, an open one with no decision, due its days to decide after it came.
    Complaint {
        complaint_id: String,
        customer_id: CustomerId,
        acceptance_no: String,
        date: NaiveDate,
        undecided: bool,
    },
    /// A contact's birthday or anniversary this week or next (客户关怀, seed 002): on
    /// `date`, the `years`th.
    Occasion {
        customer_id: CustomerId,
        contact: String,
        kind: OccasionKind,
        date: NaiveDate,
        years: i32,
    },
    /// The rep's monthly report for `month`, due on `date` (`core::monthly`).
    MonthlyReport { month: String, date: NaiveDate },
    /// Head office: a rep's monthly report to review by `date`.
    ReportReview {
        rep: String,
        month: String,
        date: NaiveDate,
    },
}

impl Item {
    pub fn date(&self) -> NaiveDate {
        match self {
            Item::Visit { date, .. }
            | Item::FollowUp { date, .. }
            | Item::Complaint { date, .. }
            | Item::Occasion { date, .. }
            | Item::MonthlyReport { date, .. }
            | Item::ReportReview { date, .. } => *date,
        }
    }
}

/// The agenda at a date, each list oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Agenda {
    pub overdue: Vec<Item>,
    pub today: Vec<Item>,
    /// The rest of this week (to Sunday).
    pub this_week: Vec<Item>,
    /// Contacts' birthdays and anniversaries from today to a week ahead, soonest first.
    pub occasions: Vec<Item>,
}

impl Agenda {
    pub fn is_empty(&self) -> bool {
        self.overdue.is_empty()
            && self.today.is_empty()
            && self.this_week.is_empty()
            && self.occasions.is_empty()
    }
}

impl Agenda {
    /// Puts `item` where its date falls: overdue, today, or this week (to Sunday); an
    /// item later than that is left out.
    pub fn place(&mut self, item: Item, today: NaiveDate) {
        let sunday = today + Duration::days(i64::from(6 - today.weekday().num_days_from_monday()));
        let date = item.date();
        let list = if date < today {
            &mut self.overdue
        } else if date == today {
            &mut self.today
        } else if date <= sunday {
            &mut self.this_week
        } else {
            return;
        };
        let at = list.partition_point(|i| i.date() <= date);
        list.insert(at, item);
    }
}

/// The monthly reports on the agenda: on a rep's laptop the months owed (from
/// `owed`), at head office the reports waiting review, each by its review date.
pub fn monthly_items(
    owed: &[crate::core::monthly::Owed],
    waiting: &[(&crate::core::monthly::Report, bool)],
) -> Vec<Item> {
    let mut out: Vec<Item> = owed
        .iter()
        .map(|o| Item::MonthlyReport {
            month: o.month.label(),
            date: o.due,
        })
        .collect();
    out.extend(waiting.iter().filter_map(|(r, _)| {
        Some(Item::ReportReview {
            rep: format!("{} {}", r.rep_code, r.rep_name),
            month: r.month.clone(),
            date: crate::core::monthly::review_due(r.month()?),
        })
    }));
    out
}

/// How many days ahead a birthday or anniversary comes up.
pub const OCCASION_DAYS_AHEAD: i64 = 7;

/// The next time `date`'s day comes round on or after `today` (a 29 February on 28
/// February in other years), and how many years it will be.
pub fn next_occurrence(date: NaiveDate, today: NaiveDate) -> Option<(NaiveDate, i32)> {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, date.month(), date.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
    };
    let this_year = on(today.year())?;
    let next = if this_year >= today {
        this_year
    } else {
        on(today.year() + 1)?
    };
    Some((next, next.year() - date.year()))
}

/// The birthdays and anniversaries of the files' contacts from `today` to a week ahead,
/// soonest first. Open files only: a closed account is no longer cared for.
pub fn occasions(entries: &[CatalogueEntry], today: NaiveDate) -> Vec<Item> {
    let until = today
        .checked_add_signed(Duration::days(OCCASION_DAYS_AHEAD))
        .unwrap_or(NaiveDate::MAX);
    let mut out: Vec<Item> = entries
        .iter()
        .filter(|e| e.status != Status::Closed)
        .flat_map(|e| {
            e.occasions.iter().filter_map(move |o| {
                let (date, years) = next_occurrence(o.date, today)?;
                (date <= until && years >= 0).then(|| Item::Occasion {
                    customer_id: e.id.clone(),
                    contact: o.contact.clone(),
                    kind: o.kind,
                    date,
                    years,
                })
            })
        })
        .collect();
    out.sort_by_key(Item::date);
    out
}

/// Days to decide on a complaint before it is due on the agenda, unless set otherwise.
pub const DEFAULT_DECIDE_WITHIN_DAYS: u32 = 3;

/// Builds the agenda for `today` from every visit and complaint on record; a complaint
/// with no decision is due `decide_within` days after it was received.
pub fn agenda(
    visits: &[Visit],
    complaints: &[Complaint],
    today: NaiveDate,
    decide_within: u32,
) -> Agenda {
    let submitted: Vec<&Visit> = visits
        .iter()
        .filter(|v| v.status == VisitStatus::Submitted)
        .collect();
    let mut items = Vec::new();

    // Each customer's latest visit holds its plan.
    let mut latest: Vec<&Visit> = Vec::new();
    for v in &submitted {
        match latest.iter_mut().find(|l| l.customer_id == v.customer_id) {
            Some(l) if (v.at, v.submitted_at) > (l.at, l.submitted_at) => *l = v,
            Some(_) => {}
            None => latest.push(v),
        }
    }
    for v in latest {
        if let Some(date) = v.next_visit {
            items.push(Item::Visit {
                customer_id: v.customer_id.clone(),
                date,
            });
        }
    }
    for v in &submitted {
        for (index, f) in v.follow_ups.iter().enumerate() {
            if let (Some(date), None) = (f.due, f.done_at) {
                items.push(Item::FollowUp {
                    visit_id: v.id.clone(),
                    index,
                    customer_id: v.customer_id.clone(),
                    action: f.action.clone(),
                    owner: f.owner.clone(),
                    date,
                });
            }
        }
    }
    for c in complaints {
        let due = match (c.status, c.decision) {
            (ComplaintStatus::Open, Decision::Accepted) => c.deadline.map(|d| (d, false)),
            (ComplaintStatus::Open, Decision::Pending) => c
                .received_on
                .map(|d| (d + Duration::days(i64::from(decide_within)), true)),
            _ => None,
        };
        if let Some((date, undecided)) = due {
            items.push(Item::Complaint {
                complaint_id: c.id.clone(),
                customer_id: c.customer_id.clone(),
                acceptance_no: c.acceptance_no.clone(),
                date,
                undecided,
            });
        }
    }
    items.sort_by_key(Item::date);

    let sunday = today + Duration::days(i64::from(6 - today.weekday().num_days_from_monday()));
    let mut out = Agenda::default();
    for item in items {
        let date = item.date();
        if date < today {
            out.overdue.push(item);
        } else if date == today {
            out.today.push(item);
        } else if date <= sunday {
            out.this_week.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::*;
    use crate::core::customer::model::{Contact, Customer};
    use crate::core::visit::model::FollowUp;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn visit(
        id: &str,
        customer: &str,
        on: u32,
        next: Option<u32>,
        follow_ups: Vec<FollowUp>,
    ) -> Visit {
        Visit {
            id: id.into(),
            customer_id: customer.into(),
            status: VisitStatus::Submitted,
            at: day(on).and_hms_opt(10, 0, 0),
            next_visit: next.map(day),
            follow_ups,
            submitted_at: Some(Utc.with_ymd_and_hms(2026, 11, on, 12, 0, 0).unwrap()),
            ..Default::default()
        }
    }

    fn due(action: &str, d: u32) -> FollowUp {
        FollowUp {
            action: action.into(),
            owner: "李".into(),
            due: Some(day(d)),
            done_at: None,
        }
    }

    #[test]
    fn follow_ups_are_due_on_their_date_and_overdue_after_until_done() {
        // Sunday 22 November 2026; the week runs to 29 November (Sunday).
        let today = day(25);
        let mut done = due("已完成", 20);
        done.done_at = Some(Utc.with_ymd_and_hms(2026, 11, 21, 9, 0, 0).unwrap());
        let visits = vec![visit(
            "v1",
            "c1",
            10,
            None,
            vec![
                due("报价", 25),
                due("寄样品", 20),
                done,
                due("回访", 28),
                due("下周", 30),
            ],
        )];
        let a = agenda(&visits, &[], today, DEFAULT_DECIDE_WITHIN_DAYS);
        let actions = |items: &[Item]| -> Vec<String> {
            items
                .iter()
                .map(|i| match i {
                    Item::FollowUp { action, .. } => action.clone(),
                    _ => "other".into(),
                })
                .collect()
        };
        assert_eq!(actions(&a.overdue), vec!["寄样品"]);
        assert_eq!(actions(&a.today), vec!["报价"]);
        assert_eq!(actions(&a.this_week), vec!["回访"]);
    }

    #[test]
    fn accepted_complaints_come_due_on_their_deadline_until_closed() {
        let open = Complaint {
            id: "k1".into(),
            customer_id: "c1".into(),
            acceptance_no: "R07-2026-T0001".into(),
            decision: Decision::Accepted,
            deadline: Some(day(20)),
            ..Default::default()
        };
        let closed = Complaint {
            id: "k2".into(),
            status: ComplaintStatus::Closed,
            ..open.clone()
        };
        let rejected = Complaint {
            id: "k3".into(),
            decision: Decision::Rejected,
            ..open.clone()
        };
        let a = agenda(
            &[],
            &[open, closed, rejected],
            day(23),
            DEFAULT_DECIDE_WITHIN_DAYS,
        );
        assert_eq!(a.overdue.len(), 1);
        assert!(
            matches!(&a.overdue[0], Item::Complaint { complaint_id, .. } if complaint_id == "k1")
        );
    }

    #[test]
    fn a_complaint_with_no_decision_comes_due_its_days_to_decide_after_it_came() {
        // Received on the 16th, no decision: with 3 days to decide, due on the 19th.
        let waiting = Complaint {
            id: "k4".into(),
            received_on: Some(day(16)),
            ..Default::default()
        };
        let decided = Complaint {
            id: "k5".into(),
            decision: Decision::Rejected,
            ..waiting.clone()
        };
        let closed = Complaint {
            id: "k6".into(),
            status: ComplaintStatus::Closed,
            ..waiting.clone()
        };
        let all = [waiting, decided, closed];
        // On the 18th it is due this week, on the 19th today, on the 20th overdue.
        let a = agenda(&[], &all, day(18), 3);
        assert!(a.overdue.is_empty() && a.today.is_empty());
        assert!(
            matches!(&a.this_week[..], [Item::Complaint { complaint_id, undecided: true, date, .. }]
            if complaint_id == "k4" && *date == day(19))
        );
        assert_eq!(agenda(&[], &all, day(19), 3).today.len(), 1);
        assert_eq!(agenda(&[], &all, day(20), 3).overdue.len(), 1);
        // Ten days to decide: not due before the 26th.
        assert!(agenda(&[], &all, day(20), 10).is_empty());
    }

    #[test]
    fn the_latest_visit_holds_the_plan_and_drafts_count_for_nothing() {
        let today = day(23);
        let mut draft = visit("v3", "c1", 22, Some(23), vec![due("草稿里的", 23)]);
        draft.status = VisitStatus::Draft;
        let visits = vec![
            visit("v1", "c1", 1, Some(10), vec![]),
            visit("v2", "c1", 12, Some(24), vec![]),
            visit("v4", "c2", 2, Some(5), vec![]),
            draft,
        ];
        let a = agenda(&visits, &[], today, DEFAULT_DECIDE_WITHIN_DAYS);
        assert_eq!(
            a.this_week,
            vec![Item::Visit {
                customer_id: "c1".into(),
                date: day(24)
            }]
        );
        assert_eq!(
            a.overdue,
            vec![Item::Visit {
                customer_id: "c2".into(),
                date: day(5)
            }]
        );
        assert!(a.today.is_empty());
    }

    fn file_with(id: &str, contacts: &[(&str, Option<NaiveDate>, Option<NaiveDate>)]) -> Customer {
        let mut c = Customer {
            id: id.into(),
            archive_no: format!("R07-2026-{id}"),
            ..Default::default()
        };
        c.contacts = contacts
            .iter()
            .map(|(name, birthday, anniversary)| Contact {
                name: (*name).into(),
                birthday: *birthday,
                anniversary: *anniversary,
                ..Default::default()
            })
            .collect();
        c
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn shown(items: &[Item]) -> Vec<(String, String, OccasionKind, i32)> {
        items
            .iter()
            .map(|i| match i {
                Item::Occasion {
                    contact,
                    kind,
                    date,
                    years,
                    ..
                } => (date.to_string(), contact.clone(), *kind, *years),
                other => panic!("not an occasion: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn birthdays_and_anniversaries_come_up_from_today_to_a_week_ahead() {
        // Wednesday 25 November 2026: the week ahead ends on Wednesday 2 December.
        let today = day(25);
        let open = file_with(
            "c1",
            &[
                ("陈立", ymd(1980, 11, 25), ymd(2016, 11, 24)),
                ("王芳", ymd(1990, 12, 2), None),
                ("赵强", ymd(1985, 12, 3), ymd(2010, 11, 28)),
            ],
        );
        let mut closed = file_with("c2", &[("孙丽", ymd(1975, 11, 26), None)]);
        closed.status = Status::Closed;
        let entries = [CatalogueEntry::of(&open), CatalogueEntry::of(&closed)];
        let found = occasions(&entries, today);
        // 陈立's anniversary was yesterday (next year's is far); 赵强's birthday is 8 days
        // ahead; 孙丽's account is closed.
        assert_eq!(
            shown(&found),
            [
                (
                    "2026-11-25".into(),
                    "陈立".into(),
                    OccasionKind::Birthday,
                    46
                ),
                (
                    "2026-11-28".into(),
                    "赵强".into(),
                    OccasionKind::Anniversary,
                    16
                ),
                (
                    "2026-12-02".into(),
                    "王芳".into(),
                    OccasionKind::Birthday,
                    36
                ),
            ]
        );
    }

    #[test]
    fn occasions_cross_the_new_year_and_29_february_falls_on_the_28th() {
        let leap = file_with(
            "c1",
            &[
                ("林", ymd(2000, 2, 29), None),
                ("周", ymd(1970, 1, 2), None),
            ],
        );
        let entries = [CatalogueEntry::of(&leap)];
        let feb = NaiveDate::from_ymd_opt(2027, 2, 22).unwrap();
        assert_eq!(
            shown(&occasions(&entries, feb)),
            [("2027-02-28".into(), "林".into(), OccasionKind::Birthday, 27)]
        );
        let dec = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        assert_eq!(
            shown(&occasions(&entries, dec)),
            [("2027-01-02".into(), "周".into(), OccasionKind::Birthday, 57)]
        );
        // In a leap year, the 29th itself.
        let feb28 = NaiveDate::from_ymd_opt(2028, 2, 27).unwrap();
        assert_eq!(shown(&occasions(&entries, feb28))[0].0, "2028-02-29");
    }

    #[test]
    fn monthly_reports_owed_or_to_review_take_their_place_by_date() {
        use crate::core::monthly::{Report, owed, waiting_review};
        use crate::core::report::Month;
        // Wednesday 25 November 2026. October's report was never sent; R08's October
        // report came on 31 October and is unreviewed (due 5 November); R09's November
        // one is to review by 5 December, after this week.
        let today = day(25);
        let since = Month::parse("2026-10").unwrap();
        let owed = owed(&[], since, today);
        let sent = |rep: &str, month: &str| Report {
            id: format!("{rep}-{month}"),
            rep_code: rep.into(),
            rep_name: "某".into(),
            month: month.into(),
            sent_at: Some(Utc.with_ymd_and_hms(2026, 10, 31, 9, 0, 0).unwrap()),
            ..Report::default()
        };
        let received = [sent("R08", "2026-10"), sent("R09", "2026-11")];
        let waiting = waiting_review(&received, today);
        let mut a = agenda(&[], &[], today, DEFAULT_DECIDE_WITHIN_DAYS);
        for item in monthly_items(&owed, &waiting) {
            a.place(item, today);
        }
        assert_eq!(
            a.overdue,
            [
                Item::MonthlyReport {
                    month: "2026-10".into(),
                    date: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
                },
                Item::ReportReview {
                    rep: "R08 某".into(),
                    month: "2026-10".into(),
                    date: day(5),
                },
            ]
        );
        // November's own report is due Monday 30 November: next week, not this one.
        assert!(a.this_week.is_empty() && a.today.is_empty());
    }
}
