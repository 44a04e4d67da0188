//! A rep's proposal of a head-office decision (a level, a grade, a closure, an
//! assignment, a destruction): refused as a change when its bundle arrives, kept at head
//! office as a request that someone there approves (head office then makes the change
//! itself, and it travels back as head office's) or declines with a reason.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Refused, Sender};
use crate::core::bundle::Contents;
use crate::core::i18n::Note;
use crate::core::sync::merge::units;

/// The largest value a request keeps, as JSON: a grade or a closure with a reason of
/// [`super::proposal::MAX_REASON`] characters fits; every request is kept, sealed, in one
/// record that each import and each decision reads and writes whole.
pub const MAX_VALUE_BYTES: usize = 16 * 1024;

/// One proposal waiting at head office, or decided there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The file, the field and the proposing version's stamp: the same proposal carried
    /// in several bundles is one request.
    pub id: String,
    pub file: String,
    pub archive_no: String,
    /// The field's path (`secret`, `credit`), or `destruction`.
    pub field: String,
    /// What the rep proposes: the field's value, or the destruction record.
    pub value: Value,
    /// The proposing rep as enrolled: "name (code)".
    pub by: String,
    pub rep_code: String,
    /// When head office received it.
    pub at: DateTime<Utc>,
    /// The reason the rep gave with its change, if any: typed, or the app's own (a
    /// file imported from a spreadsheet), shown in the reader's language.
    #[serde(default)]
    pub reason: Note,
    #[serde(default)]
    pub decision: Option<Decision>,
}

/// What head office decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub approved: bool,
    /// Who decided: "name (code)".
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub reason: String,
}

/// The requests a bundle's refused proposals make, received at `now`.
pub fn requests(
    incoming: &Contents,
    refused: &[Refused],
    sender: &Sender,
    now: DateTime<Utc>,
) -> Vec<Request> {
    let Sender::Rep { code, name } = sender else {
        return Vec::new();
    };
    let mut out: Vec<Request> = Vec::new();
    // By file, once: thousands of refusals must not each search the whole bundle.
    let files: std::collections::HashMap<&str, &crate::core::customer::model::Customer> = incoming
        .customers
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let mut history: std::collections::HashMap<
        &str,
        Vec<&crate::core::customer::history::HistoryEntry>,
    > = std::collections::HashMap::new();
    for h in &incoming.history {
        history.entry(h.customer_id.as_str()).or_default().push(h);
    }
    let mut ids = std::collections::HashSet::new();
    // A history entry refused with its field is that field's proposal, not another.
    let proposals = refused
        .iter()
        .filter(|r| r.reason.is_proposal() && !r.file.is_empty() && r.what != "history");
    for r in proposals {
        let (value, stamp) = if r.what == "destruction" {
            let Some(d) = incoming
                .destructions
                .iter()
                .find(|d| d.customer_id == r.file)
            else {
                continue;
            };
            (
                serde_json::to_value(d).unwrap_or(Value::Null),
                d.at.timestamp_millis().to_string(),
            )
        } else {
            let Some(theirs) = files.get(r.file.as_str()) else {
                continue;
            };
            let stamp = theirs
                .sync
                .0
                .get(&r.what)
                .and_then(|vs| vs.iter().max_by(|a, b| a.at.cmp(&b.at)))
                .map_or_else(
                    || "new".to_owned(),
                    |v| format!("{}.{}", v.at.ms, v.at.counter),
                );
            (proposed(theirs, &r.what), stamp)
        };
        let reason = history
            .get(r.file.as_str())
            .into_iter()
            .flatten()
            .filter(|h| {
                h.changes
                    .iter()
                    .any(|c| c.path == r.what || c.path.starts_with(&format!("{}.", r.what)))
            })
            .max_by_key(|h| h.at)
            .map(|h| h.reason.clone())
            .unwrap_or_default();
        // The change is refused whatever its size; only a request of a bounded size is
        // kept for head office to decide.
        if serde_json::to_string(&value).map_or(true, |s| s.len() > MAX_VALUE_BYTES) {
            continue;
        }
        let reason = reason.bounded(super::proposal::MAX_REASON);
        let id = format!("{}:{}:{}", r.file, r.what, stamp);
        if !ids.insert(id.clone()) {
            continue;
        }
        out.push(Request {
            id,
            file: r.file.clone(),
            archive_no: r.archive_no.clone(),
            field: r.what.clone(),
            value,
            by: format!("{name} ({code})"),
            rep_code: code.clone(),
            at: now,
            reason,
            decision: None,
        });
    }
    out
}

/// The value a file proposes for `field`: the head-office fields directly, any other
/// through the file's units.
fn proposed(c: &crate::core::customer::model::Customer, field: &str) -> Value {
    let value = match field {
        "secret" => serde_json::to_value(c.secret),
        "assigned_to" => serde_json::to_value(&c.assigned_to),
        "credit" => serde_json::to_value(&c.credit),
        "status" => serde_json::to_value(c.status),
        "closure" => serde_json::to_value(&c.closure),
        _ => return units(c).remove(field).unwrap_or(Value::Null),
    };
    value.unwrap_or(Value::Null)
}

/// `held` with `new` added: a request already held (pending or decided) is not added
/// again, and a newer proposal of the same field of the same file by the same rep takes
/// the place of one still pending (the rep changed its mind). Returns how many were added.
pub fn add(held: &mut Vec<Request>, new: &[Request]) -> usize {
    use std::collections::{BTreeMap, HashSet};
    // By id and by (file, field, rep): a first bundle can bring thousands (a rep's
    // spreadsheet of graded customers), so no pass over all of them per request.
    let known: HashSet<&str> = held.iter().map(|h| h.id.as_str()).collect();
    let mut latest: BTreeMap<(&str, &str, &str), &Request> = BTreeMap::new();
    for r in new.iter().filter(|r| !known.contains(r.id.as_str())) {
        latest.insert((&r.file, &r.field, &r.rep_code), r);
    }
    held.retain(|h| {
        h.decision.is_some()
            || !latest.contains_key(&(h.file.as_str(), h.field.as_str(), h.rep_code.as_str()))
    });
    let added = latest.len();
    held.extend(latest.into_values().cloned());
    added
}

/// The file as head office makes it when it approves `r`, a field's proposal, as `by`
/// ("name (code)") at `now`: the proposed value, and for a grade, the approver as who
/// assigned it (the sales manager assigns; the rep proposed). `None` if the value no
/// longer fits the file.
pub fn approved(
    c: &crate::core::customer::model::Customer,
    r: &Request,
    by: &str,
    now: DateTime<Utc>,
) -> Option<crate::core::customer::model::Customer> {
    let mut out = crate::core::sync::merge::with_unit(c, &r.field, &r.value)?;
    if r.field == "credit"
        && let Some(credit) = out.credit.as_mut()
    {
        credit.by = by.to_owned();
        credit.at = now;
    }
    // A closure head office approves is closed today, by whoever approves it: a date the
    // rep chose could start the retention period years ago. A file is closed exactly
    // when it has a closure: approving a closure removed reopens it, approving a status
    // other than closed removes the closure (a stale one would date the next closing),
    // and approving "closed" as a status closes it today.
    use crate::core::customer::model::{Closure, Status};
    match r.field.as_str() {
        "closure" => match out.closure.as_mut() {
            Some(closure) => {
                closure.date = now.date_naive();
                closure.by = by.to_owned();
                out.status = Status::Closed;
            }
            None if out.status == Status::Closed => out.status = Status::Active,
            None => {}
        },
        "status"
            if out.status == Status::Closed
                && (c.status != Status::Closed || out.closure.is_none()) =>
        {
            out.closure = Some(Closure {
                date: now.date_naive(),
                // A closure's reason is a field of the file, typed by a person; the
                // app's own sentence (an import) is no reason for closing.
                reason: r.reason.typed().unwrap_or_default().to_owned(),
                by: by.to_owned(),
            });
        }
        "status" if out.status != Status::Closed => out.closure = None,
        _ => {}
    }
    Some(out)
}
