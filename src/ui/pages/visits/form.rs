//! The visit-call form, filled in front of the customer. Every change is stored at once,
//! so a crash or a dead battery loses at most the keystroke being typed.

use chrono::{NaiveDate, NaiveDateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::{method_msg, satisfaction_msg};
use crate::core::customer::validate::Field;
use crate::core::i18n::Msg;
use crate::core::store::{StoreError, VisitStore};
use crate::core::visit::model::{FollowUp, Visit, VisitMethod};
use crate::core::visit::submit::{check, finalize};
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::form::{FormState, SelectField, TextField, use_form};
use crate::ui::i18n::{store_error_text, use_i18n};
use crate::ui::read_ahead::use_read_ahead;

/// Text of an optional date for a date input, and back.
fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn parse_date(v: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()
}

/// The form for a draft visit.
#[component]
pub fn VisitForm(visit: Visit) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let read_ahead = use_read_ahead();
    let navigate = use_navigate();
    let draft = RwSignal::new(visit);
    let errors = RwSignal::new(Vec::new());
    let failure = RwSignal::new(None::<StoreError>);
    let on_change = Callback::new(move |()| {
        if !errors.with_untracked(Vec::is_empty) {
            errors.set(draft.with_untracked(|v| check(v, Utc::now())));
        }
        draft.update_untracked(|v| v.updated_at = Utc::now());
        let snapshot = draft.get_untracked();
        spawn_local(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            failure.set(db.put_visit(&snapshot).await.err());
        });
    });
    provide_context(FormState {
        draft,
        errors,
        on_change,
    });

    // Submit and discard: one at a time, once.
    let busy = Busy::new();
    let on_submit = {
        let navigate = navigate.clone();
        move |_| {
            let navigate = navigate.clone();
            let snapshot = draft.get_untracked();
            busy.run(async move {
                let Some(db) = db.ready_untracked() else {
                    return;
                };
                let done = match finalize(&snapshot, Utc::now()) {
                    Ok(done) => done,
                    Err(problems) => return errors.set(problems),
                };
                match db.submit_visit_reading_file(&done).await {
                    Ok(file) => {
                        // The file's page shows what the save's transaction read
                        // (or, if it could not open that, reads for itself).
                        if let Some(file) = file {
                            read_ahead.hand(file);
                        }
                        navigate(
                            &format!("/customers/{}", done.customer_id),
                            Default::default(),
                        );
                    }
                    Err(e) => failure.set(Some(e)),
                }
            });
        }
    };
    let on_discard = move |_| {
        let navigate = navigate.clone();
        let (id, customer) = draft.with_untracked(|v| (v.id.clone(), v.customer_id.clone()));
        busy.run(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            match db.discard_visit(&id).await {
                Ok(()) => navigate(&format!("/customers/{customer}"), Default::default()),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    // New facts learned on site go into the file through its own form, so the change
    // history records them, with the visit as the reason. This draft is already stored.
    let update_file = move || {
        // The form words the reason in its reader's language and keeps it as the app's
        // own sentence, so the history reads it in whichever language is chosen later.
        let (customer, at) = draft.with(|v| (v.customer_id.clone(), v.at));
        match at {
            Some(t) => format!("/customers/{customer}/edit?visit={}", t.format("%Y-%m-%d")),
            None => format!("/customers/{customer}/edit"),
        }
    };
    let methods = VisitMethod::ALL.map(|m| (m, method_msg(m))).to_vec();
    let mut scores = vec![(None, Msg::SatisfactionNone)];
    scores.extend((1..=5).map(|n| (Some(n), satisfaction_msg(n))));

    view! {
        <p class="muted" data-testid="draft-status">{i18n.t(Msg::VisitDraftNote)}</p>
        {move || failure.get().map(|e| view! { <p class="notice notice-error" role="alert">{store_error_text(i18n, &e)}</p> })}
        <form class="visit-form" on:submit=|ev| ev.prevent_default()>
            <fieldset class="card form-section">
                <div class="grid">
                    <TextField label=Msg::VisitAt kind="datetime-local" field=Field::VisitAt
                        get=|v: &Visit| v.at.map(|t| t.format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default()
                        set=|v: &mut Visit, s: String| v.at = NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M").ok() />
                    <SelectField label=Msg::VisitMethodLabel options=methods get=|v: &Visit| v.method set=|v: &mut Visit, m| v.method = m />
                    <TextField label=Msg::VisitParticipants get=|v: &Visit| v.participants.clone() set=|v: &mut Visit, s| v.participants = s />
                    <TextField label=Msg::VisitColleagues get=|v: &Visit| v.colleagues.clone() set=|v: &mut Visit, s| v.colleagues = s />
                    <TextField label=Msg::VisitPurpose get=|v: &Visit| v.purpose.clone() set=|v: &mut Visit, s| v.purpose = s suggestions="ref-purposes" />
                    <TextField label=Msg::VisitSummary multiline=true field=Field::VisitSummary get=|v: &Visit| v.summary.clone() set=|v: &mut Visit, s| v.summary = s />
                    <TextField label=Msg::VisitNeeds multiline=true get=|v: &Visit| v.needs_feedback.clone() set=|v: &mut Visit, s| v.needs_feedback = s />
                    <TextField label=Msg::VisitCompetitors multiline=true get=|v: &Visit| v.competitors.clone() set=|v: &mut Visit, s| v.competitors = s />
                    <TextField label=Msg::VisitOpportunity get=|v: &Visit| v.opportunity.clone() set=|v: &mut Visit, s| v.opportunity = s />
                    <TextField label=Msg::VisitAmount field=Field::VisitAmount get=|v: &Visit| v.amount.clone() set=|v: &mut Visit, s| v.amount = s />
                    <TextField label=Msg::VisitCurrency get=|v: &Visit| v.currency.clone() set=|v: &mut Visit, s| v.currency = s />
                    <SelectField label=Msg::VisitSatisfaction options=scores get=|v: &Visit| v.satisfaction set=|v: &mut Visit, n| v.satisfaction = n />
                    <TextField label=Msg::NextVisit kind="date" field=Field::NextVisit
                        get=|v: &Visit| date_text(v.next_visit) set=|v: &mut Visit, s: String| v.next_visit = parse_date(&s) />
                </div>
            </fieldset>
            <fieldset class="card form-section" data-testid="visit-survey">
                <legend>{i18n.t(Msg::SurveyTitle)}</legend>
                <div class="grid">
                    {crate::core::visit::survey::items().map(|(item, msg)| {
                        let mut levels = vec![(None, Msg::SurveyNotRated)];
                        levels.extend(crate::core::visit::survey::LEVELS.map(|(l, m)| (Some(l), m)));
                        let get = move |v: &Visit| v.survey.get(&item).copied();
                        let set = move |v: &mut Visit, level: Option<u8>| {
                            match level {
                                Some(l) => v.survey.insert(item, l),
                                None => v.survey.remove(&item),
                            };
                        };
                        view! { <SelectField label=msg options=levels get=get set=set /> }
                    }).collect_view()}
                </div>
            </fieldset>
            <FollowUps />
        </form>
        <p>
            <a href=update_file data-testid="update-customer-file">{i18n.t(Msg::UpdateCustomerFile)}</a>
        </p>
        <div class="save-bar">
            {move || (!errors.with(Vec::is_empty)).then(|| view! {
                <p class="field-error" role="alert" data-testid="form-errors">{i18n.t(Msg::FormHasErrors)}</p>
            })}
            <div class="actions">
                <button type="button" on:click=on_discard data-testid="discard-visit" disabled=move || busy.get()>{i18n.t(Msg::DiscardVisit)}</button>
                <button type="button" class="primary" on:click=on_submit data-testid="submit-visit" disabled=move || busy.get()>{i18n.t(Msg::SubmitVisit)}</button>
            </div>
        </div>
    }
}

/// Follow-up actions, each with owner and due date.
#[component]
fn FollowUps() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form::<Visit>();
    let count = move || form.draft.with(|v| v.follow_ups.len());
    view! {
        <fieldset class="card form-section" data-testid="follow-ups">
            <legend>{i18n.t(Msg::FollowUps)}</legend>
            {move || (0..count()).map(|i| {
                let item = move |v: &Visit| v.follow_ups.get(i).cloned().unwrap_or_default();
                view! {
                    <div class="grid follow-up-row" data-testid="follow-up-row">
                        <TextField label=Msg::FollowUpAction field=Field::FollowUpAction(i)
                            get=move |v: &Visit| item(v).action
                            set=move |v: &mut Visit, s| if let Some(f) = v.follow_ups.get_mut(i) { f.action = s } />
                        <TextField label=Msg::FollowUpOwner
                            get=move |v: &Visit| item(v).owner
                            set=move |v: &mut Visit, s| if let Some(f) = v.follow_ups.get_mut(i) { f.owner = s } />
                        <TextField label=Msg::FollowUpDue kind="date" field=Field::FollowUpDue(i)
                            get=move |v: &Visit| date_text(item(v).due)
                            set=move |v: &mut Visit, s: String| if let Some(f) = v.follow_ups.get_mut(i) { f.due = parse_date(&s) } />
                        <button type="button" class="link" on:click=move |_| form.edit(|v| {
                            if i < v.follow_ups.len() {
                                v.follow_ups.remove(i);
                            }
                        })>{i18n.t(Msg::RemoveItem)}</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" data-testid="add-follow-up" on:click=move |_| form.edit(|v| v.follow_ups.push(FollowUp::default()))>
                {i18n.t(Msg::AddFollowUp)}
            </button>
        </fieldset>
    }
}
