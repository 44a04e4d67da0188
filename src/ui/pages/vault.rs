//! The vault's pages: unlock (or recover with the recovery key), the passphrase card
//! of Settings (first setup with the recovery key shown once, change, auto-lock), and
//! the viewing record.

use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{EmptyState, PageTitle};
use crate::core::i18n::Msg;
use crate::core::vault::KdfParams;
use crate::core::vault::log::ViewingEntry;
use crate::core::vault::strength::{self, Hint, Level};
use crate::platform;
use crate::ui::app::use_db;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::vault::{LockedPanel, VaultState, unlock_error_text, use_vault};

/// `/unlock`: the unlock form, or with `?recover=1` the recovery form.
#[component]
pub fn UnlockPage() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    let query = use_query_map();
    let recover = move || query.read().get("recover").is_some();
    // Which form, as a memo: reading the header (checking → locked) must not re-create
    // the form the user may already be typing in.
    let shown = Memo::new(move |_| match (vault.state.get(), recover()) {
        (VaultState::Unlocked, _) => VaultState::Unlocked,
        (VaultState::Locked, true) => VaultState::Locked,
        _ => VaultState::Checking,
    });
    view! {
        <PageTitle msg=Msg::VaultUnlockTitle />
        {move || match shown.get() {
            VaultState::Unlocked => view! {
                <p class="notice" data-testid="unlocked">{i18n.t(Msg::VaultUnlocked)} " " <A href="/customers">{i18n.t(Msg::NavCustomers)}</A></p>
            }.into_any(),
            VaultState::Locked => view! { <RecoverForm /> }.into_any(),
            _ => view! { <LockedPanel /> }.into_any(),
        }}
    }
}

/// A new passphrase with its confirmation and honest strength feedback. `ok` is true
/// when both agree and the passphrase is strong enough.
#[component]
fn NewPassphrase(value: RwSignal<String>, ok: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let repeat = RwSignal::new(String::new());
    let estimate = Memo::new(move |_| strength::estimate(&value.get()));
    Effect::new(move || {
        let strong = estimate.get().level >= Level::Fair;
        ok.set(strong && value.with(|v| repeat.with(|r| v == r)));
    });
    let level_msg = move || match estimate.get().level {
        Level::TooWeak => Msg::StrengthTooWeak,
        Level::Fair => Msg::StrengthFair,
        Level::Good => Msg::StrengthGood,
        Level::Strong => Msg::StrengthStrong,
    };
    view! {
        <label class="field">
            <span class="field-label">{i18n.t(Msg::VaultNewPassphrase)}</span>
            <input
                type="password"
                autocomplete="new-password"
                data-testid="new-passphrase"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </label>
        <Show when=move || !value.with(String::is_empty)>
            <div class="strength" data-testid="passphrase-strength" data-level=move || format!("{:?}", estimate.get().level)>
                <strong>{move || i18n.t(level_msg())()}</strong>
                " "
                <span>{move || i18n.format(Msg::StrengthCrack, &[("time", &crack_time(i18n, estimate.get().crack_seconds))])}</span>
                <ul>
                    {move || estimate.get().hints.into_iter().map(|h| view! { <li>{i18n.t(hint_msg(h))}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
        <label class="field">
            <span class="field-label">{i18n.t(Msg::VaultRepeatPassphrase)}</span>
            <input
                type="password"
                autocomplete="new-password"
                data-testid="repeat-passphrase"
                prop:value=move || repeat.get()
                on:input=move |ev| repeat.set(event_target_value(&ev))
            />
            <Show when=move || !repeat.with(String::is_empty) && value.with(|v| repeat.with(|r| v != r))>
                <span class="field-error">{i18n.t(Msg::VaultMismatch)}</span>
            </Show>
        </label>
    }
}

fn hint_msg(h: Hint) -> Msg {
    match h {
        Hint::Common => Msg::StrengthHintCommon,
        Hint::Short => Msg::StrengthHintShort,
        Hint::Pattern => Msg::StrengthHintPattern,
        Hint::UseWords => Msg::StrengthHintWords,
    }
}

/// "about 3 days", roughly, in the current language.
fn crack_time(i18n: I18n, seconds: f64) -> String {
    let n = |x: f64| format!("{}", x.round().max(1.0) as u64);
    let (msg, value) = match seconds {
        s if s < 60.0 => (Msg::DurSeconds, None),
        s if s < 3600.0 => (Msg::DurMinutes, Some(n(s / 60.0))),
        s if s < 86_400.0 => (Msg::DurHours, Some(n(s / 3600.0))),
        s if s < 365.0 * 86_400.0 => (Msg::DurDays, Some(n(s / 86_400.0))),
        s if s < 100.0 * 365.0 * 86_400.0 => (Msg::DurYears, Some(n(s / (365.0 * 86_400.0)))),
        _ => (Msg::DurCenturies, None),
    };
    i18n.format(msg, &[("n", value.as_deref().unwrap_or(""))])
}

/// Settings' card: set the passphrase (first start), or change it and the auto-lock.
#[component]
pub fn PassphraseCard() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    // Shown once after setup, until the user confirms they kept it.
    let recovery = RwSignal::new(None::<String>);
    view! {
        <section class="card" data-testid="passphrase-card">
            <h2>{i18n.t(Msg::VaultSetupTitle)}</h2>
            {move || match (recovery.get(), vault.state.get()) {
                (Some(key), _) => view! { <RecoveryKeyShown key=key done=recovery /> }.into_any(),
                (None, VaultState::NotSet) => view! { <SetupForm recovery=recovery /> }.into_any(),
                (None, VaultState::Checking) => ().into_any(),
                (None, _) => view! { <VaultSettings /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SetupForm(recovery: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let passphrase = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        if !ok.get_untracked() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            platform::after_paint().await;
            let result = db
                .create_vault(
                    &passphrase.get_untracked(),
                    KdfParams::recommended(),
                    Utc::now(),
                )
                .await;
            busy.set(false);
            match result {
                Ok(key) => {
                    recovery.set(Some(key.display()));
                    passphrase.set(String::new());
                    vault.opened().await;
                }
                Err(e) => problem.set(Some(store_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <p class="muted">{i18n.t(Msg::VaultSetupHint)}</p>
        <form on:submit=on_submit data-testid="vault-setup">
            <NewPassphrase value=passphrase ok=ok />
            <div class="actions">
                <button type="submit" class="primary" data-testid="set-passphrase" disabled=move || !ok.get() || busy.get()>
                    {i18n.t(Msg::VaultSet)}
                </button>
                <span role="status">{move || if busy.get() { Some(i18n.t(Msg::VaultSetting)().to_owned()) } else { problem.get() }}</span>
            </div>
        </form>
    }
}

/// The recovery key, once, with print and a check that it was written down.
#[component]
fn RecoveryKeyShown(key: String, done: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let last_group = key.rsplit('-').next().unwrap_or_default().to_owned();
    let typed = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if typed
            .get_untracked()
            .trim()
            .eq_ignore_ascii_case(&last_group)
        {
            done.set(None);
        } else {
            wrong.set(true);
        }
    };
    view! {
        <div class="recovery" data-testid="recovery">
            <h3>{i18n.t(Msg::RecoveryTitle)}</h3>
            <p>{i18n.t(Msg::RecoveryHint)}</p>
            <p class="recovery-key" data-testid="recovery-key" translate="no">{key}</p>
            <button type="button" class="no-print" on:click=move |_| { let _ = window().print(); }>{i18n.t(Msg::RecoveryPrint)}</button>
            <form class="no-print" on:submit=on_submit>
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::RecoveryConfirm)}</span>
                    <input
                        type="text"
                        autocomplete="off"
                        data-testid="recovery-confirm"
                        prop:value=move || typed.get()
                        on:input=move |ev| { wrong.set(false); typed.set(event_target_value(&ev)); }
                    />
                    <Show when=move || wrong.get()>
                        <span class="field-error">{i18n.t(Msg::RecoveryConfirmWrong)}</span>
                    </Show>
                </label>
                <button type="submit" class="primary" data-testid="recovery-done">{i18n.t(Msg::RecoveryDone)}</button>
            </form>
        </div>
    }
}

/// Once set: what protects the files, auto-lock, change of passphrase.
#[component]
fn VaultSettings() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    let minutes = move |ev| {
        if let Ok(m) = event_target_value(&ev).parse::<u32>()
            && (1..=240).contains(&m)
        {
            vault.set_auto_lock_minutes(m);
        }
    };
    view! {
        <p data-testid="vault-ready">{i18n.t(Msg::VaultReady)}</p>
        <label class="field narrow">
            <span class="field-label">{i18n.t(Msg::VaultAutoLock)}</span>
            <input type="number" min="1" max="240" data-testid="auto-lock-minutes" prop:value=move || vault.auto_lock_minutes.get().to_string() on:change=minutes />
        </label>
        <p><A href="/viewing-record" attr:data-testid="viewing-record-link">{i18n.t(Msg::ViewingRecordLink)}</A></p>
        <ChangePassphrase />
    }
}

#[component]
fn ChangePassphrase() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let current = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        if !ok.get_untracked() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            platform::after_paint().await;
            // At a desk with people, each changes their own.
            let result = match db.person() {
                Some(me) => db
                    .rekey_person(
                        &me.id,
                        Some(&current.get_untracked()),
                        &passphrase.get_untracked(),
                        KdfParams::recommended(),
                        Utc::now(),
                    )
                    .await
                    .map_err(|_| crate::core::vault::UnlockError::WrongPassphrase),
                None => {
                    db.change_passphrase(
                        &current.get_untracked(),
                        &passphrase.get_untracked(),
                        KdfParams::recommended(),
                        Utc::now(),
                    )
                    .await
                }
            };
            busy.set(false);
            current.set(String::new());
            message.set(Some(match result {
                Ok(()) => {
                    passphrase.set(String::new());
                    i18n.t(Msg::VaultChanged)().to_owned()
                }
                Err(e) => unlock_error_text(i18n, &e),
            }));
        });
    };
    view! {
        <details>
            <summary>{i18n.t(Msg::VaultChangeTitle)}</summary>
            <form on:submit=on_submit data-testid="change-passphrase">
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::VaultCurrentPassphrase)}</span>
                    <input type="password" autocomplete="current-password" data-testid="current-passphrase" prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev)) />
                </label>
                <NewPassphrase value=passphrase ok=ok />
                <div class="actions">
                    <button type="submit" class="primary" data-testid="change-passphrase-button" disabled=move || !ok.get() || busy.get()>
                        {i18n.t(Msg::VaultChange)}
                    </button>
                    <span role="status" data-testid="change-message">{move || message.get()}</span>
                </div>
            </form>
        </details>
    }
}

/// A new passphrase set with the recovery key.
#[component]
fn RecoverForm() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let key = RwSignal::new(String::new());
    let passphrase = RwSignal::new(String::new());
    let ok = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    // At a desk with people: whose passphrase the recovery key resets.
    let desk = vault.acting.desk;
    let who = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        if !ok.get_untracked() || busy.get_untracked() {
            return;
        }
        if desk.with_untracked(|d| !d.is_empty()) && who.with_untracked(String::is_empty) {
            problem.set(Some(i18n.t(Msg::PersonChooseFirst)().to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            platform::after_paint().await;
            let result = if desk.with_untracked(|d| d.is_empty()) {
                db.recover(
                    &key.get_untracked(),
                    &passphrase.get_untracked(),
                    KdfParams::recommended(),
                    Utc::now(),
                )
                .await
            } else {
                db.recover_person(
                    &key.get_untracked(),
                    &who.get_untracked(),
                    &passphrase.get_untracked(),
                    KdfParams::recommended(),
                    Utc::now(),
                )
                .await
                .map(|_| ())
            };
            busy.set(false);
            match result {
                Ok(()) => {
                    key.set(String::new());
                    vault.opened().await;
                }
                Err(e) => problem.set(Some(unlock_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <form class="card" on:submit=on_submit data-testid="recover-form">
            <h2>{i18n.t(Msg::VaultRecoverTitle)}</h2>
            <crate::ui::acting::PersonPicker who=who testid="recover-person" />
            <label class="field">
                <span class="field-label">{i18n.t(Msg::VaultRecoveryKey)}</span>
                <input type="text" autocomplete="off" spellcheck="false" data-testid="recovery-key-input" prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
            </label>
            <NewPassphrase value=passphrase ok=ok />
            <div class="actions">
                <button type="submit" class="primary" data-testid="recover" disabled=move || !ok.get() || busy.get()>{i18n.t(Msg::VaultRecover)}</button>
                <span role="status" data-testid="recover-message">{move || if busy.get() { Some(i18n.t(Msg::VaultSetting)().to_owned()) } else { problem.get() }}</span>
            </div>
        </form>
    }
}

/// `/viewing-record`: every look at a confidential file, newest first, filterable, with
/// the verdict of the hash chain.
#[component]
pub fn ViewingRecordPage() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let filter = RwSignal::new(String::new());
    let loaded = LocalResource::new(move || {
        let unlocked = vault.unlocked();
        async move {
            if !unlocked {
                return None;
            }
            Some(db.ready()?.viewing_record().await)
        }
    });
    let body = move || {
        if !vault.unlocked() {
            return view! { <LockedPanel /> }.into_any();
        }
        match loaded.get().flatten() {
            None => ().into_any(),
            Some(Err(e)) => {
                view! { <p class="notice notice-error">{store_error_text(i18n, &e)}</p> }.into_any()
            }
            Some(Ok((entries, verdict))) => {
                let verdict = match verdict {
                    Ok(()) => view! {
                        <p class="notice" data-testid="chain-verdict" data-state="intact">
                            {i18n.format(Msg::ViewingIntact, &[("n", &entries.len().to_string())])}
                        </p>
                    }.into_any(),
                    Err(e) => view! {
                        <p class="notice notice-error" role="alert" data-testid="chain-verdict" data-state="broken">
                            {i18n.format(Msg::ViewingBroken, &[("detail", &e.to_string())])}
                        </p>
                    }.into_any(),
                };
                if entries.is_empty() {
                    return view! { {verdict} <EmptyState message=Msg::ViewingEmpty /> }.into_any();
                }
                view! { {verdict} <ViewingTable entries=entries filter=filter /> }.into_any()
            }
        }
    };
    view! {
        <PageTitle msg=Msg::ViewingRecordTitle />
        <label class="field narrow">
            <span class="field-label">{i18n.t(Msg::ViewingFilter)}</span>
            <input type="search" data-testid="viewing-filter" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev)) />
        </label>
        {body}
    }
}

#[component]
fn ViewingTable(entries: Vec<ViewingEntry>, filter: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let rows =
        move || {
            let needle = filter.get().to_lowercase();
            entries
            .iter()
            .rev()
            .filter(|e| {
                needle.is_empty()
                    || [&e.by, &e.rep_code, &e.archive_no, &e.purpose]
                        .iter()
                        .any(|f| f.to_lowercase().contains(&needle))
            })
            .cloned()
            .map(|e| {
                let when = e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string();
                view! {
                    <tr data-testid="viewing-entry">
                        <td>{when}</td>
                        <td>{format!("{} ({})", e.by, e.rep_code)}</td>
                        <td><A href=format!("/customers/{}", e.customer_id)>{e.archive_no}</A></td>
                        <td>{e.purpose}</td>
                    </tr>
                }
            })
            .collect_view()
        };
    view! {
        <table class="card table">
            <thead>
                <tr>
                    <th>{i18n.t(Msg::ViewingWhen)}</th>
                    <th>{i18n.t(Msg::ViewingWho)}</th>
                    <th>{i18n.t(Msg::ViewingFile)}</th>
                    <th>{i18n.t(Msg::ViewingPurpose)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
