//! Helpers shared by the browser tests that include this module (`mod support;`).

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

/// Rewrites database `name` as a build before schema V8 held its visits: each one a
/// record of the "visits" store, exactly as the books hold them, and no books. Opening
/// it with `Db` then moves them back.
pub async fn as_before_visit_books(name: &str) {
    let db = Database::open(name).await.expect("raw open");
    let tx = db
        .transaction(["visits", "visit_books"])
        .with_mode(indexed_db_futures::transaction::TransactionMode::Readwrite)
        .build()
        .expect("tx");
    let old = tx.object_store("visits").expect("old store");
    let books = tx.object_store("visit_books").expect("books");
    let all: Vec<JsValue> = books
        .get_all::<JsValue>()
        .await
        .expect("getAll")
        .collect::<Result<_, _>>()
        .expect("books");
    for book in all {
        let visits = js_sys::Reflect::get(&book, &"visits".into()).expect("visits");
        for visit in js_sys::Array::from(&visits).iter() {
            old.put(visit).await.expect("old record");
        }
    }
    books.clear().expect("clear").await.expect("cleared");
    tx.commit().await.expect("commits");
    db.close();
}
