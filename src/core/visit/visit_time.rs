//! Reads the free-text "best time to visit" of an address card (最佳拜访时间) into
//! weekly windows, so the agenda can name the customers it is a good time to visit now.
//! Understands what reps write: 周二上午, 工作日下午 2-4 点, 周一至周五 9:00-11:30,
//! 午饭后, 周末, and the English equivalents. Text it cannot read (月初) gives no window
//! rather than a guess.

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::core::customer::catalogue::CatalogueEntry;
use crate::core::customer::model::Status;

/// Days as bits, Monday = bit 0.
const ALL_DAYS: u8 = 0b111_1111;
const WORKDAYS: u8 = 0b001_1111;
const WEEKEND: u8 = 0b110_0000;
/// A day named without a time means business hours.
const BUSINESS_HOURS: (u16, u16) = (9 * 60, 18 * 60);

/// One weekly window: on these days, from..to minutes after midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub days: u8,
    pub from: u16,
    pub to: u16,
}

/// The windows `text` describes; empty if it names no day or time Dossier can read.
pub fn windows(text: &str) -> Vec<Window> {
    text.split(['，', ',', ';', '；', '、', '/', '\n'])
        .flat_map(segment)
        .collect()
}

/// Whether `now` (local time) falls in any of `windows`.
pub fn is_open(windows: &[Window], now: NaiveDateTime) -> bool {
    let day = 1u8 << now.weekday().num_days_from_monday();
    let minute = (now.hour() * 60 + now.minute()) as u16;
    windows
        .iter()
        .any(|w| w.days & day != 0 && (w.from..w.to).contains(&minute))
}

/// Active customers whose best time to visit includes `now`: important ones first, then
/// by credit grade (A first), then by name.
pub fn visitable_now(entries: &[CatalogueEntry], now: NaiveDateTime) -> Vec<&CatalogueEntry> {
    let mut found: Vec<&CatalogueEntry> = entries
        .iter()
        .filter(|e| e.status == Status::Active && !e.best_visit_time.is_empty())
        .filter(|e| is_open(&windows(&e.best_visit_time), now))
        .collect();
    found.sort_by(|a, b| {
        (a.importance, a.grade_established, &a.name).cmp(&(
            b.importance,
            b.grade_established,
            &b.name,
        ))
    });
    found
}

fn segment(text: &str) -> Vec<Window> {
    let lower = text.to_lowercase();
    let days = days(&lower);
    let mut ranges = explicit_ranges(&lower);
    if ranges.is_empty() {
        ranges = parts_of_day(&lower);
    }
    match (days, ranges.is_empty()) {
        (None, true) => Vec::new(),
        (Some(days), true) => vec![window(days, BUSINESS_HOURS)],
        (days, false) => ranges
            .into_iter()
            .map(|r| window(days.unwrap_or(ALL_DAYS), r))
            .collect(),
    }
}

fn window(days: u8, (from, to): (u16, u16)) -> Window {
    Window { days, from, to }
}

const CN_DAYS: [char; 7] = ['一', '二', '三', '四', '五', '六', '日'];
const EN_DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The days a segment names, with ranges (周一至周五, mon-fri), or `None`.
fn days(s: &str) -> Option<u8> {
    let mut named: Vec<(usize, u8)> = Vec::new();
    for prefix in ["周", "星期", "礼拜"] {
        for (at, _) in s.match_indices(prefix) {
            let rest = &s[at + prefix.len()..];
            let c = rest.chars().next();
            let day = c.and_then(|c| {
                CN_DAYS
                    .iter()
                    .position(|&d| d == c)
                    .or((c == '天').then_some(6))
            });
            if let Some(d) = day {
                named.push((at, d as u8));
            }
        }
    }
    // Whole words only: "mon" in "month" is not Monday. ASCII letters never occur
    // inside a multi-byte character, so these byte positions are character boundaries.
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let word = &s[start..i];
        let day = EN_DAYS
            .iter()
            .position(|d| word.starts_with(d) && (word.len() <= 5 || word.ends_with("day")));
        if let (Some(d), false) = (day, word.starts_with("month")) {
            named.push((start, d as u8));
        }
    }
    named.sort();
    named.dedup();
    let mut bits = 0u8;
    let mut i = 0;
    while i < named.len() {
        let (at, d) = named[i];
        if let Some(&(next_at, e)) = named.get(i + 1) {
            let between = &s[at..next_at];
            if ["至", "到", "-", "~", "～", "—", " to "]
                .iter()
                .any(|c| between.contains(c))
            {
                let mut x = d;
                loop {
                    bits |= 1 << x;
                    if x == e {
                        break;
                    }
                    x = (x + 1) % 7;
                }
                i += 2;
                continue;
            }
        }
        bits |= 1 << d;
        i += 1;
    }
    if s.contains("工作日") || s.contains("weekday") {
        bits |= WORKDAYS;
    }
    if s.contains("周末") || s.contains("weekend") {
        bits |= WEEKEND;
    }
    if s.contains("每天") || s.contains("天天") || s.contains("every day") || s.contains("daily")
    {
        bits |= ALL_DAYS;
    }
    (bits != 0).then_some(bits)
}

/// "9:00-11:30", "2-4 点", "14:00～17:00", "2-4pm", with 下午/晚上/pm moving early hours
/// past noon.
fn explicit_ranges(s: &str) -> Vec<(u16, u16)> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some((from, next)) = clock(&chars, i) else {
            i += 1;
            continue;
        };
        let mut j = next;
        while j < chars.len() && (chars[j] == ' ' || chars[j] == '点') {
            j += 1;
        }
        if j < chars.len() && "-~～至到—".contains(chars[j]) {
            j += 1;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if let Some((to, end)) = clock(&chars, j) {
                let before: String = chars[..i].iter().collect();
                let after: String = chars[end..].iter().take(4).collect();
                let pm = ["下午", "晚上", "傍晚", "午后"]
                    .iter()
                    .any(|w| before.ends_with(w) || before.trim_end().ends_with(w))
                    || after.trim_start().starts_with("pm");
                let (mut from, mut to) = (from, to);
                if pm && to < 12 * 60 {
                    to += 12 * 60;
                    if from < 12 * 60 {
                        from += 12 * 60;
                    }
                }
                if from < to {
                    out.push((from, to));
                }
                i = end;
                continue;
            }
        }
        i = next;
    }
    out
}

/// A clock time at `i` ("9", "09:30", "14：00"): minutes and where it ends.
fn clock(chars: &[char], i: usize) -> Option<(u16, usize)> {
    let digits = |from: usize| {
        let mut n = 0u16;
        let mut j = from;
        while j < chars.len() && chars[j].is_ascii_digit() && j - from < 2 {
            n = n * 10 + chars[j].to_digit(10)? as u16;
            j += 1;
        }
        (j > from).then_some((n, j))
    };
    if i > 0 && chars[i - 1].is_ascii_digit() {
        return None;
    }
    let (h, mut j) = digits(i)?;
    let mut m = 0;
    if j < chars.len()
        && (chars[j] == ':' || chars[j] == '：')
        && let Some((mm, k)) = digits(j + 1)
    {
        m = mm;
        j = k;
    }
    (h <= 24 && m < 60).then_some((h * 60 + m, j))
}

fn parts_of_day(s: &str) -> Vec<(u16, u16)> {
    const PARTS: [(&[&str], (u16, u16)); 7] = [
        (
            &["早上", "早晨", "清早", "early morning"],
            (8 * 60, 10 * 60),
        ),
        (&["上午", "morning"], (9 * 60, 12 * 60)),
        (&["中午", "noon", "lunchtime"], (11 * 60 + 30, 13 * 60 + 30)),
        (
            &["午饭后", "午后", "饭后", "after lunch"],
            (13 * 60, 14 * 60 + 30),
        ),
        (&["下午", "afternoon"], (14 * 60, 18 * 60)),
        (&["傍晚"], (17 * 60, 19 * 60)),
        (&["晚上", "evening"], (18 * 60, 21 * 60)),
    ];
    let mut out: Vec<(u16, u16)> = Vec::new();
    for (words, range) in PARTS {
        // "morning" inside "early morning" and 午后 inside 下午后 are not counted twice.
        if words.iter().any(|w| s.contains(w)) && !out.contains(&range) {
            out.push(range);
        }
    }
    if out.contains(&(8 * 60, 10 * 60)) {
        out.retain(|r| *r != (9 * 60, 12 * 60) || !s.contains("early morning"));
    }
    if s.contains("午饭后") || s.contains("午后") {
        out.retain(|r| *r != (11 * 60 + 30, 13 * 60 + 30) || s.contains("中午"));
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    /// 2026-11-23 is a Monday.
    fn at(weekday: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23 + weekday)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .unwrap()
    }

    fn open(text: &str, weekday: u32, h: u32, m: u32) -> bool {
        is_open(&windows(text), at(weekday, h, m))
    }

    #[test]
    fn a_day_and_a_part_of_it() {
        assert!(open("周二上午", 1, 10, 0));
        assert!(!open("周二上午", 1, 14, 0));
        assert!(!open("周二上午", 2, 10, 0));
        assert!(open("星期五下午", 4, 15, 30));
        assert!(open("Tuesday morning", 1, 9, 30));
        assert!(!open("Tuesday morning", 3, 9, 30));
    }

    #[test]
    fn workdays_with_an_afternoon_range_in_chinese_hours() {
        let text = "工作日下午 2-4 点";
        assert!(open(text, 0, 14, 0));
        assert!(open(text, 4, 15, 59));
        assert!(!open(text, 4, 16, 0));
        assert!(!open(text, 5, 15, 0), "not on Saturday");
        assert!(!open(text, 2, 2, 30), "2 点 in the afternoon is 14:00");
    }

    #[test]
    fn day_ranges_and_clock_ranges() {
        let text = "周一至周五 9:00-11:30";
        assert!(open(text, 0, 9, 0));
        assert!(open(text, 3, 11, 29));
        assert!(!open(text, 3, 11, 30));
        assert!(!open(text, 6, 10, 0));
        assert!(open("Mon-Wed 2-4pm", 2, 15, 0));
        assert!(!open("Mon-Wed 2-4pm", 3, 15, 0));
        assert!(
            open("周五到周一 14：00～17：00", 6, 16, 0),
            "a range over the weekend"
        );
    }

    #[test]
    fn several_windows_and_bare_parts_of_day() {
        let text = "周二上午，周四下午";
        assert!(open(text, 1, 10, 0));
        assert!(open(text, 3, 15, 0));
        assert!(!open(text, 1, 15, 0));
        assert!(open("午饭后", 2, 13, 30), "every day after lunch");
        assert!(!open("午饭后", 2, 12, 0));
        assert!(open("周末", 5, 10, 0));
        assert!(!open("周末", 4, 10, 0));
    }

    #[test]
    fn mixed_and_odd_text_never_panics() {
        assert!(open("周一至fri 上午", 4, 10, 0));
        for text in [
            "至",
            "-",
            "9-",
            "-9",
            "周",
            "星期八",
            "25:00-26:00",
            "周一~",
            "mon至周",
            "：",
            "9：-10",
            "日本",
        ] {
            let _ = windows(text);
        }
    }

    #[test]
    fn the_agenda_names_active_customers_it_is_a_good_time_to_visit_important_first() {
        use crate::core::customer::model::{Customer, Importance};
        let entry = |name: &str, time: &str, importance, status| {
            let mut c = Customer::default();
            c.basic.name = name.into();
            c.address.best_visit_time = time.into();
            c.importance = importance;
            c.status = status;
            CatalogueEntry::of(&c)
        };
        let all = vec![
            entry("乙", "周二上午", Importance::Ordinary, Status::Active),
            entry("甲", "周二 9-11 点", Importance::Important, Status::Active),
            entry("丙", "周三上午", Importance::Important, Status::Active),
            entry("丁", "周二上午", Importance::Important, Status::Closed),
            entry("戊", "月初", Importance::Important, Status::Active),
        ];
        let names: Vec<&str> = visitable_now(&all, at(1, 10, 0))
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["甲", "乙"]);
        assert!(visitable_now(&all, at(1, 20, 0)).is_empty());
    }

    #[test]
    fn text_it_cannot_read_gives_no_window() {
        assert!(windows("月初").is_empty());
        assert!(windows("").is_empty());
        assert!(windows("call first").is_empty());
        assert!(
            windows("every month").is_empty(),
            "'mon' in 'month' is not Monday"
        );
    }
}
