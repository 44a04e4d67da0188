//! Dossier: offline customer files (客户档案) for field sales teams.
//!
//! Three layers, and the compiler keeps them apart:
//! - [`core`]: pure Rust (model, rules, translations). No browser APIs; tested natively.
//! - `storage` and `platform`: the browser (IndexedDB, storage manager, service worker,
//!   preferences). Compiled for wasm32 only; tested in headless Chromium.
//! - `ui`: Leptos components. Compiled for wasm32 only; tested end to end.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod platform;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench;
