//! Creating and editing a customer file. The form is a draft autosaved to IndexedDB on
//! every change, so closing the tab, a crash or a dead battery loses nothing; reopening
//! the form restores it. Saving validates, numbers a new file and records the change.

use chrono::{NaiveDate, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::sections::{
    AddressSection, BasicSection, BusinessSection, ClassificationSection, ContactsSection,
    DealingsSection, PreferencesSection, TradingSection, TraitsSection,
};
use crate::core::customer::history::diff;
use crate::core::customer::save::{NewIds, SaveError, save};
use crate::core::customer::validate::{CustomerDraft, validate};
use crate::core::i18n::{AppText, Msg, Note};
use crate::core::store::{CustomerStore, StoreError, draft_key};
use crate::platform::ids::new_id;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::form::FormState;
use crate::ui::i18n::{store_error_text, use_i18n};
use crate::ui::pages::PageTitle;
use crate::ui::vault::{FileGate, LockedPanel, VaultState, use_vault};

/// A new customer file.
#[component]
pub fn NewCustomerPage() -> impl IntoView {
    view! { <CustomerForm id=String::new() /> }
}

/// Editing the file whose `:id` is in the address.
#[component]
pub fn CustomerEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    view! {
        <FileGate customer_id=id>
            {move || view! { <CustomerForm id=id.get() /> }}
        </FileGate>
    }
}

/// What the save bar says.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Editing,
    Saving,
    Invalid,
    NeedProfile,
    /// A decision the one acting may not make (`core::people`).
    Gated(crate::core::people::Gate),
    /// A change to a file's fields with no reason given (seed 001: when, who and why).
    NeedReason,
    Failed(StoreError),
}

/// Loads the draft (or the file, or a blank form) and shows the form.
#[component]
fn CustomerForm(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let key = draft_key(&id);
    let loaded = LocalResource::new({
        let (id, key) = (id.clone(), key.clone());
        move || {
            let (id, key) = (id.clone(), key.clone());
            // A sealed new-file draft opens after the unlock; never overwrite it blank.
            vault.unlocked();
            async move {
                let db = db.ready()?;
                match db.draft(&key).await {
                    Ok(Some(draft)) => return Some(Ok((draft, true))),
                    Err(StoreError::Locked) => return Some(Err(Some(StoreError::Locked))),
                    _ => {}
                }
                if id.is_empty() {
                    return Some(Ok((CustomerDraft::default(), false)));
                }
                Some(match db.customer(&id).await {
                    Ok(Some(c)) => Ok((CustomerDraft::of(&c), false)),
                    Ok(None) => Err(None),
                    Err(e) => Err(Some(e)),
                })
            }
        }
    });
    let title = if id.is_empty() {
        Msg::NewCustomer
    } else {
        Msg::EditCustomer
    };
    view! {
        <PageTitle msg=title />
        {move || match loaded.get().flatten() {
            None => ().into_any(),
            Some(Err(None)) => view! { <p>{i18n.t(Msg::CustomerNotFound)}</p> }.into_any(),
            Some(Err(Some(StoreError::Locked))) => view! { <LockedPanel /> }.into_any(),
            Some(Err(Some(e))) => view! { <p class="notice notice-error">{store_error_text(i18n, &e)}</p> }.into_any(),
            Some(Ok((draft, restored))) => {
                view! { <FormBody initial=draft restored=restored key=key.clone() /> }.into_any()
            }
        }}
    }
}

#[component]
fn FormBody(initial: CustomerDraft, restored: bool, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let vault = use_vault();
    let acting = crate::ui::acting::use_acting();
    let navigate = use_navigate();
    let restored_at = initial.saved_at;
    let existing_id = initial.customer.id.clone();
    let draft = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::new());
    let outcome = RwSignal::new(Outcome::Editing);
    let autosave_failed = RwSignal::new(None::<StoreError>);
    // Coming from a visit form, the reason is prefilled ("learned during the visit of
    // …"): kept as the app's sentence unless the user rewrites it. `reason` is what the
    // user typed, `None` until they type.
    let from_visit = use_query_map()
        .read_untracked()
        .get("visit")
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .map(|date| Note::App(AppText::LearnedOnVisit { date }));
    let reason = RwSignal::new(None::<String>);
    let shown_reason = {
        let from_visit = from_visit.clone();
        move || {
            reason.get().unwrap_or_else(|| {
                from_visit
                    .as_ref()
                    .map(|n| i18n.note(n))
                    .unwrap_or_default()
            })
        }
    };
    let reason_note = move || match (reason.get_untracked(), &from_visit) {
        (None, Some(note)) => note.clone(),
        (typed, _) => Note::from(typed.unwrap_or_default()),
    };
    let key = StoredValue::new(key);

    let on_change = Callback::new(move |()| {
        // After a failed save, problems clear as the user fixes them.
        if !errors.with_untracked(Vec::is_empty) {
            let now = Utc::now().date_naive();
            errors.set(draft.with_untracked(|d| validate(d, now).err().unwrap_or_default()));
        }
        draft.update_untracked(|d| d.saved_at = Some(Utc::now()));
        let snapshot = draft.get_untracked();
        let key = key.get_value();
        spawn_local(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            autosave_failed.set(db.put_draft(&key, &snapshot).await.err());
        });
    });
    provide_context(FormState {
        draft,
        errors,
        on_change,
    });

    let on_save = {
        let navigate = navigate.clone();
        move |_| {
            let navigate = navigate.clone();
            let snapshot = draft.get_untracked();
            let why = reason_note();
            let profile = files.profile.get_untracked();
            // A second press while saving would write a new file twice.
            if outcome.get_untracked() == Outcome::Saving {
                return;
            }
            outcome.set(Outcome::Saving);
            spawn_local(async move {
                let Some(db) = db.ready_untracked() else {
                    return;
                };
                // The decisions the save makes must be the user's to make.
                let before = if snapshot.customer.id.is_empty() {
                    None
                } else {
                    db.customer(&snapshot.customer.id).await.ok().flatten()
                };
                let actor = acting.actor.get_untracked();
                if let Err((_, gate)) = crate::core::people::may_change_file(
                    &actor,
                    before.as_ref(),
                    &snapshot.customer,
                ) {
                    outcome.set(Outcome::Gated(gate));
                    return;
                }
                // A change to a file needs its reason; a save that changes nothing does not.
                if let Some(before) = &before
                    && why.is_empty()
                    && validate(&snapshot, Utc::now().date_naive())
                        .is_ok_and(|after| !diff(before, &after).is_empty())
                {
                    outcome.set(Outcome::NeedReason);
                    return;
                }
                let ids = NewIds {
                    customer: new_id(),
                    history: new_id(),
                };
                match save(&db, &snapshot, profile.as_ref(), why, Utc::now(), ids).await {
                    Ok(saved) => {
                        files.upsert(&saved);
                        // Whoever just wrote the file is not "opening" it.
                        vault.mark_viewed(saved.id.clone());
                        navigate(&format!("/customers/{}", saved.id), Default::default());
                    }
                    Err(SaveError::Invalid(problems)) => {
                        errors.set(problems);
                        outcome.set(Outcome::Invalid);
                    }
                    Err(SaveError::NoProfile) => outcome.set(Outcome::NeedProfile),
                    Err(SaveError::Store(e)) => outcome.set(Outcome::Failed(e)),
                }
            });
        }
    };
    let on_discard = {
        let back = if existing_id.is_empty() {
            "/customers".to_owned()
        } else {
            format!("/customers/{existing_id}")
        };
        move |_| {
            let navigate = navigate.clone();
            let back = back.clone();
            spawn_local(async move {
                if let Some(db) = db.ready_untracked() {
                    let _ = db.delete_draft(&key.get_value()).await;
                }
                navigate(&back, Default::default());
            });
        }
    };
    let is_edit = !existing_id.is_empty();

    view! {
        <p class="muted" data-testid="draft-status">
            {move || match (restored, restored_at) {
                (true, Some(at)) => i18n.format(
                    Msg::DraftRestored,
                    &[("time", &at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())],
                ),
                _ => i18n.t(Msg::DraftAutosaved)().to_owned(),
            }}
        </p>
        {move || autosave_failed.get().map(|e| view! { <p class="notice notice-error" role="alert">{store_error_text(i18n, &e)}</p> })}
        <form class="customer-form" on:submit=|ev| ev.prevent_default()>
            <BasicSection />
            <ContactsSection />
            <PreferencesSection />
            <AddressSection />
            <ClassificationSection />
            <TraitsSection />
            <BusinessSection />
            <DealingsSection />
            <TradingSection />
        </form>
        <div class="save-bar" data-testid="save-bar">
            {move || match outcome.get() {
                Outcome::Invalid => Some(view! { <p class="field-error" role="alert" data-testid="form-errors">{i18n.t(Msg::FormHasErrors)}</p> }.into_any()),
                Outcome::NeedProfile => Some(view! {
                    <p class="field-error" role="alert" data-testid="need-profile">
                        {i18n.t(Msg::NeedProfile)} " " <a href="/settings">{i18n.t(Msg::GoToSettings)}</a>
                    </p>
                }.into_any()),
                Outcome::Failed(StoreError::Locked) if vault.state.get() == VaultState::NotSet => {
                    Some(view! { <p class="field-error" role="alert" data-testid="vault-not-set">{i18n.t(Msg::VaultNotSet)} " " <A href="/settings">{i18n.t(Msg::NavSettings)}</A></p> }.into_any())
                }
                Outcome::NeedReason => Some(view! { <p class="field-error" role="alert" data-testid="need-reason">{i18n.t(Msg::ChangeReasonNeeded)}</p> }.into_any()),
                Outcome::Gated(gate) => Some(view! { <p class="field-error" role="alert" data-testid="save-gated">{crate::ui::acting::gate_text(i18n, gate)}</p> }.into_any()),
                Outcome::Failed(e) => Some(view! { <p class="field-error" role="alert">{store_error_text(i18n, &e)}</p> }.into_any()),
                Outcome::Saving => Some(view! { <p class="muted">{i18n.t(Msg::Saving)}</p> }.into_any()),
                Outcome::Editing => None,
            }}
            {is_edit.then(|| view! {
                <label class="field reason">
                    <span class="field-label">{i18n.t(Msg::ChangeReason)}</span>
                    <input type="text" data-testid="change-reason" required aria-describedby="change-reason-hint"
                        class:invalid=move || outcome.get() == Outcome::NeedReason
                        prop:value=shown_reason on:input=move |ev| {
                            reason.set(Some(event_target_value(&ev)));
                            if outcome.get_untracked() == Outcome::NeedReason {
                                outcome.set(Outcome::Editing);
                            }
                        } />
                    <span class="muted" id="change-reason-hint">{i18n.t(Msg::ChangeReasonHint)}</span>
                </label>
            })}
            <div class="actions">
                <button type="button" on:click=on_discard data-testid="discard-draft">{i18n.t(Msg::DiscardDraft)}</button>
                <button type="button" class="primary" on:click=on_save data-testid="save-customer" disabled=move || outcome.get() == Outcome::Saving>
                    {i18n.t(Msg::SaveCustomer)}
                </button>
            </div>
        </div>
    }
}
