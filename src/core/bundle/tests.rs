//! Every failure of `../shared/SECURITY.md`'s list, each with its own error, and bytes
//! of any shape never making the reader panic.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use chrono::{DateTime, Utc};

use super::keys::{DeviceKeys, Role};
use super::*;
use crate::core::customer::model::Customer;

struct World {
    office: DeviceKeys,
    rep: DeviceKeys,
    other_rep: DeviceKeys,
    trusted: BTreeMap<String, PublicIdentity>,
}

fn world() -> World {
    let office = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部");
    let rep = DeviceKeys::generate(Role::Field, "R07", "李伟");
    let other_rep = DeviceKeys::generate(Role::Field, "R08", "王芳");
    let trusted = [&rep, &other_rep]
        .into_iter()
        .map(|k| (k.id.clone(), k.public()))
        .collect();
    World {
        office,
        rep,
        other_rep,
        trusted,
    }
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_795_000_000, 0).unwrap()
}

fn contents(n: usize) -> Contents {
    Contents {
        customers: (0..n)
            .map(|i| {
                let mut c = Customer {
                    id: format!("c{i}"),
                    ..Customer::default()
                };
                c.basic.name = format!("客户{i} MARKER");
                c
            })
            .collect(),
        ..Contents::default()
    }
}

fn bundle(w: &World, from: &DeviceKeys, id: &str, seq: u64, c: &Contents) -> Written {
    write(
        Outgoing {
            sender: from,
            recipient: &w.office.public(),
            bundle_id: id.into(),
            sequence: seq,
            created_at: now(),
        },
        c,
    )
}

fn read_as_office(w: &World, bytes: &[u8], custody: &Custody) -> Result<Verified, BundleError> {
    read(
        bytes,
        &Receiver {
            me: &w.office,
            trusted: &w.trusted,
            revoked: &BTreeMap::new(),
            custody,
        },
    )
}

/// The three entries of a bundle.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    [MANIFEST, SIGNATURE, PAYLOAD]
        .iter()
        .map(|name| {
            let mut out = Vec::new();
            zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
            (name.to_string(), out)
        })
        .collect()
}

/// A ZIP of these entries, with correct checksums: what a careful forger makes.
fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), stored).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn tamper(bytes: &[u8], name: &str, change: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut all = entries(bytes);
    change(&mut all.iter_mut().find(|(n, _)| n == name).unwrap().1);
    rezip(&all)
}

#[test]
fn a_bundle_round_trips_and_is_named_for_people() {
    let w = world();
    let c = contents(3);
    let written = bundle(&w, &w.rep, "b1", 5, &c);
    assert_eq!(written.manifest.file_name(), "R07_2026-11-18_0005.dossier");
    let v = read_as_office(&w, &written.bytes, &Custody::default()).unwrap();
    assert_eq!(v.contents, c);
    assert_eq!(v.manifest.counts.customers, 3);
    assert_eq!(v.manifest.sender.rep_code, "R07");
}

#[test]
fn no_customer_data_is_readable_from_the_file() {
    let w = world();
    let written = bundle(&w, &w.rep, "b1", 1, &contents(50));
    let text = String::from_utf8_lossy(&written.bytes);
    assert!(!text.contains("MARKER") && !text.contains("客户"));
}

#[test]
fn an_accidentally_flipped_byte_in_any_entry_is_refused() {
    let w = world();
    let written = bundle(&w, &w.rep, "b1", 1, &contents(2000));
    let mut zip = zip::ZipArchive::new(Cursor::new(written.bytes.as_slice())).unwrap();
    let regions: Vec<(String, u64, u64)> = (0..zip.len())
        .map(|i| {
            let f = zip.by_index(i).unwrap();
            (f.name().to_owned(), f.data_start(), f.size())
        })
        .collect();
    for (name, start, size) in regions {
        for at in [start, start + size / 2, start + size - 1] {
            let mut bad = written.bytes.clone();
            bad[at as usize] ^= 0x20;
            let err = read_as_office(&w, &bad, &Custody::default()).unwrap_err();
            assert_eq!(
                err,
                BundleError::Damaged(format!("{name} fails its checksum")),
                "{name} at {at}"
            );
        }
    }
}

#[test]
fn a_forged_manifest_or_signature_is_refused() {
    let w = world();
    let written = bundle(&w, &w.rep, "b1", 5, &contents(2));
    let later = tamper(&written.bytes, MANIFEST, |m| {
        let text = String::from_utf8(m.clone())
            .unwrap()
            .replace("\"sequence\": 5", "\"sequence\": 9");
        *m = text.into_bytes();
    });
    assert_eq!(
        read_as_office(&w, &later, &Custody::default()).unwrap_err(),
        BundleError::BadSignature
    );
    let bad_sig = tamper(&written.bytes, SIGNATURE, |s| {
        let line = s.iter().position(|&b| b == b'\n').unwrap() + 20;
        s[line] = if s[line] == b'A' { b'B' } else { b'A' };
    });
    assert_eq!(
        read_as_office(&w, &bad_sig, &Custody::default()).unwrap_err(),
        BundleError::BadSignature
    );
}

#[test]
fn a_payload_changed_in_its_header_middle_or_last_chunk_is_refused() {
    let w = world();
    let written = bundle(&w, &w.rep, "b1", 1, &contents(3000));
    let payload_len = entries(&written.bytes)[2].1.len();
    assert!(payload_len > 3 * 64 * 1024, "several chunks: {payload_len}");
    for at in [30, payload_len / 2, payload_len - 10] {
        let bad = tamper(&written.bytes, PAYLOAD, |p| p[at] ^= 1);
        assert_eq!(
            read_as_office(&w, &bad, &Custody::default()).unwrap_err(),
            BundleError::PayloadAltered,
            "at {at}"
        );
    }
}

#[test]
fn a_truncated_or_extended_file_is_refused() {
    let w = world();
    let written = bundle(&w, &w.rep, "b1", 1, &contents(500));
    let len = written.bytes.len();
    for cut in [10, 100, len / 3, len / 2, len - 23, len - 1] {
        let err = read_as_office(&w, &written.bytes[..cut], &Custody::default()).unwrap_err();
        assert_eq!(err, BundleError::Truncated, "cut at {cut} of {len}");
    }
    let mut longer = written.bytes.clone();
    longer.extend_from_slice(b"extra");
    assert!(matches!(
        read_as_office(&w, &longer, &Custody::default()).unwrap_err(),
        BundleError::Damaged(_)
    ));
    // A payload cut short at a chunk boundary, re-signed hash and all, still fails.
    let payload = &entries(&written.bytes)[2].1;
    let short = payload[..payload.len() - 16 - (payload.len() - 200) % (64 * 1024 + 16)].to_vec();
    assert_ne!(
        age::decrypt(&w.office.encryption_secret(), &short).map(|_| ()),
        Ok(())
    );
}

#[test]
fn an_unknown_signer_is_named_for_enrolment_and_changed_keys_are_refused() {
    let mut w = world();
    let stranger = DeviceKeys::generate(Role::Field, "R99", "陌生人");
    let written = bundle(&w, &stranger, "b1", 1, &contents(1));
    match read_as_office(&w, &written.bytes, &Custody::default()).unwrap_err() {
        BundleError::UnknownSigner(who) => {
            assert_eq!(who.rep_code, "R99");
            assert_eq!(who.fingerprint(), stranger.public().fingerprint());
        }
        other => panic!("expected UnknownSigner, got {other:?}"),
    }
    // Someone claims an enrolled device's id with keys of their own.
    let mut impostor = DeviceKeys::generate(Role::Field, "R07", "李伟");
    impostor.id = w.rep.id.clone();
    let written = bundle(&w, &impostor, "b2", 1, &contents(1));
    assert_eq!(
        read_as_office(&w, &written.bytes, &Custody::default()).unwrap_err(),
        BundleError::SignerKeysChanged
    );
    w.trusted.clear();
}

#[test]
fn another_enrolled_device_re_signing_a_copied_payload_is_caught() {
    let w = world();
    let original = bundle(&w, &w.rep, "b1", 1, &contents(2));
    let stolen = entries(&original.bytes)[2].1.clone();
    // R08 builds its own valid manifest around R07's payload.
    let mut manifest = original.manifest.clone();
    manifest.sender = w.other_rep.public();
    manifest.bundle_id = "b-forged".into();
    let manifest_json = serde_json::to_vec_pretty(&manifest).unwrap();
    let sig = minisign::sign(&w.other_rep, &manifest_json, &manifest.trusted_comment());
    let forged = rezip(&[
        (MANIFEST.into(), manifest_json),
        (SIGNATURE.into(), sig.into_bytes()),
        (PAYLOAD.into(), stolen),
    ]);
    assert_eq!(
        read_as_office(&w, &forged, &Custody::default()).unwrap_err(),
        BundleError::Repackaged
    );
}

#[test]
fn a_bundle_for_someone_else_is_refused() {
    let w = world();
    let to_rep = write(
        Outgoing {
            sender: &w.other_rep,
            recipient: &w.rep.public(),
            bundle_id: "b1".into(),
            sequence: 1,
            created_at: now(),
        },
        &contents(1),
    );
    assert!(matches!(
        read_as_office(&w, &to_rep.bytes, &Custody::default()).unwrap_err(),
        BundleError::WrongRecipient(who) if who.contains("R07")
    ));
}

#[test]
fn replayed_older_and_reused_bundles_are_refused() {
    let w = world();
    let b5 = bundle(&w, &w.rep, "b5", 5, &contents(1));
    let mut custody = Custody::default();
    read_as_office(&w, &b5.bytes, &custody).unwrap();
    custody.last_sequence.insert(w.rep.id.clone(), 5);
    custody.applied.insert("b5".into());
    assert_eq!(
        read_as_office(&w, &b5.bytes, &custody).unwrap_err(),
        BundleError::AlreadyImported
    );
    let b4 = bundle(&w, &w.rep, "b4", 4, &contents(1));
    assert_eq!(
        read_as_office(&w, &b4.bytes, &custody).unwrap_err(),
        BundleError::Replayed { found: 4, last: 5 }
    );
    let same_number = bundle(&w, &w.rep, "b5-again", 5, &contents(1));
    assert_eq!(
        read_as_office(&w, &same_number.bytes, &custody).unwrap_err(),
        BundleError::Replayed { found: 5, last: 5 }
    );
    let b6 = bundle(&w, &w.rep, "b6", 6, &contents(1));
    assert!(read_as_office(&w, &b6.bytes, &custody).is_ok());
}

#[test]
fn a_newer_format_is_refused_not_guessed_at() {
    let w = world();
    let written = bundle(&w, &w.rep, "b1", 1, &contents(1));
    let with_version = |version: u32| {
        let mut manifest = written.manifest.clone();
        manifest.version = version;
        let json = serde_json::to_vec_pretty(&manifest).unwrap();
        let sig = minisign::sign(&w.rep, &json, &manifest.trusted_comment());
        let mut all = entries(&written.bytes);
        all[0].1 = json;
        all[1].1 = sig.into_bytes();
        all
    };
    let mut all = with_version(VERSION + 1);
    assert_eq!(
        read_as_office(&w, &rezip(&all), &Custody::default()).unwrap_err(),
        BundleError::NewerFormat(VERSION + 1)
    );
    // Even when the newer manifest has fields this build does not know.
    all[0].1 = format!(
        r#"{{"format":"dossier-bundle","version":{},"parts":[]}}"#,
        VERSION + 2
    )
    .into_bytes();
    assert_eq!(
        read_as_office(&w, &rezip(&all), &Custody::default()).unwrap_err(),
        BundleError::NewerFormat(VERSION + 2)
    );
    // A bundle of an earlier version (1, before app sentences) still reads.
    assert_eq!(VERSION, 2);
    assert!(read_as_office(&w, &rezip(&with_version(1)), &Custody::default()).is_ok());
}

#[test]
fn non_zip_input_and_oversized_entries_are_refused() {
    let w = world();
    for junk in [&b""[..], b"hello", b"%PDF-1.7 ...", &[0u8; 5000]] {
        assert_eq!(
            read_as_office(&w, junk, &Custody::default()).unwrap_err(),
            BundleError::NotABundle
        );
    }
    let written = bundle(&w, &w.rep, "b1", 1, &contents(1));
    let mut all = entries(&written.bytes);
    all[0].1 = vec![b' '; 300 * 1024];
    assert_eq!(
        read_as_office(&w, &rezip(&all), &Custody::default()).unwrap_err(),
        BundleError::TooLarge
    );
    all.push(("extra.txt".into(), b"x".to_vec()));
    assert_eq!(
        read_as_office(&w, &rezip(&all), &Custody::default()).unwrap_err(),
        BundleError::NotABundle
    );
}

#[test]
fn arbitrary_and_mutated_bytes_never_panic() {
    let w = world();
    let good = bundle(&w, &w.rep, "b1", 1, &contents(20)).bytes;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    for round in 0..1500 {
        let bytes: Vec<u8> = match round % 3 {
            0 => (0..(next() % 400)).map(|_| next() as u8).collect(),
            1 => {
                let mut b = good.clone();
                for _ in 0..=(next() % 4) {
                    let at = (next() as usize) % b.len();
                    b[at] = next() as u8;
                }
                b
            }
            _ => good[..(next() as usize) % good.len()].to_vec(),
        };
        let _ = read_as_office(&w, &bytes, &Custody::default());
    }
}

#[test]
fn the_sliced_hash_is_the_standard_sha256() {
    // FIPS 180-2's "abc", and a length across several slices with a ragged end: the
    // custody log's hashes are compared with `sha256sum` of the file on the USB stick.
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let long: Vec<u8> = (0..200_003u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(sha256_hex(&long), HEXLOWER.encode(&Sha256::digest(&long)));
    assert_eq!(
        sha256_hex(&[]),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn a_bundle_written_from_stored_text_reads_back_as_the_same_records() {
    use crate::core::complaint::Complaint;
    use crate::core::customer::generate;
    use crate::core::customer::history::{ChangeKind, HistoryEntry};
    use crate::core::visit::model::{Visit, VisitStatus};
    use serde_json::value::RawValue;

    let w = world();
    let customers = generate::customers(20, 7, "R07", now());
    let c = Contents {
        history: customers
            .iter()
            .map(|c| HistoryEntry {
                id: format!("h-{}", c.id),
                customer_id: c.id.clone(),
                at: now(),
                by: "李伟".into(),
                reason: Default::default(),
                kind: ChangeKind::Created,
                revision: 1,
                changes: Vec::new(),
            })
            .collect(),
        visits: customers
            .iter()
            .map(|c| Visit {
                id: format!("v-{}", c.id),
                customer_id: c.id.clone(),
                status: VisitStatus::Submitted,
                summary: format!("{} 洽谈 \"引号\" \\ 反斜杠", c.basic.name),
                ..Visit::default()
            })
            .collect(),
        complaints: vec![Complaint {
            id: "k1".into(),
            customer_id: customers[0].id.clone(),
            ..Complaint::default()
        }],
        ack: Some(Ack {
            sequence: 3,
            exported_at: now(),
        }),
        customers,
        ..Contents::default()
    };
    fn text<T: serde::Serialize>(records: &[T]) -> Vec<Box<RawValue>> {
        records
            .iter()
            .map(|r| RawValue::from_string(serde_json::to_string(r).unwrap()).unwrap())
            .collect()
    }
    let stored = StoredContents {
        customers: text(&c.customers),
        history: text(&c.history),
        visits: text(&c.visits),
        complaints: text(&c.complaints),
        viewings: c.viewings.clone(),
        destructions: c.destructions.clone(),
        ack: c.ack.clone(),
        reference: c.reference.clone(),
        ..StoredContents::default()
    };
    let written = write(
        Outgoing {
            sender: &w.rep,
            recipient: &w.office.public(),
            bundle_id: "b-stored".into(),
            sequence: 1,
            created_at: now(),
        },
        &stored,
    );
    assert_eq!(written.manifest.counts, c.counts());
    let v = read_as_office(&w, &written.bytes, &Custody::default()).unwrap();
    assert_eq!(v.contents, c);
}

/// The little-endian number of `width` bytes at `at`.
fn field(bytes: &[u8], at: usize, width: usize) -> usize {
    bytes[at..at + width]
        .iter()
        .rev()
        .fold(0, |n, b| n << 8 | usize::from(*b))
}

/// `bytes` (a ZIP without a comment) with `junk` put in at `at`, every offset in the
/// central directory and end record that pointed at or past it moved along: what a
/// careful forger makes, so that any ZIP reader still opens it.
fn insert_with_offsets_fixed(bytes: &[u8], at: usize, junk: &[u8]) -> Vec<u8> {
    let mut out = [&bytes[..at], junk, &bytes[at..]].concat();
    let moved = |n: usize| if n >= at { n + junk.len() } else { n };
    let set = |out: &mut Vec<u8>, at: usize, n: usize| {
        out[at..at + 4].copy_from_slice(&u32::try_from(n).unwrap().to_le_bytes());
    };
    let end = out.len() - 22;
    assert!(out[end..].starts_with(b"PK\x05\x06"));
    let directory = moved(field(&out, end + 16, 4));
    set(&mut out, end + 16, directory);
    let mut record = directory;
    for _ in 0..field(&out, end + 10, 2) {
        assert!(out[record..].starts_with(b"PK\x01\x02"));
        let local = moved(field(&out, record + 42, 4));
        set(&mut out, record + 42, local);
        record += 46
            + field(&out, record + 28, 2)
            + field(&out, record + 30, 2)
            + field(&out, record + 32, 2);
    }
    out
}

/// Where an entry's local header starts.
fn header_start(bytes: &[u8], name: &str) -> usize {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    zip.by_name(name).unwrap().header_start() as usize
}

#[test]
fn a_bundle_holds_its_three_entries_once_each_back_to_back_and_nothing_else() {
    let w = world();
    let written = bundle(&w, &w.rep, "b1", 1, &contents(5));
    let read = |bytes: &[u8]| read_as_office(&w, bytes, &Custody::default()).map(|_| ());
    let damaged = |bytes: &[u8], why: &str| match read(bytes) {
        Err(BundleError::Damaged(d)) => assert!(d.contains(why), "{d:?} should say {why:?}"),
        other => panic!("{other:?}: should be refused as damaged: {why}"),
    };
    assert_eq!(
        read(&written.bytes),
        Ok(()),
        "the bundle as written is accepted"
    );
    let all = entries(&written.bytes);

    // (a) A second `payload.age`, listed before the real one: a reader that keeps the last
    // of a name and a tool that extracts the first would see different records. The ZIP
    // writer refuses a repeated name, so it is written under another and renamed.
    let mut twice = all.clone();
    twice.insert(2, ("payload.agX".into(), b"other records".to_vec()));
    let mut bytes = rezip(&twice);
    let mut renamed = 0;
    for at in 0..bytes.len() - 11 {
        if &bytes[at..at + 11] == b"payload.agX" {
            bytes[at + 10] = b'e';
            renamed += 1;
        }
    }
    assert_eq!(renamed, 2, "the local header and the directory");
    damaged(&bytes, "4 entries under 3 names");

    // (b) A fourth entry.
    let mut four = all.clone();
    four.push(("notes.txt".into(), b"x".to_vec()));
    assert_eq!(read(&rezip(&four)), Err(BundleError::NotABundle));

    // (c) 16 bytes between the manifest and the signature, the offsets fixed up.
    let at = header_start(&written.bytes, SIGNATURE);
    assert!(at > 0);
    let between = insert_with_offsets_fixed(&written.bytes, at, &[0xAB; 16]);
    assert_eq!(
        header_start(&between, SIGNATURE),
        at + 16,
        "a ZIP reader follows"
    );
    damaged(&between, "bytes between its entries");

    // (d) Bytes before the first entry, with the offsets fixed up or left for the reader to
    // find (as for a self-extracting archive).
    damaged(
        &insert_with_offsets_fixed(&written.bytes, 0, &[0xAB; 16]),
        "bytes before its first entry",
    );
    damaged(
        &[&[0xABu8; 16][..], &written.bytes].concat(),
        "bytes before its first entry",
    );

    // Bytes after the last entry's data, before the central directory, and between the
    // directory and the end record.
    let end = written.bytes.len() - 22;
    let directory = field(&written.bytes, end + 16, 4);
    damaged(
        &insert_with_offsets_fixed(&written.bytes, directory, &[0xAB; 16]),
        "between its last entry and its directory",
    );
    damaged(
        &[&written.bytes[..end], &[0u8; 16], &written.bytes[end..]].concat(),
        "between its directory and its end record",
    );

    // A local header naming another file than the directory does: a tool that walks the
    // local headers would extract something else.
    let mut bytes = written.bytes.clone();
    let at = header_start(&bytes, PAYLOAD) + 30;
    assert_eq!(&bytes[at..at + PAYLOAD.len()], PAYLOAD.as_bytes());
    bytes[at + PAYLOAD.len() - 1] = b'X';
    damaged(&bytes, "local header");
}
