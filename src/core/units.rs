//! Quantities shown to users, formatted the same way in both languages.

/// A byte count as a short, human size: `0 B`, `512 B`, `1.5 KB`, `12 MB`, `3.2 GB`.
/// Binary multiples with the labels users see in Windows Explorer; one decimal below 10.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    // Round first, so 1023.96 KB reads "1.0 MB", not "1024 KB".
    let shown = if value < 9.95 {
        (value * 10.0).round() / 10.0
    } else {
        value.round()
    };
    if shown >= 1024.0 && unit < UNITS.len() - 1 {
        return format!("1.0 {}", UNITS[unit + 1]);
    }
    if shown < 10.0 {
        format!("{shown:.1} {}", UNITS[unit])
    } else {
        format!("{shown:.0} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::format_bytes;

    #[test]
    fn sizes_read_as_people_expect() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1024), "1.0 KB");
        assert_eq!(format_bytes(1536), "1.5 KB");
        assert_eq!(format_bytes(12 * 1024 * 1024), "12 MB");
        assert_eq!(format_bytes(1024 * 1024 - 1), "1.0 MB");
        assert_eq!(format_bytes(3_435_973_837), "3.2 GB");
        assert_eq!(format_bytes(u64::MAX), "16777216 TB");
    }
}
