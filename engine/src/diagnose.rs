//! From the pattern of probe outcomes to a verdict, a stage and findings.
//!
//! Certainty rules (the product must never claim more than it knows):
//! - `exact`: proven by what the browser did. Pass, unreachable and the refusals before
//!   any traffic are exact. A rejected header is exact when a preflighted GET with
//!   another header (or the control header) passes while the GET with that one header
//!   fails: the preflight works, and only that header differs. (This assumes the
//!   server's CORS headers do not depend on the *value* of the header under test.)
//! - `likely`: the outcomes narrow it to one finding (which may be a group of Chromium
//!   errors), and the alternatives need unusual servers.
//! - `possible`: consistent with the outcomes, not favoured by them.

use crate::curl::curl_commands;
use crate::explain::{finding, Context};
use crate::finding::{Certainty, Finding, FindingKind};
use crate::input::{InputProblem, RequestRefusal, ValidRequest};
use crate::plan::{PlannedRun, ProbeKind, ProbePlan};
use crate::preflight_need::{preflight_need, PreflightReason};
use crate::report::{PreflightSummary, ProbeOutcome, ProbeRecord, Report, Verdict, SCHEMA};
use crate::request::{Credentials, Header, Mode, RedirectMode, RequestSpec};
use crate::{CorsError, Stage};

/// The outcomes of a plan's probes, by kind.
pub struct Outcomes<'a> {
    plan: &'a ProbePlan,
    outcomes: &'a [(ProbeKind, ProbeOutcome)],
}

impl<'a> Outcomes<'a> {
    pub fn new(plan: &'a ProbePlan, outcomes: &'a [(ProbeKind, ProbeOutcome)]) -> Self {
        Outcomes { plan, outcomes }
    }

    /// The outcome of the probe that answers `kind` (itself or its identical twin).
    pub fn get(&self, kind: &ProbeKind) -> Option<&'a ProbeOutcome> {
        let sent = &self.plan.probe(kind)?.kind;
        self.outcomes.iter().find(|(k, _)| k == sent).map(|(_, o)| o)
    }

    pub fn passed(&self, kind: &ProbeKind) -> Option<bool> {
        self.get(kind).and_then(ProbeOutcome::passed)
    }
}

/// Diagnoses a finished run.
pub fn diagnose(plan: &ProbePlan, outcomes: &[(ProbeKind, ProbeOutcome)], dropped_headers: &[Header]) -> Report {
    let o = Outcomes::new(plan, outcomes);
    let ctx = Context { page_origin: &plan.page_origin, request: &plan.request, need: &plan.need };
    let mut findings: Vec<Finding> =
        dropped_headers.iter().map(|h| finding(FindingKind::ForbiddenHeaderDropped, Certainty::Exact, Some(h.name.clone()), &ctx, vec![])).collect();
    let (verdict, stage, mut diagnosis) = infer(&o, &ctx);
    findings.append(&mut diagnosis);
    findings.extend(crate::causes::live_findings(&ctx, verdict == Verdict::Pass));
    // The policy audit's one live question: a credentialed GET from a sandboxed frame
    // (`Origin: null`) can only pass when the server trusts `null` with credentials.
    if let Some(f) = null_origin_trusted(&o, &ctx) {
        findings.push(f);
    }
    if plan.need.required && plan.request.mode == Mode::Cors {
        findings.push(finding(FindingKind::PreflightRequired, Certainty::Exact, None, &ctx, vec![]));
    }
    // Headers settle a server-side cause; a block before the request left (local network
    // access) has no headers to read.
    // The settle step (the console line, curl's output): where the probes leave a group,
    // a blocked request's or an unanswered one's that CORS may still explain.
    let needs_headers = (verdict == Verdict::Blocked
        && stage != Some(Stage::Network)
        && !findings.iter().any(|f| f.certainty == Certainty::Exact && f.stage.is_some()))
        || (verdict == Verdict::Unreachable && findings.iter().any(|f| !f.chromium.is_empty() && f.certainty != Certainty::Exact));
    Report {
        schema: SCHEMA,
        page_origin: plan.page_origin.clone(),
        browser: None,
        request: plan.request.clone(),
        verdict,
        stage,
        findings,
        probes: records(plan, outcomes),
        preflight: Some(summary(&ctx)),
        needs_headers,
        curl: if plan.request.mode == Mode::Cors { curl_commands(&plan.request, &plan.need, &plan.page_origin) } else { vec![] },
        source: None,
        other_stages: Vec::new(),
    }
}

/// The live answer to "does the server trust `null`?", when the null-origin probe proves
/// it. The probe carries the person's credentials mode ([`crate::plan::probe_credentials`]).
fn null_origin_trusted(o: &Outcomes, ctx: &Context) -> Option<Finding> {
    let probe = o.plan.probe(&ProbeKind::NullOrigin)?;
    if o.passed(&ProbeKind::NullOrigin) != Some(true) {
        return None;
    }
    let credentialed = probe.request.credentials == Credentials::Include;
    let mut evidence = evidence(o, &[ProbeKind::NullOrigin, ProbeKind::Simple]);
    if credentialed {
        evidence.push(
            "A credentialed request passes only with Access-Control-Allow-Origin: null (never *) and Access-Control-Allow-Credentials: true.".into(),
        );
    } else if o.passed(&ProbeKind::Simple) == Some(false) {
        // Without credentials, `*` would let both pass: the page's origin failing while
        // `null` passes leaves only an allow-list (or an echo) that takes `null`.
        evidence.push(
            "The same GET from this page's origin is refused, so the server does not answer * to everyone: it lets null in by name or by echoing it."
                .into(),
        );
    } else {
        return None;
    }
    let mut f = finding(FindingKind::NullOriginTrusted, Certainty::Exact, Some("null".into()), ctx, evidence);
    if credentialed {
        f.raise_for_credentials();
    }
    Some(f)
}

pub(crate) fn summary(ctx: &Context) -> PreflightSummary {
    PreflightSummary {
        required: ctx.need.required,
        request_method: ctx.need.method.clone(),
        request_headers: ctx.need.headers.clone(),
        reasons: ctx.preflight_reasons(),
    }
}

fn records(plan: &ProbePlan, outcomes: &[(ProbeKind, ProbeOutcome)]) -> Vec<ProbeRecord> {
    plan.probes
        .iter()
        .map(|p| ProbeRecord {
            id: p.kind.id(),
            purpose: p.kind.purpose(),
            method: p.request.method.clone(),
            mode: p.request.mode,
            credentials: p.request.credentials,
            redirect: p.request.redirect,
            headers: p.request.headers.iter().map(|h| h.name.clone()).collect(),
            preflight: p.preflight,
            outcome: outcomes.iter().find(|(k, _)| k == &p.kind).map(|(_, o)| o.clone()).unwrap_or(ProbeOutcome::Cancelled),
        })
        .collect()
}

type Inference = (Verdict, Option<Stage>, Vec<Finding>);

fn infer(o: &Outcomes, ctx: &Context) -> Inference {
    let f = |kind, certainty, param: Option<String>, evidence: Vec<String>| finding(kind, certainty, param, ctx, evidence);
    let actual = o.get(&ProbeKind::Actual);
    match actual {
        Some(ProbeOutcome::Response { response_type, .. }) => {
            let kind = if response_type == "opaque" { FindingKind::OpaqueResponse } else { FindingKind::CorsOk };
            return (Verdict::Pass, None, vec![f(kind, Certainty::Exact, None, vec!["Your request resolved.".into()])]);
        }
        Some(ProbeOutcome::Threw { message }) => {
            return (
                Verdict::InvalidInput,
                Some(Stage::Input),
                vec![f(FindingKind::RequestRejected, Certainty::Exact, Some(message.clone()), vec![])],
            );
        }
        Some(ProbeOutcome::Timeout { .. }) => {
            return (
                Verdict::Unreachable,
                Some(Stage::Network),
                vec![f(FindingKind::Timeout, Certainty::Exact, None, vec!["Your request hit the time limit.".into()])],
            );
        }
        Some(ProbeOutcome::Failed { .. }) => {}
        Some(ProbeOutcome::Cancelled) | None => return (Verdict::Unreachable, None, vec![]),
    }
    // Any probe that got an HTTP answer proves the server is reachable.
    let server_answered = o.outcomes.iter().any(|(_, out)| matches!(out, ProbeOutcome::Response { .. }));
    match o.passed(&ProbeKind::Reach) {
        Some(false) if server_answered => {
            // The no-cors GET follows redirects and failed, yet another probe got an
            // answer (typically `redirect: "manual"` saw a redirect that passes CORS): the
            // redirect chain breaks even without CORS. Chromium refuses redirects to URLs
            // with credentials in every mode, so that is the likely cause.
            let ev = evidence(o, &[ProbeKind::Reach, ProbeKind::RedirectManual, ProbeKind::Actual]);
            if ctx.request.mode == Mode::Cors && ctx.need.required {
                // A preflighted request meets its preflight before any redirect: the
                // OPTIONS answer may fail first (found by the live differential test: a
                // 403 preflight without CORS headers in front of a redirect to
                // user:password@, which Chromium reports as the preflight's error). So the
                // preflight's candidates lead, the broken redirect after them.
                let (stage, mut out) = infer_preflighted(o, ctx);
                out.push(f(FindingKind::RedirectContainsCredentials, Certainty::Possible, None, ev.clone()));
                out.push(f(FindingKind::Unreachable, Certainty::Possible, None, ev));
                return (Verdict::Blocked, Some(stage), out);
            }
            return (
                Verdict::Blocked,
                Some(Stage::Redirect),
                vec![
                    f(FindingKind::RedirectContainsCredentials, Certainty::Likely, None, ev.clone()),
                    f(FindingKind::Unreachable, Certainty::Possible, None, ev),
                ],
            );
        }
        Some(false) if crate::browsers::reaches_local_network(ctx.page_origin, &ctx.request.url) => {
            // Every probe failed before an answer, and the page is more public than the
            // target: Chromium's Local Network Access rules stop such requests before they
            // leave (measured: `InsecureLocalNetwork` from a public http page to loopback).
            // A dead server looks the same from here, hence `likely`.
            let ev = vec![
                "Your request failed, and so did a no-cors GET, which never fails on CORS.".into(),
                format!("This page ({}) is in a more public address space than the endpoint.", ctx.page_origin),
            ];
            return (
                Verdict::Blocked,
                Some(Stage::Network),
                vec![
                    f(FindingKind::LocalNetworkAccess, Certainty::Likely, None, ev.clone()),
                    f(FindingKind::Unreachable, Certainty::Possible, None, ev),
                ],
            );
        }
        Some(false) => {
            // Likely, not exact: the no-cors GET follows redirects, so a server that
            // answers with a redirect whose chain breaks (a `Location` to ftp:, to a
            // dead port, to user:password@) fails it just as a dead server does, while
            // the cors probes already fail on that redirect's own CORS headers. Page code
            // sees no answer either way (found by the live differential test: a 308 with
            // an invalid Access-Control-Allow-Origin and a Location to ftp:, which
            // Chromium blocks as InvalidAllowOriginValue at the redirect).
            let ev: Vec<String> = vec![
                "Your request failed, and so did a no-cors GET, which never fails on CORS.".into(),
                "No probe got any answer. (A redirect to a URL that cannot be fetched, such as an ftp: address, fails the same way.)".into(),
            ];
            let mut out = vec![f(FindingKind::Unreachable, Certainty::Likely, None, ev.clone())];
            // Behind such a redirect, the CORS check in front of it (the preflight, the
            // 3xx's own headers) fails first, and that is what the browser reports: the
            // live differential test found it 10 times in 500 cases. Page code cannot tell
            // it from a dead server, so those groups stay possible; the console settles it.
            if ctx.request.mode == Mode::Cors {
                let why = "Or the server answered with a redirect that cannot be followed, and a CORS check before it failed: page code cannot tell that from no answer.";
                let ev: Vec<String> = ev.iter().cloned().chain([why.to_string()]).collect();
                if ctx.need.required {
                    out.push(f(FindingKind::PreflightRejected, Certainty::Possible, None, ev.clone()));
                }
                out.push(f(FindingKind::AllowOriginRejected, Certainty::Possible, None, ev));
            }
            return (Verdict::Unreachable, Some(Stage::Network), out);
        }
        None if matches!(o.get(&ProbeKind::Reach), Some(ProbeOutcome::Timeout { .. })) => {
            return (
                Verdict::Unreachable,
                Some(Stage::Network),
                vec![f(FindingKind::Timeout, Certainty::Likely, None, vec!["The no-cors reachability probe timed out.".into()])],
            );
        }
        _ => {}
    }
    if ctx.request.mode != Mode::Cors {
        // A no-cors request never fails on CORS; the server answered a no-cors GET.
        return (
            Verdict::Unreachable,
            Some(Stage::Network),
            vec![f(
                FindingKind::Unreachable,
                Certainty::Possible,
                None,
                vec!["A no-cors GET reached the server, but your no-cors request failed: the connection broke for this method or body.".into()],
            )],
        );
    }
    // `redirect: "error"`: Chromium fails a redirect as a network error once its 3xx has
    // passed CORS (check/redirect.rs). The redirect-manual probe gets exactly that 3xx
    // (`opaqueredirect`), so the request most likely failed on the redirect itself, not
    // on CORS (found by the live differential test, seed 20261206 case 191: Chromium gave
    // a network error where the report named the Allow-Origin group). Likely, not exact:
    // the server may redirect the person's request (its credentials, its headers) and
    // not the probe, or the other way round.
    if ctx.request.redirect == RedirectMode::Error && redirect_hop_passes(o) {
        let ev = evidence(o, &[ProbeKind::Actual, ProbeKind::RedirectManual]);
        let failure =
            |certainty| f(FindingKind::Unreachable, certainty, Some("redirect: \"error\" and the response is a redirect".into()), ev.clone());
        if ctx.need.required {
            // The preflight comes before any redirect, and may fail first.
            let (stage, mut out) = infer_preflighted(o, ctx);
            out.push(failure(Certainty::Possible));
            return (Verdict::Blocked, Some(stage), out);
        }
        return (Verdict::Unreachable, Some(Stage::Redirect), vec![failure(Certainty::Likely)]);
    }
    let (stage, findings) = if ctx.need.required { infer_preflighted(o, ctx) } else { infer_simple(o, ctx) };
    (Verdict::Blocked, Some(stage), findings)
}

/// The redirect-manual probe resolved as `opaqueredirect`: the endpoint redirects, and
/// the 3xx itself passes CORS.
fn redirect_hop_passes(o: &Outcomes) -> bool {
    matches!(
        o.get(&ProbeKind::RedirectManual),
        Some(ProbeOutcome::Response { response_type, .. }) if response_type == "opaqueredirect"
    )
}

fn evidence(o: &Outcomes, kinds: &[ProbeKind]) -> Vec<String> {
    kinds
        .iter()
        .filter_map(|k| {
            let outcome = o.get(k)?;
            Some(format!("{}: {}", k.purpose(), outcome.label()))
        })
        .collect()
}

/// A request without preflight: only the response checks (and redirects) can fail.
fn infer_simple(o: &Outcomes, ctx: &Context) -> (Stage, Vec<Finding>) {
    let include = ctx.request.credentials == Credentials::Include;
    let simple = o.passed(&ProbeKind::Simple);
    let redirect_hop_passes = redirect_hop_passes(o);
    let mut ev_kinds = vec![ProbeKind::Actual, ProbeKind::Simple];
    if include {
        ev_kinds.push(ProbeKind::SimpleCredentialed);
        ev_kinds.push(ProbeKind::WithoutCredentials);
    }
    if include && simple == Some(true) && o.passed(&ProbeKind::WithoutCredentials) != Some(false) {
        let ev = evidence(o, &ev_kinds);
        return (Stage::Response, vec![finding(FindingKind::CredentialsRejected, Certainty::Likely, None, ctx, ev)]);
    }
    if redirect_hop_passes {
        ev_kinds.push(ProbeKind::RedirectManual);
        let ev = evidence(o, &ev_kinds);
        return (Stage::Response, vec![finding(FindingKind::RedirectTargetRejected, Certainty::Likely, None, ctx, ev)]);
    }
    let ev = evidence(o, &ev_kinds);
    (Stage::Response, vec![finding(FindingKind::AllowOriginRejected, Certainty::Likely, None, ctx, ev)])
}

/// A preflighted request: the preflight, the method, a header, or the actual response.
///
/// Chromium checks a preflight response in this order (services/network/cors/
/// preflight_controller.cc, `CheckPreflightAccess` then `CheckPreflightResult`): the
/// origin and credentials headers, then the status, then the method
/// (`PreflightResult::EnsureAllowedCrossOriginMethod`), then the headers
/// (`EnsureAllowedCrossOriginHeaders`, first rejected name in sorted order). Page code sees
/// none of it, so every method or header the probes leave in doubt stays a candidate.
fn infer_preflighted(o: &Outcomes, ctx: &Context) -> (Stage, Vec<Finding>) {
    let include = ctx.request.credentials == Credentials::Include;
    let simple = o.passed(&ProbeKind::Simple);
    let control = o.passed(&ProbeKind::PreflightControl);
    let headers_on_get = o.passed(&ProbeKind::HeadersOnGet);
    let header_results: Vec<(String, Option<bool>)> = ctx.need.headers.iter().map(|h| (h.clone(), o.passed(&ProbeKind::Header(h.clone())))).collect();
    let method_reason = ctx.need.reasons.iter().any(|r| matches!(r, PreflightReason::Method(_)));
    let mut ev_kinds = vec![ProbeKind::Actual, ProbeKind::Simple, ProbeKind::PreflightControl];
    if !ctx.need.headers.is_empty() {
        ev_kinds.push(ProbeKind::HeadersOnGet);
        ev_kinds.extend(ctx.need.headers.iter().map(|h| ProbeKind::Header(h.clone())));
    }
    if include {
        ev_kinds.push(ProbeKind::SimpleCredentialed);
    }
    ev_kinds.dedup();
    let ev = evidence(o, &ev_kinds);
    let method = || Some(ctx.need.method.clone());
    let mut out = Vec::new();

    // Which preflighted GETs passed: if any did, the preflight machinery (status, origin,
    // credentials, list syntax) works for this origin and the difference is the header
    // or the method.
    let preflight_works = control == Some(true) || headers_on_get == Some(true) || header_results.iter().any(|(_, r)| *r == Some(true));
    let rejected: Vec<&String> = header_results.iter().filter(|(_, r)| *r == Some(false)).map(|(h, _)| h).collect();
    let headers_pass = ctx.need.headers.is_empty() || headers_on_get == Some(true);

    if simple == Some(false) && !preflight_works {
        // Even a simple GET without credentials is blocked: this origin gets no valid CORS
        // answer at all. Chromium reports the preflight (it comes first) unless the
        // server answers OPTIONS correctly and only the actual response lacks headers —
        // which page code cannot tell apart. A GET the endpoint does not serve (405
        // without CORS headers) fails the same way while its preflight works, so the
        // method and the first header stay candidates too.
        out.push(finding(FindingKind::PreflightRejected, Certainty::Likely, None, ctx, ev.clone()));
        out.push(finding(FindingKind::AllowOriginRejected, Certainty::Likely, None, ctx, ev.clone()));
        push_untested(&mut out, ctx, method_reason, &ev);
        return (Stage::Preflight, out);
    }

    if preflight_works && !rejected.is_empty() {
        // Proven: the preflight for this header fails where another passes. How the
        // server says no decides Chromium's error; the first rejected name in
        // Access-Control-Request-Headers order (lowercased, sorted) is the one it names.
        let header = rejected[0].clone();
        let proven = format!("The server's preflight rejects the request header {header}: a preflighted GET passes without it and fails with it.");
        out.push(live_rejection(FindingKind::HeaderNotAllowed, Some(header), proven, ctx, ev.clone()));
        if method_reason {
            // Chromium checks the method before the headers; the method itself is never
            // probed (it is sent once, by your request), so it may be the one named.
            out.push(live_rejection_candidate(FindingKind::MethodNotAllowed, method(), Certainty::Possible, ctx, ev));
        }
        return (Stage::Preflight, out);
    }
    if method_reason && preflight_works && headers_pass {
        // The same preflight with GET passes; only the method differs. The method itself
        // cannot be probed without sending it, and its response might lack CORS headers.
        out.push(live_rejection_candidate(FindingKind::MethodNotAllowed, method(), Certainty::Likely, ctx, ev.clone()));
        out.push(finding(FindingKind::ErrorWithoutCors, Certainty::Possible, None, ctx, ev));
        return (Stage::Preflight, out);
    }
    if include && simple == Some(true) && o.passed(&ProbeKind::SimpleCredentialed) == Some(false) {
        // Credentials are refused on the simple GET too: the preflight (which is checked
        // with the request's credentials mode) most likely refuses them as well. But the
        // GET's refusal is the actual response's: a preflight that accepts credentials
        // and then rejects the method or a header fails every preflighted probe the same
        // way (found by the live differential test: `Access-Control-Allow-Headers:
        // X-Custom-Header, *` with credentials, where `*` is a literal name), so the
        // untested method and header stay candidates.
        out.push(finding(FindingKind::PreflightRejected, Certainty::Likely, None, ctx, ev.clone()));
        out.push(finding(FindingKind::CredentialsRejected, Certainty::Possible, None, ctx, ev.clone()));
        push_untested(&mut out, ctx, method_reason, &ev);
        return (Stage::Preflight, out);
    }
    if preflight_works && headers_pass && !method_reason {
        // Every preflighted GET the probes sent passed, yet the request failed: with no
        // method to blame, the actual response is the likely culprit.
        out.push(finding(FindingKind::AllowOriginRejected, Certainty::Likely, None, ctx, ev.clone()));
        out.push(finding(FindingKind::PreflightRejected, Certainty::Possible, None, ctx, ev));
        return (Stage::Response, out);
    }
    // Every preflighted variant failed while the simple GET passed: the preflight itself
    // fails, or it rejects everything asked of it.
    out.push(finding(FindingKind::PreflightRejected, Certainty::Likely, None, ctx, ev.clone()));
    push_untested(&mut out, ctx, method_reason, &ev);
    (Stage::Preflight, out)
}

/// The method and the first unsafe header as `possible` candidates: nothing the probes
/// did rules them out.
fn push_untested(out: &mut Vec<Finding>, ctx: &Context, method_reason: bool, ev: &[String]) {
    if method_reason {
        let m = Some(ctx.need.method.clone());
        out.push(live_rejection_candidate(FindingKind::MethodNotAllowed, m, Certainty::Possible, ctx, ev.to_vec()));
    }
    if let Some(first) = ctx.need.headers.first() {
        let h = Some(first.clone());
        out.push(live_rejection_candidate(FindingKind::HeaderNotAllowed, h, Certainty::Possible, ctx, ev.to_vec()));
    }
}

/// Every Chromium error a preflight that rejects one method or header can end in. Servers
/// say no in three ways: a 2xx without the name in the allow list (the method or header
/// error), an error status with CORS headers (Starlette answers `400`:
/// `PreflightInvalidStatus`), or no CORS headers at all (Go's rs/cors:
/// `PreflightMissingAllowOriginHeader`, the origin being checked before the status).
fn rejection_errors(kind: FindingKind) -> Vec<CorsError> {
    let mut errors = kind.chromium().to_vec();
    errors.extend([CorsError::PreflightInvalidStatus, CorsError::PreflightMissingAllowOriginHeader]);
    errors
}

/// A method or header the probes prove the server rejects: the name is proven (said in
/// `proven`), the browser's error is not, so the finding is `likely` and lists them all.
fn live_rejection(kind: FindingKind, param: Option<String>, proven: String, ctx: &Context, ev: Vec<String>) -> Finding {
    let mut f = live_rejection_candidate(kind, param, Certainty::Likely, ctx, ev);
    f.proven = Some(proven);
    f
}

/// A method or header the server may reject, with every error that can follow.
fn live_rejection_candidate(kind: FindingKind, param: Option<String>, certainty: Certainty, ctx: &Context, ev: Vec<String>) -> Finding {
    let mut f = finding(kind, certainty, param, ctx, ev);
    f.chromium = rejection_errors(kind);
    f.why.push_str(" Some servers refuse it with an error status instead (Starlette answers 400: the browser then reports PreflightInvalidStatus) or without any CORS headers (PreflightMissingAllowOriginHeader); the fix is the same.");
    f
}

/// The report for a form with input problems: nothing was sent.
pub fn report_for_input(page_origin: &str, request: RequestSpec, problems: &[InputProblem]) -> Report {
    let need = preflight_need(&request);
    let ctx = Context { page_origin, request: &request, need: &need };
    let findings = problems
        .iter()
        .map(|p| {
            let kind = FindingKind::from_id(p.id).unwrap_or(FindingKind::RequestRejected);
            finding(kind, Certainty::Exact, Some(p.message.clone()), &ctx, vec![format!("field: {}", p.field.name())])
        })
        .collect();
    Report {
        schema: SCHEMA,
        page_origin: page_origin.to_string(),
        browser: None,
        request: request.clone(),
        verdict: Verdict::InvalidInput,
        stage: Some(Stage::Input),
        findings,
        probes: vec![],
        preflight: None,
        needs_headers: false,
        curl: vec![],
        source: None,
        other_stages: Vec::new(),
    }
}

/// The report for a request the browser refuses before any traffic.
pub fn report_for_refusal(page_origin: &str, valid: &ValidRequest, refusal: &RequestRefusal) -> Report {
    let need = preflight_need(&valid.spec);
    let ctx = Context { page_origin, request: &valid.spec, need: &need };
    let kind = match refusal {
        RequestRefusal::SameOriginMode => FindingKind::DisallowedByMode,
        RequestRefusal::NoCorsRedirect => FindingKind::NoCorsRedirectMode,
        RequestRefusal::MixedContent => FindingKind::MixedContent,
    };
    let mut findings: Vec<Finding> = valid
        .dropped_headers
        .iter()
        .map(|h| finding(FindingKind::ForbiddenHeaderDropped, Certainty::Exact, Some(h.name.clone()), &ctx, vec![]))
        .collect();
    findings.push(finding(kind, Certainty::Exact, None, &ctx, vec!["Decided from the request and this page's origin; nothing was sent.".into()]));
    Report {
        schema: SCHEMA,
        page_origin: page_origin.to_string(),
        browser: None,
        request: valid.spec.clone(),
        verdict: Verdict::Blocked,
        stage: Some(Stage::Input),
        findings,
        probes: vec![],
        preflight: Some(summary(&ctx)),
        needs_headers: false,
        curl: vec![],
        source: None,
        other_stages: Vec::new(),
    }
}

/// What pressing Run leads to: a report decided before any traffic (bad input, a
/// request the browser refuses), or a plan of probes to send.
pub enum Begin {
    /// Nothing to send; `problems` is non-empty for input errors (shown at the controls).
    Decided {
        report: Report,
        problems: Vec<InputProblem>,
    },
    Probe {
        plan: ProbePlan,
        dropped: Vec<Header>,
    },
}

/// The start of every run, live or replayed from a share link: the same form, origin
/// and consent always lead to the same plan (so saved outcomes replay to the same report).
pub fn begin(form: &crate::input::FormInput, page_origin: &str, allow_unsafe_repeats: bool) -> Begin {
    match crate::plan::plan_run(form, page_origin, allow_unsafe_repeats) {
        PlannedRun::Probe { plan, dropped } => Begin::Probe { plan, dropped },
        PlannedRun::Invalid(problems) => {
            let request = RequestSpec { url: form.url.clone(), method: form.method.clone(), ..Default::default() };
            Begin::Decided { report: report_for_input(page_origin, request, &problems), problems }
        }
        PlannedRun::Refused { valid, refusal } => Begin::Decided { report: report_for_refusal(page_origin, &valid, &refusal), problems: vec![] },
    }
}
