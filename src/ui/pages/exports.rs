//! Buttons that export visits and complaints as CSV for Excel. Records of confidential
//! files stay out: a spreadsheet is not encrypted.

use leptos::prelude::*;

use crate::core::complaint::Complaint;
use crate::core::i18n::Msg;
use crate::core::interchange::{self, ComplaintRow, VisitRow};
use crate::core::table::Table;
use crate::core::visit::model::Visit;
use crate::platform::files::download;
use crate::ui::data::{Files, use_files};
use crate::ui::i18n::{I18n, use_i18n};

/// Name and archive number of a file, and whether it is confidential.
fn file_of(files: Files, id: &str) -> (String, String, bool) {
    files.catalogue.with_untracked(|all| {
        all.iter()
            .find(|e| e.id == id)
            .map(|e| (e.name.clone(), e.archive_no.clone(), e.secret.is_sealed()))
            .unwrap_or_default()
    })
}

fn offer(i18n: I18n, name: &str, table: Table, left_out: usize, message: RwSignal<Option<String>>) {
    if table.rows.is_empty() {
        message.set(Some(i18n.t(Msg::ExportNothing)().to_owned()));
        return;
    }
    let day = chrono::Local::now().format("%Y-%m-%d");
    let _ = download(
        &format!("{name}-{day}.csv"),
        &table.to_csv(),
        "text/csv;charset=utf-8",
    );
    message.set(
        (left_out > 0).then(|| i18n.format(Msg::ExportLeftOut, &[("n", &left_out.to_string())])),
    );
}

#[component]
pub fn ExportVisits(visits: Vec<Visit>) -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let visits = StoredValue::new(visits);
    let message = RwSignal::new(None::<String>);
    let export = move |_| {
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
                "visits",
                interchange::visits(&rows, &t),
                left_out,
                message,
            );
        });
    };
    view! {
        <p class="no-print">
            <button type="button" class="chip" data-testid="export-visits" on:click=export>{i18n.t(Msg::ExportVisits)}</button>
            {move || message.get().map(|m| view! { " " <span class="muted" role="status" data-testid="export-message">{m}</span> })}
        </p>
    }
}

#[component]
pub fn ExportComplaints(complaints: Vec<Complaint>) -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let complaints = StoredValue::new(complaints);
    let message = RwSignal::new(None::<String>);
    let export = move |_| {
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
                "complaints",
                interchange::complaints(&rows, &t),
                left_out,
                message,
            );
        });
    };
    view! {
        <p class="no-print">
            <button type="button" class="chip" data-testid="export-complaints" on:click=export>{i18n.t(Msg::ExportComplaints)}</button>
            {move || message.get().map(|m| view! { " " <span class="muted" role="status" data-testid="export-message">{m}</span> })}
        </p>
    }
}
