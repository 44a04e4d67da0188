//! Visit-call records.

use leptos::prelude::*;

use super::{EmptyState, PageTitle};
use crate::core::i18n::Msg;

/// Lists recorded visits.
#[component]
pub fn VisitsPage() -> impl IntoView {
    view! {
        <PageTitle msg=Msg::VisitsTitle />
        <EmptyState message=Msg::VisitsEmpty />
    }
}
