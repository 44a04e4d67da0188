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
                may(Actor::Office(p), *action),
                expected[i],
                "{:?} doing {action:?}",
                p.roles
            );
        }
        assert_eq!(
            may(Actor::Rep, *action),
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
    assert_eq!(may(Actor::Office(&both), GradeAorB), Ok(()));
    assert_eq!(may(Actor::Office(&both), Destroy), Ok(()));
    assert_eq!(
        may(Actor::Office(&both), ApproveViewing),
        Err(OnlyRole(ServiceManager))
    );
    let gone = Person {
        disabled: true,
        ..both
    };
    for action in Action::ALL {
        assert!(may(Actor::Office(&gone), action).is_err(), "{action:?}");
    }
}

#[test]
fn nobody_signed_in_at_a_desk_with_people_may_decide_anything() {
    for action in Action::ALL {
        assert_eq!(may(Actor::Nobody, action), Err(SignIn));
    }
}

#[test]
fn a_laptop_alone_or_a_desk_before_its_people_keeps_the_one_user_it_had() {
    for action in Action::ALL {
        assert_eq!(may(Actor::Alone, action), Ok(()));
        assert_eq!(may(Actor::OfficeDesk, action), Ok(()));
    }
}

#[test]
fn requests_are_decided_by_the_role_of_the_field() {
    let archivist = person(&[Archivist]);
    let sales = person(&[SalesManager]);
    assert_eq!(
        may_decide(Actor::Office(&archivist), "credit"),
        Err(OnlyRole(SalesManager))
    );
    assert_eq!(may_decide(Actor::Office(&sales), "credit"), Ok(()));
    for field in ["secret", "closure", "status", "destruction", "assigned_to"] {
        assert_eq!(
            may_decide(Actor::Office(&archivist), field),
            Ok(()),
            "{field}"
        );
        assert_eq!(
            may_decide(Actor::Office(&sales), field),
            Err(OnlyRole(Archivist)),
            "{field}"
        );
        assert_eq!(decides(field), Archivist);
    }
    assert_eq!(decides("credit"), SalesManager);
    assert_eq!(
        may_decide(Actor::Rep, "credit"),
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
