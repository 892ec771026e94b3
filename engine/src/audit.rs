//! The policy audit: CORS configurations that work today but are dangerous or wasteful.
//!
//! A passing request can still come from a server that echoes any origin, trusts
//! `null`, forgets `Vary: Origin`, or asks for a preflight cache no browser honours.
//! [`audit`] reads every response the server gave — to the person's origin and, when
//! known, to other origins (the foreign origin corsprobe's curl commands send, or other
//! `Origin`s in a `curl -v` paste) — and returns findings of severity `info`, raised to
//! `warning` when the server also allows credentials (then another site can act as the
//! logged-in user).

use crate::check::allow_credentials::AllowCredentials;
use crate::check::max_age::{MaxAge, CHROMIUM_CAP_SECONDS};
use crate::explain::{finding, Context};
use crate::finding::{Certainty, Finding, FindingKind, Severity};
use crate::headers::HttpResponse;
use crate::preflight_need::preflight_need;
use crate::request::RequestSpec;
use crate::url::{is_loopback_host, Url};

/// The origin corsprobe's curl commands use to ask whether a server reflects any origin.
pub const FOREIGN_ORIGIN: &str = "https://evil.example";

/// One response the server sent to a request carrying `origin`.
#[derive(Debug, Clone, Copy)]
pub struct AuditSample<'a> {
    pub origin: &'a str,
    /// Whether it answered a preflight (the lists and Max-Age live there).
    pub preflight: bool,
    pub response: &'a HttpResponse,
}

/// Policy findings over everything the server said.
pub fn audit(target_url: &str, request: &RequestSpec, samples: &[AuditSample]) -> Vec<Finding> {
    let need = preflight_need(request);
    let credentials_allowed = samples
        .iter()
        .any(|s| AllowCredentials::from_headers(&s.response.headers).is_ok());
    let mut out: Vec<Finding> = Vec::new();
    let mut push = |kind: FindingKind, param: String, origin: &str, evidence: String| {
        if out.iter().any(|f| f.id == kind.id()) {
            return;
        }
        let ctx = Context { page_origin: origin, request, need: &need };
        let mut f = finding(kind, Certainty::Exact, Some(param), &ctx, vec![evidence]);
        if credentials_allowed && matches!(kind, FindingKind::OriginReflected | FindingKind::NullOriginTrusted | FindingKind::HttpOriginTrusted) {
            f.severity = Severity::Warning;
            f.title = format!("{} — with credentials", f.title);
        }
        out.push(f);
    };
    let https_api = Url::parse(target_url).is_ok_and(|u| u.scheme == "https");
    for s in samples {
        let acao = s.response.headers.get("access-control-allow-origin").unwrap_or_default();
        // Any origin reflected: a foreign origin (one the person did not configure) is
        // allowed by name.
        if s.origin == FOREIGN_ORIGIN && acao == s.origin {
            push(FindingKind::OriginReflected, s.origin.to_string(), s.origin, format!("Asked with Origin: {}, the server answered Access-Control-Allow-Origin: {acao}.", s.origin));
        }
        if acao.eq_ignore_ascii_case("null") {
            push(FindingKind::NullOriginTrusted, "null".into(), s.origin, "The server answered Access-Control-Allow-Origin: null.".into());
        }
        if https_api {
            if let Ok(u) = Url::parse(&acao) {
                if u.scheme == "http" && !is_loopback_host(&u.host) {
                    push(FindingKind::HttpOriginTrusted, acao.clone(), s.origin, format!("The https API answered Access-Control-Allow-Origin: {acao}."));
                }
            }
        }
        let vary_origin = s
            .response
            .headers
            .get_decode_split("vary")
            .is_some_and(|v| v.iter().any(|x| x.eq_ignore_ascii_case("origin") || x == "*"));
        if !acao.is_empty() && acao != "*" && !vary_origin && !s.preflight {
            push(FindingKind::VaryOriginMissing, acao.clone(), s.origin, format!("The response (status {}) has Access-Control-Allow-Origin: {acao} and no Vary: Origin.", s.response.status));
        }
        if let Ok(MaxAge::Seconds(n)) = MaxAge::from_headers(&s.response.headers) {
            if n > CHROMIUM_CAP_SECONDS {
                push(FindingKind::MaxAgeOverCap, n.to_string(), s.origin, format!("The preflight answered Access-Control-Max-Age: {n}."));
            }
        }
        let credentialed = AllowCredentials::from_headers(&s.response.headers).is_ok();
        if credentialed {
            for name in ["access-control-allow-methods", "access-control-allow-headers", "access-control-expose-headers"] {
                if s.response.headers.get_decode_split(name).is_some_and(|items| items.iter().any(|i| i == "*")) {
                    let shown = s.response.headers.get(name).unwrap_or_default();
                    push(FindingKind::WildcardListWithCredentials, header_title(name), s.origin, format!("{}: {shown} with Access-Control-Allow-Credentials: true.", header_title(name)));
                }
            }
        }
    }
    out
}

fn header_title(lower: &str) -> String {
    lower.split('-').map(|w| {
        let mut c = w.chars();
        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
    }).collect::<Vec<_>>().join("-")
}
