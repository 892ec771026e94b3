//! The real-server cases (`harness::real_servers`: the nine verified stacks and nginx
//! configured by hand, Basic authentication in front included) with Firefox as the
//! judge: the app running inside Firefox, the form filled and Run clicked, against what
//! Firefox itself did with the same request sent alone (a fresh user context; its
//! console message names the cause).
//!
//! Gates:
//! - the page's verdict is Firefox's;
//! - no probe meets an HTTP authentication challenge (BiDi `network.authRequired`:
//!   Firefox would ask the person for a password) that the person's own request would
//!   not meet;
//! - where Firefox blocks with a CORS message, the engine reads that message (as the
//!   Analyze panel reads a pasted console line) and the cause it names is among the
//!   page's findings; no exact finding of the page names another;
//! - at most 4.5 candidate causes per blocked case.
//!
//! `CORSPROBE_STACKS=nginx-hand,flask` runs only those. Needs `cargo xtask setup
//! --browsers` and the page built (`cargo xtask build`).

use corsprobe_engine::analyze::analyze_console;
use corsprobe_engine::finding::{Certainty, Severity};
use corsprobe_engine::report::Report;
use corsprobe_engine::CorsError;
use harness::app::{form_values, own_request_may_be_challenged, READY};
use harness::env::TestEnv;
use harness::firefox::{watch_challenges, Firefox, FirefoxTab};
use harness::firefox_oracle::{firefox_verdict, FirefoxObservation, NETWORK_FAILURE_REASON};
use harness::page::{set_field_expression, shows_report_for};
use harness::real_servers::{self, Run};
use harness::stacks::start_nginx_with;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const MAX_MEAN_CANDIDATES: f64 = 4.5;

/// The causes Firefox's own console message names, read by the engine's console path
/// (`None`: Firefox printed no CORS reason, as for a mode rule or a network failure).
fn causes_firefox_names(
    seen: &FirefoxObservation,
    app_origin: &str,
    spec: &corsprobe_engine::RequestSpec,
) -> Result<Option<BTreeSet<CorsError>>, String> {
    if seen.reason.as_deref().is_none_or(|r| r == NETWORK_FAILURE_REASON) {
        return Ok(None);
    }
    let text = seen.console.iter().filter(|m| m.contains("Cross-Origin Request Blocked")).cloned().collect::<Vec<_>>().join("\n");
    let reports = analyze_console(&text, app_origin, Some(spec)).map_err(|e| format!("the engine cannot read Firefox's message: {e}\n{text}"))?;
    let report = reports.first().ok_or_else(|| format!("Firefox's message yielded no report:\n{text}"))?;
    Ok(Some(error_names(report)))
}

/// Every `CorsError` the report's error findings name.
fn error_names(report: &Report) -> BTreeSet<CorsError> {
    report.findings.iter().filter(|f| f.severity == Severity::Error).flat_map(|f| f.chromium.iter().copied()).collect()
}

/// The control: a credentialed fetch to the Basic-auth configuration does raise
/// `network.authRequired` in this session, so no challenge above means none happened.
fn the_watch_sees_a_challenge(bidi: &mut harness::cdp::Cdp, env: &TestEnv) -> Result<(), String> {
    let case = real_servers::hand_written_nginx().into_iter().find(|c| c.id == "basic-auth-in-front").ok_or("no basic-auth-in-front case")?;
    let server = start_nginx_with(&case.location.replace("{app}", &env.app_origin), case.files)?;
    let mut tab = FirefoxTab::open(bidi)?;
    tab.navigate(&env.app_page())?;
    if tab.credentialed_fetch_is_challenged(&server.url())? {
        Ok(())
    } else {
        Err("control: a credentialed fetch to basic-auth-in-front raised no network.authRequired, so the watch sees nothing".into())
    }
}

#[test]
fn the_page_in_firefox_agrees_with_firefox_on_real_servers() {
    let env = TestEnv::start(0).expect("start servers");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test`");
    let firefox = Firefox::launch().expect("launch Firefox");
    let (mut bidi, version) = firefox.connect().expect("BiDi session");
    watch_challenges(&mut bidi).unwrap();
    let app_tab = {
        let mut tab = FirefoxTab::open(&mut bidi).unwrap();
        tab.set_viewport(1280, 900).unwrap();
        tab.navigate(&env.app_page()).unwrap();
        tab.wait_for(READY, Duration::from_secs(20)).expect("the app renders in Firefox");
        tab.suspend()
    };
    let only = std::env::var("CORSPROBE_STACKS").ok();
    let runs = real_servers::runs(&env.app_origin, only.as_deref());
    let expected_runs = runs.len();
    let started = Instant::now();
    let (mut failures, mut lines) = (Vec::new(), Vec::new());
    let (mut blocked, mut candidates, mut cause_named) = (0usize, 0usize, 0usize);
    for Run { stack, case, server, request } in runs {
        let server = server();
        let spec = request(&server.url());
        let seen = firefox_verdict(&mut bidi, &env.app_page(), &spec).unwrap_or_else(|e| panic!("{stack} {case}: Firefox: {e}"));
        let mut tab = FirefoxTab::resume(&mut bidi, app_tab.clone());
        tab.bidi.take_all_events();
        for (name, value) in form_values(&spec) {
            tab.eval(&set_field_expression(name, &value)).unwrap_or_else(|e| panic!("set {name}: {e}"));
        }
        tab.eval("document.querySelector('[data-action=run]').click()").unwrap();
        let shown = tab.wait_for(&shows_report_for(&spec.url), Duration::from_secs(40));
        let text = tab.eval("document.getElementById('report-json').textContent").unwrap_or_default();
        let challenged = tab.take_challenges();
        tab.suspend();
        let mut problems = Vec::new();
        if !challenged.is_empty() && !own_request_may_be_challenged(spec.credentials, spec.headers.iter().map(|h| h.name.as_str())) {
            problems.push(format!("a probe met a password challenge: {challenged:?}"));
        }
        let report: Option<Report> = match shown.and_then(|_| serde_json::from_str(text.as_str().unwrap_or_default()).map_err(|e| e.to_string())) {
            Ok(r) => Some(r),
            Err(e) => {
                problems.push(format!("no report: {e}"));
                None
            }
        };
        let mut page_says = String::from("?");
        if let Some(report) = &report {
            page_says = serde_json::to_value(report.verdict).unwrap().as_str().unwrap_or("?").to_string();
            if page_says != seen.verdict {
                problems.push(format!("page {page_says}, Firefox {}", seen.verdict));
            }
            if seen.verdict == "blocked" {
                blocked += 1;
                candidates += report.findings.iter().filter(|f| f.severity == Severity::Error).count();
            }
            match causes_firefox_names(&seen, &env.app_origin, &spec) {
                Err(e) => problems.push(e),
                Ok(None) => {}
                Ok(Some(named)) => {
                    let found = error_names(report);
                    if named.is_disjoint(&found) {
                        problems.push(format!("Firefox's message names {named:?}; the page's findings name {found:?}"));
                    } else {
                        cause_named += 1;
                    }
                    for f in report.findings.iter().filter(|f| f.certainty == Certainty::Exact && f.severity == Severity::Error) {
                        if f.chromium.iter().any(|e| !named.contains(e)) {
                            problems.push(format!("exact {} names {:?}; Firefox's message names {named:?}", f.id, f.chromium));
                        }
                    }
                }
            }
        }
        let reason = seen.reason.clone().unwrap_or_default();
        let outcome = if problems.is_empty() { "ok".to_string() } else { problems.join("; ") };
        let line = format!("{stack:<10} {case:<36} firefox {:<11} page {page_says:<11} {reason} | {outcome}", seen.verdict);
        println!("{line}");
        if !problems.is_empty() {
            failures.push(format!("{stack} {case}: {}\n{}", problems.join("; "), server.source));
        }
        lines.push(line);
    }
    drop(FirefoxTab::resume(&mut bidi, app_tab));
    if only.as_deref().is_none_or(|o| o.split(',').any(|x| x == "nginx-hand")) {
        if let Err(e) = the_watch_sees_a_challenge(&mut bidi, &env) {
            failures.push(e);
        }
    }
    let mean = candidates as f64 / blocked.max(1) as f64;
    let summary = format!(
        "{} real-server cases in Firefox ({version}) in {:.0} s: {} failed; {blocked} blocked, Firefox's cause among the page's findings on {cause_named} (the rest printed no CORS reason); {mean:.2} candidate causes per blocked case",
        lines.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    println!("{summary}");
    real_servers::save_summary("firefox-summary.txt", &summary, &lines);
    assert_eq!(lines.len(), expected_runs, "every configuration ran");
    assert!(only.is_some() || expected_runs == real_servers::every_run());
    assert!(mean <= MAX_MEAN_CANDIDATES, "{mean:.2} candidate causes per blocked case");
    assert!(failures.is_empty(), "{} disagreement(s):\n{}", failures.len(), failures.join("\n\n"));
}
