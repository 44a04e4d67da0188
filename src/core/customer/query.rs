//! Finding files in the catalogue: search as you type, filters, sorting and grouping.
//! Pure and synchronous; the list screen calls it on every keystroke.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::catalogue::{CatalogueEntry, normalize};
use super::model::{CreditGrade, Importance, SecretLevel, Status};

/// What the user asked the list for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub text: String,
    pub region: Option<String>,
    pub industry: Option<String>,
    pub importance: Option<Importance>,
    pub grade: Option<CreditGrade>,
    pub secret: Option<SecretLevel>,
    /// `None` shows active and dormant files; closed files appear only when asked for
    /// or when the text is their exact archive number.
    pub status: Option<Status>,
    pub sort: Sort,
    pub group: Group,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Name,
    ArchiveNo,
    RecentlyUpdated,
    Grade,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Group {
    #[default]
    None,
    Region,
    Industry,
    Grade,
}

/// A run of results under one heading (the heading is empty without grouping).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultGroup {
    pub key: String,
    /// Indexes into the catalogue slice, in display order.
    pub rows: Vec<usize>,
}

/// Runs `query` over `entries` at `now` (grades depend on the date).
pub fn run(entries: &[CatalogueEntry], query: &Query, now: DateTime<Utc>) -> Vec<ResultGroup> {
    let needle = normalize(&query.text);
    let mut rows: Vec<usize> = (0..entries.len())
        .filter(|&i| {
            let e = &entries[i];
            let status_ok = match query.status {
                Some(s) => e.status == s,
                None => e.status != Status::Closed || normalize(&e.archive_no) == needle,
            };
            status_ok
                && query.region.as_ref().is_none_or(|r| &e.region == r)
                && query.industry.as_ref().is_none_or(|x| &e.industry == x)
                && query.importance.is_none_or(|x| e.importance == x)
                && query.grade.is_none_or(|g| e.grade(now) == g)
                && query.secret.is_none_or(|s| e.secret == s)
                && (needle.is_empty() || e.search.contains(&needle))
        })
        .collect();

    let order = |a: &usize, b: &usize| -> Ordering {
        let (x, y) = (&entries[*a], &entries[*b]);
        let primary = match query.sort {
            Sort::Name => x.name.cmp(&y.name),
            Sort::ArchiveNo => x.archive_no.cmp(&y.archive_no),
            Sort::RecentlyUpdated => y.updated_at.cmp(&x.updated_at),
            Sort::Grade => x
                .grade(now)
                .cmp(&y.grade(now))
                .then_with(|| x.name.cmp(&y.name)),
        };
        primary.then_with(|| x.archive_no.cmp(&y.archive_no))
    };
    rows.sort_by(order);

    let key = |i: usize| -> String {
        let e = &entries[i];
        match query.group {
            Group::None => String::new(),
            Group::Region => e.region.clone(),
            Group::Industry => e.industry.clone(),
            Group::Grade => format!("{:?}", e.grade(now)),
        }
    };
    if query.group == Group::None {
        return vec![ResultGroup {
            key: String::new(),
            rows,
        }];
    }
    let mut groups: Vec<ResultGroup> = Vec::new();
    for i in rows {
        let k = key(i);
        match groups.iter_mut().find(|g| g.key == k) {
            Some(g) => g.rows.push(i),
            None => groups.push(ResultGroup {
                key: k,
                rows: vec![i],
            }),
        }
    }
    // Named groups in order, the unnamed ("not recorded") last.
    groups.sort_by(|a, b| (a.key.is_empty(), &a.key).cmp(&(b.key.is_empty(), &b.key)));
    groups
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::core::customer::model::Customer;

    fn entry(name: &str, region: &str, status: Status) -> CatalogueEntry {
        let mut c = Customer {
            id: name.into(),
            archive_no: format!("R07-2026-{name}"),
            status,
            ..Default::default()
        };
        c.basic.name = name.into();
        c.address.province = region.into();
        CatalogueEntry::of(&c)
    }

    fn names(entries: &[CatalogueEntry], groups: &[ResultGroup]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|g| g.rows.iter().map(|&i| entries[i].name.clone()).collect())
            .collect()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 0, 0, 0).unwrap()
    }

    #[test]
    fn typing_initials_finds_chinese_names_and_closed_files_stay_out() {
        let entries = vec![
            entry("张三", "广东", Status::Active),
            entry("李四", "北京", Status::Active),
            entry("张山", "广东", Status::Closed),
        ];
        let q = Query {
            text: "zs".into(),
            ..Default::default()
        };
        assert_eq!(
            names(&entries, &run(&entries, &q, now())),
            vec![vec!["张三"]]
        );
        let closed = Query {
            text: "zs".into(),
            status: Some(Status::Closed),
            ..Default::default()
        };
        assert_eq!(
            names(&entries, &run(&entries, &closed, now())),
            vec![vec!["张山"]]
        );
        let by_number = Query {
            text: "r07-2026-张山".into(),
            ..Default::default()
        };
        assert_eq!(
            names(&entries, &run(&entries, &by_number, now())),
            vec![vec!["张山"]]
        );
    }

    #[test]
    fn filters_sorting_and_groups_combine() {
        let entries = vec![
            entry("b公司", "广东", Status::Active),
            entry("a公司", "北京", Status::Dormant),
            entry("c公司", "广东", Status::Active),
            entry("d公司", "", Status::Active),
        ];
        let q = Query {
            region: Some("广东".into()),
            ..Default::default()
        };
        assert_eq!(
            names(&entries, &run(&entries, &q, now())),
            vec![vec!["b公司", "c公司"]]
        );
        let grouped = Query {
            group: Group::Region,
            ..Default::default()
        };
        let groups = run(&entries, &grouped, now());
        assert_eq!(
            groups.iter().map(|g| g.key.as_str()).collect::<Vec<_>>(),
            vec!["北京", "广东", ""]
        );
        assert_eq!(
            names(&entries, &groups),
            vec![vec!["a公司"], vec!["b公司", "c公司"], vec!["d公司"]]
        );
    }
}
