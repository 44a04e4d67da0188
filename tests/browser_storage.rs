//! The IndexedDB store, exercised in headless Chromium (`scripts/test.sh` runs these
//! with wasm-bindgen-test-runner). Each test uses a database of its own and deletes it.
#![cfg(target_arch = "wasm32")]

use chrono::{TimeZone, Utc};
use dossier::core::store::StoreError;
use dossier::storage::migrations::SchemaVersion;
use dossier::storage::{Db, schema};
use indexed_db_futures::database::Database;
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test (or earlier run) uses.
fn fresh_name(test: &str) -> String {
    format!(
        "dossier-test-{test}-{}",
        js_sys::Date::now() as u64 ^ (js_sys::Math::random() * 1e9) as u64
    )
}

async fn delete(name: &str) {
    Database::delete_by_name(name)
        .expect("delete request")
        .await
        .expect("database deleted");
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Note {
    text: String,
    count: u32,
}

#[wasm_bindgen_test]
async fn meta_values_round_trip_and_survive_reopening() {
    let name = fresh_name("meta");
    let note = Note {
        text: "张三 likes 龙井 tea".into(),
        count: 3,
    };

    let db = Db::open_named(&name).await.expect("opens");
    assert_eq!(db.meta::<Note>("note").await.expect("reads"), None);
    db.set_meta("note", &note).await.expect("writes");
    assert_eq!(db.meta::<Note>("note").await.expect("reads"), Some(note));
    db.close();

    let reopened = Db::open_named(&name).await.expect("reopens");
    let read: Option<Note> = reopened.meta("note").await.expect("reads after reopening");
    assert_eq!(read.map(|n| n.text), Some("张三 likes 龙井 tea".to_owned()));
    reopened.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_value_of_the_wrong_shape_is_reported_as_corrupt_not_a_crash() {
    let name = fresh_name("corrupt");
    let db = Db::open_named(&name).await.expect("opens");
    db.set_meta("note", &"just a string").await.expect("writes");
    let read = db.meta::<Note>("note").await;
    assert!(matches!(read, Err(StoreError::Corrupt(_))), "{read:?}");
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_fresh_database_gets_the_latest_schema() {
    let name = fresh_name("schema");
    let db = Db::open_named(&name).await.expect("opens");
    assert_eq!(db.version(), SchemaVersion::LATEST.number());
    let mut expected = [
        schema::CATALOGUE,
        schema::CATALOGUE_PAGES,
        schema::CUSTOMERS,
        schema::DRAFTS,
        schema::HISTORY,
        schema::META,
        schema::VISITS,
        schema::VISIT_BOOKS,
        schema::COMPLAINTS,
        schema::VIEWING_LOG,
        schema::CUSTODY_LOG,
        schema::REMOTE_VIEWINGS,
        schema::DESTRUCTIONS,
    ];
    expected.sort();
    assert_eq!(db.store_names(), expected.map(str::to_owned).to_vec());
    assert_eq!(
        db.index_names(schema::CATALOGUE).expect("indexes"),
        vec![
            schema::catalogue_index::ARCHIVE_NO,
            schema::catalogue_index::SECRET
        ]
    );
    assert_eq!(
        db.index_names(schema::CATALOGUE_PAGES).expect("indexes"),
        vec![
            schema::CATALOGUE_PAGES_BY_ARCHIVE_NO,
            schema::CATALOGUE_PAGES_BY_ID
        ]
    );
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn creation_time_is_recorded_once() {
    let name = fresh_name("created");
    let first = Utc.with_ymd_and_hms(2026, 3, 1, 9, 30, 0).unwrap();
    let later = Utc.with_ymd_and_hms(2026, 11, 22, 17, 0, 0).unwrap();

    let db = Db::open_named(&name).await.expect("opens");
    assert_eq!(db.created_at(first).await.expect("records"), first);
    db.close();
    let db = Db::open_named(&name).await.expect("reopens");
    assert_eq!(
        db.created_at(later).await.expect("reads"),
        first,
        "a restart must not reset it"
    );
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn data_from_a_newer_version_is_refused_and_left_alone() {
    let name = fresh_name("newer");
    // What a newer build would leave behind after a user goes back to an older one.
    let newer = SchemaVersion::LATEST.number() + 1;
    let raw = Database::open(name.as_str())
        .with_version(newer)
        .await
        .expect("newer build opens");
    raw.close();

    let opened = Db::open_named(&name).await;
    assert!(
        matches!(opened, Err(StoreError::NewerVersion)),
        "{opened:?}"
    );

    let raw = Database::open(name.as_str()).await.expect("still opens");
    assert_eq!(
        raw.version() as u32,
        newer,
        "the newer database was not touched"
    );
    raw.close();
    delete(&name).await;
}
