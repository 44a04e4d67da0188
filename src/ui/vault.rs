//! The vault as the user meets it: locked or unlocked, locking itself when the laptop
//! is left alone, the unlock form, and the gate in front of every confidential file
//! (unlock first; for 机密 and 绝密, state the purpose, which goes on the viewing record).

use std::collections::HashSet;
use std::time::Duration;

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::app::{AppDb, use_db};
use super::data::{Files, use_files};
use super::i18n::{store_error_text, use_i18n};
use crate::core::customer::model::SecretLevel;
use crate::core::i18n::{Msg, labels};
use crate::core::store::StoreError;
use crate::core::vault::UnlockError;
use crate::core::vault::log::Viewing;
use crate::platform::{self, prefs};

/// A tab hidden this long locks, whatever the idle delay.
const HIDDEN_LIMIT_MS: f64 = 2.0 * 60_000.0;
/// A gap this long between two ticks of a 5-second timer means the laptop slept.
const SLEEP_GAP_MS: f64 = 90_000.0;
const TICK: Duration = Duration::from_secs(5);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultState {
    /// Reading the header.
    Checking,
    /// No passphrase set on this device yet.
    NotSet,
    Locked,
    Unlocked,
}

/// The vault context.
#[derive(Clone, Copy)]
pub struct Vault {
    pub state: RwSignal<VaultState>,
    /// Bumped at every lock: the pages re-render, dropping whatever they showed.
    pub epoch: RwSignal<u32>,
    /// Files whose purpose was given since the last unlock.
    viewed: RwSignal<HashSet<String>>,
    pub auto_lock_minutes: RwSignal<u32>,
    /// Why the confidential files could not be read after the last unlock, if they could
    /// not: they stay locked-looking in the list until a retry succeeds.
    pub catalogue_problem: RwSignal<Option<StoreError>>,
    unlocked: Memo<bool>,
    last_activity: StoredValue<f64>,
    /// Who is acting: the person unlocked at a desk with people.
    pub acting: super::acting::Acting,
    db: AppDb,
    files: Files,
}

impl Vault {
    /// Whether confidential files are open (tracked). A memo, so pages that reload on
    /// unlock and lock do not also reload when the state is first read at start
    /// (checking → not set), which would replace a form the user is already typing in.
    pub fn unlocked(self) -> bool {
        self.unlocked.get()
    }

    /// Drops the key and everything confidential on screen and in memory.
    pub fn lock(self) {
        if self.state.get_untracked() != VaultState::Unlocked {
            return;
        }
        if let Some(db) = self.db.ready_untracked() {
            db.lock();
        }
        self.viewed.set(HashSet::new());
        self.catalogue_problem.set(None);
        self.files.redact_sealed();
        self.state.set(VaultState::Locked);
        self.epoch.update(|e| *e += 1);
        self.acting.refresh();
    }

    /// After a successful unlock (or setup): confidential files join the catalogue.
    pub async fn opened(self) {
        self.last_activity.set_value(platform::now_ms());
        self.acting.refresh();
        self.state.set(VaultState::Unlocked);
        self.read_confidential().await;
    }

    /// Reads the confidential files' catalogue entries (sealing any left in the clear)
    /// so they show and can be found in the list. A failure is kept for the notice that
    /// offers a retry; a result that arrives after a lock is dropped.
    pub async fn read_confidential(self) {
        let Some(db) = self.db.ready_untracked() else {
            return;
        };
        let epoch = self.epoch.get_untracked();
        self.catalogue_problem.set(None);
        let result = db.unsealed_catalogue().await;
        if self.epoch.get_untracked() != epoch || self.state.get_untracked() != VaultState::Unlocked
        {
            return;
        }
        match result {
            Ok(entries) => self.files.merge_unsealed(entries),
            Err(e) => self.catalogue_problem.set(Some(e)),
        }
    }

    /// Whether the purpose of viewing file `id` was given since the unlock (tracked).
    pub fn has_viewed(self, id: &str) -> bool {
        self.viewed.with(|v| v.contains(id))
    }

    /// Lets file `id` open without asking the purpose again until the next lock.
    pub fn mark_viewed(self, id: String) {
        self.viewed.update(|v| {
            v.insert(id);
        });
    }

    pub fn set_auto_lock_minutes(self, minutes: u32) {
        prefs::set_auto_lock_minutes(minutes);
        self.auto_lock_minutes.set(minutes);
    }
}

/// Provides the [`Vault`], reads whether one exists, and locks it when the user is
/// away: idle longer than the chosen delay, the laptop asleep, or the tab hidden.
pub fn provide_vault(db: AppDb, files: Files) -> Vault {
    let state = RwSignal::new(VaultState::Checking);
    let vault = Vault {
        state,
        unlocked: Memo::new(move |_| state.get() == VaultState::Unlocked),
        epoch: RwSignal::new(0),
        viewed: RwSignal::new(HashSet::new()),
        auto_lock_minutes: RwSignal::new(prefs::auto_lock_minutes()),
        catalogue_problem: RwSignal::new(None),
        last_activity: StoredValue::new(platform::now_ms()),
        acting: super::acting::Acting::new(db, files),
        db,
        files,
    };
    provide_context(vault);
    provide_context(vault.acting);
    Effect::new(move || {
        let Some(db) = db.ready() else { return };
        spawn_local(async move {
            let state = match db.vault_header().await {
                Ok(Some(_)) => VaultState::Locked,
                _ => VaultState::NotSet,
            };
            vault.state.set(state);
            vault.acting.refresh();
        });
    });

    let touch = move || vault.last_activity.set_value(platform::now_ms());
    let _ = window_event_listener(leptos::ev::keydown, move |_| touch());
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| touch());
    let _ = window_event_listener(leptos::ev::wheel, move |_| touch());

    let last_tick = StoredValue::new(platform::now_ms());
    let hidden_since = StoredValue::new(None::<f64>);
    let check = move || {
        let now = platform::now_ms();
        let slept = now - last_tick.get_value() > SLEEP_GAP_MS;
        last_tick.set_value(now);
        if platform::page_hidden() {
            if hidden_since.get_value().is_none() {
                hidden_since.set_value(Some(now));
            }
        } else {
            hidden_since.set_value(None);
        }
        let idle_limit = f64::from(vault.auto_lock_minutes.get_untracked()) * 60_000.0;
        let idle = now - vault.last_activity.get_value() > idle_limit;
        let hidden_long = hidden_since
            .get_value()
            .is_some_and(|since| now - since > HIDDEN_LIMIT_MS);
        if slept || idle || hidden_long {
            vault.lock();
        }
    };
    set_interval(check, TICK);
    let _ = window_event_listener(leptos::ev::visibilitychange, move |_| check());
    vault
}

pub fn use_vault() -> Vault {
    expect_context::<Vault>()
}

/// The passphrase form. On success the vault opens where the user is.
#[component]
pub fn UnlockForm() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    // At a desk with people: who is unlocking.
    let desk = vault.acting.desk;
    let who = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        // At a desk with people, nobody unlocks without saying who; the passphrase typed
        // stays, and no attempt is counted.
        if desk.with_untracked(|d| !d.is_empty()) && who.with_untracked(String::is_empty) {
            problem.set(Some(i18n.t(Msg::PersonChooseFirst)().to_owned()));
            return;
        }
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            // Let "Unlocking…" paint before Argon2 holds the page for a moment.
            platform::after_paint().await;
            let person = who.get_untracked();
            let result = if desk.with_untracked(|d| d.is_empty()) {
                db.unlock(&passphrase.get_untracked(), Utc::now()).await
            } else {
                db.unlock_as(&person, &passphrase.get_untracked(), Utc::now())
                    .await
                    .map(|_| ())
            };
            busy.set(false);
            match result {
                Ok(()) => {
                    passphrase.set(String::new());
                    vault.opened().await;
                }
                Err(e) => {
                    problem.set(Some(unlock_error_text(i18n, &e)));
                    passphrase.set(String::new());
                    if let Some(input) = input.get_untracked() {
                        let _ = input.focus();
                    }
                }
            }
        });
    };
    view! {
        <form class="card unlock-form" data-testid="unlock-form" on:submit=on_submit>
            <h2>{i18n.t(Msg::VaultUnlockTitle)}</h2>
            <p class="muted">{i18n.t(Msg::VaultUnlockHint)}</p>
            <super::acting::PersonPicker who=who testid="unlock-person" />
            <label class="field">
                <span class="field-label">{i18n.t(Msg::VaultPassphrase)}</span>
                <input
                    type="password"
                    autocomplete="current-password"
                    data-testid="unlock-passphrase"
                    node_ref=input
                    prop:value=move || passphrase.get()
                    on:input=move |ev| passphrase.set(event_target_value(&ev))
                />
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="unlock" disabled=move || busy.get()>
                    {i18n.t(Msg::VaultUnlock)}
                </button>
                <span role="status" data-testid="unlock-message">
                    {move || if busy.get() { Some(i18n.t(Msg::VaultUnlocking)().to_owned()) } else { problem.get() }}
                </span>
            </div>
            <p><A href="/unlock?recover=1">{i18n.t(Msg::VaultForgot)}</A></p>
        </form>
    }
}

/// What an unlock failure means, in the current language.
pub fn unlock_error_text(i18n: super::i18n::I18n, e: &UnlockError) -> String {
    match e {
        UnlockError::WrongPassphrase => i18n.t(Msg::VaultWrongPassphrase)().to_owned(),
        UnlockError::WrongRecoveryKey => i18n.t(Msg::VaultWrongRecovery)().to_owned(),
        UnlockError::MistypedRecoveryKey => i18n.t(Msg::VaultMistypedRecovery)().to_owned(),
        UnlockError::Wait(s) => i18n.format(Msg::VaultWait, &[("seconds", &s.to_string())]),
        UnlockError::NoVault => i18n.t(Msg::VaultNotSet)().to_owned(),
        UnlockError::Store(e) => store_error_text(i18n, e),
    }
}

/// What stands in front of a confidential file.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Gate {
    /// The catalogue is still loading.
    Wait,
    Locked(SecretLevel),
    Purpose(SecretLevel, String),
    /// At head office, below department head: a viewing request first.
    Request(crate::core::people::viewing::Access, String),
    Open,
}

/// Shows `children` (a file, or a page about one) only once the vault is unlocked, for
/// 秘密 and above the purpose of the viewing is on the record, and for 机密 and 绝密 at
/// head office below department head, an approved viewing request covers today.
#[component]
pub fn FileGate(
    /// The file the page is about.
    #[prop(into)]
    customer_id: Signal<String>,
    children: ChildrenFn,
) -> impl IntoView {
    let files = use_files();
    let vault = use_vault();
    let needed = Memo::new(move |_| {
        let id = customer_id.get();
        files
            .catalogue
            .with(|all| all.get(&id).is_some_and(|e| e.secret.needs_request()))
    });
    let requests = super::viewing::requests_resource(vault, needed);
    // A memo, so a catalogue change (a save) does not re-create the page behind it.
    let gate = Memo::new(move |_| {
        use crate::core::people::viewing::{Access, access};
        if files.loaded.get().is_none() {
            return Gate::Wait;
        }
        let id = customer_id.get();
        let entry = files
            .catalogue
            .with(|all| all.get(&id).map(|e| (e.secret, e.archive_no.clone())));
        match entry {
            Some((level, _)) if level.is_sealed() && !vault.unlocked() => Gate::Locked(level),
            Some((level, no)) if level.needs_request() => {
                let Some(held) = requests.get() else {
                    return Gate::Wait;
                };
                let today = chrono::Local::now().date_naive();
                match vault
                    .acting
                    .actor
                    .with(|a| access(a, &id, held.as_deref().unwrap_or_default(), today))
                {
                    Access::Free | Access::Approved(_) if !vault.has_viewed(&id) => {
                        Gate::Purpose(level, no)
                    }
                    Access::Free | Access::Approved(_) => Gate::Open,
                    // Whoever just wrote the file (or opened it) in this unlock has seen it.
                    _ if vault.has_viewed(&id) => Gate::Open,
                    other => Gate::Request(other, no),
                }
            }
            Some((level, no)) if level.needs_purpose() && !vault.has_viewed(&id) => {
                Gate::Purpose(level, no)
            }
            _ => Gate::Open,
        }
    });
    move || {
        match gate.get() {
        Gate::Wait => ().into_any(),
        Gate::Locked(level) => view! { <LockedFile level=level /> }.into_any(),
        Gate::Purpose(level, archive_no) => {
            view! { <PurposeForm customer_id=customer_id.get_untracked() archive_no=archive_no level=level /> }
                .into_any()
        }
        Gate::Request(access, archive_no) => view! {
            <super::viewing::RequestGate customer_id=customer_id.get_untracked() archive_no=archive_no access=access requests=requests />
        }
        .into_any(),
        Gate::Open => children().into_any(),
    }
    }
}

/// A sealed file while locked: what it is, and the way in.
#[component]
fn LockedFile(level: SecretLevel) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div data-testid="file-locked">
            <h1 data-testid="page-title">{i18n.t(Msg::VaultSealedRow)}</h1>
            <p class="notice">
                {move || i18n.format(Msg::VaultFileLocked, &[("level", i18n.t(labels::secret(level))())])}
            </p>
            <LockedPanel />
        </div>
    }
}

/// The unlock form, or where to set a passphrase if there is none.
#[component]
pub fn LockedPanel() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    // A memo: the header read (checking → locked) must not re-create the form the user
    // may already be typing in.
    let not_set = Memo::new(move |_| vault.state.get() == VaultState::NotSet);
    move || {
        if not_set.get() {
            view! {
                <p class="notice">{i18n.t(Msg::VaultNotSet)} " " <A href="/settings">{i18n.t(Msg::NavSettings)}</A></p>
            }
            .into_any()
        } else {
            view! { <UnlockForm /> }.into_any()
        }
    }
}

/// Asks why a 机密 or 绝密 file is being opened and records the answer.
#[component]
fn PurposeForm(customer_id: String, archive_no: String, level: SecretLevel) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let vault = use_vault();
    let purpose = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = purpose.get_untracked().trim().to_owned();
        if text.is_empty() {
            problem.set(Some(i18n.t(Msg::ErrRequired)().to_owned()));
            return;
        }
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let profile = files.profile.get_untracked().unwrap_or_default();
        let viewing = Viewing {
            at: Utc::now(),
            by: profile.name,
            rep_code: profile.rep_code,
            customer_id: customer_id.clone(),
            archive_no: archive_no.clone(),
            purpose: text,
        };
        let id = customer_id.clone();
        spawn_local(async move {
            match db.record_viewing(viewing).await {
                Ok(_) => vault.mark_viewed(id),
                Err(e) => problem.set(Some(store_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <h1 data-testid="page-title">{i18n.t(Msg::VaultPurposeTitle)}</h1>
        <form class="card" data-testid="purpose-form" on:submit=on_submit>
            <p>{move || i18n.format(Msg::VaultPurposeHint, &[("level", i18n.t(labels::secret(level))())])}</p>
            <label class="field">
                <span class="field-label">{i18n.t(Msg::ViewingPurpose)}</span>
                <input
                    type="text"
                    data-testid="viewing-purpose"
                    prop:value=move || purpose.get()
                    on:input=move |ev| purpose.set(event_target_value(&ev))
                />
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="open-file">{i18n.t(Msg::VaultPurposeOpen)}</button>
                <span role="alert" class="field-error">{move || problem.get()}</span>
            </div>
        </form>
    }
}

/// The header's lock button, or a way to unlock.
#[component]
pub fn LockButton() -> impl IntoView {
    let i18n = use_i18n();
    let vault = use_vault();
    move || {
        match vault.state.get() {
        VaultState::Unlocked => {
            let who = vault.acting.actor.with(|a| a.person().map(|p| {
                let roles: Vec<&str> = p.roles.iter().map(|r| i18n.t(r.label())()).collect();
                format!("{} · {}", p.name, roles.join("、"))
            }));
            let switch = who.is_some();
            view! {
                {who.map(|w| view! { <span class="who" data-testid="who">{w}</span> })}
                <button type="button" class="lock-button" data-testid="lock" title=i18n.t(Msg::VaultLockHint) on:click=move |_| vault.lock()>
                    {if switch { i18n.t(Msg::PersonSwitch)() } else { i18n.t(Msg::VaultLock)() }}
                </button>
            }
            .into_any()
        }
        VaultState::Locked => view! {
            <A href="/unlock" attr:class="lock-button" attr:data-testid="unlock-link">{i18n.t(Msg::VaultUnlockLink)}</A>
        }
        .into_any(),
        _ => ().into_any(),
    }
    }
}
