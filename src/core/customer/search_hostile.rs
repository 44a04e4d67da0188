//! Hostile cases for search (#31): queries and names no one meant to type, search texts
//! restored from a backup that this version never wrote, and a brute-force oracle that
//! the bitset spelling, its prefilters and narrowing must agree with.

use chrono::{DateTime, TimeZone, Utc};

use super::catalogue::{Catalogue, CatalogueEntry, NAME, normalize};
use super::model::{Contact, Customer, Status};
use super::query::{self, Prepared, Query, Sort, narrows, run, run_prepared};
use crate::core::pinyin::{self, Spelling};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap()
}

fn customer(id: &str, name: &str) -> Customer {
    let mut c = Customer {
        id: id.into(),
        archive_no: format!("R07-2026-{id}"),
        ..Default::default()
    };
    c.basic.name = name.into();
    c
}

fn q(text: &str) -> Query {
    Query {
        text: text.into(),
        ..Default::default()
    }
}

/// The names of what `text` finds among `entries`.
fn found(entries: &[CatalogueEntry], text: &str) -> Vec<String> {
    run(entries, &q(text), now())
        .remove(0)
        .rows
        .into_iter()
        .map(|i| entries[i].name.clone())
        .collect()
}

/// A small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The oracle: whether normalized `query` spells a run of `name` (normalized, one
/// line), each character by a prefix (at least one letter) of one of its readings or by
/// itself, written without bitsets, tables of reach or prefilters. Characters beyond
/// the basic plane are not matched by themselves (documented in `pinyin::unit`).
fn oracle_spells(query: &[char], name: &[char]) -> bool {
    let n = query.len();
    if n == 0 || n > Spelling::MAX || !query.iter().any(char::is_ascii_lowercase) {
        return false;
    }
    let mut state = vec![false; n + 1];
    for &c in name {
        state[0] = true;
        let mut next = vec![false; n + 1];
        for p in 0..n {
            if !state[p] {
                continue;
            }
            if query[p] == c && (c as u32) <= 0xFFFF {
                next[p + 1] = true;
            }
            for r in pinyin::readings(c) {
                let r: Vec<char> = r.chars().collect();
                for k in 1..=r.len().min(n - p) {
                    if r[..k] != query[p..p + k] {
                        break;
                    }
                    next[p + k] = true;
                }
            }
        }
        if next[n] {
            return true;
        }
        state = next;
    }
    false
}

/// What the list should show for `query` (no filters), by brute force over the entries.
fn oracle_run(entries: &[CatalogueEntry], prepared: &Prepared, query: &Query) -> Vec<usize> {
    let needle = normalize(&query.text);
    let chars: Vec<char> = needle.chars().collect();
    prepared
        .order
        .iter()
        .copied()
        .filter(|&i| {
            let e = &entries[i];
            let open = e.status != Status::Closed || normalize(&e.archive_no) == needle;
            let names = e.search.split('\n').map_while(|l| l.strip_prefix(NAME));
            let spelt = names
                .clone()
                .any(|l| oracle_spells(&chars, &l.chars().collect::<Vec<_>>()));
            open && (needle.is_empty() || e.search.contains(&needle) || spelt)
        })
        .collect()
}

#[test]
fn every_reading_in_the_table_is_lower_case_ascii_as_the_name_index_assumes() {
    // `Names::set` computes `a - b'a'` on a reading's bytes: anything else would
    // underflow (a panic in a debug build, a wrong bit in a release one).
    let mut bad = Vec::new();
    for code in 0..=0x3_FFFFu32 {
        let Some(c) = char::from_u32(code) else {
            continue;
        };
        for r in pinyin::readings(c) {
            if r.is_empty() || !r.bytes().all(|b| b.is_ascii_lowercase()) {
                bad.push((c, r));
            }
        }
    }
    assert!(bad.is_empty(), "{:?}", &bad[..bad.len().min(20)]);
}

#[test]
fn normalized_text_stays_normalized() {
    // `upgrade` folds any non-ASCII stored text without a name mark again at every
    // load (a Latin name with a Chinese address): folding must not move it further.
    for text in [
        "長城電器 滙豐銀行",
        "ＡＢＣ　１２３",
        "Lü Müller",
        "a\tb\nc\r\u{0}d",
        "合\u{200B}计\u{FEFF}",
        "🍜😀👍🏽",
        "e\u{301}\u{302}",
        "𠮷野家",
        "\u{FFFE}\u{FFFF}",
    ] {
        let once = normalize(text);
        assert_eq!(normalize(&once), once, "{text:?}");
        assert!(!once.contains([NAME, '\n', '\r', '\0']), "{text:?}");
    }
}

#[test]
fn folding_to_simplified_is_stable() {
    let mut moved = Vec::new();
    for code in 0x3400..=0x9FFFu32 {
        let c = char::from_u32(code).unwrap();
        let once = pinyin::simplified(c);
        if pinyin::simplified(once) != once {
            moved.push((c, once, pinyin::simplified(once)));
        }
    }
    assert!(moved.is_empty(), "{moved:?}");
    let entries = [CatalogueEntry::of(&customer("1", "薴麻纺织"))];
    assert_eq!(found(&entries, "苎麻"), ["薴麻纺织"]);
    assert_eq!(found(&entries, "苧麻"), ["薴麻纺织"]);
}

#[test]
fn normalize_is_idempotent_for_letters_whose_lower_case_adds_a_mark() {
    let once = normalize("İstanbul Trading");
    assert_eq!(normalize(&once), once);
    let entries = [CatalogueEntry::of(&customer("1", "İstanbul Trading"))];
    assert_eq!(found(&entries, "istanbul"), ["İstanbul Trading"]);
}

#[test]
fn tabs_newlines_and_other_controls_typed_into_the_query_are_dropped() {
    let entries = [
        CatalogueEntry::of(&customer("1", "张三")),
        CatalogueEntry::of(&customer("2", "李四")),
    ];
    for text in [
        "\t张三",
        "zhang\nsan",
        "\tzs",
        "z\ts",
        "\r\nzs\u{0}",
        "zs\u{200B}",
        "ｚｓ",
        "\u{00A0}zs\u{3000}",
    ] {
        assert_eq!(found(&entries, text), ["张三"], "{text:?}");
    }
    // A query of punctuation, emoji or combining marks alone is no search: everything.
    for text in ["---", "🍜", "\u{301}\u{302}", "\t", "\n\t\n", "\u{0}"] {
        assert_eq!(found(&entries, text).len(), 2, "{text:?}");
    }
}

#[test]
fn queries_at_and_past_the_spelling_limit_neither_panic_nor_spell() {
    let long_name: String = "阿".repeat(200);
    let entries = [
        CatalogueEntry::of(&customer("1", &long_name)),
        CatalogueEntry::of(&customer("2", &"长行重".repeat(100))),
    ];
    let a = |n: usize| "a".repeat(n);
    assert_eq!(found(&entries, &a(1)).len(), 1);
    assert_eq!(found(&entries, &a(62)).len(), 1);
    assert_eq!(found(&entries, &a(63)).len(), 1, "63 letters still spell");
    assert!(
        found(&entries, &a(64)).is_empty(),
        "64 letters are no pinyin"
    );
    assert!(found(&entries, &a(1000)).is_empty());
    // The last position of a 63-character query reached by a reading's prefix.
    let sixty_three = format!("{}zh", "changhangzhong".repeat(4)) + &"c".repeat(5);
    assert_eq!(sixty_three.len(), 63);
    let _ = found(&entries, &sixty_three);
    for n in [62, 63, 64, 65, 127, 128, 1000] {
        let text: String = "zhang".chars().cycle().take(n).collect();
        let _ = found(&entries, &text);
        let mixed: String = "长c行x".chars().cycle().take(n).collect();
        let _ = found(&entries, &mixed);
    }
    assert!(Spelling::new(&"a".repeat(64)).is_none());
    assert!(Spelling::new(&"a".repeat(63)).is_some());
    assert!(Spelling::new("").is_none());
    assert!(Spelling::new("\u{FFFF}a").is_some_and(|s| !s.spells("\u{FFFF}a")));
}

#[test]
fn characters_beyond_the_basic_plane_are_found_literally_and_their_neighbours_by_pinyin() {
    let entries = [CatalogueEntry::of(&customer("1", "𠮷野家餐饮"))];
    assert_eq!(found(&entries, "𠮷野"), ["𠮷野家餐饮"]);
    assert_eq!(found(&entries, "yjcy"), ["𠮷野家餐饮"]);
    assert_eq!(found(&entries, "yejia"), ["𠮷野家餐饮"]);
    // Documented: a character beyond the basic plane is not spelled by itself, so a
    // mixture with it finds nothing (no panic, no false match either).
    assert!(found(&entries, "𠮷yj").is_empty());
    // A name holding the noncharacters the spelling uses for such characters.
    let odd = [CatalogueEntry::of(&customer("2", "\u{FFFE}\u{FFFF}abc"))];
    assert!(found(&odd, "𠮷abc").is_empty());
}

#[test]
fn stored_search_texts_crafted_to_confuse_the_upgrade_and_the_name_lines_do_not_panic() {
    let texts = [
        "",
        "\t",
        "\t\n\t",
        "\n",
        "\n\n\n",
        "\t\t\t",
        "\t张三\t李四",
        "张三\n\t李四",
        "\tZHANG三",
        "\t\u{0}张\u{0}三",
        "\t𠮷\u{FFFF}\u{FFFE}",
        "長城\n\t",
        "\u{FEFF}\t张三",
        "ｚｈａｎｇ\n張三",
        "\t张三\n\t\n\tlisi\nr07",
        "\t\n张三",
    ];
    let mut entries: Vec<CatalogueEntry> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| CatalogueEntry {
            search: (*t).to_owned(),
            ..CatalogueEntry::of(&customer(&format!("{i:02}"), "x"))
        })
        .collect();
    // A very long name line too, as a restored backup may hold.
    entries.push(CatalogueEntry {
        search: format!("{NAME}{}", "重行长".repeat(20_000)),
        ..CatalogueEntry::of(&customer("99", "long"))
    });
    let all = Catalogue::new(entries);
    // Loading twice changes nothing more.
    let again = Catalogue::new(all.to_vec());
    assert_eq!(again, all);
    let prepared = Prepared::new(&all, Sort::Name, now());
    for text in [
        "z",
        "zs",
        "zhangsan",
        "zhang",
        "张三",
        "張",
        "zsan",
        "lisi",
        "ls",
        "\t",
        "a",
        "r07",
        "chongxing",
        "zhonghang",
        "cc",
        "x",
    ] {
        let query = q(text);
        let rows = run_prepared(&all, &prepared, &query, now(), None)
            .remove(0)
            .rows;
        assert_eq!(rows, oracle_run(&all, &prepared, &query), "{text:?}");
    }
}

#[test]
fn a_patched_search_after_crafted_entries_arrive_is_a_search_anew() {
    let base: Vec<CatalogueEntry> = ["张三", "招商银行", "Acme", "曾志伟", "单田芳"]
        .iter()
        .enumerate()
        .map(|(i, n)| CatalogueEntry::of(&customer(&format!("{i}"), n)))
        .collect();
    let mut all = Catalogue::new(base);
    let mut kept = Prepared::new(&all, Sort::Name, now());
    let version = all.version();
    for (id, search) in [
        ("0", "\t"),
        ("1", "\t\n\t"),
        ("5", "\t招\t商"),
        ("6", ""),
        ("7", "\tzhaoshang"),
        ("1", "\t招商银行\n\t张三"),
    ] {
        let mut e = CatalogueEntry::of(&customer(id, "y"));
        e.search = search.into();
        all.upsert(e);
    }
    let changed = all.changed_since(version).expect("same build");
    kept.patch(&all, changed, Sort::Name, now());
    let fresh = Prepared::new(&all, Sort::Name, now());
    assert_eq!(kept.order, fresh.order);
    assert_eq!(kept.signatures, fresh.signatures);
    for text in ["zs", "zsyh", "zhao", "招", "zzw", "stf", "a", "zhaoshang"] {
        let query = q(text);
        assert_eq!(
            run_prepared(&all, &kept, &query, now(), None),
            run(&all, &query, now()),
            "{text}"
        );
    }
}

/// Characters for random names: polyphonic ones, one-letter readings, traditional
/// forms, letters, digits and characters without readings.
const POOL: &[char] = &[
    '行', '长', '重', '曾', '单', '阿', '啊', '嗯', '呒', '朝', '乐', '着', '了', '大', '都', '和',
    '会', '华', '银', '招', '商', '张', '三', '李', '四', '長', '滙', '銀', '0', '1', '8', 'a',
    'b', 'n', 'g', 'z', 'h', 'x', '𠮷', 'é', '·', '吕', '女', '绿',
];

/// A name of `least` to `least + spread - 1` characters of [`POOL`].
fn random_name(rng: &mut Rng, least: usize, spread: usize) -> String {
    let len = least + rng.below(spread);
    (0..len).map(|_| *rng.pick(POOL)).collect()
}

/// A query that spells a run of `name` (each character by a prefix of a reading or by
/// itself), sometimes spoilt by one edit.
fn random_query(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = normalize(name).chars().collect();
    if chars.is_empty() {
        return "a".into();
    }
    let from = rng.below(chars.len());
    let to = from + 1 + rng.below(chars.len() - from);
    let mut out = String::new();
    for &c in &chars[from..to] {
        let readings = pinyin::readings(c);
        if readings.is_empty() || rng.below(5) == 0 {
            out.push(c);
        } else {
            let r = rng.pick(&readings);
            let k = 1 + rng.below(r.len());
            out.push_str(&r[..k]);
        }
    }
    let mut q: Vec<char> = out.chars().collect();
    match rng.below(6) {
        0 if !q.is_empty() => {
            q.remove(rng.below(q.len()));
        }
        1 => {
            let at = rng.below(q.len() + 1);
            q.insert(at, *rng.pick(&['a', 'h', 'g', 'z', 'n', '长', '1']));
        }
        2 if q.len() > 1 => {
            let at = rng.below(q.len() - 1);
            q.swap(at, at + 1);
        }
        _ => {}
    }
    q.into_iter().collect()
}

#[test]
fn the_bitset_spelling_agrees_with_a_brute_force_oracle_on_random_names_and_queries() {
    let mut rng = Rng(0x00C0_FFEE);
    let mut spelt = 0;
    for round in 0..4000 {
        let name = random_name(&mut rng, 1, 12);
        let other = random_name(&mut rng, 1, 12);
        let query = normalize(&random_query(
            &mut rng,
            if round % 3 == 0 { &other } else { &name },
        ));
        let text = normalize(&name);
        let expected = oracle_spells(
            &query.chars().collect::<Vec<_>>(),
            &text.chars().collect::<Vec<_>>(),
        );
        let got = Spelling::new(&query).is_some_and(|s| s.spells(&text));
        assert_eq!(got, expected, "{query:?} on {text:?}");
        spelt += usize::from(got);
    }
    assert!(spelt > 1000, "the oracle is exercised: {spelt}");
}

#[test]
fn search_with_its_prefilters_and_narrowing_agrees_with_the_oracle_key_by_key() {
    let mut rng = Rng(0xD05_5E7);
    let mut customers: Vec<Customer> = (0..300)
        .map(|i| {
            let mut c = customer(&format!("{i:04}"), &random_name(&mut rng, 2, 8));
            if i % 4 == 0 {
                c.contacts = vec![Contact {
                    name: random_name(&mut rng, 2, 3),
                    ..Default::default()
                }];
            }
            if i % 7 == 0 {
                c.address.province = random_name(&mut rng, 3, 1);
            }
            c
        })
        .collect();
    customers[5].status = Status::Dormant;
    let entries: Vec<CatalogueEntry> = customers.iter().map(CatalogueEntry::of).collect();
    let prepared = Prepared::new(&entries, Sort::Name, now());
    let mut checked = 0;
    for round in 0..120 {
        let target = &customers[rng.below(customers.len())];
        let full = random_query(&mut rng, &target.basic.name);
        // Typed key by key, the way the list narrows; sometimes a key deleted or one
        // put in the middle.
        let mut typed: Vec<char> = Vec::new();
        let mut previous: Option<(Query, Vec<usize>)> = None;
        for c in full.chars() {
            typed.push(c);
            if round % 5 == 0 && typed.len() > 2 && rng.below(3) == 0 {
                let at = rng.below(typed.len() - 1);
                if rng.below(2) == 0 {
                    typed.remove(at);
                } else {
                    typed.insert(at, 'h');
                }
            }
            let query = q(&typed.iter().collect::<String>());
            let within = previous
                .as_ref()
                .filter(|(p, _)| narrows(p, &query))
                .map(|(_, rows)| rows.as_slice());
            let rows = run_prepared(&entries, &prepared, &query, now(), within)
                .remove(0)
                .rows;
            assert_eq!(
                rows,
                oracle_run(&entries, &prepared, &query),
                "{:?} (after {:?})",
                query.text,
                previous.as_ref().map(|p| &p.0.text)
            );
            checked += 1;
            previous = Some((query, rows));
        }
    }
    assert!(checked > 300);
}

#[test]
fn names_of_hundreds_of_polyphonic_characters_are_searched_to_the_end() {
    let mut rng = Rng(42);
    let poly = [
        '行', '长', '重', '曾', '单', '阿', '和', '乐', '着', '朝', '都', '会',
    ];
    let entries: Vec<CatalogueEntry> = (0..40)
        .map(|i| {
            let name: String = (0..500).map(|_| *rng.pick(&poly)).collect();
            CatalogueEntry::of(&customer(&format!("{i:03}"), &name))
        })
        .collect();
    let prepared = Prepared::new(&entries, Sort::Name, now());
    for text in [
        "a".repeat(63),
        "a".repeat(64),
        "hang".repeat(15) + "xin",
        "zhangchongxingcenghe".repeat(3) + "hel",
        "c".repeat(63),
        "h".repeat(62) + "z",
        "x".repeat(1000),
        "长".repeat(62) + "z",
    ] {
        let query = q(&text);
        let rows = run_prepared(&entries, &prepared, &query, now(), None)
            .remove(0)
            .rows;
        assert_eq!(rows, oracle_run(&entries, &prepared, &query), "{text}");
    }
}

#[test]
fn narrowing_never_drops_what_a_longer_query_finds() {
    // Typing forward, every result of the longer query must be among the shorter one's.
    // Checked for the subtle cases: a query that becomes too long to spell, one that
    // gains its first letter, a full-width or traditional character typed next.
    let entries: Vec<CatalogueEntry> =
        ["招商银行", "長城電器", "阿".repeat(70).as_str(), "abc贸易"]
            .iter()
            .enumerate()
            .map(|(i, n)| CatalogueEntry::of(&customer(&format!("{i}"), n)))
            .collect();
    let prepared = Prepared::new(&entries, Sort::Name, now());
    for (before, after) in [
        ("招商".to_owned(), "招商y".to_owned()),
        ("长".to_owned(), "長c".to_owned()),
        ("ａ".repeat(63), "ａ".repeat(64)),
        ("abc".to_owned(), "abcm".to_owned()),
        ("a".to_owned(), "ab".to_owned()),
    ] {
        let (b, a) = (q(&before), q(&after));
        assert!(narrows(&b, &a), "{before} → {after}");
        let old = run_prepared(&entries, &prepared, &b, now(), None)
            .remove(0)
            .rows;
        let new = run_prepared(&entries, &prepared, &a, now(), None)
            .remove(0)
            .rows;
        assert!(new.iter().all(|r| old.contains(r)), "{before} → {after}");
    }
}

#[test]
fn a_closed_file_typed_by_its_archive_number_key_by_key_is_found() {
    let mut closed = customer("c", "张山");
    closed.archive_no = "R07-2026-0012".into();
    closed.status = Status::Closed;
    let entries = vec![
        CatalogueEntry::of(&customer("a", "张三")),
        CatalogueEntry::of(&closed),
    ];
    let prepared = Prepared::new(&entries, Sort::Name, now());
    let typed = "R07-2026-0012";
    let mut previous: Option<(Query, Vec<usize>)> = None;
    let mut last = Vec::new();
    for n in 1..=typed.len() {
        let query = q(&typed[..n]);
        let within = previous
            .as_ref()
            .filter(|(p, _)| narrows(p, &query))
            .map(|(_, rows)| rows.as_slice());
        last = run_prepared(&entries, &prepared, &query, now(), within)
            .remove(0)
            .rows;
        previous = Some((query, last.clone()));
    }
    // Pasted in one go it is found; typed, it must be too.
    assert_eq!(found(&entries, typed), ["张山"]);
    assert_eq!(last, [1], "typed key by key");
}

#[test]
fn query_module_full_run_on_an_empty_catalogue_and_on_empty_names() {
    let empty: Vec<CatalogueEntry> = Vec::new();
    assert!(found(&empty, "zs").is_empty());
    let blank = [
        CatalogueEntry::of(&customer("1", "")),
        CatalogueEntry::of(&customer("2", "🍜")),
    ];
    for text in ["", "zs", "r07", "🍜", "\t"] {
        let _ = found(&blank, text);
    }
    let _ = query::sorted(&blank, Sort::Grade, now());
}
