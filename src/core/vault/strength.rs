//! Honest feedback on a new passphrase: an estimate of how many guesses it would take,
//! what that means against Argon2 on an attacker's hardware, and what would make it
//! stronger. Deliberately conservative: a common password is worth nothing, repeated
//! and sequential characters count once, and a passphrase of words counts by words.
//!
//! (zxcvbn does this better, but its dictionaries would double the app's download.)

/// How many guesses a second we assume a determined attacker makes against our Argon2id
/// settings (64 MiB, 3 passes) with a few GPUs. Deliberately pessimistic.
pub const ATTACKER_GUESSES_PER_SECOND: f64 = 10_000.0;

/// Below this many bits a passphrase is refused.
pub const MINIMUM_BITS: u32 = 36;

/// A word of a passphrase is counted as one pick from a 2,000-word vocabulary.
const BITS_PER_WORD: f64 = 11.0;

/// The verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Refused.
    TooWeak,
    Fair,
    Good,
    Strong,
}

/// What would make the passphrase stronger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// One of the passwords attackers try first.
    Common,
    /// Shorter than 12 characters.
    Short,
    /// Repeats, keyboard rows or counting (aaa, 123, qwerty) add little.
    Pattern,
    /// Several unrelated words are easier to remember and stronger.
    UseWords,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Strength {
    pub bits: u32,
    pub level: Level,
    /// Average time to find it by guessing, at [`ATTACKER_GUESSES_PER_SECOND`].
    pub crack_seconds: f64,
    pub hints: Vec<Hint>,
}

/// Passwords (lower-cased) that any guessing attack tries in its first second.
const COMMON: &[&str] = &[
    "123456",
    "12345678",
    "123456789",
    "1234567890",
    "111111",
    "000000",
    "888888",
    "666666",
    "123123",
    "654321",
    "112233",
    "520520",
    "5201314",
    "1314520",
    "147258369",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "qwerty",
    "qwertyuiop",
    "qwerty123",
    "abc123",
    "abcd1234",
    "a123456",
    "aa123456",
    "iloveyou",
    "woaini",
    "woaini1314",
    "admin",
    "admin123",
    "letmein",
    "welcome",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "qazwsx",
    "1qaz2wsx",
    "zxcvbnm",
    "asdfghjkl",
    "trustno1",
    "superman",
    "master",
    "secret",
    "changeme",
    "dossier",
    "dossier123",
    "customer",
    "sales",
    "sales123",
    "zhangwei",
    "wangwei",
    "liwei",
    "123qwe",
    "qweasd",
    "1q2w3e4r",
    "aaaaaa",
    "abcdef",
    "abcdefg",
];

const KEYBOARD_ROWS: &[&str] = &["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890"];

/// Estimates the strength of `passphrase`.
pub fn estimate(passphrase: &str) -> Strength {
    let chars: Vec<char> = passphrase.chars().collect();
    let lower = passphrase.to_lowercase();
    let mut hints = Vec::new();

    let common = COMMON.contains(&lower.trim()) || COMMON.contains(&strip_digits(&lower).as_str());
    if common {
        hints.push(Hint::Common);
    }
    if chars.len() < 12 {
        hints.push(Hint::Short);
    }

    let (effective, patterned) = effective_length(&chars);
    if patterned {
        hints.push(Hint::Pattern);
    }
    let by_chars = effective as f64 * (pool(&chars) as f64).log2();
    let words: Vec<&str> = passphrase.split_whitespace().collect();
    let bits = if common {
        0.0
    } else if words.len() >= 2 {
        // A passphrase of words: counted by words (plus a little for any extras).
        by_chars.min(words.len() as f64 * BITS_PER_WORD + 4.0)
    } else {
        by_chars
    };
    if words.len() < 4 && bits < 60.0 {
        hints.push(Hint::UseWords);
    }
    let bits = bits.floor() as u32;
    let level = match bits {
        b if b < MINIMUM_BITS || chars.len() < 8 => Level::TooWeak,
        b if b < 48 => Level::Fair,
        b if b < 64 => Level::Good,
        _ => Level::Strong,
    };
    Strength {
        bits,
        level,
        crack_seconds: 2f64.powi(bits as i32) / 2.0 / ATTACKER_GUESSES_PER_SECOND,
        hints,
    }
}

fn strip_digits(s: &str) -> String {
    s.trim_end_matches(|c: char| c.is_ascii_digit()).to_owned()
}

/// The size of the alphabet the passphrase draws from.
fn pool(chars: &[char]) -> u32 {
    let mut pool = 0;
    if chars.iter().any(char::is_ascii_lowercase) {
        pool += 26;
    }
    if chars.iter().any(char::is_ascii_uppercase) {
        pool += 26;
    }
    if chars.iter().any(char::is_ascii_digit) {
        pool += 10;
    }
    if chars.iter().any(|c| c.is_ascii_punctuation() || *c == ' ') {
        pool += 33;
    }
    if chars.iter().any(|c| !c.is_ascii()) {
        // Chinese characters: a vocabulary of common ones, not the whole of Unicode.
        pool += 2000;
    }
    pool.max(1)
}

/// The length that counts, with runs (aaaa), steps (1234, abcd) and keyboard rows
/// (qwer) counted as one character; and whether any such pattern was found.
fn effective_length(chars: &[char]) -> (usize, bool) {
    let lower: Vec<char> = chars.iter().flat_map(|c| c.to_lowercase()).collect();
    let mut count = 0;
    let mut patterned = false;
    let mut i = 0;
    while i < lower.len() {
        let mut j = i + 1;
        while j < lower.len() && follows(lower[j - 1], lower[j]) {
            j += 1;
        }
        if j - i >= 3 {
            patterned = true;
            count += 1;
        } else {
            count += j - i;
        }
        i = j;
    }
    (count, patterned)
}

/// Whether `b` continues a run from `a`: the same, the next or previous in the alphabet,
/// or the neighbour on a keyboard row.
fn follows(a: char, b: char) -> bool {
    let (a32, b32) = (a as i64, b as i64);
    if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() && (a32 - b32).abs() <= 1 {
        return true;
    }
    KEYBOARD_ROWS.iter().any(|row| {
        let row: Vec<char> = row.chars().collect();
        row.windows(2)
            .any(|w| (w[0] == a && w[1] == b) || (w[1] == a && w[0] == b))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_worthless_however_decorated() {
        for p in ["123456", "Password", "password123", "woaini1314", "Qwerty"] {
            let s = estimate(p);
            assert_eq!(s.level, Level::TooWeak, "{p}");
            assert!(s.hints.contains(&Hint::Common), "{p}");
        }
    }

    #[test]
    fn patterns_count_for_little() {
        let s = estimate("aaaaaaaaaaaaaaaa");
        assert_eq!(s.level, Level::TooWeak);
        assert!(s.hints.contains(&Hint::Pattern));
        assert_eq!(estimate("abcdefghijklmnop").level, Level::TooWeak);
        assert_eq!(estimate("qwertyuiop123456").level, Level::TooWeak);
    }

    #[test]
    fn short_mixed_passwords_are_refused_or_fair_and_said_to_be_short() {
        let s = estimate("Tk9#m");
        assert_eq!(s.level, Level::TooWeak);
        assert!(s.hints.contains(&Hint::Short));
        let s = estimate("Tk9#mPz2");
        assert!(s.level >= Level::Fair, "{s:?}");
        assert!(s.hints.contains(&Hint::Short));
    }

    #[test]
    fn several_unrelated_words_are_strong() {
        let s = estimate("copper lantern orchard velvet tiger");
        assert_eq!(s.level, Level::Good, "{s:?}");
        assert!(!s.hints.contains(&Hint::UseWords));
        let s = estimate("copper lantern orchard velvet tiger 旗袍");
        assert_eq!(s.level, Level::Strong, "{s:?}");
        // Two words are counted as two words, not as twelve letters.
        assert!(estimate("copper lantern").bits <= 26);
    }

    #[test]
    fn the_crack_time_follows_from_the_bits() {
        let s = estimate("copper lantern orchard velvet");
        assert_eq!(s.bits, 48);
        let expected = 2f64.powi(48) / 2.0 / ATTACKER_GUESSES_PER_SECOND;
        assert!((s.crack_seconds - expected).abs() < 1.0);
        // Over 400 years: this is what the user is told.
        assert!(s.crack_seconds > 400.0 * 365.0 * 86400.0);
    }
}
