//! Timing of bundle export and import at 10,000 customers and 50,000 visits, in
//! headless Chromium. Not part of the test command (ignored); run in release mode:
//!
//! ```sh
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --release --target wasm32-unknown-unknown --test bench_bundles -- --include-ignored
//! ```
#![cfg(target_arch = "wasm32")]

use chrono::{Duration, TimeZone, Utc};
use dossier::core::bundle::keys::{DeviceKeys, Role};
use dossier::core::bundle::{self, Contents, Outgoing};
use dossier::core::customer::generate;
use dossier::core::vault::KdfParams;
use dossier::core::visit::model::{Visit, VisitStatus};
use dossier::storage::Db;
use indexed_db_futures::database::Database;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
#[ignore]
async fn export_and_import_of_10k_customers_and_50k_visits() {
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap();
    let customers = generate::customers(10_000, 7, "R07", now);
    let visits: Vec<Visit> = customers
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
        .collect();
    let contents = Contents {
        customers,
        visits,
        ..Contents::default()
    };

    // The rep's laptop holds the data: put it there the way an import would.
    let (rep_name, hq_name) = ("dossier-bench-rep", "dossier-bench-hq");
    for n in [rep_name, hq_name] {
        if let Ok(req) = Database::delete_by_name(n) {
            let _ = req.await;
        }
    }
    let rep = Db::open_named(rep_name).await.unwrap();
    rep.create_vault(
        "bench passphrase words",
        KdfParams::with_cost(1024, 1, 1),
        now,
    )
    .await
    .unwrap();
    let hq = Db::open_named(hq_name).await.unwrap();
    hq.create_vault(
        "bench passphrase words",
        KdfParams::with_cost(1024, 1, 1),
        now,
    )
    .await
    .unwrap();
    hq.set_up_head_office("总部").await.unwrap();
    let enrolment = hq.enrol("R07", "李伟", now).await.unwrap();
    rep.set_up_from_enrolment(&serde_json::to_vec(&enrolment).unwrap())
        .await
        .unwrap();
    let seed_keys = DeviceKeys::generate(Role::HeadOffice, "HQ", "seed");
    let rep_me = rep.exchange().await.unwrap().unwrap().me;
    let t0 = now_ms();
    let seed = bundle::write(
        Outgoing {
            sender: &seed_keys,
            recipient: &rep_me,
            bundle_id: "seed".into(),
            sequence: 1,
            created_at: now,
        },
        &contents,
    );
    let write_ms = now_ms() - t0;
    console_log!(
        "bundle::write (serialize, encrypt, sign, zip) 10k+50k: {write_ms:.0} ms, {} bytes",
        seed.bytes.len()
    );
    // Trust the seeding key on the rep's laptop by writing it as its office would be.
    let mut ex = rep.exchange().await.unwrap().unwrap();
    ex.trusted.insert(seed_keys.id.clone(), seed_keys.public());
    rep.set_exchange_for_bench(&ex).await.unwrap();
    let t0 = now_ms();
    let prepared = rep
        .prepare_import("seed.dossier", &seed.bytes, "bench", now)
        .await
        .unwrap();
    let prepare_ms = now_ms() - t0;
    let t0 = now_ms();
    rep.apply_import(&prepared, "bench", now).await.unwrap();
    let apply_ms = now_ms() - t0;
    console_log!(
        "import into an empty laptop: verify+decrypt+plan {prepare_ms:.0} ms, merge+commit {apply_ms:.0} ms"
    );

    // The measured path: the rep exports everything; head office verifies and imports.
    let office_id = rep.exchange().await.unwrap().unwrap().office.unwrap().id;
    let t0 = now_ms();
    let out = rep
        .export_bundle(&office_id, true, "b1".into(), "bench", now)
        .await
        .unwrap();
    let export_ms = now_ms() - t0;
    console_log!(
        "export 10k customers + 50k visits: {export_ms:.0} ms, {} bytes",
        out.bytes.len()
    );
    let device = rep.exchange().await.unwrap().unwrap().me;
    hq.trust_device(device).await.unwrap();
    let t0 = now_ms();
    let prepared = hq
        .prepare_import(&out.file_name, &out.bytes, "bench", now)
        .await
        .unwrap();
    let check_ms = now_ms() - t0;
    let t0 = now_ms();
    hq.apply_import(&prepared, "bench", now).await.unwrap();
    let commit_ms = now_ms() - t0;
    console_log!(
        "import at head office: verify+decrypt+plan {check_ms:.0} ms, merge+commit {commit_ms:.0} ms, total {:.0} ms",
        check_ms + commit_ms
    );
    assert_eq!(prepared.summary.new, 10_000);
    rep.close();
    hq.close();
}
