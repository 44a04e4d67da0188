//! Excel workbooks read and written in a Web Worker, both sides of it.
//!
//! The spreadsheet libraries (calamine, rust_xlsxwriter; see `core::interchange::xlsx`)
//! weigh more than the rest of the app together, and are needed only when someone
//! imports or exports a workbook. So they live in a second wasm, `src/bin/xlsx.rs`, that
//! Trunk builds beside the app (`data-type="worker"` in index.html) and the service
//! worker precaches with the rest: the page starts a worker from it for each request and
//! ends it after, so start-up never pays for Excel, and offline it works the same.
//!
//! The page's side: [`read`] and [`write`]. The worker's side: [`serve`]. Requests and
//! replies are plain objects: `{op: "read", bytes}` → `{ok: "<SheetIn as JSON>"}`;
//! `{op: "write", sheets: "<[SheetOut] as JSON>"}` → `{ok: Uint8Array}`; a refusal is
//! `{err: "<reason as JSON>"}`. The worker says `"ready"` first, as messages sent before
//! its wasm has started would be lost.

use js_sys::{Object, Uint8Array};

use super::message::{get, set, text_of};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::interchange::xlsx::{self, ReadError, SheetIn, SheetOut};

/// The worker's script, beside index.html (`src/web/xlsx-worker.js`).
pub const WORKER_SCRIPT: &str = "/xlsx-worker.js";

/// Why a workbook was not read or written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum XlsxFailure {
    /// The worker did not start (its files missing from this install) or stopped.
    #[error("the spreadsheet worker failed: {0}")]
    Worker(String),
    /// The file is no workbook, or a broken one.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// Writing failed (a cell too long for Excel, say).
    #[error("{0}")]
    Write(String),
}

/// Sends one request to a new worker; resolves to its reply's `ok` value.
async fn call(request: Object) -> Result<JsValue, XlsxFailure> {
    let worker =
        web_sys::Worker::new(WORKER_SCRIPT).map_err(|e| XlsxFailure::Worker(text_of(&e)))?;
    let mut handlers = None;
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, reject| {
        let to_worker = worker.clone();
        let request = request.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                if data.as_string().as_deref() == Some("ready") {
                    if let Err(e) = to_worker.post_message(&request) {
                        let _ = resolve.call1(&JsValue::NULL, &failure(&text_of(&e)));
                    }
                } else {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            });
        let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        handlers = Some((on_message, on_error));
    });
    let reply = wasm_bindgen_futures::JsFuture::from(promise).await;
    worker.terminate();
    drop(handlers);
    let reply = reply.map_err(|e| XlsxFailure::Worker(text_of(&e)))?;
    if let Some(reason) = get(&reply, "failed").as_string() {
        return Err(XlsxFailure::Worker(reason));
    }
    let err = get(&reply, "err");
    if let Some(json) = err.as_string() {
        return Err(serde_json::from_str::<ReadError>(&json)
            .map(XlsxFailure::Read)
            .unwrap_or(XlsxFailure::Write(json)));
    }
    Ok(get(&reply, "ok"))
}

fn failure(reason: &str) -> JsValue {
    let o = Object::new();
    set(&o, "failed", &JsValue::from_str(reason));
    o.into()
}

/// The first sheet with data of a workbook (`.xlsx`, `.xls`, `.ods`).
pub async fn read(bytes: &[u8]) -> Result<SheetIn, XlsxFailure> {
    let request = Object::new();
    set(&request, "op", &JsValue::from_str("read"));
    set(&request, "bytes", &Uint8Array::from(bytes).into());
    let json = call(request).await?.as_string().unwrap_or_default();
    serde_json::from_str(&json).map_err(|e| XlsxFailure::Worker(e.to_string()))
}

/// The sheets as an `.xlsx` workbook's bytes.
pub async fn write(sheets: &[SheetOut]) -> Result<Vec<u8>, XlsxFailure> {
    let request = Object::new();
    set(&request, "op", &JsValue::from_str("write"));
    let json = serde_json::to_string(sheets).map_err(|e| XlsxFailure::Write(e.to_string()))?;
    set(&request, "sheets", &JsValue::from_str(&json));
    let bytes = call(request).await?;
    let bytes: Uint8Array = bytes
        .dyn_into()
        .map_err(|_| XlsxFailure::Worker("no workbook in the reply".to_owned()))?;
    Ok(bytes.to_vec())
}

/// The worker's side: answers each request, after saying it is ready.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let request = e.data();
            let reply = Object::new();
            match get(&request, "op").as_string().as_deref() {
                Some("read") => {
                    let bytes = get(&request, "bytes")
                        .dyn_into::<Uint8Array>()
                        .map(|b| b.to_vec())
                        .unwrap_or_default();
                    match xlsx::read(&bytes) {
                        Ok(sheet) => set(
                            &reply,
                            "ok",
                            &JsValue::from_str(&serde_json::to_string(&sheet).unwrap_or_default()),
                        ),
                        Err(e) => set(
                            &reply,
                            "err",
                            &JsValue::from_str(&serde_json::to_string(&e).unwrap_or_default()),
                        ),
                    }
                }
                Some("write") => {
                    let sheets = get(&request, "sheets").as_string().unwrap_or_default();
                    let written = serde_json::from_str::<Vec<SheetOut>>(&sheets)
                        .map_err(|e| e.to_string())
                        .and_then(|s| xlsx::write(&s));
                    match written {
                        Ok(bytes) => set(&reply, "ok", &Uint8Array::from(bytes.as_slice()).into()),
                        Err(e) => set(&reply, "err", &JsValue::from_str(&e)),
                    }
                }
                _ => set(&reply, "failed", &JsValue::from_str("unknown request")),
            }
            let _ = reply_to.post_message(&reply);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its page wants it; so does its handler.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
