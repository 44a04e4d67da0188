//! One customer file as its enrolled sender may bring it (the part of [`super::screen`]
//! that is about a file's fields).
//!
//! The order of the checks, for each new version of a field (one the receiver neither
//! holds nor has seen): 1. made by the sender's own node; 2. stamped no later than the
//! receiver's clock allows ([`super::MAX_SKEW`]); 3. its version vector could have been
//! made ([`super::bounded`]); 4. a `by` inside the value names the sender and an `at` is
//! not in the future; 5. the table allows the sender this change on this file. The first
//! that fails refuses every new version of that field: the receiver's value stays. A
//! field changed with no version at all is checked by 4 and 5 on its value. Then a
//! field's value is its latest version's, whatever the file said.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::screen::{Context, Screened, author};
use super::{
    Refusal, Refused, Sender, bounded, clock, clock_ms, is_keeper, keeper, latest_allowed,
    may_change,
};
use crate::core::bundle::plan::Local;
use crate::core::customer::model::Customer;
use crate::core::sync::merge::{self, Version, VersionVector, units, with_unit};

/// One file as the sender may bring it, or `None` if none of it may come.
pub(super) fn file(
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
        // A file's identity, number, clocks and versions are no field a version sets: one
        // at `id` would write into another file, one inside `sync` would forge versions.
        let first = path.split('.').next().unwrap_or_default();
        if merge::BOOKKEEPING.contains(&first) {
            refuse(out, path, Refusal::Invalid);
            accepted.sync.0.remove(path.as_str());
            continue;
        }
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
    // Whatever the versions said, the file is the one it came as.
    accepted.id = theirs.id.clone();
    // Amounts are never negative (the form refuses them): one that is was not typed,
    // and would take other reps' sales off a region's total.
    refuse_negative_amounts(&mut accepted, ours.unwrap_or(&blank), &mut |path| {
        refuse(out, path, Refusal::Invalid)
    });
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

/// Puts back (as in `before`) every amount of `c` below zero, each refused by `refuse`.
fn refuse_negative_amounts(c: &mut Customer, before: &Customer, refuse: &mut dyn FnMut(&str)) {
    let negative = |m: &Option<crate::core::customer::money::Money>| m.is_some_and(|m| m.0 < 0);
    let months: Vec<String> = c
        .sales
        .iter()
        .filter(|(_, m)| m.0 < 0)
        .map(|(k, _)| k.clone())
        .collect();
    for k in months {
        let path = format!("sales.{k}");
        refuse(&path);
        match before.sales.get(&k) {
            Some(m) => _ = c.sales.insert(k, *m),
            None => _ = c.sales.remove(&k),
        }
        match before.sync.0.get(&path) {
            Some(held) => _ = c.sync.0.insert(path, held.clone()),
            None => _ = c.sync.0.remove(&path),
        }
    }
    let mut amount = |path: &str,
                      now: &mut Option<crate::core::customer::money::Money>,
                      was: Option<crate::core::customer::money::Money>| {
        if negative(now) {
            refuse(path);
            *now = was;
        }
    };
    amount(
        "dealings.credit_limit",
        &mut c.dealings.credit_limit,
        before.dealings.credit_limit,
    );
    amount(
        "dealings.bad_debts",
        &mut c.dealings.bad_debts,
        before.dealings.bad_debts,
    );
    amount(
        "dealings.purchase_amount",
        &mut c.dealings.purchase_amount,
        before.dealings.purchase_amount,
    );
    amount(
        "trading.outstanding_balance",
        &mut c.trading.outstanding_balance,
        before.trading.outstanding_balance,
    );
    amount(
        "basic.registered_capital",
        &mut c.basic.registered_capital,
        before.basic.registered_capital,
    );
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
