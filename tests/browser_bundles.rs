//! Bundles between two real IndexedDB stores in headless Chromium: a rep's laptop and
//! head office enrol, exchange files both ways, merge field by field, surface a
//! conflict, and refuse a damaged or replayed bundle without changing anything.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Duration, TimeZone, Utc};
use dossier::core::bundle::exchange::Direction;
use dossier::core::bundle::{self, BundleError};
use dossier::core::customer::model::{CreditAssignment, CreditGrade, SecretLevel};
use dossier::core::customer::save::{NewIds, save};
use dossier::core::customer::validate::CustomerDraft;
use dossier::core::store::{CustomerStore, Profile, VisitStore};
use dossier::core::sync::merge::conflicts;
use dossier::core::vault::KdfParams;
use dossier::core::visit::model::{Visit, VisitStatus};
use dossier::storage::{Db, ExchangeError, Exported};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;
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
        .expect("delete")
        .await
        .expect("deleted");
}

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap() + Duration::minutes(minutes)
}

fn rep() -> Profile {
    Profile {
        name: "李伟".into(),
        rep_code: "R07".into(),
    }
}

fn office() -> Profile {
    Profile {
        name: "王经理".into(),
        rep_code: "HQ".into(),
    }
}

fn ids(customer: &str, n: u32) -> NewIds {
    NewIds {
        customer: customer.into(),
        history: format!("h-{customer}-{n}"),
    }
}

fn draft(name: &str, level: SecretLevel) -> CustomerDraft {
    let mut d = CustomerDraft::default();
    d.customer.basic.name = name.into();
    d.customer.basic.phone = "0750-1000000".into();
    d.customer.secret = level;
    d
}

async fn set_up(name: &str) -> Db {
    let db = Db::open_named(name).await.unwrap();
    db.create_vault(
        "copper lantern orchard",
        KdfParams::with_cost(1024, 1, 1),
        t(0),
    )
    .await
    .unwrap();
    db
}

/// Head office and a rep's laptop it enrolled, each with its vault open.
async fn enrolled_pair(hq_name: &str, rep_name: &str) -> (Db, Db) {
    let hq = set_up(hq_name).await;
    hq.set_profile(&office()).await.unwrap();
    hq.set_up_head_office("总部").await.unwrap();
    let enrolment = hq.enrol("R07", "李伟", t(1)).await.unwrap();
    let laptop = set_up(rep_name).await;
    laptop
        .set_up_from_enrolment(&serde_json::to_vec(&enrolment).unwrap())
        .await
        .unwrap();
    (hq, laptop)
}

/// `bundle` with one byte of its payload entry changed and every ZIP checksum right.
fn with_payload_byte_flipped(bundle: &[u8]) -> Vec<u8> {
    use std::io::{Cursor, Read, Write};
    let mut zip = zip::ZipArchive::new(Cursor::new(bundle)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_owned();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == bundle::PAYLOAD {
            let at = bytes.len() / 2;
            bytes[at] ^= 0x01;
        }
        out.start_file(name, stored).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Every store but the custody log (which records refusals too), as JSON text.
async fn data_dump(name: &str) -> String {
    let db = Database::open(name).await.unwrap();
    let mut out = String::new();
    for store in db.object_store_names().collect::<Vec<String>>() {
        if store == "custody_log" {
            continue;
        }
        let tx = db.transaction(store.as_str()).build().unwrap();
        let all: Vec<JsValue> = tx
            .object_store(&store)
            .unwrap()
            .get_all::<JsValue>()
            .await
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for r in all {
            // Bytes become arrays of numbers, so sealed records compare too.
            let text = js_sys::JSON::stringify(&r).unwrap();
            out.push_str(&String::from(text));
        }
    }
    db.close();
    out
}

#[wasm_bindgen_test]
async fn rep_and_head_office_enrol_exchange_merge_and_refuse_bad_files() {
    let (hq_name, rep_name) = (fresh_name("hq"), fresh_name("rep"));
    let hq = set_up(&hq_name).await;
    hq.set_profile(&office()).await.unwrap();
    hq.set_up_head_office("总部").await.unwrap();
    let enrolment = hq.enrol("R07", "李伟", t(1)).await.unwrap();

    let laptop = set_up(&rep_name).await;
    laptop
        .set_up_from_enrolment(&serde_json::to_vec(&enrolment).unwrap())
        .await
        .unwrap();
    assert_eq!(
        laptop.profile().await.unwrap(),
        Some(rep()),
        "the profile comes from the enrolment"
    );
    let a = save(
        &laptop,
        &draft("江门安信电器", SecretLevel::None),
        Some(&rep()),
        "",
        t(2),
        ids("a", 1),
    )
    .await
    .unwrap();
    save(
        &laptop,
        &draft("珠海机密精密", SecretLevel::Confidential),
        Some(&rep()),
        "",
        t(3),
        ids("b", 1),
    )
    .await
    .unwrap();
    let visit = Visit {
        id: "v1".into(),
        customer_id: "a".into(),
        summary: "谈了新合同".into(),
        at: Some(t(4).naive_utc()),
        ..Visit::default()
    };
    dossier::core::visit::submit::submit(&laptop, &visit, t(4))
        .await
        .unwrap();

    let office_id = laptop.exchange().await.unwrap().unwrap().office.unwrap().id;
    let first = laptop
        .export_bundle(&office_id, false, "bundle-1".into(), "李伟", t(5))
        .await
        .unwrap();
    assert!(first.file_name.starts_with("R07_2026-11-20_0001"));
    assert_eq!((first.counts.customers, first.counts.visits), (2, 1));

    // Head office does not know the device yet: it is named, with its fingerprint.
    let device = match hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", t(6))
        .await
    {
        Err(ExchangeError::Bundle(BundleError::UnknownSigner(who))) => *who,
        other => panic!(
            "expected an unknown signer, got {:?}",
            other.map(|p| p.summary)
        ),
    };
    assert_eq!(device.rep_code, "R07");
    let rep_fingerprint = laptop.exchange().await.unwrap().unwrap().me.fingerprint();
    assert_eq!(
        device.fingerprint(),
        rep_fingerprint,
        "both screens show the same"
    );
    hq.trust_device(device.clone()).await.unwrap();
    let prepared = hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", t(6))
        .await
        .unwrap();
    assert_eq!((prepared.summary.new, prepared.summary.visits), (2, 1));

    // A damaged copy and a replay change nothing.
    let before = data_dump(&hq_name).await;
    let mut damaged = first.bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x40;
    assert!(
        hq.prepare_import("copy.dossier", &damaged, "王经理", t(6))
            .await
            .is_err()
    );
    assert_eq!(
        data_dump(&hq_name).await,
        before,
        "a refused bundle changes nothing"
    );
    // A forger's copy: one payload byte changed and the ZIP's checksums made right, so
    // only the signed hash of the payload (hashed by WebCrypto here) can tell.
    let forged = with_payload_byte_flipped(&first.bytes);
    assert!(matches!(
        hq.prepare_import("forged.dossier", &forged, "王经理", t(6))
            .await,
        Err(ExchangeError::Bundle(BundleError::PayloadAltered))
    ));
    assert_eq!(data_dump(&hq_name).await, before);

    hq.apply_import(&prepared, "王经理", t(7)).await.unwrap();
    assert_eq!(hq.catalogue().await.unwrap().len(), 2);
    assert_eq!(
        hq.visits_for("a").await.unwrap()[0].status,
        VisitStatus::Submitted
    );
    assert!(
        hq.customer("b")
            .await
            .unwrap()
            .unwrap()
            .basic
            .name
            .contains("机密")
    );
    let again = hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", t(8))
        .await;
    assert!(matches!(
        again,
        Err(ExchangeError::Bundle(BundleError::AlreadyImported))
    ));

    // Head office grades the file; the rep changes the phone meanwhile; and both change
    // the legal representative without seeing each other.
    let at_hq = hq.customer("a").await.unwrap().unwrap();
    let mut grade = CustomerDraft::of(&at_hq);
    grade.customer.credit = Some(CreditAssignment {
        grade: CreditGrade::A,
        by: "王经理".into(),
        at: t(9),
        reason: "回款及时".into(),
    });
    grade.customer.basic.legal_rep = "陈总".into();
    save(&hq, &grade, Some(&office()), "年度评级", t(9), ids("a", 2))
        .await
        .unwrap();
    // And assigns a new customer to the rep; another stays with head office.
    let mut assigned = draft("中山新开发客户", SecretLevel::None);
    assigned.customer.assigned_to = "R07".into();
    save(&hq, &assigned, Some(&office()), "", t(9), ids("n", 1))
        .await
        .unwrap();
    save(
        &hq,
        &draft("总部自营客户", SecretLevel::None),
        Some(&office()),
        "",
        t(9),
        ids("m", 1),
    )
    .await
    .unwrap();
    let mut phone = CustomerDraft::of(&a);
    phone.customer.basic.phone = "0750-2000000".into();
    phone.customer.basic.legal_rep = "陈先生".into();
    save(&laptop, &phone, Some(&rep()), "新电话", t(10), ids("a", 3))
        .await
        .unwrap();

    let back = hq
        .export_bundle(&device.id, false, "bundle-hq-1".into(), "王经理", t(11))
        .await
        .unwrap();
    let prepared = laptop
        .prepare_import(&back.file_name, &back.bytes, "李伟", t(12))
        .await
        .unwrap();
    assert_eq!(prepared.summary.updated, 1);
    assert_eq!(prepared.summary.new, 1, "only the file assigned to the rep");
    assert_eq!(prepared.summary.conflicts, 1);
    laptop.apply_import(&prepared, "李伟", t(12)).await.unwrap();
    let merged = laptop.customer("a").await.unwrap().unwrap();
    assert_eq!(
        merged.credit.as_ref().map(|c| c.grade),
        Some(CreditGrade::A),
        "head office's grade"
    );
    assert_eq!(merged.basic.phone, "0750-2000000", "the rep's phone");
    let found = conflicts(&merged);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "basic.legal_rep");

    // The rep's next bundle starts after what head office acknowledged.
    let second = laptop
        .export_bundle(&office_id, false, "bundle-2".into(), "李伟", t(13))
        .await
        .unwrap();
    assert_eq!(second.counts.visits, 0, "the visit was acknowledged");
    let prepared = hq
        .prepare_import(&second.file_name, &second.bytes, "王经理", t(14))
        .await
        .unwrap();
    hq.apply_import(&prepared, "王经理", t(14)).await.unwrap();
    let at_hq = hq.customer("a").await.unwrap().unwrap();
    assert_eq!(
        conflicts(&at_hq).len(),
        1,
        "the conflict shows at head office too"
    );
    assert_eq!(at_hq.basic.phone, "0750-2000000");

    let log = laptop.custody_log().await.unwrap();
    let first_logged = log.iter().find(|e| e.file_name == first.file_name).unwrap();
    assert_eq!(
        first_logged.sha256,
        bundle::sha256_hex(&first.bytes),
        "the custody log has the file's SHA-256, as `sha256sum` prints it"
    );
    let hq_log = hq.custody_log().await.unwrap();
    let forged_logged = hq_log
        .iter()
        .find(|e| e.file_name == "forged.dossier")
        .unwrap();
    assert_eq!(forged_logged.sha256, bundle::sha256_hex(&forged));
    let kinds: Vec<Direction> = log.iter().map(|e| e.direction).collect();
    assert_eq!(
        kinds,
        [Direction::Export, Direction::Import, Direction::Export],
        "newest first"
    );
    assert!(
        hq_log.iter().any(|e| !e.refused.is_empty()),
        "refusals are logged"
    );

    // New visits on files head office already holds join what it has of them: the
    // submitted one from before, and a draft begun at head office.
    let hq_draft = Visit {
        id: "hq-draft".into(),
        customer_id: "a".into(),
        at: Some(t(15).naive_utc()),
        ..Visit::default()
    };
    hq.put_visit(&hq_draft).await.unwrap();
    for (id, file) in [("v2", "a"), ("v3", "b")] {
        let visit = Visit {
            id: id.into(),
            customer_id: file.into(),
            summary: "再次拜访".into(),
            at: Some(t(16).naive_utc()),
            ..Visit::default()
        };
        dossier::core::visit::submit::submit(&laptop, &visit, t(16))
            .await
            .unwrap();
    }
    let third = laptop
        .export_bundle(&office_id, false, "bundle-3".into(), "李伟", t(16))
        .await
        .unwrap();
    assert_eq!(third.counts.visits, 2);
    let prepared = hq
        .prepare_import(&third.file_name, &third.bytes, "王经理", t(17))
        .await
        .unwrap();
    hq.apply_import(&prepared, "王经理", t(17)).await.unwrap();
    let ids = |visits: Vec<Visit>| visits.into_iter().map(|v| v.id).collect::<Vec<_>>();
    assert_eq!(
        ids(hq.visits_for("a").await.unwrap()),
        ["v2", "hq-draft", "v1"]
    );
    assert_eq!(ids(hq.visits_for("b").await.unwrap()), ["v3"]);
    assert_eq!(
        ids(hq.visits_with(VisitStatus::Draft).await.unwrap()),
        ["hq-draft"]
    );

    hq.close();
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

#[wasm_bindgen_test]
async fn a_file_destroyed_on_the_laptop_is_not_erased_at_head_office_whose_act_it_is() {
    use dossier::core::authority::Refusal;
    use dossier::core::customer::destruction::destroy;
    use dossier::core::customer::model::{Closure, Emergency, EmergencyKind, Status};
    use dossier::core::customer::save::change;

    let (hq_name, rep_name) = (fresh_name("hq-destroy"), fresh_name("rep-destroy"));
    let (hq, laptop) = enrolled_pair(&hq_name, &rep_name).await;
    for (id, name, level) in [
        ("a", "江门安信电器", SecretLevel::None),
        ("b", "珠海机密精密", SecretLevel::Confidential),
    ] {
        save(
            &laptop,
            &draft(name, level),
            Some(&rep()),
            "",
            t(2),
            ids(id, 1),
        )
        .await
        .unwrap();
    }
    let visit = Visit {
        id: "vb".into(),
        customer_id: "b".into(),
        summary: "机密报价".into(),
        at: Some(t(3).naive_utc()),
        ..Visit::default()
    };
    dossier::core::visit::submit::submit(&laptop, &visit, t(3))
        .await
        .unwrap();
    let office_id = laptop.exchange().await.unwrap().unwrap().office.unwrap().id;
    let first = laptop
        .export_bundle(&office_id, false, "bundle-1".into(), "李伟", t(4))
        .await
        .unwrap();
    let device = laptop.exchange().await.unwrap().unwrap().me;
    hq.trust_device(device).await.unwrap();
    let prepared = hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", t(5))
        .await
        .unwrap();
    hq.apply_import(&prepared, "王经理", t(5)).await.unwrap();
    assert!(hq.customer("b").await.unwrap().is_some());

    // The rep closes the account (back-dated past retention) and destroys the file.
    let closed = change(
        &laptop,
        "b",
        Some(&rep()),
        "停业",
        t(6),
        "h-b-2".into(),
        |c, by| {
            c.status = Status::Closed;
            c.closure = Some(Closure {
                date: chrono::NaiveDate::from_ymd_opt(2024, 1, 10).unwrap(),
                reason: "停业".into(),
                by: by.into(),
            });
        },
    )
    .await
    .unwrap();
    let record = destroy(&closed, "张总", "李伟 (R07)", t(7), t(7).date_naive()).unwrap();
    laptop.destroy_file(&record).await.unwrap();
    assert!(laptop.customer("b").await.unwrap().is_none());
    assert!(laptop.visits_for("b").await.unwrap().is_empty());
    assert_eq!(laptop.catalogue().await.unwrap().len(), 1);

    // And reports a dishonoured payment by the other customer.
    change(
        &laptop,
        "a",
        Some(&rep()),
        "紧急报告",
        t(7),
        "h-a-2".into(),
        |c, by| {
            c.emergency = Some(Emergency {
                kind: EmergencyKind::DishonouredPayment,
                at: t(7),
                by: by.into(),
                note: "支票退票 12万".into(),
            });
        },
    )
    .await
    .unwrap();

    let second = laptop
        .export_bundle(&office_id, false, "bundle-2".into(), "李伟", t(8))
        .await
        .unwrap();
    let prepared = hq
        .prepare_import(&second.file_name, &second.bytes, "王经理", t(9))
        .await
        .unwrap();
    // Destruction is head office's act (seed 000 第十七条): the rep's is refused and
    // listed, the file kept; the emergency report goes through.
    assert_eq!(prepared.summary.destructions, 0);
    assert_eq!(prepared.summary.emergencies, 1);
    let refused: Vec<_> = prepared
        .summary
        .refused
        .iter()
        .map(|r| (r.what.as_str(), r.archive_no.clone(), r.reason.clone()))
        .collect();
    assert!(
        refused.contains(&(
            "destruction",
            record.archive_no.clone(),
            Refusal::OfficeOnly
        )),
        "{refused:?}"
    );
    hq.apply_import(&prepared, "王经理", t(9)).await.unwrap();
    assert!(
        hq.customer("b").await.unwrap().is_some(),
        "kept at head office"
    );
    assert_eq!(hq.visits_for("b").await.unwrap().len(), 1);
    assert!(hq.destruction("b").await.unwrap().is_none());
    let entries = hq.catalogue().await.unwrap();
    assert_eq!(entries.len(), 2);
    assert!(
        entries.iter().any(|e| e.emergency),
        "head office's list puts it first"
    );
    let log = hq.custody_log().await.unwrap();
    assert_eq!(
        log[0].refused_changes,
        refused.len(),
        "the custody log keeps the count"
    );

    hq.close();
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

#[wasm_bindgen_test]
async fn the_browsers_sha256_is_the_bundles_sha256() {
    use dossier::platform::digest;
    assert_eq!(
        digest::sha256_hex(b"abc").await,
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(digest::sha256_hex(&[]).await, bundle::sha256_hex(&[]));
    // Longer than the 64 KiB slices the wasm hash is fed in, and not a multiple of them.
    let long: Vec<u8> = (0..200_001u32).map(|i| (i * 31 % 251) as u8).collect();
    assert_eq!(digest::sha256_hex(&long).await, bundle::sha256_hex(&long));
}

/// Two exports at once (a double press, or two tabs) never give two bundles one number;
/// the same bundle applied twice at once is imported once; and an export and an import
/// at once both keep what they recorded (each used to write back the exchange it had
/// read before it began, losing the other's).
#[wasm_bindgen_test]
async fn exports_and_imports_at_the_same_moment_record_each_bundle_once() {
    use futures::future::join;

    let (hq_name, rep_name) = (fresh_name("hq-twice"), fresh_name("rep-twice"));
    let (hq, laptop) = enrolled_pair(&hq_name, &rep_name).await;
    save(
        &laptop,
        &draft("江门安信电器", SecretLevel::None),
        Some(&rep()),
        "",
        t(2),
        ids("a", 1),
    )
    .await
    .unwrap();
    let office_id = laptop.exchange().await.unwrap().unwrap().office.unwrap().id;

    let (one, two) = join(
        laptop.export_bundle(&office_id, false, "bundle-1".into(), "李伟", t(3)),
        laptop.export_bundle(&office_id, false, "bundle-2".into(), "李伟", t(3)),
    )
    .await;
    let (first, refused) = match (one, two) {
        (Ok(b), Err(e)) | (Err(e), Ok(b)) => (b, e),
        (a, b) => panic!(
            "expected one bundle and one refusal, got {:?} and {:?}",
            a.map(|b| b.file_name),
            b.map(|b| b.file_name)
        ),
    };
    assert_eq!(refused, ExchangeError::Concurrent);
    assert!(
        first.file_name.ends_with("_0001.dossier"),
        "{}",
        first.file_name
    );
    let exports = laptop.custody_log().await.unwrap();
    assert_eq!(exports.len(), 1, "one line in the custody log");
    assert_eq!(laptop.exchange().await.unwrap().unwrap().next_sequence, 2);

    let device = laptop.exchange().await.unwrap().unwrap().me;
    hq.trust_device(device.clone()).await.unwrap();
    let prepared = hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", t(4))
        .await
        .unwrap();
    let (one, two) = join(
        hq.apply_import(&prepared, "王经理", t(4)),
        hq.apply_import(&prepared, "王经理", t(4)),
    )
    .await;
    let refused = match (one, two) {
        (Ok(s), Err(e)) | (Err(e), Ok(s)) => {
            assert_eq!(s.new, 1);
            e
        }
        (a, b) => panic!("expected one import and one refusal, got {a:?} and {b:?}"),
    };
    assert_eq!(refused, ExchangeError::Bundle(BundleError::AlreadyImported));
    let imports = hq.custody_log().await.unwrap();
    assert_eq!(imports.len(), 1, "one line in head office's custody log");
    assert_eq!(
        hq.history("a").await.unwrap().len(),
        1,
        "the file's one change, once"
    );

    // Head office answers; the rep imports the answer while exporting again.
    let back = hq
        .export_bundle(&device.id, false, "bundle-hq-1".into(), "王经理", t(5))
        .await
        .unwrap();
    let answer = laptop
        .prepare_import(&back.file_name, &back.bytes, "李伟", t(6))
        .await
        .unwrap();
    let (exported, imported) = join(
        laptop.export_bundle(&office_id, true, "bundle-3".into(), "李伟", t(6)),
        laptop.apply_import(&answer, "李伟", t(6)),
    )
    .await;
    let exported = exported.unwrap();
    imported.unwrap();
    assert!(
        exported.file_name.ends_with("_0002.dossier"),
        "{}",
        exported.file_name
    );
    let exchange = laptop.exchange().await.unwrap().unwrap();
    assert_eq!(exchange.next_sequence, 3, "the export's number is kept");
    assert!(
        exchange.custody.applied.contains("bundle-hq-1"),
        "the import is kept"
    );
    let again = laptop
        .prepare_import(&back.file_name, &back.bytes, "李伟", t(7))
        .await;
    assert!(
        matches!(
            again,
            Err(ExchangeError::Bundle(BundleError::AlreadyImported))
        ),
        "head office's answer cannot be imported twice"
    );

    hq.close();
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

/// `from` writes bundle `id` of what changed since `to` (whose device or office is
/// `to_id`) last acknowledged, at `at`; `to` imports it a minute later. The bundle, and
/// what the import's preview said.
async fn carry(
    from: &Db,
    to: &Db,
    to_id: &str,
    id: &str,
    at: DateTime<Utc>,
) -> (Exported, bundle::plan::Summary) {
    let bundle = from
        .export_bundle(to_id, false, id.into(), "carry", at)
        .await
        .unwrap();
    let later = at + Duration::minutes(1);
    let prepared = to
        .prepare_import(&bundle.file_name, &bundle.bytes, "carry", later)
        .await
        .unwrap();
    to.apply_import(&prepared, "carry", later).await.unwrap();
    (bundle, prepared.summary)
}

/// A rep's viewing record reaches head office bundle after bundle: each entry once,
/// whatever head office already holds of it (its copies are sealed at rest).
#[wasm_bindgen_test]
async fn viewing_entries_come_over_in_bundle_after_bundle_each_once() {
    use dossier::core::vault::log::Viewing;

    let (hq_name, rep_name) = (fresh_name("hq-viewings"), fresh_name("rep-viewings"));
    let (hq, laptop) = enrolled_pair(&hq_name, &rep_name).await;
    save(
        &laptop,
        &draft("珠海机密精密", SecretLevel::Secret),
        Some(&rep()),
        "",
        t(2),
        ids("b", 1),
    )
    .await
    .unwrap();
    let viewing = |minute: i64| Viewing {
        at: t(minute),
        by: "李伟".into(),
        rep_code: "R07".into(),
        customer_id: "b".into(),
        archive_no: "R07-2026-00001".into(),
        purpose: "拜访前查看".into(),
    };
    laptop.record_viewing(viewing(3)).await.unwrap();
    let office_id = laptop.exchange().await.unwrap().unwrap().office.unwrap().id;
    hq.trust_device(laptop.exchange().await.unwrap().unwrap().me)
        .await
        .unwrap();

    let (_, first) = carry(&laptop, &hq, &office_id, "bundle-1", t(4)).await;
    assert_eq!(first.viewings, 1);
    assert!(
        !data_dump(&hq_name).await.contains("拜访前查看"),
        "the purpose is sealed at head office too"
    );
    laptop.record_viewing(viewing(6)).await.unwrap();
    // Before the fix, head office read its sealed copies as plain ones and refused
    // every later bundle as corrupt ("missing field `device`"); carry would panic.
    let (second, summary) = carry(&laptop, &hq, &office_id, "bundle-2", t(7)).await;
    assert_eq!(
        second.counts.viewings, 2,
        "nothing acknowledged yet: both go"
    );
    assert_eq!(summary.viewings, 1, "only the new entry");
    hq.close();
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

/// A week's bundle into a head office that holds many more files than the bundle names
/// (read by key, not whole): new visits join the books head office has, a visit on a
/// confidential file that the bundle does not carry is sealed like its file, and an
/// edit and a new file merge as they would from a whole read.
#[wasm_bindgen_test]
async fn a_small_bundle_into_a_full_head_office_merges_as_a_whole_read_would() {
    const MARKER: &str = "机密拜访内容 quartz";
    let (hq_name, rep_name) = (fresh_name("hq-week"), fresh_name("rep-week"));
    let (hq, laptop) = enrolled_pair(&hq_name, &rep_name).await;
    let file = |name: &str, level, id: &str, minute: i64| {
        let (laptop, name, id) = (&laptop, name.to_owned(), id.to_owned());
        async move {
            save(
                laptop,
                &draft(&name, level),
                Some(&rep()),
                "",
                t(minute),
                ids(&id, 1),
            )
            .await
            .unwrap()
        }
    };
    for n in 0..19 {
        file(
            &format!("江门客户{n}"),
            SecretLevel::None,
            &format!("a{n}"),
            2,
        )
        .await;
    }
    file("珠海机密精密", SecretLevel::Secret, "s", 2).await;
    let submit = |id: &str, file: &str, summary: &str, minute: i64| {
        let visit = Visit {
            id: id.into(),
            customer_id: file.into(),
            summary: summary.into(),
            at: Some(t(minute).naive_utc()),
            ..Visit::default()
        };
        let laptop = &laptop;
        async move {
            dossier::core::visit::submit::submit(laptop, &visit, t(minute))
                .await
                .unwrap()
        }
    };
    submit("v1", "a0", "第一次", 3).await;
    let office_id = laptop.exchange().await.unwrap().unwrap().office.unwrap().id;
    let device = laptop.exchange().await.unwrap().unwrap().me;
    hq.trust_device(device.clone()).await.unwrap();
    carry(&laptop, &hq, &office_id, "bundle-1", t(4)).await;
    // Head office's bundle back acknowledges the rep's first.
    carry(&hq, &laptop, &device.id, "bundle-hq-1", t(6)).await;

    // The week: a second visit on a0, one on the confidential file, a1's new phone,
    // and a new file.
    submit("v2", "a0", "第二次", 8).await;
    submit("v3", "s", MARKER, 8).await;
    let mut phone = CustomerDraft::of(&laptop.customer("a1").await.unwrap().unwrap());
    phone.customer.basic.phone = "0750-3000000".into();
    save(&laptop, &phone, Some(&rep()), "新电话", t(9), ids("a1", 2))
        .await
        .unwrap();
    file("中山新客户", SecretLevel::None, "new", 9).await;
    let (week, summary) = carry(&laptop, &hq, &office_id, "bundle-2", t(10)).await;
    assert_eq!(
        (week.counts.customers, week.counts.visits),
        (2, 2),
        "a week's changes only: four files touched of twenty-one"
    );
    assert_eq!((summary.new, summary.updated, summary.visits), (1, 1, 2));

    let ids_of = |visits: Vec<Visit>| visits.into_iter().map(|v| v.id).collect::<Vec<_>>();
    assert_eq!(
        ids_of(hq.visits_for("a0").await.unwrap()),
        ["v2", "v1"],
        "the book kept its visit"
    );
    assert_eq!(hq.visits_for("s").await.unwrap()[0].summary, MARKER);
    assert!(
        !data_dump(&hq_name).await.contains(MARKER),
        "the confidential file's new visit is sealed at rest, as its file is"
    );
    let merged = hq.customer("a1").await.unwrap().unwrap();
    assert_eq!(merged.basic.phone, "0750-3000000");
    assert_eq!(
        hq.history("a1").await.unwrap().len(),
        2,
        "the edit's history came too"
    );
    let listed = hq.catalogue().await.unwrap();
    assert_eq!(
        listed.len(),
        21,
        "the new file listed once, the others as they were"
    );
    assert!(
        listed
            .iter()
            .any(|e| e.id == "new" && e.name == "中山新客户")
    );
    assert_eq!(
        listed
            .iter()
            .filter(|e| e.archive_no == merged.archive_no)
            .count(),
        1
    );

    // The same week again changes nothing and says so.
    assert!(matches!(
        hq.prepare_import(&week.file_name, &week.bytes, "王经理", t(12))
            .await,
        Err(ExchangeError::Bundle(BundleError::AlreadyImported))
    ));
    hq.close();
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}

/// A replacement laptop for R07 learns from head office's bundle the numbers its
/// predecessor gave out, and numbers its first new file after them.
#[wasm_bindgen_test]
async fn a_replacement_laptop_numbers_its_first_file_after_those_a_bundle_brought() {
    let (hq_name, rep_name) = (fresh_name("hq-numbers"), fresh_name("rep-numbers"));
    let (hq, laptop) = enrolled_pair(&hq_name, &rep_name).await;
    // R07's files as head office holds them from the laptop that was replaced.
    for n in 1..=3 {
        let name = format!("老客户{n}");
        let id = format!("old{n}");
        save(
            &hq,
            &draft(&name, SecretLevel::None),
            Some(&rep()),
            "",
            t(2),
            ids(&id, 1),
        )
        .await
        .unwrap();
    }
    let device = laptop.exchange().await.unwrap().unwrap().me;
    hq.trust_device(device.clone()).await.unwrap();
    let (_, summary) = carry(&hq, &laptop, &device.id, "bundle-hq-1", t(3)).await;
    assert_eq!(summary.new, 3);
    let saved = save(
        &laptop,
        &draft("新客户", SecretLevel::None),
        Some(&rep()),
        "",
        t(5),
        ids("new", 1),
    )
    .await
    .expect("the first new file saves");
    assert_eq!(saved.archive_no, "R07-2026-00004");
    hq.close();
    laptop.close();
    delete(&hq_name).await;
    delete(&rep_name).await;
}
