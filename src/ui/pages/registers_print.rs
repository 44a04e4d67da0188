//! `/reviews/print/:which`: the destruction register (销毁登记表) and the archive-check
//! record (档案检查记录) on A4, as the archive files them: every record in a table and
//! the lines the people sign (seed 000 第十七条: destruction is recorded and signed by
//! who destroyed and who watched; seed 001: the semiannual check is signed off).

use chrono::Local;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::customers::destruction_line_parts;
use crate::core::i18n::Msg;
use crate::core::interchange::xlsx::SheetOut;
use crate::ui::app::use_db;
use crate::ui::i18n::use_i18n;
use crate::ui::pages::exports::{FormActions, signature_lines};

/// Which register is printed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Destructions,
    Checks,
}

#[component]
pub fn RegisterPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let params = use_params_map();
    let which = move || match params.read().get("which").as_deref() {
        Some("destructions") => Some(Which::Destructions),
        Some("checks") => Some(Which::Checks),
        _ => None,
    };
    let rows = LocalResource::new(move || {
        let which = which();
        async move {
            let db = db.ready()?;
            Some(match which? {
                Which::Destructions => {
                    let all = db.destructions().await.ok()?;
                    all.iter()
                        .map(|d| destruction_line_parts(i18n, d))
                        .collect::<Vec<Vec<String>>>()
                }
                Which::Checks => {
                    let all = db.archive_checks().await.ok()?;
                    all.iter()
                        .map(|r| {
                            vec![
                                r.period.clone(),
                                r.at.with_timezone(&Local).format("%Y-%m-%d").to_string(),
                                r.by.clone(),
                                r.files.to_string(),
                                r.missing_basic.to_string(),
                                r.stale.to_string(),
                                r.review_overdue.to_string(),
                                r.regrade.to_string(),
                                r.note.clone(),
                            ]
                        })
                        .collect()
                }
            })
        }
    });
    let layout = move || match which() {
        Some(Which::Destructions) => Some((
            Msg::DestructionRegisterTitle,
            vec![
                Msg::FieldArchiveNo,
                Msg::PrintClosedOn,
                Msg::PrintDestroyedOn,
                Msg::PrintMethod,
                Msg::PrintDestroyedBy,
                Msg::PrintApprover,
            ],
            vec![Msg::SignDestroyedBy, Msg::SignWitness, Msg::SignArchivist],
        )),
        Some(Which::Checks) => Some((
            Msg::CheckRegisterTitle,
            vec![
                Msg::PrintPeriod,
                Msg::PrintCheckedOn,
                Msg::PrintCheckedBy,
                Msg::PrintFiles,
                Msg::PrintMissing,
                Msg::PrintStale,
                Msg::PrintReviewsOverdue,
                Msg::PrintToRegrade,
                Msg::PrintNote,
            ],
            vec![Msg::SignChecker, Msg::SignDepartmentHead],
        )),
        None => None,
    };
    // The same register as a workbook: its columns, every record, then the lines to sign.
    let make = move |()| {
        let nothing = || i18n.t(Msg::ExportNothing)().to_owned();
        let (title, headers, signs) = layout().ok_or_else(nothing)?;
        let mut rows = rows.get_untracked().flatten().ok_or_else(nothing)?;
        rows.push(Vec::new());
        rows.extend(
            signs
                .iter()
                .chain([&Msg::SignDate])
                .map(|s| vec![i18n.t(*s)().to_owned(), String::new()]),
        );
        let name = match which().ok_or_else(nothing)? {
            Which::Destructions => "destruction-register",
            Which::Checks => "archive-check-record",
        };
        Ok((
            name.to_owned(),
            vec![SheetOut {
                name: i18n.t(title)().to_owned(),
                headers: headers.iter().map(|h| i18n.t(*h)().to_owned()).collect(),
                rows,
            }],
        ))
    };
    view! {
        {move || match layout() {
            None => view! { <super::NotFoundPage /> }.into_any(),
            Some((title, headers, signs)) => view! {
                <div class="page-head no-print">
                    <h1>{i18n.t(title)}</h1>
                    <FormActions back="/reviews" make=make />
                </div>
                <article class="print-card print-form" data-testid="print-register">
                    <header class="print-card-head">
                        <h1 data-testid="print-form-title">{i18n.t(title)}</h1>
                        <span>{Local::now().format("%Y-%m-%d").to_string()}</span>
                    </header>
                    <table class="table print-register">
                        <thead><tr>{headers.iter().map(|h| view! { <th>{i18n.t(*h)}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {move || rows.get().flatten().map(|rows| {
                                if rows.is_empty() {
                                    let n = headers.len().to_string();
                                    view! { <tr><td colspan=n class="muted">{i18n.t(Msg::PrintRegisterEmpty)}</td></tr> }.into_any()
                                } else {
                                    rows.into_iter().map(|cells| view! {
                                        <tr data-testid="print-register-row">{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                                    }).collect_view().into_any()
                                }
                            })}
                        </tbody>
                    </table>
                    {signature_lines(i18n, &[&signs[..], &[Msg::SignDate]].concat())}
                </article>
            }.into_any(),
        }}
    }
}
