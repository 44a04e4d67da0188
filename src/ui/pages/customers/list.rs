//! The customer-file list: search as you type (pinyin too), filters, sorting, grouping,
//! over the in-memory catalogue; only the rows in view are in the DOM, so 100,000 files
//! scroll as smoothly as 100.

use chrono::Utc;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use super::badges::{GradeMark, SecretMark, StatusMark};
use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::model::{CreditGrade, Customer, Importance, SecretLevel, Status};
use crate::core::customer::query::{self, Group, Query, Sort};
use crate::core::i18n::{Msg, labels};
use crate::core::interchange;
use crate::core::lending::CopyKind;
use crate::platform::files::download;
use crate::ui::app::use_db;
use crate::ui::data::{Matches, use_files};
use crate::ui::i18n::{store_error_text, use_i18n};
use crate::ui::pages::exports::{Format, save_table};
use crate::ui::pages::{EmptyState, PageTitle};
use crate::ui::read_ahead::use_read_ahead;

/// Height of one row in pixels; `style/main.css` gives `.vrow` the same.
const ROW_HEIGHT: f64 = 56.0;
/// Rows rendered above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 6;

/// One line of the list: a group heading or a file.
#[derive(Clone, Debug, PartialEq)]
enum Row {
    Heading(String, usize),
    File(usize),
}

/// The list page.
#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let q = files.query;

    // A keystroke only filters the sorted catalogue (see `Files::prepared`), and typing
    // forward (or coming back to the list) only re-checks the previous matches.
    // Remembered matches hold indexes in one order of the catalogue: they are used only
    // within its generation, and after an edit only the files it changed are checked.
    let (prepared, generation, last) = (files.prepared, files.generation, files.matches);
    let groups = Memo::new(move |_| {
        let query = q.get();
        let now = Utc::now();
        let (groups, version) = files.catalogue.with(|all| {
            prepared.with(|prepared| {
                let (current, version) = (generation.get_value(), all.version());
                last.update_value(|kept| {
                    let stale = kept.as_mut().filter(|m| m.generation == current);
                    let Some(m) = stale.filter(|m| m.version != version) else {
                        return;
                    };
                    match all.changed_since(m.version) {
                        Some(changed) => {
                            m.rows =
                                query::patch_rows(all, prepared, &m.query, now, &m.rows, changed);
                            m.version = version;
                        }
                        None => *kept = None,
                    }
                });
                let groups = last.with_value(|kept| {
                    let kept = kept
                        .as_ref()
                        .filter(|m| m.generation == current && m.version == version);
                    // Back on the list with the same query: the same rows.
                    if let Some(m) = kept.filter(|m| m.query == query) {
                        return vec![query::ResultGroup {
                            key: String::new(),
                            rows: m.rows.clone(),
                        }];
                    }
                    let within = kept
                        .filter(|m| query::narrows(&m.query, &query))
                        .map(|m| m.rows.as_slice());
                    query::run_prepared(all, prepared, &query, now, within)
                });
                (groups, version)
            })
        });
        let flat = (query.group == Group::None).then(|| groups[0].rows.clone());
        last.set_value(flat.map(|rows| Matches {
            generation: generation.get_value(),
            version,
            query,
            rows,
        }));
        groups
    });
    let rows = Memo::new(move |_| {
        let mut rows = Vec::new();
        for g in groups.read().iter() {
            if q.with(|q| q.group != Group::None) {
                rows.push(Row::Heading(g.key.clone(), g.rows.len()));
            }
            rows.extend(g.rows.iter().map(|&i| Row::File(i)));
        }
        rows
    });
    let count = move || groups.with(|g| g.iter().map(|g| g.rows.len()).sum::<usize>());
    let any = move || count() > 0;

    view! {
        <div class="page-head">
            <PageTitle msg=Msg::CustomersTitle />
            <div class="actions">
                <A href="/customers/import" attr:class="button" attr:data-testid="import-link">
                    {i18n.t(Msg::ImportLink)}
                </A>
                <A href="/customers/new" attr:class="button primary" attr:data-testid="new-customer">
                    {i18n.t(Msg::NewCustomer)}
                </A>
            </div>
        </div>
        {move || match files.loaded.get() {
            None => view! { <p class="muted">{i18n.t(Msg::LoadingFiles)}</p> }.into_any(),
            Some(Err(_)) => ().into_any(),
            Some(Ok(())) if files.catalogue.with(|c| c.is_empty()) => {
                view! { <EmptyState message=Msg::CustomersEmpty hint=Msg::CustomersEmptyHint /> }.into_any()
            }
            Some(Ok(())) => {
                view! {
                    <Toolbar />
                    <div class="list-foot">
                        <p class="muted" data-testid="result-count">
                            {move || i18n.format(Msg::ResultCount, &[("count", &count().to_string())])}
                        </p>
                        <ListExport groups />
                    </div>
                    <Show when=any fallback=move || view! { <p class="empty-hint">{i18n.t(Msg::NoMatches)}</p> }>
                        <VirtualList rows=rows />
                    </Show>
                }
                    .into_any()
            }
        }}
    }
}

/// Search box, filters, sorting and grouping.
#[component]
fn Toolbar() -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let q = files.query;
    let (regions, industries) = (files.regions, files.industries);

    view! {
        <div class="toolbar" role="search">
            <input
                type="search"
                class="search"
                data-testid="customer-search"
                aria-label=i18n.t(Msg::SearchLabel)
                placeholder=i18n.t(Msg::SearchPlaceholder)
                prop:value=move || q.with(|q| q.text.clone())
                on:input=move |ev| q.update(|q| q.text = event_target_value(&ev))
            />
            <ChoiceFilter
                label=Msg::StatusLabel
                all=Msg::FilterStatusOpen
                options=vec![(Status::Active, Msg::StatusActive), (Status::Dormant, Msg::StatusDormant), (Status::Closed, Msg::StatusClosed)]
                get=|q| q.status
                set=|q, v| q.status = v
            />
            <ChoiceFilter
                label=Msg::GradeLabel
                all=Msg::FilterAll
                options=[CreditGrade::A, CreditGrade::B, CreditGrade::C].map(|g| (g, grade_msg(g))).to_vec()
                get=|q| q.grade
                set=|q, v| q.grade = v
            />
            <ChoiceFilter
                label=Msg::ImportanceLabel
                all=Msg::FilterAll
                options=[Importance::Important, Importance::Ordinary, Importance::Unimportant]
                    .map(|x| (x, labels::importance(x)))
                    .to_vec()
                get=|q| q.importance
                set=|q, v| q.importance = v
            />
            <ChoiceFilter
                label=Msg::SecretLabel
                all=Msg::FilterAll
                options=[SecretLevel::None, SecretLevel::Secret, SecretLevel::Confidential, SecretLevel::TopSecret]
                    .map(|x| (x, labels::secret(x)))
                    .to_vec()
                get=|q| q.secret
                set=|q, v| q.secret = v
            />
            <TextFilter label=Msg::FilterRegion values=regions get=|q| q.region.clone() set=|q, v| q.region = v />
            <TextFilter label=Msg::FilterIndustry values=industries get=|q| q.industry.clone() set=|q, v| q.industry = v />
            <ChoiceFilter
                label=Msg::SortLabel
                all=Msg::SortName
                options=vec![(Sort::ArchiveNo, Msg::SortArchiveNo), (Sort::RecentlyUpdated, Msg::SortRecent), (Sort::Grade, Msg::SortGrade)]
                get=|q| Some(q.sort).filter(|s| *s != Sort::Name)
                set=|q, v| q.sort = v.unwrap_or_default()
            />
            <ChoiceFilter
                label=Msg::GroupLabel
                all=Msg::GroupNone
                options=vec![(Group::Region, Msg::FilterRegion), (Group::Industry, Msg::FilterIndustry), (Group::Grade, Msg::GradeLabel)]
                get=|q| Some(q.group).filter(|g| *g != Group::None)
                set=|q, v| q.group = v.unwrap_or_default()
            />
            <button type="button" on:click=move |_| q.set(Query::default())>{i18n.t(Msg::ClearFilters)}</button>
        </div>
    }
}

fn grade_msg(g: CreditGrade) -> Msg {
    match g {
        CreditGrade::A => Msg::GradeA,
        CreditGrade::B => Msg::GradeB,
        CreditGrade::C => Msg::GradeC,
    }
}

/// A filter over an enumeration; the first option (`all`) means no filter. Only this
/// shell is generic; [`FilterSelect`] is built once.
#[component]
fn ChoiceFilter<T, G, S>(
    label: Msg,
    all: Msg,
    options: Vec<(T, Msg)>,
    get: G,
    set: S,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
    G: Fn(&Query) -> Option<T> + Copy + Send + Sync + 'static,
    S: Fn(&mut Query, Option<T>) + Copy + Send + Sync + 'static,
{
    let q = use_files().query;
    let names: Vec<Msg> = options.iter().map(|(_, m)| *m).collect();
    let values = StoredValue::new(options.into_iter().map(|(v, _)| v).collect::<Vec<T>>());
    let selected = Signal::derive(move || {
        q.with(get)
            .and_then(|c| values.with_value(|v| v.iter().position(|x| *x == c)))
    });
    let on_change = Callback::new(move |i: Option<usize>| {
        let value = i.and_then(|i| values.with_value(|v| v.get(i).copied()));
        q.update(|q| set(q, value));
    });
    view! { <FilterSelect label all names selected on_change /> }
}

#[component]
fn FilterSelect(
    label: Msg,
    all: Msg,
    names: Vec<Msg>,
    selected: Signal<Option<usize>>,
    on_change: Callback<Option<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="filter">
            <span>{i18n.t(label)}</span>
            <select
                prop:value=move || selected.get().map_or(String::new(), |i| i.to_string())
                on:change=move |ev| on_change.run(event_target_value(&ev).parse::<usize>().ok())
            >
                <option value="">{i18n.t(all)}</option>
                {names
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| view! { <option value=i.to_string()>{i18n.t(m)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A filter over the values the catalogue actually has (regions, industries).
#[component]
fn TextFilter<G, S>(label: Msg, values: Memo<Vec<String>>, get: G, set: S) -> impl IntoView
where
    G: Fn(&Query) -> Option<String> + Copy + Send + Sync + 'static,
    S: Fn(&mut Query, Option<String>) + Copy + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let q = use_files().query;
    view! {
        <label class="filter">
            <span>{i18n.t(label)}</span>
            <select
                prop:value=move || q.with(get).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    q.update(|q| set(q, Some(v).filter(|v| !v.is_empty())));
                }
            >
                <option value="">{i18n.t(Msg::FilterAll)}</option>
                {move || {
                    values.get().into_iter().map(|v| view! { <option value=v.clone()>{v.clone()}</option> }).collect_view()
                }}
            </select>
        </label>
    }
}

/// Renders only the rows in view, positioned inside a spacer as tall as the whole list.
#[component]
fn VirtualList(rows: Memo<Vec<Row>>) -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let viewport = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    // One listener for all rows: a press or click on a row starts reading its file.
    let read_ahead = use_read_ahead();
    let read_row = move |ev: &web_sys::Event| {
        let href = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[data-testid=customer-row]").ok().flatten())
            .and_then(|row| row.get_attribute("href"));
        if let Some(id) = href.as_deref().and_then(|h| h.strip_prefix("/customers/")) {
            read_ahead.start(id);
        }
    };
    // The list is never taller than the window, so the window's height bounds the rows
    // in view however the list's own height changes with the number of results.
    let window_height = || {
        window()
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(1080.0)
    };
    let height = RwSignal::new(window_height());
    let _ = window_event_listener(leptos::ev::resize, move |_| height.set(window_height()));
    let visible = move || {
        let total = rows.with(Vec::len);
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (height.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        first..(first + count).min(total)
    };
    let now = Utc::now();
    view! {
        <div
            class="vlist"
            node_ref=viewport
            data-testid="customer-list"
            on:scroll=move |_| {
                if let Some(el) = viewport.get_untracked() {
                    scroll_top.set(f64::from(el.scroll_top()));
                }
            }
            on:pointerdown=move |ev| {
                if ev.button() == 0 && !ev.ctrl_key() && !ev.meta_key() && !ev.shift_key() {
                    read_row(&ev);
                }
            }
            on:click=move |ev| read_row(&ev)
            // A file's pages are compiled as the pointer or focus comes to the list, not
            // on the click.
            on:pointerover=|_| crate::ui::lazy::preload_file_pages()
            on:focusin=|_| crate::ui::lazy::preload_file_pages()
        >
            <div class="vlist-space" style:height=move || format!("{}px", rows.with(Vec::len) as f64 * ROW_HEIGHT)>
                {move || {
                    let range = visible();
                    rows.with(|rows| {
                        files.catalogue.with(|all| {
                            range
                                .map(|i| {
                                    let top = format!("translateY({}px)", i as f64 * ROW_HEIGHT);
                                    match &rows[i] {
                                        Row::Heading(key, n) => {
                                            let title = if key.is_empty() { i18n.t(Msg::GroupNotRecorded)().to_owned() } else { key.clone() };
                                            view! {
                                                <div class="vrow group" style:transform=top>
                                                    {title} <span class="muted">{format!(" · {n}")}</span>
                                                </div>
                                            }
                                                .into_any()
                                        }
                                        Row::File(idx) => file_row(&all[*idx], top, now).into_any(),
                                    }
                                })
                                .collect_view()
                        })
                    })
                }}
            </div>
        </div>
    }
}

fn file_row(e: &CatalogueEntry, top: String, now: chrono::DateTime<Utc>) -> impl IntoView + use<> {
    let href = format!("/customers/{}", e.id);
    let contact = [e.contact.as_str(), e.phone.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    // A sealed file while locked: only its number and marks are known.
    let locked = e.sealed.then(|| use_i18n().t(Msg::VaultSealedRow));
    let name = e.name.clone();
    view! {
        <a class="vrow file" href=href style:transform=top data-testid="customer-row">
            <span class="row-main">
                <span class="row-name" class:sealed=e.sealed>{move || locked.map_or_else(|| name.clone(), |t| t().to_owned())}</span>
                <span class="row-no">{e.archive_no.clone()}</span>
            </span>
            <span class="row-sub">
                {[e.region.clone(), e.industry.clone(), contact]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| view! { <span>{s}</span> })
                    .collect_view()}
            </span>
            <span class="row-marks">
                {e.emergency.then(|| view! {
                    <span class="mark emergency" data-testid="emergency-mark">{use_i18n().t(Msg::EmergencyMark)}</span>
                })}
                <SecretMark level=e.secret />
                <StatusMark status=e.status />
                <GradeMark grade=e.grade(now) />
            </span>
        </a>
    }
}

/// Exports the files the list shows, in its order: as a CSV or Excel table, or their
/// contacts as vCard. Confidential files stay out: a spreadsheet is not encrypted.
#[component]
fn ListExport(groups: Memo<Vec<query::ResultGroup>>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let message = RwSignal::new(None::<String>);
    let sheets = crate::ui::progress::use_sheet_work();
    // Every export is a copy of files, recorded with who and why (seed 004).
    let why = RwSignal::new(String::new());
    // None: contacts as vCard.
    let export = move |format: Option<Format>| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let reason = why.get_untracked().trim().to_owned();
        if reason.is_empty() {
            message.set(Some(i18n.t(Msg::CopyWhyNeeded)().to_owned()));
            return;
        }
        let by = files
            .profile
            .get_untracked()
            .map(|p| p.signature())
            .unwrap_or_default();
        let (ids, sealed) = files.catalogue.with_untracked(|all| {
            let shown: Vec<&CatalogueEntry> = groups.with_untracked(|g| {
                g.iter()
                    .flat_map(|g| g.rows.iter().map(|&i| &all[i]))
                    .collect()
            });
            let sealed = shown.iter().filter(|e| e.secret.is_sealed()).count();
            let ids: Vec<String> = shown
                .iter()
                .filter(|e| !e.secret.is_sealed())
                .map(|e| e.id.clone())
                .collect();
            (ids, sealed)
        });
        spawn_local(async move {
            let all = match db.all_customers().await {
                Ok(all) => all,
                Err(e) => {
                    message.set(Some(store_error_text(i18n, &e)));
                    return;
                }
            };
            let mut by_id: std::collections::HashMap<String, Customer> =
                all.into_iter().map(|c| (c.id.clone(), c)).collect();
            let chosen: Vec<Customer> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
            if chosen.is_empty() {
                message.set(Some(i18n.t(Msg::ExportNothing)().to_owned()));
                return;
            }
            let day = chrono::Local::now().format("%Y-%m-%d");
            let result = match format {
                None => download(
                    &format!("contacts-{day}.vcf"),
                    interchange::vcard::contacts(&chosen).as_bytes(),
                    "text/vcard;charset=utf-8",
                )
                .map_err(|_| i18n.t(Msg::ExportNothing)().to_owned()),
                Some(format) => {
                    if format != Format::Csv {
                        message.set(Some(i18n.t(Msg::ExportPreparing)().to_owned()));
                    }
                    let t = |m: Msg| i18n.t(m)().to_owned();
                    let table = interchange::customers(&chosen, &t);
                    save_table(i18n, sheets, "customers", table, format).await
                }
            };
            if result.is_ok() {
                let kind = match format {
                    None => CopyKind::VCard,
                    Some(_) => CopyKind::Spreadsheet,
                };
                let numbers: Vec<String> = chosen.iter().map(|c| c.archive_no.clone()).collect();
                let id = crate::platform::ids::new_id();
                if let Err(e) = db
                    .record_copy(kind, &numbers, &by, &reason, id, chrono::Utc::now())
                    .await
                {
                    message.set(Some(
                        i18n.format(Msg::CopyNotRecorded, &[("why", &format!("{e}"))]),
                    ));
                    return;
                }
            }
            message.set(match result {
                Ok(()) if sealed > 0 => {
                    Some(i18n.format(Msg::ExportLeftOut, &[("n", &sealed.to_string())]))
                }
                Ok(()) => None,
                Err(text) => Some(text),
            });
        });
    };
    view! {
        <span class="actions no-print">
            <input type="text" class="copy-why" data-testid="export-why" maxlength="200"
                aria-label=i18n.t(Msg::CopyWhy) placeholder=i18n.t(Msg::CopyWhy)
                prop:value=move || why.get() on:input=move |ev| why.set(event_target_value(&ev)) />
            <button type="button" class="chip" data-testid="export-list" on:click=move |_| export(Some(Format::Csv))>
                {i18n.t(Msg::ExportList)}
            </button>
            <button type="button" class="chip" data-testid="export-list-xlsx"
                on:click=move |_| export(Some(Format::Xlsx { sheet: Msg::SheetCustomers }))>
                {i18n.t(Msg::ExportListXlsx)}
            </button>
            <button type="button" class="chip" data-testid="export-contacts" on:click=move |_| export(None)>
                {i18n.t(Msg::ExportContacts)}
            </button>
        </span>
        {move || message.get().map(|m| view! { <p class="muted" role="status" data-testid="export-message">{m}</p> })}
    }
}
