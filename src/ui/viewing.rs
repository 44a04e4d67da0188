//! Viewing requests as the page meets them: at head office, someone below department
//! head opening a 机密 or 绝密 file asks first (purpose, period) and waits for the
//! customer-service manager; the Approvals page lists them for the manager.

use chrono::{Local, NaiveDate, Utc};
use leptos::prelude::*;

use super::acting::{GateNote, use_acting};
use super::app::use_db;
use super::busy::Busy;
use super::i18n::{I18n, store_error_text, use_i18n};
use super::vault::Vault;
use crate::core::i18n::Msg;
use crate::core::people::viewing::{Access, ViewingError, ViewingRequest};
use crate::core::people::{Action, Actor};
use crate::storage::RegisterError;

/// The viewing requests held, read while unlocked at a head-office desk with people
/// and only for a file that needs one (`needed`): an empty list elsewhere, so opening
/// any other file reads nothing more. `None` while reading.
pub type Requests = LocalResource<Option<Vec<ViewingRequest>>>;

pub fn requests_resource(vault: Vault, needed: Memo<bool>) -> Requests {
    let db = use_db();
    LocalResource::new(move || {
        let unlocked = vault.unlocked() && needed.get();
        let office = vault.acting.actor.with(|a| matches!(a, Actor::Office(_)));
        async move {
            if !unlocked || !office {
                return Some(Vec::new());
            }
            db.ready()?.viewing_requests().await.ok()
        }
    })
}

pub fn error_text(i18n: I18n, e: &RegisterError) -> String {
    match e {
        RegisterError::Viewing(ViewingError::NoPurpose) => i18n.t(Msg::ErrRequired)().to_owned(),
        RegisterError::Viewing(ViewingError::Period) => {
            i18n.t(Msg::ViewingPeriodWrong)().to_owned()
        }
        RegisterError::Viewing(ViewingError::TooLong) => {
            i18n.t(Msg::ViewingPeriodTooLong)().to_owned()
        }
        RegisterError::Viewing(ViewingError::Waiting) => {
            i18n.t(Msg::ViewingAlreadyAsked)().to_owned()
        }
        RegisterError::Viewing(ViewingError::Decided) | RegisterError::Missing => {
            i18n.t(Msg::RequestAlreadyDecided)().to_owned()
        }
        RegisterError::Viewing(ViewingError::Own) => i18n.t(Msg::ViewingOwn)().to_owned(),
        RegisterError::Viewing(ViewingError::NoReason) => {
            i18n.t(Msg::RequestDeclineNeedsReason)().to_owned()
        }
        RegisterError::Viewing(ViewingError::NotAllowed(g)) | RegisterError::NotAllowed(g) => {
            super::acting::gate_text(i18n, *g)
        }
        RegisterError::Loan(_) => i18n.t(Msg::ErrRequired)().to_owned(),
        RegisterError::Store(s) => store_error_text(i18n, s),
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// In front of a 机密 or 绝密 file: the request waiting, or the form to ask.
#[component]
pub fn RequestGate(
    customer_id: String,
    archive_no: String,
    access: Access,
    requests: Requests,
) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let today = Local::now().date_naive();
    let purpose = RwSignal::new(String::new());
    let from = RwSignal::new(date(today));
    let until = RwSignal::new(date(today));
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let file = StoredValue::new((customer_id, archive_no.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(a), Ok(b)) = (
            NaiveDate::parse_from_str(&from.get_untracked(), "%Y-%m-%d"),
            NaiveDate::parse_from_str(&until.get_untracked(), "%Y-%m-%d"),
        ) else {
            problem.set(Some(i18n.t(Msg::ViewingPeriodWrong)().to_owned()));
            return;
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        busy.run(async move {
            let (id, no) = file.get_value();
            let result = db
                .request_viewing(
                    (&id, &no),
                    &purpose.get_untracked(),
                    (a, b),
                    crate::platform::ids::new_id(),
                    Utc::now(),
                    Local::now().date_naive(),
                )
                .await;
            match result {
                Ok(_) => requests.refetch(),
                Err(e) => problem.set(Some(error_text(i18n, &e))),
            }
        });
    };
    let status = match &access {
        Access::Waiting(r) => Some(i18n.format(
            Msg::ViewingWaiting,
            &[
                ("from", &date(r.from)),
                ("until", &date(r.until)),
                ("purpose", &r.purpose),
            ],
        )),
        Access::Ask { last: Some(r) } => r.decision.as_ref().map(|d| {
            if d.approved {
                i18n.format(Msg::ViewingExpired, &[("until", &date(r.until))])
            } else {
                i18n.format(
                    Msg::ViewingDeclined,
                    &[("by", &d.by), ("reason", &d.reason)],
                )
            }
        }),
        _ => None,
    };
    let asking = matches!(access, Access::Ask { .. });
    view! {
        <h1 data-testid="page-title">{i18n.t(Msg::ViewingRequestTitle)}</h1>
        <section class="card" data-testid="viewing-request">
            <p>{i18n.format(Msg::ViewingRequestHint, &[("no", &archive_no)])}</p>
            {status.map(|s| view! { <p class="notice" data-testid="viewing-request-status">{s}</p> })}
            {asking.then(|| view! {
                <form class="inline-form" on:submit=submit>
                    <label class="field">
                        <span class="field-label">{i18n.t(Msg::ViewingPurpose)}</span>
                        <input type="text" data-testid="viewing-request-purpose" maxlength="500"
                            prop:value=move || purpose.get() on:input=move |ev| purpose.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span class="field-label">{i18n.t(Msg::ViewingFrom)}</span>
                        <input type="date" data-testid="viewing-request-from"
                            prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
                    </label>
                    <label class="field">
                        <span class="field-label">{i18n.t(Msg::ViewingUntil)}</span>
                        <input type="date" data-testid="viewing-request-until"
                            prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev)) />
                    </label>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="viewing-request-send" disabled=move || busy.get()>{i18n.t(Msg::ViewingRequestSend)}</button>
                        <span role="alert">{move || problem.get()}</span>
                    </div>
                </form>
            })}
        </section>
    }
}

/// The Approvals page's viewing requests: waiting ones for the customer-service manager
/// to decide, then those decided.
#[component]
pub fn ViewingRequests() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let acting = use_acting();
    let version = RwSignal::new(0u32);
    let all = LocalResource::new(move || {
        version.track();
        async move { db.ready()?.viewing_requests().await.ok() }
    });
    move || {
        let all = all.get().flatten().unwrap_or_default();
        if all.is_empty() {
            return None;
        }
        let (waiting, decided): (Vec<_>, Vec<_>) =
            all.into_iter().partition(|r| r.decision.is_none());
        let gate = acting.may(Action::ApproveViewing).err();
        Some(view! {
            <section class="card" data-testid="viewing-requests">
                <h2>{i18n.t(Msg::ViewingRequestsTitle)}</h2>
                <p class="muted">{i18n.format(Msg::RequestWaitsFor, &[("role", i18n.t(crate::core::people::Role::ServiceManager.label())())])}</p>
                {gate.map(|g| view! { <GateNote gate=g /> })}
                <ul class="agenda">
                    {waiting.into_iter().map(|r| view! { <WaitingViewing request=r can=gate.is_none() version=version /> }).collect_view()}
                </ul>
                <ul class="agenda">
                    {decided.into_iter().map(|r| {
                        let d = r.decision.clone().unwrap_or_else(|| unreachable!("partitioned"));
                        let line = i18n.format(Msg::ViewingLine, &[("by", &r.by), ("no", &r.archive_no), ("from", &date(r.from)), ("until", &date(r.until)), ("purpose", &r.purpose)]);
                        let outcome = i18n.format(
                            if d.approved { Msg::RequestApprovedBy } else { Msg::RequestDeclinedBy },
                            &[("by", &d.by), ("date", &d.at.with_timezone(&Local).format("%Y-%m-%d").to_string()), ("reason", &d.reason)],
                        );
                        view! { <li data-testid="viewing-decided">{line} " · " {outcome}</li> }
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}

#[component]
fn WaitingViewing(request: ViewingRequest, can: bool, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let id = StoredValue::new(request.id.clone());
    let decide = move |approve: bool| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        busy.run(async move {
            match db
                .decide_viewing(
                    &id.get_value(),
                    approve,
                    &reason.get_untracked(),
                    Utc::now(),
                )
                .await
            {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => problem.set(Some(error_text(i18n, &e))),
            }
        });
    };
    let line = i18n.format(
        Msg::ViewingLine,
        &[
            ("by", &request.by),
            ("no", &request.archive_no),
            ("from", &date(request.from)),
            ("until", &date(request.until)),
            ("purpose", &request.purpose),
        ],
    );
    view! {
        <li data-testid="viewing-waiting">
            <p><strong>{line}</strong></p>
            {can.then(|| view! {
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::RequestDecisionReason)}</span>
                    <input type="text" data-testid="viewing-reason" maxlength="200"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <div class="actions">
                    <button type="button" class="primary" data-testid="viewing-approve" disabled=move || busy.get() on:click=move |_| decide(true)>{i18n.t(Msg::RequestApprove)}</button>
                    <button type="button" data-testid="viewing-decline" disabled=move || busy.get() on:click=move |_| decide(false)>{i18n.t(Msg::RequestDecline)}</button>
                </div>
            })}
            <span role="alert">{move || problem.get()}</span>
        </li>
    }
}
