//! Which `fetch()` calls make a browser ask the person for a password.
//!
//! An endpoint behind HTTP Basic authentication answers `401` with
//! `WWW-Authenticate: Basic` to every request without `Authorization`. A browser may then
//! ask the person for credentials: corsprobe's probes must never lead there (issue 20;
//! the rule is `corsprobe_engine::plan::probe_credentials`). This test sends each kind of
//! fetch corsprobe can send, from a page on the app origin and from a sandboxed frame of
//! it (`Origin: null`, as the null-origin probe), to the lab's two Basic-auth routes, and
//! records whether the browser raised an authentication challenge to the page:
//! - Chromium: `Fetch.enable` with `handleAuthRequests: true` reports `Fetch.authRequired`
//!   (answered with `CancelAuth`, so no dialog stays open);
//! - Firefox: WebDriver BiDi reports `network.authRequired`.
//!
//! It asserts the rule the plan relies on: a fetch without credentials never raises one.
//! Measured here (Chromium 156, Firefox 153, both routes): every fetch that includes
//! credentials meets the challenge — `cors` and `no-cors` in both browsers, and from the
//! sandboxed frame in Firefox, whose fetch then waits on the dialog — so the old
//! credentialed null-origin probe could open one. No fetch without credentials does.

use harness::app::{serve_interception, watch_auth};
use harness::auth_prompts::{FETCHES, ROUTES};
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::firefox::{watch_challenges, Firefox, FirefoxTab};
use harness::page::Page;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Starts one fetch and leaves its outcome in `window.__auth_result` (it is not awaited:
/// Chromium holds the request until the test answers its interception events).
fn start_fetch(url: &str, mode: &str, credentials: &str, from_frame: bool) -> String {
    let fetch = format!(
        "fetch({url:?}, {{ mode: {mode:?}, credentials: {credentials:?}, cache: 'no-store', signal: AbortSignal.timeout(4000) }})\
         .then(r => 'resolved ' + r.type + ' ' + r.status, e => 'rejected ' + e.name)"
    );
    if !from_frame {
        return format!("(() => {{ window.__auth_result = null; {fetch}.then(r => window.__auth_result = r); return true; }})()");
    }
    // A sandboxed frame (opaque origin, `Origin: null`) sends it and posts the outcome.
    let frame_script = format!("<script>{fetch}.then(r => parent.postMessage(r, '*'))</script>");
    format!(
        "(() => {{ window.__auth_result = null; \
         addEventListener('message', e => {{ window.__auth_result = e.data; }}, {{ once: true }}); \
         const f = document.createElement('iframe'); f.sandbox = 'allow-scripts'; f.srcdoc = {frame_script:?}; \
         document.body.appendChild(f); return true; }})()"
    )
}

#[test]
fn fetches_without_credentials_never_raise_an_auth_challenge() {
    let env = TestEnv::start(0).expect("start servers");
    let mut rows = Vec::new();

    // Chromium.
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().expect("connect");
    for route in ROUTES {
        for (label, mode, credentials, frame) in FETCHES {
            let mut page = Page::open(&mut cdp).unwrap();
            page.navigate(&env.app_page()).unwrap();
            let origins = [env.lab.origin.as_str()];
            watch_auth(&mut page, &origins).unwrap();
            let url = format!("{}/case/{route}", env.lab.origin);
            page.eval(&start_fetch(&url, mode, credentials, *frame)).unwrap();
            let (mut challenges, start) = (Vec::new(), Instant::now());
            let outcome = loop {
                serve_interception(&mut page, &origins, &mut challenges);
                let r = page.eval("window.__auth_result").unwrap();
                if r != Value::Null || start.elapsed() > Duration::from_secs(8) {
                    break r;
                }
                page.cdp.pump(Duration::from_millis(30)).unwrap();
            };
            let challenged = !challenges.is_empty();
            rows.push(("Chromium", *route, *label, *credentials, challenged, outcome));
        }
    }
    drop(cdp);
    drop(chromium);

    // Firefox.
    let firefox = Firefox::launch().expect("launch Firefox");
    let (mut bidi, _) = firefox.connect().expect("BiDi session");
    watch_challenges(&mut bidi).unwrap();
    for route in ROUTES {
        for (label, mode, credentials, frame) in FETCHES {
            let mut tab = FirefoxTab::open(&mut bidi).unwrap();
            tab.navigate(&env.app_page()).unwrap();
            tab.bidi.take_all_events();
            let url = format!("{}/case/{route}", env.lab.origin);
            tab.eval(&start_fetch(&url, mode, credentials, *frame)).unwrap();
            let start = Instant::now();
            let outcome = loop {
                let r = tab.eval("window.__auth_result").unwrap();
                if r != Value::Null || start.elapsed() > Duration::from_secs(8) {
                    break r;
                }
                std::thread::sleep(Duration::from_millis(30));
            };
            tab.bidi.pump(Duration::from_millis(200)).unwrap();
            let challenged = !tab.take_challenges().is_empty();
            rows.push(("Firefox", *route, *label, *credentials, challenged, outcome));
        }
    }

    let mut failures = Vec::new();
    for (browser, route, label, credentials, challenged, outcome) in &rows {
        println!("{browser:<9} {route:<24} {label:<26} challenge: {:<5} {outcome}", if *challenged { "YES" } else { "no" });
        // `same-origin` credentials are not sent cross-origin: both mean "no credentials".
        if *challenged && *credentials != "include" {
            failures.push(format!("{browser} {route} {label}: an auth challenge without credentials"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
