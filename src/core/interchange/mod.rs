//! Data going out to the spreadsheets people use today (seed 003: files kept in Excel):
//! customer files, visits and complaints as tables (CSV now; the same columns will feed
//! `.xlsx` and the import's column mapping), and contacts as vCard.

pub mod import;
pub mod sales;
#[cfg(test)]
mod sales_hostile;
pub mod totals;
#[cfg(test)]
mod totals_hostile;
pub mod vcard;
pub mod xlsx;

use crate::core::complaint::{Complaint, ComplaintKind, ComplaintStatus, Decision};
use crate::core::customer::model::{Customer, OrgForm};
use crate::core::i18n::{Msg, labels};
use crate::core::table::Table;
use crate::core::visit::model::{Visit, VisitMethod};

type Column<T> = (Msg, fn(&T, &dyn Fn(Msg) -> String) -> String);

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The columns of a customer file, in the order of the paper card.
pub const CUSTOMER_COLUMNS: &[Column<Customer>] = &[
    (Msg::FieldArchiveNo, |c, _| c.archive_no.clone()),
    (Msg::FieldName, |c, _| c.basic.name.clone()),
    (Msg::FieldPhone, |c, _| c.basic.phone.clone()),
    (Msg::StatusLabel, |c, t| t(labels::status(c.status))),
    (Msg::SecretLabel, |c, t| t(labels::secret(c.secret))),
    (Msg::ImportanceLabel, |c, t| {
        t(labels::importance(c.importance))
    }),
    (Msg::GradeLabel, |c, _| {
        c.credit
            .as_ref()
            .map(|a| format!("{:?}", a.grade))
            .unwrap_or_default()
    }),
    (Msg::FieldLegalRep, |c, _| c.basic.legal_rep.clone()),
    (Msg::FieldOwner, |c, _| c.basic.owner.clone()),
    (Msg::FieldOperator, |c, _| c.basic.operator.clone()),
    (Msg::FieldManager, |c, _| c.basic.manager.clone()),
    (Msg::FieldKeyPeople, |c, _| c.basic.key_people_notes.clone()),
    (Msg::FieldFounded, |c, _| date(c.basic.founded)),
    (Msg::OrgFormLabel, |c, t| {
        if c.basic.org_form == OrgForm::Unknown {
            String::new()
        } else {
            t(labels::org_form(c.basic.org_form))
        }
    }),
    (Msg::FieldIndustry, |c, _| c.basic.industry.clone()),
    (Msg::FieldCapital, |c, _| {
        c.basic
            .registered_capital
            .map(|m| m.to_string())
            .unwrap_or_default()
    }),
    (Msg::FieldEmployees, |c, _| {
        c.basic.employees.map(|n| n.to_string()).unwrap_or_default()
    }),
    (Msg::FieldProvince, |c, _| c.address.province.clone()),
    (Msg::FieldCity, |c, _| c.address.city.clone()),
    (Msg::FieldDistrict, |c, _| c.address.district.clone()),
    (Msg::FieldAddress, |c, _| c.address.detail.clone()),
    (Msg::FieldBusinessType, |c, _| {
        c.address.business_type.clone()
    }),
    (Msg::FieldBestVisitTime, |c, _| {
        c.address.best_visit_time.clone()
    }),
    (Msg::FieldContactName, |c, _| {
        c.primary_contact()
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }),
    (Msg::FieldContactPhones, |c, _| {
        c.primary_contact()
            .map(|p| p.phones.join("; "))
            .unwrap_or_default()
    }),
    (Msg::FieldTradingSince, |c, _| {
        date(c.business.trading_since)
    }),
    (Msg::FieldBalance, |c, _| {
        c.trading
            .outstanding_balance
            .map(|m| m.to_string())
            .unwrap_or_default()
    }),
    (Msg::FieldCreditStatus, |c, _| {
        c.trading.credit_status.clone()
    }),
    (Msg::FieldTradeTerms, |c, _| c.trading.trade_terms.clone()),
    (Msg::FieldRelation, |c, t| {
        if c.dealings.relation.is_unknown() {
            String::new()
        } else {
            t(labels::relation(c.dealings.relation))
        }
    }),
    (Msg::FieldNature, |c, _| c.dealings.nature.clone()),
    (Msg::FieldMainBusiness, |c, _| {
        c.dealings.main_business.clone()
    }),
    (Msg::FieldCreditLimit, |c, _| {
        c.dealings
            .credit_limit
            .map(|m| m.to_string())
            .unwrap_or_default()
    }),
];

fn table<T>(columns: &[Column<T>], items: &[T], t: &dyn Fn(Msg) -> String) -> Table {
    Table {
        headers: columns.iter().map(|(m, _)| t(*m)).collect(),
        rows: items
            .iter()
            .map(|x| columns.iter().map(|(_, get)| get(x, t)).collect())
            .collect(),
    }
}

/// Customer files as a table, headings in the language `t` speaks.
pub fn customers(items: &[Customer], t: &dyn Fn(Msg) -> String) -> Table {
    table(CUSTOMER_COLUMNS, items, t)
}

/// A visit with the name and archive number of its customer.
pub struct VisitRow<'a> {
    pub visit: &'a Visit,
    pub customer: &'a str,
    pub archive_no: &'a str,
}

fn method(m: VisitMethod) -> Msg {
    match m {
        VisitMethod::PersonalVisit => Msg::MethodPersonal,
        VisitMethod::Phone => Msg::MethodPhone,
        VisitMethod::Mail => Msg::MethodMail,
        VisitMethod::OnSiteObservation => Msg::MethodObservation,
        VisitMethod::FocusGroup => Msg::MethodFocusGroup,
    }
}

fn visit_columns<'a>() -> Vec<Column<VisitRow<'a>>> {
    vec![
        (Msg::VisitAt, |v, _| {
            v.visit
                .at
                .map(|a| a.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default()
        }),
        (Msg::FieldArchiveNo, |v, _| v.archive_no.to_owned()),
        (Msg::FieldName, |v, _| v.customer.to_owned()),
        (Msg::VisitMethodLabel, |v, t| t(method(v.visit.method))),
        (Msg::VisitParticipants, |v, _| v.visit.participants.clone()),
        (Msg::VisitPurpose, |v, _| v.visit.purpose.clone()),
        (Msg::VisitSummary, |v, _| v.visit.summary.clone()),
        (Msg::VisitOpportunity, |v, _| v.visit.opportunity.clone()),
        (Msg::VisitAmount, |v, _| v.visit.amount.clone()),
        (Msg::VisitSatisfaction, |v, _| {
            v.visit
                .satisfaction
                .map(|n| n.to_string())
                .unwrap_or_default()
        }),
        (Msg::NextVisit, |v, _| date(v.visit.next_visit)),
        (Msg::RecordedBy, |v, _| v.visit.by.clone()),
    ]
}

/// Visits as a table.
pub fn visits(items: &[VisitRow], t: &dyn Fn(Msg) -> String) -> Table {
    table(&visit_columns(), items, t)
}

/// A complaint with the name of its customer.
pub struct ComplaintRow<'a> {
    pub complaint: &'a Complaint,
    pub customer: &'a str,
}

fn complaint_columns<'a>() -> Vec<Column<ComplaintRow<'a>>> {
    vec![
        (Msg::ComplaintNo, |c, _| c.complaint.acceptance_no.clone()),
        (Msg::ComplaintReceived, |c, _| date(c.complaint.received_on)),
        (Msg::FieldName, |c, _| c.customer.to_owned()),
        (Msg::ComplaintKindLabel, |c, t| {
            t(match c.complaint.kind {
                ComplaintKind::Product => Msg::KindProduct,
                ComplaintKind::Service => Msg::KindService,
                ComplaintKind::Other => Msg::KindOther,
            })
        }),
        (Msg::ComplaintDescription, |c, _| {
            c.complaint.description.clone()
        }),
        (Msg::ComplaintDemand, |c, _| c.complaint.demand.clone()),
        (Msg::ComplaintDecisionLabel, |c, t| {
            t(match c.complaint.decision {
                Decision::Pending => Msg::DecisionPending,
                Decision::Accepted => Msg::DecisionAccepted,
                Decision::Rejected => Msg::DecisionRejected,
            })
        }),
        (Msg::ComplaintDeadline, |c, _| date(c.complaint.deadline)),
        (Msg::StatusLabel, |c, t| {
            t(match c.complaint.status {
                ComplaintStatus::Open => Msg::ComplaintOpen,
                ComplaintStatus::Closed => Msg::ComplaintClosed,
            })
        }),
        (Msg::ComplaintClosedOn, |c, _| date(c.complaint.closed_on)),
        (Msg::VisitSatisfaction, |c, _| {
            c.complaint
                .satisfaction
                .map(|n| n.to_string())
                .unwrap_or_default()
        }),
    ]
}

/// Complaints as a table.
pub fn complaints(items: &[ComplaintRow], t: &dyn Fn(Msg) -> String) -> Table {
    table(&complaint_columns(), items, t)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::core::customer::model::{Contact, SecretLevel};
    use crate::core::i18n::Lang;

    #[test]
    fn a_customer_table_has_every_column_in_the_chosen_language() {
        let mut c = Customer {
            archive_no: "R07-2026-00001".into(),
            secret: SecretLevel::Secret,
            ..Default::default()
        };
        c.basic.name = "江门安信电器".into();
        c.basic.founded = NaiveDate::from_ymd_opt(2003, 4, 1);
        c.contacts = vec![Contact {
            name: "陈立".into(),
            phones: vec!["13800001111".into(), "0750-1234567".into()],
            ..Default::default()
        }];
        let zh = |m: Msg| m.text(Lang::ZhCn).to_owned();
        let t = customers(std::slice::from_ref(&c), &zh);
        assert_eq!(t.headers.len(), CUSTOMER_COLUMNS.len());
        assert_eq!(&t.headers[..3], ["档案编号", "客户名称", "电话"]);
        let cell = |h: &str| t.rows[0][t.headers.iter().position(|x| x == h).unwrap()].clone();
        assert_eq!(cell("秘级"), "秘密");
        assert_eq!(cell("创业时间"), "2003-04-01");
        assert_eq!(cell("电话（多个用 ; 分隔）"), "13800001111; 0750-1234567");
        let en = |m: Msg| m.text(Lang::En).to_owned();
        assert_eq!(customers(&[c], &en).headers[1], "Customer name");
    }
}
