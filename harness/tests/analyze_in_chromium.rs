//! The page's Analyze panel in real Chromium: real `curl -i` output from the lab, a
//! console message Chromium printed (recorded by `record_console.rs`) and a HAR built
//! from Chromium's DevTools events for every lab case (recorded by `record_har.rs`),
//! each analyzed in the page into the live report contract. Nothing is sent while
//! analyzing, bad input gets a specific message and keeps what was typed, and a
//! screenshot of a HAR with many requests is written for a person to look at.

use corsprobe_engine::curl::curl_commands;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_lab::cases::cases;
use harness::app::{open_app, App};
use harness::env::TestEnv;
use harness::page::Page;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

fn report_from(page: &mut Page, source: &str) -> Value {
    let cond = format!(
        "(() => {{ const e = document.getElementById('report-json'); try {{ return e && JSON.parse(e.textContent).source === {source:?}; }} catch (_) {{ return false; }} }})()"
    );
    if let Err(e) = page.wait_for(&cond, Duration::from_secs(20)) {
        let shown = page
            .eval("(document.querySelector('[data-analyze-problem]') || {}).textContent || document.getElementById('report-json')?.textContent")
            .unwrap_or_default();
        panic!("no {source} report: {e}; the page shows {shown}");
    }
    page.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap()
}

#[test]
fn pasted_curl_console_and_har_give_exact_reports_in_the_page() {
    let App { env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).with_lab().open().expect("open the app");
    page.eval("document.querySelector('details.analyze').open = true").unwrap();

    // 1. Pasted curl output, for the request in the form.
    page.click("[data-action=load-examples]").unwrap();
    page.wait_for("document.querySelectorAll('[data-example]').length > 40", Duration::from_secs(10)).unwrap();
    page.click("[data-example=\"header-not-allowed\"]").unwrap();
    let case = cases().into_iter().find(|c| c.id == "header-not-allowed").unwrap();
    let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
    let pasted: String = curl_commands(&spec, &preflight_need(&spec), &env.app_origin)
        .iter()
        .take(2)
        .map(|c| {
            let out = std::process::Command::new("sh").arg("-c").arg(c.command.replacen("curl ", "curl --silent ", 1)).output().expect("curl");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect::<Vec<_>>()
        .join("\n");
    page.set_field("raw-headers", &pasted).unwrap();
    page.take_events();
    page.click("[data-action=analyze][data-input=raw-headers]").unwrap();
    let report = report_from(&mut page, "headers");
    let f = &report["findings"][0];
    assert_eq!(f["chromium"], serde_json::json!(["HeaderDisallowedByPreflightResponse"]), "{report:#}");
    assert_eq!((f["certainty"].as_str(), f["param"].as_str()), (Some("exact"), Some("x-api-key")));
    assert_eq!(page.eval("!!document.querySelector('[data-finding=\"header-not-allowed\"]')").unwrap(), Value::Bool(true));
    page.cdp.pump(Duration::from_millis(200)).unwrap();
    // The page's own files (the analysis worker, loaded on first use) are not requests
    // to the endpoint.
    let sent: Vec<String> = page.requests_sent().into_iter().filter(|u| !u.starts_with(&env.app_origin)).collect();
    assert!(sent.is_empty(), "analyzing sends nothing: {sent:?}");

    // 2. A console message Chromium printed.
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/console/chromium.json")).unwrap())
            .unwrap();
    let message =
        recorded.as_array().unwrap().iter().find(|r| r["case"] == "allow-origin-other").unwrap()["messages"][0].as_str().unwrap().to_string();
    page.set_field("console-error", &message).unwrap();
    page.click("[data-action=analyze][data-input=console-error]").unwrap();
    let report = report_from(&mut page, "console");
    assert_eq!(report["findings"][0]["chromium"], serde_json::json!(["AllowOriginMismatch"]));
    assert_eq!(report["findings"][0]["certainty"], "exact");

    // 3. Bad input: a specific message, and the text stays.
    page.set_field("raw-headers", "hello there").unwrap();
    page.click("[data-action=analyze][data-input=raw-headers]").unwrap();
    page.wait_for("document.querySelector('[data-analyze-problem]')", Duration::from_secs(5)).unwrap();
    let problem = page.eval("document.querySelector('[data-analyze-problem]').textContent").unwrap();
    assert!(problem.as_str().unwrap().contains("No response headers found"), "{problem}");
    assert_eq!(page.eval("document.querySelector('[name=raw-headers]').value").unwrap(), "hello there");

    // 4. A HAR of every lab case, through the file input.
    let har = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/har/lab.har");
    let doc = page.call("DOM.getDocument", serde_json::json!({})).unwrap();
    let node = page.call("DOM.querySelector", serde_json::json!({ "nodeId": doc["root"]["nodeId"], "selector": "input[name=har]" })).unwrap()
        ["nodeId"]
        .clone();
    page.call("DOM.setFileInputFiles", serde_json::json!({ "files": [har.to_string_lossy()], "nodeId": node })).unwrap();
    let report = report_from(&mut page, "har");
    let listed = page.eval("document.querySelectorAll('[data-analyzed]').length").unwrap().as_u64().unwrap();
    assert!(listed >= 40, "{listed} requests listed");
    assert!(report["page_origin"].as_str().unwrap().starts_with("http://127.0.0.1:"));
    // Choosing one shows its report.
    let index = page
        .eval("[...document.querySelectorAll('[data-analyzed]')].findIndex(b => b.textContent.includes('/case/method-not-allowed'))")
        .unwrap()
        .as_i64()
        .unwrap();
    assert!(index >= 0);
    page.click(&format!("[data-analyzed=\"{index}\"]")).unwrap();
    page.wait_for(
        "JSON.parse(document.getElementById('report-json').textContent).request.url.endsWith('/case/method-not-allowed')",
        Duration::from_secs(5),
    )
    .unwrap();
    let report: Value = page.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap();
    assert_eq!(report["findings"][0]["chromium"], serde_json::json!(["MethodDisallowedByPreflightResponse"]));
    page.eval("document.querySelector('.analyzed').scrollIntoView()").unwrap();
    page.screenshot(&TestEnv::out_dir().join("analyze-har.png")).unwrap();
}

/// A live run that leaves a group of causes says which one step settles it and opens
/// Analyze for it (issue 20 item 4): "Paste the console line in Analyze" puts the caret
/// in the console box, and the line Chromium printed for this request is read exactly.
#[test]
fn a_group_of_causes_is_settled_in_one_step_from_the_report() {
    let App { env: _env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).with_lab().open().expect("open the app");
    page.click("[data-action=load-examples]").unwrap();
    page.wait_for("document.querySelectorAll('[data-example]').length > 40", Duration::from_secs(10)).unwrap();
    page.click("[data-example=\"header-not-allowed\"]").unwrap();
    let url = page.eval("document.querySelector('[name=url]').value").unwrap().as_str().unwrap().to_string();
    page.click("[data-action=run]").unwrap();
    page.wait_for(&harness::page::shows_report_for(&url), Duration::from_secs(30)).unwrap();
    let report = page.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap();
    assert_eq!(report["needs_headers"], true, "the live probes leave a group here: {report:#}");
    assert_eq!(page.eval("!!document.querySelector('[data-settle]')").unwrap(), Value::Bool(true), "the report says the one step");
    assert_eq!(page.eval("document.querySelector('details.analyze').open").unwrap(), Value::Bool(true), "Analyze is opened for it");

    page.click("[data-action=paste-headers]").unwrap();
    assert_eq!(page.eval("document.activeElement && document.activeElement.name").unwrap(), "raw-headers", "the caret is in the headers box");
    page.click("[data-action=paste-console]").unwrap();
    assert_eq!(page.eval("document.activeElement && document.activeElement.name").unwrap(), "console-error", "the caret is in the console box");
    let recorded: Value =
        serde_json::from_str(&std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/console/chromium.json")).unwrap())
            .unwrap();
    let line = recorded.as_array().unwrap().iter().find(|r| r["case"] == "header-not-allowed").expect("a recorded line")["messages"][0]
        .as_str()
        .unwrap()
        .to_string();
    page.set_field("console-error", &line).unwrap();
    page.click("[data-action=analyze][data-input=console-error]").unwrap();
    let report = report_from(&mut page, "console");
    let f = &report["findings"][0];
    assert_eq!(f["chromium"], serde_json::json!(["HeaderDisallowedByPreflightResponse"]), "{report:#}");
    assert_eq!((f["certainty"].as_str(), f["param"].as_str()), (Some("exact"), Some("x-api-key")));
}

/// A pasted `curl -i` chain through a redirect to another origin (the browser asks the
/// target with `Origin: null`, which curl -L never does): the report leads with the one
/// step that settles it, shown open, and a screenshot is written to look at.
#[test]
fn a_pasted_redirect_chain_leads_with_the_step_that_settles_it() {
    let App { env: _env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).open().expect("open the app");
    page.eval("document.querySelector('details.analyze').open = true").unwrap();
    let app = "http://127.0.0.1:8080";
    page.set_field("url", "https://api.example.com/old").unwrap();
    page.set_field("analyze-origin", app).unwrap();
    let pasted = format!(
        "HTTP/1.1 302 Found\naccess-control-allow-origin: {app}\nlocation: https://other.example.net/new\n\nHTTP/1.1 200 OK\naccess-control-allow-origin: {app}\n"
    );
    page.set_field("raw-headers", &pasted).unwrap();
    page.click("[data-action=analyze][data-input=raw-headers]").unwrap();
    let report = report_from(&mut page, "headers");
    assert_eq!(report["curl"][0]["settles"], Value::Bool(true), "{report:#}");
    assert!(report["curl"][0]["command"].as_str().unwrap_or_default().starts_with("corsprobe check 'https://api.example.com/old'"), "{report:#}");
    let shown = page.eval("(() => { const d = document.querySelector('section.report details.curl'); return d && d.open && d.querySelector('summary').textContent + ' | ' + d.querySelector('pre').textContent; })()").unwrap();
    let shown = shown.as_str().unwrap_or_default().to_string();
    assert!(shown.starts_with("One step settles it") && shown.contains("corsprobe check"), "{shown}");
    page.screenshot(&TestEnv::out_dir().join("analyze-settling-step.png")).unwrap();
}
