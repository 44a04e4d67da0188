//! Security events and leak reports through the real IndexedDB store, in headless
//! Chromium: wrong passphrases are recorded at the next unlock instead of forgotten,
//! the vault's other events are recorded where they happen, an altered sealed record is
//! recorded when a read finds it, and a leak report is kept sealed.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Duration, TimeZone, Utc};
use dossier::core::customer::model::SecretLevel;
use dossier::core::customer::save::{NewIds, save};
use dossier::core::customer::validate::CustomerDraft;
use dossier::core::security::{EventKind, LeakDraft, SecurityEvent};
use dossier::core::store::{CustomerStore, Profile, StoreError};
use dossier::core::vault::{KdfParams, UnlockError};
use dossier::storage::Db;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const MARKER: &str = "OTTER-5120-MARKER";

fn fresh_name(test: &str) -> String {
    format!(
        "dossier-test-{test}-{}",
        (js_sys::Math::random() * 1e12) as u64
    )
}

async fn delete(name: &str) {
    Database::delete_by_name(name)
        .expect("delete request")
        .await
        .expect("database deleted");
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 6, 0, 0).unwrap() + Duration::minutes(minute)
}

fn cheap() -> KdfParams {
    KdfParams::with_cost(1024, 1, 1)
}

fn kinds(events: &[SecurityEvent]) -> Vec<EventKind> {
    let mut events = events.to_vec();
    events.sort_by_key(|e| e.at);
    events.into_iter().map(|e| e.kind).collect()
}

#[wasm_bindgen_test]
async fn wrong_passphrases_are_recorded_at_the_next_unlock_and_told_until_dismissed() {
    let name = fresh_name("failed-unlocks");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(0))
        .await
        .unwrap();
    db.lock();
    for minute in [1, 2] {
        assert_eq!(
            db.unlock("guess", at(minute)).await,
            Err(UnlockError::WrongPassphrase)
        );
    }
    db.close();
    // A reload between the attempts and the unlock forgets nothing.
    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(10)).await.unwrap();
    let expected = EventKind::FailedUnlocks {
        count: 2,
        last_at: at(2),
    };
    let notice = db.unlock_notice().await.unwrap().expect("a notice");
    assert_eq!(notice.kind, expected);
    assert_eq!(notice.at, at(10));
    assert_eq!(
        kinds(&db.security_events().await.unwrap()),
        std::slice::from_ref(&expected)
    );
    assert_eq!(db.unlock_wait(at(10)).await, Ok(0), "the count starts over");

    db.dismiss_unlock_notice().await.unwrap();
    assert_eq!(db.unlock_notice().await.unwrap(), None);
    assert_eq!(
        db.security_events().await.unwrap().len(),
        1,
        "the event stays, to travel"
    );
    // An unlock without wrong attempts before it records nothing.
    db.lock();
    db.unlock("copper lantern orchard", at(11)).await.unwrap();
    assert_eq!(db.unlock_notice().await.unwrap(), None);
    assert_eq!(db.security_events().await.unwrap().len(), 1);
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_recovery_and_a_passphrase_change_are_recorded_with_the_attempts_before_them() {
    let name = fresh_name("recovery-events");
    let db = Db::open_named(&name).await.unwrap();
    let recovery = db
        .create_vault("copper lantern orchard", cheap(), at(0))
        .await
        .unwrap();
    db.lock();
    for minute in [1, 2, 3] {
        let _ = db.unlock("forgot it", at(minute)).await;
    }
    db.recover(
        &recovery.display(),
        "new words entirely here",
        cheap(),
        at(5),
    )
    .await
    .unwrap();
    db.change_passphrase(
        "new words entirely here",
        "third one is the charm",
        cheap(),
        at(6),
    )
    .await
    .unwrap();
    assert_eq!(
        kinds(&db.security_events().await.unwrap()),
        [
            EventKind::FailedUnlocks {
                count: 3,
                last_at: at(3)
            },
            EventKind::RecoveryKeyUsed,
            EventKind::PassphraseChanged,
        ]
    );
    assert!(db.unlock_notice().await.unwrap().is_some());
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_sealed_record_moved_to_another_file_is_refused_and_recorded_once() {
    let name = fresh_name("integrity");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(0))
        .await
        .unwrap();
    let rep = Profile {
        name: "李业务".into(),
        rep_code: "R07".into(),
    };
    for id in ["cust-1", "cust-2"] {
        let mut d = CustomerDraft::default();
        d.customer.basic.name = format!("{id} 有限公司");
        d.customer.secret = SecretLevel::Confidential;
        let ids = NewIds {
            customer: id.into(),
            history: format!("hist-{id}"),
        };
        save(&db, &d, Some(&rep), "", at(1), ids).await.unwrap();
    }
    // Someone with the browser's profile puts file 1's sealed record in file 2's place.
    let moved = get_raw(&name, "customers", "cust-1").await;
    js_sys::Reflect::set(&moved, &"id".into(), &"cust-2".into()).unwrap();
    put_raw(&name, "customers", &moved).await;

    for _ in 0..3 {
        assert_eq!(db.customer("cust-2").await, Err(StoreError::Tampered));
    }
    let mut recorded = Vec::new();
    // The event is written after the read that found it; a few reads let it land.
    for _ in 0..50 {
        recorded = db.security_events().await.unwrap();
        if !recorded.is_empty() {
            break;
        }
    }
    assert_eq!(
        kinds(&recorded),
        [EventKind::SealedRecordFailed {
            store: "customers".into(),
            record: "cust-2".into(),
        }]
    );
    assert!(recorded[0].is_alarm());
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_leak_report_is_filed_only_while_unlocked_and_kept_sealed() {
    let name = fresh_name("leak");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(0))
        .await
        .unwrap();
    let report = LeakDraft {
        what: format!("报价单被拍照 {MARKER}"),
        when: "2026-11-21".into(),
        files: "R07-2026-0001".into(),
    }
    .file("L1".into(), "李业务 (R07)", at(1), at(1).date_naive())
    .unwrap();
    db.lock();
    assert_eq!(db.file_leak_report(&report).await, Err(StoreError::Locked));
    db.unlock("copper lantern orchard", at(2)).await.unwrap();
    db.file_leak_report(&report).await.unwrap();
    db.file_leak_report(&report).await.unwrap();
    assert_eq!(db.leak_reports().await.unwrap(), [report], "filed once");
    db.close();
    let raw = get_raw(&name, "meta", "leak_reports").await;
    let text = String::from(js_sys::JSON::stringify(&raw).unwrap());
    assert!(!text.contains(MARKER) && !text.contains("R07-2026-0001"));
    delete(&name).await;
}

/// The record of `key` in `store` of database `name`, as stored.
async fn get_raw(name: &str, store: &str, key: &str) -> JsValue {
    let db = Database::open(name).await.expect("raw open");
    let tx = db.transaction(store).build().expect("tx");
    let found: Option<JsValue> = tx
        .object_store(store)
        .expect("store")
        .get(key)
        .primitive()
        .expect("get")
        .await
        .expect("read");
    drop(tx);
    db.close();
    found.expect("the record exists")
}

/// Puts `record` into `store` of database `name` as it is.
async fn put_raw(name: &str, store: &str, record: &JsValue) {
    let db = Database::open(name).await.expect("raw open");
    let tx = db
        .transaction(store)
        .with_mode(indexed_db_futures::transaction::TransactionMode::Readwrite)
        .build()
        .expect("tx");
    tx.object_store(store)
        .expect("store")
        .put(record)
        .primitive()
        .expect("put")
        .await
        .expect("written");
    tx.commit().await.expect("commits");
    db.close();
}
