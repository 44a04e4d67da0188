//! The customer-file list.

use leptos::prelude::*;

use super::{EmptyState, PageTitle};
use crate::core::i18n::Msg;

/// Lists the rep's customer files.
#[component]
pub fn CustomersPage() -> impl IntoView {
    view! {
        <PageTitle msg=Msg::CustomersTitle />
        <EmptyState message=Msg::CustomersEmpty hint=Msg::CustomersEmptyHint />
    }
}
