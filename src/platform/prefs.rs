//! Small preferences kept in `localStorage` (gloo-storage): they must be readable
//! synchronously at start, before IndexedDB opens, so the first paint is in the right
//! language. Customer data never goes here.

use gloo_storage::{LocalStorage, Storage};

use crate::core::i18n::Lang;

const LANGUAGE: &str = "dossier.language";
const AUTO_LOCK: &str = "dossier.auto_lock_minutes";

const BACKUP_REMINDER: &str = "dossier.backup_reminder_days";
const COMPLAINT_DECIDE: &str = "dossier.complaint_decide_days";

/// Days to decide on a complaint before it is due on the agenda.
pub fn complaint_decide_days() -> u32 {
    LocalStorage::get(COMPLAINT_DECIDE)
        .ok()
        .filter(|d| (1..=90).contains(d))
        .unwrap_or(crate::core::visit::agenda::DEFAULT_DECIDE_WITHIN_DAYS)
}

pub fn set_complaint_decide_days(days: u32) {
    if let Err(e) = LocalStorage::set(COMPLAINT_DECIDE, days) {
        web_sys::console::warn_1(&format!("could not remember the days: {e}").into());
    }
}

/// Days after which an old backup or bundle is pointed out.
pub fn backup_reminder_days() -> u32 {
    LocalStorage::get(BACKUP_REMINDER)
        .ok()
        .filter(|d| (1..=365).contains(d))
        .unwrap_or(7)
}

pub fn set_backup_reminder_days(days: u32) {
    if let Err(e) = LocalStorage::set(BACKUP_REMINDER, days) {
        web_sys::console::warn_1(&format!("could not remember the reminder: {e}").into());
    }
}

/// Minutes without use before the vault locks itself.
pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 10;

/// The auto-lock delay the user chose, or the default.
pub fn auto_lock_minutes() -> u32 {
    LocalStorage::get(AUTO_LOCK)
        .ok()
        .filter(|m| (1..=240).contains(m))
        .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES)
}

pub fn set_auto_lock_minutes(minutes: u32) {
    if let Err(e) = LocalStorage::set(AUTO_LOCK, minutes) {
        web_sys::console::warn_1(&format!("could not remember the auto-lock delay: {e}").into());
    }
}

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
