//! Reviews and reminders (复查): what the customer-file rules ask for this month and what
//! is overdue, across every open file (`core::customer::review`).

use chrono::{DateTime, Local, NaiveDate, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::customers::{destruction_line, record_review};
use super::visits::LockedItemsHint;
use super::{EmptyState, PageTitle};
use crate::core::customer::review::{DueItem, DueList, Duty, FileFacts, due, last_visits};
use crate::core::i18n::Msg;
use crate::core::store::VisitStore;
use crate::core::visit::model::VisitStatus;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::use_i18n;
use crate::ui::vault::use_vault;

/// How many items each section shows before "and N more".
const SHOWN: usize = 200;

fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}

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
    let list = Memo::new(move |_| {
        let last = visits.get().flatten()?;
        let now = Utc::now();
        let today = local_date(now);
        let facts: Vec<FileFacts> = files.catalogue.with(|all| {
            all.iter()
                .filter(|e| !e.sealed)
                .map(|e| FileFacts::of(e, last.get(&e.id).copied(), now, local_date))
                .collect()
        });
        Some(due(&facts, today))
    });
    view! {
        <PageTitle msg=Msg::ReviewsTitle />
        <p class="muted">{i18n.t(Msg::ReviewsHint)}</p>
        <LockedItemsHint />
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
        all.iter()
            .find(|e| e.id == item.customer_id)
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
