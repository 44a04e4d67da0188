//! The complaint register: every complaint, overdue ones marked; and one complaint's
//! form, saved as it is typed, closed once handled.

use chrono::{Local, NaiveDate, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::visits::satisfaction_msg;
use super::{EmptyState, PageTitle};
use crate::core::complaint::{
    self, CHANNELS, Change, Channel, Complaint, ComplaintChange, ComplaintKind, ComplaintStatus,
    Decision, HANDLING_KINDS, HandlingKind, Part, URGENCIES, Urgency,
};
use crate::core::customer::validate::Field;
use crate::core::i18n::Msg;
use crate::core::store::{ComplaintStore, StoreError};
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::form::{FormState, SelectField, TextField};
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::vault::{FileGate, LockedPanel, use_vault};

pub mod print;

pub fn kind_msg(k: ComplaintKind) -> Msg {
    match k {
        ComplaintKind::Product => Msg::KindProduct,
        ComplaintKind::Service => Msg::KindService,
        ComplaintKind::Other => Msg::KindOther,
    }
}

pub fn channel_msg(c: Channel) -> Msg {
    match c {
        Channel::Letter => Msg::ChannelLetter,
        Channel::Fax => Msg::ChannelFax,
        Channel::Phone => Msg::ChannelPhone,
        Channel::Visit => Msg::ChannelVisit,
        Channel::Other => Msg::ChannelOther,
    }
}

pub fn urgency_msg(u: Urgency) -> Msg {
    match u {
        Urgency::VeryUrgent => Msg::UrgencyVeryUrgent,
        Urgency::Urgent => Msg::UrgencyUrgent,
        Urgency::Normal => Msg::UrgencyNormal,
    }
}

pub fn handling_kind_msg(k: HandlingKind) -> Msg {
    match k {
        HandlingKind::Return => Msg::HandlingReturn,
        HandlingKind::Exchange => Msg::HandlingExchange,
        HandlingKind::Discount => Msg::HandlingDiscount,
        HandlingKind::Repair => Msg::HandlingRepair,
    }
}

fn part_msg(p: Part) -> Msg {
    match p {
        Part::Received => Msg::ComplaintReceived,
        Part::Kind => Msg::ComplaintKindLabel,
        Part::Channel => Msg::FormChannel,
        Part::Urgency => Msg::FormUrgency,
        Part::Description => Msg::ComplaintDescription,
        Part::Demand => Msg::ComplaintDemand,
        Part::Purchase => Msg::ComplaintSectionPurchase,
        Part::Department => Msg::ComplaintDepartment,
        Part::Investigation => Msg::ComplaintSectionInvestigation,
        Part::Handling => Msg::ComplaintSectionHandling,
        Part::Result => Msg::ComplaintResult,
        Part::Satisfaction => Msg::VisitSatisfaction,
    }
}

/// One history entry in the reader's language.
fn change_text(i18n: I18n, e: &ComplaintChange) -> String {
    let change = match &e.change {
        Change::Registered => i18n.t(Msg::ChangeRegistered)().to_owned(),
        Change::Accepted { deadline: Some(d) } => {
            i18n.format(Msg::ChangeAccepted, &[("date", &d.to_string())])
        }
        Change::Accepted { deadline: None } => i18n.t(Msg::ChangeAcceptedNoDate)().to_owned(),
        Change::Rejected { reason } => i18n.format(Msg::ChangeRejected, &[("reason", reason)]),
        Change::Undecided => i18n.t(Msg::ChangeUndecided)().to_owned(),
        Change::Edited { parts } => {
            let names: Vec<&str> = parts.iter().map(|p| i18n.t(part_msg(*p))()).collect();
            let sep = if i18n.lang() == crate::core::i18n::Lang::ZhCn {
                "、"
            } else {
                ", "
            };
            i18n.format(Msg::ChangeEdited, &[("parts", &names.join(sep))])
        }
        Change::Closed => i18n.t(Msg::ChangeClosed)().to_owned(),
    };
    let at =
        e.at.with_timezone(&Local)
            .format("%Y-%m-%d %H:%M")
            .to_string();
    i18n.format(
        Msg::ChangeLine,
        &[("at", &at), ("by", &e.by), ("change", &change)],
    )
}

/// The register.
#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let db = use_db();
    let vault = use_vault();
    let loaded = LocalResource::new(move || {
        vault.unlocked();
        async move { db.ready()?.complaints().await.ok() }
    });
    view! {
        <PageTitle msg=Msg::ComplaintsTitle />
        <crate::ui::pages::visits::LockedItemsHint />
        {move || loaded.get().flatten().map(|all| {
            if all.is_empty() {
                view! { <EmptyState message=Msg::ComplaintsEmpty /> }.into_any()
            } else {
                view! {
                    <section class="card">
                        <super::exports::ExportComplaints complaints=all.clone() />
                        <ComplaintList complaints=all testid="complaints" />
                    </section>
                }
                .into_any()
            }
        })}
    }
}

/// Complaints as links: number, date, customer, type, status; overdue ones stand out.
#[component]
pub fn ComplaintList(complaints: Vec<Complaint>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let today = Local::now().date_naive();
    view! {
        <ul class="visit-list" data-testid=testid>
            {complaints.into_iter().map(|c| {
                let customer = files.catalogue.with_untracked(|all| {
                    all.get(&c.customer_id).map(|e| e.name.clone()).unwrap_or_default()
                });
                let overdue = c.is_overdue(today);
                let status = if c.status == ComplaintStatus::Closed { Msg::ComplaintClosed } else { Msg::ComplaintOpen };
                let excerpt: String = c.description.chars().take(60).collect();
                view! {
                    <li class:overdue=overdue>
                        <a href=format!("/complaints/{}", c.id) data-testid="complaint-link">
                            <span class="row-no">{c.acceptance_no.clone()}</span> " "
                            <span class="row-no">{c.received_on.map(|d| d.to_string()).unwrap_or_default()}</span> " "
                            <strong>{customer}</strong> " "
                            <span class="mark">{i18n.t(kind_msg(c.kind))}</span> " "
                            <span class="mark">{i18n.t(status)}</span>
                            {overdue.then(|| view! { " " <span class="mark secret" data-testid="overdue-mark">{i18n.t(Msg::AgendaOverdue)}</span> })}
                            <span class="muted">" " {excerpt}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// One complaint by its `:id`.
#[component]
pub fn ComplaintPage() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let params = use_params_map();
    let vault = use_vault();
    let loaded = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        vault.unlocked();
        async move { Some(db.ready()?.complaint(&id).await) }
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
            view! { <p data-testid="page-title">{i18n.t(Msg::ComplaintNotFound)}</p> }.into_any()
        }
        Some(Ok(Some(c))) => {
            let customer_id = c.customer_id.clone();
            let c = StoredValue::new(c);
            view! {
                <FileGate customer_id=customer_id>
                    {move || view! { <ComplaintForm complaint=c.get_value() /> }}
                </FileGate>
            }
            .into_any()
        }
    }
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

#[component]
fn ComplaintForm(complaint: Complaint) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let number = complaint.acceptance_no.clone();
    let customer_link = format!("/customers/{}", complaint.customer_id);
    let print_base = format!("/complaints/{}/print", complaint.id);
    // The complaint as last saved, which each change is told against for its history.
    let saved = StoredValue::new(complaint.clone());
    let history = RwSignal::new(complaint.history.clone());
    let draft = RwSignal::new(complaint);
    let errors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<StoreError>);
    // Edits written so far and edits made: equal when everything is committed.
    let (made, written) = (RwSignal::new(0u32), RwSignal::new(0u32));
    let on_change = Callback::new(move |()| {
        if !errors.with_untracked(Vec::is_empty) {
            let closing = draft.with_untracked(|c| c.status == ComplaintStatus::Closed);
            errors.set(
                draft.with_untracked(|c| complaint::check(c, Local::now().date_naive(), closing)),
            );
        }
        let now = Utc::now();
        let by = files
            .profile
            .get_untracked()
            .map(|p| p.signature())
            .unwrap_or_default();
        draft.update_untracked(|c| {
            c.updated_at = now;
            saved.with_value(|before| complaint::record_changes(before, c, &by, now));
        });
        let snapshot = draft.get_untracked();
        saved.set_value(snapshot.clone());
        history.set(snapshot.history.clone());
        made.update(|n| *n += 1);
        let this = made.get_untracked();
        spawn_local(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            let result = db.put_complaint(&snapshot).await;
            if result.is_ok() {
                written.update(|n| *n = (*n).max(this));
            }
            failure.set(result.err());
        });
    });
    let form = FormState {
        draft,
        errors,
        on_change,
    };
    provide_context(form);
    let close = move |_| {
        let today = Local::now().date_naive();
        let problems = draft.with_untracked(|c| complaint::check(c, today, true));
        if problems.is_empty() {
            form.edit(|c| {
                c.status = ComplaintStatus::Closed;
                c.closed_on = Some(today);
            });
            errors.set(Vec::new());
        } else {
            errors.set(problems);
        }
    };
    let kinds = [
        ComplaintKind::Product,
        ComplaintKind::Service,
        ComplaintKind::Other,
    ]
    .map(|k| (k, kind_msg(k)))
    .to_vec();
    let decisions = vec![
        (Decision::Pending, Msg::DecisionPending),
        (Decision::Accepted, Msg::DecisionAccepted),
        (Decision::Rejected, Msg::DecisionRejected),
    ];
    let mut channels = vec![(None, Msg::ComplaintNoChannel)];
    channels.extend(CHANNELS.map(|c| (Some(c), channel_msg(c))));
    let urgencies = URGENCIES.map(|u| (u, urgency_msg(u))).to_vec();
    let mut handling_kinds = vec![(None, Msg::ComplaintNoHandlingKind)];
    handling_kinds.extend(HANDLING_KINDS.map(|k| (Some(k), handling_kind_msg(k))));
    let mut scores = vec![(None, Msg::SatisfactionNone)];
    scores.extend((1..=5).map(|n| (Some(n), satisfaction_msg(n))));
    let decision = move || draft.with(|c| c.decision);
    let closed = move || draft.with(|c| c.status == ComplaintStatus::Closed);
    view! {
        <div class="page-head">
            <h1 data-testid="page-title">{move || i18n.format(Msg::ComplaintTitle, &[("no", &number)])}</h1>
            <A href=customer_link>{i18n.t(Msg::BackToList)}</A>
        </div>
        <p class="muted">{i18n.t(Msg::ComplaintNote)}</p>
        <p data-testid="complaint-status">
            <span class="mark">{move || i18n.t(if closed() { Msg::ComplaintClosed } else { Msg::ComplaintOpen })()}</span>
        </p>
        <p class="actions no-print">
            {i18n.t(Msg::FormsToPrint)} " "
            {complaint::forms::FORMS.map(|f| view! {
                <A href=format!("{print_base}/{}", f.slug) attr:class="chip" attr:data-testid=format!("print-{}", f.slug)>
                    {i18n.t(f.title)}
                </A> " "
            }).collect_view()}
        </p>
        {move || failure.get().map(|e| view! { <p class="notice notice-error" role="alert">{store_error_text(i18n, &e)}</p> })}
        <p class="muted" role="status" data-testid="complaint-saved">
            {move || (made.get() > 0 && written.get() == made.get()).then(|| i18n.t(Msg::ChangesSaved)())}
        </p>
        <form class="complaint-form" on:submit=|ev| ev.prevent_default()>
            <fieldset class="card form-section">
                <div class="grid">
                    <TextField label=Msg::ComplaintReceived kind="date" field=Field::ComplaintReceived
                        get=|c: &Complaint| date_text(c.received_on) set=|c: &mut Complaint, s: String| c.received_on = parse_date(&s) />
                    <SelectField label=Msg::ComplaintKindLabel options=kinds get=|c: &Complaint| c.kind set=|c: &mut Complaint, k| c.kind = k />
                    <SelectField label=Msg::FormChannel options=channels get=|c: &Complaint| c.channel set=|c: &mut Complaint, x| c.channel = x />
                    <SelectField label=Msg::FormUrgency options=urgencies get=|c: &Complaint| c.urgency set=|c: &mut Complaint, u| c.urgency = u />
                    <TextField label=Msg::ComplaintDepartment get=|c: &Complaint| c.department.clone() set=|c: &mut Complaint, s| c.department = s />
                    <TextField label=Msg::ComplaintDescription multiline=true field=Field::ComplaintDescription
                        get=|c: &Complaint| c.description.clone() set=|c: &mut Complaint, s| c.description = s />
                    <TextField label=Msg::ComplaintDemand multiline=true get=|c: &Complaint| c.demand.clone() set=|c: &mut Complaint, s| c.demand = s />
                    <SelectField label=Msg::ComplaintDecisionLabel options=decisions get=|c: &Complaint| c.decision set=|c: &mut Complaint, d| c.decision = d />
                    <Show when=move || decision() == Decision::Accepted>
                        <TextField label=Msg::ComplaintDeadline kind="date" field=Field::ComplaintDeadline
                            get=|c: &Complaint| date_text(c.deadline) set=|c: &mut Complaint, s: String| c.deadline = parse_date(&s) />
                    </Show>
                    <Show when=move || decision() == Decision::Rejected>
                        <TextField label=Msg::ComplaintRejection field=Field::ComplaintRejection
                            get=|c: &Complaint| c.rejection_reason.clone() set=|c: &mut Complaint, s| c.rejection_reason = s />
                    </Show>
                </div>
            </fieldset>
            <fieldset class="card form-section">
                <legend>{i18n.t(Msg::ComplaintSectionPurchase)}</legend>
                <div class="grid">
                    <TextField label=Msg::ComplaintProduct get=|c: &Complaint| c.product.clone() set=|c: &mut Complaint, s| c.product = s />
                    <TextField label=Msg::ComplaintQuantity get=|c: &Complaint| c.quantity.clone() set=|c: &mut Complaint, s| c.quantity = s />
                    <TextField label=Msg::ComplaintSpec get=|c: &Complaint| c.spec.clone() set=|c: &mut Complaint, s| c.spec = s />
                    <TextField label=Msg::FormOrderNo get=|c: &Complaint| c.order_no.clone() set=|c: &mut Complaint, s| c.order_no = s />
                    <TextField label=Msg::FormOrderedOn kind="date"
                        get=|c: &Complaint| date_text(c.ordered_on) set=|c: &mut Complaint, s: String| c.ordered_on = parse_date(&s) />
                    <TextField label=Msg::FormProducedOn kind="date"
                        get=|c: &Complaint| date_text(c.produced_on) set=|c: &mut Complaint, s: String| c.produced_on = parse_date(&s) />
                </div>
            </fieldset>
            <fieldset class="card form-section">
                <legend>{i18n.t(Msg::ComplaintSectionInvestigation)}</legend>
                <div class="grid">
                    <TextField label=Msg::ComplaintCause multiline=true get=|c: &Complaint| c.cause.clone() set=|c: &mut Complaint, s| c.cause = s />
                    <TextField label=Msg::ComplaintJudgement multiline=true get=|c: &Complaint| c.judgement.clone() set=|c: &mut Complaint, s| c.judgement = s />
                    <TextField label=Msg::ComplaintMeasures multiline=true get=|c: &Complaint| c.measures.clone() set=|c: &mut Complaint, s| c.measures = s />
                </div>
            </fieldset>
            <fieldset class="card form-section">
                <legend>{i18n.t(Msg::ComplaintSectionHandling)}</legend>
                <div class="grid">
                    <TextField label=Msg::FormHandler get=|c: &Complaint| c.handler.clone() set=|c: &mut Complaint, s| c.handler = s />
                    <TextField label=Msg::ComplaintHandling multiline=true get=|c: &Complaint| c.handling.clone() set=|c: &mut Complaint, s| c.handling = s />
                    <SelectField label=Msg::ComplaintHandlingKind options=handling_kinds get=|c: &Complaint| c.handling_kind set=|c: &mut Complaint, k| c.handling_kind = k />
                    <TextField label=Msg::ComplaintLoss field=Field::ComplaintLoss
                        get=|c: &Complaint| c.loss.clone() set=|c: &mut Complaint, s| c.loss = s />
                    <TextField label=Msg::FormHandledOn kind="date"
                        get=|c: &Complaint| date_text(c.handled_on) set=|c: &mut Complaint, s: String| c.handled_on = parse_date(&s) />
                    <TextField label=Msg::ComplaintResult multiline=true field=Field::ComplaintResult
                        get=|c: &Complaint| c.result.clone() set=|c: &mut Complaint, s| c.result = s />
                    <SelectField label=Msg::VisitSatisfaction options=scores get=|c: &Complaint| c.satisfaction set=|c: &mut Complaint, n| c.satisfaction = n />
                </div>
            </fieldset>
        </form>
        <section class="card" data-testid="complaint-history">
            <h2>{i18n.t(Msg::ComplaintHistoryTitle)}</h2>
            <ul class="visit-list">
                {move || history.get().iter().rev().map(|e| view! {
                    <li data-testid="complaint-change">{change_text(i18n, e)}</li>
                }).collect_view()}
            </ul>
        </section>
        <Show when=move || !closed()>
            <div class="save-bar">
                {move || (!errors.with(Vec::is_empty)).then(|| view! {
                    <p class="field-error" role="alert" data-testid="form-errors">{i18n.t(Msg::FormHasErrors)}</p>
                })}
                <div class="actions">
                    <button type="button" class="primary" data-testid="close-complaint" on:click=close>{i18n.t(Msg::CloseComplaint)}</button>
                </div>
            </div>
        </Show>
    }
}

/// Registers a new complaint for a customer and opens it.
#[component]
pub fn RegisterComplaintButton(customer_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let navigate = leptos_router::hooks::use_navigate();
    let failure = RwSignal::new(None::<StoreError>);
    let busy = Busy::new();
    let register = move |_| {
        let navigate = navigate.clone();
        let Some(profile) = files.profile.get_untracked() else {
            navigate("/settings", Default::default());
            return;
        };
        let now = Utc::now();
        let complaint = Complaint {
            id: crate::platform::ids::new_id(),
            customer_id: customer_id.clone(),
            received_on: Some(Local::now().date_naive()),
            by: profile.name.clone(),
            created_at: now,
            updated_at: now,
            history: vec![ComplaintChange {
                at: now,
                by: profile.signature(),
                change: Change::Registered,
            }],
            ..Default::default()
        };
        let year = chrono::Datelike::year(&Local::now().date_naive());
        busy.run(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            match db
                .register_complaint(complaint, &profile.rep_code, year)
                .await
            {
                Ok(c) => navigate(&format!("/complaints/{}", c.id), Default::default()),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <button type="button" data-testid="register-complaint" disabled=move || busy.get() on:click=register>{i18n.t(Msg::RegisterComplaint)}</button>
        {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{store_error_text(i18n, &e)}</p> })}
    }
}
