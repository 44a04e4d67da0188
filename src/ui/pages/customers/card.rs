//! The printable basic data card (客户资料卡) and address card (地址分类卡): every box of
//! the paper cards, filled or blank, laid out for A4 by the print stylesheet, in the
//! language chosen on screen.

use chrono::{Local, Utc};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::core::customer::grade;
use crate::core::customer::model::{Customer, OrgForm, PreferenceKind, SecretLevel};
use crate::core::i18n::{Msg, labels};
use crate::core::interchange::xlsx::SheetOut;
use crate::core::store::CustomerStore;
use crate::ui::app::use_db;
use crate::ui::data::use_files;
use crate::ui::format::{date, money};
use crate::ui::i18n::{I18n, store_error_text, use_i18n};
use crate::ui::pages::exports::{boxes_sheet, save_workbook, sealed_refusal};
use crate::ui::vault::FileGate;

/// `/customers/:id/card`, behind the vault's gate.
#[component]
pub fn CustomerCardPage() -> impl IntoView {
    let params = use_params_map();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    view! {
        <FileGate customer_id=id>
            <CardLoaded id=id />
        </FileGate>
    }
}

#[component]
fn CardLoaded(id: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let db = use_db();
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            let db = db.ready()?;
            Some(db.customer(&id).await)
        }
    });
    move || match loaded.get().flatten() {
        None => ().into_any(),
        Some(Err(e)) => {
            view! { <p class="notice notice-error">{store_error_text(i18n, &e)}</p> }.into_any()
        }
        Some(Ok(None)) => {
            view! { <p data-testid="page-title">{i18n.t(Msg::CustomerNotFound)}</p> }.into_any()
        }
        Some(Ok(Some(c))) => view! { <Cards customer=c /> }.into_any(),
    }
}

/// A card's heading, with its secret level when it has one.
fn card_head(i18n: I18n, title: Msg, secret: Option<Msg>) -> impl IntoView {
    view! {
        <header class="print-card-head">
            <h1>{i18n.t(title)}</h1>
            {secret.map(|s| view! { <span class="print-secret">{i18n.t(s)}</span> })}
        </header>
    }
}

/// Rows of label–value boxes, two pairs to a row; blank values stay as empty boxes.
fn boxes(i18n: I18n, items: Vec<(Msg, String)>) -> impl IntoView {
    let rows: Vec<Vec<(Msg, String)>> = items.chunks(2).map(<[_]>::to_vec).collect();
    view! {
        <table class="print-boxes">
            <tbody>
                {rows.into_iter().map(|row| view! {
                    <tr>
                        {row.into_iter().map(|(m, v)| view! { <th>{i18n.t(m)}</th><td>{v}</td> }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Cards(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let files = use_files();
    let c = customer;
    let who = files
        .profile
        .get_untracked()
        .map(|p| p.signature())
        .unwrap_or_default();
    let who = StoredValue::new(who);
    let printed = move || {
        i18n.format(
            Msg::CardPrinted,
            &[
                ("date", &Local::now().format("%Y-%m-%d").to_string()),
                ("by", &who.get_value()),
            ],
        )
    };
    let secret = (c.secret != SecretLevel::None).then_some(labels::secret(c.secret));
    let back = format!("/customers/{}", c.id);
    // A printed card is a copy of the file, recorded with who and why (seed 004).
    let db = crate::ui::app::use_db();
    let why = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let number = StoredValue::new(c.archive_no.clone());
    let whole = StoredValue::new(c.clone());
    let sealed = c.secret.is_sealed();
    let sheets_work = crate::ui::progress::use_sheet_work();
    // Printed or exported, a card is a copy: recorded first, with who and why.
    let copy = move |export: bool| {
        let reason = why.get_untracked().trim().to_owned();
        if export && sealed {
            problem.set(Some(sealed_refusal(i18n)));
            return;
        }
        if reason.is_empty() {
            problem.set(Some(i18n.t(Msg::CopyWhyNeeded)().to_owned()));
            return;
        }
        let Some(db) = db.ready_untracked() else {
            return;
        };
        let by = files
            .profile
            .get_untracked()
            .map(|p| p.signature())
            .unwrap_or_default();
        // What the copy holds is taken now, in the language on screen.
        let number = number.get_value();
        let name = format!("card-{number}");
        let sheets = if export {
            whole.with_value(|c| book(i18n, c))
        } else {
            Vec::new()
        };
        leptos::task::spawn_local(async move {
            let numbers = [number];
            let id = crate::platform::ids::new_id();
            let kind = if export {
                crate::core::lending::CopyKind::Spreadsheet
            } else {
                crate::core::lending::CopyKind::Card
            };
            match db
                .record_copy(kind, &numbers, &by, &reason, id, chrono::Utc::now())
                .await
            {
                Ok(_) if export => {
                    problem.set(save_workbook(i18n, sheets_work, &name, sheets).await.err());
                }
                Ok(_) => {
                    problem.set(None);
                    let _ = window().print();
                }
                Err(e) => problem.set(Some(
                    i18n.format(Msg::CopyNotRecorded, &[("why", &e.to_string())]),
                )),
            }
        });
    };
    view! {
        <div class="page-head no-print">
            <a href=back>{i18n.t(Msg::BackToFile)}</a>
            <input type="text" class="copy-why" data-testid="print-why" maxlength="200"
                aria-label=i18n.t(Msg::CopyWhy) placeholder=i18n.t(Msg::CopyWhy)
                prop:value=move || why.get() on:input=move |ev| why.set(event_target_value(&ev)) />
            <button type="button" data-testid="export-card-xlsx" on:click=move |_| copy(true)>
                {i18n.t(Msg::ExportXlsx)}
            </button>
            <button type="button" class="primary" data-testid="print-card" on:click=move |_| copy(false)>
                {i18n.t(Msg::PrintCard)}
            </button>
            <span role="alert" data-testid="print-problem">{move || problem.get()}</span>
        </div>
        // Made again when the reader switches language: labels and chosen values alike.
        {move || whole.with_value(|c| {
            let Content {
                basic,
                key_people,
                situation,
                address,
                detail,
                grading,
                survey_form,
                sales,
            } = content(i18n, c);
            let contacts = c.contacts.clone();
            let prefs = c.preferences.clone();
            view! {
            <article class="print-card" data-testid="data-card">
                <header class="print-card-head">
                    <h1 data-testid="page-title">{i18n.t(Msg::CardTitle)}</h1>
                    {secret.map(|s| view! { <span class="print-secret" data-testid="card-secret">{i18n.t(s)}</span> })}
                </header>
                <h2>{i18n.t(Msg::SectionBasic)}</h2>
                {boxes(i18n, basic)}
                <table class="print-boxes"><tbody><tr>
                    <th>{i18n.t(Msg::FieldKeyPeople)}</th><td class="tall">{key_people}</td>
                </tr></tbody></table>
                <h2>{i18n.t(Msg::SectionContacts)}</h2>
                <table class="print-boxes print-list">
                    <thead><tr>
                        <th>{i18n.t(Msg::FieldContactName)}</th>
                        <th>{i18n.t(Msg::FieldContactTitle)}</th>
                        <th>{i18n.t(Msg::FieldPhone)}</th>
                        <th>{i18n.t(Msg::FieldContactEmail)}</th>
                        <th>{i18n.t(Msg::FieldContactBirthday)}</th><th>{i18n.t(Msg::FieldContactAnniversary)}</th>
                    </tr></thead>
                    <tbody>
                        {contacts.into_iter().map(|x| view! {
                            <tr><td>{x.name}</td><td>{x.title}</td><td>{x.phones.join("; ")}</td><td>{x.email}</td><td>{date(x.birthday)}</td><td>{date(x.anniversary)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h2>{i18n.t(Msg::CardSituation)}</h2>
                {boxes(i18n, situation)}
                <h2>{i18n.t(Msg::SectionPreferences)}</h2>
                <table class="print-boxes print-list">
                    <tbody>
                        {prefs.into_iter().map(|p| {
                            let name = if p.kind == PreferenceKind::Other && !p.label.is_empty() {
                                p.label.clone()
                            } else {
                                i18n.t(labels::preference(p.kind))().to_owned()
                            };
                            view! { <tr><th>{name}</th><td>{p.value}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
                <h2>{i18n.t(Msg::SalesTitle)}</h2>
                <table class="print-boxes print-list" data-testid="card-sales">
                    <tbody>
                        {sales.chunks(6).map(|row| view! {
                            <tr>{row.iter().map(|(m, a)| view! { <th>{m.clone()}</th><td>{a.clone()}</td> }).collect_view()}</tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="print-foot">{printed}</p>
            </article>
            <article class="print-card" data-testid="info-survey-card">
                {card_head(i18n, Msg::CardInfoSurveyTitle, secret)}
                {boxes(i18n, survey_form)}
            </article>
            <article class="print-card" data-testid="grade-card">
                {card_head(i18n, Msg::CardGradeTitle, secret)}
                {boxes(i18n, grading)}
            </article>
            <article class="print-card address-card" data-testid="address-card">
                {card_head(i18n, Msg::SectionAddress, secret)}
                {boxes(i18n, address)}
                <table class="print-boxes"><tbody><tr>
                    <th>{i18n.t(Msg::FieldAddress)}</th><td>{detail}</td>
                </tr></tbody></table>
            </article>
            }
        })}
    }
}

/// Every box of the cards, filled from `c`, in the language `i18n` speaks now.
struct Content {
    basic: Vec<(Msg, String)>,
    key_people: String,
    situation: Vec<(Msg, String)>,
    address: Vec<(Msg, String)>,
    detail: String,
    grading: Vec<(Msg, String)>,
    survey_form: Vec<(Msg, String)>,
    sales: Vec<(String, String)>,
}

fn content(i18n: I18n, c: &Customer) -> Content {
    let grade = grade::assess(c, Utc::now()).grade;
    let b = &c.basic;
    let a = &c.address;
    let bs = &c.business;
    let tr = &c.trading;
    let t = &c.traits;
    let org = if b.org_form == OrgForm::Unknown {
        String::new()
    } else {
        i18n.t(labels::org_form(b.org_form))().to_owned()
    };
    let basic = vec![
        (Msg::FieldName, b.name.clone()),
        (Msg::FieldArchiveNo, c.archive_no.clone()),
        (Msg::FieldPhone, b.phone.clone()),
        (Msg::FieldLegalRep, b.legal_rep.clone()),
        (Msg::FieldOwner, b.owner.clone()),
        (Msg::FieldOperator, b.operator.clone()),
        (Msg::FieldManager, b.manager.clone()),
        (Msg::FieldFounded, date(b.founded)),
        (Msg::OrgFormLabel, org),
        (Msg::FieldIndustry, b.industry.clone()),
        (Msg::FieldCapital, money(b.registered_capital)),
        (
            Msg::FieldEmployees,
            b.employees.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (Msg::GradeLabel, format!("{grade:?}")),
        (
            Msg::ImportanceLabel,
            i18n.t(labels::importance(c.importance))().to_owned(),
        ),
        (Msg::FieldTradingSince, date(bs.trading_since)),
        (Msg::FieldBalance, money(tr.outstanding_balance)),
        (
            Msg::FieldRelation,
            if c.dealings.relation.is_unknown() {
                String::new()
            } else {
                i18n.t(labels::relation(c.dealings.relation))().to_owned()
            },
        ),
        (Msg::FieldNature, c.dealings.nature.clone()),
        (Msg::FieldCreditLimit, money(c.dealings.credit_limit)),
        (Msg::FieldBadDebts, money(c.dealings.bad_debts)),
    ];
    let key_people = b.key_people_notes.clone();
    let situation = vec![
        (Msg::FieldServiceArea, t.service_area.clone()),
        (Msg::FieldSalesCapacity, t.sales_capacity.clone()),
        (Msg::FieldPotential, t.development_potential.clone()),
        (Msg::FieldScale, t.scale.clone()),
        (Msg::FieldMainBusiness, c.dealings.main_business.clone()),
        (Msg::FieldScope, c.dealings.scope.clone()),
        (Msg::FieldMainPurchases, c.dealings.main_purchases.clone()),
        (Msg::FieldPurchaseAmount, money(c.dealings.purchase_amount)),
        (Msg::FieldSalesPerformance, bs.sales_performance.clone()),
        (Msg::FieldCompetitors, bs.competitors.clone()),
        (Msg::FieldCooperation, bs.cooperation.clone()),
        (Msg::FieldReputation, tr.reputation.clone()),
        (Msg::FieldCreditStatus, tr.credit_status.clone()),
        (Msg::FieldTradeTerms, tr.trade_terms.clone()),
    ];
    let contact = c.primary_contact().cloned().unwrap_or_default();
    let address = vec![
        (Msg::FieldName, b.name.clone()),
        (Msg::FieldArchiveNo, c.archive_no.clone()),
        (Msg::FieldProvince, a.province.clone()),
        (Msg::FieldCity, a.city.clone()),
        (Msg::FieldDistrict, a.district.clone()),
        (Msg::FieldBusinessType, a.business_type.clone()),
        (Msg::FieldContactName, contact.name.clone()),
        (Msg::FieldPhone, contact.phones.join("; ")),
        (Msg::FieldBestVisitTime, a.best_visit_time.clone()),
        (Msg::FieldOwnerAddress, a.owner_address.clone()),
    ];
    let detail = a.detail.clone();
    // 等级分类卡 (seed 004): how important, what grade, who gave it and why, reviews.
    let grading = vec![
        (Msg::FieldName, b.name.clone()),
        (Msg::FieldArchiveNo, c.archive_no.clone()),
        (
            Msg::ImportanceLabel,
            i18n.t(labels::importance(c.importance))().to_owned(),
        ),
        (Msg::GradeLabel, format!("{grade:?}")),
        (
            Msg::CardGradedBy,
            c.credit
                .as_ref()
                .map(|g| format!("{} {}", g.by, g.at.with_timezone(&Local).format("%Y-%m-%d")))
                .unwrap_or_default(),
        ),
        (
            Msg::FieldGradeReason,
            c.credit
                .as_ref()
                .map(|g| g.reason.clone())
                .unwrap_or_default(),
        ),
        (
            Msg::CardLastReview,
            c.last_review()
                .map(|at| at.with_timezone(&Local).format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
        ),
        (Msg::FieldCreditLimit, money(c.dealings.credit_limit)),
    ];
    // 客户信息调查表 (seed 001), in its order; a postcode is not kept: its box stays blank.
    let years = c
        .years_of_dealing(Local::now().date_naive())
        .map(|y| i18n.format(Msg::YearsCount, &[("n", &y.to_string())]))
        .unwrap_or_default();
    let survey_form = vec![
        (Msg::FieldName, b.name.clone()),
        (Msg::CardAddress, c.address.full()),
        (Msg::CardPostcode, String::new()),
        (Msg::FieldPhone, b.phone.clone()),
        (Msg::FieldNature, c.dealings.nature.clone()),
        (Msg::FieldScale, c.traits.scale.clone()),
        (Msg::FieldScope, c.dealings.scope.clone()),
        (Msg::FieldYearsOfDealing, years),
        (Msg::FieldMainPurchases, c.dealings.main_purchases.clone()),
        (Msg::FieldPurchaseAmount, money(c.dealings.purchase_amount)),
    ];
    // The last twelve months' sales, as the 资料管理卡 keeps them.
    let this = crate::core::report::Month::of(Local::now().date_naive());
    let mut months = vec![this];
    while months.len() < 12 {
        let m = *months.last().unwrap_or(&this);
        months.push(crate::core::report::Month::of(
            m.first_day()
                .checked_sub_months(chrono::Months::new(1))
                .unwrap_or(m.first_day()),
        ));
    }
    months.reverse();
    let sales: Vec<(String, String)> = months
        .iter()
        .map(|m| {
            let label = m.label();
            let amount = c
                .sales
                .get(&label)
                .map(|a| a.to_string())
                .unwrap_or_default();
            (label, amount)
        })
        .collect();
    Content {
        basic,
        key_people,
        situation,
        address,
        detail,
        grading,
        survey_form,
        sales,
    }
}

/// The cards as a workbook, a sheet each; the contacts, preferences and sales as lists.
fn book(i18n: I18n, c: &Customer) -> Vec<SheetOut> {
    let Content {
        basic,
        key_people,
        situation,
        address,
        detail,
        grading,
        survey_form,
        sales,
    } = content(i18n, c);
    let pairs = |items: &[(Msg, String)]| -> Vec<(String, String)> {
        items
            .iter()
            .map(|(m, v)| (i18n.t(*m)().to_owned(), v.clone()))
            .collect()
    };
    let mut data = pairs(&basic);
    data.push((i18n.t(Msg::FieldKeyPeople)().to_owned(), key_people.clone()));
    data.extend(pairs(&situation));
    data.extend(c.preferences.iter().map(|p| {
        let name = if p.kind == PreferenceKind::Other && !p.label.is_empty() {
            p.label.clone()
        } else {
            i18n.t(labels::preference(p.kind))().to_owned()
        };
        (name, p.value.clone())
    }));
    let mut addressed = pairs(&address);
    addressed.push((i18n.t(Msg::FieldAddress)().to_owned(), detail.clone()));
    let contacts = SheetOut {
        name: i18n.t(Msg::SectionContacts)().to_owned(),
        headers: [
            Msg::FieldContactName,
            Msg::FieldContactTitle,
            Msg::FieldPhone,
            Msg::FieldContactEmail,
            Msg::FieldContactBirthday,
            Msg::FieldContactAnniversary,
        ]
        .map(|m| i18n.t(m)().to_owned())
        .to_vec(),
        rows: c
            .contacts
            .iter()
            .map(|x| {
                vec![
                    x.name.clone(),
                    x.title.clone(),
                    x.phones.join("; "),
                    x.email.clone(),
                    date(x.birthday),
                    date(x.anniversary),
                ]
            })
            .collect(),
    };
    let sold = SheetOut {
        name: i18n.t(Msg::SalesTitle)().to_owned(),
        headers: vec![
            i18n.t(Msg::SalesMonth)().to_owned(),
            i18n.t(Msg::SalesAmount)().to_owned(),
        ],
        rows: sales
            .iter()
            .map(|(m, a)| vec![m.clone(), a.clone()])
            .collect(),
    };
    vec![
        boxes_sheet(i18n, Msg::CardTitle, data),
        contacts,
        sold,
        boxes_sheet(i18n, Msg::CardInfoSurveyTitle, pairs(&survey_form)),
        boxes_sheet(i18n, Msg::CardGradeTitle, pairs(&grading)),
        boxes_sheet(i18n, Msg::SectionAddress, addressed),
    ]
}
