//! Visit-call records: the list (drafts first) and one visit, a form while it is a draft
//! (`form.rs`) and a read-only record once submitted.

mod agenda;
mod form;
pub mod survey;

use chrono::{DateTime, Local, NaiveDateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use self::agenda::{AgendaView, VisitableNow};
use super::customers::BeforeVisit;
use super::{EmptyState, PageTitle};
use crate::core::complaint::ComplaintStatus;
use crate::core::i18n::Msg;
use crate::core::people::Actor;
use crate::core::store::{ComplaintStore, CustomerStore, StoreError, VisitStore};
use crate::core::visit::agenda::agenda;
use crate::core::visit::model::{Amendment, Visit, VisitMethod, VisitStatus};
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::{store_error_text, use_i18n};
use crate::ui::pages::complaints::ComplaintList;
use crate::ui::vault::{FileGate, LockedPanel, VaultState, use_vault};

/// Drafts still being filled, then submitted visits, newest first.
#[component]
pub fn VisitsPage() -> impl IntoView {
    let db = use_db();
    let files = use_files();
    let acting = crate::ui::acting::use_acting();
    let vault = use_vault();
    let loaded = LocalResource::new(move || {
        // Confidential files' visits join the lists once unlocked.
        vault.unlocked();
        async move {
            let db = db.ready()?;
            let drafts = db.visits_with(VisitStatus::Draft).await.unwrap_or_default();
            let submitted = db
                .visits_with(VisitStatus::Submitted)
                .await
                .unwrap_or_default();
            let complaints = db.complaints().await.unwrap_or_default();
            // The monthly reports (sealed: read once unlocked).
            let reports = db.monthly_reports().await.ok();
            let since = db.created_at(Utc::now()).await.ok();
            Some((drafts, submitted, complaints, reports, since))
        }
    });
    let i18n = use_i18n();
    let changed = Callback::new(move |()| loaded.refetch());
    view! {
        <PageTitle msg=Msg::VisitsTitle />
        <p class="no-print">
            <A href="/survey/print" attr:data-testid="print-blank-survey">{i18n.t(Msg::SurveyPrintBlank)}</A>
        </p>
        <LockedItemsHint />
        {move || loaded.get().flatten().map(|(drafts, submitted, complaints, reports, since)| {
            // The agenda comes first even without visits: complaints can be due too.
            let today = Local::now().date_naive();
            let no_visits = drafts.is_empty() && submitted.is_empty();
            let is_office = !matches!(acting.actor.get(), Actor::Rep | Actor::Alone);
            let with_occasions = |mut a: crate::core::visit::agenda::Agenda| {
                a.occasions = files
                    .catalogue
                    .with(|all| crate::core::visit::agenda::occasions(all, today));
                use crate::core::monthly;
                // Read only when unlocked: a report not read is not one owed. A rep's own
                // come up once late (the monthly page lists those due soon).
                let Some(reports) = reports.as_ref() else { return a };
                let owed: Vec<monthly::Owed> = match since {
                    Some(since) if !is_office => monthly::owed(reports, monthly::first_month(since), today)
                        .into_iter()
                        .filter(|o| o.late)
                        .collect(),
                    _ => Vec::new(),
                };
                let waiting = if is_office { monthly::waiting_review(reports, today) } else { Vec::new() };
                for item in crate::core::visit::agenda::monthly_items(&owed, &waiting) {
                    a.place(item, today);
                }
                a
            };
            view! {
                <crate::ui::pages::registers::OverdueLoans />
                <AgendaView agenda=with_occasions(agenda(&submitted, &complaints, today, crate::platform::prefs::complaint_decide_days())) changed />
                <VisitableNow />
                {no_visits.then(|| view! { <EmptyState message=Msg::VisitsEmpty /> })}
                {(!drafts.is_empty()).then(|| view! {
                    <section class="card">
                        <h2>{i18n.t(Msg::VisitsInProgress)}</h2>
                        <VisitList visits=drafts testid="visit-drafts" />
                    </section>
                })}
                {(!submitted.is_empty()).then(|| view! {
                    <section class="card">
                        <h2>{i18n.t(Msg::VisitsSubmitted)}</h2>
                        <super::exports::ExportVisits visits=submitted.clone() />
                        <VisitList visits=submitted testid="visits-submitted" />
                    </section>
                })}
            }
            .into_any()
        })}
    }
}

/// Visits as links: when, who, how, and the first words of the summary.
#[component]
pub fn VisitList(visits: Vec<Visit>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    view! {
        <ul class="visit-list" data-testid=testid>
            {visits.into_iter().map(|v| {
                let customer = files.catalogue.with_untracked(|all| {
                    all.get(&v.customer_id).map(|e| e.name.clone()).unwrap_or_default()
                });
                let excerpt: String = v.summary.chars().take(60).collect();
                let draft = v.status == VisitStatus::Draft;
                view! {
                    <li>
                        <a href=format!("/visits/{}", v.id) data-testid="visit-link">
                            <span class="row-no">{when(v.at)}</span> " "
                            <strong>{customer}</strong> " "
                            <span class="mark">{i18n.t(method_msg(v.method))}</span>
                            {draft.then(|| view! { " " <span class="mark grade" data-grade="C">{i18n.t(Msg::VisitDraftMark)}</span> })}
                            <span class="muted">" " {excerpt}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// One visit by its `:id`: the form while a draft, the record once submitted.
#[component]
pub fn VisitPage() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let params = use_params_map();
    let vault = use_vault();
    let loaded = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        vault.unlocked();
        async move {
            let db = db.ready()?;
            Some(match db.visit(&id).await {
                Ok(Some(v)) => {
                    let customer = db.customer(&v.customer_id).await.ok().flatten();
                    let open: Vec<_> = db
                        .complaints()
                        .await
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|c| {
                            c.customer_id == v.customer_id && c.status == ComplaintStatus::Open
                        })
                        .collect();
                    Ok(Some((v, customer, open)))
                }
                Ok(None) => Ok(None),
                Err(e) => Err(e),
            })
        }
    });
    move || match loaded.get().flatten() {
        None => ().into_any(),
        Some(Err(StoreError::Locked)) => view! {
            <h1 data-testid="page-title">{i18n.t(Msg::VaultSealedRow)}</h1>
            <LockedPanel />
        }
        .into_any(),
        Some(Err(e)) => {
            view! { <p class="notice notice-error">{store_error_text(i18n, &e)}</p> }.into_any()
        }
        Some(Ok(None)) => {
            view! { <p data-testid="page-title">{i18n.t(Msg::VisitNotFound)}</p> }.into_any()
        }
        Some(Ok(Some((visit, customer, open_complaints)))) => {
            let customer_id = visit.customer_id.clone();
            let page = StoredValue::new((visit, customer, open_complaints));
            view! {
                <FileGate customer_id=customer_id>
                {move || {
                let (visit, customer, open_complaints) = page.get_value();
                let name = customer.as_ref().map(|c| c.basic.name.clone()).unwrap_or_default();
                let customer_link = format!("/customers/{}", visit.customer_id);
                view! {
                <div class="page-head">
                    <h1 data-testid="page-title">{move || i18n.format(Msg::VisitTitle, &[("customer", &name)])}</h1>
                    <A href=customer_link>{i18n.t(Msg::BackToList)}</A>
                </div>
                <div class="visit-layout">
                    <div>
                        {if visit.status == VisitStatus::Draft {
                            view! { <form::VisitForm visit=visit /> }.into_any()
                        } else {
                            let (id, amendments) = (visit.id.clone(), visit.amendments.clone());
                            view! {
                                <VisitRecord visit=visit />
                                <Amendments visit_id=id initial=amendments />
                            }
                            .into_any()
                        }}
                    </div>
                    <aside>
                        {customer.map(|c| view! { <BeforeVisit customer=c /> })}
                        {(!open_complaints.is_empty()).then(|| view! {
                            <section class="card">
                                <h2>{i18n.t(Msg::OpenComplaints)}</h2>
                                <ComplaintList complaints=open_complaints testid="open-complaints" />
                            </section>
                        })}
                    </aside>
                </div>
                } }}
                </FileGate>
            }
            .into_any()
        }
    }
}

/// Corrections to a submitted visit, and the way to add one.
#[component]
fn Amendments(visit_id: String, initial: Vec<Amendment>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let list = RwSignal::new(initial);
    let text = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<StoreError>);
    let visit_id = StoredValue::new(visit_id);
    let add = move |_| {
        let body = text.get_untracked().trim().to_owned();
        if body.is_empty() {
            return;
        }
        let amendment = Amendment {
            at: Utc::now(),
            by: files
                .profile
                .get_untracked()
                .map(|p| p.name)
                .unwrap_or_default(),
            text: body,
        };
        spawn_local(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            match db.amend_visit(&visit_id.get_value(), amendment).await {
                Ok(stored) => {
                    list.set(stored.amendments);
                    text.set(String::new());
                    failure.set(None);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card" data-testid="amendments">
            <h2>{i18n.t(Msg::Amendments)}</h2>
            <p class="muted">{i18n.t(Msg::AmendmentNote)}</p>
            <ol class="history">
                {move || list.get().into_iter().map(|a| {
                    let (by, time) = (a.by.clone(), stamp(a.at));
                    view! {
                        <li data-testid="amendment">
                            <p class="muted">{move || i18n.format(Msg::AmendmentBy, &[("by", &by), ("time", &time)])}</p>
                            <p>{a.text.clone()}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <label class="field-body">
                <span class="field-label">{i18n.t(Msg::AmendmentText)}</span>
                <textarea rows="2" data-testid="amendment-text" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <div class="actions">
                <button type="button" data-testid="add-amendment" on:click=add>{i18n.t(Msg::AddAmendment)}</button>
            </div>
            {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{store_error_text(i18n, &e)}</p> })}
        </section>
    }
}

/// A submitted visit, read-only.
#[component]
fn VisitRecord(visit: Visit) -> impl IntoView {
    let i18n = use_i18n();
    let v = visit;
    let submitted = v.submitted_at.map(stamp).unwrap_or_default();
    let by = v.by.clone();
    let rows: Vec<(Msg, String)> = vec![
        (Msg::VisitAt, when(v.at)),
        (
            Msg::VisitMethodLabel,
            i18n.t(method_msg(v.method))().to_owned(),
        ),
        (Msg::VisitParticipants, v.participants.clone()),
        (Msg::VisitColleagues, v.colleagues.clone()),
        (Msg::VisitPurpose, v.purpose.clone()),
        (Msg::VisitSummary, v.summary.clone()),
        (Msg::VisitNeeds, v.needs_feedback.clone()),
        (Msg::VisitCompetitors, v.competitors.clone()),
        (Msg::VisitOpportunity, v.opportunity.clone()),
        (
            Msg::VisitAmount,
            if v.amount.trim().is_empty() {
                String::new()
            } else {
                format!("{} {}", v.amount, v.currency)
            },
        ),
        (
            Msg::VisitSatisfaction,
            v.satisfaction
                .map(|n| i18n.t(satisfaction_msg(n))().to_owned())
                .unwrap_or_default(),
        ),
        (
            Msg::NextVisit,
            v.next_visit.map(|d| d.to_string()).unwrap_or_default(),
        ),
    ];
    let level = |l: u8| {
        crate::core::visit::survey::LEVELS
            .iter()
            .find(|(x, _)| *x == l)
            .map(|(_, m)| i18n.t(*m)().to_owned())
            .unwrap_or_default()
    };
    let survey: Vec<(Msg, String)> = crate::core::visit::survey::items()
        .filter_map(|(item, msg)| v.survey.get(&item).map(|l| (msg, level(*l))))
        .collect();
    let survey_print = format!("/survey/print?visit={}", v.id);
    view! {
        <section class="card" data-testid="visit-record">
            <p class="muted">{move || i18n.format(Msg::VisitSubmittedBy, &[("by", &by), ("time", &submitted)])}</p>
            <dl class="deflist">
                {rows.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(m, v)| view! { <dt>{i18n.t(m)}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
            {(!survey.is_empty()).then(|| view! {
                <h2>{i18n.t(Msg::SurveyTitle)}</h2>
                <dl class="deflist" data-testid="visit-survey-record">
                    {survey.into_iter().map(|(m, v)| view! { <dt>{i18n.t(m)}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
                <p class="no-print">
                    <A href=survey_print attr:data-testid="print-survey">{i18n.t(Msg::SurveyPrintFilled)}</A>
                </p>
            })}
            {(!v.follow_ups.is_empty()).then(|| view! {
                <h2>{i18n.t(Msg::FollowUps)}</h2>
                <ul>
                    {v.follow_ups.iter().map(|f| {
                        let due = f.due.map(|d| d.to_string()).unwrap_or_default();
                        let line = [f.action.as_str(), f.owner.as_str(), due.as_str()]
                            .into_iter()
                            .filter(|s| !s.is_empty())
                            .collect::<Vec<_>>()
                            .join(" · ");
                        view! { <li>{line}</li> }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

pub fn method_msg(m: VisitMethod) -> Msg {
    match m {
        VisitMethod::PersonalVisit => Msg::MethodPersonal,
        VisitMethod::Phone => Msg::MethodPhone,
        VisitMethod::Mail => Msg::MethodMail,
        VisitMethod::OnSiteObservation => Msg::MethodObservation,
        VisitMethod::FocusGroup => Msg::MethodFocusGroup,
    }
}

pub fn satisfaction_msg(n: u8) -> Msg {
    match n {
        1 => Msg::Satisfaction1,
        2 => Msg::Satisfaction2,
        3 => Msg::Satisfaction3,
        4 => Msg::Satisfaction4,
        _ => Msg::Satisfaction5,
    }
}

fn when(at: Option<NaiveDateTime>) -> String {
    at.map(|t| t.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn stamp(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// While locked, lists leave out confidential files' items: say so.
#[component]
pub fn LockedItemsHint() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    view! {
        <Show when=move || vault.state.get() == VaultState::Locked>
            <p class="muted" data-testid="locked-items-hint">
                {i18n.t(Msg::VaultLockedItems)} " " <A href="/unlock">{i18n.t(Msg::VaultUnlockLink)}</A>
            </p>
        </Show>
    }
}
