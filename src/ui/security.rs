//! Security events and leak reports as the user reads them: the notice after an unlock
//! that followed wrong passphrases, and the words for an event or a report, in the
//! reader's language (they are stored as what happened, never as text).

use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::app::use_db;
use super::i18n::{I18n, use_i18n};
use super::vault::use_vault;
use crate::core::i18n::Msg;
use crate::core::security::{EventKind, LeakReport, SecurityEvent};

/// `HH:MM` if `at` is today here, else the date before it.
pub fn local_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Local);
    let format = if local.date_naive() == Local::now().date_naive() {
        "%H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    local.format(format).to_string()
}

/// `YYYY-MM-DD HH:MM`, here.
pub fn local_date_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// What happened, in words.
pub fn event_text(i18n: I18n, e: &SecurityEvent) -> String {
    match &e.kind {
        EventKind::FailedUnlocks { count, last_at } => i18n.format(
            Msg::EventFailedUnlocks,
            &[
                ("n", &count.to_string()),
                ("time", &local_date_time(*last_at)),
            ],
        ),
        EventKind::RecoveryKeyUsed => i18n.t(Msg::EventRecoveryKeyUsed)().to_owned(),
        EventKind::PassphraseChanged => i18n.t(Msg::EventPassphraseChanged)().to_owned(),
        EventKind::Restored { backup_made } => i18n.format(
            Msg::EventRestored,
            &[("time", &local_date_time(*backup_made))],
        ),
        EventKind::SealedRecordFailed { store, record } => i18n.format(
            Msg::EventSealedRecordFailed,
            &[("store", store), ("record", record)],
        ),
        EventKind::ViewingRecordBroken { entry } => i18n.format(
            Msg::EventViewingRecordBroken,
            &[("entry", &entry.to_string())],
        ),
        EventKind::Unknown => i18n.t(Msg::EventUnknown)().to_owned(),
    }
}

/// "Filed 2026-11-22 14:05 by 李伟 (R07): …", then when it happened and the files.
pub fn leak_text(i18n: I18n, r: &LeakReport) -> String {
    let mut text = i18n.format(
        Msg::LeakLine,
        &[
            ("at", &local_date_time(r.at)),
            ("by", &r.by),
            ("what", &r.what),
        ],
    );
    if let Some(date) = r.when {
        text += " · ";
        text += &i18n.format(
            Msg::LeakWhenLine,
            &[("date", &date.format("%Y-%m-%d").to_string())],
        );
    }
    if !r.files.is_empty() {
        text += " · ";
        text += &i18n.format(Msg::LeakFilesLine, &[("files", &r.files.join(", "))]);
    }
    text
}

/// After an unlock: how many wrong passphrases were typed since the last one, and
/// when the last was, until the user dismisses it.
#[component]
pub fn FailedUnlocksNotice() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let dismissed = RwSignal::new(None::<String>);
    let notice = LocalResource::new(move || {
        let unlocked = vault.unlocked();
        async move {
            if !unlocked {
                return None;
            }
            db.ready()?.unlock_notice().await.ok().flatten()
        }
    });
    let shown = move || {
        notice
            .get()
            .flatten()
            .filter(|e| dismissed.with(|d| d.as_ref() != Some(&e.id)))
    };
    let dismiss = move |id: String| {
        dismissed.set(Some(id));
        if let Some(db) = db.ready_untracked() {
            // If this fails the notice comes back at the next unlock: nothing is lost.
            spawn_local(async move {
                let _ = db.dismiss_unlock_notice().await;
            });
        }
    };
    move || {
        let e = shown()?;
        let EventKind::FailedUnlocks { count, last_at } = e.kind else {
            return None;
        };
        let text = move || {
            let time = local_time(last_at);
            if count == 1 {
                i18n.format(Msg::UnlockFailedOne, &[("time", &time)])
            } else {
                i18n.format(
                    Msg::UnlockFailedMany,
                    &[("n", &count.to_string()), ("time", &time)],
                )
            }
        };
        let id = e.id.clone();
        Some(view! {
            <section class="notice notice-warning" role="alert" data-testid="failed-unlocks">
                <div class="notice-body">
                    <h2>{i18n.t(Msg::UnlockFailedTitle)}</h2>
                    <p data-testid="failed-unlocks-text">{text}</p>
                    <p>{i18n.t(Msg::UnlockFailedHint)}</p>
                </div>
                <div class="actions">
                    <button type="button" data-testid="failed-unlocks-dismiss" on:click=move |_| dismiss(id.clone())>
                        {i18n.t(Msg::Dismiss)}
                    </button>
                </div>
            </section>
        })
    }
}
