//! The page running inside Firefox, for every lab case: its verdict must equal what
//! Firefox itself did with the same request (the Firefox oracle, in a fresh user
//! context), its report must say it ran in Firefox, and every finding's Chromium names
//! must still cover the case's documented cause where both browsers block; no `exact`
//! finding may name another error; and no probe may meet an HTTP authentication
//! challenge (BiDi `network.authRequired`: Firefox would ask the person for a password)
//! unless the person's own request includes credentials without its own `Authorization`.

use corsprobe_lab::case::Expect;
use corsprobe_lab::cases::cases;
use harness::app::own_request_may_be_challenged;
use harness::env::TestEnv;
use harness::firefox::{watch_challenges, Firefox, FirefoxTab};
use harness::firefox_oracle::firefox_verdict;
use serde_json::Value;
use std::time::Duration;

/// Where the page's verdict may differ from what Firefox's console implies, and why.
const PAGE_KNOWS_BETTER: &[(&str, &str)] = &[(
    "redirect-with-credentials",
    "Firefox prints its network-failure reason, but the page's no-cors probe proves the server answered: the page says blocked (redirect), which is what happened",
)];

#[test]
fn the_page_in_firefox_agrees_with_firefox_on_every_lab_case() {
    let env = TestEnv::start(0).expect("start servers");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test`");
    let firefox = Firefox::launch().expect("launch Firefox");
    let (mut bidi, version) = firefox.connect().expect("BiDi session");
    let mut verdicts = Vec::new();
    for case in cases() {
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        verdicts.push((case.id, spec.url.clone(), firefox_verdict(&mut bidi, &env.app_page(), &spec).unwrap().verdict));
    }
    watch_challenges(&mut bidi).unwrap();
    let mut tab = FirefoxTab::open(&mut bidi).unwrap();
    tab.set_viewport(1280, 900).unwrap();
    tab.navigate(&format!("{}/?lab={}", env.app_origin, env.lab.origin)).unwrap();
    tab.wait_for(harness::app::READY, Duration::from_secs(20)).expect("the app renders in Firefox");
    tab.eval("document.querySelector('[data-action=load-examples]').click()").unwrap();
    tab.wait_for("document.querySelectorAll('[data-example]').length > 40", Duration::from_secs(10)).unwrap();
    let mut failures = Vec::new();
    for ((id, url, firefox_says), case) in verdicts.into_iter().zip(cases()) {
        tab.bidi.take_all_events();
        tab.eval(&format!("document.querySelector('[data-example=\"{id}\"]').click()")).unwrap();
        tab.eval("document.querySelector('[data-action=run]').click()").unwrap();
        let cond = harness::page::shows_report_for(&url);
        tab.wait_for(&cond, Duration::from_secs(40)).unwrap_or_else(|e| panic!("{id}: {e}"));
        let report: Value = tab.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap();
        let page_says = report["verdict"].as_str().unwrap_or("?").to_string();
        let mut problems = Vec::new();
        let challenged = tab.take_challenges();
        let own_may_be_challenged = own_request_may_be_challenged(case.request.credentials, case.request.headers.iter().map(|(n, _)| *n));
        if !challenged.is_empty() && !own_may_be_challenged {
            problems.push(format!("an authentication challenge (a password dialog): {challenged:?}"));
        }
        let excused = PAGE_KNOWS_BETTER.iter().any(|(c, _)| *c == id);
        if page_says != firefox_says && !excused {
            problems.push(format!("page {page_says}, Firefox {firefox_says}"));
        }
        if report["browser"]["name"] != "Firefox" {
            problems.push(format!("report browser {}", report["browser"]));
        }
        if let Expect::Blocked { error, .. } = &case.expect {
            if firefox_says == "blocked" || excused {
                let covered = report["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["chromium"].as_array().unwrap().iter().any(|e| e.as_str() == Some(error.name())));
                if !covered {
                    problems.push(format!("no finding covers {error}"));
                }
                for f in report["findings"].as_array().unwrap() {
                    let names: Vec<&str> = f["chromium"].as_array().unwrap().iter().filter_map(|e| e.as_str()).collect();
                    if f["certainty"] == "exact" && f["severity"] == "error" && !names.is_empty() && names != [error.name()] {
                        problems.push(format!("exact {} names {names:?}, the case documents {error}", f["id"]));
                    }
                }
            }
        }
        if id == "header-not-allowed" {
            // A preflighted request: the report says how long each browser caches it.
            let notes = report["browser_notes"].as_array().cloned().unwrap_or_default();
            if !notes.iter().any(|n| n["id"] == "max-age-caps") {
                problems.push(format!("browser_notes lack max-age-caps: {notes:?}"));
            }
            tab.screenshot(&TestEnv::out_dir().join("firefox-app-blocked.png")).unwrap();
        }
        println!("{id:<36} firefox {firefox_says:<11} page {page_says:<11} {}", if problems.is_empty() { "ok".into() } else { problems.join("; ") });
        if !problems.is_empty() {
            failures.push(format!("{id}: {}", problems.join("; ")));
        }
    }
    // The watch works: a credentialed fetch from the same tab to a Basic-auth route does
    // meet the challenge (so no challenge above means none happened).
    if !tab.credentialed_fetch_is_challenged(&format!("{}/case/basic-auth-cors", env.lab.origin)).unwrap() {
        failures.push("control: a credentialed fetch to basic-auth-cors raised no network.authRequired, so the watch sees nothing".into());
    }
    println!("{version}");
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}
