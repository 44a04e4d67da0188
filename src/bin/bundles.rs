//! The bundle worker Trunk builds beside the app (index.html, `data-type="worker"`):
//! exports, checks and applies bundles, and makes and restores backups, off the page's
//! thread, with its own connection to the app's database (see `platform::bundle_worker`).
//! Natively it does nothing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    dossier::platform::bundle_worker::serve();
}
