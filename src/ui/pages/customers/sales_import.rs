//! Importing sales by customer and month from a spreadsheet (CSV or a workbook) with
//! `core::interchange::sales`: every row checked and its problem named by row number;
//! on confirming, each file's months are written with one history entry naming the
//! spreadsheet.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::i18n::{AppText, Msg};
use crate::core::interchange::sales::{self, Line, Problem};
use crate::core::picked::Expected;
use crate::core::table::Table;
use crate::platform::files::{PickError, read_picked};
use crate::platform::ids::new_id;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, use_i18n};

/// How many problem rows are listed.
const LISTED: usize = 200;

#[derive(Clone)]
struct Loaded {
    file: String,
    table: Table,
    /// The headings' row number in the file (from 1).
    heading: usize,
}

fn problem_text(i18n: I18n, p: &Problem) -> String {
    match p {
        Problem::NoFile => i18n.t(Msg::SalesNoFile)().to_owned(),
        Problem::TwoFiles => i18n.t(Msg::SalesTwoFiles)().to_owned(),
        Problem::Month => i18n.t(Msg::SalesMonthWrong)().to_owned(),
        Problem::Amount => i18n.t(Msg::SalesAmountWrong)().to_owned(),
        Problem::Repeated(row) => i18n.format(Msg::ImportDupRow, &[("row", &row.to_string())]),
        Problem::Total => i18n.t(Msg::ImportTotalRow)().to_owned(),
    }
}

/// The card on the import page: pick, check, confirm.
#[component]
pub fn SalesImport() -> impl IntoView {
    let i18n = use_i18n();
    let sheets = crate::ui::progress::use_sheet_work();
    let db = use_db();
    let files = use_files();
    let loaded = RwSignal::new(None::<Loaded>);
    let message = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();

    let pick = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let (name, bytes) = match read_picked(&el, Expected::Spreadsheet).await {
                Ok(file) => file,
                Err(PickError::TooLarge(too_large)) => {
                    loaded.set(None);
                    message.set(Some((true, too_large.text(i18n.lang()))));
                    return;
                }
                Err(PickError::Unreadable) => return,
            };
            loaded.set(None);
            message.set(None);
            busy.set(true);
            let read = super::import::read_table(i18n, sheets, &name, &bytes).await;
            busy.set(false);
            let (table, heading) = match read {
                Ok((table, heading, _)) => (table, heading),
                Err(why) => {
                    message.set(Some((true, why)));
                    return;
                }
            };
            loaded.set(Some(Loaded {
                file: name,
                table,
                heading,
            }));
        });
    };

    let lines = Memo::new(move |_| {
        let l = loaded.get()?;
        let mapping = sales::guess(&l.table.headers);
        if !mapping.complete() {
            return Some(Err(()));
        }
        Some(Ok(files.catalogue.with(|all| {
            sales::check(&l.table.rows, &mapping, all, l.heading + 1)
        })))
    });

    let confirm = move |_| {
        let (Some(l), Some(Ok(lines))) = (loaded.get_untracked(), lines.get_untracked()) else {
            return;
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let profile = files.profile.get_untracked();
        let by_file = sales::by_file(&lines);
        busy.set(true);
        message.set(None);
        spawn_local(async move {
            let (mut written, mut failed) = (0usize, None::<String>);
            for (id, months) in by_file {
                let reason = AppText::SalesImported {
                    file: l.file.clone(),
                };
                let result = crate::core::customer::save::change(
                    &db,
                    &id,
                    profile.as_ref(),
                    reason,
                    Utc::now(),
                    new_id(),
                    |c, _| c.sales.extend(months),
                )
                .await;
                match result {
                    Ok(saved) => {
                        files.upsert(&saved);
                        written += 1;
                    }
                    Err(e) => {
                        failed = Some(super::lifecycle::save_error_text(i18n, &e));
                        break;
                    }
                }
            }
            let done = i18n.format(Msg::SalesImportDone, &[("n", &written.to_string())]);
            match failed {
                Some(why) => message.set(Some((true, format!("{done} {why}")))),
                None => {
                    loaded.set(None);
                    message.set(Some((false, done)));
                }
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card" data-testid="sales-import">
            <h2>{i18n.t(Msg::SalesImportTitle)}</h2>
            <p class="muted">{i18n.t(Msg::SalesImportHint)}</p>
            <label>
                {i18n.t(Msg::ImportFile)} " "
                <input type="file" accept=".csv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv" node_ref=input data-testid="sales-import-file" on:change=pick />
            </label>
            {move || message.get().map(|(error, m)| view! {
                <p class="notice" class:notice-error=error class:notice-ok=!error role="status" data-testid="sales-import-message">{m}</p>
            })}
            {move || lines.get().map(|checked| match checked {
                Err(()) => view! {
                    <p class="notice notice-error" data-testid="sales-import-columns">{i18n.t(Msg::SalesImportColumns)}</p>
                }.into_any(),
                Ok(lines) => {
                    let ok: Vec<&Line> = lines.iter().filter(|l| l.problem.is_none()).collect();
                    let files_n = sales::by_file(&lines).len();
                    let bad: Vec<(usize, String)> = lines
                        .iter()
                        .filter_map(|l| l.problem.as_ref().map(|p| (l.row, problem_text(i18n, p))))
                        .take(LISTED)
                        .collect();
                    let summary = i18n.format(
                        Msg::SalesImportSummary,
                        &[("ok", &ok.len().to_string()), ("files", &files_n.to_string()), ("errors", &(lines.len() - ok.len()).to_string())],
                    );
                    let none = ok.is_empty();
                    view! {
                        <p data-testid="sales-import-summary">{summary}</p>
                        {(!bad.is_empty()).then(|| view! {
                            <ul class="agenda" data-testid="sales-import-problems">
                                {bad.into_iter().map(|(row, text)| view! {
                                    <li data-testid="sales-import-problem"><span class="row-no">{i18n.format(Msg::ImportRow, &[("row", &row.to_string())])}</span> " " {text}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        <button type="button" class="primary" data-testid="sales-import-confirm"
                            disabled=move || busy.get() || none
                            on:click=confirm>
                            {i18n.format(Msg::SalesImportConfirm, &[("n", &files_n.to_string())])}
                        </button>
                    }.into_any()
                }
            })}
        </section>
    }
}
