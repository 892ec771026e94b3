//! Chromium's console messages for blocks that are not a server's CORS headers, from
//! real Chromium, read back by the engine's console reader (`analyze_console`):
//! - a request failed through the DevTools protocol as an extension's block fails it
//!   (`Fetch.failRequest` with `BlockedByClient`): `net::ERR_BLOCKED_BY_CLIENT`;
//! - a `file://` page fetching the lab, whose origin is `null`;
//! - an https page (served by `openssl s_server` with a throwaway self-signed
//!   certificate, Chromium started with `--ignore-certificate-errors`) fetching plain
//!   http: mixed content. The insecure URL is on the reserved `.test` domain: Chromium
//!   blocks it before any lookup, and nothing would answer if it did not.
//!
//! With `CORSPROBE_RECORD=1` the messages are written to
//! `harness/fixtures/console/chromium-causes.json`, which `engine/tests/causes.rs` reads.

use corsprobe_engine::analyze::analyze_console;
use corsprobe_engine::RequestSpec;
use harness::chromium::Chromium;
use harness::console::console_entries;
use harness::env::TestEnv;
use harness::https_page::HttpsPage;
use harness::oracle::fetch_expression;
use harness::page::Page;
use serde_json::{json, Value};
use std::time::Duration;

/// Sends `spec` from `page_url` (after `before` ran on the fresh tab) and returns the
/// error-level console entries Chromium printed, and its `Network.loadingFailed` events
/// (`errorText`, `blockedReason`).
fn messages(chromium: &Chromium, page_url: &str, spec: &RequestSpec, before: impl Fn(&mut Page) -> Result<(), String>) -> (Vec<Value>, Vec<Value>) {
    let mut cdp = chromium.connect().expect("connect to Chromium");
    let mut page = Page::open(&mut cdp).expect("open a tab");
    page.navigate(page_url).unwrap_or_else(|e| panic!("{page_url}: {e}"));
    before(&mut page).expect("prepare the tab");
    page.cdp.pump(Duration::from_millis(100)).unwrap();
    page.take_events();
    let outcome = page.eval(&fetch_expression(spec)).expect("fetch");
    assert_eq!(outcome["ok"], json!(false), "the request must fail: {outcome}");
    page.cdp.pump(Duration::from_millis(400)).unwrap();
    let events = page.take_events();
    let failed = events
        .iter()
        .filter(|e| e["method"] == "Network.loadingFailed")
        .map(|e| json!({ "errorText": e["params"]["errorText"], "blockedReason": e["params"]["blockedReason"] }))
        .collect();
    let console = console_entries(&events)
        .into_iter()
        .filter(|e| e.level == "error" && e.source != "exception")
        .map(|e| json!({ "source": e.source, "level": e.level, "text": e.text, "url": e.url }))
        .collect();
    (console, failed)
}

/// Sends `spec` from `page_url`, failing it in the browser as an extension would
/// (`Fetch.failRequest` with `BlockedByClient`); returns what [`messages`] returns.
fn blocked_by_client(chromium: &Chromium, page_url: &str, spec: &RequestSpec) -> (Vec<Value>, Vec<Value>) {
    let mut cdp = chromium.connect().expect("connect to Chromium");
    let mut page = Page::open(&mut cdp).expect("open a tab");
    page.navigate(page_url).unwrap_or_else(|e| panic!("{page_url}: {e}"));
    page.call("Fetch.enable", json!({ "patterns": [{ "urlPattern": spec.url }] })).expect("Fetch.enable");
    page.cdp.pump(Duration::from_millis(100)).unwrap();
    page.take_events();
    // Start the fetch without waiting for it: it stays paused until failed below.
    page.eval(&format!("(window.__sent = {}, 0)", fetch_expression(spec))).expect("start fetch");
    let session = page.session.clone();
    let paused = page
        .cdp
        .wait_for_event(Duration::from_secs(10), |e| e["method"] == "Fetch.requestPaused" && e["sessionId"] == session.as_str())
        .expect("the request is paused");
    page.call("Fetch.failRequest", json!({ "requestId": paused["params"]["requestId"], "errorReason": "BlockedByClient" }))
        .expect("Fetch.failRequest");
    let outcome = page.eval("window.__sent").expect("fetch outcome");
    assert_eq!(outcome["ok"], json!(false), "the request must fail: {outcome}");
    page.cdp.pump(Duration::from_millis(400)).unwrap();
    let events = page.take_events();
    let failed = events
        .iter()
        .filter(|e| e["method"] == "Network.loadingFailed")
        .map(|e| json!({ "errorText": e["params"]["errorText"], "blockedReason": e["params"]["blockedReason"] }))
        .collect();
    let console = console_entries(&events)
        .into_iter()
        .filter(|e| e.level == "error" && e.source != "exception")
        .map(|e| json!({ "source": e.source, "level": e.level, "text": e.text, "url": e.url }))
        .collect();
    (console, failed)
}

#[test]
fn chromium_messages_for_blockers_null_origins_and_mixed_content_read_back() {
    let env = TestEnv::start(0).expect("start lab and app server");
    let chromium = Chromium::launch_with(&["--ignore-certificate-errors".to_string()]).expect("launch Chromium");
    let lab_url = format!("{}/case/missing-allow-origin", env.lab.origin);
    let mut records = Vec::new();

    // 1. Blocked on the client side. `Network.setBlockedURLs` fails a request with no
    // error text at all (measured, Chromium 156: errorText "", blockedReason "inspector"),
    // so the request is paused with `Fetch.enable` and failed with the reason an
    // extension's block gives, `BlockedByClient`.
    let spec = RequestSpec::get(lab_url.clone());
    let (console, failed) = blocked_by_client(&chromium, &env.app_page(), &spec);
    records.push(json!({ "case": "blocked-by-client", "page": env.app_page(), "url": lab_url, "expected": "blocked-by-client", "entries": console, "loading_failed": failed }));

    // 2. A file:// page: origin null.
    let dir = std::env::temp_dir().join(format!("corsprobe-file-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("page.html"), "<!doctype html><title>file page</title>").unwrap();
    let file_page = format!("file://{}", dir.join("page.html").display());
    let (from_file, _) = messages(&chromium, &file_page, &spec, |_| Ok(()));
    records
        .push(json!({ "case": "file-page", "page": "file:///…/page.html", "url": lab_url, "expected": "null-origin-request", "entries": from_file }));
    let _ = std::fs::remove_dir_all(&dir);

    // 3. Mixed content from an https page.
    let https = HttpsPage::start();
    let insecure = "http://insecure.test/data";
    let (mixed, _) = messages(&chromium, &https.url, &RequestSpec::get(insecure), |_| Ok(()));
    records.push(json!({ "case": "mixed-content", "page": https.url, "url": insecure, "expected": "mixed-content", "entries": mixed }));

    let mut failures = Vec::new();
    for r in &records {
        let text: Vec<&str> = r["entries"].as_array().unwrap().iter().filter_map(|e| e["text"].as_str()).collect();
        println!("{}: {text:#?}", r["case"]);
        match analyze_console(&text.join("\n"), "http://127.0.0.1:1", None) {
            Ok(reports) if reports.first().and_then(|rep| rep.findings.first()).is_some_and(|f| f.id == r["expected"]) => {}
            other => failures.push(format!("{}: expected {}, got {other:?}", r["case"], r["expected"])),
        }
    }
    if std::env::var_os("CORSPROBE_RECORD").is_some() {
        let out = json!({ "browser": chromium.version, "records": records });
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/console/chromium-causes.json");
        std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").expect("write the recording");
        println!("recorded to {}", path.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
