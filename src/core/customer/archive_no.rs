//! Archive numbers (档案编号): `R07-2026-00042`, rep code + year + sequence.
//!
//! Head office gives every rep a distinct code, and each device counts its own sequence
//! per year inside the same transaction that stores the new file, so offline devices
//! never hand out the same number, and a number is never reused, even after closure.

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
}
