//! The browser around the app, behind small plain functions: storage persistence and
//! quota, the service worker's install and update cycle, and remembered preferences.
//! Leptos-free, so the UI decides how each fact is shown.

pub mod bundle_worker;
pub mod digest;
pub mod files;
pub mod ids;
mod message;
pub mod prefs;
pub mod service_worker;
pub mod storage_manager;
mod worker;
pub mod xlsx;

use wasm_bindgen::JsCast;

/// The browser's `navigator`. The app only runs in a window, so its absence is a bug.
pub(crate) fn navigator() -> web_sys::Navigator {
    web_sys::window()
        .expect("Dossier runs in a browser window")
        .navigator()
}

/// `self.crypto`, in the page and in a worker alike (`web_sys::window()` is `None` in a
/// worker); `None` where it is missing.
pub(crate) fn crypto() -> Option<web_sys::Crypto> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    (!crypto.is_undefined() && !crypto.is_null()).then(|| crypto.unchecked_into())
}

/// Whether `navigator` has the property `name` (secure-context APIs vanish elsewhere).
pub(crate) fn navigator_has(name: &str) -> bool {
    js_sys::Reflect::has(&navigator(), &name.into()).unwrap_or(false)
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves once the next frame has been painted: what a "working…" message needs
/// before a long synchronous step (a fixed sleep would wait longer or too little). A
/// hidden tab paints no frames, so a timer goes on without one: an import started
/// before the rep switched tabs must not wait for them to come back.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 200);
        let after = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(window) = web_sys::window() {
                let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                    resolve.unchecked_ref(),
                    0,
                );
            }
        });
        let _ = window.request_animation_frame(after.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the epoch, from the page's clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Whether the page is hidden (another tab, minimized window).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}
