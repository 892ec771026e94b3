//! Causes beside a server's CORS headers: `Access-Control-*` sent as request headers,
//! cookies a credentialed cross-site request never carries, mixed content, requests an
//! extension blocked, and pages whose origin is `null`, from pasted headers, HAR files
//! and console messages. No fix anywhere allows the origin `null`.

use corsprobe_engine::analyze::{analyze_console, analyze_headers};
use corsprobe_engine::finding::{Certainty, Finding};
use corsprobe_engine::fix::{snippet, FixInput, Stack};
use corsprobe_engine::har::analyze_har;
use corsprobe_engine::report::{Report, Verdict};
use corsprobe_engine::{Credentials, Header, RequestSpec};
use serde_json::json;

const APP: &str = "https://app.example.com";

fn find<'a>(report: &'a Report, id: &str) -> Option<&'a Finding> {
    report.findings.iter().find(|f| f.id == id)
}

fn no_fix_allows_null(report: &Report) {
    for f in &report.findings {
        for b in &f.fix {
            for l in &b.lines {
                let lower = l.to_ascii_lowercase().replace(' ', "");
                assert!(lower != "access-control-allow-origin:null", "{}: {l}", f.id);
            }
        }
    }
}

#[test]
fn a_cors_response_header_in_the_request_is_named_and_the_preflight_it_causes_explained() {
    let mut request = RequestSpec::get("https://api.other.com/data");
    request.headers.push(Header { name: "Access-Control-Allow-Origin".into(), value: "*".into() });
    let pasted = "HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: https://app.example.com\nAccess-Control-Allow-Methods: GET\n\nHTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://app.example.com\n";
    let report = analyze_headers(pasted, &request, APP).unwrap();
    let f = find(&report, "cors-header-in-request").expect("cors-header-in-request");
    assert_eq!((f.certainty, f.param.as_deref()), (Certainty::Exact, Some("access-control-allow-origin")));
    assert!(f.why.contains("preflight") && f.fix.is_empty(), "{f:#?}");
    // The preflight did not allow it: the block is the header's own doing, and both are said.
    assert_eq!(report.verdict, Verdict::Blocked);
    assert_eq!(report.findings[0].id, "header-not-allowed");
}

#[test]
fn a_har_request_with_an_access_control_header_gets_the_finding() {
    let har = json!({"log": {"creator": {"name": "test", "version": "1"}, "entries": [
        {"startedDateTime": "2026-01-01T00:00:00Z", "request": {"method": "OPTIONS", "url": "https://api.other.com/x", "headers": [
            {"name": "Origin", "value": APP}, {"name": "Access-Control-Request-Method", "value": "GET"},
            {"name": "Access-Control-Request-Headers", "value": "access-control-allow-origin"}]},
         "response": {"status": 204, "headers": [{"name": "Access-Control-Allow-Origin", "value": APP},
            {"name": "Access-Control-Allow-Headers", "value": "access-control-allow-origin"}]}},
        {"startedDateTime": "2026-01-01T00:00:00Z", "request": {"method": "GET", "url": "https://api.other.com/x", "headers": [
            {"name": "Origin", "value": APP}, {"name": "Access-Control-Allow-Origin", "value": "*"}]},
         "response": {"status": 200, "headers": [{"name": "Access-Control-Allow-Origin", "value": APP}]}}
    ]}});
    let analysis = analyze_har(&har.to_string()).unwrap();
    let report = &analysis.requests[0].report;
    assert_eq!(report.verdict, Verdict::Pass);
    assert_eq!(report.findings[0].id, "cors-header-in-request", "{:#?}", report.findings);
}

fn credentialed(url: &str) -> RequestSpec {
    RequestSpec { credentials: Credentials::Include, ..RequestSpec::get(url) }
}

const PASSING: &str = "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: https://app.example.com\nAccess-Control-Allow-Credentials: true\nVary: Origin\n";

#[test]
fn a_cookie_without_samesite_none_secure_on_a_credentialed_cross_site_response_is_exact() {
    let pasted = format!("{PASSING}Set-Cookie: session=TOPSECRETVALUE; Path=/; HttpOnly\nSet-Cookie: prefs=x; SameSite=None; Secure\n");
    let report = analyze_headers(&pasted, &credentialed("https://api.other.com/me"), APP).unwrap();
    assert_eq!(report.verdict, Verdict::Pass);
    let f = &report.findings[0];
    assert_eq!((f.id.as_str(), f.certainty, f.param.as_deref()), ("cookie-not-cross-site", Certainty::Exact, Some("session")));
    assert_eq!(report.findings.iter().filter(|f| f.id == "cookie-not-cross-site").count(), 1, "prefs is fine");
    assert!(f.evidence.iter().any(|e| e.contains("no SameSite") && e.contains("no Secure")), "{:#?}", f.evidence);
    let all = serde_json::to_string(&report).unwrap();
    assert!(!all.contains("TOPSECRETVALUE"), "a cookie's value is never shown");
}

#[test]
fn cookies_are_not_judged_without_credentials_or_within_one_site() {
    let pasted = format!("{PASSING}Set-Cookie: session=v; SameSite=Lax\n");
    let plain = analyze_headers(&pasted, &RequestSpec::get("https://api.other.com/me"), APP).unwrap();
    assert!(find(&plain, "cookie-not-cross-site").is_none());
    // app.example.com and api.example.com may be one site: only the public suffix list
    // can tell, so nothing is claimed.
    let maybe_same = analyze_headers(&pasted, &credentialed("https://api.example.com/me"), APP).unwrap();
    assert!(find(&maybe_same, "cookie-not-cross-site").is_none());
    // http and https are different sites (schemeful same-site).
    let pasted_http = "HTTP/1.1 200 OK\nAccess-Control-Allow-Origin: http://app.example.com\nAccess-Control-Allow-Credentials: true\nSet-Cookie: sid=v; SameSite=Lax\n";
    let schemes = analyze_headers(pasted_http, &credentialed("https://app.example.com/me"), "http://app.example.com").unwrap();
    assert_eq!(find(&schemes, "cookie-not-cross-site").and_then(|f| f.param.as_deref()), Some("sid"));
}

#[test]
fn null_origin_messages_explain_file_pages_and_never_allow_null() {
    let text = "Access to fetch at 'https://api.example.com/data' from origin 'null' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let reports = analyze_console(text, "http://127.0.0.1:1", None).unwrap();
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert_eq!(report.findings[0].id, "null-origin-request");
    assert!(report.findings[0].what.contains("file://"));
    assert!(find(report, "allow-origin-missing").is_some());
    no_fix_allows_null(report);
    // The Fix panel prefilled from it writes no `null` either, and says why.
    let input = FixInput::from_report(report);
    assert!(input.problems().iter().any(|p| p.contains("file://")), "{:?}", input.problems());
    for stack in Stack::ALL {
        let s = snippet(*stack, &input, &[]);
        for f in &s.files {
            assert!(!f.code.contains("\"null\"") && !f.code.contains("'null'"), "{}: {}", stack.id(), f.code);
        }
    }
}

#[test]
fn pasted_headers_from_a_null_origin_never_produce_allow_origin_null() {
    let pasted = "> GET /data HTTP/1.1\n> Origin: null\n< HTTP/1.1 200 OK\n< Content-Type: text/plain\n";
    let report = analyze_headers(pasted, &RequestSpec::get("https://api.example.com/data"), "null").unwrap();
    assert_eq!(report.findings[0].id, "null-origin-request", "{:#?}", report.findings);
    no_fix_allows_null(&report);
}

#[test]
fn mixed_content_messages_name_the_page_and_the_resource() {
    let chromium = "Mixed Content: The page at 'https://app.example.com/' was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/data'. This request has been blocked; the content must be served over HTTPS.";
    let reports = analyze_console(chromium, "http://127.0.0.1:1", None).unwrap();
    assert_eq!(reports.len(), 1);
    let (r, f) = (&reports[0], &reports[0].findings[0]);
    assert_eq!((f.id.as_str(), f.certainty, f.param.as_deref()), ("mixed-content", Certainty::Exact, Some("http://api.example.com/data")));
    assert_eq!(r.page_origin, APP);
    let firefox = "Blocked loading mixed active content “http://api.example.com/data”";
    let f = &analyze_console(firefox, APP, None).unwrap()[0].findings[0];
    assert_eq!((f.id.as_str(), f.param.as_deref()), ("mixed-content", Some("http://api.example.com/data")));
}

#[test]
fn blocked_by_client_is_not_called_a_cors_error() {
    let text = "GET https://api.example.com/ads/track net::ERR_BLOCKED_BY_CLIENT\nUncaught (in promise) TypeError: Failed to fetch";
    let reports = analyze_console(text, APP, None).unwrap();
    assert_eq!(reports.len(), 1, "{reports:#?}");
    let f = &reports[0].findings[0];
    assert_eq!((f.id.as_str(), f.certainty, f.param.as_deref()), ("blocked-by-client", Certainty::Exact, Some("https://api.example.com/ads/track")));
    assert!(f.why.contains("private window") && f.why.contains("not CORS"));
    assert_eq!(reports[0].verdict, Verdict::Unreachable);
}

/// Each record of a browser's recording (`harness/fixtures/console/<file>`, three
/// cases), with the reports its console messages read as; no fix of any allows `null`.
fn recorded(file: &str) -> Vec<(serde_json::Value, Vec<corsprobe_engine::report::Report>)> {
    let path = format!("{}/../harness/fixtures/console/{file}", env!("CARGO_MANIFEST_DIR"));
    let recording: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let records = recording["records"].as_array().unwrap();
    assert_eq!(records.len(), 3);
    records
        .iter()
        .map(|r| {
            let text: Vec<&str> = r["entries"].as_array().unwrap().iter().filter_map(|e| e["text"].as_str()).collect();
            let reports = analyze_console(&text.join("\n"), "http://127.0.0.1:1", None).unwrap();
            for report in &reports {
                no_fix_allows_null(report);
            }
            (r.clone(), reports)
        })
        .collect()
}

/// Recorded from real Chromium by harness/tests/record_other_causes.rs.
#[test]
fn recorded_chromium_messages_for_blockers_null_origins_and_mixed_content() {
    for (r, reports) in recorded("chromium-causes.json") {
        let first = &reports[0].findings[0];
        assert_eq!((first.id.as_str(), first.certainty), (r["expected"].as_str().unwrap(), Certainty::Exact), "{}", r["case"]);
        if r["case"] == "mixed-content" {
            assert_eq!(first.param.as_deref(), r["url"].as_str());
            assert_eq!(reports[0].page_origin, r["page"].as_str().unwrap().trim_end_matches("/page.html"));
        }
    }
}

/// Recorded from real Firefox by harness/tests/record_firefox_causes.rs (its web
/// console, read from the parent process: BiDi carries none of these).
#[test]
fn recorded_firefox_messages_for_mixed_content_file_pages_and_blockers() {
    for (r, reports) in recorded("firefox-causes.json") {
        let first = &reports[0].findings[0];
        assert_eq!(first.id.as_str(), r["expected"].as_str().unwrap(), "{}", r["case"]);
        match r["case"].as_str().unwrap() {
            // Firefox's message names the resource, not the page.
            "mixed-content" => assert_eq!((first.certainty, first.param.as_deref()), (Certainty::Exact, r["url"].as_str())),
            // Firefox prints any failed request so: never called a CORS error, and the
            // blocker is named among the causes.
            "blocked-by-client" => assert!(first.certainty != Certainty::Exact && first.why.contains("blocker"), "{first:?}"),
            _ => {}
        }
    }
}

/// What people type from memory: a missing URL, a missing opening, typographic quotes, a
/// line break, only the reason sentence. Each still names the cause.
#[test]
fn retyped_console_messages_still_name_the_cause() {
    for (text, id) in [
        ("Access to fetch from origin 'http://localhost:3000' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.", "allow-origin-missing"),
        ("has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource", "allow-origin-missing"),
        ("Access to fetch at ‘https://api.example.com/x’ from origin ‘http://localhost:3000’ has been blocked by CORS policy:\nNo ‘Access-Control-Allow-Origin’ header is present on the requested resource.", "allow-origin-missing"),
        ("No 'Access-Control-Allow-Origin' header is present on the requested resource", "allow-origin-missing"),
        ("Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.", "header-not-allowed"),
        ("Cross-Origin Request Blocked: (Reason: CORS header ‘Access-Control-Allow-Origin’ missing)", "allow-origin-missing"),
        ("Mixed Content: The page was loaded over HTTPS, but requested an insecure resource 'http://api.example.com/x'.", "mixed-content"),
        ("net::ERR_BLOCKED_BY_CLIENT", "blocked-by-client"),
    ] {
        let reports = analyze_console(text, APP, None).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(reports[0].findings[0].id, id, "{text:?}");
    }
    // Without "blocked", the mixed-content reading is only likely; without a URL, the
    // report says which part it could not read.
    let f = &analyze_console("Mixed Content: requested an insecure resource", APP, None).unwrap()[0].findings[0];
    assert_eq!(f.certainty, Certainty::Likely);
    assert!(f.evidence.iter().any(|e| e.contains("names no URL")), "{:?}", f.evidence);
}
