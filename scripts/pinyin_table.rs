//! Cargo build script (`package.build` in Cargo.toml): generates the tables the app
//! searches with (`src/core/pinyin.rs` includes them).
//!
//! The `pinyin` crate is the source of the readings, but linked into the app it carries
//! every CJK block (Extension B and beyond) and tripled the wasm. Customer names use the
//! basic and Extension A ideographs, so only those go into a compact table: one u16
//! syllable index per character, or for a character with several readings (its high
//! bit set) the index of the list of them, the usual one first. Syllables are written as a pinyin keyboard
//! types them: ü as v, ê as e.
//!
//! OpenCC's traditional-to-simplified character table (through `ferrous-opencc`, a
//! pure-Rust OpenCC) gives each traditional character of the same blocks its simplified
//! form, so that 長城 and 长城 search alike.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

use ferrous_opencc::{OpenCC, config::BuiltinConfig};
use pinyin::{ToPinyin, ToPinyinMulti};

const FIRST: u32 = 0x3400;
const LAST: u32 = 0x9FFF;
/// Set in a `MAIN` entry when the character has several readings: the rest of the entry
/// is then where they are in `SEVERAL`.
const SEVERAL: u16 = 0x8000;

/// Readings of place names that the `pinyin` crate's data lacks.
const PLACES: &[(char, &str)] = &[
    ('乐', "lao"), // 乐亭 (Laoting), Hebei
];

/// A syllable as typed on a pinyin keyboard.
fn typed(plain: &str) -> &'static str {
    let s = plain.replace('ü', "v").replace('ê', "e");
    assert!(
        s.bytes().all(|b| b.is_ascii_lowercase()),
        "a syllable a keyboard cannot type: {plain}"
    );
    Box::leak(s.into_boxed_str())
}

fn main() {
    // The package's build script, so it also links the app's wasm with its relocations,
    // which splitting its pages off needs (scripts/bin/wasm-bindgen, src/ui/lazy.rs).
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=dossier=--emit-relocs");
    }
    let mut syllables: Vec<&'static str> = vec![""];
    let mut index: BTreeMap<&'static str, u16> = BTreeMap::new();
    let mut id = |s: &'static str, syllables: &mut Vec<&'static str>| -> u16 {
        *index.entry(s).or_insert_with(|| {
            syllables.push(s);
            assert!(
                syllables.len() <= SEVERAL as usize,
                "syllable indexes use 15 bits"
            );
            (syllables.len() - 1) as u16
        })
    };
    let mut main = Vec::with_capacity((LAST - FIRST + 1) as usize);
    let mut extra: Vec<Vec<u16>> = Vec::new();
    for code in FIRST..=LAST {
        let Some(ch) = char::from_u32(code) else {
            main.push(0);
            continue;
        };
        let Some(first) = ch.to_pinyin() else {
            main.push(0);
            continue;
        };
        let first = typed(first.plain());
        let at = main.len();
        let main_first = id(first, &mut syllables);
        main.push(main_first);
        let mut others: Vec<u16> = Vec::new();
        let multi = ch
            .to_pinyin_multi()
            .into_iter()
            .flatten()
            .map(|p| typed(p.plain()));
        let places = PLACES.iter().filter(|(c, _)| *c == ch).map(|(_, s)| *s);
        for s in multi.chain(places) {
            let n = id(s, &mut syllables);
            if s != first && !others.contains(&n) {
                others.push(n);
            }
        }
        if !others.is_empty() {
            assert!(extra.len() < SEVERAL as usize);
            main[at] = SEVERAL | extra.len() as u16;
            others.insert(0, main_first);
            extra.push(others);
        }
    }

    let opencc = OpenCC::from_config(BuiltinConfig::T2s).expect("OpenCC's t2s tables");
    let mut simplified: Vec<(u16, u16)> = Vec::new();
    for code in FIRST..=LAST {
        let Some(ch) = char::from_u32(code) else {
            continue;
        };
        // To the end of a chain (薴 → 苧 → 苎), so that folding twice is folding once.
        let mut to = ch;
        for _ in 0..4 {
            let next = opencc.convert(to.encode_utf8(&mut [0; 4]));
            let mut chars = next.chars();
            match (chars.next(), chars.next()) {
                (Some(s), None) if s != to && (FIRST..=LAST).contains(&(s as u32)) => to = s,
                _ => break,
            }
        }
        if to != ch {
            simplified.push((code as u16, to as u32 as u16));
        }
    }

    let mut out = String::new();
    writeln!(out, "pub const FIRST: u32 = {FIRST};").unwrap();
    writeln!(out, "pub const SEVERAL: u16 = {SEVERAL};").unwrap();
    writeln!(
        out,
        "pub static SIMPLIFIED: [(u16, u16); {}] = {:?};",
        simplified.len(),
        simplified
    )
    .unwrap();
    writeln!(
        out,
        "pub static SYLLABLES: [&str; {}] = {:?};",
        syllables.len(),
        syllables
    )
    .unwrap();
    writeln!(out, "pub static MAIN: [u16; {}] = {:?};", main.len(), main).unwrap();
    write!(out, "pub static READINGS: [&[u16]; {}] = [", extra.len()).unwrap();
    for readings in &extra {
        write!(out, "&{readings:?},").unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("pinyin_table.rs");
    fs::write(dest, out).unwrap();
    println!("cargo::rerun-if-changed=scripts/pinyin_table.rs");
}
