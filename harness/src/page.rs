//! A tab in its own browser context (fresh cookies, cache and preflight cache).

use crate::cdp::{Cdp, Result};
use serde_json::{json, Value};
use std::ops::{Deref, DerefMut};
use std::time::{Duration, Instant};

pub struct Page<'a> {
    pub cdp: Conn<'a>,
    pub session: String,
    context: String,
}

/// A page's DevTools connection: borrowed ([`Page::open`], several pages in turn on one
/// connection) or its own ([`Page::open_own`], a page that can be kept next to the
/// browser it is in, as [`crate::app::App`] does). Either way it is used as a [`Cdp`].
pub enum Conn<'a> {
    Borrowed(&'a mut Cdp),
    Owned(Box<Cdp>),
}

impl Deref for Conn<'_> {
    type Target = Cdp;
    fn deref(&self) -> &Cdp {
        match self {
            Conn::Borrowed(cdp) => cdp,
            Conn::Owned(cdp) => cdp,
        }
    }
}

impl DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Cdp {
        match self {
            Conn::Borrowed(cdp) => cdp,
            Conn::Owned(cdp) => cdp,
        }
    }
}

impl Page<'static> {
    /// Like [`Page::open`], on a connection the page keeps (and closes when dropped).
    pub fn open_own(cdp: Cdp) -> Result<Page<'static>> {
        Page::open_on(Conn::Owned(Box::new(cdp)))
    }
}

impl<'a> Page<'a> {
    /// Opens about:blank in a new browser context and enables the domains tests read.
    pub fn open(cdp: &'a mut Cdp) -> Result<Page<'a>> {
        Page::open_on(Conn::Borrowed(cdp))
    }

    fn open_on(mut cdp: Conn<'a>) -> Result<Page<'a>> {
        let context = cdp.call(None, "Target.createBrowserContext", json!({ "disposeOnDetach": true }))?["browserContextId"]
            .as_str()
            .ok_or("no browserContextId")?
            .to_string();
        let target = cdp.call(None, "Target.createTarget", json!({ "url": "about:blank", "browserContextId": context }))?["targetId"]
            .as_str()
            .ok_or("no targetId")?
            .to_string();
        let session = cdp.call(None, "Target.attachToTarget", json!({ "targetId": target, "flatten": true }))?["sessionId"]
            .as_str()
            .ok_or("no sessionId")?
            .to_string();
        for domain in ["Page", "Runtime", "Network", "Audits", "Log"] {
            cdp.call(Some(&session), &format!("{domain}.enable"), json!({}))?;
        }
        Ok(Page { cdp, session, context })
    }

    pub fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        self.cdp.call(Some(&self.session), method, params)
    }

    /// Navigates and waits for the load event.
    pub fn navigate(&mut self, url: &str) -> Result<()> {
        self.cdp.take_events(&self.session);
        let r = self.call("Page.navigate", json!({ "url": url }))?;
        if let Some(e) = r.get("errorText").and_then(Value::as_str) {
            return Err(format!("navigate {url}: {e}"));
        }
        let session = self.session.clone();
        self.cdp.wait_for_event(Duration::from_secs(20), |e| e["method"] == "Page.loadEventFired" && e["sessionId"] == session.as_str())?;
        Ok(())
    }

    /// Evaluates an expression (awaiting a promise) and returns its JSON value.
    pub fn eval(&mut self, expression: &str) -> Result<Value> {
        let r = self.call("Runtime.evaluate", json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }))?;
        if let Some(ex) = r.get("exceptionDetails") {
            return Err(format!("script threw: {}", ex["exception"]["description"].as_str().unwrap_or(&ex.to_string())));
        }
        Ok(r["result"]["value"].clone())
    }

    /// Polls a JS condition until it is truthy.
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

    pub fn set_viewport(&mut self, width: u32, height: u32, dark: bool) -> Result<()> {
        self.call("Emulation.setDeviceMetricsOverride", json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }))?;
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" } }] }),
        )?;
        Ok(())
    }

    /// Saves a PNG of the whole page.
    pub fn screenshot(&mut self, path: &std::path::Path) -> Result<()> {
        let r = self.call("Page.captureScreenshot", json!({ "format": "png", "captureBeyondViewport": true }))?;
        let data = r["data"].as_str().ok_or("no screenshot data")?;
        let bytes = base64_decode(data)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, bytes).map_err(|e| e.to_string())
    }

    /// Sets a form control by `name` the way typing does (Leptos listens for input and
    /// change events).
    pub fn set_field(&mut self, name: &str, value: &str) -> Result<()> {
        self.eval(&set_field_expression(name, value)).map(|_| ())
    }

    /// Clicks the first element matching a CSS selector.
    pub fn click(&mut self, selector: &str) -> Result<()> {
        self.eval(&format!("document.querySelector({selector:?}).click()")).map(|_| ())
    }

    /// The URLs of the requests this tab sent since the events were last taken.
    pub fn requests_sent(&mut self) -> Vec<String> {
        self.take_events()
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .filter_map(|e| e["params"]["request"]["url"].as_str().map(String::from))
            .collect()
    }

    /// The events of this tab since the last call.
    pub fn take_events(&mut self) -> Vec<Value> {
        self.cdp.take_events(&self.session)
    }
}

impl Drop for Page<'_> {
    fn drop(&mut self) {
        let _ = self.cdp.call(None, "Target.disposeBrowserContext", json!({ "browserContextId": self.context }));
    }
}

pub fn base64_decode(s: &str) -> Result<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()) {
        let v = ALPHABET.iter().position(|a| *a == c).ok_or("bad base64")? as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    Ok(out)
}

/// Sets the form control named `name` to `value` as typing (or choosing) would: the
/// value, then the `input` (`change` for a select) event the app listens to.
pub fn set_field_expression(name: &str, value: &str) -> String {
    format!(
        "(() => {{ const e = document.querySelector('[name={name}]'); e.value = {value:?}; e.dispatchEvent(new Event(e.tagName === 'SELECT' ? 'change' : 'input', {{ bubbles: true }})); }})()"
    )
}

/// A JavaScript condition, for any driver's `wait_for`: the page shows the report
/// (`#report-json`) of a request to `url` (and not an earlier one, or one half-written).
pub fn shows_report_for(url: &str) -> String {
    format!(
        "(() => {{ const e = document.getElementById('report-json'); try {{ return e && JSON.parse(e.textContent).request.url === {url:?}; }} catch (_) {{ return false; }} }})()"
    )
}
