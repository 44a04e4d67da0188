//! A complaint on one of seed 001's printed forms (`core::complaint::forms`): the
//! form's boxes row by row, its choices as the paper has them (■ ticked, □ not), blank
//! boxes left tall to write in, and its signature lines; laid out for A4.

use chrono::Local;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{channel_msg, handling_kind_msg, kind_msg, urgency_msg};
use crate::core::complaint::forms::{self, Field, Form, Slot};
use crate::core::complaint::{
    CHANNELS, Complaint, ComplaintKind, Decision, HANDLING_KINDS, URGENCIES,
};
use crate::core::customer::model::Customer;
use crate::core::i18n::Msg;
use crate::core::store::{ComplaintStore, CustomerStore};
use crate::ui::app::use_db;
use crate::ui::i18n::{I18n, use_i18n};
use crate::ui::pages::exports::{FormActions, boxes_sheet, sealed_refusal, signature_lines};
use crate::ui::pages::visits::satisfaction_msg;
use crate::ui::vault::{FileGate, use_vault};

/// `/complaints/:id/print/:form`.
#[component]
pub fn ComplaintPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let params = use_params_map();
    let vault = use_vault();
    let loaded = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        vault.unlocked();
        async move {
            let db = db.ready()?;
            let c = db.complaint(&id).await.ok().flatten()?;
            let customer = db.customer(&c.customer_id).await.ok().flatten();
            Some((c, customer))
        }
    });
    move || {
        let form = forms::by_slug(&params.read().get("form").unwrap_or_default());
        match (form, loaded.get()) {
            (_, None) => ().into_any(),
            (Some(form), Some(Some((c, customer)))) => {
                let customer_id = c.customer_id.clone();
                let c = StoredValue::new((c, customer));
                view! {
                    <FileGate customer_id=customer_id>
                        {move || {
                            let (c, customer) = c.get_value();
                            view! { <PrintedForm form complaint=c customer /> }
                        }}
                    </FileGate>
                }
                .into_any()
            }
            _ => view! { <p data-testid="page-title">{i18n.t(Msg::ComplaintNotFound)}</p> }
                .into_any(),
        }
    }
}

/// "■ 产品 □ 服务 □ 其他": every choice, the chosen one ticked.
fn ticks<T: PartialEq + Copy>(
    i18n: I18n,
    all: &[T],
    chosen: Option<T>,
    msg: fn(T) -> Msg,
) -> String {
    all.iter()
        .map(|x| {
            let mark = if Some(*x) == chosen { '■' } else { '□' };
            format!("{mark} {}", i18n.t(msg(*x))())
        })
        .collect::<Vec<_>>()
        .join("  ")
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// What a box shows of the complaint and its customer.
fn text(i18n: I18n, slot: Slot, c: &Complaint, customer: Option<&Customer>) -> String {
    let both = |a: &str, b: &str| {
        [a, b]
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    };
    match slot {
        Slot::AcceptanceNo => c.acceptance_no.clone(),
        Slot::Received => date(c.received_on),
        Slot::Customer => customer.map(|x| x.basic.name.clone()).unwrap_or_default(),
        Slot::Address => customer.map(|x| x.address.full()).unwrap_or_default(),
        Slot::Contact => customer
            .map(|x| match x.primary_contact() {
                Some(p) if !p.phones.is_empty() => {
                    format!("{} {}", p.name, p.phones.join(", "))
                }
                _ => x.basic.phone.clone(),
            })
            .unwrap_or_default(),
        Slot::Kind => ticks(
            i18n,
            &[
                ComplaintKind::Product,
                ComplaintKind::Service,
                ComplaintKind::Other,
            ],
            Some(c.kind),
            kind_msg,
        ),
        Slot::Channel => ticks(i18n, &CHANNELS, c.channel, channel_msg),
        Slot::Urgency => ticks(i18n, &URGENCIES, Some(c.urgency), urgency_msg),
        Slot::Description => c.description.clone(),
        Slot::Demand => c.demand.clone(),
        Slot::Claim => {
            let kinds = ticks(i18n, &HANDLING_KINDS, c.handling_kind, handling_kind_msg);
            if c.loss.trim().is_empty() {
                kinds
            } else {
                format!(
                    "{kinds}\n{}",
                    i18n.format(Msg::FormLoss, &[("amount", c.loss.trim())])
                )
            }
        }
        Slot::Decision => {
            let tick = |d| if c.decision == d { '■' } else { '□' };
            let (accepted, rejected) = (tick(Decision::Accepted), tick(Decision::Rejected));
            let promised = i18n.format(Msg::FormPromisedBy, &[("date", &date(c.deadline))]);
            let why = i18n.format(Msg::FormRejectedWhy, &[("reason", &c.rejection_reason)]);
            format!(
                "{accepted} {} {promised}\n{rejected} {} {why}",
                i18n.t(Msg::FormAccepted)(),
                i18n.t(Msg::FormRejected)(),
            )
        }
        Slot::Deadline => date(c.deadline),
        Slot::HandledOn => date(c.handled_on),
        Slot::OrderNo => c.order_no.clone(),
        Slot::OrderedOn => date(c.ordered_on),
        Slot::ProducedOn => date(c.produced_on),
        Slot::Department => c.department.clone(),
        Slot::CauseAndFinding => both(&c.cause, &c.judgement),
        Slot::Cause => both(&c.cause, &c.judgement),
        Slot::Measures => c.measures.clone(),
        Slot::Handling => c.handling.clone(),
        Slot::Handler => c.handler.clone(),
        Slot::Result => c.result.clone(),
        Slot::Satisfaction => c
            .satisfaction
            .map(|n| i18n.t(satisfaction_msg(n))().to_owned())
            .unwrap_or_default(),
        Slot::ReportedBy => c.by.clone(),
        Slot::ReportedOn => c.created_at.with_timezone(&Local).date_naive().to_string(),
        Slot::Blank => String::new(),
    }
}

/// One row of boxes: heading and value, side by side.
fn row(
    i18n: I18n,
    fields: &'static [Field],
    c: &Complaint,
    customer: Option<&Customer>,
) -> impl IntoView + use<> {
    let cells = fields
        .iter()
        .map(|f| {
            let value = text(i18n, f.slot, c, customer);
            view! {
                <th scope="row">{i18n.t(f.label)}</th>
                <td class:tall=f.wide data-slot=format!("{:?}", f.slot)>{value}</td>
            }
        })
        .collect_view();
    view! { <table class="print-boxes form-row"><tbody><tr>{cells}</tr></tbody></table> }
}

#[component]
fn PrintedForm(form: Form, complaint: Complaint, customer: Option<Customer>) -> impl IntoView {
    let i18n = use_i18n();
    let back = format!("/complaints/{}", complaint.id);
    let no = complaint.acceptance_no.clone();
    let title = move || {
        i18n.format(
            Msg::FormPrintTitle,
            &[("form", i18n.t(form.title)()), ("no", &no)],
        )
    };
    let c = StoredValue::new((complaint, customer));
    // The same boxes as a workbook: one row per box, heading and value.
    let make = move |()| {
        if c.with_value(|(_, customer)| customer.as_ref().is_some_and(|f| f.secret.is_sealed())) {
            return Err(sealed_refusal(i18n));
        }
        let items = c.with_value(|(c, customer)| {
            form.rows
                .iter()
                .flat_map(|fields| fields.iter())
                .map(|f| {
                    (
                        i18n.t(f.label)().to_owned(),
                        text(i18n, f.slot, c, customer.as_ref()),
                    )
                })
                .collect()
        });
        let name = format!(
            "{}-{}",
            form.slug,
            c.with_value(|(c, _)| c.acceptance_no.clone())
        );
        Ok((name, vec![boxes_sheet(i18n, form.title, items)]))
    };
    view! {
        <div class="page-head no-print">
            <h1>{title}</h1>
            <FormActions back=back make=make />
        </div>
        <article class="print-card print-form" data-testid="print-form" data-form=form.slug>
            {move || c.with_value(|(c, customer)| view! {
                <header class="print-card-head">
                    <h1 data-testid="print-form-title">{i18n.t(form.title)}</h1>
                    <span>{c.acceptance_no.clone()}</span>
                </header>
                {form.rows.iter().map(|fields| row(i18n, fields, c, customer.as_ref())).collect_view()}
                {signature_lines(i18n, form.signatures)}
            })}
        </article>
    }
}
