//! `/leak-report`: anyone reports a suspected leak (seed 000 第十九条): what, when, which
//! files. On a rep's laptop it goes with the next bundle, and the page says whether head
//! office has it yet; at head office it is listed on the Bundles page at once.

use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos_router::components::A;

use super::PageTitle;
use crate::core::bundle::exchange::Exchange;
use crate::core::bundle::keys::Role;
use crate::core::i18n::Msg;
use crate::core::security::leak::{MAX_WHAT, to_send};
use crate::core::security::{LeakDraft, LeakProblem, LeakReport};
use crate::platform::ids::new_id;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::security::leak_text;
use crate::ui::vault::{LockedPanel, use_vault};

/// The leak form, and the reports filed on this laptop.
#[component]
pub fn LeakReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    view! {
        <PageTitle msg=Msg::LeakTitle />
        <p class="muted">{i18n.t(Msg::LeakHint)}</p>
        {move || if vault.unlocked() {
            view! { <LeakForm /> }.into_any()
        } else {
            view! { <p class="notice">{i18n.t(Msg::LeakNeedUnlock)}</p> <LockedPanel /> }.into_any()
        }}
    }
}

/// Settings: where to report a leak.
#[component]
pub fn LeakReportCard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{i18n.t(Msg::LeakTitle)}</h2>
            <p class="muted">{i18n.t(Msg::LeakSettingsHint)}</p>
            <A href="/leak-report" attr:class="button" attr:data-testid="report-leak">{i18n.t(Msg::LeakTitle)}</A>
        </section>
    }
}

#[component]
fn LeakForm() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let what = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let named = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let filed = RwSignal::new(0u32);
    let busy = Busy::new();
    let exchange = LocalResource::new(move || async move { db.ready()?.exchange().await.ok()? });
    let mine = LocalResource::new(move || {
        filed.track();
        async move {
            let all = db.ready()?.leak_reports().await.ok()?;
            Some(
                all.into_iter()
                    .filter(|r| r.from.is_none())
                    .collect::<Vec<_>>(),
            )
        }
    });
    let today = Local::now().date_naive();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let by = files
            .profile
            .get_untracked()
            .map(|p| p.signature())
            .unwrap_or_default();
        let draft = LeakDraft {
            what: what.get_untracked(),
            when: when.get_untracked(),
            files: named.get_untracked(),
        };
        let report = match draft.file(new_id(), &by, Utc::now(), today) {
            Ok(r) => r,
            Err(p) => {
                message.set(Some(i18n.t(problem_msg(p))().to_owned()));
                return;
            }
        };
        let office = exchange.get_untracked().flatten().map(|e| e.role) == Some(Role::HeadOffice);
        busy.run(async move {
            match db.file_leak_report(&report).await {
                Ok(()) => {
                    what.set(String::new());
                    when.set(String::new());
                    named.set(String::new());
                    let done = if office {
                        Msg::LeakFiledOffice
                    } else {
                        Msg::LeakFiledField
                    };
                    message.set(Some(i18n.t(done)().to_owned()));
                    filed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(store_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <form class="card" data-testid="leak-form" on:submit=submit>
            <label class="field">
                <span class="field-label">{i18n.t(Msg::LeakWhat)}</span>
                <textarea rows="4" data-testid="leak-what" maxlength=MAX_WHAT.to_string()
                    prop:value=move || what.get()
                    on:input=move |ev| what.set(event_target_value(&ev)) />
            </label>
            <div class="grid">
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::LeakWhen)}</span>
                    <input type="date" data-testid="leak-when" max=today.format("%Y-%m-%d").to_string()
                        prop:value=move || when.get()
                        on:input=move |ev| when.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::LeakFiles)}</span>
                    <input type="text" data-testid="leak-files"
                        prop:value=move || named.get()
                        on:input=move |ev| named.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="file-leak" disabled=move || busy.get()>{i18n.t(Msg::LeakFile)}</button>
                <span role="status" data-testid="leak-message">{move || message.get()}</span>
            </div>
        </form>
        {move || {
            let mine = mine.get().flatten().unwrap_or_default();
            let exchange = exchange.get().flatten();
            (!mine.is_empty()).then(|| view! {
                <section class="card" data-testid="leaks-filed-here">
                    <h2>{i18n.t(Msg::LeakFiledHere)}</h2>
                    <ul class="agenda">
                        {filed_lines(i18n, &mine, exchange.as_ref()).into_iter().map(|line| view! {
                            <li data-testid="leak-filed">{line}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })
        }}
    }
}

/// Each report filed here, with where it is: waiting for the next bundle, or at head
/// office (acknowledged in a bundle that came back); at head office, who handled it.
fn filed_lines(i18n: I18n, mine: &[LeakReport], exchange: Option<&Exchange>) -> Vec<String> {
    let field = exchange.filter(|e| e.role == Role::Field);
    let since = field
        .and_then(|e| e.office.as_ref())
        .and_then(|o| field?.acknowledged.get(&o.id))
        .copied();
    let waiting: Vec<String> = to_send(mine, since).into_iter().map(|r| r.id).collect();
    mine.iter()
        .map(|r| {
            let state = match (field, &r.handled) {
                (Some(_), _) if waiting.contains(&r.id) => {
                    Some(i18n.t(Msg::LeakWaiting)().to_owned())
                }
                (Some(_), _) => Some(i18n.t(Msg::LeakReceived)().to_owned()),
                (None, Some(h)) => Some(i18n.format(
                    Msg::LeakHandledBy,
                    &[
                        ("by", &h.by),
                        (
                            "date",
                            &h.at.with_timezone(&Local).format("%Y-%m-%d").to_string(),
                        ),
                    ],
                )),
                (None, None) => None,
            };
            match state {
                Some(state) => format!("{} · {state}", leak_text(i18n, r)),
                None => leak_text(i18n, r),
            }
        })
        .collect()
}

fn problem_msg(p: LeakProblem) -> Msg {
    match p {
        LeakProblem::WhatMissing => Msg::LeakWhatMissing,
        LeakProblem::WhatTooLong => Msg::LeakWhatTooLong,
        LeakProblem::WhenInvalid => Msg::LeakWhenInvalid,
        LeakProblem::WhenInFuture => Msg::LeakWhenInFuture,
        LeakProblem::TooManyFiles => Msg::LeakTooManyFiles,
        LeakProblem::FileTooLong => Msg::LeakFileTooLong,
    }
}
