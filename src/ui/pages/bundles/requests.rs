//! Head office: what reps proposed that only head office decides (a level, a grade, a
//! closure, an assignment, a destruction), to approve or decline with a reason.

use chrono::{Local, Utc};
use leptos::prelude::*;

use super::Refresh;
use crate::core::authority::request::Request;
use crate::core::customer::model::{CreditAssignment, SecretLevel, Status};
use crate::core::i18n::{Msg, labels};
use crate::core::people;
use crate::storage::DecideError;
use crate::ui::acting::{GateNote, use_acting};
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};

/// Reps' proposals waiting for head office, then those decided.
#[component]
pub fn Requests() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let all = LocalResource::new(move || {
        refresh.track();
        async move { db.ready()?.requests().await.ok() }
    });
    move || {
        let all = all.get().flatten().unwrap_or_default();
        if all.is_empty() {
            return ().into_any();
        }
        let (pending, decided): (Vec<Request>, Vec<Request>) =
            all.into_iter().partition(|r| r.decision.is_none());
        let waiting = pending.len().to_string();
        view! {
            <section class="card" data-testid="requests">
                <h2>{i18n.t(Msg::RequestsTitle)}</h2>
                <p class="muted">{i18n.format(Msg::RequestsWaiting, &[("n", &waiting)])}</p>
                <ul class="agenda">
                    {pending.into_iter().map(|r| view! { <Pending request=r /> }).collect_view()}
                </ul>
                {(!decided.is_empty()).then(|| view! {
                    <h3>{i18n.t(Msg::RequestsDecided)}</h3>
                    <ul class="agenda">
                        {decided.into_iter().filter_map(|r| Some((r.decision.clone()?, r))).map(|(d, r)| {
                            let line = proposal_text(i18n, &r);
                            let date = d.at.with_timezone(&Local).format("%Y-%m-%d").to_string();
                            let outcome = i18n.format(
                                if d.approved { Msg::RequestApprovedBy } else { Msg::RequestDeclinedBy },
                                &[("by", &d.by), ("date", &date), ("reason", &d.reason)],
                            );
                            view! { <li data-testid="request-decided">{line} " · " {outcome}</li> }
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
        .into_any()
    }
}

/// One pending request with its reason field and the two decisions.
#[component]
fn Pending(request: Request) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let refresh = expect_context::<Refresh>();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let id = StoredValue::new(request.id.clone());
    let decide = move |approve: bool| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let Some(profile) = files.profile.get_untracked() else {
            problem.set(Some(i18n.t(Msg::NeedProfile)().to_owned()));
            return;
        };
        let why = reason.get_untracked();
        if !approve && why.trim().is_empty() {
            problem.set(Some(i18n.t(Msg::RequestDeclineNeedsReason)().to_owned()));
            return;
        }
        busy.run(async move {
            let history_id = crate::platform::ids::new_id();
            match db
                .decide_request(
                    &id.get_value(),
                    approve,
                    &profile,
                    &why,
                    Utc::now(),
                    history_id,
                )
                .await
            {
                Ok(()) => refresh.bump(),
                Err(e) => problem.set(Some(decide_error_text(i18n, &e))),
            }
        });
    };
    let acting = use_acting();
    let field = request.field.clone();
    let field_for_gate = request.field.clone();
    let line = proposal_text(i18n, &request);
    let given = request.reason.clone();
    let given = (!given.is_empty())
        .then_some(move || i18n.format(Msg::RequestReason, &[("reason", &i18n.note(&given))]));
    view! {
        <li data-testid="request" data-field=request.field.clone()>
            <p><strong>{line}</strong></p>
            {given.map(|g| view! { <p class="muted">{g}</p> })}
            <p class="muted" data-testid="request-waits-for">{move || i18n.format(Msg::RequestWaitsFor, &[("role", i18n.t(people::decides(&field).label())())])}</p>
            {move || match acting.actor.with(|a| people::may_decide(a, &field_for_gate)) {
                Err(gate) => view! { <GateNote gate=gate /> }.into_any(),
                Ok(()) => view! {
                    <label class="field">
                        <span class="field-label">{i18n.t(Msg::RequestDecisionReason)}</span>
                        <input type="text" data-testid="request-reason" maxlength="200"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev)) />
                    </label>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="request-approve" disabled=move || busy.get() on:click=move |_| decide(true)>
                            {i18n.t(Msg::RequestApprove)}
                        </button>
                        <button type="button" data-testid="request-decline" disabled=move || busy.get() on:click=move |_| decide(false)>
                            {i18n.t(Msg::RequestDecline)}
                        </button>
                    </div>
                }.into_any(),
            }}
            <span role="alert" data-testid="request-problem">{move || problem.get()}</span>
        </li>
    }
}

/// "李伟 (R07) proposes for R07-2026-00001: credit grade A".
fn proposal_text(i18n: I18n, r: &Request) -> String {
    let what = what_text(i18n, &r.field, &r.value);
    i18n.format(
        Msg::RequestLine,
        &[("by", &r.by), ("file", &r.archive_no), ("what", &what)],
    )
}

/// What a proposal of `field` = `value` asks for, in words: "credit grade: A".
pub fn what_text(i18n: I18n, field: &str, value: &serde_json::Value) -> String {
    match field {
        "destruction" => i18n.t(Msg::RequestDestroy)().to_owned(),
        "secret" => serde_json::from_value::<SecretLevel>(value.clone())
            .map(|l| {
                format!(
                    "{}: {}",
                    i18n.t(Msg::SecretLabel)(),
                    i18n.t(labels::secret(l))()
                )
            })
            .unwrap_or_default(),
        "status" => serde_json::from_value::<Status>(value.clone())
            .map(|s| {
                format!(
                    "{}: {}",
                    i18n.t(Msg::StatusLabel)(),
                    i18n.t(labels::status(s))()
                )
            })
            .unwrap_or_default(),
        "credit" => {
            let grade = serde_json::from_value::<Option<CreditAssignment>>(value.clone())
                .ok()
                .flatten()
                .map_or("C".to_owned(), |c| format!("{:?}", c.grade));
            format!("{}: {grade}", i18n.t(Msg::GradeLabel)())
        }
        "closure" => i18n.t(Msg::RequestClose)().to_owned(),
        "assigned_to" => format!(
            "{}: {}",
            i18n.t(Msg::FieldAssignedTo)(),
            value.as_str().unwrap_or_default()
        ),
        other => other.to_owned(),
    }
}

fn decide_error_text(i18n: I18n, e: &DecideError) -> String {
    match e {
        DecideError::Decided => i18n.t(Msg::RequestAlreadyDecided)().to_owned(),
        DecideError::NoFile => i18n.t(Msg::RequestNoFile)().to_owned(),
        DecideError::Destruction(r) => {
            let (msg, params) = crate::core::authority::Refusal::Destruction(*r).message();
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            i18n.format(msg, &params)
        }
        DecideError::Save(crate::core::customer::save::SaveError::Store(s))
        | DecideError::Store(s) => store_error_text(i18n, s),
        DecideError::Save(_) => i18n.t(Msg::NeedProfile)().to_owned(),
        DecideError::NotAllowed(gate) => crate::ui::acting::gate_text(i18n, *gate),
    }
}
