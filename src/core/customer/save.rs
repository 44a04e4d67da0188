//! Saving a customer file: validate, number a new file, record what changed and who
//! changed it, and write it all in one commit.

use chrono::{DateTime, Datelike, Utc};

use super::history::{self, ChangeKind, HistoryEntry};
use super::model::Customer;
use super::validate::{CustomerDraft, FieldError, validate};
use crate::core::i18n::Note;
use crate::core::store::{Commit, CustomerStore, Profile, StoreError, draft_key};
use crate::core::sync::hlc::Hlc;
use crate::core::sync::merge::{Editor, conflicts, record_edit, record_resolution, with_unit};

/// Why a save did not happen. The draft is kept in every case.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SaveError {
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    #[error("no profile: set your name and rep code first")]
    NoProfile,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Fresh identifiers for a save (ULIDs in the app; anything unique in tests).
pub struct NewIds {
    pub customer: String,
    pub history: String,
}

/// Saves `draft` as `profile` at `now`, with an optional `reason` for the history.
/// A draft without changes saves nothing and returns the stored file.
pub async fn save<S: CustomerStore>(
    store: &S,
    draft: &CustomerDraft,
    profile: Option<&Profile>,
    reason: impl Into<Note>,
    now: DateTime<Utc>,
    ids: NewIds,
) -> Result<Customer, SaveError> {
    let profile = profile
        .filter(|p| !p.name.is_empty() && !p.rep_code.is_empty())
        .ok_or(SaveError::NoProfile)?;
    let mut customer = validate(draft, now.date_naive()).map_err(SaveError::Invalid)?;
    // Versions are the store's, never the form's.
    customer.sync = Default::default();
    let key = draft_key(&draft.customer.id);
    let existing = match customer.id.as_str() {
        "" => None,
        id => store.customer(id).await?,
    };
    let (kind, changes, allocate, expected) = match &existing {
        None => {
            customer.id = ids.customer;
            customer.created_at = now;
            customer.revision = 1;
            (
                ChangeKind::Created,
                Vec::new(),
                Some((profile.rep_code.clone(), now.year())),
                None,
            )
        }
        Some(old) => {
            if old.revision != draft.customer.revision {
                return Err(StoreError::Conflict.into());
            }
            let changes = history::diff(old, &customer);
            if changes.is_empty() {
                store.delete_draft(&key).await?;
                return Ok(old.clone());
            }
            customer.revision = old.revision + 1;
            // Each edited field gets a version, for merging with head office's copy.
            // The rep code names this laptop's edits (one laptop per rep).
            customer.sync = old.sync.clone();
            let last = old.sync.latest().cloned().unwrap_or_default();
            let at = Hlc::tick(
                &last,
                now.timestamp_millis().max(0) as u64,
                &profile.rep_code,
            );
            let by = profile.signature();
            let editor = Editor {
                node: &profile.rep_code,
                by: &by,
                at,
            };
            record_edit(old, &mut customer, &editor);
            (ChangeKind::Edited, changes, None, Some(old.revision))
        }
    };
    customer.updated_at = now;
    let entry = HistoryEntry {
        id: ids.history,
        customer_id: customer.id.clone(),
        at: now,
        by: profile.name.clone(),
        reason: reason.into().trimmed(),
        kind,
        revision: customer.revision,
        changes,
    };
    let commit = Commit {
        customer,
        history: entry,
        allocate_number: allocate,
        expected_revision: expected,
        draft_key: Some(key),
    };
    Ok(store.commit(commit).await?)
}

/// Applies `change` to stored file `customer_id` as `profile` at `now`, recorded in the
/// history with `reason`: the actions that are not the edit form (a review, closing the
/// account). `change` gets the file and who acts ("name (rep code)"). A change that
/// changes nothing saves nothing.
#[allow(clippy::too_many_arguments)]
pub async fn change<S: CustomerStore>(
    store: &S,
    customer_id: &str,
    profile: Option<&Profile>,
    reason: impl Into<Note>,
    now: DateTime<Utc>,
    history_id: String,
    change: impl FnOnce(&mut Customer, &str),
) -> Result<Customer, SaveError> {
    let profile = profile
        .filter(|p| !p.name.is_empty() && !p.rep_code.is_empty())
        .ok_or(SaveError::NoProfile)?;
    let old = store
        .customer(customer_id)
        .await?
        .ok_or(StoreError::Conflict)?;
    let by = profile.signature();
    let mut new = old.clone();
    change(&mut new, &by);
    let changes = history::diff(&old, &new);
    if changes.is_empty() {
        return Ok(old);
    }
    new.revision = old.revision + 1;
    new.updated_at = now;
    let last = old.sync.latest().cloned().unwrap_or_default();
    let editor = Editor {
        node: &profile.rep_code,
        by: &by,
        at: Hlc::tick(
            &last,
            now.timestamp_millis().max(0) as u64,
            &profile.rep_code,
        ),
    };
    record_edit(&old, &mut new, &editor);
    let entry = HistoryEntry {
        id: history_id,
        customer_id: new.id.clone(),
        at: now,
        by: profile.name.clone(),
        reason: reason.into().trimmed(),
        kind: ChangeKind::Edited,
        revision: new.revision,
        changes,
    };
    Ok(store
        .commit(Commit {
            customer: new,
            history: entry,
            allocate_number: None,
            expected_revision: Some(old.revision),
            draft_key: None,
        })
        .await?)
}

/// Settles a conflict on `path` of file `customer_id` with `chosen` (one of its
/// versions' values, or another), as `profile` at `now`; recorded in the history with
/// `reason`. The choice has seen every version, so it wins wherever it travels.
#[allow(clippy::too_many_arguments)]
pub async fn resolve_conflict<S: CustomerStore>(
    store: &S,
    customer_id: &str,
    path: &str,
    chosen: &serde_json::Value,
    profile: Option<&Profile>,
    reason: impl Into<Note>,
    now: DateTime<Utc>,
    history_id: String,
) -> Result<Customer, SaveError> {
    let profile = profile
        .filter(|p| !p.name.is_empty() && !p.rep_code.is_empty())
        .ok_or(SaveError::NoProfile)?;
    let old = store
        .customer(customer_id)
        .await?
        .ok_or(StoreError::Conflict)?;
    let mut new = with_unit(&old, path, chosen).ok_or(StoreError::Conflict)?;
    new.revision = old.revision + 1;
    new.updated_at = now;
    let last = old.sync.latest().cloned().unwrap_or_default();
    let by = profile.signature();
    record_resolution(
        &mut new,
        path,
        &Editor {
            node: &profile.rep_code,
            by: &by,
            at: Hlc::tick(
                &last,
                now.timestamp_millis().max(0) as u64,
                &profile.rep_code,
            ),
        },
    );
    let shown = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let before = conflicts(&old)
        .into_iter()
        .find(|c| c.path == path)
        .map(|c| {
            c.versions
                .iter()
                .map(|v| shown(&v.value))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .unwrap_or_default();
    let entry = HistoryEntry {
        id: history_id,
        customer_id: new.id.clone(),
        at: now,
        by: profile.name.clone(),
        reason: reason.into(),
        kind: ChangeKind::Edited,
        revision: new.revision,
        changes: vec![history::FieldChange {
            path: path.to_owned(),
            old: before,
            new: shown(chosen),
        }],
    };
    let expected = Some(old.revision);
    Ok(store
        .commit(Commit {
            customer: new,
            history: entry,
            allocate_number: None,
            expected_revision: expected,
            draft_key: None,
        })
        .await?)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use futures::executor::block_on;

    use super::*;
    use crate::core::customer::validate::{Field, Problem};
    use crate::core::store::MemoryStore;

    fn profile() -> Profile {
        Profile {
            name: "李业务".into(),
            rep_code: "R07".into(),
        }
    }

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap()
    }

    fn ids(n: u32) -> NewIds {
        NewIds {
            customer: format!("c{n}"),
            history: format!("h{n}"),
        }
    }

    fn new_draft(name: &str) -> CustomerDraft {
        let mut d = CustomerDraft::default();
        d.customer.basic.name = name.into();
        d
    }

    #[test]
    fn each_edited_field_gets_a_version_for_merging_and_a_form_cannot_forge_one() {
        block_on(async {
            let store = MemoryStore::default();
            let c = save(
                &store,
                &new_draft("甲公司"),
                Some(&profile()),
                "",
                at(1),
                ids(1),
            )
            .await
            .unwrap();
            assert!(c.sync.is_empty(), "nothing edited yet");
            let mut edit = CustomerDraft::of(&c);
            edit.customer.basic.phone = "13800000000".into();
            edit.customer.sync = Default::default();
            let c = save(&store, &edit, Some(&profile()), "", at(2), ids(2))
                .await
                .unwrap();
            let versions = &c.sync.0["basic.phone"];
            assert_eq!(versions.len(), 1);
            assert_eq!(versions[0].vv.get("R07"), Some(&1));
            assert_eq!(versions[0].by, "李业务 (R07)");
            assert_eq!(c.sync.0.len(), 1, "only the edited field");
            let mut again = CustomerDraft::of(&c);
            again.customer.basic.phone = "13900000000".into();
            let c = save(&store, &again, Some(&profile()), "", at(3), ids(3))
                .await
                .unwrap();
            assert_eq!(c.sync.0["basic.phone"][0].vv.get("R07"), Some(&2));
        });
    }

    #[test]
    fn a_conflict_is_settled_with_the_chosen_value_even_when_it_is_the_one_shown() {
        use crate::core::sync::merge::merge;
        block_on(async {
            let store = MemoryStore::default();
            let c = save(
                &store,
                &new_draft("甲公司"),
                Some(&profile()),
                "",
                at(1),
                ids(1),
            )
            .await
            .unwrap();
            let office = Profile {
                name: "王经理".into(),
                rep_code: "HQ".into(),
            };
            let mut theirs = CustomerDraft::of(&c);
            theirs.customer.basic.phone = "0750-2222222".into();
            let other = MemoryStore::default();
            let hq = {
                // Head office's own copy, edited there.
                store_copy(&other, &c).await;
                save(&other, &theirs, Some(&office), "", at(3), ids(3))
                    .await
                    .unwrap()
            };
            let mut ours = CustomerDraft::of(&c);
            ours.customer.basic.phone = "0750-1111111".into();
            let mine = save(&store, &ours, Some(&profile()), "", at(2), ids(2))
                .await
                .unwrap();
            let mut both = merge(&mine, &hq);
            both.revision = mine.revision + 1;
            commit_as_is(&store, &both, mine.revision).await;
            assert_eq!(
                both.basic.phone, "0750-2222222",
                "the newer shows meanwhile"
            );

            let settled = resolve_conflict(
                &store,
                "c1",
                "basic.phone",
                &serde_json::Value::from("0750-2222222"),
                Some(&profile()),
                "Conflict resolved",
                at(4),
                "h4".into(),
            )
            .await
            .unwrap();
            assert!(conflicts(&settled).is_empty());
            assert_eq!(settled.basic.phone, "0750-2222222");
            let last = store.history("c1").await.unwrap().pop().unwrap();
            assert_eq!(last.changes[0].old, "0750-2222222 | 0750-1111111");
            assert!(
                conflicts(&merge(&hq, &settled)).is_empty(),
                "settled at head office too"
            );
        });
    }

    async fn store_copy(store: &MemoryStore, c: &Customer) {
        commit_as_is(store, c, 0).await;
    }

    /// Writes `c` as it is (an import would).
    async fn commit_as_is(store: &MemoryStore, c: &Customer, expected: u32) {
        store
            .commit(Commit {
                customer: c.clone(),
                history: HistoryEntry {
                    id: format!("import-{}", c.revision),
                    customer_id: c.id.clone(),
                    at: c.updated_at,
                    by: String::new(),
                    reason: Default::default(),
                    kind: ChangeKind::Edited,
                    revision: c.revision,
                    changes: Vec::new(),
                },
                allocate_number: None,
                expected_revision: (expected > 0).then_some(expected),
                draft_key: None,
            })
            .await
            .unwrap();
    }

    #[test]
    fn new_files_get_consecutive_archive_numbers_and_a_created_entry() {
        block_on(async {
            let store = MemoryStore::default();
            let a = save(
                &store,
                &new_draft("甲公司"),
                Some(&profile()),
                "",
                at(1),
                ids(1),
            )
            .await
            .unwrap();
            let b = save(
                &store,
                &new_draft("乙公司"),
                Some(&profile()),
                "",
                at(2),
                ids(2),
            )
            .await
            .unwrap();
            assert_eq!(
                (a.archive_no.as_str(), b.archive_no.as_str()),
                ("R07-2026-00001", "R07-2026-00002")
            );
            assert_eq!((a.revision, a.created_at), (1, at(1)));
            let history = store.history("c1").await.unwrap();
            assert_eq!(history.len(), 1);
            assert_eq!(
                (history[0].kind, history[0].by.as_str()),
                (ChangeKind::Created, "李业务")
            );
        });
    }

    #[test]
    fn an_edit_records_who_when_why_and_what() {
        block_on(async {
            let store = MemoryStore::default();
            let created = save(
                &store,
                &new_draft("甲公司"),
                Some(&profile()),
                "",
                at(1),
                ids(1),
            )
            .await
            .unwrap();
            let mut edit = CustomerDraft::of(&created);
            edit.customer.basic.phone = "13812345678".into();
            let saved = save(
                &store,
                &edit,
                Some(&profile()),
                "客户换了手机",
                at(3),
                ids(2),
            )
            .await
            .unwrap();
            assert_eq!(
                (saved.revision, saved.archive_no.as_str()),
                (2, "R07-2026-00001")
            );
            let history = store.history("c1").await.unwrap();
            let last = history.last().unwrap();
            assert_eq!(
                (last.kind, last.at, last.reason.typed().unwrap_or_default()),
                (ChangeKind::Edited, at(3), "客户换了手机")
            );
            assert_eq!(last.changes.len(), 1);
            assert_eq!(last.changes[0].path, "basic.phone");
            assert_eq!(last.changes[0].new, "13812345678");
        });
    }

    #[test]
    fn invalid_drafts_and_stale_edits_are_refused_and_the_draft_kept() {
        block_on(async {
            let store = MemoryStore::default();
            let key = draft_key("");
            let blank = new_draft(" ");
            store.put_draft(&key, &blank).await.unwrap();
            let refused = save(&store, &blank, Some(&profile()), "", at(1), ids(1)).await;
            assert_eq!(
                refused,
                Err(SaveError::Invalid(vec![FieldError {
                    field: Field::Name,
                    problem: Problem::Required
                }]))
            );
            assert_eq!(
                store.draft(&key).await.unwrap(),
                Some(blank),
                "the typed draft survives"
            );

            let created = save(
                &store,
                &new_draft("甲公司"),
                Some(&profile()),
                "",
                at(1),
                ids(2),
            )
            .await
            .unwrap();
            let mut first = CustomerDraft::of(&created);
            let mut second = CustomerDraft::of(&created);
            first.customer.basic.phone = "13812345678".into();
            second.customer.basic.phone = "13900000000".into();
            save(&store, &first, Some(&profile()), "", at(2), ids(3))
                .await
                .unwrap();
            let stale = save(&store, &second, Some(&profile()), "", at(2), ids(4)).await;
            assert_eq!(stale, Err(SaveError::Store(StoreError::Conflict)));
        });
    }

    #[test]
    fn saving_needs_a_profile_and_unchanged_drafts_write_nothing() {
        block_on(async {
            let store = MemoryStore::default();
            assert_eq!(
                save(&store, &new_draft("甲"), None, "", at(1), ids(1)).await,
                Err(SaveError::NoProfile)
            );
            let created = save(
                &store,
                &new_draft("甲"),
                Some(&profile()),
                "",
                at(1),
                ids(1),
            )
            .await
            .unwrap();
            let again = save(
                &store,
                &CustomerDraft::of(&created),
                Some(&profile()),
                "",
                at(2),
                ids(2),
            )
            .await
            .unwrap();
            assert_eq!(again.revision, 1);
            assert_eq!(store.history("c1").await.unwrap().len(), 1);
        });
    }

    #[test]
    fn a_review_and_a_closure_are_recorded_with_who_and_why_and_merge_across_laptops() {
        use crate::core::customer::model::{Closure, CreditGrade, Review, Status};
        use crate::core::sync::merge::{conflicts, merge};
        block_on(async {
            let store = MemoryStore::default();
            let c = save(
                &store,
                &new_draft("甲公司"),
                Some(&profile()),
                "",
                at(1),
                ids(1),
            )
            .await
            .unwrap();
            let review = |c: &mut Customer, by: &str, id: &str, day: u32| {
                c.reviews.insert(
                    id.into(),
                    Review {
                        at: at(day),
                        by: by.into(),
                        grade: CreditGrade::C,
                        note: "ok".into(),
                    },
                );
            };
            let reviewed = change(
                &store,
                &c.id,
                Some(&profile()),
                "定期复查",
                at(2),
                "h2".into(),
                |c, by| review(c, by, "r1", 2),
            )
            .await
            .unwrap();
            assert_eq!(reviewed.revision, 2);
            assert_eq!(reviewed.reviews["r1"].by, "李业务 (R07)");
            let entry = &store.catalogue().await.unwrap()[0];
            assert_eq!(entry.last_review, Some(at(2)));
            let history = store.history(&c.id).await.unwrap();
            assert_eq!(history.last().unwrap().reason, "定期复查");
            assert!(
                history
                    .last()
                    .unwrap()
                    .changes
                    .iter()
                    .all(|ch| ch.path.starts_with("reviews.r1."))
            );

            // Head office reviews its copy meanwhile: both reviews survive the merge.
            let mut office = c.clone();
            let before = office.clone();
            review(&mut office, "王经理 (HQ)", "r2", 3);
            let editor = Editor {
                node: "HQ",
                by: "王经理 (HQ)",
                at: Hlc::tick(&Hlc::default(), at(3).timestamp_millis() as u64, "HQ"),
            };
            record_edit(&before, &mut office, &editor);
            let merged = merge(&reviewed, &office);
            assert_eq!(merged.reviews.len(), 2);
            assert!(conflicts(&merged).is_empty());

            // Nothing changed: nothing saved.
            let same = change(
                &store,
                &c.id,
                Some(&profile()),
                "",
                at(4),
                "h3".into(),
                |_, _| {},
            )
            .await
            .unwrap();
            assert_eq!(same.revision, 2);

            let closed = change(
                &store,
                &c.id,
                Some(&profile()),
                "停业",
                at(5),
                "h4".into(),
                |c, by| {
                    c.status = Status::Closed;
                    c.closure = Some(Closure {
                        date: at(5).date_naive(),
                        reason: "停业".into(),
                        by: by.into(),
                    });
                },
            )
            .await
            .unwrap();
            assert_eq!(closed.status, Status::Closed);
            assert_eq!(closed.sync.0["closure"].len(), 1, "the closure is one unit");
            assert_eq!(store.catalogue().await.unwrap()[0].status, Status::Closed);
            // Reopened from the form: no longer closed.
            let mut reopen = CustomerDraft::of(&closed);
            reopen.customer.status = Status::Active;
            let reopened = save(&store, &reopen, Some(&profile()), "", at(6), ids(6))
                .await
                .unwrap();
            assert_eq!(reopened.closure, None);
            assert_eq!(reopened.reviews.len(), 1, "the form keeps the reviews");
        });
    }
}
