//! Dossier's age reader against the community's test vectors: C2SP's CCTV age suite, as
//! the npm package `cctv-age` ships it (installed by scripts/setup.sh). The package is one
//! `index.js` holding each vector file (`// ../testdata/NAME`, then its bytes in base64):
//! a text header of `key: value` lines, an empty line, then the age file, zlib-compressed
//! when the header says `compressed: zlib`.
//!
//! Every vector that needs only what bundles use (X25519 identities, the binary format)
//! must end as it expects: `success` opens to the plaintext whose SHA-256 is `payload`,
//! each failure is refused with the matching `AgeError`. Dossier releases no plaintext
//! from a file that fails, so the suite's check of a partial payload holds trivially.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use data_encoding::{BASE64, HEXLOWER};
use dossier::core::bundle::age::{self, AgeError};
use sha2::{Digest, Sha256};
use x25519_dalek::StaticSecret;

/// Where setup.sh's `npm ci` leaves the suite.
const PACKAGE: &str = "node_modules/cctv-age/index.js";
/// cctv-age 0.2.0 has 143 vectors, 67 of them X25519-only and unarmoured: a missing or
/// half-read package must fail here, never pass with nothing run.
const AT_LEAST_FOUND: usize = 140;
const AT_LEAST_RAN: usize = 65;

/// One vector: its header lines and the age file after them.
struct Vector {
    name: String,
    header: Vec<(String, String)>,
    file: Vec<u8>,
}

impl Vector {
    fn values(&self, key: &str) -> impl Iterator<Item = &str> {
        self.header
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn value(&self, key: &str) -> Option<&str> {
        self.values(key).next()
    }

    /// Why Dossier cannot run this vector, if it cannot: a feature bundles do not use.
    fn skip_reason(&self) -> Option<&'static str> {
        const KNOWN: [&str; 8] = [
            "expect",
            "payload",
            "identity",
            "passphrase",
            "armored",
            "compressed",
            "file key",
            "comment",
        ];
        if self.value("armored").is_some() {
            Some("ASCII armor")
        } else if self.value("passphrase").is_some() {
            Some("scrypt passphrase")
        } else if self
            .values("identity")
            .any(|id| !id.starts_with("AGE-SECRET-KEY-1"))
        {
            Some("hybrid ML-KEM identity")
        } else if self.values("identity").count() > 1 {
            Some("several identities")
        } else if self.value("compressed").is_some_and(|c| c != "zlib") {
            Some("unknown compression")
        } else if self
            .header
            .iter()
            .any(|(k, _)| !KNOWN.contains(&k.as_str()))
        {
            // The suite's README: files with unknown keys are to be ignored.
            Some("unknown header key")
        } else {
            None
        }
    }

    fn age_file(&self) -> Vec<u8> {
        if self.value("compressed") != Some("zlib") {
            return self.file.clone();
        }
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(self.file.as_slice())
            .read_to_end(&mut out)
            .unwrap_or_else(|e| panic!("{}: zlib: {e}", self.name));
        out
    }
}

fn load() -> Vec<Vector> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(PACKAGE);
    let js = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} cannot be read ({e}): run scripts/setup.sh (npm ci)",
            path.display()
        )
    });
    let mut vectors = Vec::new();
    let mut lines = js.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("// ../testdata/") else {
            continue;
        };
        let b64 = lines
            .next()
            .and_then(|l| l.split_once("__toBinary(\""))
            .and_then(|(_, rest)| rest.split_once("\")"))
            .map(|(b64, _)| b64)
            .unwrap_or_else(|| panic!("{name}: no __toBinary(\"…\") after its name"));
        let bytes = BASE64
            .decode(b64.as_bytes())
            .unwrap_or_else(|e| panic!("{name}: base64: {e}"));
        let split = bytes
            .windows(2)
            .position(|w| w == b"\n\n")
            .unwrap_or_else(|| panic!("{name}: no empty line after the header"));
        let header = std::str::from_utf8(&bytes[..split])
            .unwrap_or_else(|e| panic!("{name}: header: {e}"))
            .lines()
            .map(|l| {
                let (k, v) = l
                    .split_once(": ")
                    .unwrap_or_else(|| panic!("{name}: header line {l:?}"));
                (k.to_owned(), v.to_owned())
            })
            .collect();
        vectors.push(Vector {
            name: name.to_owned(),
            header,
            file: bytes[split + 2..].to_vec(),
        });
    }
    vectors
}

/// What went wrong with one vector, or `None` if Dossier did what the suite expects.
fn check(v: &Vector) -> Option<String> {
    let expect = v.value("expect").unwrap_or("(none)");
    let identity = match v.value("identity") {
        Some(line) => match age::parse_identity(line) {
            Some(secret) => secret,
            None => return Some(format!("identity {line:?} does not parse")),
        },
        // Only files that must fail before any key is tried come without one.
        None => StaticSecret::from([7u8; 32]),
    };
    let file = v.age_file();
    let result = match catch_unwind(AssertUnwindSafe(|| age::decrypt(&identity, &file))) {
        Ok(result) => result,
        Err(_) => return Some(format!("expected {expect}, panicked")),
    };
    let allowed: &[AgeError] = match expect {
        "success" => {
            return match result {
                Ok(plain) => {
                    let got = HEXLOWER.encode(&Sha256::digest(plain.as_slice()));
                    (Some(got.as_str()) != v.value("payload"))
                        .then(|| format!("opened to the wrong plaintext (sha256 {got})"))
                }
                Err(e) => Some(format!("expected success, refused: {e:?}")),
            };
        }
        "no match" => &[AgeError::NotForThisKey],
        "HMAC failure" => &[AgeError::HeaderAltered],
        // A file cut before its payload nonce is a header failure to the suite; Dossier
        // says the file is cut short, which is what the user can act on.
        "header failure" => &[AgeError::Malformed, AgeError::Truncated],
        "payload failure" => &[AgeError::PayloadAltered, AgeError::Truncated],
        other => return Some(format!("unknown expectation {other:?}")),
    };
    match result {
        Ok(plain) => Some(format!("expected {expect}, opened {} bytes", plain.len())),
        Err(e) if allowed.contains(&e) => None,
        Err(e) => Some(format!("expected {expect}, refused as {e:?}")),
    }
}

#[test]
fn every_x25519_vector_of_the_cctv_age_suite_ends_as_it_expects() {
    let vectors = load();
    assert!(
        vectors.len() >= AT_LEAST_FOUND,
        "only {} vectors in {PACKAGE}: is cctv-age installed whole?",
        vectors.len()
    );
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ran = 0;
    let mut failures = Vec::new();
    for v in &vectors {
        if let Some(reason) = v.skip_reason() {
            *skipped.entry(reason).or_default() += 1;
            continue;
        }
        ran += 1;
        if let Some(problem) = check(v) {
            failures.push(format!("{}: {problem}", v.name));
        }
    }
    let reasons: Vec<String> = skipped.iter().map(|(r, n)| format!("{r} {n}")).collect();
    eprintln!(
        "age vectors: {ran} ran, {} skipped ({}), {} passed",
        skipped.values().sum::<usize>(),
        reasons.join(", "),
        ran - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(ran >= AT_LEAST_RAN, "only {ran} vectors ran");
}
