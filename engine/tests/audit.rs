//! The policy audit's origin-matching probes and list checks, against model servers.
//!
//! Each model server is one origin policy written the way real servers get it wrong
//! (`endsWith`, `startsWith`, an unescaped regex, a subdomain wildcard) or right (an
//! exact list). It is asked from the person's origin, the foreign origin and every
//! probe origin the curl set sends — as the person running corsprobe's curl commands
//! would — and the audit must name exactly the mistake, once. The same policies run
//! as real HTTP routes in lab/tests/audit_agrees.rs.

use corsprobe_engine::analyze::analyze_headers;
use corsprobe_engine::audit::{audit, origin_probes, own_origins, site_domain, AuditSample, OriginMistake, FOREIGN_ORIGIN};
use corsprobe_engine::curl::curl_commands;
use corsprobe_engine::finding::{Finding, Severity};
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::{Credentials, Header, RequestSpec};

const APP: &str = "https://app.example.com";
const API: &str = "https://api.example.com/v1/items";

/// An origin policy: whether the server echoes this `Origin`.
type Policy<'a> = &'a dyn Fn(&str) -> bool;

/// A server's answer to a request from `origin`: `policy` says whether it echoes it.
fn answer(policy: Policy, origin: &str, credentials: bool) -> HttpResponse {
    let mut r = HttpResponse::new(200).header("Content-Type", "application/json").header("Vary", "Origin");
    if policy(origin) {
        r = r.header("Access-Control-Allow-Origin", origin);
        if credentials {
            r = r.header("Access-Control-Allow-Credentials", "true");
        }
    }
    r
}

/// Every origin the curl set asks from `person` (its own, the foreign one, the probes).
fn asked(person: &str, target: &str) -> Vec<String> {
    let mut out = vec![person.to_string(), FOREIGN_ORIGIN.to_string()];
    out.extend(origin_probes(person, target).into_iter().map(|p| p.origin));
    out
}

fn audit_policy(person: &str, target: &str, credentials: bool, policy: Policy) -> Vec<Finding> {
    let mut request = RequestSpec::get(target);
    if credentials {
        request.credentials = Credentials::Include;
    }
    let origins = asked(person, target);
    let answers: Vec<(String, HttpResponse)> = origins.iter().map(|o| (o.clone(), answer(policy, o, credentials))).collect();
    let samples: Vec<AuditSample> = answers.iter().map(|(o, r)| AuditSample { origin: o, preflight: false, response: r }).collect();
    audit(target, &request, &samples)
}

fn ids(findings: &[Finding]) -> Vec<&str> {
    let mut v: Vec<&str> = findings.iter().map(|f| f.id.as_str()).collect();
    v.sort();
    v
}

// ---- The model policies.

fn exact_list(o: &str) -> bool {
    [APP, "https://admin.example.com"].contains(&o)
}
fn reflect_any(_: &str) -> bool {
    true
}
/// `origin.endsWith("example.com")`
fn ends_with_domain(o: &str) -> bool {
    o.ends_with("example.com")
}
/// `origin.startsWith("https://app.example.com")`
fn starts_with_app(o: &str) -> bool {
    o.starts_with(APP)
}
/// `/^https:\/\/app.example.com$/` (the dots unescaped)
fn regex_dots(o: &str) -> bool {
    o.len() == APP.len() && o.chars().zip(APP.chars()).all(|(a, b)| b == '.' || a == b)
}
/// `/^https:\/\/([a-z0-9-]+\.)*example\.com$/`: every https subdomain.
fn subdomains(o: &str) -> bool {
    o.strip_prefix("https://").is_some_and(|h| h == "example.com" || h.ends_with(".example.com"))
}

#[test]
fn probes_derive_from_the_persons_origin_and_the_apis_domain() {
    let probes = origin_probes(APP, API);
    let got: Vec<(&str, OriginMistake)> = probes.iter().map(|p| (p.origin.as_str(), p.mistake)).collect();
    assert_eq!(
        got,
        vec![
            ("https://evilexample.com", OriginMistake::SuffixMatch),
            ("https://app.example.com.evil.example", OriginMistake::PrefixMatch),
            ("https://appxexample.com", OriginMistake::RegexDot),
            ("https://evil.example.com", OriginMistake::SubdomainTrusted),
            ("http://app.example.com", OriginMistake::SchemeSwap),
        ],
        "the API shares the app's domain: nothing more"
    );
    // A correct allow-list rejects every probe.
    assert!(probes.iter().all(|p| !exact_list(&p.origin)));
    // Ports stay; a development origin on localhost or an IP address only has the
    // prefix probe (`startsWith("http://localhost")`); the API's domain adds its own.
    let local: Vec<String> = origin_probes("http://localhost:3000", "https://api.other.co.uk/x").into_iter().map(|p| p.origin).collect();
    assert_eq!(local, vec!["http://localhost.evil.example:3000", "https://evilother.co.uk", "https://evil.other.co.uk"]);
    let ip: Vec<String> = origin_probes("http://127.0.0.1:8080", "http://127.0.0.1:9000/case/x").into_iter().map(|p| p.origin).collect();
    assert_eq!(ip, vec!["http://127.0.0.1.evil.example:8080"]);
    let two_labels: Vec<String> = origin_probes("https://example.com:8443", "").into_iter().map(|p| p.origin).collect();
    assert_eq!(
        two_labels,
        vec!["https://evilexample.com:8443", "https://example.com.evil.example:8443", "https://evil.example.com:8443", "http://example.com:8443"],
        "no regex-dot probe without a label before the domain"
    );
    assert!(origin_probes("null", API).is_empty());
    assert!(origin_probes("http://[::1]:8080", "").is_empty());
    assert_eq!(site_domain("deep.app.example.co.uk").as_deref(), Some("example.co.uk"));
    assert_eq!(site_domain("127.0.0.1"), None);
    assert_eq!(site_domain("app.localhost"), None);
}

#[test]
fn the_curl_set_asks_every_probe_origin_in_one_loop() {
    let request = RequestSpec::get(API);
    let commands = curl_commands(&request, &preflight_need(&request), APP);
    let probe = commands.last().unwrap();
    for p in origin_probes(APP, API) {
        assert!(probe.command.contains(&format!("'{}'", p.origin)), "{}", probe.command);
        assert!(probe.label.contains(&p.origin) && probe.label.contains(&p.what), "{}", probe.label);
    }
    assert!(probe.command.starts_with("for o in ") && probe.command.contains("-H \"Origin: $o\""), "{}", probe.command);
    // The foreign-origin command is still there, before it.
    assert!(commands[commands.len() - 2].command.contains(FOREIGN_ORIGIN));
    // No probe derives from an origin that is not one.
    let from_null = curl_commands(&request, &preflight_need(&request), "null");
    assert!(!from_null.iter().any(|c| c.command.starts_with("for o in ")));
}

#[test]
fn each_matching_mistake_is_named_once() {
    let cases: [(&str, Policy, &[&str]); 6] = [
        ("exact list", &exact_list, &[]),
        // Everything is echoed: the reflection is the cause, not a matching mistake
        // (and not the http twin either).
        ("reflect any", &reflect_any, &["origin-reflected"]),
        // endsWith also lets in the subdomain and the regex-dot look-alike (both end
        // with example.com): one cause. It does not check the scheme, either.
        ("endsWith", &ends_with_domain, &["http-origin-trusted", "origin-suffix-match"]),
        ("startsWith", &starts_with_app, &["origin-prefix-match"]),
        ("regex dots", &regex_dots, &["origin-regex-dot"]),
        ("subdomains", &subdomains, &["origin-subdomain-trusted"]),
    ];
    for (name, policy, expected) in cases {
        let found = audit_policy(APP, API, false, policy);
        assert_eq!(ids(&found), expected.to_vec(), "{name}: {found:#?}");
        assert!(found.iter().all(|f| f.severity == Severity::Info), "{name}: info without credentials");
    }
}

#[test]
fn findings_name_the_probe_and_the_fix() {
    let found = audit_policy(APP, API, false, &ends_with_domain);
    let f = found.iter().find(|f| f.id == "origin-suffix-match").unwrap();
    assert_eq!(f.param.as_deref(), Some("https://evilexample.com"));
    assert!(f.what.contains("ends with example.com"), "{}", f.what);
    assert!(f.why.contains("endsWith(\"example.com\")") && f.why.contains("exactly"), "{}", f.why);
    assert!(f.evidence[0].contains("Origin: https://evilexample.com"), "{:?}", f.evidence);

    let found = audit_policy(APP, API, false, &starts_with_app);
    assert_eq!(found[0].param.as_deref(), Some("https://app.example.com.evil.example"));
    assert!(found[0].why.contains("startsWith(\"https://app.example.com\")"), "{}", found[0].why);

    let found = audit_policy(APP, API, false, &regex_dots);
    assert_eq!(found[0].param.as_deref(), Some("https://appxexample.com"));
    assert!(found[0].why.contains(r"^https://app\.example\.com$"), "{}", found[0].why);

    let found = audit_policy(APP, API, false, &subdomains);
    assert_eq!(found[0].param.as_deref(), Some("https://evil.example.com"));
    assert!(found[0].why.contains("deliberate"), "{}", found[0].why);
}

#[test]
fn credentials_raise_matching_mistakes_but_not_a_subdomain_wildcard() {
    for policy in [&ends_with_domain as Policy, &starts_with_app, &regex_dots] {
        let found = audit_policy(APP, API, true, policy);
        let mistake = found.iter().find(|f| f.id.starts_with("origin-")).unwrap();
        assert_eq!(mistake.severity, Severity::Warning, "{}", mistake.id);
        assert!(mistake.title.ends_with("— with credentials"), "{}", mistake.title);
    }
    let found = audit_policy(APP, API, true, &subdomains);
    assert_eq!(ids(&found), vec!["origin-subdomain-trusted"]);
    assert_eq!(found[0].severity, Severity::Info, "trusting one's own subdomains is often deliberate");
    assert!(found[0].why.contains("logged-in user"), "{}", found[0].why);
}

#[test]
fn probes_from_the_apis_domain_and_a_development_origin() {
    // The page runs on localhost; the API trusts localhost and, by endsWith, example.com.
    let dev = "http://localhost:3000";
    let policy = |o: &str| o == dev || o.ends_with("example.com");
    let found = audit_policy(dev, API, false, &policy);
    assert_eq!(ids(&found), vec!["origin-suffix-match"]);
    assert_eq!(found[0].param.as_deref(), Some("https://evilexample.com"));
    // startsWith("http://localhost"), to allow any development port.
    let policy = |o: &str| o.starts_with("http://localhost");
    let found = audit_policy(dev, API, false, &policy);
    assert_eq!(ids(&found), vec!["origin-prefix-match"]);
    assert_eq!(found[0].param.as_deref(), Some("http://localhost.evil.example:3000"));
    // An exact list, from localhost: nothing.
    let policy = |o: &str| o == dev;
    assert!(audit_policy(dev, API, false, &policy).is_empty());
}

#[test]
fn without_the_foreign_origin_a_probe_still_names_its_mistake() {
    // Only the person's origin and one probe were pasted.
    let request = RequestSpec::get(API);
    let own = answer(&ends_with_domain, APP, false);
    let probe = answer(&ends_with_domain, "https://evilexample.com", false);
    let samples = [
        AuditSample { origin: "https://evilexample.com", preflight: false, response: &probe },
        AuditSample { origin: APP, preflight: false, response: &own },
    ];
    assert_eq!(ids(&audit(API, &request, &samples)), vec!["origin-suffix-match"]);
    assert_eq!(own_origins(&["https://evilexample.com", APP, FOREIGN_ORIGIN], API), vec![APP]);
}

#[test]
fn pasted_probe_output_is_judged_from_the_persons_origin() {
    // curl -v output, the probe loop's answers pasted before the person's own request.
    let exchange = |origin: &str, acao: &str| {
        format!("> GET /v1/items HTTP/1.1\n> Host: api.example.com\n> Origin: {origin}\n>\n< HTTP/1.1 200 OK\n< Access-Control-Allow-Origin: {acao}\n< Vary: Origin\n<\n")
    };
    let mut pasted = String::new();
    for p in origin_probes(APP, API) {
        let acao = if subdomains(&p.origin) { p.origin.clone() } else { APP.to_string() };
        pasted.push_str(&exchange(&p.origin, &acao));
    }
    pasted.push_str(&exchange(FOREIGN_ORIGIN, APP));
    pasted.push_str(&exchange(APP, APP));
    let report = analyze_headers(&pasted, &RequestSpec::get(API), "https://corsprobe.example").unwrap();
    assert_eq!(report.page_origin, APP);
    assert_eq!(report.verdict, corsprobe_engine::report::Verdict::Pass);
    let found: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(found, vec!["cors-ok", "origin-subdomain-trusted"], "{:#?}", report.findings);

    // The person's own request as `curl -i` prints it (no Origin line), then the probe
    // loop: judged from the origin the curl set was made for, not from a probe.
    let mut pasted = format!("HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: {APP}\nVary: Origin\n\n");
    for p in origin_probes(APP, API) {
        let acao = if starts_with_app(&p.origin) { p.origin.clone() } else { APP.to_string() };
        pasted.push_str(&exchange(&p.origin, &acao));
    }
    let report = analyze_headers(&pasted, &RequestSpec::get(API), APP).unwrap();
    assert_eq!(report.page_origin, APP);
    let found: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(found, vec!["cors-ok", "origin-prefix-match"], "{:#?}", report.findings);
}

// ---- Lists broader than the request needs.

fn preflight(methods: &str, headers: &str, credentials: bool) -> HttpResponse {
    let mut r = HttpResponse::new(204)
        .header("Access-Control-Allow-Origin", APP)
        .header("Access-Control-Allow-Methods", methods)
        .header("Access-Control-Allow-Headers", headers)
        .header("Vary", "Origin");
    if credentials {
        r = r.header("Access-Control-Allow-Credentials", "true");
    }
    r
}

fn put_with_api_key(credentials: bool) -> RequestSpec {
    let mut r = RequestSpec::get(API);
    r.method = "PUT".into();
    r.headers = vec![Header::new("X-Api-Key", "demo")];
    if credentials {
        r.credentials = Credentials::Include;
    }
    r
}

fn audit_preflight(request: &RequestSpec, response: &HttpResponse) -> Vec<Finding> {
    audit(API, request, &[AuditSample { origin: APP, preflight: true, response }])
}

#[test]
fn a_preflight_that_allows_more_than_needed_is_named_with_the_extras() {
    let request = put_with_api_key(false);
    let found =
        audit_preflight(&request, &preflight("GET, POST, PUT, PATCH, DELETE, OPTIONS", "X-Api-Key, X-Requested-With, Content-Type, Accept", false));
    assert_eq!(ids(&found), vec!["allow-list-broader-than-needed"]);
    let f = &found[0];
    assert_eq!(f.param.as_deref(), Some("the methods PATCH, DELETE and the header x-requested-with"), "safelisted ones are not extras");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.why.contains("the method PUT and the header x-api-key"), "{}", f.why);
    assert!(f.fix[0].lines.contains(&"Access-Control-Allow-Methods: PUT".to_string()), "{:?}", f.fix);
    assert!(f.evidence[0].contains("PATCH, DELETE"), "{:?}", f.evidence);

    // `*` without credentials allows every header.
    let found = audit_preflight(&request, &preflight("PUT", "*", false));
    assert_eq!(found[0].param.as_deref(), Some("the header * (every header)"));

    // With credentials the server's wider list is a warning.
    let request = put_with_api_key(true);
    let found = audit_preflight(&request, &preflight("PUT, DELETE", "X-Api-Key", true));
    assert_eq!((found[0].id.as_str(), found[0].severity), ("allow-list-broader-than-needed", Severity::Warning));
}

#[test]
fn exact_lists_and_wildcards_other_findings_own_are_not_flagged() {
    let request = put_with_api_key(false);
    assert!(audit_preflight(&request, &preflight("PUT", "X-Api-Key", false)).is_empty());
    assert!(audit_preflight(&request, &preflight("GET, HEAD, POST, OPTIONS, PUT", "x-api-key, content-type", false)).is_empty());
    // Under credentials `*` is a literal name: wildcard-list-with-credentials says so.
    let request = put_with_api_key(true);
    let found = audit_preflight(&request, &preflight("PUT, *", "X-Api-Key, *", true));
    assert_eq!(ids(&found), vec!["wildcard-list-with-credentials"]);
    // Authorization only through `*`: authorization-wildcard (from the check) says so.
    let mut request = RequestSpec::get(API);
    request.headers = vec![Header::new("Authorization", "Bearer demo")];
    assert!(audit_preflight(&request, &preflight("GET", "*", false)).is_empty());
    // Only preflight answers carry lists that matter.
    let actual = preflight("PUT, DELETE", "X-Other", false);
    assert!(audit(API, &put_with_api_key(false), &[AuditSample { origin: APP, preflight: false, response: &actual }]).is_empty());
}

#[test]
fn every_policy_finding_is_explained() {
    use corsprobe_engine::explain::{policy_finding, Context};
    use corsprobe_engine::finding::{Certainty, FindingKind as F};
    let request = RequestSpec::get(API);
    let need = preflight_need(&request);
    let ctx = Context { page_origin: APP, request: &request, need: &need };
    for kind in [
        F::OriginReflected,
        F::NullOriginTrusted,
        F::VaryOriginMissing,
        F::MaxAgeOverCap,
        F::WildcardListWithCredentials,
        F::HttpOriginTrusted,
        F::OriginSuffixMatch,
        F::OriginPrefixMatch,
        F::OriginRegexDot,
        F::OriginSubdomainTrusted,
        F::AllowListBroaderThanNeeded,
    ] {
        let f = policy_finding(kind, Certainty::Exact, Some("https://evilexample.com".into()), &ctx, vec![]);
        assert!(!f.why.is_empty() && f.what != kind.title(), "{}: no explanation", kind.id());
        assert_eq!((f.severity, f.stage), (Severity::Info, None), "{}", kind.id());
    }
    // The live run raises null-origin-trusted through `finding` itself.
    let f = corsprobe_engine::explain::finding(F::NullOriginTrusted, Certainty::Exact, Some("null".into()), &ctx, vec![]);
    assert!(f.why.contains("Sandboxed iframes"), "{}", f.why);
}
