//! One customer's timeline: visits, complaints, changes and grade changes, newest first.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::core::complaint::{Complaint, ComplaintStatus};
use crate::core::customer::history::{ChangeKind, HistoryEntry};
use crate::core::visit::model::{Visit, VisitStatus};

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Created {
        by: String,
    },
    Edited {
        by: String,
        fields: usize,
    },
    GradeChanged {
        by: String,
        from: String,
        to: String,
    },
    Visited {
        visit_id: String,
        summary: String,
    },
    ComplaintReceived {
        complaint_id: String,
        acceptance_no: String,
    },
    ComplaintClosed {
        complaint_id: String,
        acceptance_no: String,
    },
    /// The rep proposed a head-office decision (`field`: `credit`, `secret`, `closure`,
    /// `destruction`) with `value`.
    Proposed {
        field: String,
        value: serde_json::Value,
        by: String,
        reason: String,
    },
    /// Head office decided it.
    Decided {
        field: String,
        value: serde_json::Value,
        approved: bool,
        by: String,
        reason: String,
    },
}

/// An event and when it happened (local dates and times are compared as they were typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub when: NaiveDateTime,
    pub event: Event,
}

fn at_start(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default()
}

/// Builds the timeline; `local` turns stored UTC instants into the rep's local time.
pub fn build(
    history: &[HistoryEntry],
    visits: &[Visit],
    complaints: &[Complaint],
    local: impl Fn(DateTime<Utc>) -> NaiveDateTime,
) -> Vec<Entry> {
    let mut out = Vec::new();
    for h in history {
        let when = local(h.at);
        match h.kind {
            ChangeKind::Created => out.push(Entry {
                when,
                event: Event::Created { by: h.by.clone() },
            }),
            ChangeKind::Edited => {
                let grade = h
                    .changes
                    .iter()
                    .find(|c| c.path == "credit.grade" || c.path == "credit");
                if let Some(g) = grade {
                    out.push(Entry {
                        when,
                        event: Event::GradeChanged {
                            by: h.by.clone(),
                            from: g.old.clone(),
                            to: g.new.clone(),
                        },
                    });
                }
                let others = h
                    .changes
                    .iter()
                    .filter(|c| !c.path.starts_with("credit"))
                    .count();
                if others > 0 {
                    out.push(Entry {
                        when,
                        event: Event::Edited {
                            by: h.by.clone(),
                            fields: others,
                        },
                    });
                }
            }
        }
    }
    for v in visits.iter().filter(|v| v.status == VisitStatus::Submitted) {
        let when = v.at.unwrap_or_else(|| local(v.updated_at));
        out.push(Entry {
            when,
            event: Event::Visited {
                visit_id: v.id.clone(),
                summary: v.summary.clone(),
            },
        });
    }
    for c in complaints {
        let (id, no) = (c.id.clone(), c.acceptance_no.clone());
        let received = c.received_on.map_or_else(|| local(c.created_at), at_start);
        // Closed first: on the same day, the later event stays above the earlier.
        if let (ComplaintStatus::Closed, Some(closed)) = (c.status, c.closed_on) {
            out.push(Entry {
                when: at_start(closed),
                event: Event::ComplaintClosed {
                    complaint_id: id.clone(),
                    acceptance_no: no.clone(),
                },
            });
        }
        out.push(Entry {
            when: received,
            event: Event::ComplaintReceived {
                complaint_id: id,
                acceptance_no: no,
            },
        });
    }
    // Newest first; at the same moment, keep the order above (creation before edits).
    out.sort_by_key(|e| std::cmp::Reverse(e.when));
    out
}

/// `entries` with file `file`'s proposals and the decisions on them from `mine`, newest
/// first.
pub fn with_proposals(
    mut entries: Vec<Entry>,
    mine: &[crate::core::authority::proposal::Mine],
    file: &str,
    local: impl Fn(DateTime<Utc>) -> NaiveDateTime,
) -> Vec<Entry> {
    for m in mine.iter().filter(|m| m.proposal.file == file) {
        let p = &m.proposal;
        if let Some(d) = &m.decision {
            entries.push(Entry {
                when: local(d.at),
                event: Event::Decided {
                    field: p.field.clone(),
                    value: p.value.clone(),
                    approved: d.approved,
                    by: d.by.clone(),
                    reason: d.reason.clone(),
                },
            });
        }
        // A decision on a change made as a change carries no proposal of its own.
        if !p.reason.is_empty() {
            entries.push(Entry {
                when: local(p.at),
                event: Event::Proposed {
                    field: p.field.clone(),
                    value: p.value.clone(),
                    by: p.by.clone(),
                    reason: p.reason.clone(),
                },
            });
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.when));
    entries
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::core::complaint::Decision;
    use crate::core::customer::history::FieldChange;

    fn utc(d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
    }

    fn entry(kind: ChangeKind, d: u32, changes: Vec<FieldChange>) -> HistoryEntry {
        HistoryEntry {
            id: format!("h{d}"),
            customer_id: "c1".into(),
            at: utc(d, 9),
            by: "李业务".into(),
            reason: Default::default(),
            kind,
            revision: d,
            changes,
        }
    }

    fn change(path: &str, old: &str, new: &str) -> FieldChange {
        FieldChange {
            path: path.into(),
            old: old.into(),
            new: new.into(),
        }
    }

    #[test]
    fn everything_that_happened_to_a_customer_in_one_list_newest_first() {
        let history = vec![
            entry(ChangeKind::Created, 1, vec![]),
            entry(
                ChangeKind::Edited,
                5,
                vec![
                    change("credit.grade", "", "B"),
                    change("basic.phone", "1", "2"),
                ],
            ),
        ];
        let visit = Visit {
            id: "v1".into(),
            status: VisitStatus::Submitted,
            at: NaiveDate::from_ymd_opt(2026, 11, 3).and_then(|d| d.and_hms_opt(10, 0, 0)),
            summary: "谈价格".into(),
            ..Default::default()
        };
        let draft = Visit {
            id: "v2".into(),
            status: VisitStatus::Draft,
            ..visit.clone()
        };
        let complaint = Complaint {
            id: "k1".into(),
            acceptance_no: "R07-2026-T0001".into(),
            received_on: NaiveDate::from_ymd_opt(2026, 11, 4),
            decision: Decision::Accepted,
            status: ComplaintStatus::Closed,
            closed_on: NaiveDate::from_ymd_opt(2026, 11, 8),
            ..Default::default()
        };
        let timeline = build(&history, &[visit, draft], &[complaint], |t| t.naive_utc());
        let kinds: Vec<&str> = timeline
            .iter()
            .map(|e| match &e.event {
                Event::Created { .. } => "created",
                Event::Edited { fields, .. } => {
                    if *fields == 1 {
                        "edited 1"
                    } else {
                        "edited"
                    }
                }
                Event::GradeChanged { to, .. } => {
                    if to == "B" {
                        "grade B"
                    } else {
                        "grade"
                    }
                }
                Event::Visited { .. } => "visit",
                Event::ComplaintReceived { .. } => "complaint",
                Event::ComplaintClosed { .. } => "closed",
                Event::Proposed { .. } | Event::Decided { .. } => "proposal",
            })
            .collect();
        assert_eq!(
            kinds,
            vec![
                "closed",
                "grade B",
                "edited 1",
                "complaint",
                "visit",
                "created"
            ]
        );
    }

    #[test]
    fn a_proposal_and_its_decision_show_in_order_on_their_file_only() {
        use crate::core::authority::proposal::{Mine, Proposal};
        use crate::core::authority::request::Decision;
        let proposal = |file: &str, at: DateTime<Utc>| Proposal {
            id: format!("p:R07:{file}"),
            file: file.into(),
            archive_no: "R07-2026-00001".into(),
            field: "credit".into(),
            value: serde_json::json!({"grade": "A"}),
            reason: "大客户".into(),
            by: "李伟 (R07)".into(),
            at,
        };
        let mine = vec![
            Mine {
                proposal: proposal("f1", utc(2, 9)),
                decision: Some(Decision {
                    approved: false,
                    by: "李强 (HQ)".into(),
                    at: utc(4, 9),
                    reason: "证据不足".into(),
                }),
            },
            Mine {
                proposal: proposal("f2", utc(3, 9)),
                decision: None,
            },
        ];
        let history = build(&[], &[], &[], |t| t.naive_utc());
        let out = with_proposals(history, &mine, "f1", |t| t.naive_utc());
        assert_eq!(out.len(), 2);
        assert!(
            matches!(&out[0].event, Event::Decided { approved: false, reason, .. } if reason == "证据不足")
        );
        assert!(matches!(&out[1].event, Event::Proposed { by, .. } if by == "李伟 (R07)"));
    }
}
