//! Change history (变更记录): every save records when, who, why and what changed.
//!
//! The difference is computed from the serialized records, field by field, so a field
//! added to the model later is covered without anyone remembering to list it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{Customer, CustomerId};
use crate::core::i18n::Note;

/// One saved change of one customer file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: String,
    pub customer_id: CustomerId,
    pub at: DateTime<Utc>,
    pub by: String,
    /// Why: what the person typed, or the app's own sentence (an import, a review),
    /// shown in the reader's language. Entries stored before hold a plain string.
    #[serde(default)]
    pub reason: Note,
    pub kind: ChangeKind,
    /// The revision the file had after this change.
    pub revision: u32,
    #[serde(default)]
    pub changes: Vec<FieldChange>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Created,
    Edited,
}

/// A field's value before and after, as text. `path` names the field as
/// `basic.name` or `contacts.1.phones.0`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub path: String,
    pub old: String,
    pub new: String,
}

/// Fields that change on every save and say nothing about the customer.
const BOOKKEEPING: [&str; 6] = [
    "id",
    "revision",
    "created_at",
    "updated_at",
    "archive_no",
    "sync",
];

/// What differs between two versions of a file, in field order.
pub fn diff(old: &Customer, new: &Customer) -> Vec<FieldChange> {
    let (mut before, mut after) = (Vec::new(), Vec::new());
    flatten(
        "",
        &serde_json::to_value(old).unwrap_or(Value::Null),
        &mut before,
    );
    flatten(
        "",
        &serde_json::to_value(new).unwrap_or(Value::Null),
        &mut after,
    );
    let lookup = |list: &[(String, String)], path: &str| {
        list.iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut paths: Vec<&String> = after.iter().map(|(p, _)| p).collect();
    for (p, _) in &before {
        if !paths.contains(&p) {
            paths.push(p);
        }
    }
    paths
        .into_iter()
        .filter(|p| !BOOKKEEPING.contains(&p.split('.').next().unwrap_or_default()))
        .filter_map(|p| {
            let (o, n) = (lookup(&before, p), lookup(&after, p));
            (o != n).then(|| FieldChange {
                path: p.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let join = |key: &str| {
        if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        }
    };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&join(k), v, out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| flatten(&join(&i.to_string()), v, out)),
        Value::Null => out.push((prefix.to_owned(), String::new())),
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::customer::model::Contact;
    use crate::core::customer::money::Money;

    #[test]
    fn only_what_changed_is_recorded() {
        let mut old = Customer::default();
        old.basic.name = "华润万家".into();
        old.basic.phone = "010-12345678".into();
        let mut new = old.clone();
        new.basic.phone = "13812345678".into();
        new.revision = 7;
        new.trading.outstanding_balance = Some(Money::from_yuan(1000));
        assert_eq!(
            diff(&old, &new),
            vec![
                FieldChange {
                    path: "basic.phone".into(),
                    old: "010-12345678".into(),
                    new: "13812345678".into()
                },
                FieldChange {
                    path: "trading.outstanding_balance".into(),
                    old: "".into(),
                    new: "100000".into()
                },
            ]
        );
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn added_and_removed_list_items_are_recorded() {
        let old = Customer {
            contacts: vec![Contact {
                name: "李四".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let new = Customer {
            contacts: vec![],
            ..Default::default()
        };
        let changes = diff(&old, &new);
        assert!(changes.contains(&FieldChange {
            path: "contacts.0.name".into(),
            old: "李四".into(),
            new: "".into()
        }));
        let back = diff(&new, &old);
        assert!(back.contains(&FieldChange {
            path: "contacts.0.name".into(),
            old: "".into(),
            new: "李四".into()
        }));
    }
}
