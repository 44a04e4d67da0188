//! The customer data every screen shares: the catalogue (loaded once, kept current after
//! each save), the device's profile, and the list's query, kept while the user opens
//! files and comes back.

use chrono::{DateTime, TimeDelta, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::app::AppDb;
use crate::core::customer::catalogue::{Catalogue, CatalogueEntry, Choices, Version};
use crate::core::customer::model::Customer;
use crate::core::customer::query::{Prepared, Query, Sort};
use crate::core::reference::ReferenceLists;
use crate::core::store::{CustomerStore, Profile, StoreError};

/// The shared customer data.
#[derive(Clone, Copy)]
pub struct Files {
    pub catalogue: RwSignal<Catalogue>,
    /// `None` while loading; `Some(Err)` if the catalogue could not be read.
    pub loaded: RwSignal<Option<Result<(), StoreError>>>,
    pub profile: RwSignal<Option<Profile>>,
    pub query: RwSignal<Query>,
    /// Head office's reference lists, offered as suggestions in forms.
    pub reference: RwSignal<ReferenceLists>,
    /// Bumped after a backup or an exported bundle, for the backup reminder.
    pub backed_up: RwSignal<u32>,
    /// Bumped when the bundle worker committed, in this tab or another: a page showing
    /// a file reads it afresh.
    pub committed: RwSignal<u32>,
    /// The list's sort order and search signatures, brought up to date when the list first
    /// needs them after the catalogue or the sort changed (patched for the entries a save
    /// changed), and kept while files are opened: at 100,000 files computing them anew
    /// takes about 0.2 s.
    pub prepared: Memo<Prepared>,
    /// Bumped each time `prepared` is computed anew (not when it is patched): results in
    /// its order are brought up to date, or thrown away, by it.
    pub generation: StoredValue<u64>,
    /// The list's last matches (ungrouped).
    pub matches: StoredValue<Option<Matches>>,
    /// The regions and industries the files have, for the filters (kept like `prepared`).
    pub regions: Memo<Vec<String>>,
    pub industries: Memo<Vec<String>>,
}

impl Files {
    /// Puts a just-saved file's entry in the catalogue, replacing its old one.
    pub fn upsert(self, customer: &Customer) {
        let entry = CatalogueEntry::of(customer);
        self.catalogue.update(|all| all.upsert(entry));
    }

    /// At a lock: confidential files' entries go back to what a thief could read.
    pub fn redact_sealed(self) {
        self.catalogue.update(|all| {
            all.replace_each(|e| (e.secret.is_sealed() && !e.sealed).then(|| e.redacted()));
        });
    }

    /// After an unlock: confidential files' full entries replace their redacted ones.
    pub fn merge_unsealed(self, entries: Vec<CatalogueEntry>) {
        self.catalogue
            .update(|all| entries.into_iter().for_each(|e| all.upsert(e)));
    }
}

/// The list's last results, and what they are of.
pub struct Matches {
    /// [`Files::generation`] when they were found.
    pub generation: u64,
    /// The catalogue they are of: after an edit they are patched, not searched anew.
    pub version: Version,
    pub query: Query,
    /// Entry indexes in the list's order.
    pub rows: Vec<usize>,
}

/// Provides [`Files`] and loads it as soon as the database is open.
pub fn provide_files(db: AppDb) -> Files {
    let catalogue = RwSignal::new(Catalogue::default());
    let query = RwSignal::new(Query::default());
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let generation = StoredValue::new(0u64);
    // What the last `prepared` was computed for: the catalogue's version, the sort, and
    // the time its grades were read at.
    let prepared_for = StoredValue::new(None::<(Version, Sort, DateTime<Utc>)>);
    let prepared = Memo::new_owning(move |last: Option<Prepared>| {
        let (sort, now) = (sort.get(), Utc::now());
        let next = catalogue.with(|all| {
            let since = prepared_for.get_value();
            // After a file is saved, only its entry is signed and put back in order. Grades
            // follow the date, so an order read at grades older than an hour is redone.
            let changed = since.and_then(|(version, ..)| all.changed_since(version));
            let (next, at) = match (last, changed, since) {
                (Some(mut last), Some(changed), Some((_, was, at)))
                    if was == sort && now - at < TimeDelta::hours(1) =>
                {
                    last.patch(all, changed, sort, at);
                    (last, at)
                }
                _ => {
                    generation.update_value(|g| *g += 1);
                    (Prepared::new(all, sort, now), now)
                }
            };
            prepared_for.set_value(Some((all.version(), sort, at)));
            next
        });
        (next, true)
    });
    let files = Files {
        catalogue,
        loaded: RwSignal::new(None),
        profile: RwSignal::new(None),
        reference: RwSignal::new(ReferenceLists::default()),
        backed_up: RwSignal::new(0),
        committed: RwSignal::new(0),
        query,
        prepared,
        generation,
        matches: StoredValue::new(None),
        regions: choices(catalogue, |e| &e.region),
        industries: choices(catalogue, |e| &e.industry),
    };
    provide_context(files);
    follow_other_tabs(db, files);
    Effect::new(move || {
        let Some(Ok(db)) = db.get() else { return };
        spawn_local(async move {
            match db.catalogue().await {
                Ok(entries) => {
                    files.catalogue.set(entries.into());
                    files.loaded.set(Some(Ok(())));
                }
                Err(e) => files.loaded.set(Some(Err(e))),
            }
            // The profile is set by `ui::acting`, which knows who is unlocked.
            if let Ok(lists) = db.reference_lists().await {
                files.reference.set(lists);
            }
        });
    });
    files
}

/// The values of `field` that some file has, for a filter: counted once, then brought up to
/// date from the entries each save changes.
fn choices(
    catalogue: RwSignal<Catalogue>,
    field: fn(&CatalogueEntry) -> &str,
) -> Memo<Vec<String>> {
    let kept = StoredValue::new(None::<Choices>);
    Memo::new(move |_| {
        catalogue.with(|all| {
            kept.update_value(|kept| match kept {
                Some(choices) => choices.update(all),
                None => *kept = Some(Choices::new(all, field)),
            });
            kept.with_value(|c| c.as_ref().map(Choices::values).unwrap_or_default())
        })
    })
}

/// The reference lists as `<datalist>`s that fields name by id.
#[component]
pub fn ReferenceDatalists() -> impl IntoView {
    let files = use_files();
    let options = |items: Vec<String>| {
        items
            .into_iter()
            .map(|i| view! { <option value=i></option> })
            .collect_view()
    };
    view! {
        <datalist id="ref-industries">{move || options(files.reference.get().industries)}</datalist>
        <datalist id="ref-purposes">{move || options(files.reference.get().purposes)}</datalist>
    }
}

/// Reads the catalogue (with the confidential files' entries, while unlocked) and the
/// reference lists afresh: after an import or a restore in the bundle worker, here or in
/// another tab.
pub async fn read_afresh(db: &crate::storage::Db, files: Files) {
    files.committed.try_update(|n| *n += 1);
    if let Ok(lists) = db.reference_lists().await {
        let _ = files.reference.try_set(lists);
    }
    if let Ok(entries) = db.catalogue().await {
        let _ = files.catalogue.try_set(entries.into());
        if db.is_unlocked()
            && let Ok(open) = db.unsealed_catalogue().await
        {
            files.merge_unsealed(open);
        }
    }
}

/// Reads the data afresh when the bundle worker of another tab commits (its word on the
/// store channel; this tab's own workers' word is left to the work that asked). One
/// reading at a time, and at most one more after it however many words came meanwhile:
/// a flood of messages (any script of the origin can post them) costs two readings.
fn follow_other_tabs(db: AppDb, files: Files) {
    use crate::platform::bundle_worker::{STORE_CHANNEL, tab};
    use std::cell::Cell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Ok(channel) = web_sys::BroadcastChannel::new(STORE_CHANNEL) else {
        return;
    };
    let readings = Rc::new(Cell::new(0u8));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let from = js_sys::Reflect::get(&e.data(), &"changed".into())
                .ok()
                .and_then(|v| v.as_string());
            if from.is_none() || from.as_deref() == Some(tab().as_str()) {
                return;
            }
            // 0: idle; 1: reading; 2: reading, and another reading asked for.
            if readings.get() != 0 {
                return readings.set(2);
            }
            let Some(db) = db.ready_untracked() else {
                return;
            };
            readings.set(1);
            let readings = readings.clone();
            spawn_local(async move {
                loop {
                    read_afresh(&db, files).await;
                    if readings.get() == 2 {
                        readings.set(1);
                    } else {
                        readings.set(0);
                        break;
                    }
                }
            });
        });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Both live as long as the page.
    on_message.forget();
    std::mem::forget(channel);
}

pub fn use_files() -> Files {
    expect_context::<Files>()
}
