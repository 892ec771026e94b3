//! The engine's header checks agree with Chromium on every lab case.
//!
//! Each case's expectation is Chromium's own verdict (checked in real Chromium by
//! harness/tests/lab_in_chromium.rs). Here the same case is judged by
//! `corsprobe_engine::check::judge_exchange` from the headers the lab sends: the
//! preflight reply, every redirect hop (followed to the target case's reply, as the lab
//! routes `Location`), and the final reply. Any difference is an engine bug.

use corsprobe_engine::check::{judge_exchange, visible_response_headers, CheckWarning, ExchangeVerdict};
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::url::Url;
use corsprobe_engine::{CorsError, RedirectMode, Stage};
use corsprobe_lab::case::{expand_param, Expect, LabCase, Origins, Reply, Target};
use corsprobe_lab::cases::cases;

const APP: &str = "http://127.0.0.1:8000";
const LAB: &str = "http://localhost:8001";

fn origins() -> Origins {
    Origins { app: APP.into(), lab: LAB.into() }
}

/// A reply as the lab sends it to a request from `APP` (a configured app origin, so
/// `{allowed}` is `APP`), including the `cache-control` the lab adds to every answer.
fn response(reply: &Reply) -> HttpResponse {
    let o = origins();
    let mut r = HttpResponse::new(reply.status);
    for (name, template) in &reply.headers {
        r.headers.append(*name, &o.expand(template, APP));
    }
    r.headers.append("cache-control", "no-store");
    r
}

/// The lab case a URL routes to (`/case/<id>` on the lab origin, any userinfo ignored).
fn routed_case<'a>(all: &'a [LabCase], url: &str) -> Option<&'a LabCase> {
    let url = Url::parse(url).ok()?;
    if url.origin() != LAB {
        return None;
    }
    let path = url.path_and_query.split('?').next().unwrap_or("");
    let id = path.strip_prefix("/case/")?;
    all.iter().find(|c| c.id == id)
}

/// Resolves a `Location` the way the lab's cases write them: absolute, or a path.
fn resolve(location: &str) -> String {
    if location.starts_with('/') {
        format!("{LAB}{location}")
    } else {
        location.to_string()
    }
}

/// The redirect hops and final response of a case's request, following `Location`
/// through the lab's routes in `follow` mode (at most 25 hops).
fn responses(all: &[LabCase], case: &LabCase) -> (Vec<HttpResponse>, Option<HttpResponse>) {
    let mut hops = Vec::new();
    let mut current = case;
    for _ in 0..25 {
        let resp = response(&current.server.actual);
        if case.request.redirect != RedirectMode::Follow || !resp.is_redirect() {
            return (hops, Some(resp));
        }
        let next = resp.location().map(|l| resolve(&l));
        hops.push(resp);
        match next.as_deref().and_then(|url| routed_case(all, url)) {
            Some(target) => current = target,
            None => return (hops, None),
        }
    }
    (hops, None)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Pass,
    Blocked(CorsError, String, Stage),
    Other(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Pass => write!(f, "pass"),
            Outcome::Blocked(e, p, s) => write!(f, "{e} {p:?} @{}", s.as_str()),
            Outcome::Other(o) => write!(f, "{o}"),
        }
    }
}

fn outcome(v: &ExchangeVerdict) -> Outcome {
    match v {
        ExchangeVerdict::Pass { .. } => Outcome::Pass,
        ExchangeVerdict::Blocked { status, stage } => Outcome::Blocked(status.error, status.param.clone(), *stage),
        other => Outcome::Other(serde_json::to_string(other).unwrap_or_default()),
    }
}

#[test]
fn engine_agrees_with_chromium_on_every_lab_case() {
    let all = cases();
    let mut rows = Vec::new();
    let mut mismatches = Vec::new();
    let mut skipped = Vec::new();
    for case in &all {
        let expected = match &case.expect {
            Expect::Unreachable => {
                skipped.push(case.id);
                continue;
            }
            Expect::Pass => Outcome::Pass,
            Expect::Blocked { error, param, stage } => Outcome::Blocked(*error, expand_param(param, APP, LAB), *stage),
        };
        assert_eq!(case.request.target, Target::Lab, "{}: only closed-port cases are unreachable", case.id);
        let spec = case.request.to_spec(LAB, 1);
        let preflight = response(&case.server.preflight);
        let (hops, actual) = responses(&all, case);
        let verdict = judge_exchange(&spec, APP, Some(&preflight), &hops, actual.as_ref());
        let got = outcome(&verdict);
        let ok = got == expected;
        rows.push(format!("{:<36} {:<4} {}", case.id, if ok { "ok" } else { "DIFF" }, got));
        if !ok {
            mismatches.push(format!("{}: engine {got}, Chromium {expected}", case.id));
        }
    }
    println!("{:<36} {:<4} engine verdict", "case", "");
    for row in &rows {
        println!("{row}");
    }
    println!("{} cases judged, {} agree; {} skipped (unreachable: {})", rows.len(), rows.len() - mismatches.len(), skipped.len(), skipped.join(", "));
    assert!(mismatches.is_empty(), "the engine disagrees with Chromium on {} case(s):\n{}", mismatches.len(), mismatches.join("\n"));
}

#[test]
fn warnings_and_visible_headers_on_lab_cases() {
    let all = cases();
    let find = |id: &str| all.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no case {id}"));

    let case = find("authorization-under-wildcard");
    let spec = case.request.to_spec(LAB, 1);
    let v = judge_exchange(&spec, APP, Some(&response(&case.server.preflight)), &[], Some(&response(&case.server.actual)));
    assert!(v.is_pass(), "{v:?}");
    assert!(v.warnings().contains(&CheckWarning::AuthorizationCoveredByWildcard), "{v:?}");

    let case = find("pass-expose-headers");
    let visible = visible_response_headers(&response(&case.server.actual), false);
    assert_eq!(visible, vec!["content-type", "x-request-id", "cache-control"]);

    let case = find("pass-preflight");
    let spec = case.request.to_spec(LAB, 1);
    let v = judge_exchange(&spec, APP, Some(&response(&case.server.preflight)), &[], Some(&response(&case.server.actual)));
    assert_eq!(v.warnings(), &[], "{v:?}");
}
