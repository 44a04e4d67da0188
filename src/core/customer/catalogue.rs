//! The catalogue (目录): one compact entry per file, enough to list, filter, sort, group
//! and search without loading whole files. It is stored beside each file and rewritten
//! in the same transaction, so the two never disagree.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::grade::{self, first_year_end};
use std::collections::BTreeMap;

use super::model::{CreditGrade, Customer, CustomerId, Importance, Relation, SecretLevel, Status};
use super::money::Money;
use crate::core::pinyin;

/// What the list knows about a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub id: CustomerId,
    pub archive_no: String,
    pub status: Status,
    /// Left out of an open file's stored entry, so that the storage's index on the
    /// level holds only the files at a sealing level, the ones it is read for.
    #[serde(default, skip_serializing_if = "SecretLevel::is_open")]
    pub secret: SecretLevel,
    pub name: String,
    pub region: String,
    pub industry: String,
    pub importance: Importance,
    /// The grade once the first year is over; [`CatalogueEntry::grade`] applies the year.
    pub grade_established: CreditGrade,
    /// Until when the file is a new customer, and so C.
    pub new_until: DateTime<Utc>,
    pub contact: String,
    pub phone: String,
    pub updated_at: DateTime<Utc>,
    /// Normalized text that search matches against: see [`search_text`].
    pub search: String,
    /// A sealed file's entry as stored: only id, archive number, status and secret level
    /// are real; the rest is blank until the vault is unlocked.
    #[serde(default)]
    pub sealed: bool,
    /// The address card's free-text best time to visit, for the agenda.
    #[serde(default)]
    pub best_visit_time: String,
    /// When the file was created (absent in entries written before reviews existed).
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    /// The latest review (复查), if any.
    #[serde(default)]
    pub last_review: Option<DateTime<Utc>>,
    /// When the sales manager last assigned the credit grade, if ever.
    #[serde(default)]
    pub graded_at: Option<DateTime<Utc>>,
    /// An open emergency report: the file goes to the top of every list.
    #[serde(default)]
    pub emergency: bool,
    /// When the account was closed, for the increase/decrease report.
    #[serde(default)]
    pub closed_on: Option<NaiveDate>,
    /// 直接/间接客户, for the increase/decrease report.
    #[serde(default, skip_serializing_if = "Relation::is_unknown")]
    pub relation: Relation,
    /// Sales by month, as the file has them, for the reports.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sales: BTreeMap<String, Money>,
    /// The contacts' birthdays and anniversaries, for the agenda.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub occasions: Vec<Occasion>,
}

/// A day in a contact's year the rep remembers (客户关怀, seed 002).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occasion {
    pub contact: String,
    pub kind: OccasionKind,
    /// The date as recorded (a birthday's year is the birth year).
    pub date: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OccasionKind {
    Birthday,
    Anniversary,
}

/// The contacts' birthdays and anniversaries of a file.
pub fn occasions(c: &Customer) -> Vec<Occasion> {
    let mut out = Vec::new();
    for contact in &c.contacts {
        for (kind, date) in [
            (OccasionKind::Birthday, contact.birthday),
            (OccasionKind::Anniversary, contact.anniversary),
        ] {
            if let Some(date) = date {
                out.push(Occasion {
                    contact: contact.name.clone(),
                    kind,
                    date,
                });
            }
        }
    }
    out
}

/// Every file's entry, with an index by id: a file's page, the agenda and the visit and
/// complaint lists find an entry in O(log n) instead of a scan (at head office's 100,000
/// files, opening a file scanned the list six times).
///
/// Reads go through `Deref` to the entries as a slice, in no particular order; changes
/// through [`Catalogue::upsert`], [`Catalogue::remove`] and [`Catalogue::replace_each`],
/// which keep the index.
///
/// It also notes where entries were replaced or added since it was last built whole, so
/// that what is computed from every entry (the list's sort order and search signatures)
/// can be brought up to date from those alone: see [`Catalogue::changed_since`].
#[derive(Clone, Debug)]
pub struct Catalogue {
    entries: Vec<CatalogueEntry>,
    /// Positions in `entries`, in the order of their ids.
    by_id: Vec<u32>,
    /// Which build of the entries this is: a new number whenever positions move.
    build: u64,
    /// Positions replaced or added within this build, oldest first.
    changed: Vec<u32>,
}

/// A point in a catalogue's changes, for [`Catalogue::changed_since`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Version {
    build: u64,
    changes: usize,
}

impl Default for Catalogue {
    fn default() -> Catalogue {
        Catalogue::new(Vec::new())
    }
}

impl PartialEq for Catalogue {
    fn eq(&self, other: &Catalogue) -> bool {
        self.entries == other.entries
    }
}

/// A number no catalogue build had before.
fn next_build() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static BUILDS: AtomicU64 = AtomicU64::new(1);
    BUILDS.fetch_add(1, Ordering::Relaxed)
}

impl Catalogue {
    /// The catalogue of `entries`; of two entries with the same id, the later is kept.
    pub fn new(mut entries: Vec<CatalogueEntry>) -> Catalogue {
        for e in &mut entries {
            upgrade(&mut e.search);
        }
        let mut c = Catalogue {
            entries,
            by_id: Vec::new(),
            build: next_build(),
            changed: Vec::new(),
        };
        c.index();
        let same = |w: &[u32]| c.entries[w[0] as usize].id == c.entries[w[1] as usize].id;
        if c.by_id.windows(2).any(same) {
            let entries = std::mem::take(&mut c.entries);
            c.by_id.clear();
            entries.into_iter().for_each(|e| c.upsert(e));
            c.rebuilt();
        }
        c
    }

    /// Where this catalogue stands now, to ask later what changed since.
    pub fn version(&self) -> Version {
        Version {
            build: self.build,
            changes: self.changed.len(),
        }
    }

    /// The positions of the entries replaced or added since `version`, oldest first (a
    /// position may repeat; added entries are at the end); `None` when the catalogue was
    /// built anew since (loaded, imported, a file removed), and everything must be.
    pub fn changed_since(&self, version: Version) -> Option<&[u32]> {
        (version.build == self.build)
            .then(|| self.changed.get(version.changes..))
            .flatten()
    }

    /// Starts a new build: what was computed from the entries must be computed anew.
    fn rebuilt(&mut self) {
        self.build = next_build();
        self.changed.clear();
    }

    /// Notes a change at `position`; past an eighth of the entries, patching costs
    /// about what computing anew does, so a new build starts instead.
    fn note(&mut self, position: usize) {
        if self.changed.len() > 64 + self.entries.len() / 8 {
            self.rebuilt();
        } else {
            self.changed.push(position as u32);
        }
    }

    fn index(&mut self) {
        let entries = &self.entries;
        self.by_id = (0..entries.len() as u32).collect();
        self.by_id
            .sort_by(|&a, &b| entries[a as usize].id.cmp(&entries[b as usize].id));
    }

    /// Where `id` is in `by_id`, or where it would go.
    fn find(&self, id: &str) -> Result<usize, usize> {
        self.by_id
            .binary_search_by(|&i| self.entries[i as usize].id.as_str().cmp(id))
    }

    /// The entry of file `id`.
    pub fn get(&self, id: &str) -> Option<&CatalogueEntry> {
        self.find(id)
            .ok()
            .map(|at| &self.entries[self.by_id[at] as usize])
    }

    /// Puts `entry` in, replacing the entry of the same file.
    pub fn upsert(&mut self, entry: CatalogueEntry) {
        let position = match self.find(&entry.id) {
            Ok(at) => {
                let position = self.by_id[at] as usize;
                self.entries[position] = entry;
                position
            }
            Err(at) => {
                self.by_id.insert(at, self.entries.len() as u32);
                self.entries.push(entry);
                self.entries.len() - 1
            }
        };
        self.note(position);
    }

    /// Takes file `id`'s entry out (a destroyed file), returning it.
    pub fn remove(&mut self, id: &str) -> Option<CatalogueEntry> {
        let at = self.find(id).ok()?;
        let pos = self.by_id.remove(at) as usize;
        let last = self.entries.len() - 1;
        if pos != last {
            // The last entry moves into `pos`: point its slot there first, while the
            // index still finds it.
            let slot = self.find(&self.entries[last].id).expect("indexed");
            self.by_id[slot] = pos as u32;
        }
        self.rebuilt();
        Some(self.entries.swap_remove(pos))
    }

    /// Replaces each entry for which `with` gives a new one. A replacement of another id
    /// (never meant to happen) has the index rebuilt, so lookups stay right either way.
    pub fn replace_each(
        &mut self,
        mut with: impl FnMut(&CatalogueEntry) -> Option<CatalogueEntry>,
    ) {
        let mut moved = false;
        for position in 0..self.entries.len() {
            if let Some(new) = with(&self.entries[position]) {
                moved |= new.id != self.entries[position].id;
                self.entries[position] = new;
                self.note(position);
            }
        }
        if moved {
            *self = Catalogue::new(std::mem::take(&mut self.entries));
        }
    }
}

/// A filter's choices: the different non-empty values of one field, with how many
/// entries have each, brought up to date from the catalogue's changes (see
/// [`Catalogue::changed_since`]) instead of collected from every entry again, which took
/// 25 – 40 ms for one field at 100,000 files after each saved edit.
#[derive(Clone, Debug)]
pub struct Choices {
    field: fn(&CatalogueEntry) -> &str,
    version: Version,
    /// Each entry's value as an index into `counts`, by position.
    of: Vec<u32>,
    /// How many entries have each value.
    counts: Vec<u32>,
    /// Every value seen, sorted, with its index into `counts`.
    sorted: std::collections::BTreeMap<String, u32>,
}

impl Choices {
    /// The choices of `field` over every entry of `all`.
    pub fn new(all: &Catalogue, field: fn(&CatalogueEntry) -> &str) -> Choices {
        let mut choices = Choices {
            field,
            version: all.version(),
            of: Vec::with_capacity(all.len()),
            counts: Vec::new(),
            sorted: Default::default(),
        };
        for e in all.iter() {
            let id = choices.count(field(e));
            choices.of.push(id);
        }
        choices
    }

    /// Brings the choices up to date with `all`: from its changes when it has kept them
    /// since, else counted anew.
    pub fn update(&mut self, all: &Catalogue) {
        let Some(changed) = all.changed_since(self.version) else {
            *self = Choices::new(all, self.field);
            return;
        };
        for &p in changed {
            let p = p as usize;
            if p > self.of.len() {
                // Never meant to happen: added entries come in order.
                *self = Choices::new(all, self.field);
                return;
            }
            if let Some(&old) = self.of.get(p) {
                self.counts[old as usize] -= 1;
            }
            let id = self.count((self.field)(&all[p]));
            if p < self.of.len() {
                self.of[p] = id;
            } else {
                self.of.push(id);
            }
        }
        self.version = all.version();
    }

    /// The values some entry has, sorted.
    pub fn values(&self) -> Vec<String> {
        self.sorted
            .iter()
            .filter(|(v, id)| !v.is_empty() && self.counts[**id as usize] > 0)
            .map(|(v, _)| v.clone())
            .collect()
    }

    /// Counts one more entry with `value`; its index.
    fn count(&mut self, value: &str) -> u32 {
        let id = match self.sorted.get(value) {
            Some(&id) => id,
            None => {
                let id = self.counts.len() as u32;
                self.counts.push(0);
                self.sorted.insert(value.to_owned(), id);
                id
            }
        };
        self.counts[id as usize] += 1;
        id
    }
}

/// The different non-empty values of one field, sorted, collected from every entry: what
/// [`Choices::values`] keeps up to date. Each value is copied once, however many files
/// share it (100,000 files, a few hundred regions).
pub fn distinct(entries: &[CatalogueEntry], field: fn(&CatalogueEntry) -> &str) -> Vec<String> {
    let values: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(field)
        .filter(|v| !v.is_empty())
        .collect();
    values.into_iter().map(str::to_owned).collect()
}

impl std::ops::Deref for Catalogue {
    type Target = [CatalogueEntry];
    fn deref(&self) -> &[CatalogueEntry] {
        &self.entries
    }
}

impl From<Vec<CatalogueEntry>> for Catalogue {
    fn from(entries: Vec<CatalogueEntry>) -> Catalogue {
        Catalogue::new(entries)
    }
}

impl CatalogueEntry {
    pub fn of(c: &Customer) -> CatalogueEntry {
        let new_until = first_year_end(c);
        let contact = c.primary_contact();
        CatalogueEntry {
            id: c.id.clone(),
            archive_no: c.archive_no.clone(),
            status: c.status,
            secret: c.secret,
            name: c.basic.name.clone(),
            region: c.address.region(),
            industry: c.basic.industry.clone(),
            importance: c.importance,
            grade_established: grade::assess(c, new_until).grade,
            new_until,
            contact: contact.map(|x| x.name.clone()).unwrap_or_default(),
            phone: contact
                .and_then(|x| x.phones.first().cloned())
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| c.basic.phone.clone()),
            updated_at: c.updated_at,
            search: search_text(c),
            sealed: false,
            best_visit_time: c.address.best_visit_time.clone(),
            created_at: Some(c.created_at),
            last_review: c.last_review(),
            graded_at: c.credit.as_ref().map(|a| a.at),
            emergency: c.emergency.is_some(),
            closed_on: c.closure.as_ref().map(|k| k.date),
            relation: c.dealings.relation,
            sales: c.sales.clone(),
            occasions: occasions(c),
        }
    }

    /// This entry with everything but id, archive number, status and level blanked.
    pub fn redacted(&self) -> CatalogueEntry {
        CatalogueEntry {
            id: self.id.clone(),
            archive_no: self.archive_no.clone(),
            status: self.status,
            secret: self.secret,
            name: String::new(),
            region: String::new(),
            industry: String::new(),
            importance: Importance::default(),
            grade_established: CreditGrade::default(),
            new_until: DateTime::<Utc>::UNIX_EPOCH,
            contact: String::new(),
            phone: String::new(),
            updated_at: DateTime::<Utc>::UNIX_EPOCH,
            search: normalize(&self.archive_no),
            sealed: true,
            best_visit_time: String::new(),
            created_at: None,
            last_review: None,
            graded_at: None,
            emergency: false,
            closed_on: None,
            relation: Relation::Unknown,
            sales: BTreeMap::new(),
            occasions: Vec::new(),
        }
    }

    /// What storage holds for this file: in full, or redacted if its level seals it.
    pub fn stored(c: &Customer) -> CatalogueEntry {
        if c.secret.is_sealed() {
            CatalogueEntry::of(c).redacted()
        } else {
            CatalogueEntry::of(c)
        }
    }

    /// The effective credit grade at `now`.
    pub fn grade(&self, now: DateTime<Utc>) -> CreditGrade {
        if now < self.new_until {
            CreditGrade::C
        } else {
            self.grade_established
        }
    }
}

/// Lower-case letters, digits and Han characters only: what search compares, so
/// "R07-2026", "r07 2026" and "r072026" are the same, and so are phone spellings.
/// Full-width letters and digits (a Chinese IME in full-width mode types `１３８` and
/// `Ｒ０７`) read as their ASCII forms, ü as v, as every pinyin keyboard types it, and
/// traditional characters as simplified ones (長城 as 长城), so either finds the other.
pub fn normalize(text: &str) -> String {
    // Lower case before the filter: 'İ' lower-cases to i and a combining dot, which the
    // filter then drops.
    text.chars()
        .map(fold)
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// One character as search compares it: see [`normalize`]. Also how a spreadsheet's
/// total words are read (`interchange::totals`).
pub fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        'ü' | 'Ü' => 'v',
        '\u{3400}'.. => pinyin::simplified(c),
        _ => c,
    }
}

/// Marks a line of the search text as a name, which search also matches by its
/// readings (see [`pinyin::Spelling`]). Never in normalized text.
pub const NAME: char = '\t';

/// Brings a search text stored by an earlier version to today's form, in place: the
/// full-width, ü and traditional folding, and the name mark on its first line (an
/// earlier text's first line is the name; its contacts' names go unmarked, but their
/// pinyin lines, written out then, still find them). Today's texts are left alone at
/// the cost of two scans: they have a name mark or are all ASCII.
fn upgrade(search: &mut String) {
    if search.is_ascii() || memchr::memchr(NAME as u8, search.as_bytes()).is_some() {
        return;
    }
    let folded: String = search.chars().map(fold).collect();
    let name_first = folded
        .split('\n')
        .next()
        .is_some_and(|first| first.chars().any(pinyin::is_han));
    *search = if name_first {
        format!("{NAME}{folded}")
    } else {
        folded
    };
}

/// Everything a rep may type to find a file, normalized, one field per line: the file's
/// and its contacts' names, archive number, phones, address. The lines of names in
/// Chinese come first, marked with [`NAME`], and search also matches them by their
/// readings, so `zsyh`, `zhaoshangyinhang` and `yinhang` find 招商银行 without their
/// pinyin being stored.
pub fn search_text(c: &Customer) -> String {
    let name = |n: &str| {
        let n = normalize(n);
        if n.chars().any(pinyin::is_han) {
            format!("{NAME}{n}")
        } else {
            n
        }
    };
    let mut parts: Vec<String> = std::iter::once(&c.basic.name)
        .chain(c.contacts.iter().map(|x| &x.name))
        .map(|n| name(n))
        .collect();
    // The names marked first, where search looks for them.
    parts.sort_by_key(|p| !p.starts_with(NAME));
    parts.push(normalize(&c.archive_no));
    parts.push(normalize(&c.basic.phone));
    for contact in &c.contacts {
        parts.extend(contact.phones.iter().map(|p| normalize(p)));
    }
    let a = &c.address;
    for field in [&a.province, &a.city, &a.district, &a.detail] {
        parts.push(normalize(field));
    }
    parts.retain(|p| !p.is_empty());
    parts.dedup();
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::core::customer::model::{Contact, CreditAssignment};
    use crate::core::customer::query::{self, Query};

    #[test]
    fn the_level_names_storage_indexes_are_the_ones_serde_writes() {
        use crate::core::customer::model::SecretLevel;
        for level in [
            SecretLevel::None,
            SecretLevel::Secret,
            SecretLevel::Confidential,
            SecretLevel::TopSecret,
        ] {
            assert_eq!(serde_json::to_value(level).unwrap(), level.stored_name());
        }
    }

    #[test]
    fn an_open_files_entry_is_stored_without_its_level_and_reads_back_the_same() {
        let mut c = customer("张三");
        let open = CatalogueEntry::of(&c);
        let stored = serde_json::to_value(&open).unwrap();
        assert!(stored.get("secret").is_none(), "{stored}");
        assert_eq!(
            serde_json::from_value::<CatalogueEntry>(stored).unwrap(),
            open
        );

        c.secret = SecretLevel::Secret;
        let sealed = CatalogueEntry::of(&c);
        let stored = serde_json::to_value(&sealed).unwrap();
        assert_eq!(stored["secret"], SecretLevel::Secret.stored_name());
        assert_eq!(
            serde_json::from_value::<CatalogueEntry>(stored).unwrap(),
            sealed
        );
    }

    fn customer(name: &str) -> Customer {
        let mut c = Customer {
            id: "01J".into(),
            archive_no: "R07-2026-00042".into(),
            ..Default::default()
        };
        c.basic.name = name.into();
        c
    }

    /// Whether the list's search for `text` finds `entry`.
    fn finds_entry(entry: &CatalogueEntry, text: &str) -> bool {
        let query = Query {
            text: text.into(),
            ..Default::default()
        };
        query::run(
            std::slice::from_ref(entry),
            &query,
            Utc.with_ymd_and_hms(2026, 12, 7, 0, 0, 0).unwrap(),
        )[0]
        .rows
            == [0]
    }

    fn finds(c: &Customer, text: &str) -> bool {
        finds_entry(&CatalogueEntry::of(c), text)
    }

    #[test]
    fn chinese_names_are_found_by_pinyin_and_initials_without_storing_them() {
        let c = customer("张三");
        for query in ["张三", "zhangsan", "zs", "zhangs", "zsan", "张s"] {
            assert!(finds(&c, query), "{query}");
        }
        for query in ["hangsan", "zsx", "sz"] {
            assert!(!finds(&c, query), "{query}");
        }
        let text = search_text(&c);
        assert_eq!(
            text, "\t张三\nr07202600042",
            "the name, marked, and no pinyin"
        );
    }

    #[test]
    fn full_width_input_traditional_characters_and_v_for_u_umlaut_find_what_they_mean() {
        assert_eq!(normalize("１３８ ０７５０"), "1380750");
        assert_eq!(normalize("Ｒ０７－２０２６"), normalize("R07-2026"));
        assert_eq!(normalize("Lü"), "lv");
        assert_eq!(normalize("長城電器"), "长城电器");
        assert!(finds(&customer("绿地集团"), "lvdi"));
        assert!(finds(&customer("绿地集团"), "lüdi"));
        assert!(finds(&customer("吕梁煤业"), "lvliang"));
        // A name typed in full width is found by what the keyboard types in half width.
        assert!(finds(&customer("ＡＢＣ贸易"), "abc"));
        assert!(finds(&customer("ＡＢＣ贸易"), "ａｂｃｍｙ"));
        // Traditional and simplified find each other, and pinyin finds both.
        assert!(finds(&customer("長城電器"), "长城"));
        assert!(finds(&customer("长城电器"), "長城"));
        assert!(finds(&customer("長城電器"), "changchengdianqi"));
        assert!(finds(&customer("長城電器"), "ccdq"));
    }

    #[test]
    fn entries_stored_before_are_brought_to_todays_form_as_they_load() {
        let mut old = CatalogueEntry::of(&customer("绿地集团"));
        old.search = "绿地集团\nr07\nlüdijituan\nｒ０７\n長城".into();
        let loaded = Catalogue::new(vec![old]);
        let e = loaded.get("01J").unwrap();
        assert_eq!(e.search, "\t绿地集团\nr07\nlvdijituan\nr07\n长城");
        assert!(finds_entry(e, "ldjt") && finds_entry(e, "lvdi"));
        // Today's texts, and texts without Chinese, are left as they are.
        let today = CatalogueEntry::of(&customer("招商银行"));
        let latin = CatalogueEntry::of(&customer("Acme"));
        let sealed = CatalogueEntry {
            id: "01K".into(),
            ..today.redacted()
        };
        let loaded = Catalogue::new(vec![today.clone(), sealed.clone()]);
        assert_eq!(loaded[0].search, today.search);
        assert_eq!(loaded[1].search, sealed.search);
        let loaded = Catalogue::new(vec![latin.clone()]);
        assert_eq!(loaded[0].search, latin.search);
    }

    #[test]
    fn surnames_with_other_readings_are_found_by_them() {
        let c = customer("曾志伟");
        assert!(finds(&c, "zengzhiwei") && finds(&c, "cengzhiwei") && finds(&c, "zzw"));
        assert!(finds(&customer("单田芳"), "shantianfang"));
        assert!(finds(&customer("单田芳"), "stf"));
    }

    #[test]
    fn archive_numbers_phones_and_contacts_are_searchable_however_typed() {
        let mut c = customer("Acme Trading");
        c.contacts = vec![Contact {
            name: "李四".into(),
            phones: vec!["138-1234 5678".into()],
            ..Default::default()
        }];
        for query in [
            "R07-2026-00042",
            "r07 2026",
            "138 1234",
            "13812345678",
            "acme",
            "ls",
            "lisi",
            "李四",
        ] {
            assert!(finds(&c, query), "{query}");
        }
        assert!(!finds(&c, "139"));
    }

    #[test]
    fn the_catalogue_grade_follows_the_first_year() {
        let mut c = customer("新客户");
        c.created_at = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
        c.basic.employees = Some(100);
        c.credit = Some(CreditAssignment {
            grade: CreditGrade::B,
            by: "王经理".into(),
            at: c.created_at,
            reason: String::new(),
        });
        let entry = CatalogueEntry::of(&c);
        assert_eq!(
            entry.grade(Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap()),
            CreditGrade::C
        );
        assert_eq!(
            entry.grade(Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap()),
            CreditGrade::B
        );
    }

    fn entry(id: &str, name: &str) -> CatalogueEntry {
        let mut c = customer(name);
        c.id = id.into();
        CatalogueEntry::of(&c)
    }

    fn names(c: &Catalogue, ids: &[&str]) -> Vec<Option<String>> {
        ids.iter()
            .map(|id| c.get(id).map(|e| e.name.clone()))
            .collect()
    }

    #[test]
    fn the_catalogue_finds_every_file_by_id_whatever_the_order() {
        let ids: Vec<String> = (0..500)
            .map(|i| format!("01K{:05}", (i * 7919) % 500))
            .collect();
        let c = Catalogue::new(
            ids.iter()
                .map(|id| entry(id, &format!("客户{id}")))
                .collect(),
        );
        assert_eq!(c.len(), 500);
        for id in &ids {
            assert_eq!(
                c.get(id).map(|e| e.name.as_str()),
                Some(format!("客户{id}").as_str())
            );
        }
        assert!(c.get("01K99999").is_none());
        assert!(c.get("").is_none());
    }

    #[test]
    fn a_saved_file_replaces_its_entry_and_a_new_one_is_added() {
        let mut c = Catalogue::new(vec![entry("b", "乙"), entry("d", "丁")]);
        c.upsert(entry("b", "乙二"));
        c.upsert(entry("a", "甲"));
        c.upsert(entry("e", "戊"));
        c.upsert(entry("c", "丙"));
        assert_eq!(c.len(), 5, "replacing does not add a row");
        assert_eq!(
            names(&c, &["a", "b", "c", "d", "e", "f"]),
            [
                Some("甲"),
                Some("乙二"),
                Some("丙"),
                Some("丁"),
                Some("戊"),
                None
            ]
            .map(|n| n.map(str::to_owned))
        );
    }

    #[test]
    fn of_two_entries_for_one_file_the_later_is_kept() {
        let c = Catalogue::new(vec![entry("x", "旧"), entry("y", "乙"), entry("x", "新")]);
        assert_eq!(c.len(), 2);
        assert_eq!(
            names(&c, &["x", "y"]),
            [Some("新".to_owned()), Some("乙".to_owned())]
        );
    }

    #[test]
    fn a_destroyed_file_leaves_the_catalogue_and_the_others_stay_findable() {
        let mut c = Catalogue::new(["c", "a", "e", "b", "d"].map(|id| entry(id, id)).to_vec());
        assert_eq!(c.remove("a").map(|e| e.name), Some("a".to_owned()));
        assert!(c.remove("a").is_none(), "already gone");
        assert_eq!(c.remove("d").map(|e| e.name), Some("d".to_owned()));
        assert_eq!(c.len(), 3);
        assert_eq!(
            names(&c, &["a", "b", "c", "d", "e"]),
            [None, Some("b"), Some("c"), None, Some("e")].map(|n| n.map(str::to_owned))
        );
        c.upsert(entry("a", "a2"));
        assert_eq!(names(&c, &["a"]), [Some("a2".to_owned())]);
    }

    #[test]
    fn a_filter_offers_each_region_once_in_order_and_no_blank() {
        let mut entries = Vec::new();
        for (id, region) in [
            ("1", "深圳"),
            ("2", "广州"),
            ("3", ""),
            ("4", "深圳"),
            ("5", "Beijing"),
        ] {
            let mut e = entry(id, id);
            e.region = region.into();
            entries.push(e);
        }
        assert_eq!(
            distinct(&entries, |e| &e.region),
            ["Beijing", "广州", "深圳"]
        );
        assert!(distinct(&entries[2..3], |e| &e.region).is_empty());
    }

    #[test]
    fn changing_entries_in_place_keeps_them_findable() {
        let mut c = Catalogue::new(vec![entry("b", "乙"), entry("a", "甲")]);
        c.replace_each(|e| {
            Some(CatalogueEntry {
                name: format!("{}*", e.name),
                ..e.clone()
            })
        });
        assert_eq!(
            names(&c, &["a", "b"]),
            [Some("甲*".to_owned()), Some("乙*".to_owned())]
        );
        // A change that renames ids (never meant to happen) still leaves lookups right.
        c.replace_each(|e| {
            Some(CatalogueEntry {
                id: format!("z{}", e.id),
                ..e.clone()
            })
        });
        assert_eq!(
            names(&c, &["a", "za", "zb"]),
            [None, Some("甲*".to_owned()), Some("乙*".to_owned())]
        );
    }

    #[test]
    fn the_catalogue_says_which_entries_changed_until_it_is_built_anew() {
        let mut c = Catalogue::new(vec![entry("b", "乙"), entry("d", "丁")]);
        let start = c.version();
        assert_eq!(c.changed_since(start), Some(&[][..]));
        c.upsert(entry("d", "戊"));
        c.upsert(entry("a", "甲"));
        assert_eq!(c.changed_since(start), Some(&[1, 2][..]));
        let later = c.version();
        c.replace_each(|e| (e.id == "b").then(|| entry("b", "己")));
        assert_eq!(c.changed_since(later), Some(&[0][..]));
        // A removal moves an entry: everything computed from positions is stale.
        c.remove("b");
        assert_eq!(c.changed_since(later), None);
        assert_eq!(c.changed_since(start), None);
        // So is what was computed for another catalogue, even an empty one.
        assert_eq!(
            Catalogue::default().changed_since(Catalogue::default().version()),
            None
        );
        // Past an eighth of the entries (and 64), a new build starts.
        let mut big = Catalogue::new((0..100).map(|i| entry(&format!("{i:03}"), "名")).collect());
        let v = big.version();
        for i in 0..80 {
            big.upsert(entry(&format!("{i:03}"), "改"));
        }
        assert_eq!(big.changed_since(v), None);
    }

    #[test]
    fn filter_choices_follow_edits_and_new_files_as_counting_anew_would() {
        let with_region = |id: &str, region: &str| {
            let mut e = entry(id, id);
            e.region = region.to_owned();
            e
        };
        let region: fn(&CatalogueEntry) -> &str = |e| &e.region;
        let mut c = Catalogue::new(vec![
            with_region("a", "广东"),
            with_region("b", "广东"),
            with_region("c", "浙江"),
            with_region("d", ""),
        ]);
        let mut choices = Choices::new(&c, region);
        assert_eq!(choices.values(), ["广东", "浙江"]);
        let steps: [(&str, &str); 7] = [
            ("c", "江苏"), // the only 浙江 file moves: 浙江 goes
            ("d", "上海"), // a file without a region gets one
            ("a", ""),     // one loses its region; 广东 stays for b
            ("e", "浙江"), // a new file brings 浙江 back
            ("b", "江苏"), // the last 广东 file moves
            ("f", ""),     // a new file without a region
            ("e", "浙江"), // saved again, unchanged
        ];
        for (id, r) in steps {
            c.upsert(with_region(id, r));
            choices.update(&c);
            assert_eq!(choices.values(), distinct(&c, region), "after {id} → {r}");
        }
        assert_eq!(choices.values(), ["上海", "江苏", "浙江"]);
        // After a removal the catalogue is built anew, and so are the choices.
        c.remove("d");
        choices.update(&c);
        assert_eq!(choices.values(), ["江苏", "浙江"]);
    }
}
