//! `/registers`: the lending register (借阅登记) and the record of copies. The archivist
//! lends files for at most three days and records their return; overdue loans stand out
//! here and on the agenda. Every card printed and list exported is listed with who and why.

use chrono::{Local, NaiveDate, Utc};
use leptos::prelude::*;

use super::PageTitle;
use crate::core::i18n::Msg;
use crate::core::lending::{self, CopyKind, Loan, LoanError, LoanForm};
use crate::core::people::Action;
use crate::storage::RegisterError;
use crate::ui::acting::{GateNote, gate_text, use_acting};
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::vault::{LockedPanel, use_vault};

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn error_text(i18n: I18n, e: &RegisterError) -> String {
    match e {
        RegisterError::Loan(LoanError::NoBorrower) => i18n.t(Msg::LoanNoBorrower)().to_owned(),
        RegisterError::Loan(LoanError::NoFiles) => i18n.t(Msg::LoanNoFiles)().to_owned(),
        RegisterError::Loan(LoanError::UnknownFiles(f)) => {
            i18n.format(Msg::LoanUnknownFiles, &[("files", &f.join(", "))])
        }
        RegisterError::Loan(LoanError::NoReason) => i18n.t(Msg::LoanNoReason)().to_owned(),
        RegisterError::Loan(LoanError::NoCopies) => i18n.t(Msg::LoanNoCopies)().to_owned(),
        RegisterError::Loan(LoanError::Due) => i18n.t(Msg::LoanDue)().to_owned(),
        RegisterError::Loan(LoanError::Returned) | RegisterError::Missing => {
            i18n.t(Msg::LoanReturnedAlready)().to_owned()
        }
        RegisterError::NotAllowed(g) => gate_text(i18n, *g),
        RegisterError::Viewing(_) => i18n.t(Msg::ErrRequired)().to_owned(),
        RegisterError::Store(s) => store_error_text(i18n, s),
    }
}

/// One loan, as the register and the agenda show it.
pub fn loan_line(i18n: I18n, l: &Loan) -> String {
    i18n.format(
        Msg::LoanLine,
        &[
            ("borrower", &l.borrower),
            ("files", &l.files.join("、")),
            ("copies", &l.copies.to_string()),
            ("reason", &l.reason),
            ("approver", &l.approver),
            ("lent", &date(l.lent_on)),
            ("due", &date(l.due)),
        ],
    )
}

#[component]
pub fn RegistersPage() -> impl IntoView {
    let vault = use_vault();
    view! {
        <PageTitle msg=Msg::RegistersTitle />
        {move || if vault.unlocked() {
            view! { <LendingRegister /> }.into_any()
        } else {
            view! { <LockedPanel /> }.into_any()
        }}
        <CopiesRecord />
    }
}

#[component]
fn LendingRegister() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let acting = use_acting();
    let version = RwSignal::new(0u32);
    let loans = LocalResource::new(move || {
        version.track();
        async move { db.ready()?.loans().await.ok() }
    });
    view! {
        <section class="card" data-testid="lending-register">
            <h2>{i18n.t(Msg::LoansTitle)}</h2>
            <p class="muted">{i18n.t(Msg::LoansHint)}</p>
            {move || match acting.may(Action::Lend) {
                Ok(()) => view! { <LendForm version=version /> }.into_any(),
                Err(gate) => view! { <GateNote gate=gate /> }.into_any(),
            }}
            <ul class="agenda">
                {move || {
                    let today = Local::now().date_naive();
                    loans.get().flatten().unwrap_or_default().into_iter().map(|l| {
                        let overdue = l.overdue(today);
                        let state = if l.returned_on.is_some() { "returned" } else if overdue { "overdue" } else { "out" };
                        view! { <LoanRow loan=l state=state version=version /> }
                    }).collect_view()
                }}
            </ul>
        </section>
    }
}

#[component]
fn LoanRow(loan: Loan, state: &'static str, version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let acting = use_acting();
    let problem = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let id = StoredValue::new(loan.id.clone());
    let give_back = move |_| {
        let Some(db) = db.ready_untracked() else {
            return;
        };
        busy.run(async move {
            match db
                .return_loan(&id.get_value(), Local::now().date_naive())
                .await
            {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => problem.set(Some(error_text(i18n, &e))),
            }
        });
    };
    let line = loan_line(i18n, &loan);
    let returned = loan
        .returned_on
        .map(|d| i18n.format(Msg::LoanReturnedOn, &[("date", &date(d))]));
    let can_return = loan.returned_on.is_none() && acting.may(Action::Lend).is_ok();
    view! {
        <li data-testid="loan" data-state=state class:overdue=state == "overdue">
            {line}
            {(state == "overdue").then(|| view! { " · " <strong>{i18n.t(Msg::LoanOverdue)}</strong> })}
            {returned.map(|r| view! { " · " <span>{r}</span> })}
            {can_return.then(|| view! {
                " " <button type="button" data-testid="loan-return" disabled=move || busy.get() on:click=give_back>{i18n.t(Msg::LoanReturn)}</button>
            })}
            <span role="alert">{move || problem.get()}</span>
        </li>
    }
}

#[component]
fn LendForm(version: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let today = Local::now().date_naive();
    let borrower = RwSignal::new(String::new());
    let numbers = RwSignal::new(String::new());
    let copies = RwSignal::new("1".to_owned());
    let reason = RwSignal::new(String::new());
    let due = RwSignal::new(date(today + chrono::Duration::days(lending::MAX_DAYS)));
    let message = RwSignal::new(None::<String>);
    let busy = Busy::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let form = LoanForm {
            borrower: borrower.get_untracked(),
            files: numbers.get_untracked(),
            copies: copies.get_untracked().trim().parse().unwrap_or(0),
            reason: reason.get_untracked(),
            due: NaiveDate::parse_from_str(&due.get_untracked(), "%Y-%m-%d").ok(),
        };
        let known: std::collections::HashSet<String> = files
            .catalogue
            .with_untracked(|c| c.iter().map(|e| e.archive_no.clone()).collect());
        busy.run(async move {
            let result = db
                .lend(
                    &form,
                    |no| known.contains(no),
                    crate::platform::ids::new_id(),
                    Utc::now(),
                    Local::now().date_naive(),
                )
                .await;
            match result {
                Ok(_) => {
                    borrower.set(String::new());
                    numbers.set(String::new());
                    reason.set(String::new());
                    message.set(Some(i18n.t(Msg::LoanRecorded)().to_owned()));
                    version.update(|v| *v += 1);
                }
                Err(e) => message.set(Some(error_text(i18n, &e))),
            }
        });
    };
    view! {
        <form class="inline-form" data-testid="lend-form" on:submit=submit>
            <label class="field"><span class="field-label">{i18n.t(Msg::LoanBorrower)}</span>
                <input type="text" data-testid="loan-borrower" maxlength="100" prop:value=move || borrower.get() on:input=move |ev| borrower.set(event_target_value(&ev)) /></label>
            <label class="field"><span class="field-label">{i18n.t(Msg::LoanFiles)}</span>
                <input type="text" data-testid="loan-files" prop:value=move || numbers.get() on:input=move |ev| numbers.set(event_target_value(&ev)) /></label>
            <label class="field"><span class="field-label">{i18n.t(Msg::LoanCopies)}</span>
                <input type="number" min="1" data-testid="loan-copies" prop:value=move || copies.get() on:input=move |ev| copies.set(event_target_value(&ev)) /></label>
            <label class="field"><span class="field-label">{i18n.t(Msg::LoanReason)}</span>
                <input type="text" data-testid="loan-reason" maxlength="200" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) /></label>
            <label class="field"><span class="field-label">{i18n.t(Msg::LoanDueLabel)}</span>
                <input type="date" data-testid="loan-due" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) /></label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="lend" disabled=move || busy.get()>{i18n.t(Msg::LoanLend)}</button>
                <span role="status" data-testid="lend-message">{move || message.get()}</span>
            </div>
        </form>
    }
}

#[component]
fn CopiesRecord() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let copies = LocalResource::new(move || async move { db.ready()?.copies().await.ok() });
    move || {
        let all = copies.get().flatten().unwrap_or_default();
        view! {
            <section class="card" data-testid="copies-record">
                <h2>{i18n.t(Msg::CopiesTitle)}</h2>
                {all.is_empty().then(|| view! { <p class="muted">{i18n.t(Msg::CopiesNone)}</p> })}
                <ul class="agenda">
                    {all.into_iter().map(|c| {
                        let kind = match c.kind {
                            CopyKind::Card => Msg::CopyCard,
                            CopyKind::Spreadsheet => Msg::CopySpreadsheet,
                            CopyKind::VCard => Msg::CopyVCard,
                        };
                        let when = c.at.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string();
                        let line = i18n.format(Msg::CopyLine, &[
                            ("when", &when), ("by", &c.by), ("kind", i18n.t(kind)()),
                            ("n", &c.count.to_string()), ("files", &c.files.join("、")), ("why", &c.why),
                        ]);
                        view! { <li data-testid="copy">{line}</li> }
                    }).collect_view()}
                </ul>
            </section>
        }
    }
}

/// On the agenda at head office: loans past their day.
#[component]
pub fn OverdueLoans() -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let vault = use_vault();
    let loans = LocalResource::new(move || {
        vault.unlocked();
        async move { db.ready()?.loans().await.ok() }
    });
    move || {
        let all = loans.get().flatten().unwrap_or_default();
        let today = Local::now().date_naive();
        let late: Vec<Loan> = lending::overdue(&all, today).into_iter().cloned().collect();
        (!late.is_empty()).then(|| view! {
            <section class="card notice-error" data-testid="overdue-loans">
                <h2>{i18n.t(Msg::LoansOverdueTitle)}</h2>
                <ul class="agenda">
                    {late.into_iter().map(|l| view! { <li data-testid="overdue-loan"><a href="/registers">{loan_line(i18n, &l)}</a></li> }).collect_view()}
                </ul>
            </section>
        })
    }
}
