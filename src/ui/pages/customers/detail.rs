//! One customer file: what to know before the visit first, then the four aspects,
//! contacts, the address card, and the change history.

use chrono::{DateTime, Local, Timelike, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::badges::{GradeMark, SecretMark, StatusMark};
use crate::core::complaint::Complaint;
use crate::core::customer::grade;
use crate::core::customer::history::{ChangeKind, FieldChange, HistoryEntry};
use crate::core::customer::model::{
    CreditGrade, Customer, Importance, OrgForm, PreferenceKind, SecretLevel, Status,
};
use crate::core::customer::money::Money;
use crate::core::i18n::labels::{self, FieldLabel};
use crate::core::i18n::{Lang, Msg};
use crate::core::store::{StoreError, VisitStore};
use crate::core::timeline::{self, Event};
use crate::core::visit::model::{Visit, VisitMethod};
use crate::platform::ids::new_id;
use crate::ui::app::use_db;
use crate::ui::busy::Busy;
use crate::ui::data::use_files;
use crate::ui::format::{date, money};
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::pages::complaints::{ComplaintList, RegisterComplaintButton};
use crate::ui::pages::visits::VisitList;
use crate::ui::read_ahead::use_read_ahead;
use crate::ui::vault::FileGate;

/// The page of one file, by the `:id` in its address, behind the vault's gate.
#[component]
pub fn CustomerPage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    view! {
        <FileGate customer_id=id>
            <CustomerLoaded id=id />
        </FileGate>
    }
}

#[component]
fn CustomerLoaded(id: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let read_ahead = use_read_ahead();
    let files = crate::ui::data::use_files();
    let loaded = LocalResource::new(move || {
        let id = id.get();
        // An import or a restore committed (here or in another tab): the file afresh.
        files.committed.track();
        async move {
            let db = db.ready()?;
            let found = match read_ahead.take(&id).await {
                Some(read) => Ok(Some(read)),
                None => db.file_with_records(&id).await,
            };
            // A destroyed file's address says so, with its destruction record.
            let destroyed = match &found {
                Ok(None) => db.destruction(&id).await.ok().flatten(),
                _ => None,
            };
            Some(found.map(|f| {
                (
                    f.map(|f| (f.customer, f.history, f.visits, f.complaints)),
                    destroyed,
                )
            }))
        }
    });
    view! {
        {move || match loaded.get().flatten() {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="notice notice-error">{store_error_text(i18n, &e)}</p> }.into_any(),
            Some(Ok((None, Some(record)))) => view! { <super::lifecycle::DestroyedFile record /> }.into_any(),
            Some(Ok((None, None))) => {
                view! {
                    <p data-testid="page-title">{i18n.t(Msg::CustomerNotFound)}</p>
                    <A href="/customers">{i18n.t(Msg::BackToList)}</A>
                }
                    .into_any()
            }
            Some(Ok((Some((c, history, visits, complaints)), _))) => {
                let changed = Callback::new(move |()| loaded.refetch());
                view! { <CustomerView customer=c history=history visits=visits complaints=complaints changed=changed /> }.into_any()
            }
        }}
    }
}

#[component]
fn CustomerView(
    customer: Customer,
    history: Vec<HistoryEntry>,
    visits: Vec<Visit>,
    complaints: Vec<Complaint>,
    /// Runs after a change made on this page (a conflict settled).
    changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let c = customer;
    let assessment = grade::assess(&c, Utc::now());
    let events = timeline::build(&history, &visits, &complaints, |t| {
        t.with_timezone(&Local).naive_local()
    });
    let edit = format!("/customers/{}/edit", c.id);
    let proposals = super::proposals::proposals_resource();
    let dl = DefList::new(i18n);
    let b = &c.basic;
    let t = &c.traits;
    let bs = &c.business;
    let tr = &c.trading;
    let dealings = &c.dealings;
    let years = c
        .years_of_dealing(chrono::Local::now().date_naive())
        .map(|y| i18n.format(Msg::YearsCount, &[("n", &y.to_string())]))
        .unwrap_or_default();
    let a = &c.address;
    view! {
        <div class="page-head">
            <div>
                <h1 data-testid="page-title">{c.basic.name.clone()}</h1>
                <p class="file-marks">
                    <span class="row-no" data-testid="archive-no">{c.archive_no.clone()}</span>
                    <SecretMark level=c.secret />
                    <StatusMark status=c.status />
                    <GradeMark grade=assessment.grade />
                    <span class="mark">{i18n.t(labels::importance(c.importance))}</span>
                </p>
            </div>
            <div class="actions">
                <RecordVisitButton customer_id=c.id.clone() />
                <RecordVisitButton customer_id=c.id.clone() survey=true />
                <RegisterComplaintButton customer_id=c.id.clone() />
                <A href=edit attr:class="button" attr:data-testid="edit-customer">{i18n.t(Msg::EditCustomer)}</A>
                <A href=format!("/customers/{}/card", c.id) attr:class="button" attr:data-testid="card-link">{i18n.t(Msg::PrintCard)}</A>
                <super::lifecycle::CloseAccount customer=c.clone() changed=changed />
                <super::lifecycle::DestroyFile customer=c.clone() changed=changed />
            </div>
        </div>
        <super::lifecycle::ClosureNotice customer=c.clone() />
        <super::lifecycle::EmergencyCard customer=c.clone() changed=changed />

        <super::conflicts::Conflicts customer=c.clone() changed=changed />
        <BeforeVisit customer=c.clone() />

        <section class="card">
            <h2>{i18n.t(Msg::SectionGrades)}</h2>
            <p data-testid="grade-explained">
                {grade_text(i18n, &c, &assessment)}
            </p>
        </section>
        <super::proposals::ProposalsCard customer=c.clone() mine=proposals />
        <super::lifecycle::ReviewsCard customer=c.clone() changed=changed />

        <div class="columns">
            <section class="card">
                <h2>{i18n.t(Msg::SectionBasic)}</h2>
                {dl.list(vec![
                    (Msg::FieldPhone, b.phone.clone()),
                    (Msg::FieldLegalRep, b.legal_rep.clone()),
                    (Msg::FieldOwner, b.owner.clone()),
                    (Msg::FieldOperator, b.operator.clone()),
                    (Msg::FieldManager, b.manager.clone()),
                    (Msg::FieldKeyPeople, b.key_people_notes.clone()),
                    (Msg::FieldFounded, date(b.founded)),
                    (Msg::OrgFormLabel, if b.org_form == OrgForm::Unknown { String::new() } else { i18n.t(labels::org_form(b.org_form))().to_owned() }),
                    (Msg::FieldIndustry, b.industry.clone()),
                    (Msg::FieldCapital, money(b.registered_capital)),
                    (Msg::FieldEmployees, b.employees.map(|n| n.to_string()).unwrap_or_default()),
                ])}
            </section>
            <section class="card">
                <h2>{i18n.t(Msg::SectionAddress)}</h2>
                {dl.list(vec![
                    (Msg::FilterRegion, [a.province.as_str(), a.city.as_str(), a.district.as_str()].join(" ").trim().to_owned()),
                    (Msg::FieldAddress, a.detail.clone()),
                    (Msg::FieldBusinessType, a.business_type.clone()),
                    (Msg::FieldOwnerAddress, a.owner_address.clone()),
                    (Msg::FieldBestVisitTime, a.best_visit_time.clone()),
                ])}
            </section>
            <section class="card">
                <h2>{i18n.t(Msg::SectionTraits)}</h2>
                {dl.list(vec![
                    (Msg::FieldServiceArea, t.service_area.clone()),
                    (Msg::FieldSalesCapacity, t.sales_capacity.clone()),
                    (Msg::FieldPotential, t.development_potential.clone()),
                    (Msg::FieldPhilosophy, t.philosophy.clone()),
                    (Msg::FieldPolicy, t.policy.clone()),
                    (Msg::FieldScale, t.scale.clone()),
                    (Msg::FieldBusinessTraits, t.business_traits.clone()),
                ])}
            </section>
            <section class="card">
                <h2>{i18n.t(Msg::SectionBusiness)}</h2>
                {dl.list(vec![
                    (Msg::FieldSalesPerformance, bs.sales_performance.clone()),
                    (Msg::FieldStaffQuality, bs.staff_quality.clone()),
                    (Msg::FieldCompetitors, bs.competitors.clone()),
                    (Msg::FieldTradingSince, date(bs.trading_since)),
                    (Msg::FieldCooperation, bs.cooperation.clone()),
                    (Msg::FieldWholesaler, yes_or_blank(i18n, bs.wholesaler)),
                ])}
            </section>
            <section class="card">
                <h2>{i18n.t(Msg::SectionTrading)}</h2>
                {dl.list(vec![
                    (Msg::FieldCurrentActivity, tr.current_activity.clone()),
                    (Msg::FieldOpenProblems, tr.open_problems.clone()),
                    (Msg::FieldStrengths, tr.strengths.clone()),
                    (Msg::FieldFuturePlans, tr.future_plans.clone()),
                    (Msg::FieldReputation, tr.reputation.clone()),
                    (Msg::FieldCreditStatus, tr.credit_status.clone()),
                    (Msg::FieldTradeTerms, tr.trade_terms.clone()),
                    (Msg::FieldCreditProblems, tr.credit_problems.clone()),
                    (Msg::FieldBalance, money(tr.outstanding_balance)),
                    (Msg::FieldVolumeLarge, yes_or_blank(i18n, tr.volume_large_for_size)),
                    (Msg::FieldBadRecord, yes_or_blank(i18n, tr.bad_record)),
                ])}
            </section>
            <section class="card" data-testid="dealings">
                <h2>{i18n.t(Msg::SectionDealings)}</h2>
                {dl.list(vec![
                    (Msg::FieldRelation, if dealings.relation.is_unknown() { String::new() } else { i18n.t(labels::relation(dealings.relation))().to_owned() }),
                    (Msg::FieldNature, dealings.nature.clone()),
                    (Msg::FieldMainBusiness, dealings.main_business.clone()),
                    (Msg::FieldScope, dealings.scope.clone()),
                    (Msg::FieldMainPurchases, dealings.main_purchases.clone()),
                    (Msg::FieldPurchaseAmount, money(dealings.purchase_amount)),
                    (Msg::FieldYearsOfDealing, years),
                    (Msg::FieldCreditLimit, money(dealings.credit_limit)),
                    (Msg::FieldBadDebts, money(dealings.bad_debts)),
                    (Msg::FieldConfidentialService, yes_or_blank(i18n, dealings.confidential_service)),
                    (Msg::FieldConfidentialMatters, dealings.confidential_matters.clone()),
                ])}
            </section>
        </div>
        <super::sales::SalesCard customer=c.clone() changed=changed />

        <section class="card">
            <h2>{i18n.t(Msg::SectionContacts)}</h2>
            {if c.contacts.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::NoContacts)}</p> }.into_any()
            } else {
                view! {
                    <table class="table" data-testid="contacts">
                        <thead><tr>
                            <th>{i18n.t(Msg::FieldContactName)}</th>
                            <th>{i18n.t(Msg::FieldContactTitle)}</th>
                            <th>{i18n.t(Msg::FieldPhone)}</th>
                            <th>{i18n.t(Msg::FieldContactEmail)}</th>
                            <th>{i18n.t(Msg::FieldContactBirthday)}</th>
                            <th>{i18n.t(Msg::FieldContactAnniversary)}</th>
                            <th>{i18n.t(Msg::FieldContactNotes)}</th>
                        </tr></thead>
                        <tbody>
                            {c.contacts.iter().map(|x| view! {
                                <tr>
                                    <td>{x.name.clone()} {x.primary.then(|| view! { <span class="mark">"★"</span> })}</td>
                                    <td>{x.title.clone()}</td>
                                    <td>{x.phones.join("; ")}</td>
                                    <td>{x.email.clone()}</td>
                                    <td>{date(x.birthday)}</td>
                                    <td>{date(x.anniversary)}</td>
                                    <td>{x.notes.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>

        <section class="card">
            <h2>{i18n.t(Msg::VisitsTitle)}</h2>
            {if visits.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::VisitsEmpty)}</p> }.into_any()
            } else {
                view! { <VisitList visits=visits testid="customer-visits" /> }.into_any()
            }}
        </section>

        <Timeline entries=events file=c.id.clone() mine=proposals />

        <section class="card">
            <h2>{i18n.t(Msg::ComplaintsTitle)}</h2>
            {if complaints.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::ComplaintsEmpty)}</p> }.into_any()
            } else {
                view! { <ComplaintList complaints=complaints testid="customer-complaints" /> }.into_any()
            }}
        </section>

        <History entries=history />
    }
}

/// Visits, complaints, changes and grade changes in one list, newest first.
#[component]
fn Timeline(
    entries: Vec<timeline::Entry>,
    file: String,
    /// This laptop's proposals and what head office decided.
    mine: super::proposals::Proposals,
) -> impl IntoView {
    let i18n = use_i18n();
    let entries = StoredValue::new(entries);
    let file = StoredValue::new(file);
    view! {
        <section class="card">
            <h2>{i18n.t(Msg::SectionTimeline)}</h2>
            <ol class="history" data-testid="timeline">
                {move || {
                let mine = mine.get().flatten().unwrap_or_default();
                let all = timeline::with_proposals(entries.get_value(), &mine, &file.get_value(), |t| {
                    t.with_timezone(&Local).naive_local()
                });
                all.into_iter().map(|e| {
                    let when = e.when.format("%Y-%m-%d %H:%M").to_string();
                    let (href, text): (Option<String>, Box<dyn Fn() -> String + Send + Sync>) = match e.event {
                        Event::Created { by } => (None, Box::new(move || i18n.format(Msg::TlCreated, &[("by", &by)]))),
                        Event::Edited { by, fields } => (None, Box::new(move || i18n.format(Msg::TlEdited, &[("by", &by), ("n", &fields.to_string())]))),
                        Event::GradeChanged { by, from, to } => (None, Box::new(move || {
                            let none = i18n.t(Msg::GradeNotAssigned)();
                            let show = |g: &str| if g.is_empty() { none.to_owned() } else { g.to_owned() };
                            i18n.format(Msg::TlGrade, &[("by", &by), ("from", &show(&from)), ("to", &show(&to))])
                        })),
                        Event::Visited { visit_id, summary } => (Some(format!("/visits/{visit_id}")), Box::new(move || {
                            let short: String = summary.chars().take(60).collect();
                            i18n.format(Msg::TlVisit, &[("summary", &short)])
                        })),
                        Event::ComplaintReceived { complaint_id, acceptance_no } => (Some(format!("/complaints/{complaint_id}")), Box::new(move || i18n.format(Msg::TlComplaint, &[("no", &acceptance_no)]))),
                        Event::ComplaintClosed { complaint_id, acceptance_no } => (Some(format!("/complaints/{complaint_id}")), Box::new(move || i18n.format(Msg::TlComplaintClosed, &[("no", &acceptance_no)]))),
                        Event::Proposed { field, value, by, reason } => (None, Box::new(move || {
                            let what = crate::ui::pages::bundles::requests::what_text(i18n, &field, &value);
                            i18n.format(Msg::TlProposed, &[("by", &by), ("what", &what), ("reason", &reason)])
                        })),
                        Event::Decided { field, value, approved, by, reason } => (None, Box::new(move || {
                            let what = crate::ui::pages::bundles::requests::what_text(i18n, &field, &value);
                            let msg = if approved { Msg::TlApproved } else { Msg::TlDeclined };
                            i18n.format(msg, &[("by", &by), ("what", &what), ("reason", &reason)])
                        })),
                    };
                    view! {
                        <li data-testid="timeline-entry">
                            <time>{when}</time> " "
                            {match href {
                                Some(href) => view! { <a href=href>{text}</a> }.into_any(),
                                None => view! { <span>{text}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()
                }}
            </ol>
        </section>
    }
}

/// Starts a visit-call record for this customer, now, and opens its form; with
/// `survey`, the record of a key customer survey the customer filled in and sent back
/// on its own (by mail), to enter its answers (seed 001's 大客户意见调查表).
#[component]
fn RecordVisitButton(customer_id: String, #[prop(optional)] survey: bool) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let files = use_files();
    let navigate = use_navigate();
    let failure = RwSignal::new(None::<StoreError>);
    let busy = Busy::new();
    let start = move |_| {
        let navigate = navigate.clone();
        let now = Utc::now();
        let visit = Visit {
            id: new_id(),
            customer_id: customer_id.clone(),
            // The minute the rep sits down with the customer; editable in the form.
            at: Local::now()
                .naive_local()
                .with_second(0)
                .and_then(|t| t.with_nanosecond(0)),
            currency: "CNY".into(),
            method: if survey {
                VisitMethod::Mail
            } else {
                VisitMethod::PersonalVisit
            },
            by: files
                .profile
                .get_untracked()
                .map(|p| p.name)
                .unwrap_or_default(),
            created_at: now,
            updated_at: now,
            ..Default::default()
        };
        busy.run(async move {
            let Some(db) = db.ready_untracked() else {
                return;
            };
            match db.put_visit(&visit).await {
                Ok(()) => navigate(&format!("/visits/{}", visit.id), Default::default()),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        {if survey {
            view! { <button type="button" data-testid="record-survey" disabled=move || busy.get() on:click=start>{i18n.t(Msg::RecordSurvey)}</button> }.into_any()
        } else {
            view! { <button type="button" class="primary" data-testid="record-visit" disabled=move || busy.get() on:click=start>{i18n.t(Msg::RecordVisit)}</button> }.into_any()
        }}
        {move || failure.get().map(|e| view! { <p class="field-error" role="alert">{store_error_text(i18n, &e)}</p> })}
    }
}

/// What the rep should see before speaking: preferences (cautions first), when to
/// visit, whom to ask for.
#[component]
pub fn BeforeVisit(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let mut prefs = customer.preferences.clone();
    prefs.sort_by_key(|p| !p.kind.is_caution());
    let contact = customer.primary_contact().map(|x| {
        [
            x.name.as_str(),
            x.title.as_str(),
            x.phones.first().map_or("", String::as_str),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
    });
    let visit_time = customer.address.best_visit_time.clone();
    view! {
        <section class="card before-visit" data-testid="before-visit">
            <h2>{i18n.t(Msg::BeforeVisit)}</h2>
            {if prefs.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::NoPreferences)}</p> }.into_any()
            } else {
                view! {
                    <ul class="prefs" data-testid="preferences">
                        {prefs.into_iter().map(|p| {
                            let caution = p.kind.is_caution();
                            let name = if p.kind == PreferenceKind::Other && !p.label.is_empty() {
                                p.label.clone()
                            } else {
                                i18n.t(labels::preference(p.kind))().to_owned()
                            };
                            view! { <li class:caution=caution><strong>{name}</strong> " " {p.value.clone()}</li> }
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <p>
                {(!visit_time.is_empty()).then(|| view! { <span><strong>{i18n.t(Msg::FieldBestVisitTime)}</strong> " " {visit_time.clone()}</span> })}
                {contact.filter(|c| !c.is_empty()).map(|c| view! { <span class="sep"><strong>{i18n.t(Msg::FieldPrimaryContact)}</strong> " " {c}</span> })}
            </p>
        </section>
    }
}

/// The grade, who set it, and why the rules hold it at C.
fn grade_text(i18n: I18n, c: &Customer, a: &grade::GradeAssessment) -> impl IntoView + use<> {
    let assigned = c.credit.clone();
    let reasons = a.reasons.clone();
    let grade = a.grade;
    move || {
        let mut text = match &assigned {
            Some(x) => i18n.format(
                Msg::GradeAssignedBy,
                &[
                    ("grade", &format!("{:?}", x.grade)),
                    ("by", &x.by),
                    (
                        "date",
                        &x.at.with_timezone(&Local).format("%Y-%m-%d").to_string(),
                    ),
                ],
            ),
            None => i18n.t(Msg::GradeNotAssigned)().to_owned(),
        };
        if grade == CreditGrade::C && !reasons.is_empty() {
            let why: Vec<&str> = reasons
                .iter()
                .map(|r| i18n.t(labels::watch_reason(*r))())
                .collect();
            let (stop, list) = if i18n.lang() == Lang::ZhCn {
                ("。", "；")
            } else {
                (". ", "; ")
            };
            text = format!(
                "{text}{stop}{} {}",
                i18n.t(Msg::GradeHeldAtC)(),
                why.join(list)
            );
        }
        text
    }
}

/// The change history, newest first.
#[component]
fn History(entries: Vec<HistoryEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let mut entries = entries;
    entries.reverse();
    view! {
        <section class="card">
            <h2>{i18n.t(Msg::SectionHistory)}</h2>
            <ol class="history" data-testid="history">
                {entries.into_iter().map(|h| {
                    let who = h.by.clone();
                    let kind = h.kind;
                    let reason = h.reason.clone();
                    view! {
                        <li data-testid="history-entry">
                            <p>
                                <time>{when(h.at)}</time> " "
                                <strong>{move || i18n.format(if kind == ChangeKind::Created { Msg::HistoryCreated } else { Msg::HistoryEdited }, &[("by", &who)])}</strong>
                                {(!reason.is_empty()).then(|| view! { <span class="muted" data-testid="history-reason">" · " {move || i18n.format(Msg::HistoryReason, &[("reason", &i18n.note(&reason))])}</span> })}
                            </p>
                            <ul>
                                {h.changes.into_iter().map(|ch| view! { <li>{change_text(i18n, ch)}</li> }).collect_view()}
                            </ul>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

fn change_text(i18n: I18n, ch: FieldChange) -> impl Fn() -> String + use<> {
    move || {
        let label = match labels::field(&ch.path) {
            Some(FieldLabel::Plain(m)) => i18n.t(m)().to_owned(),
            Some(FieldLabel::Item(item, n, m)) => {
                format!(
                    "{} · {}",
                    i18n.format(item, &[("n", &n.to_string())]),
                    i18n.t(m)()
                )
            }
            None => ch.path.clone(),
        };
        let shown = |v: &str| {
            let v = value_text(i18n, &ch.path, v);
            if v.is_empty() {
                i18n.t(Msg::NothingRecorded)().to_owned()
            } else {
                v
            }
        };
        format!("{label}: {} → {}", shown(&ch.old), shown(&ch.new))
    }
}

/// A history value as people read it: amounts in yuan, yes/no, enum names translated.
pub(super) fn value_text(i18n: I18n, path: &str, raw: &str) -> String {
    let leaf = path.rsplit('.').next().unwrap_or(path);
    let msg = match leaf {
        "registered_capital" | "outstanding_balance" => {
            return raw
                .parse::<i64>()
                .map(|fen| Money(fen).to_string())
                .unwrap_or_else(|_| raw.to_owned());
        }
        _ if raw == "true" => Some(Msg::YesValue),
        _ if raw == "false" => Some(Msg::NoValue),
        "status" => parse::<Status>(raw).map(labels::status),
        "secret" => parse::<SecretLevel>(raw).map(labels::secret),
        "importance" => parse::<Importance>(raw).map(labels::importance),
        "org_form" => parse::<OrgForm>(raw).map(labels::org_form),
        "kind" => parse::<PreferenceKind>(raw).map(labels::preference),
        "at" => {
            return raw
                .parse::<DateTime<Utc>>()
                .map(when)
                .unwrap_or_else(|_| raw.to_owned());
        }
        _ => None,
    };
    msg.map_or_else(|| raw.to_owned(), |m| i18n.t(m)().to_owned())
}

/// An enumeration value as serde wrote it ("Active").
fn parse<T: serde::de::DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned())).ok()
}

fn when(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn yes_or_blank(i18n: I18n, b: bool) -> String {
    if b {
        i18n.t(Msg::YesValue)().to_owned()
    } else {
        String::new()
    }
}

/// Label–value lists that leave out what was never recorded.
#[derive(Clone, Copy)]
struct DefList {
    i18n: I18n,
}

impl DefList {
    fn new(i18n: I18n) -> Self {
        DefList { i18n }
    }

    fn list(self, items: Vec<(Msg, String)>) -> impl IntoView {
        let i18n = self.i18n;
        let items: Vec<_> = items
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        if items.is_empty() {
            return view! { <p class="muted">{i18n.t(Msg::NothingRecorded)}</p> }.into_any();
        }
        view! {
            <dl class="deflist">
                {items.into_iter().map(|(m, v)| view! { <dt>{i18n.t(m)}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        }
        .into_any()
    }
}
