//! The browser around the app, behind small plain functions: storage persistence and
//! quota, the service worker's install and update cycle, and remembered preferences.
//! Leptos-free, so the UI decides how each fact is shown.

pub mod ids;
pub mod prefs;
pub mod service_worker;
pub mod storage_manager;

/// The browser's `navigator`. The app only runs in a window, so its absence is a bug.
pub(crate) fn navigator() -> web_sys::Navigator {
    web_sys::window()
        .expect("Dossier runs in a browser window")
        .navigator()
}

/// Whether `navigator` has the property `name` (secure-context APIs vanish elsewhere).
pub(crate) fn navigator_has(name: &str) -> bool {
    js_sys::Reflect::has(&navigator(), &name.into()).unwrap_or(false)
}
