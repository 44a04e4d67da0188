//! Exports for Excel: a table saved as CSV, or as an `.xlsx` workbook made by the
//! spreadsheet worker (`platform::xlsx`); and the buttons that export visits and
//! complaints. Records of confidential files stay out: a spreadsheet is not encrypted.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::complaint::Complaint;
use crate::core::i18n::Msg;
use crate::core::interchange::xlsx::SheetOut;
use crate::core::interchange::{self, ComplaintRow, VisitRow};
use crate::core::table::Table;
use crate::core::visit::model::Visit;
use crate::platform::files::download;
use crate::ui::data::{Files, use_files};
use crate::ui::i18n::{I18n, use_i18n, xlsx_failure_text};
use crate::ui::progress::{SheetWork, use_sheet_work};

/// The spreadsheet file a table is saved as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// UTF-8 CSV with a byte-order mark (`Table::to_csv`).
    Csv,
    /// An Excel workbook, its one sheet named `sheet`.
    Xlsx { sheet: Msg },
}

/// The MIME type of an `.xlsx` workbook.
const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Saves `table` as `{name}-{today}.csv` or `.xlsx`. A workbook is made in the worker,
/// so this waits for it; what went wrong comes back as the text to show.
pub async fn save_table(
    i18n: I18n,
    sheets_work: SheetWork,
    name: &str,
    table: Table,
    format: Format,
) -> Result<(), String> {
    let day = chrono::Local::now().format("%Y-%m-%d");
    let saved = match format {
        Format::Csv => download(
            &format!("{name}-{day}.csv"),
            &table.to_csv(),
            "text/csv;charset=utf-8",
        ),
        Format::Xlsx { sheet } => {
            let sheets = vec![SheetOut {
                name: i18n.t(sheet)().to_owned(),
                headers: table.headers,
                rows: table.rows,
            }];
            return save_workbook(i18n, sheets_work, name, sheets).await;
        }
    };
    saved.map_err(|_| i18n.t(Msg::ExportNothing)().to_owned())
}

/// Saves `sheets` as the workbook `{name}-{today}.xlsx`, made in the spreadsheet worker.
pub async fn save_workbook(
    i18n: I18n,
    sheets_work: SheetWork,
    name: &str,
    sheets: Vec<SheetOut>,
) -> Result<(), String> {
    let day = chrono::Local::now().format("%Y-%m-%d");
    let bytes = crate::ui::progress::write_workbook(sheets_work, &sheets)
        .await
        .map_err(|e| xlsx_failure_text(i18n, &e))?;
    download(&format!("{name}-{day}.xlsx"), &bytes, XLSX_MIME)
        .map_err(|_| i18n.t(Msg::ExportNothing)().to_owned())
}

/// A printed form's "Export to Excel": `make` gives the file's name and its sheets when
/// pressed, or what to say instead; a second press waits for the first.
#[component]
pub fn FormWorkbook(
    #[prop(into)] make: Callback<(), Result<(String, Vec<SheetOut>), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sheets = use_sheet_work();
    let failed = RwSignal::new(None::<String>);
    let preparing = RwSignal::new(false);
    let export = move |_| {
        if preparing.get_untracked() {
            return;
        }
        let (name, book) = match make.run(()) {
            Ok(made) => made,
            Err(why) => return failed.set(Some(why)),
        };
        preparing.set(true);
        failed.set(None);
        spawn_local(async move {
            failed.set(save_workbook(i18n, sheets, &name, book).await.err());
            preparing.set(false);
        });
    };
    view! {
        <button type="button" data-testid="export-form-xlsx" disabled=move || preparing.get() on:click=export>
            {i18n.t(Msg::ExportXlsx)}
        </button>
        {move || failed.get().map(|m| view! { <p class="notice notice-error" role="status" data-testid="export-form-problem">{m}</p> })}
    }
}

/// Why a confidential file's form is not exported: a spreadsheet is not encrypted.
pub fn sealed_refusal(i18n: I18n) -> String {
    i18n.t(Msg::FormExportSealed)().to_owned()
}

/// A printed form's buttons: back to where it came from (if anywhere), its Excel export
/// and Print.
#[component]
pub fn FormActions(
    #[prop(optional, into)] back: Option<String>,
    #[prop(into)] make: Callback<(), Result<(String, Vec<SheetOut>), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="actions">
            {back.map(|href| view! { <leptos_router::components::A href=href>{i18n.t(Msg::FormBack)}</leptos_router::components::A> })}
            <FormWorkbook make=make />
            <button type="button" class="primary" data-testid="print-form-button"
                on:click=move |_| { let _ = window().print(); }>
                {i18n.t(Msg::FormPrint)}
            </button>
        </div>
    }
}

/// The lines a printed form is signed on, each "who：＿＿＿".
pub fn signature_lines(i18n: I18n, signs: &[Msg]) -> impl IntoView + use<> {
    let lines = signs
        .iter()
        .map(|s| view! { <span class="signature">{i18n.t(*s)} "：" <span class="sign-line"></span></span> })
        .collect_view();
    view! { <div class="signatures">{lines}</div> }
}

/// Label–value pairs as a sheet of two columns, headed "Item" and "Value".
pub fn boxes_sheet(i18n: I18n, name: Msg, items: Vec<(String, String)>) -> SheetOut {
    SheetOut {
        name: i18n.t(name)().to_owned(),
        headers: vec![
            i18n.t(Msg::FormExportItem)().to_owned(),
            i18n.t(Msg::FormExportValue)().to_owned(),
        ],
        rows: items.into_iter().map(|(k, v)| vec![k, v]).collect(),
    }
}

/// Name and archive number of a file, and whether it is confidential.
fn file_of(files: Files, id: &str) -> (String, String, bool) {
    files.catalogue.with_untracked(|all| {
        all.get(id)
            .map(|e| (e.name.clone(), e.archive_no.clone(), e.secret.is_sealed()))
            .unwrap_or_default()
    })
}

fn offer(
    i18n: I18n,
    sheets: SheetWork,
    name: &'static str,
    table: Table,
    format: Format,
    left_out: usize,
    message: RwSignal<Option<String>>,
) {
    if table.rows.is_empty() {
        message.set(Some(i18n.t(Msg::ExportNothing)().to_owned()));
        return;
    }
    if format != Format::Csv {
        message.set(Some(i18n.t(Msg::ExportPreparing)().to_owned()));
    }
    spawn_local(async move {
        message.set(match save_table(i18n, sheets, name, table, format).await {
            Ok(()) => (left_out > 0)
                .then(|| i18n.format(Msg::ExportLeftOut, &[("n", &left_out.to_string())])),
            Err(text) => Some(text),
        });
    });
}

#[component]
pub fn ExportVisits(visits: Vec<Visit>) -> impl IntoView {
    let i18n = use_i18n();
    let sheets = use_sheet_work();
    let files = use_files();
    let visits = StoredValue::new(visits);
    let message = RwSignal::new(None::<String>);
    let export = move |format: Format| {
        visits.with_value(|all| {
            let named: Vec<(&Visit, String, String, bool)> = all
                .iter()
                .map(|v| {
                    let (n, a, s) = file_of(files, &v.customer_id);
                    (v, n, a, s)
                })
                .collect();
            let left_out = named.iter().filter(|x| x.3).count();
            let rows: Vec<VisitRow> = named
                .iter()
                .filter(|x| !x.3)
                .map(|(v, n, a, _)| VisitRow {
                    visit: v,
                    customer: n,
                    archive_no: a,
                })
                .collect();
            let t = |m: Msg| i18n.t(m)().to_owned();
            offer(
                i18n,
                sheets,
                "visits",
                interchange::visits(&rows, &t),
                format,
                left_out,
                message,
            );
        });
    };
    view! {
        <p class="no-print">
            <button type="button" class="chip" data-testid="export-visits" on:click=move |_| export(Format::Csv)>{i18n.t(Msg::ExportVisits)}</button>
            " "
            <button type="button" class="chip" data-testid="export-visits-xlsx" on:click=move |_| export(Format::Xlsx { sheet: Msg::SheetVisits })>{i18n.t(Msg::ExportVisitsXlsx)}</button>
            {move || message.get().map(|m| view! { " " <span class="muted" role="status" data-testid="export-message">{m}</span> })}
        </p>
    }
}

#[component]
pub fn ExportComplaints(complaints: Vec<Complaint>) -> impl IntoView {
    let i18n = use_i18n();
    let sheets = use_sheet_work();
    let files = use_files();
    let complaints = StoredValue::new(complaints);
    let message = RwSignal::new(None::<String>);
    let export = move |format: Format| {
        complaints.with_value(|all| {
            let named: Vec<(&Complaint, String, bool)> = all
                .iter()
                .map(|c| {
                    let (n, _, s) = file_of(files, &c.customer_id);
                    (c, n, s)
                })
                .collect();
            let left_out = named.iter().filter(|x| x.2).count();
            let rows: Vec<ComplaintRow> = named
                .iter()
                .filter(|x| !x.2)
                .map(|(c, n, _)| ComplaintRow {
                    complaint: c,
                    customer: n,
                })
                .collect();
            let t = |m: Msg| i18n.t(m)().to_owned();
            offer(
                i18n,
                sheets,
                "complaints",
                interchange::complaints(&rows, &t),
                format,
                left_out,
                message,
            );
        });
    };
    view! {
        <p class="no-print">
            <button type="button" class="chip" data-testid="export-complaints" on:click=move |_| export(Format::Csv)>{i18n.t(Msg::ExportComplaints)}</button>
            " "
            <button type="button" class="chip" data-testid="export-complaints-xlsx" on:click=move |_| export(Format::Xlsx { sheet: Msg::SheetComplaints })>{i18n.t(Msg::ExportComplaintsXlsx)}</button>
            {move || message.get().map(|m| view! { " " <span class="muted" role="status" data-testid="export-message">{m}</span> })}
        </p>
    }
}
