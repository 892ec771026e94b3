//! The browser tests' shared prelude: the servers, Chromium, and one tab showing the
//! app, ready to be driven.
//!
//! ```no_run
//! use harness::app::{open_app, App};
//! let App { env, chromium, mut page } = open_app().with_viewport(1280, 900, false).with_lab().open().expect("open the app");
//! ```
//!
//! Bind all three fields, an unused one to a named placeholder (`chromium: _chromium`):
//! a field left to `..` or `_` is dropped at the end of the `let`, and the browser or
//! the servers with it. Bound this way they drop in reverse order: the tab, then the
//! browser, then the servers.

use crate::cdp::Result;
use crate::chromium::Chromium;
use crate::env::TestEnv;
use crate::page::Page;
use corsprobe_engine::report::Report;
use corsprobe_engine::{Credentials, RequestSpec};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A JavaScript condition, true once the app has rendered its form and can be driven.
pub const READY: &str = "document.querySelector('[data-action=run]')";

/// How long Chromium may take to render the app from a local server.
pub const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// What [`open_app`] opened. Fields drop in order: the tab before the browser it is in,
/// the browser before the servers.
pub struct App {
    pub page: Page<'static>,
    pub chromium: Chromium,
    pub env: TestEnv,
}

/// How to open the app; see [`open_app`].
#[derive(Debug, Clone, Default)]
pub struct OpenApp {
    viewport: Option<(u32, u32, bool)>,
    lab: bool,
    at: String,
}

/// Starts the servers (no lab delay), launches Chromium, opens a tab in a fresh browser
/// context on the app and waits until it is [`READY`]. Fails when `dist/` is not built.
pub fn open_app() -> OpenApp {
    OpenApp::default()
}

impl OpenApp {
    /// Sets the tab's viewport (and colour scheme) before the app loads; see
    /// [`Page::set_viewport`] (narrower than 600 px is emulated as a phone).
    pub fn with_viewport(mut self, width: u32, height: u32, dark: bool) -> OpenApp {
        self.viewport = Some((width, height, dark));
        self
    }

    /// Opens the app with `?lab=<the lab's origin>`, so it offers the lab's examples.
    pub fn with_lab(mut self) -> OpenApp {
        self.lab = true;
        self
    }

    /// Opens the app at a path on its origin (`/x/`) and/or a fragment (`#v1.…`), e.g. a
    /// share link.
    pub fn at(mut self, path_or_hash: &str) -> OpenApp {
        self.at = path_or_hash.to_string();
        self
    }

    /// The URL to open on the app at `app_origin`, with the lab at `lab_origin`.
    pub fn url(&self, app_origin: &str, lab_origin: &str) -> String {
        let (path, hash) = match self.at.find('#') {
            Some(i) => self.at.split_at(i),
            None => (self.at.as_str(), ""),
        };
        let path = if path.is_empty() { "/" } else { path };
        let lab = match (self.lab, path.contains('?')) {
            (false, _) => String::new(),
            (true, false) => format!("?lab={lab_origin}"),
            (true, true) => format!("&lab={lab_origin}"),
        };
        format!("{app_origin}{path}{lab}{hash}")
    }

    pub fn open(self) -> Result<App> {
        let env = TestEnv::start(0).map_err(|e| format!("start the servers: {e}"))?;
        if !env.has_app {
            return Err("dist/ is not built: run `cargo xtask test`".into());
        }
        let chromium = Chromium::launch().map_err(|e| format!("launch Chromium: {e}"))?;
        let mut page = Page::open_own(chromium.connect()?)?;
        if let Some((width, height, dark)) = self.viewport {
            page.set_viewport(width, height, dark)?;
        }
        let url = self.url(&env.app_origin, &env.lab.origin);
        page.navigate(&url)?;
        wait_ready(&mut page)?;
        Ok(App { page, chromium, env })
    }
}

/// Waits until the app in `page` is [`READY`].
pub fn wait_ready(page: &mut Page) -> Result<()> {
    page.wait_for(READY, READY_TIMEOUT).map_err(|e| format!("the app did not render: {e}"))
}

/// Opens a tab of `chromium` in a fresh browser context, on its own connection, at `url`
/// (the app served elsewhere: under a path, on another origin, from a changed copy of
/// `dist/`), and waits until the app is [`READY`].
pub fn open_page(chromium: &Chromium, url: &str) -> Result<Page<'static>> {
    let mut page = Page::open_own(chromium.connect()?)?;
    page.navigate(url)?;
    wait_ready(&mut page)?;
    Ok(page)
}

/// The `Fetch.enable` parameters that pause every request to `origins` and report every
/// authentication challenge (`Fetch.authRequired`) instead of letting Chromium show a
/// password dialog. [`watch_auth`] enables it on a tab and its frames; then drive the
/// tab through [`serve_interception`] or [`report_of`].
pub fn intercept(origins: &[&str]) -> Value {
    let patterns: Vec<Value> = origins.iter().map(|o| json!({ "urlPattern": format!("{o}/*") })).collect();
    json!({ "handleAuthRequests": true, "patterns": patterns })
}

/// Enables [`intercept`] on `page`, and with `Target.setAutoAttach`
/// (`waitForDebuggerOnStart`, `flatten`) on the frames it opens (the null-origin probe's
/// sandboxed frame may run in its own process), which [`serve_interception`] attaches.
pub fn watch_auth(page: &mut Page, origins: &[&str]) -> Result<()> {
    page.call("Fetch.enable", intercept(origins))?;
    page.call("Target.setAutoAttach", json!({ "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true }))?;
    Ok(())
}

/// The app's form, filled with `spec`: each control's name and the value a person
/// would type or choose (headers one per line, as `Name: value`).
pub fn form_values(spec: &RequestSpec) -> [(&'static str, String); 7] {
    let headers = spec.headers.iter().map(|h| format!("{}: {}", h.name, h.value)).collect::<Vec<_>>().join("\n");
    [
        ("url", spec.url.clone()),
        ("method", spec.method.clone()),
        ("headers", headers),
        ("body", spec.body.clone().unwrap_or_default()),
        ("mode", spec.mode.as_str().to_string()),
        ("credentials", spec.credentials.as_str().to_string()),
        ("redirect", spec.redirect.as_str().to_string()),
    ]
}

/// Whether the person's own request may meet an authentication challenge: it includes
/// credentials and carries no `Authorization` of its own. A probe of corsprobe's never
/// may (issue 20: no probe may make the browser ask the person anything).
pub fn own_request_may_be_challenged<'a>(credentials: Credentials, mut header_names: impl Iterator<Item = &'a str>) -> bool {
    credentials == Credentials::Include && !header_names.any(|n| n.eq_ignore_ascii_case("authorization"))
}

/// Answers the app tab's interception events: attaches to its frames (the null-origin
/// probe's sandboxed frame may run in its own process) with the same interception
/// ([`intercept`] over `origins`), continues every paused request, and cancels every
/// authentication challenge, noting its URL in `challenges`. Takes (and drops) every
/// other event of the tab's connection.
pub fn serve_interception(page: &mut Page, origins: &[&str], challenges: &mut Vec<String>) {
    for e in page.cdp.take_all_events() {
        let session = e["sessionId"].as_str().unwrap_or(&page.session).to_string();
        let id = e["params"]["requestId"].clone();
        match e["method"].as_str() {
            Some("Target.attachedToTarget") => {
                let child = e["params"]["sessionId"].as_str().unwrap_or_default().to_string();
                let _ = page.cdp.call(Some(&child), "Fetch.enable", intercept(origins));
                let _ = page.cdp.call(Some(&child), "Runtime.runIfWaitingForDebugger", json!({}));
            }
            Some("Fetch.requestPaused") => {
                let _ = page.cdp.call(Some(&session), "Fetch.continueRequest", json!({ "requestId": id }));
            }
            Some("Fetch.authRequired") => {
                challenges.push(e["params"]["request"]["url"].as_str().unwrap_or("?").to_string());
                let cancel = json!({ "requestId": id, "authChallengeResponse": { "response": "CancelAuth" } });
                let _ = page.cdp.call(Some(&session), "Fetch.continueWithAuth", cancel);
            }
            _ => {}
        }
    }
}

/// Waits (serving the interception, see [`serve_interception`]) until the app shows the
/// report of a request to `url` ([`crate::page::shows_report_for`]), at most 40 s, and
/// returns the report from `#report-json`.
pub fn report_of(page: &mut Page, url: &str, origins: &[&str], challenges: &mut Vec<String>) -> Result<Report> {
    let shown = format!("!!({})", crate::page::shows_report_for(url));
    let start = Instant::now();
    loop {
        serve_interception(page, origins, challenges);
        if page.eval(&shown)? == Value::Bool(true) {
            break;
        }
        if start.elapsed() > Duration::from_secs(40) {
            return Err(format!("no report for {url} after 40 s"));
        }
        page.cdp.pump(Duration::from_millis(30))?;
    }
    let text = page.eval("document.getElementById('report-json').textContent")?;
    serde_json::from_str(text.as_str().unwrap_or_default()).map_err(|e| format!("report JSON for {url}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::open_app;

    #[test]
    fn urls() {
        let (app, lab) = ("http://127.0.0.1:1", "http://127.0.0.1:2");
        assert_eq!(open_app().url(app, lab), "http://127.0.0.1:1/");
        assert_eq!(open_app().with_lab().url(app, lab), "http://127.0.0.1:1/?lab=http://127.0.0.1:2");
        assert_eq!(open_app().at("#v1.x").url(app, lab), "http://127.0.0.1:1/#v1.x");
        assert_eq!(open_app().with_lab().at("/a/?b=1#v1.x").url(app, lab), "http://127.0.0.1:1/a/?b=1&lab=http://127.0.0.1:2#v1.x");
        assert_eq!(open_app().with_lab().at("/a/").url(app, lab), "http://127.0.0.1:1/a/?lab=http://127.0.0.1:2");
    }
}
