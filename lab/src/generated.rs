//! Generated answers: a route whose whole answer is described by its URL, for the
//! differential harness (`harness/src/difftest.rs`).
//!
//! `GET|POST|…|OPTIONS /g/<tag>/<hop>?a=<data>` where `<data>` is base64url (RFC 4648 §5,
//! no padding) of the JSON of an [`Answer`]: `{"preflight": Reply, "actual": Reply}`, a
//! [`Reply`] being `{"status": 204, "lines": [["Access-Control-Allow-Origin", "…"], …]}`.
//! `OPTIONS` gets `preflight`, every other method `actual`. Header lines are sent in
//! order, exactly as written: repeated lines, any name case, surrounding and inner
//! whitespace, empty values, and non-ASCII text (sent as its UTF-8 bytes, which HTTP
//! calls obs-text). `<tag>` names the case (the server ignores it; the harness uses it to
//! tell concurrent cases apart), `<hop>` is the position in a redirect chain.
//!
//! Placeholders in names and values, expanded per request:
//! `{page}` the page origin the harness sends from (`http://127.0.0.1:P`), `{PAGE}` the
//! same upper-cased, `{page_host}` its `host:port`, `{page_port}` its port, `{origin}`
//! the request's `Origin` (empty when absent), `{same}` this server's `127.0.0.1:port`,
//! `{other}` the same server as a second origin (`localhost:port`), `{tag}` the
//! request's tag. A redirect's `Location` names another generated answer, nested inside
//! its own `?a=` (so its placeholders expand when that URL is requested).
//!
//! Served from a small raw-TCP HTTP/1.1 listener, not axum: `http::HeaderName` lower-cases
//! names and `HeaderValue` refuses some bytes, and the point is to send what broken
//! servers send. Possible bytes: anything but CR, LF and NUL in names and values (those
//! would end the line; an answer containing them gets a 400 saying so). Every answer
//! ends with `Content-Length: 0`, `Cache-Control: no-store` and `Connection: close`.

use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One HTTP response: the status and the header lines, in order, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub status: u16,
    #[serde(default)]
    pub lines: Vec<(String, String)>,
}

impl Reply {
    pub fn new(status: u16) -> Self {
        Reply { status, lines: Vec::new() }
    }
    pub fn line(mut self, name: &str, value: &str) -> Self {
        self.lines.push((name.to_string(), value.to_string()));
        self
    }
}

/// What one generated URL answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub preflight: Reply,
    pub actual: Reply,
}

impl Answer {
    /// `?a=` data for this answer.
    pub fn encode(&self) -> String {
        corsprobe_engine::share::base64url_encode(serde_json::to_string(self).unwrap_or_default().as_bytes())
    }

    pub fn decode(data: &str) -> Result<Answer, String> {
        let bytes = corsprobe_engine::share::base64url_decode(data).map_err(|e| format!("the a= parameter is not base64url: {e:?}"))?;
        serde_json::from_slice(&bytes).map_err(|e| format!("the a= parameter is not an answer ({{\"preflight\":…, \"actual\":…}}): {e}"))
    }

    /// The path and query that serve this answer, as hop `hop` of case `tag`.
    pub fn path(&self, tag: &str, hop: usize) -> String {
        format!("/g/{tag}/{hop}?a={}", self.encode())
    }
}

/// One request the server answered, kept for the harness (the pasted-headers path
/// replays exactly what was sent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchanged {
    pub tag: String,
    /// The request line and header lines as received (without the final blank line).
    pub request: Vec<String>,
    /// The response head as sent (status line and header lines, without CRLFs).
    pub response: Vec<String>,
}

/// A running generated-answer server.
pub struct GeneratedServer {
    pub port: u16,
    log: Arc<Mutex<Vec<Exchanged>>>,
    stop: Arc<AtomicBool>,
}

impl GeneratedServer {
    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The same server as a second origin.
    pub fn other_origin(&self) -> String {
        format!("http://localhost:{}", self.port)
    }

    /// Removes and returns what was exchanged for `tag`, in order.
    pub fn take_log(&self, tag: &str) -> Vec<Exchanged> {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let (mine, rest): (Vec<Exchanged>, Vec<Exchanged>) = log.drain(..).partition(|e| e.tag == tag);
        *log = rest;
        mine
    }

    pub fn clear_log(&self) {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

impl Drop for GeneratedServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Starts the server on 127.0.0.1 (a free port) in its own threads. `page_origin` fills
/// `{page}`. `GET /` answers a blank HTML page, so one instance can also be the page's
/// origin.
pub fn start(page_origin: &str) -> std::io::Result<GeneratedServer> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
    let port = listener.local_addr()?.port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let (log2, stop2, page) = (log.clone(), stop.clone(), page_origin.to_string());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            if stop2.load(Ordering::SeqCst) {
                break;
            }
            let Ok(stream) = stream else { continue };
            let (log, page) = (log2.clone(), page.clone());
            std::thread::spawn(move || {
                let _ = serve(stream, port, &page, &log);
            });
        }
    });
    Ok(GeneratedServer { port, log, stop })
}

fn serve(stream: TcpStream, port: u16, page: &str, log: &Mutex<Vec<Exchanged>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut head = Vec::new();
    let mut total = 0usize;
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line)?;
        total += n;
        if n == 0 || total > 64 * 1024 {
            return Ok(());
        }
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    // Drain a request body so the browser sees the answer, not a reset.
    let length = head.iter().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
    });
    if let Some(n) = length.filter(|n| *n <= 1 << 20) {
        let mut body = vec![0; n];
        reader.read_exact(&mut body)?;
    }
    let mut parts = head.first().map(|l| l.split(' ')).into_iter().flatten();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let origin = head.iter().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("origin").then(|| value.trim().to_string())
    });
    let (tag, status_line, lines) = match answer_for(method, target) {
        Ok((tag, reply)) => {
            let ctx = Expand { page, origin: origin.as_deref().unwrap_or(""), port, tag: &tag };
            let lines: Vec<(String, String)> = reply.lines.iter().map(|(n, v)| (ctx.apply(n), ctx.apply(v))).collect();
            match lines.iter().find(|(n, v)| [n, v].iter().any(|s| s.contains(['\r', '\n', '\0']))) {
                Some((n, _)) => (
                    tag,
                    "HTTP/1.1 400 Bad Request".to_string(),
                    vec![("X-Generated-Error".into(), format!("the line {n:?} contains CR, LF or NUL"))],
                ),
                None => (tag, format!("HTTP/1.1 {} {}", reply.status, reason(reply.status)), lines),
            }
        }
        Err(Page) => {
            let body = "<!doctype html><meta charset=utf-8><title>difftest page</title>";
            let mut out = stream;
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )?;
            return out.flush();
        }
    };
    let mut response = vec![status_line];
    response.extend(lines.iter().map(|(n, v)| format!("{n}: {v}")));
    response.extend(["Content-Length: 0".to_string(), "Cache-Control: no-store".into(), "Connection: close".into()]);
    let mut bytes = response.join("\r\n").into_bytes();
    bytes.extend_from_slice(b"\r\n\r\n");
    let mut out = stream;
    out.write_all(&bytes)?;
    out.flush()?;
    log.lock().unwrap_or_else(|e| e.into_inner()).push(Exchanged { tag, request: head, response });
    Ok(())
}

/// Not a generated-answer URL: serve the blank page.
struct Page;

/// The tag and the reply for one request; a malformed URL is answered with a 400 that
/// says what is wrong, as a header (the body is never read).
fn answer_for(method: &str, target: &str) -> Result<(String, Reply), Page> {
    let Some(rest) = target.strip_prefix("/g/") else {
        return Err(Page);
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let tag = path.split('/').next().unwrap_or("").to_string();
    let data = query.split('&').find_map(|kv| kv.strip_prefix("a=")).unwrap_or("");
    Ok(match Answer::decode(data) {
        Ok(answer) if method == "OPTIONS" => (tag, answer.preflight),
        Ok(answer) => (tag, answer.actual),
        Err(e) => (tag, Reply::new(400).line("X-Generated-Error", &e)),
    })
}

struct Expand<'a> {
    page: &'a str,
    origin: &'a str,
    port: u16,
    tag: &'a str,
}

impl Expand<'_> {
    fn apply(&self, s: &str) -> String {
        if !s.contains('{') {
            return s.to_string();
        }
        let page_host = self.page.split_once("://").map_or(self.page, |(_, h)| h);
        let page_port = page_host.rsplit_once(':').map_or("", |(_, p)| p);
        s.replace("{page}", self.page)
            .replace("{PAGE}", &self.page.to_ascii_uppercase())
            .replace("{page_host}", page_host)
            .replace("{page_port}", page_port)
            .replace("{origin}", self.origin)
            .replace("{same}", &format!("127.0.0.1:{}", self.port))
            .replace("{other}", &format!("localhost:{}", self.port))
            .replace("{tag}", self.tag)
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Status",
    }
}
