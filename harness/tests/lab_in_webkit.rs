//! Every lab case in WebKit (WebKitGTK MiniBrowser), and the page running inside it.
//! WebKit's verdict must equal the case's documented one except where `WEBKIT_DIFFERS`
//! records a measured difference; the page's verdict inside WebKit must equal WebKit's.
//! Recorded to `harness/out/webkit-lab.json` (and `harness/fixtures/webkit/lab.json`
//! with `CORSPROBE_RECORD=1`).

use corsprobe_lab::case::Expect;
use corsprobe_lab::cases::cases;
use harness::env::TestEnv;
use harness::webkit::{webkit_verdict, WebKitDriver};
use std::time::Duration;

/// Cases where WebKit's verdict differs from Chromium's, with what WebKit does.
pub const WEBKIT_DIFFERS: &[(&str, &str, &str)] = &[];

#[test]
fn webkit_and_the_page_inside_it_agree_on_every_lab_case() {
    let env = TestEnv::start(0).expect("start servers");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test`");
    // WebKitWebDriver serves one session at a time: one driver for the page, another for
    // the fresh session each case's own verdict needs.
    let mut driver = WebKitDriver::launch().expect("launch WebKitWebDriver");
    let page_driver = WebKitDriver::launch().expect("launch a second WebKitWebDriver");
    let (mut records, mut failures) = (Vec::new(), Vec::new());
    let mut version = String::new();
    let app = page_driver.session().expect("a MiniBrowser session for the page");
    app.navigate(&format!("{}/?lab={}", env.app_origin, env.lab.origin)).unwrap();
    app.wait_for(harness::app::READY, Duration::from_secs(20)).expect("the app renders in WebKit");
    app.eval("document.querySelector('[data-action=load-examples]').click()").unwrap();
    if let Err(e) = app.wait_for("document.querySelectorAll('[data-example]').length > 40", Duration::from_secs(20)) {
        let shown = app.eval("document.querySelector('.examples').innerText").unwrap_or_default();
        panic!("the lab's examples did not load in WebKit: {e}; the page shows {shown}");
    }
    for case in cases() {
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        // A WebDriver hiccup (a session that never answers, seen once in ~100 on this
        // machine kind) is not a verdict: the stuck driver is replaced and the case
        // asked once more.
        let (webkit_says, fetch) = match webkit_verdict(&driver, &env.app_page(), &spec) {
            Ok(v) => v,
            Err(first) => {
                eprintln!("{}: WebKitWebDriver failed ({first}); restarting it", case.id);
                driver = WebKitDriver::launch().expect("relaunch WebKitWebDriver");
                webkit_verdict(&driver, &env.app_page(), &spec).unwrap_or_else(|e| panic!("{}: {e} (after {first})", case.id))
            }
        };
        let expected = match &case.expect {
            Expect::Pass => "pass",
            Expect::Blocked { .. } => "blocked",
            Expect::Unreachable => "unreachable",
        };
        let documented = WEBKIT_DIFFERS.iter().find(|(id, ..)| *id == case.id).map(|(_, v, _)| *v);
        let mut problems = Vec::new();
        if webkit_says != documented.unwrap_or(expected) {
            problems.push(format!("WebKit {webkit_says}, documented {}", documented.unwrap_or(expected)));
        }
        // The page inside WebKit.
        app.eval(&format!("document.querySelector('[data-example=\"{}\"]').click()", case.id)).unwrap();
        app.eval("document.querySelector('[data-action=run]').click()").unwrap();
        let cond = harness::page::shows_report_for(&spec.url);
        app.wait_for(&cond, Duration::from_secs(40)).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        let report = app.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap();
        let page_says = report["verdict"].as_str().unwrap_or("?").to_string();
        if page_says != webkit_says {
            problems.push(format!("page {page_says}, WebKit {webkit_says}"));
        }
        if report["browser"]["name"] != "WebKit" {
            problems.push(format!("report browser {}", report["browser"]));
        }
        if case.id == "header-not-allowed" {
            app.screenshot(&TestEnv::out_dir().join("webkit-app-blocked.png")).unwrap();
        }
        println!(
            "{:<36} chromium {expected:<11} webkit {webkit_says:<11} page {page_says:<11} {}",
            case.id,
            if problems.is_empty() { "ok".into() } else { problems.join("; ") }
        );
        if !problems.is_empty() {
            failures.push(format!("{}: {}", case.id, problems.join("; ")));
        }
        records.push(serde_json::json!({ "case": case.id, "chromium": case.expect, "webkit": webkit_says, "fetch": fetch, "page": page_says }));
        version = app.version.clone();
    }
    let recording = serde_json::to_string_pretty(&serde_json::json!({ "browser": version, "cases": records })).unwrap();
    let out = TestEnv::out_dir();
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join("webkit-lab.json"), &recording).ok();
    if std::env::var_os("CORSPROBE_RECORD").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/webkit");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("lab.json"), &recording).unwrap();
    }
    println!("{version}");
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}
