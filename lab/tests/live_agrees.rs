//! The live diagnosis over every lab case, with each probe's outcome worked out on the
//! host: the lab's route answers the probe as it answers over HTTP
//! ([`corsprobe_lab::case::Server::reply`], so Basic-auth and Starlette-like routes
//! answer probes differently from the case's own request), and the engine's header
//! checks (`check::judge_exchange`, which `engine_agrees.rs` holds to Chromium's verdict
//! on every case request) decide whether the browser lets the probe through. The
//! browser tests (`harness/tests/app_in_chromium.rs`, `app_in_firefox.rs`) run the same
//! cases for real; this one runs in a second and pins the rules:
//! - the case's documented Chromium error is among the findings (the truth is always
//!   there);
//! - no `exact` error finding names another error or parameter;
//! - the documented stage is among `stage_candidates` (except where page code cannot
//!   see it at all, listed below);
//! - the mean number of candidate causes (error findings) per blocked case is ≤ 4.5.

use corsprobe_engine::check::{judge_exchange, ExchangeVerdict};
use corsprobe_engine::diagnose::{begin, diagnose, Begin};
use corsprobe_engine::finding::{Certainty, Severity};
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::input::FormInput;
use corsprobe_engine::plan::ProbeKind;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::report::{ProbeOutcome, Verdict};
use corsprobe_engine::{Mode, RequestSpec};
use corsprobe_lab::case::{expand_param, Expect, LabCase, Origins, Reply, RequestFacts, Target};
use corsprobe_lab::cases::cases;
use corsprobe_lab::policy::LooseCheck;

const APP: &str = "http://127.0.0.1:8000";
const LAB: &str = "http://localhost:8001";

/// Stages page code cannot observe and the report cannot list: a 3xx without CORS
/// headers fails every probe exactly like a 200 without them.
const STAGE_UNSEEN: &[&str] = &["redirect-without-cors"];

/// A reply as the lab sends it to a request from `origin` (the lab's per-request
/// templates first, as `case_route` expands them).
fn response(reply: &Reply, origin: &str) -> HttpResponse {
    let o = Origins { app: APP.into(), lab: LAB.into() };
    let mut r = HttpResponse::new(reply.status);
    for (name, template) in &reply.headers {
        let mut t = template.replace("{origin}", origin).replace("{allowed_or_null}", if origin == "null" { "null" } else { APP });
        for check in LooseCheck::ALL {
            let lets_in = check.accepts(APP, origin);
            t = t.replace(check.token(), if lets_in { origin } else { APP });
        }
        r.headers.append(*name, &o.expand(&t, APP));
    }
    r.headers.append("cache-control", "no-store");
    r
}

fn facts(request: &RequestSpec, is_options: bool) -> RequestFacts {
    let need = preflight_need(request);
    RequestFacts {
        is_options,
        has_authorization: request.headers.iter().any(|h| h.name.eq_ignore_ascii_case("authorization")),
        request_method: is_options.then(|| need.method.clone()),
        request_headers: if is_options { need.headers.clone() } else { vec![] },
    }
}

/// The case a lab URL routes to.
fn routed<'a>(all: &'a [LabCase], url: &str) -> Option<&'a LabCase> {
    let path = url.strip_prefix(LAB)?.split('?').next()?;
    all.iter().find(|c| Some(c.id) == path.strip_prefix("/case/"))
}

/// What `fetch()` does with one probe, from the lab's answers and the engine's checks.
fn outcome(all: &[LabCase], case: &LabCase, request: &RequestSpec, origin: &str) -> ProbeOutcome {
    let preflight_needed = request.mode == Mode::Cors && preflight_need(request).required;
    let preflight = preflight_needed.then(|| response(case.server.reply(&facts(request, true)), origin));
    let mut hops = Vec::new();
    let mut current = case;
    let mut last = response(current.server.reply(&facts(request, false)), origin);
    while request.redirect == corsprobe_engine::RedirectMode::Follow && last.is_redirect() && hops.len() < 20 {
        let next = last.location().map(|l| if l.starts_with('/') { format!("{LAB}{l}") } else { l });
        let Some(target) = next.as_deref().and_then(|u| routed(all, u)) else { break };
        hops.push(last);
        current = target;
        last = response(current.server.reply(&facts(request, false)), origin);
    }
    // A redirect the lab cannot route leaves the chain unfinished (judged incomplete).
    let unfinished = request.redirect == corsprobe_engine::RedirectMode::Follow && last.is_redirect();
    let actual = (!unfinished).then(|| last.clone());
    match judge_exchange(request, origin, preflight.as_ref(), &hops, actual.as_ref()) {
        ExchangeVerdict::Pass { .. } => {
            let response_type = if request.mode == Mode::NoCors {
                "opaque"
            } else if request.redirect == corsprobe_engine::RedirectMode::Manual && last.is_redirect() {
                "opaqueredirect"
            } else {
                "cors"
            };
            ProbeOutcome::Response { response_type: response_type.into(), status: last.status, redirected: !hops.is_empty(), elapsed_ms: 1.0 }
        }
        _ => ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 1.0 },
    }
}

#[test]
fn the_truth_is_always_among_the_live_findings_and_no_exact_claim_is_wrong() {
    let all = cases();
    let (mut failures, mut blocked, mut candidates, mut error_names) = (Vec::new(), 0usize, 0usize, 0usize);
    for case in all.iter().filter(|c| c.request.target == Target::Lab && c.id != "slow") {
        let spec = case.request.to_spec(LAB, 1);
        // As the page runs it: refusals are decided before any traffic.
        let report = match begin(&FormInput::from_request(&spec), APP, false) {
            Begin::Decided { report, .. } => report,
            Begin::Probe { plan, dropped } => {
                let outcomes: Vec<(ProbeKind, ProbeOutcome)> = plan
                    .probes
                    .iter()
                    .map(|p| {
                        let origin = if p.kind == ProbeKind::NullOrigin { "null" } else { APP };
                        (p.kind.clone(), outcome(&all, case, &p.request, origin))
                    })
                    .collect();
                diagnose(&plan, &outcomes, &dropped)
            }
        };
        let errors: Vec<_> = report.findings.iter().filter(|f| f.severity == Severity::Error).collect();
        let mut problems = Vec::new();
        match &case.expect {
            Expect::Pass if report.verdict != Verdict::Pass => problems.push(format!("verdict {:?}, Chromium passes", report.verdict)),
            Expect::Blocked { error, param, stage } => {
                blocked += 1;
                candidates += errors.len();
                let mut names: Vec<_> = errors.iter().flat_map(|f| f.chromium.iter().copied()).collect();
                names.sort_by_key(|e| e.name());
                names.dedup();
                error_names += names.len();
                let param = expand_param(param, APP, LAB);
                if report.verdict != Verdict::Blocked {
                    problems.push(format!("verdict {:?}, Chromium blocks", report.verdict));
                }
                if !errors.iter().any(|f| f.chromium.contains(error)) {
                    problems.push(format!("no finding covers {error}"));
                }
                for f in errors.iter().filter(|f| f.certainty == Certainty::Exact && !f.chromium.is_empty()) {
                    let p = f.param.clone().unwrap_or_default();
                    if f.chromium != vec![*error] || (!param.is_empty() && p != param) {
                        problems.push(format!("exact {} {:?} {p:?}, Chromium {error} {param:?}", f.id, f.chromium));
                    }
                }
                if !report.stage_candidates().contains(stage) && !STAGE_UNSEEN.contains(&case.id) {
                    problems.push(format!("stages {:?}, Chromium {stage:?}", report.stage_candidates()));
                }
            }
            _ => {}
        }
        println!(
            "{:<36} {:<8} {:<22} {}",
            case.id,
            report.verdict.as_str(),
            report.stage_candidates().iter().map(|s| s.as_str()).collect::<Vec<_>>().join("|"),
            if problems.is_empty() {
                errors.iter().map(|f| format!("{}:{:?}", f.id, f.certainty).to_lowercase()).collect::<Vec<_>>().join(" ")
            } else {
                format!("FAIL {}", problems.join("; "))
            }
        );
        if !problems.is_empty() {
            failures.push(format!("{}: {}", case.id, problems.join("; ")));
        }
    }
    let mean = candidates as f64 / blocked.max(1) as f64;
    println!("candidate causes (error findings) per blocked case: {mean:.2} ({candidates} over {blocked})");
    println!("distinct Chromium errors they name, per blocked case: {:.2}", error_names as f64 / blocked.max(1) as f64);
    assert!(mean <= 4.5, "{mean:.2} candidate causes per blocked case");
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}
