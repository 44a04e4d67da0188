//! A file over the months: its reviews (复查) by the grade's cadence, and closing the
//! account (销户).

use chrono::{Local, NaiveDate, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::core::customer::destruction::{DestructionRecord, Method, Refusal, destroy};
use crate::core::customer::grade;
use crate::core::customer::model::CreditGrade;
use crate::core::customer::model::{Closure, Customer, Emergency, EmergencyKind, Review, Status};
use crate::core::customer::review::{Standing, review_standing};
use crate::core::customer::save::{SaveError, change};
use crate::core::i18n::{AppText, Msg};
use crate::core::people::Action;
use crate::platform::ids::new_id;
use crate::storage::Db;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::{Files, use_files};
use crate::ui::format::local_date;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};

pub(super) fn save_error_text(i18n: I18n, e: &SaveError) -> String {
    match e {
        SaveError::Store(e) => store_error_text(i18n, e),
        SaveError::NoProfile => i18n.t(Msg::NeedProfile)().to_owned(),
        SaveError::Invalid(_) => i18n.t(Msg::FormHasErrors)().to_owned(),
    }
}

/// Records a review of file `id` now, with `note`; the catalogue is updated.
pub async fn record_review(
    db: &Db,
    files: Files,
    i18n: I18n,
    id: &str,
    note: String,
) -> Result<Customer, String> {
    let profile = files.profile.get_untracked();
    let now = Utc::now();
    let review_id = new_id();
    let saved = change(
        db,
        id,
        profile.as_ref(),
        AppText::ReviewReason,
        now,
        new_id(),
        |c, by| {
            let grade = grade::assess(c, now).grade;
            c.reviews.insert(
                review_id,
                Review {
                    at: now,
                    by: by.to_owned(),
                    grade,
                    note: note.trim().to_owned(),
                },
            );
        },
    )
    .await
    .map_err(|e| save_error_text(i18n, &e))?;
    files.upsert(&saved);
    Ok(saved)
}

/// The review standing of a file, its reviews newest first, and a form to record one.
#[component]
pub fn ReviewsCard(customer: Customer, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let now = Utc::now();
    let grade = grade::assess(&customer, now).grade;
    let last = customer
        .last_review()
        .map_or(customer.created_at, |r| r.max(customer.created_at));
    let standing = review_standing(grade, local_date(last), local_date(now));
    let closed = customer.status == Status::Closed;
    let standing_text = move || match standing {
        Standing::Done => i18n.t(Msg::ReviewStandingDone)().to_owned(),
        Standing::DueThisMonth => i18n.t(Msg::ReviewStandingDue)().to_owned(),
        Standing::Overdue { since } => i18n.format(
            Msg::ReviewStandingOverdue,
            &[("date", &since.format("%Y-%m-%d").to_string())],
        ),
    };
    let mut reviews: Vec<Review> = customer.reviews.values().cloned().collect();
    reviews.sort_by_key(|r| std::cmp::Reverse(r.at));
    let id = StoredValue::new(customer.id.clone());
    let open = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result =
                record_review(&db, files, i18n, &id.get_value(), note.get_untracked()).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    open.set(false);
                    note.set(String::new());
                    changed.run(());
                }
                Err(e) => problem.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card" data-testid="reviews">
            <h2>{i18n.t(Msg::ReviewsSection)}</h2>
            {(!closed).then(|| {
                let msg = match grade {
                    CreditGrade::A => Msg::ReviewCadenceA,
                    CreditGrade::B => Msg::ReviewCadenceB,
                    CreditGrade::C => Msg::ReviewCadenceC,
                };
                view! { <p data-testid="review-cadence">{i18n.t(msg)}</p> }
            })}
            {(!closed).then(|| view! {
                <p data-testid="review-standing" class:overdue=matches!(standing, Standing::Overdue { .. })>
                    {standing_text}
                </p>
            })}
            {if reviews.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::ReviewsNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="review-list" data-testid="review-list">
                        {reviews.into_iter().map(|r| {
                            let line = i18n.format(Msg::ReviewBy, &[
                                ("date", &local_date(r.at).format("%Y-%m-%d").to_string()),
                                ("by", &r.by),
                                ("grade", &format!("{:?}", r.grade)),
                            ]);
                            view! {
                                <li>{line} {(!r.note.is_empty()).then(|| view! { <span class="muted">" · " {r.note.clone()}</span> })}</li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
            {(!closed).then(|| view! {
                <Show
                    when=move || open.get()
                    fallback=move || view! {
                        <button type="button" data-testid="record-review" on:click=move |_| open.set(true)>
                            {i18n.t(Msg::RecordReview)}
                        </button>
                    }
                >
                    <form class="inline-form" on:submit=submit>
                        <label>
                            {i18n.t(Msg::ReviewNote)}
                            <input type="text" data-testid="review-note" maxlength="500"
                                prop:value=move || note.get()
                                on:input=move |ev| note.set(event_target_value(&ev)) />
                        </label>
                        <button type="submit" class="primary" data-testid="review-done" disabled=move || busy.get()>
                            {i18n.t(Msg::ReviewDone)}
                        </button>
                        <button type="button" on:click=move |_| open.set(false)>{i18n.t(Msg::Cancel)}</button>
                    </form>
                </Show>
            })}
        </section>
    }
}

/// A closed file's notice: when, who, why.
#[component]
pub fn ClosureNotice(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    customer.closure.map(|c| {
        let text = i18n.format(
            Msg::ClosedNotice,
            &[
                ("date", &c.date.format("%Y-%m-%d").to_string()),
                ("by", &c.by),
                ("reason", &c.reason),
            ],
        );
        view! { <p class="notice" data-testid="closure-notice">{text}</p> }
    })
}

/// "Close account": asks for the reason and date, then closes the file.
#[component]
pub fn CloseAccount(customer: Customer, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    if customer.status == Status::Closed {
        return ().into_any();
    }
    let id = StoredValue::new(customer.id.clone());
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let date = RwSignal::new(Local::now().date_naive().format("%Y-%m-%d").to_string());
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            problem.set(Some(i18n.t(Msg::CloseReasonRequired)().to_owned()));
            return;
        }
        let Ok(on) = NaiveDate::parse_from_str(&date.get_untracked(), "%Y-%m-%d") else {
            problem.set(Some(i18n.t(Msg::ErrRequired)().to_owned()));
            return;
        };
        if on > Local::now().date_naive() {
            problem.set(Some(i18n.t(Msg::ErrFuture)().to_owned()));
            return;
        }
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let profile = files.profile.get_untracked();
        busy.run(async move {
            let result = change(
                &db,
                &id.get_value(),
                profile.as_ref(),
                why.as_str(),
                Utc::now(),
                new_id(),
                |c, by| {
                    c.status = Status::Closed;
                    c.closure = Some(Closure {
                        date: on,
                        reason: why.clone(),
                        by: by.to_owned(),
                    });
                },
            )
            .await;
            match result {
                Ok(saved) => {
                    files.upsert(&saved);
                    open.set(false);
                    changed.run(());
                }
                Err(e) => problem.set(Some(save_error_text(i18n, &e))),
            }
        });
    };
    let acting = crate::ui::acting::use_acting();
    view! {
        <Show
            when=move || open.get() && acting.may(Action::Close).is_ok()
            fallback=move || match acting.may(Action::Close) {
                Ok(()) => view! {
                    <button type="button" data-testid="close-account" on:click=move |_| open.set(true)>
                        {i18n.t(Msg::CloseAccount)}
                    </button>
                }.into_any(),
                Err(gate) => view! { <crate::ui::acting::GateNote gate=gate /> }.into_any(),
            }
        >
            <form class="card inline-form close-form" data-testid="close-form" on:submit=submit>
                <p class="muted">{i18n.t(Msg::CloseHint)}</p>
                <label>
                    {i18n.t(Msg::CloseReason)}
                    <input type="text" data-testid="close-reason" maxlength="500"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <label>
                    {i18n.t(Msg::CloseDate)}
                    <input type="date" data-testid="close-date"
                        prop:value=move || date.get()
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
                {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
                <button type="submit" class="danger" data-testid="close-confirm" disabled=move || busy.get()>{i18n.t(Msg::CloseConfirm)}</button>
                <button type="button" on:click=move |_| open.set(false)>{i18n.t(Msg::Cancel)}</button>
            </form>
        </Show>
    }
    .into_any()
}

/// One destruction record as a line of text.
pub fn destruction_line(i18n: I18n, d: &DestructionRecord) -> String {
    let method = match d.method {
        Method::Erased => i18n.t(Msg::MethodErased)(),
        Method::ErasedSealed => i18n.t(Msg::MethodErasedSealed)(),
    };
    i18n.format(
        Msg::DestructionLine,
        &[
            ("no", &d.archive_no),
            (
                "date",
                &d.at
                    .with_timezone(&Local)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
            ),
            ("by", &d.by),
            ("approver", &d.approver),
            ("method", method),
        ],
    )
}

/// A destruction record as the printed register's cells: number, closed on, destroyed
/// on, method, by, approver.
pub fn destruction_line_parts(i18n: I18n, d: &DestructionRecord) -> Vec<String> {
    let method = match d.method {
        Method::Erased => i18n.t(Msg::MethodErased)(),
        Method::ErasedSealed => i18n.t(Msg::MethodErasedSealed)(),
    };
    vec![
        d.archive_no.clone(),
        d.closed_on
            .map(|c| c.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        d.at.with_timezone(&Local).format("%Y-%m-%d").to_string(),
        method.to_owned(),
        d.by.clone(),
        d.approver.clone(),
    ]
}

/// What a destroyed file's address shows: that it was destroyed, and the record.
#[component]
pub fn DestroyedFile(record: DestructionRecord) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.format(Msg::DestroyedNotice, &[("no", &record.archive_no)]);
    let line = destruction_line(i18n, &record);
    view! {
        <h1 data-testid="page-title">{title}</h1>
        <p data-testid="destruction-record">{line}</p>
        <a href="/customers">{i18n.t(Msg::BackToList)}</a>
    }
}

/// "Destroy file", for a closed file: names the approver, asks for the archive number
/// typed back, then erases the file for good.
#[component]
pub fn DestroyFile(customer: Customer, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    if customer.status != Status::Closed {
        return ().into_any();
    }
    let archive_no = customer.archive_no.clone();
    let file = StoredValue::new(customer);
    let acting = crate::ui::acting::use_acting();
    let named_approver = move || {
        let code = files.profile.get().map(|p| p.rep_code).unwrap_or_default();
        acting
            .actor
            .with(|a| a.person().map(|p| p.signature(&code)))
    };
    let named_approver_now = move || {
        let code = files
            .profile
            .get_untracked()
            .map(|p| p.rep_code)
            .unwrap_or_default();
        acting
            .actor
            .with_untracked(|a| a.person().map(|p| p.signature(&code)))
    };
    let open = RwSignal::new(false);
    let approver = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = file.get_value();
        if typed.get_untracked().trim() != c.archive_no {
            problem.set(Some(i18n.t(Msg::DestroyMismatch)().to_owned()));
            return;
        }
        let profile = files.profile.get_untracked().unwrap_or_default();
        if profile.name.is_empty() || profile.rep_code.is_empty() {
            problem.set(Some(i18n.t(Msg::NeedProfile)().to_owned()));
            return;
        }
        let by = profile.signature();
        let now = Utc::now();
        let approved_by = named_approver_now().unwrap_or_else(|| approver.get_untracked());
        let record = match destroy(&c, &approved_by, &by, now, local_date(now)) {
            Ok(r) => r,
            Err(Refusal::NotClosed) => {
                problem.set(Some(i18n.t(Msg::DestroyNotClosed)().to_owned()));
                return;
            }
            Err(Refusal::Retained(until)) => {
                problem.set(Some(i18n.format(
                    Msg::DestroyRetained,
                    &[("date", &until.format("%Y-%m-%d").to_string())],
                )));
                return;
            }
            Err(Refusal::NoApprover) => {
                problem.set(Some(i18n.t(Msg::DestroyNoApprover)().to_owned()));
                return;
            }
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        busy.run(async move {
            match db.destroy_file(&record).await {
                Ok(()) => {
                    files
                        .catalogue
                        .update(|all| _ = all.remove(&record.customer_id));
                    changed.run(());
                }
                Err(e) => problem.set(Some(store_error_text(i18n, &e))),
            }
        });
    };
    // Destruction is head office's act (its archivist's, at a desk with people): a rep's
    // laptop says so instead, and another person at the desk is told who decides.
    let field = move || acting.is_rep();
    let allowed = move || acting.may(Action::Destroy).is_ok();
    let confirm_label = i18n.format(Msg::DestroyConfirmLabel, &[("no", &archive_no)]);
    view! {
        <Show when=field>
            <p class="muted" data-testid="destroy-office-only">{i18n.t(Msg::DestroyOfficeOnly)}</p>
        </Show>
        <Show
            when=move || allowed() && open.get()
            fallback=move || match acting.may(Action::Destroy) {
                Ok(()) => Some(view! {
                    <button type="button" class="danger" data-testid="destroy-file" on:click=move |_| open.set(true)>
                        {i18n.t(Msg::DestroyFile)}
                    </button>
                }.into_any()),
                Err(_) if field() => None,
                Err(gate) => Some(view! { <crate::ui::acting::GateNote gate=gate /> }.into_any()),
            }
        >
            <form class="card inline-form close-form" data-testid="destroy-form" on:submit=submit>
                <p class="muted">{i18n.t(Msg::DestroyHint)}</p>
                {move || match named_approver() {
                    // The archivist unlocked is who approves: no name to type.
                    Some(me) => view! { <p data-testid="destroy-approved-by">{i18n.t(Msg::DestroyApprover)} ": " {me}</p> }.into_any(),
                    None => view! {
                        <label>
                            {i18n.t(Msg::DestroyApprover)}
                            <input type="text" data-testid="destroy-approver" maxlength="100"
                                prop:value=move || approver.get()
                                on:input=move |ev| approver.set(event_target_value(&ev)) />
                        </label>
                    }.into_any(),
                }}
                <label>
                    {confirm_label.clone()}
                    <input type="text" data-testid="destroy-archive-no" autocomplete="off"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev)) />
                </label>
                {move || problem.get().map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })}
                <button type="submit" class="danger" data-testid="destroy-confirm" disabled=move || busy.get()>{i18n.t(Msg::DestroyConfirm)}</button>
                <button type="button" on:click=move |_| open.set(false)>{i18n.t(Msg::Cancel)}</button>
            </form>
        </Show>
    }
    .into_any()
}

/// An open emergency report, with the prompt to export a bundle and a way to resolve
/// it; or, for an open account without one, the button to report.
#[component]
pub fn EmergencyCard(customer: Customer, changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let id = StoredValue::new(customer.id.clone());
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let save = move |reason: AppText, set: Option<(EmergencyKind, String)>| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let profile = files.profile.get_untracked();
        busy.run(async move {
            let now = Utc::now();
            let result = change(
                &db,
                &id.get_value(),
                profile.as_ref(),
                reason,
                now,
                new_id(),
                |c, by| {
                    c.emergency = set.map(|(kind, note)| Emergency {
                        kind,
                        at: now,
                        by: by.to_owned(),
                        note: note.trim().to_owned(),
                    });
                },
            )
            .await;
            match result {
                Ok(saved) => {
                    files.upsert(&saved);
                    changed.run(());
                }
                Err(e) => problem.set(Some(save_error_text(i18n, &e))),
            }
        });
    };
    let kind_msg = |k: EmergencyKind| match k {
        EmergencyKind::DishonouredPayment => Msg::EmergencyDishonoured,
        EmergencyKind::ChequePostponement => Msg::EmergencyCheque,
    };
    let problem_view = move || {
        problem
            .get()
            .map(|p| view! { <p class="notice notice-error" role="alert">{p}</p> })
    };
    if let Some(e) = customer.emergency.clone() {
        let text = move || {
            i18n.format(
                Msg::EmergencyOpen,
                &[
                    ("kind", i18n.t(kind_msg(e.kind))()),
                    (
                        "date",
                        &e.at
                            .with_timezone(&Local)
                            .format("%Y-%m-%d %H:%M")
                            .to_string(),
                    ),
                    ("by", &e.by),
                    ("note", &e.note),
                ],
            )
        };
        return view! {
            <section class="notice notice-error emergency" data-testid="emergency-open" role="status">
                <p><strong>{text}</strong></p>
                <p>
                    {i18n.t(Msg::EmergencyExportNow)} " "
                    <a href="/bundles" data-testid="emergency-export">{i18n.t(Msg::EmergencyExportLink)}</a>
                </p>
                {problem_view}
                <button type="button" data-testid="emergency-resolve" disabled=move || busy.get()
                    on:click=move |_| save(AppText::EmergencyResolvedReason, None)>
                    {i18n.t(Msg::EmergencyResolve)}
                </button>
            </section>
        }
        .into_any();
    }
    if customer.status == Status::Closed {
        return ().into_any();
    }
    let open = RwSignal::new(false);
    let kind = RwSignal::new(EmergencyKind::DishonouredPayment);
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save(
            AppText::EmergencyReport,
            Some((kind.get_untracked(), note.get_untracked())),
        );
    };
    let kinds = [
        EmergencyKind::DishonouredPayment,
        EmergencyKind::ChequePostponement,
    ];
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <p>
                    <button type="button" class="danger" data-testid="emergency-report" on:click=move |_| open.set(true)>
                        {i18n.t(Msg::EmergencyReport)}
                    </button>
                </p>
            }
        >
            <form class="card close-form" data-testid="emergency-form" on:submit=submit>
                <h2>{i18n.t(Msg::EmergencyReport)}</h2>
                <p class="muted">{i18n.t(Msg::EmergencyHint)}</p>
                <label>
                    {i18n.t(Msg::EmergencyKindLabel)}
                    <select data-testid="emergency-kind" on:change=move |ev| {
                        let k = if event_target_value(&ev) == "1" { kinds[1] } else { kinds[0] };
                        kind.set(k);
                    }>
                        {kinds.into_iter().enumerate().map(|(i, k)| view! {
                            <option value=i.to_string() selected=move || kind.get() == k>{i18n.t(kind_msg(k))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {i18n.t(Msg::EmergencyNote)}
                    <textarea data-testid="emergency-note" maxlength="2000" rows="3"
                        prop:value=move || note.get()
                        on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </label>
                {problem_view}
                <button type="submit" class="danger" data-testid="emergency-submit" disabled=move || busy.get()>{i18n.t(Msg::EmergencySubmit)}</button>
                <button type="button" on:click=move |_| open.set(false)>{i18n.t(Msg::Cancel)}</button>
            </form>
        </Show>
    }
    .into_any()
}
