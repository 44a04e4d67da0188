//! Hand-carried bundles: setting up the exchange (head office, or a rep's laptop from
//! an enrolment file), this laptop's fingerprint, export and import with a preview,
//! head office's enrolment of reps, and the custody log.

mod office;
pub(crate) mod requests;
mod security;
mod transfer;

pub(crate) use transfer::provide_transfer_state;

use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::PageTitle;
use crate::core::bundle::BundleError;
use crate::core::bundle::exchange::{Direction, EnrolmentError, Exchange};
use crate::core::bundle::keys::Role;
use crate::core::i18n::Msg;
use crate::core::picked::Expected;
use crate::platform::files;
use crate::storage::ExchangeError;
use crate::ui::app::use_db;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::vault::{LockedPanel, use_vault};

/// Bumped after every change, so the page reloads what it shows.
#[derive(Clone, Copy)]
pub(crate) struct Refresh(RwSignal<u32>);

impl Refresh {
    pub(crate) fn new() -> Refresh {
        Refresh(RwSignal::new(0))
    }
    fn bump(self) {
        self.0.update(|n| *n += 1);
    }
    fn track(self) {
        self.0.track();
    }
}

#[component]
pub fn BundlesPage() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    view! {
        <PageTitle msg=Msg::BundlesTitle />
        {move || if vault.unlocked() {
            view! { <Exchanges /> }.into_any()
        } else {
            view! { <p class="notice">{i18n.t(Msg::BundlesNeedUnlock)}</p> <LockedPanel /> }.into_any()
        }}
    }
}

#[component]
fn Exchanges() -> impl IntoView {
    let db = use_db();
    let refresh = Refresh(RwSignal::new(0));
    provide_context(refresh);
    let exchange = LocalResource::new(move || {
        refresh.track();
        async move { db.ready()?.exchange().await.ok() }
    });
    let current = move || exchange.get().flatten();
    // The page's cards change only when the exchange is set up; after that they stay,
    // and keep what they say, while the exchange reloads after each step. Only those
    // that show the exchange itself are drawn again.
    let role = Memo::new(move |_| current().map(|ex| ex.map(|e| e.role)));
    move || match role.get() {
        None => ().into_any(),
        Some(None) => view! { <SetUp /> }.into_any(),
        Some(Some(role)) => {
            let ex = move || current().flatten();
            view! {
                // Leak reports wait at the very top until someone handles them.
                {(role == Role::HeadOffice).then(|| view! { <security::LeakReports /> })}
                {move || ex().map(|ex| view! { <ThisLaptop exchange=ex /> })}
                {match role {
                    Role::Field => view! {
                        {move || ex().map(|ex| view! { <transfer::SendToOffice exchange=ex /> })}
                        <security::ToSend exchange=Signal::derive(ex) />
                    }
                    .into_any(),
                    Role::HeadOffice => view! {
                        <requests::Requests />
                        <security::DeviceEvents exchange=Signal::derive(ex) />
                        {move || ex().map(|ex| view! { <office::Reps exchange=ex /> })}
                        <office::Enrol />
                        <office::ReferenceListsCard />
                    }
                    .into_any(),
                }}
                <transfer::Import role=role />
                <CustodyLog />
            }
            .into_any()
        }
    }
}

/// First time: head office, or a rep's laptop from its enrolment file.
#[component]
fn SetUp() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let problem = RwSignal::new(None::<String>);
    let office = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        spawn_local(async move {
            match db
                .set_up_head_office(i18n.t(Msg::BundlesRoleOffice)())
                .await
            {
                Ok(_) => refresh.bump(),
                Err(e) => problem.set(Some(exchange_error_text(i18n, &e))),
            }
        });
    };
    let input = NodeRef::<leptos::html::Input>::new();
    let files_ctx = crate::ui::data::use_files();
    let enrolment = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let Some(input) = input.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let bytes = match files::read_picked(&input, Expected::Enrolment).await {
                Ok((_, bytes)) => bytes,
                Err(files::PickError::TooLarge(too_large)) => {
                    problem.set(Some(too_large.text(i18n.lang())));
                    return;
                }
                Err(files::PickError::Unreadable) => return,
            };
            match db.set_up_from_enrolment(&bytes).await {
                Ok(_) => {
                    // The enrolment names the rep: the profile may have come from it.
                    if let Ok(profile) = db.profile().await {
                        files_ctx.profile.set(profile);
                    }
                    refresh.bump();
                }
                Err(e) => problem.set(Some(exchange_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <section class="card" data-testid="exchange-setup">
            <h2>{i18n.t(Msg::BundlesSetupTitle)}</h2>
            <p class="muted">{i18n.t(Msg::BundlesSetupHint)}</p>
            <div class="columns">
                <div>
                    <label class="field">
                        <span class="field-label">{i18n.t(Msg::BundlesSetupField)}</span>
                        <input type="file" accept=".dossier-enrol,application/json" data-testid="enrolment-file" node_ref=input on:change=enrolment />
                    </label>
                </div>
                <div>
                    <p class="muted">{i18n.t(Msg::BundlesSetupOfficeHint)}</p>
                    <button type="button" data-testid="setup-head-office" on:click=office>{i18n.t(Msg::BundlesSetupOffice)}</button>
                </div>
            </div>
            <p role="alert" class="field-error">{move || problem.get()}</p>
        </section>
    }
}

/// Who this laptop is, and the fingerprint people compare.
#[component]
fn ThisLaptop(exchange: Exchange) -> impl IntoView {
    let i18n = use_i18n();
    let role = match exchange.role {
        Role::Field => Msg::BundlesRoleField,
        Role::HeadOffice => Msg::BundlesRoleOffice,
    };
    let office_fp = exchange.office.as_ref().map(|o| o.fingerprint());
    // A field laptop restored from a backup has new keys that head office has not yet
    // trusted: until its first bundle is written, say so.
    let restored_fp = (exchange.role == Role::Field && exchange.needs_enrolment)
        .then(|| exchange.me.fingerprint());
    view! {
        <section class="card" data-testid="this-laptop">
            <h2>{i18n.t(Msg::BundlesThisLaptop)}</h2>
            <p>
                <strong>{i18n.t(role)}</strong> " · " {format!("{} {}", exchange.me.rep_code, exchange.me.name)}
            </p>
            <p>
                {i18n.t(Msg::BundlesFingerprint)} ": "
                <code class="fingerprint" data-testid="my-fingerprint">{exchange.me.fingerprint()}</code>
            </p>
            <p class="muted">{i18n.t(Msg::BundlesFingerprintHint)}</p>
            {restored_fp.map(|fp| view! {
                <p class="notice" data-testid="restored-new-keys">{move || i18n.format(Msg::BundlesRestoredNewKeys, &[("fp", &fp)])}</p>
            })}
            {office_fp.map(|fp| view! {
                <p data-testid="office-fingerprint">{move || i18n.format(Msg::BundlesOfficeFingerprint, &[("fp", &fp)])}</p>
            })}
        </section>
    }
}

/// Every bundle written or read here, newest first.
#[component]
fn CustodyLog() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let log = LocalResource::new(move || {
        refresh.track();
        async move { db.ready()?.custody_log().await.ok() }
    });
    move || {
        let entries = log.get().flatten().unwrap_or_default();
        (!entries.is_empty()).then(|| view! {
            <section class="card">
                <h2>{i18n.t(Msg::CustodyTitle)}</h2>
                <table class="table">
                    <tbody>
                        {entries.into_iter().map(|e| {
                            let when = e.at.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string();
                            let what = match e.direction {
                                Direction::Export => Msg::CustodyExport,
                                Direction::Import => Msg::CustodyImport,
                            };
                            let refused = (!e.refused.is_empty()).then(|| e.refused.clone());
                            let is_refused = refused.is_some();
                            view! {
                                <tr data-testid="custody-entry" class:refused=is_refused>
                                    <td>{when}</td>
                                    <td>{i18n.t(what)}</td>
                                    <td>{e.peer.clone()}</td>
                                    <td>{e.file_name.clone()}</td>
                                    <td class="muted">{format!("{} B · {}…", e.size, &e.sha256[..12.min(e.sha256.len())])}</td>
                                    <td>
                                        {refused.map(|why| i18n.format(Msg::CustodyRefused, &[("why", &why)]))}
                                        {(e.refused_changes > 0).then(|| view! {
                                            <span data-testid="custody-refused-changes">
                                                {i18n.format(Msg::CustodyRefusedChanges, &[("n", &e.refused_changes.to_string())])}
                                            </span>
                                        })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
        })
    }
}

/// What went wrong, in words the user can act on.
pub fn exchange_error_text(i18n: I18n, e: &ExchangeError) -> String {
    match e {
        ExchangeError::Bundle(b) => match b {
            BundleError::TooLarge => i18n.t(Msg::ErrBundleTooLarge)().to_owned(),
            BundleError::NotABundle => i18n.t(Msg::ErrBundleNotABundle)().to_owned(),
            BundleError::Damaged(d) => i18n.format(Msg::ErrBundleDamaged, &[("detail", d)]),
            BundleError::NewerFormat(_) => i18n.t(Msg::ErrBundleNewer)().to_owned(),
            BundleError::UnknownSigner(who) => i18n.format(
                Msg::BundlesNotEnrolled,
                &[("rep", &format!("{} {}", who.rep_code, who.name))],
            ),
            BundleError::SignerKeysChanged => i18n.t(Msg::ErrBundleKeysChanged)().to_owned(),
            BundleError::IdentityChanged(who) => {
                i18n.format(Msg::ErrBundleIdentityChanged, &[("who", who)])
            }
            BundleError::Revoked(r) => i18n.format(
                Msg::ErrBundleRevoked,
                &[
                    ("rep", &format!("{} {}", r.rep_code, r.name)),
                    ("fp", &r.fingerprint),
                    (
                        "date",
                        &r.at
                            .with_timezone(&chrono::Local)
                            .format("%Y-%m-%d")
                            .to_string(),
                    ),
                    ("reason", i18n.t(office::revoke_reason(r.reason))()),
                ],
            ),
            BundleError::BadSignature => i18n.t(Msg::ErrBundleSignature)().to_owned(),
            BundleError::WrongRecipient(who) => {
                i18n.format(Msg::ErrBundleWrongRecipient, &[("who", who)])
            }
            BundleError::AlreadyImported => i18n.t(Msg::ErrBundleAlready)().to_owned(),
            BundleError::Replayed { found, last } => i18n.format(
                Msg::ErrBundleReplayed,
                &[("found", &found.to_string()), ("last", &last.to_string())],
            ),
            BundleError::PayloadAltered => i18n.t(Msg::ErrBundleAltered)().to_owned(),
            BundleError::Truncated => i18n.t(Msg::ErrBundleTruncated)().to_owned(),
            BundleError::NotForThisKey => i18n.t(Msg::ErrBundleNotForUs)().to_owned(),
            BundleError::Repackaged => i18n.t(Msg::ErrBundleRepackaged)().to_owned(),
        },
        ExchangeError::Enrolment(en) => match en {
            EnrolmentError::NotAnEnrolment => i18n.t(Msg::ErrNotEnrolment)().to_owned(),
            EnrolmentError::Newer => i18n.t(Msg::ErrEnrolmentNewer)().to_owned(),
            EnrolmentError::NotEnrolled(rep) => {
                i18n.format(Msg::BundlesNotEnrolled, &[("rep", rep)])
            }
            EnrolmentError::Revoked => i18n.t(Msg::ErrEnrolmentRevoked)().to_owned(),
            EnrolmentError::IdTaken => i18n.t(Msg::ErrEnrolmentIdTaken)().to_owned(),
            EnrolmentError::OtherRep { enrolment, profile } => i18n.format(
                Msg::ErrEnrolmentOtherRep,
                &[("enrolment", enrolment), ("profile", profile)],
            ),
        },
        ExchangeError::Store(s) => store_error_text(i18n, s),
        ExchangeError::NotSetUp | ExchangeError::AlreadySetUp => {
            i18n.t(Msg::ErrBundlesNotSetUp)().to_owned()
        }
        ExchangeError::Concurrent => i18n.t(Msg::ErrBundlesConcurrent)().to_owned(),
    }
}

/// Counts of a bundle in words.
fn counts_text(i18n: I18n, c: &crate::core::bundle::Counts) -> String {
    i18n.format(
        Msg::BundlesCounts,
        &[
            ("customers", &c.customers.to_string()),
            ("visits", &c.visits.to_string()),
            ("complaints", &c.complaints.to_string()),
            ("history", &c.history.to_string()),
            ("viewings", &c.viewings.to_string()),
        ],
    )
}

/// The user's name for the custody log.
fn who(files: crate::ui::data::Files) -> String {
    files
        .profile
        .get_untracked()
        .map(|p| p.signature())
        .unwrap_or_default()
}

fn now() -> chrono::DateTime<Utc> {
    Utc::now()
}
