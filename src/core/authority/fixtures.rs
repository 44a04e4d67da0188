//! What the authority tests share: a day, rep R07 and its files as head office holds
//! them, edits stamped by a node, and plans made at head office.

use chrono::{DateTime, Utc};

use super::{Refusal, Sender};
use crate::core::bundle::Contents;
use crate::core::bundle::plan::{From, Local, Plan};
use crate::core::customer::model::{Customer, SecretLevel};
use crate::core::sync::hlc::Hlc;
use crate::core::sync::merge::{Editor, record_edit};

pub fn rep() -> Sender {
    Sender::Rep {
        code: "R07".into(),
        name: "李伟".into(),
    }
}

pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000, 0).unwrap()
}

/// [`now`] shifted by `offset_s` seconds, in milliseconds (a version's stamp).
pub fn ms(offset_s: i64) -> u64 {
    (now().timestamp() + offset_s) as u64 * 1000
}

pub fn y2999() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2999-01-01T00:00:00Z")
        .unwrap()
        .to_utc()
}

/// A 机密 file `keeper` keeps, as head office holds it.
pub fn held_by(id: &str, keeper: &str) -> Customer {
    let mut c = Customer {
        id: id.into(),
        archive_no: format!("{keeper}-2026-0000{}", id.len()),
        revision: 3,
        assigned_to: keeper.into(),
        created_at: now() - chrono::Duration::days(30),
        updated_at: now() - chrono::Duration::days(1),
        ..Customer::default()
    };
    c.basic.name = format!("客户{id}");
    c.secret = SecretLevel::Confidential;
    c
}

/// A file R07 keeps.
pub fn held(id: &str) -> Customer {
    held_by(id, "R07")
}

/// `c` changed by `change`, recorded as an edit of `node` signing as `by` at `at_ms`.
pub fn edited_as(
    c: &Customer,
    node: &str,
    by: &str,
    at_ms: u64,
    change: impl FnOnce(&mut Customer),
) -> Customer {
    let mut after = c.clone();
    change(&mut after);
    record_edit(
        c,
        &mut after,
        &Editor {
            node,
            by,
            at: Hlc {
                ms: at_ms,
                counter: 0,
                node: node.into(),
            },
        },
    );
    after
}

/// Head office holding `files`.
pub fn local(files: &[&Customer]) -> Local {
    Local {
        customers: files.iter().map(|c| (c.id.clone(), (*c).clone())).collect(),
        ..Local::default()
    }
}

/// A bundle from `sender` arriving at head office (王经理, node HQ) [`now`].
pub fn from(sender: &Sender) -> From<'_> {
    From {
        sender,
        device: "device-r07",
        viewing_head: None,
        me_node: "HQ",
        me_by: "王经理 (HQ)",
        now: now(),
    }
}

pub fn files(customers: Vec<Customer>) -> Contents {
    Contents {
        customers,
        ..Contents::default()
    }
}

/// What a plan refused, as (field or record, reason).
pub fn whats(p: &Plan) -> Vec<(String, Refusal)> {
    p.summary
        .refused
        .iter()
        .map(|r| (r.what.clone(), r.reason.clone()))
        .collect()
}

/// The file as head office would hold it after the plan: written, else unchanged.
pub fn after(p: &Plan, ours: &Customer) -> Customer {
    p.customers
        .iter()
        .find(|(c, _)| c.id == ours.id)
        .map_or_else(|| ours.clone(), |(c, _)| c.clone())
}
