//! Facts about the world outside the app that the header and notices show: network,
//! storage persistence and usage, and the service worker's install/update progress.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::service_worker::{self, Callbacks};
use crate::platform::storage_manager::{self, Usage};

/// Whether the browser keeps Dossier's storage when the disk runs low.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    Checking,
    Kept,
    MayBeCleared,
    /// The browser has no storage manager (or would not answer).
    Unknown,
}

impl Persistence {
    /// The value of `data-state`, for styling and tests.
    pub fn as_str(self) -> &'static str {
        match self {
            Persistence::Checking => "checking",
            Persistence::Kept => "kept",
            Persistence::MayBeCleared => "may-be-cleared",
            Persistence::Unknown => "unknown",
        }
    }
}

/// The status context.
#[derive(Clone, Copy)]
pub struct Status {
    pub online: RwSignal<bool>,
    pub persistence: RwSignal<Persistence>,
    pub usage: RwSignal<Option<Usage>>,
    /// A new build waits for the user's go-ahead.
    pub update_ready: RwSignal<bool>,
    /// The waiting build's notice asks for a backup first (`core::release::Step`), and
    /// says when the last one was made: the plain backup reminder then stands aside.
    pub update_asks_backup: RwSignal<bool>,
    /// The first install finished; the app now opens offline.
    pub offline_ready: RwSignal<bool>,
}

/// How often the usage figure is refreshed while the app is open.
const USAGE_REFRESH: Duration = Duration::from_secs(30);

impl Status {
    /// Reads persistence, asking the browser for it when `ask` and it is not yet granted.
    pub async fn refresh_persistence(self, ask: bool) {
        let state = match storage_manager::persisted().await {
            Some(true) => Persistence::Kept,
            Some(false) if ask => match storage_manager::request_persistence().await {
                Some(true) => Persistence::Kept,
                Some(false) => Persistence::MayBeCleared,
                None => Persistence::Unknown,
            },
            Some(false) => Persistence::MayBeCleared,
            None => Persistence::Unknown,
        };
        self.persistence.set(state);
    }

    pub async fn refresh_usage(self) {
        self.usage.set(storage_manager::usage().await);
    }
}

/// Creates the status context and starts watching everything it reports.
pub fn provide_status() -> Status {
    let online = web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true);
    let status = Status {
        online: RwSignal::new(online),
        persistence: RwSignal::new(Persistence::Checking),
        usage: RwSignal::new(None),
        update_ready: RwSignal::new(false),
        update_asks_backup: RwSignal::new(false),
        offline_ready: RwSignal::new(false),
    };
    provide_context(status);

    // The handles live as long as the page; the app never unmounts.
    let _ = window_event_listener(leptos::ev::online, move |_| status.online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| status.online.set(false));

    spawn_local(async move {
        status.refresh_persistence(true).await;
        status.refresh_usage().await;
    });
    let _ = set_interval_with_handle(move || spawn_local(status.refresh_usage()), USAGE_REFRESH);

    spawn_local(async move {
        service_worker::register(Callbacks {
            offline_ready: Box::new(move || status.offline_ready.set(true)),
            update_ready: Box::new(move || status.update_ready.set(true)),
        })
        .await;
    });
    status
}

/// The status context provided by the app.
pub fn use_status() -> Status {
    expect_context::<Status>()
}
