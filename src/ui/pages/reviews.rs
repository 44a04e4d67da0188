//! Reviews and reminders (复查): what the customer-file rules ask for this month and what
//! is overdue, across every open file (`core::customer::review`).

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::customers::{destruction_line, record_review};
use super::visits::LockedItemsHint;
use super::{EmptyState, PageTitle};
use crate::core::customer::check::{BasicField, CheckReport, check, check_due, period};
use crate::core::customer::review::{DueItem, DueList, Duty, FileFacts, due, last_visits};
use crate::core::i18n::Msg;
use crate::core::store::VisitStore;
use crate::core::visit::model::VisitStatus;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::format::local_date;
use crate::ui::i18n::{store_error_text, use_i18n};
use crate::ui::vault::use_vault;

/// How many items each section shows before "and N more".
const SHOWN: usize = 200;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let db = use_db();
    let vault = use_vault();
    let files = use_files();
    let i18n = use_i18n();
    let visits = LocalResource::new(move || {
        vault.unlocked();
        async move {
            let db = db.ready()?;
            let submitted = db
                .visits_with(VisitStatus::Submitted)
                .await
                .unwrap_or_default();
            Some(last_visits(&submitted))
        }
    });
    // Recomputed when the catalogue changes (a review recorded here updates it).
    let facts = Memo::new(move |_| {
        let last = visits.get().flatten()?;
        let now = Utc::now();
        Some(files.catalogue.with(|all| {
            all.iter()
                .filter(|e| !e.sealed)
                .map(|e| FileFacts::of(e, last.get(&e.id).copied(), now, local_date))
                .collect::<Vec<_>>()
        }))
    });
    let list = Memo::new(move |_| facts.get().map(|f| due(&f, local_date(Utc::now()))));
    view! {
        <PageTitle msg=Msg::ReviewsTitle />
        <p class="muted">{i18n.t(Msg::ReviewsHint)}</p>
        <LockedItemsHint />
        <ArchiveCheck facts />
        {move || list.get().map(|list: DueList| {
            if list.is_empty() {
                return view! { <EmptyState message=Msg::ReviewsEmpty /> }.into_any();
            }
            let sections = [
                (Msg::ReviewsOverdue, list.overdue, "due-overdue"),
                (Msg::ReviewsThisMonth, list.this_month, "due-this-month"),
            ];
            sections
                .into_iter()
                .filter(|(_, items, _)| !items.is_empty())
                .map(|(title, items, testid)| {
                    let total = items.len();
                    let more = (total > SHOWN).then(|| i18n.format(Msg::ReviewsMore, &[("n", &(total - SHOWN).to_string())]));
                    view! {
                        <section class="card">
                            <h2 class:overdue=title == Msg::ReviewsOverdue>{i18n.t(title)} " (" {total} ")"</h2>
                            <ul class="agenda" data-testid=testid>
                                {items.into_iter().take(SHOWN).map(|item| view! { <DueRow item /> }).collect_view()}
                            </ul>
                            {more.map(|m| view! { <p class="muted">{m}</p> })}
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        })}
        <Destructions />
    }
}

/// The register of destroyed files (销毁记录).
#[component]
fn Destructions() -> impl IntoView {
    let db = use_db();
    let i18n = use_i18n();
    let records = LocalResource::new(move || async move {
        let db = db.ready()?;
        db.destructions().await.ok()
    });
    view! {
        <section class="card" data-testid="destructions">
            <h2>{i18n.t(Msg::DestructionsTitle)}</h2>
            <p class="no-print"><a href="/reviews/print/destructions" data-testid="print-destructions">{i18n.t(Msg::PrintRegisterLink)}</a></p>
            {move || records.get().flatten().map(|all| {
                if all.is_empty() {
                    view! { <p class="muted">{i18n.t(Msg::DestructionsEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {all.iter().map(|d| view! { <li data-testid="destruction-record">{destruction_line(i18n, d)}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            })}
        </section>
    }
}

#[component]
fn DueRow(item: DueItem) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let (name, archive_no) = files.catalogue.with_untracked(|all| {
        all.get(&item.customer_id)
            .map(|e| (e.name.clone(), e.archive_no.clone()))
            .unwrap_or_default()
    });
    let duty = match item.duty {
        Duty::Review(g) => i18n.format(Msg::DutyReview, &[("grade", &format!("{g:?}"))]),
        Duty::AnnualVisit => i18n.t(Msg::DutyAnnualVisit)().to_owned(),
        Duty::Stale => i18n.t(Msg::DutyStale)().to_owned(),
        Duty::Regrade => i18n.t(Msg::DutyRegrade)().to_owned(),
    };
    let since = item.since.map(|d| {
        i18n.format(
            Msg::DueSince,
            &[("date", &d.format("%Y-%m-%d").to_string())],
        )
    });
    let id = item.customer_id.clone();
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let action = match item.duty {
        Duty::Review(_) => {
            let id = id.clone();
            let review = move |_| {
                let Some(db) = db.ready_untracked() else {
                    return;
                };
                let id = id.clone();
                busy.set(true);
                spawn_local(async move {
                    // Recorded without a note; the file's page takes one.
                    if let Err(e) = record_review(&db, files, i18n, &id, String::new()).await {
                        problem.set(Some(e));
                    }
                    busy.set(false);
                });
            };
            view! {
                <button type="button" class="chip" data-testid="review-done" disabled=move || busy.get() on:click=review>
                    {i18n.t(Msg::ReviewDone)}
                </button>
            }
            .into_any()
        }
        Duty::AnnualVisit => view! {
            <a class="chip" href=format!("/customers/{id}")>{i18n.t(Msg::RecordVisit)}</a>
        }
        .into_any(),
        Duty::Stale | Duty::Regrade => view! {
            <a class="chip" href=format!("/customers/{id}/edit")>{i18n.t(Msg::EditCustomer)}</a>
        }
        .into_any(),
    };
    view! {
        <li data-testid="due-item">
            {since.map(|s| view! { <span class="row-no">{s}</span> " " })}
            <span class="mark">{duty}</span> " "
            <a href=format!("/customers/{}", item.customer_id)>{name}</a> " "
            <span class="row-no">{archive_no}</span> " "
            {action}
            {move || problem.get().map(|p| view! { <span class="notice-error" role="alert">" " {p}</span> })}
        </li>
    }
}

/// The semiannual archive check: whether it is due, the checklist, and recording it.
#[component]
fn ArchiveCheck(facts: Memo<Option<Vec<FileFacts>>>) -> impl IntoView {
    let db = use_db();
    let i18n = use_i18n();
    let files = use_files();
    let records = LocalResource::new(move || async move {
        let db = db.ready()?;
        db.archive_checks().await.ok()
    });
    let report = RwSignal::new(None::<CheckReport>);
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let run = move |_| {
        let today = local_date(Utc::now());
        let Some(facts) = facts.get_untracked() else {
            return;
        };
        let r = files.catalogue.with_untracked(|all| {
            // `facts` follows the unsealed entries in order.
            let open: Vec<_> = all.iter().filter(|e| !e.sealed).cloned().collect();
            check(&open, &facts, today)
        });
        report.set(Some(r));
    };
    let record = move |_| {
        let Some(r) = report.get_untracked() else {
            return;
        };
        let Some(profile) = files
            .profile
            .get_untracked()
            .filter(|p| !p.name.is_empty() && !p.rep_code.is_empty())
        else {
            problem.set(Some(i18n.t(Msg::NeedProfile)().to_owned()));
            return;
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let now = Utc::now();
        let by = profile.signature();
        let rec = r.record(&by, &note.get_untracked(), now, local_date(now));
        spawn_local(async move {
            match db.record_archive_check(&rec).await {
                Ok(()) => {
                    report.set(None);
                    note.set(String::new());
                    records.refetch();
                }
                Err(e) => problem.set(Some(store_error_text(i18n, &e))),
            }
        });
    };
    let name_of = move |id: &str| {
        files.catalogue.with_untracked(|all| {
            all.get(id)
                .map(|e| (e.name.clone(), e.archive_no.clone()))
                .unwrap_or_default()
        })
    };
    let link = move |id: String, extra: String| {
        let (name, no) = name_of(&id);
        view! {
            <li>
                <a href=format!("/customers/{id}")>{name}</a> " "
                <span class="row-no">{no}</span>
                {(!extra.is_empty()).then(|| view! { " " <span class="muted">{extra}</span> })}
            </li>
        }
    };
    let field_name = move |f: BasicField| {
        i18n.t(match f {
            BasicField::Phone => Msg::FieldPhone,
            BasicField::Region => Msg::FilterRegion,
            BasicField::Industry => Msg::FieldIndustry,
            BasicField::Contact => Msg::SectionContacts,
        })()
    };
    let list = move |title: Msg, testid: &'static str, items: Vec<(String, String)>| {
        let n = items.len();
        view! {
            <h3>{i18n.format(title, &[("n", &n.to_string())])}</h3>
            <ul class="agenda" data-testid=testid>
                {items.into_iter().take(SHOWN).map(|(id, extra)| link(id, extra)).collect_view()}
            </ul>
        }
    };
    view! {
        <section class="card" data-testid="archive-check">
            <h2>{i18n.t(Msg::CheckTitle)}</h2>
            <p class="no-print"><a href="/reviews/print/checks" data-testid="print-checks">{i18n.t(Msg::PrintRegisterLink)}</a></p>
            {move || records.get().flatten().map(|all| {
                let today = local_date(Utc::now());
                let status = if check_due(&all, today) {
                    i18n.format(Msg::CheckDue, &[("period", &period(today))])
                } else {
                    let last = &all[0];
                    i18n.format(Msg::CheckDone, &[
                        ("period", &last.period),
                        ("date", &local_date(last.at).format("%Y-%m-%d").to_string()),
                        ("by", &last.by),
                    ])
                };
                let due = check_due(&all, today);
                let history = all.into_iter().take(5).map(|r| {
                    let line = i18n.format(Msg::CheckHistoryLine, &[
                        ("period", &r.period),
                        ("date", &local_date(r.at).format("%Y-%m-%d").to_string()),
                        ("by", &r.by),
                        ("files", &r.files.to_string()),
                        ("missing", &r.missing_basic.to_string()),
                        ("stale", &r.stale.to_string()),
                        ("overdue", &r.review_overdue.to_string()),
                        ("regrade", &r.regrade.to_string()),
                        ("note", &r.note),
                    ]);
                    view! { <li data-testid="check-record">{line}</li> }
                }).collect_view();
                view! {
                    <p data-testid="check-status" class:overdue=due>{status}</p>
                    <ul class="review-list">{history}</ul>
                }
            })}
            {move || match report.get() {
                None => view! {
                    <button type="button" data-testid="run-check" on:click=run>{i18n.t(Msg::CheckRun)}</button>
                }.into_any(),
                Some(r) => {
                    let nothing = r.missing_basic.is_empty() && r.stale.is_empty() && r.review_overdue.is_empty() && r.regrade.is_empty();
                    let missing: Vec<(String, String)> = r.missing_basic.iter().map(|f| {
                        (f.customer_id.clone(), f.missing.iter().map(|m| field_name(*m)).collect::<Vec<_>>().join("、"))
                    }).collect();
                    let plain = |ids: &[String]| ids.iter().map(|id| (id.clone(), String::new())).collect::<Vec<_>>();
                    view! {
                        <div data-testid="check-report">
                            <p>{i18n.format(Msg::CheckFiles, &[("n", &r.files.to_string())])}</p>
                            {nothing.then(|| view! { <p>{i18n.t(Msg::CheckNothing)}</p> })}
                            {(!missing.is_empty()).then(|| list(Msg::CheckMissing, "check-missing", missing))}
                            {(!r.stale.is_empty()).then(|| list(Msg::CheckStale, "check-stale", plain(&r.stale)))}
                            {(!r.review_overdue.is_empty()).then(|| list(Msg::CheckOverdue, "check-overdue", plain(&r.review_overdue)))}
                            {(!r.regrade.is_empty()).then(|| list(Msg::CheckRegrade, "check-regrade", plain(&r.regrade)))}
                            <div class="inline-form">
                                <label>
                                    {i18n.t(Msg::CheckNote)}
                                    <input type="text" data-testid="check-note" maxlength="500"
                                        prop:value=move || note.get()
                                        on:input=move |ev| note.set(event_target_value(&ev)) />
                                </label>
                                <button type="button" class="primary" data-testid="record-check" on:click=record>{i18n.t(Msg::CheckRecord)}</button>
                            </div>
                        </div>
                    }.into_any()
                }
            }}
            {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
        </section>
    }
}
