//! Signatures in minisign's format (<https://jedisct1.github.io/minisign/>), so that the
//! standard `minisign -V` checks a bundle's manifest: Ed25519 over the BLAKE2b-512 hash
//! of the file ("ED"), and a global signature over that signature and the trusted
//! comment, which carries the bundle id and sequence number.

use blake2::{Blake2b512, Digest};
use data_encoding::BASE64;
use ed25519_dalek::{Signature, Signer, VerifyingKey};

use super::keys::{DeviceKeys, PublicIdentity};

const ALG_PREHASHED: &[u8; 2] = b"ED";
const ALG_KEY: &[u8; 2] = b"Ed";

/// Why a signature was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureError {
    /// Not a minisign signature file.
    Malformed,
    /// Made with another key than the one expected.
    OtherKey,
    /// The signature or the trusted comment does not verify.
    Invalid,
}

/// `signer`'s minisign signature of `message`, with `trusted_comment`.
pub fn sign(signer: &DeviceKeys, message: &[u8], trusted_comment: &str) -> String {
    let key = signer.signing_key();
    let hash = Blake2b512::digest(message);
    let sig = key.sign(&hash).to_bytes();
    let mut global_input = sig.to_vec();
    global_input.extend_from_slice(trusted_comment.as_bytes());
    let global = key.sign(&global_input).to_bytes();
    let mut sig_block = ALG_PREHASHED.to_vec();
    sig_block.extend_from_slice(&signer.key_id());
    sig_block.extend_from_slice(&sig);
    format!(
        "untrusted comment: signature from Dossier ({} {})\n{}\ntrusted comment: {}\n{}\n",
        signer.rep_code,
        signer.name,
        BASE64.encode(&sig_block),
        trusted_comment,
        BASE64.encode(&global)
    )
}

/// The public key file `minisign -p` reads.
pub fn public_key_file(holder: &PublicIdentity) -> String {
    let mut block = ALG_KEY.to_vec();
    block.extend_from_slice(&holder.key_id);
    block.extend_from_slice(&holder.signing);
    let id = u64::from_le_bytes(holder.key_id.as_slice().try_into().unwrap_or_default());
    format!(
        "untrusted comment: minisign public key {id:016X}\n{}\n",
        BASE64.encode(&block)
    )
}

/// Checks `signature` (the text of a `.minisig`) over `message` against `holder`'s key,
/// strictly; returns the trusted comment.
pub fn verify(
    holder: &PublicIdentity,
    message: &[u8],
    signature: &str,
) -> Result<String, SignatureError> {
    let mut lines = signature.lines();
    let untrusted = lines.next().ok_or(SignatureError::Malformed)?;
    if !untrusted.starts_with("untrusted comment:") {
        return Err(SignatureError::Malformed);
    }
    let block = BASE64
        .decode(
            lines
                .next()
                .ok_or(SignatureError::Malformed)?
                .trim()
                .as_bytes(),
        )
        .map_err(|_| SignatureError::Malformed)?;
    let trusted = lines
        .next()
        .and_then(|l| l.strip_prefix("trusted comment: "))
        .ok_or(SignatureError::Malformed)?;
    let global = BASE64
        .decode(
            lines
                .next()
                .ok_or(SignatureError::Malformed)?
                .trim()
                .as_bytes(),
        )
        .map_err(|_| SignatureError::Malformed)?;
    if block.len() != 2 + 8 + 64 || global.len() != 64 {
        return Err(SignatureError::Malformed);
    }
    let (alg, rest) = block.split_at(2);
    let (key_id, sig) = rest.split_at(8);
    if key_id != holder.key_id.as_slice() {
        return Err(SignatureError::OtherKey);
    }
    let key: VerifyingKey = holder.verifying_key().ok_or(SignatureError::OtherKey)?;
    let sig_bytes: [u8; 64] = sig.try_into().map_err(|_| SignatureError::Malformed)?;
    let signature = Signature::from_bytes(&sig_bytes);
    let signed = if alg == ALG_PREHASHED {
        Blake2b512::digest(message).to_vec()
    } else if alg == ALG_KEY {
        message.to_vec()
    } else {
        return Err(SignatureError::Malformed);
    };
    key.verify_strict(&signed, &signature)
        .map_err(|_| SignatureError::Invalid)?;
    let mut global_input = sig.to_vec();
    global_input.extend_from_slice(trusted.as_bytes());
    let global_bytes: [u8; 64] = global
        .as_slice()
        .try_into()
        .map_err(|_| SignatureError::Malformed)?;
    key.verify_strict(&global_input, &Signature::from_bytes(&global_bytes))
        .map_err(|_| SignatureError::Invalid)?;
    Ok(trusted.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::bundle::keys::Role;

    #[test]
    fn a_signature_verifies_and_any_change_is_refused() {
        let keys = DeviceKeys::generate(Role::Field, "R07", "李伟");
        let me = keys.public();
        let sig = sign(&keys, b"manifest", "bundle=abc seq=5");
        assert_eq!(
            verify(&me, b"manifest", &sig),
            Ok("bundle=abc seq=5".to_owned())
        );
        assert_eq!(verify(&me, b"manifesT", &sig), Err(SignatureError::Invalid));
        let forged_comment = sig.replace("seq=5", "seq=6");
        assert_eq!(
            verify(&me, b"manifest", &forged_comment),
            Err(SignatureError::Invalid)
        );
        let other = DeviceKeys::generate(Role::Field, "R08", "王芳").public();
        assert_eq!(
            verify(&other, b"manifest", &sig),
            Err(SignatureError::OtherKey)
        );
        assert_eq!(
            verify(&me, b"manifest", "hello"),
            Err(SignatureError::Malformed)
        );
    }
}
