//! Files the user carries: saving bytes as a download (to a USB stick, by the browser's
//! save dialog or downloads folder) and reading a file the user picked, once its size
//! shows it can be what is expected (`core::picked`).

use wasm_bindgen::{JsCast, JsValue};

use crate::core::picked::{self, Expected, TooLarge};

/// Offers `bytes` as a file named `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    download_array(name, &js_sys::Uint8Array::from(bytes), mime)
}

/// Offers the bytes of `array` (outside the wasm memory: the bundle worker's reply) as a
/// file named `name`.
pub fn download_array(name: &str, array: &js_sys::Uint8Array, mime: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The download has started with its own reference; the URL can go.
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

/// Why a picked file was not read.
#[derive(Debug)]
pub enum PickError {
    /// Nothing picked, or the file could not be read (pulled out, moved, no permission).
    Unreadable,
    /// Larger than any file of its kind can be: refused from its size, not read.
    TooLarge(TooLarge),
}

/// The first file picked in `input`, unread, if it is no larger than a file of the
/// `expected` kind can be: for the bundle worker, which reads it there.
pub fn picked_file(
    input: &web_sys::HtmlInputElement,
    expected: Expected,
) -> Result<web_sys::File, PickError> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or(PickError::Unreadable)?;
    picked::check(expected, file.size() as u64).map_err(PickError::TooLarge)?;
    Ok(file)
}

/// The first file picked in `input`: its name and bytes, read only if it is no larger
/// than a file of the `expected` kind can be.
pub async fn read_picked(
    input: &web_sys::HtmlInputElement,
    expected: Expected,
) -> Result<(String, Vec<u8>), PickError> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or(PickError::Unreadable)?;
    // The size the browser reports, an integer held in an f64; saturating cast.
    picked::check(expected, file.size() as u64).map_err(PickError::TooLarge)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| PickError::Unreadable)?;
    Ok((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// Text from a file's bytes: UTF-8 (with or without a byte-order mark), else GBK, which
/// Chinese Excel writes for "CSV". Decoded by the browser's own `TextDecoder`, so no
/// encoding tables are carried in the app. Returns the text and the encoding's name.
pub fn decode_text(bytes: &[u8]) -> Result<(String, &'static str), JsValue> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(body) {
        return Ok((text.to_owned(), "UTF-8"));
    }
    let decoder = web_sys::TextDecoder::new_with_label("gbk")?;
    let text = decoder.decode_with_u8_array(body)?;
    Ok((text, "GBK"))
}
