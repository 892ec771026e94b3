//! The policy audit: CORS configurations that work today but are dangerous or wasteful.
//!
//! A passing request can still come from a server that echoes any origin, trusts
//! `null`, forgets `Vary: Origin`, or asks for a preflight cache no browser honours.
//! [`audit`] reads every response the server gave — to the person's origin and, when
//! known, to other origins (the foreign origin corsprobe's curl commands send, or other
//! `Origin`s in a `curl -v` paste) — and returns findings of severity `info`, raised to
//! `warning` when the server also allows credentials (then another site can act as the
//! logged-in user).
//!
//! Origin-matching mistakes are found with probe origins ([`origin_probes`]) derived
//! from the person's origin and the target's domain: each is one that a correct,
//! exact allow-list rejects but a common buggy matcher accepts (a suffix or prefix
//! match, an unescaped `.` in a regex, a subdomain wildcard, the http twin of an https
//! origin). A probe echoed back in `Access-Control-Allow-Origin` names the mistake —
//! unless the server echoes the foreign origin too: then it reflects every origin and
//! `origin-reflected` alone is the cause.

use crate::check::allow_credentials::AllowCredentials;
use crate::check::allow_headers::AllowHeaders;
use crate::check::allow_methods::AllowMethods;
use crate::check::max_age::{MaxAge, CHROMIUM_CAP_SECONDS};
use crate::explain::{policy_finding, Context};
use crate::finding::{Certainty, Finding, FindingKind};
use crate::headers::HttpResponse;
use crate::preflight_need::{preflight_need, PreflightNeed};
use crate::request::{is_cors_safelisted_method, RequestSpec};
use crate::url::{is_loopback_host, parse_origin, Url};

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

/// The matching mistake an origin probe reveals when the server lets it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginMistake {
    /// `endsWith("example.com")`, or a regex without `^…\.` before the domain:
    /// `https://evilexample.com` gets in.
    SuffixMatch,
    /// `startsWith("https://app.example.com")`, or a regex without `$`:
    /// `https://app.example.com.evil.example` gets in.
    PrefixMatch,
    /// The origin used as a regex with its dots unescaped: `https://appxexample.com`.
    RegexDot,
    /// Every subdomain of the domain trusted: `https://evil.example.com`. Often
    /// deliberate, so never more than `info`.
    SubdomainTrusted,
    /// The `http://` twin of an https origin (reported as `http-origin-trusted`).
    SchemeSwap,
}

impl OriginMistake {
    /// The finding a reflected probe raises.
    pub fn finding_kind(self) -> FindingKind {
        match self {
            OriginMistake::SuffixMatch => FindingKind::OriginSuffixMatch,
            OriginMistake::PrefixMatch => FindingKind::OriginPrefixMatch,
            OriginMistake::RegexDot => FindingKind::OriginRegexDot,
            OriginMistake::SubdomainTrusted => FindingKind::OriginSubdomainTrusted,
            OriginMistake::SchemeSwap => FindingKind::HttpOriginTrusted,
        }
    }
}

/// An `Origin` a correct allow-list rejects, and the mistake that lets it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginProbe {
    pub origin: String,
    pub mistake: OriginMistake,
    /// What the probe is, in words (for the curl command's label and the evidence).
    pub what: String,
}

/// The registrable part of a host name, approximated without the Public Suffix List:
/// its last two labels, or three under a country code's common second level
/// (`example.co.uk`). `None` for IP addresses, single labels and loopback names, which
/// no attacker registers look-alikes of.
pub fn site_domain(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.');
    if host.starts_with('[') || is_loopback_host(host) {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let n = labels.len();
    if labels[n - 1].chars().all(|c| c.is_ascii_digit()) {
        return None; // an IPv4 address
    }
    let country_second_level =
        n >= 3 && labels[n - 1].len() == 2 && matches!(labels[n - 2], "co" | "com" | "net" | "org" | "gov" | "edu" | "ac" | "or" | "ne" | "go");
    let take = if country_second_level { 3 } else { 2 };
    Some(labels[n - take..].join("."))
}

/// The probe origins for a person on `origin` calling `target_url`, in the order the
/// curl command sends them. For `https://app.example.com`:
/// - `https://evilexample.com` — ends with the site's domain (suffix match);
/// - `https://app.example.com.evil.example` — starts with the host (prefix match; also
///   derived for `localhost` and IP addresses, where `startsWith("http://localhost")`
///   is the usual mistake);
/// - `https://appxexample.com` — the dot before the domain replaced (unescaped regex
///   dot; only when the host has a label before the domain);
/// - `https://evil.example.com` — another subdomain of the domain;
/// - `http://app.example.com` — the plain-http twin (https, non-loopback origins only);
/// - and when the target's domain differs (`https://api.other.com`), the suffix and
///   subdomain probes of that domain: `https://evilother.com`, `https://evil.other.com`.
pub fn origin_probes(origin: &str, target_url: &str) -> Vec<OriginProbe> {
    let Some(u) = parse_origin(origin) else { return Vec::new() };
    let (scheme, host) = (u.scheme.as_str(), u.host.as_str());
    let port = u.port.map(|p| format!(":{p}")).unwrap_or_default();
    let mut out: Vec<OriginProbe> = Vec::new();
    let mut add = |probe: String, mistake: OriginMistake, what: String| {
        if probe != origin && probe != FOREIGN_ORIGIN && !out.iter().any(|p| p.origin == probe) {
            out.push(OriginProbe { origin: probe, mistake, what });
        }
    };
    let site = site_domain(host);
    if let Some(site) = &site {
        add(format!("{scheme}://evil{site}{port}"), OriginMistake::SuffixMatch, format!("ends with {site}: a suffix match lets it in"));
    }
    if !host.starts_with('[') {
        add(
            format!("{scheme}://{host}.evil.example{port}"),
            OriginMistake::PrefixMatch,
            format!("starts with {scheme}://{host}: a prefix match lets it in"),
        );
    }
    if let Some(site) = &site {
        if let Some(label) = host.strip_suffix(site.as_str()).and_then(|h| h.strip_suffix('.')).filter(|h| !h.is_empty()) {
            add(
                format!("{scheme}://{label}x{site}{port}"),
                OriginMistake::RegexDot,
                format!("{host} with a dot replaced: an unescaped dot in a regex lets it in"),
            );
        }
        add(format!("{scheme}://evil.{site}{port}"), OriginMistake::SubdomainTrusted, format!("another subdomain of {site}"));
    }
    if scheme == "https" && !is_loopback_host(host) {
        add(format!("http://{host}{port}"), OriginMistake::SchemeSwap, "the plain-http twin of your origin".into());
    }
    let target_site = Url::parse(target_url).ok().and_then(|t| site_domain(&t.host));
    if let Some(target_site) = target_site.filter(|t| Some(t) != site.as_ref()) {
        add(
            format!("https://evil{target_site}"),
            OriginMistake::SuffixMatch,
            format!("ends with {target_site}, the API's domain: a suffix match lets it in"),
        );
        add(format!("https://evil.{target_site}"), OriginMistake::SubdomainTrusted, format!("another subdomain of {target_site}, the API's domain"));
    }
    out
}

/// Of the `Origin`s seen (in order), those that are the person's own: not the foreign
/// origin and not a probe derived from another of them.
pub fn own_origins<'a>(origins: &[&'a str], target_url: &str) -> Vec<&'a str> {
    let probes: Vec<(&str, Vec<OriginProbe>)> = origins.iter().map(|o| (*o, origin_probes(o, target_url))).collect();
    let mut out: Vec<&str> = Vec::new();
    for o in origins {
        let derived = probes.iter().any(|(from, list)| from != o && list.iter().any(|p| p.origin == *o));
        if *o != FOREIGN_ORIGIN && !derived && !out.contains(o) {
            out.push(o);
        }
    }
    out
}

/// Policy findings over everything the server said.
pub fn audit(target_url: &str, request: &RequestSpec, samples: &[AuditSample]) -> Vec<Finding> {
    let need = preflight_need(request);
    let credentials_allowed = samples.iter().any(|s| AllowCredentials::from_headers(&s.response.headers).is_ok());
    let acao_of = |s: &AuditSample| s.response.headers.get("access-control-allow-origin").unwrap_or_default();
    // A server that echoes the foreign origin echoes every probe too: then the
    // reflection is the one cause, not a matching mistake.
    let reflects_any = samples.iter().any(|s| s.origin == FOREIGN_ORIGIN && acao_of(s) == s.origin);
    // Which probe (and whose origin it was derived from) each sample's origin is.
    let mut seen: Vec<&str> = Vec::new();
    for s in samples {
        if !seen.contains(&s.origin) {
            seen.push(s.origin);
        }
    }
    let own = own_origins(&seen, target_url);
    let person = own.first().copied().or(seen.first().copied()).unwrap_or_default();
    let probes: Vec<(&str, Vec<OriginProbe>)> = own.iter().map(|o| (*o, origin_probes(o, target_url))).collect();
    let probe_of = |origin: &str| -> Option<(&str, &OriginProbe)> {
        probes.iter().find_map(|(from, list)| list.iter().find(|p| p.origin == origin).map(|p| (*from, p)))
    };
    let mut out: Vec<Finding> = Vec::new();
    let mut push = |kind: FindingKind, param: String, origin: &str, evidence: String| {
        if out.iter().any(|f| f.id == kind.id()) {
            return;
        }
        let ctx = Context { page_origin: origin, request, need: &need };
        let mut f = policy_finding(kind, Certainty::Exact, Some(param), &ctx, vec![evidence]);
        if credentials_allowed && raised_by_credentials(kind) {
            f.raise_for_credentials();
        }
        if credentials_allowed && kind == FindingKind::OriginSubdomainTrusted {
            f.why = format!("{} The server also allows credentials, so such a subdomain reads them as the logged-in user.", f.why);
        }
        out.push(f);
    };
    let https_api = Url::parse(target_url).is_ok_and(|u| u.scheme == "https");
    // Reflected probes: (mistake, probe origin, the origin it was derived from, evidence).
    let mut mistakes: Vec<(OriginMistake, String, String, String)> = Vec::new();
    for s in samples {
        let acao = acao_of(s);
        let probe = probe_of(s.origin);
        // Any origin reflected: a foreign origin (one the person did not configure) is
        // allowed by name.
        if s.origin == FOREIGN_ORIGIN && acao == s.origin {
            push(
                FindingKind::OriginReflected,
                s.origin.to_string(),
                s.origin,
                format!("Asked with Origin: {}, the server answered Access-Control-Allow-Origin: {acao}.", s.origin),
            );
        }
        if let Some((from, p)) = probe {
            if acao == s.origin && p.mistake != OriginMistake::SchemeSwap {
                let evidence = format!("Asked with Origin: {} ({}), the server answered Access-Control-Allow-Origin: {acao}.", s.origin, p.what);
                mistakes.push((p.mistake, s.origin.to_string(), from.to_string(), evidence));
            }
        }
        if acao.eq_ignore_ascii_case("null") {
            push(FindingKind::NullOriginTrusted, "null".into(), s.origin, "The server answered Access-Control-Allow-Origin: null.".into());
        }
        // The http twin of an https origin lands here, unless every origin is echoed;
        // other probes are http only because the person's origin is (their own mistake
        // is the cause).
        let http_question = match probe {
            None => true,
            Some((_, p)) => p.mistake == OriginMistake::SchemeSwap && !reflects_any,
        };
        if https_api && http_question {
            if let Ok(u) = Url::parse(&acao) {
                if u.scheme == "http" && !is_loopback_host(&u.host) {
                    let asked = if acao == s.origin { format!("Asked with Origin: {}, the", s.origin) } else { "The".into() };
                    push(
                        FindingKind::HttpOriginTrusted,
                        acao.clone(),
                        probe.map_or(s.origin, |(from, _)| from),
                        format!("{asked} https API answered Access-Control-Allow-Origin: {acao}."),
                    );
                }
            }
        }
        let vary_origin = s.response.headers.get_decode_split("vary").is_some_and(|v| v.iter().any(|x| x.eq_ignore_ascii_case("origin") || x == "*"));
        if !acao.is_empty() && acao != "*" && !vary_origin && !s.preflight {
            push(
                FindingKind::VaryOriginMissing,
                acao.clone(),
                s.origin,
                format!("The response (status {}) has Access-Control-Allow-Origin: {acao} and no Vary: Origin.", s.response.status),
            );
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
                    push(
                        FindingKind::WildcardListWithCredentials,
                        header_title(name),
                        s.origin,
                        format!("{}: {shown} with Access-Control-Allow-Credentials: true.", header_title(name)),
                    );
                }
            }
        }
    }
    if !reflects_any {
        // A suffix match on the domain also lets in its subdomains and the regex-dot
        // look-alike (`appxexample.com` ends with `example.com`): one cause, one finding.
        let suffix = mistakes.iter().any(|(m, ..)| *m == OriginMistake::SuffixMatch);
        for (mistake, probe, from, evidence) in &mistakes {
            if suffix && matches!(mistake, OriginMistake::SubdomainTrusted | OriginMistake::RegexDot) {
                continue;
            }
            push(mistake.finding_kind(), probe.clone(), from, evidence.clone());
        }
    }
    if let Some((extras, evidence)) = broader_than_needed(&need, samples) {
        push(FindingKind::AllowListBroaderThanNeeded, extras, person, evidence);
    }
    out
}

/// Findings whose severity rises to `warning` when the server allows credentials.
/// (`origin-subdomain-trusted` stays `info`: trusting one's own subdomains is often
/// deliberate; its explanation says what credentials add.)
fn raised_by_credentials(kind: FindingKind) -> bool {
    use FindingKind as F;
    matches!(
        kind,
        F::OriginReflected
            | F::NullOriginTrusted
            | F::HttpOriginTrusted
            | F::OriginSuffixMatch
            | F::OriginPrefixMatch
            | F::OriginRegexDot
            | F::AllowListBroaderThanNeeded
    )
}

/// Request-header names a preflight never needs to list: the CORS-safelisted ones.
const SAFELISTED_HEADER_NAMES: &[&str] = &["accept", "accept-language", "content-language", "content-type", "range"];

/// What the preflight answers allow beyond what `need` asks (`param`, evidence): the
/// methods other than the request's and GET, HEAD, POST, OPTIONS; the header names
/// other than the request's unsafe ones and the safelisted ones; `*` in either list
/// when it is a wildcard (no credentials). `*` in Allow-Headers is left to
/// `authorization-wildcard` when the request sends Authorization and the list does not
/// name it.
fn broader_than_needed(need: &PreflightNeed, samples: &[AuditSample]) -> Option<(String, String)> {
    let (mut methods, mut headers, mut shown): (Vec<String>, Vec<String>, Vec<String>) = (Vec::new(), Vec::new(), Vec::new());
    for s in samples.iter().filter(|s| s.preflight) {
        let h = &s.response.headers;
        let credentialed = AllowCredentials::from_headers(h).is_ok();
        let before = methods.len() + headers.len();
        if let Ok(allowed) = AllowMethods::from_headers(h) {
            for m in &allowed.methods {
                let upper = m.to_ascii_uppercase();
                // Under credentials `*` is a literal name (wildcard-list-with-credentials).
                let needed =
                    (m == "*" && credentialed) || is_cors_safelisted_method(&upper) || upper == "OPTIONS" || m.eq_ignore_ascii_case(&need.method);
                if !needed && !methods.iter().any(|x| x.eq_ignore_ascii_case(m)) {
                    methods.push(m.clone());
                }
            }
        }
        if let Ok(allowed) = AllowHeaders::from_headers(h) {
            for n in &allowed.names {
                let needed = if n == "*" {
                    credentialed || (need.headers.iter().any(|x| x == "authorization") && !allowed.lists("authorization"))
                } else {
                    need.headers.contains(n) || SAFELISTED_HEADER_NAMES.contains(&n.as_str())
                };
                if !needed && !headers.contains(n) {
                    headers.push(n.clone());
                }
            }
        }
        if methods.len() + headers.len() > before {
            for name in ["Access-Control-Allow-Methods", "Access-Control-Allow-Headers"] {
                if let Some(v) = h.get(name) {
                    shown.push(format!("{name}: {v}"));
                }
            }
        }
    }
    if methods.is_empty() && headers.is_empty() {
        return None;
    }
    let describe = |items: &[String], what: &str, any: &str| {
        let named: Vec<&str> = items.iter().map(String::as_str).map(|i| if i == "*" { any } else { i }).collect();
        format!("{what} {}", named.join(", "))
    };
    let mut parts = Vec::new();
    if !methods.is_empty() {
        parts.push(describe(&methods, if methods.len() == 1 { "the method" } else { "the methods" }, "* (every method)"));
    }
    if !headers.is_empty() {
        parts.push(describe(&headers, if headers.len() == 1 { "the header" } else { "the headers" }, "* (every header)"));
    }
    Some((parts.join(" and "), format!("The preflight answered {}.", shown.join("; "))))
}

fn header_title(lower: &str) -> String {
    lower
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}
