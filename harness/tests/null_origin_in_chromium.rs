//! The live null-origin probe in real Chromium: during a run the page sends one GET
//! from a sandboxed frame (`static/null-probe.html`, `Origin: null`), with credentials
//! only when the person's request includes them (no probe may meet a password prompt).
//! Against the lab's reflecting, credentialed route the report must flag
//! `null-origin-trusted` (a warning: credentials); against a public `*` route, an exact
//! allow-list and a `null` answer without credentials (which a `*` answer looks just
//! like from page code, so the live page cannot tell it apart — pasted headers can), it
//! must not. The frame's request really carries `Origin: null` (seen in Chromium's own
//! network events), and the frame is gone after the run. Writes a screenshot of the
//! passing run with its warning (`null-origin-trusted.png`).

use harness::app::{open_app, App};
use harness::env::TestEnv;
use harness::page::Page;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Runs a lab example; returns the report and the frame's network events.
fn run_example(page: &mut Page, id: &str) -> (Value, Vec<Value>) {
    page.click("[data-action=load-examples]").unwrap();
    page.wait_for("document.querySelectorAll('[data-example]').length > 40", Duration::from_secs(10)).unwrap();
    page.click(&format!("[data-example=\"{id}\"]")).unwrap();
    // The analysis worker starts at the first click and attaches (paused) like any
    // target: let it run before the events are cleared.
    page.cdp.pump(Duration::from_millis(300)).unwrap();
    for e in page.take_events() {
        if e["method"] == "Target.attachedToTarget" {
            let session = e["params"]["sessionId"].as_str().unwrap().to_string();
            // (A frame of an earlier run may be gone already.)
            let _ = page.cdp.call(Some(&session), "Runtime.runIfWaitingForDebugger", serde_json::json!({}));
        }
    }
    page.click("[data-action=run]").unwrap();
    // The sandboxed frame runs in its own renderer (Chromium isolates sandboxed frames):
    // attach to it while it waits, watch its network, then let it go. Every other target
    // that attaches meanwhile (the analysis worker, which writes the report) is let go
    // as it is.
    let done = format!(
        "(() => {{ const e = document.getElementById('report-json'); try {{ return e && JSON.parse(e.textContent).request.url.endsWith('/case/{id}'); }} catch (_) {{ return false; }} }})()"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    let (mut resumed, mut child) = (Vec::<String>::new(), None);
    while child.is_none() || page.eval(&done).unwrap() != Value::Bool(true) {
        assert!(Instant::now() < deadline, "{id}: no report (frame attached: {})", child.is_some());
        let Ok(attached) = page.cdp.wait_for_event(Duration::from_millis(100), |e| {
            e["method"] == "Target.attachedToTarget" && !resumed.iter().any(|s| e["params"]["sessionId"] == s.as_str())
        }) else {
            continue;
        };
        let session = attached["params"]["sessionId"].as_str().unwrap().to_string();
        if attached["params"]["targetInfo"]["type"] == "iframe" {
            page.cdp.call(Some(&session), "Network.enable", serde_json::json!({})).unwrap();
            child = Some(session.clone());
        }
        page.cdp.call(Some(&session), "Runtime.runIfWaitingForDebugger", serde_json::json!({})).unwrap();
        resumed.push(session);
    }
    let child = child.unwrap();
    let report = page.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap();
    let sent_by_frame = page.cdp.take_events(&child);
    (report, sent_by_frame)
}

#[test]
fn a_sandboxed_frame_shows_whether_the_server_trusts_null() {
    let App { env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).with_lab().open().expect("open the app");
    page.call("Target.setAutoAttach", serde_json::json!({ "autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true })).unwrap();

    // (case, the frame's credentials: the request's own, the frame's outcome, flagged)
    for (id, credentials, expected_outcome, flagged) in [
        ("reflect-any-origin-credentials", "include", "response", true),
        // Without credentials `*` lets the frame in too: nothing to flag.
        ("pass-wildcard", "omit", "response", false),
        ("pass-exact-origin", "omit", "failed", false),
        // null is let in, but so is this page's origin: a `*` would look the same.
        ("null-origin-trusted", "omit", "response", false),
    ] {
        let (report, events) = run_example(&mut page, id);
        let probe = report["probes"].as_array().unwrap().iter().find(|p| p["id"] == "null-origin").cloned().unwrap_or_default();
        assert_eq!(probe["credentials"], credentials, "{id}: {probe}");
        assert_eq!(probe["outcome"]["outcome"], expected_outcome, "{id}: the frame's fetch {probe}");
        let finding = report["findings"].as_array().unwrap().iter().find(|f| f["id"] == "null-origin-trusted").cloned();
        assert_eq!(finding.is_some(), flagged, "{id}: {:#}", report["findings"]);
        if let Some(f) = finding {
            assert_eq!((f["severity"].as_str(), f["certainty"].as_str()), (Some("warning"), Some("exact")), "{f}");
            // A passing run with the warning, for a person to look at.
            page.eval("document.querySelector('[data-verdict]').scrollIntoView()").unwrap();
            page.screenshot(&TestEnv::out_dir().join("null-origin-trusted.png")).unwrap();
        }
        let from_null: Vec<&Value> = events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSentExtraInfo")
            .filter(|e| e["params"]["headers"]["Host"].as_str() == env.lab.origin.strip_prefix("http://"))
            .filter(|e| e["params"]["headers"]["Origin"] == "null")
            .collect();
        let all: Vec<String> = events.iter().map(|e| format!("{} {}", e["method"], e["params"]["headers"])).collect();
        assert_eq!(from_null.len(), 1, "{id}: the frame sent one request with Origin: null: {all:#?}");
        assert_eq!(page.eval("document.querySelectorAll('iframe').length").unwrap(), 0, "{id}: the frame is removed");
    }
}
