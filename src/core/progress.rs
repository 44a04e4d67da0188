//! How far a long operation is (an export, an import, a backup, a restore, a workbook
//! read or made), told to the page by the bundle or spreadsheet worker as it goes: the phase in words, the count done of a total,
//! and whether a cancel can still take it back.
//!
//! The table below is the rule a reader checks: every phase before the commit may be
//! cancelled, and a cancel then leaves the store as it was (the operation's one
//! transaction is dropped, which aborts it); once the commit is issued, nothing can.
//! Its last column says where the page may also end the worker outright when a cancel
//! goes unanswered (the worker is deep in work that cannot listen, as a key derivation):
//! only where no transaction that writes is open, so ending it loses nothing.

use serde::{Deserialize, Serialize};

use super::i18n::Msg;

/// A step of a long operation, in the order they come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// The worker is starting (its wasm loading).
    Starting,
    /// Reading: a picked file, or this laptop's records for an export or a backup.
    Reading,
    /// Checking a bundle's signature and who sent it.
    CheckingSignature,
    /// Decrypting a bundle's or a backup's records.
    Decrypting,
    /// Comparing a bundle's records with this laptop's, and with the sender's rights.
    Comparing,
    /// Encrypting and signing an export or a backup.
    Encrypting,
    /// Writing records into this laptop's store, inside the one transaction.
    Writing,
    /// The commit is issued: it can no longer be cancelled.
    Committing,
    /// Making an Excel workbook in the spreadsheet worker, which writes nothing to the
    /// store: ending it loses nothing.
    MakingWorkbook,
}

/// Each phase: what the page says, whether a cancel still takes it back, and whether the
/// page may end the worker when a cancel goes unanswered (no writing transaction open).
pub const PHASES: [(Phase, Msg, bool, bool); 9] = [
    (Phase::Starting, Msg::PhaseStarting, true, true),
    // An export's or a backup's reads: a read-only transaction.
    (Phase::Reading, Msg::PhaseReading, true, true),
    (
        Phase::CheckingSignature,
        Msg::PhaseCheckingSignature,
        true,
        true,
    ),
    // A bundle's or a backup's key derivation and decryption: before any transaction.
    (Phase::Decrypting, Msg::PhaseDecrypting, true, true),
    (Phase::Comparing, Msg::PhaseComparing, true, true),
    // Before an export's or a backup's one small write.
    (Phase::Encrypting, Msg::PhaseEncrypting, true, true),
    // The one transaction is open: the worker answers a cancel at its next step, which
    // comes after each few hundred records it writes.
    (Phase::Writing, Msg::PhaseWriting, true, false),
    (Phase::Committing, Msg::PhaseCommitting, false, false),
    (Phase::MakingWorkbook, Msg::PhaseMakingWorkbook, true, true),
];

impl Phase {
    fn row(self) -> &'static (Phase, Msg, bool, bool) {
        // Every phase has its row (a test checks it).
        PHASES
            .iter()
            .find(|(p, ..)| *p == self)
            .unwrap_or(&PHASES[0])
    }

    /// The phase in words.
    pub fn msg(self) -> Msg {
        self.row().1
    }

    /// Whether a cancel now leaves the store as it was.
    pub fn cancellable(self) -> bool {
        self.row().2
    }

    /// Whether ending the worker now loses nothing: no writing transaction is open.
    pub fn may_end_worker(self) -> bool {
        self.row().3
    }
}

/// Where an operation is: `done` of `total` in `phase` (`total` 0 when it has no count).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub phase: Phase,
    pub done: u64,
    pub total: u64,
}

impl Progress {
    /// The share done, 0 to 1, for a bar; `None` when the phase has no count.
    pub fn fraction(&self) -> Option<f64> {
        (self.total > 0).then(|| (self.done.min(self.total) as f64) / (self.total as f64))
    }
}

/// The operation was cancelled before its commit: nothing was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// What an operation is given to report its progress and learn of a cancel. It asks at
/// each step; the worker's answer to a cancel comes in between (at an await), so a step
/// is checked at least every few hundred records.
pub struct Steps<'a> {
    report: &'a dyn Fn(Progress),
    cancelled: &'a dyn Fn() -> bool,
}

impl<'a> Steps<'a> {
    pub fn new(report: &'a dyn Fn(Progress), cancelled: &'a dyn Fn() -> bool) -> Steps<'a> {
        Steps { report, cancelled }
    }

    /// Reports nothing and is never cancelled: the operation as it always ran.
    pub fn none() -> Steps<'static> {
        Steps {
            report: &|_| {},
            cancelled: &|| false,
        }
    }

    /// Reports `done` of `total` in `phase`; `Err` if a cancel came and the phase may
    /// still be cancelled. At [`Phase::Committing`] it is reported and never refused.
    pub fn step(&self, phase: Phase, done: usize, total: usize) -> Result<(), Cancelled> {
        (self.report)(Progress {
            phase,
            done: done as u64,
            total: total as u64,
        });
        if phase.cancellable() && (self.cancelled)() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::{Cell, RefCell};

    use super::*;
    use crate::core::i18n::Lang;

    #[test]
    fn every_phase_has_one_row_and_its_own_words() {
        for (phase, msg, ..) in PHASES {
            assert_eq!(PHASES.iter().filter(|(p, ..)| *p == phase).count(), 1);
            assert_eq!(phase.msg(), msg);
            for lang in [Lang::En, Lang::ZhCn] {
                assert!(!msg.text(lang).is_empty());
            }
        }
        let mut msgs: Vec<Msg> = PHASES.iter().map(|(_, m, ..)| *m).collect();
        msgs.dedup();
        assert_eq!(msgs.len(), PHASES.len());
    }

    // One test per row of the table: which phases a cancel still takes back.
    #[test]
    fn starting_is_cancellable_and_the_worker_may_be_ended() {
        assert!(Phase::Starting.cancellable() && Phase::Starting.may_end_worker());
    }
    #[test]
    fn reading_is_cancellable_and_the_worker_may_be_ended() {
        assert!(Phase::Reading.cancellable() && Phase::Reading.may_end_worker());
    }
    #[test]
    fn checking_the_signature_is_cancellable_and_the_worker_may_be_ended() {
        assert!(
            Phase::CheckingSignature.cancellable() && Phase::CheckingSignature.may_end_worker()
        );
    }
    #[test]
    fn decrypting_is_cancellable_and_the_worker_may_be_ended() {
        assert!(Phase::Decrypting.cancellable() && Phase::Decrypting.may_end_worker());
    }
    #[test]
    fn comparing_is_cancellable_and_the_worker_may_be_ended() {
        assert!(Phase::Comparing.cancellable() && Phase::Comparing.may_end_worker());
    }
    #[test]
    fn encrypting_is_cancellable_and_the_worker_may_be_ended() {
        assert!(Phase::Encrypting.cancellable() && Phase::Encrypting.may_end_worker());
    }
    #[test]
    fn writing_is_cancellable_but_only_by_the_worker_itself() {
        assert!(Phase::Writing.cancellable() && !Phase::Writing.may_end_worker());
    }
    #[test]
    fn committing_is_not_cancellable() {
        assert!(!Phase::Committing.cancellable() && !Phase::Committing.may_end_worker());
    }
    #[test]
    fn making_a_workbook_is_cancellable_and_the_worker_may_be_ended() {
        assert!(Phase::MakingWorkbook.cancellable() && Phase::MakingWorkbook.may_end_worker());
    }

    #[test]
    fn a_step_reports_and_refuses_once_cancelled_but_never_at_the_commit() {
        let seen = RefCell::new(Vec::new());
        let cancel = Cell::new(false);
        let report = |p: Progress| seen.borrow_mut().push(p);
        let cancelled = || cancel.get();
        let steps = Steps::new(&report, &cancelled);
        assert_eq!(steps.step(Phase::Writing, 100, 3000), Ok(()));
        cancel.set(true);
        assert_eq!(steps.step(Phase::Writing, 200, 3000), Err(Cancelled));
        assert_eq!(steps.step(Phase::Committing, 0, 0), Ok(()));
        let phases: Vec<(Phase, u64)> = seen.borrow().iter().map(|p| (p.phase, p.done)).collect();
        assert_eq!(
            phases,
            [
                (Phase::Writing, 100),
                (Phase::Writing, 200),
                (Phase::Committing, 0)
            ]
        );
    }

    #[test]
    fn the_fraction_is_bounded_and_absent_without_a_total() {
        let p = |done, total| Progress {
            phase: Phase::Writing,
            done,
            total,
        };
        assert_eq!(p(0, 0).fraction(), None);
        assert_eq!(p(50, 200).fraction(), Some(0.25));
        assert_eq!(p(300, 200).fraction(), Some(1.0));
    }
}
