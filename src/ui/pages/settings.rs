//! Settings: language and what is stored on this computer.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PageTitle;
use crate::core::customer::archive_no;
use crate::core::i18n::Msg;
use crate::core::store::Profile;
use crate::core::units::format_bytes;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::store_error_text;
use crate::ui::i18n::{LanguageSwitch, use_i18n};
use crate::ui::status::{Persistence, use_status};

/// Language choice and the state of local storage.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_status();
    let db = use_db();
    let created = LocalResource::new(move || async move {
        let db = db.get()?.ok()?;
        db.created_at(Utc::now()).await.ok()
    });
    let persistence = move || match status.persistence.get() {
        Persistence::Kept => Some(Msg::StoragePersistentHint),
        Persistence::MayBeCleared => Some(Msg::StorageNotPersistentHint),
        _ => None,
    };
    view! {
        <PageTitle msg=Msg::SettingsTitle />
        <super::backup::RestoreCard />
        <ProfileCard />
        <super::people::PeopleCard />
        <super::vault::PassphraseCard />
        <super::backup::BackupCard />
        <super::leak::LeakReportCard />
        <section class="card">
            <h2>{i18n.t(Msg::LanguageLabel)}</h2>
            <LanguageSwitch />
        </section>
        <ComplaintDaysCard />
        <section class="card">
            <h2>{i18n.t(Msg::SettingsStorage)}</h2>
            <p data-testid="settings-persistence">{move || persistence().map(|m| i18n.t(m)())}</p>
            <p>
                {move || {
                    status.usage.get().map(|u| {
                        i18n.format(
                            Msg::StorageUsage,
                            &[("used", &format_bytes(u.used)), ("free", &format_bytes(u.free))],
                        )
                    })
                }}
            </p>
            <p data-testid="store-created">
                {move || {
                    created.get().flatten().map(|at| {
                        i18n.format(Msg::SettingsStoreCreated, &[("date", &at.format("%Y-%m-%d").to_string())])
                    })
                }}
            </p>
            <Show when=move || status.persistence.get() == Persistence::MayBeCleared>
                <button type="button" on:click=move |_| spawn_local(status.refresh_persistence(true))>
                    {i18n.t(Msg::PersistAskAgain)}
                </button>
            </Show>
        </section>
    }
}

/// How many days a complaint may wait for a decision before the agenda lists it.
#[component]
fn ComplaintDaysCard() -> impl IntoView {
    use crate::platform::prefs;
    let i18n = use_i18n();
    let days = RwSignal::new(prefs::complaint_decide_days());
    view! {
        <section class="card">
            <h2>{i18n.t(Msg::ComplaintsTitle)}</h2>
            <label class="field narrow">
                <span class="field-label">{i18n.t(Msg::ComplaintDecideDays)}</span>
                <input
                    type="number"
                    min="1"
                    max="90"
                    data-testid="complaint-decide-days"
                    prop:value=move || days.get().to_string()
                    on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse::<u32>()
                            && (1..=90).contains(&d)
                        {
                            prefs::set_complaint_decide_days(d);
                        }
                        days.set(prefs::complaint_decide_days());
                    }
                />
            </label>
        </section>
    }
}

/// Who uses this device: the name in change history, the rep code in archive numbers.
#[component]
fn ProfileCard() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let name = RwSignal::new(String::new());
    let rep_code = RwSignal::new(String::new());
    // Fill the form once the stored profile has loaded, unless the user began typing.
    let typed = RwSignal::new(false);
    Effect::new(move || {
        if let Some(p) = files.profile.get()
            && !typed.get_untracked()
        {
            name.set(p.name);
            rep_code.set(p.rep_code);
        }
    });
    let message = RwSignal::new(None::<String>);
    let name_missing = RwSignal::new(false);
    let code_invalid = RwSignal::new(false);
    let on_save = move |_| {
        let profile = Profile {
            name: name.get_untracked().trim().to_owned(),
            rep_code: rep_code.get_untracked().trim().to_owned(),
        };
        name_missing.set(profile.name.is_empty());
        code_invalid.set(!archive_no::is_rep_code(&profile.rep_code));
        if name_missing.get_untracked() || code_invalid.get_untracked() {
            message.set(None);
            return;
        }
        spawn_local(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            match db.set_profile(&profile).await {
                Ok(()) => {
                    typed.set(false);
                    files.profile.set(Some(profile));
                    message.set(Some(i18n.t(Msg::ProfileSaved)().to_owned()));
                }
                Err(e) => message.set(Some(store_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <section class="card" data-testid="profile">
            <h2>{i18n.t(Msg::ProfileTitle)}</h2>
            <p class="muted">{i18n.t(Msg::ProfileHint)}</p>
            <p class="muted" data-testid="origin-tied">
                {move || i18n.format(Msg::OriginTiedTo, &[("origin", &crate::ui::notices::origin())])}
            </p>
            <p class="muted" data-testid="release">
                {move || i18n.format(Msg::ReleaseRunning, &[("release", crate::core::release::CURRENT)])}
            </p>
            <div class="grid">
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::ProfileName)}</span>
                    <input type="text" prop:value=move || name.get() on:input=move |ev| {
                        typed.set(true);
                        name.set(event_target_value(&ev));
                    } />
                    <Show when=move || name_missing.get()>
                        <span class="field-error">{i18n.t(Msg::ErrRequired)}</span>
                    </Show>
                </label>
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::ProfileRepCode)}</span>
                    <input
                        type="text"
                        autocapitalize="characters"
                        prop:value=move || rep_code.get()
                        on:input=move |ev| {
                            typed.set(true);
                            rep_code.set(event_target_value(&ev).to_uppercase());
                        }
                    />
                    <Show when=move || code_invalid.get()>
                        <span class="field-error">{i18n.t(Msg::ProfileRepCodeInvalid)}</span>
                    </Show>
                </label>
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="save-profile" on:click=on_save>
                    {i18n.t(Msg::ProfileSave)}
                </button>
                <span role="status" data-testid="profile-message">{move || message.get()}</span>
            </div>
        </section>
    }
}
