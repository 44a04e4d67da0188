//! The vault through the real IndexedDB store, in headless Chromium: confidential files
//! and everything about them are sealed at rest, open only while unlocked, follow a
//! change of level, and every look at them is on the chained viewing record.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, TimeZone, Utc};
use dossier::core::customer::model::SecretLevel;
use dossier::core::customer::save::{NewIds, save};
use dossier::core::customer::validate::CustomerDraft;
use dossier::core::store::{CustomerStore, Profile, StoreError, VisitStore, draft_key};
use dossier::core::vault::log::Viewing;
use dossier::core::vault::{DataKey, KdfParams, UnlockError};
use dossier::core::visit::model::{Visit, VisitStatus};
use dossier::storage::Db;
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

const MARKER: &str = "ZEBRA-7731-MARKER";

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

/// Cheap Argon2 settings: these tests are about storage, not the key derivation's cost.
fn cheap() -> KdfParams {
    KdfParams::with_cost(1024, 1, 1)
}

fn ids(n: u32) -> NewIds {
    NewIds {
        customer: "cust-1".into(),
        history: format!("hist-{n}"),
    }
}

fn confidential(level: SecretLevel) -> CustomerDraft {
    let mut d = CustomerDraft::default();
    d.customer.basic.name = format!("{MARKER} 有限公司");
    d.customer.basic.key_people_notes = format!("喜欢喝茶 {MARKER}");
    d.customer.secret = level;
    d
}

/// Everything the database holds, every store, as JSON text: what a thief would read.
async fn raw_dump(name: &str) -> String {
    let db = Database::open(name).await.expect("raw open");
    let mut text = String::new();
    for store_name in db.object_store_names().collect::<Vec<String>>() {
        let tx = db.transaction(store_name.as_str()).build().expect("tx");
        let store = tx.object_store(&store_name).expect("store");
        let all: Vec<JsValue> = store
            .get_all::<JsValue>()
            .await
            .expect("getAll")
            .collect::<Result<_, _>>()
            .expect("records");
        for record in all {
            let json = js_sys::JSON::stringify(&record).expect("stringify");
            text.push_str(&String::from(json));
            text.push('\n');
        }
    }
    db.close();
    text
}

#[wasm_bindgen_test]
async fn a_confidential_file_and_its_visits_are_sealed_at_rest_and_open_only_when_unlocked() {
    let name = fresh_name("vault");
    let db = Db::open_named(&name).await.expect("opens");
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .expect("vault created");
    save(
        &db,
        &confidential(SecretLevel::Secret),
        Some(&rep()),
        "",
        at(1),
        ids(1),
    )
    .await
    .expect("saves");
    db.put_visit(&Visit {
        id: "visit-1".into(),
        customer_id: "cust-1".into(),
        summary: format!("谈了新合同 {MARKER}"),
        ..Default::default()
    })
    .await
    .expect("visit saved");
    let mut edit = CustomerDraft::of(&db.customer("cust-1").await.unwrap().unwrap());
    edit.customer.basic.phone = "13900000000".into();
    db.put_draft(&draft_key("cust-1"), &edit)
        .await
        .expect("draft saved");
    db.close();

    let dump = raw_dump(&name).await;
    assert!(
        !dump.contains(MARKER),
        "the marker is nowhere at rest:\n{dump}"
    );
    assert!(!dump.contains("13900000000"), "nor the draft's new phone");
    assert!(
        dump.contains("R07-2026-00001"),
        "the archive number stays readable"
    );

    let db = Db::open_named(&name).await.expect("reopens locked");
    assert_eq!(db.customer("cust-1").await, Err(StoreError::Locked));
    assert_eq!(db.visits_for("cust-1").await, Err(StoreError::Locked));
    assert_eq!(
        db.visits_with(VisitStatus::Draft).await,
        Ok(vec![]),
        "lists skip it"
    );
    let listed = db.catalogue().await.expect("catalogue");
    assert!(listed[0].sealed && listed[0].name.is_empty());

    assert_eq!(
        db.unlock("copper lantern orchad", at(2)).await,
        Err(UnlockError::WrongPassphrase)
    );
    assert_eq!(
        db.customer("cust-1").await,
        Err(StoreError::Locked),
        "nothing changed"
    );
    db.unlock("copper lantern orchard", at(2))
        .await
        .expect("unlocks");
    let c = db.customer("cust-1").await.unwrap().unwrap();
    assert!(c.basic.name.starts_with(MARKER));
    assert!(
        db.visits_for("cust-1").await.unwrap()[0]
            .summary
            .contains(MARKER)
    );
    assert_eq!(db.draft(&draft_key("cust-1")).await.unwrap().unwrap(), edit);
    let opened = db.unsealed_catalogue().await.expect("opened catalogue");
    assert!(opened[0].name.starts_with(MARKER) && !opened[0].sealed);

    db.lock();
    assert_eq!(db.customer("cust-1").await, Err(StoreError::Locked));
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn raising_and_lowering_the_level_seals_and_opens_everything_about_the_file() {
    let name = fresh_name("relevel");
    let db = Db::open_named(&name).await.expect("opens");
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .expect("vault");
    let open = save(
        &db,
        &confidential(SecretLevel::None),
        Some(&rep()),
        "",
        at(1),
        ids(1),
    )
    .await
    .expect("saves");
    db.put_visit(&Visit {
        id: "visit-1".into(),
        customer_id: "cust-1".into(),
        summary: MARKER.into(),
        ..Default::default()
    })
    .await
    .unwrap();
    db.close();
    assert!(
        raw_dump(&name).await.contains(MARKER),
        "open files are stored as they are"
    );

    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(2)).await.unwrap();
    let mut raise = CustomerDraft::of(&open);
    raise.customer.secret = SecretLevel::Confidential;
    let raised = save(&db, &raise, Some(&rep()), "", at(2), ids(2))
        .await
        .unwrap();
    db.close();
    let dump = raw_dump(&name).await;
    assert!(
        !dump.contains(MARKER),
        "raised: file, history and visit sealed:\n{dump}"
    );

    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(3)).await.unwrap();
    assert_eq!(db.history("cust-1").await.unwrap().len(), 2);
    let mut lower = CustomerDraft::of(&raised);
    lower.customer.secret = SecretLevel::None;
    save(&db, &lower, Some(&rep()), "", at(3), ids(3))
        .await
        .unwrap();
    db.lock();
    // Open again: readable without the vault.
    assert_eq!(db.history("cust-1").await.unwrap().len(), 3);
    assert_eq!(db.visits_for("cust-1").await.unwrap()[0].summary, MARKER);
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn files_marked_confidential_before_the_passphrase_are_sealed_when_it_is_set() {
    use dossier::core::customer::catalogue::CatalogueEntry;
    use dossier::core::customer::save::SaveError;

    let name = fresh_name("pending");
    let db = Db::open_named(&name).await.unwrap();
    let mut level = confidential(SecretLevel::None);
    let mut c = save(&db, &level, Some(&rep()), "", at(1), ids(1))
        .await
        .unwrap();
    level = CustomerDraft::of(&c);
    level.customer.secret = SecretLevel::Secret;
    assert!(
        matches!(
            save(&db, &level, Some(&rep()), "", at(1), ids(2)).await,
            Err(SaveError::Store(StoreError::Locked))
        ),
        "without a vault a file cannot be sealed, so it is not saved that way"
    );
    db.close();
    // An older build, without a vault, stored files of any level in the clear.
    c.secret = SecretLevel::Secret;
    let put_in_clear = async |c: &dossier::core::customer::model::Customer| {
        let raw = Database::open(name.as_str()).await.unwrap();
        let tx = raw
            .transaction(["customers", "catalogue"])
            .with_mode(indexed_db_futures::transaction::TransactionMode::Readwrite)
            .build()
            .unwrap();
        tx.object_store("customers")
            .unwrap()
            .put(c)
            .serde()
            .unwrap()
            .await
            .unwrap();
        tx.object_store("catalogue")
            .unwrap()
            .put(CatalogueEntry::of(c))
            .serde()
            .unwrap()
            .await
            .unwrap();
        tx.commit().await.unwrap();
        raw.close();
    };
    put_in_clear(&c).await;
    assert!(raw_dump(&name).await.contains(MARKER));

    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(2))
        .await
        .unwrap();
    db.close();
    assert!(
        !raw_dump(&name).await.contains(MARKER),
        "sealed as soon as the vault exists"
    );

    // Sealing cut short after the passphrase was set (the laptop died): the next unlock
    // finishes it when the confidential files join the catalogue.
    put_in_clear(&c).await;
    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(3))
        .await
        .expect("unlocks");
    let opened = db.unsealed_catalogue().await.expect("opened catalogue");
    assert_eq!(opened.len(), 1);
    assert!(opened[0].name.starts_with(MARKER) && !opened[0].sealed);
    db.close();
    assert!(
        !raw_dump(&name).await.contains(MARKER),
        "sealed after the unlock"
    );
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn wrong_passphrases_slow_down_even_across_reloads() {
    let name = fresh_name("throttle");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    db.lock();
    for _ in 0..3 {
        assert_eq!(
            db.unlock("guess", at(1)).await,
            Err(UnlockError::WrongPassphrase)
        );
    }
    db.close();
    let db = Db::open_named(&name).await.unwrap();
    assert_eq!(
        db.unlock("copper lantern orchard", at(1)).await,
        Err(UnlockError::Wait(5)),
        "even the right passphrase waits its turn"
    );
    let later = at(1) + chrono::Duration::seconds(6);
    db.unlock("copper lantern orchard", later)
        .await
        .expect("then it unlocks");
    assert_eq!(
        db.unlock_wait(later).await,
        Ok(0),
        "and the count starts over"
    );
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn the_viewing_record_is_kept_sealed_and_chained() {
    let name = fresh_name("viewing");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    for (day, purpose) in [(2, "核对合同"), (3, format!("续签 {MARKER}").as_str())] {
        db.record_viewing(Viewing {
            at: at(day),
            by: "李业务".into(),
            rep_code: "R07".into(),
            customer_id: "cust-1".into(),
            archive_no: "R07-2026-00001".into(),
            purpose: purpose.into(),
        })
        .await
        .expect("recorded");
    }
    db.close();
    assert!(
        !raw_dump(&name).await.contains(MARKER),
        "purposes are sealed too"
    );

    let db = Db::open_named(&name).await.unwrap();
    assert_eq!(db.viewing_record().await.map(drop), Err(StoreError::Locked));
    db.unlock("copper lantern orchard", at(4)).await.unwrap();
    let (entries, verdict) = db.viewing_record().await.unwrap();
    assert_eq!(verdict, Ok(()));
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].purpose, "核对合同");
    assert_eq!(entries[1].prev, entries[0].hash);
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn the_recovery_key_sets_a_new_passphrase_and_the_old_one_stops_working() {
    let name = fresh_name("recover");
    let db = Db::open_named(&name).await.unwrap();
    let recovery = db
        .create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    save(
        &db,
        &confidential(SecretLevel::Secret),
        Some(&rep()),
        "",
        at(1),
        ids(1),
    )
    .await
    .unwrap();
    db.close();

    let db = Db::open_named(&name).await.unwrap();
    assert_eq!(
        db.recover("AAAAA-BBBBB", "new words entirely here", cheap(), at(2))
            .await,
        Err(UnlockError::MistypedRecoveryKey)
    );
    db.recover(
        &recovery.display().to_lowercase(),
        "new words entirely here",
        cheap(),
        at(2),
    )
    .await
    .expect("recovers");
    assert!(db.customer("cust-1").await.unwrap().is_some());
    db.lock();
    assert_eq!(
        db.unlock("copper lantern orchard", at(2)).await,
        Err(UnlockError::WrongPassphrase)
    );
    db.unlock("new words entirely here", at(2))
        .await
        .expect("new passphrase");
    db.change_passphrase(
        "new words entirely here",
        "third one is the charm",
        cheap(),
        at(3),
    )
    .await
    .expect("changes");
    db.lock();
    db.unlock("third one is the charm", at(3))
        .await
        .expect("unlocks with it");
    assert!(
        db.customer("cust-1").await.unwrap().is_some(),
        "same data key, same data"
    );
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_new_files_draft_is_sealed_while_unlocked_even_before_its_level_is_chosen() {
    let name = fresh_name("newdraft");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    let typed = confidential(SecretLevel::None);
    db.put_draft(&draft_key(""), &typed).await.unwrap();
    db.close();
    assert!(
        !raw_dump(&name).await.contains(MARKER),
        "sealed though not yet marked"
    );

    let db = Db::open_named(&name).await.unwrap();
    assert_eq!(
        db.draft(&draft_key("")).await,
        Err(StoreError::Locked),
        "waits for the unlock"
    );
    db.unlock("copper lantern orchard", at(2)).await.unwrap();
    assert_eq!(db.draft(&draft_key("")).await.unwrap(), Some(typed));
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_bulk_load_seals_confidential_files_and_reads_back_every_field() {
    let name = fresh_name("bulk");
    let mut customers = dossier::core::customer::generate::customers(60, 3, "R07", at(1));
    let secret = customers
        .iter()
        .position(|c| c.secret.is_sealed())
        .expect("the generator makes some confidential files");
    customers[secret].basic.name = format!("{MARKER} 公司");
    let plain = customers
        .iter()
        .position(|c| !c.secret.is_sealed())
        .unwrap();
    let visits: Vec<Visit> = customers
        .iter()
        .map(|c| Visit {
            id: format!("{}-v", c.id),
            customer_id: c.id.clone(),
            status: VisitStatus::Submitted,
            summary: format!("{} 拜访", c.basic.name),
            ..Visit::default()
        })
        .collect();

    let db = Db::open_named(&name).await.unwrap();
    assert_eq!(
        db.put_files(&customers, &visits).await,
        Err(StoreError::Locked),
        "confidential files are not written in the clear"
    );
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    db.put_files(&customers, &visits).await.unwrap();
    db.lock();
    db.close();
    assert!(
        !raw_dump(&name).await.contains(MARKER),
        "neither the file nor its visit is readable at rest"
    );

    let db = Db::open_named(&name).await.unwrap();
    let locked = db.all_customers().await.unwrap();
    assert_eq!(
        locked.len(),
        customers.iter().filter(|c| !c.secret.is_sealed()).count(),
        "while locked, only the plain files"
    );
    let file = db
        .file_with_records(&customers[plain].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.customer, customers[plain], "every field, as written");
    assert_eq!(file.visits, vec![visits[plain].clone()]);
    db.unlock("copper lantern orchard", at(2)).await.unwrap();
    let mut all = db.all_customers().await.unwrap();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    let mut expected = customers.clone();
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(all, expected);
    let file = db
        .file_with_records(&customers[secret].id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(file.customer.basic.name, customers[secret].basic.name);
    assert_eq!(file.visits[0].summary, visits[secret].summary);
    assert!(db.file_with_records("nobody").await.unwrap().is_none());
    db.close();
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn a_spreadsheet_row_marked_secret_is_imported_sealed_and_only_while_unlocked() {
    use dossier::core::i18n::Lang;
    use dossier::core::interchange::import::{check, guess, prepare};
    let name = fresh_name("import-sealed");
    let headers: Vec<String> = ["客户名称", "秘级", "备注"].map(String::from).to_vec();
    let rows = vec![
        vec![format!("{MARKER} 陶瓷"), "秘密".to_owned()],
        vec!["普通五金店".to_owned(), String::new()],
    ];
    let outcomes = check(&rows, &guess(&headers), &[], at(1).date_naive(), 2);
    let mut n = 0;
    let mut files = || {
        prepare(
            &outcomes,
            "李业务 (R07)",
            "名单.xlsx",
            Lang::ZhCn,
            at(1),
            || {
                n += 1;
                format!("imp-{n}")
            },
        )
    };
    let db = Db::open_named(&name).await.unwrap();
    assert_eq!(
        db.import_files(files(), "R07", 2026).await,
        Err(StoreError::Locked),
        "a secret row is never written in the clear"
    );
    assert!(
        db.catalogue().await.unwrap().is_empty(),
        "nor the plain row: all or none"
    );
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    let written = db.import_files(files(), "R07", 2026).await.unwrap();
    assert_eq!(written.len(), 2);
    db.lock();
    db.close();
    let dump = raw_dump(&name).await;
    assert!(!dump.contains(MARKER), "sealed at rest:\n{dump}");
    assert!(
        dump.contains("普通五金店"),
        "the plain row is written as it is"
    );

    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(2)).await.unwrap();
    let secret = written
        .iter()
        .find(|c| c.secret == SecretLevel::Secret)
        .unwrap();
    let back = db.customer(&secret.id).await.unwrap().unwrap();
    assert!(back.basic.name.starts_with(MARKER));
    assert_eq!(back.archive_no, "R07-2026-00001");
    db.close();
    delete(&name).await;
}

async fn count(name: &str, store: &str) -> u32 {
    let db = Database::open(name).await.expect("raw open");
    let tx = db.transaction(store).build().expect("tx");
    let n = tx
        .object_store(store)
        .expect("store")
        .count()
        .await
        .expect("count");
    drop(tx);
    db.close();
    n
}

#[wasm_bindgen_test]
async fn visits_stored_one_record_each_move_into_their_files_books_sealed_as_they_were() {
    let name = fresh_name("books");
    let db = Db::open_named(&name).await.expect("opens");
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .expect("vault created");
    let mut open_file = CustomerDraft::default();
    open_file.customer.basic.name = "江门公开有限公司".into();
    let plain = NewIds {
        customer: "cust-open".into(),
        history: "hist-open".into(),
    };
    save(&db, &open_file, Some(&rep()), "", at(1), plain)
        .await
        .expect("saves");
    save(
        &db,
        &confidential(SecretLevel::Secret),
        Some(&rep()),
        "",
        at(1),
        ids(1),
    )
    .await
    .expect("saves");
    let visit = |id: &str, customer: &str, status: VisitStatus, day: u32| Visit {
        id: id.into(),
        customer_id: customer.into(),
        status,
        summary: format!("{id} {MARKER}"),
        at: chrono::NaiveDate::from_ymd_opt(2026, 10, day).and_then(|d| d.and_hms_opt(9, 0, 0)),
        ..Default::default()
    };
    for v in [
        visit("v-open-1", "cust-open", VisitStatus::Submitted, 1),
        visit("v-open-2", "cust-open", VisitStatus::Submitted, 2),
        visit("v-open-3", "cust-open", VisitStatus::Draft, 3),
        visit("v-secret-1", "cust-1", VisitStatus::Submitted, 4),
        visit("v-secret-2", "cust-1", VisitStatus::Draft, 5),
    ] {
        db.put_visit(&v).await.expect("visit saved");
    }
    let ids_of = |visits: Vec<Visit>| visits.into_iter().map(|v| v.id).collect::<Vec<_>>();
    let submitted = ids_of(db.visits_with(VisitStatus::Submitted).await.unwrap());
    let drafts = ids_of(db.visits_with(VisitStatus::Draft).await.unwrap());
    assert_eq!(submitted, ["v-secret-1", "v-open-2", "v-open-1"]);
    assert_eq!(drafts, ["v-secret-2", "v-open-3"]);
    db.close();

    support::as_before_visit_books(&name).await;
    assert_eq!(
        count(&name, "visits").await,
        5,
        "the old shape, one record each"
    );
    assert_eq!(count(&name, "visit_books").await, 0);

    // Opening moves them, without the passphrase: each visit stays sealed as it was.
    let db = Db::open_named(&name).await.expect("reopens");
    assert_eq!(count(&name, "visits").await, 0, "the old store is emptied");
    assert_eq!(count(&name, "visit_books").await, 2, "one record per file");
    let dump = raw_dump(&name).await;
    assert!(
        dump.contains(&format!("v-open-1 {MARKER}")),
        "open visits stay readable"
    );
    assert!(
        !dump.contains(&format!("v-secret-1 {MARKER}"))
            && !dump.contains(&format!("v-secret-2 {MARKER}")),
        "a confidential file's visits are still sealed at rest"
    );
    assert_eq!(
        ids_of(db.visits_with(VisitStatus::Submitted).await.unwrap()),
        ["v-open-2", "v-open-1"],
        "locked: the sealed visit waits for the unlock"
    );
    db.unlock("copper lantern orchard", at(2))
        .await
        .expect("unlocks");
    assert_eq!(
        ids_of(db.visits_with(VisitStatus::Submitted).await.unwrap()),
        submitted
    );
    assert_eq!(
        ids_of(db.visits_with(VisitStatus::Draft).await.unwrap()),
        drafts
    );
    assert_eq!(
        db.visit("v-secret-2").await.unwrap().map(|v| v.summary),
        Some(format!("v-secret-2 {MARKER}"))
    );
    assert_eq!(
        ids_of(db.visits_for("cust-open").await.unwrap()),
        ["v-open-3", "v-open-2", "v-open-1"]
    );
    // Still a working store: a draft discarded, another submitted.
    db.discard_visit("v-open-3").await.expect("discards");
    let mut last = db.visit("v-secret-2").await.unwrap().unwrap();
    last.status = VisitStatus::Submitted;
    db.submit_visit(&last).await.expect("submits");
    assert_eq!(db.visits_with(VisitStatus::Draft).await.unwrap(), vec![]);
    assert_eq!(
        ids_of(db.visits_for("cust-1").await.unwrap()),
        ["v-secret-2", "v-secret-1"]
    );
    db.close();
    delete(&name).await;
}

/// Two tabs guessing at once each count: the counter is read and raised in one
/// transaction per attempt, so parallel guesses earn no extra free tries.
#[wasm_bindgen_test]
async fn wrong_passphrases_tried_at_once_in_two_tabs_each_count() {
    use dossier::core::vault::Failures;
    use dossier::storage::schema::meta_keys;
    let name = fresh_name("throttle-tabs");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    db.close();
    let (one, two) = (
        Db::open_named(&name).await.unwrap(),
        Db::open_named(&name).await.unwrap(),
    );
    let (a, b) = futures::future::join(one.unlock("guess", at(1)), two.unlock("gues", at(1))).await;
    assert_eq!(
        (a, b),
        (
            Err(UnlockError::WrongPassphrase),
            Err(UnlockError::WrongPassphrase)
        )
    );
    let failures: Option<Failures> = one.meta(meta_keys::UNLOCK_FAILURES).await.unwrap();
    assert_eq!(failures.map(|f| f.count), Some(2), "both guesses counted");
    assert_eq!(
        two.unlock("guess again", at(1)).await,
        Err(UnlockError::WrongPassphrase)
    );
    assert_eq!(
        one.unlock("copper lantern orchard", at(1)).await,
        Err(UnlockError::Wait(5)),
        "the third wrong guess starts the wait"
    );
    let later = at(1) + chrono::Duration::seconds(6);
    one.unlock("copper lantern orchard", later)
        .await
        .expect("then the right passphrase unlocks");
    assert!(one.is_unlocked());
    assert_eq!(
        two.unlock_wait(later).await,
        Ok(0),
        "and the count starts over"
    );
    one.close();
    two.close();
    delete(&name).await;
}

/// Head office raises a file to 机密 while the rep has an unsaved edit of it open: the
/// import that brings the new level seals the draft with the file, as a save here does,
/// and the draft still opens with what was typed once the vault is unlocked.
#[wasm_bindgen_test]
async fn an_import_that_raises_a_files_level_seals_its_open_draft_too() {
    use dossier::core::bundle::BundleError;
    use dossier::storage::ExchangeError;

    let (hq_name, rep_name) = (fresh_name("raise-hq"), fresh_name("raise-rep"));
    let office = Profile {
        name: "王经理".into(),
        rep_code: "HQ".into(),
    };
    let hq = Db::open_named(&hq_name).await.unwrap();
    hq.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    hq.set_profile(&office).await.unwrap();
    hq.set_up_head_office("总部").await.unwrap();
    let enrolment = hq.enrol("R07", "李业务", at(1)).await.unwrap();
    let laptop = Db::open_named(&rep_name).await.unwrap();
    laptop
        .create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    laptop
        .set_up_from_enrolment(&serde_json::to_vec(&enrolment).unwrap())
        .await
        .unwrap();

    let mut open = CustomerDraft::default();
    open.customer.basic.name = "江门公开有限公司".into();
    let file = save(&laptop, &open, Some(&rep()), "", at(2), ids(1))
        .await
        .unwrap();
    let office_id = laptop.exchange().await.unwrap().unwrap().office.unwrap().id;
    let first = laptop
        .export_bundle(&office_id, false, "bundle-1".into(), "李业务", at(2))
        .await
        .unwrap();
    let device = match hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", at(3))
        .await
    {
        Err(ExchangeError::Bundle(BundleError::UnknownSigner(who))) => *who,
        other => panic!("expected an unknown signer, got {:?}", other.err()),
    };
    hq.trust_device(device.clone()).await.unwrap();
    let prepared = hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", at(3))
        .await
        .unwrap();
    hq.apply_import(&prepared, "王经理", at(3)).await.unwrap();

    // The rep begins an edit and a visit, and leaves both open.
    let mut edit = CustomerDraft::of(&file);
    edit.customer.basic.key_people_notes = format!("还没保存 {MARKER}");
    laptop
        .put_draft(&draft_key(&file.id), &edit)
        .await
        .expect("draft saved");
    laptop
        .put_visit(&Visit {
            id: "visit-draft".into(),
            customer_id: file.id.clone(),
            summary: format!("拜访草稿 {MARKER}"),
            ..Default::default()
        })
        .await
        .expect("visit draft saved");
    assert!(
        raw_dump(&rep_name).await.contains(MARKER),
        "an open file's drafts are stored as typed"
    );

    // Head office raises the file to 机密 and sends it back.
    let mut raise = CustomerDraft::of(&hq.customer(&file.id).await.unwrap().unwrap());
    raise.customer.secret = SecretLevel::Confidential;
    let hq_ids = NewIds {
        customer: file.id.clone(),
        history: "hist-hq".into(),
    };
    save(&hq, &raise, Some(&office), "提高密级", at(4), hq_ids)
        .await
        .unwrap();
    let back = hq
        .export_bundle(&device.id, false, "bundle-hq-1".into(), "王经理", at(5))
        .await
        .unwrap();
    let prepared = laptop
        .prepare_import(&back.file_name, &back.bytes, "李业务", at(6))
        .await
        .unwrap();
    assert_eq!(prepared.summary.updated, 1);
    laptop
        .apply_import(&prepared, "李业务", at(6))
        .await
        .unwrap();
    laptop.close();

    let dump = raw_dump(&rep_name).await;
    assert!(
        !dump.contains(MARKER),
        "the file's drafts are sealed with it:\n{dump}"
    );
    let laptop = Db::open_named(&rep_name).await.unwrap();
    assert_eq!(
        laptop.draft(&draft_key(&file.id)).await,
        Err(StoreError::Locked)
    );
    laptop
        .unlock("copper lantern orchard", at(7))
        .await
        .expect("unlocks");
    assert_eq!(
        laptop.draft(&draft_key(&file.id)).await.unwrap(),
        Some(edit),
        "the draft opens as it was typed"
    );
    assert!(
        laptop
            .visit("visit-draft")
            .await
            .unwrap()
            .unwrap()
            .summary
            .contains(MARKER)
    );
    hq.close();
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
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

/// Puts `record` into `store` of database `name` as it is: what someone with the
/// browser's profile can do, without the app or its vault.
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

/// `value` as a plain record, as the app stores an open file's.
fn plain<T: serde::Serialize>(value: &T) -> JsValue {
    js_sys::JSON::parse(&serde_json::to_string(value).unwrap()).unwrap()
}

/// Someone with the browser's profile puts edited copies in the clear where a 机密
/// file's sealed records were: each is refused as tampered, never shown, locked or not.
#[wasm_bindgen_test]
async fn a_plain_copy_in_place_of_a_sealed_record_is_refused_as_tampered() {
    use dossier::core::store::ComplaintStore;
    const FORGED: &str = "FORGED-4410";
    let name = fresh_name("forged");
    let db = Db::open_named(&name).await.expect("opens");
    db.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .expect("vault created");
    let c = save(
        &db,
        &confidential(SecretLevel::Confidential),
        Some(&rep()),
        "",
        at(1),
        ids(1),
    )
    .await
    .expect("saves");
    db.put_visit(&Visit {
        id: "visit-1".into(),
        customer_id: "cust-1".into(),
        summary: format!("谈了新合同 {MARKER}"),
        ..Default::default()
    })
    .await
    .expect("visit saved");
    let mut complaint = db
        .register_complaint(
            dossier::core::complaint::Complaint {
                id: "complaint-1".into(),
                customer_id: "cust-1".into(),
                description: format!("交货延迟 {MARKER}"),
                ..Default::default()
            },
            "R07",
            2026,
        )
        .await
        .expect("complaint registered");
    let mut history = db.history("cust-1").await.unwrap().remove(0);
    let mut visit = db.visit("visit-1").await.unwrap().unwrap();
    db.close();

    // A history entry.
    history.reason = FORGED.into();
    put_raw(&name, "history", &plain(&history)).await;
    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(2)).await.unwrap();
    assert_eq!(db.history("cust-1").await, Err(StoreError::Tampered));
    assert!(matches!(
        db.file_with_records("cust-1").await,
        Err(StoreError::Tampered)
    ));
    db.close();

    // A visit, inside its file's book.
    visit.summary = FORGED.into();
    let book = get_raw(&name, "visit_books", "cust-1").await;
    let visits = js_sys::Array::of1(&plain(&visit));
    js_sys::Reflect::set(&book, &"visits".into(), &visits).unwrap();
    put_raw(&name, "visit_books", &book).await;
    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(3)).await.unwrap();
    assert_eq!(db.visit("visit-1").await, Err(StoreError::Tampered));
    assert_eq!(db.visits_for("cust-1").await, Err(StoreError::Tampered));
    db.close();

    // A complaint.
    complaint.description = FORGED.into();
    put_raw(&name, "complaints", &plain(&complaint)).await;
    let db = Db::open_named(&name).await.unwrap();
    db.unlock("copper lantern orchard", at(3)).await.unwrap();
    assert_eq!(db.complaint("complaint-1").await, Err(StoreError::Tampered));
    db.close();

    // The file itself.
    let mut forged = c.clone();
    forged.basic.name = format!("{FORGED} 有限公司");
    put_raw(&name, "customers", &plain(&forged)).await;
    let db = Db::open_named(&name).await.unwrap();
    assert_eq!(
        db.customer("cust-1").await,
        Err(StoreError::Tampered),
        "refused even while locked"
    );
    db.unlock("copper lantern orchard", at(4)).await.unwrap();
    assert_eq!(db.customer("cust-1").await, Err(StoreError::Tampered));
    let opened = db.unsealed_catalogue().await.expect("the others open");
    assert!(
        opened.iter().all(|e| !e.name.contains(FORGED)),
        "search never learns the forged name: {opened:?}"
    );
    db.close();
    delete(&name).await;
}

const FORGED_LIST: &str = "FORGED-5521";

/// A rep's laptop, set up for bundles, with a 机密 file (`cust-1`) and an open one
/// (`cust-2`), each with a submitted visit and a complaint; then, with the app closed,
/// the 机密 file's visit, complaint and file replaced by plain copies that say
/// [`FORGED_LIST`]. Returns the laptop, unlocked, the two databases' names, and the
/// 机密 file's sealed record as it was.
async fn laptop_with_forged_records(test: &str) -> (Db, String, String, JsValue) {
    use dossier::core::complaint::Complaint;
    use dossier::core::store::ComplaintStore;
    let (hq_name, rep_name) = (fresh_name(&format!("{test}-hq")), fresh_name(test));
    let hq = Db::open_named(&hq_name).await.unwrap();
    hq.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    hq.set_up_head_office("总部").await.unwrap();
    let enrolment = hq.enrol("R07", "李业务", at(1)).await.unwrap();
    hq.close();
    let laptop = Db::open_named(&rep_name).await.unwrap();
    laptop
        .create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    laptop
        .set_up_from_enrolment(&serde_json::to_vec(&enrolment).unwrap())
        .await
        .unwrap();
    let secret = save(
        &laptop,
        &confidential(SecretLevel::Confidential),
        Some(&rep()),
        "",
        at(2),
        ids(1),
    )
    .await
    .unwrap();
    let mut open = CustomerDraft::default();
    open.customer.basic.name = "江门公开有限公司".into();
    let open_ids = NewIds {
        customer: "cust-2".into(),
        history: "hist-open".into(),
    };
    save(&laptop, &open, Some(&rep()), "", at(2), open_ids)
        .await
        .unwrap();
    for (file, n) in [("cust-1", 1), ("cust-2", 2)] {
        laptop
            .submit_visit(&Visit {
                id: format!("visit-{n}"),
                customer_id: file.into(),
                summary: format!("谈了新合同 {n}"),
                status: VisitStatus::Submitted,
                ..Default::default()
            })
            .await
            .expect("visit submitted");
        laptop
            .register_complaint(
                Complaint {
                    id: format!("complaint-{n}"),
                    customer_id: file.into(),
                    description: format!("交货延迟 {n}"),
                    ..Default::default()
                },
                "R07",
                2026,
            )
            .await
            .expect("complaint registered");
    }
    let mut visit = laptop.visit("visit-1").await.unwrap().unwrap();
    let mut complaint = laptop.complaint("complaint-1").await.unwrap().unwrap();
    laptop.close();

    visit.summary = FORGED_LIST.into();
    let book = get_raw(&rep_name, "visit_books", "cust-1").await;
    js_sys::Reflect::set(&book, &"visits".into(), &js_sys::Array::of1(&plain(&visit))).unwrap();
    put_raw(&rep_name, "visit_books", &book).await;
    complaint.description = FORGED_LIST.into();
    put_raw(&rep_name, "complaints", &plain(&complaint)).await;
    let sealed_file = get_raw(&rep_name, "customers", "cust-1").await;
    let mut forged = secret;
    forged.basic.name = format!("{FORGED_LIST} 有限公司");
    put_raw(&rep_name, "customers", &plain(&forged)).await;

    let laptop = Db::open_named(&rep_name).await.unwrap();
    laptop
        .unlock("copper lantern orchard", at(3))
        .await
        .unwrap();
    (laptop, hq_name, rep_name, sealed_file)
}

/// The agenda and the visit lists never show a plain copy put in place of a 机密 file's
/// sealed visit; the other files' visits are still listed.
#[wasm_bindgen_test]
async fn the_visit_lists_leave_out_a_plain_copy_of_a_sealed_visit() {
    let (laptop, hq_name, rep_name, _) = laptop_with_forged_records("forged-visits").await;
    let submitted = laptop.visits_with(VisitStatus::Submitted).await.unwrap();
    assert!(
        submitted.iter().all(|v| !v.summary.contains(FORGED_LIST)),
        "the forgery is not listed: {submitted:?}"
    );
    assert_eq!(
        submitted.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["visit-2"],
        "the open file's visit still is"
    );
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

/// The complaint register leaves out a plain copy of a 机密 file's sealed complaint, and
/// reading every file (reports, exports to spreadsheets) refuses a plain copy of a
/// sealed file as tampered.
#[wasm_bindgen_test]
async fn the_complaint_register_and_the_file_list_never_return_a_plain_copy_of_a_sealed_record() {
    use dossier::core::store::ComplaintStore;
    let (laptop, hq_name, rep_name, _) = laptop_with_forged_records("forged-register").await;
    let register = laptop.complaints().await.unwrap();
    assert!(
        register
            .iter()
            .all(|c| !c.description.contains(FORGED_LIST)),
        "the forgery is not in the register: {register:?}"
    );
    assert_eq!(
        register.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        ["complaint-2"],
        "the open file's complaint still is"
    );
    assert_eq!(
        laptop.all_customers().await.map(|all| all.len()),
        Err(StoreError::Tampered)
    );
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

/// A bundle never carries a plain copy put in place of a 机密 file's sealed records: the
/// export is refused as tampered, and its preview counts nothing.
#[wasm_bindgen_test]
async fn a_bundle_export_refuses_a_plain_copy_of_a_sealed_record() {
    use dossier::storage::ExchangeError;
    let (laptop, hq_name, rep_name, sealed_file) =
        laptop_with_forged_records("forged-export").await;
    let office_id = laptop.exchange().await.unwrap().unwrap().office.unwrap().id;
    let exported = laptop
        .export_bundle(&office_id, true, "bundle-1".into(), "李业务", at(4))
        .await;
    assert!(
        matches!(exported, Err(ExchangeError::Store(StoreError::Tampered))),
        "refused as tampered, got {:?}",
        exported.map(|e| e.counts)
    );
    assert!(matches!(
        laptop.export_preview(&office_id, true).await,
        Err(ExchangeError::Store(StoreError::Tampered))
    ));
    laptop.close();

    // With the file itself put back as it was, the forged visit and complaint alone
    // still stop the export.
    put_raw(&rep_name, "customers", &sealed_file).await;
    let laptop = Db::open_named(&rep_name).await.unwrap();
    laptop
        .unlock("copper lantern orchard", at(5))
        .await
        .unwrap();
    assert!(
        laptop.customer("cust-1").await.unwrap().is_some(),
        "the file opens again"
    );
    assert!(matches!(
        laptop
            .export_bundle(&office_id, true, "bundle-2".into(), "李业务", at(5))
            .await,
        Err(ExchangeError::Store(StoreError::Tampered))
    ));
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

/// The bundle worker's connection takes the page's key only if it is this store's, and
/// a page whose key the stored check does not open hands over nothing (#32).
#[wasm_bindgen_test]
async fn the_bundle_worker_takes_only_this_stores_key() {
    let name = fresh_name("handover");
    let page = Db::open_named(&name).await.unwrap();
    page.create_vault("copper lantern orchard", cheap(), at(1))
        .await
        .unwrap();
    let (key, person) = page
        .session_for_worker()
        .await
        .unwrap()
        .expect("unlocked, so a session to hand over");
    assert_eq!(person, None);

    // The worker's own connection to the same database.
    let worker = Db::open_named(&name).await.unwrap();
    assert_eq!(
        worker.adopt_session(DataKey::generate(), None).await,
        Err(StoreError::Tampered),
        "another key is refused"
    );
    assert!(!worker.is_unlocked());
    worker
        .adopt_session(DataKey::from_handover(&key[..]).unwrap(), None)
        .await
        .expect("this store's key is taken");
    assert!(worker.is_unlocked());
    // What the worker seals, the page opens: the same key.
    save(
        &worker,
        &confidential(SecretLevel::Secret),
        Some(&rep()),
        "",
        at(2),
        ids(1),
    )
    .await
    .expect("the worker saves a confidential file");
    assert_eq!(
        page.customer("cust-1").await.unwrap().map(|c| c.basic.name),
        Some(format!("{MARKER} 有限公司"))
    );

    // Another vault's check put here, as a stale key would find it: the page's key no
    // longer opens it, and nothing is handed over, nor the check written over.
    let other = fresh_name("handover-other");
    let elsewhere = Db::open_named(&other).await.unwrap();
    elsewhere
        .create_vault("velvet harbour copper", cheap(), at(1))
        .await
        .unwrap();
    let foreign = get_raw(&other, "meta", "key_check").await;
    put_raw(&name, "meta", &foreign).await;
    assert_eq!(
        page.session_for_worker().await.map(|s| s.is_some()),
        Err(StoreError::Tampered)
    );
    assert_eq!(
        js_sys::JSON::stringify(&get_raw(&name, "meta", "key_check").await).unwrap(),
        js_sys::JSON::stringify(&foreign).unwrap(),
        "the check is not written over"
    );
    for db in [page, worker, elsewhere] {
        db.close();
    }
    delete(&name).await;
    delete(&other).await;
}
