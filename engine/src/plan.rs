//! The probe plan: the small set of fetch variations whose pattern of outcomes tells
//! *why* a request was blocked.
//!
//! A blocked `fetch()` rejects with a bare `TypeError`, identical for every CORS cause
//! and for network failures. Page code never sees the reason, so each probe changes one
//! thing about the request; [`crate::diagnose`] reads the differences.
//!
//! Safety rule: only [`ProbeKind::Actual`] carries the person's method. Every other
//! probe uses `GET` (or the person's method when it is safe), so a non-safe method
//! (POST, PUT, PATCH, DELETE, custom) is sent at most once per run unless the person
//! consents to repeats.

use crate::input::{request_refusal, validate, FormInput, InputProblem, RequestRefusal, ValidRequest};
use crate::preflight_need::{preflight_need, PreflightNeed};
use crate::request::{is_safe_method, Credentials, Header, Mode, RedirectMode, RequestSpec};
use serde::{Deserialize, Serialize};

/// What a probe varies, and so what its outcome tells.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "header", rename_all = "kebab-case")]
pub enum ProbeKind {
    /// The request exactly as the person wrote it.
    Actual,
    /// `no-cors` GET: resolves (opaque) whenever the server answers at all, so it
    /// separates "unreachable" from "blocked".
    Reach,
    /// A simple GET without credentials: no preflight; tests the response-stage
    /// `Access-Control-Allow-Origin` alone.
    Simple,
    /// The simple GET with `credentials: "include"`: adds the credentials checks.
    SimpleCredentialed,
    /// The person's request without credentials (safe methods, or with consent).
    WithoutCredentials,
    /// A preflighted GET with `Content-Type: application/json`, the header servers most
    /// often allow: does *a* preflight pass at all?
    PreflightControl,
    /// GET with all of the person's CORS-unsafe headers: separates the method from the
    /// headers when the person's method is not GET.
    HeadersOnGet,
    /// GET with only this one CORS-unsafe header: finds the header a preflight rejects.
    Header(String),
    /// The simple GET with `redirect: "manual"`: resolves as `opaqueredirect` when the
    /// endpoint redirects and the redirect response itself passes CORS.
    RedirectManual,
    /// The simple GET sent from a sandboxed frame of the page, whose origin is opaque
    /// (`Origin: null`), with the person's credentials mode (see [`probe_credentials`]).
    /// With credentials it passes only when the server answers
    /// `Access-Control-Allow-Origin: null` (by name or by echoing) with
    /// `Access-Control-Allow-Credentials: true`, since `*` never passes with
    /// credentials: then any sandboxed frame or `data:` page can read the response as
    /// the user. Without credentials a pass could be a harmless `*`; it proves that the
    /// allow-list trusts `null` only where the same GET from this page's origin fails.
    NullOrigin,
}

impl ProbeKind {
    /// Stable id used in the report and the page (`data-probe`).
    pub fn id(&self) -> String {
        match self {
            ProbeKind::Actual => "actual".into(),
            ProbeKind::Reach => "reach".into(),
            ProbeKind::Simple => "simple".into(),
            ProbeKind::SimpleCredentialed => "simple-credentialed".into(),
            ProbeKind::WithoutCredentials => "without-credentials".into(),
            ProbeKind::PreflightControl => "preflight-control".into(),
            ProbeKind::HeadersOnGet => "headers-on-get".into(),
            ProbeKind::Header(h) => format!("header:{h}"),
            ProbeKind::RedirectManual => "redirect-manual".into(),
            ProbeKind::NullOrigin => "null-origin".into(),
        }
    }

    /// One line for the probe list: what this variation asks the server.
    pub fn purpose(&self) -> String {
        match self {
            ProbeKind::Actual => "Your request, exactly as written".into(),
            ProbeKind::Reach => "Does the server answer at all? (no-cors)".into(),
            ProbeKind::Simple => "Simple GET, no credentials: is this origin allowed?".into(),
            ProbeKind::SimpleCredentialed => "Simple GET with credentials: are credentials allowed?".into(),
            ProbeKind::WithoutCredentials => "Your request without credentials".into(),
            ProbeKind::PreflightControl => "Does any preflight pass? (GET + Content-Type: application/json)".into(),
            ProbeKind::HeadersOnGet => "Your headers on a GET: headers or method?".into(),
            ProbeKind::Header(h) => format!("Is the header {h} allowed?"),
            ProbeKind::RedirectManual => "Does it redirect? (redirect: manual)".into(),
            ProbeKind::NullOrigin => "From a sandboxed frame (Origin: null): is null trusted?".into(),
        }
    }
}

/// One fetch to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    pub kind: ProbeKind,
    pub request: RequestSpec,
    /// Whether the browser will send a preflight for it.
    pub preflight: bool,
}

/// A variation the plan would have liked but left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedProbe {
    pub kind: ProbeKind,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProbePlan {
    pub page_origin: String,
    pub request: RequestSpec,
    /// Whether and why the person's request is preflighted, and what the preflight asks.
    pub need: PreflightNeed,
    pub probes: Vec<Probe>,
    /// Variations answered by a probe already planned (the same fetch): `(wanted, sent)`.
    pub aliases: Vec<(ProbeKind, ProbeKind)>,
    pub skipped: Vec<SkippedProbe>,
}

impl ProbePlan {
    /// The probe that answers `kind`: its own, or the identical one sent instead.
    pub fn probe(&self, kind: &ProbeKind) -> Option<&Probe> {
        let sent = self.aliases.iter().find(|(wanted, _)| wanted == kind).map_or(kind, |(_, sent)| sent);
        self.probes.iter().find(|p| &p.kind == sent)
    }

    /// How many probes carry a non-safe method (at most one without consent).
    pub fn unsafe_sends(&self) -> usize {
        self.probes.iter().filter(|p| !is_safe_method(&p.request.method)).count()
    }
}

/// What pressing Run leads to, before any report: the probes to send, or why nothing
/// is sent. The page decides this itself (it sends the probes); the report for each case
/// is written by [`crate::diagnose::begin`] and [`crate::diagnose::diagnose`], which run
/// in the analysis worker (issue 6: the page's own download stays small).
pub enum PlannedRun {
    Probe {
        plan: ProbePlan,
        dropped: Vec<Header>,
    },
    /// The input has problems (shown at their controls); nothing is sent.
    Invalid(Vec<InputProblem>),
    /// A request the browser refuses before any traffic; nothing is sent.
    Refused {
        valid: ValidRequest,
        refusal: RequestRefusal,
    },
}

/// The one place that decides whether and what a run sends, for the live page and for
/// replays alike: the same form, origin and consent always give the same plan.
pub fn plan_run(form: &FormInput, page_origin: &str, allow_unsafe_repeats: bool) -> PlannedRun {
    let valid = match validate(form) {
        Ok(valid) => valid,
        Err(problems) => return PlannedRun::Invalid(problems),
    };
    if let Some(refusal) = request_refusal(&valid, page_origin) {
        return PlannedRun::Refused { valid, refusal };
    }
    let plan = plan_probes(&valid, page_origin, allow_unsafe_repeats);
    PlannedRun::Probe { plan, dropped: valid.dropped_headers }
}

/// Plans the probes for a valid request. `allow_unsafe_repeats` is the person's explicit
/// consent to send a non-safe method more than once.
pub fn plan_probes(valid: &ValidRequest, page_origin: &str, allow_unsafe_repeats: bool) -> ProbePlan {
    let request = valid.spec.clone();
    let need = preflight_need(&request);
    let mut plan = ProbePlan {
        page_origin: page_origin.to_string(),
        request: request.clone(),
        need: need.clone(),
        probes: Vec::new(),
        aliases: Vec::new(),
        skipped: Vec::new(),
    };
    push(&mut plan, ProbeKind::Actual, request.clone());

    let get = |headers: Vec<Header>, credentials: Credentials| RequestSpec {
        url: request.url.clone(),
        method: "GET".into(),
        headers,
        body: None,
        mode: Mode::Cors,
        credentials,
        redirect: RedirectMode::Follow,
    };
    push(&mut plan, ProbeKind::Reach, RequestSpec { mode: Mode::NoCors, ..get(vec![], Credentials::Omit) });
    if request.mode != Mode::Cors {
        // no-cors never checks CORS; same-origin is refused before any traffic.
        return plan;
    }

    push(&mut plan, ProbeKind::Simple, get(vec![], Credentials::Omit));
    let include = request.credentials == Credentials::Include;
    if probe_credentials(&request) == Credentials::Include {
        push(&mut plan, ProbeKind::SimpleCredentialed, get(vec![], Credentials::Include));
    } else if include {
        plan.skipped.push(SkippedProbe {
            kind: ProbeKind::SimpleCredentialed,
            reason: "Your request sends its own Authorization: a credentialed GET without it could meet the server's password challenge and make the browser ask you.".into(),
        });
    }
    if include {
        let without = RequestSpec { credentials: Credentials::Omit, ..request.clone() };
        if is_safe_method(&request.method) || allow_unsafe_repeats {
            push(&mut plan, ProbeKind::WithoutCredentials, without);
        } else {
            plan.skipped.push(SkippedProbe {
                kind: ProbeKind::WithoutCredentials,
                reason: format!("It would send {} a second time; tick “allow repeats” to include it.", request.method),
            });
        }
    }
    // Policy audit, live: does the server trust `null`? (Fetch §3.2.5: a sandboxed
    // document's origin is opaque and serializes as "null".)
    push(&mut plan, ProbeKind::NullOrigin, get(vec![], probe_credentials(&request)));
    // Follow: does the endpoint redirect, and does the redirect itself pass CORS? Error:
    // a redirect whose 3xx passes CORS fails the request as a network error, which only
    // this probe can see (found by the live differential test).
    if matches!(request.redirect, RedirectMode::Follow | RedirectMode::Error) {
        push(&mut plan, ProbeKind::RedirectManual, RequestSpec { redirect: RedirectMode::Manual, ..get(vec![], Credentials::Omit) });
    }

    if need.required {
        let credentials = probe_credentials(&request);
        push(&mut plan, ProbeKind::PreflightControl, get(vec![Header::new("Content-Type", "application/json")], credentials));
        // The person's CORS-unsafe headers, with the values they typed (the preflight
        // carries only the names; the actual GET carries the values).
        let unsafe_headers: Vec<Header> = request.headers.iter().filter(|h| need.headers.contains(&h.name.to_ascii_lowercase())).cloned().collect();
        if !unsafe_headers.is_empty() {
            push(&mut plan, ProbeKind::HeadersOnGet, get(unsafe_headers.clone(), credentials));
            // With one header on a GET these are the request itself: `push` records the
            // alias instead of sending it again.
            for name in &need.headers {
                let one: Vec<Header> = unsafe_headers.iter().filter(|h| h.name.eq_ignore_ascii_case(name)).cloned().collect();
                if !one.is_empty() {
                    push(&mut plan, ProbeKind::Header(name.clone()), get(one, credentials));
                }
            }
        }
    }
    plan
}

/// The credentials mode of the probes: `include` when the person's request includes
/// credentials and carries no `Authorization` of its own, else `omit`.
///
/// Why: a probe must never make the browser ask the person anything. A `401` with
/// `WWW-Authenticate: Basic` opened a password dialog in Firefox (the user study).
/// Measured (`harness/tests/auth_prompts.rs`, Chromium 156 and Firefox 153): every fetch
/// that includes credentials meets the challenge (CDP `Fetch.authRequired`, BiDi
/// `network.authRequired`), `cors` or `no-cors`, from the page or, in Firefox, from the
/// sandboxed null-origin frame; no fetch without credentials does, as Fetch §4.5
/// (HTTP-network-or-cache fetch, its 401 step: only when credentials are included) says.
/// The person's own credentialed request may meet the same challenge: that is their
/// request, sent as they wrote it. A request that sends its own `Authorization` never
/// meets it, while a probe without that header would; so then no probe includes
/// credentials (the credentials questions stay open, and the report says so).
pub fn probe_credentials(request: &RequestSpec) -> Credentials {
    let own_authorization = request.headers.iter().any(|h| h.name.eq_ignore_ascii_case("authorization"));
    if request.credentials == Credentials::Include && !own_authorization {
        Credentials::Include
    } else {
        Credentials::Omit
    }
}

/// Adds a probe unless an identical request is already planned (the same fetch twice
/// tells nothing new and costs a round trip).
fn push(plan: &mut ProbePlan, kind: ProbeKind, request: RequestSpec) {
    // The null-origin probe is sent from another document, so it is never the same fetch.
    let from_null = kind == ProbeKind::NullOrigin;
    if let Some(same) = plan.probes.iter().find(|p| p.request == request && (p.kind == ProbeKind::NullOrigin) == from_null) {
        let sent = same.kind.clone();
        plan.aliases.push((kind, sent));
        return;
    }
    let preflight = preflight_need(&request).required;
    plan.probes.push(Probe { kind, request, preflight });
}
