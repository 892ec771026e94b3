//! Debian's Firefox ESR, headless, driven over WebDriver BiDi, which Firefox serves
//! itself with `--remote-debugging-port` (no geckodriver). Each [`FirefoxTab`] lives in
//! its own user context: a clean cookie jar, HTTP cache and preflight cache.

use crate::cdp::{Cdp, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Firefox {
    child: Child,
    profile: PathBuf,
    pub ws_url: String,
}

/// The Firefox binary: `$FIREFOX`, else Debian's ESR.
pub fn binary() -> String {
    std::env::var("FIREFOX").unwrap_or_else(|_| "/usr/bin/firefox-esr".into())
}

/// Preferences for a quiet, offline test profile: no background traffic to confuse the
/// network log, no first-run pages.
const USER_JS: &str = r#"
user_pref("remote.prefs.recommended", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("app.normandy.enabled", false);
user_pref("services.settings.server", "http://127.0.0.1:9/");
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("extensions.update.enabled", false);
user_pref("app.update.enabled", false);
"#;

impl Firefox {
    pub fn launch() -> Result<Firefox> {
        Firefox::launch_with(&[])
    }

    /// Launches with extra command-line arguments (`--remote-allow-system-access`, for
    /// a test that reads the browser's own console service).
    pub fn launch_with(extra: &[&str]) -> Result<Firefox> {
        let bin = binary();
        if !std::path::Path::new(&bin).exists() {
            return Err(format!(
                "Firefox not found at {bin}. Install it with `cargo xtask setup --browsers` (Debian package firefox-esr), or set FIREFOX."
            ));
        }
        let profile = std::env::temp_dir().join(format!("corsprobe-firefox-{}-{}", std::process::id(), unique()));
        std::fs::create_dir_all(&profile).map_err(|e| e.to_string())?;
        std::fs::write(profile.join("user.js"), USER_JS).map_err(|e| e.to_string())?;
        let mut child = Command::new(&bin)
            .args(["--headless", "--no-remote", "--remote-debugging-port=0"])
            .args(extra)
            .arg("--profile")
            .arg(&profile)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .env("MOZ_HEADLESS", "1")
            .spawn()
            .map_err(|e| format!("cannot start {bin}: {e}"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(std::result::Result::ok) {
                if let Some(url) = line.strip_prefix("WebDriver BiDi listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let ws = rx.recv_timeout(Duration::from_secs(60)).map_err(|_| "Firefox did not print its BiDi URL in 60 s".to_string())?;
        Ok(Firefox { child, profile, ws_url: format!("{ws}/session") })
    }

    /// Connects and starts the BiDi session (one per Firefox: BiDi allows one).
    /// Returns the client and the browser's version.
    pub fn connect(&self) -> Result<(Cdp, String)> {
        self.connect_with(json!({}))
    }

    /// [`Firefox::connect`] with session capabilities (`acceptInsecureCerts`, say).
    pub fn connect_with(&self, capabilities: Value) -> Result<(Cdp, String)> {
        let start = Instant::now();
        let mut bidi = loop {
            match Cdp::connect(&self.ws_url) {
                Ok(c) => break c,
                Err(e) if start.elapsed() > Duration::from_secs(10) => return Err(e),
                Err(_) => std::thread::sleep(Duration::from_millis(100)),
            }
        };
        let session = bidi.call(None, "session.new", json!({ "capabilities": { "alwaysMatch": capabilities } }))?;
        let version = format!("Firefox {}", session["capabilities"]["browserVersion"].as_str().unwrap_or("?"));
        bidi.call(None, "session.subscribe", json!({ "events": ["log.entryAdded"] }))?;
        Ok((bidi, version))
    }
}

impl Drop for Firefox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The BiDi events by which Firefox asks the person something: an HTTP authentication
/// challenge (a password dialog) or a user prompt.
const CHALLENGE_EVENTS: [&str; 2] = ["network.authRequired", "browsingContext.userPromptOpened"];

/// Subscribes the session to the events [`FirefoxTab::take_challenges`] reads.
pub fn watch_challenges(bidi: &mut Cdp) -> Result<()> {
    bidi.call(None, "session.subscribe", json!({ "events": CHALLENGE_EVENTS })).map(|_| ())
}

/// A tab in its own user context.
pub struct FirefoxTab<'a> {
    pub bidi: &'a mut Cdp,
    pub context: String,
    user_context: String,
}

impl<'a> FirefoxTab<'a> {
    pub fn open(bidi: &'a mut Cdp) -> Result<FirefoxTab<'a>> {
        let user_context = bidi.call(None, "browser.createUserContext", json!({}))?["userContext"].as_str().ok_or("no userContext")?.to_string();
        let context = bidi.call(None, "browsingContext.create", json!({ "type": "tab", "userContext": user_context }))?["context"]
            .as_str()
            .ok_or("no context")?
            .to_string();
        Ok(FirefoxTab { bidi, context, user_context })
    }

    /// Leaves the tab open and gives back its ids, so that another tab can use the
    /// connection meanwhile; [`FirefoxTab::resume`] takes it up again (and closes it when
    /// dropped).
    pub fn suspend(self) -> (String, String) {
        let tab = std::mem::ManuallyDrop::new(self);
        (tab.context.clone(), tab.user_context.clone())
    }

    /// A tab left open by [`FirefoxTab::suspend`].
    pub fn resume(bidi: &'a mut Cdp, (context, user_context): (String, String)) -> FirefoxTab<'a> {
        FirefoxTab { bidi, context, user_context }
    }

    pub fn navigate(&mut self, url: &str) -> Result<()> {
        self.bidi.call(None, "browsingContext.navigate", json!({ "context": self.context, "url": url, "wait": "complete" })).map(|_| ())
    }

    /// Evaluates an expression (awaiting a promise); the value comes back through JSON.
    pub fn eval(&mut self, expression: &str) -> Result<Value> {
        let wrapped = format!("(async () => JSON.stringify(await ({expression})))()");
        let r =
            self.bidi.call(None, "script.evaluate", json!({ "expression": wrapped, "target": { "context": self.context }, "awaitPromise": true }))?;
        if r["type"] == "exception" {
            return Err(format!("script threw: {}", r["exceptionDetails"]["text"]));
        }
        match r["result"]["value"].as_str() {
            Some(text) => serde_json::from_str(text).map_err(|e| e.to_string()),
            None => Ok(Value::Null), // `undefined`
        }
    }

    pub fn wait_for(&mut self, condition: &str, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            if self.eval(&format!("!!({condition})"))? == Value::Bool(true) {
                return Ok(());
            }
            if start.elapsed() > timeout {
                return Err(format!("timed out after {timeout:?} waiting for {condition}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn set_viewport(&mut self, width: u32, height: u32) -> Result<()> {
        self.bidi
            .call(None, "browsingContext.setViewport", json!({ "context": self.context, "viewport": { "width": width, "height": height } }))
            .map(|_| ())
    }

    /// Saves a PNG of the whole document.
    pub fn screenshot(&mut self, path: &std::path::Path) -> Result<()> {
        let r = self.bidi.call(None, "browsingContext.captureScreenshot", json!({ "context": self.context, "origin": "document" }))?;
        let bytes = crate::page::base64_decode(r["data"].as_str().ok_or("no screenshot data")?)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, bytes).map_err(|e| e.to_string())
    }

    /// Every time Firefox asked the person something since events were last taken
    /// (see [`watch_challenges`]), as `event url`; every other event is dropped.
    pub fn take_challenges(&mut self) -> Vec<String> {
        self.bidi
            .take_all_events()
            .iter()
            .filter(|e| CHALLENGE_EVENTS.iter().any(|m| e["method"] == *m))
            .map(|e| format!("{} {}", e["method"], e["params"]["request"]["url"]))
            .collect()
    }

    /// Whether a credentialed fetch from this tab to `url` meets an HTTP authentication
    /// challenge (`network.authRequired`) within 2 s: the control that shows a test's
    /// watch does see one, so that seeing none means none happened. The fetch is aborted
    /// after 3 s, and earlier events are dropped.
    pub fn credentialed_fetch_is_challenged(&mut self, url: &str) -> Result<bool> {
        self.bidi.take_all_events();
        let control =
            format!("(() => {{ fetch({url:?}, {{ credentials: 'include', cache: 'no-store', signal: AbortSignal.timeout(3000) }}).catch(() => null); return true; }})()");
        self.eval(&control)?;
        self.bidi.pump(Duration::from_secs(2))?;
        Ok(self.bidi.take_all_events().iter().any(|e| e["method"] == "network.authRequired"))
    }

    /// Console messages of this tab since the last call (`log.entryAdded`).
    pub fn take_console(&mut self) -> Vec<String> {
        let context = self.context.clone();
        let mut mine = Vec::new();
        let mut rest = Vec::new();
        for e in self.bidi.take_all_events() {
            if e["method"] == "log.entryAdded" && e["params"]["source"]["context"] == context.as_str() {
                mine.push(e["params"]["text"].as_str().unwrap_or_default().to_string());
            } else {
                rest.push(e);
            }
        }
        // Other tabs' events are not ours to drop; none run concurrently in the tests.
        drop(rest);
        mine
    }
}

impl Drop for FirefoxTab<'_> {
    fn drop(&mut self) {
        let _ = self.bidi.call(None, "browsingContext.close", json!({ "context": self.context }));
        let _ = self.bidi.call(None, "browser.removeUserContext", json!({ "userContext": self.user_context }));
    }
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}
