//! Reports from pasted console errors and HAR files. Pasted `curl -i` output is checked
//! against the running lab for every case in lab/tests/analyze_agrees.rs; console
//! messages here are the ones recorded from real Chromium and Firefox
//! (`harness/fixtures/console/chromium.json`, `harness/fixtures/firefox/lab.json`).

mod common;
use common::{expand, fixture};
use corsprobe_engine::analyze::analyze_console;
use corsprobe_engine::finding::Certainty;
use corsprobe_engine::har::{analyze_har, HarError};
use corsprobe_engine::report::Verdict;
use corsprobe_engine::{CorsError, RequestSpec, Stage};
use serde_json::{json, Value};

#[test]
fn every_recorded_chromium_message_gives_its_exact_finding() {
    let mut checked = 0;
    for r in fixture("../harness/fixtures/console/chromium.json").as_array().unwrap() {
        let expected = &r["expected"];
        let Some(error) = expected["error"].as_str() else { continue };
        let error = CorsError::from_name(error).unwrap();
        let text = r["messages"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect::<Vec<_>>().join("\n");
        let (app, lab) = (r["origin"].as_str().unwrap(), r["lab_origin"].as_str().unwrap());
        let reports = analyze_console(&text, "http://127.0.0.1:1", None).unwrap_or_else(|e| panic!("{}: {e}", r["case"]));
        assert_eq!(reports.len(), 1, "{}", r["case"]);
        let report = &reports[0];
        let f = &report.findings[0];
        assert_eq!((report.verdict, f.certainty), (Verdict::Blocked, Certainty::Exact), "{}", r["case"]);
        assert_eq!(f.chromium, vec![error], "{}", r["case"]);
        if text.contains("from origin '") {
            assert_eq!(report.page_origin, app, "{}: the origin comes from the message", r["case"]);
        }
        let param = expand(expected["param"].as_str().unwrap_or(""), app, lab);
        assert_eq!(f.param.clone().unwrap_or_default(), param, "{}", r["case"]);
        assert!(f.fix.iter().all(|b| !b.lines.is_empty()), "{}", r["case"]);
        checked += 1;
    }
    assert!(checked >= 38, "{checked}");
}

#[test]
fn recorded_firefox_messages_name_the_cause_and_show_the_status() {
    let recording = fixture("../harness/fixtures/firefox/lab.json");
    let mut checked = 0;
    for r in recording["cases"].as_array().unwrap() {
        let console: Vec<&str> = r["firefox"]["console"].as_array().unwrap().iter().filter_map(|m| m.as_str()).collect();
        if console.is_empty() {
            continue;
        }
        let case = r["case"].as_str().unwrap();
        let reports = analyze_console(&console.join("\n"), "http://127.0.0.1:1", None).unwrap();
        let report = &reports[0];
        checked += 1;
        if r["firefox"]["verdict"] == "unreachable" {
            assert_eq!(report.verdict, Verdict::Unreachable, "{case}");
            continue;
        }
        let error = CorsError::from_name(r["chromium"]["error"].as_str().unwrap()).unwrap();
        assert!(report.findings.iter().any(|f| f.chromium.contains(&error)), "{case}: no finding covers {error}");
        if let Some(status) = r["firefox"]["status"].as_u64() {
            assert!(report.findings[0].what.contains(&format!("HTTP {status}")), "{case}: status not shown");
        }
    }
    assert!(checked >= 35);
    // With the form's request known to be simple, Firefox's "missing" message is exact.
    let r = recording["cases"].as_array().unwrap().iter().find(|r| r["case"] == "missing-allow-origin").unwrap();
    let text = r["firefox"]["console"][0].as_str().unwrap();
    let simple = RequestSpec::get(r["url"].as_str().unwrap());
    let report = &analyze_console(text, "http://127.0.0.1:1", Some(&simple)).unwrap()[0];
    assert_eq!((report.findings.len(), report.findings[0].certainty), (1, Certainty::Exact));
    assert_eq!(report.findings[0].chromium, vec![CorsError::MissingAllowOriginHeader]);
}

fn entry(method: &str, url: &str, req: &[(&str, &str)], status: i64, resp: &[(&str, &str)], redirect: &str) -> Value {
    let headers = |h: &[(&str, &str)]| h.iter().map(|(n, v)| json!({"name": n, "value": v})).collect::<Vec<_>>();
    json!({
        "startedDateTime": "2026-11-25T10:00:00.000Z",
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1", "headers": headers(req), "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1", "headers": headers(resp), "cookies": [],
                     "content": {"size": 5, "mimeType": "text/plain", "text": "hello"}, "redirectURL": redirect, "headersSize": -1, "bodySize": 5},
        "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0}
    })
}

fn har(entries: Vec<Value>) -> String {
    json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"}, "pages": [], "entries": entries}}).to_string()
}

const APP: &str = "https://app.example.com";
const API: &str = "https://api.example.com";

#[test]
fn har_pairs_preflights_follows_redirects_and_skips_unrelated_entries() {
    let text = har(vec![
        entry("GET", &format!("{APP}/"), &[], 200, &[], ""),
        entry("GET", &format!("{APP}/app.js"), &[("Origin", APP)], 200, &[], ""),
        entry(
            "OPTIONS",
            &format!("{API}/items"),
            &[("Origin", APP), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-api-key")],
            204,
            &[("Access-Control-Allow-Origin", APP), ("Access-Control-Allow-Methods", "PUT")],
            "",
        ),
        entry("PUT", &format!("{API}/items"), &[("Origin", APP), ("X-Api-Key", "k")], 0, &[], ""),
        entry(
            "GET",
            &format!("{API}/old"),
            &[("Origin", APP)],
            301,
            &[("Location", "/new"), ("Access-Control-Allow-Origin", APP)],
            &format!("{API}/new"),
        ),
        entry("GET", &format!("{API}/new"), &[("Origin", APP)], 200, &[("Access-Control-Allow-Origin", "https://other.example")], ""),
        entry(
            "GET",
            &format!("{API}/ok"),
            &[("Origin", APP), ("Cookie", "s=1")],
            200,
            &[("Access-Control-Allow-Origin", APP), ("Access-Control-Allow-Credentials", "true")],
            "",
        ),
    ]);
    let a = analyze_har(&text).unwrap();
    assert_eq!((a.entries, a.requests.len(), a.skipped), (7, 3, 4), "{:#?}", a.requests.iter().map(|r| &r.url).collect::<Vec<_>>());
    let put = &a.requests[0].report;
    assert_eq!((put.verdict, put.stage), (Verdict::Blocked, Some(Stage::Preflight)));
    assert_eq!(put.findings[0].chromium, vec![CorsError::HeaderDisallowedByPreflightResponse]);
    assert_eq!(put.findings[0].param.as_deref(), Some("x-api-key"));
    let redirected = &a.requests[1].report;
    assert_eq!(redirected.verdict, Verdict::Blocked);
    assert_eq!(redirected.findings[0].chromium, vec![CorsError::AllowOriginMismatch]);
    assert_eq!(redirected.findings[0].param.as_deref(), Some("https://other.example"));
    let ok = &a.requests[2].report;
    assert_eq!((ok.verdict, ok.request.credentials), (Verdict::Pass, corsprobe_engine::Credentials::Include));
}

#[test]
fn har_errors_are_specific() {
    assert!(matches!(analyze_har(""), Err(HarError::Empty)));
    let whole = har(vec![entry("GET", &format!("{API}/x"), &[("Origin", APP)], 200, &[], "")]);
    assert!(matches!(analyze_har(&whole[..whole.len() / 2]), Err(HarError::Truncated { .. })));
    assert!(matches!(analyze_har("<html>"), Err(HarError::NotJson { .. })));
    assert!(matches!(analyze_har("{\"entries\": []}"), Err(HarError::NotHar { .. })));
    for cut in (0..whole.len()).step_by(7) {
        let _ = analyze_har(&whole[..cut]);
    }
    for e in [HarError::Empty, HarError::Truncated { line: 1, column: 2 }] {
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn pasted_headers_are_judged_for_the_form_or_not_at_all() {
    use corsprobe_engine::input::{analysis_request, FormInput};
    use corsprobe_engine::Credentials;
    let form = FormInput {
        url: "https://api.example.com/items".into(),
        method: "GET".into(),
        headers: "X-Api-Key: 1".into(),
        body: "{\"left\":\"over\"}".into(),
        credentials: Credentials::Include,
        ..FormInput::from_request(&RequestSpec::get("https://api.example.com/items"))
    };
    // A GET with a body cannot be sent: no verdict for a look-alike request without the
    // person's header and credentials, but the reason, in the form's words.
    let problem = analysis_request(&form).unwrap_err();
    assert!(problem.contains("cannot be sent as it stands"), "{problem}");
    assert!(problem.to_lowercase().contains("body"), "{problem}");
    let sendable = FormInput { body: String::new(), ..form };
    let request = analysis_request(&sendable).unwrap();
    assert_eq!((request.credentials, request.header("x-api-key")), (Credentials::Include, Some("1")));
}

#[test]
fn an_allow_origin_chromium_may_parse_either_way_is_never_exact() {
    use corsprobe_engine::analyze::analyze_headers;
    let request = RequestSpec::get("http://127.0.0.1:9/x");
    let judged = |value: &str| {
        let text = format!("HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: {value}\r\n\r\n");
        let report = analyze_headers(&text, &request, "http://127.0.0.1:8").unwrap();
        let f = report.findings[0].clone();
        (f.certainty, f.chromium)
    };
    // GURL rejects these: Chromium says InvalidAllowOriginValue, not a mismatch.
    for invalid in ["http://a<b", "http://host:65536", "http://1.2.3.256", "http://a:b:80", "http://%zz"] {
        assert_eq!(judged(invalid), (Certainty::Exact, vec![CorsError::InvalidAllowOriginValue]), "{invalid}");
    }
    assert_eq!(judged("http://a_b.example"), (Certainty::Exact, vec![CorsError::AllowOriginMismatch]));
    // A non-ASCII host: IDNA decides in Chromium; the engine names both.
    assert_eq!(judged("http://bücher.example"), (Certainty::Likely, vec![CorsError::AllowOriginMismatch, CorsError::InvalidAllowOriginValue]));
}

/// Chromium's CorsDisabledScheme message (a cors fetch redirected to ftp:) reads as the
/// unsupported-scheme finding, and that finding names the error the message said.
#[test]
fn console_cors_disabled_scheme_names_its_error() {
    let text = "Access to fetch at 'ftp://localhost:8001/x' from origin 'http://127.0.0.1:8000' has been blocked by CORS policy: \
                Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.\n\
                Failed to load resource: net::ERR_FAILED";
    let report = &analyze_console(text, "http://127.0.0.1:8000", None).unwrap()[0];
    assert_eq!(report.verdict, Verdict::Blocked);
    let f = &report.findings[0];
    assert_eq!((f.id.as_str(), f.certainty, f.chromium.clone()), ("unsupported-scheme", Certainty::Exact, vec![CorsError::CorsDisabledScheme]));
}

/// `Failed to load resource: net::ERR_FAILED` alone is what Chromium prints for a
/// failure without a CORS error (redirect: "error" met a redirect): a network failure,
/// never claimed exactly, since a person may have left the CORS message out. With a
/// status on the line a response arrived, so the CORS message is missing: still refused.
#[test]
fn console_lone_err_failed_is_a_possible_network_failure() {
    let reports = analyze_console("Failed to load resource: net::ERR_FAILED", "http://127.0.0.1:8000", None).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].verdict, Verdict::Unreachable);
    let f = &reports[0].findings[0];
    assert_eq!((f.id.as_str(), f.certainty), ("unreachable", Certainty::Possible));
    assert!(f.why.contains("Access to fetch at"), "{}", f.why);
    assert!(analyze_console("GET https://api.example.com/v1 net::ERR_FAILED 200 (OK)", "http://127.0.0.1:8000", None).is_err());
}

/// DevTools' provisional headers (no `Origin`, no `Sec-Fetch-Mode`) hide the mode. A
/// response whose headers would block a CORS fetch, recorded with net::ERR_ABORTED
/// rather than CORS's net::ERR_FAILED, was not blocked by CORS (measured by the
/// differential test: a no-cors fetch whose body went unread); the same entry with
/// net::ERR_FAILED stays a (likely) CORS block.
#[test]
fn provisional_har_entry_without_cors_net_error_is_not_a_cors_block() {
    let with_error = |error: &str| {
        let mut e = entry(
            "GET",
            &format!("{API}/data"),
            &[("Referer", &format!("{APP}/"))],
            200,
            &[("Access-Control-Allow-Origin", "https://other.example")],
            "",
        );
        e["response"]["_error"] = json!(error);
        e["pageref"] = json!("page_1");
        let mut log: Value = serde_json::from_str(&har(vec![e])).unwrap();
        log["log"]["pages"] = json!([{"id": "page_1", "title": format!("{APP}/"), "startedDateTime": "2026-11-25T10:00:00.000Z", "pageTimings": {}}]);
        analyze_har(&log.to_string()).unwrap()
    };
    let aborted = with_error("net::ERR_ABORTED");
    let report = &aborted.requests[0].report;
    assert_eq!(report.verdict, Verdict::Pass, "{report:#?}");
    assert!(report.findings.iter().all(|f| f.certainty != Certainty::Exact), "{report:#?}");
    assert!(report.findings.iter().any(|f| f.evidence.iter().any(|e| e.contains("net::ERR_ABORTED") && e.contains("no-cors"))), "{report:#?}");
    let failed = with_error("net::ERR_FAILED");
    let report = &failed.requests[0].report;
    assert_eq!(report.verdict, Verdict::Blocked, "{report:#?}");
    assert_eq!((report.findings[0].chromium.clone(), report.findings[0].certainty), (vec![CorsError::AllowOriginMismatch], Certainty::Likely));
}

/// After a redirect to another origin the browser asks with `Origin: null`; `curl -L`
/// keeps the page's origin. An answer that does not show it was asked with `null` is
/// not judged exactly (differential test, curl path, seed 61205: a server echoing the
/// origin, which Chromium passed); one that shows `> Origin: null` still is.
#[test]
fn answers_not_asked_with_the_null_origin_are_not_judged_exactly() {
    let request = corsprobe_engine::RequestSpec::get(format!("{API}/old"));
    let curl_i = format!(
        "HTTP/1.1 302 Found\naccess-control-allow-origin: {APP}\nlocation: https://other.example.net/new\n\nHTTP/1.1 200 OK\naccess-control-allow-origin: {APP}\n"
    );
    let r = corsprobe_engine::analyze::analyze_headers(&curl_i, &request, APP).unwrap();
    assert_eq!(r.verdict, Verdict::Blocked);
    assert!(r.findings.iter().all(|f| f.certainty != Certainty::Exact || f.chromium.is_empty()), "{:#?}", r.findings);
    assert!(r.findings[0].evidence.iter().any(|e| e.contains("Origin: null")));
    // The one step that settles it leads the commands: the command line asks every hop
    // as the browser does.
    assert!(r.curl[0].settles && r.curl[0].label.contains("Origin: null"), "{:#?}", r.curl);
    assert_eq!(r.curl[0].command, format!("corsprobe check '{API}/old' --origin '{APP}'"));
    assert_eq!(r.curl.iter().filter(|c| c.settles).count(), 1);
    let curl_v = format!(
        "> GET /old HTTP/1.1\n> Origin: {APP}\n>\n< HTTP/1.1 302 Found\n< access-control-allow-origin: {APP}\n< location: https://other.example.net/new\n<\n> GET /new HTTP/1.1\n> Origin: null\n>\n< HTTP/1.1 200 OK\n< access-control-allow-origin: {APP}\n<\n"
    );
    let r = corsprobe_engine::analyze::analyze_headers(&curl_v, &request, APP).unwrap();
    assert_eq!(
        (r.findings[0].chromium.clone(), r.findings[0].certainty),
        (vec![CorsError::AllowOriginMismatch], Certainty::Exact),
        "{:#?}",
        r.findings
    );
    assert!(r.curl.iter().all(|c| !c.settles), "settled already: {:#?}", r.curl);
}

#[test]
fn a_preflight_after_a_redirect_that_was_not_pasted_names_the_step_that_asks_it() {
    let mut request = corsprobe_engine::RequestSpec::get(format!("{API}/old"));
    request.method = "PUT".into();
    request.headers.push(corsprobe_engine::Header { name: "X-Api-Key".into(), value: "k'1".into() });
    let pasted = format!(
        "HTTP/1.1 204 No Content\naccess-control-allow-origin: {APP}\naccess-control-allow-methods: PUT\naccess-control-allow-headers: x-api-key\n\nHTTP/1.1 307 Temporary Redirect\naccess-control-allow-origin: {APP}\nlocation: {API}/new\n\nHTTP/1.1 200 OK\naccess-control-allow-origin: {APP}\n"
    );
    let r = corsprobe_engine::analyze::analyze_headers(&pasted, &request, APP).unwrap();
    assert_eq!(r.findings[0].id, "headers-incomplete", "{:#?}", r.findings);
    assert!(r.curl[0].settles, "{:#?}", r.curl);
    assert_eq!(r.curl[0].command, format!("corsprobe check '{API}/old' --origin '{APP}' -X 'PUT' \\\n  -H 'X-Api-Key: k'\\''1'"));
}

#[test]
fn allow_methods_on_every_response_does_not_make_a_simple_requests_answer_a_preflight() {
    // Apache's `Header always set Access-Control-Allow-Methods` (measured on a real Apache
    // by harness/tests/real_servers_difftest.rs): `curl -i` of a simple GET.
    let pasted = format!(
        "HTTP/1.1 200 OK\nServer: Apache/2.4.71 (Debian)\nAccess-Control-Allow-Origin: {APP}\nAccess-Control-Allow-Methods: GET, POST\nVary: Origin\nContent-Length: 11\n\n{{\"ok\":true}}\n"
    );
    let get = corsprobe_engine::RequestSpec::get(format!("{API}/data"));
    let r = corsprobe_engine::analyze::analyze_headers(&pasted, &get, APP).unwrap();
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
    // A request that is preflighted still reads such an answer as the preflight's (which
    // decides first: PUT is not in its list).
    let put = corsprobe_engine::RequestSpec { method: "PUT".into(), ..get.clone() };
    let r = corsprobe_engine::analyze::analyze_headers(&pasted, &put, APP).unwrap();
    assert_eq!(r.findings[0].id, "method-not-allowed", "{:#?}", r.findings);
    // And the preflight's answer followed by the request's, both with the list (`curl -i`
    // of corsprobe's two commands): the second is the request's, not a second preflight,
    // which only a redirect brings.
    let post = corsprobe_engine::RequestSpec {
        method: "POST".into(),
        headers: vec![corsprobe_engine::Header { name: "X-Api-Key".into(), value: "k".into() }],
        ..get
    };
    let preflight = format!("HTTP/1.1 204 No Content\nAccess-Control-Allow-Origin: {APP}\nAccess-Control-Allow-Methods: GET, POST\nAccess-Control-Allow-Headers: x-api-key\n\n");
    let r = corsprobe_engine::analyze::analyze_headers(&format!("{preflight}{pasted}"), &post, APP).unwrap();
    assert_eq!(r.verdict, Verdict::Pass, "{:#?}", r.findings);
}
