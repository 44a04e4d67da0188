//! A rep's proposals of head-office decisions about one file (a grade A or B, a secret
//! level, closing, destroying): made here with a reason, shown as waiting until head
//! office's decision comes back in a bundle, then with that decision. The file itself
//! keeps its grade, level and status (and its review cadence) until head office acts.

use chrono::{Local, Utc};
use leptos::prelude::*;
use serde_json::{Value, json};

use crate::core::authority::proposal::{Field, Mine, ProposeError};
use crate::core::customer::model::{
    Closure, CreditAssignment, CreditGrade, Customer, SecretLevel, Status,
};
use crate::core::i18n::{Msg, labels};
use crate::core::people;
use crate::storage::ProposeStoreError;
use crate::ui::acting::use_acting;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::pages::bundles::requests::what_text;
use crate::ui::vault::use_vault;

/// One choice of the form: what it proposes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Choice {
    Grade(CreditGrade),
    Level(SecretLevel),
    Close,
    Destroy,
}

impl Choice {
    fn key(self) -> String {
        format!("{self:?}")
    }

    fn field(self) -> Field {
        match self {
            Choice::Grade(_) => Field::Grade,
            Choice::Level(_) => Field::Level,
            Choice::Close => Field::Close,
            Choice::Destroy => Field::Destroy,
        }
    }
}

/// What a rep may propose for `c`: grades A and B, any other level, closing an open
/// file, destroying a closed one.
fn choices(c: &Customer) -> Vec<Choice> {
    let mut out = vec![Choice::Grade(CreditGrade::A), Choice::Grade(CreditGrade::B)];
    out.extend(
        [
            SecretLevel::None,
            SecretLevel::Secret,
            SecretLevel::Confidential,
            SecretLevel::TopSecret,
        ]
        .into_iter()
        .filter(|l| *l < c.secret)
        .map(Choice::Level),
    );
    out.push(if c.status == Status::Closed {
        Choice::Destroy
    } else {
        Choice::Close
    });
    out
}

fn choice_text(i18n: I18n, c: Choice) -> String {
    match c {
        Choice::Grade(CreditGrade::A) => i18n.t(Msg::ProposeGradeA)().to_owned(),
        Choice::Grade(_) => i18n.t(Msg::ProposeGradeB)().to_owned(),
        Choice::Level(l) => {
            i18n.format(Msg::ProposeLevel, &[("level", i18n.t(labels::secret(l))())])
        }
        Choice::Close => i18n.t(Msg::RequestClose)().to_owned(),
        Choice::Destroy => i18n.t(Msg::RequestDestroy)().to_owned(),
    }
}

fn propose_error_text(i18n: I18n, e: &ProposeStoreError) -> String {
    match e {
        ProposeStoreError::Propose(ProposeError::NoReason) => {
            i18n.t(Msg::ProposeNoReason)().to_owned()
        }
        ProposeStoreError::Propose(ProposeError::TooLong) => {
            i18n.t(Msg::ProposeTooLong)().to_owned()
        }
        ProposeStoreError::Propose(ProposeError::Same) => i18n.t(Msg::ProposeSame)().to_owned(),
        ProposeStoreError::Propose(ProposeError::Waiting) => {
            i18n.t(Msg::ProposeAlreadyWaiting)().to_owned()
        }
        ProposeStoreError::NoFile => i18n.t(Msg::RequestNoFile)().to_owned(),
        ProposeStoreError::NoProfile => i18n.t(Msg::NeedProfile)().to_owned(),
        ProposeStoreError::Store(s) => store_error_text(i18n, s),
    }
}

/// One proposal and where it stands.
pub(crate) fn status_text(i18n: I18n, m: &Mine) -> String {
    let p = &m.proposal;
    let what = what_text(i18n, &p.field, &p.value);
    match &m.decision {
        None => {
            let role = people::decides(&p.field).label();
            let date = p.at.with_timezone(&Local).format("%Y-%m-%d").to_string();
            i18n.format(
                Msg::ProposalWaiting,
                &[("what", &what), ("date", &date), ("role", i18n.t(role)())],
            )
        }
        Some(d) => {
            let date = d.at.with_timezone(&Local).format("%Y-%m-%d").to_string();
            let msg = if d.approved {
                Msg::ProposalApproved
            } else {
                Msg::ProposalDeclined
            };
            i18n.format(
                msg,
                &[
                    ("what", &what),
                    ("by", &d.by),
                    ("date", &date),
                    ("reason", &d.reason),
                ],
            )
        }
    }
}

/// This laptop's proposals and what came back: read once for a file's page (sealed:
/// once unlocked), shared by the card and the timeline, read again after a proposal.
pub type Proposals = LocalResource<Option<Vec<Mine>>>;

pub fn proposals_resource() -> Proposals {
    let db = use_db();
    let vault = use_vault();
    LocalResource::new(move || {
        vault.unlocked();
        async move { db.ready()?.proposals().await.ok() }
    })
}

/// The card on a file's page: this laptop's proposals about the file, and on a rep's
/// laptop the form to make one.
#[component]
pub fn ProposalsCard(customer: Customer, mine: Proposals) -> impl IntoView {
    let i18n = use_i18n();
    let acting = use_acting();
    let file = StoredValue::new(customer.id.clone());
    let options = choices(&customer);
    let current = StoredValue::new(customer);
    // Kept outside the list's re-render, which a new proposal causes.
    let form = FormSignals {
        chosen: RwSignal::new(options.first().map(|c| c.key()).unwrap_or_default()),
        reason: RwSignal::new(String::new()),
        message: RwSignal::new(None),
    };
    move || {
        let about: Vec<Mine> = mine
            .get()
            .flatten()
            .unwrap_or_default()
            .into_iter()
            .filter(|m| m.proposal.file == file.get_value())
            .collect();
        let rep = acting.is_rep();
        if about.is_empty() && !rep {
            return None;
        }
        let options = options.clone();
        Some(view! {
            <section class="card" data-testid="proposals">
                <h2>{i18n.t(Msg::ProposalsTitle)}</h2>
                <ul class="agenda">
                    {about.iter().map(|m| {
                        let state = match &m.decision { None => "waiting", Some(d) if d.approved => "approved", Some(_) => "declined" };
                        view! { <li data-testid="proposal" data-state=state>{status_text(i18n, m)}</li> }
                    }).collect_view()}
                </ul>
                {rep.then(|| view! { <ProposeForm options=options current=current mine=mine form=form /> })}
            </section>
        })
    }
}

/// The form's state, kept by the card.
#[derive(Clone, Copy)]
struct FormSignals {
    chosen: RwSignal<String>,
    reason: RwSignal<String>,
    message: RwSignal<Option<String>>,
}

#[component]
fn ProposeForm(
    options: Vec<Choice>,
    current: StoredValue<Customer>,
    mine: Proposals,
    form: FormSignals,
) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = crate::ui::data::use_files();
    let FormSignals {
        chosen,
        reason,
        message,
    } = form;
    let busy = Busy::new();
    let all = StoredValue::new(options.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(choice) = all.with_value(|o| {
            o.iter()
                .copied()
                .find(|c| c.key() == chosen.get_untracked())
        }) else {
            return;
        };
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let why = reason.get_untracked();
        let by = files
            .profile
            .get_untracked()
            .map(|p| p.signature())
            .unwrap_or_default();
        let now = Utc::now();
        let value: Value = match choice {
            Choice::Grade(grade) => serde_json::to_value(CreditAssignment {
                grade,
                by: by.clone(),
                at: now,
                reason: why.trim().to_owned(),
            })
            .unwrap_or(Value::Null),
            Choice::Level(l) => json!(l),
            Choice::Close => serde_json::to_value(Closure {
                date: Local::now().date_naive(),
                reason: why.trim().to_owned(),
                by,
            })
            .unwrap_or(Value::Null),
            Choice::Destroy => Value::Null,
        };
        let id = current.with_value(|c| c.id.clone());
        busy.run(async move {
            let ulid = crate::platform::ids::new_id();
            match db
                .propose(&id, choice.field(), value, &why, &ulid, now)
                .await
            {
                Ok(_) => {
                    reason.set(String::new());
                    message.set(Some(i18n.t(Msg::ProposeSent)().to_owned()));
                    mine.refetch();
                }
                Err(e) => message.set(Some(propose_error_text(i18n, &e))),
            }
        });
    };
    view! {
        <form class="inline-form" data-testid="propose-form" on:submit=submit>
            <label class="field">
                <span class="field-label">{i18n.t(Msg::ProposeWhat)}</span>
                <select data-testid="propose-what" prop:value=move || chosen.get() on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {options.into_iter().map(|c| view! { <option value=c.key()>{move || choice_text(i18n, c)}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field-label">{i18n.t(Msg::ProposeReason)}</span>
                <textarea data-testid="propose-reason" maxlength="2000" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            </label>
            <div class="actions">
                <button type="submit" class="primary" data-testid="propose" disabled=move || busy.get()>{i18n.t(Msg::ProposeSend)}</button>
                <span role="status" data-testid="propose-message">{move || message.get()}</span>
            </div>
        </form>
    }
}
