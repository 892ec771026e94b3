//! The live-path differential test: the real app, in headless Chromium, diagnoses
//! generated server answers (`corsprobe_lab::difftest::generate`), and Chromium's own
//! verdict for the same request is the truth.
//!
//! For each case (a fixed seed; env `CORSPROBE_LIVE_DIFFTEST_N`, default 60, and
//! `CORSPROBE_LIVE_DIFFTEST_SEED`): the request goes to its own tagged URL on the
//! generated-answer server (page origin: the app's), first alone from a fresh browser
//! context (the oracle, [`chromium_verdict`]), then through the app as a person would
//! use it: the form filled (URL, method, headers, body, mode, credentials, redirect; the
//! "allow repeats" consent left unticked), Run clicked, the report read from
//! `#report-json`. The report is judged with `corsprobe_lab::difftest::judge`.
//!
//! Gates:
//! - no wrong exact claim (an exact cause, pass or network failure that contradicts
//!   Chromium), ever;
//! - the mean number of candidate causes (error findings) per blocked case ≤ 4.5;
//! - no probe met an authentication challenge the person's own request would not meet
//!   (the rule of `app_in_chromium.rs`, through `harness::app::report_of`);
//! - every case gets a report.
//!
//! Reported, not gated: `missing` (Chromium's error is not among the findings; each is
//! printed with its findings), the cases Chromium refuses to send (invalid input) and the
//! ones the form refuses while Chromium sends them. Each wrong-exact or missing case is
//! saved (request, answer, what the server exchanged, truth, report) under
//! `harness/out/live-difftest/`; the summary is printed and written to
//! `harness/out/live-difftest/summary.txt`. `cargo xtask live-difftest N [--seed S]`
//! runs more cases.
//!
//! Each disagreement found is also kept in `harness/fixtures/live-difftest/`, where
//! `lab/tests/live_fixtures.rs` diagnoses it again on the host from its recorded probe
//! outcomes (so an engine fix is checked before `dist/` is rebuilt).
//!
//! Known disagreements (seed 20261204, 300 cases, with the `dist/` of main at f7ee646):
//! - wrong exact, fixed in the engine (confirmed in the browser with `dist/` rebuilt at
//!   0cde81e: 60 cases, 0 wrong exact):
//!   every probe failing without an answer was "unreachable", exact; a redirect chain
//!   that breaks (a `Location` to ftp: or user:password@) behind a failing CORS check
//!   reads the same from page code (cases 7, 86, 100, 256). Now "likely", so these stay
//!   `missing`: Chromium named a CORS error the report does not list.
//! - missing, fixed in the engine: a preflighted request whose no-cors GET fails on a
//!   broken redirect named only the redirect, not its failing preflight (77, 116, 255,
//!   271); a credentialed request whose simple GET refuses credentials left out the
//!   untested method and header (252).
//! - seed 20261206, 200 cases: 6 more of the first kind, and one miss: `redirect:
//!   "error"` meeting a redirect (a network error in Chromium; case 191).
//! - Since: an unanswered run keeps the CORS groups as possible causes (the first kind
//!   now holds Chromium's error), and the redirect-manual probe is planned for
//!   `redirect: "error"` too. Seed 20261206, 200 cases, page at 25d5fa2: 0 missing,
//!   0 wrong exact, 2.54 candidate causes per blocked case.

use corsprobe_engine::finding::Severity;
use corsprobe_engine::report::{Report, Verdict as ReportVerdict};
use corsprobe_lab::difftest::{generate, judge, rediagnose, PathOutcome, Truth};
use corsprobe_lab::generated;
use harness::app::{form_values, open_app, own_request_may_be_challenged, report_of, watch_auth, App};
use harness::difftest::pasted_text;
use harness::env::TestEnv;
use harness::oracle::{chromium_verdict, Verdict};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Instant;

/// The existing difftest's seed: those answers are known to the pasted paths.
const SEED: u64 = 20_261_204;
/// About 1 to 2 minutes on the shared 2-core machine kind.
const CASES: u64 = 60;
/// The ceiling on candidate causes (error findings) per blocked case.
const MAX_MEAN_CANDIDATES: f64 = 4.5;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn truth_of(verdict: &Verdict, sent: bool, fetch: &serde_json::Value) -> Truth {
    match verdict {
        Verdict::Pass => Truth::Pass,
        Verdict::Blocked { error, param, stage } => Truth::Blocked { error: *error, param: param.clone(), stage: *stage },
        // fetch() threw before anything went out: no network event at all.
        Verdict::Unreachable { .. } if !sent => Truth::InvalidInput { message: fetch["message"].as_str().unwrap_or("fetch threw").to_string() },
        Verdict::Unreachable { error_text } => Truth::Unreachable { error_text: error_text.clone() },
    }
}

fn truth_name(t: &Truth) -> String {
    match t {
        Truth::Pass => "pass".into(),
        Truth::Blocked { error, param, .. } if param.is_empty() => error.name().to_string(),
        Truth::Blocked { error, param, .. } => format!("{} {param:?}", error.name()),
        Truth::Unreachable { error_text } => format!("network {error_text}"),
        Truth::InvalidInput { .. } => "refused".into(),
    }
}

fn error_findings(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| {
            let param = f.param.as_deref().map(|p| format!("({p})")).unwrap_or_default();
            format!("{}{param}:{:?}", f.id, f.certainty).to_lowercase()
        })
        .collect()
}

#[derive(Default)]
struct Counts {
    judged: usize,
    by_outcome: BTreeMap<&'static str, usize>,
    chromium_refused: usize,
    chromium_refused_form_too: usize,
    form_refused: usize,
    no_report: usize,
    blocked: usize,
    candidates: usize,
    truths: BTreeMap<String, usize>,
    /// The same judged cases, their reports diagnosed again by the engine this test was
    /// built with, from the probe outcomes the page saw ([`rediagnose`]).
    by_outcome_now: BTreeMap<&'static str, usize>,
    /// Reports the engine now makes differently: `dist/` is older than the engine.
    differ_now: usize,
    candidates_now: usize,
}

#[test]
fn the_live_app_agrees_with_chromium_on_generated_answers() {
    let n = env_number("CORSPROBE_LIVE_DIFFTEST_N", CASES) as usize;
    let seed = env_number("CORSPROBE_LIVE_DIFFTEST_SEED", SEED);
    let App { env, chromium, page: mut app } = open_app().with_viewport(1280, 900, false).open().expect("the app renders");
    let server = generated::start(&env.app_origin).expect("start the generated-answer server");
    let mut oracle_cdp = chromium.connect().expect("connect");
    let (server_origin, other_origin) = (server.origin(), server.other_origin());
    let origins = [server_origin.as_str(), other_origin.as_str()];
    watch_auth(&mut app, &origins).unwrap();

    let out = TestEnv::out_dir().join("live-difftest");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("create the output directory");
    let started = Instant::now();
    let mut c = Counts::default();
    let (mut failures, mut notes) = (Vec::new(), Vec::new());
    for case in generate(seed, n) {
        let tag = format!("live-s{seed}-i{}", case.index);
        let spec = case.spec(&server_origin, &tag);
        let observation = match chromium_verdict(&mut oracle_cdp, &env.app_page(), &spec) {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("case {}: the oracle failed: {e}", case.index));
                continue;
            }
        };
        let sent = !observation.loading_failed.is_empty() || observation.fetch["ok"] == true;
        let truth = truth_of(&observation.verdict, sent, &observation.fetch);
        server.take_log(&tag);

        // The person's way: the form, then Run.
        let fields = form_values(&spec);
        for (name, value) in &fields {
            app.set_field(name, value).unwrap_or_else(|e| panic!("set {name}: {e}"));
        }
        app.click("[data-action=run]").unwrap();
        let mut challenges = Vec::new();
        let report = match report_of(&mut app, &spec.url, &origins, &mut challenges) {
            Ok(r) => r,
            Err(e) => {
                c.no_report += 1;
                failures.push(format!("case {}: {e}", case.index));
                continue;
            }
        };
        let exchanged = pasted_text(&server.take_log(&tag));
        let own_may_be_challenged = own_request_may_be_challenged(spec.credentials, spec.headers.iter().map(|h| h.name.as_str()));
        if !challenges.is_empty() && !own_may_be_challenged {
            failures.push(format!("case {}: authentication challenge (a password dialog in a headed browser) for {challenges:?}", case.index));
        }
        let verdict_kind = match &truth {
            Truth::Blocked { error, .. } => error.name().to_string(),
            Truth::Unreachable { .. } => "network error".into(),
            other => truth_name(other),
        };
        *c.truths.entry(verdict_kind).or_default() += 1;
        let form_refused = report.verdict == ReportVerdict::InvalidInput;
        let findings = error_findings(&report);
        let outcome = if let Truth::InvalidInput { message } = &truth {
            c.chromium_refused += 1;
            c.chromium_refused_form_too += usize::from(form_refused);
            if !form_refused {
                notes.push(format!("case {}: Chromium refused to send ({message}); the form ran it: {}", case.index, findings.join(" ")));
            }
            "chromium-refused"
        } else if form_refused {
            c.form_refused += 1;
            notes.push(format!("case {}: the form refused a request Chromium sent ({}): {}", case.index, truth_name(&truth), findings.join(" ")));
            "form-refused"
        } else {
            c.judged += 1;
            if matches!(truth, Truth::Blocked { .. }) {
                c.blocked += 1;
                c.candidates += findings.len();
            }
            let judged = judge(&truth, &report);
            let name = judged.name();
            *c.by_outcome.entry(name).or_default() += 1;
            let now = rediagnose(&report).map(|r| {
                if r.findings != report.findings || r.verdict != report.verdict {
                    c.differ_now += 1;
                    notes.push(format!(
                        "case {}: this build's engine, from the same probe outcomes: {} ({}); the page said {name} ({})",
                        case.index,
                        judge(&truth, &r).name(),
                        error_findings(&r).join(" "),
                        findings.join(" ")
                    ));
                }
                if matches!(truth, Truth::Blocked { .. }) {
                    c.candidates_now += error_findings(&r).len();
                }
                judge(&truth, &r).name()
            });
            *c.by_outcome_now.entry(now.unwrap_or("no-replay")).or_default() += 1;
            if let PathOutcome::WrongExact(d) | PathOutcome::Missing(d) = &judged {
                let line = format!("case {} {name}: {d}; findings: {}", case.index, findings.join(" "));
                if matches!(judged, PathOutcome::WrongExact(_)) {
                    failures.push(line.clone());
                }
                notes.push(line);
                let saved = json!({
                    "outcome": judged, "seed": seed, "case": case.index, "request": spec, "answer": case.answer,
                    "exchanged": exchanged, "truth": truth, "chromium": observation, "report": report,
                });
                let file = out.join(format!("{name}-case-{}.json", case.index));
                std::fs::write(file, serde_json::to_string_pretty(&saved).unwrap() + "\n").ok();
            }
            name
        };
        println!(
            "{:>5} {:<7} {:<28} {:<40} {:<16} {}",
            case.index,
            spec.method,
            format!("{}/{}/{}", spec.mode.as_str(), spec.credentials.as_str(), spec.redirect.as_str()),
            truth_name(&truth),
            outcome,
            findings.join(" ")
        );
    }
    let mean = c.candidates as f64 / c.blocked.max(1) as f64;
    if mean > MAX_MEAN_CANDIDATES {
        failures.push(format!("{mean:.2} candidate causes per blocked case, over {MAX_MEAN_CANDIDATES}"));
    }
    let g = |k: &str| c.by_outcome.get(k).copied().unwrap_or(0);
    let mut summary = format!(
        "live path, {}: seed {seed}, {n} cases in {:.0} s\n\
         judged {:>5}: agree {}, candidates (truth among the findings) {}, missing {}, wrong exact {}\n\
         Chromium refused to send (invalid input): {} (the form refused {} of them)\n\
         the form refused, Chromium sent: {}\n\
         no report: {}\n\
         candidate causes (error findings) per blocked case: {mean:.2} ({} over {} blocked)\n\
         the same reports diagnosed again by this build's engine from the page's probe outcomes: {}\n\
         Chromium's verdicts:\n",
        chromium.version,
        started.elapsed().as_secs_f64(),
        c.judged,
        g("agree"),
        g("candidates"),
        g("missing"),
        g("wrong-exact"),
        c.chromium_refused,
        c.chromium_refused_form_too,
        c.form_refused,
        c.no_report,
        c.candidates,
        c.blocked,
        if c.differ_now == 0 {
            "all the same".to_string()
        } else {
            let n = |k: &str| c.by_outcome_now.get(k).copied().unwrap_or(0);
            format!(
                "{} differ (dist/ is older than the engine): agree {}, candidates {}, missing {}, wrong exact {}; {:.2} candidate causes per blocked case",
                c.differ_now,
                n("agree"),
                n("candidates"),
                n("missing"),
                n("wrong-exact"),
                c.candidates_now as f64 / c.blocked.max(1) as f64
            )
        },
    );
    for (t, k) in &c.truths {
        summary += &format!("  {k:>5} {t}\n");
    }
    if !notes.is_empty() {
        summary += "disagreements and refusals:\n";
        for note in &notes {
            summary += &format!("  {note}\n");
        }
    }
    println!("{summary}");
    std::fs::write(out.join("summary.txt"), &summary).ok();
    assert!(failures.is_empty(), "{} failure(s) on the live path:\n{}", failures.len(), failures.join("\n"));
}
