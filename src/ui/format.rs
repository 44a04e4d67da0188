//! Dates and amounts as every page shows them.

use chrono::{DateTime, Local, NaiveDate, Utc};

use crate::core::customer::money::Money;

/// `2026-11-22`, or nothing.
pub fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// `500,000`, or nothing.
pub fn money(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_default()
}

/// The rep's date of an instant.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Local).date_naive()
}
