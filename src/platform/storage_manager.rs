//! Persistent storage and quota (`navigator.storage`).
//!
//! Without persistence the browser may evict IndexedDB under disk pressure: for a rep
//! whose only copy of the week's visits is this laptop, that must be asked for and the
//! answer shown.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{navigator, navigator_has};

/// Bytes used by this origin and bytes it may still use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    pub used: u64,
    pub free: u64,
}

fn manager() -> Option<web_sys::StorageManager> {
    navigator_has("storage").then(|| navigator().storage())
}

async fn bool_promise(p: Result<js_sys::Promise, wasm_bindgen::JsValue>) -> Option<bool> {
    JsFuture::from(p.ok()?).await.ok()?.as_bool()
}

/// Whether storage is already persistent; `None` where the browser cannot say.
pub async fn persisted() -> Option<bool> {
    bool_promise(manager()?.persisted()).await
}

/// Asks the browser to keep storage; returns whether it now is persistent.
/// Chromium decides without a prompt, from engagement and installation.
pub async fn request_persistence() -> Option<bool> {
    bool_promise(manager()?.persist()).await
}

/// Current usage and remaining quota; `None` where the browser cannot say.
pub async fn usage() -> Option<Usage> {
    // A WebIDL dictionary: a plain object with no class to check against.
    let estimate: web_sys::StorageEstimate = JsFuture::from(manager()?.estimate().ok()?)
        .await
        .ok()?
        .unchecked_into();
    let used = estimate.get_usage().unwrap_or(0.0).max(0.0) as u64;
    let quota = estimate.get_quota()?.max(0.0) as u64;
    Some(Usage {
        used,
        free: quota.saturating_sub(used),
    })
}
