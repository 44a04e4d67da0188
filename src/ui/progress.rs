//! How far a long piece of work is, as the page shows it while the bundle or the
//! spreadsheet worker does it (#32): the phase in words, a bar with the count done of the total, and a cancel
//! button up to the commit, after which the phase itself says it can no longer be
//! cancelled.

use std::rc::Rc;

use leptos::prelude::*;

use crate::core::i18n::Msg;
use crate::core::interchange::xlsx::{SheetIn, SheetOut};
use crate::core::progress::Progress;
use crate::platform::bundle_worker::BundleWorker;
use crate::platform::xlsx::{SheetWorker, XlsxFailure};
use crate::ui::i18n::use_i18n;

/// How long a cancel may go unanswered before the worker is ended (where that is safe).
const CANCEL_ANSWER_MS: i32 = 2000;

/// The worker a piece of work runs in.
#[derive(Clone)]
enum Running {
    Bundles(Rc<BundleWorker>),
    /// A workbook's: it writes nothing to the store, so a cancel ends it at once.
    Sheets(Rc<SheetWorker>),
}

/// A piece of work in a worker: its progress, the worker (held while the work runs,
/// dropped to end it), and whether a cancel was asked.
#[derive(Clone, Copy)]
pub struct Work {
    pub progress: RwSignal<Option<Progress>>,
    pub cancelling: RwSignal<bool>,
    worker: StoredValue<Option<Running>, LocalStorage>,
}

impl Default for Work {
    fn default() -> Self {
        Work {
            progress: RwSignal::new(None),
            cancelling: RwSignal::new(false),
            worker: StoredValue::new_local(None),
        }
    }
}

impl Work {
    pub fn new() -> Work {
        Work::default()
    }

    /// Shows the work starting in `worker`, replacing (and so ending) any before it.
    fn begin(self, worker: Running) {
        self.finish();
        self.progress.set(Some(Progress {
            phase: crate::core::progress::Phase::Starting,
            done: 0,
            total: 0,
        }));
        self.worker.set_value(Some(worker));
    }

    fn on_progress(self) -> impl Fn(Progress) + 'static {
        let progress = self.progress;
        move |p| {
            let _ = progress.try_set(Some(p));
        }
    }

    /// Starts a bundle worker for this work; its progress shows here.
    pub fn start(self) -> Result<Rc<BundleWorker>, crate::core::store::StoreError> {
        let worker = Rc::new(BundleWorker::start(self.on_progress())?);
        self.begin(Running::Bundles(worker.clone()));
        Ok(worker)
    }

    /// Starts a spreadsheet worker for this work; its progress shows here.
    pub fn start_sheets(self) -> Result<Rc<SheetWorker>, XlsxFailure> {
        let worker = Rc::new(SheetWorker::start(self.on_progress())?);
        self.begin(Running::Sheets(worker.clone()));
        Ok(worker)
    }

    /// The bundle worker of the work under way (an import's, between its preview and
    /// apply).
    pub fn worker(self) -> Option<Rc<BundleWorker>> {
        match self.worker.try_get_value().flatten()? {
            Running::Bundles(worker) => Some(worker),
            Running::Sheets(_) => None,
        }
    }

    /// Ends the worker (once the last clone of it is dropped) and clears the progress.
    pub fn finish(self) {
        self.worker.try_set_value(None);
        let _ = self.progress.try_set(None);
        let _ = self.cancelling.try_set(false);
    }

    /// Clears the progress shown, keeping the worker (an import's preview waits).
    pub fn pause(self) {
        let _ = self.progress.try_set(None);
        let _ = self.cancelling.try_set(false);
    }

    /// Asks the worker to stop before its commit. Should it not answer within two
    /// seconds (deep in work that cannot listen, as a key derivation a damaged backup
    /// asks too much of), it is ended, where the phase says that loses nothing. A
    /// workbook's worker is ended at once.
    pub fn cancel(self) {
        let worker = match self.worker.try_get_value().flatten() {
            None => return,
            Some(Running::Sheets(worker)) => {
                self.cancelling.set(true);
                return worker.end();
            }
            Some(Running::Bundles(worker)) => worker,
        };
        self.cancelling.set(true);
        worker.cancel();
        let waiting = Rc::downgrade(&worker);
        drop(worker);
        let progress = self.progress;
        leptos::task::spawn_local(async move {
            crate::platform::sleep(CANCEL_ANSWER_MS).await;
            let Some(worker) = waiting.upgrade() else {
                return;
            };
            let phase = progress.try_get_untracked().flatten().map(|p| p.phase);
            if phase.is_some_and(|p| p.may_end_worker()) {
                worker.end();
            }
        });
    }
}

/// The app's one piece of spreadsheet work (a workbook read for an import, or made for
/// an export), shown under the notices whatever the page. A page takes it with
/// [`use_sheet_work`] as it is made (not in the task that reads or makes the
/// workbook, which has no owner to ask).
#[derive(Clone, Copy)]
pub struct SheetWork(Work);

pub fn provide_sheet_work() {
    provide_context(SheetWork(Work::new()));
}

pub fn use_sheet_work() -> SheetWork {
    expect_context::<SheetWork>()
}

/// Runs `job` in a new spreadsheet worker, its progress shown by [`SheetProgress`];
/// the worker is ended after (unless another workbook's work replaced it meanwhile).
async fn in_sheet_worker<T>(
    SheetWork(work): SheetWork,
    job: impl AsyncFnOnce(&SheetWorker) -> Result<T, XlsxFailure>,
) -> Result<T, XlsxFailure> {
    let worker = work.start_sheets()?;
    let done = job(&worker).await;
    let still_ours = matches!(
        work.worker.try_get_value().flatten(),
        Some(Running::Sheets(w)) if Rc::ptr_eq(&w, &worker)
    );
    if still_ours {
        work.finish();
    }
    done
}

/// The first sheet with data of a workbook, read in the spreadsheet worker.
pub async fn read_workbook(work: SheetWork, bytes: &[u8]) -> Result<SheetIn, XlsxFailure> {
    in_sheet_worker(work, async |w: &SheetWorker| w.read(bytes).await).await
}

/// The sheets as an `.xlsx` workbook, made in the spreadsheet worker.
pub async fn write_workbook(work: SheetWork, sheets: &[SheetOut]) -> Result<Vec<u8>, XlsxFailure> {
    in_sheet_worker(work, async |w: &SheetWorker| w.write(sheets).await).await
}

/// The spreadsheet work under way, with its cancel.
#[component]
pub fn SheetProgress() -> impl IntoView {
    let SheetWork(work) = use_sheet_work();
    view! { <WorkProgress work=work testid="sheet-progress" /> }
}

/// The progress of `work`, with its cancel button; nothing when no work runs.
#[component]
pub fn WorkProgress(work: Work, #[prop(into)] testid: String) -> impl IntoView {
    let i18n = use_i18n();
    let testid = StoredValue::new(testid);
    move || {
        let p = work.progress.get()?;
        let t = testid.get_value();
        let count = (p.total > 0).then(|| {
            i18n.format(
                Msg::ProgressCount,
                &[
                    ("done", &p.done.to_string()),
                    ("total", &p.total.to_string()),
                ],
            )
        });
        let bar = match p.fraction() {
            Some(_) => view! { <progress max=p.total.to_string() value=p.done.min(p.total).to_string()></progress> }.into_any(),
            // No count in this phase: a bar that moves by itself.
            None => view! { <progress></progress> }.into_any(),
        };
        let cancel = if !p.phase.cancellable() {
            ().into_any()
        } else if work.cancelling.get() {
            view! { <span class="muted" data-testid=format!("{t}-cancelling")>{i18n.t(Msg::ProgressCancelling)}</span> }.into_any()
        } else {
            view! {
                <button type="button" data-testid=format!("{t}-cancel") on:click=move |_| work.cancel()>
                    {i18n.t(Msg::ProgressCancel)}
                </button>
            }
            .into_any()
        };
        Some(view! {
            <div class="progress notice" role="status" data-testid=t.clone() data-phase=format!("{:?}", p.phase)>
                <div class="progress-body">
                    <p data-testid=format!("{t}-phase")>{i18n.t(p.phase.msg())}</p>
                    {bar}
                    <span class="muted" data-testid=format!("{t}-count")>{count}</span>
                </div>
                <div class="actions">{cancel}</div>
            </div>
        })
    }
}
