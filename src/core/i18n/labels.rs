//! The [`Msg`] that names each value of the domain's enumerations, and each field of a
//! customer file as change history shows it.

use super::Msg;
use crate::core::customer::grade::WatchReason;
use crate::core::customer::model::{
    Importance, OrgForm, PreferenceKind, Relation, SecretLevel, Status,
};
use crate::core::customer::validate::Problem;

pub fn status(s: Status) -> Msg {
    match s {
        Status::Active => Msg::StatusActive,
        Status::Dormant => Msg::StatusDormant,
        Status::Closed => Msg::StatusClosed,
    }
}

pub fn secret(s: SecretLevel) -> Msg {
    match s {
        SecretLevel::None => Msg::SecretNone,
        SecretLevel::Secret => Msg::SecretSecret,
        SecretLevel::Confidential => Msg::SecretConfidential,
        SecretLevel::TopSecret => Msg::SecretTopSecret,
    }
}

pub fn importance(i: Importance) -> Msg {
    match i {
        Importance::Important => Msg::ImportanceImportant,
        Importance::Ordinary => Msg::ImportanceOrdinary,
        Importance::Unimportant => Msg::ImportanceUnimportant,
    }
}

pub fn org_form(o: OrgForm) -> Msg {
    match o {
        OrgForm::Unknown => Msg::OrgUnknown,
        OrgForm::Company => Msg::OrgCompany,
        OrgForm::StateOwned => Msg::OrgStateOwned,
        OrgForm::Partnership => Msg::OrgPartnership,
        OrgForm::SoleProprietor => Msg::OrgSoleProprietor,
        OrgForm::Other => Msg::OrgOther,
    }
}

pub fn relation(r: Relation) -> Msg {
    match r {
        Relation::Unknown => Msg::RelationUnknown,
        Relation::Direct => Msg::RelationDirect,
        Relation::Indirect => Msg::RelationIndirect,
    }
}

pub fn preference(k: PreferenceKind) -> Msg {
    match k {
        PreferenceKind::Birthday => Msg::PrefBirthday,
        PreferenceKind::Anniversary => Msg::PrefAnniversary,
        PreferenceKind::Drink => Msg::PrefDrink,
        PreferenceKind::Food => Msg::PrefFood,
        PreferenceKind::TeaOrCoffee => Msg::PrefTeaOrCoffee,
        PreferenceKind::Allergy => Msg::PrefAllergy,
        PreferenceKind::Diet => Msg::PrefDiet,
        PreferenceKind::Likes => Msg::PrefLikes,
        PreferenceKind::Dislikes => Msg::PrefDislikes,
        PreferenceKind::Smoking => Msg::PrefSmoking,
        PreferenceKind::Language => Msg::PrefLanguage,
        PreferenceKind::PreviousComplaint => Msg::PrefPreviousComplaint,
        PreferenceKind::SpecialRequest => Msg::PrefSpecialRequest,
        PreferenceKind::Other => Msg::PrefOther,
    }
}

pub fn watch_reason(r: WatchReason) -> Msg {
    match r {
        WatchReason::NotAssigned => Msg::WatchNotAssigned,
        WatchReason::NewCustomer => Msg::WatchNewCustomer,
        WatchReason::Wholesaler => Msg::WatchWholesaler,
        WatchReason::SmallFirm => Msg::WatchSmallFirm,
        WatchReason::BadRecord => Msg::WatchBadRecord,
        WatchReason::LargeBalance => Msg::WatchLargeBalance,
        WatchReason::BalanceLargeForSize => Msg::WatchBalanceForSize,
    }
}

pub fn problem(p: Problem) -> Msg {
    match p {
        Problem::Required => Msg::ErrRequired,
        Problem::PhoneFormat => Msg::ErrPhone,
        Problem::EmailFormat => Msg::ErrEmail,
        Problem::DateInFuture => Msg::ErrFuture,
        Problem::DateTooEarly => Msg::ErrTooEarly,
        Problem::NotANumber => Msg::ErrNumber,
        Problem::Negative => Msg::ErrNegative,
        Problem::TooLarge => Msg::ErrTooLarge,
        Problem::BeforeVisit => Msg::ErrBeforeVisit,
        Problem::DateFormat => Msg::ErrDateFormat,
        Problem::NotAChoice => Msg::ErrNotAChoice,
    }
}

/// A field of a customer file as history names it (`basic.phone`, `contacts.1.name`).
/// List items come back as the item's label plus its 1-based number, e.g.
/// (`FieldContactN`, 2, `FieldContactName`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldLabel {
    Plain(Msg),
    Item(Msg, usize, Msg),
}

pub fn field(path: &str) -> Option<FieldLabel> {
    let parts: Vec<&str> = path.split('.').collect();
    let leaf = |section: &str, name: &str| -> Option<Msg> {
        Some(match (section, name) {
            ("status", _) => Msg::StatusLabel,
            ("secret", _) => Msg::SecretLabel,
            ("importance", _) => Msg::ImportanceLabel,
            ("assigned_to", _) => Msg::FieldAssignedTo,
            ("reviews", _) => Msg::FieldReview,
            ("closure", _) => Msg::FieldClosure,
            ("emergency", _) => Msg::FieldEmergency,
            ("credit", "grade") => Msg::GradeLabel,
            ("credit", "reason") => Msg::FieldGradeReason,
            ("credit", _) => Msg::GradeLabel,
            ("basic", "name") => Msg::FieldName,
            ("basic", "phone") => Msg::FieldPhone,
            ("basic", "owner") => Msg::FieldOwner,
            ("basic", "operator") => Msg::FieldOperator,
            ("basic", "manager") => Msg::FieldManager,
            ("basic", "legal_rep") => Msg::FieldLegalRep,
            ("basic", "key_people_notes") => Msg::FieldKeyPeople,
            ("basic", "founded") => Msg::FieldFounded,
            ("basic", "org_form") => Msg::OrgFormLabel,
            ("basic", "industry") => Msg::FieldIndustry,
            ("basic", "registered_capital") => Msg::FieldCapital,
            ("basic", "employees") => Msg::FieldEmployees,
            ("traits", "service_area") => Msg::FieldServiceArea,
            ("traits", "sales_capacity") => Msg::FieldSalesCapacity,
            ("traits", "development_potential") => Msg::FieldPotential,
            ("traits", "philosophy") => Msg::FieldPhilosophy,
            ("traits", "policy") => Msg::FieldPolicy,
            ("traits", "scale") => Msg::FieldScale,
            ("traits", "business_traits") => Msg::FieldBusinessTraits,
            ("business", "sales_performance") => Msg::FieldSalesPerformance,
            ("business", "staff_quality") => Msg::FieldStaffQuality,
            ("business", "competitors") => Msg::FieldCompetitors,
            ("business", "trading_since") => Msg::FieldTradingSince,
            ("business", "cooperation") => Msg::FieldCooperation,
            ("business", "wholesaler") => Msg::FieldWholesaler,
            ("trading", "current_activity") => Msg::FieldCurrentActivity,
            ("trading", "open_problems") => Msg::FieldOpenProblems,
            ("trading", "strengths") => Msg::FieldStrengths,
            ("trading", "future_plans") => Msg::FieldFuturePlans,
            ("trading", "reputation") => Msg::FieldReputation,
            ("trading", "credit_status") => Msg::FieldCreditStatus,
            ("trading", "trade_terms") => Msg::FieldTradeTerms,
            ("trading", "credit_problems") => Msg::FieldCreditProblems,
            ("trading", "outstanding_balance") => Msg::FieldBalance,
            ("trading", "volume_large_for_size") => Msg::FieldVolumeLarge,
            ("trading", "bad_record") => Msg::FieldBadRecord,
            ("dealings", "relation") => Msg::FieldRelation,
            ("dealings", "main_business") => Msg::FieldMainBusiness,
            ("dealings", "nature") => Msg::FieldNature,
            ("dealings", "scope") => Msg::FieldScope,
            ("dealings", "main_purchases") => Msg::FieldMainPurchases,
            ("dealings", "purchase_amount") => Msg::FieldPurchaseAmount,
            ("dealings", "credit_limit") => Msg::FieldCreditLimit,
            ("dealings", "bad_debts") => Msg::FieldBadDebts,
            ("dealings", "confidential_service") => Msg::FieldConfidentialService,
            ("dealings", "confidential_matters") => Msg::FieldConfidentialMatters,
            ("sales", _) => Msg::FieldSales,
            ("address", "province") => Msg::FieldProvince,
            ("address", "city") => Msg::FieldCity,
            ("address", "district") => Msg::FieldDistrict,
            ("address", "detail") => Msg::FieldAddress,
            ("address", "business_type") => Msg::FieldBusinessType,
            ("address", "owner_address") => Msg::FieldOwnerAddress,
            ("address", "best_visit_time") => Msg::FieldBestVisitTime,
            ("contacts", "name") => Msg::FieldContactName,
            ("contacts", "title") => Msg::FieldContactTitle,
            ("contacts", "phones") => Msg::FieldContactPhones,
            ("contacts", "email") => Msg::FieldContactEmail,
            ("contacts", "birthday") => Msg::FieldContactBirthday,
            ("contacts", "anniversary") => Msg::FieldContactAnniversary,
            ("contacts", "notes") => Msg::FieldContactNotes,
            ("contacts", "primary") => Msg::FieldPrimaryContact,
            ("preferences", "kind") => Msg::FieldPreferenceLabel,
            ("preferences", "label") => Msg::FieldPreferenceLabel,
            ("preferences", "value") => Msg::FieldPreferenceValue,
            _ => return None,
        })
    };
    match parts.as_slice() {
        [list @ ("contacts" | "preferences"), n, name, ..] => {
            let number = n.parse::<usize>().ok()? + 1;
            let item = if *list == "contacts" {
                Msg::FieldContactN
            } else {
                Msg::FieldPreferenceN
            };
            Some(FieldLabel::Item(item, number, leaf(list, name)?))
        }
        [section, name, ..] => leaf(section, name).map(FieldLabel::Plain),
        [section] => leaf(section, "").map(FieldLabel::Plain),
        [] => None,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::core::customer::generate;
    use crate::core::customer::history::diff;
    use crate::core::customer::model::Customer;

    #[test]
    fn every_field_of_a_full_file_has_a_label_in_history() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap();
        // Generated files fill every kind of field; diffing against an empty file lists them.
        for customer in generate::customers(40, 3, "R07", now) {
            for change in diff(&Customer::default(), &customer) {
                assert!(
                    field(&change.path).is_some(),
                    "no label for {}",
                    change.path
                );
            }
        }
        let mut every = Customer::default();
        every.basic.key_people_notes = "x".into();
        every.traits.policy = "x".into();
        every.trading.credit_problems = "x".into();
        every.address.owner_address = "x".into();
        every.dealings.relation = crate::core::customer::model::Relation::Indirect;
        every.dealings.main_business = "x".into();
        every.dealings.nature = "x".into();
        every.dealings.scope = "x".into();
        every.dealings.main_purchases = "x".into();
        every.dealings.purchase_amount = Some(crate::core::customer::money::Money(1));
        every.dealings.credit_limit = Some(crate::core::customer::money::Money(1));
        every.dealings.bad_debts = Some(crate::core::customer::money::Money(1));
        every.dealings.confidential_service = true;
        every.dealings.confidential_matters = "x".into();
        every
            .sales
            .insert("2026-11".into(), crate::core::customer::money::Money(1));
        every.contacts.push(crate::core::customer::model::Contact {
            name: "x".into(),
            anniversary: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
            ..Default::default()
        });
        for change in diff(&Customer::default(), &every) {
            assert!(
                field(&change.path).is_some(),
                "no label for {}",
                change.path
            );
        }
    }

    #[test]
    fn list_items_are_numbered_from_one() {
        assert_eq!(
            field("contacts.1.phones.0"),
            Some(FieldLabel::Item(
                Msg::FieldContactN,
                2,
                Msg::FieldContactPhones
            ))
        );
        assert_eq!(
            field("basic.phone"),
            Some(FieldLabel::Plain(Msg::FieldPhone))
        );
        assert_eq!(field("nonsense.path"), None);
    }
}
