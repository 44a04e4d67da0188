//! What search keeps of every file's names to match them by their readings (see
//! [`Spelling`]) without reading the files' texts: the names side by side in one array,
//! and for each file the letters and pairs of letters a spelling of its names can start
//! with, which settle most files with two ANDs.
//!
//! At 100,000 files, reading each file's own text for its names cost a cache miss per
//! file and a UTF-8 decoding per character: a second keystroke such as `zh` took three
//! times as long as the literal search it joined.

use super::catalogue::{CatalogueEntry, NAME};
use crate::core::pinyin::{self, Spelling};

/// Every file's names, by entry index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    /// The names as [`pinyin::unit`]s, a file's lines separated by [`pinyin::LINE`].
    /// A file whose entry changed has its names added at the end again.
    units: Vec<u16>,
    of: Vec<Spans>,
}

/// One file's place in [`Names::units`] and what a spelling of its names can start with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Spans {
    from: u32,
    len: u32,
    /// The letters some reading of a name's character starts with, or a name's letters.
    letters: u32,
    /// The pairs of letters a spelling can start with: the first two of a reading, or
    /// the first letters of two characters in a row; hashed into 128 bits.
    pairs: [u64; 2],
}

/// A letter's number, `a` as 0.
fn letter(c: char) -> Option<u32> {
    c.is_ascii_lowercase().then(|| c as u32 - 'a' as u32)
}

/// Where the pair of letters `a`, `b` (each 0 – 25) goes in [`Spans::pairs`].
fn pair_at(a: u32, b: u32) -> (usize, u64) {
    let bit = (a * 26 + b).wrapping_mul(0x9E37_79B1) >> 25;
    ((bit >> 6) as usize, 1 << (bit & 63))
}

impl Names {
    /// The names of every entry.
    pub fn new(entries: &[CatalogueEntry]) -> Names {
        let mut names = Names::default();
        names.of.reserve(entries.len());
        for (i, e) in entries.iter().enumerate() {
            names.set(i, &e.search);
        }
        names
    }

    /// Takes the names of entry `i` from its search `text` (its first lines, marked
    /// [`NAME`]).
    pub fn set(&mut self, i: usize, text: &str) {
        if self.of.len() <= i {
            self.of.resize(i + 1, Spans::default());
        }
        let from = self.units.len();
        let mut spans = Spans {
            from: from as u32,
            ..Spans::default()
        };
        for line in text.split('\n').map_while(|line| line.strip_prefix(NAME)) {
            if self.units.len() > from {
                self.units.push(pinyin::LINE);
            }
            let mut before = 0u32;
            for c in line.chars() {
                self.units.push(pinyin::unit(c));
                let mut here = letter(c).map_or(0, |l| 1 << l);
                for reading in pinyin::spellings(c) {
                    // Syllables are lower-case ASCII letters.
                    if let [a, rest @ ..] = reading.as_bytes() {
                        let a = u32::from(a - b'a');
                        here |= 1 << a;
                        if let [b, ..] = rest {
                            spans.add_pair(a, u32::from(b - b'a'));
                        }
                    }
                }
                for a in bits(before) {
                    for b in bits(here) {
                        spans.add_pair(a, b);
                    }
                }
                spans.letters |= here;
                before = here;
            }
        }
        spans.len = (self.units.len() - from) as u32;
        self.of[i] = spans;
    }

    /// Whether `query` may spell entry `i`'s names, from their starts alone: `false`
    /// settles it; `true` leaves it to [`Names::spelt`], except for a query of one
    /// letter, which it settles.
    pub fn may_spell(&self, i: usize, query: &Leading) -> bool {
        let spans = &self.of[i];
        query.first.is_none_or(|b| spans.letters & b != 0)
            && query.pair.is_none_or(|(w, b)| spans.pairs[w] & b != 0)
    }

    /// Whether `spelling` spells a run of one of entry `i`'s names.
    pub fn spelt(&self, i: usize, spelling: &Spelling) -> bool {
        let s = &self.of[i];
        spelling.spells_units(&self.units[s.from as usize..][..s.len as usize])
    }

    /// Entry `i`'s names as [`pinyin::unit`]s, and what a spelling can start with.
    #[cfg(test)]
    pub fn of(&self, i: usize) -> (&[u16], u32, [u64; 2]) {
        let s = &self.of[i];
        let units = &self.units[s.from as usize..][..s.len as usize];
        (units, s.letters, s.pairs)
    }

    /// How many entries it holds the names of.
    #[cfg(test)]
    pub fn entries(&self) -> usize {
        self.of.len()
    }
}

/// The set bits of `bits`, lowest first.
fn bits(mut bits: u32) -> impl Iterator<Item = u32> {
    std::iter::from_fn(move || {
        (bits != 0).then(|| {
            let b = bits.trailing_zeros();
            bits &= bits - 1;
            b
        })
    })
}

/// What a query's spelling starts with, to check against [`Names::may_spell`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Leading {
    first: Option<u32>,
    pair: Option<(usize, u64)>,
}

impl Leading {
    /// The leading letters of `query` (normalized).
    pub fn of(query: &str) -> Leading {
        let mut letters = query.chars().map(letter);
        let (a, b) = (letters.next().flatten(), letters.next().flatten());
        Leading {
            first: a.map(|a| 1 << a),
            pair: a.zip(b).map(|(a, b)| pair_at(a, b)),
        }
    }
}

impl Spans {
    fn add_pair(&mut self, a: u32, b: u32) {
        let (word, bit) = pair_at(a, b);
        self.pairs[word] |= bit;
    }
}
