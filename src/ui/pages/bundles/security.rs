//! Security events and leak reports on the Bundles page. At head office: the leak
//! reports waiting, at the very top until someone marks them handled, and each laptop's
//! events with its alarms. On a rep's laptop: what the next bundle will carry. In an
//! import's preview: what the bundle brings.

use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos_router::components::A;

use super::Refresh;
use crate::core::bundle::exchange::Exchange;
use crate::core::i18n::Msg;
use crate::core::security::leak::{self, HandleError};
use crate::core::security::{self, DeviceEvents, Incoming, LeakReport};
use crate::storage::LeakHandleError;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::i18n::{store_error_text, use_i18n};
use crate::ui::security::{event_text, leak_text, local_date_time};

/// A laptop's events shown before "and N earlier".
const SHOWN: usize = 10;

/// Head office: leak reports, those waiting first; the handled ones folded away.
#[component]
pub fn LeakReports() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let all = LocalResource::new(move || {
        refresh.track();
        async move { db.ready()?.leak_reports().await.ok() }
    });
    move || {
        let all = all.get().flatten().unwrap_or_default();
        let (waiting, handled): (Vec<LeakReport>, Vec<LeakReport>) =
            all.into_iter().partition(|r| r.handled.is_none());
        let n = waiting.len().to_string();
        let done = handled.len().to_string();
        let urgent = !waiting.is_empty();
        view! {
            <section class="card" class:notice-error=urgent data-testid="leak-reports">
                <h2>{i18n.t(Msg::LeakReportsTitle)}</h2>
                <p>
                    {i18n.format(Msg::LeakReportsWaiting, &[("n", &n)])} " · "
                    <A href="/leak-report" attr:data-testid="report-leak">{i18n.t(Msg::LeakTitle)}</A>
                </p>
                <ul class="agenda">
                    {waiting.into_iter().map(|r| view! { <Waiting report=r /> }).collect_view()}
                </ul>
                {(!handled.is_empty()).then(|| view! {
                    <details data-testid="leak-handled-list">
                        <summary>{i18n.format(Msg::LeakHandledTitle, &[("n", &done)])}</summary>
                        <ul class="agenda">
                            {handled.into_iter().map(|r| {
                                let h = r.handled.clone().unwrap_or_default();
                                let date = h.at.with_timezone(&Local).format("%Y-%m-%d").to_string();
                                let line = format!(
                                    "{} · {}",
                                    leak_text(i18n, &r),
                                    i18n.format(Msg::LeakHandledBy, &[("by", &h.by), ("date", &date)])
                                );
                                view! { <li data-testid="leak-report-handled">{line}</li> }
                            }).collect_view()}
                        </ul>
                    </details>
                })}
            </section>
        }
    }
}

/// One report waiting, with the press that marks it handled.
#[component]
fn Waiting(report: LeakReport) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let refresh = expect_context::<Refresh>();
    let busy = Busy::new();
    let problem = RwSignal::new(None::<String>);
    let key = StoredValue::new(report.key());
    let handle = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let by = files
            .profile
            .get_untracked()
            .map(|p| p.signature())
            .unwrap_or_default();
        busy.run(async move {
            match db
                .mark_leak_handled(&key.get_value(), &by, Utc::now())
                .await
            {
                Ok(()) => refresh.bump(),
                Err(LeakHandleError::Handle(HandleError::Already)) => {
                    problem.set(Some(i18n.t(Msg::LeakAlreadyHandled)().to_owned()));
                    refresh.bump();
                }
                Err(LeakHandleError::Handle(HandleError::Unknown)) => refresh.bump(),
                Err(LeakHandleError::Store(e)) => problem.set(Some(store_error_text(i18n, &e))),
            }
        });
    };
    let rep = report.from.as_ref().map(|o| o.rep_code.clone());
    view! {
        <li data-testid="leak-report" data-rep=rep>
            <p><strong>{leak_text(i18n, &report)}</strong></p>
            <div class="actions">
                <button type="button" data-testid="leak-handled" disabled=move || busy.get() on:click=handle>
                    {i18n.t(Msg::LeakMarkHandled)}
                </button>
                <span role="alert">{move || problem.get()}</span>
            </div>
        </li>
    }
}

/// Head office: each laptop's security events, those with an alarm first, marked.
/// Made once for the page and given the exchange as it reloads, so that the card keeps
/// what it shows while the events are read again after each step (made afresh with each
/// reload, it vanished and came back after every import).
#[component]
pub fn DeviceEvents(exchange: Signal<Option<Exchange>>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let held = LocalResource::new(move || {
        refresh.track();
        async move { db.ready()?.security_events().await.ok() }
    });
    move || {
        let devices = security::by_device(&held.get().flatten().unwrap_or_default());
        if devices.is_empty() {
            return ().into_any();
        }
        let Some(ex) = exchange.get() else {
            return ().into_any();
        };
        view! {
            <section class="card" data-testid="security-devices">
                <h2>{i18n.t(Msg::SecurityEventsTitle)}</h2>
                <p class="muted">{i18n.t(Msg::SecurityEventsHint)}</p>
                <ul class="agenda">
                    {devices.into_iter().map(|d| {
                        let label = device_label(i18n, &ex, &d);
                        view! { <Device device=d label=label /> }
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    }
}

/// "R07 Li Wei · laptop 3F2A-91C0", or "This laptop".
fn device_label(i18n: crate::ui::i18n::I18n, ex: &Exchange, d: &DeviceEvents) -> String {
    let Some(from) = &d.from else {
        return i18n.t(Msg::SecurityThisLaptop)().to_owned();
    };
    let fp = ex
        .trusted
        .get(&from.device)
        .map(|k| k.fingerprint())
        .or_else(|| ex.revoked.get(&from.device).map(|r| r.fingerprint.clone()))
        .unwrap_or_else(|| from.device.chars().take(8).collect());
    i18n.format(
        Msg::SecurityDevice,
        &[
            ("rep", &format!("{} {}", from.rep_code, from.name)),
            ("fp", &fp),
        ],
    )
}

/// One laptop: its label, its alarm mark, its latest events.
#[component]
fn Device(device: DeviceEvents, label: String) -> impl IntoView {
    let i18n = use_i18n();
    let rep = device.from.as_ref().map(|o| o.rep_code.clone());
    let alarms = device.alarms;
    let earlier = device.events.len().saturating_sub(SHOWN);
    let events = device
        .events
        .into_iter()
        .take(SHOWN)
        .map(|e| {
            let alarm = e.is_alarm();
            let line = format!("{} · {}", local_date_time(e.at), event_text(i18n, &e));
            view! {
                <li data-testid="security-event" class:overdue=alarm>
                    {line}
                    {alarm.then(|| view! { " " <span class="mark emergency">{i18n.t(Msg::SecurityAlarm)}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <li data-testid="security-device" data-rep=rep>
            <strong>{label}</strong>
            {(alarms > 0).then(|| view! {
                " " <span class="mark emergency" data-testid="security-alarm">
                    {i18n.format(Msg::SecurityAlarms, &[("n", &alarms.to_string())])}
                </span>
            })}
            <ul class="visit-list">{events}</ul>
            {(earlier > 0).then(|| view! {
                <p class="muted">{i18n.format(Msg::SecurityEarlier, &[("n", &earlier.to_string())])}</p>
            })}
        </li>
    }
}

/// A rep's laptop: the events and leak reports its next bundle will carry, and the
/// way to report a leak. Made once for the page, like [`DeviceEvents`].
#[component]
pub fn ToSend(exchange: Signal<Option<Exchange>>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let refresh = expect_context::<Refresh>();
    let counts = LocalResource::new(move || {
        refresh.track();
        let since = exchange.get().and_then(|ex| {
            ex.office
                .as_ref()
                .and_then(|o| ex.acknowledged.get(&o.id))
                .copied()
        });
        async move {
            let db = db.ready()?;
            let events = security::to_send(&db.security_events().await.ok()?, since).len();
            let leaks = leak::to_send(&db.leak_reports().await.ok()?, since).len();
            Some((events, leaks))
        }
    });
    view! {
        <section class="card" data-testid="security-to-send">
            <p>
                {move || counts.get().flatten().filter(|(e, l)| e + l > 0).map(|(e, l)| {
                    i18n.format(Msg::SecurityWaitingToSend, &[("events", &e.to_string()), ("leaks", &l.to_string())])
                })}
            </p>
            <A href="/leak-report" attr:class="button" attr:data-testid="report-leak">{i18n.t(Msg::LeakTitle)}</A>
        </section>
    }
}

/// What an import's preview says of a bundle's events and reports.
#[component]
pub fn IncomingSecurity(incoming: Incoming) -> impl IntoView {
    let i18n = use_i18n();
    let any = incoming.events + incoming.leaks > 0;
    let urgent = incoming.alarms + incoming.leaks > 0;
    view! {
        {any.then(|| view! {
            <p data-testid="import-security" class:notice-error=urgent>
                {move || i18n.format(
                    Msg::BundlesPreviewSecurity,
                    &[
                        ("events", &incoming.events.to_string()),
                        ("alarms", &incoming.alarms.to_string()),
                        ("leaks", &incoming.leaks.to_string()),
                    ],
                )}
            </p>
        })}
        {(incoming.refused > 0).then(|| view! {
            <p data-testid="import-security-refused">
                {move || i18n.format(Msg::BundlesPreviewSecurityRefused, &[("n", &incoming.refused.to_string())])}
            </p>
        })}
    }
}
