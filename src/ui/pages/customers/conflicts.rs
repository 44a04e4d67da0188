//! A file's conflicts: fields changed here and at the other end without either seeing
//! the other. Each shows both values, who made them and when; keeping one settles it.

use chrono::{DateTime, Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

use crate::core::customer::model::Customer;
use crate::core::customer::save::resolve_conflict;
use crate::core::i18n::labels::{self, FieldLabel};
use crate::core::i18n::{AppText, Msg};
use crate::core::sync::merge::{Version, conflicts};
use crate::platform::ids::new_id;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};

/// The conflicts card; `changed` runs after one is settled, so the page reloads.
#[component]
pub fn Conflicts(customer: Customer, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let found = conflicts(&customer);
    if found.is_empty() {
        return ().into_any();
    }
    let id = StoredValue::new(customer.id.clone());
    let problem = RwSignal::new(None::<String>);
    let keep = move |path: String, value: Value| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let profile = files.profile.get_untracked();
        spawn_local(async move {
            let result = resolve_conflict(
                &db,
                &id.get_value(),
                &path,
                &value,
                profile.as_ref(),
                AppText::ConflictResolved,
                Utc::now(),
                new_id(),
            )
            .await;
            match result {
                Ok(saved) => {
                    files.upsert(&saved);
                    changed.run(());
                }
                Err(crate::core::customer::save::SaveError::Store(e)) => {
                    problem.set(Some(store_error_text(i18n, &e)))
                }
                Err(_) => problem.set(Some(i18n.t(Msg::NeedProfile)().to_owned())),
            }
        });
    };
    view! {
        <section class="card conflicts" data-testid="conflicts">
            <h2>{i18n.t(Msg::ConflictsTitle)}</h2>
            <p class="muted">{i18n.t(Msg::ConflictsHint)}</p>
            {found.into_iter().map(|c| {
                let label = field_label(i18n, &c.path);
                view! {
                    <div class="conflict" data-testid="conflict">
                        <h3>{label}</h3>
                        <ul>
                            {c.versions.into_iter().map(|v| {
                                let (path, value) = (c.path.clone(), v.value.clone());
                                view! {
                                    <li data-testid="conflict-version">
                                        <strong>{shown(i18n, &c.path, &v)}</strong>
                                        " "
                                        <span class="muted">{i18n.format(Msg::ConflictVersion, &[("by", &v.by), ("time", &when(v.at.ms))])}</span>
                                        " "
                                        <button type="button" data-testid="keep-version" on:click=move |_| keep(path.clone(), value.clone())>
                                            {i18n.t(Msg::ConflictKeep)}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }
            }).collect_view()}
            <p role="alert" class="field-error">{move || problem.get()}</p>
        </section>
    }
    .into_any()
}

fn field_label(i18n: I18n, path: &str) -> String {
    match (path, labels::field(path)) {
        ("contacts", _) => i18n.t(Msg::SectionContacts)().to_owned(),
        ("preferences", _) => i18n.t(Msg::SectionPreferences)().to_owned(),
        (_, Some(FieldLabel::Plain(m))) => i18n.t(m)().to_owned(),
        (_, Some(FieldLabel::Item(item, n, m))) => {
            format!(
                "{} · {}",
                i18n.format(item, &[("n", &n.to_string())]),
                i18n.t(m)()
            )
        }
        (other, None) => other.to_owned(),
    }
}

/// A version's value as the file would show it.
fn shown(i18n: I18n, path: &str, v: &Version) -> String {
    match &v.value {
        Value::String(s) => super::detail::value_text(i18n, path, s),
        Value::Null => "—".into(),
        Value::Array(items) => items
            .iter()
            .filter_map(|i| {
                i.get("name")
                    .or_else(|| i.get("details"))
                    .and_then(Value::as_str)
            })
            .collect::<Vec<_>>()
            .join("、"),
        Value::Object(map) if path == "credit" => format!(
            "{} {}",
            map.get("grade").and_then(Value::as_str).unwrap_or_default(),
            map.get("reason")
                .and_then(Value::as_str)
                .unwrap_or_default()
        ),
        other => super::detail::value_text(i18n, path, &other.to_string()),
    }
}

fn when(ms: u64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms as i64)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}
