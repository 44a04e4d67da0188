//! Reading and writing the plain objects the workers and the page exchange (the
//! spreadsheet worker's and the bundle worker's messages).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Sets `key` of `o`.
pub(crate) fn set(o: &Object, key: &str, value: &JsValue) {
    // Setting a property of a fresh plain object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

/// `key` of `o`; undefined where it has none.
pub(crate) fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// What a thrown error or an error event says.
pub(crate) fn text_of(error: &JsValue) -> String {
    get(error, "message")
        .as_string()
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
