//! Export to the other side, and import with every check, a preview, then one commit.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Refresh, counts_text, exchange_error_text, who};
use crate::core::bundle::BundleError;
use crate::core::bundle::exchange::Exchange;
use crate::core::bundle::keys::{PublicIdentity, Role};
use crate::core::i18n::Msg;
use crate::core::picked::Expected;
use crate::core::store::StoreError;
use crate::platform::bundle_worker::{Payload, Preview};
use crate::platform::files;
use crate::platform::ids::new_id;
use crate::storage::ExchangeError;
use crate::ui::app::use_db;
use crate::ui::data::read_afresh;
use crate::ui::data::use_files;
use crate::ui::i18n::use_i18n;
use crate::ui::progress::{Work, WorkProgress};
use crate::ui::vault::use_vault;

/// A rep's laptop: what would go to head office, and the button that writes it.
#[component]
pub fn SendToOffice(exchange: Exchange) -> impl IntoView {
    let i18n = use_i18n();
    let Some(office) = exchange.office else {
        return ().into_any();
    };
    view! {
        <section class="card" data-testid="send-to-office">
            <h2>{i18n.t(Msg::BundlesExportTitle)}</h2>
            <ExportButton peer=office testid="export-bundle".to_owned() label=Msg::BundlesExport />
        </section>
    }
    .into_any()
}

/// The export buttons' state, kept by the app like the import's (each step reloads the
/// cards, and the work goes on while the user is on another page): one export at a
/// time, since they share this laptop's bundle numbers, and what the last one said,
/// under its button.
#[derive(Clone, Copy)]
pub struct ExportState {
    /// The peer whose bundle is being written.
    busy: RwSignal<Option<String>>,
    /// The peer of the last export, and its message.
    said: RwSignal<Option<(String, String)>>,
    /// The export under way, in the bundle worker.
    work: Work,
}

/// Provides the export and import cards' state, for the app's lifetime.
pub fn provide_transfer_state() {
    provide_context(ExportState {
        busy: RwSignal::new(None),
        said: RwSignal::new(None),
        work: Work::new(),
    });
    let import = ImportState {
        stage: RwSignal::new(Stage::Choose),
        picked: StoredValue::new_local(None),
        preview: StoredValue::new(None),
        work: Work::new(),
    };
    provide_context(import);
    // Locked while a bundle is checked or waits for its Import: its worker, which holds
    // the data key, ends, and the bundle is to be picked again. An import already
    // confirmed finishes.
    let vault = use_vault();
    Effect::new(move || {
        if !vault.unlocked()
            && matches!(
                import.stage.get_untracked(),
                Stage::Checking | Stage::Preview
            )
        {
            import.work.finish();
            import.preview.set_value(None);
            import.stage.set(Stage::Choose);
        }
    });
}

/// Exports a bundle for `peer`, with a preview of its counts.
#[component]
pub fn ExportButton(
    /// Whom the bundle is for.
    peer: PublicIdentity,
    /// Prefix of the test ids of its parts.
    testid: String,
    label: Msg,
) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let files_ctx = use_files();
    let everything = RwSignal::new(false);
    let ExportState { busy, said, work } = expect_context::<ExportState>();
    let peer_id = StoredValue::new(peer.id.clone());
    let preview = LocalResource::new(move || {
        refresh.track();
        let all = everything.get();
        async move {
            db.ready()?
                .export_preview(&peer_id.get_value(), all)
                .await
                .ok()
        }
    });
    let export = move |_| {
        // A second press while one is being written does nothing.
        if busy.get_untracked().is_some() {
            return;
        }
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let by = who(files_ctx);
        let peer = peer_id.get_value();
        let all = everything.get_untracked();
        busy.set(Some(peer.clone()));
        spawn_local(async move {
            // In the bundle worker, which shows its progress under the button.
            let result = async {
                let worker = work.start()?;
                worker.hand_over(&db).await?;
                worker.export(&peer, all, new_id(), &by).await
            }
            .await;
            work.finish();
            let text = match result {
                Ok(out) => {
                    let saved = files::download_array(
                        &out.head.file_name,
                        &out.bytes,
                        "application/octet-stream",
                    );
                    refresh.bump();
                    match saved {
                        Ok(()) => i18n.format(
                            Msg::BundlesExported,
                            &[
                                ("file", &out.head.file_name),
                                ("customers", &out.head.counts.customers.to_string()),
                                ("visits", &out.head.counts.visits.to_string()),
                                ("complaints", &out.head.counts.complaints.to_string()),
                            ],
                        ),
                        Err(_) => i18n.t(Msg::BundlesExportNotSaved)().to_owned(),
                    }
                }
                Err(e) => exchange_error_text(i18n, &e),
            };
            said.set(Some((peer, text)));
            busy.set(None);
        });
    };
    let message = move || {
        let me = peer_id.get_value();
        if busy.get().as_ref() == Some(&me) {
            return Some(i18n.t(Msg::BundlesExporting)().to_owned());
        }
        said.get()
            .filter(|(peer, _)| *peer == me)
            .map(|(_, text)| text)
    };
    view! {
        <p class="muted">{i18n.t(Msg::BundlesExportSince)}</p>
        <p data-testid=format!("{testid}-preview")>{move || preview.get().flatten().map(|c| counts_text(i18n, &c))}</p>
        <label class="check">
            <input type="checkbox" prop:checked=move || everything.get() on:change=move |ev| everything.set(event_target_checked(&ev)) />
            " " {i18n.t(Msg::BundlesExportAll)}
        </label>
        <div class="actions">
            <button type="button" class="primary" data-testid=testid.clone() disabled=move || busy.get().is_some() on:click=export>{i18n.t(label)}</button>
            <span role="status" data-testid=format!("{testid}-message")>{message}</span>
        </div>
        {move || (busy.get().as_ref() == Some(&peer_id.get_value())).then(|| view! {
            <WorkProgress work testid=format!("{testid}-progress") />
        })}
    }
}

/// What the import card shows.
#[derive(Clone)]
enum Stage {
    Choose,
    /// Head office: a laptop it does not know yet sent this; compare fingerprints.
    NewDevice(PublicIdentity),
    /// The picked file is being read and checked.
    Checking,
    Preview,
    /// Being written, in one transaction.
    Applying,
    /// Cancelled before its commit: nothing was written.
    Cancelled,
    Done(String),
    Refused(String),
}

/// The import card's state, kept by the app with the export's: a bundle checked,
/// awaiting its Import, stays so while the rest of the page reloads after a step
/// elsewhere on it (trusting a device, an export), and an import under way goes on
/// while the user searches the list.
#[derive(Clone, Copy)]
pub struct ImportState {
    stage: RwSignal<Stage>,
    /// The picked bundle, unread: the bundle worker reads it.
    picked: StoredValue<Option<(String, web_sys::File)>, LocalStorage>,
    /// What the checked bundle would do; the bundle itself waits in `work`'s worker.
    preview: StoredValue<Option<Preview>>,
    work: Work,
}

/// Import: check, preview, apply.
#[component]
pub fn Import(role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files_ctx = use_files();
    let refresh = expect_context::<Refresh>();
    let input = NodeRef::<leptos::html::Input>::new();
    let ImportState {
        stage,
        picked,
        preview,
        work,
    } = expect_context::<ImportState>();

    let check = move || {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let Some((name, file)) = picked.get_value() else {
            return;
        };
        let by = who(files_ctx);
        stage.set(Stage::Checking);
        spawn_local(async move {
            // Every check in the bundle worker, which keeps the checked bundle for the
            // apply and shows how far it is meanwhile.
            let result = async {
                let worker = work.start()?;
                worker.hand_over(&db).await?;
                worker.prepare(&name, Payload::File(&file), &by).await
            }
            .await;
            // Locked meanwhile: the check was dropped (see `provide_transfer_state`).
            if !matches!(stage.get_untracked(), Stage::Checking) {
                return;
            }
            match result {
                // Cancelled as the checks ended: the bundle is not offered.
                Ok(_) if work.cancelling.get_untracked() => {
                    work.finish();
                    stage.set(Stage::Cancelled);
                }
                Ok(p) => {
                    preview.set_value(Some(p));
                    work.pause();
                    stage.set(Stage::Preview);
                }
                Err(ExchangeError::Bundle(BundleError::UnknownSigner(device)))
                    if role == Role::HeadOffice =>
                {
                    work.finish();
                    stage.set(Stage::NewDevice(*device));
                }
                Err(ExchangeError::Store(StoreError::Cancelled)) => {
                    work.finish();
                    stage.set(Stage::Cancelled);
                }
                Err(e) => {
                    work.finish();
                    stage.set(Stage::Refused(exchange_error_text(i18n, &e)));
                }
            }
            refresh.bump();
        });
    };
    let on_pick = move |_| {
        let Some(el) = input.get_untracked() else {
            return;
        };
        let Some(name) = el.files().and_then(|f| f.get(0)).map(|f| f.name()) else {
            return;
        };
        stage.set(Stage::Checking);
        spawn_local(async move {
            match files::picked_file(&el, Expected::Bundle) {
                Ok(file) => {
                    picked.set_value(Some((name.clone(), file)));
                    check();
                }
                // Too large to be a bundle: refused from its size, unread.
                Err(files::PickError::TooLarge(too_large)) => stage.set(Stage::Refused(format!(
                    "{name}: {}",
                    too_large.text(i18n.lang())
                ))),
                // Pulled out, or unreadable: said, with the name it had.
                Err(files::PickError::Unreadable) => stage.set(Stage::Refused(format!(
                    "{name}: {}",
                    i18n.t(Msg::ErrFileUnreadable)()
                ))),
            }
            // The same file can be picked again.
            el.set_value("");
        });
    };
    let trust = move |device: PublicIdentity| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        spawn_local(async move {
            match db.trust_device(device).await {
                Ok(()) => check(),
                Err(e) => stage.set(Stage::Refused(exchange_error_text(i18n, &e))),
            }
        });
    };
    let apply = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        // A second press finds the import under way.
        if !matches!(stage.get_untracked(), Stage::Preview) {
            return;
        }
        let Some(worker) = work.worker() else {
            return;
        };
        let by = who(files_ctx);
        stage.set(Stage::Applying);
        spawn_local(async move {
            let result = worker.apply(&by).await;
            drop(worker);
            work.finish();
            preview.set_value(None);
            stage.set(match result {
                Ok(s) => Stage::Done(i18n.format(
                    Msg::BundlesApplied,
                    &[
                        ("new", &s.new.to_string()),
                        ("updated", &s.updated.to_string()),
                        ("conflicts", &s.conflicts.to_string()),
                    ],
                )),
                Err(ExchangeError::Store(StoreError::Cancelled)) => Stage::Cancelled,
                Err(e) => Stage::Refused(exchange_error_text(i18n, &e)),
            });
            // The lists show the imported files at once, the forms the new suggestions.
            read_afresh(&db, files_ctx).await;
            refresh.bump();
        });
    };
    let body = move || {
        match stage.get() {
        Stage::Choose => ().into_any(),
        Stage::NewDevice(device) => {
            let rep = format!("{} {}", device.rep_code, device.name);
            let fp = device.fingerprint();
            view! {
                <div class="notice" data-testid="new-device">
                    <p>{move || i18n.format(Msg::BundlesNewDevice, &[("rep", &rep), ("fp", &fp)])}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="trust-device" on:click=move |_| trust(device.clone())>
                            {i18n.t(Msg::BundlesTrust)}
                        </button>
                        <button type="button" on:click=move |_| stage.set(Stage::Choose)>{i18n.t(Msg::BundlesCancel)}</button>
                    </div>
                </div>
            }
            .into_any()
        }
        Stage::Preview => {
            let Some((from, seq, s)) = preview.with_value(|p| {
                p.as_ref().map(|p| (p.from.clone(), p.sequence, p.summary.clone()))
            }) else {
                return ().into_any();
            };
            view! {
                <div class="notice" data-testid="import-preview">
                    <p>{move || i18n.format(Msg::BundlesPreview, &[("from", &from), ("seq", &seq.to_string())])}</p>
                    <p data-testid="import-counts">
                        {move || i18n.format(
                            Msg::BundlesPreviewCounts,
                            &[
                                ("new", &s.new.to_string()),
                                ("updated", &s.updated.to_string()),
                                ("unchanged", &s.unchanged.to_string()),
                                ("conflicts", &s.conflicts.to_string()),
                                ("closures", &s.closures.to_string()),
                                ("visits", &s.visits.to_string()),
                                ("complaints", &s.complaints.to_string()),
                            ],
                        )}
                    </p>
                    {(s.emergencies > 0).then(|| view! {
                        <p class="notice-error" data-testid="import-emergencies">
                            {move || i18n.format(Msg::BundlesPreviewEmergencies, &[("n", &s.emergencies.to_string())])}
                        </p>
                    })}
                    {(s.destructions > 0).then(|| view! {
                        <p data-testid="import-destructions">
                            {move || i18n.format(Msg::BundlesPreviewDestroyed, &[("n", &s.destructions.to_string())])}
                        </p>
                    })}
                    <super::security::IncomingSecurity incoming=s.security.clone() />
                    <RefusedList refused=s.refused.clone() proposals=s.proposals />
                    {(s.refused.is_empty() && s.proposals > 0).then(|| view! {
                        <p data-testid="import-proposals">
                            {move || i18n.format(Msg::BundlesPreviewProposalsOnly, &[("n", &s.proposals.to_string())])}
                        </p>
                    })}
                    {(s.decisions > 0).then(|| view! {
                        <p data-testid="import-decisions">
                            {move || i18n.format(Msg::BundlesPreviewDecisions, &[("n", &s.decisions.to_string())])}
                        </p>
                    })}
                    <div class="actions">
                        <button type="button" class="primary" data-testid="apply-import" on:click=apply>{i18n.t(Msg::BundlesApply)}</button>
                        <button type="button" on:click=move |_| { work.finish(); preview.set_value(None); stage.set(Stage::Choose); }>{i18n.t(Msg::BundlesCancel)}</button>
                    </div>
                </div>
            }
            .into_any()
        }
        Stage::Checking => view! {
            <p class="notice" role="status" data-testid="import-busy">{i18n.t(Msg::BundlesChecking)}</p>
            <WorkProgress work testid="import-progress" />
        }.into_any(),
        Stage::Applying => view! {
            <p class="notice" role="status" data-testid="import-busy">{i18n.t(Msg::BundlesApplying)}</p>
            <WorkProgress work testid="import-progress" />
        }.into_any(),
        Stage::Cancelled => view! { <p class="notice" role="status" data-testid="import-cancelled">{i18n.t(Msg::StorageErrorCancelled)}</p> }.into_any(),
        Stage::Done(text) => view! { <p class="notice notice-ok" role="status" data-testid="import-done">{text}</p> }.into_any(),
        Stage::Refused(text) => view! { <p class="notice notice-error" role="alert" data-testid="import-error">{text}</p> }.into_any(),
    }
    };
    view! {
        <section class="card" data-testid="import">
            <h2>{i18n.t(Msg::BundlesImportTitle)}</h2>
            <p class="muted">{i18n.t(Msg::BundlesImportHint)}</p>
            <input
                type="file"
                accept=".dossier"
                data-testid="import-file"
                node_ref=input
                disabled=move || matches!(stage.get(), Stage::Checking | Stage::Applying)
                on:change=on_pick
            />
            {body}
        </section>
    }
}

/// The changes of a bundle its sender may not make: not imported, each with its file,
/// what it touched and why.
#[component]
fn RefusedList(refused: Vec<crate::core::authority::Refused>, proposals: usize) -> impl IntoView {
    let i18n = use_i18n();
    if refused.is_empty() {
        return ().into_any();
    }
    let n = refused.len().to_string();
    let rows = refused
        .into_iter()
        .map(|r| {
            let file = if r.archive_no.is_empty() {
                i18n.t(Msg::BundlesRefusedNoFile)().to_owned()
            } else {
                r.archive_no.clone()
            };
            let what = r.what_msg();
            let (msg, params) = r.reason.message();
            view! {
                <li data-testid="refused-change" data-what=r.what.clone() data-file=r.archive_no.clone()>
                    {move || {
                        let params: Vec<(&str, &str)> =
                            params.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        let reason = i18n.format(msg, &params);
                        i18n.format(
                            Msg::BundlesRefusedLine,
                            &[("file", &file), ("what", i18n.t(what)()), ("reason", &reason)],
                        )
                    }}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="notice-error" data-testid="import-refused">
            <p>{move || i18n.format(Msg::BundlesRefusedTitle, &[("n", &n)])}</p>
            <ul>{rows}</ul>
            {(proposals > 0).then(|| view! {
                <p data-testid="import-proposals">
                    {move || i18n.format(Msg::BundlesPreviewProposals, &[("n", &proposals.to_string())])}
                </p>
            })}
        </div>
    }
    .into_any()
}
