//! WebKitGTK's MiniBrowser under a virtual X server, driven by Debian's
//! `WebKitWebDriver` over classic WebDriver (HTTP + JSON). A new session per case gives
//! a clean preflight cache (about 1–2 s each). Page code in WebKit sees every failed
//! fetch as `TypeError: Load failed`, and classic WebDriver cannot read the console, so
//! [`webkit_verdict`] tells a block from an unreachable server by asking the server
//! directly (see there).

use crate::cdp::Result;
use crate::oracle::fetch_expression;
use corsprobe_engine::RequestSpec;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// WebKitGTK's MiniBrowser (shipped by `libwebkit2gtk-4.1-0`, under the multiarch
/// library folder).
pub fn minibrowser() -> Option<String> {
    std::fs::read_dir("/usr/lib")
        .ok()?
        .flatten()
        .map(|dir| dir.path().join("webkit2gtk-4.1/MiniBrowser"))
        .find(|p| p.exists())
        .map(|p| p.to_string_lossy().into_owned())
}

/// `xvfb-run WebKitWebDriver` on a free port.
pub struct WebKitDriver {
    child: Child,
    port: u16,
    minibrowser: String,
}

impl WebKitDriver {
    pub fn launch() -> Result<WebKitDriver> {
        let minibrowser = minibrowser().ok_or("WebKitGTK's MiniBrowser is missing: `cargo xtask setup --browsers` installs webkit2gtk-driver")?;
        for bin in ["/usr/bin/WebKitWebDriver", "/usr/bin/xvfb-run"] {
            if !std::path::Path::new(bin).exists() {
                return Err(format!("{bin} is missing: `cargo xtask setup --browsers` installs webkit2gtk-driver and xvfb"));
            }
        }
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let child = Command::new("xvfb-run")
            .args(["-a", "WebKitWebDriver", &format!("--port={port}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // xvfb-run and the driver in their own process group, so Drop stops all of it.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start WebKitWebDriver: {e}"))?;
        let driver = WebKitDriver { child, port, minibrowser };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if start.elapsed() > Duration::from_secs(20) {
                return Err("WebKitWebDriver did not listen in 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }

    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        http_json(self.port, method, path, body)
    }

    /// A new MiniBrowser session.
    pub fn session(&self) -> Result<WebKitSession<'_>> {
        let caps =
            json!({ "capabilities": { "alwaysMatch": { "webkitgtk:browserOptions": { "binary": self.minibrowser, "args": ["--automation"] } } } });
        let r = self.request("POST", "/session", Some(&caps))?;
        let id = r["value"]["sessionId"].as_str().ok_or_else(|| format!("no session: {r}"))?.to_string();
        let version = format!("WebKitGTK {}", r["value"]["capabilities"]["browserVersion"].as_str().unwrap_or("?"));
        Ok(WebKitSession { driver: self, id, version })
    }
}

impl Drop for WebKitDriver {
    fn drop(&mut self) {
        // The whole group: xvfb-run, Xvfb, the driver and its MiniBrowsers. `--` so the
        // negative process-group id is not read as an option.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-s", "TERM", "--", &group]).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = Command::new("kill").args(["-s", "KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

use std::os::unix::process::CommandExt as _;

pub struct WebKitSession<'a> {
    driver: &'a WebKitDriver,
    id: String,
    pub version: String,
}

impl WebKitSession<'_> {
    pub fn navigate(&self, url: &str) -> Result<()> {
        self.driver.request("POST", &format!("/session/{}/url", self.id), Some(&json!({ "url": url }))).map(|_| ())
    }

    /// Evaluates an expression (awaiting a promise); the value comes back through JSON.
    pub fn eval(&self, expression: &str) -> Result<Value> {
        let script = format!(
            "const done = arguments[arguments.length - 1]; Promise.resolve().then(async () => JSON.stringify(await ({expression}))).then(v => done({{ v }}), e => done({{ e: String(e) }}));"
        );
        let r = self.driver.request("POST", &format!("/session/{}/execute/async", self.id), Some(&json!({ "script": script, "args": [] })))?;
        let value = &r["value"];
        if let Some(e) = value.get("e") {
            return Err(format!("script threw: {e}"));
        }
        match &value["v"] {
            Value::String(text) => serde_json::from_str(text).map_err(|e| e.to_string()),
            Value::Null => Ok(Value::Null), // `undefined`
            other => Err(format!("unexpected WebDriver answer: {other}")),
        }
    }

    pub fn wait_for(&self, condition: &str, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            if self.eval(&format!("!!({condition})"))? == Value::Bool(true) {
                return Ok(());
            }
            if start.elapsed() > timeout {
                return Err(format!("timed out after {timeout:?} waiting for {condition}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The user prompt WebDriver reports open (`GET /session/{id}/alert/text`): its text,
    /// or `None` when the driver answers "no such alert".
    pub fn prompt_text(&self) -> Result<Option<String>> {
        match self.driver.request("GET", &format!("/session/{}/alert/text", self.id), None) {
            Ok(r) => Ok(Some(r["value"].as_str().unwrap_or_default().to_string())),
            Err(e) if e.contains("no such alert") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The viewport as PNG. WebKitGTK draws its own dialogs (the HTTP authentication one)
    /// over the page, and they are in it.
    pub fn screenshot_png(&self) -> Result<Vec<u8>> {
        let r = self.driver.request("GET", &format!("/session/{}/screenshot", self.id), None)?;
        crate::page::base64_decode(r["value"].as_str().ok_or("no screenshot")?)
    }

    pub fn screenshot(&self, path: &std::path::Path) -> Result<()> {
        let bytes = self.screenshot_png()?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, bytes).map_err(|e| e.to_string())
    }
}

impl Drop for WebKitSession<'_> {
    fn drop(&mut self) {
        let _ = self.driver.request("DELETE", &format!("/session/{}", self.id), None);
    }
}

/// WebKit's verdict: `pass` when `fetch()` resolves; when it rejects, `blocked` if the
/// target answers HTTP at all (asked directly from the test, outside the browser), else
/// `unreachable`. Returns the verdict and what `fetch()` returned.
pub fn webkit_verdict(driver: &WebKitDriver, app_page_url: &str, spec: &RequestSpec) -> Result<(&'static str, Value)> {
    let session = driver.session()?;
    session.navigate(app_page_url)?;
    let fetch = session.eval(&fetch_expression(spec))?;
    let verdict = if fetch["ok"] == true {
        "pass"
    } else if server_answers(&spec.url) {
        "blocked"
    } else {
        "unreachable"
    };
    Ok((verdict, fetch))
}

/// Whether an `http://host:port/…` URL's server answers a plain HTTP request.
fn server_answers(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else { return false };
    let authority = rest.split('/').next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let Ok(mut stream) = TcpStream::connect(authority) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!("HEAD / HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    let mut first = [0u8; 5];
    stream.write_all(request.as_bytes()).is_ok() && stream.read_exact(&mut first).is_ok() && &first == b"HTTP/"
}

/// One HTTP/1.1 JSON exchange with the local WebDriver server.
fn http_json(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(Duration::from_secs(60))).map_err(|e| e.to_string())?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).map_err(|e| e.to_string())?;
    let mut length = None;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut text = Vec::new();
    match length {
        Some(n) => {
            text.resize(n, 0);
            reader.read_exact(&mut text).map_err(|e| e.to_string())?;
        }
        None => {
            reader.read_to_end(&mut text).map_err(|e| e.to_string())?;
        }
    }
    let value: Value = serde_json::from_slice(&text).map_err(|e| format!("{method} {path}: {status_line}: {e}"))?;
    if !status_line.contains(" 200") {
        return Err(format!("{method} {path}: {} {}", status_line.trim(), value["value"]));
    }
    Ok(value)
}
