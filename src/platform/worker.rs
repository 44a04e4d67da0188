//! The page's side of a worker started for one piece of work: the bundle worker's
//! (`bundle_worker`) and the spreadsheet worker's (`xlsx`). It starts the worker, waits
//! until it listens, sends one request at a time and waits for its reply, hears its
//! progress on the way, and ends it.
//!
//! A worker's script says first which build it is (`{build}`, filled in by
//! `scripts/postbuild.mjs`, as is the page's `<meta name="dossier-build">`), then
//! `"ready"` once its wasm listens (messages sent before would be lost), or `{failed}`
//! should its wasm not start. A page and a worker of different builds do not work
//! together: the page is older than the files it is served (a tab opened before an
//! update that it did not reload onto, or a server whose files IT replaced under it),
//! and a request would be read by code that means something else by it. The request is
//! then not sent, and the page says that Dossier was updated: reload.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::message::{get, set, text_of};
use crate::core::progress::Progress;

/// Why a worker gave no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Its script or wasm did not start (missing from this install), or it failed.
    Failed(String),
    /// It is another build than the page: the page must be reloaded.
    OtherBuild,
    /// The page ended it (a cancel).
    Ended,
}

/// The build this page is, as `scripts/postbuild.mjs` wrote it into index.html; `None`
/// where there is no such page (the in-browser tests).
pub(crate) fn page_build() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=dossier-build]")
        .ok()??
        .get_attribute("content")
}

/// A promise's resolver, held until the answer comes.
type Slot = Rc<RefCell<Option<Function>>>;

fn resolve(slot: &Slot, value: &JsValue) {
    if let Some(resolve) = slot.borrow_mut().take() {
        let _ = resolve.call1(&JsValue::NULL, value);
    }
}

fn stop(key: &str, value: &JsValue) -> JsValue {
    let o = Object::new();
    set(&o, key, value);
    o.into()
}

/// The worker's message and error handlers, kept as long as it lives.
type Handlers = (
    Closure<dyn FnMut(web_sys::MessageEvent)>,
    Closure<dyn FnMut(JsValue)>,
);

/// One worker, started for one piece of work. Dropping it ends the worker.
pub(crate) struct Started {
    worker: web_sys::Worker,
    /// The reply being awaited.
    waiting: Slot,
    ready: Promise,
    /// Resolves `ready`, until the worker says it is (or cannot be).
    on_ready: Slot,
    _handlers: Handlers,
}

impl Drop for Started {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Started {
    /// Starts the worker of `script`; `on_progress` hears each step it reports.
    pub(crate) fn start(
        script: &str,
        on_progress: impl Fn(Progress) + 'static,
    ) -> Result<Started, Stop> {
        let worker = web_sys::Worker::new(script).map_err(|e| Stop::Failed(text_of(&e)))?;
        let waiting: Slot = Rc::default();
        let on_ready: Slot = Rc::default();
        let ready = Promise::new(&mut |resolve, _| {
            *on_ready.borrow_mut() = Some(resolve);
        });
        let ours = page_build();
        let same_build = Cell::new(ours.is_none());
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new({
            let waiting = waiting.clone();
            let on_ready = on_ready.clone();
            move |e: web_sys::MessageEvent| {
                let data = e.data();
                let unanswered = |reply: &JsValue| {
                    resolve(&on_ready, reply);
                    resolve(&waiting, reply);
                };
                if let Some(build) = get(&data, "build").as_string() {
                    same_build.set(ours.as_deref().is_none_or(|ours| ours == build));
                } else if data.as_string().as_deref() == Some("ready") {
                    if same_build.get() {
                        resolve(&on_ready, &JsValue::TRUE);
                    } else {
                        unanswered(&stop("other_build", &JsValue::TRUE));
                    }
                } else if let Ok(p) = serde_json::from_str::<Progress>(
                    &get(&data, "progress").as_string().unwrap_or_default(),
                ) {
                    on_progress(p);
                } else if get(&data, "failed").is_string() {
                    unanswered(&data);
                } else {
                    resolve(&waiting, &data);
                }
            }
        });
        let on_error = Closure::<dyn FnMut(JsValue)>::new({
            let waiting = waiting.clone();
            let on_ready = on_ready.clone();
            move |e: JsValue| {
                let failed = stop("failed", &JsValue::from_str(&text_of(&e)));
                resolve(&on_ready, &failed);
                resolve(&waiting, &failed);
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Started {
            worker,
            waiting,
            ready,
            on_ready,
            _handlers: (on_message, on_error),
        })
    }

    /// Waits until the worker listens.
    pub(crate) async fn ready(&self) -> Result<(), Stop> {
        let said = wasm_bindgen_futures::JsFuture::from(self.ready.clone())
            .await
            .unwrap_or(JsValue::UNDEFINED);
        Self::stopped(&said)
    }

    /// What a reply says of why there is no answer, if it says so.
    fn stopped(reply: &JsValue) -> Result<(), Stop> {
        if let Some(reason) = get(reply, "failed").as_string() {
            return Err(Stop::Failed(reason));
        }
        if get(reply, "other_build").is_truthy() {
            return Err(Stop::OtherBuild);
        }
        if get(reply, "ended").is_truthy() {
            return Err(Stop::Ended);
        }
        Ok(())
    }

    /// Sends `request` (with its `transfer`red buffers) to the listening worker and
    /// waits for the reply.
    pub(crate) async fn send(&self, request: &Object, transfer: &Array) -> Result<JsValue, Stop> {
        let reply = Promise::new(&mut |resolve, _| {
            *self.waiting.borrow_mut() = Some(resolve);
        });
        self.worker
            .post_message_with_transfer(request, transfer)
            .map_err(|e| Stop::Failed(text_of(&e)))?;
        let reply = wasm_bindgen_futures::JsFuture::from(reply)
            .await
            .unwrap_or(JsValue::UNDEFINED);
        Self::stopped(&reply)?;
        Ok(reply)
    }

    /// Posts `message`, which has no reply (a cancel).
    pub(crate) fn post(&self, message: &JsValue) {
        let _ = self.worker.post_message(message);
    }

    /// Ends the worker at once: whoever waits hears [`Stop::Ended`].
    pub(crate) fn end(&self) {
        self.worker.terminate();
        let ended = stop("ended", &JsValue::TRUE);
        resolve(&self.on_ready, &ended);
        resolve(&self.waiting, &ended);
    }
}
