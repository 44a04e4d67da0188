//! Submitting a visit: check it, then store it as final. Until then it is a draft that
//! the form overwrites at every change.

use chrono::{DateTime, Utc};

use super::model::{Visit, VisitStatus};
use crate::core::customer::money::Money;
use crate::core::customer::validate::{Field, FieldError, Problem};
use crate::core::store::{StoreError, VisitStore};

/// Why a visit was not submitted. The draft is kept in every case.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SubmitError {
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The problems that stop `visit` from being submitted at `now`.
pub fn check(visit: &Visit, now: DateTime<Utc>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut add = |field, problem| errors.push(FieldError { field, problem });
    match visit.at {
        None => add(Field::VisitAt, Problem::Required),
        // A visit in the future is a typing slip; a day of slack covers time zones.
        Some(at) if at.date() > now.date_naive().succ_opt().unwrap_or(now.date_naive()) => {
            add(Field::VisitAt, Problem::DateInFuture)
        }
        _ => {}
    }
    if visit.summary.trim().is_empty() {
        add(Field::VisitSummary, Problem::Required);
    }
    if let Err(e) = Money::parse(&visit.amount) {
        add(
            Field::VisitAmount,
            match e {
                crate::core::customer::money::MoneyError::Negative => Problem::Negative,
                crate::core::customer::money::MoneyError::TooLarge => Problem::TooLarge,
                crate::core::customer::money::MoneyError::NotANumber => Problem::NotANumber,
            },
        );
    }
    for (i, f) in visit.follow_ups.iter().enumerate() {
        if f.action.trim().is_empty() && (f.due.is_some() || !f.owner.trim().is_empty()) {
            add(Field::FollowUpAction(i), Problem::Required);
        }
        if !f.action.trim().is_empty() && f.due.is_none() {
            add(Field::FollowUpDue(i), Problem::Required);
        }
    }
    if let (Some(next), Some(at)) = (visit.next_visit, visit.at)
        && next < at.date()
    {
        add(Field::NextVisit, Problem::BeforeVisit);
    }
    errors
}

/// `visit` as it is submitted at `now`: checked, blank follow-up rows dropped, final.
/// The problems found instead, if any.
pub fn finalize(visit: &Visit, now: DateTime<Utc>) -> Result<Visit, Vec<FieldError>> {
    let errors = check(visit, now);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut done = visit.clone();
    done.follow_ups.retain(|f| !f.action.trim().is_empty());
    done.status = VisitStatus::Submitted;
    done.submitted_at = Some(now);
    done.updated_at = now;
    Ok(done)
}

/// Checks and submits `visit` as final (see [`finalize`]).
pub async fn submit<S: VisitStore>(
    store: &S,
    visit: &Visit,
    now: DateTime<Utc>,
) -> Result<Visit, SubmitError> {
    let done = finalize(visit, now).map_err(SubmitError::Invalid)?;
    store.submit_visit(&done).await?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};
    use futures::executor::block_on;

    use super::*;
    use crate::core::store::MemoryStore;
    use crate::core::visit::model::{Amendment, FollowUp};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
    }

    fn visit() -> Visit {
        Visit {
            id: "v1".into(),
            customer_id: "c1".into(),
            at: NaiveDate::from_ymd_opt(2026, 11, 22).and_then(|d| d.and_hms_opt(9, 30, 0)),
            summary: "谈了明年的订货计划".into(),
            ..Default::default()
        }
    }

    fn problems(v: &Visit) -> Vec<(Field, Problem)> {
        check(v, now())
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_visit_needs_a_time_and_a_summary() {
        assert!(problems(&visit()).is_empty());
        let blank = Visit {
            at: None,
            summary: " ".into(),
            ..visit()
        };
        assert_eq!(
            problems(&blank),
            vec![
                (Field::VisitAt, Problem::Required),
                (Field::VisitSummary, Problem::Required)
            ]
        );
    }

    #[test]
    fn follow_ups_need_a_due_date_and_the_next_visit_comes_after() {
        let mut v = visit();
        v.follow_ups = vec![
            FollowUp {
                action: "寄样品".into(),
                owner: "李业务".into(),
                due: None,
                ..Default::default()
            },
            FollowUp {
                owner: "王".into(),
                ..Default::default()
            },
            FollowUp::default(),
        ];
        v.next_visit = NaiveDate::from_ymd_opt(2026, 11, 1);
        v.amount = "abc".into();
        assert_eq!(
            problems(&v),
            vec![
                (Field::VisitAmount, Problem::NotANumber),
                (Field::FollowUpDue(0), Problem::Required),
                (Field::FollowUpAction(1), Problem::Required),
                (Field::NextVisit, Problem::BeforeVisit),
            ]
        );
    }

    #[test]
    fn a_submitted_visit_is_final() {
        block_on(async {
            let store = MemoryStore::default();
            let mut draft = visit();
            draft.follow_ups = vec![FollowUp::default()];
            store.put_visit(&draft).await.unwrap();
            let done = submit(&store, &draft, now()).await.unwrap();
            assert_eq!(
                (done.status, done.submitted_at),
                (VisitStatus::Submitted, Some(now()))
            );
            assert!(done.follow_ups.is_empty(), "blank rows are dropped");
            assert_eq!(store.visit("v1").await.unwrap(), Some(done.clone()));
            assert!(
                store
                    .amend_visit("nope", Amendment::default())
                    .await
                    .is_err()
            );
            // Corrections are appended; the original stays as submitted.
            let amendment = Amendment {
                at: now(),
                by: "李业务".into(),
                text: "金额应为 5 万".into(),
            };
            let amended = store.amend_visit("v1", amendment.clone()).await.unwrap();
            assert_eq!(
                (amended.summary.as_str(), amended.amendments.clone()),
                (done.summary.as_str(), vec![amendment])
            );
            // Neither an autosave nor a second submission can change it now.
            assert_eq!(store.put_visit(&draft).await, Err(StoreError::VisitFinal));
            assert_eq!(
                submit(&store, &draft, now()).await,
                Err(SubmitError::Store(StoreError::VisitFinal))
            );
        });
    }

    #[test]
    fn an_invalid_visit_stays_a_draft() {
        block_on(async {
            let store = MemoryStore::default();
            let draft = Visit {
                summary: String::new(),
                ..visit()
            };
            store.put_visit(&draft).await.unwrap();
            assert!(matches!(
                submit(&store, &draft, now()).await,
                Err(SubmitError::Invalid(_))
            ));
            assert_eq!(
                store.visit("v1").await.unwrap().map(|v| v.status),
                Some(VisitStatus::Draft)
            );
        });
    }
}
