//! Settings → People at this desk (head office): setting up the desk's people, then the
//! archivist adds, disables and re-keys them and sets their roles; everyone sees who is
//! who.

use chrono::Utc;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::i18n::Msg;
use crate::core::people::{Action, Actor, PeopleError, Person, Role};
use crate::core::vault::KdfParams;
use crate::core::vault::strength::{self, Level};
use crate::platform;
use crate::storage::PeopleStoreError;
use crate::ui::acting::{GateNote, gate_text, use_acting};
use crate::ui::app::use_db;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::vault::{VaultState, use_vault};

/// The card: shown at head office only.
#[component]
pub fn PeopleCard() -> impl IntoView {
    let i18n = use_i18n();
    let acting = use_acting();
    let vault = use_vault();
    move || {
        let actor = acting.actor.get();
        let unlocked = vault.state.get() == VaultState::Unlocked;
        let body = match actor {
            Actor::OfficeDesk if unlocked => view! { <SetUpDesk /> }.into_any(),
            Actor::OfficeDesk => {
                view! { <p class="muted">{i18n.t(Msg::PeopleUnlockToSetUp)}</p> }.into_any()
            }
            Actor::Office(_) => view! { <PeopleList /> }.into_any(),
            _ => return None,
        };
        Some(view! {
            <section class="card" data-testid="people">
                <h2>{i18n.t(Msg::PeopleTitle)}</h2>
                <p class="muted">{i18n.t(Msg::PeopleHint)}</p>
                {body}
            </section>
        })
    }
}

/// A new person's passphrase: strong enough, typed twice.
fn passphrase_ok(p: &str, repeat: &str) -> bool {
    p == repeat && strength::estimate(p).level >= Level::Fair
}

fn people_error_text(i18n: I18n, e: &PeopleStoreError) -> String {
    match e {
        PeopleStoreError::Invalid(PeopleError::NoName) => i18n.t(Msg::PeopleNoName)().to_owned(),
        PeopleStoreError::Invalid(PeopleError::SameName) => {
            i18n.t(Msg::PeopleSameName)().to_owned()
        }
        PeopleStoreError::Invalid(PeopleError::NoRole) => i18n.t(Msg::PeopleNoRole)().to_owned(),
        PeopleStoreError::Invalid(PeopleError::NoArchivist) => {
            i18n.t(Msg::PeopleNoArchivist)().to_owned()
        }
        PeopleStoreError::NotAllowed(gate) => gate_text(i18n, *gate),
        PeopleStoreError::AlreadySetUp | PeopleStoreError::NoSuchPerson => {
            i18n.t(Msg::PeopleChanged)().to_owned()
        }
        PeopleStoreError::Vault(_) => i18n.t(Msg::VaultWrongPassphrase)().to_owned(),
        PeopleStoreError::Store(s) => store_error_text(i18n, s),
    }
}

/// Role checkboxes bound to `roles`.
#[component]
fn RolePicker(roles: RwSignal<Vec<Role>>, #[prop(into)] prefix: String) -> impl IntoView {
    let i18n = use_i18n();
    Role::ALL
        .into_iter()
        .map(|role| {
            let testid = format!("{prefix}-role-{role:?}");
            view! {
                <label class="check">
                    <input type="checkbox" data-testid=testid
                        prop:checked=move || roles.with(|r| r.contains(&role))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            roles.update(|r| {
                                r.retain(|x| *x != role);
                                if on {
                                    r.push(role);
                                    r.sort();
                                }
                            });
                        } />
                    {i18n.t(role.label())}
                </label>
            }
        })
        .collect_view()
}

/// What a new person's form holds.
#[derive(Clone, Copy)]
struct NewPerson {
    name: RwSignal<String>,
    roles: RwSignal<Vec<Role>>,
    pass: RwSignal<String>,
    repeat: RwSignal<String>,
}

/// A new person's name, roles and passphrase typed twice; test ids `{testid}-name`,
/// `{testid}-passphrase`, `{testid}-repeat` and `{roles_testid}-role-…`.
#[component]
fn PersonFields(
    fields: NewPerson,
    testid: &'static str,
    roles_testid: &'static str,
    pass_label: Msg,
) -> impl IntoView {
    let i18n = use_i18n();
    let NewPerson {
        name,
        roles,
        pass,
        repeat,
    } = fields;
    view! {
        <label class="field">
            <span class="field-label">{i18n.t(Msg::PersonName)}</span>
            <input type="text" data-testid=format!("{testid}-name") maxlength="60"
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
        </label>
        <fieldset class="roles"><legend>{i18n.t(Msg::PersonRoles)}</legend><RolePicker roles=roles prefix=roles_testid /></fieldset>
        <label class="field">
            <span class="field-label">{i18n.t(pass_label)}</span>
            <input type="password" autocomplete="new-password" data-testid=format!("{testid}-passphrase")
                prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev)) />
        </label>
        <label class="field">
            <span class="field-label">{i18n.t(Msg::VaultRepeatPassphrase)}</span>
            <input type="password" autocomplete="new-password" data-testid=format!("{testid}-repeat")
                prop:value=move || repeat.get() on:input=move |ev| repeat.set(event_target_value(&ev)) />
        </label>
    }
}

/// The desk's one user names themself and becomes its first person, an archivist.
#[component]
fn SetUpDesk() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let acting = use_acting();
    let name = RwSignal::new(String::new());
    let roles = RwSignal::new(vec![Role::Archivist]);
    let pass = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        if !passphrase_ok(&pass.get_untracked(), &repeat.get_untracked()) {
            problem.set(Some(i18n.t(Msg::PeopleWeakPassphrase)().to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            platform::after_paint().await;
            let result = db
                .set_up_desk(
                    platform::ids::new_id(),
                    &name.get_untracked(),
                    roles.get_untracked(),
                    &pass.get_untracked(),
                    KdfParams::recommended(),
                    Utc::now(),
                )
                .await;
            busy.set(false);
            match result {
                Ok(_) => {
                    pass.set(String::new());
                    repeat.set(String::new());
                    acting.refresh();
                }
                Err(e) => problem.set(Some(people_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <p>{i18n.t(Msg::PeopleSetUpHint)}</p>
        <form class="inline-form" data-testid="people-setup" on:submit=submit>
            <PersonFields fields=NewPerson { name, roles, pass, repeat } testid="person" roles_testid="setup" pass_label=Msg::PersonPassphrase />
            <div class="actions">
                <button type="submit" class="primary" data-testid="people-setup-button" disabled=move || busy.get()>{i18n.t(Msg::PeopleSetUp)}</button>
                <span role="alert">{move || if busy.get() { Some(i18n.t(Msg::VaultSetting)().to_owned()) } else { problem.get() }}</span>
            </div>
        </form>
    }
}

/// Everyone at the desk; the archivist's controls.
#[component]
fn PeopleList() -> impl IntoView {
    let db = use_db();
    let acting = use_acting();
    let version = RwSignal::new(0u32);
    let all = LocalResource::new(move || {
        version.track();
        acting.actor.track();
        async move { db.ready()?.people().await.ok() }
    });
    let manager = move || acting.may(Action::ManagePeople);
    view! {
        <ul class="agenda people-list">
            {move || all.get().flatten().unwrap_or_default().into_iter().map(|p| {
                view! { <PersonRow person=p manage=manager().is_ok() version=version /> }
            }).collect_view()}
        </ul>
        {move || match manager() {
            Ok(()) => view! { <AddPerson version=version /> }.into_any(),
            Err(gate) => view! { <GateNote gate=gate /> }.into_any(),
        }}
    }
}

#[component]
fn PersonRow(person: Person, manage: bool, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let acting = use_acting();
    let roles = RwSignal::new(person.roles.clone());
    let disabled = RwSignal::new(person.disabled);
    let pass = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let id = StoredValue::new(person.id.clone());
    let labels = move || {
        roles
            .get()
            .iter()
            .map(|r| i18n.t(r.label())())
            .collect::<Vec<_>>()
            .join("、")
    };
    let save = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let p = pass.get_untracked();
        if !p.is_empty() && !passphrase_ok(&p, &p) {
            message.set(Some(i18n.t(Msg::PeopleWeakPassphrase)().to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            platform::after_paint().await;
            let result = db
                .update_person(
                    &id.get_value(),
                    roles.get_untracked(),
                    disabled.get_untracked(),
                    Some(p.as_str()).filter(|p| !p.is_empty()),
                    KdfParams::recommended(),
                    Utc::now(),
                )
                .await;
            busy.set(false);
            match result {
                Ok(()) => {
                    pass.set(String::new());
                    message.set(Some(i18n.t(Msg::PersonSaved)().to_owned()));
                    acting.refresh();
                    version.update(|v| *v += 1);
                }
                Err(e) => message.set(Some(people_error_text(i18n, &e))),
            }
        });
    };
    let name = person.name.clone();
    let attr = person.name.clone();
    view! {
        <li data-testid="person" data-name=attr>
            <strong>{name}</strong> " · " <span data-testid="person-roles">{labels}</span>
            {move || disabled.get().then(|| view! { " · " <span class="badge">{i18n.t(Msg::PersonDisabled)}</span> })}
            {manage.then(|| view! {
                <div class="inline-form">
                    <RolePicker roles=roles prefix="person" />
                    <label class="check">
                        <input type="checkbox" data-testid="person-disabled"
                            prop:checked=move || disabled.get()
                            on:change=move |ev| disabled.set(event_target_checked(&ev)) />
                        {i18n.t(Msg::PersonDisabled)}
                    </label>
                    <label>
                        {i18n.t(Msg::PersonNewPassphrase)}
                        <input type="password" autocomplete="new-password" data-testid="person-new-passphrase"
                            prop:value=move || pass.get() on:input=move |ev| pass.set(event_target_value(&ev)) />
                    </label>
                    <button type="button" data-testid="person-save" disabled=move || busy.get() on:click=save>{i18n.t(Msg::PersonSave)}</button>
                    <span role="status">{move || message.get()}</span>
                </div>
            })}
        </li>
    }
}

#[component]
fn AddPerson(version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let acting = use_acting();
    let name = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<Role>::new());
    let pass = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        if !passphrase_ok(&pass.get_untracked(), &repeat.get_untracked()) {
            message.set(Some(i18n.t(Msg::PeopleWeakPassphrase)().to_owned()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            platform::after_paint().await;
            let result = db
                .add_person(
                    platform::ids::new_id(),
                    &name.get_untracked(),
                    roles.get_untracked(),
                    &pass.get_untracked(),
                    KdfParams::recommended(),
                    Utc::now(),
                )
                .await;
            busy.set(false);
            match result {
                Ok(p) => {
                    message.set(Some(i18n.format(Msg::PersonAdded, &[("name", &p.name)])));
                    name.set(String::new());
                    roles.set(Vec::new());
                    pass.set(String::new());
                    repeat.set(String::new());
                    version.update(|v| *v += 1);
                    acting.refresh();
                }
                Err(e) => message.set(Some(people_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <form class="inline-form" data-testid="person-add" on:submit=submit>
            <h3>{i18n.t(Msg::PersonAdd)}</h3>
            <PersonFields fields=NewPerson { name, roles, pass, repeat } testid="add-person" roles_testid="add" pass_label=Msg::PersonFirstPassphrase />
            <div class="actions">
                <button type="submit" class="primary" data-testid="add-person" disabled=move || busy.get()>{i18n.t(Msg::PersonAdd)}</button>
                <span role="status" data-testid="add-person-message">{move || if busy.get() { Some(i18n.t(Msg::VaultSetting)().to_owned()) } else { message.get() }}</span>
            </div>
        </form>
    }
}
