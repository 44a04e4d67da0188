//! SHA-256 by the browser's own WebCrypto, for a bundle's two hashes (its payload's and
//! the whole file's). It runs as native code: 43 MB in about 60 ms where `sha2` in wasm
//! takes about 250 ms. Where WebCrypto is missing (a page served over plain HTTP from
//! another machine is not a secure context) the same hash comes from `sha2`.

use wasm_bindgen_futures::JsFuture;

use crate::core::bundle;

/// The SHA-256 of `bytes`, as lowercase hex, the same as [`bundle::sha256_hex`].
pub async fn sha256_hex(bytes: &[u8]) -> String {
    match web_digest(bytes).await {
        Some(hash) => hash,
        None => bundle::sha256_hex(bytes),
    }
}

async fn web_digest(bytes: &[u8]) -> Option<String> {
    // In the page and in the bundle worker alike (it fell back to the slower `sha2` in
    // the worker, where there is no `window`). No `subtle` outside a secure context.
    let crypto = super::crypto()?;
    if !js_sys::Reflect::has(&crypto, &"subtle".into()).ok()? {
        return None;
    }
    let subtle = crypto.subtle();
    // WebCrypto copies the bytes before this returns, so the view into wasm memory is
    // not read after it.
    let promise = subtle.digest_with_str_and_u8_array("SHA-256", bytes).ok()?;
    let digest = JsFuture::from(promise).await.ok()?;
    let digest = js_sys::Uint8Array::new(&digest).to_vec();
    (digest.len() == 32).then(|| data_encoding::HEXLOWER.encode(&digest))
}
