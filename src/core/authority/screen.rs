//! A bundle's contents as its enrolled sender may make them: [`screen`] walks every file,
//! field, visit, complaint, history entry, destruction, viewing entry and reference list
//! against the table in [`super`], keeps what the sender may do, and lists the rest as
//! refused. Nothing refused reaches the merge.
//!
//! The order of the checks, for each new version of a file's field (one the receiver does
//! not hold): 1. made by the sender's own node; 2. stamped no later than the receiver's
//! clock allows ([`super::MAX_SKEW`]); 3. its version vector could have been made
//! ([`super::bounded`]); 4. a `by` inside the value names the sender; 5. the table allows
//! the sender this change on this file. The first that fails refuses every new version
//! of that field: the receiver's value stays.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{
    Refusal, Refused, Sender, bounded, clock, clock_ms, is_keeper, keeper, latest_allowed,
    may_change,
};
use crate::core::bundle::Contents;
use crate::core::bundle::plan::Local;
use crate::core::customer::destruction;
use crate::core::customer::model::Customer;
use crate::core::sync::merge::{self, Version, VersionVector, units, with_unit};
use crate::core::vault::log::{self, ChainHead};

/// What the receiver knows besides its records.
pub struct Context<'a> {
    pub sender: &'a Sender,
    /// The sending device's id.
    pub device: &'a str,
    pub now: DateTime<Utc>,
    /// The last viewing entry held from the sending device.
    pub viewing_head: Option<&'a ChainHead>,
}

/// The contents a bundle may bring, what was refused, and the fields the receiver
/// re-asserts (see [`Screened::reassert`]).
#[derive(Debug, Default)]
pub struct Screened {
    pub contents: Contents,
    pub refused: Vec<Refused>,
    /// Per file, the fields a rep changed that are not a rep's to change, with the
    /// versions it made: head office answers with its own value as a version that has
    /// seen them, so the rep's laptop comes back to head office's value at the next
    /// bundle instead of keeping its own apart.
    pub reassert: BTreeMap<String, Vec<(String, Vec<Version>)>>,
    /// The sending device's viewing record's new last entry, if it grew.
    pub viewing_head: Option<ChainHead>,
}

/// Screens `incoming` against `local` for `ctx.sender`.
pub fn screen(incoming: &Contents, local: &Local, ctx: &Context) -> Screened {
    let mut out = Screened::default();
    // Files, and per file the fields refused (a history entry recording one is refused
    // with it) and whether the sender keeps it.
    let mut refused_fields: BTreeMap<String, BTreeMap<String, Refusal>> = BTreeMap::new();
    let mut kept: BTreeMap<String, bool> = BTreeMap::new();
    for theirs in &incoming.customers {
        let ours = local.customers.get(&theirs.id);
        let before = out.refused.len();
        let accepted = file(theirs, ours, local, ctx, &mut out);
        let fields = refused_fields.entry(theirs.id.clone()).or_default();
        for r in &out.refused[before..] {
            fields.insert(r.what.clone(), r.reason.clone());
        }
        kept.insert(theirs.id.clone(), accepted.is_some());
        out.contents.customers.extend(accepted);
    }
    // Whether the sender may add records to file `id`: a file it keeps here, or one it
    // brings that was accepted.
    let keeps = |id: &str| -> Result<(), Refusal> {
        let Sender::Rep { code, .. } = ctx.sender else {
            return Ok(());
        };
        match local.customers.get(id) {
            Some(ours) if !is_keeper(ours, code) => Err(Refusal::NotKeeper {
                keeper: keeper(ours),
            }),
            Some(_) => Ok(()),
            None if kept.get(id) == Some(&true) => Ok(()),
            None if local.destroyed.contains(id) => Ok(()),
            None => Err(Refusal::NotKeeper {
                keeper: String::new(),
            }),
        }
    };
    let archive_no = |id: &str| {
        local
            .customers
            .get(id)
            .or_else(|| incoming.customers.iter().find(|c| c.id == id))
            .map(|c| c.archive_no.clone())
            .unwrap_or_default()
    };
    let refuse = |out: &mut Screened, file: &str, what: &str, reason: Refusal| {
        out.refused.push(Refused {
            file: file.to_owned(),
            archive_no: archive_no(file),
            what: what.to_owned(),
            reason,
        });
    };

    for theirs in &incoming.visits {
        // Held as it is: nothing to apply, nothing to refuse.
        if local.visits.get(&theirs.id) == Some(theirs) {
            continue;
        }
        let checked = keeps(&theirs.customer_id).and_then(|()| {
            let v = match local.visits.get(&theirs.id) {
                Some(ours) => amended(ours, theirs, ctx)?,
                None => {
                    let mut v = theirs.clone();
                    // Who recorded it is the signing device's rep, whatever it says.
                    if let Some(by) = signature(ctx) {
                        v.by = by.clone();
                        for a in &mut v.amendments {
                            a.by = by.clone();
                        }
                    }
                    for a in &v.amendments {
                        clock(a.at, ctx.now)?;
                    }
                    for f in &v.follow_ups {
                        f.done_at.map_or(Ok(()), |at| clock(at, ctx.now))?;
                    }
                    v
                }
            };
            for at in [Some(v.created_at), Some(v.updated_at), v.submitted_at] {
                at.map_or(Ok(()), |at| clock(at, ctx.now))?;
            }
            Ok(v)
        });
        match checked {
            Ok(v) => out.contents.visits.push(v),
            Err(reason) => refuse(&mut out, &theirs.customer_id, "visit", reason),
        }
    }
    for theirs in &incoming.complaints {
        if local.complaints.get(&theirs.id) == Some(theirs) {
            continue;
        }
        let held = local.complaints.get(&theirs.id);
        let checked = match held {
            // A complaint stays on its file: checked against the one it is held under.
            Some(h) if h.customer_id != theirs.customer_id && ctx.sender != &Sender::HeadOffice => {
                Err(Refusal::NotKeeper {
                    keeper: local
                        .customers
                        .get(&h.customer_id)
                        .map(keeper)
                        .unwrap_or_default(),
                })
            }
            Some(h) => keeps(&h.customer_id),
            None => keeps(&theirs.customer_id),
        }
        .and_then(|()| clock(theirs.updated_at, ctx.now));
        match checked {
            Ok(()) => {
                let mut c = theirs.clone();
                // Who registered it: the signing rep, or as held.
                match (held, signature(ctx)) {
                    (Some(h), Some(_)) => c.by = h.by.clone(),
                    (None, Some(by)) => c.by = by,
                    (_, None) => {}
                }
                out.contents.complaints.push(c);
            }
            Err(reason) => refuse(&mut out, &theirs.customer_id, "complaint", reason),
        }
    }
    for h in incoming
        .history
        .iter()
        .filter(|h| !local.history.contains(&h.id))
    {
        let field_refused = refused_fields.get(&h.customer_id).and_then(|fields| {
            h.changes.iter().find_map(|c| {
                fields
                    .iter()
                    .find(|(path, _)| c.path == **path || c.path.starts_with(&format!("{path}.")))
                    .map(|(_, r)| r.clone())
            })
        });
        let checked = keeps(&h.customer_id)
            .and_then(|()| field_refused.map_or(Ok(()), Err))
            .and_then(|()| clock(h.at, ctx.now));
        match checked {
            Ok(()) => {
                let mut h = h.clone();
                // Who made it is the signing device's enrolled rep, whatever it says.
                if let Sender::Rep { name, .. } = ctx.sender {
                    h.by = name.clone();
                }
                out.contents.history.push(h);
            }
            Err(reason) => refuse(&mut out, &h.customer_id, "history", reason),
        }
    }
    for d in &incoming.destructions {
        let checked = match ctx.sender {
            // A proposal only for a file the rep keeps here.
            Sender::Rep { code, .. } => match local.customers.get(&d.customer_id) {
                Some(ours) if is_keeper(ours, code) => Err(Refusal::OfficeOnly),
                Some(ours) => Err(Refusal::NotKeeper {
                    keeper: keeper(ours),
                }),
                None => Err(Refusal::NotKeeper {
                    keeper: String::new(),
                }),
            },
            Sender::HeadOffice => clock(d.at, ctx.now).and_then(|()| {
                // Checked against the file as it will be here, the bundle's copy merged.
                let ours = local.customers.get(&d.customer_id);
                let theirs = out
                    .contents
                    .customers
                    .iter()
                    .find(|c| c.id == d.customer_id);
                let state = match (ours, theirs) {
                    (Some(o), Some(t)) => Some(merge::merge(o, t)),
                    (Some(c), None) | (None, Some(c)) => Some(c.clone()),
                    (None, None) => None,
                };
                match state {
                    // Never held: nothing to erase, and the record keeps it from coming.
                    None => Ok(()),
                    Some(c) => destruction::allowed(&c, &d.approver, d.at.date_naive())
                        .map(|_| ())
                        .map_err(Refusal::Destruction),
                }
            }),
        };
        match checked {
            Ok(()) => out.contents.destructions.push(d.clone()),
            Err(reason) => out.refused.push(Refused {
                file: d.customer_id.clone(),
                archive_no: local
                    .customers
                    .get(&d.customer_id)
                    .map_or(&d.archive_no, |c| &c.archive_no)
                    .clone(),
                what: "destruction".into(),
                reason,
            }),
        }
    }
    if let Some(lists) = &incoming.reference {
        let checked = match ctx.sender {
            Sender::Rep { .. } => Err(Refusal::OfficeOnly),
            Sender::HeadOffice => lists.updated_at.map_or(Ok(()), |at| clock(at, ctx.now)),
        };
        match checked {
            Ok(()) => out.contents.reference = Some(lists.clone()),
            // A rep's laptop that carries the lists it was sent changes nothing.
            Err(_) if !lists.newer_than(&local.reference) => {}
            Err(reason) => refuse(&mut out, "", "reference", reason),
        }
    }
    viewings(incoming, local, ctx, &mut out);
    out.contents.ack = incoming.ack.clone();
    out
}

/// The viewing entries new here: each the sender's own, continuing the chain held.
fn viewings(incoming: &Contents, local: &Local, ctx: &Context, out: &mut Screened) {
    let Sender::Rep { code, .. } = ctx.sender else {
        out.contents.viewings = incoming.viewings.clone();
        return;
    };
    let held_seq = ctx.viewing_head.map_or(0, |h| h.seq);
    let new: Vec<_> = incoming
        .viewings
        .iter()
        .filter(|v| v.seq > held_seq)
        .cloned()
        .collect();
    if let Some(other) = new
        .iter()
        .find(|v| &v.rep_code != code || clock(v.at, ctx.now).is_err())
    {
        out.refused.push(Refused {
            file: other.customer_id.clone(),
            archive_no: other.archive_no.clone(),
            what: "viewing".into(),
            reason: Refusal::OtherAuthor {
                by: other.by.clone(),
            },
        });
        return;
    }
    // Entries held before heads were kept: only the new ones' own links are checked.
    let started = ctx.viewing_head.is_none() && local.viewings.iter().any(|(d, _)| d == ctx.device);
    match log::extends(&new, ctx.viewing_head, started) {
        Ok(head) => {
            out.viewing_head = head;
            out.contents.viewings = new;
        }
        Err(e) => {
            let seq = match e {
                log::ChainError::Altered(s)
                | log::ChainError::Missing(s)
                | log::ChainError::Truncated(s) => s,
            };
            out.refused.push(Refused {
                file: String::new(),
                archive_no: String::new(),
                what: "viewing".into(),
                reason: Refusal::ViewingChain { seq },
            });
        }
    }
}

/// The sending rep as a record names its author: "name (code)".
fn signature(ctx: &Context) -> Option<String> {
    match ctx.sender {
        Sender::Rep { code, name } => Some(format!("{name} ({code})")),
        Sender::HeadOffice => None,
    }
}

/// `by` ("name (code)") names the sending rep.
fn author(ctx: &Context, by: &str) -> Result<(), Refusal> {
    match ctx.sender {
        // "name (code)", or the enrolled name alone (a grade names who assigned it so).
        Sender::Rep { code, name }
            if !by.trim_end().ends_with(&format!("({code})")) && by.trim() != name.trim() =>
        {
            Err(Refusal::OtherAuthor { by: by.to_owned() })
        }
        _ => Ok(()),
    }
}

/// A visit the receiver holds, with what the sender may add: its own amendments and
/// follow-ups done. A rep's copy that differs in anything else rewrites a final visit.
fn amended(
    ours: &crate::core::visit::model::Visit,
    theirs: &crate::core::visit::model::Visit,
    ctx: &Context,
) -> Result<crate::core::visit::model::Visit, Refusal> {
    if let Sender::HeadOffice = ctx.sender {
        return Ok(theirs.clone());
    }
    let mut same = theirs.clone();
    same.amendments = ours.amendments.clone();
    same.follow_ups = ours.follow_ups.clone();
    same.updated_at = ours.updated_at;
    if &same != ours {
        return Err(Refusal::Final);
    }
    let mut out = ours.clone();
    for a in &theirs.amendments {
        let mut a = a.clone();
        if let Some(by) = signature(ctx) {
            a.by = by;
        }
        if !out.amendments.contains(&a) {
            clock(a.at, ctx.now)?;
            out.amendments.push(a);
        }
    }
    for (mine, theirs) in out.follow_ups.iter_mut().zip(&theirs.follow_ups) {
        if mine.done_at.is_none()
            && let Some(at) = theirs.done_at
        {
            clock(at, ctx.now)?;
            mine.done_at = Some(at);
        }
    }
    out.updated_at = ours.updated_at.max(theirs.updated_at);
    Ok(out)
}

/// One file as the sender may bring it, or `None` if none of it may come.
fn file(
    theirs: &Customer,
    ours: Option<&Customer>,
    local: &Local,
    ctx: &Context,
    out: &mut Screened,
) -> Option<Customer> {
    let refuse = |out: &mut Screened, what: &str, reason: Refusal| {
        out.refused.push(Refused {
            file: theirs.id.clone(),
            archive_no: ours.map_or(&theirs.archive_no, |o| &o.archive_no).clone(),
            what: what.to_owned(),
            reason,
        });
    };
    let (code, from) = match ctx.sender {
        Sender::Rep { code, .. } => (Some(code.as_str()), code.as_str()),
        Sender::HeadOffice => (None, ""),
    };
    // A number is one file's: a new file may not take one held here by another.
    if ours.is_none()
        && code.is_some()
        && local
            .customers
            .values()
            .any(|c| c.archive_no == theirs.archive_no && c.id != theirs.id)
    {
        refuse(out, "archive_no", Refusal::ArchiveNumber);
        return None;
    }
    let keeps = match (code, ours) {
        (None, _) => true,
        (Some(code), Some(ours)) => is_keeper(ours, code),
        (Some(code), None) => theirs
            .archive_no
            .strip_prefix(code)
            .is_some_and(|rest| rest.starts_with('-')),
    };
    if !keeps {
        // Sent back unchanged (a file reassigned meanwhile) is nothing to refuse.
        if let Some(o) = ours
            && units(o) == units(theirs)
            && theirs.sync.0.iter().all(|(p, vs)| {
                vs.iter()
                    .all(|v| o.sync.0.get(p).is_some_and(|h| h.contains(v)))
            })
        {
            return None;
        }
        let reason = match ours {
            Some(o) => Refusal::NotKeeper { keeper: keeper(o) },
            None => Refusal::ArchiveNumber,
        };
        refuse(
            out,
            if ours.is_some() { "file" } else { "archive_no" },
            reason,
        );
        return None;
    }

    let blank = Customer::default();
    // Only the fields the table guards can be wrong without a version; every field with
    // a version is checked through it. (Reading every field of every file as JSON cost
    // about as much as the rest of a 10,000-file import's plan.)
    let rep_sent = code.is_some();
    let before_units = if rep_sent {
        guarded(ours.unwrap_or(&blank))
    } else {
        BTreeMap::new()
    };
    let their_units = if rep_sent {
        guarded(theirs)
    } else {
        BTreeMap::new()
    };
    let mut accepted = theirs.clone();
    let paths: BTreeSet<&String> = before_units
        .keys()
        .chain(their_units.keys())
        .chain(theirs.sync.0.keys())
        .collect();
    let none = Vec::new();
    for path in paths {
        let held = ours.and_then(|o| o.sync.0.get(path)).unwrap_or(&none);
        let brought = theirs.sync.0.get(path).unwrap_or(&none);
        if brought.is_empty() && !rep_sent {
            continue;
        }
        // Only guarded fields need their value before: the others are the keeper's.
        let before = before_units.get(path).cloned().unwrap_or(Value::Null);
        let seen = held
            .iter()
            .fold(VersionVector::new(), |acc, v| join(&acc, &v.vv));
        // New to the receiver: neither held nor seen (an older version of the field, as
        // a laptop still has it, is nothing new, whoever made it).
        let new: Vec<&Version> = brought
            .iter()
            .filter(|v| !held.contains(v) && !covered(&v.vv, &seen))
            .collect();
        let mut by_rule = false;
        let verdict = if new.is_empty() {
            // No version: a value changed outside any recorded edit. The merge would
            // pick one side by its text, so it must be allowed to stand.
            match their_units.get(path) {
                Some(after) if held.is_empty() && brought.is_empty() && *after != before => {
                    leaf(ctx, path, after)
                        .and_then(|()| inner(ctx, after))
                        .and_then(|()| may_change(ctx.sender, true, path, &before, after))
                }
                _ => Ok(()),
            }
        } else {
            new.iter().try_for_each(|v| {
                if code.is_some_and(|code| v.at.node != code) {
                    return Err(Refusal::OtherAuthor { by: v.by.clone() });
                }
                clock_ms(v.at.ms, ctx.now)?;
                bounded(&v.vv, &seen, from, rep_sent)?;
                leaf(ctx, path, &v.value)?;
                inner(ctx, &v.value)?;
                let r = may_change(ctx.sender, true, path, &before, &v.value);
                by_rule = r.is_err();
                r
            })
        };
        if let Err(reason) = verdict {
            refuse(out, path, reason);
            accepted = revert(&accepted, ours.unwrap_or(&blank), path);
            if held.is_empty() {
                accepted.sync.0.remove(path.as_str());
            } else {
                accepted.sync.0.insert(path.clone(), held.clone());
            }
            if by_rule && ours.is_some() {
                // Only versions that pass every check but the table's are taken in: a
                // counter never checked must not enter head office's own version.
                let honest: Vec<Version> = new
                    .into_iter()
                    .filter(|v| {
                        code.is_none_or(|code| v.at.node == code)
                            && clock_ms(v.at.ms, ctx.now).is_ok()
                            && bounded(&v.vv, &seen, from, rep_sent).is_ok()
                    })
                    .cloned()
                    .collect();
                out.reassert
                    .entry(theirs.id.clone())
                    .or_default()
                    .push((path.clone(), honest));
            }
        }
    }
    // What is written is what the versions say: a field's value is its latest version's.
    if !accepted.sync.is_empty() {
        let winner = |vs: &Vec<Version>| {
            vs.iter()
                .max_by(|a, b| a.at.cmp(&b.at))
                .map(|v| v.value.clone())
        };
        let winners: Vec<(String, Value)> = accepted
            .sync
            .0
            .iter()
            .filter_map(|(p, vs)| Some((p.clone(), winner(vs)?)))
            .collect();
        match merge::with_units(&accepted, &winners) {
            Some(c) => accepted = c,
            // A value the field cannot hold: found field by field, refused, put back.
            None => {
                for (path, value) in winners {
                    if with_unit(&accepted, &path, &value).is_none() {
                        refuse(out, &path, Refusal::Invalid);
                        accepted = revert(&accepted, ours.unwrap_or(&blank), &path);
                        match ours.and_then(|o| o.sync.0.get(&path)) {
                            Some(held) => accepted.sync.0.insert(path.clone(), held.clone()),
                            None => accepted.sync.0.remove(&path),
                        };
                    }
                }
                let winners: Vec<(String, Value)> = accepted
                    .sync
                    .0
                    .iter()
                    .filter_map(|(p, vs)| Some((p.clone(), winner(vs)?)))
                    .collect();
                accepted = merge::with_units(&accepted, &winners).unwrap_or_else(|| {
                    let mut back = ours.unwrap_or(&blank).clone();
                    back.id = theirs.id.clone();
                    back
                });
            }
        }
    }
    // Bookkeeping: the number never changes; clocks no later than allowed.
    match ours {
        Some(o) => {
            if code.is_some() && accepted.archive_no != o.archive_no {
                refuse(out, "archive_no", Refusal::ArchiveNumber);
            }
            accepted.archive_no = o.archive_no.clone();
            accepted.created_at = o.created_at;
        }
        None => {
            if let Err(reason) = clock(accepted.created_at, ctx.now) {
                refuse(out, "created_at", reason);
                accepted.created_at = ctx.now;
            }
        }
    }
    if let Err(reason) = clock(accepted.updated_at, ctx.now) {
        refuse(out, "updated_at", reason);
        accepted.updated_at = ours.map_or(ctx.now, |o| o.updated_at.min(latest_allowed(ctx.now)));
    }
    Some(accepted)
}

/// `c` with the unit at `path` as it is in `before`: the field put back, or, where a
/// leaf alone cannot be (a new review's author), the smallest object holding it.
fn revert(c: &Customer, before: &Customer, path: &str) -> Customer {
    // The guarded fields directly (a bundle of many files may have one refused each);
    // any other field through the file's JSON.
    let mut parts = path.split('.');
    let mut out = c.clone();
    match (parts.next(), parts.next()) {
        (Some("secret"), None) => out.secret = before.secret,
        (Some("assigned_to"), None) => out.assigned_to = before.assigned_to.clone(),
        (Some("credit"), _) => out.credit = before.credit.clone(),
        (Some("status"), None) => out.status = before.status,
        (Some("closure"), _) => out.closure = before.closure.clone(),
        (Some("emergency"), _) => out.emergency = before.emergency.clone(),
        (Some("reviews"), Some(id)) => match before.reviews.get(id) {
            Some(r) => _ = out.reviews.insert(id.to_owned(), r.clone()),
            None => _ = out.reviews.remove(id),
        },
        _ => return revert_json(c, before, path),
    }
    out
}

/// [`revert`] for any field, through the file's JSON.
fn revert_json(c: &Customer, before: &Customer, path: &str) -> Customer {
    let (Ok(mut json), Ok(old)) = (serde_json::to_value(c), serde_json::to_value(before)) else {
        return c.clone();
    };
    let mut at = path;
    loop {
        let pointer = format!("/{}", at.replace('.', "/"));
        match old.pointer(&pointer) {
            Some(v) => {
                if let Some(slot) = json.pointer_mut(&pointer) {
                    *slot = v.clone();
                }
            }
            None => {
                if let Some((parent, key)) = pointer.rsplit_once('/')
                    && let Some(Value::Object(map)) = json.pointer_mut(parent)
                {
                    map.remove(key);
                }
            }
        }
        if let Ok(reverted) = serde_json::from_value::<Customer>(json.clone()) {
            return reverted;
        }
        match at.rsplit_once('.') {
            Some((parent, _)) => at = parent,
            None => return before.clone(),
        }
    }
}

/// The guarded fields of `c`: those the table gives to head office, and those whose
/// values carry a `by` or an `at` to check. As merge units (`reviews.<id>.by`, `credit`
/// whole).
fn guarded(c: &Customer) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let Ok(Value::Object(map)) = serde_json::to_value(GuardedFields::of(c)) else {
        return out;
    };
    for (k, v) in map {
        if k != "archive_no" {
            collect(&k, v, &mut out);
        }
    }
    out
}

/// What [`guarded`] reads, serialized as the file's own fields are.
#[derive(serde::Serialize)]
struct GuardedFields<'a> {
    secret: &'a crate::core::customer::model::SecretLevel,
    assigned_to: &'a str,
    credit: &'a Option<crate::core::customer::model::CreditAssignment>,
    status: &'a crate::core::customer::model::Status,
    closure: &'a Option<crate::core::customer::model::Closure>,
    reviews: &'a BTreeMap<String, crate::core::customer::model::Review>,
    emergency: &'a Option<crate::core::customer::model::Emergency>,
}

impl<'a> GuardedFields<'a> {
    fn of(c: &'a Customer) -> Self {
        GuardedFields {
            secret: &c.secret,
            assigned_to: &c.assigned_to,
            credit: &c.credit,
            status: &c.status,
            closure: &c.closure,
            reviews: &c.reviews,
            emergency: &c.emergency,
        }
    }
}

/// A value split into units as the merge splits it: objects into their fields, but
/// the objects merged whole (`credit`, `closure`, `emergency`) kept as one.
fn collect(path: &str, value: Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) if !["credit", "closure", "emergency"].contains(&path) => {
            for (k, v) in map {
                collect(&format!("{path}.{k}"), v, out);
            }
        }
        other => {
            out.insert(path.to_owned(), other);
        }
    }
}

/// A leaf of a split object (`reviews.r1.by`, `reviews.r1.at`): the same checks.
fn leaf(ctx: &Context, path: &str, value: &Value) -> Result<(), Refusal> {
    match (path.rsplit('.').next(), value) {
        (Some("by"), Value::String(by)) if path.contains('.') => author(ctx, by),
        (Some("at"), v) if path.contains('.') => serde_json::from_value::<DateTime<Utc>>(v.clone())
            .map_or(Ok(()), |at| clock(at, ctx.now)),
        _ => Ok(()),
    }
}

/// Whether the receiver has seen everything `vv` has.
fn covered(vv: &VersionVector, seen: &VersionVector) -> bool {
    vv.iter()
        .all(|(node, n)| seen.get(node).is_some_and(|s| s >= n))
}

/// Checks inside a field's value: a `by` names the sender, an `at` is not in the future.
fn inner(ctx: &Context, value: &Value) -> Result<(), Refusal> {
    let Value::Object(map) = value else {
        return Ok(());
    };
    if let Some(Value::String(by)) = map.get("by") {
        author(ctx, by)?;
    }
    if let Some(at) = map
        .get("at")
        .and_then(|v| serde_json::from_value::<DateTime<Utc>>(v.clone()).ok())
    {
        clock(at, ctx.now)?;
    }
    Ok(())
}

fn join(a: &VersionVector, b: &VersionVector) -> VersionVector {
    let mut out = a.clone();
    for (node, n) in b {
        let e = out.entry(node.clone()).or_insert(0);
        *e = (*e).max(*n);
    }
    out
}
