//! Hand-carried bundles exchanged with head office.

use leptos::prelude::*;

use super::{EmptyState, PageTitle};
use crate::core::i18n::Msg;

/// Lists bundles sent and received.
#[component]
pub fn BundlesPage() -> impl IntoView {
    view! {
        <PageTitle msg=Msg::BundlesTitle />
        <EmptyState message=Msg::BundlesEmpty />
    }
}
