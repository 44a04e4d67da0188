//! Importing customers from a CSV file (UTF-8 or GBK) or an Excel workbook (read in a
//! worker, `platform::xlsx`) with `core::interchange::import`: say which column is which, see every row's problems and duplicates with its
//! row number, then write the good rows in one transaction.

use crate::ui::progress::{Work, WorkProgress};
use chrono::{Datelike, Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::customer::validate::Field;
use crate::core::i18n::{Msg, labels};
use crate::core::interchange::import::{Duplicate, Outcome, Target, check, counts, guess, prepare};
use crate::core::interchange::totals::Total;
use crate::core::picked::Expected;
use crate::core::table::Table;
use crate::platform::files::{PickError, decode_text, read_picked};
use crate::platform::ids::new_id;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n, xlsx_failure_text};
use crate::ui::pages::PageTitle;

/// How many problem rows and preview rows are listed.
const LISTED: usize = 200;

#[derive(Clone)]
struct Loaded {
    file: String,
    /// Where it came from: the text encoding of a CSV, the sheet of a workbook.
    source: Source,
    table: Table,
    /// The headings' row number in the file (from 1); data rows follow it.
    heading: usize,
}

#[derive(Clone)]
pub(super) enum Source {
    Text(&'static str),
    Sheet(String),
}

/// Whether a picked file is a workbook rather than text: by its first bytes (a zip for
/// `.xlsx` and `.ods`, an OLE container for `.xls`), else by its name.
pub(super) fn is_workbook(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_lowercase();
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || [".xlsx", ".xlsm", ".xls", ".ods"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}

/// A picked spreadsheet as a table, its headings' row number and where it came from: a
/// workbook read in the spreadsheet worker, else CSV text (UTF-8 or GBK). `Err` says
/// why it could not be read, in the reader's language.
pub(super) async fn read_table(
    i18n: I18n,
    sheets: crate::ui::progress::SheetWork,
    name: &str,
    bytes: &[u8],
) -> Result<(Table, usize, Source), String> {
    if is_workbook(name, bytes) {
        let sheet = crate::ui::progress::read_workbook(sheets, bytes)
            .await
            .map_err(|e| xlsx_failure_text(i18n, &e))?;
        let (table, heading) = Table::from_records(sheet.records);
        return Ok((table, heading, Source::Sheet(sheet.name)));
    }
    let unreadable =
        |line: usize| i18n.format(Msg::ImportUnreadable, &[("line", &line.to_string())]);
    let (text, encoding) = decode_text(bytes).map_err(|_| unreadable(1))?;
    let (table, heading) = Table::from_csv(&text).map_err(unreadable)?;
    Ok((table, heading, Source::Text(encoding)))
}

fn field_msg(f: Field) -> Msg {
    match f {
        Field::Name => Msg::FieldName,
        Field::Phone => Msg::FieldPhone,
        Field::Founded => Msg::FieldFounded,
        Field::RegisteredCapital => Msg::FieldCapital,
        Field::Employees => Msg::FieldEmployees,
        Field::TradingSince => Msg::FieldTradingSince,
        Field::OutstandingBalance => Msg::FieldBalance,
        Field::Status => Msg::StatusLabel,
        Field::Secret => Msg::SecretLabel,
        Field::Importance => Msg::ImportanceLabel,
        Field::Grade => Msg::GradeLabel,
        Field::ContactName(_) => Msg::ImportContactName,
        Field::ContactPhone(_) => Msg::FieldContactPhones,
        Field::ContactEmail(_) => Msg::FieldContactEmail,
        Field::ContactBirthday(_) => Msg::FieldContactBirthday,
        Field::ContactAnniversary(_) => Msg::FieldContactAnniversary,
        Field::PurchaseAmount => Msg::FieldPurchaseAmount,
        Field::CreditLimit => Msg::FieldCreditLimit,
        Field::BadDebts => Msg::FieldBadDebts,
        Field::Relation => Msg::FieldRelation,
        _ => Msg::FieldName,
    }
}

fn problems(i18n: I18n, o: &Outcome, archive_of: impl Fn(&str) -> String) -> String {
    let mut parts: Vec<String> = o
        .errors
        .iter()
        .map(|e| {
            format!(
                "{}: {}",
                i18n.t(field_msg(e.field))(),
                i18n.t(labels::problem(e.problem))()
            )
        })
        .collect();
    match o.total {
        Some(Total::Row) => parts.push(i18n.t(Msg::ImportTotalRow)().to_owned()),
        Some(Total::Doubtful) => parts.push(i18n.t(Msg::ImportTotalDoubtful)().to_owned()),
        None => {}
    }
    if let Some(d) = &o.duplicate {
        parts.push(match d {
            Duplicate::ArchiveNo(id) => {
                i18n.format(Msg::ImportDupArchive, &[("no", &archive_of(id))])
            }
            Duplicate::NameAndPhone(id) => {
                i18n.format(Msg::ImportDupName, &[("no", &archive_of(id))])
            }
            Duplicate::EarlierRow(r) => i18n.format(Msg::ImportDupRow, &[("row", &r.to_string())]),
        });
    }
    parts.join("; ")
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let sheets = crate::ui::progress::use_sheet_work();
    let db = use_db();
    let files = use_files();
    let loaded = RwSignal::new(None::<Loaded>);
    let mapping = RwSignal::new(Vec::<Option<Target>>::new());
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
            busy.set(true);
            message.set(Some((false, i18n.t(Msg::ImportReading)().to_owned())));
            let read = read_table(i18n, sheets, &name, &bytes).await;
            busy.set(false);
            match read {
                Ok((table, heading, source)) => {
                    message.set(None);
                    mapping.set(guess(&table.headers));
                    loaded.set(Some(Loaded {
                        file: name,
                        source,
                        table,
                        heading,
                    }));
                }
                Err(why) => message.set(Some((true, why))),
            }
        });
    };

    let outcomes = Memo::new(move |_| {
        let l = loaded.get()?;
        let m = mapping.get();
        let today = Local::now().date_naive();
        Some(
            files
                .catalogue
                .with(|all| check(&l.table.rows, &m, all, today, l.heading + 1)),
        )
    });
    let archive_of = move |id: &str| {
        files.catalogue.with_untracked(|all| {
            all.get(id)
                .map(|e| e.archive_no.clone())
                .unwrap_or_default()
        })
    };

    let work = Work::new();
    let confirm = move |_| {
        let (Some(l), Some(out)) = (loaded.get_untracked(), outcomes.get_untracked()) else {
            return;
        };
        let Some(profile) = files
            .profile
            .get_untracked()
            .filter(|p| !p.name.is_empty() && !p.rep_code.is_empty())
        else {
            message.set(Some((true, i18n.t(Msg::NeedProfile)().to_owned())));
            return;
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let now = Utc::now();
        let ready = prepare(&out, &profile.name, &l.file, i18n.lang(), now, new_id);
        busy.set(true);
        spawn_local(async move {
            let year = Local::now().year();
            // Written in the bundle worker, which shows how many files are in meanwhile.
            let result = async {
                let worker = work.start()?;
                worker.hand_over(&db).await?;
                worker.import_files(&ready, &profile.rep_code, year).await
            }
            .await;
            work.finish();
            match result {
                Ok(written) => {
                    for c in &written {
                        files.upsert(c);
                    }
                    loaded.set(None);
                    message.set(Some((
                        false,
                        i18n.format(Msg::ImportDone, &[("n", &written.len().to_string())]),
                    )));
                }
                Err(e) => message.set(Some((true, store_error_text(i18n, &e)))),
            }
            busy.set(false);
        });
    };

    view! {
        <PageTitle msg=Msg::ImportTitle />
        <p class="muted">{i18n.t(Msg::ImportHint)}</p>
        <section class="card">
            <label>
                {i18n.t(Msg::ImportFile)} " "
                <input type="file" accept=".csv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv" node_ref=input data-testid="import-file" on:change=pick />
            </label>
        </section>
        {move || message.get().map(|(error, m)| view! {
            <p class="notice" class:notice-error=error class:notice-ok=!error role="status" data-testid="import-message">{m}</p>
        })}
        <WorkProgress work testid="import-rows-progress" />
        {move || loaded.get().map(|l| {
            let first: Vec<String> = l.table.rows.first().cloned().unwrap_or_default();
            let rows = l.table.rows.len().to_string();
            let read = match &l.source {
                Source::Text(encoding) => i18n.format(Msg::ImportRead, &[("file", &l.file), ("rows", &rows), ("encoding", encoding)]),
                Source::Sheet(sheet) => i18n.format(Msg::ImportReadSheet, &[("file", &l.file), ("sheet", sheet), ("rows", &rows), ("heading", &l.heading.to_string())]),
            };
            view! {
                <section class="card" data-testid="import-mapping">
                    <h2>{i18n.t(Msg::ImportColumns)}</h2>
                    <p data-testid="import-read">{read}</p>
                    <table class="table">
                        <thead><tr>
                            <th>{i18n.t(Msg::ImportColumn)}</th>
                            <th>{i18n.t(Msg::ImportSample)}</th>
                            <th>{i18n.t(Msg::ImportField)}</th>
                        </tr></thead>
                        <tbody>
                            {l.table.headers.iter().enumerate().map(|(i, h)| {
                                let sample = first.get(i).cloned().unwrap_or_default();
                                let current = move || mapping.with(|m| m.get(i).copied().flatten());
                                view! {
                                    <tr>
                                        <td>{h.clone()}</td>
                                        <td class="muted">{sample}</td>
                                        <td>
                                            <select data-testid="import-target" aria-label=h.clone() on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                let t = v.parse::<usize>().ok().and_then(|k| Target::ALL.get(k).copied());
                                                mapping.update(|m| {
                                                    if m.len() <= i { m.resize(i + 1, None); }
                                                    // A field fills from one column only.
                                                    if t.is_some() { for x in m.iter_mut() { if *x == t { *x = None; } } }
                                                    m[i] = t;
                                                });
                                            }>
                                                <option value="" selected=move || current().is_none()>{i18n.t(Msg::ImportSkip)}</option>
                                                {Target::ALL.iter().enumerate().map(|(k, t)| {
                                                    let t = *t;
                                                    view! { <option value=k.to_string() selected=move || current() == Some(t)>{i18n.t(t.label())}</option> }
                                                }).collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </section>
            }
        })}
        {move || outcomes.get().map(|out| {
            let named = mapping.with(|m| m.contains(&Some(Target::Name)));
            let n = counts(&out);
            let ok = n.accepted;
            let bad: Vec<(usize, String)> = out.iter().filter(|o| !o.accepted()).take(LISTED)
                .map(|o| (o.row, problems(i18n, o, archive_of))).collect();
            let preview: Vec<(usize, String, String)> = out.iter().filter(|o| o.accepted()).take(LISTED)
                .map(|o| (o.row, o.draft.customer.basic.name.clone(), o.draft.customer.address.region())).collect();
            view! {
                <section class="card" data-testid="import-preview">
                    {(!named).then(|| view! { <p class="notice notice-warning">{i18n.t(Msg::ImportNeedName)}</p> })}
                    <p data-testid="import-summary">{i18n.format(Msg::ImportSummary, &[("ok", &ok.to_string()), ("errors", &n.problems.to_string()), ("dups", &n.duplicates.to_string())])}</p>
                    {(n.totals > 0).then(|| view! { <p data-testid="import-totals">{i18n.format(Msg::ImportTotals, &[("n", &n.totals.to_string())])}</p> })}
                    {(!bad.is_empty()).then(|| view! {
                        <ul class="agenda" data-testid="import-problems">
                            {bad.into_iter().map(|(row, text)| view! {
                                <li data-testid="import-problem"><span class="row-no">{i18n.format(Msg::ImportRow, &[("row", &row.to_string())])}</span> " " {text}</li>
                            }).collect_view()}
                        </ul>
                    })}
                    {(!preview.is_empty()).then(|| view! {
                        <ul class="review-list" data-testid="import-accepted">
                            {preview.into_iter().map(|(row, name, region)| view! {
                                <li><span class="row-no">{i18n.format(Msg::ImportRow, &[("row", &row.to_string())])}</span> " " {name} " " <span class="muted">{region}</span></li>
                            }).collect_view()}
                        </ul>
                    })}
                    <button type="button" class="primary" data-testid="import-confirm"
                        disabled=move || busy.get() || ok == 0 || !named
                        on:click=confirm>
                        {i18n.format(Msg::ImportConfirm, &[("n", &ok.to_string())])}
                    </button>
                </section>
            }
        })}
        <super::sales_import::SalesImport />
    }
}
