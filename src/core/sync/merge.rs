//! Field-level merge of customer files.
//!
//! A file is cut into *units*: each leaf field of its sections (`basic.phone`,
//! `address.city`), each list as a whole (`contacts`, `preferences`), and the credit
//! assignment as a whole. A unit edited since the file was created keeps its
//! [`Version`]s: value, version vector (edits per node that this value has seen) and
//! hybrid-logical-clock stamp. Merging takes the union of both sides' versions and drops
//! every version that another one has seen; one left means the edits were in sequence,
//! two or more means they were made apart: a conflict. The file shows the version with
//! the latest stamp until a person resolves the conflict with a new edit, which has seen
//! them all.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::hlc::Hlc;
use crate::core::customer::model::Customer;

/// Fields that are not the customer's data: never merged field by field.
pub const BOOKKEEPING: [&str; 6] = [
    "id",
    "revision",
    "created_at",
    "updated_at",
    "archive_no",
    "sync",
];
/// Objects merged whole: their fields only make sense together.
const ATOMIC: [&str; 3] = ["credit", "closure", "emergency"];

/// How many edits of each node a version has seen.
pub type VersionVector = BTreeMap<String, u64>;

/// One value of a unit and what it knew.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// A cleared field's `null` reaches IndexedDB as `undefined` and is read back
    /// missing: the default restores it.
    #[serde(default)]
    pub value: Value,
    pub vv: VersionVector,
    pub at: Hlc,
    /// Who made it (name and rep code), for the conflict screen.
    pub by: String,
}

/// The versions of every unit edited since creation, by unit path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldVersions(pub BTreeMap<String, Vec<Version>>);

impl FieldVersions {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The latest stamp any version carries (what a node has seen of this file).
    pub fn latest(&self) -> Option<&Hlc> {
        self.0.values().flatten().map(|v| &v.at).max()
    }
}

/// A unit with versions that did not see each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub path: String,
    /// Newest first; the first is what the file shows meanwhile.
    pub versions: Vec<Version>,
}

/// Who edits, and when.
pub struct Editor<'a> {
    pub node: &'a str,
    pub by: &'a str,
    pub at: Hlc,
}

/// Records the units `after` changed from `before` as new versions by `editor`, each
/// having seen every version of its unit so far (so it also resolves any conflict there).
pub fn record_edit(before: &Customer, after: &mut Customer, editor: &Editor) {
    let old = units(before);
    let new = units(after);
    let mut sync = std::mem::take(&mut after.sync);
    for (path, value) in &new {
        if old.get(path) == Some(value) {
            continue;
        }
        let versions = sync.0.entry(path.clone()).or_default();
        let mut vv = versions
            .iter()
            .fold(VersionVector::new(), |acc, v| join(&acc, &v.vv));
        let n = vv.entry(editor.node.to_owned()).or_insert(0);
        *n = n.saturating_add(1);
        *versions = vec![Version {
            value: value.clone(),
            vv,
            at: editor.at.clone(),
            by: editor.by.to_owned(),
        }];
    }
    after.sync = sync;
}

/// `c` with the unit at `path` set to `value` (`None` if the result is not a valid file).
pub fn with_unit(c: &Customer, path: &str, value: &Value) -> Option<Customer> {
    let mut json = serde_json::to_value(c).ok()?;
    set(&mut json, path, value.clone());
    serde_json::from_value(json).ok()
}

/// `c` with each unit at its path set to its value, in one pass (`None` if the result is
/// not a valid file).
pub fn with_units(c: &Customer, units: &[(String, Value)]) -> Option<Customer> {
    let mut json = serde_json::to_value(c).ok()?;
    for (path, value) in units {
        set(&mut json, path, value.clone());
    }
    serde_json::from_value(json).ok()
}

/// Records `editor`'s choice for the unit at `path` (its value in `c`) as a version that
/// has seen every version there: the conflict is over, everywhere it travels.
pub fn record_resolution(c: &mut Customer, path: &str, editor: &Editor) {
    let Some(value) = units(c).remove(path) else {
        return;
    };
    let versions = c.sync.0.entry(path.to_owned()).or_default();
    let mut vv = versions
        .iter()
        .fold(VersionVector::new(), |acc, v| join(&acc, &v.vv));
    let n = vv.entry(editor.node.to_owned()).or_insert(0);
    *n = n.saturating_add(1);
    *versions = vec![Version {
        value,
        vv,
        at: editor.at.clone(),
        by: editor.by.to_owned(),
    }];
}

/// Records `editor` keeping the value the unit at `path` has in `c` after `refused`
/// (versions made elsewhere without the right to make them) as a version that has seen
/// them: wherever they were made, they give way to it, and no conflict is left.
pub fn reassert(c: &mut Customer, path: &str, refused: &[Version], editor: &Editor) {
    let Some(value) = units(c).remove(path) else {
        return;
    };
    let versions = c.sync.0.entry(path.to_owned()).or_default();
    let mut vv = versions
        .iter()
        .chain(refused)
        .fold(VersionVector::new(), |acc, v| join(&acc, &v.vv));
    let n = vv.entry(editor.node.to_owned()).or_insert(0);
    *n = n.saturating_add(1);
    *versions = vec![Version {
        value,
        vv,
        at: editor.at.clone(),
        by: editor.by.to_owned(),
    }];
}

/// The unresolved conflicts of a file, by unit path.
pub fn conflicts(c: &Customer) -> Vec<Conflict> {
    c.sync
        .0
        .iter()
        .filter(|(_, vs)| vs.len() > 1)
        .map(|(path, vs)| {
            let mut versions = vs.clone();
            versions.sort_by(|a, b| b.at.cmp(&a.at));
            Conflict {
                path: path.clone(),
                versions,
            }
        })
        .collect()
}

/// `a` and `b` merged. The same pair gives the same file in either order, and merging a
/// file with itself or with an older copy of itself changes nothing.
pub fn merge(a: &Customer, b: &Customer) -> Customer {
    let (ua, ub) = (units(a), units(b));
    let mut sync = FieldVersions::default();
    let mut values: BTreeMap<String, Value> = BTreeMap::new();
    let paths: std::collections::BTreeSet<&String> = ua.keys().chain(ub.keys()).collect();
    for path in paths {
        let mut all: Vec<Version> = a.sync.0.get(path).into_iter().flatten().cloned().collect();
        for v in b.sync.0.get(path).into_iter().flatten() {
            if !all.contains(v) {
                all.push(v.clone());
            }
        }
        let kept = undominated(all);
        let value = match kept.iter().max_by(|x, y| x.at.cmp(&y.at)) {
            Some(winner) => winner.value.clone(),
            // Never edited on either side: both have the value it was created with; if
            // not, pick one the same way on every side.
            None => match (ua.get(path), ub.get(path)) {
                (Some(x), Some(y)) => {
                    if canonical(x) >= canonical(y) {
                        x.clone()
                    } else {
                        y.clone()
                    }
                }
                (Some(x), None) | (None, Some(x)) => x.clone(),
                (None, None) => Value::Null,
            },
        };
        values.insert(path.clone(), value);
        if !kept.is_empty() {
            let mut kept = kept;
            kept.sort_by(|x, y| x.at.cmp(&y.at));
            sync.0.insert(path.clone(), kept);
        }
    }
    // Rebuild on the side with the later bookkeeping, so the result is the same either way.
    let base =
        if (a.updated_at, a.revision, &a.archive_no) >= (b.updated_at, b.revision, &b.archive_no) {
            a
        } else {
            b
        };
    let mut json = serde_json::to_value(base).unwrap_or(Value::Null);
    for (path, value) in values {
        set(&mut json, &path, value);
    }
    let mut merged: Customer = serde_json::from_value(json).unwrap_or_else(|_| base.clone());
    merged.sync = sync;
    merged.revision = a.revision.max(b.revision);
    merged.updated_at = a.updated_at.max(b.updated_at);
    merged
}

fn canonical(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Versions that no other version in the set has seen.
fn undominated(all: Vec<Version>) -> Vec<Version> {
    all.iter()
        .filter(|v| !all.iter().any(|w| w != *v && dominates(&w.vv, &v.vv)))
        .cloned()
        .collect()
}

/// Whether `a` has seen everything `b` has, and more (or the same with a different
/// value is impossible: a node's n-th edit is one edit).
fn dominates(a: &VersionVector, b: &VersionVector) -> bool {
    b.iter()
        .all(|(node, n)| a.get(node).copied().unwrap_or(0) >= *n)
        && a != b
}

fn join(a: &VersionVector, b: &VersionVector) -> VersionVector {
    let mut out = a.clone();
    for (node, n) in b {
        let e = out.entry(node.clone()).or_insert(0);
        *e = (*e).max(*n);
    }
    out
}

/// The file's units and their values.
pub fn units(c: &Customer) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Value::Object(map) = serde_json::to_value(c).unwrap_or(Value::Null) {
        for (k, v) in map {
            if !BOOKKEEPING.contains(&k.as_str()) {
                collect(&k, v, &mut out);
            }
        }
    }
    out
}

fn collect(path: &str, value: Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) if !ATOMIC.contains(&path) => {
            for (k, v) in map {
                collect(&format!("{path}.{k}"), v, out);
            }
        }
        other => {
            out.insert(path.to_owned(), other);
        }
    }
}

/// Sets the unit at `path` (object keys joined by dots) inside `json`.
fn set(json: &mut Value, path: &str, value: Value) {
    let mut node = json;
    let mut parts = path.split('.').peekable();
    while let Some(key) = parts.next() {
        if !node.is_object() {
            *node = Value::Object(Default::default());
        }
        let Value::Object(map) = node else { return };
        if parts.peek().is_none() {
            map.insert(key.to_owned(), value);
            return;
        }
        node = map
            .entry(key.to_owned())
            .or_insert(Value::Object(Default::default()));
    }
}

#[cfg(test)]
mod tests;
