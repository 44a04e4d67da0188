//! `/reports/monthly`: the monthly report (顾客情报报告书, `core::monthly`). On a rep's
//! laptop: the months owed, each report with where it stands, and the form (filled from
//! the month's files, proposals and emergencies) to keep as a draft or send. At head
//! office: the reps' reports waiting review (late ones marked), to review with a note
//! and pass on to the general manager.

use std::sync::{Arc, Mutex};

use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::PageTitle;
use crate::core::customer::model::CreditAssignment;
use crate::core::i18n::Msg;
use crate::core::monthly::{self, Report, State};
use crate::core::people::{Action, Actor};
use crate::core::report::Month;
use crate::platform::ids::new_id;
use crate::ui::acting::use_acting;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::vault::{LockedPanel, use_vault};

pub(super) fn state_msg(s: State) -> Msg {
    match s {
        State::Draft => Msg::MonthlyDraft,
        State::Sent => Msg::MonthlySent,
        State::Reviewed => Msg::MonthlyReviewed,
        State::PassedOn => Msg::MonthlyPassedOn,
    }
}

fn state_name(s: State) -> &'static str {
    match s {
        State::Draft => "draft",
        State::Sent => "sent",
        State::Reviewed => "reviewed",
        State::PassedOn => "passed-on",
    }
}

#[component]
pub fn MonthlyPage() -> impl IntoView {
    let i18n = use_i18n();
    let acting = use_acting();
    let vault = use_vault();
    view! {
        <PageTitle msg=Msg::MonthlyTitle />
        <p class="muted">{i18n.t(Msg::MonthlyHint)}</p>
        {move || {
            if !vault.unlocked() {
                return view! { <LockedPanel /> }.into_any();
            }
            match acting.actor.get() {
                Actor::Rep | Actor::Alone => view! { <RepReports /> }.into_any(),
                _ => view! { <OfficeReports /> }.into_any(),
            }
        }}
    }
}

/// A step's line: "Reviewed by 王经理 (HQ) on 2026-12-02: 已阅".
pub(super) fn step_line(i18n: I18n, msg: Msg, step: &monthly::Step) -> String {
    let on = step.at.with_timezone(&Local).format("%Y-%m-%d").to_string();
    let mut line = i18n.format(msg, &[("by", &step.by), ("date", &on)]);
    if !step.note.is_empty() {
        line.push_str(": ");
        line.push_str(&step.note);
    }
    line
}

/// One report, read only: its parts and its steps.
#[component]
fn ReportView(report: Report) -> impl IntoView {
    let i18n = use_i18n();
    let parts = [
        (Msg::MonthlyGradeA, report.grade_a.clone()),
        (Msg::MonthlyGradeB, report.grade_b.clone()),
        (Msg::MonthlyGradeC, report.grade_c.clone()),
        (Msg::MonthlyProposals, report.proposals.clone()),
        (Msg::MonthlyEmergencies, report.emergencies.clone()),
        (Msg::MonthlyOther, report.other.clone()),
    ];
    let sent = report.sent_at.map(|at| {
        i18n.format(
            Msg::MonthlySentOn,
            &[(
                "date",
                &at.with_timezone(&Local).format("%Y-%m-%d").to_string(),
            )],
        )
    });
    let review = report
        .review
        .as_ref()
        .map(|s| step_line(i18n, Msg::MonthlyReviewedBy, s));
    let passed = report
        .passed_on
        .as_ref()
        .map(|s| step_line(i18n, Msg::MonthlyPassedOnBy, s));
    view! {
        <dl class="monthly-parts">
            {parts.into_iter().map(|(m, text)| view! {
                <dt>{i18n.t(m)}</dt>
                <dd class="prewrap">{if text.is_empty() { "—".to_owned() } else { text }}</dd>
            }).collect_view()}
        </dl>
        <ul class="steps" data-testid="monthly-steps">
            {sent.map(|s| view! { <li>{s}</li> })}
            {review.map(|s| view! { <li data-testid="monthly-review">{s}</li> })}
            {passed.map(|s| view! { <li data-testid="monthly-passed-on">{s}</li> })}
        </ul>
    }
}

/// A report in a list: its month, who, where it stands; opened to read it.
#[component]
fn ReportItem(report: Report, late: bool, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let state = report.state();
    let title = if report.rep_code.is_empty() {
        report.month.clone()
    } else {
        format!("{} · {} {}", report.month, report.rep_code, report.rep_name)
    };
    view! {
        <li class="card" data-testid="monthly-report" data-state=state_name(state) data-month=report.month.clone()>
            <details>
                <summary>
                    <strong>{title}</strong> " · "
                    <span class="mark" data-testid="monthly-state">{i18n.t(state_msg(state))}</span>
                    {late.then(|| view! { " " <span class="mark overdue" data-testid="monthly-late">{i18n.t(Msg::MonthlyLate)}</span> })}
                </summary>
                <ReportView report=report.clone() />
                <p class="no-print">
                    <A href=format!("/reports/monthly/{}/print", report.id) attr:data-testid="monthly-print">{i18n.t(Msg::MonthlyPrint)}</A>
                </p>
                {children()}
            </details>
        </li>
    }
}

/// The autosave's queue: the latest text not yet written, and whether a write runs.
#[derive(Default)]
struct Queue {
    latest: Option<Report>,
    running: bool,
}

/// The rep's side: what is owed, the form, and every report with where it stands.
#[component]
fn RepReports() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let loaded = LocalResource::new(move || async move {
        let db = db.ready()?;
        let reports = db.monthly_reports().await;
        let since = db.created_at(Utc::now()).await.ok()?;
        let proposals = db.proposals().await.unwrap_or_default();
        Some((reports, since, proposals))
    });
    let editing = RwSignal::new(None::<Report>);
    let problem = RwSignal::new(None::<String>);
    // The rep's name and code as the report carries them; none until Settings has both.
    let signer = move || {
        files
            .profile
            .get_untracked()
            .filter(|p| !p.name.is_empty() && !p.rep_code.is_empty())
    };
    let start = move |month: Month| {
        // The form open on this month already holds the latest text.
        if editing.with_untracked(|r| r.as_ref().and_then(Report::month)) == Some(month) {
            return;
        }
        let Some(Some((_, _, proposals))) = loaded.get_untracked() else {
            return;
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let code = signer().map(|p| p.rep_code).unwrap_or_default();
        // Read again, not from the list on screen: a draft may have been kept since.
        spawn_local(async move {
            let reports = match db.monthly_reports().await {
                Ok(all) => all,
                Err(e) => return problem.set(Some(store_error_text(i18n, &e))),
            };
            let this_month = |r: &&Report| r.month() == Some(month) && r.rep_code == code;
            // One report a month: a sent one stays as sent.
            if reports
                .iter()
                .filter(this_month)
                .any(|r| r.state() != State::Draft)
            {
                problem.set(Some(i18n.t(Msg::MonthlyAlreadySent)().to_owned()));
                return;
            }
            // A draft of the month is taken up again; else a new one from the files.
            let report = reports.iter().find(this_month).cloned().unwrap_or_else(|| {
                let proposed: Vec<(String, String)> = proposals
                    .iter()
                    .filter(|m| {
                        m.proposal.field == "credit"
                            && Month::of(m.proposal.at.date_naive()) == month
                    })
                    .map(|m| {
                        let grade = serde_json::from_value::<Option<CreditAssignment>>(
                            m.proposal.value.clone(),
                        )
                        .ok()
                        .flatten()
                        .map(|c| format!("{:?}", c.grade))
                        .unwrap_or_default();
                        (
                            format!("{} → {grade}", m.proposal.archive_no),
                            m.proposal.reason.clone(),
                        )
                    })
                    .collect();
                let mut r = files
                    .catalogue
                    .with_untracked(|all| monthly::draft(all, &proposed, month, Utc::now()));
                r.id = new_id();
                r
            });
            problem.set(None);
            editing.set(Some(report));
        });
    };
    // The form is kept as a draft as it is typed (a dead battery loses nothing): one
    // write at a time, then the latest text given meanwhile. The queue is shared with
    // the writing task, so what was typed is written even if the page is left.
    let autosaved = RwSignal::new(None::<String>);
    let writing = RwSignal::new(false);
    let queue = StoredValue::new(Arc::new(Mutex::new(Queue::default())));
    let autosave = move || {
        let queue = queue.get_value();
        let Some(mut report) = editing.get_untracked() else {
            return;
        };
        let Some(profile) = signer() else {
            autosaved.set(Some(i18n.t(Msg::MonthlyAutosaveNeedsProfile)().to_owned()));
            return;
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        report.rep_code = profile.rep_code;
        report.rep_name = profile.name;
        {
            let Ok(mut q) = queue.lock() else {
                return;
            };
            q.latest = Some(report);
            if q.running {
                return;
            }
            q.running = true;
        }
        writing.set(true);
        spawn_local(async move {
            loop {
                let next = queue.lock().ok().and_then(|mut q| {
                    let next = q.latest.take();
                    q.running = next.is_some();
                    next
                });
                let Some(report) = next else {
                    break;
                };
                let id = report.id.clone();
                match db.keep_monthly_report(report, false, Utc::now()).await {
                    Ok(true) => {
                        let time = Local::now().format("%H:%M:%S").to_string();
                        autosaved
                            .try_set(Some(i18n.format(Msg::MonthlyAutosaved, &[("time", &time)])));
                        // A new draft shows in the list (and is taken up from there).
                        let listed = loaded.try_get_untracked().flatten().flatten().is_some_and(
                            |(reports, _, _)| {
                                reports.is_ok_and(|all| all.iter().any(|r| r.id == id))
                            },
                        );
                        if !listed {
                            loaded.refetch();
                        }
                    }
                    // Sent meanwhile: the sent one stands.
                    Ok(false) => {}
                    Err(e) => {
                        problem.try_set(Some(crate::ui::viewing::error_text(i18n, &e)));
                    }
                }
            }
            writing.try_set(false);
        });
    };
    let keep = move |send: bool| {
        let Some(mut report) = editing.get_untracked() else {
            return;
        };
        let Some(profile) = signer() else {
            problem.set(Some(i18n.t(Msg::NeedProfile)().to_owned()));
            return;
        };
        // Pressed, it is the text on screen that is kept: no older one after it.
        if let Ok(mut q) = queue.get_value().lock() {
            q.latest = None;
        }
        report.rep_code = profile.rep_code.clone();
        report.rep_name = profile.name.clone();
        spawn_local(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            match db.keep_monthly_report(report, send, Utc::now()).await {
                Ok(true) => {
                    editing.set(None);
                    loaded.refetch();
                }
                Ok(false) => problem.set(Some(i18n.t(Msg::MonthlyAlreadySent)().to_owned())),
                Err(e) => problem.set(Some(crate::ui::viewing::error_text(i18n, &e))),
            }
        });
    };
    let field = move |label: Msg,
                      testid: &'static str,
                      get: fn(&Report) -> String,
                      set: fn(&mut Report, String)| {
        view! {
            <label class="field wide">
                <span class="field-label">{i18n.t(label)}</span>
                <textarea rows="4" data-testid=testid maxlength=monthly::MAX_TEXT.to_string()
                    prop:value=move || editing.with(|r| r.as_ref().map(get).unwrap_or_default())
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        editing.update(|r| if let Some(r) = r { set(r, v) });
                        autosave();
                    }></textarea>
            </label>
        }
    };
    view! {
        {move || loaded.get().flatten().map(|(reports, since, _)| {
            let reports = match reports {
                Ok(r) => r,
                Err(e) => return view! { <p class="notice notice-error" role="alert">{store_error_text(i18n, &e)}</p> }.into_any(),
            };
            let today = Local::now().date_naive();
            let owed = monthly::owed(&reports, monthly::first_month(since), today);
            let this = Month::of(today);
            view! {
                <section class="card" data-testid="monthly-owed">
                    <h2>{i18n.t(Msg::MonthlyOwedTitle)}</h2>
                    {if owed.is_empty() {
                        view! { <p class="muted">{i18n.t(Msg::MonthlyNothingOwed)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="agenda">
                                {owed.into_iter().map(|o| {
                                    let due = o.due.format("%Y-%m-%d").to_string();
                                    let text = i18n.format(if o.late { Msg::MonthlyOwedLate } else { Msg::MonthlyOwedDue }, &[("month", &o.month.label()), ("date", &due)]);
                                    view! {
                                        <li data-testid="monthly-owed-item" class:overdue=o.late>
                                            {text} " "
                                            <button type="button" class="chip" data-testid="monthly-write" on:click=move |_| start(o.month)>{i18n.t(Msg::MonthlyWrite)}</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <button type="button" data-testid="monthly-write-this" on:click=move |_| start(this)>
                        {i18n.format(Msg::MonthlyWriteFor, &[("month", &this.label())])}
                    </button>
                </section>
                <ul class="monthly-list" data-testid="monthly-reports">
                    {reports.into_iter().map(|r| {
                        let late = r.sent_at.is_none() && r.due().is_some_and(|d| today > d);
                        let draft = r.state() == State::Draft;
                        let month = r.month();
                        view! {
                            <ReportItem report=r late>
                                {(draft && month.is_some()).then(|| view! {
                                    <button type="button" data-testid="monthly-continue" on:click=move |_| if let Some(m) = month { start(m) }>{i18n.t(Msg::MonthlyContinue)}</button>
                                })}
                            </ReportItem>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
        {move || editing.get().map(|r| view! {
            <form class="card monthly-form" data-testid="monthly-form" on:submit=|ev| ev.prevent_default()>
                <h2>{i18n.format(Msg::MonthlyFormTitle, &[("month", &r.month)])}</h2>
                <p class="muted">{i18n.t(Msg::MonthlyFormHint)}</p>
                {field(Msg::MonthlyGradeA, "monthly-a", |r| r.grade_a.clone(), |r, v| r.grade_a = v)}
                {field(Msg::MonthlyGradeB, "monthly-b", |r| r.grade_b.clone(), |r, v| r.grade_b = v)}
                {field(Msg::MonthlyGradeC, "monthly-c", |r| r.grade_c.clone(), |r, v| r.grade_c = v)}
                {field(Msg::MonthlyProposals, "monthly-proposals", |r| r.proposals.clone(), |r, v| r.proposals = v)}
                {field(Msg::MonthlyEmergencies, "monthly-emergencies", |r| r.emergencies.clone(), |r, v| r.emergencies = v)}
                {field(Msg::MonthlyOther, "monthly-other", |r| r.other.clone(), |r, v| r.other = v)}
                <p class="muted" role="status" data-testid="monthly-autosaved" data-writing=move || writing.get().to_string()>{move || autosaved.get()}</p>
                <div class="actions">
                    <button type="button" data-testid="monthly-keep" on:click=move |_| keep(false)>{i18n.t(Msg::MonthlyKeepDraft)}</button>
                    <button type="button" class="primary" data-testid="monthly-send" on:click=move |_| keep(true)>{i18n.t(Msg::MonthlySend)}</button>
                </div>
            </form>
        })}
        {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert" data-testid="monthly-problem">{p}</p> })}
        <p class="muted"><A href="/bundles">{i18n.t(Msg::MonthlyTravels)}</A></p>
    }
}

/// Head office's side: the reps' reports, those waiting review first.
#[component]
fn OfficeReports() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let acting = use_acting();
    let loaded =
        LocalResource::new(move || async move { db.ready()?.monthly_reports().await.ok() });
    let problem = RwSignal::new(None::<String>);
    let act = move |id: String, note: Option<String>| {
        if let Err(gate) = acting.may(Action::ReviewReport) {
            problem.set(Some(crate::ui::acting::gate_text(i18n, gate)));
            return;
        }
        let by = files
            .profile
            .get_untracked()
            .map(|p| p.signature())
            .unwrap_or_default();
        spawn_local(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            let result = match note {
                Some(note) => db.review_monthly_report(&id, &by, &note, Utc::now()).await,
                None => db.pass_on_monthly_report(&id, &by, Utc::now()).await,
            };
            match result {
                Ok(_) => {
                    problem.set(None);
                    loaded.refetch();
                }
                Err(e) => problem.set(Some(crate::ui::viewing::error_text(i18n, &e))),
            }
        });
    };
    view! {
        {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert" data-testid="monthly-problem">{p}</p> })}
        {move || loaded.get().flatten().map(|reports| {
            let today = Local::now().date_naive();
            if reports.is_empty() {
                return view! { <p class="muted" data-testid="monthly-none">{i18n.t(Msg::MonthlyNoneReceived)}</p> }.into_any();
            }
            let waiting: Vec<String> = monthly::waiting_review(&reports, today)
                .into_iter()
                .filter(|(_, late)| *late)
                .map(|(r, _)| r.id.clone())
                .collect();
            view! {
                <ul class="monthly-list" data-testid="monthly-reports">
                    {reports.into_iter().map(|r| {
                        let late = waiting.contains(&r.id);
                        let state = r.state();
                        let id = r.id.clone();
                        let note = RwSignal::new(String::new());
                        view! {
                            <ReportItem report=r late>
                                {(state == State::Sent).then(|| {
                                    let id = id.clone();
                                    view! {
                                        <div class="toolbar">
                                            <label>{i18n.t(Msg::MonthlyReviewNote)}
                                                <input type="text" data-testid="monthly-review-note" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                                            </label>
                                            <button type="button" class="primary" data-testid="monthly-do-review" on:click=move |_| act(id.clone(), Some(note.get_untracked()))>{i18n.t(Msg::MonthlyDoReview)}</button>
                                        </div>
                                    }
                                })}
                                {(state == State::Reviewed).then(|| {
                                    let id = id.clone();
                                    view! {
                                        <button type="button" class="primary" data-testid="monthly-do-pass-on" on:click=move |_| act(id.clone(), None)>{i18n.t(Msg::MonthlyDoPassOn)}</button>
                                    }
                                })}
                            </ReportItem>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
