//! Archive numbers (档案编号): `R07-2026-00042`, rep code + year + sequence.
//!
//! Head office gives every rep a distinct code, and each device counts its own sequence
//! per year inside the same transaction that stores the new file, so offline devices
//! never hand out the same number, and a number is never reused, even after closure.
//! A device also moves its counters past every number it learns (a bundle, a backup, a
//! spreadsheet), so a replacement laptop never reissues one head office already holds.

use std::collections::BTreeMap;

/// Rep codes are what head office issues: 1–8 capital letters and digits.
pub fn is_rep_code(code: &str) -> bool {
    (1..=8).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// The archive number for the `seq`-th file of `year` by `rep_code`.
pub fn format(rep_code: &str, year: i32, seq: u32) -> String {
    format!("{rep_code}-{year}-{seq:05}")
}

/// The meta key under which a device keeps the last sequence used in `year`.
pub fn sequence_key(rep_code: &str, year: i32) -> String {
    format!("archive_seq:{rep_code}:{year}")
}

/// The rep code, year and sequence of a number as [`format`] writes it; `None` for
/// anything else (typed differently, another scheme, a sequence of fewer than five
/// digits or beyond what a counter can follow: `u32::MAX` and above).
pub fn parse(number: &str) -> Option<(&str, i32, u32)> {
    let mut parts = number.splitn(3, '-');
    let (rep, year, seq) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !is_rep_code(rep) || !digits(year) || !digits(seq) {
        return None;
    }
    // Digits only, so these fail on overflow alone.
    let year: i32 = year.parse().ok()?;
    let seq: u32 = seq.parse().ok()?;
    // Only the canonical spelling: no extra leading zeros, no year "02026".
    let canonical = (1..u32::MAX).contains(&seq) && format(rep, year, seq) == number;
    canonical.then_some((rep, year, seq))
}

/// The highest sequence among `numbers` for each counter ([`sequence_key`]) they belong
/// to; numbers [`parse`] does not read are left out.
pub fn highest_sequences<'a>(numbers: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, u32> {
    let mut highest: BTreeMap<String, u32> = BTreeMap::new();
    for (rep, year, seq) in numbers.into_iter().filter_map(parse) {
        let entry = highest.entry(sequence_key(rep, year)).or_default();
        *entry = (*entry).max(seq);
    }
    highest
}

/// The value a counter standing at `current` takes once `seen` is known to be used:
/// `None` when it already stands there or beyond (a counter never goes down).
pub fn raised(current: Option<u32>, seen: u32) -> Option<u32> {
    (current.unwrap_or(0) < seen).then_some(seen)
}

/// The sequence after `last`; `None` once a counter has reached `u32::MAX`, which only
/// a number learned from elsewhere could bring about.
pub fn next(last: Option<u32>) -> Option<u32> {
    last.unwrap_or(0).checked_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_regulations_show_them() {
        assert_eq!(format("R07", 2026, 42), "R07-2026-00042");
        assert_eq!(format("HQ", 2027, 123_456), "HQ-2027-123456");
    }

    #[test]
    fn rep_codes_are_short_capitals_and_digits() {
        assert!(is_rep_code("R07"));
        assert!(!is_rep_code("r07"));
        assert!(!is_rep_code(""));
        assert!(!is_rep_code("R-07"));
        assert!(!is_rep_code("ABCDEFGHI"));
    }

    #[test]
    fn a_number_reads_back_as_its_rep_year_and_sequence() {
        assert_eq!(parse("R07-2026-00042"), Some(("R07", 2026, 42)));
        assert_eq!(parse("HQ-2027-123456"), Some(("HQ", 2027, 123_456)));
        let largest = format("R07", 2026, u32::MAX - 1);
        assert_eq!(parse(&largest), Some(("R07", 2026, u32::MAX - 1)));
    }

    #[test]
    fn numbers_not_written_by_a_device_are_not_read() {
        for number in [
            "",
            "R07",
            "R07-2026",
            "R07-2026-",
            "R07-2026-0042",
            "R07-2026-000042",
            "R07-2026-00000",
            "r07-2026-00042",
            "R07-02026-00042",
            "R07-+026-00042",
            "R07-2026-+0042",
            "R07-2026-00042 ",
            "R07-2026-00042-1",
            "R-07-2026-00042",
            "R07-2026-4x042",
            "R07-99999999999-00001",
            "R07-2026-99999999999",
            "R07-2026-4294967295",
            "R07-2026-4294967296",
            "旧档-2026-00001",
        ] {
            assert_eq!(parse(number), None, "{number:?}");
        }
    }

    #[test]
    fn each_counter_learns_the_highest_number_it_has_seen() {
        let learned = highest_sequences([
            "R07-2026-00003",
            "R07-2026-00012",
            "R07-2026-00005",
            "R07-2025-00100",
            "R08-2026-00001",
            "R07-2026-99999999999",
            "not a number",
        ]);
        assert_eq!(
            learned,
            BTreeMap::from([
                (sequence_key("R07", 2025), 100),
                (sequence_key("R07", 2026), 12),
                (sequence_key("R08", 2026), 1),
            ])
        );
        assert!(highest_sequences(["R07-2026-99999999999", ""]).is_empty());
    }

    #[test]
    fn a_counter_only_moves_forward() {
        assert_eq!(raised(None, 5), Some(5));
        assert_eq!(raised(Some(3), 5), Some(5));
        assert_eq!(raised(Some(5), 5), None);
        assert_eq!(raised(Some(9), 5), None);
    }

    #[test]
    fn the_next_sequence_never_wraps() {
        assert_eq!(next(None), Some(1));
        assert_eq!(next(Some(41)), Some(42));
        assert_eq!(next(Some(u32::MAX - 1)), Some(u32::MAX));
        assert_eq!(next(Some(u32::MAX)), None);
    }
}
