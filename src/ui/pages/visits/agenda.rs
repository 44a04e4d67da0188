//! The agenda at the top of the Visits page: overdue, today, later this week.

use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::customer::catalogue::OccasionKind;
use crate::core::i18n::Msg;
use crate::core::store::VisitStore;
use crate::core::visit::agenda::{Agenda, Item};
use crate::core::visit::visit_time::visitable_now;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::use_i18n;

/// The agenda built from the submitted visits; `changed` is run after a follow-up is
/// marked done, so the page reloads its visits.
#[component]
pub fn AgendaView(agenda: Agenda, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    if agenda.is_empty() {
        return view! {
            <section class="card" data-testid="agenda">
                <h2>{i18n.t(Msg::AgendaTitle)}</h2>
                <p class="muted">{i18n.t(Msg::AgendaEmpty)}</p>
            </section>
        }
        .into_any();
    }
    let groups = [
        (Msg::AgendaOverdue, agenda.overdue, "agenda-overdue"),
        (Msg::AgendaToday, agenda.today, "agenda-today"),
        (Msg::AgendaThisWeek, agenda.this_week, "agenda-week"),
        (Msg::AgendaOccasions, agenda.occasions, "agenda-occasions"),
    ];
    view! {
        <section class="card" data-testid="agenda">
            <h2>{i18n.t(Msg::AgendaTitle)}</h2>
            {groups
                .into_iter()
                .filter(|(_, items, _)| !items.is_empty())
                .map(|(title, items, testid)| view! {
                    <h3 class:overdue=title == Msg::AgendaOverdue>{i18n.t(title)}</h3>
                    <ul class="agenda" data-testid=testid>
                        {items.into_iter().map(|item| view! { <AgendaItem item changed /> }).collect_view()}
                    </ul>
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

#[component]
fn AgendaItem(item: Item, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    // The monthly reports are no file's: they link to their page.
    match &item {
        Item::MonthlyReport { month, date } => {
            let msg = if *date < Local::now().date_naive() {
                Msg::MonthlyOwedLate
            } else {
                Msg::MonthlyOwedDue
            };
            let text = i18n.format(
                msg,
                &[
                    ("month", month),
                    ("date", &date.format("%Y-%m-%d").to_string()),
                ],
            );
            return view! {
                <li data-testid="agenda-item">
                    <span class="row-no">{date.format("%Y-%m-%d").to_string()}</span> " "
                    <span class="mark">{i18n.t(Msg::AgendaMonthlyOwed)}</span> " "
                    <a href="/reports/monthly">{text}</a>
                </li>
            }
            .into_any();
        }
        Item::ReportReview { rep, month, date } => {
            let text = format!("{rep} · {month}");
            return view! {
                <li data-testid="agenda-item">
                    <span class="row-no">{date.format("%Y-%m-%d").to_string()}</span> " "
                    <span class="mark">{i18n.t(Msg::AgendaMonthlyReview)}</span> " "
                    <a href="/reports/monthly">{text}</a>
                </li>
            }
            .into_any();
        }
        _ => {}
    }
    let (customer_id, kind) = match &item {
        Item::Visit { customer_id, .. } => (customer_id.clone(), Msg::AgendaPlannedVisit),
        Item::FollowUp { customer_id, .. } => (customer_id.clone(), Msg::AgendaFollowUp),
        Item::Complaint {
            customer_id,
            undecided: false,
            ..
        } => (customer_id.clone(), Msg::AgendaComplaint),
        Item::Complaint {
            customer_id,
            undecided: true,
            ..
        } => (customer_id.clone(), Msg::AgendaComplaintUndecided),
        Item::Occasion {
            customer_id,
            kind: OccasionKind::Birthday,
            ..
        } => (customer_id.clone(), Msg::AgendaBirthday),
        Item::Occasion {
            customer_id,
            kind: OccasionKind::Anniversary,
            ..
        } => (customer_id.clone(), Msg::AgendaAnniversary),
        Item::MonthlyReport { .. } | Item::ReportReview { .. } => return ().into_any(),
    };
    let customer = files.catalogue.with_untracked(|all| {
        all.get(&customer_id)
            .map(|e| e.name.clone())
            .unwrap_or_default()
    });
    let date = item.date().format("%Y-%m-%d").to_string();
    let detail = match &item {
        Item::FollowUp { action, owner, .. } => [action.as_str(), owner.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        Item::Complaint { acceptance_no, .. } => acceptance_no.clone(),
        Item::Visit { .. } | Item::MonthlyReport { .. } | Item::ReportReview { .. } => {
            String::new()
        }
        Item::Occasion {
            contact,
            kind,
            years,
            ..
        } => {
            let msg = match kind {
                OccasionKind::Birthday => Msg::AgendaBirthdayYears,
                OccasionKind::Anniversary => Msg::AgendaAnniversaryYears,
            };
            // A date given with this year (the day known, not the year) counts no years.
            if *years > 0 {
                i18n.format(msg, &[("name", contact), ("n", &years.to_string())])
            } else {
                contact.clone()
            }
        }
    };
    let done = match item {
        Item::FollowUp {
            visit_id, index, ..
        } => Some(move |_| {
            let visit_id = visit_id.clone();
            spawn_local(async move {
                let Some(db) = db.ready_untracked() else {
                    return;
                };
                if db
                    .set_follow_up_done(&visit_id, index, Some(Utc::now()))
                    .await
                    .is_ok()
                {
                    changed.run(());
                }
            });
        }),
        _ => None,
    };
    view! {
        <li data-testid="agenda-item">
            <span class="row-no">{date}</span> " "
            <span class="mark">{i18n.t(kind)}</span> " "
            <a href=format!("/customers/{customer_id}")>{customer}</a> " "
            <span>{detail}</span>
            {done.map(|on_click| view! {
                " " <button type="button" class="chip" data-testid="follow-up-done" on:click=on_click>{i18n.t(Msg::MarkDone)}</button>
            })}
        </li>
    }
    .into_any()
}

/// How many customers "good time to visit now" lists before "and N more".
const VISITABLE_SHOWN: usize = 8;

/// Customers whose best time to visit is now, most important first. Refreshed each
/// minute while the page is open.
#[component]
pub fn VisitableNow() -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let minute = RwSignal::new(0u32);
    set_interval(
        move || minute.update(|m| *m += 1),
        std::time::Duration::from_secs(60),
    );
    let found = Memo::new(move |_| {
        minute.track();
        let now = Local::now().naive_local();
        files.catalogue.with(|all| {
            let found = visitable_now(all, now);
            let total = found.len();
            let shown: Vec<(String, String, String)> = found
                .into_iter()
                .take(VISITABLE_SHOWN)
                .map(|e| (e.id.clone(), e.name.clone(), e.best_visit_time.clone()))
                .collect();
            (shown, total)
        })
    });
    move || {
        let (shown, total) = found.get();
        (!shown.is_empty()).then(|| {
            let more = total - shown.len();
            view! {
                <section class="card" data-testid="visitable-now">
                    <h2>{i18n.t(Msg::AgendaGoodTimeNow)}</h2>
                    <p class="muted">{i18n.t(Msg::AgendaGoodTimeHint)}</p>
                    <ul class="agenda">
                        {shown.into_iter().map(|(id, name, time)| view! {
                            <li data-testid="visitable">
                                <a href=format!("/customers/{id}")>{name}</a>
                                " "
                                <span class="muted">{time}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    {(more > 0).then(|| view! { <p class="muted">{move || i18n.format(Msg::AgendaMore, &[("n", &more.to_string())])}</p> })}
                </section>
            }
        })
    }
}
