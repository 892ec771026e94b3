//! Plan and diagnosis over synthetic outcome patterns. (Real patterns come from real
//! Chromium in the harness; these pin the reasoning and the safety rules.)

use corsprobe_engine::diagnose::diagnose;
use corsprobe_engine::finding::{Certainty, Finding};
use corsprobe_engine::input::{validate, FormInput};
use corsprobe_engine::plan::{plan_probes, ProbeKind, ProbePlan};
use corsprobe_engine::report::{ProbeOutcome, Report, Verdict};
use corsprobe_engine::{CorsError, Credentials, Stage};

const ORIGIN: &str = "http://127.0.0.1:8080";

fn plan(method: &str, headers: &str, credentials: Credentials, consent: bool) -> ProbePlan {
    let form =
        FormInput { url: "http://127.0.0.1:8081/case/x".into(), method: method.into(), headers: headers.into(), credentials, ..Default::default() };
    plan_probes(&validate(&form).unwrap(), ORIGIN, consent)
}

fn ok() -> ProbeOutcome {
    ProbeOutcome::Response { response_type: "cors".into(), status: 200, redirected: false, elapsed_ms: 3.0 }
}
fn opaque() -> ProbeOutcome {
    ProbeOutcome::Response { response_type: "opaque".into(), status: 0, redirected: false, elapsed_ms: 3.0 }
}
fn fail() -> ProbeOutcome {
    ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 3.0 }
}

/// Runs the plan with outcomes decided per probe id.
fn run(plan: &ProbePlan, decide: impl Fn(&str) -> ProbeOutcome) -> Report {
    let outcomes: Vec<(ProbeKind, ProbeOutcome)> = plan.probes.iter().map(|p| (p.kind.clone(), decide(&p.kind.id()))).collect();
    diagnose(plan, &outcomes, &[])
}

fn errors(r: &Report) -> Vec<&Finding> {
    r.findings.iter().filter(|f| f.severity == corsprobe_engine::finding::Severity::Error).collect()
}

fn covers(r: &Report, e: CorsError) -> bool {
    r.findings.iter().any(|f| f.chromium.contains(&e))
}

#[test]
fn non_safe_method_is_sent_once_without_consent() {
    for m in ["POST", "PUT", "PATCH", "DELETE", "PURGE"] {
        let p = plan(m, "X-Api-Key: k\nX-Trace: t", Credentials::Include, false);
        assert_eq!(p.unsafe_sends(), 1, "{m}: {:?}", p.probes);
        assert!(p.skipped.iter().any(|s| s.kind == ProbeKind::WithoutCredentials), "{m}");
        let p = plan(m, "", Credentials::Include, true);
        assert_eq!(p.unsafe_sends(), 2, "{m} with consent");
    }
}

#[test]
fn identical_probes_are_sent_once() {
    let p = plan("GET", "X-Api-Key: k", Credentials::Omit, false);
    let ids: Vec<String> = p.probes.iter().map(|p| p.kind.id()).collect();
    assert!(!ids.contains(&"header:x-api-key".to_string()), "{ids:?}");
    assert!(p.probe(&ProbeKind::Header("x-api-key".into())).is_some(), "aliased to the actual request");
    // The null-origin probe is sent from a sandboxed frame: the same request from another
    // document (another Origin) is another fetch.
    let from_page: Vec<_> = p.probes.iter().filter(|p| p.kind != ProbeKind::NullOrigin).collect();
    for (i, a) in from_page.iter().enumerate() {
        for b in &from_page[i + 1..] {
            assert_ne!(a.request, b.request);
        }
    }
}

#[test]
fn pass_is_exact() {
    let p = plan("GET", "", Credentials::Omit, false);
    let r = run(&p, |id| if id == "reach" { opaque() } else { ok() });
    assert_eq!(r.verdict, Verdict::Pass);
    assert_eq!(r.stage, None);
    assert_eq!(r.findings[0].id, "cors-ok");
    assert_eq!(r.findings[0].certainty, Certainty::Exact);
}

#[test]
fn unreachable_when_no_cors_fails_too() {
    let p = plan("GET", "", Credentials::Omit, false);
    let r = run(&p, |_| fail());
    assert_eq!(r.verdict, Verdict::Unreachable);
    assert_eq!(r.stage, Some(Stage::Network));
    assert_eq!((r.findings[0].id.as_str(), r.findings[0].certainty), ("unreachable", Certainty::Likely));
    // Not exact: a redirect whose chain breaks behind a failing CORS check fails every
    // probe the same way (live difftest), so the Allow-Origin group stays possible, and
    // the report says how to settle it.
    assert!(r.findings.iter().all(|f| f.certainty != Certainty::Exact), "{:?}", r.findings);
    assert!(covers(&r, CorsError::InvalidAllowOriginValue) && !covers(&r, CorsError::PreflightMissingAllowOriginHeader));
    assert!(r.needs_headers);
    // A preflighted request: the preflight's group too.
    let r = run(&plan("PUT", "", Credentials::Include, false), |_| fail());
    assert!(covers(&r, CorsError::PreflightInvalidAllowCredentials), "{:?}", r.findings);
}

#[test]
fn simple_request_blocked_is_an_allow_origin_group_never_exact() {
    let p = plan("GET", "", Credentials::Omit, false);
    let r = run(&p, |id| if id == "reach" { opaque() } else { fail() });
    assert_eq!((r.verdict, r.stage), (Verdict::Blocked, Some(Stage::Response)));
    for e in [
        CorsError::MissingAllowOriginHeader,
        CorsError::AllowOriginMismatch,
        CorsError::MultipleAllowOriginValues,
        CorsError::InvalidAllowOriginValue,
    ] {
        assert!(covers(&r, e), "{e}");
    }
    assert!(errors(&r).iter().all(|f| f.certainty != Certainty::Exact));
    assert!(r.needs_headers);
    assert!(r.curl.iter().any(|c| c.command.contains("Origin: http://127.0.0.1:8080")));
}

#[test]
fn credentials_only_failure() {
    let p = plan("GET", "", Credentials::Include, false);
    let r = run(&p, |id| match id {
        "reach" => opaque(),
        "simple" | "without-credentials" | "redirect-manual" => ok(),
        _ => fail(),
    });
    assert_eq!(r.stage, Some(Stage::Response));
    assert_eq!(errors(&r)[0].id, "credentials-rejected");
    assert!(covers(&r, CorsError::WildcardOriginNotAllowed) && covers(&r, CorsError::InvalidAllowCredentials));
    let fix = &errors(&r)[0].fix[0].lines;
    assert!(fix.contains(&"Access-Control-Allow-Origin: http://127.0.0.1:8080".to_string()));
    assert!(fix.contains(&"Access-Control-Allow-Credentials: true".to_string()));
}

/// Every error finding that claims `exact` names `truth`: the product is never
/// confidently wrong.
fn no_wrong_exact(r: &Report, truth: CorsError) {
    for f in errors(r).iter().filter(|f| f.certainty == Certainty::Exact && !f.chromium.is_empty()) {
        assert_eq!(f.chromium, vec![truth], "{} claims exact", f.id);
    }
}

#[test]
fn rejected_header_is_proven_but_the_browser_error_is_not() {
    let p = plan("GET", "X-Api-Key: k\nX-Trace: t", Credentials::Omit, false);
    let r = run(&p, |id| match id {
        "reach" => opaque(),
        "simple" | "preflight-control" | "header:x-trace" | "redirect-manual" | "null-origin" => ok(),
        _ => fail(),
    });
    assert_eq!(r.stage, Some(Stage::Preflight));
    assert_eq!(r.stage_candidates(), vec![Stage::Preflight]);
    let f = errors(&r)[0];
    assert_eq!((f.id.as_str(), f.certainty, f.param.as_deref()), ("header-not-allowed", Certainty::Likely, Some("x-api-key")));
    assert!(f.proven.as_deref().unwrap().contains("rejects the request header x-api-key"), "{:?}", f.proven);
    // A 2xx without the name, Starlette's 400 with CORS headers, rs/cors' answer without
    // any: the same probe outcomes, three browser errors.
    for truth in [CorsError::HeaderDisallowedByPreflightResponse, CorsError::PreflightInvalidStatus, CorsError::PreflightMissingAllowOriginHeader] {
        assert!(f.chromium.contains(&truth), "{truth}");
        no_wrong_exact(&r, truth);
    }
    assert!(r.needs_headers, "the curl commands or the console line settle it");
    assert!(f.fix[0].lines.contains(&"Access-Control-Allow-Headers: x-api-key, x-trace".to_string()));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert!(json["findings"][0]["proven"].is_string());
    assert_eq!(json["stage_candidates"], serde_json::json!(["preflight"]));
}

#[test]
fn a_rejected_header_leaves_the_untested_method_a_candidate() {
    // Chromium checks the method before the headers: a preflight allowing neither gets
    // MethodDisallowedByPreflightResponse; one allowing the method gets the header.
    let p = plan("PUT", "X-Api-Key: k", Credentials::Omit, false);
    let r = run(&p, |id| match id {
        "reach" => opaque(),
        "simple" | "preflight-control" | "redirect-manual" => ok(),
        _ => fail(),
    });
    let method = errors(&r).into_iter().find(|f| f.id == "method-not-allowed").expect("the method stays a candidate");
    assert_eq!((method.certainty, method.param.as_deref()), (Certainty::Possible, Some("PUT")));
    assert!(covers(&r, CorsError::MethodDisallowedByPreflightResponse) && covers(&r, CorsError::HeaderDisallowedByPreflightResponse));
    no_wrong_exact(&r, CorsError::MethodDisallowedByPreflightResponse);
    no_wrong_exact(&r, CorsError::HeaderDisallowedByPreflightResponse);
}

#[test]
fn neither_method_nor_header_allowed_and_no_cors_on_get_lists_both() {
    // A PUT-only endpoint: its GET answers 405 without CORS headers, so even the simple
    // probe fails; the preflight allows the origin but neither PUT nor X-Api-Key.
    let p = plan("PUT", "X-Api-Key: k", Credentials::Omit, false);
    let r = run(&p, |id| if id == "reach" { opaque() } else { fail() });
    for truth in [
        CorsError::MethodDisallowedByPreflightResponse,
        CorsError::HeaderDisallowedByPreflightResponse,
        CorsError::PreflightMissingAllowOriginHeader,
        CorsError::MissingAllowOriginHeader,
    ] {
        assert!(covers(&r, truth), "{truth}");
        no_wrong_exact(&r, truth);
    }
    assert!(errors(&r).len() <= 4, "{:?}", errors(&r).iter().map(|f| &f.id).collect::<Vec<_>>());
}

#[test]
fn a_stage_the_probes_cannot_tell_is_said_as_both() {
    // Preflight passes and the actual PUT response lacks Access-Control-Allow-Origin,
    // or a server without any CORS: every probe fails the same way.
    let p = plan("PUT", "", Credentials::Omit, false);
    let r = run(&p, |id| if id == "reach" { opaque() } else { fail() });
    let stages = r.stage_candidates();
    assert!(stages.contains(&Stage::Preflight) && stages.contains(&Stage::Response), "{stages:?}");
    assert!(errors(&r).iter().all(|f| f.certainty != Certainty::Exact));
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["stage_candidates"].as_array().unwrap().len(), 2);
    assert_eq!(json["schema"], 1);
    // A stage the probes do settle is one candidate.
    let simple = plan("GET", "", Credentials::Omit, false);
    let r = run(&simple, |id| if id == "reach" { opaque() } else { fail() });
    assert_eq!(r.stage_candidates(), vec![Stage::Response]);
    // A pass has none.
    assert!(run(&simple, |_| ok()).stage_candidates().is_empty());
}

#[test]
fn a_method_rejected_with_400_is_covered() {
    // Starlette: a preflight asking for a method it does not allow gets 400 with CORS
    // headers (PreflightInvalidStatus); the same probe outcomes as a 2xx without it.
    let p = plan("DELETE", "", Credentials::Omit, false);
    let r = run(&p, |id| match id {
        "actual" => fail(),
        "reach" => opaque(),
        _ => ok(),
    });
    for truth in [CorsError::MethodDisallowedByPreflightResponse, CorsError::PreflightInvalidStatus] {
        assert!(covers(&r, truth), "{truth}");
        no_wrong_exact(&r, truth);
    }
}

#[test]
fn no_probe_carries_credentials_the_persons_request_does_not() {
    // A credentialed probe that meets `401` + `WWW-Authenticate: Basic` can open a
    // password dialog (Firefox did): probes include credentials only for a request that
    // includes them itself.
    for credentials in [Credentials::Omit, Credentials::SameOrigin, Credentials::Include] {
        for (method, headers) in
            [("GET", ""), ("GET", "X-Api-Key: k"), ("PUT", "Authorization: Basic dTpw"), ("POST", "Content-Type: application/json")]
        {
            let p = plan(method, headers, credentials, true);
            for probe in &p.probes {
                if probe.request.credentials == Credentials::Include {
                    assert_eq!(credentials, Credentials::Include, "{method} {headers:?} {credentials:?}: {} includes credentials", probe.kind.id());
                    // A request with its own Authorization never meets a Basic challenge
                    // that a credentialed probe without it would.
                    let own_authorization = headers.starts_with("Authorization");
                    assert!(!own_authorization || probe.kind == ProbeKind::Actual, "{method} {headers:?}: {} includes credentials", probe.kind.id());
                }
            }
        }
    }
}

#[test]
fn null_origin_without_credentials_proves_trust_only_where_this_origin_is_refused() {
    let p = plan("GET", "", Credentials::Omit, false);
    assert_eq!(p.probe(&ProbeKind::NullOrigin).unwrap().request.credentials, Credentials::Omit);
    // null passes, this page's origin does not: an allow-list with null in it.
    let r = run(&p, |id| match id {
        "reach" | "null-origin" => {
            if id == "reach" {
                opaque()
            } else {
                ok()
            }
        }
        _ => fail(),
    });
    let f = r.findings.iter().find(|f| f.id == "null-origin-trusted").expect("flagged");
    assert_eq!((f.certainty, f.severity), (Certainty::Exact, corsprobe_engine::finding::Severity::Info));
    // Both pass: `*` explains it; nothing to say.
    let r = run(&p, |id| if id == "reach" { opaque() } else { ok() });
    assert!(r.findings.iter().all(|f| f.id != "null-origin-trusted"));
}

#[test]
fn rejected_header_is_only_possible_when_no_preflight_passes() {
    let p = plan("GET", "X-Api-Key: k", Credentials::Omit, false);
    let r = run(&p, |id| match id {
        "reach" => opaque(),
        "simple" | "redirect-manual" => ok(),
        _ => fail(),
    });
    assert_eq!(r.stage, Some(Stage::Preflight));
    assert!(errors(&r).iter().all(|f| f.certainty != Certainty::Exact));
    assert!(covers(&r, CorsError::HeaderDisallowedByPreflightResponse));
    assert!(covers(&r, CorsError::PreflightInvalidStatus));
    assert!(covers(&r, CorsError::PreflightMissingAllowOriginHeader));
    assert!(!covers(&r, CorsError::PreflightWildcardOriginNotAllowed), "no credentials, no credentials errors");
}

#[test]
fn method_is_likely_when_the_same_preflight_passes_with_get() {
    let p = plan("PUT", "", Credentials::Omit, false);
    let r = run(&p, |id| match id {
        "actual" => fail(),
        "reach" => opaque(),
        _ => ok(),
    });
    let f = errors(&r)[0];
    assert_eq!((f.id.as_str(), f.certainty, f.param.as_deref()), ("method-not-allowed", Certainty::Likely, Some("PUT")));
    assert_eq!(r.stage, Some(Stage::Preflight));
}

#[test]
fn lowercase_patch_is_the_param_as_sent() {
    let p = plan("patch", "", Credentials::Omit, false);
    let r = run(&p, |id| match id {
        "actual" => fail(),
        "reach" => opaque(),
        _ => ok(),
    });
    assert_eq!(errors(&r)[0].param.as_deref(), Some("patch"));
    assert!(errors(&r)[0].why.contains("does not upper-case"));
}

#[test]
fn no_cors_anywhere_points_at_the_preflight_first() {
    let p = plan("PUT", "Content-Type: application/json", Credentials::Omit, false);
    let r = run(&p, |id| if id == "reach" { opaque() } else { fail() });
    assert_eq!(r.stage, Some(Stage::Preflight));
    assert!(covers(&r, CorsError::PreflightMissingAllowOriginHeader));
    assert!(covers(&r, CorsError::MissingAllowOriginHeader), "or only the actual response lacks them");
}

#[test]
fn report_json_has_the_contract_fields() {
    let p = plan("GET", "", Credentials::Omit, false);
    let r = run(&p, |id| if id == "reach" { opaque() } else { fail() });
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    for key in ["schema", "page_origin", "request", "verdict", "stage", "findings", "probes"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["verdict"], "blocked");
    assert_eq!(v["stage"], "response");
    let f = &v["findings"][0];
    for key in ["id", "chromium", "certainty", "param", "severity"] {
        assert!(f.get(key).is_some(), "{key}");
    }
    assert_eq!(f["chromium"][0], "MissingAllowOriginHeader");
    let back: Report = serde_json::from_value(v).unwrap();
    assert_eq!(back, r);
}

#[test]
fn a_server_that_answered_is_never_unreachable() {
    let p = plan("GET", "", Credentials::Omit, false);
    let r = run(&p, |id| match id {
        "redirect-manual" => ProbeOutcome::Response { response_type: "opaqueredirect".into(), status: 0, redirected: false, elapsed_ms: 1.0 },
        _ => fail(),
    });
    assert_eq!((r.verdict, r.stage), (Verdict::Blocked, Some(Stage::Redirect)));
    assert!(covers(&r, CorsError::RedirectContainsCredentials));
    assert!(r
        .findings
        .iter()
        .all(|f| f.certainty != Certainty::Exact || f.chromium.is_empty() && f.severity != corsprobe_engine::finding::Severity::Error));
}

#[test]
fn every_probe_failing_from_a_more_public_page_is_likely_local_network_access() {
    let form = FormInput { url: "http://127.0.0.1:8081/api".into(), method: "GET".into(), ..Default::default() };
    let public = plan_probes(&validate(&form).unwrap(), "https://corsprobe.example", false);
    let r = run(&public, |_| fail());
    assert_eq!((r.verdict, r.stage), (Verdict::Blocked, Some(Stage::Network)));
    let lna = r.findings.iter().find(|f| f.id == "local-network-access").expect("local-network-access");
    assert_eq!(lna.certainty, Certainty::Likely);
    assert!(covers(&r, CorsError::InsecureLocalNetwork) && covers(&r, CorsError::LocalNetworkAccessPermissionDenied));
    assert!(!r.needs_headers, "no headers to read for a request that never left");
    // Same address space: a dead server, as before.
    let local = plan("GET", "", Credentials::SameOrigin, false);
    let r = run(&local, |_| fail());
    assert_eq!(r.verdict, Verdict::Unreachable);
    assert!(!r.findings.iter().any(|f| f.id == "local-network-access"));
}

#[test]
fn a_credentialed_pass_from_a_sandboxed_frame_means_null_is_trusted() {
    let p = plan("GET", "", Credentials::Include, false);
    let probe = p.probe(&ProbeKind::NullOrigin).expect("planned for every cors request");
    assert_eq!((probe.request.method.as_str(), probe.request.credentials), ("GET", Credentials::Include));
    assert!(!p.aliases.iter().any(|(wanted, _)| wanted == &ProbeKind::NullOrigin), "sent from the frame, never an alias");
    // The person's request passes; the server also answers null with credentials.
    let r = run(&p, |_| ok());
    assert_eq!(r.verdict, Verdict::Pass);
    let f = r.findings.iter().find(|f| f.id == "null-origin-trusted").expect("flagged");
    assert_eq!((f.certainty, f.severity), (Certainty::Exact, corsprobe_engine::finding::Severity::Warning));
    assert!(f.title.ends_with("with credentials"), "{}", f.title);
    // Refused from the frame: nothing to say (a `*` server lands here too).
    let r = run(&p, |id| if id == "null-origin" { fail() } else { ok() });
    assert!(r.findings.iter().all(|f| f.id != "null-origin-trusted"));
    // A non-safe request still sends its method once: the frame sends a GET.
    let p = plan("DELETE", "", Credentials::Include, false);
    assert_eq!(p.unsafe_sends(), 1);
    // no-cors checks nothing, so there is no null question to ask.
    let form = FormInput { url: "http://127.0.0.1:8081/x".into(), method: "GET".into(), mode: corsprobe_engine::Mode::NoCors, ..Default::default() };
    assert!(plan_probes(&validate(&form).unwrap(), ORIGIN, false).probe(&ProbeKind::NullOrigin).is_none());
}

/// `redirect: "error"` meeting a redirect whose 3xx passes CORS: Chromium fails it as a
/// network error, no CORS error (live differential test, seed 20261206 case 191). The
/// redirect-manual probe, now planned for this mode too, sees the 3xx; a link made
/// before it was planned still replays, judged without it.
#[test]
fn redirect_error_meeting_a_redirect_is_a_network_error_not_cors() {
    let form = FormInput {
        url: "http://127.0.0.1:8081/case/x".into(),
        method: "GET".into(),
        redirect: corsprobe_engine::RedirectMode::Error,
        ..Default::default()
    };
    let p = plan_probes(&validate(&form).unwrap(), ORIGIN, false);
    assert!(p.probe(&ProbeKind::RedirectManual).is_some(), "{:?}", p.probes);
    let opaque_redirect = || ProbeOutcome::Response { response_type: "opaqueredirect".into(), status: 0, redirected: false, elapsed_ms: 3.0 };
    let r = run(&p, |id| match id {
        "reach" => opaque(),
        "redirect-manual" => opaque_redirect(),
        "null-origin" | "simple" => ok(),
        _ => fail(),
    });
    assert_eq!((r.verdict, r.stage), (Verdict::Unreachable, Some(Stage::Redirect)), "{r:#?}");
    let f = &r.findings[0];
    assert_eq!((f.id.as_str(), f.certainty), ("unreachable", Certainty::Likely));
    assert!(f.why.contains("redirect: \"error\""), "{}", f.why);
    // A link from before: no redirect-manual outcome. It still replays.
    let outcomes: Vec<_> = p
        .probes
        .iter()
        .filter(|pr| pr.kind != ProbeKind::RedirectManual)
        .map(|pr| (pr.kind.clone(), if pr.kind.id() == "reach" { opaque() } else { fail() }))
        .collect();
    let evidence = corsprobe_engine::share::Evidence::of_run(ORIGIN, None, &outcomes);
    let payload = corsprobe_engine::share::SharePayload {
        v: corsprobe_engine::share::SHARE_VERSION,
        form,
        allow_repeats: false,
        evidence: Some(evidence),
        redacted: Vec::new(),
    };
    let old = corsprobe_engine::share::replay(&payload).expect("an old link still replays");
    assert_eq!(old.verdict, Verdict::Blocked);
}
