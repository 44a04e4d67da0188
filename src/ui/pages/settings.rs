//! Settings: language and what is stored on this computer.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PageTitle;
use crate::core::i18n::Msg;
use crate::core::units::format_bytes;
use crate::ui::app::use_db;
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
        <section class="card">
            <h2>{i18n.t(Msg::LanguageLabel)}</h2>
            <LanguageSwitch />
        </section>
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
