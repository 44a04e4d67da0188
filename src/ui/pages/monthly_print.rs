//! `/reports/monthly/:id/print`: one monthly report (顾客情报报告书, seed 002) on A4 as
//! the sales manager files it: who and which month, each part in its box, the review
//! and the passing on to the general manager, and the lines the three of them sign.
//! It exports to Excel box by box.

use chrono::Local;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::monthly::{state_msg, step_line};
use crate::core::i18n::Msg;
use crate::core::monthly::Report;
use crate::ui::app::use_db;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::pages::exports::{FormActions, boxes_sheet, signature_lines};
use crate::ui::vault::{LockedPanel, use_vault};

#[component]
pub fn MonthlyPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let params = use_params_map();
    let loaded = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        let open = vault.unlocked();
        async move {
            if !open {
                return None;
            }
            Some(
                db.ready()?
                    .monthly_reports()
                    .await
                    .map(|all| all.into_iter().find(|r| r.id == id)),
            )
        }
    });
    move || {
        if !vault.unlocked() {
            return view! { <LockedPanel /> }.into_any();
        }
        match loaded.get().flatten() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{store_error_text(i18n, &e)}</p> }.into_any(),
            Some(Ok(None)) => view! { <super::NotFoundPage /> }.into_any(),
            Some(Ok(Some(report))) => view! { <PrintedReport report /> }.into_any(),
        }
    }
}

/// Boxes of the form: each heading and what is in it.
type Boxes = Vec<(Msg, String)>;

/// The form's three blocks, in its order: who and when, the report's parts, the steps.
fn boxes(i18n: I18n, r: &Report) -> (Boxes, Boxes, Boxes) {
    let day = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| at.with_timezone(&Local).format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let head = vec![
        (
            Msg::MonthlyRep,
            format!("{} {}", r.rep_code, r.rep_name).trim().to_owned(),
        ),
        (Msg::MonthlyMonth, r.month.clone()),
        (Msg::MonthlySentDate, day(r.sent_at)),
        (
            Msg::MonthlyStateLabel,
            i18n.t(state_msg(r.state()))().to_owned(),
        ),
    ];
    let parts = vec![
        (Msg::MonthlyGradeA, r.grade_a.clone()),
        (Msg::MonthlyGradeB, r.grade_b.clone()),
        (Msg::MonthlyGradeC, r.grade_c.clone()),
        (Msg::MonthlyProposals, r.proposals.clone()),
        (Msg::MonthlyEmergencies, r.emergencies.clone()),
        (Msg::MonthlyOther, r.other.clone()),
    ];
    let steps = vec![
        (
            Msg::MonthlyReviewBox,
            r.review
                .as_ref()
                .map(|s| step_line(i18n, Msg::MonthlyReviewedBy, s))
                .unwrap_or_default(),
        ),
        (
            Msg::MonthlyPassedOnBox,
            r.passed_on
                .as_ref()
                .map(|s| step_line(i18n, Msg::MonthlyPassedOnBy, s))
                .unwrap_or_default(),
        ),
    ];
    (head, parts, steps)
}

#[component]
fn PrintedReport(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let month = report.month.clone();
    // The workbook is made when asked, in the language then chosen.
    let kept = StoredValue::new(report.clone());
    let make = move |()| {
        let (name, all) = kept.with_value(|r| {
            let (head, parts, steps) = boxes(i18n, r);
            let all: Vec<(String, String)> = head
                .into_iter()
                .chain(parts)
                .chain(steps)
                .map(|(m, v)| (i18n.t(m)().to_owned(), v))
                .collect();
            (format!("monthly-report-{}-{}", r.rep_code, r.month), all)
        });
        Ok((name, vec![boxes_sheet(i18n, Msg::MonthlyPrintTitle, all)]))
    };
    let row = move |(m, v): (Msg, String), tall: bool| {
        view! {
            <tr><th scope="row">{i18n.t(m)}</th><td class:tall=tall>{v}</td></tr>
        }
    };
    view! {
        <div class="page-head no-print">
            <h1>{i18n.t(Msg::MonthlyPrintTitle)}</h1>
            <FormActions back="/reports/monthly" make=make />
        </div>
        <article class="print-card print-form" data-testid="print-form" data-form="monthly">
            <header class="print-card-head">
                <h1 data-testid="print-form-title">{i18n.t(Msg::MonthlyPrintTitle)}</h1>
                <span>{month}</span>
            </header>
            // Made again when the reader switches language (the state and steps are words).
            {move || kept.with_value(|r| {
            let (head, parts, steps) = boxes(i18n, r);
            view! {
            <table class="print-boxes form-row"><tbody>
                {head.chunks(2).map(|pair| view! {
                    <tr>{pair.iter().map(|(m, v)| view! { <th scope="row">{i18n.t(*m)}</th><td>{v.clone()}</td> }).collect_view()}</tr>
                }).collect_view()}
            </tbody></table>
            <table class="print-boxes form-row"><tbody>
                {parts.into_iter().map(|p| row(p, true)).collect_view()}
            </tbody></table>
            <table class="print-boxes form-row"><tbody>
                {steps.into_iter().map(|p| row(p, true)).collect_view()}
            </tbody></table>
            }
            })}
            {signature_lines(i18n, &[Msg::SignRep, Msg::SignSalesManager, Msg::SignGeneralManager, Msg::SignDate])}
        </article>
    }
}
