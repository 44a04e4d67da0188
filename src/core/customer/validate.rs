//! Checks a customer draft before it is saved. Every problem names the field it belongs
//! to, so the form shows it beside that field; nothing invalid is saved silently.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::model::Customer;
use super::money::{Money, MoneyError};

/// What the edit form holds: the record, plus the typed fields as the user typed them,
/// so "50万" or a typo survives a reload and is reported rather than dropped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerDraft {
    pub customer: Customer,
    pub registered_capital: String,
    pub outstanding_balance: String,
    pub employees: String,
    pub purchase_amount: String,
    pub credit_limit: String,
    pub bad_debts: String,
    /// When the draft was last autosaved.
    pub saved_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl CustomerDraft {
    /// A draft of an existing record, its typed fields written back as text.
    pub fn of(customer: &Customer) -> CustomerDraft {
        CustomerDraft {
            customer: customer.clone(),
            registered_capital: customer
                .basic
                .registered_capital
                .map(|m| m.to_string())
                .unwrap_or_default(),
            outstanding_balance: customer
                .trading
                .outstanding_balance
                .map(|m| m.to_string())
                .unwrap_or_default(),
            employees: customer
                .basic
                .employees
                .map(|n| n.to_string())
                .unwrap_or_default(),
            purchase_amount: money_text(customer.dealings.purchase_amount),
            credit_limit: money_text(customer.dealings.credit_limit),
            bad_debts: money_text(customer.dealings.bad_debts),
            saved_at: None,
        }
    }
}

fn money_text(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_default()
}

/// The field a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Phone,
    Founded,
    RegisteredCapital,
    Employees,
    TradingSince,
    OutstandingBalance,
    PurchaseAmount,
    CreditLimit,
    BadDebts,
    // Choices an imported spreadsheet names (the form offers them as lists).
    Status,
    Secret,
    Importance,
    Grade,
    Relation,
    ContactName(usize),
    ContactPhone(usize),
    ContactEmail(usize),
    ContactBirthday(usize),
    ContactAnniversary(usize),
    PreferenceValue(usize),
    // The visit-call form's fields.
    VisitAt,
    VisitSummary,
    VisitAmount,
    FollowUpAction(usize),
    FollowUpDue(usize),
    NextVisit,
    // The complaint register's fields.
    ComplaintReceived,
    ComplaintDescription,
    ComplaintDecision,
    ComplaintDeadline,
    ComplaintRejection,
    ComplaintResult,
    ComplaintLoss,
}

/// What is wrong with a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    PhoneFormat,
    EmailFormat,
    DateInFuture,
    DateTooEarly,
    NotANumber,
    Negative,
    TooLarge,
    /// A date before the visit it follows.
    BeforeVisit,
    /// Text that is not a date (an imported cell).
    DateFormat,
    /// Text that names none of the choices (an imported cell).
    NotAChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// Dates before this are typing mistakes, not history.
const EARLIEST_FOUNDING_YEAR: i32 = 1800;
const EARLIEST_BIRTH_YEAR: i32 = 1900;

/// Builds the record the draft describes, or says every field that is wrong.
pub fn validate(draft: &CustomerDraft, today: NaiveDate) -> Result<Customer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut add = |field, problem| errors.push(FieldError { field, problem });
    let mut c = draft.customer.clone();

    // A file reopened from the form is no longer closed.
    if c.status != super::model::Status::Closed {
        c.closure = None;
    }
    c.basic.name = c.basic.name.trim().to_owned();
    if c.basic.name.is_empty() {
        add(Field::Name, Problem::Required);
    }
    if !c.basic.phone.trim().is_empty() && !is_phone(&c.basic.phone) {
        add(Field::Phone, Problem::PhoneFormat);
    }
    check_date(
        c.basic.founded,
        EARLIEST_FOUNDING_YEAR,
        today,
        Field::Founded,
        &mut add,
    );
    check_date(
        c.business.trading_since,
        EARLIEST_FOUNDING_YEAR,
        today,
        Field::TradingSince,
        &mut add,
    );

    match Money::parse(&draft.registered_capital) {
        Ok(m) => c.basic.registered_capital = m,
        Err(e) => add(Field::RegisteredCapital, money_problem(e)),
    }
    match Money::parse(&draft.outstanding_balance) {
        Ok(m) => c.trading.outstanding_balance = m,
        Err(e) => add(Field::OutstandingBalance, money_problem(e)),
    }
    for (text, field, slot) in [
        (
            &draft.purchase_amount,
            Field::PurchaseAmount,
            &mut c.dealings.purchase_amount,
        ),
        (
            &draft.credit_limit,
            Field::CreditLimit,
            &mut c.dealings.credit_limit,
        ),
        (&draft.bad_debts, Field::BadDebts, &mut c.dealings.bad_debts),
    ] {
        match Money::parse(text) {
            Ok(m) => *slot = m,
            Err(e) => add(field, money_problem(e)),
        }
    }
    match parse_count(&draft.employees) {
        Ok(n) => c.basic.employees = n,
        Err(p) => add(Field::Employees, p),
    }

    c.contacts.retain(|contact| *contact != Default::default());
    for (i, contact) in c.contacts.iter_mut().enumerate() {
        contact.name = contact.name.trim().to_owned();
        contact.phones.retain(|p| !p.trim().is_empty());
        if contact.name.is_empty() {
            add(Field::ContactName(i), Problem::Required);
        }
        if contact.phones.iter().any(|p| !is_phone(p)) {
            add(Field::ContactPhone(i), Problem::PhoneFormat);
        }
        if !contact.email.trim().is_empty() && !is_email(&contact.email) {
            add(Field::ContactEmail(i), Problem::EmailFormat);
        }
        check_date(
            contact.birthday,
            EARLIEST_BIRTH_YEAR,
            today,
            Field::ContactBirthday(i),
            &mut add,
        );
        check_date(
            contact.anniversary,
            EARLIEST_FOUNDING_YEAR,
            today,
            Field::ContactAnniversary(i),
            &mut add,
        );
    }
    // Exactly one primary contact when there are any.
    if !c.contacts.is_empty() {
        let primary = c.contacts.iter().position(|x| x.primary).unwrap_or(0);
        for (i, contact) in c.contacts.iter_mut().enumerate() {
            contact.primary = i == primary;
        }
    }

    c.preferences
        .retain(|p| !(p.value.trim().is_empty() && p.label.trim().is_empty()));
    for (i, p) in c.preferences.iter().enumerate() {
        if p.value.trim().is_empty() {
            add(Field::PreferenceValue(i), Problem::Required);
        }
    }

    if errors.is_empty() {
        Ok(c)
    } else {
        Err(errors)
    }
}

fn check_date(
    date: Option<NaiveDate>,
    earliest_year: i32,
    today: NaiveDate,
    field: Field,
    add: &mut impl FnMut(Field, Problem),
) {
    match date {
        Some(d) if d > today => add(field, Problem::DateInFuture),
        Some(d) if d.year() < earliest_year => add(field, Problem::DateTooEarly),
        _ => {}
    }
}

pub fn money_problem(e: MoneyError) -> Problem {
    match e {
        MoneyError::NotANumber => Problem::NotANumber,
        MoneyError::Negative => Problem::Negative,
        MoneyError::TooLarge => Problem::TooLarge,
    }
}

fn parse_count(input: &str) -> Result<Option<u32>, Problem> {
    let t = input.trim().replace([',', '，'], "");
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with('-') {
        return Err(Problem::Negative);
    }
    match t.parse::<u64>() {
        Ok(n) => u32::try_from(n).map(Some).map_err(|_| Problem::TooLarge),
        Err(_) => Err(Problem::NotANumber),
    }
}

/// Mainland mobile (13812345678), landline with area code (010-12345678, 0755 8765 4321,
/// with an extension after "-" or "转"), 400/800 service numbers, each optionally after
/// +86 / 0086; or any international number in + form.
pub fn is_phone(input: &str) -> bool {
    let compact: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '（' | '）'))
        .collect();
    let (number, extension) = match compact.split_once(['转', '#']) {
        Some((n, ext)) => (n.to_owned(), Some(ext.to_owned())),
        None => (compact.clone(), None),
    };
    if extension
        .is_some_and(|e| e.is_empty() || e.len() > 6 || !e.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let domestic = number
        .strip_prefix("+86")
        .or_else(|| number.strip_prefix("0086"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match domestic {
        None if number.starts_with('+') => {
            let rest = &number[1..];
            digits(rest) && (8..=15).contains(&rest.len())
        }
        other => {
            let n = other.unwrap_or(&number);
            if !digits(n) {
                return false;
            }
            let mobile =
                n.len() == 11 && n.starts_with('1') && (b'3'..=b'9').contains(&n.as_bytes()[1]);
            let landline = n.starts_with('0') && (10..=12).contains(&n.len());
            // Without the trunk 0, an area code after +86 (+86 10 12345678); the only area
            // code that starts with 1 is Beijing's 10.
            let area_code = n.starts_with("10") || (b'2'..=b'9').contains(&n.as_bytes()[0]);
            let landline_intl = other.is_some() && area_code && (9..=11).contains(&n.len());
            let service = n.len() == 10 && (n.starts_with("400") || n.starts_with("800"));
            mobile || landline || landline_intl || service
        }
    }
}

fn is_email(input: &str) -> bool {
    let t = input.trim();
    match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::customer::model::{Contact, Preference};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn draft(name: &str) -> CustomerDraft {
        let mut d = CustomerDraft::default();
        d.customer.basic.name = name.into();
        d
    }

    fn problems(d: &CustomerDraft) -> Vec<(Field, Problem)> {
        validate(d, today())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_name_is_required_and_trimmed() {
        assert_eq!(
            problems(&draft("   ")),
            vec![(Field::Name, Problem::Required)]
        );
        assert_eq!(
            validate(&draft("  华润万家  "), today())
                .unwrap()
                .basic
                .name,
            "华润万家"
        );
    }

    #[test]
    fn phones_as_written_in_china_are_accepted() {
        for ok in [
            "13812345678",
            "138 1234 5678",
            "+86 138-1234-5678",
            "0086 13812345678",
            "010-12345678",
            "0755 8765 4321",
            "(021) 6123 4567",
            "021-61234567转802",
            "400-820-8820",
            "+852 2123 4567",
            "+86 10 1234 5678",
        ] {
            assert!(is_phone(ok), "{ok} should be accepted");
        }
        for bad in [
            "12345",
            "1381234567",
            "+86 1381234567",
            "23812345678",
            "abc",
            "010-1234",
            "+1",
            "138123456789",
            "021-61234567转",
        ] {
            assert!(!is_phone(bad), "{bad} should be refused");
        }
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut d = draft("A");
        d.customer.basic.phone = "12345".into();
        d.customer.basic.founded = NaiveDate::from_ymd_opt(2030, 1, 1);
        d.registered_capital = "-100".into();
        d.outstanding_balance = "lots".into();
        d.employees = "-3".into();
        d.customer.contacts = vec![Contact {
            phones: vec!["999".into()],
            email: "x@".into(),
            ..Default::default()
        }];
        d.customer.preferences = vec![Preference {
            label: "茶".into(),
            ..Default::default()
        }];
        assert_eq!(
            problems(&d),
            vec![
                (Field::Phone, Problem::PhoneFormat),
                (Field::Founded, Problem::DateInFuture),
                (Field::RegisteredCapital, Problem::Negative),
                (Field::OutstandingBalance, Problem::NotANumber),
                (Field::Employees, Problem::Negative),
                (Field::ContactName(0), Problem::Required),
                (Field::ContactPhone(0), Problem::PhoneFormat),
                (Field::ContactEmail(0), Problem::EmailFormat),
                (Field::PreferenceValue(0), Problem::Required),
            ]
        );
    }

    #[test]
    fn typed_text_becomes_typed_values() {
        let mut d = draft("A");
        d.registered_capital = "50万".into();
        d.outstanding_balance = "1,200.50".into();
        d.employees = "1,200".into();
        let c = validate(&d, today()).unwrap();
        assert_eq!(c.basic.registered_capital, Some(Money::from_yuan(500_000)));
        assert_eq!(c.trading.outstanding_balance, Some(Money(120_050)));
        assert_eq!(c.basic.employees, Some(1200));
    }

    #[test]
    fn blank_rows_are_dropped_and_one_contact_is_primary() {
        let mut d = draft("A");
        d.customer.contacts = vec![
            Contact::default(),
            Contact {
                name: "李四".into(),
                ..Default::default()
            },
            Contact {
                name: "王五".into(),
                primary: true,
                ..Default::default()
            },
            Contact {
                name: "赵六".into(),
                primary: true,
                ..Default::default()
            },
        ];
        d.customer.preferences = vec![Preference::default()];
        let c = validate(&d, today()).unwrap();
        assert_eq!(
            c.contacts
                .iter()
                .map(|c| (c.name.as_str(), c.primary))
                .collect::<Vec<_>>(),
            vec![("李四", false), ("王五", true), ("赵六", false)]
        );
        assert!(c.preferences.is_empty());
    }

    #[test]
    fn dates_must_be_plausible() {
        let mut d = draft("A");
        d.customer.contacts = vec![Contact {
            name: "李四".into(),
            birthday: NaiveDate::from_ymd_opt(1850, 1, 1),
            ..Default::default()
        }];
        assert_eq!(
            problems(&d),
            vec![(Field::ContactBirthday(0), Problem::DateTooEarly)]
        );
    }
}
