//! Work a press starts runs once: a second press while it runs does nothing. A double
//! click on "Record visit" used to leave a stray draft, on "Register complaint" to use
//! up an acceptance number, on "Close" to report a conflict with itself.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Whether an action's work is running; its button is disabled meanwhile.
#[derive(Clone, Copy)]
pub struct Busy(RwSignal<bool>);

impl Default for Busy {
    fn default() -> Self {
        Busy(RwSignal::new(false))
    }
}

impl Busy {
    pub fn new() -> Busy {
        Busy::default()
    }

    /// Whether the work is running (tracked, for a button's `disabled`).
    pub fn get(self) -> bool {
        self.0.get()
    }

    /// Starts `work` unless it is already running. The flag is set within the press's
    /// own handler, so a second press that arrives before the button is drawn
    /// disabled is refused too.
    pub fn run(self, work: impl Future<Output = ()> + 'static) {
        if self.0.try_get_untracked() != Some(false) {
            return;
        }
        self.0.set(true);
        spawn_local(async move {
            work.await;
            // The page may be gone: the work often ends by opening another.
            let _ = self.0.try_set(false);
        });
    }
}
