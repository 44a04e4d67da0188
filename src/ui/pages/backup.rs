//! Settings' backup cards: make a backup (and how often to be reminded), and restore
//! one into an empty Dossier.

use chrono::Local;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::bundle::backup::{BackupError, Secret};
use crate::core::i18n::Msg;
use crate::core::picked::Expected;
use crate::platform::bundle_worker::Payload;
use crate::platform::ids::new_id;
use crate::platform::{files, prefs};
use crate::storage::RestoreError;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::progress::{Work, WorkProgress};
use crate::ui::vault::{VaultState, use_vault};

/// Make a backup now; shows the last one.
#[component]
pub fn BackupCard() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files_ctx = use_files();
    let vault = use_vault();
    let made = RwSignal::new(0u32);
    let message = RwSignal::new(None::<String>);
    let last = LocalResource::new(move || {
        made.track();
        async move { db.ready()?.last_backup().await.ok().flatten() }
    });
    let days = RwSignal::new(prefs::backup_reminder_days());
    let busy = Busy::new();
    let work = Work::new();
    let make = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let by = files_ctx
            .profile
            .get_untracked()
            .map(|p| p.name)
            .unwrap_or_default();
        busy.run(async move {
            message.set(None);
            // In the bundle worker, which shows its progress under the button.
            let result = async {
                let worker = work.start()?;
                worker.hand_over(&db).await?;
                worker.backup(&by, new_id()).await
            }
            .await;
            work.finish();
            message.set(Some(match result.map(|w| (w.head, w.bytes)) {
                Ok((name, bytes)) => {
                    match files::download_array(&name, &bytes, "application/octet-stream") {
                        Ok(()) => {
                            made.update(|n| *n += 1);
                            files_ctx.backed_up.update(|n| *n += 1);
                            i18n.format(Msg::BackupMade, &[("file", &name)])
                        }
                        Err(_) => i18n.t(Msg::ErrFileNotOffered)().to_owned(),
                    }
                }
                Err(e) => store_error_text(i18n, &e),
            }));
        });
    };
    view! {
        <section class="card" id="backup" data-testid="backup">
            <h2>{i18n.t(Msg::BackupTitle)}</h2>
            <p class="muted">{i18n.t(Msg::BackupHint)}</p>
            <p data-testid="last-backup">
                {move || match last.get().flatten() {
                    Some(at) => i18n.format(Msg::BackupLast, &[("date", &at.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())]),
                    None => i18n.t(Msg::BackupNever)().to_owned(),
                }}
            </p>
            <div class="actions">
                <button type="button" class="primary" data-testid="make-backup" disabled=move || !vault.unlocked() || busy.get() on:click=make>
                    {i18n.t(Msg::BackupMake)}
                </button>
                <span role="status" data-testid="backup-message">{move || message.get()}</span>
            </div>
            <WorkProgress work testid="backup-progress" />
            <Show when=move || !vault.unlocked()>
                <p class="muted">{i18n.t(Msg::BundlesNeedUnlock)}</p>
            </Show>
            <label class="field narrow">
                <span class="field-label">{i18n.t(Msg::BackupRemindDays)}</span>
                <input
                    type="number"
                    min="1"
                    max="365"
                    prop:value=move || days.get().to_string()
                    on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse::<u32>()
                            && (1..=365).contains(&d)
                        {
                            prefs::set_backup_reminder_days(d);
                            days.set(d);
                        }
                    }
                />
            </label>
        </section>
    }
}

/// Restore, offered only while this Dossier is empty.
#[component]
pub fn RestoreCard() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let empty = LocalResource::new(move || async move { db.ready()?.is_empty().await.ok() });
    let input = NodeRef::<leptos::html::Input>::new();
    let with_recovery = RwSignal::new(false);
    let secret = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let work = Work::new();
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(el) = input.get_untracked() else {
            return;
        };
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            // Unread here: the bundle worker reads it.
            let file = match files::picked_file(&el, Expected::Backup) {
                Ok(file) => file,
                Err(e) => {
                    busy.set(false);
                    if let files::PickError::TooLarge(too_large) = e {
                        problem.set(Some(too_large.text(i18n.lang())));
                    }
                    return;
                }
            };
            let text = secret.get_untracked();
            let secret = if with_recovery.get_untracked() {
                Secret::RecoveryKey(&text)
            } else {
                Secret::Passphrase(&text)
            };
            // In the bundle worker, which shows its progress meanwhile.
            let result = match work.start() {
                Ok(worker) => worker.restore(Payload::File(&file), secret).await,
                Err(e) => Err(e.into()),
            };
            work.finish();
            match result {
                // Every part of the app reads its data afresh.
                Ok(_) => {
                    let _ = window().location().reload();
                }
                Err(e) => {
                    busy.set(false);
                    problem.set(Some(restore_error_text(i18n, &e)));
                }
            }
        });
    };
    let shown =
        move || empty.get().flatten() == Some(true) && vault.state.get() == VaultState::NotSet;
    view! {
        <Show when=shown>
            <form class="card" data-testid="restore" on:submit=restore>
                <h2>{i18n.t(Msg::RestoreTitle)}</h2>
                <p class="muted">{i18n.t(Msg::RestoreHint)}</p>
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::RestoreFile)}</span>
                    <input type="file" accept=".dossier-backup" data-testid="restore-file" node_ref=input />
                </label>
                <fieldset class="field">
                    <legend class="field-label">{i18n.t(Msg::RestoreWith)}</legend>
                    <label class="check">
                        <input type="radio" name="restore-with" prop:checked=move || !with_recovery.get() on:change=move |_| with_recovery.set(false) />
                        " " {i18n.t(Msg::RestoreWithPassphrase)}
                    </label>
                    " "
                    <label class="check">
                        <input type="radio" name="restore-with" data-testid="restore-with-recovery" prop:checked=move || with_recovery.get() on:change=move |_| with_recovery.set(true) />
                        " " {i18n.t(Msg::RestoreWithRecovery)}
                    </label>
                </fieldset>
                <label class="field">
                    <span class="field-label">{i18n.t(Msg::RestoreSecret)}</span>
                    <input
                        type=move || if with_recovery.get() { "text" } else { "password" }
                        autocomplete="off"
                        data-testid="restore-secret"
                        prop:value=move || secret.get()
                        on:input=move |ev| secret.set(event_target_value(&ev))
                    />
                </label>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="restore-button" disabled=move || busy.get()>{i18n.t(Msg::Restore)}</button>
                    <span role="status" data-testid="restore-message">
                        {move || if busy.get() { Some(i18n.t(Msg::Restoring)().to_owned()) } else { problem.get() }}
                    </span>
                </div>
                <WorkProgress work testid="restore-progress" />
            </form>
        </Show>
    }
}

fn restore_error_text(i18n: I18n, e: &RestoreError) -> String {
    match e {
        RestoreError::NotEmpty => i18n.t(Msg::RestoreNotEmpty)().to_owned(),
        RestoreError::Store(s) => store_error_text(i18n, s),
        RestoreError::Backup(b) => match b {
            BackupError::NotABackup => i18n.t(Msg::ErrBackupNotABackup)().to_owned(),
            BackupError::Damaged(d) => i18n.format(Msg::ErrBackupDamaged, &[("detail", d)]),
            BackupError::Newer => i18n.t(Msg::ErrBackupNewer)().to_owned(),
            BackupError::WrongPassphrase => i18n.t(Msg::ErrBackupPassphrase)().to_owned(),
            BackupError::WrongRecoveryKey => i18n.t(Msg::VaultWrongRecovery)().to_owned(),
            BackupError::MistypedRecoveryKey => i18n.t(Msg::VaultMistypedRecovery)().to_owned(),
        },
    }
}
