//! The sections of the customer form, in the order a rep fills them on site: who the
//! customer is and how to reach them, what they like, where they are, then the rest of
//! the four aspects.

use chrono::{NaiveDate, Utc};
use leptos::prelude::*;

use crate::core::customer::model::{
    Contact, CreditAssignment, CreditGrade, Importance, OrgForm, Preference, PreferenceKind,
    Relation, SecretLevel, Status,
};
use crate::core::customer::validate::{CustomerDraft, Field};
use crate::core::i18n::{Msg, labels};
use crate::ui::data::use_files;
use crate::ui::form::{CheckField, SelectField, TextField, use_form};
use crate::ui::i18n::use_i18n;

/// A text field over `customer.<path>`.
macro_rules! text {
    ($label:expr, $($path:ident).+ $(, $opt:ident = $val:expr)*) => {
        view! {
            <TextField
                label=$label
                get=|d: &CustomerDraft| d.customer.$($path).+.clone()
                set=|d: &mut CustomerDraft, v: String| d.customer.$($path).+ = v
                $($opt=$val)*
            />
        }
    };
}

/// A date field over `customer.<path>` (an `Option<NaiveDate>`).
macro_rules! date {
    ($label:expr, $field:expr, $($path:ident).+) => {
        view! {
            <TextField
                label=$label
                kind="date"
                field=$field
                get=|d: &CustomerDraft| d.customer.$($path).+.map(|x| x.to_string()).unwrap_or_default()
                set=|d: &mut CustomerDraft, v: String| d.customer.$($path).+ = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok()
            />
        }
    };
}

/// A yes/no field over `customer.<path>`.
macro_rules! check {
    ($label:expr, $($path:ident).+) => {
        view! {
            <CheckField
                label=$label
                get=|d: &CustomerDraft| d.customer.$($path).+
                set=|d: &mut CustomerDraft, v: bool| d.customer.$($path).+ = v
            />
        }
    };
}

#[component]
fn Section(title: Msg, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="card form-section">
            <legend>{i18n.t(title)}</legend>
            <div class="grid">{children()}</div>
        </fieldset>
    }
}

#[component]
pub fn BasicSection() -> impl IntoView {
    let org_forms = [
        OrgForm::Unknown,
        OrgForm::Company,
        OrgForm::StateOwned,
        OrgForm::Partnership,
        OrgForm::SoleProprietor,
        OrgForm::Other,
    ]
    .map(|o| (o, labels::org_form(o)))
    .to_vec();
    view! {
        <Section title=Msg::SectionBasic>
            {text!(Msg::FieldName, basic.name, field = Field::Name)}
            {text!(Msg::FieldPhone, basic.phone, field = Field::Phone, kind = "tel")}
            {text!(Msg::FieldLegalRep, basic.legal_rep)}
            {text!(Msg::FieldOwner, basic.owner)}
            {text!(Msg::FieldOperator, basic.operator)}
            {text!(Msg::FieldManager, basic.manager)}
            {text!(Msg::FieldIndustry, basic.industry, suggestions = "ref-industries")}
            <SelectField
                label=Msg::OrgFormLabel
                options=org_forms
                get=|d: &CustomerDraft| d.customer.basic.org_form
                set=|d: &mut CustomerDraft, v| d.customer.basic.org_form = v
            />
            {date!(Msg::FieldFounded, Field::Founded, basic.founded)}
            <TextField
                label=Msg::FieldCapital
                field=Field::RegisteredCapital
                get=|d: &CustomerDraft| d.registered_capital.clone()
                set=|d: &mut CustomerDraft, v| d.registered_capital = v
            />
            <TextField
                label=Msg::FieldEmployees
                field=Field::Employees
                get=|d: &CustomerDraft| d.employees.clone()
                set=|d: &mut CustomerDraft, v| d.employees = v
            />
            {text!(Msg::FieldKeyPeople, basic.key_people_notes, multiline = true)}
        </Section>
    }
}

#[component]
pub fn TraitsSection() -> impl IntoView {
    view! {
        <Section title=Msg::SectionTraits>
            {text!(Msg::FieldServiceArea, traits.service_area, multiline = true)}
            {text!(Msg::FieldSalesCapacity, traits.sales_capacity, multiline = true)}
            {text!(Msg::FieldPotential, traits.development_potential, multiline = true)}
            {text!(Msg::FieldPhilosophy, traits.philosophy, multiline = true)}
            {text!(Msg::FieldPolicy, traits.policy, multiline = true)}
            {text!(Msg::FieldScale, traits.scale, multiline = true)}
            {text!(Msg::FieldBusinessTraits, traits.business_traits, multiline = true)}
        </Section>
    }
}

#[component]
pub fn BusinessSection() -> impl IntoView {
    view! {
        <Section title=Msg::SectionBusiness>
            {date!(Msg::FieldTradingSince, Field::TradingSince, business.trading_since)}
            {check!(Msg::FieldWholesaler, business.wholesaler)}
            {text!(Msg::FieldSalesPerformance, business.sales_performance, multiline = true)}
            {text!(Msg::FieldStaffQuality, business.staff_quality, multiline = true)}
            {text!(Msg::FieldCompetitors, business.competitors, multiline = true)}
            {text!(Msg::FieldCooperation, business.cooperation, multiline = true)}
        </Section>
    }
}

#[component]
pub fn TradingSection() -> impl IntoView {
    view! {
        <Section title=Msg::SectionTrading>
            <TextField
                label=Msg::FieldBalance
                field=Field::OutstandingBalance
                get=|d: &CustomerDraft| d.outstanding_balance.clone()
                set=|d: &mut CustomerDraft, v| d.outstanding_balance = v
            />
            {check!(Msg::FieldVolumeLarge, trading.volume_large_for_size)}
            {check!(Msg::FieldBadRecord, trading.bad_record)}
            {text!(Msg::FieldCurrentActivity, trading.current_activity, multiline = true)}
            {text!(Msg::FieldOpenProblems, trading.open_problems, multiline = true)}
            {text!(Msg::FieldStrengths, trading.strengths, multiline = true)}
            {text!(Msg::FieldFuturePlans, trading.future_plans, multiline = true)}
            {text!(Msg::FieldReputation, trading.reputation, multiline = true)}
            {text!(Msg::FieldCreditStatus, trading.credit_status, multiline = true)}
            {text!(Msg::FieldTradeTerms, trading.trade_terms, multiline = true)}
            {text!(Msg::FieldCreditProblems, trading.credit_problems, multiline = true)}
        </Section>
    }
}

/// 客户信息调查表 and credit control: direct or indirect, what they do and buy, credit,
/// and discretion asked for (保密服务).
#[component]
pub fn DealingsSection() -> impl IntoView {
    let relations = Relation::ALL.map(|r| (r, labels::relation(r))).to_vec();
    let form = use_form::<CustomerDraft>();
    view! {
        <Section title=Msg::SectionDealings>
            <SelectField
                label=Msg::FieldRelation
                options=relations
                get=|d: &CustomerDraft| d.customer.dealings.relation
                set=|d: &mut CustomerDraft, v| d.customer.dealings.relation = v
            />
            {text!(Msg::FieldNature, dealings.nature, suggestions = "natures")}
            {text!(Msg::FieldMainBusiness, dealings.main_business)}
            {text!(Msg::FieldScope, dealings.scope, multiline = true)}
            {text!(Msg::FieldMainPurchases, dealings.main_purchases)}
            <TextField
                label=Msg::FieldPurchaseAmount
                field=Field::PurchaseAmount
                get=|d: &CustomerDraft| d.purchase_amount.clone()
                set=|d: &mut CustomerDraft, v| d.purchase_amount = v
            />
            <TextField
                label=Msg::FieldCreditLimit
                field=Field::CreditLimit
                get=|d: &CustomerDraft| d.credit_limit.clone()
                set=|d: &mut CustomerDraft, v| d.credit_limit = v
            />
            <TextField
                label=Msg::FieldBadDebts
                field=Field::BadDebts
                get=|d: &CustomerDraft| d.bad_debts.clone()
                set=|d: &mut CustomerDraft, v| d.bad_debts = v
            />
            {check!(Msg::FieldConfidentialService, dealings.confidential_service)}
            <Show when=move || form.draft.with(|d| d.customer.dealings.confidential_service)>
                {text!(Msg::FieldConfidentialMatters, dealings.confidential_matters, multiline = true)}
            </Show>
        </Section>
        <NatureChoices />
    }
}

/// The usual 企业性质 as suggestions; any other may be typed.
#[component]
fn NatureChoices() -> impl IntoView {
    let i18n = use_i18n();
    let natures = [
        Msg::NatureStateOwned,
        Msg::NaturePrivate,
        Msg::NatureForeign,
        Msg::NatureJointVenture,
        Msg::NatureCollective,
        Msg::NatureIndividual,
    ];
    view! {
        <datalist id="natures">
            {natures.map(|m| view! { <option value=move || i18n.t(m)()></option> }).to_vec()}
        </datalist>
    }
}

#[component]
pub fn AddressSection() -> impl IntoView {
    view! {
        <Section title=Msg::SectionAddress>
            {text!(Msg::FieldProvince, address.province)}
            {text!(Msg::FieldCity, address.city)}
            {text!(Msg::FieldDistrict, address.district)}
            {text!(Msg::FieldAddress, address.detail)}
            {text!(Msg::FieldBusinessType, address.business_type)}
            {text!(Msg::FieldBestVisitTime, address.best_visit_time)}
            {text!(Msg::FieldOwnerAddress, address.owner_address)}
        </Section>
    }
}

/// Status, secret level, importance and the credit grade with who set it.
#[component]
pub fn ClassificationSection() -> impl IntoView {
    let profile = use_files().profile;
    let form = use_form::<CustomerDraft>();
    // Closing is its own action, with a reason (销户); the form can only reopen.
    let closed = form
        .draft
        .with_untracked(|d| d.customer.status == Status::Closed);
    let statuses = [Status::Active, Status::Dormant, Status::Closed]
        .into_iter()
        .filter(|s| *s != Status::Closed || closed)
        .map(|s| (s, labels::status(s)))
        .collect::<Vec<_>>();
    let secrets = [
        SecretLevel::None,
        SecretLevel::Secret,
        SecretLevel::Confidential,
        SecretLevel::TopSecret,
    ]
    .map(|s| (s, labels::secret(s)))
    .to_vec();
    let importances = [
        Importance::Important,
        Importance::Ordinary,
        Importance::Unimportant,
    ]
    .map(|s| (s, labels::importance(s)))
    .to_vec();
    let grades = vec![
        (None, Msg::GradeNotAssigned),
        (Some(CreditGrade::A), Msg::GradeA),
        (Some(CreditGrade::B), Msg::GradeB),
        (Some(CreditGrade::C), Msg::GradeC),
    ];
    let set_grade = move |d: &mut CustomerDraft, grade: Option<CreditGrade>| {
        let reason = d
            .customer
            .credit
            .as_ref()
            .map(|c| c.reason.clone())
            .unwrap_or_default();
        let by = profile.get_untracked().map(|p| p.name).unwrap_or_default();
        d.customer.credit = grade.map(|grade| CreditAssignment {
            grade,
            by,
            at: Utc::now(),
            reason,
        });
    };
    // What the form would decide that the one acting may not: said beside the fields,
    // and the save refuses it with the same words.
    let acting = crate::ui::acting::use_acting();
    let before = form
        .draft
        .with_untracked(|d| (!d.customer.id.is_empty()).then(|| d.customer.clone()));
    let gate = move || {
        let actor = acting.actor.get();
        form.draft
            .with(|d| crate::core::people::may_change_file(&actor, before.as_ref(), &d.customer))
            .err()
            .map(|(_, gate)| view! { <crate::ui::acting::GateNote gate=gate /> })
    };
    view! {
        <Section title=Msg::SectionGrades>
            {gate}
            <SelectField label=Msg::StatusLabel options=statuses get=|d: &CustomerDraft| d.customer.status set=|d: &mut CustomerDraft, v| d.customer.status = v />
            <SelectField label=Msg::SecretLabel options=secrets get=|d: &CustomerDraft| d.customer.secret set=|d: &mut CustomerDraft, v| d.customer.secret = v />
            <SelectField label=Msg::ImportanceLabel options=importances get=|d: &CustomerDraft| d.customer.importance set=|d: &mut CustomerDraft, v| d.customer.importance = v />
            <TextField
                label=Msg::FieldAssignedTo
                get=|d: &CustomerDraft| d.customer.assigned_to.clone()
                set=|d: &mut CustomerDraft, v: String| d.customer.assigned_to = v.trim().to_uppercase()
            />
            <SelectField label=Msg::GradeLabel options=grades get=|d: &CustomerDraft| d.customer.credit.as_ref().map(|c| c.grade) set=set_grade />
            <Show when=move || form.draft.with(|d| d.customer.credit.is_some())>
                <TextField
                    label=Msg::FieldGradeReason
                    get=|d: &CustomerDraft| d.customer.credit.as_ref().map(|c| c.reason.clone()).unwrap_or_default()
                    set=|d: &mut CustomerDraft, v| {
                        if let Some(c) = d.customer.credit.as_mut() {
                            c.reason = v;
                        }
                    }
                />
            </Show>
        </Section>
    }
}

/// Any number of contacts, one of them primary.
#[component]
pub fn ContactsSection() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form::<CustomerDraft>();
    let count = move || form.draft.with(|d| d.customer.contacts.len());
    view! {
        <fieldset class="card form-section" data-testid="contacts-editor">
            <legend>{i18n.t(Msg::SectionContacts)}</legend>
            {move || (0..count()).map(|i| view! { <ContactRow i=i /> }).collect_view()}
            <button
                type="button"
                data-testid="add-contact"
                on:click=move |_| form.edit(|d| {
                    let primary = d.customer.contacts.is_empty();
                    d.customer.contacts.push(Contact { primary, ..Default::default() });
                })
            >
                {i18n.t(Msg::AddContact)}
            </button>
        </fieldset>
    }
}

#[component]
fn ContactRow(i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form::<CustomerDraft>();
    let contact = move |d: &CustomerDraft| d.customer.contacts.get(i).cloned().unwrap_or_default();
    view! {
        <div class="grid contact-row" data-testid="contact-row">
            <TextField label=Msg::FieldContactName field=Field::ContactName(i)
                get=move |d: &CustomerDraft| contact(d).name
                set=move |d: &mut CustomerDraft, v| if let Some(c) = d.customer.contacts.get_mut(i) { c.name = v } />
            <TextField label=Msg::FieldContactTitle
                get=move |d: &CustomerDraft| contact(d).title
                set=move |d: &mut CustomerDraft, v| if let Some(c) = d.customer.contacts.get_mut(i) { c.title = v } />
            <TextField label=Msg::FieldContactPhones field=Field::ContactPhone(i) kind="tel"
                get=move |d: &CustomerDraft| contact(d).phones.join(";")
                set=move |d: &mut CustomerDraft, v: String| if let Some(c) = d.customer.contacts.get_mut(i) {
                    c.phones = v.replace('；', ";").split(';').map(str::to_owned).collect();
                } />
            <TextField label=Msg::FieldContactEmail field=Field::ContactEmail(i) kind="email"
                get=move |d: &CustomerDraft| contact(d).email
                set=move |d: &mut CustomerDraft, v| if let Some(c) = d.customer.contacts.get_mut(i) { c.email = v } />
            <TextField label=Msg::FieldContactBirthday field=Field::ContactBirthday(i) kind="date"
                get=move |d: &CustomerDraft| contact(d).birthday.map(|x| x.to_string()).unwrap_or_default()
                set=move |d: &mut CustomerDraft, v: String| if let Some(c) = d.customer.contacts.get_mut(i) {
                    c.birthday = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
                } />
            <TextField label=Msg::FieldContactAnniversary field=Field::ContactAnniversary(i) kind="date"
                get=move |d: &CustomerDraft| contact(d).anniversary.map(|x| x.to_string()).unwrap_or_default()
                set=move |d: &mut CustomerDraft, v: String| if let Some(c) = d.customer.contacts.get_mut(i) {
                    c.anniversary = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
                } />
            <TextField label=Msg::FieldContactNotes
                get=move |d: &CustomerDraft| contact(d).notes
                set=move |d: &mut CustomerDraft, v| if let Some(c) = d.customer.contacts.get_mut(i) { c.notes = v } />
            <label class="field check">
                <input
                    type="radio"
                    name="primary-contact"
                    prop:checked=move || form.draft.with(|d| contact(d).primary)
                    on:change=move |_| form.edit(|d| {
                        for (j, c) in d.customer.contacts.iter_mut().enumerate() {
                            c.primary = j == i;
                        }
                    })
                />
                <span>{i18n.t(Msg::FieldPrimaryContact)}</span>
            </label>
            <button type="button" class="link" on:click=move |_| form.edit(|d| {
                if i < d.customer.contacts.len() {
                    d.customer.contacts.remove(i);
                }
            })>
                {i18n.t(Msg::RemoveContact)}
            </button>
        </div>
    }
}

/// Preferences: quick picks for the common items, free items for the rest.
#[component]
pub fn PreferencesSection() -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form::<CustomerDraft>();
    let count = move || form.draft.with(|d| d.customer.preferences.len());
    let add = move |kind: PreferenceKind| {
        form.edit(|d| {
            d.customer.preferences.push(Preference {
                kind,
                ..Default::default()
            })
        })
    };
    view! {
        <fieldset class="card form-section" data-testid="preferences-editor">
            <legend>{i18n.t(Msg::SectionPreferences)}</legend>
            <p class="quick-picks">
                <span class="muted">{i18n.t(Msg::QuickPick)}</span>
                {PreferenceKind::ALL
                    .into_iter()
                    .filter(|k| *k != PreferenceKind::Other)
                    .map(|kind| view! {
                        <button type="button" class="chip" on:click=move |_| add(kind)>{i18n.t(labels::preference(kind))}</button>
                    })
                    .collect_view()}
                <button type="button" class="chip" on:click=move |_| add(PreferenceKind::Other)>{i18n.t(Msg::AddPreference)}</button>
            </p>
            {move || (0..count()).map(|i| view! { <PreferenceRow i=i /> }).collect_view()}
        </fieldset>
    }
}

#[component]
fn PreferenceRow(i: usize) -> impl IntoView {
    let i18n = use_i18n();
    let form = use_form::<CustomerDraft>();
    let kind = form.draft.with_untracked(|d| {
        d.customer
            .preferences
            .get(i)
            .map(|p| p.kind)
            .unwrap_or_default()
    });
    let item = move |d: &CustomerDraft| d.customer.preferences.get(i).cloned().unwrap_or_default();
    view! {
        <div class="grid pref-row" data-testid="preference-row">
            {if kind == PreferenceKind::Other {
                view! {
                    <TextField label=Msg::FieldPreferenceLabel
                        get=move |d: &CustomerDraft| item(d).label
                        set=move |d: &mut CustomerDraft, v| if let Some(p) = d.customer.preferences.get_mut(i) { p.label = v } />
                }
                    .into_any()
            } else {
                view! { <span class="field-label pref-kind">{i18n.t(labels::preference(kind))}</span> }.into_any()
            }}
            <TextField label=Msg::FieldPreferenceValue field=Field::PreferenceValue(i)
                get=move |d: &CustomerDraft| item(d).value
                set=move |d: &mut CustomerDraft, v| if let Some(p) = d.customer.preferences.get_mut(i) { p.value = v } />
            <button type="button" class="link" on:click=move |_| form.edit(|d| {
                if i < d.customer.preferences.len() {
                    d.customer.preferences.remove(i);
                }
            })>
                {i18n.t(Msg::RemovePreference)}
            </button>
        </div>
    }
}
