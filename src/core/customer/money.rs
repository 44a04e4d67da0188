//! Amounts of money in yuan, kept as whole fen (分) so sums are exact.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in CNY, in fen. Never negative in a customer file (validation says so).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// Why a typed amount was not understood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a number")]
    NotANumber,
    #[error("negative")]
    Negative,
    #[error("too large")]
    TooLarge,
}

impl Money {
    pub fn from_yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    /// Reads an amount as people type it: `1234.5`, `1,234.50`, `¥1 234`, `50万`, `1.2亿`.
    /// Blank input is `None`.
    pub fn parse(input: &str) -> Result<Option<Money>, MoneyError> {
        let cleaned: String = input
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}' | '¥' | '￥' | '元'))
            .collect();
        if cleaned.is_empty() {
            return Ok(None);
        }
        let (number, factor) = if let Some(n) = cleaned.strip_suffix('万') {
            (n, 10_000.0)
        } else if let Some(n) = cleaned.strip_suffix('亿') {
            (n, 100_000_000.0)
        } else {
            (cleaned.as_str(), 1.0)
        };
        if number.starts_with('-') {
            return Err(MoneyError::Negative);
        }
        let value: f64 = number.parse().map_err(|_| MoneyError::NotANumber)?;
        if !value.is_finite() {
            return Err(MoneyError::NotANumber);
        }
        let fen = (value * factor * 100.0).round();
        if fen > 1e15 {
            return Err(MoneyError::TooLarge);
        }
        Ok(Some(Money(fen as i64)))
    }

    pub fn yuan(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

impl fmt::Display for Money {
    /// `1,234,567.50`: grouped by thousands, cents only when there are some.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        match abs % 100 {
            0 => write!(f, "{sign}{grouped}"),
            cents => write!(f, "{sign}{grouped}.{cents:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_as_people_type_them() {
        assert_eq!(Money::parse("1234.5"), Ok(Some(Money(123_450))));
        assert_eq!(Money::parse(" 1,234.50 "), Ok(Some(Money(123_450))));
        assert_eq!(Money::parse("￥1 234元"), Ok(Some(Money(123_400))));
        assert_eq!(Money::parse("50万"), Ok(Some(Money::from_yuan(500_000))));
        assert_eq!(
            Money::parse("1.2亿"),
            Ok(Some(Money::from_yuan(120_000_000)))
        );
        assert_eq!(Money::parse(""), Ok(None));
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1e30"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn amounts_display_grouped() {
        assert_eq!(Money::from_yuan(1_234_567).to_string(), "1,234,567");
        assert_eq!(Money(123_450).to_string(), "1,234.50");
        assert_eq!(Money(5).to_string(), "0.05");
        assert_eq!(Money(0).to_string(), "0");
    }
}
