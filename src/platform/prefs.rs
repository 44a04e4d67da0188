//! Small preferences kept in `localStorage` (gloo-storage): they must be readable
//! synchronously at start, before IndexedDB opens, so the first paint is in the right
//! language. Customer data never goes here.

use gloo_storage::{LocalStorage, Storage};

use crate::core::i18n::Lang;

const LANGUAGE: &str = "dossier.language";

/// The language the user chose, if they ever chose one.
pub fn language() -> Option<Lang> {
    let code: String = LocalStorage::get(LANGUAGE).ok()?;
    Lang::from_code(&code)
}

/// Remembers the user's choice. A full or disabled `localStorage` only costs the
/// memory of the choice, so the failure is logged, not shown.
pub fn set_language(lang: Lang) {
    if let Err(e) = LocalStorage::set(LANGUAGE, lang.code()) {
        web_sys::console::warn_1(&format!("could not remember the language: {e}").into());
    }
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    super::navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}
