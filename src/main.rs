//! The binary Trunk builds: mounts the app. Natively it does nothing (see `lib.rs`).

fn main() {
    #[cfg(all(target_arch = "wasm32", feature = "bench"))]
    dossier::bench::install();
    #[cfg(target_arch = "wasm32")]
    dossier::ui::mount();
}
