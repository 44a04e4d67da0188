//! A customer file (客户档案) as the regulations describe it: four aspects, contacts, the
//! address card, grades, preferences, secret level and status.
//!
//! Free text stays `String` (reps write prose); what is compared, sorted or computed is
//! typed: dates, money, counts and enums. Every field has a default, so a record
//! written by an older version reads back with the new fields empty.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money::Money;

/// The stable internal identity of a file (a ULID string), never shown to users.
pub type CustomerId = String;

/// One customer file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Customer {
    pub id: CustomerId,
    /// 档案编号, unique across every device, never reused (see `archive_no`).
    pub archive_no: String,
    /// Increases by one at every saved change.
    pub revision: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub status: Status,
    pub secret: SecretLevel,
    pub importance: Importance,
    /// The sales manager's A/B/C assignment; rules may still hold the effective grade at C.
    pub credit: Option<CreditAssignment>,
    pub basic: BasicData,
    pub traits: Characteristics,
    pub business: BusinessStatus,
    pub trading: TradingStatus,
    /// What the 客户信息调查表 and credit control ask beyond the four aspects.
    pub dealings: Dealings,
    /// Sales to the customer by month ("2026-11"), entered by hand or imported: what the
    /// increase/decrease and region reports count. A map, so months entered on two
    /// laptops merge side by side.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub sales: BTreeMap<String, Money>,
    pub contacts: Vec<Contact>,
    pub address: AddressCard,
    pub preferences: Vec<Preference>,
    /// The rep responsible for the file, by rep code; empty: the rep who created it
    /// (whose code begins its archive number). Head office assigns and reassigns.
    pub assigned_to: String,
    /// Reviews (复查) done by the grade's cadence, by id: a map, not a list, so that
    /// reviews recorded on two laptops merge side by side instead of conflicting.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub reviews: BTreeMap<String, Review>,
    /// Set when the account is closed (销户); the status is then `Closed`.
    pub closure: Option<Closure>,
    /// An open emergency report (紧急报告), until it is resolved.
    pub emergency: Option<Emergency>,
    /// The versions of fields edited since creation, for merging with head office's
    /// copy (see `core::sync::merge`).
    #[serde(skip_serializing_if = "crate::core::sync::merge::FieldVersions::is_empty")]
    pub sync: crate::core::sync::merge::FieldVersions,
}

/// 基础资料.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BasicData {
    pub name: String,
    pub phone: String,
    pub owner: String,
    pub operator: String,
    pub manager: String,
    pub legal_rep: String,
    /// Character, interests, hobbies, family, education, age of the key people.
    pub key_people_notes: String,
    pub founded: Option<NaiveDate>,
    pub org_form: OrgForm,
    pub industry: String,
    pub registered_capital: Option<Money>,
    pub employees: Option<u32>,
}

/// 客户特征.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Characteristics {
    pub service_area: String,
    pub sales_capacity: String,
    pub development_potential: String,
    pub philosophy: String,
    pub policy: String,
    pub scale: String,
    pub business_traits: String,
}

/// 业务状况.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessStatus {
    pub sales_performance: String,
    pub staff_quality: String,
    pub competitors: String,
    /// When they started trading with us.
    pub trading_since: Option<NaiveDate>,
    pub cooperation: String,
    /// An intermediate wholesaler (中间批发商): a customer to watch (grade C).
    pub wholesaler: bool,
}

/// 交易现状.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TradingStatus {
    pub current_activity: String,
    pub open_problems: String,
    pub strengths: String,
    pub future_plans: String,
    pub reputation: String,
    pub credit_status: String,
    pub trade_terms: String,
    pub credit_problems: String,
    pub outstanding_balance: Option<Money>,
    /// The rep judges their volume with us large for their size (a C rule above 200,000 owed).
    pub volume_large_for_size: bool,
    /// A bad payment record or bad reputation (grade C).
    pub bad_record: bool,
}

/// 客户信息调查表 (seed 001) and credit control (seed 004): how the customer deals with
/// us, what it buys, the credit it has, and whether it asked for discretion.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dealings {
    /// 直接客户 or 间接客户 (seed 001's increase/decrease report counts them apart).
    pub relation: Relation,
    /// 主营业务.
    pub main_business: String,
    /// 企业性质 (state-owned, private, foreign-invested…), as the survey form words it.
    pub nature: String,
    /// 经营范围.
    pub scope: String,
    /// 主要采购商品 and their yearly amount (金额).
    pub main_purchases: String,
    pub purchase_amount: Option<Money>,
    /// 信用限度 (seed 004 第六节), and bad debts written off (呆坏账, 第十二节).
    pub credit_limit: Option<Money>,
    pub bad_debts: Option<Money>,
    /// 保密服务 (seed 002): the customer asked for discretion; what was agreed.
    pub confidential_service: bool,
    pub confidential_matters: String,
}

/// Whether we sell to the customer directly or through others.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Relation {
    #[default]
    Unknown,
    /// 直接客户.
    Direct,
    /// 间接客户.
    Indirect,
}

impl Relation {
    pub const ALL: [Relation; 3] = [Relation::Unknown, Relation::Direct, Relation::Indirect];

    pub fn is_unknown(&self) -> bool {
        *self == Relation::Unknown
    }
}

/// A person at the customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub title: String,
    pub phones: Vec<String>,
    pub email: String,
    pub birthday: Option<NaiveDate>,
    /// An anniversary to remember them by (周年纪念日, seed 002's 客户关怀).
    pub anniversary: Option<NaiveDate>,
    pub notes: String,
    pub primary: bool,
}

/// 地址分类卡: where the customer is and when to visit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressCard {
    pub province: String,
    pub city: String,
    pub district: String,
    pub detail: String,
    pub business_type: String,
    pub owner_address: String,
    pub best_visit_time: String,
}

impl AddressCard {
    /// The whole address on one line, "province city district detail", without blanks.
    pub fn full(&self) -> String {
        [&self.province, &self.city, &self.district, &self.detail]
            .into_iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The region a list groups and filters by: "province city", without blanks.
    pub fn region(&self) -> String {
        [self.province.as_str(), self.city.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One thing the customer likes, dislikes, asked for or must avoid (客户习性).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preference {
    pub kind: PreferenceKind,
    /// The item's name when `kind` is `Other`.
    pub label: String,
    pub value: String,
}

/// The common preference items of seed 002, offered as quick picks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PreferenceKind {
    Birthday,
    Anniversary,
    Drink,
    Food,
    TeaOrCoffee,
    Allergy,
    Diet,
    Likes,
    Dislikes,
    Smoking,
    Language,
    PreviousComplaint,
    SpecialRequest,
    #[default]
    Other,
}

impl PreferenceKind {
    pub const ALL: [PreferenceKind; 14] = [
        PreferenceKind::Birthday,
        PreferenceKind::Anniversary,
        PreferenceKind::Drink,
        PreferenceKind::Food,
        PreferenceKind::TeaOrCoffee,
        PreferenceKind::Allergy,
        PreferenceKind::Diet,
        PreferenceKind::Likes,
        PreferenceKind::Dislikes,
        PreferenceKind::Smoking,
        PreferenceKind::Language,
        PreferenceKind::PreviousComplaint,
        PreferenceKind::SpecialRequest,
        PreferenceKind::Other,
    ];

    /// Items a rep must not get wrong in front of the customer, shown first.
    pub fn is_caution(self) -> bool {
        matches!(
            self,
            PreferenceKind::Allergy
                | PreferenceKind::Diet
                | PreferenceKind::Dislikes
                | PreferenceKind::PreviousComplaint
        )
    }
}

/// 客户状态.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Status {
    #[default]
    Active,
    Dormant,
    Closed,
}

/// 秘级. Ordered from open to most secret.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum SecretLevel {
    #[default]
    None,
    /// 秘密: ordinary business customers.
    Secret,
    /// 机密: important business customers.
    Confidential,
    /// 绝密: files whose leak directly harms the company.
    TopSecret,
}

impl SecretLevel {
    /// The name serde gives the level, as stored (and indexed) in IndexedDB.
    pub fn stored_name(self) -> &'static str {
        match self {
            SecretLevel::None => "None",
            SecretLevel::Secret => "Secret",
            SecretLevel::Confidential => "Confidential",
            SecretLevel::TopSecret => "TopSecret",
        }
    }

    /// Files at 秘密 and above are sealed in storage: only their catalogue entry's
    /// archive number, secret level and status stay readable without the passphrase.
    pub fn is_sealed(self) -> bool {
        self >= SecretLevel::Secret
    }

    /// No level at all (the default).
    pub fn is_open(&self) -> bool {
        *self == SecretLevel::None
    }

    /// Opening a file at 秘密 or above asks for the purpose and leaves a viewing record
    /// (seed 000 第十一条: whoever views secret-level material records it and signs).
    pub fn needs_purpose(self) -> bool {
        self >= SecretLevel::Secret
    }

    /// At head office, opening a file at 机密 or 绝密 needs a department head, or an
    /// approved viewing request (seed 003, seed 000 第十一条).
    pub fn needs_request(self) -> bool {
        self >= SecretLevel::Confidential
    }
}

/// 等级分类 by importance, so that service differs by grade.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Importance {
    Important,
    #[default]
    Ordinary,
    Unimportant,
}

/// 信用等级.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum CreditGrade {
    A,
    B,
    #[default]
    C,
}

/// A grade set by a person, with who, when and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CreditAssignment {
    pub grade: CreditGrade,
    pub by: String,
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub reason: String,
}

/// One review of the file (复查), as the grade's cadence asks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub at: DateTime<Utc>,
    /// Who reviewed, as "name (rep code)".
    pub by: String,
    /// The effective grade the file had when reviewed.
    pub grade: CreditGrade,
    #[serde(default)]
    pub note: String,
}

/// Why and when an account was closed (销户).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Closure {
    pub date: NaiveDate,
    pub reason: String,
    /// Who closed it, as "name (rep code)".
    pub by: String,
}

/// What an emergency report (紧急报告) is about: the rules ask for these at once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EmergencyKind {
    /// A payment was dishonoured (拒付).
    #[default]
    DishonouredPayment,
    /// The customer asks to postpone a cheque that is likely to bounce.
    ChequePostponement,
}

/// An emergency report about the customer, open until resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Emergency {
    pub kind: EmergencyKind,
    pub at: DateTime<Utc>,
    /// Who reported it, as "name (rep code)".
    pub by: String,
    #[serde(default)]
    pub note: String,
}

/// 组织形式.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgForm {
    #[default]
    Unknown,
    Company,
    StateOwned,
    Partnership,
    /// 个体工商户: a sole shop, a customer to watch.
    SoleProprietor,
    Other,
}

impl Customer {
    /// When the file was last reviewed, if ever.
    pub fn last_review(&self) -> Option<DateTime<Utc>> {
        self.reviews.values().map(|r| r.at).max()
    }

    /// Whole years since trading began (与本企业业务往来时间), if known.
    pub fn years_of_dealing(&self, today: NaiveDate) -> Option<u32> {
        let since = self.business.trading_since?;
        today.years_since(since)
    }

    /// The contact marked primary, else the first.
    pub fn primary_contact(&self) -> Option<&Contact> {
        self.contacts
            .iter()
            .find(|c| c.primary)
            .or_else(|| self.contacts.first())
    }
}
