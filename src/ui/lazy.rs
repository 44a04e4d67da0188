//! Pages loaded on first use.
//!
//! The first screen (the list of files and the unlock form) is in the app's own wasm;
//! every other page is a split point (`wasm_split`, the mechanism behind Leptos'
//! `#[lazy]`): the build (`scripts/bin/wasm-bindgen`) moves each group of pages' code,
//! and the code only pages share, into wasm modules of their own, which are compiled the
//! first time one of their pages opens. The service worker fetches them all into its
//! cache after the first visit, so they open offline. The split is part of every build:
//! `scripts/postbuild.mjs` refuses a build that was not split.
//!
//! A module that cannot be fetched or started (a half-installed release, a server gone
//! mid-update, a fetch that never ends) leaves the page saying so, with the rest of the
//! app working; the next visit to the page tries again.

use std::cell::Cell;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::task::Poll;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::i18n::use_i18n;
use crate::core::i18n::Msg;

/// A page's module could not be fetched or started.
#[derive(Debug)]
pub struct PageNotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for PageNotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PageNotLoaded
    }
}

/// How long a page's module may take to arrive before the page says it could not be
/// loaded: the load has no end of its own if the fetch hangs, or if the loader of
/// another release throws before it answers.
const GIVE_UP_MS: i32 = 30_000;

/// Shows the page `load` yields once its module is there; until then, nothing (the
/// largest module, a file's pages, takes 120 – 180 ms from the service worker's cache,
/// most of it compiling), and a message if it cannot be loaded.
fn loading<F>(load: F) -> impl IntoView
where
    F: Future<Output = Result<AnyView, PageNotLoaded>> + 'static,
{
    let page = SendWrapper::new(async move {
        let mut load = pin!(load);
        let mut late = pin!(crate::platform::sleep(GIVE_UP_MS));
        poll_fn(|cx| match load.as_mut().poll(cx) {
            Poll::Ready(page) => Poll::Ready(page),
            Poll::Pending if late.as_mut().poll(cx).is_ready() => Poll::Ready(Err(PageNotLoaded)),
            Poll::Pending => Poll::Pending,
        })
        .await
    });
    let i18n = use_i18n();
    // A bare `Suspend`, not a `Suspense`: a boundary around the whole page would blank
    // it each time one of its resources loads again (after an import, say), where each
    // page decides for itself what shows while it reads.
    Suspend::new(async move {
        match page.await {
            Ok(page) => page,
            Err(PageNotLoaded) => view! {
                <p class="error" role="alert" data-testid="page-not-loaded">
                    {move || i18n.t(Msg::PageNotLoaded)}
                </p>
            }
            .into_any(),
        }
    })
}

/// A route's view whose page lives in split module `$module`. Pages used together share a
/// module: `file` (a file's pages), `visits` (visits, reviews, registers, approvals),
/// `reports`, `complaints`, `bundles`, `settings` (with the office's records) and
/// `import`. Each module brings the code its pages share with no other module, and code
/// several modules share comes as chunks of its own, so fewer modules mean fewer fetches
/// the first time a page opens.
macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $route:ident => $load:ident in $module:ident: $page:path;)*) => {$(
        #[::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $load() -> Result<AnyView, PageNotLoaded> {
            Ok(untrack(|| $page().into_any()))
        }

        $(#[$doc])*
        pub fn $route() -> impl IntoView {
            // A closure of its own per route, so each route's view is a type of its own:
            // were they all one type (`Suspend<AnyView>`), the router would rebuild the
            // page it leaves in place, which stays on screen, its reactive values already
            // disposed, until the next page's module arrives. Untracked: it runs once.
            move || untrack(|| loading($load()))
        }
    )*};
}

lazy_pages! {
    /// `/customers/new`.
    new_customer => load_new_customer in file: super::pages::NewCustomerPage;
    /// `/customers/import`.
    import => load_import in import: super::pages::ImportPage;
    /// `/customers/:id`.
    customer => load_customer in file: super::pages::CustomerPage;
    /// `/customers/:id/edit`.
    customer_edit => load_customer_edit in file: super::pages::CustomerEditPage;
    /// `/customers/:id/card`.
    customer_card => load_customer_card in file: super::pages::CustomerCardPage;
    /// `/visits`.
    visits => load_visits in visits: super::pages::VisitsPage;
    /// `/visits/:id`.
    visit => load_visit in file: super::pages::VisitPage;
    /// `/survey/print`.
    survey_print => load_survey_print in file: super::pages::visits::survey::SurveyPrintPage;
    /// `/reviews`.
    reviews => load_reviews in visits: super::pages::ReviewsPage;
    /// `/reviews/print/:which`.
    register_print => load_register_print in visits: super::pages::registers_print::RegisterPrintPage;
    /// `/reports`.
    reports => load_reports in reports: super::pages::ReportsPage;
    /// `/reports/monthly`.
    monthly => load_monthly in reports: super::pages::monthly::MonthlyPage;
    /// `/reports/monthly/:id/print`.
    monthly_print => load_monthly_print in reports: super::pages::monthly_print::MonthlyPrintPage;
    /// `/complaints`.
    complaints => load_complaints in complaints: super::pages::ComplaintsPage;
    /// `/complaints/:id`.
    complaint => load_complaint in complaints: super::pages::ComplaintPage;
    /// `/complaints/:id/print/:form`.
    complaint_print => load_complaint_print in complaints: super::pages::complaints::print::ComplaintPrintPage;
    /// `/bundles`.
    bundles => load_bundles in bundles: super::pages::BundlesPage;
    /// `/approvals`.
    approvals => load_approvals in visits: super::pages::ApprovalsPage;
    /// `/registers`.
    registers => load_registers in visits: super::pages::RegistersPage;
    /// `/settings`.
    settings => load_settings in settings: super::pages::SettingsPage;
    /// `/viewing-record`.
    viewing_record => load_viewing_record in settings: super::pages::ViewingRecordPage;
    /// `/leak-report`.
    leak_report => load_leak_report in settings: super::pages::LeakReportPage;
    /// `/oversight`.
    oversight => load_oversight in settings: super::pages::OversightPage;
}

thread_local! {
    static FILE_PAGES_ASKED: Cell<bool> = const { Cell::new(false) };
}

/// Starts fetching and compiling the module of a file's pages, once, when the rep's
/// pointer or focus comes to the list: opening a file is what the list is for, and its
/// module (the largest) would otherwise be compiled on the click. A failure is left to
/// the page, which says so when it opens; the next approach to the list tries again.
pub(crate) fn preload_file_pages() {
    if FILE_PAGES_ASKED.replace(true) {
        return;
    }
    leptos::task::spawn_local(async {
        if __wasm_split_preload_load_customer().await.is_err() {
            FILE_PAGES_ASKED.set(false);
        }
    });
}
