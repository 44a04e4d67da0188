//! Excel workbooks read and written in a Web Worker, both sides of it.
//!
//! The spreadsheet libraries (calamine, rust_xlsxwriter; see `core::interchange::xlsx`)
//! weigh more than the rest of the app together, and are needed only when someone
//! imports or exports a workbook. So they live in a second wasm, `src/bin/xlsx.rs`, that
//! Trunk builds beside the app (`data-type="worker"` in index.html) and the service
//! worker precaches with the rest: the page starts a worker from it for each request and
//! ends it after, so start-up never pays for Excel, and offline it works the same.
//!
//! The page's side: a [`SheetWorker`] started for one workbook, whose
//! [`SheetWorker::read`] and [`SheetWorker::write`] report their progress, and which a
//! cancel ends at once (it writes nothing to the store, so ending it loses nothing).
//! Requests and replies are plain objects: `{op: "read", bytes}` → `{ok: "<SheetIn as
//! JSON>"}`; `{op: "write", sheets: "<[SheetOut] as JSON>"}` → `{ok: Uint8Array}`,
//! with `{progress}` on the way; a refusal is `{err: "<reason as JSON>"}`. The worker
//! says its build and `"ready"` first (`platform::worker`).

use js_sys::{Array, Object, Uint8Array};

use super::message::{get, set};
use super::worker::{Started, Stop};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::interchange::xlsx::{self, ReadError, SheetIn, SheetOut};
use crate::core::progress::{Phase, Progress};

/// The worker's script, beside index.html (`src/web/xlsx-worker.js`).
pub const WORKER_SCRIPT: &str = "/xlsx-worker.js";

/// Why a workbook was not read or written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum XlsxFailure {
    /// The worker did not start (its files missing from this install) or stopped.
    #[error("the spreadsheet worker failed: {0}")]
    Worker(String),
    /// The worker is of another build than the page: reload.
    #[error("Dossier was updated: reload the page")]
    OtherBuild,
    /// The user cancelled it.
    #[error("cancelled")]
    Cancelled,
    /// The file is no workbook, or a broken one.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// Writing failed (a cell too long for Excel, say).
    #[error("{0}")]
    Write(String),
}

impl From<Stop> for XlsxFailure {
    fn from(stop: Stop) -> XlsxFailure {
        match stop {
            Stop::Failed(reason) => XlsxFailure::Worker(reason),
            Stop::OtherBuild => XlsxFailure::OtherBuild,
            Stop::Ended => XlsxFailure::Cancelled,
        }
    }
}

/// The page's side: one spreadsheet worker for one workbook. Dropping it ends it.
pub struct SheetWorker {
    started: Started,
}

impl SheetWorker {
    /// Starts a worker; `on_progress` hears how far the workbook is.
    pub fn start(on_progress: impl Fn(Progress) + 'static) -> Result<SheetWorker, XlsxFailure> {
        Ok(SheetWorker {
            started: Started::start(WORKER_SCRIPT, on_progress)?,
        })
    }

    /// Sends one request once the worker listens; its reply's `ok` value.
    async fn call(&self, request: Object, transfer: Array) -> Result<JsValue, XlsxFailure> {
        self.started.ready().await?;
        let reply = self.started.send(&request, &transfer).await?;
        if let Some(json) = get(&reply, "err").as_string() {
            return Err(serde_json::from_str::<ReadError>(&json)
                .map(XlsxFailure::Read)
                .unwrap_or(XlsxFailure::Write(json)));
        }
        Ok(get(&reply, "ok"))
    }

    /// The first sheet with data of a workbook (`.xlsx`, `.xls`, `.ods`).
    pub async fn read(&self, bytes: &[u8]) -> Result<SheetIn, XlsxFailure> {
        let request = Object::new();
        set(&request, "op", &JsValue::from_str("read"));
        let bytes = Uint8Array::from(bytes);
        set(&request, "bytes", &bytes);
        let json = self
            .call(request, Array::of1(&bytes.buffer()))
            .await?
            .as_string()
            .unwrap_or_default();
        serde_json::from_str(&json).map_err(|e| XlsxFailure::Worker(e.to_string()))
    }

    /// The sheets as an `.xlsx` workbook's bytes.
    pub async fn write(&self, sheets: &[SheetOut]) -> Result<Vec<u8>, XlsxFailure> {
        let request = Object::new();
        set(&request, "op", &JsValue::from_str("write"));
        let json = serde_json::to_string(sheets).map_err(|e| XlsxFailure::Write(e.to_string()))?;
        set(&request, "sheets", &JsValue::from_str(&json));
        let bytes = self.call(request, Array::new()).await?;
        let bytes: Uint8Array = bytes
            .dyn_into()
            .map_err(|_| XlsxFailure::Worker("no workbook in the reply".to_owned()))?;
        Ok(bytes.to_vec())
    }

    /// Ends the worker at once: the request waiting answers [`XlsxFailure::Cancelled`].
    pub fn end(&self) {
        self.started.end();
    }
}

/// The worker's side: answers each request, after saying it is ready.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let request = e.data();
            let reply = Object::new();
            let progress = |p: Progress| {
                let m = Object::new();
                let p = serde_json::to_string(&p).unwrap_or_default();
                set(&m, "progress", &JsValue::from_str(&p));
                let _ = reply_to.post_message(&m);
            };
            match get(&request, "op").as_string().as_deref() {
                Some("read") => {
                    // calamine reads the whole workbook in one go: a phase, no count.
                    progress(Progress {
                        phase: Phase::Reading,
                        done: 0,
                        total: 0,
                    });
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
                        .and_then(|s| xlsx::write_with(&s, &progress));
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
