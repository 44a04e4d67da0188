//! Customer files through the real IndexedDB store, in headless Chromium: saving with
//! history and archive numbers, schema upgrades without loss, all-or-nothing commits.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, TimeZone, Utc};
use dossier::core::customer::history::ChangeKind;
use dossier::core::customer::model::Contact;
use dossier::core::customer::query::{self, Query};
use dossier::core::customer::save::{NewIds, SaveError, save};
use dossier::core::customer::validate::CustomerDraft;
use dossier::core::store::{CustomerStore, Profile, StoreError, draft_key};
use dossier::storage::Db;
use dossier::storage::migrations::SchemaVersion;
use indexed_db_futures::database::Database;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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

fn rep() -> Profile {
    Profile {
        name: "李业务".into(),
        rep_code: "R07".into(),
    }
}

fn at(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap()
}

fn ids(n: u32) -> NewIds {
    NewIds {
        customer: format!("cust-{n}"),
        history: format!("hist-{n}"),
    }
}

fn draft(name: &str) -> CustomerDraft {
    let mut d = CustomerDraft::default();
    d.customer.basic.name = name.into();
    d.customer.contacts = vec![Contact {
        name: "张三".into(),
        phones: vec!["13812345678".into()],
        ..Default::default()
    }];
    d
}

#[wasm_bindgen_test]
async fn a_saved_file_is_listed_numbered_and_has_history_after_reopening() {
    let name = fresh_name("save");
    let db = Db::open_named(&name).await.expect("opens");
    let created = save(
        &db,
        &draft("深圳鸿达贸易有限公司"),
        Some(&rep()),
        "",
        at(1),
        ids(1),
    )
    .await
    .expect("saves");
    let mut edit = CustomerDraft::of(&created);
    edit.customer.basic.phone = "0755-12345678".into();
    save(&db, &edit, Some(&rep()), "新办公室电话", at(2), ids(2))
        .await
        .expect("saves the edit");
    db.close();

    let db = Db::open_named(&name).await.expect("reopens");
    let catalogue = db.catalogue().await.expect("catalogue");
    assert_eq!(catalogue.len(), 1);
    assert_eq!(catalogue[0].archive_no, "R07-2026-00001");
    assert_eq!(catalogue[0].contact, "张三");
    let initials = Query {
        text: "zs".into(),
        ..Query::default()
    };
    assert_eq!(
        query::run(&catalogue, &initials, at(3))[0].rows,
        [0],
        "found by its contact's pinyin initials after reopening"
    );
    let stored = db.customer("cust-1").await.expect("reads").expect("exists");
    assert_eq!(
        (stored.revision, stored.basic.phone.as_str()),
        (2, "0755-12345678")
    );
    let history = db.history("cust-1").await.expect("history");
    assert_eq!(
        history.iter().map(|h| h.kind).collect::<Vec<_>>(),
        vec![ChangeKind::Created, ChangeKind::Edited]
    );
    assert_eq!(history[1].reason, "新办公室电话");
    assert_eq!(history[1].changes[0].path, "basic.phone");
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn archive_numbers_continue_after_a_restart_and_are_never_reused() {
    let name = fresh_name("numbers");
    let db = Db::open_named(&name).await.expect("opens");
    save(&db, &draft("甲"), Some(&rep()), "", at(1), ids(1))
        .await
        .expect("saves");
    save(&db, &draft("乙"), Some(&rep()), "", at(1), ids(2))
        .await
        .expect("saves");
    db.close();
    let db = Db::open_named(&name).await.expect("reopens");
    let third = save(&db, &draft("丙"), Some(&rep()), "", at(2), ids(3))
        .await
        .expect("saves");
    assert_eq!(third.archive_no, "R07-2026-00003");
    db.close();
    delete(&name).await;
}

/// The commit of a new file `name` (id `cust-clash`) carrying an archive number that is
/// already taken, as a bad import would bring it.
fn clashing(
    name: &str,
    archive_no: &str,
    when: DateTime<Utc>,
    draft_key: Option<&str>,
) -> dossier::core::store::Commit {
    let mut clash = draft(name).customer;
    clash.id = "cust-clash".into();
    clash.archive_no = archive_no.to_owned();
    let history = dossier::core::customer::history::HistoryEntry {
        id: "hist-clash".into(),
        customer_id: clash.id.clone(),
        at: when,
        by: "李业务".into(),
        reason: Default::default(),
        kind: ChangeKind::Created,
        revision: 1,
        changes: vec![],
    };
    dossier::core::store::Commit {
        customer: clash,
        history,
        allocate_number: None,
        expected_revision: None,
        draft_key: draft_key.map(str::to_owned),
    }
}

#[wasm_bindgen_test]
async fn a_commit_that_fails_midway_changes_nothing() {
    let name = fresh_name("rollback");
    let db = Db::open_named(&name).await.expect("opens");
    let first = save(&db, &draft("甲"), Some(&rep()), "", at(1), ids(1))
        .await
        .expect("saves");

    // A second file arriving with the same archive number (as a bad import would):
    // the customer write succeeds, then the catalogue's unique index refuses it.
    db.put_draft("customer:clash", &draft("乙"))
        .await
        .expect("draft");
    let commit = clashing("乙", &first.archive_no, at(2), Some("customer:clash"));
    assert_eq!(db.commit(commit).await, Err(StoreError::DuplicateArchiveNo));

    assert_eq!(
        db.customer("cust-clash").await.expect("reads"),
        None,
        "the file write was rolled back"
    );
    assert_eq!(
        db.history("cust-clash").await.expect("reads"),
        vec![],
        "no history entry"
    );
    assert!(
        db.draft("customer:clash").await.expect("reads").is_some(),
        "the draft is kept"
    );
    assert_eq!(db.catalogue().await.expect("reads").len(), 1);
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn drafts_survive_a_reload_and_go_when_saved() {
    let name = fresh_name("drafts");
    let db = Db::open_named(&name).await.expect("opens");
    let key = draft_key("");
    let mut half_typed = draft("广州恒通");
    half_typed.registered_capital = "50万".into();
    db.put_draft(&key, &half_typed).await.expect("autosaves");
    db.close();

    let db = Db::open_named(&name).await.expect("reopens");
    assert_eq!(
        db.draft(&key).await.expect("reads"),
        Some(half_typed.clone())
    );
    save(&db, &half_typed, Some(&rep()), "", at(1), ids(1))
        .await
        .expect("saves");
    assert_eq!(db.draft(&key).await.expect("reads"), None);
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_stale_edit_from_another_tab_is_refused() {
    let name = fresh_name("stale");
    let db = Db::open_named(&name).await.expect("opens");
    let created = save(&db, &draft("甲"), Some(&rep()), "", at(1), ids(1))
        .await
        .expect("saves");
    let mut tab_a = CustomerDraft::of(&created);
    let mut tab_b = CustomerDraft::of(&created);
    tab_a.customer.basic.phone = "13800000001".into();
    tab_b.customer.basic.phone = "13800000002".into();
    save(&db, &tab_a, Some(&rep()), "", at(2), ids(2))
        .await
        .expect("first wins");
    let second = save(&db, &tab_b, Some(&rep()), "", at(2), ids(3)).await;
    assert_eq!(second, Err(SaveError::Store(StoreError::Conflict)));
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_version_1_database_is_upgraded_without_loss() {
    let name = fresh_name("upgrade");
    let old = Db::open_at(&name, SchemaVersion::V1)
        .await
        .expect("opens as version 1");
    assert_eq!(old.version(), 1);
    old.set_profile(&rep())
        .await
        .expect("writes under version 1");
    old.close();

    let db = Db::open_named(&name).await.expect("upgrades");
    assert_eq!(db.version(), SchemaVersion::LATEST.number());
    assert_eq!(
        db.profile().await.expect("reads"),
        Some(rep()),
        "version 1 data is kept"
    );
    save(&db, &draft("甲"), Some(&rep()), "", at(1), ids(1))
        .await
        .expect("the new stores work");
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_visit_draft_is_kept_at_every_change_and_final_once_submitted() {
    use dossier::core::store::VisitStore;
    use dossier::core::visit::model::{Visit, VisitStatus};
    use dossier::core::visit::submit::submit;

    let name = fresh_name("visits");
    let db = Db::open_named(&name).await.expect("opens");
    let mut draft = Visit {
        id: "visit-1".into(),
        customer_id: "cust-1".into(),
        at: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).and_then(|d| d.and_hms_opt(10, 0, 0)),
        ..Default::default()
    };
    db.put_visit(&draft).await.expect("autosaves");
    draft.summary = "客户想要新品目录".into();
    db.put_visit(&draft).await.expect("autosaves again");
    db.close();

    let db = Db::open_named(&name).await.expect("reopens");
    assert_eq!(
        db.visit("visit-1").await.expect("reads"),
        Some(draft.clone()),
        "the last keystroke survived"
    );
    assert_eq!(
        db.visits_with(VisitStatus::Draft)
            .await
            .expect("lists")
            .len(),
        1
    );
    submit(&db, &draft, at(3)).await.expect("submits");
    assert_eq!(
        db.visits_with(VisitStatus::Draft).await.expect("lists"),
        vec![]
    );
    assert_eq!(
        db.visits_for("cust-1").await.expect("lists")[0].status,
        VisitStatus::Submitted
    );
    assert_eq!(
        db.put_visit(&draft).await,
        Err(StoreError::VisitFinal),
        "a late autosave cannot undo it"
    );
    assert_eq!(
        db.discard_visit("visit-1").await,
        Err(StoreError::VisitFinal)
    );
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_submitted_visit_comes_back_with_its_file_as_a_fresh_read_shows_it() {
    use dossier::core::store::VisitStore;
    use dossier::core::visit::model::{Visit, VisitStatus};
    use dossier::core::visit::submit::finalize;

    let name = fresh_name("submit-read");
    let db = Db::open_named(&name).await.expect("opens");
    save(
        &db,
        &draft("江门五金有限公司"),
        Some(&rep()),
        "",
        at(1),
        ids(1),
    )
    .await
    .expect("saves");
    let earlier = Visit {
        id: "visit-0".into(),
        customer_id: "cust-1".into(),
        at: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).and_then(|d| d.and_hms_opt(10, 0, 0)),
        summary: "第一次拜访".into(),
        ..Default::default()
    };
    db.submit_visit(&finalize(&earlier, at(1)).expect("complete"))
        .await
        .expect("first visit");
    let draft = Visit {
        id: "visit-1".into(),
        at: chrono::NaiveDate::from_ymd_opt(2026, 11, 2).and_then(|d| d.and_hms_opt(10, 0, 0)),
        summary: "客户想要新品目录".into(),
        ..earlier.clone()
    };
    db.put_visit(&draft).await.expect("autosaves");

    let done = finalize(&draft, at(3)).expect("complete");
    let file = db
        .submit_visit_reading_file(&done)
        .await
        .expect("submits")
        .expect("the file, read in the same transaction");
    assert_eq!(file.customer.basic.name, "江门五金有限公司");
    assert_eq!(file.history.len(), 1, "the file's creation");
    let summaries: Vec<_> = file
        .visits
        .iter()
        .map(|v| (v.summary.as_str(), v.status))
        .collect();
    assert_eq!(
        summaries,
        vec![
            ("客户想要新品目录", VisitStatus::Submitted),
            ("第一次拜访", VisitStatus::Submitted)
        ],
        "both visits, newest first, the new one final"
    );
    let fresh = db.file_with_records("cust-1").await.unwrap().unwrap();
    assert_eq!(fresh.visits, file.visits, "what a read afterwards finds");
    assert_eq!(fresh.customer, file.customer);
    assert_eq!(
        db.submit_visit_reading_file(&done).await.err(),
        Some(StoreError::VisitFinal),
        "submitted twice (a double click): refused, nothing changes"
    );
    assert_eq!(db.visits_for("cust-1").await.unwrap().len(), 2);
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_field_cleared_after_an_edit_reads_back_from_the_store() {
    use dossier::core::customer::model::{CreditAssignment, CreditGrade};
    let name = fresh_name("cleared");
    let db = Db::open_named(&name).await.unwrap();
    db.set_profile(&rep()).await.unwrap();
    let mut d = draft("江门清除测试");
    d.customer.credit = Some(CreditAssignment {
        grade: CreditGrade::B,
        by: "王经理".into(),
        at: at(1),
        reason: String::new(),
    });
    let c = save(&db, &d, Some(&rep()), "", at(1), ids(1))
        .await
        .unwrap();
    // Cleared: the field's version holds null, which IndexedDB keeps as undefined.
    let mut cleared = CustomerDraft::of(&c);
    cleared.customer.credit = None;
    let c = save(&db, &cleared, Some(&rep()), "", at(2), ids(2))
        .await
        .unwrap();
    assert_eq!(c.sync.0["credit"][0].value, serde_json::Value::Null);
    let read = db.customer(&c.id).await.expect("reads").expect("found");
    assert_eq!(read.credit, None);
    assert_eq!(read.sync, c.sync);
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_version_8_catalogue_drops_its_unread_indexes_and_moves_into_pages() {
    use dossier::core::customer::catalogue::CatalogueEntry;
    use dossier::core::customer::model::SecretLevel;
    use dossier::storage::schema::{CATALOGUE, CATALOGUE_PAGES, catalogue_index};
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;

    let name = fresh_name("pages");
    let old = Db::open_at(&name, SchemaVersion::V8)
        .await
        .expect("opens as version 8");
    assert_eq!(
        old.index_names(CATALOGUE).expect("indexes").len(),
        1 + catalogue_index::BY_FIELD.len(),
        "version 8 has an index per field"
    );
    old.close();
    // 250 entries as a build of version 8 or 9 stored them, one record each; one file
    // in ten at a sealing level.
    let entries: Vec<CatalogueEntry> = (0..250)
        .map(|i| {
            let mut c = draft(&format!("客户{i:03}")).customer;
            c.id = format!("cust-old-{i:03}");
            c.archive_no = format!("R07-2025-{:05}", i + 1);
            if i % 10 == 0 {
                c.secret = SecretLevel::Secret;
            }
            CatalogueEntry::of(&c)
        })
        .collect();
    let raw = Database::open(name.as_str()).await.expect("opens raw");
    let tx = raw
        .transaction(CATALOGUE)
        .with_mode(TransactionMode::Readwrite)
        .build()
        .expect("transaction");
    let store = tx.object_store(CATALOGUE).expect("store");
    for e in &entries {
        store.put(e).serde().expect("put").await.expect("written");
    }
    tx.commit().await.expect("commits");
    raw.close();

    let db = Db::open_named(&name).await.expect("upgrades");
    assert_eq!(db.version(), SchemaVersion::LATEST.number());
    assert_eq!(
        db.index_names(CATALOGUE).expect("indexes"),
        vec![catalogue_index::ARCHIVE_NO, catalogue_index::SECRET],
        "only the indexes something read are left on the old store"
    );
    let mut listed = db.catalogue().await.expect("reads");
    listed.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(listed, entries, "every entry is kept as it was");
    let counts = |name: String| async move {
        let raw = Database::open(name.as_str()).await.expect("opens raw");
        let counted = {
            let tx = raw
                .transaction([CATALOGUE, CATALOGUE_PAGES])
                .build()
                .expect("transaction");
            let old = tx.object_store(CATALOGUE).unwrap().count().await.unwrap();
            let pages = tx
                .object_store(CATALOGUE_PAGES)
                .unwrap()
                .count()
                .await
                .unwrap();
            (old, pages)
        };
        raw.close();
        counted
    };
    assert_eq!(
        counts(name.clone()).await,
        (0, 3),
        "the old store is emptied into pages of a hundred"
    );

    // Archive numbers are still unique: against an entry of another page than the one
    // a new file goes to (the store's index), and of the same page (checked in code).
    for taken in [&entries[0].archive_no, &entries[240].archive_no] {
        let commit = clashing("丙", taken, at(3), None);
        assert_eq!(
            db.commit(commit).await,
            Err(StoreError::DuplicateArchiveNo),
            "{taken} is refused"
        );
    }

    // A file saved after the upgrade is listed, on the last page, and so is an edit.
    let mut added = save(&db, &draft("丁"), Some(&rep()), "", at(4), ids(4))
        .await
        .expect("saves under the latest version");
    added = {
        let mut edit = CustomerDraft::of(&added);
        edit.customer.basic.name = "丁二".into();
        save(&db, &edit, Some(&rep()), "", at(5), ids(5))
            .await
            .expect("edits")
    };
    let listed = db.catalogue().await.expect("reads");
    assert_eq!(listed.len(), 251);
    assert_eq!(
        listed
            .iter()
            .filter(|e| e.id == added.id)
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>(),
        vec!["丁二"],
        "one entry, edited in place"
    );
    assert_eq!(counts(name.clone()).await, (0, 3));
    db.close();
    delete(&name).await;
}

/// Rows of a spreadsheet that carry R07's own numbers move its counter past them,
/// before the rows without a number are numbered in the same import.
#[wasm_bindgen_test]
async fn imported_archive_numbers_are_never_handed_out_again() {
    use dossier::core::i18n::Lang;
    use dossier::core::interchange::import::{check, guess, prepare};
    let name = fresh_name("import-numbers");
    let headers: Vec<String> = ["档案编号", "客户名称"].map(String::from).to_vec();
    let rows = vec![
        vec!["R07-2026-00001".to_owned(), "甲".to_owned()],
        vec![String::new(), "乙".to_owned()],
        vec!["R07-2026-00003".to_owned(), "丙".to_owned()],
    ];
    let outcomes = check(&rows, &guess(&headers), &[], at(1).date_naive(), 2);
    let mut n = 0;
    let files = prepare(
        &outcomes,
        "李业务 (R07)",
        "名单.xlsx",
        Lang::ZhCn,
        at(1),
        || {
            n += 1;
            format!("imp-{n}")
        },
    );
    let db = Db::open_named(&name).await.expect("opens");
    let written = db.import_files(files, "R07", 2026).await.expect("imports");
    let numbers: Vec<&str> = written.iter().map(|c| c.archive_no.as_str()).collect();
    assert_eq!(
        numbers,
        ["R07-2026-00001", "R07-2026-00004", "R07-2026-00003"]
    );
    let next = save(&db, &draft("丁"), Some(&rep()), "", at(2), ids(9))
        .await
        .expect("saves");
    assert_eq!(next.archive_no, "R07-2026-00005");
    db.close();
    delete(&name).await;
}

/// Contacts' birthdays were on files long before the catalogue's entries carried them
/// for the agenda: the first open after the update brings every open file's entry up to
/// date, once.
#[wasm_bindgen_test]
async fn birthdays_recorded_before_the_catalogue_kept_them_reach_it_at_the_first_open() {
    use dossier::storage::schema::{CATALOGUE_PAGES, meta_keys};
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use js_sys::{Array, Reflect};
    use wasm_bindgen::JsValue;

    let name = fresh_name("occasions");
    let db = Db::open_named(&name).await.expect("opens");
    let mut d = draft("东莞关怀电子");
    d.customer.contacts[0].birthday = chrono::NaiveDate::from_ymd_opt(1980, 5, 6);
    let saved = save(&db, &d, Some(&rep()), "", at(1), ids(1))
        .await
        .expect("saves");
    let listed = db.catalogue().await.expect("reads");
    assert_eq!(
        listed[0].occasions.len(),
        1,
        "a file saved now carries them"
    );

    // As an older version left the store: entries without them, no format recorded.
    db.set_meta(meta_keys::CATALOGUE_FORMAT, &1u32)
        .await
        .expect("sets");
    db.close();
    let raw = Database::open(name.as_str()).await.expect("opens raw");
    {
        let tx = raw
            .transaction(CATALOGUE_PAGES)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .expect("transaction");
        let store = tx.object_store(CATALOGUE_PAGES).expect("store");
        let pages: Vec<JsValue> = store
            .get_all::<JsValue>()
            .primitive()
            .expect("request")
            .await
            .expect("reads")
            .collect::<Result<_, _>>()
            .expect("pages");
        for page in pages {
            let entries = Array::from(&Reflect::get(&page, &"entries".into()).expect("entries"));
            for e in entries.iter() {
                Reflect::delete_property(&e.into(), &"occasions".into()).expect("deletes");
            }
            store
                .put(&page)
                .primitive()
                .expect("put")
                .await
                .expect("written");
        }
        tx.commit().await.expect("commits");
    }
    raw.close();
    let db = Db::open_named(&name).await.expect("reopens");
    let listed = db.catalogue().await.expect("reads");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, saved.id);
    assert_eq!(
        listed[0]
            .occasions
            .iter()
            .map(|o| (o.contact.as_str(), o.date.to_string()))
            .collect::<Vec<_>>(),
        vec![("张三", "1980-05-06".to_owned())]
    );
    assert_eq!(
        db.meta::<u32>(meta_keys::CATALOGUE_FORMAT)
            .await
            .expect("reads"),
        Some(2),
        "done once"
    );
    db.close();
    delete(&name).await;
}
