//! The cookie that never comes back (issue 22), in real Chromium: the app on
//! `127.0.0.1` asks the lab on `localhost` (another site) for `/cause/cookie-lax`, whose
//! CORS headers allow the credentialed request and whose session cookie has no
//! `SameSite=None; Secure`.
//!
//! What Chromium does is the truth, read over the DevTools protocol:
//! - it blocks the `Set-Cookie` (`Network.responseReceivedExtraInfo.blockedCookies`),
//!   and the next credentialed request carries no `Cookie`. Measured (headless Chromium
//!   156, Debian): the reason given is `UserPreferences` (third-party cookies blocked),
//!   in a fresh browser context and in the default one alike, and
//!   `Network.setCookieControls` did not lift it; so the SameSite refusal itself, which
//!   a browser that allows third-party cookies gives, is not observed here;
//! - yet the fetch passes, so the page's live report says `pass` and can only say what
//!   it cannot see (`cookies-unseen`);
//! - the response's raw headers, as DevTools shows them, pasted into Analyze, name the
//!   cookie exactly (`cookie-not-cross-site`, its name, never its value).

use harness::app::{open_app, App};
use serde_json::Value;
use std::time::Duration;

fn report_json(page: &mut harness::page::Page, condition: &str) -> Value {
    page.wait_for(condition, Duration::from_secs(20)).unwrap_or_else(|e| panic!("no report: {e}"));
    page.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap()
}

/// Sends the credentialed fetch from the page; returns Chromium's reasons for blocking
/// the lab's session cookie (empty when it stored it) and the events.
fn blocked_reasons(page: &mut harness::page::Page, url: &str) -> (Vec<String>, Vec<Value>) {
    page.take_events();
    page.eval(&format!("fetch({url:?}, {{ credentials: 'include', cache: 'no-store' }}).then(r => r.status)")).unwrap();
    page.cdp.pump(Duration::from_millis(300)).unwrap();
    let events = page.take_events();
    let reasons = events
        .iter()
        .filter(|e| e["method"] == "Network.responseReceivedExtraInfo")
        .flat_map(|e| e["params"]["blockedCookies"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["cookieLine"].as_str().is_some_and(|l| l.starts_with("lab_session=")))
        .flat_map(|c| c["blockedReasons"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r.as_str().map(String::from))
        .collect();
    (reasons, events)
}

fn finding<'a>(report: &'a Value, id: &str) -> Option<&'a Value> {
    report["findings"].as_array()?.iter().find(|f| f["id"] == id)
}

#[test]
fn a_cookie_without_samesite_none_is_dropped_and_named() {
    let App { env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).open().expect("open the app");
    // The same lab, under the name of another site.
    let url = format!("{}/cause/cookie-lax", env.lab.origin.replace("127.0.0.1", "localhost"));
    let (reasons, _) = blocked_reasons(&mut page, &url);
    println!("Chromium's reasons for blocking lab_session: {reasons:?}");
    assert!(
        reasons.iter().any(|r| r == "UserPreferences" || r.contains("SameSite") || r.contains("ThirdParty")),
        "Chromium stored the cookie, or refused it for another reason: {reasons:?}"
    );

    page.set_field("url", &url).unwrap();
    page.set_field("credentials", "include").unwrap();
    page.take_events();
    page.click("[data-action=run]").unwrap();
    let live = report_json(&mut page, &harness::page::shows_report_for(&url));
    page.cdp.pump(Duration::from_millis(300)).unwrap();
    let events = page.take_events();

    // 1. The live run's response, as DevTools shows it.
    let raw = events
        .iter()
        .filter(|e| e["method"] == "Network.responseReceivedExtraInfo")
        .find_map(|e| e["params"]["headersText"].as_str().filter(|t| t.to_ascii_lowercase().contains("set-cookie: lab_session")))
        .expect("the raw response headers, as DevTools shows them")
        .to_string();

    // 2. The next credentialed request carries no cookie.
    page.eval(&format!("fetch({url:?}, {{ credentials: 'include', cache: 'no-store' }}).then(r => r.status)")).unwrap();
    page.cdp.pump(Duration::from_millis(300)).unwrap();
    let sent_cookie = page
        .take_events()
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSentExtraInfo")
        .filter_map(|e| e["params"]["headers"].as_object().cloned())
        .any(|h| h.keys().any(|k| k.eq_ignore_ascii_case("cookie")));
    assert!(!sent_cookie, "the cookie came back: Chromium stored it after all");

    // 3. The live run passes and says what page code cannot see.
    assert_eq!(live["verdict"], "pass", "{live:#}");
    assert!(finding(&live, "cookies-unseen").is_some(), "{live:#}");

    // 4. The raw headers, pasted into Analyze, name the cookie exactly, never its value.
    page.eval("document.querySelector('details.analyze').open = true").unwrap();
    page.set_field("raw-headers", &raw).unwrap();
    page.click("[data-action=analyze][data-input=raw-headers]").unwrap();
    let pasted = report_json(
        &mut page,
        "(() => { try { return JSON.parse(document.getElementById('report-json').textContent).source === 'headers'; } catch (_) { return false; } })()",
    );
    let cookie = finding(&pasted, "cookie-not-cross-site").unwrap_or_else(|| panic!("{pasted:#}"));
    assert_eq!((cookie["certainty"].as_str(), cookie["param"].as_str()), (Some("exact"), Some("lab_session")));
    let shown = page.eval("document.querySelector('[data-slot=run]').textContent + document.getElementById('report-json').textContent").unwrap();
    assert!(!shown.as_str().unwrap().contains("lab-session-value"), "the cookie's value is shown");
    page.screenshot(&harness::env::TestEnv::out_dir().join("cookie-not-cross-site.png")).unwrap();
}
