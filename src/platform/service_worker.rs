//! The service worker's life cycle, as the app sees it.
//!
//! `sw.js` (in `src/web/`) precaches the build, so after one visit the app opens with no
//! network. A new build is never forced on a rep mid-visit: its worker waits, the app
//! says a new version is ready, and only when the user agrees does it take over, at
//! which point every open tab reloads onto it together.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

use super::{navigator, navigator_has};

/// Where the worker is served: absolute, or a first visit to /customers/new would look
/// for /customers/sw.js. Its scope is then the whole app.
const SCRIPT: &str = "/sw.js";
/// The message that tells a waiting worker to take over (`sw.js` listens for it).
const SKIP_WAITING: &str = "skip-waiting";

/// What the app is told about the worker.
pub struct Callbacks {
    /// The first install finished: the app now opens offline.
    pub offline_ready: Box<dyn Fn()>,
    /// A new build is installed and waiting for the user's go-ahead.
    pub update_ready: Box<dyn Fn()>,
}

/// Registers the worker and reports its progress. Returns `false` where service workers
/// are unavailable (an insecure origin), in which case the app still works online.
pub async fn register(callbacks: Callbacks) -> bool {
    if !navigator_has("serviceWorker") {
        return false;
    }
    let container = navigator().service_worker();
    // A page that was already controlled is being updated, not installed for the first time.
    let was_controlled = container.controller().is_some();

    // A change of the worker controlling a page that had one is an update: the page
    // reloads onto it. The first (the worker of a first visit taking the page over) is
    // not; but every one after it is, or a tab opened at the first visit would go on
    // running the old build beside the new one's workers.
    let controlled = std::cell::Cell::new(was_controlled);
    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        if controlled.replace(true) {
            let _ = web_sys::window().map(|w| w.location().reload());
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    let registration: ServiceWorkerRegistration =
        match JsFuture::from(container.register(SCRIPT)).await {
            Ok(reg) => match reg.dyn_into() {
                Ok(reg) => reg,
                // Registration blocked by the browser's policy (answered with no
                // registration): the app works online, as with no service worker.
                Err(_) => return false,
            },
            Err(e) => {
                web_sys::console::error_2(&"service worker registration failed:".into(), &e);
                return false;
            }
        };

    let callbacks = Rc::new(callbacks);
    if was_controlled && registration.waiting().is_some() {
        (callbacks.update_ready)();
    }
    if let Some(installing) = registration.installing() {
        track(installing, was_controlled, callbacks.clone());
    }
    let on_update_found = Closure::<dyn FnMut()>::new({
        let registration = registration.clone();
        move || {
            if let Some(installing) = registration.installing() {
                track(installing, was_controlled, callbacks.clone());
            }
        }
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
    true
}

/// Follows one installing worker to the state that matters for the user.
fn track(worker: ServiceWorker, was_controlled: bool, callbacks: Rc<Callbacks>) {
    let on_state = Closure::<dyn FnMut()>::new({
        let worker = worker.clone();
        move || match worker.state() {
            ServiceWorkerState::Installed if was_controlled => (callbacks.update_ready)(),
            ServiceWorkerState::Activated if !was_controlled => (callbacks.offline_ready)(),
            _ => {}
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// What a waiting worker says of itself (`sw.js` answers "release" on the port it is sent).
const RELEASE: &str = "release";

/// The release a waiting build brings (Cargo.toml's version, as `sw.js` carries it), or
/// `None`: nothing waits, or it does not answer within three seconds (a build from before
/// releases were named never will; a busy laptop may take a second to start a worker).
pub async fn waiting_release() -> Option<String> {
    if !navigator_has("serviceWorker") {
        return None;
    }
    let found = JsFuture::from(navigator().service_worker().get_registration())
        .await
        .ok()?;
    let waiting = found
        .dyn_into::<ServiceWorkerRegistration>()
        .ok()?
        .waiting()?;
    let channel = web_sys::MessageChannel::new().ok()?;
    let answer = js_sys::Promise::new(&mut |resolve, _| {
        let on_message = Closure::once_into_js({
            let resolve = resolve.clone();
            move |event: web_sys::MessageEvent| {
                let _ = resolve.call1(&wasm_bindgen::JsValue::NULL, &event.data());
            }
        });
        channel
            .port1()
            .set_onmessage(Some(on_message.unchecked_ref()));
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 3000);
        }
    });
    let ports = js_sys::Array::of1(&channel.port2());
    waiting
        .post_message_with_transferable(&RELEASE.into(), &ports)
        .ok()?;
    let data = JsFuture::from(answer).await.ok()?;
    channel.port1().close();
    js_sys::Reflect::get(&data, &RELEASE.into())
        .ok()?
        .as_string()
}

/// Lets the waiting build take over; every tab then reloads onto it.
pub async fn apply_update() {
    if !navigator_has("serviceWorker") {
        return;
    }
    let container = navigator().service_worker();
    let Ok(found) = JsFuture::from(container.get_registration()).await else {
        return;
    };
    let Ok(registration) = found.dyn_into::<ServiceWorkerRegistration>() else {
        return;
    };
    match registration.waiting() {
        Some(waiting) => {
            let _ = waiting.post_message(&SKIP_WAITING.into());
        }
        // Nothing waits any more (another tab applied it): just load what is current.
        None => {
            let _ = web_sys::window().map(|w| w.location().reload());
        }
    }
}
