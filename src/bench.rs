//! Hooks for the benchmark (`scripts/bench.sh`), compiled only with the `bench` feature:
//! the shipped app has none of this. `window.dossierBench` lets the benchmark page drive
//! Dossier's own storage, search and crypto code on the generated data, beside the
//! JavaScript baselines that run on the same records in the same page.
//!
//! Every function returns a Promise (or a value) of plain numbers and objects; times are
//! `performance.now()` milliseconds measured here, around the Rust call only.

use std::cell::RefCell;

use chrono::{DateTime, Duration, TimeZone, Utc};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::generate;
use crate::core::customer::model::Customer;
use crate::core::customer::query::{self, Query};
use crate::core::store::{CustomerStore, Profile, VisitStore};
use crate::core::vault::{DataKey, KdfParams, RecordRef, Sealed};
use crate::core::visit::model::{Visit, VisitStatus};
use crate::platform::bundle_worker::{BundleWorker, Payload};
use crate::storage::Db;

/// Visits a rep records in the week after the first bundle (the second bundle's).
const WEEK_VISITS: usize = 50;

/// The passphrase of every benchmark vault.
const PASSPHRASE: &str = "harbour lantern copper meadow";

struct Data {
    customers: Vec<Customer>,
    visits: Vec<Visit>,
    catalogue: Vec<CatalogueEntry>,
}

thread_local! {
    static DATA: RefCell<Option<Data>> = const { RefCell::new(None) };
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

fn err(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn with_data<R>(f: impl FnOnce(&Data) -> R) -> Result<R, JsValue> {
    DATA.with_borrow(|d| d.as_ref().map(f))
        .ok_or_else(|| err("call dossierBench.generate(n) first"))
}

/// Five submitted visits per customer over the last months.
fn visits_of(customers: &[Customer]) -> Vec<Visit> {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    customers
        .iter()
        .flat_map(|c| {
            (0..5).map(move |i| Visit {
                id: format!("{}-v{i}", c.id),
                customer_id: c.id.clone(),
                status: VisitStatus::Submitted,
                at: Some((now - Duration::days(30 * i)).naive_utc()),
                summary: format!("第{i}次拜访：讨论新品报价与交货期，客户希望下月再谈"),
                purpose: "例行拜访".into(),
                updated_at: now - Duration::days(30 * i),
                submitted_at: Some(now - Duration::days(30 * i)),
                ..Visit::default()
            })
        })
        .collect()
}

/// `n` customers from the deterministic generator (about one in ten confidential),
/// five visits each, and their catalogue entries, kept for the other calls.
fn generate(n: u32) -> JsValue {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let customers = generate::customers(n as usize, 7, "R07", now);
    let visits = visits_of(&customers);
    let catalogue = customers.iter().map(CatalogueEntry::of).collect();
    let confidential = customers.iter().filter(|c| c.secret.is_sealed()).count();
    let out = object(&[
        ("customers", customers.len().into()),
        ("visits", visits.len().into()),
        ("confidential", confidential.into()),
    ]);
    DATA.set(Some(Data {
        customers,
        visits,
        catalogue,
    }));
    out
}

/// The same records as plain JavaScript objects, for the baselines.
fn records() -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    with_data(|d| {
        use serde::Serialize;
        Ok(object(&[
            ("customers", d.customers.serialize(&ser).map_err(err)?),
            ("visits", d.visits.serialize(&ser).map_err(err)?),
            ("catalogue", d.catalogue.serialize(&ser).map_err(err)?),
        ]))
    })?
}

async fn fresh_db(name: &str, kdf: KdfParams) -> Result<Db, JsValue> {
    if let Ok(req) = indexed_db_futures::database::Database::delete_by_name(name) {
        let _ = req.await;
    }
    let db = Db::open_named(name).await.map_err(err)?;
    db.create_vault(PASSPHRASE, kdf, Utc::now())
        .await
        .map_err(err)?;
    db.set_profile(&Profile {
        name: "李伟".into(),
        rep_code: "R07".into(),
    })
    .await
    .map_err(err)?;
    Ok(db)
}

fn cheap_kdf() -> KdfParams {
    KdfParams::with_cost(1024, 1, 1)
}

fn cloned() -> Result<(Vec<Customer>, Vec<Visit>), JsValue> {
    with_data(|d| (d.customers.clone(), d.visits.clone()))
}

/// Writes every customer (with its catalogue entry) and visit into a new database
/// `name`, as one bulk load; resolves to the milliseconds the write took.
async fn bulk_write(name: String) -> Result<JsValue, JsValue> {
    let (customers, visits) = cloned()?;
    let db = fresh_db(&name, cheap_kdf()).await?;
    let t0 = now_ms();
    db.put_files(&customers, &visits).await.map_err(err)?;
    let ms = now_ms() - t0;
    db.close();
    Ok(ms.into())
}

/// Reads back what [`bulk_write`] wrote: every customer, opened (the confidential ones
/// decrypted), and the catalogue the list starts from.
async fn bulk_read(name: String) -> Result<JsValue, JsValue> {
    let db = Db::open_named(&name).await.map_err(err)?;
    db.unlock(PASSPHRASE, Utc::now()).await.map_err(err)?;
    let t0 = now_ms();
    let all = db.all_customers().await.map_err(err)?;
    let customers_ms = now_ms() - t0;
    let t0 = now_ms();
    let catalogue = db.catalogue().await.map_err(err)?;
    let catalogue_ms = now_ms() - t0;
    db.close();
    Ok(object(&[
        ("customersMs", customers_ms.into()),
        ("customers", all.len().into()),
        ("catalogueMs", catalogue_ms.into()),
        ("catalogue", catalogue.len().into()),
    ]))
}

/// Seals `bytes` as a confidential record is sealed (XChaCha20-Poly1305); the
/// milliseconds it took.
fn seal(bytes: Uint8Array) -> JsValue {
    let bytes = bytes.to_vec();
    let key = DataKey::generate();
    let record = RecordRef {
        store: "bench",
        id: "bytes",
        revision: 0,
    };
    let t0 = now_ms();
    let sealed = Sealed::seal(&key, record, &bytes);
    let ms = now_ms() - t0;
    std::hint::black_box(sealed);
    ms.into()
}

/// Types each query one character at a time, as the list does (typing forward only
/// re-checks the previous matches); the milliseconds of every keystroke, and the
/// number of matches after the last one.
fn search(queries: Array) -> Result<JsValue, JsValue> {
    with_data(|d| {
        let now = Utc::now();
        let prepared = query::Prepared::new(&d.catalogue, query::Sort::Name, now);
        let times = Array::new();
        let counts = Array::new();
        for q in queries.iter() {
            let text = q.as_string().unwrap_or_default();
            let mut last: Option<(Query, Vec<usize>)> = None;
            let mut typed = String::new();
            for ch in text.chars() {
                typed.push(ch);
                let query = Query {
                    text: typed.clone(),
                    ..Query::default()
                };
                let t0 = now_ms();
                let within = last
                    .as_ref()
                    .filter(|(before, _)| query::narrows(before, &query))
                    .map(|(_, rows)| rows.as_slice());
                let groups = query::run_prepared(&d.catalogue, &prepared, &query, now, within);
                let ms = now_ms() - t0;
                times.push(&ms.into());
                let rows = groups
                    .into_iter()
                    .next()
                    .map(|g| g.rows)
                    .unwrap_or_default();
                last = Some((query, rows));
            }
            counts.push(&last.map_or(0, |(_, r)| r.len()).into());
        }
        object(&[("times", times.into()), ("counts", counts.into())])
    })
}

/// Fills the app's own database with the generated data under the passphrase
/// [`PASSPHRASE`] (the recommended Argon2id cost), ready for a reload to open.
async fn seed_app() -> Result<JsValue, JsValue> {
    let (customers, visits) = cloned()?;
    let db = Db::open().await.map_err(err)?;
    if db.vault_header().await.map_err(err)?.is_none() {
        db.create_vault(PASSPHRASE, KdfParams::recommended(), Utc::now())
            .await
            .map_err(err)?;
    } else {
        db.unlock(PASSPHRASE, Utc::now()).await.map_err(err)?;
    }
    db.set_profile(&Profile {
        name: "李伟".into(),
        rep_code: "R07".into(),
    })
    .await
    .map_err(err)?;
    let t0 = now_ms();
    db.put_files(&customers, &visits).await.map_err(err)?;
    let ms = now_ms() - t0;
    db.close();
    Ok(ms.into())
}

/// A rep's laptop holding the data exports everything to head office, which verifies
/// and imports it into an empty store: the times of each step, and the bundle's size.
async fn bundles() -> Result<JsValue, JsValue> {
    let (customers, visits) = cloned()?;
    let now = Utc::now();
    let rep = fresh_db("dossier-bench-rep", cheap_kdf()).await?;
    let hq = fresh_db("dossier-bench-hq", cheap_kdf()).await?;
    hq.set_up_head_office("总部").await.map_err(err)?;
    let enrolment = hq.enrol("R07", "李伟", now).await.map_err(err)?;
    rep.set_up_from_enrolment(&serde_json::to_vec(&enrolment).map_err(err)?)
        .await
        .map_err(err)?;
    rep.put_files(&customers, &visits).await.map_err(err)?;
    // The files the rep visits in the week after (plain ones, spread over the store).
    let plain: Vec<&Customer> = customers.iter().filter(|c| !c.secret.is_sealed()).collect();
    let step = (plain.len() / WEEK_VISITS).max(1);
    let visited: Vec<String> = plain
        .iter()
        .step_by(step)
        .take(WEEK_VISITS)
        .map(|c| c.id.clone())
        .collect();
    drop((customers, visits));

    let office_id = rep
        .exchange()
        .await
        .map_err(err)?
        .and_then(|e| e.office)
        .ok_or_else(|| err("no office"))?
        .id;
    // What a user waits for runs in the bundle worker, as in the app; its windows are
    // when the page's thread is watched for long tasks and keystrokes.
    let mut windows = Vec::new();
    let t0 = now_ms();
    let worker = in_worker(&rep, "dossier-bench-rep", now).await?;
    let out = worker
        .export(&office_id, true, "bench-1".into(), "bench")
        .await
        .map_err(err)?;
    drop(worker);
    let export_ms = now_ms() - t0;
    windows.push((t0, now_ms()));
    let device = rep
        .exchange()
        .await
        .map_err(err)?
        .ok_or_else(|| err("no exchange"))?
        .me;
    let device_id = device.id.clone();
    hq.trust_device(device).await.map_err(err)?;
    // The size first: the bytes are handed over (transferred), as the app hands over
    // the picked file, and leave this page.
    let bytes = out.bytes.length() as usize;
    let t0 = now_ms();
    let worker = in_worker(&hq, "dossier-bench-hq", now).await?;
    worker
        .prepare(&out.head.file_name, Payload::Bytes(out.bytes), "bench")
        .await
        .map_err(err)?;
    let verify_ms = now_ms() - t0;
    let t1 = now_ms();
    let summary = worker.apply("bench").await.map_err(err)?;
    drop(worker);
    let commit_ms = now_ms() - t1;
    windows.push((t0, now_ms()));

    // A week later, head office holding every file: its bundle back acknowledges the
    // rep's, the rep records a visit on each of `visited`, and sends what changed since.
    let later = now + Duration::days(7);
    let back = hq
        .export_bundle(&device_id, false, "bench-2".into(), "bench", later)
        .await
        .map_err(err)?;
    let prepared = rep
        .prepare_import(&back.file_name, &back.bytes, "bench", later)
        .await
        .map_err(err)?;
    rep.apply_import(&prepared, "bench", later)
        .await
        .map_err(err)?;
    for (i, id) in visited.iter().enumerate() {
        let visit = Visit {
            id: format!("bench-week-{i}"),
            customer_id: id.clone(),
            at: Some(later.naive_utc()),
            summary: "一周后的拜访".into(),
            status: VisitStatus::Submitted,
            submitted_at: Some(later),
            updated_at: later + Duration::minutes(1),
            ..Visit::default()
        };
        rep.submit_visit(&visit).await.map_err(err)?;
    }
    let t0 = now_ms();
    let worker = in_worker(&rep, "dossier-bench-rep", later + Duration::hours(1)).await?;
    let week = worker
        .export(&office_id, false, "bench-3".into(), "bench")
        .await
        .map_err(err)?;
    drop(worker);
    windows.push((t0, now_ms()));
    let t0 = now_ms();
    let worker = in_worker(&hq, "dossier-bench-hq", later + Duration::hours(2)).await?;
    worker
        .prepare(&week.head.file_name, Payload::Bytes(week.bytes), "bench")
        .await
        .map_err(err)?;
    let week_verify_ms = now_ms() - t0;
    let t1 = now_ms();
    let week_summary = worker.apply("bench").await.map_err(err)?;
    drop(worker);
    let week_commit_ms = now_ms() - t1;
    windows.push((t0, now_ms()));
    rep.close();
    hq.close();
    Ok(object(&[
        ("exportMs", export_ms.into()),
        ("bundleBytes", bytes.into()),
        ("verifyMs", verify_ms.into()),
        ("commitMs", commit_ms.into()),
        ("imported", summary.new.into()),
        ("weekVisited", visited.len().into()),
        ("weekVisits", week_summary.visits.into()),
        ("weekFiles", week.head.counts.customers.into()),
        ("weekHistory", week.head.counts.history.into()),
        ("weekVerifyMs", week_verify_ms.into()),
        ("weekCommitMs", week_commit_ms.into()),
        (
            "windows",
            windows
                .iter()
                .map(|(a, b)| Array::of2(&(*a).into(), &(*b).into()))
                .collect::<Array>()
                .into(),
        ),
    ]))
}

/// A bundle worker on the benchmark's database `name`, with `db`'s unlocked session,
/// working at `now`.
async fn in_worker(db: &Db, name: &str, now: DateTime<Utc>) -> Result<BundleWorker, JsValue> {
    let worker = BundleWorker::start(|_| {}).map_err(err)?;
    worker.on_database(name);
    worker.at(now);
    worker.hand_over(db).await.map_err(err)?;
    Ok(worker)
}

thread_local! {
    /// The list's search signatures for [`keystroke`], computed once.
    static PREPARED: RefCell<Option<query::Prepared>> = const { RefCell::new(None) };
}

/// One keystroke of the list's search over the generated files (its signatures kept
/// between calls, as the list keeps them): the milliseconds it took. The benchmark
/// types with it while bundles are at work, to see the search answer meanwhile.
fn keystroke(text: JsValue) -> Result<JsValue, JsValue> {
    with_data(|d| {
        let now = Utc::now();
        PREPARED.with(|p| {
            let mut p = p.borrow_mut();
            let prepared =
                p.get_or_insert_with(|| query::Prepared::new(&d.catalogue, query::Sort::Name, now));
            let query = Query {
                text: text.as_string().unwrap_or_default(),
                ..Query::default()
            };
            let t0 = now_ms();
            let groups = query::run_prepared(&d.catalogue, prepared, &query, now, None);
            let ms = now_ms() - t0;
            drop(groups);
            JsValue::from(ms)
        })
    })
}

/// The size of the wasm linear memory in bytes (it never shrinks: the high-water mark).
fn wasm_memory() -> JsValue {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    buffer.byte_length().into()
}

fn promise<F>(f: impl Fn(JsValue) -> F + 'static) -> Function
where
    F: std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
{
    Closure::<dyn Fn(JsValue) -> Promise>::new(move |arg| future_to_promise(f(arg)))
        .into_js_value()
        .unchecked_into()
}

fn sync(f: impl Fn(JsValue) -> Result<JsValue, JsValue> + 'static) -> Function {
    Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(f)
        .into_js_value()
        .unchecked_into()
}

/// Puts `window.dossierBench` in place.
pub fn install() {
    let hooks: &[(&str, Function)] = &[
        (
            "generate",
            sync(|n| Ok(generate(n.as_f64().unwrap_or(10_000.0) as u32))),
        ),
        ("records", sync(|_| records())),
        (
            "bulkWrite",
            promise(|name| bulk_write(name.as_string().unwrap_or_default())),
        ),
        (
            "bulkRead",
            promise(|name| bulk_read(name.as_string().unwrap_or_default())),
        ),
        ("seal", sync(|bytes| Ok(seal(bytes.unchecked_into())))),
        ("search", sync(|queries| search(queries.unchecked_into()))),
        ("seedApp", promise(|_| seed_app())),
        ("bundles", promise(|_| bundles())),
        ("keystroke", sync(keystroke)),
        ("wasmMemory", sync(|_| Ok(wasm_memory()))),
        ("passphrase", sync(|_| Ok(PASSPHRASE.into()))),
    ];
    let bench = Object::new();
    for (name, f) in hooks {
        let _ = Reflect::set(&bench, &JsValue::from_str(name), f);
    }
    if let Some(window) = web_sys::window() {
        let _ = Reflect::set(&window, &JsValue::from_str("dossierBench"), &bench);
    }
}
