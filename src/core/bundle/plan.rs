//! What importing a bundle would do, decided before anything is written: each customer
//! file merged field by field with the local copy (see `core::sync::merge`), visits and
//! history added, complaints taken where newer. The same function gives the preview and,
//! inside the import's single transaction, the writes.

use std::collections::BTreeMap;

use super::Contents;
use crate::core::authority::Refused;
use crate::core::authority::Sender;
use crate::core::authority::proposal::{self, Returned};
use crate::core::authority::request::{self, Request};
use crate::core::authority::screen::{Context, screen};
use crate::core::authority::{Refusal, is_keeper, keeper};
use crate::core::complaint::Complaint;
use crate::core::customer::destruction::DestructionRecord;
use crate::core::customer::history::HistoryEntry;
use crate::core::customer::model::{Customer, Status};
use crate::core::sync::hlc::Hlc;
use crate::core::sync::merge::{self, Editor, conflicts};
use crate::core::vault::log::ChainHead;
use crate::core::vault::log::ViewingEntry;
use crate::core::visit::model::{Visit, VisitStatus};
use chrono::{DateTime, Utc};

/// What happens to one customer file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    New,
    Updated,
    Unchanged,
}

/// What the preview shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Files that will have a conflict they did not have before.
    pub conflicts: usize,
    /// Files the bundle closes.
    pub closures: usize,
    pub visits: usize,
    pub complaints: usize,
    pub history: usize,
    pub viewings: usize,
    /// Files the bundle destroys here.
    pub destructions: usize,
    /// Files with an emergency report new here (紧急报告): shown first.
    pub emergencies: usize,
    /// Head office's reference lists are newer than the ones here.
    pub reference: bool,
    /// Changes the sender may not make (see `core::authority`): not written.
    pub refused: Vec<Refused>,
    /// Of those, the proposals of head-office decisions, kept as requests.
    pub proposals: usize,
    /// Head office's decisions on this laptop's proposals.
    pub decisions: usize,
    /// Security events and leak reports from a rep's laptop (`core::security`).
    pub security: crate::core::security::Incoming,
    /// Monthly reports from a rep, and head office's word on this laptop's (`core::monthly`).
    pub reports: usize,
    pub report_returns: usize,
}

/// The local records the plan needs, by id.
#[derive(Default)]
pub struct Local {
    pub customers: BTreeMap<String, Customer>,
    pub visits: BTreeMap<String, Visit>,
    pub complaints: BTreeMap<String, Complaint>,
    pub history: std::collections::BTreeSet<String>,
    /// Viewing entries already held, as (holder, sequence).
    pub viewings: std::collections::BTreeSet<(String, u64)>,
    pub reference: crate::core::reference::ReferenceLists,
    /// Files destroyed here: nothing of them comes back.
    pub destroyed: std::collections::BTreeSet<String>,
}

/// The writes, and their summary.
#[derive(Debug, Default)]
pub struct Plan {
    /// Merged files to write, each with the revision the local copy must still have.
    pub customers: Vec<(Customer, Option<u32>)>,
    pub visits: Vec<Visit>,
    pub complaints: Vec<Complaint>,
    pub history: Vec<HistoryEntry>,
    pub viewings: Vec<ViewingEntry>,
    /// Destruction records new here: their files are erased, the records kept.
    pub destructions: Vec<DestructionRecord>,
    /// Reference lists to keep, if newer.
    pub reference: Option<crate::core::reference::ReferenceLists>,
    /// The sending device's viewing record's last entry, once these are added.
    pub viewing_head: Option<ChainHead>,
    /// A rep's proposals of head-office decisions, for head office to decide.
    pub requests: Vec<Request>,
    /// Head office's decisions on this rep's proposals.
    pub returned: Vec<Returned>,
    /// A rep's security events and leak reports, stamped with the enrolled rep.
    pub security: crate::core::security::Received,
    pub summary: Summary,
}

/// The most decisions one bundle may bring back: far more than a rep proposes in a
/// year, far fewer than would slow the import.
pub const MAX_DECISIONS: usize = 10_000;

/// Who sends, who receives, and when: what the authority checks need.
pub struct From<'a> {
    /// The sender's enrolled identity.
    pub sender: &'a Sender,
    /// The sending device's id: whose viewing record the bundle's entries are.
    pub device: &'a str,
    /// The last viewing entry held from that device.
    pub viewing_head: Option<&'a ChainHead>,
    /// This receiver's node (its rep code) and signature ("name (code)"): head office
    /// re-asserts its value of a field a rep changed without the right.
    pub me_node: &'a str,
    pub me_by: &'a str,
    pub now: DateTime<Utc>,
}

/// Whether the sending rep keeps file `id` (as held here, else as the screened bundle
/// brings it): what a proposal about it needs. `None`: no such file.
fn proposal_file(
    local: &Local,
    brought: &std::collections::HashMap<&str, &Customer>,
    sender: &Sender,
    id: &str,
) -> Option<Result<(), Refusal>> {
    let Sender::Rep { code, .. } = sender else {
        return Some(Ok(()));
    };
    if local.destroyed.contains(id) {
        return None;
    }
    let file = local
        .customers
        .get(id)
        .or_else(|| brought.get(id).copied())?;
    Some(if is_keeper(file, code) {
        Ok(())
    } else {
        Err(Refusal::NotKeeper {
            keeper: keeper(file),
        })
    })
}

/// Plans the import of `incoming` into `local`, as `from` may make it: what the sender
/// may not do is left out and listed in the summary (`core::authority`).
pub fn plan(incoming: &Contents, local: &Local, from: &From) -> Plan {
    let mut out = Plan::default();
    let screened = screen(
        incoming,
        local,
        &Context {
            sender: from.sender,
            device: from.device,
            now: from.now,
            viewing_head: from.viewing_head,
        },
    );
    out.requests = request::requests(incoming, &screened.refused, from.sender, from.now);
    // A proposal stands on the file as held here, else as the screen let it come: never
    // on what a file refused whole claimed of itself; and it names the file by the
    // number it has here, whatever the proposal says.
    let brought: std::collections::HashMap<&str, &Customer> = screened
        .contents
        .customers
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let (mut proposed, mut refused) = proposal::received(
        &incoming.proposals,
        from.sender,
        |id| proposal_file(local, &brought, from.sender, id),
        from.now,
    );
    let number = |id: &str| {
        local
            .customers
            .get(id)
            .or_else(|| brought.get(id).copied())
            .map(|c| c.archive_no.clone())
    };
    for r in &mut proposed {
        r.archive_no = number(&r.file).unwrap_or_default();
    }
    for r in &mut refused {
        r.archive_no = number(&r.file).unwrap_or_default();
    }
    out.requests.extend(proposed);
    // Nothing of a destroyed file comes back, not even as a request.
    out.requests.retain(|r| !local.destroyed.contains(&r.file));
    out.summary.proposals = out.requests.len();
    if *from.sender == Sender::HeadOffice {
        out.returned = incoming
            .decisions
            .iter()
            .take(MAX_DECISIONS)
            .cloned()
            .collect();
        out.summary.decisions = out.returned.len();
    }
    out.security = crate::core::security::receive(
        &incoming.events,
        &incoming.leaks,
        from.sender,
        from.device,
        from.now,
    );
    out.summary.security = out.security.incoming();
    match from.sender {
        Sender::Rep { .. } => {
            out.summary.reports = incoming
                .reports
                .len()
                .min(crate::core::monthly::MAX_REPORTS)
        }
        Sender::HeadOffice => {
            out.summary.report_returns = incoming
                .report_returns
                .len()
                .min(crate::core::monthly::MAX_REPORTS)
        }
    }
    let incoming = &screened.contents;
    let viewer = from.device;
    out.summary.refused = screened.refused;
    out.summary.refused.append(&mut refused);
    out.viewing_head = screened.viewing_head;
    // Destroyed on either side: erased here, and nothing of it written back.
    let mut gone = local.destroyed.clone();
    for d in &incoming.destructions {
        if gone.insert(d.customer_id.clone()) {
            out.summary.destructions += 1;
            out.destructions.push(d.clone());
        }
    }
    let alive = |id: &String| !gone.contains(id);
    for theirs in incoming.customers.iter().filter(|c| alive(&c.id)) {
        match local.customers.get(&theirs.id) {
            None => {
                out.summary.new += 1;
                if theirs.status == Status::Closed {
                    out.summary.closures += 1;
                }
                if theirs.emergency.is_some() {
                    out.summary.emergencies += 1;
                }
                out.customers.push((theirs.clone(), None));
            }
            Some(ours) => {
                let mut merged = merge::merge(ours, theirs);
                for (path, refused) in screened.reassert.get(&theirs.id).into_iter().flatten() {
                    let last = merged.sync.latest().cloned().unwrap_or_default();
                    let editor = Editor {
                        node: from.me_node,
                        by: from.me_by,
                        at: Hlc::tick(
                            &last,
                            from.now.timestamp_millis().max(0) as u64,
                            from.me_node,
                        ),
                    };
                    merge::reassert(&mut merged, path, refused, &editor);
                }
                if merge::units(&merged) == merge::units(ours) && merged.sync == ours.sync {
                    out.summary.unchanged += 1;
                    continue;
                }
                out.summary.updated += 1;
                if conflicts(&merged).len() > conflicts(ours).len() {
                    out.summary.conflicts += 1;
                }
                if merged.status == Status::Closed && ours.status != Status::Closed {
                    out.summary.closures += 1;
                }
                if merged.emergency.is_some() && merged.emergency != ours.emergency {
                    out.summary.emergencies += 1;
                }
                // A local change: the next revision of the local copy.
                merged.revision = ours.revision.saturating_add(1);
                out.customers.push((merged, Some(ours.revision)));
            }
        }
    }
    for theirs in incoming
        .visits
        .iter()
        .filter(|v| v.status == VisitStatus::Submitted && alive(&v.customer_id))
    {
        let merged = match local.visits.get(&theirs.id) {
            None => theirs.clone(),
            Some(ours) => merge_visit(ours, theirs),
        };
        if local.visits.get(&theirs.id) != Some(&merged) {
            out.summary.visits += 1;
            out.visits.push(merged);
        }
    }
    for theirs in incoming.complaints.iter().filter(|c| alive(&c.customer_id)) {
        let newer = match local.complaints.get(&theirs.id) {
            None => true,
            Some(ours) => later_complaint(theirs, ours),
        };
        if newer {
            out.summary.complaints += 1;
            out.complaints.push(theirs.clone());
        }
    }
    for h in incoming.history.iter().filter(|h| alive(&h.customer_id)) {
        if !local.history.contains(&h.id) {
            out.summary.history += 1;
            out.history.push(h.clone());
        }
    }
    if let Some(lists) = incoming
        .reference
        .as_ref()
        .filter(|r| r.newer_than(&local.reference))
    {
        out.summary.reference = true;
        out.reference = Some(lists.clone());
    }
    for v in &incoming.viewings {
        if !local.viewings.contains(&(viewer.to_owned(), v.seq)) {
            out.summary.viewings += 1;
            out.viewings.push(v.clone());
        }
    }
    out
}

/// A submitted visit is final; what can differ is its amendments (kept all) and which
/// follow-ups are done (done on either side is done).
pub fn merge_visit(a: &Visit, b: &Visit) -> Visit {
    let mut out = if (a.updated_at, a.submitted_at) >= (b.updated_at, b.submitted_at) {
        a.clone()
    } else {
        b.clone()
    };
    let mut amendments = a.amendments.clone();
    for x in &b.amendments {
        if !amendments.contains(x) {
            amendments.push(x.clone());
        }
    }
    amendments.sort_by(|x, y| (x.at, &x.by, &x.text).cmp(&(y.at, &y.by, &y.text)));
    out.amendments = amendments;
    for (i, f) in out.follow_ups.iter_mut().enumerate() {
        let done = [a, b]
            .iter()
            .filter_map(|v| v.follow_ups.get(i).and_then(|f| f.done_at))
            .min();
        f.done_at = done;
    }
    out
}

/// The register keeps the complaint last changed; ties go the same way on every side.
fn later_complaint(theirs: &Complaint, ours: &Complaint) -> bool {
    let key = |c: &Complaint| (c.updated_at, serde_json::to_string(c).unwrap_or_default());
    key(theirs) > key(ours)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::core::sync::hlc::Hlc;
    use crate::core::sync::merge::{Editor, record_edit};
    use crate::core::visit::model::{Amendment, FollowUp};

    fn t(s: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_795_000_000 + s, 0).unwrap()
    }

    /// Head office sending to a rep, today.
    fn office() -> From<'static> {
        From {
            sender: &Sender::HeadOffice,
            device: "HQ",
            viewing_head: None,
            me_node: "R07",
            me_by: "李伟 (R07)",
            now: t(0),
        }
    }

    fn customer(id: &str) -> Customer {
        let mut c = Customer {
            id: id.into(),
            revision: 1,
            ..Customer::default()
        };
        c.basic.name = format!("客户 {id}");
        c
    }

    fn edited(c: &Customer, node: &str, ms: u64, change: impl FnOnce(&mut Customer)) -> Customer {
        let mut after = c.clone();
        change(&mut after);
        record_edit(
            c,
            &mut after,
            &Editor {
                node,
                by: node,
                at: Hlc {
                    ms,
                    counter: 0,
                    node: node.into(),
                },
            },
        );
        after
    }

    #[test]
    fn a_destroyed_file_is_erased_on_import_and_never_comes_back() {
        use crate::core::customer::destruction::{DestructionRecord, Method};
        // Head office destroys a file closed well past its retention.
        let mut a = customer("a");
        a.status = Status::Closed;
        a.closure = Some(crate::core::customer::model::Closure {
            date: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            reason: "停业".into(),
            by: "王经理 (HQ)".into(),
        });
        let b = customer("b");
        let record = |id: &str| DestructionRecord {
            customer_id: id.into(),
            archive_no: format!("R07-2020-{id}"),
            at: t(50),
            method: Method::Erased,
            by: "王经理 (HQ)".into(),
            approver: "张总".into(),
            closed_on: None,
        };
        let local = Local {
            customers: [(a.id.clone(), a.clone())].into_iter().collect(),
            destroyed: ["b".to_owned()].into_iter().collect(),
            ..Local::default()
        };
        let visit = |id: &str, customer: &str| Visit {
            id: id.into(),
            customer_id: customer.into(),
            status: VisitStatus::Submitted,
            ..Visit::default()
        };
        let incoming = Contents {
            // Head office destroyed "a"; a stale copy of "b", destroyed here, comes along.
            customers: vec![
                edited(&a, "HQ", 10, |x| x.basic.phone = "1".into()),
                b.clone(),
            ],
            visits: vec![visit("v1", "a"), visit("v2", "b")],
            destructions: vec![record("a"), record("b")],
            ..Contents::default()
        };
        let p = plan(&incoming, &local, &office());
        assert_eq!(
            p.destructions,
            vec![record("a")],
            "b's record is already here"
        );
        assert_eq!(p.summary.destructions, 1);
        assert!(p.customers.is_empty(), "neither file is written back");
        assert!(p.visits.is_empty());
    }

    #[test]
    fn the_preview_counts_new_updated_unchanged_conflicts_and_closures() {
        let a = customer("a");
        let b = customer("b");
        let c = customer("c");
        let d = customer("d");
        let local = Local {
            customers: [&a, &b, &c, &d]
                .into_iter()
                .map(|x| (x.id.clone(), x.clone()))
                .collect(),
            ..Local::default()
        };
        let mut ours_d = edited(&d, "R07", 5, |x| x.basic.phone = "ours".into());
        ours_d.revision = 2;
        let mut local = local;
        local.customers.insert("d".into(), ours_d);
        let incoming = Contents {
            customers: vec![
                customer("new"),
                edited(&a, "HQ", 10, |x| {
                    x.basic.phone = "0750-1".into();
                    x.emergency = Some(crate::core::customer::model::Emergency {
                        kind: crate::core::customer::model::EmergencyKind::DishonouredPayment,
                        at: t(10),
                        by: "李伟 (R07)".into(),
                        note: "支票被退".into(),
                    });
                }),
                b.clone(),
                edited(&c, "HQ", 10, |x| x.status = Status::Closed),
                edited(&d, "HQ", 9, |x| x.basic.phone = "theirs".into()),
            ],
            ..Contents::default()
        };
        let plan = plan(&incoming, &local, &office());
        assert_eq!(
            plan.summary,
            Summary {
                new: 1,
                updated: 3,
                unchanged: 1,
                conflicts: 1,
                closures: 1,
                emergencies: 1,
                ..Summary::default()
            }
        );
        let (merged_d, expected) = plan.customers.iter().find(|(c, _)| c.id == "d").unwrap();
        assert_eq!(*expected, Some(2));
        assert_eq!(merged_d.revision, 3);
        // Importing the result again changes nothing.
        let mut after = Local::default();
        for (c, _) in &plan.customers {
            after.customers.insert(c.id.clone(), c.clone());
        }
        after.customers.insert("b".into(), b);
        let again = super::plan(&incoming, &after, &office());
        assert_eq!(again.summary.unchanged, 5);
        assert!(again.customers.is_empty());
    }

    #[test]
    fn visits_keep_every_amendment_and_done_follow_ups_on_either_side() {
        let base = Visit {
            id: "v".into(),
            status: VisitStatus::Submitted,
            follow_ups: vec![FollowUp::default(), FollowUp::default()],
            updated_at: t(0),
            ..Visit::default()
        };
        let mut a = base.clone();
        a.amendments.push(Amendment {
            at: t(5),
            by: "R07".into(),
            text: "补充".into(),
        });
        a.follow_ups[0].done_at = Some(t(6));
        let mut b = base.clone();
        b.amendments.push(Amendment {
            at: t(7),
            by: "HQ".into(),
            text: "核实".into(),
        });
        b.follow_ups[1].done_at = Some(t(8));
        let ab = merge_visit(&a, &b);
        assert_eq!(ab, merge_visit(&b, &a));
        assert_eq!(ab.amendments.len(), 2);
        assert!(ab.follow_ups.iter().all(|f| f.done_at.is_some()));
        // Drafts never travel.
        let draft = Visit {
            id: "d".into(),
            ..Visit::default()
        };
        let p = plan(
            &Contents {
                visits: vec![draft, ab.clone()],
                ..Contents::default()
            },
            &Local::default(),
            &office(),
        );
        assert_eq!(p.visits, vec![ab]);
    }
}
