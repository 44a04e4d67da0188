//! The catalogue (目录): one compact entry per file, enough to list, filter, sort, group
//! and search without loading whole files. It is stored beside each file and rewritten
//! in the same transaction, so the two never disagree.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::grade::{self, first_year_end};
use super::model::{CreditGrade, Customer, CustomerId, Importance, SecretLevel, Status};
use crate::core::pinyin;

/// What the list knows about a file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub id: CustomerId,
    pub archive_no: String,
    pub status: Status,
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
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Everything a rep may type to find a file, normalized, one field per line: name,
/// archive number, contacts and phones, address; and for Chinese names their pinyin
/// (`zhangsan`) and initials (`zs`), including other readings of the first character,
/// which is where surnames such as 单 (Shan) and 曾 (Zeng) are read differently.
pub fn search_text(c: &Customer) -> String {
    let mut parts = vec![
        normalize(&c.basic.name),
        normalize(&c.archive_no),
        normalize(&c.basic.phone),
    ];
    parts.extend(pinyin_forms(&c.basic.name));
    for contact in &c.contacts {
        parts.push(normalize(&contact.name));
        parts.extend(pinyin_forms(&contact.name));
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

/// Full pinyin and initials of the Han text in `name`, each reading of its first Han
/// character giving one pair; other characters pass through normalized. Empty for a
/// name without Han characters.
fn pinyin_forms(name: &str) -> Vec<String> {
    let name = normalize(name);
    let Some(first_han) = name.chars().position(|ch| pinyin::reading(ch).is_some()) else {
        return Vec::new();
    };
    let first_char = name.chars().nth(first_han).unwrap_or_default();
    let readings = pinyin::readings(first_char);
    let mut forms = Vec::new();
    for reading in readings {
        let (mut full, mut initials) = (String::new(), String::new());
        for (i, ch) in name.chars().enumerate() {
            let syllable = if i == first_han {
                Some(reading)
            } else {
                pinyin::reading(ch)
            };
            match syllable {
                Some(s) => {
                    full.push_str(s);
                    initials.push_str(&s[..s.chars().next().map_or(0, char::len_utf8)]);
                }
                None => {
                    full.push(ch);
                    initials.push(ch);
                }
            }
        }
        forms.push(full);
        forms.push(initials);
    }
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::core::customer::model::{Contact, CreditAssignment};

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

    fn customer(name: &str) -> Customer {
        let mut c = Customer {
            id: "01J".into(),
            archive_no: "R07-2026-00042".into(),
            ..Default::default()
        };
        c.basic.name = name.into();
        c
    }

    #[test]
    fn chinese_names_are_searchable_by_pinyin_and_initials() {
        let text = search_text(&customer("张三"));
        assert!(text.lines().any(|l| l == "zhangsan"), "{text}");
        assert!(text.lines().any(|l| l == "zs"), "{text}");
        assert!(text.contains("张三"));
    }

    #[test]
    fn surnames_with_other_readings_are_found_by_them() {
        let text = search_text(&customer("曾志伟"));
        assert!(
            text.contains("zengzhiwei") || text.contains("zzw"),
            "{text}"
        );
        assert!(text.contains("cengzhiwei"), "{text}");
        let text = search_text(&customer("单田芳"));
        assert!(text.contains("shantianfang"), "{text}");
    }

    #[test]
    fn archive_numbers_phones_and_contacts_are_searchable_however_typed() {
        let mut c = customer("Acme Trading");
        c.contacts = vec![Contact {
            name: "李四".into(),
            phones: vec!["138-1234 5678".into()],
            ..Default::default()
        }];
        let text = search_text(&c);
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
            assert!(text.contains(&normalize(query)), "{query} not in {text}");
        }
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
}
