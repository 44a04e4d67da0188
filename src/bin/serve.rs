//! Dossier's server for a laptop without an intranet: serves the release's `dist` (the
//! folder beside this program, or `--dir`) on `http://127.0.0.1:47080` and nowhere else.
//!
//! The browser keeps a rep's files under the page's origin, port included: served from
//! another port, Dossier would open an empty store and the rep would believe the files
//! gone. So the port is fixed, another one is refused with the reason, and a second start
//! finds the first one running and opens it in the browser instead.
//!
//! Native only, with the standard library alone (it is copied onto laptops with nothing
//! else): HTTP/1.1 GET and HEAD of static files, one thread per connection, `Connection:
//! close`. The app's routes are client-side, so a path without a file behind it gets
//! `index.html`; a missing asset is a 404.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

/// The one port Dossier serves on, on every laptop: its data lives under this address.
const PORT: u16 = 47080;
/// What a running Dossier server answers at [`PROBE`], so that a second start knows it.
const IDENTITY: &str = "dossier-serve";
const PROBE: &str = "/.well-known/dossier-serve";

const USAGE: &str = "Usage: dossier-serve [--dir DIST] [--no-open]
Serves Dossier at http://127.0.0.1:47080 and opens it in the browser.
  --dir DIST   the app's files (default: the dist folder beside this program)
  --no-open    do not open the browser";

#[derive(Debug, PartialEq, Eq)]
struct Options {
    dir: Option<PathBuf>,
    open: bool,
}

/// Reads the command line (without the program's name).
fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        dir: None,
        open: true,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => {
                let dir = args.next().ok_or("--dir needs a folder")?;
                options.dir = Some(PathBuf::from(dir));
            }
            "--no-open" => options.open = false,
            "--port" | "-p" => {
                let port = args.next().map(String::as_str).unwrap_or("");
                if port == PORT.to_string() {
                    continue;
                }
                return Err(format!(
                    "Dossier serves only at http://127.0.0.1:{PORT}, not on port {port}.\n\
                     The browser keeps each rep's files under the address the app was \
                     opened at, port included: at another port it would open an empty \
                     store, and the rep would believe the files were lost."
                ));
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(options)
}

/// What starting the server came to.
#[derive(Debug)]
enum Started {
    /// Listening: serve on this.
    Listening(TcpListener),
    /// Dossier was already being served at the address.
    AlreadyRunning,
}

/// Binds `addr`; when it is taken, asks whoever holds it whether it is Dossier.
fn start(addr: SocketAddr) -> Result<Started, String> {
    match TcpListener::bind(addr) {
        Ok(listener) => Ok(Started::Listening(listener)),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            if is_dossier(addr) {
                Ok(Started::AlreadyRunning)
            } else {
                Err(format!(
                    "Another program is using {addr}. Dossier's data lives at \
                     http://{addr}, so Dossier must use that address: stop the other \
                     program (or ask IT to move it), then start Dossier again."
                ))
            }
        }
        Err(e) => Err(format!("Dossier cannot listen at {addr}: {e}")),
    }
}

/// Whether the server at `addr` is a Dossier server.
fn is_dossier(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET {PROBE} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut reply = Vec::new();
    let _ = stream.take(4096).read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    reply.starts_with("HTTP/1.1 200") && reply.ends_with(IDENTITY)
}

/// Serves `root` on `listener` until the process ends.
fn serve(listener: TcpListener, root: PathBuf) {
    let Ok(home) = listener.local_addr() else {
        return;
    };
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        std::thread::spawn(move || {
            let _ = answer(stream, &root, home);
        });
    }
}

/// Reads one request from `stream` and answers it. `home` is the address served at.
fn answer(mut stream: TcpStream, root: &Path, home: SocketAddr) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Of the headers, only Host matters.
    let mut host = None;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        if let Some((name, value)) = header.split_once(':')
            && name.trim().eq_ignore_ascii_case("host")
        {
            host = Some(value.trim().to_owned());
        }
        header.clear();
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let reply = match host {
        // `localhost:47080` is another origin with another, empty, store: the one
        // address instead. (A name rebound to 127.0.0.1 by a web page is sent there too.)
        Some(host) if host != home.to_string() => Reply::elsewhere(home, target),
        _ => respond(method, target, root),
    };
    let head = format!(
        "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {}\r\n\
         {}X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len(),
        reply.cache,
        reply
            .location
            .map(|l| format!("Location: {l}\r\n"))
            .unwrap_or_default(),
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

struct Reply {
    status: &'static str,
    content_type: &'static str,
    cache: &'static str,
    location: Option<String>,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: &'static str, text: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            cache: "no-store",
            location: None,
            body: text.as_bytes().to_vec(),
        }
    }

    /// To the same path at `home`, the one address Dossier's data lives under. Only a
    /// path is kept (a target that is a whole URL, or not a path, goes to the start).
    fn elsewhere(home: SocketAddr, target: &str) -> Reply {
        let path = if target.starts_with('/') && !target.starts_with("//") {
            target
        } else {
            "/"
        };
        let url = format!("http://{home}{path}");
        Reply {
            location: Some(url.clone()),
            ..Reply::text("308 Permanent Redirect", &format!("Dossier is at {url}"))
        }
    }
}

/// The answer to `method target` from the files under `root`.
fn respond(method: &str, target: &str, root: &Path) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::text("405 Method Not Allowed", "only GET and HEAD");
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == PROBE {
        return Reply::text("200 OK", IDENTITY);
    }
    let Some(file) = file_for(root, path) else {
        return Reply::text("404 Not Found", "not found");
    };
    match std::fs::read(&file) {
        Ok(body) => {
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            Reply {
                status: "200 OK",
                location: None,
                content_type: content_type(name),
                // Files with a content hash in their name never change under it; the
                // shell, sw.js, the worker's files, icons and the manifest keep their
                // names across releases and must be revalidated, or updates are missed.
                cache: if is_hashed(name) {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                },
                body,
            }
        }
        Err(_) => Reply::text("404 Not Found", "not found"),
    }
}

/// The file under `root` that the URL path `path` names: `index.html` for a folder or
/// for an app route (a path whose last part has no extension); `None` for a missing
/// asset, or a path that would leave `root`.
fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
        || decoded.contains(['\0', '\\'])
    {
        return None;
    }
    let candidate = root.join(relative);
    if candidate.is_file() {
        return Some(candidate);
    }
    if candidate.is_dir() && candidate.join("index.html").is_file() {
        return Some(candidate.join("index.html"));
    }
    let last = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
    (!last.contains('.')).then(|| root.join("index.html"))
}

/// `%XX` sequences decoded; `None` for a malformed one or a result that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether `name` carries Trunk's content hash (`dossier-0123456789abcdef_bg.wasm`).
fn is_hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    matches!(ext, "js" | "wasm" | "css")
        && stem
            .rsplit_once('-')
            .is_some_and(|(_, h)| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Opens `url` in the default browser, if the system says how.
fn open_browser(url: &str) {
    let tried = if cfg!(target_os = "windows") {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if tried.is_err() {
        println!("Open {url} in Chrome or Edge.");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let dir = options.dir.unwrap_or_else(|| {
        let exe = std::env::current_exe().unwrap_or_default();
        exe.parent().unwrap_or(Path::new(".")).join("dist")
    });
    if !dir.join("index.html").is_file() {
        eprintln!(
            "No Dossier release in {}: put the release's dist folder beside this program, \
             or give it with --dir.",
            dir.display()
        );
        std::process::exit(2);
    }
    let addr = SocketAddr::from(([127, 0, 0, 1], PORT));
    let url = format!("http://{addr}/");
    match start(addr) {
        Ok(Started::Listening(listener)) => {
            println!("Dossier is served at {url} (close this window to stop it).");
            if options.open {
                open_browser(&url);
            }
            serve(listener, dir);
        }
        Ok(Started::AlreadyRunning) => {
            println!("Dossier is already running at {url}; opening it.");
            if options.open {
                open_browser(&url);
            }
        }
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| (*a).to_owned()).collect()
    }

    #[test]
    fn another_port_is_refused_with_the_reason() {
        let refused = parse(&strings(&["--port", "8080"])).unwrap_err();
        assert!(
            refused.contains("47080") && refused.contains("empty"),
            "{refused}"
        );
        assert!(parse(&strings(&["--port", "47080"])).is_ok());
        assert_eq!(
            parse(&strings(&["--dir", "x", "--no-open"])).unwrap(),
            Options {
                dir: Some("x".into()),
                open: false
            }
        );
        assert!(parse(&strings(&["--dir"])).is_err());
        assert!(parse(&strings(&["--bogus"])).is_err());
    }

    /// A release of its own for each caller: tests run side by side, and one rewriting
    /// another's index.html while it is served read back an empty page.
    fn site() -> PathBuf {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static SITES: AtomicUsize = AtomicUsize::new(0);
        let n = SITES.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir()
            .join(format!("dossier-serve-{}-{n}", std::process::id()))
            .join("dist");
        std::fs::create_dir_all(root.join("icons")).unwrap();
        std::fs::write(root.join("index.html"), "<!doctype html>shell").unwrap();
        std::fs::write(root.join("sw.js"), "worker").unwrap();
        std::fs::write(root.join("dossier-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(root.join("icons/icon.svg"), "<svg/>").unwrap();
        root
    }

    /// One request to `addr`: the status line, the headers, the body.
    fn get(addr: SocketAddr, method: &str, path: &str) -> (String, String, String) {
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        let (head, body) = reply.split_once("\r\n\r\n").unwrap();
        let (status, headers) = head.split_once("\r\n").unwrap();
        (status.to_owned(), headers.to_lowercase(), body.to_owned())
    }

    #[test]
    fn files_routes_and_missing_assets_are_answered_as_the_app_needs() {
        let root = site();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, root));

        let (status, headers, body) = get(addr, "GET", "/");
        assert_eq!(
            (status.as_str(), body.as_str()),
            ("HTTP/1.1 200 OK", "<!doctype html>shell")
        );
        assert!(headers.contains("cache-control: no-cache"), "{headers}");
        // An app route gets the shell; a missing asset does not.
        assert_eq!(
            get(addr, "GET", "/customers/01J?x=1").2,
            "<!doctype html>shell"
        );
        assert!(get(addr, "GET", "/missing.js").0.contains("404"));
        // The wasm with its content type, cached for good under its hashed name.
        let (_, headers, _) = get(addr, "GET", "/dossier-0123456789abcdef_bg.wasm");
        assert!(
            headers.contains("content-type: application/wasm"),
            "{headers}"
        );
        assert!(headers.contains("immutable"), "{headers}");
        // sw.js keeps its name across releases: revalidated, so updates are seen.
        let (_, headers, body) = get(addr, "GET", "/sw.js");
        assert_eq!(body, "worker");
        assert!(headers.contains("no-cache") && headers.contains("text/javascript"));
        assert_eq!(get(addr, "GET", "/icons/icon%2Esvg").2, "<svg/>");
        // HEAD has no body; other methods are refused.
        let (status, headers, body) = get(addr, "HEAD", "/sw.js");
        assert!(status.contains("200") && headers.contains("content-length: 6") && body.is_empty());
        assert!(get(addr, "POST", "/").0.contains("405"));
    }

    #[test]
    fn nothing_outside_the_release_is_served() {
        let root = site();
        std::fs::write(root.parent().unwrap().join("secret.txt"), "secret").unwrap();
        for path in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/icons/../../secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/..%5csecret.txt",
            "/%00",
            "/%zz",
            "//etc/passwd",
        ] {
            let reply = respond("GET", path, &root);
            assert!(
                reply.status.starts_with("404") || reply.body == b"<!doctype html>shell",
                "{path}: {}",
                reply.status
            );
            assert_ne!(reply.body, b"secret", "{path}");
        }
    }

    /// One request to `addr` with the Host header `host` (none: `None`): status, headers.
    fn get_as(addr: SocketAddr, host: Option<&str>, target: &str) -> (String, String) {
        let mut s = TcpStream::connect(addr).unwrap();
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        write!(s, "GET {target} HTTP/1.1\r\n{host}\r\n").unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        let (head, _) = reply.split_once("\r\n\r\n").unwrap();
        let (status, headers) = head.split_once("\r\n").unwrap();
        (status.to_owned(), headers.to_owned())
    }

    #[test]
    fn another_name_for_the_address_is_sent_to_the_one_address() {
        let root = site();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, root));
        let home = format!("http://{addr}");
        let port = addr.port();

        // localhost is another origin, with another (empty) store.
        for host in [
            format!("localhost:{port}"),
            format!("LOCALHOST:{port}"),
            format!("[::1]:{port}"),
            "evil.example:47080".to_owned(),
        ] {
            let (status, headers) = get_as(addr, Some(&host), "/customers/01J?q=zsyh");
            assert_eq!(status, "HTTP/1.1 308 Permanent Redirect", "{host}");
            assert!(
                headers.contains(&format!("Location: {home}/customers/01J?q=zsyh\r\n")),
                "{host}: {headers}"
            );
        }
        // A whole URL as the target is not followed anywhere but the start.
        let (_, headers) = get_as(addr, Some("localhost"), "http://evil.example/x");
        assert!(
            headers.contains(&format!("Location: {home}/\r\n")),
            "{headers}"
        );
        let (_, headers) = get_as(addr, Some("localhost"), "//evil.example/x");
        assert!(
            headers.contains(&format!("Location: {home}/\r\n")),
            "{headers}"
        );
        // At the address itself, or with no Host at all, the app is served.
        assert_eq!(
            get_as(addr, Some(&addr.to_string()), "/").0,
            "HTTP/1.1 200 OK"
        );
        assert_eq!(get_as(addr, None, "/").0, "HTTP/1.1 200 OK");
    }

    #[test]
    fn a_second_start_finds_dossier_running_and_a_stranger_is_named() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, site()));
        assert!(matches!(start(addr), Ok(Started::AlreadyRunning)));

        // Another program on the port: not taken for Dossier.
        let stranger = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = stranger.local_addr().unwrap();
        std::thread::spawn(move || {
            for mut s in stranger.incoming().flatten() {
                let _ = s.write_all(b"HTTP/1.1 200 OK\r\n\r\nhello");
            }
        });
        let refused = start(addr).unwrap_err();
        assert!(refused.contains("Another program"), "{refused}");
    }

    #[test]
    fn hashed_names_are_told_from_stable_ones() {
        assert!(is_hashed("dossier-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("dossier-0123456789abcdef.js"));
        assert!(is_hashed("main-0123456789abcdef.css"));
        assert!(!is_hashed("sw.js"));
        assert!(!is_hashed("xlsx_bg.wasm"));
        assert!(!is_hashed("xlsx-worker.js"));
        assert!(!is_hashed("index.html"));
    }
}
