//! Chinese characters as a pinyin keyboard spells them, and as the other script writes
//! them: the readings of each character and its simplified form, from tables `build.rs`
//! generates (the `pinyin` crate's readings with tone marks dropped, ü as v; OpenCC's
//! traditional-to-simplified characters), for the basic and Extension A ideographs.
//!
//! [`Spelling`] decides whether a query spells a run of a name's characters the way
//! Chinese users type: every reading of every character counts, at any position, in
//! full (`zhaoshangyinhang`), as initials (`zsyh`) or any mixture of prefixes
//! (`zhaosyh`, `zsyinh`), without writing out the combinations: a name with several
//! polyphonic characters costs no more to store than any other.

mod table {
    include!(concat!(env!("OUT_DIR"), "/pinyin_table.rs"));
}

/// The syllable numbers of `ch`'s readings, the usual one first, if it is a Chinese
/// character of the table.
fn syllables(ch: char) -> Option<&'static [u16]> {
    let i = (ch as u32).checked_sub(table::FIRST)? as usize;
    let entry = table::MAIN.get(i)?;
    match *entry {
        0 => None,
        several if several & table::SEVERAL != 0 => table::READINGS
            .get((several & !table::SEVERAL) as usize)
            .copied(),
        _ => Some(std::slice::from_ref(entry)),
    }
}

/// Every reading of `ch`, the usual one first (`'曾'` → `["ceng", "zeng"]`).
pub fn readings(ch: char) -> Vec<&'static str> {
    spellings(ch).collect()
}

/// [`readings`] without collecting them; nothing for a character without readings.
pub fn spellings(ch: char) -> impl Iterator<Item = &'static str> {
    syllables(ch)
        .unwrap_or_default()
        .iter()
        .map(|&n| table::SYLLABLES[n as usize])
}

/// Whether `ch` is a Chinese character with a reading.
pub fn is_han(ch: char) -> bool {
    syllables(ch).is_some()
}

/// The simplified form of a traditional character (`'長'` → `'长'`); any other
/// character as it is.
pub fn simplified(ch: char) -> char {
    let code = ch as u32;
    if !(table::FIRST..=0x9FFF).contains(&code) {
        return ch;
    }
    match table::SIMPLIFIED.binary_search_by_key(&(code as u16), |(from, _)| *from) {
        Ok(at) => char::from_u32(table::SIMPLIFIED[at].1 as u32).unwrap_or(ch),
        Err(_) => ch,
    }
}

/// A character as [`Spelling`] reads it: its UTF-16 code unit, or [`OUTSIDE`] beyond the
/// basic plane (no character of the table is); [`LINE`] separates lines.
pub fn unit(ch: char) -> u16 {
    match ch {
        '\n' => LINE,
        _ => u16::try_from(ch as u32).unwrap_or(OUTSIDE),
    }
}

/// The [`unit`] of the end of a line.
pub const LINE: u16 = 0;
/// The [`unit`] of a text's characters beyond the basic plane.
pub const OUTSIDE: u16 = 0xFFFF;

/// The syllable numbers of the character of `unit`'s readings, as [`syllables`].
fn unit_syllables(unit: u16) -> &'static [u16] {
    char::from_u32(u32::from(unit))
        .and_then(syllables)
        .unwrap_or_default()
}

/// A query ready to be matched against names by their readings: see [`Spelling::spells`].
#[derive(Clone, Debug)]
pub struct Spelling {
    /// The query's characters as [`unit`]s (beyond the basic plane, one no text has).
    query: Vec<u16>,
    /// For syllable `s` and a position `p` in the query, the positions that reading a
    /// prefix of `s` from `p` reaches, as bits: `reach[s * len + p]`.
    reach: Vec<u64>,
}

impl Spelling {
    /// The longest query spelled, in characters (one bit per position in a `u64`).
    pub const MAX: usize = 63;

    /// `query`, normalized as search compares text; `None` when it holds no letter to
    /// spell with, or is too long to be anybody's pinyin.
    pub fn new(query: &str) -> Option<Spelling> {
        let chars: Vec<char> = query.chars().collect();
        if chars.len() > Spelling::MAX || !chars.iter().any(char::is_ascii_lowercase) {
            return None;
        }
        let len = chars.len();
        let mut reach = vec![0u64; table::SYLLABLES.len() * len];
        for (s, syllable) in table::SYLLABLES.iter().enumerate() {
            for p in 0..len {
                let common = syllable
                    .chars()
                    .zip(&chars[p..])
                    .take_while(|(a, b)| a == *b)
                    .count();
                // Positions p+1 ..= p+common.
                reach[s * len + p] = ((1u64 << common) - 1) << (p + 1);
            }
        }
        let query = chars
            .iter()
            .map(|&c| match unit(c) {
                OUTSIDE => OUTSIDE - 1,
                u => u,
            })
            .collect();
        Some(Spelling { query, reach })
    }

    /// Whether the query spells a run of consecutive characters of a line of `text` (a
    /// name, normalized): each Chinese character by a prefix of any of its readings, at
    /// least one letter, or by itself; any other character by itself. The run may
    /// start at any character; the last reading may be left unfinished, as when typing.
    pub fn spells(&self, text: &str) -> bool {
        let units: Vec<u16> = text.chars().map(unit).collect();
        self.spells_units(&units)
    }

    /// [`Spelling::spells`] for a text as [`unit`]s.
    pub fn spells_units(&self, text: &[u16]) -> bool {
        let len = self.query.len();
        let done = 1u64 << len;
        // The query positions reached after the characters so far.
        let mut state = 0u64;
        for &u in text {
            if u == LINE {
                state = 0;
                continue;
            }
            // Position 0 is always open: a run may start at this character.
            let mut from = state | 1;
            let mut next = 0u64;
            let readings = unit_syllables(u);
            while from != 0 {
                let p = from.trailing_zeros() as usize;
                from &= from - 1;
                if self.query[p] == u {
                    next |= 1 << (p + 1);
                }
                for &s in readings {
                    next |= self.reach[s as usize * len + p];
                }
            }
            if next & done != 0 {
                return true;
            }
            state = next;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_come_from_the_table() {
        assert_eq!(readings('张'), ["zhang"]);
        assert_eq!(readings('三'), ["san"]);
        assert!(readings('a').is_empty());
        assert!(readings('𠀀').is_empty(), "beyond the table");
        assert!(readings('曾').contains(&"zeng") && readings('曾').contains(&"ceng"));
        assert!(readings('单').contains(&"shan"));
        assert!(readings('行').contains(&"hang") && readings('行').contains(&"xing"));
        assert_eq!(readings('三'), vec!["san"]);
        // ü as a keyboard types it.
        assert!(readings('绿').contains(&"lv"), "{:?}", readings('绿'));
        assert_eq!(readings('女')[0], "nv", "the usual reading first");
    }

    #[test]
    fn traditional_characters_have_their_simplified_forms() {
        let s: String = "長城電器 滙豐銀行 臺灣 a1"
            .chars()
            .map(simplified)
            .collect();
        assert_eq!(s, "长城电器 汇丰银行 台湾 a1");
        assert_eq!(simplified('张'), '张', "already simplified");
        assert_eq!(simplified('𠀀'), '𠀀', "beyond the table");
    }

    fn spells(query: &str, text: &str) -> bool {
        Spelling::new(query).is_some_and(|s| s.spells(text))
    }

    #[test]
    fn a_query_spells_a_run_by_any_reading_in_full_initials_or_both() {
        for query in [
            "zhaoshangyinhang",
            "zsyh",
            "zhaosyh",
            "zsyinhang",
            "yinhang",
            "yh",
            "shangyin",
            "zhaoshangyinxing",
            "zhao",
            "zsy",
            "yinh",
            "招商yh",
        ] {
            assert!(spells(query, "招商银行"), "{query}");
        }
        for query in [
            "zsyy",
            "hangyin",
            "yinhangz",
            "zhaoshangyinhangx",
            "zy",
            "aoshang",
        ] {
            assert!(
                !spells(query, "招商银行"),
                "{query} should not find 招商银行"
            );
        }
    }

    #[test]
    fn each_line_is_spelled_on_its_own() {
        assert!(spells("lis", "张三\n李四"), "within the second line");
        assert!(!spells("zsls", "张三\n李四"), "across lines");
        assert!(!spells("sanli", "张三\n李四"), "across lines");
    }

    #[test]
    fn other_characters_are_spelled_by_themselves() {
        assert!(spells("abcmy", "abc贸易"));
        assert!(spells("360kj", "360科技"));
        assert!(!spells("361kj", "360科技"));
        assert!(Spelling::new("138").is_none(), "nothing to spell with");
        assert!(Spelling::new("招商").is_none());
    }
}
