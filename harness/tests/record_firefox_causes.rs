//! Firefox's own console messages for the causes beside CORS headers (issue 22): mixed
//! content, a request an extension blocked, a `file://` page. Read back by the engine's
//! console reader; `CORSPROBE_RECORD=1` writes them to
//! `fixtures/console/firefox-causes.json`.
//!
//! Firefox does not send these messages over WebDriver BiDi's `log.entryAdded` (it
//! carries console API calls and script errors; measured: nothing for mixed content).
//! They are what Firefox's web console shows, from the console service of the parent
//! process, read with privileged script (`--remote-allow-system-access`, BiDi
//! `moz:scope: chrome`): every new `nsIScriptError` whose source is the tab's page.

use corsprobe_engine::analyze::analyze_console;
use harness::cdp::Cdp;
use harness::env::TestEnv;
use harness::firefox::{Firefox, FirefoxTab};
use harness::https_page::HttpsPage;
use serde_json::{json, Value};
use std::time::Duration;

/// The parent process's browsing context, where privileged script runs.
fn chrome_context(bidi: &mut Cdp) -> String {
    let tree = bidi.call(None, "browsingContext.getTree", json!({ "moz:scope": "chrome" })).expect("chrome contexts (system access)");
    tree["contexts"][0]["context"].as_str().expect("a chrome window").to_string()
}

/// The console service's messages from index `from` on, as `[category, message, source]`.
fn console_since(bidi: &mut Cdp, chrome: &str, from: usize) -> Vec<Value> {
    let expression = format!(
        "JSON.stringify(Services.console.getMessageArray().slice({from}).map(m => {{ \
           try {{ m.QueryInterface(Ci.nsIScriptError); return [m.category, m.errorMessage, m.sourceName]; }} \
           catch (_) {{ return ['', m.message, '']; }} }}))"
    );
    let r = bidi.call(None, "script.evaluate", json!({ "expression": expression, "target": { "context": chrome }, "awaitPromise": false })).unwrap();
    serde_json::from_str(r["result"]["value"].as_str().unwrap_or("[]")).unwrap_or_default()
}

fn console_length(bidi: &mut Cdp, chrome: &str) -> usize {
    let r = bidi
        .call(
            None,
            "script.evaluate",
            json!({ "expression": "Services.console.getMessageArray().length", "target": { "context": chrome }, "awaitPromise": false }),
        )
        .unwrap();
    r["result"]["value"].as_u64().unwrap_or(0) as usize
}

/// Opens `page`, runs `fetch(url)` there (after `before`), and returns the web console's
/// new messages about the page (not the browser's own chrome), with the fetch's outcome.
fn record(bidi: &mut Cdp, chrome: &str, page: &str, url: &str, before: impl FnOnce(&mut FirefoxTab)) -> (Vec<Value>, Value) {
    let from = console_length(bidi, chrome);
    let outcome;
    {
        let mut tab = FirefoxTab::open(bidi).unwrap();
        tab.navigate(page).unwrap();
        before(&mut tab);
        outcome = tab.eval(&format!("fetch({url:?}).then(r => 'status ' + r.status, e => String(e))")).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        tab.take_console();
    }
    let entries = console_since(bidi, chrome, from)
        .into_iter()
        .filter(|e| !e[2].as_str().unwrap_or_default().starts_with("chrome://") && !e[2].as_str().unwrap_or_default().starts_with("resource://"))
        .filter(|e| !e[1].as_str().unwrap_or_default().is_empty())
        .map(|e| json!({ "category": e[0], "text": e[1], "source": e[2] }))
        .collect();
    (entries, outcome)
}

#[test]
fn firefox_messages_for_mixed_content_blockers_and_file_pages_read_back() {
    let env = TestEnv::start(0).expect("start lab and app server");
    let firefox = Firefox::launch_with(&["--remote-allow-system-access"]).expect("launch Firefox");
    let (mut bidi, version) = firefox.connect_with(json!({ "acceptInsecureCerts": true })).expect("connect");
    let chrome = chrome_context(&mut bidi);
    let lab_url = format!("{}/case/missing-allow-origin", env.lab.origin);
    let mut records = Vec::new();

    // 1. Mixed content: an https page fetching http from a host that is not loopback
    // (loopback counts as potentially trustworthy, so it is no mixed content).
    let https = HttpsPage::start();
    let insecure = "http://insecure.test/data";
    let (mixed, outcome) = record(&mut bidi, &chrome, &https.url, insecure, |_| {});
    records.push(
        json!({ "case": "mixed-content", "page": https.url, "url": insecure, "expected": "mixed-content", "fetch": outcome, "entries": mixed }),
    );

    // 2. A file:// page: origin null. Firefox's CORS message does not name the origin,
    // so what can be read is the CORS reason itself.
    let dir = std::env::temp_dir().join(format!("corsprobe-ff-file-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("page.html"), "<!doctype html><title>file page</title>").unwrap();
    let file_page = format!("file://{}", dir.join("page.html").display());
    let (from_file, outcome) = record(&mut bidi, &chrome, &file_page, &lab_url, |_| {});
    records.push(json!({ "case": "file-page", "page": "file:///…/page.html", "url": lab_url, "expected": "allow-origin-missing", "fetch": outcome, "entries": from_file }));
    let _ = std::fs::remove_dir_all(&dir);

    // 3. Blocked on the client side: the request is intercepted and failed over BiDi
    // (`network.failRequest`), as a blocking extension fails it.
    let intercept = bidi
        .call(None, "network.addIntercept", json!({ "phases": ["beforeRequestSent"], "urlPatterns": [{ "type": "string", "pattern": lab_url }] }))
        .expect("network.addIntercept")["intercept"]
        .clone();
    bidi.call(None, "session.subscribe", json!({ "events": ["network.beforeRequestSent"] })).unwrap();
    let page = env.app_page();
    let from = console_length(&mut bidi, &chrome);
    let outcome = {
        let mut tab = FirefoxTab::open(&mut bidi).unwrap();
        tab.navigate(&page).unwrap();
        tab.eval(&format!("(window.__sent = fetch({lab_url:?}).then(r => 'status ' + r.status, e => String(e)), 0)")).unwrap();
        let paused = tab
            .bidi
            .wait_for_event(Duration::from_secs(10), |e| e["method"] == "network.beforeRequestSent" && e["params"]["isBlocked"] == true)
            .expect("the request is held");
        tab.bidi.call(None, "network.failRequest", json!({ "request": paused["params"]["request"]["request"] })).expect("network.failRequest");
        let outcome = tab.eval("window.__sent").unwrap();
        std::thread::sleep(Duration::from_millis(500));
        outcome
    };
    bidi.call(None, "network.removeIntercept", json!({ "intercept": intercept })).ok();
    let blocked: Vec<Value> = console_since(&mut bidi, &chrome, from)
        .into_iter()
        .filter(|e| !e[2].as_str().unwrap_or_default().starts_with("chrome://") && !e[1].as_str().unwrap_or_default().is_empty())
        .map(|e| json!({ "category": e[0], "text": e[1], "source": e[2] }))
        .collect();
    // Measured: Firefox prints the message of any failed request ("CORS request did not
    // succeed", status null), so the reading is "no answer", whose causes name a blocker.
    records
        .push(json!({ "case": "blocked-by-client", "page": page, "url": lab_url, "expected": "unreachable", "fetch": outcome, "entries": blocked }));

    let mut failures = Vec::new();
    for r in &records {
        let text: Vec<&str> = r["entries"].as_array().unwrap().iter().filter_map(|e| e["text"].as_str()).collect();
        println!("{} (fetch: {}): {text:#?}", r["case"], r["fetch"]);
        let expected = r["expected"].as_str().unwrap();
        match analyze_console(&text.join("\n"), "http://127.0.0.1:1", None) {
            Ok(reports)
                if reports
                    .first()
                    .and_then(|rep| rep.findings.first())
                    .is_some_and(|f| f.id == expected && (expected != "unreachable" || f.why.contains("blocker"))) => {}
            other => failures.push(format!("{}: expected {expected}, got {other:?}", r["case"])),
        }
    }
    if std::env::var_os("CORSPROBE_RECORD").is_some() {
        let out = json!({ "browser": version, "records": records });
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/console/firefox-causes.json");
        std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap() + "\n").expect("write the recording");
        println!("recorded to {}", path.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
