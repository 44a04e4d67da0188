//! The Leptos interface: the shell (header, notices, routes) and one module per page.
//!
//! Contexts are small `Copy` newtypes provided once in [`app::App`]: [`i18n::I18n`]
//! (the language), [`status::Status`] (network and storage facts for the header) and
//! [`app::AppDb`] (the open database), [`data::Files`] (catalogue, profile, list query)
//! and [`vault::Vault`] (locked or not, auto-lock).

mod acting;
mod app;
mod busy;
mod charts;
mod data;
mod form;
mod format;
mod header;
pub mod i18n;
mod lazy;
mod notices;
mod pages;
mod progress;
mod read_ahead;
mod security;
mod status;
mod vault;
mod viewing;

/// Starts the app in the page's `<body>`.
pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
