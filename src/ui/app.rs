//! The root component: contexts, the shell and the routes.

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use super::data::provide_files;
use super::header::Header;
use super::i18n::provide_i18n;
use super::lazy;
use super::notices::Notices;
use super::pages::{CustomersPage, NotFoundPage, UnlockPage};
use super::read_ahead::provide_read_ahead;
use super::status::provide_status;
use super::vault::provide_vault;
use crate::core::i18n::Msg;
use crate::core::store::StoreError;
use crate::storage::Db;

/// The open database, shared by every page. `None` while it opens.
#[derive(Clone, Copy)]
pub struct AppDb(LocalResource<Result<Db, StoreError>>);

impl AppDb {
    /// The open database or why it could not be opened (tracked).
    pub fn get(self) -> Option<Result<Db, StoreError>> {
        self.0.get()
    }
}

impl AppDb {
    /// The open database, if it opened (tracked).
    pub fn ready(self) -> Option<Db> {
        self.get().and_then(Result::ok)
    }

    /// The open database, outside reactive tracking (event handlers).
    pub fn ready_untracked(self) -> Option<Db> {
        self.0.get_untracked().and_then(Result::ok)
    }
}

/// The database context provided by the app.
pub fn use_db() -> AppDb {
    expect_context::<AppDb>()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n();
    provide_status();
    let db = AppDb(LocalResource::new(Db::open));
    provide_context(db);
    let files = provide_files(db);
    provide_read_ahead(db, files);
    let vault = provide_vault(db, files);
    // An export or import in the bundle worker goes on while the user works elsewhere,
    // and the Bundles page shows how far it is, or what it did, on coming back.
    super::pages::bundles::provide_transfer_state();
    super::progress::provide_sheet_work();
    // No page shows before the store has opened (or failed to, which the notices say):
    // a button pressed in the first moments would otherwise do nothing at all.
    let opened = Memo::new(move |_| db.get().is_some());
    let main = NodeRef::<leptos::html::Main>::new();
    // The router would treat "#main" as a navigation; move focus ourselves.
    let skip_to_main = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main.get() {
            let _ = main.focus();
        }
    };

    view! {
        <Router>
            <a class="skip-link" href="#main" on:click=skip_to_main>
                {i18n.t(Msg::SkipToContent)}
            </a>
            <Header />
            <Notices />
            <super::progress::SheetProgress />
            <super::data::ReferenceDatalists />
            <main id="main" tabindex="-1" node_ref=main>
                // Re-created at every lock: nothing a page showed or held survives it.
                {move || { vault.epoch.track(); opened.get().then(|| view! {
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/customers" /> } />
                    <Route path=path!("/customers") view=CustomersPage />
                    <Route path=path!("/customers/new") view=lazy::new_customer />
                    <Route path=path!("/customers/import") view=lazy::import />
                    <Route path=path!("/customers/:id") view=lazy::customer />
                    <Route path=path!("/customers/:id/edit") view=lazy::customer_edit />
                    <Route path=path!("/customers/:id/card") view=lazy::customer_card />
                    <Route path=path!("/visits") view=lazy::visits />
                    <Route path=path!("/reviews") view=lazy::reviews />
                    <Route path=path!("/reviews/print/:which") view=lazy::register_print />
                    <Route path=path!("/reports") view=lazy::reports />
                    <Route path=path!("/reports/monthly") view=lazy::monthly />
                    <Route path=path!("/reports/monthly/:id/print") view=lazy::monthly_print />
                    <Route path=path!("/visits/:id") view=lazy::visit />
                    <Route path=path!("/survey/print") view=lazy::survey_print />
                    <Route path=path!("/complaints") view=lazy::complaints />
                    <Route path=path!("/complaints/:id") view=lazy::complaint />
                    <Route path=path!("/complaints/:id/print/:form") view=lazy::complaint_print />
                    <Route path=path!("/bundles") view=lazy::bundles />
                    <Route path=path!("/approvals") view=lazy::approvals />
                    <Route path=path!("/registers") view=lazy::registers />
                    <Route path=path!("/settings") view=lazy::settings />
                    <Route path=path!("/unlock") view=UnlockPage />
                    <Route path=path!("/viewing-record") view=lazy::viewing_record />
                    <Route path=path!("/leak-report") view=lazy::leak_report />
                    <Route path=path!("/oversight") view=lazy::oversight />
                </Routes>
                }) }}
            </main>
        </Router>
    }
}
