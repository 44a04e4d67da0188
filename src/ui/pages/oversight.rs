//! `/oversight`: head office reads the reps' viewing records (seed 000 第十一条). Per
//! rep, each laptop's record with its chain's state, its entries and a count per file,
//! filtered by level and period (`core::oversight`). On a rep's laptop it says the page
//! is head office's.

use chrono::{DateTime, Local, NaiveDate, Utc};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{EmptyState, PageTitle};
use crate::core::bundle::keys::Role;
use crate::core::customer::model::SecretLevel;
use crate::core::i18n::{Msg, labels};
use crate::core::oversight::{
    self, ChainState, DeviceRecord, Filter, RepViewings, Viewed, per_file,
};
use crate::core::store::StoreError;
use crate::core::vault::log::ChainError;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::vault::{LockedPanel, use_vault};

#[component]
pub fn OversightPage() -> impl IntoView {
    let vault = use_vault();
    view! {
        <PageTitle msg=Msg::OversightTitle />
        {move || if vault.unlocked() {
            view! { <Records /> }.into_any()
        } else {
            view! { <LockedPanel /> }.into_any()
        }}
    }
}

/// What the page shows once read: `None` on a laptop that is not head office.
type Reviewed = Result<Option<Vec<RepViewings>>, StoreError>;

#[component]
fn Records() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let filter = RwSignal::new(Filter::default());
    let received =
        LocalResource::new(move || async move { Some(db.ready()?.received_viewings().await) });
    // Reviewed again when the catalogue changes: a file's level is head office's now.
    let reviewed = Memo::new(move |_| -> Option<Reviewed> {
        let (exchange, held) = match received.get().flatten()? {
            Ok(read) => read,
            Err(e) => return Some(Err(e)),
        };
        let Some(exchange) = exchange.filter(|e| e.role == Role::HeadOffice) else {
            return Some(Ok(None));
        };
        Some(Ok(Some(files.catalogue.with(|all| {
            oversight::review(&exchange, held, |id| all.get(id).map(|e| e.secret))
        }))))
    });
    move || shown(i18n, reviewed.get(), filter)
}

/// The page once read, or why it cannot be.
fn shown(i18n: I18n, reviewed: Option<Reviewed>, filter: RwSignal<Filter>) -> AnyView {
    match reviewed {
        None => ().into_any(),
        Some(Err(e)) => view! {
            <p class="notice notice-error" role="alert">{store_error_text(i18n, &e)}</p>
        }
        .into_any(),
        Some(Ok(None)) => view! {
            <p class="notice" data-testid="oversight-office-only">{i18n.t(Msg::OversightOfficeOnly)}</p>
            <p><A href="/viewing-record">{i18n.t(Msg::ViewingRecordTitle)}</A></p>
        }
        .into_any(),
        Some(Ok(Some(reps))) if reps.is_empty() => {
            view! { <EmptyState message=Msg::OversightNoReps /> }.into_any()
        }
        Some(Ok(Some(reps))) => view! {
            <p class="muted">{i18n.t(Msg::OversightHint)}</p>
            <Filters filter />
            {reps.into_iter().map(|rep| view! { <RepCard rep filter /> }).collect_view()}
        }
        .into_any(),
    }
}

/// The level and the period to show.
#[component]
fn Filters(filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let levels = [
        ("", Msg::OversightAllLevels),
        ("secret", Msg::OversightSecretUp),
        ("confidential", Msg::OversightConfidentialUp),
        ("top", Msg::OversightTopSecretOnly),
    ];
    let set_level = move |ev| {
        let at_least = match event_target_value(&ev).as_str() {
            "secret" => Some(SecretLevel::Secret),
            "confidential" => Some(SecretLevel::Confidential),
            "top" => Some(SecretLevel::TopSecret),
            _ => None,
        };
        filter.update(|f| f.at_least = at_least);
    };
    let day = |ev| NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok();
    // The inputs show the filter: drawn again (the catalogue changed), they keep it.
    let level = move || match filter.get().at_least {
        Some(SecretLevel::Secret) => "secret",
        Some(SecretLevel::Confidential) => "confidential",
        Some(SecretLevel::TopSecret) => "top",
        _ => "",
    };
    let shown = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    view! {
        <div class="toolbar report-filters" data-testid="oversight-filters">
            <label>{i18n.t(Msg::SecretLabel)}
                <select data-testid="oversight-level" on:change=set_level>
                    {levels.into_iter().map(|(value, msg)| view! {
                        <option value=value selected=move || level() == value>{i18n.t(msg)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>{i18n.t(Msg::OversightFrom)}
                <input type="date" data-testid="oversight-from" prop:value=move || shown(filter.get().from)
                    on:change=move |ev| filter.update(|f| f.from = day(ev)) />
            </label>
            <label>{i18n.t(Msg::OversightTo)}
                <input type="date" data-testid="oversight-to" prop:value=move || shown(filter.get().to)
                    on:change=move |ev| filter.update(|f| f.to = day(ev)) />
            </label>
        </div>
        <p class="muted">{i18n.t(Msg::OversightLevelNote)}</p>
    }
}

/// One rep: each laptop's record, then the files viewed within the filter.
#[component]
fn RepCard(rep: RepViewings, filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("{} {}", rep.code, rep.name);
    let code = rep.code.clone();
    let rep = StoredValue::new(rep);
    let devices = rep.with_value(|r| {
        r.devices
            .iter()
            .cloned()
            .map(|record| view! { <DeviceCard record filter /> })
            .collect_view()
    });
    let no_record = rep.with_value(|r| r.devices.is_empty());
    let summary = move || {
        let files = rep.with_value(|r| per_file(r.kept(&filter.get(), &Local)));
        if files.is_empty() {
            return ().into_any();
        }
        let rows = files
            .into_iter()
            .map(|f| {
                view! {
                    <tr data-testid="oversight-file">
                        <td><FileLink id=f.customer_id archive_no=f.archive_no held=f.level.is_some() /></td>
                        <td>{level_text(i18n, f.level)}</td>
                        <td>{f.count}</td>
                        <td>{when(f.last)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>{i18n.t(Msg::OversightPerFile)}</h3>
            <table class="table">
                <thead>
                    <tr>
                        <th>{i18n.t(Msg::ViewingFile)}</th>
                        <th>{i18n.t(Msg::SecretLabel)}</th>
                        <th>{i18n.t(Msg::OversightTimes)}</th>
                        <th>{i18n.t(Msg::OversightLast)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="card" data-testid="oversight-rep" data-rep=code>
            <h2>{heading}</h2>
            {no_record.then(|| view! {
                <p class="muted" data-testid="oversight-no-record">{i18n.t(Msg::OversightNoRecord)}</p>
            })}
            {devices}
            {summary}
        </section>
    }
}

/// One laptop's record: its chain's state and the entries within the filter.
#[component]
fn DeviceCard(record: DeviceRecord, filter: RwSignal<Filter>) -> impl IntoView {
    let i18n = use_i18n();
    let device = &record.device;
    let fp = if device.fingerprint.is_empty() {
        device.id.clone()
    } else {
        device.fingerprint.clone()
    };
    let laptop = if device.revoked {
        Msg::OversightLaptopRevoked
    } else {
        Msg::OversightLaptop
    };
    let state = record.state.clone();
    let broken = matches!(state, ChainState::Broken(_));
    // With no entry left to show, the chain's state says it all.
    let any = !record.entries.is_empty();
    let record = StoredValue::new(record);
    let rows = move || {
        let f = filter.get();
        record.with_value(|r| {
            r.kept(&f, &Local)
                .cloned()
                .map(|v| view! { <EntryRow viewed=v /> })
                .collect::<Vec<_>>()
        })
    };
    let table = move || {
        let rows = rows();
        if !any {
            return ().into_any();
        }
        if rows.is_empty() {
            return view! {
                <p class="muted" data-testid="oversight-none-kept">{i18n.t(Msg::OversightNoneKept)}</p>
            }
            .into_any();
        }
        view! {
            <table class="table">
                <thead>
                    <tr>
                        <th>{i18n.t(Msg::OversightSeq)}</th>
                        <th>{i18n.t(Msg::ViewingWhen)}</th>
                        <th>{i18n.t(Msg::ViewingFile)}</th>
                        <th>{i18n.t(Msg::SecretLabel)}</th>
                        <th>{i18n.t(Msg::ViewingWho)}</th>
                        <th>{i18n.t(Msg::ViewingPurpose)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div data-testid="oversight-device">
            <h3>{move || i18n.format(laptop, &[("fp", &fp)])}</h3>
            <p
                class=if broken { "notice notice-error" } else { "notice" }
                role=broken.then_some("alert")
                data-testid="oversight-chain"
                data-state=if broken { "broken" } else { "complete" }
            >
                {move || chain_text(i18n, &state)}
            </p>
            {table}
        </div>
    }
}

#[component]
fn EntryRow(viewed: Viewed) -> impl IntoView {
    let i18n = use_i18n();
    let Viewed { entry: e, level } = viewed;
    view! {
        <tr data-testid="oversight-entry">
            <td>{e.seq}</td>
            <td>{when(e.at)}</td>
            <td><FileLink id=e.customer_id archive_no=e.archive_no held=level.is_some() /></td>
            <td>{move || level_text(i18n, level)}</td>
            <td>{format!("{} ({})", e.by, e.rep_code)}</td>
            <td>{e.purpose}</td>
        </tr>
    }
}

/// A file's archive number, a link to it if head office holds it.
#[component]
fn FileLink(id: String, archive_no: String, held: bool) -> impl IntoView {
    if held {
        view! { <A href=format!("/customers/{id}")>{archive_no}</A> }.into_any()
    } else {
        archive_no.into_any()
    }
}

fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn level_text(i18n: I18n, level: Option<SecretLevel>) -> &'static str {
    i18n.t(level.map_or(Msg::OversightNotHeld, labels::secret))()
}

/// "Complete: N entries", or where the chain broke and how.
fn chain_text(i18n: I18n, state: &ChainState) -> String {
    let (msg, seq) = match state {
        ChainState::Complete { entries } => {
            return i18n.format(Msg::OversightComplete, &[("n", &entries.to_string())]);
        }
        ChainState::Broken(ChainError::Altered(s)) => (Msg::OversightAltered, *s),
        ChainState::Broken(ChainError::Missing(s)) => (Msg::OversightMissing, *s),
        // The record ends at entry `s`: the first missing is the next.
        ChainState::Broken(ChainError::Truncated(s)) => {
            (Msg::OversightTruncated, s.saturating_add(1))
        }
    };
    i18n.format(msg, &[("seq", &seq.to_string())])
}
