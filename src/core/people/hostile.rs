//! Hostile review of the roles table's checks and the desk's passphrases: decisions a
//! form save could slip past [`may_change_file`], people [`check`] would let look alike,
//! and what opens a desk once it has people. Honest flows follow each.

use chrono::{DateTime, Utc};

use super::*;
use crate::core::customer::model::{
    Closure, CreditAssignment, CreditGrade, Customer, SecretLevel, Status,
};
use crate::core::vault::{KdfParams, VaultError, VaultHeader};

fn person(name: &str, roles: &[Role]) -> Person {
    Person {
        id: format!("id-{name}"),
        name: name.into(),
        roles: roles.to_vec(),
        disabled: false,
    }
}

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_790_000_000 + s, 0).unwrap()
}

fn file() -> Customer {
    let mut c = Customer {
        id: "f1".into(),
        archive_no: "R07-2026-00001".into(),
        assigned_to: "R07".into(),
        ..Customer::default()
    };
    c.secret = SecretLevel::Secret;
    c
}

fn graded(g: CreditGrade, by: &str, when: DateTime<Utc>) -> Customer {
    let mut c = file();
    c.credit = Some(CreditAssignment {
        grade: g,
        by: by.into(),
        at: when,
        reason: String::new(),
    });
    c
}

// Form saves.

#[test]
fn rewriting_who_gave_a_grade_a_is_the_sales_managers_decision() {
    // The grade stays A, but the assignment now names the archivist, dated today: the
    // file would say the archivist graded it.
    let archivist = Actor::Office(person("王芳", &[Role::Archivist]));
    let before = graded(CreditGrade::A, "王经理 (HQ)", at(0));
    let after = graded(CreditGrade::A, "王芳 (HQ)", at(86_400));
    assert_eq!(
        may_change_file(&archivist, Some(&before), &after),
        Err((Action::GradeAorB, Gate::OnlyRole(Role::SalesManager)))
    );
    assert_eq!(
        may_change_file(&Actor::Rep, Some(&before), &after),
        Err((Action::GradeAorB, Gate::Propose(Role::SalesManager)))
    );
}

#[test]
fn a_new_file_carrying_a_closure_is_a_closing_decision() {
    let mut new = file();
    new.closure = Some(Closure {
        date: chrono::NaiveDate::from_ymd_opt(2001, 1, 1).unwrap(),
        reason: "停业".into(),
        by: "李伟 (R07)".into(),
    });
    assert_eq!(
        may_change_file(&Actor::Rep, None, &new),
        Err((Action::Close, Gate::Propose(Role::Archivist)))
    );
    let sales = Actor::Office(person("李强", &[Role::SalesManager]));
    assert_eq!(
        may_change_file(&sales, None, &new),
        Err((Action::Close, Gate::OnlyRole(Role::Archivist)))
    );
}

#[test]
fn honest_saves_around_a_grade_are_still_allowed() {
    let rep = Actor::Rep;
    let archivist = Actor::Office(person("王芳", &[Role::Archivist]));
    let sales = Actor::Office(person("李强", &[Role::SalesManager]));
    let a = graded(CreditGrade::A, "王经理 (HQ)", at(0));
    // The rep edits a file graded A without touching the grade.
    let mut named = a.clone();
    named.basic.name = "新名".into();
    assert_eq!(may_change_file(&rep, Some(&a), &named), Ok(()));
    // The archivist lowers its level; the rep puts it under watch (C).
    let mut lower = a.clone();
    lower.secret = SecretLevel::None;
    assert_eq!(may_change_file(&archivist, Some(&a), &lower), Ok(()));
    let c = graded(CreditGrade::C, "李伟 (R07)", at(60));
    assert_eq!(may_change_file(&rep, Some(&a), &c), Ok(()));
    // The sales manager grades again, in their own name.
    let again = graded(CreditGrade::A, "李强 (HQ)", at(60));
    assert_eq!(may_change_file(&sales, Some(&a), &again), Ok(()));
    // A new file, active, without a closure, is nobody's decision but its keeper's.
    assert_eq!(may_change_file(&rep, None, &file()), Ok(()));
    let mut closed = file();
    closed.status = Status::Closed;
    closed.closure = Some(Closure {
        date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        reason: "停业".into(),
        by: "王芳 (HQ)".into(),
    });
    assert_eq!(may_change_file(&archivist, None, &closed), Ok(()));
}

// The desk's people.

#[test]
fn names_that_read_the_same_are_the_same_name() {
    let archivist = person("王芳", &[Role::Archivist]);
    for twin in [
        "王\u{200B}芳",             // a zero-width space inside
        "\u{FEFF}王芳",             // a byte-order mark in front
        "王芳\u{00AD}",             // a soft hyphen after
        "Ｗａｎｇ",                 // full-width Latin
        "wang\u{00A0}\u{3000}fang", // no-break and ideographic spaces
        "WANG  FANG",               // two spaces
        "Wang\tFang",               // a tab
    ] {
        let first = if twin.contains('芳') {
            archivist.clone()
        } else if twin.to_lowercase().contains("fang") {
            person("Wang Fang", &[Role::Archivist])
        } else {
            person("Wang", &[Role::Archivist])
        };
        assert_eq!(
            check(&[first, person(twin, &[Role::SalesManager])]),
            Err(PeopleError::SameName),
            "{twin:?}"
        );
    }
    // A name that is nothing but invisible characters is no name.
    assert_eq!(
        check(&[person("\u{200B}\u{2060}", &[Role::Archivist])]),
        Err(PeopleError::NoName)
    );
    // Honest: different people, even with close names.
    assert_eq!(
        check(&[
            archivist,
            person("王芳芳", &[Role::SalesManager]),
            person("Wang Fang", &[Role::DepartmentHead]),
            person("Wang Fan", &[Role::ServiceManager]),
        ]),
        Ok(())
    );
}

// Passphrases.

fn cheap() -> KdfParams {
    KdfParams::with_cost(256, 1, 1)
}

#[test]
fn the_desks_old_shared_passphrase_put_back_opens_nothing() {
    // Anyone who can write IndexedDB (no passphrase needed) puts the shared wrap back,
    // copied from the header before people were set up or from an old backup's
    // vault.json.
    let (shared, key, _) = VaultHeader::create("desk", cheap(), at(0)).unwrap();
    let desk = shared
        .with_person(&key, ("p1", "王芳"), "wang's own", cheap(), at(1))
        .unwrap();
    assert_eq!(
        desk.unlock("desk").unwrap_err(),
        VaultError::WrongPassphrase
    );
    let mut put_back = desk.clone();
    put_back.by_passphrase = shared.by_passphrase.clone();
    put_back.kdf = shared.kdf.clone();
    assert_eq!(
        put_back.unlock("desk").unwrap_err(),
        VaultError::WrongPassphrase
    );
    // Honest: each person still unlocks, and a laptop with one user keeps its passphrase.
    assert!(put_back.unlock_person("p1", "wang's own").is_ok());
    assert!(shared.unlock("desk").is_ok());
}
