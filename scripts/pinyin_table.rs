//! Cargo build script (`package.build` in Cargo.toml): generates the pinyin table the app
//! searches with (`src/core/pinyin.rs` includes it).
//!
//! The `pinyin` crate is the source of the readings, but linked into the app it carries
//! every CJK block (Extension B and beyond) and tripled the wasm. Customer names use the
//! basic and Extension A ideographs, so only those go into a compact table: one u16
//! syllable index per character, plus the other readings of characters that have them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

use pinyin::{ToPinyin, ToPinyinMulti};

const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;

fn main() {
    let mut syllables: Vec<&'static str> = vec![""];
    let mut index: BTreeMap<&'static str, u16> = BTreeMap::new();
    let mut id = |s: &'static str, syllables: &mut Vec<&'static str>| -> u16 {
        *index.entry(s).or_insert_with(|| {
            syllables.push(s);
            (syllables.len() - 1) as u16
        })
    };
    let mut main = Vec::with_capacity((LAST - FIRST + 1) as usize);
    let mut extra: Vec<(u32, Vec<u16>)> = Vec::new();
    for code in FIRST..=LAST {
        let Some(ch) = char::from_u32(code) else {
            main.push(0);
            continue;
        };
        let Some(first) = ch.to_pinyin() else {
            main.push(0);
            continue;
        };
        let first = first.plain();
        main.push(id(first, &mut syllables));
        if let Some(multi) = ch.to_pinyin_multi() {
            let mut others: Vec<u16> = Vec::new();
            for p in multi {
                let s = p.plain();
                if s != first {
                    let n = id(s, &mut syllables);
                    if !others.contains(&n) {
                        others.push(n);
                    }
                }
            }
            if !others.is_empty() {
                extra.push((code, others));
            }
        }
    }

    let mut out = String::new();
    writeln!(out, "pub const FIRST: u32 = {FIRST};").unwrap();
    writeln!(
        out,
        "pub static SYLLABLES: [&str; {}] = {:?};",
        syllables.len(),
        syllables
    )
    .unwrap();
    writeln!(out, "pub static MAIN: [u16; {}] = {:?};", main.len(), main).unwrap();
    write!(
        out,
        "pub static OTHER: [(u32, &[u16]); {}] = [",
        extra.len()
    )
    .unwrap();
    for (code, others) in &extra {
        write!(out, "({code}, &{others:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("pinyin_table.rs");
    fs::write(dest, out).unwrap();
    println!("cargo::rerun-if-changed=scripts/pinyin_table.rs");
}
