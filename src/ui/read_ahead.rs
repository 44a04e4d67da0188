//! A file's records read as soon as the user asks for the file (a press on its row, a
//! visit saved), so that IndexedDB reads them while the router leaves the page and the
//! file's page is built, instead of after. The file's page takes the read if it is for
//! the same file and just started; anything else reads afresh.
//!
//! Only files that are not sealed are read ahead: a confidential file is read when its
//! page's gate lets it, as before.

use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::app::AppDb;
use super::data::Files;
use crate::core::store::StoreError;
use crate::storage::FileRecords;

type Found = Result<Option<FileRecords>, StoreError>;

/// How long a read ahead stays good: a press on a row that did not become a click (a
/// scroll on a touch screen) leaves one behind, and a file can change in another tab.
const FRESH_MS: f64 = 1_000.0;

struct Pending {
    id: String,
    started: f64,
    found: oneshot::Receiver<Found>,
}

/// The one read ahead, if any (provided by the app).
#[derive(Clone, Copy)]
pub struct ReadAhead {
    db: AppDb,
    files: Files,
    pending: StoredValue<Option<Pending>, LocalStorage>,
}

pub fn provide_read_ahead(db: AppDb, files: Files) {
    provide_context(ReadAhead {
        db,
        files,
        pending: StoredValue::new_local(None),
    });
}

pub fn use_read_ahead() -> ReadAhead {
    expect_context::<ReadAhead>()
}

impl ReadAhead {
    /// Starts reading file `id` unless it is sealed, unknown, or already being read.
    pub fn start(self, id: &str) {
        let now = js_sys::Date::now();
        let reading = self.pending.with_value(|p| {
            p.as_ref()
                .is_some_and(|p| p.id == id && now - p.started < FRESH_MS)
        });
        let plain = self
            .files
            .catalogue
            .with_untracked(|all| all.get(id).is_some_and(|e| !e.secret.is_sealed()));
        let Some(db) = self.db.ready_untracked() else {
            return;
        };
        if reading || !plain {
            return;
        }
        let (send, found) = oneshot::channel();
        self.pending.set_value(Some(Pending {
            id: id.to_owned(),
            started: now,
            found,
        }));
        let id = id.to_owned();
        // The task's first poll issues the requests, before the router's own handler.
        spawn_local(async move {
            let _ = send.send(db.file_with_records(&id).await);
        });
    }

    /// Leaves `records`, just read by a write (a visit saved), for the file's page to
    /// take instead of reading them again; as [`ReadAhead::start`], plain files only.
    pub fn hand(self, records: FileRecords) {
        if records.customer.secret.is_sealed() {
            return;
        }
        let id = records.customer.id.clone();
        let (send, found) = oneshot::channel();
        let _ = send.send(Ok(Some(records)));
        self.pending.set_value(Some(Pending {
            id,
            started: js_sys::Date::now(),
            found,
        }));
    }

    /// The records of file `id` if a read of it was started just now: `None` (read it
    /// yourself) when there was none, it was for another file, stale, or failed.
    pub async fn take(self, id: &str) -> Option<FileRecords> {
        let pending = self.pending.try_update_value(Option::take).flatten()?;
        if pending.id != id || js_sys::Date::now() - pending.started >= FRESH_MS {
            return None;
        }
        pending.found.await.ok()?.ok()?
    }
}
