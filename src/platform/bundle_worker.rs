//! Bundles and backups made, checked, applied and restored in a Web Worker, both sides
//! of it, so the page stays responsive and shows how far the work is (#32).
//!
//! The worker is a second wasm, `src/bin/bundles.rs`, that Trunk builds beside the app
//! (`data-type="worker"` in index.html) and the service worker precaches with the rest.
//! It opens its own connection to the app's database with the same [`Db::open`], and the
//! page hands it the unlocked data key (transferred, so the page's copy of those bytes
//! is detached; the worker wipes its view after taking them). A worker lives for one
//! piece of work: an import's preview and its apply, or one export, backup or restore;
//! dropping the [`BundleWorker`] ends it, and with it the key it held.
//!
//! Requests are plain objects with `op` and their fields as `args` (JSON); a bundle or
//! backup to read comes as the picked `file` (a `File`, which the worker reads: its
//! bytes never cross the page's thread) or as transferred `bytes`, and a written one
//! goes back as a transferred `Uint8Array` the page saves from as it is:
//!
//! | request | reply `ok` |
//! | --- | --- |
//! | `session` (`key`: 32 bytes, `args`: who is unlocked) | `true` |
//! | `prepare` (`file` or `bytes`, `args`: file name, by) | [`Preview`] |
//! | `apply` (`args`: by) | the import's `Summary` |
//! | `export` (`args`: peer, everything, bundle id, by) | [`ExportedHead`], `bytes` |
//! | `backup` (`args`: by, backup id) | the file name, `bytes` |
//! | `restore` (`file` or `bytes`, `args`: which secret, the secret) | the `BackupManifest` |
//! | `import_files` (`args`: a spreadsheet's rows, rep, year) | the files written |
//!
//! A refusal is `{err: <the error as JSON>}` (an `ExchangeError`, `StoreError` or
//! `RestoreError`, as the storage call returns it). While a request runs the worker
//! posts `{progress: <core::progress::Progress as JSON>}`. `{op: "cancel"}` has no reply:
//! the running request stops at its next step before its commit, and answers
//! `StoreError::Cancelled`. The worker says its build and `"ready"` first, or `{failed}`
//! (`platform::worker`, which this side is built on): one of another build is sent
//! nothing, and the page says `StoreError::OtherBuild`.
//!
//! Every request also carries the page's `tab`, and for the benchmark only, the `db` to
//! open instead of the app's and the time `now` to work at.
//!
//! After a commit the worker says `{changed: <tab>}` on the BroadcastChannel
//! [`STORE_CHANNEL`], so every tab reads the data afresh (the one that asked ignores its
//! own tab's word: it reads afresh when the reply comes).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Uint8Array};

use super::message::{get, set};
use super::worker::{Started, Stop};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::core::bundle::Counts;
use crate::core::bundle::backup::{BackupManifest, Secret};
use crate::core::bundle::plan::Summary;
use crate::core::customer::history::HistoryEntry;
use crate::core::customer::model::Customer;
use crate::core::people::Person;
use crate::core::progress::{Phase, Progress, Steps};
use crate::core::store::StoreError;
use crate::core::vault::DataKey;
use crate::storage::{Db, ExchangeError, Prepared, RestoreError};

/// The worker's script, beside index.html (`src/web/bundles-worker.js`).
pub const WORKER_SCRIPT: &str = "/bundles-worker.js";

/// The channel on which a commit in a worker is announced to every tab.
pub const STORE_CHANNEL: &str = "dossier-store";

/// What the import's preview shows of a checked bundle (the checked bundle itself stays
/// in the worker for the apply).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The sender, as "rep code name".
    pub from: String,
    pub sequence: u64,
    pub summary: Summary,
}

/// An export's file name and counts; its bytes come beside them.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExportedHead {
    pub file_name: String,
    pub counts: Counts,
}

/// A written bundle or backup: its file name and bytes, as the worker's reply holds
/// them (outside the wasm memory: saved from there, never copied into it).
pub struct Written<T> {
    pub head: T,
    pub bytes: Uint8Array,
}

/// What a bundle or a backup to read is given to the worker as.
pub enum Payload<'a> {
    /// The file the user picked, which the worker reads itself: its bytes never cross
    /// the page's thread.
    File(&'a web_sys::Blob),
    /// Bytes in a buffer of their own, transferred (the benchmark's).
    Bytes(Uint8Array),
}

impl Payload<'_> {
    /// Puts the payload in `request`; the buffers to transfer with it.
    fn put(self, request: &Object) -> Array {
        match self {
            Payload::File(file) => {
                set(request, "file", file);
                Array::new()
            }
            Payload::Bytes(bytes) => {
                set(request, "bytes", &bytes);
                Array::of1(&bytes.buffer())
            }
        }
    }
}

fn json<T: Serialize>(value: &T) -> JsValue {
    JsValue::from_str(&serde_json::to_string(value).unwrap_or_default())
}

fn from_json<T: DeserializeOwned>(value: &JsValue) -> Option<T> {
    serde_json::from_str(&value.as_string()?).ok()
}

/// The page's side: one worker for one piece of work. Dropping it ends the worker.
pub struct BundleWorker {
    started: Started,
    /// The database the worker opens, when not the app's (the benchmark's own).
    database: RefCell<Option<String>>,
    /// The time the work is done at, when not now (the benchmark's week later).
    clock: Cell<Option<chrono::DateTime<chrono::Utc>>>,
    /// Cancelled on the page: no request is sent after it (a cancel posted before the
    /// worker listens is lost, and one between two requests would find none running).
    cancelled: Cell<bool>,
}

/// Why the worker gave no answer, as the store's error.
fn stopped(stop: Stop) -> StoreError {
    match stop {
        Stop::Failed(reason) => StoreError::Worker(reason),
        Stop::OtherBuild => StoreError::OtherBuild,
        Stop::Ended => StoreError::Cancelled,
    }
}

impl BundleWorker {
    /// Starts a worker; `on_progress` hears each step of what it is asked.
    pub fn start(on_progress: impl Fn(Progress) + 'static) -> Result<BundleWorker, StoreError> {
        Ok(BundleWorker {
            started: Started::start(WORKER_SCRIPT, on_progress).map_err(stopped)?,
            database: RefCell::new(None),
            clock: Cell::new(None),
            cancelled: Cell::new(false),
        })
    }

    /// Makes the worker open the database `name` instead of the app's: for the
    /// benchmark, whose databases are its own.
    pub fn on_database(&self, name: &str) {
        *self.database.borrow_mut() = Some(name.to_owned());
    }

    /// Makes the worker date its work `now` instead of by its clock: for the
    /// benchmark, which plays a week in a moment.
    pub fn at(&self, now: chrono::DateTime<chrono::Utc>) {
        self.clock.set(Some(now));
    }

    /// The fields every request carries: its tab, and the database and time when not
    /// the app's and now.
    fn addressed(&self, request: &Object) {
        set(request, "tab", &JsValue::from_str(&tab()));
        if let Some(name) = self.database.borrow().as_deref() {
            set(request, "db", &JsValue::from_str(name));
        }
        if let Some(now) = self.clock.get() {
            set(request, "now", &JsValue::from_str(&now.to_rfc3339()));
        }
    }

    /// Sends `request` (with `transfer`red buffers) once the worker listens, and waits
    /// for its reply.
    async fn send(&self, request: &Object, transfer: &Array) -> Result<JsValue, StoreError> {
        let ready = self.started.ready().await;
        // Cancelled meanwhile: whatever the worker did of it (ended, it may also report
        // its script's load as failed), nothing was sent.
        if self.cancelled.get() {
            return Err(StoreError::Cancelled);
        }
        ready.map_err(stopped)?;
        self.addressed(request);
        self.started.send(request, transfer).await.map_err(stopped)
    }

    /// Sends one request (with its payload, if any) and waits for its reply.
    async fn call<A: Serialize>(
        &self,
        op: &str,
        args: &A,
        payload: Option<Payload<'_>>,
    ) -> Result<JsValue, StoreError> {
        let request = Object::new();
        set(&request, "op", &JsValue::from_str(op));
        set(&request, "args", &json(args));
        let transfer = payload.map(|p| p.put(&request)).unwrap_or_default();
        self.send(&request, &transfer).await
    }

    /// The reply's `ok` as `T`, or its `err` as `E`.
    async fn ask<A: Serialize, T: DeserializeOwned, E: DeserializeOwned + From<StoreError>>(
        &self,
        op: &str,
        args: &A,
        payload: Option<Payload<'_>>,
    ) -> Result<(T, JsValue), E> {
        let reply = self.call(op, args, payload).await?;
        if let Some(e) = from_json::<E>(&get(&reply, "err")) {
            return Err(e);
        }
        let ok = from_json::<T>(&get(&reply, "ok"))
            .ok_or_else(|| StoreError::Worker(format!("no answer to {op}")))?;
        Ok((ok, get(&reply, "bytes")))
    }

    /// Asks the running request to stop before its commit. It answers
    /// `StoreError::Cancelled` if it could, or its result if it was already committing;
    /// no request is sent after it.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        let request = Object::new();
        set(&request, "op", &JsValue::from_str("cancel"));
        self.started.post(&request);
    }

    /// Ends the worker at once, and the request waiting answers `StoreError::Cancelled`.
    /// Only where no writing transaction is open (`core::progress`, `may_end_worker`):
    /// ending the worker aborts any, so nothing is written either way.
    pub fn end(&self) {
        self.cancelled.set(true);
        self.started.end();
    }

    /// Hands the page's unlocked session to the worker (nothing while locked).
    pub async fn hand_over(&self, db: &Db) -> Result<(), StoreError> {
        let Some((key, person)) = db.session_for_worker().await? else {
            return Ok(());
        };
        let view = Uint8Array::from(&key[..]);
        drop(key);
        let request = Object::new();
        set(&request, "op", &JsValue::from_str("session"));
        set(&request, "args", &json(&person));
        set(&request, "key", &view);
        let sent = self.send(&request, &Array::of1(&view.buffer())).await;
        // Not sent (cancelled, or the worker failed): the page's copy is wiped.
        if view.byte_length() > 0 {
            view.fill(0, 0, view.length());
        }
        let reply = sent?;
        match from_json::<StoreError>(&get(&reply, "err")) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every check of a bundle, and what importing it would do.
    pub async fn prepare(
        &self,
        file_name: &str,
        bundle: Payload<'_>,
        by: &str,
    ) -> Result<Preview, ExchangeError> {
        let (preview, _) = self
            .ask::<_, Preview, ExchangeError>("prepare", &(file_name, by), Some(bundle))
            .await?;
        Ok(preview)
    }

    /// Applies the bundle the last [`BundleWorker::prepare`] checked.
    pub async fn apply(&self, by: &str) -> Result<Summary, ExchangeError> {
        Ok(self
            .ask::<_, Summary, ExchangeError>("apply", &by, None)
            .await?
            .0)
    }

    /// Writes a bundle for `peer`.
    pub async fn export(
        &self,
        peer: &str,
        everything: bool,
        bundle_id: String,
        by: &str,
    ) -> Result<Written<ExportedHead>, ExchangeError> {
        let (head, bytes) = self
            .ask::<_, ExportedHead, ExchangeError>(
                "export",
                &(peer, everything, bundle_id, by),
                None,
            )
            .await?;
        Ok(Written {
            head,
            bytes: bytes_of(&bytes)?,
        })
    }

    /// Makes a backup of everything.
    pub async fn backup(&self, by: &str, backup_id: String) -> Result<Written<String>, StoreError> {
        let (head, bytes) = self
            .ask::<_, String, StoreError>("backup", &(by, backup_id), None)
            .await?;
        Ok(Written {
            head,
            bytes: bytes_of(&bytes)?,
        })
    }

    /// Writes a spreadsheet's checked rows as new files, numbered in `rep`'s counter
    /// of `year` where they carry no number: the files as written.
    pub async fn import_files(
        &self,
        files: &[(Customer, HistoryEntry)],
        rep: &str,
        year: i32,
    ) -> Result<Vec<Customer>, StoreError> {
        Ok(self
            .ask::<_, Vec<Customer>, StoreError>("import_files", &(files, rep, year), None)
            .await?
            .0)
    }

    /// Restores a backup into this empty Dossier.
    pub async fn restore(
        &self,
        backup: Payload<'_>,
        secret: Secret<'_>,
    ) -> Result<BackupManifest, RestoreError> {
        let secret = match secret {
            Secret::Passphrase(p) => ("passphrase", p),
            Secret::RecoveryKey(k) => ("recovery", k),
        };
        Ok(self
            .ask::<_, BackupManifest, RestoreError>("restore", &secret, Some(backup))
            .await?
            .0)
    }
}

/// This tab, as the worker names it on the store channel: a tab ignores its own word.
pub fn tab() -> String {
    thread_local! {
        static TAB: String = crate::platform::ids::new_id();
    }
    TAB.with(String::clone)
}

fn bytes_of(value: &JsValue) -> Result<Uint8Array, StoreError> {
    value
        .dyn_ref::<Uint8Array>()
        .cloned()
        .ok_or_else(|| StoreError::Worker("no bytes in the reply".to_owned()))
}

/// The worker's state between requests.
#[derive(Default)]
struct State {
    db: Option<Db>,
    prepared: Option<Prepared>,
    /// Set by `{op: "cancel"}` as soon as it arrives (not queued behind the request it
    /// cancels); the running request asks it at each step.
    cancel: Rc<Cell<bool>>,
    /// The tab that started this worker, for the channel's message.
    tab: String,
}

async fn db(state: &Rc<RefCell<State>>, name: Option<String>) -> Result<Db, StoreError> {
    if let Some(db) = state.borrow().db.clone() {
        return Ok(db);
    }
    let db = match name {
        Some(name) => Db::open_named(&name).await?,
        None => Db::open().await?,
    };
    state.borrow_mut().db = Some(db.clone());
    Ok(db)
}

fn post_progress(scope: &web_sys::DedicatedWorkerGlobalScope, p: Progress) {
    let m = Object::new();
    set(&m, "progress", &json(&p));
    let _ = scope.post_message(&m);
}

/// Tells every tab that the store changed.
fn announce(tab: &str) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(STORE_CHANNEL) {
        let m = Object::new();
        set(&m, "changed", &JsValue::from_str(tab));
        let _ = channel.post_message(&m);
        channel.close();
    }
}

/// The requests whose commit changes what the tabs show: files, visits, the lists. An
/// export's or a backup's commit (its custody line, the last backup's date) does not.
const CHANGES_FILES: [&str; 3] = ["apply", "import_files", "restore"];

/// The reply to one request: `ok` (and `bytes`) or `err`.
struct Reply {
    ok: Result<JsValue, JsValue>,
    bytes: Option<Uint8Array>,
}

impl Reply {
    fn of<T: Serialize, E: Serialize>(result: Result<T, E>) -> Reply {
        Reply {
            ok: result.as_ref().map(json).map_err(json),
            bytes: None,
        }
    }
}

async fn answer(
    scope: &web_sys::DedicatedWorkerGlobalScope,
    state: &Rc<RefCell<State>>,
    request: &JsValue,
) -> Reply {
    let op = get(request, "op").as_string().unwrap_or_default();
    let args = get(request, "args");
    // Never reset: a worker serves one piece of work, and a cancel ends it.
    let cancel = state.borrow().cancel.clone();
    let report = {
        let scope = scope.clone();
        move |p: Progress| post_progress(&scope, p)
    };
    let cancelled = || cancel.get();
    let steps = Steps::new(&report, &cancelled);
    let db = match db(state, get(request, "db").as_string()).await {
        Ok(db) => db,
        Err(e) => return Reply::of::<(), _>(Err(e)),
    };
    // The payload: the picked file, read here, or bytes transferred.
    let payload = get(request, "file").dyn_into::<web_sys::Blob>().ok();
    let transferred = get(request, "bytes").dyn_into::<Uint8Array>().ok();
    let bytes = async move || -> Result<Vec<u8>, StoreError> {
        if let Some(file) = payload {
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .map_err(|_| StoreError::FileUnreadable)?;
            return Ok(Uint8Array::new(&buffer).to_vec());
        }
        Ok(transferred.map(|b| b.to_vec()).unwrap_or_default())
    };
    let now = get(request, "now")
        .as_string()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .map_or_else(chrono::Utc::now, |t| t.to_utc());
    match op.as_str() {
        "session" => {
            let view = get(request, "key").dyn_into::<Uint8Array>().ok();
            let key = view.as_ref().and_then(|view| {
                let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
                if view.length() != 32 {
                    return None;
                }
                view.copy_to(&mut bytes[..]);
                // The transferred buffer is the worker's now: wiped as well.
                view.fill(0, 0, 32);
                DataKey::from_handover(&bytes[..])
            });
            let Some(key) = key else {
                return Reply::of::<(), _>(Err(StoreError::Locked));
            };
            let person = from_json::<Option<Person>>(&args).flatten();
            Reply::of::<_, StoreError>(db.adopt_session(key, person).await.map(|()| true))
        }
        "prepare" => {
            let Some((name, by)) = from_json::<(String, String)>(&args) else {
                return Reply::of::<(), _>(Err(StoreError::Corrupt("prepare".into())));
            };
            let _ = steps.step(Phase::Reading, 0, 0);
            let bundle = match bytes().await {
                Ok(bytes) => bytes,
                Err(e) => return Reply::of::<(), _>(Err(ExchangeError::Store(e))),
            };
            let result = db
                .prepare_import_with(&name, &bundle, &by, now, &steps)
                .await;
            let result = result.map(|p| {
                let m = &p.verified.manifest;
                let preview = Preview {
                    from: format!("{} {}", m.sender.rep_code, m.sender.name),
                    sequence: m.sequence,
                    summary: p.summary.clone(),
                };
                state.borrow_mut().prepared = Some(p);
                preview
            });
            Reply::of(result)
        }
        "apply" => {
            let by = from_json::<String>(&args).unwrap_or_default();
            let Some(prepared) = state.borrow_mut().prepared.take() else {
                return Reply::of::<(), _>(Err(ExchangeError::Store(StoreError::Corrupt(
                    "nothing checked to import".into(),
                ))));
            };
            let result = db.apply_import_with(&prepared, &by, now, &steps).await;
            if result.is_err() {
                // Kept for another try (after a cancel, say).
                state.borrow_mut().prepared = Some(prepared);
            }
            Reply::of(result)
        }
        "export" => {
            let Some((peer, everything, id, by)) =
                from_json::<(String, bool, String, String)>(&args)
            else {
                return Reply::of::<(), _>(Err(StoreError::Corrupt("export".into())));
            };
            match db
                .export_bundle_with(&peer, everything, id, &by, now, &steps)
                .await
            {
                Ok(out) => Reply {
                    bytes: Some(Uint8Array::from(out.bytes.as_slice())),
                    ..Reply::of::<_, ExchangeError>(Ok(ExportedHead {
                        file_name: out.file_name,
                        counts: out.counts,
                    }))
                },
                Err(e) => Reply::of::<(), _>(Err(e)),
            }
        }
        "backup" => {
            let Some((by, id)) = from_json::<(String, String)>(&args) else {
                return Reply::of::<(), _>(Err(StoreError::Corrupt("backup".into())));
            };
            match db.export_backup_with(&by, id, now, &steps).await {
                Ok((name, bytes)) => Reply {
                    bytes: Some(Uint8Array::from(bytes.as_slice())),
                    ..Reply::of::<_, StoreError>(Ok(name))
                },
                Err(e) => Reply::of::<(), _>(Err(e)),
            }
        }
        "import_files" => {
            let Some((files, rep, year)) =
                from_json::<(Vec<(Customer, HistoryEntry)>, String, i32)>(&args)
            else {
                return Reply::of::<(), _>(Err(StoreError::Corrupt("import_files".into())));
            };
            Reply::of(db.import_files_with(files, &rep, year, &steps).await)
        }
        "restore" => {
            let Some((kind, text)) = from_json::<(String, String)>(&args) else {
                return Reply::of::<(), _>(Err(StoreError::Corrupt("restore".into())));
            };
            let secret = if kind == "recovery" {
                Secret::RecoveryKey(&text)
            } else {
                Secret::Passphrase(&text)
            };
            let backup = match bytes().await {
                Ok(bytes) => bytes,
                Err(e) => return Reply::of::<(), _>(Err(RestoreError::Store(e))),
            };
            Reply::of(db.restore_backup_with(&backup, secret, &steps).await)
        }
        other => Reply::of::<(), _>(Err(StoreError::Corrupt(format!("unknown request {other}")))),
    }
}

/// The worker's side: answers each request in turn, after saying it is ready.
pub fn serve() {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let state: Rc<RefCell<State>> = Rc::default();
    // One request at a time, in order: each waits for the one before.
    let queue: Rc<RefCell<Option<js_sys::Promise>>> = Rc::default();
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let request = e.data();
            if get(&request, "op").as_string().as_deref() == Some("cancel") {
                state.borrow().cancel.set(true);
                return;
            }
            if let Some(tab) = get(&request, "tab").as_string() {
                state.borrow_mut().tab = tab;
            }
            let scope = reply_to.clone();
            let state = state.clone();
            let before = queue.borrow_mut().take();
            let done = wasm_bindgen_futures::future_to_promise(async move {
                if let Some(before) = before {
                    let _ = wasm_bindgen_futures::JsFuture::from(before).await;
                }
                let reply = answer(&scope, &state, &request).await;
                let changed = reply.ok.is_ok()
                    && get(&request, "op")
                        .as_string()
                        .is_some_and(|op| CHANGES_FILES.contains(&op.as_str()));
                let message = Object::new();
                let transfer = Array::new();
                match reply.ok {
                    Ok(v) => set(&message, "ok", &v),
                    Err(e) => set(&message, "err", &e),
                }
                if let Some(bytes) = reply.bytes {
                    transfer.push(&bytes.buffer());
                    set(&message, "bytes", &bytes);
                }
                let _ = scope.post_message_with_transfer(&message, &transfer);
                if changed {
                    let tab = state.borrow().tab.clone();
                    announce(&tab);
                }
                Ok(JsValue::UNDEFINED)
            });
            *queue.borrow_mut() = Some(done);
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its page wants it; so does its handler.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str("ready"));
}
