// Serves a built Dossier (the `dist` folder) on localhost: the README's start command
// and the end-to-end tests both use it, so what is tested is what a user gets.
// Paths without a file behind them get index.html, as the app's routes are client-side.
// Usage: node scripts/serve.mjs [dir=dist] [port=8080]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

async function fileFor(root, urlPath) {
  const path = normalize(join(root, decodeURIComponent(urlPath)));
  if (path !== root && !path.startsWith(root + sep)) return null;
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) return fileFor(root, join(urlPath, "index.html"));
  } catch {
    // Not a file: an app route (no extension) gets the shell; a missing asset is a 404.
  }
  return extname(urlPath) ? null : join(root, "index.html");
}

/** Starts serving `dir`; resolves to { url, close } once listening. Port 0 picks a free one. */
export function serve(dir, port = 8080, host = "127.0.0.1") {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    const path = await fileFor(root, new URL(req.url, "http://x").pathname);
    if (!path) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = await readFile(path);
    // Assets with a content hash in their name (dossier-<hash>_bg.wasm) never change under
    // it; everything else (the shell, sw.js, the spreadsheet worker's files, icons, the
    // manifest) keeps its name across builds and must be revalidated, or updates are
    // never seen.
    const name = path.slice(root.length + 1);
    const hashed = /-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css)$/.test(name);
    const cache = hashed ? "public, max-age=31536000, immutable" : "no-cache";
    res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": cache });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      done({
        url: `http://${host}:${actual}`,
        // Connections the browser keeps open would hold `close` until they end: a test
        // that takes the server away once waited two minutes for one.
        close: () =>
          new Promise((c) => {
            server.close(c);
            server.closeAllConnections();
          }),
        /** Lets the process exit even if this server was never closed (tests). */
        unref: () => server.unref(),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = "dist", port = "8080"] = process.argv.slice(2);
  const { url } = await serve(dir, Number(port));
  console.log(`Dossier is being served at ${url}/  (Ctrl+C stops it)`);
}
