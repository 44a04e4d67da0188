//! A bundle's contents as its enrolled sender may make them: [`screen`] walks every file,
//! field, visit, complaint, history entry, destruction, viewing entry and reference list
//! against the table in [`super`], keeps what the sender may do, and lists the rest as
//! refused. Nothing refused reaches the merge.
//!
//! A file's fields are screened in `file.rs`, which says the order of its checks.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::file::file;
use super::{Refusal, Refused, Sender, clock, is_keeper, keeper};
use crate::core::bundle::Contents;
use crate::core::bundle::plan::Local;
use crate::core::customer::destruction;
use crate::core::sync::merge::{self, Version};
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
                if let Some(by) = signature(ctx) {
                    c.history = complaint_history(held, theirs, &by, ctx.now);
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
/// A complaint's history as a rep sends it: every entry held here stays as it is (none
/// can be dropped or rewritten), and each new one is the signing rep's (whatever name
/// it gives) and no later than now; oldest first.
fn complaint_history(
    held: Option<&crate::core::complaint::Complaint>,
    theirs: &crate::core::complaint::Complaint,
    by: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<crate::core::complaint::ComplaintChange> {
    use crate::core::complaint::{Change, ComplaintChange, Decision};
    use std::collections::HashSet;
    let kept = held.map(|h| h.history.clone()).unwrap_or_default();
    let mut seen: HashSet<ComplaintChange> = kept.iter().cloned().collect();
    let mut history = kept.clone();
    let mut added = 0;
    for e in &theirs.history {
        if added >= MAX_NEW_HISTORY {
            break;
        }
        if seen.contains(e) {
            continue;
        }
        let mut e = e.clone();
        e.by = by.to_owned();
        e.at = e.at.min(now);
        if seen.insert(e.clone()) {
            history.push(e);
            added += 1;
        }
    }
    history.sort_by_key(|e| e.at);
    // A decision or close the history does not tell is the signing rep's, now: the record
    // never shows 受理 while its history ends with head office's rejection.
    if held.is_some() {
        let told = history.iter().rev().find_map(|e| match e.change {
            Change::Accepted { .. } => Some(Decision::Accepted),
            Change::Rejected { .. } => Some(Decision::Rejected),
            Change::Undecided => Some(Decision::Pending),
            _ => None,
        });
        if held.is_some_and(|h| h.decision != theirs.decision)
            && told.unwrap_or(Decision::Pending) != theirs.decision
        {
            history.push(ComplaintChange {
                at: now,
                by: by.to_owned(),
                change: match theirs.decision {
                    Decision::Accepted => Change::Accepted {
                        deadline: theirs.deadline,
                    },
                    Decision::Rejected => Change::Rejected {
                        reason: theirs.rejection_reason.clone(),
                    },
                    Decision::Pending => Change::Undecided,
                },
            });
        }
        let closed_told = history.iter().any(|e| e.change == Change::Closed);
        if theirs.status == crate::core::complaint::ComplaintStatus::Closed
            && held.is_some_and(|h| h.status != theirs.status)
            && !closed_told
        {
            history.push(ComplaintChange {
                at: now,
                by: by.to_owned(),
                change: Change::Closed,
            });
        }
    }
    history
}

/// The most history entries one bundle may add to a complaint: far more than people
/// make, far fewer than would slow the import.
pub const MAX_NEW_HISTORY: usize = 1_000;

fn signature(ctx: &Context) -> Option<String> {
    match ctx.sender {
        Sender::Rep { code, name } => Some(format!("{name} ({code})")),
        Sender::HeadOffice => None,
    }
}

/// `by` ("name (code)") names the sending rep.
pub(super) fn author(ctx: &Context, by: &str) -> Result<(), Refusal> {
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
