//! Bundles (`.dossier` files): what a rep's laptop and head office carry to each other
//! on a USB stick. A bundle is a ZIP (stored, not compressed) of three entries:
//!
//! - `manifest.json`: format, version, bundle id, sender (with its public keys),
//!   recipient, per-sender sequence number, time, counts, and the payload's SHA-256;
//! - `manifest.json.minisig`: the sender's Ed25519 signature of the manifest in minisign's
//!   format, whose trusted comment repeats bundle id, sequence and sender;
//! - `payload.age`: the records, encrypted to the recipient's X25519 key in age's format;
//!   the plaintext repeats bundle id and sender, so a payload moved into another signed
//!   manifest is caught.
//!
//! [`read`] checks, in this order, before anything is written: size and container,
//! format version, signer and signature, recipient, sequence and bundle id, payload hash,
//! decryption to the last byte, inner ids. Each failure has its own [`BundleError`].
//! The format is documented in `docs/BUNDLE_FORMAT.md`.

pub mod age;
pub mod backup;
pub mod exchange;
pub mod keys;
pub mod minisign;
pub mod plan;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};

use chrono::{DateTime, Utc};
use data_encoding::HEXLOWER;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use self::keys::{DeviceKeys, PublicIdentity};
use crate::core::complaint::Complaint;
use crate::core::customer::history::HistoryEntry;
use crate::core::customer::model::Customer;
use crate::core::vault::log::ViewingEntry;
use crate::core::visit::model::Visit;

pub const FORMAT: &str = "dossier-bundle";
/// The format version this build writes, and the highest it reads. A bundle of a
/// higher version is refused with "made by a newer Dossier", never parsed on a
/// best-effort basis. Version 2: a reason may be an app sentence kept as its message
/// and parameters (`{"msg": "ImportReason", …}`, see `core::i18n::note`), which a
/// version-1 reader would call damaged; version-1 bundles read as before.
pub const VERSION: u32 = 2;

pub const MANIFEST: &str = "manifest.json";
pub const SIGNATURE: &str = "manifest.json.minisig";
pub const PAYLOAD: &str = "payload.age";

/// Larger files are refused before they are read.
pub const MAX_BUNDLE_BYTES: usize = 1 << 30;
const MAX_MANIFEST_BYTES: u64 = 256 * 1024;
const MAX_SIGNATURE_BYTES: u64 = 4 * 1024;

/// Why a bundle was refused. Nothing is written when any of these is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BundleError {
    #[error("the file is larger than any bundle can be")]
    TooLarge,
    #[error("this is not a Dossier bundle")]
    NotABundle,
    #[error("the bundle is damaged: {0}")]
    Damaged(String),
    #[error("made by a newer Dossier (format {0}): update Dossier first")]
    NewerFormat(u32),
    #[error("signed by a device this office has not enrolled")]
    UnknownSigner(Box<PublicIdentity>),
    #[error("the sender's keys differ from the ones enrolled for it")]
    SignerKeysChanged,
    #[error("the bundle names its sender differently from the device enrolled ({0})")]
    IdentityChanged(String),
    #[error("signed by a device head office revoked")]
    Revoked(Box<exchange::Revocation>),
    #[error("the signature does not match: the bundle was altered or forged")]
    BadSignature,
    #[error("this bundle is addressed to someone else ({0})")]
    WrongRecipient(String),
    #[error("this bundle was already imported")]
    AlreadyImported,
    #[error("an older bundle (number {found}) than one already applied ({last})")]
    Replayed { found: u64, last: u64 },
    #[error("the records do not match the signed manifest")]
    PayloadAltered,
    #[error("the file is cut short")]
    Truncated,
    #[error("the records cannot be opened with this office's key")]
    NotForThisKey,
    #[error("the records were taken from another bundle and signed again")]
    Repackaged,
}

/// Who a bundle is from or to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub id: String,
    pub rep_code: String,
    pub name: String,
}

/// How many records of each kind a bundle holds: shown before export and import.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub customers: usize,
    pub history: usize,
    pub visits: usize,
    pub complaints: usize,
    pub viewings: usize,
}

/// `manifest.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub bundle_id: String,
    /// The sender, with its public keys (how a new device introduces itself).
    pub sender: PublicIdentity,
    pub recipient: Party,
    /// 1, 2, 3… per sender; an importer applies only numbers above the last applied.
    pub sequence: u64,
    pub created_at: DateTime<Utc>,
    pub counts: Counts,
    pub payload_sha256: String,
    pub payload_size: u64,
}

impl Manifest {
    /// What the signature's trusted comment must say.
    fn trusted_comment(&self) -> String {
        format!(
            "dossier bundle={} seq={} from={} to={}",
            self.bundle_id, self.sequence, self.sender.id, self.recipient.id
        )
    }

    /// `R07_2026-11-22_0005.dossier`.
    pub fn file_name(&self) -> String {
        format!(
            "{}_{}_{:04}.dossier",
            safe(&self.sender.rep_code),
            self.created_at.format("%Y-%m-%d"),
            self.sequence
        )
    }
}

fn safe(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if s.is_empty() { "DOSSIER".into() } else { s }
}

/// The records a bundle carries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contents {
    pub customers: Vec<Customer>,
    pub history: Vec<HistoryEntry>,
    pub visits: Vec<Visit>,
    pub complaints: Vec<Complaint>,
    pub viewings: Vec<ViewingEntry>,
    /// Files destroyed (销毁): the receiver erases its copy and keeps the record.
    pub destructions: Vec<crate::core::customer::destruction::DestructionRecord>,
    /// The latest bundle the sender applied from the recipient, so the recipient's next
    /// bundle need only carry what changed after it.
    pub ack: Option<Ack>,
    /// Head office's reference lists.
    pub reference: Option<crate::core::reference::ReferenceLists>,
    /// A rep's proposals of head-office decisions, each with its reason (rep → office).
    pub proposals: Vec<crate::core::authority::proposal::Proposal>,
    /// Head office's decisions on a rep's proposals (office → the rep).
    pub decisions: Vec<crate::core::authority::proposal::Returned>,
    /// What happened to the sending laptop's locks: failed unlocks, a recovery key used,
    /// a restore (rep → office).
    pub events: Vec<crate::core::security::SecurityEvent>,
    /// Leak reports filed on the sending laptop (rep → office).
    pub leaks: Vec<crate::core::security::LeakReport>,
    /// The rep's sent monthly reports not yet answered (rep → office).
    pub reports: Vec<crate::core::monthly::Report>,
    /// Head office's review and passing on of the rep's reports (office → the rep).
    pub report_returns: Vec<crate::core::monthly::Returned>,
}

/// "I have applied your bundle number `sequence`, made at `exported_at`."
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub sequence: u64,
    pub exported_at: DateTime<Utc>,
}

impl Contents {
    pub fn counts(&self) -> Counts {
        Counts {
            customers: self.customers.len(),
            history: self.history.len(),
            visits: self.visits.len(),
            complaints: self.complaints.len(),
            viewings: self.viewings.len(),
        }
    }
}

/// [`Contents`] whose records are still the JSON text they were stored as. They go into
/// the payload as they are: the same payload [`Contents`] gives, without decoding every
/// record and encoding it again (about a second of an export of 10,000 files). The text
/// must be what serde_json makes of the record's type, which storage guarantees.
#[derive(Debug, Default, Serialize)]
pub struct StoredContents {
    pub customers: Vec<Box<RawValue>>,
    pub history: Vec<Box<RawValue>>,
    pub visits: Vec<Box<RawValue>>,
    pub complaints: Vec<Box<RawValue>>,
    pub viewings: Vec<ViewingEntry>,
    pub destructions: Vec<crate::core::customer::destruction::DestructionRecord>,
    pub ack: Option<Ack>,
    pub reference: Option<crate::core::reference::ReferenceLists>,
    pub proposals: Vec<crate::core::authority::proposal::Proposal>,
    pub decisions: Vec<crate::core::authority::proposal::Returned>,
    pub events: Vec<crate::core::security::SecurityEvent>,
    pub leaks: Vec<crate::core::security::LeakReport>,
    pub reports: Vec<crate::core::monthly::Report>,
    pub report_returns: Vec<crate::core::monthly::Returned>,
}

/// What a bundle can be written from: [`Contents`] or [`StoredContents`].
pub trait Records: Serialize {
    fn counts(&self) -> Counts;
    /// About how many bytes the records take as JSON, if known: the payload is written
    /// into a buffer of that size rather than one grown (and copied) as it fills.
    fn json_len(&self) -> usize {
        0
    }
}

impl Records for Contents {
    fn counts(&self) -> Counts {
        Contents::counts(self)
    }
}

impl Records for StoredContents {
    fn counts(&self) -> Counts {
        Counts {
            customers: self.customers.len(),
            history: self.history.len(),
            visits: self.visits.len(),
            complaints: self.complaints.len(),
            viewings: self.viewings.len(),
        }
    }

    fn json_len(&self) -> usize {
        [
            &self.customers,
            &self.history,
            &self.visits,
            &self.complaints,
        ]
        .iter()
        .flat_map(|records| records.iter())
        .map(|r| r.get().len() + 1)
        .sum()
    }
}

/// The plaintext of `payload.age`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
struct Payload {
    bundle_id: String,
    sender_id: String,
    contents: Contents,
}

/// [`Payload`] as written, borrowing the records rather than copying them.
#[derive(Serialize)]
struct PayloadRef<'a, C> {
    bundle_id: &'a str,
    sender_id: &'a str,
    contents: &'a C,
}

/// What [`write`] needs besides the records.
pub struct Outgoing<'a> {
    pub sender: &'a DeviceKeys,
    pub recipient: &'a PublicIdentity,
    pub bundle_id: String,
    pub sequence: u64,
    pub created_at: DateTime<Utc>,
}

/// A finished bundle: its manifest (for the custody log and the file name) and bytes.
pub struct Written {
    pub manifest: Manifest,
    pub bytes: Vec<u8>,
}

/// Builds a signed, encrypted bundle of `contents`.
pub fn write(out: Outgoing, contents: &impl Records) -> Written {
    let sealed = seal(out, contents);
    let hash = sha256_hex(sealed.payload());
    sealed.finish(hash)
}

/// A bundle's encrypted payload, waiting for its SHA-256 to be signed: [`write`] in two
/// steps, so that the browser can hash with its own native SHA-256 (WebCrypto, which is
/// asynchronous) instead of [`sha256_hex`] in wasm.
pub struct Sealed<'a> {
    out: Outgoing<'a>,
    counts: Counts,
    encrypted: Vec<u8>,
}

/// Encrypts `contents` for [`Sealed::finish`].
pub fn seal<'a>(out: Outgoing<'a>, contents: &impl Records) -> Sealed<'a> {
    let payload = PayloadRef {
        bundle_id: &out.bundle_id,
        sender_id: &out.sender.id,
        contents,
    };
    let mut plain = zeroize::Zeroizing::new(Vec::with_capacity(contents.json_len() + 64 * 1024));
    serde_json::to_writer(&mut *plain, &payload).expect("records serialize");
    let recipient_key = out
        .recipient
        .encryption_key()
        .expect("enrolled identities have valid keys");
    let encrypted = age::encrypt(&[recipient_key], &plain);
    Sealed {
        out,
        counts: contents.counts(),
        encrypted,
    }
}

impl Sealed<'_> {
    /// The bytes whose SHA-256 [`Sealed::finish`] takes.
    pub fn payload(&self) -> &[u8] {
        &self.encrypted
    }

    /// Signs the manifest with `payload_sha256` (lowercase hex of [`Sealed::payload`]'s
    /// SHA-256) and packs the bundle.
    pub fn finish(self, payload_sha256: String) -> Written {
        let Sealed {
            out,
            counts,
            encrypted,
        } = self;
        let manifest = Manifest {
            format: FORMAT.into(),
            version: VERSION,
            bundle_id: out.bundle_id,
            sender: out.sender.public(),
            recipient: Party {
                id: out.recipient.id.clone(),
                rep_code: out.recipient.rep_code.clone(),
                name: out.recipient.name.clone(),
            },
            sequence: out.sequence,
            created_at: out.created_at,
            counts,
            payload_sha256,
            payload_size: encrypted.len() as u64,
        };
        let manifest_json = serde_json::to_vec_pretty(&manifest).expect("manifest serializes");
        let signature = minisign::sign(out.sender, &manifest_json, &manifest.trusted_comment());

        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(encrypted.len() > u32::MAX as usize / 2);
        for (name, bytes) in [
            (MANIFEST, manifest_json.as_slice()),
            (SIGNATURE, signature.as_bytes()),
            (PAYLOAD, encrypted.as_slice()),
        ] {
            zip.start_file(name, stored).expect("in-memory zip");
            // In slices, so the ZIP's CRC-32 runs in optimized code (see `sha256_hex`).
            for slice in bytes.chunks(SLICE) {
                zip.write_all(slice).expect("in-memory zip");
            }
        }
        let bytes = zip.finish().expect("in-memory zip").into_inner();
        Written { manifest, bytes }
    }
}

/// What the importer knows: who it is, whom it trusts, what it has applied.
pub struct Receiver<'a> {
    pub me: &'a DeviceKeys,
    /// Enrolled senders, by id.
    pub trusted: &'a BTreeMap<String, PublicIdentity>,
    /// Devices no longer trusted, by id.
    pub revoked: &'a BTreeMap<String, exchange::Revocation>,
    pub custody: &'a Custody,
}

/// What was applied from whom: the last sequence number per sender and every bundle id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Custody {
    pub last_sequence: BTreeMap<String, u64>,
    pub applied: BTreeSet<String>,
}

/// A bundle that passed every check.
#[derive(Clone, Debug)]
pub struct Verified {
    pub manifest: Manifest,
    pub contents: Contents,
    /// SHA-256 of the whole file, for the custody log.
    pub file_sha256: String,
}

/// Checks `bytes` as a bundle for `receiver` and opens it; see the module's order.
pub fn read(bytes: &[u8], receiver: &Receiver) -> Result<Verified, BundleError> {
    let examined = examine(bytes, receiver)?;
    let hash = sha256_hex(examined.payload());
    examined.open(receiver, &hash, sha256_hex(bytes))
}

/// A bundle that passed the checks before its payload's hash (1 to 4 of the module's
/// order): [`read`] in two steps, so that the browser can hash with WebCrypto.
pub struct Examined {
    manifest: Manifest,
    payload: Vec<u8>,
}

/// Checks 1 to 4 of the module's order, and takes the payload out.
pub fn examine(bytes: &[u8], receiver: &Receiver) -> Result<Examined, BundleError> {
    // 1. Size, container, format.
    if bytes.len() > MAX_BUNDLE_BYTES {
        return Err(BundleError::TooLarge);
    }
    let looks_like_zip = bytes.starts_with(b"PK\x03\x04");
    // Dossier writes no archive comment, so the end record is the last 22 bytes; anything
    // after it was appended.
    let ends_right = bytes.len() >= 22 && bytes[bytes.len() - 22..].starts_with(b"PK\x05\x06");
    let mut zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(zip) if ends_right => zip,
        Ok(_) => return Err(damaged("there are extra bytes after its end")),
        Err(_) if looks_like_zip && !ends_right => return Err(BundleError::Truncated),
        Err(_) => return Err(BundleError::NotABundle),
    };
    // The end record counts the directory's entries; the reader keeps one per name, so
    // a name written twice (one entry for this reader, the other for another tool) shows
    // as fewer names than entries.
    let listed = le(bytes, bytes.len() - 22 + 10, 2).unwrap_or(0);
    if listed != zip.len() as u64 {
        return Err(damaged(&format!(
            "its directory lists {listed} entries under {} names",
            zip.len()
        )));
    }
    let names: BTreeSet<&str> = zip.file_names().collect();
    if names != BTreeSet::from([MANIFEST, SIGNATURE, PAYLOAD]) {
        return Err(BundleError::NotABundle);
    }
    back_to_back(&mut zip, bytes)?;
    let manifest_bytes = entry(&mut zip, MANIFEST, MAX_MANIFEST_BYTES)?;
    let signature = entry(&mut zip, SIGNATURE, MAX_SIGNATURE_BYTES)?;
    let signature = String::from_utf8(signature).map_err(|_| damaged("signature is not text"))?;
    let manifest: Manifest = match serde_json::from_slice::<Manifest>(&manifest_bytes) {
        Ok(m) => m,
        Err(e) => {
            // A newer format may have a manifest this build cannot read at all.
            let version = serde_json::from_slice::<serde_json::Value>(&manifest_bytes)
                .ok()
                .and_then(|v| v.get("version")?.as_u64());
            return Err(match version {
                Some(v) if v > u64::from(VERSION) => BundleError::NewerFormat(v as u32),
                _ => damaged(&format!("manifest: {e}")),
            });
        }
    };
    if manifest.format != FORMAT {
        return Err(BundleError::NotABundle);
    }
    if manifest.version > VERSION {
        return Err(BundleError::NewerFormat(manifest.version));
    }

    // 2. Signer enrolled and trusted, not revoked, and named as enrolled; signature
    //    valid, its trusted comment this manifest's.
    let fingerprint = manifest.sender.fingerprint();
    if let Some(revoked) = receiver.revoked.get(&manifest.sender.id).or_else(|| {
        receiver
            .revoked
            .values()
            .find(|r| r.fingerprint == fingerprint)
    }) {
        return Err(BundleError::Revoked(Box::new(revoked.clone())));
    }
    let signer = match receiver.trusted.get(&manifest.sender.id) {
        None => {
            return Err(BundleError::UnknownSigner(Box::new(
                manifest.sender.clone(),
            )));
        }
        Some(known)
            if known.signing != manifest.sender.signing
                || known.encryption != manifest.sender.encryption =>
        {
            return Err(BundleError::SignerKeysChanged);
        }
        Some(known) if *known != manifest.sender => {
            return Err(BundleError::IdentityChanged(format!(
                "{} {}",
                known.rep_code, known.name
            )));
        }
        Some(known) => known,
    };
    let comment = minisign::verify(signer, &manifest_bytes, &signature)
        .map_err(|_| BundleError::BadSignature)?;
    if comment != manifest.trusted_comment() {
        return Err(BundleError::BadSignature);
    }

    // 3. Addressed to us.
    if manifest.recipient.id != receiver.me.id {
        return Err(BundleError::WrongRecipient(format!(
            "{} {}",
            manifest.recipient.rep_code, manifest.recipient.name
        )));
    }

    // 4. Not seen, not older.
    if receiver.custody.applied.contains(&manifest.bundle_id) {
        return Err(BundleError::AlreadyImported);
    }
    if let Some(&last) = receiver.custody.last_sequence.get(&manifest.sender.id)
        && manifest.sequence <= last
    {
        return Err(BundleError::Replayed {
            found: manifest.sequence,
            last,
        });
    }

    let payload = entry(&mut zip, PAYLOAD, MAX_BUNDLE_BYTES as u64)?;
    Ok(Examined { manifest, payload })
}

impl Examined {
    /// The bytes whose SHA-256 [`Examined::open`] takes.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Checks 5 and 6 of the module's order, given `payload_sha256` (lowercase hex of
    /// [`Examined::payload`]'s SHA-256) and `file_sha256` (the whole file's, for the
    /// custody log).
    pub fn open(
        self,
        receiver: &Receiver,
        payload_sha256: &str,
        file_sha256: String,
    ) -> Result<Verified, BundleError> {
        let Examined { manifest, payload } = self;
        // 5. Payload: the signed hash, then decryption to its last byte.
        if payload.len() as u64 != manifest.payload_size
            || payload_sha256 != manifest.payload_sha256
        {
            return Err(if (payload.len() as u64) < manifest.payload_size {
                BundleError::Truncated
            } else {
                BundleError::PayloadAltered
            });
        }
        let plain =
            age::decrypt(&receiver.me.encryption_secret(), &payload).map_err(|e| match e {
                age::AgeError::NotForThisKey => BundleError::NotForThisKey,
                age::AgeError::Truncated => BundleError::Truncated,
                _ => BundleError::PayloadAltered,
            })?;
        let inner: Payload =
            serde_json::from_slice(&plain).map_err(|e| damaged(&format!("records: {e}")))?;

        // 6. The inside names the same bundle and sender as the signed outside.
        if inner.bundle_id != manifest.bundle_id || inner.sender_id != manifest.sender.id {
            return Err(BundleError::Repackaged);
        }
        if inner.contents.counts() != manifest.counts {
            return Err(BundleError::PayloadAltered);
        }
        Ok(Verified {
            manifest,
            contents: inner.contents,
            file_sha256,
        })
    }
}

/// How much of a large buffer one call hashes, checksums or copies.
const SLICE: usize = 64 * 1024;

/// The SHA-256 of `bytes`, as lowercase hex.
///
/// Fed in slices rather than in one call: V8 first runs wasm in baseline code and
/// switches a function to optimized code only at its next call, never in the middle of
/// one. One call over a 43 MB bundle stayed in baseline code to its end (2.4 s of a
/// 10,000-file export, against 0.25 s once optimized); in slices, the optimized code
/// takes over after the first few.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    for slice in bytes.chunks(SLICE) {
        hasher.update(slice);
    }
    HEXLOWER.encode(&hasher.finalize())
}

fn damaged(what: &str) -> BundleError {
    BundleError::Damaged(what.to_owned())
}

/// One entry, refusing compression (a stored entry cannot be a ZIP bomb) and anything
/// larger than `limit`.
fn entry(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, BundleError> {
    let file = zip.by_name(name).map_err(|_| BundleError::NotABundle)?;
    if file.compression() != zip::CompressionMethod::Stored {
        return Err(damaged("compressed entries are not accepted"));
    }
    if file.size() > limit {
        return Err(BundleError::TooLarge);
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    // The ZIP's CRC-32 is checked as the entry is read: an accidental change shows here.
    // Read in slices, so that check runs in optimized code (see `sha256_hex`).
    let mut file = file.take(limit + 1);
    let mut slice = vec![0; SLICE];
    loop {
        let n = file
            .read(&mut slice)
            .map_err(|_| damaged(&format!("{name} fails its checksum")))?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&slice[..n]);
    }
}

/// Refuses a container whose entries do not lie back to back from its first byte, each
/// local header naming and sizing its entry as the directory does, followed by the
/// directory and then the end record (the last 22 bytes, as [`examine`] found them).
/// Bytes in a gap, or a local header that says otherwise, are what another ZIP tool (one
/// that walks the local headers, or skips what this reader skips) could read differently.
fn back_to_back(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, bytes: &[u8]) -> Result<(), BundleError> {
    // A local header: signature, then the compressed size at 18, the name's and the
    // extra field's lengths at 26 and 28, the name from 30. Returns the size, the name
    // and the header's length.
    fn local_header(bytes: &[u8], start: u64) -> Option<(u64, &[u8], u64)> {
        let at = usize::try_from(start).ok()?;
        if !bytes.get(at..)?.starts_with(b"PK\x03\x04") {
            return None;
        }
        let (size, name_len) = (le(bytes, at + 18, 4)?, le(bytes, at + 26, 2)?);
        let extra_len = le(bytes, at + 28, 2)?;
        let name = bytes.get(at + 30..at + 30 + usize::try_from(name_len).ok()?)?;
        Some((size, name, 30 + name_len + extra_len))
    }
    let mut next = 0;
    for i in 0..zip.len() {
        let file = zip
            .by_index_raw(i)
            .map_err(|_| damaged("an entry's local header is missing"))?;
        let start = file.header_start();
        if start != next {
            return Err(damaged(if i == 0 {
                "there are bytes before its first entry"
            } else {
                "there are bytes between its entries"
            }));
        }
        match local_header(bytes, start) {
            Some((size, name, header))
                if size == file.compressed_size() && name == file.name_raw() =>
            {
                next = start + header + size;
            }
            _ => {
                return Err(damaged(
                    "an entry's local header differs from its directory",
                ));
            }
        }
    }
    if next != zip.central_directory_start() {
        return Err(damaged(
            "there are bytes between its last entry and its directory",
        ));
    }
    let end = bytes.len() - 22;
    let directory_size = le(bytes, end + 12, 4);
    if le(bytes, end + 16, 4) != Some(next)
        || directory_size.map(|size| next + size) != Some(end as u64)
        || le(bytes, end + 20, 2) != Some(0)
    {
        return Err(damaged(
            "there are bytes between its directory and its end record",
        ));
    }
    Ok(())
}

/// The little-endian number of `width` bytes at `at` of `bytes`, if they are there.
fn le(bytes: &[u8], at: usize, width: usize) -> Option<u64> {
    let field = bytes.get(at..at.checked_add(width)?)?;
    Some(field.iter().rev().fold(0, |n, b| n << 8 | u64::from(*b)))
}

#[cfg(test)]
mod tests;
