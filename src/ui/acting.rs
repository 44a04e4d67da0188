//! Who is acting on this laptop (`core::people::Actor`): a signal the gated buttons
//! read, refreshed at start, at every unlock and lock. At a head-office desk with people
//! the profile every save signs with is the unlocked person's name with the desk's code,
//! and nobody's while locked.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::app::AppDb;
use super::data::Files;
use super::i18n::I18n;
use crate::core::people::{self, Action, Actor, Gate};
use crate::core::store::Profile;

#[derive(Clone, Copy)]
pub struct Acting {
    pub actor: RwSignal<Actor>,
    /// The desk's people who may unlock, by id and name (empty: one passphrase).
    pub desk: RwSignal<Vec<(String, String)>>,
    db: AppDb,
    files: Files,
}

impl Acting {
    pub fn new(db: AppDb, files: Files) -> Acting {
        Acting {
            actor: RwSignal::new(Actor::Alone),
            desk: RwSignal::new(Vec::new()),
            db,
            files,
        }
    }

    /// Reads who is acting again, and the profile saves sign with: at start, at every
    /// unlock and lock, and at every navigation (a laptop joins an exchange on the
    /// Bundles page).
    pub fn refresh(self) {
        let Some(db) = self.db.ready_untracked() else {
            return;
        };
        spawn_local(async move {
            let (Ok(actor), Ok(desk), Ok(stored)) =
                (db.actor().await, db.desk_names().await, db.profile().await)
            else {
                return;
            };
            let profile = match &actor {
                Actor::Office(p) => Some(Profile {
                    name: p.name.clone(),
                    rep_code: stored.map(|s| s.rep_code).unwrap_or_default(),
                }),
                Actor::Nobody => None,
                _ => stored,
            };
            // Set only when changed: this runs at every navigation.
            if self.files.profile.get_untracked() != profile {
                self.files.profile.set(profile);
            }
            if self.desk.get_untracked() != desk {
                self.desk.set(desk);
            }
            if self.actor.get_untracked() != actor {
                self.actor.set(actor);
            }
        });
    }

    /// Whether the one acting may take `action` (tracked).
    pub fn may(self, action: Action) -> Result<(), Gate> {
        self.actor.with(|a| people::may(a, action))
    }

    pub fn is_rep(self) -> bool {
        self.actor.with(|a| *a == Actor::Rep)
    }
}

pub fn use_acting() -> Acting {
    expect_context::<Acting>()
}

/// The sentence a gated button shows instead of acting.
pub fn gate_text(i18n: I18n, gate: Gate) -> String {
    let (msg, params) = gate.message(i18n.lang());
    let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    i18n.format(msg, &params)
}

/// Why a decision is not this user's to make, where its button would be.
#[component]
pub fn GateNote(gate: Gate) -> impl IntoView {
    let i18n = super::i18n::use_i18n();
    view! { <p class="muted gate-note" data-testid="gate-note">{move || gate_text(i18n, gate)}</p> }
}

/// At a desk with people, who is unlocking (or whose passphrase is reset): the desk's
/// names, from the vault header; nothing on a laptop with one passphrase.
#[component]
pub fn PersonPicker(who: RwSignal<String>, testid: &'static str) -> impl IntoView {
    let i18n = super::i18n::use_i18n();
    let desk = use_acting().desk;
    view! {
        <Show when=move || desk.with(|d| !d.is_empty())>
            <label class="field">
                <span class="field-label">{i18n.t(crate::core::i18n::Msg::PersonWho)}</span>
                <select data-testid=testid
                    prop:value=move || who.get()
                    on:change=move |ev| who.set(event_target_value(&ev))>
                    <option value="">{i18n.t(crate::core::i18n::Msg::PersonChoose)}</option>
                    {move || desk.get().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                </select>
            </label>
        </Show>
    }
}
