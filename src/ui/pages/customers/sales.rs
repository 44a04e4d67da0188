//! A file's sales by month (销售额): entered here, or imported from a spreadsheet on the
//! import page; the increase/decrease and region reports count them.

use chrono::{Local, Utc};
use leptos::prelude::*;

use crate::core::customer::model::Customer;
use crate::core::customer::money::Money;
use crate::core::customer::save::change;
use crate::core::i18n::{AppText, Msg};
use crate::core::report::Month;
use crate::platform::ids::new_id;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::i18n::use_i18n;

/// The months on record, newest first, and a form to record or correct one.
#[component]
pub fn SalesCard(customer: Customer, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let id = StoredValue::new(customer.id.clone());
    let month = RwSignal::new(Month::of(Local::now().date_naive()).label());
    let amount = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let rows: Vec<(String, Money)> = customer
        .sales
        .iter()
        .rev()
        .map(|(m, a)| (m.clone(), *a))
        .collect();
    let total = Money(rows.iter().fold(0i64, |s, (_, a)| s.saturating_add(a.0)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(m) = Month::parse(&month.get_untracked()) else {
            problem.set(Some(i18n.t(Msg::SalesMonthWrong)().to_owned()));
            return;
        };
        // An empty amount takes the month off the record.
        let value = match Money::parse(&amount.get_untracked()) {
            Ok(v) => v,
            Err(e) => {
                let p = crate::core::customer::validate::money_problem(e);
                problem.set(Some(
                    i18n.t(crate::core::i18n::labels::problem(p))().to_owned(),
                ));
                return;
            }
        };
        problem.set(None);
        let profile = files.profile.get_untracked();
        busy.run(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            let label = m.label();
            let reason = AppText::SalesRecorded {
                month: label.clone(),
            };
            let result = change(
                &db,
                &id.get_value(),
                profile.as_ref(),
                reason,
                Utc::now(),
                new_id(),
                |c, _| match value {
                    Some(v) => {
                        c.sales.insert(label, v);
                    }
                    None => {
                        c.sales.remove(&label);
                    }
                },
            )
            .await;
            match result {
                Ok(saved) => {
                    files.upsert(&saved);
                    amount.set(String::new());
                    changed.run(());
                }
                Err(e) => problem.set(Some(super::lifecycle::save_error_text(i18n, &e))),
            }
        });
    };
    let empty = rows.is_empty();
    view! {
        <section class="card" data-testid="sales">
            <h2>{i18n.t(Msg::SalesTitle)}</h2>
            <p class="muted">{i18n.t(Msg::SalesHint)}</p>
            <Show when=move || !empty>
                <table class="table" data-testid="sales-table">
                    <thead><tr>
                        <th>{i18n.t(Msg::SalesMonth)}</th>
                        <th class="num">{i18n.t(Msg::SalesAmount)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.clone().into_iter().map(|(m, a)| view! {
                            <tr data-testid="sales-row"><td>{m}</td><td class="num">{a.to_string()}</td></tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr>
                        <th>{i18n.t(Msg::SalesTotal)}</th>
                        <th class="num" data-testid="sales-total">{total.to_string()}</th>
                    </tr></tfoot>
                </table>
            </Show>
            <form class="toolbar no-print" data-testid="sales-form" on:submit=submit>
                <label>{i18n.t(Msg::SalesMonth)}
                    <input type="month" data-testid="sales-month" required
                        prop:value=move || month.get()
                        on:change=move |ev| month.set(event_target_value(&ev)) />
                </label>
                <label>{i18n.t(Msg::SalesAmount)}
                    <input type="text" inputmode="decimal" data-testid="sales-amount"
                        prop:value=move || amount.get()
                        on:input=move |ev| amount.set(event_target_value(&ev)) />
                </label>
                <button type="submit" data-testid="sales-save" disabled=move || busy.get()>
                    {i18n.t(Msg::SalesSave)}
                </button>
            </form>
            {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert" data-testid="sales-problem">{p}</p> })}
        </section>
    }
}
