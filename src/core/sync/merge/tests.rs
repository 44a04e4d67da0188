use chrono::{DateTime, Utc};

use super::*;
use crate::core::customer::model::{Contact, CreditAssignment, CreditGrade, Status};

fn at(ms: u64, node: &str) -> Hlc {
    Hlc {
        ms,
        counter: 0,
        node: node.into(),
    }
}

fn origin() -> Customer {
    let mut c = Customer {
        id: "c1".into(),
        archive_no: "R07-2026-00001".into(),
        revision: 1,
        ..Customer::default()
    };
    c.basic.name = "江门安信电器".into();
    c.basic.phone = "0750-1111111".into();
    c
}

/// `node` changes `c` with `change` at `ms`.
fn edit(c: &Customer, node: &str, ms: u64, change: impl FnOnce(&mut Customer)) -> Customer {
    let mut after = c.clone();
    change(&mut after);
    after.revision += 1;
    after.updated_at = DateTime::<Utc>::from_timestamp_millis(ms as i64).unwrap();
    record_edit(
        c,
        &mut after,
        &Editor {
            node,
            by: node,
            at: at(ms, node),
        },
    );
    after
}

/// The customer's data and versions, without local bookkeeping.
fn data(c: &Customer) -> (BTreeMap<String, Value>, FieldVersions) {
    (units(c), c.sync.clone())
}

#[test]
fn edits_of_different_fields_on_both_sides_both_survive() {
    let o = origin();
    let rep = edit(&o, "rep", 10, |c| c.basic.phone = "0750-2222222".into());
    let office = edit(&o, "hq", 20, |c| {
        c.credit = Some(CreditAssignment {
            grade: CreditGrade::A,
            by: "王经理".into(),
            at: DateTime::<Utc>::UNIX_EPOCH,
            reason: "回款及时".into(),
        })
    });
    let m = merge(&rep, &office);
    assert_eq!(m.basic.phone, "0750-2222222");
    assert_eq!(m.credit.as_ref().map(|c| c.grade), Some(CreditGrade::A));
    assert!(conflicts(&m).is_empty());
    assert_eq!(data(&m), data(&merge(&office, &rep)));
}

#[test]
fn an_edit_made_after_seeing_the_other_wins_without_conflict() {
    let o = origin();
    let rep = edit(&o, "rep", 10, |c| c.basic.phone = "111".into());
    let office_saw = merge(&o, &rep);
    // Head office's clock is behind, yet its edit came after seeing the rep's.
    let office = edit(&office_saw, "hq", 5, |c| c.basic.phone = "222".into());
    let m = merge(&rep, &office);
    assert_eq!(m.basic.phone, "222");
    assert!(conflicts(&m).is_empty());
}

#[test]
fn the_same_field_edited_apart_is_a_conflict_until_a_person_resolves_it() {
    let o = origin();
    let rep = edit(&o, "rep", 10, |c| c.basic.phone = "rep's".into());
    let office = edit(&o, "hq", 20, |c| c.basic.phone = "office's".into());
    let m = merge(&rep, &office);
    let found = conflicts(&m);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "basic.phone");
    let values: Vec<&Value> = found[0].versions.iter().map(|v| &v.value).collect();
    assert_eq!(
        values,
        [&Value::from("office's"), &Value::from("rep's")],
        "newest first"
    );
    assert_eq!(m.basic.phone, "office's", "meanwhile the newest shows");
    assert_eq!(found[0].versions[1].by, "rep");

    // The rep resolves it; the resolution has seen both and wins everywhere.
    let resolved = edit(&m, "rep", 30, |c| c.basic.phone = "rep's".into());
    assert!(conflicts(&resolved).is_empty());
    let at_office = merge(&office, &resolved);
    assert_eq!(at_office.basic.phone, "rep's");
    assert!(conflicts(&at_office).is_empty());
}

#[test]
fn lists_and_the_credit_grade_merge_whole() {
    let o = origin();
    let rep = edit(&o, "rep", 10, |c| {
        c.contacts = vec![Contact {
            name: "张三".into(),
            ..Contact::default()
        }]
    });
    let office = edit(&o, "hq", 20, |c| {
        c.contacts = vec![Contact {
            name: "李四".into(),
            ..Contact::default()
        }]
    });
    let found = conflicts(&merge(&rep, &office));
    assert_eq!(
        found.iter().map(|c| c.path.as_str()).collect::<Vec<_>>(),
        ["contacts"]
    );
}

#[test]
fn merging_is_idempotent_and_older_copies_change_nothing() {
    let o = origin();
    let v1 = edit(&o, "rep", 10, |c| c.basic.phone = "1".into());
    let v2 = edit(&v1, "rep", 20, |c| c.status = Status::Dormant);
    assert_eq!(data(&merge(&v2, &v2)), data(&v2));
    assert_eq!(data(&merge(&v2, &v1)), data(&v2));
    assert_eq!(data(&merge(&v1, &v2)), data(&v2));
    assert_eq!(data(&merge(&v2, &o)), data(&v2));
}

/// SplitMix64: the same sequence on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_edit(rng: &mut Rng, c: &mut Customer) {
    let v = format!("v{}", rng.below(1000));
    match rng.below(6) {
        0 => c.basic.phone = v,
        1 => c.basic.name = v,
        2 => c.address.city = v,
        3 => c.status = [Status::Active, Status::Dormant, Status::Closed][rng.below(3) as usize],
        4 => {
            c.contacts = vec![Contact {
                name: v,
                ..Contact::default()
            }]
        }
        _ => {
            c.credit = Some(CreditAssignment {
                grade: [CreditGrade::A, CreditGrade::B, CreditGrade::C][rng.below(3) as usize],
                by: String::new(),
                at: DateTime::<Utc>::UNIX_EPOCH,
                reason: v,
            })
        }
    }
}

#[test]
fn random_edits_and_exchanges_converge_whatever_the_order_of_import() {
    const NODES: [&str; 3] = ["rep-a", "hq", "rep-b"];
    for seed in 0..300 {
        let mut rng = Rng(seed);
        let mut copies = [origin(), origin(), origin()];
        let mut ms = 0;
        for _ in 0..(5 + rng.below(25)) {
            ms += 1 + rng.below(5);
            let i = rng.below(3) as usize;
            if rng.below(3) == 0 {
                // A bundle from one copy to another (rep ↔ head office only).
                let (from, to) = if i == 1 {
                    (1, [0, 2][rng.below(2) as usize])
                } else {
                    (i, 1)
                };
                copies[to] = merge(&copies[to], &copies[from]);
            } else {
                // Clocks disagree between machines: up to ±3 ms.
                let skew = rng.below(7);
                let now = (ms + skew).saturating_sub(3);
                let last = copies[i].sync.latest().cloned().unwrap_or_default();
                let stamp = Hlc::tick(&last, now, NODES[i]);
                let mut after = copies[i].clone();
                random_edit(&mut rng, &mut after);
                record_edit(
                    &copies[i],
                    &mut after,
                    &Editor {
                        node: NODES[i],
                        by: NODES[i],
                        at: stamp,
                    },
                );
                copies[i] = after;
            }
        }
        // Head office imports the reps' bundles in either order; the reps then import
        // head office's. Everyone ends with the same file.
        let (a, hq, b) = (&copies[0], &copies[1], &copies[2]);
        let one = merge(&merge(hq, a), b);
        let two = merge(&merge(hq, b), a);
        let three = merge(a, &merge(b, hq));
        assert_eq!(
            data(&one),
            data(&two),
            "seed {seed}: import order changed the result"
        );
        assert_eq!(
            data(&one),
            data(&three),
            "seed {seed}: grouping changed the result"
        );
        assert_eq!(
            data(&merge(a, &one)),
            data(&one),
            "seed {seed}: rep a converges"
        );
        assert_eq!(
            data(&merge(&one, b)),
            data(&one),
            "seed {seed}: rep b converges"
        );
        assert_eq!(data(&merge(&one, &one)), data(&one));
    }
}
