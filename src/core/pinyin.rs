//! Pinyin readings of Chinese characters, from a table `build.rs` generates out of the
//! `pinyin` crate's data (basic and Extension A ideographs; tone marks dropped).

mod table {
    include!(concat!(env!("OUT_DIR"), "/pinyin_table.rs"));
}

/// The usual reading of `ch` (`'张'` → `"zhang"`), if it is a Chinese character.
pub fn reading(ch: char) -> Option<&'static str> {
    let i = (ch as u32).checked_sub(table::FIRST)? as usize;
    match *table::MAIN.get(i)? {
        0 => None,
        n => Some(table::SYLLABLES[n as usize]),
    }
}

/// Every reading of `ch`, the usual one first (`'曾'` → `["ceng", "zeng"]`).
pub fn readings(ch: char) -> Vec<&'static str> {
    let Some(first) = reading(ch) else {
        return Vec::new();
    };
    let mut all = vec![first];
    if let Ok(i) = table::OTHER.binary_search_by_key(&(ch as u32), |(code, _)| *code) {
        all.extend(
            table::OTHER[i]
                .1
                .iter()
                .map(|&n| table::SYLLABLES[n as usize]),
        );
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_come_from_the_table() {
        assert_eq!(reading('张'), Some("zhang"));
        assert_eq!(reading('三'), Some("san"));
        assert_eq!(reading('a'), None);
        assert_eq!(reading('𠀀'), None, "beyond the table");
        assert!(readings('曾').contains(&"zeng") && readings('曾').contains(&"ceng"));
        assert!(readings('单').contains(&"shan"));
        assert_eq!(readings('三'), vec!["san"]);
    }
}
