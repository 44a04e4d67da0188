//! One module per area of the app; the router in `app.rs` names them.

mod approvals;
mod backup;
pub(crate) mod bundles;
pub mod complaints;
pub(crate) mod customers;
mod exports;
mod leak;
pub mod monthly;
pub mod monthly_print;
mod not_found;
mod oversight;
mod people;
pub(crate) mod registers;
pub mod registers_print;
mod reports;
mod reviews;
mod settings;
mod vault;
pub mod visits;

pub use approvals::ApprovalsPage;
pub use bundles::BundlesPage;
pub use complaints::{ComplaintPage, ComplaintsPage};
pub use customers::{
    CustomerCardPage, CustomerEditPage, CustomerPage, CustomersPage, ImportPage, NewCustomerPage,
};
pub use leak::LeakReportPage;
pub use not_found::NotFoundPage;
pub use oversight::OversightPage;
pub use registers::RegistersPage;
pub use reports::ReportsPage;
pub use reviews::ReviewsPage;
pub use settings::SettingsPage;
pub use vault::{UnlockPage, ViewingRecordPage};
pub use visits::{VisitPage, VisitsPage};

use leptos::prelude::*;

use super::i18n::use_i18n;
use crate::core::i18n::Msg;

/// A page heading, focused after navigation by the skip link's target.
#[component]
fn PageTitle(msg: Msg) -> impl IntoView {
    let i18n = use_i18n();
    view! { <h1 data-testid="page-title">{i18n.t(msg)}</h1> }
}

/// What a list shows before it has anything in it.
#[component]
fn EmptyState(
    /// The short statement ("No visits recorded yet.").
    message: Msg,
    /// What to do or expect, if there is more to say.
    #[prop(optional)]
    hint: Option<Msg>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state" data-testid="empty-state">
            <p class="empty-message">{i18n.t(message)}</p>
            {hint.map(|hint| view! { <p class="empty-hint">{i18n.t(hint)}</p> })}
        </div>
    }
}
