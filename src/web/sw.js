// Dossier's service worker. It precaches the whole build at install, so after one visit
// the app opens and works with no network, and serves the app shell for every page
// address. A new build's worker waits until the user agrees to switch (the app posts
// "skip-waiting"), so nobody is moved to a new version in the middle of a visit form.
//
// scripts/postbuild.mjs fills VERSION and ASSETS for each build: a changed build means a
// changed file, which is how the browser notices an update. RELEASE is Cargo.toml's
// version: the running app asks a waiting worker for it ("release"), to ask for a backup
// before a step to a new major release (src/core/release.rs).
const VERSION = "__DOSSIER_VERSION__";
const RELEASE = "__DOSSIER_RELEASE__";
const ASSETS = __DOSSIER_ASSETS__;
const CACHE = `dossier-${VERSION}`;
const SHELL = new URL("index.html", self.registration.scope).href;

self.addEventListener("install", (event) => {
  // "reload" skips the HTTP cache, so the precache is exactly this build.
  const requests = ASSETS.map((path) => new Request(path, { cache: "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("dossier-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
  if (event.data === "release") event.ports[0]?.postMessage({ release: RELEASE, build: VERSION });
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  const key = request.mode === "navigate" ? SHELL : request;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(key)) || fetch(request)),
  );
});
