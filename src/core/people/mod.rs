//! People and roles (人员与职责): who at head office decides what, and what a rep's
//! laptop may do alone.
//!
//! Head office has several people on one desk, each with a name, roles and a passphrase
//! (the passphrase wraps the vault's data key, `core::vault::keys`). A rep's laptop has
//! one rep, as head office enrolled it. Whoever is unlocked is who acts: every button
//! that makes a decision asks [`may`] first, and a refusal says why and what to do
//! instead (propose it; ask the person who decides). [`RULES`] is the table, each row
//! with the clause of the seeds it follows; `docs/SECURITY.md` writes it out.
//!
//! The check at the receiver (`core::authority`) is what makes a rep's limits hold
//! against a laptop that ignores this table. The roles at one head-office desk are the
//! company's procedure among people who share a device and its key: they keep honest
//! people from deciding outside their role and name who decided, but a person who can
//! unlock the desk holds its key.

#[cfg(test)]
mod hostile;
#[cfg(test)]
mod tests;
pub mod viewing;

use serde::{Deserialize, Serialize};

use crate::core::i18n::Msg;

/// A role at head office, from the seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 档案管理员: levels, closure, destruction, lending, checks, the desk's people.
    Archivist,
    /// 销售经理: grades A and B, the reps' periodic reports.
    SalesManager,
    /// 部长级以上: views 机密 and 绝密 files without a request.
    DepartmentHead,
    /// 客服部经理: approves viewing requests.
    ServiceManager,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Archivist,
        Role::SalesManager,
        Role::DepartmentHead,
        Role::ServiceManager,
    ];

    pub fn label(self) -> Msg {
        match self {
            Role::Archivist => Msg::RoleArchivist,
            Role::SalesManager => Msg::RoleSalesManager,
            Role::DepartmentHead => Msg::RoleDepartmentHead,
            Role::ServiceManager => Msg::RoleServiceManager,
        }
    }
}

/// One person at a head-office desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// A person who left: their passphrase no longer unlocks, their name stays on what
    /// they did.
    #[serde(default)]
    pub disabled: bool,
}

impl Actor {
    /// The person unlocked at a head-office desk, if any.
    pub fn person(&self) -> Option<&Person> {
        match self {
            Actor::Office(p) => Some(p),
            _ => None,
        }
    }
}

impl Person {
    /// A new person, enabled, their name trimmed.
    pub fn new(id: String, name: &str, roles: Vec<Role>) -> Person {
        Person {
            id,
            name: name.trim().to_owned(),
            roles,
            disabled: false,
        }
    }

    pub fn has(&self, role: Role) -> bool {
        !self.disabled && self.roles.contains(&role)
    }

    /// How this person signs: "name (code)", with the desk's code.
    pub fn signature(&self, code: &str) -> String {
        format!("{} ({code})", self.name)
    }
}

/// Who is acting on this laptop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A laptop not (yet) part of an exchange: its one user keeps the whole archive,
    /// as before people existed. Once it joins head office, what it did is checked there.
    Alone,
    /// A head-office desk with no people set up yet: one user, as before, until the
    /// archivist adds the desk's people.
    OfficeDesk,
    /// A person unlocked at a head-office desk.
    Office(Person),
    /// A head-office desk with people, locked: nobody is acting.
    Nobody,
    /// A rep's laptop.
    Rep,
}

/// A decision someone may or may not make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Give grade A or B (grade C is the default anyone may give).
    GradeAorB,
    /// Raise a secret level.
    RaiseLevel,
    /// Lower a secret level.
    LowerLevel,
    /// Close a file, or reopen a closed one.
    Close,
    /// Destroy a file past its retention (approve and carry out).
    Destroy,
    /// Assign a file to a rep.
    Assign,
    /// Add, disable and re-key the desk's people.
    ManagePeople,
    /// Open a 机密 or 绝密 file without an approved viewing request.
    ViewWithoutRequest,
    /// Approve a viewing request.
    ApproveViewing,
    /// Lend files and record their return.
    Lend,
    /// Review a rep's monthly report and pass it on to the general manager.
    ReviewReport,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::GradeAorB,
        Action::RaiseLevel,
        Action::LowerLevel,
        Action::Close,
        Action::Destroy,
        Action::Assign,
        Action::ManagePeople,
        Action::ViewWithoutRequest,
        Action::ApproveViewing,
        Action::Lend,
        Action::ReviewReport,
    ];
}

/// What a rep's laptop may do about an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForRep {
    /// Do it on its own files: head office's check at import agrees.
    Does,
    /// Propose it; head office decides.
    Proposes,
    /// Nothing: a head-office matter.
    No,
}

/// One row of the table: who at head office may take `action`, what a rep's laptop
/// may do about it, and the clause of the seeds.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub action: Action,
    pub role: Role,
    pub rep: ForRep,
    pub clause: &'static str,
}

/// The table. Every action has exactly one row (a test checks it).
pub const RULES: &[Rule] = &[
    Rule {
        action: Action::GradeAorB,
        role: Role::SalesManager,
        rep: ForRep::Proposes,
        clause: "seed 002 顾客情报管理: grades a and b are given by the sales manager (营业主管); every other customer is c",
    },
    Rule {
        action: Action::RaiseLevel,
        role: Role::Archivist,
        rep: ForRep::Does,
        clause: "seed 000 第十四条: 机密、绝密 files are marked and kept by designated people; the rep who holds a file may only make it stricter",
    },
    Rule {
        action: Action::LowerLevel,
        role: Role::Archivist,
        rep: ForRep::Proposes,
        clause: "seed 000 第十四条: levels are the designated keepers' (专人管理)",
    },
    Rule {
        action: Action::Close,
        role: Role::Archivist,
        rep: ForRep::Proposes,
        clause: "seed 001 档案管理: closing (销户) and what follows it are the archive's keepers'",
    },
    Rule {
        action: Action::Destroy,
        role: Role::Archivist,
        rep: ForRep::Proposes,
        clause: "seed 000 第十七条: files past retention are destroyed by the archive, recorded, never thrown away",
    },
    Rule {
        action: Action::Assign,
        role: Role::Archivist,
        rep: ForRep::No,
        clause: "seed 000 第十二条①: no department or person keeps files as its own; the archive hands them out",
    },
    Rule {
        action: Action::ManagePeople,
        role: Role::Archivist,
        rep: ForRep::No,
        clause: "seed 000 第三条: the archive is kept by designated people (专人), whom the archive names",
    },
    Rule {
        action: Action::ViewWithoutRequest,
        role: Role::DepartmentHead,
        rep: ForRep::Does,
        clause: "seed 003: viewing is limited to department heads and above (部长级以上); a rep's own assigned files are its to work on",
    },
    Rule {
        action: Action::ApproveViewing,
        role: Role::ServiceManager,
        rep: ForRep::No,
        clause: "seed 000 第十一条, seed 002: viewing secret-level files needs the 客服部经理's approval",
    },
    Rule {
        action: Action::Lend,
        role: Role::Archivist,
        rep: ForRep::No,
        clause: "seed 000 第十二条: borrowing goes through the archive's register, at most three days",
    },
    Rule {
        action: Action::ReviewReport,
        role: Role::SalesManager,
        rep: ForRep::No,
        clause: "seed 002 顾客情报报告书: the sales manager reviews each rep's monthly report within five days and passes it to the general manager",
    },
];

/// The row of `action`.
pub fn rule(action: Action) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.action == action)
        .expect("every action has a row")
}

/// Why someone may not take an action, and what they can do instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Only `role` at head office does this; a rep may propose it.
    Propose(Role),
    /// Only `role` at head office does this.
    OnlyRole(Role),
    /// Head office's matter, not a rep's laptop's.
    OfficeOnly(Role),
    /// Nobody is unlocked at this head-office desk.
    SignIn,
}

impl Gate {
    /// The sentence a gated button shows, and its parameters.
    pub fn message(self, lang: crate::core::i18n::Lang) -> (Msg, Vec<(&'static str, String)>) {
        let role = |r: Role| ("role", r.label().text(lang).to_owned());
        match self {
            Gate::Propose(r) => (Msg::GateProposeInstead, vec![role(r)]),
            Gate::OnlyRole(r) => (Msg::GateOnlyRole, vec![role(r)]),
            Gate::OfficeOnly(r) => (Msg::GateOfficeOnly, vec![role(r)]),
            Gate::SignIn => (Msg::GateSignIn, vec![]),
        }
    }
}

/// Whether `actor` may take `action`, and if not, why.
pub fn may(actor: &Actor, action: Action) -> Result<(), Gate> {
    let rule = rule(action);
    match actor {
        Actor::Alone | Actor::OfficeDesk => Ok(()),
        Actor::Nobody => Err(Gate::SignIn),
        Actor::Office(person) if person.has(rule.role) => Ok(()),
        Actor::Office(_) => Err(Gate::OnlyRole(rule.role)),
        Actor::Rep => match rule.rep {
            ForRep::Does => Ok(()),
            ForRep::Proposes => Err(Gate::Propose(rule.role)),
            ForRep::No => Err(Gate::OfficeOnly(rule.role)),
        },
    }
}

/// The role that decides a request for `field` (a request's field path).
pub fn decides(field: &str) -> Role {
    match field {
        "credit" => Role::SalesManager,
        _ => Role::Archivist,
    }
}

/// Whether `actor` may decide a request for `field`.
pub fn may_decide(actor: &Actor, field: &str) -> Result<(), Gate> {
    let action = match field {
        "credit" => Action::GradeAorB,
        "secret" => Action::LowerLevel,
        "closure" | "status" => Action::Close,
        "destruction" => Action::Destroy,
        _ => Action::Assign,
    };
    match may(actor, action) {
        // At head office a proposal is decided, never proposed again.
        Err(Gate::Propose(r)) | Err(Gate::OfficeOnly(r)) => Err(Gate::OfficeOnly(r)),
        other => other,
    }
}

/// Why a desk's people cannot be saved as they are.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeopleError {
    #[error("a person needs a name")]
    NoName,
    #[error("two people have the same name")]
    SameName,
    #[error("a person needs at least one role")]
    NoRole,
    #[error("the desk must keep an archivist who can sign in")]
    NoArchivist,
}

/// Checks a desk's people: every name given and different, every person with a role,
/// and at least one archivist not disabled (else nobody could ever add people again).
pub fn check(people: &[Person]) -> Result<(), PeopleError> {
    let mut names = std::collections::HashSet::new();
    for p in people {
        let name = name_key(&p.name);
        if name.is_empty() {
            return Err(PeopleError::NoName);
        }
        if !names.insert(name) {
            return Err(PeopleError::SameName);
        }
        if p.roles.is_empty() {
            return Err(PeopleError::NoRole);
        }
    }
    if !people.iter().any(|p| p.has(Role::Archivist)) {
        return Err(PeopleError::NoArchivist);
    }
    Ok(())
}

/// A name as it reads: without invisible characters (zero-width spaces and joiners,
/// direction marks, byte-order marks, soft hyphens), full-width Latin letters and digits
/// as their ASCII, every run of spaces of any kind as one, in lower case. Two people
/// whose names read the same would sign every decision the same.
pub fn name_key(name: &str) -> String {
    let invisible = |c: char| {
        matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}')
            || (c.is_control() && !c.is_whitespace())
    };
    let folded = name.chars().filter(|&c| !invisible(c)).map(|c| match c {
        // Full-width ASCII (Ａ, ｂ, １) reads as ASCII.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    });
    folded
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The decisions a change of a file from `before` to `after` makes (a grade A or B
/// given, a level lowered or raised, a file closed or reopened, a file assigned), each
/// with whether `actor` may make it: the first it may not, with why.
pub fn may_change_file(
    actor: &Actor,
    before: Option<&crate::core::customer::model::Customer>,
    after: &crate::core::customer::model::Customer,
) -> Result<(), (Action, Gate)> {
    use crate::core::customer::model::{CreditGrade, SecretLevel, Status};
    let grade = |c: Option<&crate::core::customer::model::Customer>| {
        c.and_then(|c| c.credit.as_ref()).map(|g| g.grade)
    };
    let level = |c: Option<&crate::core::customer::model::Customer>| {
        c.map_or(SecretLevel::None, |c| c.secret)
    };
    let mut decisions = Vec::new();
    // A grade A or B given, or the assignment of one rewritten (who gave it, when, why):
    // either way the file then says the sales manager's decision.
    let credit0 = before.and_then(|c| c.credit.as_ref());
    if credit0 != after.credit.as_ref()
        && matches!(grade(Some(after)), Some(CreditGrade::A | CreditGrade::B))
    {
        decisions.push(Action::GradeAorB);
    }
    let (l0, l1) = (level(before), level(Some(after)));
    if l1 < l0 {
        decisions.push(Action::LowerLevel);
    } else if l1 > l0 && before.is_some() {
        decisions.push(Action::RaiseLevel);
    }
    let closed = |c: Option<&crate::core::customer::model::Customer>| {
        c.is_some_and(|c| c.status == Status::Closed)
    };
    // A new file's closure counts as one given: it would date the file's retention.
    if closed(before) != closed(Some(after))
        || before.map_or(&None, |b| &b.closure) != &after.closure
    {
        decisions.push(Action::Close);
    }
    let assigned = before.map_or("", |b| b.assigned_to.as_str());
    if assigned != after.assigned_to {
        decisions.push(Action::Assign);
    }
    for action in decisions {
        match may(actor, action) {
            // A rep's own new file may say who keeps it: the rep (the import checks).
            Err(Gate::OfficeOnly(_))
                if action == Action::Assign && before.is_none() && *actor == Actor::Rep => {}
            Err(gate) => return Err((action, gate)),
            Ok(()) => {}
        }
    }
    Ok(())
}
