//! The page's own diagnosis, for every lab case, against Chromium's verdict.
//!
//! For each case: Chromium's verdict comes from the request sent alone in a fresh
//! browser context (the oracle); the app runs the same case in its own context through
//! "Try an example" and Run. Then:
//! - the report's verdict equals Chromium's;
//! - its stage equals Chromium's, except for the cases in [`LIVE_AMBIGUOUS_STAGE`], where
//!   page code provably cannot tell the stages apart: there the report must claim no
//!   exact cause;
//! - Chromium's `CorsError` is among the findings' `chromium` names;
//! - every `exact` finding names exactly Chromium's error and parameter.

use corsprobe_engine::report::{Report, Verdict as ReportVerdict};
use corsprobe_engine::finding::Certainty;
use corsprobe_lab::cases::cases;
use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::oracle::{chromium_verdict, Verdict};
use harness::page::Page;
use std::time::Duration;

/// Cases whose stage page code cannot observe, and why. Each is a pair of servers that
/// give every possible probe the same outcomes but make Chromium report different stages.
const LIVE_AMBIGUOUS_STAGE: &[(&str, &str)] = &[
    ("preflight-ok-actual-missing", "a server with no CORS at all fails every probe the same way, and Chromium then reports the preflight"),
    ("redirect-without-cors", "a 3xx without CORS headers fails exactly like a 200 without them; page code never sees the status"),
];

fn report_of(page: &mut Page, url: &str) -> Report {
    page.wait_for(&harness::page::shows_report_for(url), Duration::from_secs(40)).unwrap_or_else(|e| panic!("no report for {url}: {e}"));
    let text = page.eval("document.getElementById('report-json').textContent").unwrap();
    serde_json::from_str(text.as_str().unwrap()).unwrap_or_else(|e| panic!("report JSON for {url}: {e}"))
}

#[test]
fn the_app_agrees_with_chromium_on_every_lab_case() {
    let env = TestEnv::start(0).expect("start lab and app server");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test` (it builds the page first)");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut oracle_cdp = chromium.connect().expect("connect");
    let mut app_cdp = chromium.connect().expect("connect");
    let mut app = Page::open(&mut app_cdp).expect("open app tab");
    app.set_viewport(1280, 900, false).unwrap();
    app.navigate(&format!("{}/?lab={}", env.app_origin, env.lab.origin)).unwrap();
    app.wait_for("document.querySelector('[data-action=run]')", Duration::from_secs(10)).expect("the app renders");
    app.eval("document.querySelector('[data-action=load-examples]').click()").unwrap();
    app.wait_for("document.querySelectorAll('[data-example]').length > 40", Duration::from_secs(10)).expect("examples load");

    let out = TestEnv::out_dir();
    let (mut failures, mut blocked, mut exact_hits, mut records) = (Vec::new(), 0, 0, Vec::new());
    for case in cases() {
        let spec = case.request.to_spec(&env.lab.origin, env.lab.closed_port);
        let oracle = chromium_verdict(&mut oracle_cdp, &env.app_page(), &spec).unwrap().verdict;
        app.eval(&format!("document.querySelector('[data-example=\"{}\"]').click()", case.id)).unwrap();
        app.eval("document.querySelector('[data-action=run]').click()").unwrap();
        let report = report_of(&mut app, &spec.url);
        let mut problems = Vec::new();

        let verdict = match report.verdict {
            ReportVerdict::Pass => "pass",
            ReportVerdict::Blocked => "blocked",
            ReportVerdict::Unreachable => "unreachable",
            ReportVerdict::InvalidInput => "invalid-input",
        };
        if verdict != oracle.name() {
            problems.push(format!("verdict {verdict}, Chromium {}", oracle.name()));
        }
        let ambiguous = LIVE_AMBIGUOUS_STAGE.iter().any(|(id, _)| *id == case.id);
        if report.stage != oracle.stage() && !ambiguous {
            problems.push(format!("stage {:?}, Chromium {:?}", report.stage, oracle.stage()));
        }
        if let Verdict::Blocked { error, param, .. } = &oracle {
            blocked += 1;
            if !report.findings.iter().any(|f| f.chromium.contains(error)) {
                problems.push(format!("no finding covers Chromium's {error}"));
            }
            if ambiguous && report.findings.iter().any(|f| f.certainty == Certainty::Exact && !f.chromium.is_empty()) {
                problems.push("claims an exact cause where page code cannot know it".into());
            }
            let mut hit = false;
            for f in report.findings.iter().filter(|f| f.certainty == Certainty::Exact && !f.chromium.is_empty()) {
                let f_param = f.param.clone().unwrap_or_default();
                if f.chromium != vec![*error] || (!param.is_empty() && f_param != *param) {
                    problems.push(format!("exact finding {} ({:?}, {f_param:?}) but Chromium says {error} {param:?}", f.id, f.chromium));
                } else {
                    hit = true;
                }
            }
            exact_hits += usize::from(hit);
        }
        println!(
            "{:<36} {:<11} {:<10} {:<40} {}",
            case.id,
            verdict,
            report.stage.map(|s| s.as_str()).unwrap_or("-"),
            report.findings.iter().filter(|f| f.severity == corsprobe_engine::finding::Severity::Error).map(|f| format!("{}:{:?}", f.id, f.certainty).to_lowercase()).collect::<Vec<_>>().join(" "),
            if problems.is_empty() { "ok".to_string() } else { format!("FAIL {}", problems.join("; ")) }
        );
        if case.id == "header-not-allowed" {
            app.screenshot(&out.join("app-blocked.png")).unwrap();
        }
        if case.id == "pass-preflight" {
            app.screenshot(&out.join("app-pass.png")).unwrap();
            // The "In other browsers" table, opened.
            app.eval("(() => { const d = document.querySelector('details.browsers'); d.open = true; d.scrollIntoView(); })()").unwrap();
            app.screenshot(&out.join("app-browser-notes.png")).unwrap();
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", case.id, problems.join("; ")));
        }
        records.push(serde_json::json!({ "case": case.id, "chromium": oracle, "report": report }));
    }
    std::fs::create_dir_all(&out).ok();
    std::fs::write(out.join("app-reports.json"), serde_json::to_string_pretty(&records).unwrap()).ok();
    println!(
        "exact cause (one exact finding equal to Chromium's CorsError and parameter): {exact_hits} of {blocked} blocked cases"
    );
    assert!(failures.is_empty(), "{} case(s) disagree with Chromium:\n{}", failures.len(), failures.join("\n"));
}
