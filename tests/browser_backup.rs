//! Backups in headless Chromium: everything a laptop holds comes back in an empty
//! browser with the passphrase or the recovery key, and with nothing else.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, TimeZone, Utc};
use dossier::core::bundle::backup::{BackupError, Secret};
use dossier::core::customer::model::SecretLevel;
use dossier::core::customer::save::{NewIds, save};
use dossier::core::customer::validate::CustomerDraft;
use dossier::core::store::{CustomerStore, Profile, VisitStore, draft_key};
use dossier::core::vault::KdfParams;
use dossier::core::vault::log::Viewing;
use dossier::core::visit::model::{Visit, VisitStatus};
use dossier::storage::{Db, RestoreError};
use indexed_db_futures::database::Database;
use wasm_bindgen_test::*;

mod support;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_name(test: &str) -> String {
    format!(
        "dossier-test-{test}-{}",
        (js_sys::Math::random() * 1e12) as u64
    )
}

fn t(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap()
}

#[wasm_bindgen_test]
async fn a_backup_restores_everything_into_an_empty_browser() {
    let (old_name, new_name) = (fresh_name("old"), fresh_name("new"));
    let old = Db::open_named(&old_name).await.unwrap();
    let recovery = old
        .create_vault(
            "copper lantern orchard",
            KdfParams::with_cost(1024, 1, 1),
            t(1),
        )
        .await
        .unwrap();
    let rep = Profile {
        name: "李伟".into(),
        rep_code: "R07".into(),
    };
    old.set_profile(&rep).await.unwrap();
    let mut d = CustomerDraft::default();
    d.customer.basic.name = "珠海机密精密".into();
    d.customer.secret = SecretLevel::Confidential;
    save(
        &old,
        &d,
        Some(&rep),
        "",
        t(2),
        NewIds {
            customer: "c1".into(),
            history: "h1".into(),
        },
    )
    .await
    .unwrap();
    let visit = Visit {
        id: "v1".into(),
        customer_id: "c1".into(),
        status: VisitStatus::Submitted,
        summary: "谈了机密合同".into(),
        ..Default::default()
    };
    old.put_visit(&visit).await.unwrap();
    let mut half = CustomerDraft::default();
    half.customer.basic.name = "半填的新客户".into();
    old.put_draft(&draft_key(""), &half).await.unwrap();
    old.record_viewing(Viewing {
        at: t(3),
        by: "李伟".into(),
        rep_code: "R07".into(),
        customer_id: "c1".into(),
        archive_no: "R07-2026-00001".into(),
        purpose: "核对".into(),
    })
    .await
    .unwrap();
    old.set_up_head_office("总部").await.unwrap();
    let (file_name, bytes) = old
        .export_backup("李伟", "backup-1".into(), t(4))
        .await
        .unwrap();
    assert_eq!(file_name, "Dossier-backup_R07_2026-11-04.dossier-backup");
    assert!(
        !String::from_utf8_lossy(&bytes).contains("珠海"),
        "nothing readable in the file"
    );
    assert_eq!(old.last_backup().await.unwrap(), Some(t(4)));
    // A backup written by a build before visit books (schema V8) holds each visit as a
    // record of its own, in the "visits" store (restored below).
    support::as_before_visit_books(&old_name).await;
    let (_, old_bytes) = old
        .export_backup("李伟", "backup-2".into(), t(4))
        .await
        .unwrap();
    old.close();

    let new = Db::open_named(&new_name).await.unwrap();
    assert!(matches!(
        new.restore_backup(&bytes, Secret::Passphrase("copper lantern"))
            .await,
        Err(RestoreError::Backup(BackupError::WrongPassphrase))
    ));
    assert!(
        new.is_empty().await.unwrap(),
        "a refused restore writes nothing"
    );
    new.restore_backup(&bytes, Secret::RecoveryKey(&recovery.display()))
        .await
        .expect("restores with the recovery key");
    assert_eq!(new.profile().await.unwrap(), Some(rep));
    assert_eq!(
        new.customer("c1").await.unwrap().unwrap().basic.name,
        "珠海机密精密"
    );
    assert_eq!(
        new.draft(&draft_key("")).await.unwrap(),
        Some(half),
        "drafts come back"
    );
    assert_eq!(new.visits_for("c1").await.unwrap(), vec![visit.clone()]);
    let (viewings, chain) = new.viewing_record().await.unwrap();
    assert_eq!((viewings.len(), chain), (1, Ok(())));
    assert!(
        new.exchange().await.unwrap().is_some(),
        "the exchange and its keys come back"
    );
    new.lock();
    new.unlock("copper lantern orchard", t(5))
        .await
        .expect("the same passphrase unlocks it");
    assert!(matches!(
        new.restore_backup(&bytes, Secret::Passphrase("copper lantern orchard"))
            .await,
        Err(RestoreError::NotEmpty)
    ));
    new.close();

    // Restored, the visits of the old shape move into their book.
    let older_name = fresh_name("older");
    let older = Db::open_named(&older_name).await.unwrap();
    older
        .restore_backup(&old_bytes, Secret::Passphrase("copper lantern orchard"))
        .await
        .expect("restores a backup of the old shape");
    assert_eq!(
        older.visits_for("c1").await.unwrap(),
        vec![visit],
        "its visits come back, in the new shape"
    );
    older.close();
    for name in [old_name, new_name, older_name] {
        Database::delete_by_name(&name).unwrap().await.unwrap();
    }
}

/// A replacement laptop restored from a backup that holds R07's files but not their
/// counter (they reached the old laptop in bundles, or the backup is head office's)
/// numbers its next file after them, not again from 00001.
#[wasm_bindgen_test]
async fn a_restored_laptop_numbers_its_next_file_after_the_restored_ones() {
    use dossier::core::customer::model::Customer;
    let (old_name, new_name) = (fresh_name("old-numbers"), fresh_name("new-numbers"));
    let old = Db::open_named(&old_name).await.unwrap();
    old.create_vault(
        "copper lantern orchard",
        KdfParams::with_cost(1024, 1, 1),
        t(1),
    )
    .await
    .unwrap();
    let rep = Profile {
        name: "李伟".into(),
        rep_code: "R07".into(),
    };
    old.set_profile(&rep).await.unwrap();
    let files: Vec<Customer> = (1..=5)
        .map(|n| {
            let mut c = Customer {
                id: format!("c{n}"),
                archive_no: format!("R07-2026-{n:05}"),
                revision: 1,
                ..Default::default()
            };
            c.basic.name = format!("老客户{n}");
            c
        })
        .collect();
    // Written as they are: no counter moves, as with files a bundle brought.
    old.put_files(&files, &[]).await.unwrap();
    let (_, bytes) = old
        .export_backup("李伟", "backup-numbers".into(), t(2))
        .await
        .unwrap();
    old.close();

    let new = Db::open_named(&new_name).await.unwrap();
    new.restore_backup(&bytes, Secret::Passphrase("copper lantern orchard"))
        .await
        .expect("restores");
    let mut d = CustomerDraft::default();
    d.customer.basic.name = "新客户".into();
    let saved = save(
        &new,
        &d,
        Some(&rep),
        "",
        t(3),
        NewIds {
            customer: "c6".into(),
            history: "h6".into(),
        },
    )
    .await
    .expect("the first new file saves");
    assert_eq!(saved.archive_no, "R07-2026-00006");
    new.close();
    for name in [old_name, new_name] {
        Database::delete_by_name(&name).unwrap().await.unwrap();
    }
}

/// A rep's laptop restored from its backup onto a new laptop is a new device: it signs
/// with new keys, which head office trusts only after comparing their fingerprint, and
/// from then on the old laptop's bundles are refused. Head office's own backup keeps
/// its keys: every rep trusts them.
#[wasm_bindgen_test]
async fn a_restored_field_laptop_gets_new_keys_that_head_office_must_trust_anew() {
    use dossier::core::bundle::BundleError;
    use dossier::storage::ExchangeError;

    let names = [
        fresh_name("hq-keys"),
        fresh_name("old-keys"),
        fresh_name("new-keys"),
        fresh_name("hq-restored-keys"),
    ];
    let [hq_name, old_name, new_name, hq_again_name] = &names;
    let vault = |name: String| async move {
        let db = Db::open_named(&name).await.unwrap();
        db.create_vault(
            "copper lantern orchard",
            KdfParams::with_cost(1024, 1, 1),
            t(1),
        )
        .await
        .unwrap();
        db
    };
    let hq = vault(hq_name.clone()).await;
    hq.set_profile(&Profile {
        name: "王经理".into(),
        rep_code: "HQ".into(),
    })
    .await
    .unwrap();
    hq.set_up_head_office("总部").await.unwrap();
    let enrolment = hq.enrol("R07", "李伟", t(1)).await.unwrap();
    let old = vault(old_name.clone()).await;
    old.set_up_from_enrolment(&serde_json::to_vec(&enrolment).unwrap())
        .await
        .unwrap();
    let rep = old.profile().await.unwrap().unwrap();
    let mut d = CustomerDraft::default();
    d.customer.basic.name = "江门安信电器".into();
    save(
        &old,
        &d,
        Some(&rep),
        "",
        t(2),
        NewIds {
            customer: "c1".into(),
            history: "h1".into(),
        },
    )
    .await
    .unwrap();

    // The old laptop is enrolled and trusted, and the two have exchanged a bundle each
    // way: head office has acknowledged all it holds.
    let was = old.exchange().await.unwrap().unwrap();
    let office_id = was.office.clone().unwrap().id;
    let first = old
        .export_bundle(&office_id, false, "bundle-old-1".into(), "李伟", t(3))
        .await
        .unwrap();
    let Err(ExchangeError::Bundle(BundleError::UnknownSigner(device))) = hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", t(3))
        .await
    else {
        panic!("head office does not know the old laptop yet");
    };
    hq.trust_device(*device).await.unwrap();
    let prepared = hq
        .prepare_import(&first.file_name, &first.bytes, "王经理", t(3))
        .await
        .unwrap();
    hq.apply_import(&prepared, "王经理", t(3)).await.unwrap();
    let back = hq
        .export_bundle(&was.me.id, false, "bundle-hq-1".into(), "王经理", t(4))
        .await
        .unwrap();
    let prepared = old
        .prepare_import(&back.file_name, &back.bytes, "李伟", t(4))
        .await
        .unwrap();
    old.apply_import(&prepared, "李伟", t(4)).await.unwrap();
    let was = old.exchange().await.unwrap().unwrap();
    assert!(was.acknowledged.contains_key(&office_id));
    let (_, backup) = old
        .export_backup("李伟", "backup-keys".into(), t(5))
        .await
        .unwrap();

    // Restored onto a new laptop: new keys, the same rep, head office still trusted.
    let new = Db::open_named(new_name).await.unwrap();
    new.restore_backup(&backup, Secret::Passphrase("copper lantern orchard"))
        .await
        .expect("restores");
    let now = new.exchange().await.unwrap().unwrap();
    assert_ne!(now.me.id, was.me.id, "a new device");
    assert_ne!(now.me.fingerprint(), was.me.fingerprint(), "with new keys");
    assert_eq!(
        (now.me.rep_code.as_str(), now.me.name.as_str()),
        ("R07", "李伟")
    );
    assert!(now.needs_enrolment, "head office must trust it first");
    assert_eq!(now.office, was.office);
    assert_eq!(now.trusted, was.trusted);
    assert_eq!(now.next_sequence, 1);

    // Its first bundle carries everything, and introduces the new keys.
    let intro = new
        .export_bundle(&office_id, false, "bundle-new-1".into(), "李伟", t(6))
        .await
        .unwrap();
    assert_eq!(intro.counts.customers, 1, "everything, not only changes");
    assert!(
        !new.exchange().await.unwrap().unwrap().needs_enrolment,
        "the notice goes once the first bundle is written"
    );
    let who = match hq
        .prepare_import(&intro.file_name, &intro.bytes, "王经理", t(7))
        .await
    {
        Err(ExchangeError::Bundle(BundleError::UnknownSigner(who))) => *who,
        other => panic!(
            "expected an unknown signer, got {:?}",
            other.map(|p| p.summary)
        ),
    };
    assert_eq!(who.rep_code, "R07");
    assert_eq!(
        who.fingerprint(),
        now.me.fingerprint(),
        "head office sees the new fingerprint"
    );
    hq.trust_device(who).await.unwrap();
    let prepared = hq
        .prepare_import(&intro.file_name, &intro.bytes, "王经理", t(7))
        .await
        .expect("trusted, the new laptop's bundle imports");
    hq.apply_import(&prepared, "王经理", t(7)).await.unwrap();

    // The old laptop (stolen, say) still signs with the old keys: refused.
    let stale = old
        .export_bundle(&office_id, true, "bundle-old-2".into(), "李伟", t(8))
        .await
        .unwrap();
    match hq
        .prepare_import(&stale.file_name, &stale.bytes, "王经理", t(8))
        .await
    {
        // Trusting the new laptop revoked the old one, by name, for good.
        Err(ExchangeError::Bundle(BundleError::Revoked(r))) => {
            assert_eq!(r.rep_code, "R07");
            assert_eq!(
                r.fingerprint,
                was.me.fingerprint(),
                "named as the old device"
            );
        }
        other => panic!(
            "expected the old laptop refused as revoked, got {:?}",
            other.map(|p| p.summary)
        ),
    }

    // Head office restored keeps its keys.
    let office = hq.exchange().await.unwrap().unwrap();
    let (_, hq_backup) = hq
        .export_backup("王经理", "backup-hq".into(), t(9))
        .await
        .unwrap();
    let hq_again = Db::open_named(hq_again_name).await.unwrap();
    hq_again
        .restore_backup(&hq_backup, Secret::Passphrase("copper lantern orchard"))
        .await
        .expect("restores");
    let restored = hq_again.exchange().await.unwrap().unwrap();
    assert_eq!(restored.me, office.me, "head office keeps its keys");
    assert!(!restored.needs_enrolment);

    for db in [hq, old, new, hq_again] {
        db.close();
    }
    for name in &names {
        Database::delete_by_name(name).unwrap().await.unwrap();
    }
}
