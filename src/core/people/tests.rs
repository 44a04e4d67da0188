//! The role table, row by row: every kind of person against every action.

use super::*;

fn person(roles: &[Role]) -> Person {
    Person {
        id: "p".into(),
        name: "王芳".into(),
        roles: roles.to_vec(),
        disabled: false,
    }
}

use Action::*;
use Gate::*;
use Role::*;

/// Expected answers, written out by hand from the seeds (not from [`RULES`]): for each
/// action, what the archivist, the sales manager, a department head, the customer-service
/// manager and a rep's laptop get.
const EXPECTED: &[(Action, [Result<(), Gate>; 5])] = &[
    (
        GradeAorB,
        [
            Err(OnlyRole(SalesManager)),
            Ok(()),
            Err(OnlyRole(SalesManager)),
            Err(OnlyRole(SalesManager)),
            Err(Propose(SalesManager)),
        ],
    ),
    (
        RaiseLevel,
        [
            Ok(()),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Ok(()),
        ],
    ),
    (
        LowerLevel,
        [
            Ok(()),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(Propose(Archivist)),
        ],
    ),
    (
        Close,
        [
            Ok(()),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(Propose(Archivist)),
        ],
    ),
    (
        Destroy,
        [
            Ok(()),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(Propose(Archivist)),
        ],
    ),
    (
        Assign,
        [
            Ok(()),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OfficeOnly(Archivist)),
        ],
    ),
    (
        ManagePeople,
        [
            Ok(()),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OfficeOnly(Archivist)),
        ],
    ),
    (
        ViewWithoutRequest,
        [
            Err(OnlyRole(DepartmentHead)),
            Err(OnlyRole(DepartmentHead)),
            Ok(()),
            Err(OnlyRole(DepartmentHead)),
            Ok(()),
        ],
    ),
    (
        ApproveViewing,
        [
            Err(OnlyRole(ServiceManager)),
            Err(OnlyRole(ServiceManager)),
            Err(OnlyRole(ServiceManager)),
            Ok(()),
            Err(OfficeOnly(ServiceManager)),
        ],
    ),
    (
        Lend,
        [
            Ok(()),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OnlyRole(Archivist)),
            Err(OfficeOnly(Archivist)),
        ],
    ),
    (
        ReviewReport,
        [
            Err(OnlyRole(SalesManager)),
            Ok(()),
            Err(OnlyRole(SalesManager)),
            Err(OnlyRole(SalesManager)),
            Err(OfficeOnly(SalesManager)),
        ],
    ),
];

#[test]
fn every_role_against_every_action_is_as_the_seeds_set_it() {
    let people = [
        person(&[Archivist]),
        person(&[SalesManager]),
        person(&[DepartmentHead]),
        person(&[ServiceManager]),
    ];
    assert_eq!(EXPECTED.len(), Action::ALL.len());
    for (action, expected) in EXPECTED {
        for (i, p) in people.iter().enumerate() {
            assert_eq!(
                may(&Actor::Office(p.clone()), *action),
                expected[i],
                "{:?} doing {action:?}",
                p.roles
            );
        }
        assert_eq!(
            may(&Actor::Rep, *action),
            expected[4],
            "a rep doing {action:?}"
        );
    }
}

#[test]
fn every_action_has_one_row_with_its_clause() {
    for action in Action::ALL {
        let rows: Vec<_> = RULES.iter().filter(|r| r.action == action).collect();
        assert_eq!(rows.len(), 1, "{action:?}");
        assert!(rows[0].clause.contains("seed"), "{action:?} names no seed");
    }
}

#[test]
fn a_person_with_two_roles_may_do_both_and_a_disabled_one_nothing() {
    let both = person(&[Archivist, SalesManager]);
    assert_eq!(may(&Actor::Office(both.clone()), GradeAorB), Ok(()));
    assert_eq!(may(&Actor::Office(both.clone()), Destroy), Ok(()));
    assert_eq!(
        may(&Actor::Office(both.clone()), ApproveViewing),
        Err(OnlyRole(ServiceManager))
    );
    let gone = Person {
        disabled: true,
        ..both
    };
    for action in Action::ALL {
        assert!(
            may(&Actor::Office(gone.clone()), action).is_err(),
            "{action:?}"
        );
    }
}

#[test]
fn nobody_signed_in_at_a_desk_with_people_may_decide_anything() {
    for action in Action::ALL {
        assert_eq!(may(&Actor::Nobody, action), Err(SignIn));
    }
}

#[test]
fn a_laptop_alone_or_a_desk_before_its_people_keeps_the_one_user_it_had() {
    for action in Action::ALL {
        assert_eq!(may(&Actor::Alone, action), Ok(()));
        assert_eq!(may(&Actor::OfficeDesk, action), Ok(()));
    }
}

#[test]
fn requests_are_decided_by_the_role_of_the_field() {
    let archivist = person(&[Archivist]);
    let sales = person(&[SalesManager]);
    assert_eq!(
        may_decide(&Actor::Office(archivist.clone()), "credit"),
        Err(OnlyRole(SalesManager))
    );
    assert_eq!(may_decide(&Actor::Office(sales.clone()), "credit"), Ok(()));
    for field in ["secret", "closure", "status", "destruction", "assigned_to"] {
        assert_eq!(
            may_decide(&Actor::Office(archivist.clone()), field),
            Ok(()),
            "{field}"
        );
        assert_eq!(
            may_decide(&Actor::Office(sales.clone()), field),
            Err(OnlyRole(Archivist)),
            "{field}"
        );
        assert_eq!(decides(field), Archivist);
    }
    assert_eq!(decides("credit"), SalesManager);
    assert_eq!(
        may_decide(&Actor::Rep, "credit"),
        Err(OfficeOnly(SalesManager))
    );
}

#[test]
fn a_desk_keeps_an_archivist_and_distinct_named_people() {
    let a = |name: &str, roles: &[Role]| Person {
        id: name.into(),
        name: name.into(),
        roles: roles.to_vec(),
        disabled: false,
    };
    assert_eq!(
        check(&[a("王芳", &[Archivist]), a("李强", &[SalesManager])]),
        Ok(())
    );
    assert_eq!(
        check(&[a("李强", &[SalesManager])]),
        Err(PeopleError::NoArchivist)
    );
    assert_eq!(check(&[a(" ", &[Archivist])]), Err(PeopleError::NoName));
    assert_eq!(check(&[a("王芳", &[])]), Err(PeopleError::NoRole));
    assert_eq!(
        check(&[a("王芳", &[Archivist]), a("王芳 ", &[SalesManager])]),
        Err(PeopleError::SameName)
    );
    let mut gone = a("王芳", &[Archivist]);
    gone.disabled = true;
    assert_eq!(
        check(&[gone, a("李强", &[SalesManager])]),
        Err(PeopleError::NoArchivist)
    );
}

mod file_changes {
    use super::*;
    use crate::core::customer::model::{
        Closure, CreditAssignment, CreditGrade, Customer, SecretLevel, Status,
    };

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

    fn graded(g: CreditGrade) -> Customer {
        let mut c = file();
        c.credit = Some(CreditAssignment {
            grade: g,
            by: "x".into(),
            at: chrono::DateTime::from_timestamp(1_790_000_000, 0).unwrap(),
            reason: String::new(),
        });
        c
    }

    fn check(
        actor: &Actor,
        before: Option<&Customer>,
        after: &Customer,
    ) -> Result<(), (Action, Gate)> {
        may_change_file(actor, before, after)
    }

    #[test]
    fn a_form_save_makes_the_decisions_it_changes_and_only_those() {
        let rep = Actor::Rep;
        let archivist = Actor::Office(person(&[Archivist]));
        let sales = Actor::Office(person(&[SalesManager]));
        let before = file();
        // Grades.
        assert_eq!(
            check(&rep, Some(&before), &graded(CreditGrade::A)),
            Err((GradeAorB, Propose(SalesManager)))
        );
        assert_eq!(check(&rep, Some(&before), &graded(CreditGrade::C)), Ok(()));
        assert_eq!(
            check(&archivist, Some(&before), &graded(CreditGrade::B)),
            Err((GradeAorB, OnlyRole(SalesManager)))
        );
        assert_eq!(
            check(&sales, Some(&before), &graded(CreditGrade::B)),
            Ok(())
        );
        // Keeping a grade A someone else gave is no decision.
        assert_eq!(
            check(&rep, Some(&graded(CreditGrade::A)), &graded(CreditGrade::A)),
            Ok(())
        );
        // A new file graded A is a decision too.
        assert_eq!(
            check(&rep, None, &graded(CreditGrade::A)),
            Err((GradeAorB, Propose(SalesManager)))
        );
        // Levels: a rep raises, never lowers; the sales manager does neither.
        let mut lower = file();
        lower.secret = SecretLevel::None;
        let mut higher = file();
        higher.secret = SecretLevel::TopSecret;
        assert_eq!(check(&rep, Some(&before), &higher), Ok(()));
        assert_eq!(
            check(&rep, Some(&before), &lower),
            Err((LowerLevel, Propose(Archivist)))
        );
        assert_eq!(check(&archivist, Some(&before), &lower), Ok(()));
        assert_eq!(
            check(&sales, Some(&before), &higher),
            Err((RaiseLevel, OnlyRole(Archivist)))
        );
        // Closing and reopening.
        let mut closed = file();
        closed.status = Status::Closed;
        closed.closure = Some(Closure {
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            reason: "停业".into(),
            by: "x".into(),
        });
        assert_eq!(
            check(&rep, Some(&before), &closed),
            Err((Close, Propose(Archivist)))
        );
        assert_eq!(
            check(&sales, Some(&closed), &before),
            Err((Close, OnlyRole(Archivist)))
        );
        assert_eq!(check(&archivist, Some(&closed), &before), Ok(()));
        // Assignment: head office's; a rep's new file may name the rep.
        let mut moved = file();
        moved.assigned_to = "R08".into();
        assert_eq!(
            check(&rep, Some(&before), &moved),
            Err((Assign, OfficeOnly(Archivist)))
        );
        assert_eq!(check(&rep, None, &before), Ok(()));
        assert_eq!(check(&archivist, Some(&before), &moved), Ok(()));
        // Any other edit is the keeper's, whoever makes it.
        let mut named = file();
        named.basic.name = "新名".into();
        for actor in [&rep, &archivist, &sales] {
            assert_eq!(check(actor, Some(&before), &named), Ok(()));
        }
        assert_eq!(
            check(&Actor::Nobody, Some(&before), &graded(CreditGrade::A)),
            Err((GradeAorB, SignIn))
        );
    }
}
