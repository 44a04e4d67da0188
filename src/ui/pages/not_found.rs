//! Shown for an address the app does not know (a stale bookmark, a typo).

use leptos::prelude::*;
use leptos_router::components::A;

use super::PageTitle;
use crate::core::i18n::Msg;
use crate::ui::i18n::use_i18n;

/// Says the page does not exist and offers the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle msg=Msg::NotFoundTitle />
        <p>
            <A href="/customers">{i18n.t(Msg::NotFoundBack)}</A>
        </p>
    }
}
