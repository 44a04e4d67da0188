//! The monthly reports (顾客情报报告书, `core::monthly`), kept sealed in `meta` (they
//! name customers and their troubles): on a rep's laptop its own, drafts and sent; at
//! head office the reps' received, with the review and passing on.

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;

use super::Db;
use super::registers::RegisterError;
use super::schema::meta_keys;
use super::sealed::{put_sealed_list_in, sealed_list_in};
use crate::core::authority::Sender;
use crate::core::bundle::Contents;
use crate::core::monthly::{self, Report, Returned, State};
use crate::core::people::{self, Action};
use crate::core::store::StoreError;

impl Db {
    /// Every report held here, newest month first.
    pub async fn monthly_reports(&self) -> Result<Vec<Report>, StoreError> {
        let mut all: Vec<Report> = self.register(meta_keys::MONTHLY_REPORTS).await?;
        all.sort_by(|a, b| (b.month(), &a.rep_code).cmp(&(a.month(), &b.rep_code)));
        Ok(all)
    }

    /// Keeps the rep's report as written, a draft, or sent now when `send`. A report
    /// already sent stays as sent: `false`.
    pub async fn keep_monthly_report(
        &self,
        report: Report,
        send: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, RegisterError> {
        self.change_register(meta_keys::MONTHLY_REPORTS, |held: &mut Vec<Report>| {
            let mut report = monthly::bounded(report);
            report.written_at = Some(now);
            report.sent_at = send.then_some(now);
            report.review = None;
            report.passed_on = None;
            // One report a rep and month: another of the rep's for the month that was
            // sent stays as it is, and another draft of it (begun before the list was
            // read again) goes. A rep who had the laptop before keeps theirs.
            let other = |r: &Report| {
                r.id != report.id && r.month == report.month && r.rep_code == report.rep_code
            };
            if held.iter().any(|r| other(r) && r.state() != State::Draft) {
                return Ok(false);
            }
            held.retain(|r| !other(r));
            Ok(match held.iter_mut().find(|r| r.id == report.id) {
                Some(r) if r.state() != State::Draft => false,
                Some(r) => {
                    *r = report;
                    true
                }
                None => {
                    held.push(report);
                    true
                }
            })
        })
        .await
    }

    /// Head office reviews report `id` as the one unlocked here, who must be the sales
    /// manager (checked here, not only by the page), with `note`.
    pub async fn review_monthly_report(
        &self,
        id: &str,
        by: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, RegisterError> {
        self.may_review_reports().await?;
        self.change_register(meta_keys::MONTHLY_REPORTS, |held: &mut Vec<Report>| {
            Ok(monthly::review(held, id, by, note, now))
        })
        .await
    }

    /// Head office passes reviewed report `id` on to the general manager.
    pub async fn pass_on_monthly_report(
        &self,
        id: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, RegisterError> {
        self.may_review_reports().await?;
        self.change_register(meta_keys::MONTHLY_REPORTS, |held: &mut Vec<Report>| {
            Ok(monthly::pass_on(held, id, by, now))
        })
        .await
    }

    async fn may_review_reports(&self) -> Result<(), RegisterError> {
        let actor = self.actor().await?;
        people::may(&actor, Action::ReviewReport).map_err(RegisterError::NotAllowed)
    }

    /// What a bundle carries: a rep's sent reports not yet answered; head office's word
    /// on the reports of rep `rep_code`.
    pub(super) async fn monthly_to_send(
        &self,
        to_rep: Option<&str>,
    ) -> Result<(Vec<Report>, Vec<Returned>), StoreError> {
        let held = match self
            .meta::<crate::core::vault::Sealed>(meta_keys::MONTHLY_REPORTS)
            .await?
        {
            Some(_) => self.monthly_reports().await?,
            None => return Ok((Vec::new(), Vec::new())),
        };
        Ok(match to_rep {
            Some(code) => (Vec::new(), monthly::to_return(&held, code)),
            None => (monthly::to_send(&held), Vec::new()),
        })
    }

    /// Takes a bundle's reports (from a rep) or head office's word on this laptop's,
    /// within the import's transaction over `meta`.
    pub(super) async fn take_monthly(
        &self,
        meta: &ObjectStore<'_>,
        contents: &Contents,
        sender: &Sender,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if contents.reports.is_empty() && contents.report_returns.is_empty() {
            return Ok(());
        }
        let key = self.key()?;
        let mut held: Vec<Report> = sealed_list_in(meta, meta_keys::MONTHLY_REPORTS, &key).await?;
        let changed = match sender {
            Sender::Rep { .. } => monthly::receive(&mut held, &contents.reports, sender, now).0,
            Sender::HeadOffice => {
                monthly::take_returned(&mut held, &contents.report_returns, sender, now)
            }
        };
        if changed > 0 {
            put_sealed_list_in(meta, meta_keys::MONTHLY_REPORTS, &key, &held).await?;
        }
        Ok(())
    }
}
