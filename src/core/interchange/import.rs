//! Customer files coming in from a spreadsheet: which column is which (guessed from the
//! headings, in either language or the words people use, and corrected by the user),
//! then every row checked by the same rules as the form, with its row number, and
//! duplicates found (the same archive number, or the same name and phone, against the
//! files here and the rows above). Nothing is written here: the caller writes the
//! accepted rows in one go once the user confirms.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::core::customer::catalogue::{CatalogueEntry, normalize};
use crate::core::customer::model::{
    Contact, CreditAssignment, CreditGrade, CustomerId, Importance, Relation, SecretLevel, Status,
};
use crate::core::customer::validate::{CustomerDraft, Field, FieldError, Problem, validate};
use crate::core::i18n::{AppText, Lang, Msg, labels};
use crate::core::interchange::totals::{self, Total};

const STATUSES: [Status; 3] = [Status::Active, Status::Dormant, Status::Closed];
const SECRET_LEVELS: [SecretLevel; 4] = [
    SecretLevel::None,
    SecretLevel::Secret,
    SecretLevel::Confidential,
    SecretLevel::TopSecret,
];
const IMPORTANCES: [Importance; 3] = [
    Importance::Important,
    Importance::Ordinary,
    Importance::Unimportant,
];

/// A field a column can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    ArchiveNo,
    Name,
    Phone,
    Status,
    Secret,
    Importance,
    Grade,
    LegalRep,
    Owner,
    Operator,
    Manager,
    KeyPeople,
    Founded,
    Industry,
    Capital,
    Employees,
    Province,
    City,
    District,
    Address,
    BusinessType,
    BestVisitTime,
    ContactName,
    ContactTitle,
    ContactPhones,
    ContactEmail,
    TradingSince,
    Balance,
    CreditStatus,
    TradeTerms,
    Relation,
    Nature,
    MainBusiness,
    CreditLimit,
}

impl Target {
    pub const ALL: [Target; 34] = [
        Target::ArchiveNo,
        Target::Name,
        Target::Phone,
        Target::Status,
        Target::Secret,
        Target::Importance,
        Target::Grade,
        Target::LegalRep,
        Target::Owner,
        Target::Operator,
        Target::Manager,
        Target::KeyPeople,
        Target::Founded,
        Target::Industry,
        Target::Capital,
        Target::Employees,
        Target::Province,
        Target::City,
        Target::District,
        Target::Address,
        Target::BusinessType,
        Target::BestVisitTime,
        Target::ContactName,
        Target::ContactTitle,
        Target::ContactPhones,
        Target::ContactEmail,
        Target::TradingSince,
        Target::Balance,
        Target::CreditStatus,
        Target::TradeTerms,
        Target::Relation,
        Target::Nature,
        Target::MainBusiness,
        Target::CreditLimit,
    ];

    /// The field's label, as the form and exports name it.
    pub fn label(self) -> Msg {
        match self {
            Target::ArchiveNo => Msg::FieldArchiveNo,
            Target::Name => Msg::FieldName,
            Target::Phone => Msg::FieldPhone,
            Target::Status => Msg::StatusLabel,
            Target::Secret => Msg::SecretLabel,
            Target::Importance => Msg::ImportanceLabel,
            Target::Grade => Msg::GradeLabel,
            Target::LegalRep => Msg::FieldLegalRep,
            Target::Owner => Msg::FieldOwner,
            Target::Operator => Msg::FieldOperator,
            Target::Manager => Msg::FieldManager,
            Target::KeyPeople => Msg::FieldKeyPeople,
            Target::Founded => Msg::FieldFounded,
            Target::Industry => Msg::FieldIndustry,
            Target::Capital => Msg::FieldCapital,
            Target::Employees => Msg::FieldEmployees,
            Target::Province => Msg::FieldProvince,
            Target::City => Msg::FieldCity,
            Target::District => Msg::FieldDistrict,
            Target::Address => Msg::FieldAddress,
            Target::BusinessType => Msg::FieldBusinessType,
            Target::BestVisitTime => Msg::FieldBestVisitTime,
            Target::ContactName => Msg::FieldContactName,
            Target::ContactTitle => Msg::FieldContactTitle,
            Target::ContactPhones => Msg::FieldContactPhones,
            Target::ContactEmail => Msg::FieldContactEmail,
            Target::TradingSince => Msg::FieldTradingSince,
            Target::Balance => Msg::FieldBalance,
            Target::CreditStatus => Msg::FieldCreditStatus,
            Target::TradeTerms => Msg::FieldTradeTerms,
            Target::Relation => Msg::FieldRelation,
            Target::Nature => Msg::FieldNature,
            Target::MainBusiness => Msg::FieldMainBusiness,
            Target::CreditLimit => Msg::FieldCreditLimit,
        }
    }

    /// Headings people give this column in their own spreadsheets, besides the labels.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Target::ArchiveNo => &["编号", "客户编号", "档案号", "no", "number"],
            Target::Name => &[
                "名称",
                "客户",
                "公司",
                "公司名称",
                "单位名称",
                "企业名称",
                "customer",
                "company",
                "name",
            ],
            Target::Phone => &["联系电话", "公司电话", "座机", "tel", "telephone"],
            Target::Status => &["状态", "客户状态"],
            Target::Secret => &["密级", "保密等级", "secret level"],
            Target::Importance => &["重要性", "重要程度"],
            Target::Grade => &["等级", "客户等级", "信用", "grade"],
            Target::LegalRep => &["法人", "法定代表人"],
            Target::Manager => &["经理"],
            Target::Founded => &["成立日期", "成立时间", "创立时间"],
            Target::Industry => &["行业", "所属行业"],
            Target::Capital => &["注册资金", "注册资本"],
            Target::Employees => &["人数", "员工数", "职工人数"],
            Target::Province => &["省", "省份"],
            Target::City => &["市", "城市"],
            Target::District => &["区", "区县", "县"],
            Target::Address => &["地址", "详细地址", "公司地址", "address"],
            Target::ContactName => &["联系人", "联系人姓名", "contact"],
            Target::ContactTitle => &["职务", "职位"],
            Target::ContactPhones => &["手机", "联系人电话", "手机号", "mobile"],
            Target::ContactEmail => &["邮箱", "电子邮件", "email", "e-mail"],
            Target::Balance => &["欠款", "应收账款", "欠款金额"],
            Target::Relation => &["客户类别", "客户类型", "直接/间接", "直接或间接"],
            Target::Nature => &["性质", "企业类型"],
            Target::MainBusiness => &["主营", "主营产品"],
            Target::CreditLimit => &["信用额度", "授信额度", "信用限额", "credit limit"],
            _ => &[],
        }
    }
}

/// For each column, the field it fills, guessed from its heading.
pub fn guess(headers: &[String]) -> Vec<Option<Target>> {
    let mut names: HashMap<String, Target> = HashMap::new();
    for t in Target::ALL {
        for s in t.synonyms() {
            names.insert(normalize(s), t);
        }
    }
    // Labels win over synonyms.
    for t in Target::ALL {
        for lang in [Lang::ZhCn, Lang::En] {
            names.insert(normalize(t.label().text(lang)), t);
        }
    }
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let t = names
                .get(&normalize(h))
                .copied()
                .filter(|t| !taken.contains(t));
            taken.extend(t);
            t
        })
        .collect()
}

/// Reads a date as spreadsheets write it: 2026-11-22, 2026/11/22, 2026.11.22,
/// 2026年11月22日, 20261122.
pub fn parse_date(s: &str) -> Result<Option<NaiveDate>, Problem> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let ymd = match parts.as_slice() {
        [y, m, d] => (y.parse().ok(), m.parse().ok(), d.parse().ok()),
        [all] if all.len() == 8 => (
            all[..4].parse().ok(),
            all[4..6].parse().ok(),
            all[6..].parse().ok(),
        ),
        _ => (None, None, None),
    };
    match ymd {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y, m, d)
            .map(Some)
            .ok_or(Problem::DateFormat),
        _ => Err(Problem::DateFormat),
    }
}

/// The same file as another: why, and which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Duplicate {
    /// A file here has this archive number.
    ArchiveNo(CustomerId),
    /// A file here has this name and phone.
    NameAndPhone(CustomerId),
    /// A row above (by its row number) has the same archive number, or name and phone.
    EarlierRow(usize),
}

/// One row, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The row's number in the spreadsheet (the heading is row 1).
    pub row: usize,
    pub draft: CustomerDraft,
    pub errors: Vec<FieldError>,
    pub duplicate: Option<Duplicate>,
    /// A total row (合计, 小计, Total…), not checked as a customer ([`totals`]).
    pub total: Option<Total>,
}

impl Outcome {
    /// Whether the row will be imported.
    pub fn accepted(&self) -> bool {
        self.errors.is_empty() && self.duplicate.is_none() && self.total.is_none()
    }

    /// Whether the row is left out for a problem someone should look at (an error, or a
    /// total word on a row with a phone), rather than as a duplicate or a total.
    pub fn has_problem(&self) -> bool {
        !self.errors.is_empty() || self.total == Some(Total::Doubtful)
    }
}

/// How many rows of an import go in, and why the others stay out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub accepted: usize,
    pub problems: usize,
    pub duplicates: usize,
    pub totals: usize,
}

/// The rows of `outcomes` counted by what becomes of them; each row counts once.
pub fn counts(outcomes: &[Outcome]) -> Counts {
    let mut n = Counts::default();
    for o in outcomes {
        if o.accepted() {
            n.accepted += 1;
        } else if o.has_problem() {
            n.problems += 1;
        } else if o.total.is_some() {
            n.totals += 1;
        } else {
            n.duplicates += 1;
        }
    }
    n
}

/// The choice a cell names, by its label in either language (case and spaces aside);
/// an empty cell is the default.
fn choice<T: Copy + Default>(cell: &str, all: &[T], label: fn(T) -> Msg) -> Option<T> {
    if cell.is_empty() {
        return Some(T::default());
    }
    let cell = normalize(cell);
    all.iter().copied().find(|x| {
        [Lang::ZhCn, Lang::En]
            .iter()
            .any(|l| normalize(label(*x).text(*l)) == cell)
    })
}

/// Checks every row of `rows` (data rows, the headings left out; the first is row
/// `first_row` of the spreadsheet) filled by `mapping`, against the files here
/// (`existing`) at `today`. Blank rows are skipped; total rows are kept out, marked
/// as such.
pub fn check(
    rows: &[Vec<String>],
    mapping: &[Option<Target>],
    existing: &[CatalogueEntry],
    today: NaiveDate,
    first_row: usize,
) -> Vec<Outcome> {
    let key = |name: &str, phone: &str| format!("{}\n{}", normalize(name), normalize(phone));
    let by_number: HashMap<String, &CatalogueEntry> = existing
        .iter()
        .map(|e| (normalize(&e.archive_no), e))
        .collect();
    let by_name_phone: HashMap<String, &CatalogueEntry> = existing
        .iter()
        .filter(|e| !e.sealed)
        .map(|e| (key(&e.name, &e.phone), e))
        .collect();
    let mut seen_numbers: HashMap<String, usize> = HashMap::new();
    let mut seen_names: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, cells) in rows.iter().enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row = i + first_row;
        if let Some(total) = totals::verdict(cells, mapping) {
            out.push(Outcome {
                row,
                draft: CustomerDraft::default(),
                errors: Vec::new(),
                duplicate: None,
                total: Some(total),
            });
            continue;
        }
        let mut draft = CustomerDraft::default();
        let mut errors = Vec::new();
        let mut contact = Contact::default();
        for (cell, target) in cells.iter().zip(mapping) {
            let Some(target) = target else { continue };
            let v = cell.trim().to_owned();
            let c = &mut draft.customer;
            let mut date = |field: Field, to: &mut Option<NaiveDate>| match parse_date(&v) {
                Ok(d) => *to = d,
                Err(problem) => errors.push(FieldError { field, problem }),
            };
            match target {
                Target::ArchiveNo => c.archive_no = v,
                Target::Name => c.basic.name = v,
                Target::Phone => c.basic.phone = v,
                Target::Status => match choice(&v, &STATUSES, labels::status) {
                    Some(s) => c.status = s,
                    None => errors.push(FieldError {
                        field: Field::Status,
                        problem: Problem::NotAChoice,
                    }),
                },
                Target::Secret => match choice(&v, &SECRET_LEVELS, labels::secret) {
                    Some(s) => c.secret = s,
                    None => errors.push(FieldError {
                        field: Field::Secret,
                        problem: Problem::NotAChoice,
                    }),
                },
                Target::Importance => match choice(&v, &IMPORTANCES, labels::importance) {
                    Some(s) => c.importance = s,
                    None => errors.push(FieldError {
                        field: Field::Importance,
                        problem: Problem::NotAChoice,
                    }),
                },
                Target::Grade => match v.to_ascii_uppercase().as_str() {
                    "" => c.credit = None,
                    g @ ("A" | "B" | "C") => {
                        c.credit = Some(CreditAssignment {
                            grade: match g {
                                "A" => CreditGrade::A,
                                "B" => CreditGrade::B,
                                _ => CreditGrade::C,
                            },
                            by: String::new(),
                            at: chrono::DateTime::default(),
                            reason: String::new(),
                        })
                    }
                    _ => errors.push(FieldError {
                        field: Field::Grade,
                        problem: Problem::NotAChoice,
                    }),
                },
                Target::LegalRep => c.basic.legal_rep = v,
                Target::Owner => c.basic.owner = v,
                Target::Operator => c.basic.operator = v,
                Target::Manager => c.basic.manager = v,
                Target::KeyPeople => c.basic.key_people_notes = v,
                Target::Founded => date(Field::Founded, &mut c.basic.founded),
                Target::Industry => c.basic.industry = v,
                Target::Capital => draft.registered_capital = v,
                Target::Employees => draft.employees = v,
                Target::Province => c.address.province = v,
                Target::City => c.address.city = v,
                Target::District => c.address.district = v,
                Target::Address => c.address.detail = v,
                Target::BusinessType => c.address.business_type = v,
                Target::BestVisitTime => c.address.best_visit_time = v,
                Target::ContactName => contact.name = v,
                Target::ContactTitle => contact.title = v,
                Target::ContactPhones => {
                    contact.phones = v
                        .split([';', '；', '/', '、'])
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect();
                }
                Target::ContactEmail => contact.email = v,
                Target::TradingSince => date(Field::TradingSince, &mut c.business.trading_since),
                Target::Balance => draft.outstanding_balance = v,
                Target::CreditStatus => c.trading.credit_status = v,
                Target::TradeTerms => c.trading.trade_terms = v,
                Target::Relation => {
                    match choice(&v, &Relation::ALL, labels::relation).or(match v.as_str() {
                        "直接" => Some(Relation::Direct),
                        "间接" => Some(Relation::Indirect),
                        _ => None,
                    }) {
                        Some(r) => c.dealings.relation = r,
                        None => errors.push(FieldError {
                            field: Field::Relation,
                            problem: Problem::NotAChoice,
                        }),
                    }
                }
                Target::Nature => c.dealings.nature = v,
                Target::MainBusiness => c.dealings.main_business = v,
                Target::CreditLimit => draft.credit_limit = v,
            }
        }
        if contact != Contact::default() {
            contact.primary = true;
            draft.customer.contacts.push(contact);
        }
        // The form's rules; a date the form would check was already refused above.
        match validate(&draft, today) {
            Ok(c) => {
                let mut checked = CustomerDraft::of(&c);
                checked.customer.archive_no = draft.customer.archive_no.clone();
                draft = checked;
            }
            Err(more) => errors.extend(more),
        }
        let c = &draft.customer;
        let number = normalize(&c.archive_no);
        let phone = c
            .primary_contact()
            .and_then(|p| p.phones.first().cloned())
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| c.basic.phone.clone());
        let name_phone = key(&c.basic.name, &phone);
        let duplicate = if !number.is_empty() && by_number.contains_key(&number) {
            Some(Duplicate::ArchiveNo(by_number[&number].id.clone()))
        } else if let Some(e) = by_name_phone.get(&name_phone) {
            Some(Duplicate::NameAndPhone(e.id.clone()))
        } else if let Some(r) = (!number.is_empty())
            .then(|| seen_numbers.get(&number))
            .flatten()
        {
            Some(Duplicate::EarlierRow(*r))
        } else {
            seen_names
                .get(&name_phone)
                .map(|r| Duplicate::EarlierRow(*r))
        };
        if !number.is_empty() {
            seen_numbers.entry(number).or_insert(row);
        }
        seen_names.entry(name_phone).or_insert(row);
        out.push(Outcome {
            row,
            draft,
            errors,
            duplicate,
            total: None,
        });
    }
    out
}

/// The accepted rows of spreadsheet `file` as new files with their "created" history
/// entries, ready to be written in one go. Files without an archive number get one when
/// written. The history says which row each file came from as the app's own sentence,
/// read in each reader's language; a grade's reason is a field of the file that people
/// type, so the same sentence goes there as text, in `lang`.
pub fn prepare(
    outcomes: &[Outcome],
    by: &str,
    file: &str,
    lang: Lang,
    now: chrono::DateTime<chrono::Utc>,
    mut new_id: impl FnMut() -> String,
) -> Vec<(
    crate::core::customer::model::Customer,
    crate::core::customer::history::HistoryEntry,
)> {
    use crate::core::customer::history::{ChangeKind, HistoryEntry};
    outcomes
        .iter()
        .filter(|o| o.accepted())
        .map(|o| {
            let mut c = o.draft.customer.clone();
            c.id = new_id();
            c.revision = 1;
            c.created_at = now;
            c.updated_at = now;
            c.sync = Default::default();
            let reason = AppText::ImportReason {
                file: file.to_owned(),
                row: o.row,
            };
            if let Some(grade) = &mut c.credit {
                grade.by = by.to_owned();
                grade.at = now;
                grade.reason = reason.text(lang);
            }
            let history = HistoryEntry {
                id: new_id(),
                customer_id: c.id.clone(),
                at: now,
                by: by.to_owned(),
                reason: reason.into(),
                kind: ChangeKind::Created,
                revision: 1,
                changes: Vec::new(),
            };
            (c, history)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::customer::model::Customer;

    fn s(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn headings_are_recognised_in_either_language_and_in_people_s_words() {
        let headers = s(&[
            "客户名称",
            "联系人",
            "手机",
            "Detailed address",
            "备注",
            "公司名称",
            "成立日期",
        ]);
        assert_eq!(
            guess(&headers),
            vec![
                Some(Target::Name),
                Some(Target::ContactName),
                Some(Target::ContactPhones),
                Some(Target::Address),
                None,
                None,
                Some(Target::Founded),
            ],
            "a second name column is left for the user to map"
        );
    }

    #[test]
    fn dates_are_read_as_spreadsheets_write_them() {
        let d = NaiveDate::from_ymd_opt(2003, 4, 1);
        for text in [
            "2003-04-01",
            "2003/4/1",
            "2003.4.1",
            "2003年4月1日",
            "20030401",
        ] {
            assert_eq!(parse_date(text), Ok(d), "{text}");
        }
        assert_eq!(parse_date(" "), Ok(None));
        assert_eq!(parse_date("去年春天"), Err(Problem::DateFormat));
        assert_eq!(parse_date("2003-02-30"), Err(Problem::DateFormat));
    }

    #[test]
    fn rows_are_checked_with_their_numbers_and_duplicates_found() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut here = Customer {
            id: "c1".into(),
            archive_no: "R07-2026-00001".into(),
            ..Default::default()
        };
        here.basic.name = "江门安信电器".into();
        here.basic.phone = "0750-1234567".into();
        let existing = vec![CatalogueEntry::of(&here)];
        let headers = s(&[
            "档案编号",
            "客户名称",
            "电话",
            "成立日期",
            "注册资本（元）",
            "联系人",
            "手机",
        ]);
        let mapping = guess(&headers);
        let rows = vec![
            s(&[
                "",
                "佛山南海陶瓷",
                "0757-86001234",
                "2001/5/8",
                "500万",
                "李四",
                "13800001111；13900002222",
            ]),
            s(&["", "", "", "", "", "", ""]),
            s(&["", "", "0757-1", "明年", "很多", "", ""]),
            s(&["R07-2026-00001", "别的名字", "", "", "", "", ""]),
            s(&["", "江门安信电器", "0750 1234567", "", "", "", ""]),
            s(&["", "佛山南海陶瓷", "", "", "", "李四", "13800001111"]),
        ];
        let out = check(&rows, &mapping, &existing, today, 2);
        let rows_seen: Vec<usize> = out.iter().map(|o| o.row).collect();
        assert_eq!(rows_seen, [2, 4, 5, 6, 7], "the blank row 3 is skipped");

        let first = &out[0];
        assert!(first.accepted(), "{:?}", first.errors);
        let c = &first.draft.customer;
        assert_eq!(c.basic.founded, NaiveDate::from_ymd_opt(2001, 5, 8));
        assert_eq!(
            c.basic.registered_capital.map(|m| m.0),
            Some(5_000_000 * 100)
        );
        assert_eq!(c.contacts[0].phones, ["13800001111", "13900002222"]);

        let bad: Vec<(Field, Problem)> =
            out[1].errors.iter().map(|e| (e.field, e.problem)).collect();
        assert!(
            bad.contains(&(Field::Founded, Problem::DateFormat)),
            "{bad:?}"
        );
        assert!(bad.contains(&(Field::Name, Problem::Required)), "{bad:?}");
        assert!(
            bad.contains(&(Field::RegisteredCapital, Problem::NotANumber)),
            "{bad:?}"
        );

        assert_eq!(out[2].duplicate, Some(Duplicate::ArchiveNo("c1".into())));
        assert_eq!(
            out[3].duplicate,
            Some(Duplicate::NameAndPhone("c1".into())),
            "phones compare without spaces"
        );
        assert_eq!(out[4].duplicate, Some(Duplicate::EarlierRow(2)));
        assert_eq!(out.iter().filter(|o| o.accepted()).count(), 1);
    }

    #[test]
    fn status_secret_level_importance_and_grade_are_read_by_their_labels_in_either_language() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let headers = s(&[
            "客户名称",
            "状态",
            "秘级",
            "Importance",
            "信用等级",
            "经营者",
        ]);
        let mapping = guess(&headers);
        assert_eq!(
            mapping,
            [
                Some(Target::Name),
                Some(Target::Status),
                Some(Target::Secret),
                Some(Target::Importance),
                Some(Target::Grade),
                Some(Target::Operator),
            ]
        );
        let rows = vec![
            s(&["甲", "休眠", "Secret", "重要", "b", "王五"]),
            s(&["乙", "", "", "", "", ""]),
            s(&["丙", "很好", "机密", "Ordinary", "D", ""]),
        ];
        let out = check(&rows, &mapping, &[], today, 5);
        assert_eq!(out.iter().map(|o| o.row).collect::<Vec<_>>(), [5, 6, 7]);
        let a = &out[0].draft.customer;
        assert!(out[0].accepted(), "{:?}", out[0].errors);
        assert_eq!(
            (a.status, a.secret, a.importance, a.basic.operator.as_str()),
            (
                Status::Dormant,
                SecretLevel::Secret,
                Importance::Important,
                "王五"
            )
        );
        assert_eq!(a.credit.as_ref().map(|g| g.grade), Some(CreditGrade::B));
        let b = &out[1].draft.customer;
        assert_eq!(
            (b.status, b.secret, b.importance, b.credit.is_none()),
            (
                Status::Active,
                SecretLevel::None,
                Importance::Ordinary,
                true
            ),
            "empty cells are the form's defaults"
        );
        let bad: Vec<(Field, Problem)> =
            out[2].errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            bad,
            [
                (Field::Status, Problem::NotAChoice),
                (Field::Grade, Problem::NotAChoice)
            ]
        );

        // The grade is set by whoever imports, when, with the row it came from.
        let now = today.and_hms_opt(9, 30, 0).unwrap().and_utc();
        let mut n = 0;
        let files = prepare(&out, "张三 (R07)", "名单.xlsx", Lang::En, now, || {
            n += 1;
            n.to_string()
        });
        let graded = files[0].0.credit.clone().unwrap();
        assert_eq!(
            (graded.by.as_str(), graded.at, graded.reason.as_str()),
            ("张三 (R07)", now, "Imported from 名单.xlsx, row 5")
        );
        // The history says the same in whichever language it is read.
        let history = &files[0].1.reason;
        assert_eq!(history.text(Lang::En), "Imported from 名单.xlsx, row 5");
        assert_eq!(history.text(Lang::ZhCn), "从 名单.xlsx 第 5 行导入");
    }

    #[test]
    fn direct_or_indirect_nature_business_and_credit_limit_are_read_in_people_s_words() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let headers = s(&["客户名称", "客户类别", "企业性质", "主营", "信用额度"]);
        let mapping = guess(&headers);
        assert_eq!(
            mapping,
            [
                Some(Target::Name),
                Some(Target::Relation),
                Some(Target::Nature),
                Some(Target::MainBusiness),
                Some(Target::CreditLimit),
            ]
        );
        let rows = vec![
            s(&["甲", "直接客户", "民营企业", "五金", "50万"]),
            s(&["乙", "间接", "", "", ""]),
            s(&["丙", "Indirect customer", "", "", ""]),
            s(&["丁", "代理", "", "", "很多"]),
        ];
        let out = check(&rows, &mapping, &[], today, 2);
        use crate::core::customer::money::Money;
        let got: Vec<(Relation, Option<Money>)> = out[..3]
            .iter()
            .map(|o| {
                let v = validate(&o.draft, today).unwrap();
                (v.dealings.relation, v.dealings.credit_limit)
            })
            .collect();
        assert_eq!(
            got,
            [
                (Relation::Direct, Some(Money::from_yuan(500_000))),
                (Relation::Indirect, None),
                (Relation::Indirect, None),
            ]
        );
        assert_eq!(out[0].draft.customer.dealings.nature, "民营企业");
        let bad: Vec<(Field, Problem)> =
            out[3].errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            bad,
            [
                (Field::Relation, Problem::NotAChoice),
                (Field::CreditLimit, Problem::NotANumber)
            ]
        );
    }

    #[test]
    fn a_phone_starting_with_plus_comes_back_unchanged_through_csv_export_and_import() {
        use crate::core::i18n::Lang;
        use crate::core::interchange::customers;
        use crate::core::table::Table;

        let mut c = Customer::default();
        c.basic.name = "=江门安信电器".into();
        c.basic.phone = "+86 138 0000 0000".into();
        c.contacts = vec![Contact {
            name: "陈立".into(),
            phones: vec!["+86 139 0000 1111".into()],
            ..Default::default()
        }];
        let zh = |m: Msg| m.text(Lang::ZhCn).to_owned();
        let csv = customers(std::slice::from_ref(&c), &zh).to_csv();
        let text = String::from_utf8(csv).unwrap();
        assert!(
            text.contains(",'+86 138 0000 0000,") && text.contains(",'=江门安信电器,"),
            "written as text for spreadsheets: {text}"
        );

        let (table, heading) = Table::from_csv(&text).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let out = check(&table.rows, &guess(&table.headers), &[], today, heading + 1);
        assert!(out[0].accepted(), "{:?}", out[0].errors);
        let back = &out[0].draft.customer;
        assert_eq!(back.basic.name, "=江门安信电器");
        assert_eq!(back.basic.phone, "+86 138 0000 0000");
        assert_eq!(back.contacts[0].phones, ["+86 139 0000 1111"]);
    }
}
