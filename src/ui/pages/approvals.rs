//! `/approvals`: at head office, the reps' proposals waiting for whoever's role decides
//! them, and those decided; on a rep's laptop, what it proposed and what came back.

use leptos::prelude::*;
use leptos_router::components::A;

use super::PageTitle;
use super::bundles::Refresh;
use super::bundles::requests::Requests;
use super::customers::proposals::status_text;
use crate::core::i18n::Msg;
use crate::core::people::Actor;
use crate::ui::acting::use_acting;
use crate::ui::app::use_db;
use crate::ui::i18n::use_i18n;
use crate::ui::vault::{LockedPanel, use_vault};

#[component]
pub fn ApprovalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let acting = use_acting();
    let vault = use_vault();
    provide_context(Refresh::new());
    view! {
        <PageTitle msg=Msg::ApprovalsTitle />
        {move || {
            if !vault.unlocked() {
                return view! { <LockedPanel /> }.into_any();
            }
            match acting.actor.get() {
                Actor::Alone => view! { <p class="muted">{i18n.t(Msg::ApprovalsAlone)}</p> }.into_any(),
                Actor::Rep => view! { <MyProposals /> }.into_any(),
                _ => view! {
                    <p class="muted">{i18n.t(Msg::ApprovalsOfficeHint)}</p>
                    <Requests />
                    <crate::ui::viewing::ViewingRequests />
                }
                .into_any(),
            }
        }}
    }
}

/// Every proposal this laptop made, newest first, with its file.
#[component]
fn MyProposals() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let mine = LocalResource::new(move || async move { db.ready()?.proposals().await.ok() });
    view! {
        <p class="muted">{i18n.t(Msg::ApprovalsRepHint)}</p>
        {move || {
            let all = mine.get().flatten().unwrap_or_default();
            if all.is_empty() {
                return view! { <p class="muted" data-testid="approvals-none">{i18n.t(Msg::ApprovalsNone)}</p> }.into_any();
            }
            view! {
                <ul class="agenda" data-testid="my-proposals">
                    {all.into_iter().map(|m| {
                        let href = format!("/customers/{}", m.proposal.file);
                        let no = m.proposal.archive_no.clone();
                        let state = match &m.decision { None => "waiting", Some(d) if d.approved => "approved", Some(_) => "declined" };
                        view! {
                            <li data-testid="proposal" data-state=state>
                                <A href=href>{no}</A> " · " {status_text(i18n, &m)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}
