//! Files the user carries: saving bytes as a download (to a USB stick, by the browser's
//! save dialog or downloads folder) and reading a file the user picked.

use wasm_bindgen::{JsCast, JsValue};

/// Offers `bytes` as a file named `name`.
pub fn download(name: &str, bytes: &[u8], mime: &str) -> Result<(), JsValue> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
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

/// The first file picked in `input`: its name and bytes.
pub async fn read_picked(input: &web_sys::HtmlInputElement) -> Option<(String, Vec<u8>)> {
    let file = input.files()?.get(0)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
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
