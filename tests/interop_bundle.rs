//! Bundles checked and opened without Dossier, by the standard `minisign` and `age`
//! tools (Debian packages, installed by scripts/setup.sh), and the other way round: what
//! those tools make, Dossier reads.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::DateTime;
use dossier::core::bundle::keys::{DeviceKeys, PublicIdentity, Role};
use dossier::core::bundle::{self, Contents, Custody, Outgoing, Receiver, age, minisign};
use dossier::core::customer::model::Customer;

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-interop-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?} could not start ({e}): run scripts/setup.sh"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn unzip(bytes: &[u8], dir: &Path) {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        std::fs::write(dir.join(f.name()), data).unwrap();
    }
}

#[test]
fn a_head_office_clerk_verifies_with_minisign_and_decrypts_with_age() {
    let dir = workdir("clerk");
    let office = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部");
    let rep = DeviceKeys::generate(Role::Field, "R07", "李伟");
    let mut c = Customer {
        id: "c1".into(),
        ..Customer::default()
    };
    c.basic.name = "江门安信电器".into();
    let written = bundle::write(
        Outgoing {
            sender: &rep,
            recipient: &office.public(),
            bundle_id: "b-42".into(),
            sequence: 7,
            created_at: DateTime::from_timestamp(1_795_000_000, 0).unwrap(),
        },
        &Contents {
            customers: vec![c],
            ..Contents::default()
        },
    );
    unzip(&written.bytes, &dir);
    std::fs::write(
        dir.join("rep.pub"),
        minisign::public_key_file(&rep.public()),
    )
    .unwrap();
    std::fs::write(
        dir.join("office.key"),
        format!("{}\n", *office.age_identity()),
    )
    .unwrap();

    let (ok, out) = run(Command::new("minisign").current_dir(&dir).args([
        "-V",
        "-p",
        "rep.pub",
        "-m",
        "manifest.json",
        "-x",
        "manifest.json.minisig",
    ]));
    assert!(ok, "minisign -V refused: {out}");
    assert!(
        out.contains("bundle=b-42 seq=7"),
        "trusted comment shown: {out}"
    );

    let (ok, out) =
        run(Command::new("age")
            .current_dir(&dir)
            .args(["-d", "-i", "office.key", "payload.age"]));
    assert!(ok, "age -d refused: {out}");
    let payload: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(payload["bundle_id"], "b-42");
    assert_eq!(
        payload["contents"]["customers"][0]["basic"]["name"],
        "江门安信电器"
    );

    // A changed manifest fails the standard tool too.
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        manifest.replace("\"sequence\": 7", "\"sequence\": 8"),
    )
    .unwrap();
    let (ok, _) = run(Command::new("minisign").current_dir(&dir).args([
        "-V",
        "-p",
        "rep.pub",
        "-m",
        "manifest.json",
        "-x",
        "manifest.json.minisig",
    ]));
    assert!(!ok, "minisign accepted an altered manifest");
    let _ = std::fs::remove_dir_all(&dir);

    // And Dossier itself reads the untouched bundle.
    let trusted = BTreeMap::from([(rep.id.clone(), rep.public())]);
    let custody = Custody::default();
    let v = bundle::read(
        &written.bytes,
        &Receiver {
            me: &office,
            trusted: &trusted,
            revoked: &BTreeMap::new(),
            custody: &custody,
        },
    )
    .unwrap();
    assert_eq!(v.contents.customers[0].basic.name, "江门安信电器");
}

#[test]
fn dossier_opens_what_age_encrypts_and_verifies_what_minisign_signs() {
    let dir = workdir("tools");
    let office = DeviceKeys::generate(Role::HeadOffice, "HQ", "总部");
    std::fs::write(dir.join("note.txt"), "客户档案 interop\n".repeat(5000)).unwrap();
    let (ok, out) = run(Command::new("age").current_dir(&dir).args([
        "-r",
        &office.public().age_recipient(),
        "-o",
        "note.age",
        "note.txt",
    ]));
    assert!(ok, "age -r failed: {out}");
    let file = std::fs::read(dir.join("note.age")).unwrap();
    let secret = x25519_secret(&office);
    let plain = age::decrypt(&secret, &file).expect("Dossier opens age's file");
    assert_eq!(
        plain.as_slice(),
        std::fs::read(dir.join("note.txt")).unwrap().as_slice()
    );

    let (ok, out) = run(Command::new("minisign")
        .current_dir(&dir)
        .args(["-G", "-W", "-p", "tool.pub", "-s", "tool.key"]));
    assert!(ok, "minisign -G failed: {out}");
    let (ok, out) = run(Command::new("minisign").current_dir(&dir).args([
        "-S",
        "-s",
        "tool.key",
        "-m",
        "note.txt",
        "-t",
        "made by the tool",
    ]));
    assert!(ok, "minisign -S failed: {out}");
    let public =
        identity_from_minisign_pub(&std::fs::read_to_string(dir.join("tool.pub")).unwrap());
    let sig = std::fs::read_to_string(dir.join("note.txt.minisig")).unwrap();
    let message = std::fs::read(dir.join("note.txt")).unwrap();
    assert_eq!(
        minisign::verify(&public, &message, &sig),
        Ok("made by the tool".to_owned())
    );
    assert!(minisign::verify(&public, b"other", &sig).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The X25519 secret behind `keys`, read back from its age identity line, as the tool does.
fn x25519_secret(keys: &DeviceKeys) -> x25519_dalek::StaticSecret {
    let line = keys.age_identity();
    let (_, data) = bech32::decode(&line.to_lowercase()).unwrap();
    let bytes: [u8; 32] = data.try_into().unwrap();
    x25519_dalek::StaticSecret::from(bytes)
}

fn identity_from_minisign_pub(text: &str) -> PublicIdentity {
    let line = text.lines().nth(1).unwrap();
    let block = data_encoding::BASE64
        .decode(line.trim().as_bytes())
        .unwrap();
    assert_eq!(&block[..2], b"Ed");
    PublicIdentity {
        id: "tool".into(),
        role: Role::HeadOffice,
        rep_code: "HQ".into(),
        name: "tool".into(),
        key_id: block[2..10].to_vec(),
        signing: block[10..42].to_vec(),
        encryption: vec![0; 32],
    }
}
