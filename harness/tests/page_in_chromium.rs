//! The page itself in real Chromium: its Content-Security-Policy holds, endpoint
//! payloads stay inert, nothing is sent on load, axe-core finds no serious or critical
//! accessibility violation, the keyboard drives it, and it works under a sub-path of
//! another origin. Screenshots at phone and desktop width, light and dark.

use harness::app::{open_app, open_page, App};
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::page::Page;
use serde_json::Value;
use std::time::Duration;

/// Fills the URL, runs, and waits for that URL's report.
fn run_url(page: &mut Page, url: &str) -> Value {
    page.set_field("url", url).unwrap();
    page.click("[data-action=run]").unwrap();
    page.wait_for(&harness::page::shows_report_for(url), Duration::from_secs(30)).unwrap();
    page.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap()
}

/// axe-core's serious and critical violations on the page as it is now.
fn axe_violations(page: &mut Page) -> Vec<String> {
    let axe = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../.tools/node_modules/axe-core/axe.min.js"))
        .expect("axe-core is installed by `cargo xtask setup --browsers`");
    // DevTools evaluation is not subject to the page's CSP, so the page's policy stays strict.
    page.eval(&format!("if (!window.axe) {{ {axe} }}")).unwrap();
    let found = page
        .eval("axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ')))")
        .unwrap();
    found.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

fn key(page: &mut Page, key: &str, code: &str, vk: u32, text: &str) {
    for kind in ["keyDown", "keyUp"] {
        let mut params = serde_json::json!({ "type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk });
        if kind == "keyDown" && !text.is_empty() {
            params["text"] = text.into();
        }
        page.call("Input.dispatchKeyEvent", params).unwrap();
    }
}

fn csp_complaints(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| {
            let text = e["params"]["entry"]["text"].as_str().or_else(|| e["params"]["issue"]["code"].as_str())?;
            (text.contains("Content Security Policy") || text == "ContentSecurityPolicyIssue").then(|| text.to_string())
        })
        .collect()
}

#[test]
fn the_page_is_locked_down_accessible_and_keyboard_driven() {
    let App { env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).open().expect("the app renders under its CSP");
    page.cdp.pump(Duration::from_millis(300)).unwrap();

    // Nothing but the page's own files on load.
    let events = page.take_events();
    let loaded: Vec<&str> =
        events.iter().filter(|e| e["method"] == "Network.requestWillBeSent").filter_map(|e| e["params"]["request"]["url"].as_str()).collect();
    assert!(loaded.len() >= 3 && loaded.iter().all(|u| u.starts_with(&env.app_origin)), "on load: {loaded:?}");
    assert!(csp_complaints(&events).is_empty(), "{:?}", csp_complaints(&events));

    // The policy is present and strict.
    let policy = page.eval("document.querySelector('meta[http-equiv=Content-Security-Policy]')?.content").unwrap();
    let policy = policy.as_str().expect("a CSP meta tag");
    for part in ["default-src 'none'", "connect-src *", "object-src 'none'", "base-uri 'none'"] {
        assert!(policy.contains(part), "{policy}");
    }
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");

    // Keyboard: sensible focus order from the URL, and Enter runs.
    page.eval("document.querySelector('[name=url]').focus()").unwrap();
    let mut order = vec![page.eval("document.activeElement.name").unwrap()];
    for _ in 0..8 {
        key(&mut page, "Tab", "Tab", 9, "");
        order.push(page.eval("document.activeElement.name || document.activeElement.dataset.action").unwrap());
    }
    let order: Vec<&str> = order.iter().map(|v| v.as_str().unwrap_or("?")).collect();
    assert_eq!(order, ["url", "method", "mode", "credentials", "redirect", "headers", "body", "allow-repeats", "run"]);
    let url = format!("{}/case/header-not-allowed", env.lab.origin);
    page.set_field("url", &url).unwrap();
    page.set_field("headers", "X-Custom: 1").unwrap();
    page.eval("document.querySelector('[name=url]').focus()").unwrap();
    key(&mut page, "Enter", "Enter", 13, "\r");
    page.wait_for("document.getElementById('report-json')", Duration::from_secs(30)).expect("Enter in the URL field runs");

    // Payloads from endpoints render as nothing but text.
    page.set_field("headers", "").unwrap();
    for case in ["payload-html-body", "payload-html-headers"] {
        let report = run_url(&mut page, &format!("{}/case/{case}", env.lab.origin));
        assert_eq!(report["verdict"], "pass", "{case}");
    }
    let injected = page
        .eval("document.querySelectorAll('img[src=x]').length + [...document.scripts].filter(s => s.textContent.includes('alert(1)')).length")
        .unwrap();
    assert_eq!(injected, 0);
    let events = page.take_events();
    assert!(!events.iter().any(|e| e["method"] == "Page.javascriptDialogOpening"), "a payload ran");
    assert!(csp_complaints(&events).is_empty(), "{:?}", csp_complaints(&events));

    // Accessibility, and screenshots, with a blocked report on screen.
    page.set_field("headers", "X-Custom: 1").unwrap();
    run_url(&mut page, &url);
    let out = TestEnv::out_dir();
    for (width, height, name) in [(1280, 900, "desktop"), (390, 844, "phone")] {
        for dark in [false, true] {
            page.set_viewport(width, height, dark).unwrap();
            let violations = axe_violations(&mut page);
            assert!(violations.is_empty(), "{name} dark={dark}: {violations:#?}");
            page.screenshot(&out.join(format!("page-{name}-{}.png", if dark { "dark" } else { "light" }))).unwrap();
        }
    }

    // The policy is enforced: an image from elsewhere is refused.
    let refused = page
        .eval("new Promise(r => { document.addEventListener('securitypolicyviolation', e => r(e.effectiveDirective), { once: true }); const i = document.createElement('img'); i.src = 'http://127.0.0.1:9/x.png'; document.body.append(i); setTimeout(() => r(null), 3000); })")
        .unwrap();
    assert_eq!(refused, "img-src");
}

#[test]
fn the_page_works_under_a_sub_path_of_another_origin() {
    let env = TestEnv::start(0).expect("start servers");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test`");
    let page_url = env.serve_app_under("/tools/corsprobe/").unwrap();
    let origin = page_url.trim_end_matches("/tools/corsprobe/").to_string();
    assert_ne!(origin, env.app_origin);
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut page = open_page(&chromium, &page_url).expect("the app renders under its CSP");
    assert_eq!(page.eval("document.querySelector('[data-page-origin]').dataset.pageOrigin").unwrap(), origin.as_str());
    let report = run_url(&mut page, &format!("{}/case/pass-wildcard", env.lab.origin));
    assert_eq!(report["verdict"], "pass");
    assert_eq!(report["page_origin"], origin.as_str());
}
