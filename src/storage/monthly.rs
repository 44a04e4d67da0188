//! The monthly reports (顾客情报报告书, `core::monthly`), kept sealed in `meta` (they
//! name customers and their troubles): on a rep's laptop its own, drafts and sent; at
//! head office the reps' received, with the review and passing on.

use chrono::{DateTime, Utc};
use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::Db;
use super::schema::{self, meta_keys};
use super::sealed::{put_sealed_list_in, sealed_list_in};
use crate::core::authority::Sender;
use crate::core::bundle::Contents;
use crate::core::monthly::{self, Report, Returned, State};
use crate::core::store::StoreError;

impl Db {
    /// Every report held here, newest month first.
    pub async fn monthly_reports(&self) -> Result<Vec<Report>, StoreError> {
        let key = self.key()?;
        let tx = self.database().transaction(schema::META).build()?;
        let mut all: Vec<Report> = sealed_list_in(
            &tx.object_store(schema::META)?,
            meta_keys::MONTHLY_REPORTS,
            &key,
        )
        .await?;
        tx.commit().await?;
        all.sort_by(|a, b| (&b.month, &a.rep_code).cmp(&(&a.month, &b.rep_code)));
        Ok(all)
    }

    /// Changes the reports held in one transaction with `change`, which says whether it
    /// changed anything; returns what it said.
    async fn change_reports<T>(
        &self,
        change: impl FnOnce(&mut Vec<Report>) -> T,
    ) -> Result<T, StoreError> {
        let key = self.key()?;
        let tx = self
            .database()
            .transaction(schema::META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let meta = tx.object_store(schema::META)?;
        let mut held: Vec<Report> = sealed_list_in(&meta, meta_keys::MONTHLY_REPORTS, &key).await?;
        let out = change(&mut held);
        put_sealed_list_in(&meta, meta_keys::MONTHLY_REPORTS, &key, &held).await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Keeps the rep's report as written, a draft, or sent now when `send`. A report
    /// already sent stays as sent: `false`.
    pub async fn keep_monthly_report(
        &self,
        report: Report,
        send: bool,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.change_reports(|held| {
            let mut report = monthly::bounded(report);
            report.written_at = Some(now);
            report.sent_at = send.then_some(now);
            report.review = None;
            report.passed_on = None;
            match held.iter_mut().find(|r| r.id == report.id) {
                Some(r) if r.state() != State::Draft => false,
                Some(r) => {
                    *r = report;
                    true
                }
                None => {
                    held.push(report);
                    true
                }
            }
        })
        .await
    }

    /// Head office reviews report `id` as `by`, with `note`.
    pub async fn review_monthly_report(
        &self,
        id: &str,
        by: &str,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.change_reports(|held| monthly::review(held, id, by, note, now))
            .await
    }

    /// Head office passes reviewed report `id` on to the general manager.
    pub async fn pass_on_monthly_report(
        &self,
        id: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.change_reports(|held| monthly::pass_on(held, id, by, now))
            .await
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
