//! Head office: enrolling reps, and each rep's state with its export button.

use chrono::Local;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::transfer::ExportButton;
use super::{Refresh, exchange_error_text, now};
use crate::core::bundle::exchange::{Exchange, RevokeReason};
use crate::core::customer::archive_no;
use crate::core::i18n::Msg;
use crate::core::reference::{self, ReferenceLists};
use crate::platform::files;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::i18n::use_i18n;

/// Creates a rep's enrolment file.
#[component]
pub fn Enrol() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let enrol = move |_| {
        let (c, n) = (
            code.get_untracked().trim().to_uppercase(),
            name.get_untracked().trim().to_owned(),
        );
        if !archive_no::is_rep_code(&c) {
            message.set(Some(i18n.t(Msg::ProfileRepCodeInvalid)().to_owned()));
            return;
        }
        if n.is_empty() {
            message.set(Some(i18n.t(Msg::ErrRequired)().to_owned()));
            return;
        }
        let Some(db) = db.ready_untracked() else {
            return;
        };
        busy.run(async move {
            message.set(Some(match db.enrol(&c, &n, now()).await {
                Ok(e) => {
                    let bytes = serde_json::to_vec_pretty(&e).unwrap_or_default();
                    let saved = files::download(&e.file_name(), &bytes, "application/json");
                    refresh.bump();
                    code.set(String::new());
                    name.set(String::new());
                    match saved {
                        Ok(()) => i18n.format(Msg::BundlesEnrolled, &[("file", &e.file_name())]),
                        Err(_) => i18n.t(Msg::ErrFileNotOffered)().to_owned(),
                    }
                }
                Err(e) => exchange_error_text(i18n, &e),
            }));
        });
    };
    view! {
        <section class="card" data-testid="enrol">
            <h2>{i18n.t(Msg::BundlesEnrolTitle)}</h2>
            <div class="grid">
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::ProfileRepCode)}</span>
                    <input type="text" data-testid="enrol-code" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::ProfileName)}</span>
                    <input type="text" data-testid="enrol-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="enrol-rep" disabled=move || busy.get() on:click=enrol>{i18n.t(Msg::BundlesEnrol)}</button>
                <span role="status" data-testid="enrol-message">{move || message.get()}</span>
            </div>
        </section>
    }
}

/// The enrolled reps: whether their laptop is known, their last bundle, export for them.
#[component]
pub fn Reps(exchange: Exchange) -> impl IntoView {
    let i18n = use_i18n();
    if exchange.enrolled.is_empty() {
        return ().into_any();
    }
    let rows = exchange
        .enrolled
        .iter()
        .map(|(code, rep)| {
            let device = rep.device.as_ref().and_then(|d| exchange.trusted.get(d)).cloned();
            let last = rep
                .device
                .as_ref()
                .and_then(|d| exchange.received.get(d))
                .map(|ack| {
                    let date = ack.exported_at.with_timezone(&Local).format("%Y-%m-%d").to_string();
                    (ack.sequence, date)
                });
            let label = format!("{code} {}", rep.name);
            let testid = format!("export-for-{code}");
            view! {
                <li data-testid="rep-row">
                    <strong>{label.clone()}</strong> " · "
                    {match (&device, last) {
                        (None, _) => i18n.t(Msg::BundlesAwaiting)().to_owned(),
                        (Some(d), None) => d.fingerprint(),
                        (Some(d), Some((seq, date))) => format!(
                            "{} · {}",
                            d.fingerprint(),
                            i18n.format(Msg::BundlesLastReceived, &[("seq", &seq.to_string()), ("date", &date)])
                        ),
                    }}
                    {device.map(|d| view! {
                        <details>
                            <summary>{i18n.format(Msg::BundlesExportFor, &[("rep", &label)])}</summary>
                            <ExportButton peer=d testid=testid label=Msg::BundlesExport />
                        </details>
                        <Revoke rep_code=code.clone() />
                    })}
                </li>
            }
        })
        .collect_view();
    let revoked = exchange
        .revoked
        .values()
        .map(|r| {
            let date = r.at.with_timezone(&Local).format("%Y-%m-%d").to_string();
            view! {
                <li data-testid="revoked-row">
                    {i18n.format(
                        Msg::BundlesRevokedLine,
                        &[
                            ("rep", &format!("{} {}", r.rep_code, r.name)),
                            ("fp", &r.fingerprint),
                            ("date", &date),
                            ("reason", i18n.t(revoke_reason(r.reason))()),
                        ],
                    )}
                </li>
            }
        })
        .collect_view();
    let any_revoked = !exchange.revoked.is_empty();
    view! {
        <section class="card" data-testid="reps">
            <h2>{i18n.t(Msg::BundlesRepsTitle)}</h2>
            <ul class="agenda">{rows}</ul>
            <p><A href="/oversight" attr:data-testid="oversight-link">{i18n.t(Msg::OversightLink)}</A></p>
            {any_revoked.then(|| view! {
                <h3>{i18n.t(Msg::BundlesRevokedTitle)}</h3>
                <ul class="agenda" data-testid="revoked">{revoked}</ul>
            })}
        </section>
    }
    .into_any()
}

/// The words for why a device was revoked.
pub fn revoke_reason(reason: RevokeReason) -> Msg {
    match reason {
        RevokeReason::Lost => Msg::RevokeLost,
        RevokeReason::Stolen => Msg::RevokeStolen,
        RevokeReason::Retired => Msg::RevokeRetired,
        RevokeReason::Replaced => Msg::RevokeReplaced,
    }
}

/// Head office stops trusting a rep's laptop, with the reason.
#[component]
fn Revoke(rep_code: String) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let reason = RwSignal::new(RevokeReason::Lost);
    let message = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let code = StoredValue::new(rep_code);
    let revoke = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        busy.run(async move {
            match db
                .revoke_device(&code.get_value(), reason.get_untracked(), now())
                .await
            {
                Ok(_) => refresh.bump(),
                Err(e) => message.set(Some(exchange_error_text(i18n, &e))),
            }
        });
    };
    let choices = [
        RevokeReason::Lost,
        RevokeReason::Stolen,
        RevokeReason::Retired,
    ];
    view! {
        <details data-testid="revoke">
            <summary>{i18n.t(Msg::BundlesRevoke)}</summary>
            <p class="muted">{i18n.t(Msg::BundlesRevokeHint)}</p>
            <label class="field">
                <span class="field-label">{i18n.t(Msg::BundlesRevokeReason)}</span>
                <select data-testid="revoke-reason" on:change=move |ev| {
                    let chosen = match event_target_value(&ev).as_str() {
                        "stolen" => RevokeReason::Stolen,
                        "retired" => RevokeReason::Retired,
                        _ => RevokeReason::Lost,
                    };
                    reason.set(chosen);
                }>
                    {choices.into_iter().map(|r| {
                        let value = match r {
                            RevokeReason::Stolen => "stolen",
                            RevokeReason::Retired => "retired",
                            _ => "lost",
                        };
                        view! { <option value=value>{i18n.t(revoke_reason(r))}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="actions">
                <button type="button" class="danger" data-testid="revoke-device" disabled=move || busy.get() on:click=revoke>{i18n.t(Msg::BundlesRevokeConfirm)}</button>
                <span role="status">{move || message.get()}</span>
            </div>
        </details>
    }
}

/// Head office's reference lists, edited as text, one item per line.
#[component]
pub fn ReferenceListsCard() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = crate::ui::data::use_files();
    let current = files.reference.get_untracked();
    let industries = RwSignal::new(current.industries.join("\n"));
    let purposes = RwSignal::new(current.purposes.join("\n"));
    let message = RwSignal::new(None::<String>);
    let save = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let lists = ReferenceLists {
            industries: reference::lines(&industries.get_untracked()),
            purposes: reference::lines(&purposes.get_untracked()),
            updated_at: Some(now()),
            by: files
                .profile
                .get_untracked()
                .map(|p| p.name)
                .unwrap_or_default(),
        };
        spawn_local(async move {
            message.set(Some(match db.set_reference_lists(&lists).await {
                Ok(()) => {
                    files.reference.set(lists);
                    i18n.t(Msg::RefSaved)().to_owned()
                }
                Err(e) => crate::ui::i18n::store_error_text(i18n, &e),
            }));
        });
    };
    view! {
        <section class="card" data-testid="reference-lists">
            <h2>{i18n.t(Msg::RefTitle)}</h2>
            <p class="muted">{i18n.t(Msg::RefHint)}</p>
            <div class="columns">
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::RefIndustries)}</span>
                    <textarea rows="5" data-testid="ref-industries" prop:value=move || industries.get() on:input=move |ev| industries.set(event_target_value(&ev)) />
                </label>
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::RefPurposes)}</span>
                    <textarea rows="5" data-testid="ref-purposes" prop:value=move || purposes.get() on:input=move |ev| purposes.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="save-reference" on:click=save>{i18n.t(Msg::RefSave)}</button>
                <span role="status">{move || message.get()}</span>
            </div>
        </section>
    }
}
