//! The spreadsheet worker Trunk builds beside the app (index.html, `data-type="worker"`):
//! reads and writes Excel workbooks for the page (see `platform::xlsx`), so the app's own
//! wasm carries none of it. Natively it does nothing.

fn main() {
    #[cfg(target_arch = "wasm32")]
    dossier::platform::xlsx::serve();
}
