//! Notices above the page: what the user must know now, each with what to do about it.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::app::use_db;
use super::data::use_files;
use super::i18n::{store_error_text, use_i18n};
use super::status::{Persistence, use_status};
use super::vault::{VaultState, use_vault};
use crate::core::i18n::Msg;
use crate::platform::service_worker;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// How long the "ready offline" notice stays before it leaves by itself.
const OFFLINE_READY_SHOWN: Duration = Duration::from_secs(10);

/// All notices, most urgent first.
#[component]
pub fn Notices() -> impl IntoView {
    view! {
        <div class="notices">
            <StoreErrorNotice />
            <ConfidentialReadNotice />
            <super::security::FailedUnlocksNotice />
            <OriginNotice />
            <SetupNotice />
            <BackupReminder />
            <UpdateNotice />
            <PersistenceNotice />
            <OfflineReadyNotice />
        </div>
    }
}

/// The database could not be opened: nothing can be saved, so say why and what to do.
#[component]
fn StoreErrorNotice() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    move || {
        let error = db.get().and_then(|r| r.err())?;
        Some(view! {
            <section class="notice notice-error" role="alert" data-testid="storage-error">
                <div class="notice-body">
                    <h2>{i18n.t(Msg::StorageErrorTitle)}</h2>
                    <p>{move || store_error_text(i18n, &error)}</p>
                </div>
            </section>
        })
    }
}

/// Unlocked, but reading the confidential files for the list failed: say so, with a
/// retry, rather than leave their rows looking locked without a word.
#[component]
fn ConfidentialReadNotice() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    move || {
        let error = vault.catalogue_problem.get()?;
        Some(view! {
            <section class="notice notice-error" role="alert" data-testid="confidential-read-failed">
                <div class="notice-body">
                    <h2>{i18n.t(Msg::VaultCatalogueFailedTitle)}</h2>
                    <p>{i18n.t(Msg::VaultCatalogueFailedBody)}</p>
                    <p>{move || store_error_text(i18n, &error)}</p>
                </div>
                <div class="actions">
                    <button
                        type="button"
                        class="primary"
                        data-testid="confidential-read-retry"
                        on:click=move |_| spawn_local(vault.read_confidential())
                    >
                        {i18n.t(Msg::TryAgain)}
                    </button>
                </div>
            </section>
        })
    }
}

/// First start: no profile or no passphrase yet. Not shown on Settings, where both are
/// set.
#[component]
fn SetupNotice() -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let vault = use_vault();
    let location = use_location();
    let shown = move || {
        let incomplete = (files.loaded.get().is_some() && files.profile.get().is_none())
            || vault.state.get() == VaultState::NotSet;
        incomplete && location.pathname.get() != "/settings" && !is_empty_store(files, vault)
    };
    view! {
        <Show when=shown>
            <section class="notice" role="status" data-testid="setup-notice">
                <p class="notice-body">{i18n.t(Msg::SetupNotice)}</p>
                <div class="actions">
                    <A href="/settings" attr:class="button primary">{i18n.t(Msg::SetupNoticeGo)}</A>
                </div>
            </section>
        </Show>
    }
}

/// Nothing at all in this browser at this address yet: no profile, no passphrase, no
/// file. Also what a rep sees who opens Dossier at another address than before.
fn is_empty_store(files: super::data::Files, vault: super::vault::Vault) -> bool {
    files.loaded.get().is_some()
        && files.profile.get().is_none()
        && vault.state.get() == VaultState::NotSet
        && files.catalogue.with(|c| c.is_empty())
}

/// The page's origin (scheme, host and port): where the browser keeps this store.
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// An empty store: say where the data of this address lives and ask whether this is a
/// new laptop or a move, so that a rep who opens Dossier at a new address (another
/// port, host or scheme) does not take the empty list for lost files.
#[component]
fn OriginNotice() -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let vault = use_vault();
    let moving = RwSignal::new(false);
    let shown = move || is_empty_store(files, vault);
    view! {
        <Show when=shown>
            <section class="notice" role="status" data-testid="origin-notice">
                <div class="notice-body">
                    <h2>{i18n.t(Msg::OriginEmptyTitle)}</h2>
                    <p>{move || i18n.format(Msg::OriginEmptyBody, &[("origin", &origin())])}</p>
                    <Show when=move || moving.get()>
                        <p data-testid="origin-moving">{i18n.t(Msg::OriginMovingBody)}</p>
                    </Show>
                </div>
                <div class="actions">
                    <Show
                        when=move || moving.get()
                        fallback=move || view! {
                            <a href="/settings" class="button primary" data-testid="origin-new">{i18n.t(Msg::OriginNew)}</a>
                            <button type="button" data-testid="origin-moving-button" on:click=move |_| moving.set(true)>
                                {i18n.t(Msg::OriginMoving)}
                            </button>
                        }
                    >
                        <a href="/settings" class="button primary" data-testid="origin-restore">{i18n.t(Msg::OriginRestore)}</a>
                        <a href="/bundles" class="button" data-testid="origin-enrol">{i18n.t(Msg::OriginEnrol)}</a>
                    </Show>
                </div>
            </section>
        </Show>
    }
}

/// The last backup or bundle is older than the user wants: say so, with the way out.
#[component]
fn BackupReminder() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let location = use_location();
    let days = crate::platform::prefs::backup_reminder_days();
    let status = use_status();
    let newest = LocalResource::new(move || {
        // Read at start and after each backup or export, not at every page change: a
        // notice that blinks while the user clicks moves the buttons under the pointer.
        files.backed_up.track();
        async move {
            let db = db.ready()?;
            let backup = db.last_backup().await.ok().flatten();
            let export = db
                .custody_log()
                .await
                .ok()?
                .into_iter()
                .find(|e| {
                    e.direction == crate::core::bundle::exchange::Direction::Export
                        && e.refused.is_empty()
                })
                .map(|e| e.at);
            Some(backup.max(export))
        }
    });
    let state = move || {
        let has_files = files.catalogue.with(|c| !c.is_empty());
        let newest = newest.get().flatten()?;
        let old = match newest {
            None => Some(None),
            Some(at) if (chrono::Utc::now() - at).num_days() >= i64::from(days) => Some(Some(at)),
            Some(_) => None,
        }?;
        let update_says_it = status.update_asks_backup.get();
        (has_files && location.pathname.get() != "/settings" && !update_says_it).then_some(old)
    };
    move || {
        state().map(|old| {
            let text = match old {
                None => i18n.t(Msg::BackupReminderNever)().to_owned(),
                Some(_) => i18n.format(Msg::BackupReminder, &[("days", &days.to_string())]),
            };
            view! {
                <section class="notice notice-warning" role="status" data-testid="backup-reminder">
                    <p class="notice-body">{text}</p>
                    <div class="actions">
                        <A href="/settings" attr:class="button">{i18n.t(Msg::BackupReminderGo)}</A>
                    </div>
                </section>
            }
        })
    }
}

/// A new build is waiting: offered, never forced, so a half-typed form is never cut off.
/// A step to a new major release (or an older or unnamed one) may change how data is
/// stored: the notice then asks for a backup first and says when the last one was made.
#[component]
fn UpdateNotice() -> impl IntoView {
    use crate::core::release::{self, Release, Step};
    let i18n = use_i18n();
    let status = use_status();
    let db = use_db();
    let files = use_files();
    // Asked once a build waits; a build from before releases were named never answers.
    let waiting = LocalResource::new(move || {
        let ready = status.update_ready.get();
        async move {
            if !ready {
                return None;
            }
            let said = service_worker::waiting_release().await;
            Some((release::step(Release::current(), said.as_deref()), said))
        }
    });
    let careful = move || {
        waiting
            .get()
            .flatten()
            .filter(|(step, _)| step.asks_for_backup())
    };
    // Read only when the notice says it, not at every start.
    let last_backup = LocalResource::new(move || {
        files.backed_up.track();
        let asked = careful().is_some();
        async move {
            if !asked {
                return None;
            }
            db.ready()?.last_backup().await.ok().flatten()
        }
    });
    Effect::new(move || {
        status
            .update_asks_backup
            .set(status.update_ready.get() && careful().is_some());
    });
    // Shown once the step is known: the plain notice first, then a warning in its place,
    // would let a quick click switch before the backup is asked for.
    view! {
        <Show when=move || status.update_ready.get() && waiting.get().flatten().is_some()>
            <section
                class=move || if careful().is_some() { "notice notice-warning" } else { "notice" }
                role="status"
                data-testid="update-ready"
            >
                <div class="notice-body">
                    <p>
                        {move || match careful() {
                            None => i18n.t(Msg::UpdateReady)().to_owned(),
                            Some((Step::Older, Some(said))) => {
                                i18n.format(Msg::UpdateOlder, &[("release", &said)])
                            }
                            Some((_, Some(said))) => i18n.format(Msg::UpdateMajor, &[("release", &said)]),
                            Some((_, None)) => i18n.t(Msg::UpdateUnnamed)().to_owned(),
                        }}
                    </p>
                    <Show when=move || careful().is_some()>
                        <p data-testid="update-last-backup">
                            {move || match last_backup.get().flatten() {
                                Some(at) => i18n.format(
                                    Msg::UpdateLastBackup,
                                    &[("time", &super::security::local_date_time(at))],
                                ),
                                None => i18n.t(Msg::UpdateNoBackup)().to_owned(),
                            }}
                        </p>
                    </Show>
                </div>
                <div class="actions">
                    <Show when=move || careful().is_some()>
                        <a href="/settings#backup" class="button primary" data-testid="update-backup">
                            {i18n.t(Msg::UpdateBackupFirst)}
                        </a>
                    </Show>
                    <button
                        type="button"
                        class=move || if careful().is_some() { "" } else { "primary" }
                        data-testid="update-reload"
                        on:click=move |_| spawn_local(service_worker::apply_update())
                    >
                        {i18n.t(Msg::UpdateReload)}
                    </button>
                    <button type="button" on:click=move |_| status.update_ready.set(false)>
                        {i18n.t(Msg::UpdateLater)}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// The browser refused persistent storage: explain the risk and the remedy.
#[component]
fn PersistenceNotice() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_status();
    let dismissed = RwSignal::new(false);
    let shown = move || status.persistence.get() == Persistence::MayBeCleared && !dismissed.get();
    view! {
        <Show when=shown>
            <section class="notice notice-warning" role="status" data-testid="persistence-refused">
                <div class="notice-body">
                    <h2>{i18n.t(Msg::PersistRefusedTitle)}</h2>
                    <p>{i18n.t(Msg::PersistRefusedBody)}</p>
                </div>
                <div class="actions">
                    <button
                        type="button"
                        class="primary"
                        data-testid="persistence-ask-again"
                        on:click=move |_| spawn_local(status.refresh_persistence(true))
                    >
                        {i18n.t(Msg::PersistAskAgain)}
                    </button>
                    <button type="button" on:click=move |_| dismissed.set(true)>
                        {i18n.t(Msg::Dismiss)}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// Confirms, once, that the app now opens without a network.
#[component]
fn OfflineReadyNotice() -> impl IntoView {
    let i18n = use_i18n();
    let status = use_status();
    Effect::new(move || {
        if status.offline_ready.get() {
            set_timeout(move || status.offline_ready.set(false), OFFLINE_READY_SHOWN);
        }
    });
    view! {
        <Show when=move || status.offline_ready.get()>
            <section class="notice notice-ok" role="status" data-testid="offline-ready">
                <p class="notice-body">{i18n.t(Msg::OfflineReady)}</p>
                <div class="actions">
                    <button type="button" on:click=move |_| status.offline_ready.set(false)>
                        {i18n.t(Msg::Dismiss)}
                    </button>
                </div>
            </section>
        </Show>
    }
}
