//! The pure core: everything that can be decided without a browser.
//!
//! Nothing here may use `web_sys`, `js_sys` or Leptos; `Cargo.toml` does not even make
//! them available natively, so `cargo test` on the host covers this whole module.

pub mod authority;
pub mod bundle;
pub mod complaint;
pub mod customer;
pub mod i18n;
pub mod interchange;
pub mod lending;
pub mod monthly;
pub mod oversight;
pub mod people;
pub mod picked;
pub mod pinyin;
pub mod progress;
pub mod reference;
pub mod release;
pub mod report;
pub mod security;
pub mod store;
pub mod sync;
pub mod table;
pub mod timeline;
pub mod units;
pub mod vault;
pub mod visit;
