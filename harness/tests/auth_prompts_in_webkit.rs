//! Which `fetch()` calls make WebKit ask the person for a password: `auth_prompts.rs`
//! for WebKitGTK (MiniBrowser under `WebKitWebDriver`, see `harness::webkit`).
//!
//! Classic WebDriver has no authentication event, and WebKitGTK's automation does not
//! report its HTTP authentication dialog as a user prompt (`GET /session/{id}/alert/text`
//! answers "no such alert" while the dialog is up). Two things do show it:
//! - the fetch waits: WebKit holds the request until the dialog is answered, so the fetch
//!   does not settle (one that meets no dialog settles as soon as the lab answers);
//! - the screenshot: WebKitGTK draws the dialog ("Authentication Required … The site
//!   says: "corsprobe lab"") over the page and dims it, and WebDriver's screenshot
//!   includes it, so the viewport changes although the page itself does not.
//!
//! Each fetch runs in a fresh session on a page of the app origin (the null-origin rows
//! from the app's own `null-probe.html` in `<iframe sandbox="allow-scripts">`, as the
//! null-origin probe sends them: the `srcdoc` frame `auth_prompts.rs` builds never ran
//! its inline script in WebKit here, which the app's CSP, inherited by `srcdoc`, forbids
//! with `script-src 'self'`). A row "meets the dialog"
//! when its fetch has not settled after [`WAIT`], the viewport changed, or WebDriver
//! reports a prompt. The lab answers [`LAB_DELAY`] late, so a row that settles sooner
//! never saw the 401 and proves nothing: that fails the test too.
//!
//! A control keeps the test able to fail: a same-origin `credentials: "include"` fetch
//! from the lab's own page (`/`) must meet the dialog (it does: the fetch waits and the
//! screenshot shows the dialog); if it does not, the watching is blind and the test fails
//! rather than pass vacuously.
//!
//! Measured here (WebKitGTK 2.50.6, both routes): every row reaches the server and gets
//! the 401, and none meets the dialog, with or without credentials; all settle in
//! about 0.4–0.55 s (the lab's 400 ms delay included). `cors omit`/`same-origin` resolve with
//! the 401 on `basic-auth-cors` and reject (`TypeError: Load failed`) on
//! `basic-auth-before-cors`; `no-cors` resolves opaque; `cors include` rejects (the 401
//! lacks `Access-Control-Allow-Credentials`); the sandboxed frame's fetches reject
//! (neither route allows `null`). So WebKit, unlike Chromium and Firefox, does not ask
//! for a password for a cross-origin fetch even with credentials; only the same-origin
//! control does. The rule asserted is the plan's: a fetch without credentials never
//! raises or waits on the dialog. `GET /alert/text` never reported the dialog, even in
//! the control.

use harness::auth_prompts::{FETCHES, ROUTES};
use harness::env::TestEnv;
use harness::webkit::{WebKitDriver, WebKitSession};
use serde_json::Value;
use std::time::{Duration, Instant};

/// The lab answers every `/case/` request this late, so a fetch that settles sooner
/// never got the server's answer (and its 401).
const LAB_DELAY: Duration = Duration::from_millis(400);

/// How long a fetch may take before it counts as waiting on a dialog.
const WAIT: Duration = Duration::from_secs(3);

/// Starts one fetch and leaves its outcome in `window.__auth_result`, without awaiting it
/// (a fetch held by the dialog never settles).
fn start_fetch(url: &str, mode: &str, credentials: &str, from_frame: bool) -> String {
    if !from_frame {
        return format!(
            "(() => {{ window.__auth_result = null; \
             fetch({url:?}, {{ mode: {mode:?}, credentials: {credentials:?}, cache: 'no-store' }})\
             .then(r => 'resolved ' + r.type + ' ' + r.status, e => 'rejected ' + e.name + ': ' + e.message)\
             .then(r => window.__auth_result = r); return true; }})()"
        );
    }
    // The app's null-origin probe frame: it says when it is ready, is asked one fetch
    // (always `mode: "cors"`), and answers with its outcome. Its own timeout is set long
    // so that it cannot end a fetch the dialog holds within `WAIT`.
    assert_eq!(mode, "cors", "null-probe.html sends cors fetches only");
    format!(
        "(() => {{ window.__auth_result = null; \
         const f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; f.hidden = true; f.src = './null-probe.html'; \
         addEventListener('message', e => {{ \
           if (e.source !== f.contentWindow || !e.data || e.data.tag !== 'corsprobe-null-probe') return; \
           if (e.data.ready) e.source.postMessage({{ tag: 'corsprobe-null-probe', url: {url:?}, credentials: {credentials:?}, timeout_ms: 30000 }}, '*'); \
           else window.__auth_result = 'frame ' + e.data.answer; \
         }}); \
         document.body.appendChild(f); return true; }})()"
    )
}

struct Row {
    route: String,
    label: String,
    credentials: &'static str,
    /// How long the fetch took, or `None` when it had not settled after [`WAIT`].
    settled: Option<Duration>,
    outcome: Value,
    /// Whether the viewport changed between before the fetch and after it.
    screen_changed: bool,
    /// What WebDriver reports as an open user prompt.
    prompt: Option<String>,
}

impl Row {
    fn met_dialog(&self) -> bool {
        self.settled.is_none() || self.screen_changed || self.prompt.is_some()
    }
}

/// One fetch in a fresh session on `page`, watched as the module comment says.
fn measure(s: &WebKitSession, page: &str, is_app: bool, url: &str, fetch: (&str, &str, &'static str, bool), route: &str) -> Row {
    let (label, mode, credentials, frame) = fetch;
    s.navigate(page).unwrap();
    // The app renders before the first screenshot, so only a dialog can change it after.
    s.wait_for("document.readyState === 'complete' && document.body", Duration::from_secs(10)).unwrap();
    if is_app {
        s.wait_for(harness::app::READY, harness::app::READY_TIMEOUT).expect("the app renders in WebKit");
    }
    std::thread::sleep(Duration::from_millis(300));
    let before = s.screenshot_png().unwrap();
    s.eval(&start_fetch(url, mode, credentials, frame)).unwrap();
    let start = Instant::now();
    let (settled, outcome) = loop {
        let r = s.eval("window.__auth_result").unwrap();
        if r != Value::Null {
            break (Some(start.elapsed()), r);
        }
        if start.elapsed() > WAIT {
            break (None, Value::Null);
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // A dialog is up from the 401 on, so it is on screen by now if there is one.
    std::thread::sleep(Duration::from_millis(300));
    let after = s.screenshot_png().unwrap();
    let screen_changed = before != after;
    if screen_changed {
        let name = format!("webkit-auth-{route}-{}.png", label.replace([' ', ','], "-"));
        std::fs::create_dir_all(TestEnv::out_dir()).ok();
        std::fs::write(TestEnv::out_dir().join(name), &after).ok();
    }
    let prompt = s.prompt_text().unwrap();
    Row { route: route.into(), label: label.into(), credentials, settled, outcome, screen_changed, prompt }
}

#[test]
fn fetches_without_credentials_never_raise_an_auth_dialog_in_webkit() {
    let env = TestEnv::start(LAB_DELAY.as_millis() as u64).expect("start servers");
    assert!(env.has_app, "dist/ is not built (the null-origin rows use its null-probe.html): run `cargo xtask test`");
    let driver = WebKitDriver::launch().expect("launch WebKitWebDriver");
    let mut version = String::new();

    // The control: a same-origin credentialed fetch on the lab's own page must be seen
    // meeting the dialog, or the watching below proves nothing.
    let s = driver.session().expect("a MiniBrowser session");
    version.clone_from(&s.version);
    let lab_page = format!("{}/", env.lab.origin);
    let url = format!("{}/case/basic-auth-cors", env.lab.origin);
    let control = measure(&s, &lab_page, false, &url, ("control: lab page, same-origin include", "cors", "include", false), "basic-auth-cors");
    drop(s);

    let mut rows = Vec::new();
    for route in ROUTES {
        for fetch in FETCHES {
            let s = driver.session().expect("a MiniBrowser session");
            let url = format!("{}/case/{route}", env.lab.origin);
            rows.push(measure(&s, &env.app_page(), true, &url, *fetch, route));
        }
    }

    println!("{version}");
    let mut failures = Vec::new();
    for row in std::iter::once(&control).chain(&rows) {
        println!(
            "{:<24} {:<40} dialog: {:<4} settled: {:<10} screen changed: {:<5} prompt: {:?} {}",
            row.route,
            row.label,
            if row.met_dialog() { "YES" } else { "no" },
            row.settled.map_or("no".into(), |d| format!("{} ms", d.as_millis())),
            row.screen_changed,
            row.prompt,
            row.outcome
        );
    }
    if control.settled.is_some() || !control.screen_changed {
        failures.push(format!(
            "the control did not show WebKit's dialog (settled {:?}, screen changed {}): the observation is blind",
            control.settled, control.screen_changed
        ));
    }
    for row in &rows {
        if row.settled.is_some_and(|d| d < LAB_DELAY) {
            failures.push(format!("{} {}: settled before the lab answered, so it never met the 401", row.route, row.label));
        }
        // `same-origin` credentials are not sent cross-origin: both mean "no credentials".
        if row.met_dialog() && row.credentials != "include" {
            failures.push(format!("{} {}: an auth dialog without credentials", row.route, row.label));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
