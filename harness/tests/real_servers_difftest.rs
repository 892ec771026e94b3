//! The differential test on real servers: every engine path against Chromium's own
//! verdict, where the answers come from the frameworks people run, not from the lab.
//!
//! Each verified stack (`harness::stacks::VERIFIED`: nginx, Apache httpd, Caddy, Flask
//! with flask-cors, FastAPI, Django with django-cors-headers, Express with cors, Fastify
//! with @fastify/cors, axum with tower-http) runs in several configurations: the four
//! documented failures (no CORS; a header, a method, credentials not allowed), the
//! configuration corsprobe generates (a pass, simple and preflighted), and an allow-list
//! made for another origin (what each framework then answers differs, and nobody wrote
//! the expectation down: Chromium judges). And nginx runs 13 configurations written the
//! way people write them, mistakes included (`*` with credentials, two layers adding the
//! origin, headers only on success, auth before the preflight, a trailing slash, a
//! preflight redirected to https, Basic authentication in front…; the cases are in
//! `harness::real_servers`): no expectation is written for those either. For each, Chromium's verdict
//! (`corsErrorStatus`, from a fresh tab on the app's origin) is the truth, and:
//! - `live`: the app itself, the form filled and Run clicked, as a person would;
//! - `cli`: `corsprobe check --json`;
//! - `curl`: the real `curl` running the commands the report offers, pasted back;
//! - `har`, `har-provisional`: the HAR built from the same DevTools events;
//! - `console`: Chromium's own console message.
//!
//! Gates: no wrong exact claim on any path; Chromium's error among the live findings
//! every time (the other paths read the headers, so they must agree); at most 4.5
//! candidate causes per blocked live case; no probe met a password challenge the
//! person's own request would not. Needs `cargo xtask setup --browsers` (the stacks).

use corsprobe_engine::finding::Severity;
use corsprobe_engine::RequestSpec;
use corsprobe_lab::difftest::{judge, judge_cli, judge_console, judge_har, judge_pasted, PathOutcome, Truth};
use harness::app::{form_values, open_app, own_request_may_be_challenged, report_of, watch_auth, App};
use harness::cdp::Cdp;
use harness::console::{console_entries, entries_about_request};
use harness::difftest::{cli_binary, run_cli, run_curl};
use harness::har::har_from_events;
use harness::oracle::{fetch_expression, observe, Verdict};
use harness::page::Page;
use harness::real_servers::{self, Run};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const MAX_MEAN_CANDIDATES: f64 = 4.5;

/// Chromium's verdict for `spec` sent alone from a fresh tab on `page_url`, with the
/// DevTools events it came from.
fn chromium_truth(cdp: &mut Cdp, page_url: &str, spec: &RequestSpec) -> (Truth, Vec<Value>) {
    let mut page = Page::open(cdp).expect("a tab");
    page.navigate(page_url).expect("navigate");
    page.take_events();
    let fetch = page.eval(&fetch_expression(spec)).expect("fetch");
    page.cdp.pump(Duration::from_millis(300)).expect("pump");
    let events = page.take_events();
    let sent = events.iter().any(|e| e["method"] == "Network.requestWillBeSent");
    let truth = match observe(spec, fetch.clone(), &events).verdict {
        Verdict::Pass => Truth::Pass,
        Verdict::Blocked { error, param, stage } => Truth::Blocked { error, param, stage },
        Verdict::Unreachable { .. } if !sent => Truth::InvalidInput { message: fetch["message"].as_str().unwrap_or("fetch threw").into() },
        Verdict::Unreachable { error_text } => Truth::Unreachable { error_text },
    };
    (truth, events)
}

/// The app's report for `spec`: the form filled, Run clicked.
fn live_report(
    app: &mut Page,
    spec: &RequestSpec,
    server_origin: &str,
    challenges: &mut Vec<String>,
) -> Result<corsprobe_engine::report::Report, String> {
    watch_auth(app, &[server_origin])?;
    for (name, value) in form_values(spec) {
        app.set_field(name, &value)?;
    }
    app.click("[data-action=run]")?;
    report_of(app, &spec.url, &[server_origin], challenges)
}

fn truth_name(t: &Truth) -> String {
    match t {
        Truth::Pass => "pass".into(),
        Truth::Blocked { error, .. } => error.name().into(),
        Truth::Unreachable { error_text } => format!("network error {error_text}"),
        Truth::InvalidInput { .. } => "refused".into(),
    }
}

#[test]
fn every_path_agrees_with_chromium_on_real_servers() {
    let App { env, chromium, page: mut app } = open_app().with_viewport(1280, 900, false).open().expect("the app renders");
    let mut oracle = chromium.connect().expect("connect");
    let cli = cli_binary().expect("build the command line");
    let (app_origin, page_url) = (env.app_origin.clone(), env.app_page());
    let started = Instant::now();
    let mut by_path: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    let (mut failures, mut lines) = (Vec::new(), Vec::new());
    let (mut blocked, mut candidates) = (0usize, 0usize);
    // `CORSPROBE_STACKS=apache,flask` runs only those (the full gate needs them all;
    // `nginx-hand` names the hand-written nginx configurations).
    let only = std::env::var("CORSPROBE_STACKS").ok();
    let runs = real_servers::runs(&app_origin, only.as_deref());
    let expected_runs = runs.len();
    for Run { stack: stack_id, case: case_id, server, request } in runs {
        let server = server();
        let spec = request(&server.url());
        let server_origin = format!("http://127.0.0.1:{}", server.port);
        let (truth, events) = chromium_truth(&mut oracle, &page_url, &spec);
        let provisional: Vec<Value> = events.iter().filter(|e| e["method"] != "Network.requestWillBeSentExtraInfo").cloned().collect();
        let console: Vec<String> = entries_about_request(&console_entries(&events), &app_origin).into_iter().map(|e| e.text.clone()).collect();
        let curl = run_curl(&spec, &app_origin);
        let mut outcomes: Vec<(&str, PathOutcome)> = vec![
            ("cli", judge_cli(&truth, &run_cli(&cli, &spec, &app_origin))),
            ("curl", judge_pasted(&truth, &spec, &app_origin, &curl)),
            ("har", judge_har(&truth, &spec, &har_from_events(&events))),
            ("har-provisional", judge_har(&truth, &spec, &har_from_events(&provisional))),
            ("console", judge_console(&truth, &spec, &app_origin, &console)),
        ];
        let mut challenges = Vec::new();
        match live_report(&mut app, &spec, &server_origin, &mut challenges) {
            Ok(report) => {
                let errors = report.findings.iter().filter(|f| f.severity == Severity::Error).count();
                if matches!(truth, Truth::Blocked { .. }) {
                    blocked += 1;
                    candidates += errors;
                }
                outcomes.push(("live", judge(&truth, &report)));
            }
            Err(e) => failures.push(format!("{} {}: no live report: {e}", stack_id, case_id)),
        }
        if !challenges.is_empty() && !own_request_may_be_challenged(spec.credentials, spec.headers.iter().map(|h| h.name.as_str())) {
            failures.push(format!("{} {}: a probe met a password challenge: {challenges:?}", stack_id, case_id));
        }
        let mut line = format!("{:<8} {:<30} {:<36}", stack_id, case_id, truth_name(&truth));
        for (path, outcome) in &outcomes {
            *by_path.entry(path).or_default().entry(outcome.name()).or_default() += 1;
            line += &format!(" {path}={}", outcome.name());
            // Every path must hold Chromium's error (the live one among its candidates:
            // it cannot see the headers); a provisional-header HAR, which hides the
            // mode, may say "likely" but never a wrong exact.
            let gated = if *path == "har-provisional" { matches!(outcome, PathOutcome::WrongExact(_)) } else { outcome.is_disagreement() };
            if gated {
                let pasted = if *path == "curl" { format!("curl printed:\n{curl}\n") } else { String::new() };
                failures.push(format!("{} {} [{path}]: {outcome:?}\n{pasted}{}", stack_id, case_id, server.source));
            }
        }
        println!("{line}");
        lines.push(line);
    }
    let mean = candidates as f64 / blocked.max(1) as f64;
    let mut summary = format!("{} real-server cases in {:.0} s\n", lines.len(), started.elapsed().as_secs_f64());
    for (path, m) in &by_path {
        let g = |k: &str| m.get(k).copied().unwrap_or(0);
        summary += &format!(
            "{path:<16} agree {:>3}  candidates {:>3}  missing {:>3}  wrong-exact {:>3}  n/a {:>3}\n",
            g("agree"),
            g("candidates"),
            g("missing"),
            g("wrong-exact"),
            g("n/a")
        );
    }
    summary += &format!("live: {mean:.2} candidate causes per blocked case ({blocked} blocked)\n");
    println!("{summary}");
    real_servers::save_summary("summary.txt", &summary, &lines);
    assert_eq!(lines.len(), expected_runs, "every configuration ran");
    assert!(only.is_some() || expected_runs == real_servers::every_run());
    assert!(mean <= MAX_MEAN_CANDIDATES, "{mean:.2} candidate causes per blocked live case");
    assert!(failures.is_empty(), "{} disagreement(s):\n{}", failures.len(), failures.join("\n\n"));
}
