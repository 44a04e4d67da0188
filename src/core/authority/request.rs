//! A rep's proposal of a head-office decision (a level, a grade, a closure, an
//! assignment, a destruction): refused as a change when its bundle arrives, kept at head
//! office as a request that someone there approves (head office then makes the change
//! itself, and it travels back as head office's) or declines with a reason.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Refused, Sender};
use crate::core::bundle::Contents;
use crate::core::sync::merge::units;

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
    /// The reason the rep gave with its change, if any.
    #[serde(default)]
    pub reason: String,
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
            let Some(theirs) = incoming.customers.iter().find(|c| c.id == r.file) else {
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
            (units(theirs).remove(&r.what).unwrap_or(Value::Null), stamp)
        };
        let reason = incoming
            .history
            .iter()
            .filter(|h| h.customer_id == r.file)
            .filter(|h| {
                h.changes
                    .iter()
                    .any(|c| c.path == r.what || c.path.starts_with(&format!("{}.", r.what)))
            })
            .max_by_key(|h| h.at)
            .map(|h| h.reason.clone())
            .unwrap_or_default();
        let id = format!("{}:{}:{}", r.file, r.what, stamp);
        if out.iter().any(|q| q.id == id) {
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

/// `held` with `new` added: a request already held (pending or decided) is not added
/// again, and a newer proposal of the same field of the same file by the same rep takes
/// the place of one still pending (the rep changed its mind). Returns how many were added.
pub fn add(held: &mut Vec<Request>, new: &[Request]) -> usize {
    let mut added = 0;
    for r in new {
        if !held.iter().any(|h| h.id == r.id) {
            held.retain(|h| {
                h.decision.is_some()
                    || (h.file.as_str(), h.field.as_str(), h.rep_code.as_str())
                        != (r.file.as_str(), r.field.as_str(), r.rep_code.as_str())
            });
            held.push(r.clone());
            added += 1;
        }
    }
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
    // rep chose could start the retention period years ago.
    if r.field == "closure"
        && let Some(closure) = out.closure.as_mut()
    {
        closure.date = now.date_naive();
        closure.by = by.to_owned();
        out.status = crate::core::customer::model::Status::Closed;
    }
    Some(out)
}
