//! A head-office desk's people through the real IndexedDB store, in headless Chromium:
//! each unlocks with their own passphrase and acts as themself; the shared passphrase,
//! a disabled person's and the header's people emptied from the console open nothing;
//! only the archivist manages people; a request is decided only by its field's role;
//! viewing requests and loans are sealed at rest.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use dossier::core::lending::LoanForm;
use dossier::core::people::{Actor, Gate, Role};
use dossier::core::store::Profile;
use dossier::core::vault::{KdfParams, Sealed, UnlockError};
use dossier::storage::{Db, PeopleStoreError, RegisterError};
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

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0).unwrap() + Duration::minutes(minute)
}

fn cheap() -> KdfParams {
    KdfParams::with_cost(1024, 1, 1)
}

/// A head-office desk with Wang Jing (archivist, set up from the shared passphrase) and
/// Li Qiang (sales manager).
async fn desk(name: &str) -> (Db, String, String) {
    let db = Db::open_named(name).await.unwrap();
    db.set_profile(&Profile {
        name: "Desk".into(),
        rep_code: "HQ".into(),
    })
    .await
    .unwrap();
    db.create_vault("shared desk words", cheap(), at(0))
        .await
        .unwrap();
    db.set_up_head_office("Desk").await.unwrap();
    assert_eq!(db.actor().await.unwrap(), Actor::OfficeDesk);
    let wang = db
        .set_up_desk(
            "p-wang".into(),
            "Wang Jing",
            vec![],
            "wang own words",
            cheap(),
            at(1),
        )
        .await
        .unwrap();
    assert_eq!(
        wang.roles,
        vec![Role::Archivist],
        "the first person is the archivist"
    );
    let li = db
        .add_person(
            "p-li".into(),
            "Li Qiang",
            vec![Role::SalesManager],
            "li own words",
            cheap(),
            at(2),
        )
        .await
        .unwrap();
    (db, wang.id, li.id)
}

#[wasm_bindgen_test]
async fn each_person_unlocks_as_themself_and_the_shared_passphrase_opens_nothing() {
    let name = fresh_name("people-unlock");
    let (db, wang, li) = desk(&name).await;
    db.lock();
    assert_eq!(db.actor().await.unwrap(), Actor::Nobody);
    assert_eq!(
        db.unlock("shared desk words", at(3)).await,
        Err(UnlockError::WrongPassphrase)
    );
    assert_eq!(
        db.unlock_as(&li, "wang own words", at(3)).await,
        Err(UnlockError::WrongPassphrase)
    );
    let me = db.unlock_as(&li, "li own words", at(4)).await.unwrap();
    assert_eq!(me.name, "Li Qiang");
    assert!(matches!(db.actor().await.unwrap(), Actor::Office(p) if p.id == li));
    // The unlock form offers names only, before any passphrase.
    let names: Vec<String> = db
        .desk_names()
        .await
        .unwrap()
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(names, ["Wang Jing", "Li Qiang"]);
    // Li is no archivist: adding people is refused, in storage too.
    let refused = db
        .add_person(
            "p-x".into(),
            "Zhao",
            vec![Role::Archivist],
            "zhao own words",
            cheap(),
            at(5),
        )
        .await;
    assert_eq!(
        refused,
        Err(PeopleStoreError::NotAllowed(Gate::OnlyRole(
            Role::Archivist
        )))
    );
    // Wang disables Li; Li's passphrase then opens nothing.
    db.lock();
    db.unlock_as(&wang, "wang own words", at(6)).await.unwrap();
    db.update_person(&li, vec![Role::SalesManager], true, None, cheap(), at(7))
        .await
        .unwrap();
    // Nor may the last archivist disable herself.
    assert_eq!(
        db.update_person(&wang, vec![Role::Archivist], true, None, cheap(), at(7))
            .await,
        Err(PeopleStoreError::Invalid(
            dossier::core::people::PeopleError::NoArchivist
        ))
    );
    db.lock();
    assert_eq!(
        db.unlock_as(&li, "li own words", at(8)).await,
        Err(UnlockError::WrongPassphrase)
    );
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn emptying_the_headers_people_from_the_console_does_not_bring_back_a_desk_of_one() {
    let name = fresh_name("people-console");
    let (db, _, _) = desk(&name).await;
    db.lock();
    // A console user puts back a header without people, with the old shared wrap.
    let mut header = db.vault_header().await.unwrap().unwrap();
    header.people.clear();
    let (old, _, _) =
        dossier::core::vault::VaultHeader::create("console words", cheap(), at(0)).unwrap();
    header.by_passphrase = old.by_passphrase;
    header.kdf = old.kdf;
    db.set_meta("vault", &header).await.unwrap();
    assert_eq!(
        db.unlock("console words", at(9)).await,
        Err(UnlockError::WrongPassphrase),
        "the sealed people record still says this desk has people"
    );
    assert_eq!(db.actor().await.unwrap(), Actor::Nobody);
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn viewing_requests_and_loans_are_sealed_and_decided_by_their_roles() {
    let name = fresh_name("people-registers");
    let (db, wang, li) = desk(&name).await;
    db.lock();
    db.unlock_as(&li, "li own words", at(10)).await.unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let r = db
        .request_viewing(
            ("f1", "R07-2026-00001"),
            "核对合同OTTER-7731",
            (today, today),
            "v1".into(),
            at(11),
            today,
        )
        .await
        .unwrap();
    // Li may not approve (nor lend); the request waits.
    assert_eq!(
        db.decide_viewing(&r.id, true, "", at(12)).await,
        Err(RegisterError::Viewing(
            dossier::core::people::viewing::ViewingError::NotAllowed(Gate::OnlyRole(
                Role::ServiceManager
            ))
        ))
    );
    let form = LoanForm {
        borrower: "财务部 刘洋".into(),
        files: "R07-2026-00001".into(),
        copies: 1,
        reason: "核对".into(),
        due: None,
    };
    assert_eq!(
        db.lend(&form, |_| true, "l1".into(), at(12), today).await,
        Err(RegisterError::NotAllowed(Gate::OnlyRole(Role::Archivist)))
    );
    db.lock();
    db.unlock_as(&wang, "wang own words", at(13)).await.unwrap();
    let loan = db
        .lend(&form, |_| true, "l1".into(), at(13), today)
        .await
        .unwrap();
    assert_eq!(loan.approver, "Wang Jing (HQ)");
    assert_eq!(db.loans().await.unwrap().len(), 1);
    // At rest, neither the purpose nor the borrower is readable.
    for (key, marker) in [("viewing_requests", "OTTER-7731"), ("loans", "刘洋")] {
        let sealed: Sealed = db.meta(key).await.unwrap().expect("stored");
        let raw = String::from_utf8_lossy(&sealed.b);
        assert!(!raw.contains(marker), "{key} holds {marker} in the clear");
    }
    assert_eq!(
        db.viewing_requests().await.unwrap()[0].purpose,
        "核对合同OTTER-7731"
    );
    delete(&name).await;
}

/// A rep's report for one month, as the form keeps it.
fn report(id: &str, other: &str) -> dossier::core::monthly::Report {
    dossier::core::monthly::Report {
        id: id.into(),
        rep_code: "R07".into(),
        rep_name: "Li Wei".into(),
        month: "2026-11".into(),
        grade_c: "R07-2026-00001 江门安信电器: 新客户".into(),
        other: other.into(),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn a_month_has_one_report_and_a_sent_one_stays_as_sent_whatever_draft_comes_later() {
    let name = fresh_name("monthly-one");
    let db = Db::open_named(&name).await.unwrap();
    db.create_vault("rep words", cheap(), at(0)).await.unwrap();
    // The form kept as it is typed, then begun again from a list read before the
    // first draft was written: the later draft replaces it, not a second report.
    assert_eq!(
        db.keep_monthly_report(report("a", "走访 3 家"), false, at(1))
            .await,
        Ok(true)
    );
    assert_eq!(
        db.keep_monthly_report(report("a", "走访 12 家"), false, at(2))
            .await,
        Ok(true)
    );
    assert_eq!(
        db.keep_monthly_report(report("b", "重写"), false, at(3))
            .await,
        Ok(true)
    );
    let held = db.monthly_reports().await.unwrap();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!((held[0].id.as_str(), held[0].other.as_str()), ("b", "重写"));
    // Sent; a late autosave of the same draft, or another draft of the month, is refused.
    assert_eq!(
        db.keep_monthly_report(report("b", "送出的"), true, at(4))
            .await,
        Ok(true)
    );
    assert_eq!(
        db.keep_monthly_report(report("b", "迟到的自动保存"), false, at(5))
            .await,
        Ok(false)
    );
    assert_eq!(
        db.keep_monthly_report(report("c", "另一份"), false, at(6))
            .await,
        Ok(false)
    );
    let held = db.monthly_reports().await.unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(held[0].other, "送出的");
    assert_eq!(held[0].id, "b");
    assert_eq!(held[0].sent_at, Some(at(4)));
    // The rep who had this laptop before keeps theirs: the new one writes their own.
    let mut next_rep = report("e", "接手的业务员");
    next_rep.rep_code = "R09".into();
    assert_eq!(
        db.keep_monthly_report(next_rep, false, at(6)).await,
        Ok(true)
    );
    let held = db.monthly_reports().await.unwrap();
    assert_eq!(held.len(), 2);
    assert!(
        held.iter()
            .any(|r| r.rep_code == "R07" && r.other == "送出的")
    );
    // Another month is its own report.
    let mut december = report("d", "十二月");
    december.month = "2026-12".into();
    assert_eq!(
        db.keep_monthly_report(december, false, at(7)).await,
        Ok(true)
    );
    assert_eq!(db.monthly_reports().await.unwrap().len(), 3);
    // At rest the text is sealed.
    let sealed: Sealed = db.meta("monthly_reports").await.unwrap().expect("stored");
    assert!(!String::from_utf8_lossy(&sealed.b).contains("江门安信电器"));
    delete(&name).await;
}

#[wasm_bindgen_test]
async fn only_the_sales_manager_reviews_and_passes_on_a_report_even_past_the_page() {
    let name = fresh_name("monthly-review");
    let (db, wang, li) = desk(&name).await;
    // A report as a bundle brought it (sent by R07).
    assert_eq!(
        db.keep_monthly_report(report("r1", "本月走访 12 家"), true, at(3))
            .await,
        Ok(true)
    );
    db.lock();
    db.unlock_as(&wang, "wang own words", at(4)).await.unwrap();
    assert_eq!(
        db.review_monthly_report("r1", "Wang Jing (HQ)", "已阅", at(4))
            .await,
        Err(RegisterError::NotAllowed(Gate::OnlyRole(
            Role::SalesManager
        )))
    );
    assert_eq!(db.monthly_reports().await.unwrap()[0].review, None);
    db.lock();
    db.unlock_as(&li, "li own words", at(5)).await.unwrap();
    assert_eq!(
        db.pass_on_monthly_report("r1", "Li Qiang (HQ)", at(5))
            .await,
        Ok(false),
        "not passed on before it is reviewed"
    );
    assert_eq!(
        db.review_monthly_report("r1", "Li Qiang (HQ)", "已阅", at(6))
            .await,
        Ok(true)
    );
    assert_eq!(
        db.pass_on_monthly_report("r1", "Li Qiang (HQ)", at(7))
            .await,
        Ok(true)
    );
    let r = &db.monthly_reports().await.unwrap()[0];
    assert_eq!(r.review.as_ref().map(|s| s.note.as_str()), Some("已阅"));
    assert_eq!(r.passed_on.as_ref().map(|s| s.at), Some(at(7)));
    delete(&name).await;
}
