//! How far a long operation is (an export, an import, a backup, a restore), told to the
//! page by the bundle worker as it goes: the phase in words, the count done of a total,
//! and whether a cancel can still take it back.
//!
//! The table below is the rule a reader checks: every phase before the commit may be
//! cancelled, and a cancel then leaves the store as it was (the operation's one
//! transaction is dropped, which aborts it); once the commit is issued, nothing can.

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
}

/// Each phase: what the page says, and whether a cancel still takes it back.
pub const PHASES: [(Phase, Msg, bool); 8] = [
    (Phase::Starting, Msg::PhaseStarting, true),
    (Phase::Reading, Msg::PhaseReading, true),
    (Phase::CheckingSignature, Msg::PhaseCheckingSignature, true),
    (Phase::Decrypting, Msg::PhaseDecrypting, true),
    (Phase::Comparing, Msg::PhaseComparing, true),
    (Phase::Encrypting, Msg::PhaseEncrypting, true),
    (Phase::Writing, Msg::PhaseWriting, true),
    (Phase::Committing, Msg::PhaseCommitting, false),
];

impl Phase {
    fn row(self) -> &'static (Phase, Msg, bool) {
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

    /// Every `every`th item of a loop over `total` (and its first), a step; the others
    /// only ask nothing, as a message to the page per record would cost more than it
    /// tells.
    pub fn every(
        &self,
        every: usize,
        phase: Phase,
        done: usize,
        total: usize,
    ) -> Result<(), Cancelled> {
        if done % every.max(1) == 0 {
            self.step(phase, done, total)
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
        for (phase, msg, _) in PHASES {
            assert_eq!(PHASES.iter().filter(|(p, ..)| *p == phase).count(), 1);
            assert_eq!(phase.msg(), msg);
            for lang in [Lang::En, Lang::ZhCn] {
                assert!(!msg.text(lang).is_empty());
            }
        }
        let mut msgs: Vec<Msg> = PHASES.iter().map(|(_, m, _)| *m).collect();
        msgs.dedup();
        assert_eq!(msgs.len(), PHASES.len());
    }

    // One test per row of the table: which phases a cancel still takes back.
    #[test]
    fn starting_is_cancellable() {
        assert!(Phase::Starting.cancellable());
    }
    #[test]
    fn reading_is_cancellable() {
        assert!(Phase::Reading.cancellable());
    }
    #[test]
    fn checking_the_signature_is_cancellable() {
        assert!(Phase::CheckingSignature.cancellable());
    }
    #[test]
    fn decrypting_is_cancellable() {
        assert!(Phase::Decrypting.cancellable());
    }
    #[test]
    fn comparing_is_cancellable() {
        assert!(Phase::Comparing.cancellable());
    }
    #[test]
    fn encrypting_is_cancellable() {
        assert!(Phase::Encrypting.cancellable());
    }
    #[test]
    fn writing_is_cancellable_as_the_transaction_is_not_committed() {
        assert!(Phase::Writing.cancellable());
    }
    #[test]
    fn committing_is_not_cancellable() {
        assert!(!Phase::Committing.cancellable());
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
    fn every_reports_the_first_and_each_nth_item_only() {
        let seen = RefCell::new(Vec::new());
        let report = |p: Progress| seen.borrow_mut().push(p.done);
        let steps = Steps::new(&report, &|| false);
        for i in 0..250 {
            steps.every(100, Phase::Writing, i, 250).unwrap();
        }
        assert_eq!(*seen.borrow(), [0, 100, 200]);
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
