//! Encryption in age's v1 format (<https://age-encryption.org/v1>) to X25519 recipients,
//! so the standard `age -d` opens a bundle's payload with the recipient's key. Only what
//! bundles need: X25519 stanzas, the header MAC, and the STREAM payload in 64 KiB chunks,
//! whose last chunk is marked, so a truncated file fails instead of reading short.

use chacha20poly1305::aead::{Aead, AeadInPlace, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use data_encoding::BASE64_NOPAD;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use crate::core::vault::random_bytes;

const INTRO: &str = "age-encryption.org/v1\n";
const X25519_LABEL: &[u8] = b"age-encryption.org/v1/X25519";
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;

/// Why a payload could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgeError {
    /// Not an age v1 file, or its header is damaged.
    Malformed,
    /// None of the stanzas is for this key.
    NotForThisKey,
    /// The header was altered.
    HeaderAltered,
    /// A chunk was altered.
    PayloadAltered,
    /// The file ends before its last chunk.
    Truncated,
}

/// `plaintext` encrypted to `recipients`.
pub fn encrypt(recipients: &[PublicKey], plaintext: &[u8]) -> Vec<u8> {
    let file_key = Zeroizing::new(random_bytes::<16>());
    let mut header = INTRO.to_owned();
    for recipient in recipients {
        let ephemeral = StaticSecret::from(random_bytes::<32>());
        let share = PublicKey::from(&ephemeral);
        let shared = ephemeral.diffie_hellman(recipient);
        let wrap_key = hkdf(
            shared.as_bytes(),
            &[share.as_bytes().as_slice(), recipient.as_bytes()].concat(),
            X25519_LABEL,
        );
        let body = ChaCha20Poly1305::new((&*wrap_key).into())
            .encrypt(&Nonce::default(), file_key.as_slice())
            .expect("16 bytes always encrypt");
        header.push_str(&format!(
            "-> X25519 {}\n",
            BASE64_NOPAD.encode(share.as_bytes())
        ));
        header.push_str(&wrap_body(&BASE64_NOPAD.encode(&body)));
    }
    header.push_str("---");
    let mac = header_mac(file_key.as_slice(), header.as_bytes());
    header.push_str(&format!(" {}\n", BASE64_NOPAD.encode(&mac)));

    let nonce: [u8; 16] = random_bytes();
    let payload_key = hkdf(file_key.as_slice(), &nonce, b"payload");
    let cipher = ChaCha20Poly1305::new((&*payload_key).into());
    let chunks: Vec<&[u8]> = if plaintext.is_empty() {
        vec![&[]]
    } else {
        plaintext.chunks(CHUNK).collect()
    };
    // Sized once: the payload (tens of MB) is encrypted in place, chunk by chunk, in the
    // buffer it ends in, not copied into a buffer that keeps growing.
    let mut out = Vec::with_capacity(header.len() + 16 + plaintext.len() + chunks.len() * TAG);
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&nonce);
    let last = chunks.len() - 1;
    for (i, chunk) in chunks.into_iter().enumerate() {
        let n = chunk_nonce(i as u64, i == last);
        let start = out.len();
        out.extend_from_slice(chunk);
        let tag = cipher
            .encrypt_in_place_detached(&n, b"", &mut out[start..])
            .expect("chunk encrypts");
        out.extend_from_slice(&tag);
    }
    out
}

/// Opens `file` with `identity`, to its last byte or not at all.
pub fn decrypt(identity: &StaticSecret, file: &[u8]) -> Result<Zeroizing<Vec<u8>>, AgeError> {
    let (stanzas, mac_at, mac, body_at) = parse_header(file)?;
    let me = PublicKey::from(identity);
    let mut file_key = None;
    for (share, body) in stanzas {
        let share = PublicKey::from(share);
        let shared = identity.diffie_hellman(&share);
        if shared.as_bytes() == &[0u8; 32] {
            return Err(AgeError::Malformed);
        }
        let wrap_key = hkdf(
            shared.as_bytes(),
            &[share.as_bytes().as_slice(), me.as_bytes()].concat(),
            X25519_LABEL,
        );
        if let Ok(key) =
            ChaCha20Poly1305::new((&*wrap_key).into()).decrypt(&Nonce::default(), body.as_slice())
        {
            file_key = Some(Zeroizing::new(key));
            break;
        }
    }
    let file_key = file_key.ok_or(AgeError::NotForThisKey)?;
    let expected = header_mac(&file_key, &file[..mac_at]);
    if !constant_time_eq(&expected, &mac) {
        return Err(AgeError::HeaderAltered);
    }
    let rest = &file[body_at..];
    if rest.len() < 16 + TAG {
        return Err(AgeError::Truncated);
    }
    let (nonce, mut data) = rest.split_at(16);
    let payload_key = hkdf(&file_key, nonce, b"payload");
    let cipher = ChaCha20Poly1305::new((&*payload_key).into());
    let mut out = Zeroizing::new(Vec::with_capacity(data.len()));
    let mut counter = 0u64;
    loop {
        let take = data.len().min(CHUNK + TAG);
        let (chunk, rest) = data.split_at(take);
        let is_last = rest.is_empty();
        match cipher.decrypt(&chunk_nonce(counter, is_last), chunk) {
            Ok(plain) => out.extend_from_slice(&plain),
            Err(_) if is_last => {
                // A full chunk that is not marked last: the file was cut at a boundary.
                let marked = cipher.decrypt(&chunk_nonce(counter, false), chunk).is_ok();
                return Err(if marked {
                    AgeError::Truncated
                } else {
                    AgeError::PayloadAltered
                });
            }
            Err(_) => return Err(AgeError::PayloadAltered),
        }
        if is_last {
            // Only the last chunk may be short; an empty last chunk only for empty files.
            if chunk.len() == TAG && counter > 0 {
                return Err(AgeError::PayloadAltered);
            }
            return Ok(out);
        }
        data = rest;
        counter += 1;
    }
}

type Header = (Vec<([u8; 32], Vec<u8>)>, usize, Vec<u8>, usize);

/// The X25519 stanzas, where the MAC'd part ends, the MAC, and where the payload starts.
fn parse_header(file: &[u8]) -> Result<Header, AgeError> {
    let header_end = file
        .windows(4)
        .position(|w| w == b"\n---")
        .ok_or(AgeError::Malformed)?
        + 1;
    let text = std::str::from_utf8(&file[..header_end]).map_err(|_| AgeError::Malformed)?;
    let body = text.strip_prefix(INTRO).ok_or(AgeError::Malformed)?;
    let line_end = file[header_end..]
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(AgeError::Malformed)?
        + header_end;
    let mac_line =
        std::str::from_utf8(&file[header_end..line_end]).map_err(|_| AgeError::Malformed)?;
    let mac = mac_line
        .strip_prefix("--- ")
        .and_then(|m| BASE64_NOPAD.decode(m.as_bytes()).ok())
        .filter(|m| m.len() == 32)
        .ok_or(AgeError::Malformed)?;
    let mut stanzas = Vec::new();
    // Split on "\n" alone (not `lines()`), so a stray "\r" stays in the line and is refused.
    let mut lines = body.split_terminator('\n');
    while let Some(line) = lines.next() {
        let args: Vec<&str> = line
            .strip_prefix("-> ")
            .ok_or(AgeError::Malformed)?
            .split(' ')
            .collect();
        // A stanza's type and arguments are each one or more printable ASCII characters.
        if args
            .iter()
            .any(|a| a.is_empty() || !a.bytes().all(|b| b.is_ascii_graphic()))
        {
            return Err(AgeError::Malformed);
        }
        // Full lines of 64 columns, then one shorter line (maybe empty) that ends the body.
        let mut wrapped = String::new();
        loop {
            let l = lines.next().ok_or(AgeError::Malformed)?;
            if l.len() > 64 {
                return Err(AgeError::Malformed);
            }
            wrapped.push_str(l);
            if l.len() < 64 {
                break;
            }
        }
        // Every body is canonical unpadded base64, also of stanzas this reader skips.
        let body = BASE64_NOPAD
            .decode(wrapped.as_bytes())
            .map_err(|_| AgeError::Malformed)?;
        if args[0] == "X25519" {
            let [_, share] = args[..] else {
                return Err(AgeError::Malformed);
            };
            let share: [u8; 32] = BASE64_NOPAD
                .decode(share.as_bytes())
                .ok()
                .and_then(|s| s.try_into().ok())
                .ok_or(AgeError::Malformed)?;
            // A 16-byte file key and its tag, checked before anything is decrypted.
            if body.len() != 16 + TAG {
                return Err(AgeError::Malformed);
            }
            stanzas.push((share, body));
        }
    }
    // The MAC covers the header up to and including "---".
    Ok((stanzas, header_end + 3, mac, line_end + 1))
}

fn wrap_body(b64: &str) -> String {
    let mut out = String::new();
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    if b64.len().is_multiple_of(64) {
        out.push('\n');
    }
    out
}

fn hkdf(ikm: &[u8], salt: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, out.as_mut_slice())
        .expect("32 bytes is a valid HKDF length");
    out
}

fn header_mac(file_key: &[u8], header: &[u8]) -> Vec<u8> {
    let key = hkdf(file_key, &[], b"header");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_slice()).expect("any key length");
    mac.update(header);
    mac.finalize().into_bytes().to_vec()
}

fn chunk_nonce(counter: u64, last: bool) -> Nonce {
    let mut n = [0u8; 12];
    n[3..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = u8::from(last);
    Nonce::from(n)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `age1…`: how the `age` tool names a recipient.
pub fn recipient_string(key: &PublicKey) -> String {
    bech32_encode("age", key.as_bytes()).unwrap_or_default()
}

/// `AGE-SECRET-KEY-1…`: the identity file line the `age` tool reads.
pub fn identity_string(secret: &[u8; 32]) -> Zeroizing<String> {
    Zeroizing::new(
        bech32_encode("age-secret-key-", secret)
            .unwrap_or_default()
            .to_uppercase(),
    )
}

/// The X25519 secret of an `AGE-SECRET-KEY-1…` line, as `age-keygen` writes it; `None`
/// for anything else, a post-quantum `AGE-SECRET-KEY-PQ-1…` key included.
pub fn parse_identity(line: &str) -> Option<StaticSecret> {
    let parsed = bech32::primitives::decode::CheckedHrpstring::new::<bech32::Bech32>(line).ok()?;
    if !parsed
        .hrp()
        .as_str()
        .eq_ignore_ascii_case("age-secret-key-")
    {
        return None;
    }
    let bytes = Zeroizing::new(parsed.byte_iter().collect::<Vec<u8>>());
    let mut secret = Zeroizing::new([0u8; 32]);
    if bytes.len() != secret.len() {
        return None;
    }
    secret.copy_from_slice(&bytes);
    Some(StaticSecret::from(*secret))
}

fn bech32_encode(hrp: &str, data: &[u8]) -> Option<String> {
    let hrp = bech32::Hrp::parse(hrp).ok()?;
    bech32::encode::<bech32::Bech32>(hrp, data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (StaticSecret, PublicKey) {
        let s = StaticSecret::from(random_bytes::<32>());
        let p = PublicKey::from(&s);
        (s, p)
    }

    #[test]
    fn round_trips_at_every_chunk_boundary() {
        let (s, p) = pair();
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 7] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let file = encrypt(&[p], &plain);
            assert_eq!(*decrypt(&s, &file).unwrap(), plain, "len {len}");
        }
    }

    #[test]
    fn another_key_altered_or_truncated_files_are_refused() {
        let (s, p) = pair();
        let (other, _) = pair();
        let plain = vec![7u8; 2 * CHUNK + 100];
        let file = encrypt(&[p], &plain);
        assert_eq!(decrypt(&other, &file).unwrap_err(), AgeError::NotForThisKey);
        let body_at = file.windows(4).position(|w| w == b"\n---").unwrap() + 50;
        for at in [30, body_at + 20, body_at + CHUNK, file.len() - 1] {
            let mut bad = file.clone();
            bad[at] ^= 1;
            assert!(decrypt(&s, &bad).is_err(), "flip at {at}");
        }
        let first_chunk_end = file.len() - (CHUNK + TAG) - (100 + TAG);
        for cut in [file.len() - 1, file.len() - 100 - TAG, first_chunk_end, 40] {
            assert!(decrypt(&s, &file[..cut]).is_err(), "cut at {cut}");
        }
        assert_eq!(
            decrypt(&s, &file[..file.len() - 100 - TAG]).unwrap_err(),
            AgeError::Truncated
        );
        assert_eq!(
            decrypt(&s, b"PK\x03\x04 not age").unwrap_err(),
            AgeError::Malformed
        );
    }

    #[test]
    fn keys_are_named_as_the_age_tool_names_them() {
        let (s, p) = pair();
        assert!(recipient_string(&p).starts_with("age1"));
        let line = identity_string(&s.to_bytes());
        assert!(line.starts_with("AGE-SECRET-KEY-1"));
        let read = parse_identity(&line).expect("its own identity line reads back");
        assert_eq!(read.to_bytes(), s.to_bytes());
        assert!(parse_identity(&recipient_string(&p)).is_none());
    }
}
