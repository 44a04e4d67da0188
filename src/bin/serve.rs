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
//!
//! Anything on the laptop can ask it, and so can any web page open in the browser (through
//! a name rebound to 127.0.0.1, too): a request's head is read within [`HEAD_TIME`] and 16
//! KiB, whole or not served; at most [`CONNECTIONS`] are answered at once; files are sent
//! from the disk, and only from inside the release, links included.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

/// The one port Dossier serves on, on every laptop: its data lives under this address.
const PORT: u16 = 47080;
/// What a running Dossier server answers at [`PROBE`], so that a second start knows it.
const IDENTITY: &str = "dossier-serve";
const PROBE: &str = "/.well-known/dossier-serve";
/// The time a client has to send the whole head of its request, not each piece of it.
const HEAD_TIME: Duration = Duration::from_secs(10);
/// The time an answer has to be taken, all of it (a browser on the laptop takes the
/// largest file, the app's wasm, in well under a second).
const SEND_TIME: Duration = Duration::from_secs(60);
/// The most connections answered at once (a browser opens six to a server); the next
/// waits for one of them to end.
const CONNECTIONS: usize = 64;

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
                return Err(both(
                    &format!(
                        "Dossier serves only at http://127.0.0.1:{PORT}, not on port {port}.\n\
                         The browser keeps each rep's files under the address the app was \
                         opened at, port included: at another port it would open an empty \
                         store, and the rep would believe the files were lost."
                    ),
                    &format!(
                        "客户档案只在 http://127.0.0.1:{PORT} 提供，不能用 {port} 端口。\n\
                         浏览器按打开应用的地址（包括端口）保存业务员的档案：换一个端口会打开\
                         一个空的档案库，业务员会以为档案丢了。"
                    ),
                ));
            }
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(options)
}

/// A message for the rep, in English and then in Chinese: the program runs before any
/// language is chosen, and its window is all a rep sees of it.
fn both(en: &str, zh: &str) -> String {
    format!("{en}\n{zh}")
}

/// What starting the server came to.
#[derive(Debug)]
enum Started {
    /// Listening: serve on this.
    Listening(TcpListener),
    /// Dossier was already being served at the address, from this folder.
    AlreadyRunning,
}

/// Binds `addr` to serve `dir`; when it is taken, asks whoever holds it whether it is
/// Dossier, and from which folder: another folder's (an older release, left running
/// while IT put the new one elsewhere) would go on serving the old release.
fn start(addr: SocketAddr, dir: &Path) -> Result<Started, String> {
    match TcpListener::bind(addr) {
        Ok(listener) => Ok(Started::Listening(listener)),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => match probe(addr) {
            Some(theirs) if same_folder(&theirs, dir) => Ok(Started::AlreadyRunning),
            Some(theirs) => Err(both(
                &format!(
                    "Dossier is already running at http://{addr}/, serving {theirs}, not \
                     {}. Close its window (or stop it), then start this one again.",
                    dir.display()
                ),
                &format!(
                    "http://{addr}/ 上已有客户档案在运行，提供的是 {theirs}，不是 {}。\
                     请先关闭它的窗口（或停止它），再启动这一个。",
                    dir.display()
                ),
            )),
            None => Err(both(
                &format!(
                    "Another program is using {addr}. Dossier's data lives at \
                     http://{addr}, so Dossier must use that address: stop the other \
                     program (or ask IT to move it), then start Dossier again."
                ),
                &format!(
                    "另一个程序占用了 {addr}。客户档案的数据保存在 http://{addr} 这个地址下，\
                     客户档案必须使用它：请停止那个程序（或请 IT 人员让它改用其他端口），\
                     再启动客户档案。"
                ),
            )),
        },
        Err(e) => Err(both(
            &format!("Dossier cannot listen at {addr}: {e}"),
            &format!("客户档案无法在 {addr} 上提供服务：{e}"),
        )),
    }
}

/// Whether the folder a running server named is `dir`.
fn same_folder(theirs: &str, dir: &Path) -> bool {
    let ours = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    Path::new(theirs) == ours
}

/// The probe's answer: the identity, then the folder served.
fn identity(root: &Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    format!("{IDENTITY}\n{}", root.display())
}

/// The folder the Dossier server at `addr` serves, or `None` if it is no Dossier server.
fn probe(addr: SocketAddr) -> Option<String> {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    // Two seconds for the whole exchange: a program that answers a byte at a time must
    // not hold the start for hours.
    let mut exchange = Before {
        stream: &stream,
        until: Instant::now() + Duration::from_secs(2),
    };
    let request = format!("GET {PROBE} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    exchange.write_all(request.as_bytes()).ok()?;
    let mut reply = Vec::new();
    let _ = exchange.take(4096).read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    if !reply.starts_with("HTTP/1.1 200") {
        return None;
    }
    // The body's first line is the identity and nothing else: a page that names the path
    // it was asked for ("nothing at /.well-known/dossier-serve") ends with it too.
    let (_, body) = reply.split_once("\r\n\r\n")?;
    let (first, folder) = body.split_once('\n').unwrap_or((body, ""));
    (first == IDENTITY).then(|| folder.to_owned())
}

/// `stream` read or written against one clock for all the reads or writes, not each: a
/// client that sends (or takes) a byte now and then, never finishing, would otherwise keep
/// its thread for as long as it likes (slowloris).
struct Before<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Before<'_> {
    fn left(&self) -> std::io::Result<Duration> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        Ok(left)
    }
}

impl Read for Before<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

impl Write for Before<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let mut stream = self.stream;
        stream.flush()
    }
}

/// Serves `root` on `listener` until the process ends.
fn serve(listener: TcpListener, root: PathBuf) {
    serve_within(listener, root, HEAD_TIME);
}

/// [`serve`], request heads given `head_time` (shorter in tests).
fn serve_within(listener: TcpListener, root: PathBuf, head_time: Duration) {
    let Ok(home) = listener.local_addr() else {
        return;
    };
    // Each connection's thread holds a clone: the count of those being answered.
    let busy = std::sync::Arc::new(());
    loop {
        // At the limit the next connection waits in the system's queue until a thread
        // ends, rather than a thread (and its memory) being started for each of the
        // thousands another program can open.
        while std::sync::Arc::strong_count(&busy) > CONNECTIONS {
            std::thread::sleep(Duration::from_millis(10));
        }
        let Ok((stream, _)) = listener.accept() else {
            // Out of file handles, say: not a reason to spin.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let (root, held) = (root.clone(), busy.clone());
        // Not thread::spawn, which panics when the system has no thread to give: the
        // panic would end the server and leave the port, and the rep's files, to whoever
        // takes it next.
        let _ = std::thread::Builder::new().spawn(move || {
            let _held = held;
            let _ = answer(stream, &root, home, head_time);
        });
    }
}

/// Reads one request from `stream` and answers it. `home` is the address served at.
fn answer(
    stream: TcpStream,
    root: &Path,
    home: SocketAddr,
    head_time: Duration,
) -> std::io::Result<()> {
    let head = Before {
        stream: &stream,
        until: Instant::now() + head_time,
    };
    let mut reader = BufReader::new(head.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    // Of the headers, only Host matters.
    let mut host = None;
    let mut header = String::new();
    // Whether the head reached its blank line: one cut short, by the client or by the 16
    // KiB read (a web page can ask for a URL that long), may not have shown its Host.
    let mut whole = false;
    while line.ends_with('\n') && reader.read_line(&mut header)? > 0 {
        if header == "\r\n" || header == "\n" {
            whole = true;
            break;
        }
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
        // Not served as a request without Host: it may be a rebound name's.
        _ if !whole => Reply::text(
            "400 Bad Request",
            "the request's head is cut short or over 16 KiB",
        ),
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
    // A client that never takes its answer does not keep the thread either.
    let mut out = std::io::BufWriter::with_capacity(
        64 * 1024,
        Before {
            stream: &stream,
            until: Instant::now() + SEND_TIME,
        },
    );
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        match reply.body {
            Body::Text(text) => out.write_all(&text)?,
            Body::File(file, len) => {
                std::io::copy(&mut file.take(len), &mut out)?;
            }
        }
    }
    out.flush()
}

/// What an answer carries.
enum Body {
    Text(Vec<u8>),
    /// A file and its length: sent from the disk as it is read, not loaded first, or a
    /// large file in the release (a backup, a video) asked for on many connections at
    /// once would be in memory as many times.
    File(std::fs::File, u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Text(text) => text.len() as u64,
            Body::File(_, len) => *len,
        }
    }
}

struct Reply {
    status: &'static str,
    content_type: &'static str,
    cache: &'static str,
    location: Option<String>,
    body: Body,
}

impl Reply {
    fn text(status: &'static str, text: &str) -> Reply {
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            cache: "no-store",
            location: None,
            body: Body::Text(text.as_bytes().to_vec()),
        }
    }

    /// To the same path at `home`, the one address Dossier's data lives under. Only a
    /// path is kept (a target that is a whole URL, or not a path, goes to the start), and
    /// only one in visible ASCII, as browsers send it (percent-encoded): no byte of it
    /// can end the Location header or be read by the browser as something else.
    fn elsewhere(home: SocketAddr, target: &str) -> Reply {
        let path = if target.starts_with('/')
            && !target.starts_with("//")
            && target.bytes().all(|b| b.is_ascii_graphic())
        {
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
        return Reply::text("200 OK", &identity(root));
    }
    let Some(file) = file_for(root, path) else {
        return Reply::text("404 Not Found", "not found");
    };
    let opened = std::fs::File::open(&file).and_then(|f| Ok((f.metadata()?.len(), f)));
    match opened {
        Ok((len, opened)) => {
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
                body: Body::File(opened, len),
            }
        }
        Err(_) => Reply::text("404 Not Found", "not found"),
    }
}

/// The file under `root` that the URL path `path` names: `index.html` for a folder or
/// for an app route (a path whose last part has no extension); `None` for a missing
/// asset, or a path that would leave `root` (by its name, or through a link).
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
    let file = if candidate.is_file() {
        candidate
    } else if candidate.is_dir() && candidate.join("index.html").is_file() {
        candidate.join("index.html")
    } else {
        let last = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if last.contains('.') {
            return None;
        }
        root.join("index.html")
    };
    // A link (or junction) in the release is followed only to a file still inside it: one
    // to a file elsewhere, made by whoever could write in the folder, would give that file,
    // read with the rep's rights, to any program or user on the laptop that asks.
    let real = file.canonicalize().ok()?;
    real.starts_with(root.canonicalize().ok()?).then_some(real)
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

/// Whether `name` carries Trunk's content hash (`dossier-0123456789abcdef_bg.wasm`): a
/// 64-bit number in hex without its leading zeros, so one build in sixteen has 15 digits.
fn is_hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    matches!(ext, "js" | "wasm" | "css")
        && stem.rsplit_once('-').is_some_and(|(_, h)| {
            (8..=16).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_hexdigit())
        })
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
        println!(
            "{}",
            both(
                &format!("Open {url} in Chrome or Edge."),
                &format!("请在 Chrome 或 Edge 中打开 {url}。"),
            )
        );
    }
}

/// Says why the program stops and stops. On Windows a double-clicked program's window
/// closes as it ends, taking the reason with it: there it waits for Enter first.
fn fail(code: i32, message: &str) -> ! {
    eprintln!("{message}");
    if cfg!(windows) && std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        eprintln!("{}", both("Press Enter to close.", "按回车键关闭。"));
        let _ = std::io::stdin().read_line(&mut String::new());
    }
    std::process::exit(code);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(message) => fail(2, &message),
    };
    let dir = options.dir.unwrap_or_else(|| {
        let exe = std::env::current_exe().unwrap_or_default();
        exe.parent().unwrap_or(Path::new(".")).join("dist")
    });
    // Asked as a request would ask it, so that whatever would keep the shell from being
    // served (no index.html, a link out of the folder, a drive whose paths cannot be
    // resolved) is said now, not met as a 404 in the browser.
    if file_for(&dir, "/").is_none() {
        fail(
            2,
            &both(
                &format!(
                    "No Dossier release in {}: put the release's dist folder beside this \
                     program, or give it with --dir. (Opened from inside a zip? Extract the \
                     whole zip first.)",
                    dir.display()
                ),
                &format!(
                    "{} 中没有客户档案的发布文件：请把发布包的 dist 文件夹放在本程序旁边，\
                     或用 --dir 指定。（若是在 zip 压缩包里直接打开的，请先解压整个压缩包。）",
                    dir.display()
                ),
            ),
        );
    }
    let addr = SocketAddr::from(([127, 0, 0, 1], PORT));
    let url = format!("http://{addr}/");
    match start(addr, &dir) {
        Ok(Started::Listening(listener)) => {
            println!(
                "{}",
                both(
                    &format!("Dossier is served at {url} (close this window to stop it)."),
                    &format!("客户档案已在 {url} 提供（关闭此窗口即停止）。"),
                )
            );
            if options.open {
                open_browser(&url);
            }
            serve(listener, dir);
        }
        Ok(Started::AlreadyRunning) => {
            println!(
                "{}",
                both(
                    &format!("Dossier is already running at {url}; opening it."),
                    &format!("客户档案已在 {url} 运行，正在打开。"),
                )
            );
            if options.open {
                open_browser(&url);
            }
        }
        Err(message) => fail(1, &message),
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

    impl Reply {
        /// The body's bytes, a file's read from it.
        pub(super) fn body(&self) -> Vec<u8> {
            match &self.body {
                Body::Text(text) => text.clone(),
                Body::File(file, _) => {
                    let mut bytes = Vec::new();
                    (&mut &*file).read_to_end(&mut bytes).unwrap();
                    bytes
                }
            }
        }
    }

    /// A release of its own for each caller: tests run side by side, and one rewriting
    /// another's index.html while it is served read back an empty page.
    pub(super) fn site() -> PathBuf {
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
    pub(super) fn get(addr: SocketAddr, method: &str, path: &str) -> (String, String, String) {
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
    fn nothing_outside_the_release_is_served_in_any_encoding() {
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
            // Every other encoding a hostile client might try: overlong UTF-8, double
            // encoding, backslashes, drive letters, UNC paths, whole URLs.
            "/%c0%ae%c0%ae/secret.txt",
            "/..%c0%afsecret.txt",
            "/%e0%80%ae%e0%80%ae/secret.txt",
            "/.%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/icons/%2e%2e/%2e%2e/secret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "/%252e%252e/secret.txt",
            "/./../secret.txt",
            "/%2e%2e%00/secret.txt",
            "/..%00.txt",
            "/C:/Windows/win.ini",
            "/C:%5cWindows%5cwin.ini",
            "/c:secret.txt",
            "/%5c%5cserver%5cshare%5csecret.txt",
            "//server/share/secret.txt",
            "/%2f%2f..%2fsecret.txt",
            "/%2f..%2fsecret.txt",
            "http://127.0.0.1:47080/../secret.txt",
            "../secret.txt",
            "/..",
            "/%",
            "/%2",
        ] {
            let reply = respond("GET", path, &root);
            assert!(
                reply.status.starts_with("404") || reply.body() == b"<!doctype html>shell",
                "{path}: {}",
                reply.status
            );
            assert_ne!(reply.body(), b"secret", "{path}");
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
        let root = site();
        std::thread::spawn({
            let root = root.clone();
            move || serve(listener, root)
        });
        assert!(matches!(start(addr, &root), Ok(Started::AlreadyRunning)));

        // Dossier from another folder (the old release, left running while IT put the
        // new one elsewhere): named, not taken for this one.
        let other = site();
        let refused = start(addr, &other).unwrap_err();
        let theirs = root.canonicalize().unwrap();
        assert!(
            refused.contains("already running") && refused.contains(&theirs.display().to_string()),
            "{refused}"
        );
        assert!(
            refused.contains("请先关闭它的窗口"),
            "said in Chinese too: {refused}"
        );

        // Another program on the port: not taken for Dossier.
        let stranger = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = stranger.local_addr().unwrap();
        std::thread::spawn(move || {
            for mut s in stranger.incoming().flatten() {
                let _ = s.write_all(b"HTTP/1.1 200 OK\r\n\r\nhello");
            }
        });
        let refused = start(addr, &site()).unwrap_err();
        assert!(refused.contains("Another program"), "{refused}");
        assert!(refused.contains("另一个程序占用了"), "{refused}");
    }

    #[test]
    fn hashed_names_are_told_from_stable_ones() {
        assert!(is_hashed("dossier-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("dossier-0123456789abcdef.js"));
        assert!(is_hashed("main-0123456789abcdef.css"));
        // Trunk writes the hash without leading zeros.
        assert!(is_hashed("dossier-c96a2dc727feb83_bg.wasm"));
        // The pages' modules and their loader, named by content (scripts/bin/wasm-bindgen,
        // scripts/postbuild.mjs).
        assert!(is_hashed("split_file-c25033a025f2464e.wasm"));
        assert!(is_hashed("chunk_10-e32ee13b421b0819.wasm"));
        assert!(is_hashed("__wasm_split-0123456789abcdef.js"));
        assert!(!is_hashed("__wasm_split.js"));
        assert!(!is_hashed("sw.js"));
        assert!(!is_hashed("xlsx_bg.wasm"));
        assert!(!is_hashed("xlsx-worker.js"));
        assert!(!is_hashed("index.html"));
    }
}

/// Requests a hostile party could send: another program or user on the laptop, a web page
/// in the rep's browser (directly or through a rebound name), a clumsy hand in `dist`.
#[cfg(test)]
mod hostile {
    #[cfg(unix)]
    use super::tests::get;
    use super::tests::site;
    use super::*;
    use std::time::Instant;

    /// A server on a port of its own for `root`, its request heads given `head_time`.
    fn server(root: PathBuf, head_time: Duration) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve_within(listener, root, head_time));
        addr
    }

    /// `bytes` sent to `addr` as they are, the sending side then closed; the whole reply.
    fn raw(addr: SocketAddr, bytes: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(bytes).unwrap();
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut reply = Vec::new();
        let _ = s.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    #[test]
    fn a_head_cut_short_is_not_served_past_the_host_check() {
        let addr = server(site(), HEAD_TIME);
        let port = addr.port();
        // A page on a rebound name asks for a URL long enough to fill the 16 KiB read: its
        // Host header, after the request line, was never seen, and the app was served.
        let mut line = format!("GET /?{}", "a".repeat(16 * 1024));
        line.truncate(16 * 1024);
        let reply = raw(addr, line.as_bytes());
        assert!(reply.starts_with("HTTP/1.1 400"), "{:.80}", reply);
        // A head that ends before its blank line, Host cut in two by the end of the read.
        for head in [
            format!("GET / HTTP/1.1\r\nX: {}\r\nHo", "b".repeat(16 * 1024 - 30)),
            format!("GET / HTTP/1.1\r\nHost: localhost:{port}"),
            "GET /\r\n".to_owned(),
            String::new(),
        ] {
            let reply = raw(addr, head.as_bytes());
            assert!(
                reply.starts_with("HTTP/1.1 400"),
                "{:.40}: {:.80}",
                head,
                reply
            );
        }
        // A whole head is still served, Host or not (HTTP/1.0 tools send none).
        assert!(raw(addr, b"GET / HTTP/1.0\r\n\r\n").starts_with("HTTP/1.1 200"));
    }

    #[test]
    fn a_head_sent_a_byte_at_a_time_is_cut_off() {
        let addr = server(site(), Duration::from_secs(1));
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let began = Instant::now();
        // A header line every 200 ms, well within any one read's wait, never the last.
        let closed = loop {
            if began.elapsed() > Duration::from_secs(5) {
                break false;
            }
            if s.write_all(b"X-Slow: 1\r\n").is_err() {
                break true;
            }
            match s.read(&mut [0; 64]) {
                Ok(_) => break true,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(_) => break true,
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        assert!(closed, "the server still waits after {:?}", began.elapsed());
        assert!(
            began.elapsed() < Duration::from_secs(3),
            "{:?}",
            began.elapsed()
        );
    }

    #[test]
    fn connections_past_the_limit_wait_for_a_free_thread() {
        let addr = server(site(), Duration::from_secs(30));
        // Connections that send nothing hold every thread the server will start...
        let idle: Vec<TcpStream> = (0..CONNECTIONS)
            .map(|_| TcpStream::connect(addr).unwrap())
            .collect();
        let mut s = TcpStream::connect(addr).unwrap();
        write!(s, "GET /sw.js HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        s.set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut reply = String::new();
        assert!(
            s.read_to_string(&mut reply).is_err() && reply.is_empty(),
            "answered past the limit: {reply}"
        );
        // ...and the next is answered once they go.
        drop(idle);
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.read_to_string(&mut reply).unwrap();
        assert!(
            reply.starts_with("HTTP/1.1 200") && reply.ends_with("worker"),
            "{reply}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_release_are_not_followed() {
        let root = site();
        let outside = root.parent().unwrap();
        std::fs::write(outside.join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(outside, root.join("up")).unwrap();
        std::fs::create_dir(outside.join("app")).unwrap();
        std::fs::write(outside.join("app/index.html"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.join("app"), root.join("app")).unwrap();
        for path in ["/leak.txt", "/up/secret.txt", "/app", "/app/"] {
            let reply = respond("GET", path, &root);
            assert_ne!(reply.body(), b"secret", "{path}");
        }
        // A link that stays inside the release is still a file of the release.
        std::os::unix::fs::symlink(root.join("sw.js"), root.join("worker.js")).unwrap();
        assert_eq!(respond("GET", "/worker.js", &root).body(), b"worker");
    }

    #[cfg(unix)]
    #[test]
    fn a_huge_file_is_sent_from_disk_not_memory() {
        let root = site();
        // A terabyte (sparse: it takes no disk) no laptop could hold in memory.
        let huge = std::fs::File::create(root.join("backup.bin")).unwrap();
        huge.set_len(1 << 40).unwrap();
        let (status, headers, body) = get(server(root.clone(), HEAD_TIME), "HEAD", "/backup.bin");
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(
            headers.contains("content-length: 1099511627776"),
            "{headers}"
        );
        assert!(body.is_empty());
        // Files larger than one write still arrive whole.
        let big: String = (0..300_000).map(|i| format!("{:07}\n", i)).collect();
        std::fs::write(root.join("big.js"), &big).unwrap();
        let (_, headers, body) = get(server(root.clone(), HEAD_TIME), "GET", "/big.js");
        assert!(headers.contains(&format!("content-length: {}", big.len())));
        assert!(body == big, "{} of {} bytes", body.len(), big.len());
        // Not left in the temporary folder for every run: a terabyte to any tool that
        // copies or scans it.
        let _ = std::fs::remove_dir_all(root.parent().unwrap());
    }

    #[test]
    fn a_stranger_echoing_the_probe_is_not_taken_for_dossier() {
        let stranger = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = stranger.local_addr().unwrap();
        std::thread::spawn(move || {
            for mut s in stranger.incoming().flatten() {
                let _ =
                    s.write_all(b"HTTP/1.1 200 OK\r\n\r\nNo page at /.well-known/dossier-serve");
            }
        });
        let refused = start(addr, &site()).unwrap_err();
        assert!(refused.contains("Another program"), "{refused}");
    }

    #[test]
    fn a_stranger_that_never_finishes_its_reply_does_not_hang_the_start() {
        let stranger = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = stranger.local_addr().unwrap();
        std::thread::spawn(move || {
            for mut s in stranger.incoming().flatten() {
                std::thread::spawn(move || {
                    let _ = s.write_all(b"HTTP/1.1 200 OK\r\n\r\n");
                    while s.write_all(b"d").is_ok() {
                        std::thread::sleep(Duration::from_millis(300));
                    }
                });
            }
        });
        let (done, started) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(start(addr, &site()).is_err()));
        assert_eq!(started.recv_timeout(Duration::from_secs(6)), Ok(true));
    }

    #[test]
    fn the_redirect_location_carries_only_visible_ascii() {
        let addr = server(site(), HEAD_TIME);
        for target in [
            "/a\u{1}b",
            "/a\u{7f}",
            "/\u{e9}t\u{e9}",
            "/\u{10d}\u{10a}x",
            "/a\u{0}",
        ] {
            let reply = raw(
                addr,
                format!("GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes(),
            );
            let location = reply
                .lines()
                .find(|l| l.starts_with("Location: "))
                .unwrap_or("");
            assert_eq!(location, format!("Location: http://{addr}/"), "{target:?}");
        }
        let reply = raw(
            addr,
            b"GET /c/01J?q=%E5%BC%A0 HTTP/1.1\r\nHost: localhost\r\n\r\n",
        );
        assert!(
            reply.contains(&format!("Location: http://{addr}/c/01J?q=%E5%BC%A0\r\n")),
            "{reply}"
        );
    }

    #[test]
    fn odd_requests_get_plain_answers() {
        let root = site();
        std::fs::create_dir(root.join("app.js")).unwrap();
        let addr = server(root.clone(), HEAD_TIME);
        let ask = |request: &str| raw(addr, request.replace("HOST", &addr.to_string()).as_bytes());
        // Methods are case-sensitive; a body is not read, and not a reason to serve.
        assert!(ask("get / HTTP/1.1\r\nHost: HOST\r\n\r\n").starts_with("HTTP/1.1 405"));
        assert!(
            ask("POST / HTTP/1.1\r\nHost: HOST\r\nContent-Length: 3\r\n\r\nabc")
                .starts_with("HTTP/1.1 405")
        );
        assert!(ask("\u{1}\u{2} garbage\r\n\r\n").starts_with("HTTP/1.1 405"));
        assert!(ask("\r\n\r\n").starts_with("HTTP/1.1 405"));
        // A folder named like an asset, without an index.html, is no asset.
        assert!(ask("GET /app.js HTTP/1.1\r\nHost: HOST\r\n\r\n").starts_with("HTTP/1.1 404"));
        // The probe answers only at the address; any other path near it is the app.
        assert!(
            ask("GET /.well-known/dossier-serve?x HTTP/1.1\r\nHost: HOST\r\n\r\n")
                .contains("\r\n\r\ndossier-serve\n")
        );
        assert!(
            ask("GET /.well-known/dossier-serve HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .starts_with("HTTP/1.1 308")
        );
        assert!(
            ask("GET /.well-known/dossier-serve/ HTTP/1.1\r\nHost: HOST\r\n\r\n")
                .ends_with("shell")
        );
        // HEAD of the shell: its length, no body.
        let head = ask("HEAD / HTTP/1.1\r\nHost: HOST\r\n\r\n");
        assert!(
            head.contains("Content-Length: 20\r\n") && head.ends_with("\r\n\r\n"),
            "{head}"
        );
        // index.html gone (a release half removed): a 404, not a crash.
        std::fs::remove_file(root.join("index.html")).unwrap();
        assert!(ask("GET /customers HTTP/1.1\r\nHost: HOST\r\n\r\n").starts_with("HTTP/1.1 404"));
        assert!(ask("GET /sw.js HTTP/1.1\r\nHost: HOST\r\n\r\n").ends_with("worker"));
    }
}
