// Dossier's bundle worker (src/platform/bundle_worker.rs). Loads the wasm Trunk
// builds from src/bin/bundles.rs; its `main` answers the page's requests. Should the wasm
// fail to start, the page is told instead of waiting for ever.
// Which build this is (scripts/postbuild.mjs fills it in, as index.html's): a page of
// another build does not send it work (src/platform/worker.rs).
postMessage({ build: "__DOSSIER_BUILD__" });
importScripts("./bundles.js");
wasm_bindgen({ module_or_path: "./bundles_bg.wasm" }).catch((e) => postMessage({ failed: String(e) }));
