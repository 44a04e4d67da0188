//! The credit grade (信用等级) rules of the customer-information regulations (seed 002).
//!
//! A and B are assigned by the sales manager; everything not assigned is C. Some facts
//! hold a customer at C whatever was assigned ("customers to watch"): every new customer
//! for its first year, intermediate wholesalers, firms of 20 employees or fewer and sole
//! shops, a bad record; and for non-A firms, owing 500,000 or more, or 200,000 or more
//! when their volume with us is large for their size.

use chrono::{DateTime, Months, Utc};

use super::model::{CreditGrade, Customer, OrgForm};
use super::money::Money;

/// Why a customer is graded C.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WatchReason {
    NotAssigned,
    NewCustomer,
    Wholesaler,
    SmallFirm,
    BadRecord,
    LargeBalance,
    BalanceLargeForSize,
}

/// The effective grade and, when it is C, every reason for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradeAssessment {
    pub grade: CreditGrade,
    pub reasons: Vec<WatchReason>,
    /// The manager assigned a better grade than the rules allow.
    pub held_down: bool,
}

const LARGE_BALANCE: Money = Money(500_000 * 100);
const BALANCE_FOR_SIZE: Money = Money(200_000 * 100);
const SMALL_FIRM_EMPLOYEES: u32 = 20;

/// When a customer stops being new: a year after they started trading with us, else a
/// year after the file was created.
pub fn first_year_end(customer: &Customer) -> DateTime<Utc> {
    let since = customer
        .business
        .trading_since
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .unwrap_or(customer.created_at);
    since
        .checked_add_months(Months::new(12))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Every new customer is C for its first year (see [`first_year_end`]).
pub fn is_new_customer(customer: &Customer, now: DateTime<Utc>) -> bool {
    now < first_year_end(customer)
}

/// Applies the rules to a customer at `now`.
pub fn assess(customer: &Customer, now: DateTime<Utc>) -> GradeAssessment {
    let assigned = customer.credit.as_ref().map(|a| a.grade);
    let mut reasons = Vec::new();
    if assigned.is_none() {
        reasons.push(WatchReason::NotAssigned);
    }
    if is_new_customer(customer, now) {
        reasons.push(WatchReason::NewCustomer);
    }
    if customer.business.wholesaler {
        reasons.push(WatchReason::Wholesaler);
    }
    let small = customer
        .basic
        .employees
        .is_some_and(|n| n <= SMALL_FIRM_EMPLOYEES)
        || customer.basic.org_form == OrgForm::SoleProprietor;
    if small {
        reasons.push(WatchReason::SmallFirm);
    }
    if customer.trading.bad_record {
        reasons.push(WatchReason::BadRecord);
    }
    if assigned != Some(CreditGrade::A) {
        let owed = customer.trading.outstanding_balance.unwrap_or_default();
        if owed >= LARGE_BALANCE {
            reasons.push(WatchReason::LargeBalance);
        } else if owed >= BALANCE_FOR_SIZE && customer.trading.volume_large_for_size {
            reasons.push(WatchReason::BalanceLargeForSize);
        }
    }
    let grade = if reasons.is_empty() {
        assigned.unwrap_or(CreditGrade::C)
    } else {
        CreditGrade::C
    };
    let held_down = assigned.is_some_and(|a| a < grade);
    GradeAssessment {
        grade,
        reasons,
        held_down,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone};

    use super::*;
    use crate::core::customer::model::CreditAssignment;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
    }

    /// An established customer (trading since 2020) with the given assignment.
    fn established(grade: Option<CreditGrade>) -> Customer {
        let mut c = Customer {
            created_at: Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap(),
            ..Default::default()
        };
        c.business.trading_since = NaiveDate::from_ymd_opt(2020, 1, 1);
        c.basic.employees = Some(300);
        c.credit = grade.map(|grade| CreditAssignment {
            grade,
            by: "王经理".into(),
            at: now(),
            reason: String::new(),
        });
        c
    }

    #[test]
    fn unassigned_customers_are_c() {
        let a = assess(&established(None), now());
        assert_eq!(a.grade, CreditGrade::C);
        assert_eq!(a.reasons, vec![WatchReason::NotAssigned]);
        assert!(!a.held_down);
    }

    #[test]
    fn assigned_grades_stand_when_no_rule_objects() {
        assert_eq!(
            assess(&established(Some(CreditGrade::A)), now()).grade,
            CreditGrade::A
        );
        assert_eq!(
            assess(&established(Some(CreditGrade::B)), now()).grade,
            CreditGrade::B
        );
    }

    #[test]
    fn every_new_customer_is_c_for_its_first_year_whatever_its_size() {
        let mut c = established(Some(CreditGrade::A));
        c.business.trading_since = NaiveDate::from_ymd_opt(2026, 1, 10);
        let a = assess(&c, now());
        assert_eq!((a.grade, a.held_down), (CreditGrade::C, true));
        assert_eq!(a.reasons, vec![WatchReason::NewCustomer]);
        // One year on, the assignment takes effect.
        let later = Utc.with_ymd_and_hms(2027, 1, 10, 0, 0, 0).unwrap();
        assert_eq!(assess(&c, later).grade, CreditGrade::A);
        // Without a trading date the file's creation counts.
        c.business.trading_since = None;
        c.created_at = Utc.with_ymd_and_hms(2026, 6, 30, 0, 0, 0).unwrap();
        assert_eq!(assess(&c, now()).reasons, vec![WatchReason::NewCustomer]);
    }

    #[test]
    fn large_balances_hold_non_a_firms_at_c() {
        let mut b = established(Some(CreditGrade::B));
        b.trading.outstanding_balance = Some(Money::from_yuan(500_000));
        assert_eq!(assess(&b, now()).reasons, vec![WatchReason::LargeBalance]);
        b.trading.outstanding_balance = Some(Money::from_yuan(499_999));
        assert_eq!(assess(&b, now()).grade, CreditGrade::B);

        let mut a = established(Some(CreditGrade::A));
        a.trading.outstanding_balance = Some(Money::from_yuan(2_000_000));
        assert_eq!(
            assess(&a, now()).grade,
            CreditGrade::A,
            "the balance rule is for non-A firms"
        );
    }

    #[test]
    fn a_balance_large_for_the_firm_counts_from_200000() {
        let mut b = established(Some(CreditGrade::B));
        b.trading.outstanding_balance = Some(Money::from_yuan(250_000));
        assert_eq!(assess(&b, now()).grade, CreditGrade::B);
        b.trading.volume_large_for_size = true;
        assert_eq!(
            assess(&b, now()).reasons,
            vec![WatchReason::BalanceLargeForSize]
        );
        b.trading.outstanding_balance = Some(Money::from_yuan(199_999));
        assert_eq!(assess(&b, now()).grade, CreditGrade::B);
    }

    #[test]
    fn small_firms_wholesalers_and_bad_records_are_watched() {
        let mut c = established(Some(CreditGrade::B));
        c.basic.employees = Some(20);
        c.business.wholesaler = true;
        c.trading.bad_record = true;
        let a = assess(&c, now());
        assert_eq!(a.grade, CreditGrade::C);
        assert_eq!(
            a.reasons,
            vec![
                WatchReason::Wholesaler,
                WatchReason::SmallFirm,
                WatchReason::BadRecord
            ]
        );

        let mut shop = established(Some(CreditGrade::B));
        shop.basic.employees = None;
        shop.basic.org_form = OrgForm::SoleProprietor;
        assert_eq!(assess(&shop, now()).reasons, vec![WatchReason::SmallFirm]);
    }
}
