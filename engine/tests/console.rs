//! The console-paste reader: every Chromium template (Chromium's own wording, from
//! `cors_error_string.cc` and `fetch_manager.cc`), every Firefox reason (MDN's list and
//! `security.properties`), WebKit's messages, pasted noise — and, above all, the messages
//! recorded from the real browsers: `harness/fixtures/console/chromium.json` (Chromium,
//! by `harness/tests/record_console.rs`) and `harness/fixtures/firefox/lab.json` (Firefox,
//! by `harness/tests/lab_in_firefox.rs`).

mod common;
use common::{expand, fixture};
use corsprobe_engine::console::{parse_console, ConsoleBrowser, ConsoleError, ConsoleParseError};
use corsprobe_engine::{CorsError, CorsError::*, Stage};

fn one(text: &str) -> ConsoleError {
    match parse_console(text) {
        Ok(mut v) if v.len() == 1 => v.remove(0),
        other => panic!("expected one error from {text:?}, got {other:#?}"),
    }
}

fn cut_everywhere_without_panic(text: &str) {
    for (at, _) in text.char_indices() {
        let _ = parse_console(&text[..at]);
        let _ = parse_console(&text[at..]);
    }
}

// ---- Recorded from real browsers.

#[test]
fn every_recorded_chromium_message_reads_back_as_the_lab_documents() {
    let records = fixture("../harness/fixtures/console/chromium.json");
    let records = records.as_array().expect("an array of cases");
    assert!(records.len() >= 50, "the recording covers every lab case");
    let (mut with_message, mut exact) = (0, 0);
    for r in records {
        let case = r["case"].as_str().unwrap();
        let (app, lab, url) = (r["origin"].as_str().unwrap(), r["lab_origin"].as_str().unwrap(), r["url"].as_str().unwrap());
        let messages: Vec<&str> = r["messages"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        for m in &messages {
            cut_everywhere_without_panic(m);
        }
        if messages.is_empty() {
            assert_eq!(r["expected"], "pass", "{case}: only passing requests print nothing");
            continue;
        }
        with_message += 1;
        let found = one(&messages.join("\n"));
        if r["expected"] == "unreachable" {
            assert_eq!((found.error, found.stage), (None, Some(Stage::Network)), "{case}");
            assert_eq!(found.net_error.as_deref(), Some("net::ERR_CONNECTION_REFUSED"), "{case}");
            exact += 1;
            continue;
        }
        let expected = &r["expected"];
        let error = CorsError::from_name(expected["error"].as_str().unwrap()).unwrap();
        let param = expand(expected["param"].as_str().unwrap(), app, lab);
        // The recording agrees with Chromium's own verdict, and the message with both.
        assert_eq!(r["chromium_verdict"]["error"], expected["error"], "{case}: Chromium's verdict");
        assert_eq!(r["chromium_verdict"]["param"].as_str(), Some(param.as_str()), "{case}: Chromium's failedParameter");
        assert_eq!(found.browser, ConsoleBrowser::Chromium, "{case}");
        assert_eq!(found.error, Some(error), "{case}: {found:#?}");
        assert_eq!(found.candidates, vec![error], "{case}");
        assert_eq!(found.param.as_deref().unwrap_or(""), param, "{case}");
        assert_eq!(found.stage, Some(error.stage()), "{case}");
        assert_eq!(found.redirected_from.as_deref().or(found.url.as_deref()), Some(url), "{case}");
        if let Some(origin) = &found.origin {
            assert_eq!(origin, app, "{case}");
        }
        if messages.iter().any(|m| m.contains("net::ERR_FAILED")) {
            assert_eq!(found.net_error.as_deref(), Some("net::ERR_FAILED"), "{case}");
        }
        // The CORS message alone reads the same.
        let alone = one(messages[0]);
        assert_eq!((alone.error, alone.param.clone()), (found.error, found.param.clone()), "{case}");
        exact += 1;
    }
    assert_eq!(exact, with_message);
    assert!(with_message >= 40, "{with_message} recorded cases printed a message");
}

#[test]
fn recorded_firefox_messages_name_chromiums_error_among_their_candidates() {
    let recording = fixture("../harness/fixtures/firefox/lab.json");
    let mut checked = 0;
    for r in recording["cases"].as_array().unwrap() {
        let case = r["case"].as_str().unwrap();
        let console: Vec<&str> = r["firefox"]["console"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        if console.is_empty() {
            continue;
        }
        for m in &console {
            cut_everywhere_without_panic(m);
        }
        let (app, lab, url) = (r["origin"].as_str().unwrap(), r["lab_origin"].as_str().unwrap(), r["url"].as_str().unwrap());
        let found = one(&console.join("\n"));
        assert_eq!(found.browser, ConsoleBrowser::Firefox, "{case}");
        checked += 1;
        if r["firefox"]["verdict"] == "unreachable" {
            // A refused connection, and Firefox's refusal of a user:password redirect.
            assert_eq!((found.error, found.stage), (None, Some(Stage::Network)), "{case}");
            assert_eq!(found.firefox_reason.as_deref(), Some("CORS request did not succeed"), "{case}");
            continue;
        }
        let chromium = &r["chromium"];
        let error = CorsError::from_name(chromium["error"].as_str().unwrap()).unwrap();
        assert!(found.candidates.contains(&error), "{case}: {error:?} not among {:?}", found.candidates);
        if let Some(e) = found.error {
            assert_eq!(e, error, "{case}: Firefox's message settles on another error");
        }
        if found.url.is_some() || case != "mode-same-origin" {
            let want = if case == "redirect-target-without-cors" { format!("{lab}/case/missing-allow-origin") } else { url.to_string() };
            assert_eq!(found.url.as_deref(), Some(want.as_str()), "{case}");
        }
        if matches!(error.on_preflight(), PreflightAllowOriginMismatch | PreflightMultipleAllowOriginValues | PreflightInvalidAllowOriginValue)
            || error == HeaderDisallowedByPreflightResponse
        {
            let param = expand(chromium["param"].as_str().unwrap(), app, lab);
            assert_eq!(found.param.as_deref(), Some(param.as_str()), "{case}");
        }
        if let Some(status) = r["firefox"]["status"].as_u64() {
            assert_eq!(found.http_status, Some(status as u16), "{case}");
        }
    }
    assert!(checked >= 35, "{checked} Firefox cases with messages");
    // What the recording shows beyond the candidates.
    let by_case = |id: &str| {
        let r = recording["cases"].as_array().unwrap().iter().find(|r| r["case"] == id).unwrap();
        let lines: Vec<&str> = r["firefox"]["console"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
        one(&lines.join("\n"))
    };
    // A failed preflight is followed by "CORS request did not succeed" for the same URL.
    assert_eq!(by_case("preflight-auth-before-cors").error, Some(PreflightMissingAllowOriginHeader));
    assert_eq!(by_case("preflight-allow-origin-multiple").error, Some(PreflightMultipleAllowOriginValues));
    assert_eq!(by_case("preflight-wildcard-with-credentials").error, Some(PreflightWildcardOriginNotAllowed));
    assert_eq!(by_case("missing-allow-origin").candidates, vec![MissingAllowOriginHeader, PreflightMissingAllowOriginHeader]);
    let redirect = by_case("preflight-redirect");
    assert_eq!((redirect.error, redirect.http_status), (Some(PreflightDisallowedRedirect), Some(302)));
    let status = by_case("cors-only-on-success-500");
    assert_eq!((status.http_status, status.stage), (Some(500), None));
    assert_eq!(by_case("allow-origin-no-scheme").candidates, vec![InvalidAllowOriginValue, PreflightInvalidAllowOriginValue]);
    assert_eq!(by_case("mode-same-origin").origin.as_deref(), Some(recording["cases"][0]["origin"].as_str().unwrap()));
}

// ---- Chromium's templates.

const URL: &str = "https://api.example.com/v1/items?page=2";
const ORIGIN: &str = "https://app.example.com";

fn chromium(kind: &str, reason: &str) -> String {
    format!("Access to {kind} at '{URL}' from origin '{ORIGIN}' has been blocked by CORS policy: {reason}")
}

/// Every sentence of `GetErrorStringForConsoleMessage`, with the error and parameter it
/// stands for. Response-check sentences are also checked behind the preflight prefix.
fn chromium_templates() -> Vec<(String, CorsError, Option<&'static str>)> {
    let s = |t: &str| t.to_string();
    vec![
        (s("Cross origin requests are not allowed by request mode."), DisallowedByMode, None),
        (s("The response is invalid."), InvalidResponse, None),
        (s("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'."), WildcardOriginNotAllowed, None),
        (s("No 'Access-Control-Allow-Origin' header is present on the requested resource."), MissingAllowOriginHeader, None),
        (s("The 'Access-Control-Allow-Origin' header contains multiple values 'https://a.example, https://b.example', but only one is allowed. Have the server send the header with a valid value."), MultipleAllowOriginValues, Some("https://a.example, https://b.example")),
        (s("The 'Access-Control-Allow-Origin' header contains the invalid value 'app.example.com'. Have the server send the header with a valid value."), InvalidAllowOriginValue, Some("app.example.com")),
        (s("The 'Access-Control-Allow-Origin' header has a value 'https://staging.example.com' that is not equal to the supplied origin. Have the server send the header with a valid value."), AllowOriginMismatch, Some("https://staging.example.com")),
        (s("The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'."), InvalidAllowCredentials, Some("True")),
        (s("Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, data, http, https, isolated-app."), CorsDisabledScheme, None),
        (s("Response to preflight request doesn't pass access control check: It does not have HTTP ok status."), PreflightInvalidStatus, None),
        (s("Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request."), PreflightDisallowedRedirect, None),
        (s("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `private` address space."), PreflightMissingAllowPrivateNetwork, Some("private")),
        (s("Response to preflight request doesn't pass access control check: The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `local` address space had a value of 'yes',  not 'true'."), PreflightInvalidAllowPrivateNetwork, Some("yes")),
        (s("Cannot parse Access-Control-Allow-Methods response header field in preflight response."), InvalidAllowMethodsPreflightResponse, None),
        (s("Cannot parse Access-Control-Allow-Headers response header field in preflight response."), InvalidAllowHeadersPreflightResponse, None),
        (s("Method DELETE is not allowed by Access-Control-Allow-Methods in preflight response."), MethodDisallowedByPreflightResponse, Some("DELETE")),
        (s("Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response."), HeaderDisallowedByPreflightResponse, Some("authorization")),
        (s("Redirect location 'https://user:pw@api.example.com/' contains a username and password, which is disallowed for cross-origin requests."), RedirectContainsCredentials, Some("https://user:pw@api.example.com/")),
        (s("Request had a target IP address space of `public` yet the resource is in address space `loopback`."), InvalidPrivateNetworkAccess, Some("loopback")),
        (s("Request had no target IP address space, yet the resource is in address space `local`."), UnexpectedPrivateNetworkAccess, Some("local")),
        (s("Response to preflight request doesn't pass access control check: No 'Private-Network-Access-Id' header was present in the preflight response for this private network request targeting the `local` address space."), PreflightMissingPrivateNetworkAccessId, Some("local")),
        (s("Response to preflight request doesn't pass access control check: No 'Private-Network-Access-Name' header was present in the preflight response for this private network request targeting the `local` address space."), PreflightMissingPrivateNetworkAccessName, Some("local")),
        (s("Unable to ask for permission to access the `loopback` IP address space."), PrivateNetworkAccessPermissionUnavailable, Some("loopback")),
    ]
}

#[test]
fn every_chromium_template_maps_to_its_error_and_parameter() {
    let mut seen = std::collections::BTreeSet::new();
    for (reason, error, param) in chromium_templates() {
        let found = one(&chromium("fetch", &reason));
        assert_eq!(found.browser, ConsoleBrowser::Chromium, "{reason}");
        assert_eq!(found.error, Some(error), "{reason}");
        assert_eq!(found.candidates, vec![error], "{reason}");
        assert_eq!(found.param.as_deref(), param, "{reason}");
        assert_eq!(found.stage, Some(error.stage()), "{reason}");
        assert_eq!((found.url.as_deref(), found.origin.as_deref()), (Some(URL), Some(ORIGIN)), "{reason}");
        seen.insert(error);
        // The response checks, run on the preflight.
        if error.on_preflight() != error {
            let found = one(&chromium("fetch", &format!("Response to preflight request doesn't pass access control check: {reason}")));
            assert_eq!((found.error, found.param.as_deref()), (Some(error.on_preflight()), param), "preflight {reason}");
            assert_eq!(found.stage, Some(Stage::Preflight));
            seen.insert(error.on_preflight());
        }
        // Without the "Access to …" part, too.
        assert_eq!(one(&reason).error, found.error, "bare {reason}");
        cut_everywhere_without_panic(&chromium("fetch", &reason));
    }
    // Both permission errors print one sentence.
    let denied = one(&chromium("fetch", "Permission was denied for this request to access the `local` address space."));
    assert_eq!(denied.error, None);
    assert_eq!(denied.candidates, vec![PrivateNetworkAccessPermissionDenied, LocalNetworkAccessPermissionDenied]);
    assert_eq!((denied.param.as_deref(), denied.stage), (Some("local"), Some(Stage::Network)));
    seen.extend(denied.candidates);
    // One sentence for an insecure page reaching a more private space, under Chromium
    // 156's name and the older Private Network Access one.
    let insecure =
        one(&chromium("fetch", "The request client is not a secure context and the resource is in more-private address space `loopback`."));
    assert_eq!(insecure.candidates, vec![InsecureLocalNetwork, InsecurePrivateNetwork]);
    assert_eq!((insecure.param.as_deref(), insecure.stage), (Some("loopback"), Some(Stage::Network)));
    seen.extend(insecure.candidates);
    // The request-mode refusals (fetch_manager.cc).
    let mode = one(&format!(
        "Fetch API cannot load {URL}. Request mode is \"same-origin\" but the URL's origin is not same as the request origin {ORIGIN}."
    ));
    assert_eq!((mode.error, mode.url.as_deref(), mode.origin.as_deref()), (Some(DisallowedByMode), Some(URL), Some(ORIGIN)));
    let redirect = one(&format!("Fetch API cannot load {URL}. Request mode is \"no-cors\" but the redirect mode is not \"follow\"."));
    assert_eq!((redirect.error, redirect.stage), (Some(NoCorsRedirectModeNotFollow), Some(Stage::Input)));
    seen.insert(NoCorsRedirectModeNotFollow);
    let scheme = one("Fetch API cannot load ftp://files.example.com/a.txt. URL scheme \"ftp\" is not supported.");
    assert_eq!(
        (scheme.error, scheme.param.as_deref(), scheme.url.as_deref()),
        (Some(CorsDisabledScheme), Some("ftp"), Some("ftp://files.example.com/a.txt"))
    );
    // Every CorsError Chromium has a console sentence for is covered.
    let uncovered: Vec<_> = CorsError::ALL.iter().filter(|e| !seen.contains(e)).collect();
    assert!(uncovered.is_empty(), "no template read for {uncovered:?}");
}

#[test]
fn chromium_variants_initiators_suffixes_and_redirects() {
    // XMLHttpRequest and other initiators; the suffixes older versions add.
    let xhr = one(&chromium("XMLHttpRequest", "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute."));
    assert_eq!(xhr.error, Some(WildcardOriginNotAllowed));
    let font = one(&chromium("font", "No 'Access-Control-Allow-Origin' header is present on the requested resource."));
    assert_eq!(font.error, Some(MissingAllowOriginHeader));
    let css = one(&chromium("CSS stylesheet", "No 'Access-Control-Allow-Origin' header is present on the requested resource. If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled."));
    assert_eq!(css.error, Some(MissingAllowOriginHeader));
    let old = one(&chromium("fetch", "The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin. Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled."));
    assert_eq!((old.error, old.param.as_deref()), (Some(AllowOriginMismatch), Some("null")));
    // A blocked redirect target names both URLs.
    let redirected = one(&format!("Access to fetch at 'https://cdn.example.com/x' (redirected from '{URL}') from origin '{ORIGIN}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."));
    assert_eq!(redirected.url.as_deref(), Some("https://cdn.example.com/x"));
    assert_eq!(redirected.redirected_from.as_deref(), Some(URL));
    assert_eq!(redirected.origin.as_deref(), Some(ORIGIN));
    // Hints with non-printable characters are escaped as \uXXXX by Chromium.
    let escaped = one(&chromium(
        "fetch",
        "The 'Access-Control-Allow-Origin' header has a value 'https://caf\\u00E9.example' that is not equal to the supplied origin.",
    ));
    assert_eq!(escaped.param.as_deref(), Some("https://café.example"));
    // An opaque page origin.
    let null_origin = one(&format!("Access to fetch at '{URL}' from origin 'null' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource."));
    assert_eq!(null_origin.origin.as_deref(), Some("null"));
}

#[test]
fn older_chromium_wording() {
    let failed = one(&format!("Failed to load {URL}: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin '{ORIGIN}' is therefore not allowed access. The response had HTTP status code 404."));
    assert_eq!(
        (failed.error, failed.url.as_deref(), failed.origin.as_deref(), failed.http_status),
        (Some(MissingAllowOriginHeader), Some(URL), Some(ORIGIN), Some(404))
    );
    let status = one(&format!("Failed to load {URL}: Response for preflight has invalid HTTP status code 405"));
    assert_eq!((status.error, status.http_status), (Some(PreflightInvalidStatus), Some(405)));
    let redirect = one(&format!("Failed to load {URL}: Response for preflight is invalid (redirect)"));
    assert_eq!(redirect.error, Some(PreflightDisallowedRedirect));
    let xhr = one(&format!("XMLHttpRequest cannot load {URL}. Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin '{ORIGIN}' is therefore not allowed access."));
    assert_eq!((xhr.error, xhr.origin.as_deref()), (Some(PreflightMissingAllowOriginHeader), Some(ORIGIN)));
    let hop = one(&format!("Redirect from '{URL}' to 'https://login.example.com/' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource. Origin '{ORIGIN}' is therefore not allowed access."));
    assert_eq!(
        (hop.error, hop.stage, hop.url.as_deref(), hop.redirected_from.as_deref()),
        (Some(MissingAllowOriginHeader), Some(Stage::Redirect), Some("https://login.example.com/"), Some(URL))
    );
    let creds = one(&format!("Failed to load {URL}: Credentials flag is 'true', but the 'Access-Control-Allow-Credentials' header is ''. It must be 'true' to allow credentials. Origin '{ORIGIN}' is therefore not allowed access."));
    assert_eq!((creds.error, creds.param.as_deref()), (Some(InvalidAllowCredentials), Some("")));
    let wildcard = one(&format!("Failed to load {URL}: A wildcard '*' cannot be used in the 'Access-Control-Allow-Origin' header when the credentials flag is true. Origin '{ORIGIN}' is therefore not allowed access."));
    assert_eq!(wildcard.error, Some(WildcardOriginNotAllowed));
    let external = one(&chromium("fetch", "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-External' header was present in the preflight response for this external request (This is an experimental header which is defined in 'https://wicg.github.io/cors-rfc1918/')."));
    assert_eq!(external.error, Some(PreflightMissingAllowPrivateNetwork));
}

// ---- Firefox.

fn firefox(reason: &str, status: &str) -> String {
    format!("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {URL}. (Reason: {reason}).{status}")
}

#[test]
fn every_firefox_reason_maps_to_its_candidates() {
    let both = |e: CorsError| vec![e, e.on_preflight()];
    type Row = (&'static str, Vec<CorsError>, Option<&'static str>, Option<Stage>);
    let table: Vec<Row> = vec![
        ("CORS disabled", vec![], None, None),
        ("CORS request did not succeed", vec![], None, Some(Stage::Network)),
        ("CORS header ‘Origin’ cannot be added", vec![], None, None),
        ("CORS request external redirect not allowed", vec![PreflightDisallowedRedirect], None, Some(Stage::Preflight)),
        ("CORS request not http", vec![CorsDisabledScheme], None, Some(Stage::Input)),
        ("CORS request not HTTP", vec![CorsDisabledScheme], None, Some(Stage::Input)),
        ("CORS header ‘Access-Control-Allow-Origin’ missing", both(MissingAllowOriginHeader), None, None),
        (
            "CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://staging.example.com’",
            both(AllowOriginMismatch),
            Some("https://staging.example.com"),
            None,
        ),
        (
            "CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://a.example, https://b.example’",
            both(MultipleAllowOriginValues),
            Some("https://a.example, https://b.example"),
            None,
        ),
        ("CORS header ‘Access-Control-Allow-Origin’ does not match ‘app.example.com’", both(InvalidAllowOriginValue), Some("app.example.com"), None),
        ("CORS header ‘Access-Control-Allow-Origin’ does not match ‘xyz (1)’", both(MultipleAllowOriginValues), Some("xyz (1)"), None),
        ("Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’", both(WildcardOriginNotAllowed), None, None),
        (
            "Did not find method in CORS header ‘Access-Control-Allow-Methods’",
            vec![MethodDisallowedByPreflightResponse],
            None,
            Some(Stage::Preflight),
        ),
        ("expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’", both(InvalidAllowCredentials), None, None),
        ("CORS preflight channel did not succeed", vec![PreflightInvalidStatus, PreflightDisallowedRedirect], None, Some(Stage::Preflight)),
        ("CORS preflight response did not succeed", vec![PreflightInvalidStatus, PreflightDisallowedRedirect], None, Some(Stage::Preflight)),
        (
            "invalid token ‘PUT DELETE’ in CORS header ‘Access-Control-Allow-Methods’",
            vec![InvalidAllowMethodsPreflightResponse],
            Some("PUT DELETE"),
            Some(Stage::Preflight),
        ),
        (
            "invalid token ‘x-a x-b’ in CORS header ‘Access-Control-Allow-Headers’",
            vec![InvalidAllowHeadersPreflightResponse],
            Some("x-a x-b"),
            Some(Stage::Preflight),
        ),
        (
            "missing token ‘X-Api-Key’ in CORS header ‘Access-Control-Allow-Headers’ from CORS preflight channel",
            vec![HeaderDisallowedByPreflightResponse],
            Some("x-api-key"),
            Some(Stage::Preflight),
        ),
        (
            "header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response",
            vec![HeaderDisallowedByPreflightResponse],
            Some("x-api-key"),
            Some(Stage::Preflight),
        ),
        ("Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed", both(MultipleAllowOriginValues), None, None),
    ];
    for (reason, candidates, param, stage) in table {
        let text = firefox(reason, "");
        let found = one(&text);
        assert_eq!(found.browser, ConsoleBrowser::Firefox, "{reason}");
        assert_eq!(found.candidates, candidates, "{reason}");
        assert_eq!(found.error, (candidates.len() == 1).then(|| candidates[0]), "{reason}");
        assert_eq!(found.param.as_deref(), param, "{reason}");
        assert_eq!(found.stage, stage, "{reason}");
        assert_eq!(found.url.as_deref(), Some(URL), "{reason}");
        assert_eq!(found.firefox_reason.as_deref(), Some(reason.replace(['‘', '’'], "'").as_str()), "{reason}");
        cut_everywhere_without_panic(&text);
    }
    // The status code Firefox adds, and what it settles.
    let missing = one(&firefox("CORS header ‘Access-Control-Allow-Origin’ missing", " Status code: 401."));
    assert_eq!(missing.http_status, Some(401));
    let null = one(&firefox("CORS request did not succeed", " Status code: (null)."));
    assert_eq!((null.http_status, null.stage), (None, Some(Stage::Network)));
    let status = one(&firefox("CORS preflight response did not succeed", " Status code: 405."));
    assert_eq!((status.error, status.http_status), (Some(PreflightInvalidStatus), Some(405)));
    let moved = one(&firefox("CORS preflight response did not succeed", " Status code: 301."));
    assert_eq!(moved.error, Some(PreflightDisallowedRedirect));
    // The warning about Authorization under `*`, and the reason alone.
    let warning = one(&format!("Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at {URL} soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`)."));
    assert_eq!((warning.error, warning.candidates.len(), warning.url.as_deref()), (None, 0, Some(URL)));
    let bare = one("(Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.");
    assert_eq!((bare.http_status, bare.url), (Some(404), None));
    // Firefox's same-origin mode refusal.
    let mode = one("Security Error: Content at https://app.example.com/dashboard may not load data from https://api.example.com/v1.");
    assert_eq!((mode.error, mode.origin.as_deref(), mode.url.as_deref()), (Some(DisallowedByMode), Some(ORIGIN), Some("https://api.example.com/v1")));
}

// ---- Safari / WebKit.

#[test]
fn safari_messages() {
    // What Safari prints for one blocked fetch: the cause, the URL, the cause again.
    let paste = "[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 404\n\
                 [Error] Fetch API cannot load https://api.example.com/v1/items?page=2 due to access control checks.\n\
                 [Error] Failed to load resource: Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 404 (items, line 0)";
    let found = one(paste);
    assert_eq!(found.browser, ConsoleBrowser::Safari);
    assert_eq!((found.url.as_deref(), found.origin.as_deref(), found.http_status), (Some(URL), Some(ORIGIN), Some(404)));
    assert_eq!(found.error, None);
    assert_eq!(
        found.candidates,
        vec![
            MissingAllowOriginHeader,
            AllowOriginMismatch,
            InvalidAllowOriginValue,
            PreflightMissingAllowOriginHeader,
            PreflightAllowOriginMismatch,
            PreflightInvalidAllowOriginValue
        ]
    );
    assert_eq!(found.raw.lines().count(), 3);

    type Row = (&'static str, Vec<CorsError>, Option<&'static str>, Option<u16>);
    let cases: Vec<Row> = vec![
        (
            "Request header field X-Api-Key is not allowed by Access-Control-Allow-Headers.",
            vec![HeaderDisallowedByPreflightResponse],
            Some("x-api-key"),
            None,
        ),
        ("Method PATCH is not allowed by Access-Control-Allow-Methods.", vec![MethodDisallowedByPreflightResponse], Some("PATCH"), None),
        ("Preflight response is not successful. Status code: 401", vec![PreflightInvalidStatus], None, Some(401)),
        ("Preflight response is not successful. Status code: 302", vec![PreflightDisallowedRedirect], None, Some(302)),
        (
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
            vec![WildcardOriginNotAllowed, PreflightWildcardOriginNotAllowed],
            None,
            None,
        ),
        (
            "Access-Control-Allow-Origin cannot contain more than one origin.",
            vec![MultipleAllowOriginValues, PreflightMultipleAllowOriginValues],
            None,
            None,
        ),
        (
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
            vec![InvalidAllowCredentials, PreflightInvalidAllowCredentials],
            None,
            None,
        ),
        (
            "Header Access-Control-Allow-Methods has an invalid value: PUT DELETE",
            vec![InvalidAllowMethodsPreflightResponse],
            Some("PUT DELETE"),
            None,
        ),
        ("Header Access-Control-Allow-Headers has an invalid value: x-a x-b", vec![InvalidAllowHeadersPreflightResponse], Some("x-a x-b"), None),
        (
            "Origin null is not allowed by Access-Control-Allow-Origin.",
            vec![
                MissingAllowOriginHeader,
                AllowOriginMismatch,
                InvalidAllowOriginValue,
                PreflightMissingAllowOriginHeader,
                PreflightAllowOriginMismatch,
                PreflightInvalidAllowOriginValue,
            ],
            None,
            None,
        ),
    ];
    for (message, candidates, param, status) in cases {
        for text in [format!("[Error] {message}"), format!("[Error] Failed to load resource: {message}"), message.to_string()] {
            let found = one(&text);
            assert_eq!(found.browser, ConsoleBrowser::Safari, "{text}");
            assert_eq!(found.candidates, candidates, "{text}");
            assert_eq!(found.error, (candidates.len() == 1).then(|| candidates[0]), "{text}");
            assert_eq!((found.param.as_deref(), found.http_status), (param, status), "{text}");
            cut_everywhere_without_panic(&text);
        }
    }
    // A redirect refused by CORS.
    let hop = one("[Error] Cross-origin redirection to https://login.example.com/ denied by Cross-Origin Resource Sharing policy: Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 302");
    assert_eq!(
        (hop.url.as_deref(), hop.stage, hop.http_status, hop.origin.as_deref()),
        (Some("https://login.example.com/"), Some(Stage::Redirect), Some(302), Some(ORIGIN))
    );
    let creds = one("Cross-origin redirection to https://u:p@api.example.com/ denied by Cross-Origin Resource Sharing policy: redirection URL https://u:p@api.example.com/ has credentials");
    assert_eq!(creds.error, Some(RedirectContainsCredentials));
    // The URL line alone still says the request was blocked.
    let generic = one("[Error] XMLHttpRequest cannot load https://api.example.com/v1/items?page=2 due to access control checks.");
    assert_eq!((generic.url.as_deref(), generic.error, generic.candidates.len()), (Some(URL), None, 0));
    // Older Safari put the cause after the URL.
    let old = one(&format!("Fetch API cannot load {URL}. Origin {ORIGIN} is not allowed by Access-Control-Allow-Origin."));
    assert_eq!((old.browser, old.url.as_deref(), old.origin.as_deref()), (ConsoleBrowser::Safari, Some(URL), Some(ORIGIN)));
    // A network failure, not CORS.
    let offline = one("[Error] Failed to load resource: Could not connect to the server. (items, line 0)");
    assert_eq!(
        (offline.browser, offline.stage, offline.net_error.as_deref()),
        (ConsoleBrowser::Safari, Some(Stage::Network), Some("Could not connect to the server."))
    );
    // A terminal wrapped it.
    let wrapped = one(
        "│    [Error] Failed to load resource: Request header field ngrok-skip-browser-warning is not allowed by\n│    Access-Control-Allow-Headers.",
    );
    assert_eq!((wrapped.error, wrapped.param.as_deref()), (Some(HeaderDisallowedByPreflightResponse), Some("ngrok-skip-browser-warning")));
}

// ---- Pasted noise.

#[test]
fn a_whole_devtools_console_with_noise() {
    let paste = "12:01:33.512 dashboard:1 Access to fetch at ‘https://api.example.com/v1/items?page=2’ from origin ‘https://app.example.com’ has been blocked by CORS policy: Response to preflight request doesn’t pass access control check: It does not have HTTP ok status.\r\n\
                 12:01:33.513 api.js:14 \r\n\
                 \x20      PUT https://api.example.com/v1/items?page=2 net::ERR_FAILED\r\n\
                 (anonymous) @ api.js:14\r\n\
                 12:01:33.514 dashboard:1 Uncaught (in promise) TypeError: Failed to fetch\r\n\
                 \x20   at save (api.js:14:3)\r\n\
                 [HMR] connected\r\n\
                 dashboard:1 Access to XMLHttpRequest at 'https://cdn.example.com/font.woff2' from origin 'https://app.example.com' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\r\n\
                 client.js:88          GET https://cdn.example.com/font.woff2 net::ERR_FAILED 404 (Not Found)\r\n\
                 GET https://other.example.com/ping net::ERR_NAME_NOT_RESOLVED\r\n";
    let found = parse_console(paste).unwrap();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(
        (found[0].error, found[0].url.as_deref(), found[0].net_error.as_deref()),
        (Some(PreflightInvalidStatus), Some(URL), Some("net::ERR_FAILED"))
    );
    assert_eq!(found[0].http_status, None);
    assert!(found[0].raw.starts_with("12:01:33.512 dashboard:1 Access to fetch"), "{}", found[0].raw);
    assert_eq!((found[1].error, found[1].http_status), (Some(MissingAllowOriginHeader), Some(404)));
    assert_eq!((found[2].error, found[2].stage, found[2].net_error.as_deref()), (None, Some(Stage::Network), Some("net::ERR_NAME_NOT_RESOLVED")));
    assert_eq!(found[2].url.as_deref(), Some("https://other.example.com/ping"));
}

#[test]
fn wrapped_messages_and_several_on_one_line() {
    let wrapped = "Access to fetch at 'https://api.example.com/v1/items?page=2' from origin\n    'https://app.example.com' has been blocked by CORS policy: Request header field\n    x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.";
    let found = one(wrapped);
    assert_eq!(
        (found.error, found.param.as_deref(), found.origin.as_deref()),
        (Some(HeaderDisallowedByPreflightResponse), Some("x-api-key"), Some(ORIGIN))
    );
    let hyphen = "Access to fetch at 'https://api.example.com/v1/items?page=2' from origin 'https://app.example.com' has been blocked by CORS policy: Method PUT is not allowed by Access-Control-Allow-\nMethods in preflight response.";
    assert_eq!(one(hyphen).error, Some(MethodDisallowedByPreflightResponse));
    let two = format!(
        "{} {}",
        chromium("fetch", "It does not have HTTP ok status."),
        chromium("fetch", "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.")
    );
    let found = parse_console(&two).unwrap();
    assert_eq!(found.iter().map(|f| f.error).collect::<Vec<_>>(), vec![Some(PreflightInvalidStatus), Some(MethodDisallowedByPreflightResponse)]);
    // Markdown quoting and code fences around a message.
    let quoted = format!("```\n> {}\n```", chromium("fetch", "No 'Access-Control-Allow-Origin' header is present on the requested resource."));
    assert_eq!(one(&quoted).error, Some(MissingAllowOriginHeader));
}

#[test]
fn what_cannot_be_read_gets_a_clear_error() {
    assert_eq!(parse_console(""), Err(ConsoleParseError::Empty));
    assert_eq!(parse_console(" \r\n\t "), Err(ConsoleParseError::Empty));
    let none = parse_console("Hello world\nSomething else happened").unwrap_err();
    assert_eq!(none, ConsoleParseError::NoCorsMessage { seen: None });
    assert!(none.to_string().contains("Access to fetch at"), "{none}");
    let page = parse_console("Uncaught (in promise) TypeError: Failed to fetch\n    at main.js:3").unwrap_err();
    assert!(matches!(&page, ConsoleParseError::NoCorsMessage { seen: Some(s) } if s.contains("Failed to fetch")), "{page:?}");
    let net = parse_console("GET https://api.example.com/v1 net::ERR_FAILED 200 (OK)").unwrap_err();
    assert!(net.to_string().contains("net::ERR_FAILED"), "{net}");
    let unknown = parse_console(&chromium("fetch", "Something Chromium 200 will say.")).unwrap_err();
    assert_eq!(unknown, ConsoleParseError::UnknownReason { browser: ConsoleBrowser::Chromium, reason: "Something Chromium 200 will say.".into() });
    assert!(unknown.to_string().contains("Something Chromium 200 will say."));
    let cut = parse_console("Access to fetch at 'https://api.example.com/v1' from origin 'https://app.exa").unwrap_err();
    assert!(matches!(cut, ConsoleParseError::UnknownReason { browser: ConsoleBrowser::Chromium, .. }), "{cut:?}");
    assert!(cut.to_string().contains("cut off"), "{cut}");
    let ff = parse_console(&firefox("Something new", "")).unwrap_err();
    assert!(matches!(ff, ConsoleParseError::UnknownReason { browser: ConsoleBrowser::Firefox, .. }), "{ff:?}");
    // An unknown message next to a known one is returned, not lost.
    let mixed = parse_console(&format!("{}\n{}", chromium("fetch", "Something new."), chromium("fetch", "The response is invalid."))).unwrap();
    assert_eq!(mixed.iter().map(|f| f.error).collect::<Vec<_>>(), vec![None, Some(InvalidResponse)]);
}

#[test]
fn nothing_panics_on_any_input() {
    const PARTS: &[&str] = &[
        "Access to ",
        "fetch",
        " at '",
        "' (redirected from '",
        "' from origin '",
        "' has been blocked by CORS policy: ",
        "Response to preflight request doesn't pass access control check: ",
        "Method ",
        " is not allowed by Access-Control-Allow-Methods",
        "Request header field ",
        "No 'Access-Control-Allow-Origin' header",
        "Cross-Origin Request Blocked: ",
        "(Reason: ",
        ")",
        "). Status code: ",
        "(null)",
        "99999",
        "404",
        "net::ERR_",
        "FAILED",
        "GET ",
        "https://a.example/",
        "Fetch API cannot load ",
        " due to access control checks.",
        "Origin ",
        "Status code: ",
        "Failed to load ",
        "resource: ",
        "é",
        "😀",
        "‘",
        "’",
        "“",
        "`",
        "'",
        "\"",
        "\\u00",
        "\\uD83D",
        "\n",
        "\r",
        "\r\n",
        " ",
        "│",
        "-",
        ". ",
        "Cross-origin redirection to ",
        " denied by Cross-Origin Resource Sharing policy:",
        "Security Error: Content at ",
        " may not load data from ",
        "Redirect from '",
        "' to '",
        "does not match '",
        "CORS header 'Access-Control-Allow-Origin' ",
        "Permission was denied for this request to access the `",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..4000 {
        let n = (next() % 24) as usize;
        let text: String = (0..n).map(|_| PARTS[(next() % PARTS.len() as u64) as usize]).collect();
        let _ = parse_console(&text);
    }
    // Long and odd inputs.
    let _ = parse_console(&"Method ".repeat(5000));
    let _ = parse_console(&"Access to fetch at '".repeat(2000));
    let _ = parse_console(&"\n".repeat(10000));
    let _ = parse_console(&"(Reason: ))))".repeat(1000));
    let _ = parse_console("\u{0}\u{FEFF}\u{202E}");
}

// ---- Paraphrases: messages typed from memory (issue 22 item 6).
//
// Each is a recorded message (harness/fixtures/console/chromium.json,
// harness/fixtures/firefox/lab.json) retyped the way people retell it.

const RECORDED_URL: &str = "http://127.0.0.1:43269/case/allow-origin-other";
const RECORDED_ORIGIN: &str = "http://127.0.0.1:36893";

#[test]
fn paraphrased_header_names_quoted_any_way_or_not_at_all() {
    let missing = |name: &str| {
        format!(
            "Access to fetch at '{RECORDED_URL}' from origin '{RECORDED_ORIGIN}' has been blocked by CORS policy: No {name} header is present on the requested resource."
        )
    };
    for name in [
        "'Access-Control-Allow-Origin'",
        "‘Access-Control-Allow-Origin’",
        "\"Access-Control-Allow-Origin\"",
        "“Access-Control-Allow-Origin”",
        "Access-Control-Allow-Origin",
    ] {
        let found = one(&missing(name));
        assert_eq!(
            (found.error, found.url.as_deref(), found.origin.as_deref()),
            (Some(MissingAllowOriginHeader), Some(RECORDED_URL), Some(RECORDED_ORIGIN)),
            "{name}"
        );
    }
    let mismatch = one(&format!(
        "Access to fetch at '{RECORDED_URL}' from origin '{RECORDED_ORIGIN}' has been blocked by CORS policy: The Access-Control-Allow-Origin header has a value 'https://app.example.com' that is not equal to the supplied origin."
    ));
    assert_eq!((mismatch.error, mismatch.param.as_deref()), (Some(AllowOriginMismatch), Some("https://app.example.com")));
    let credentials = one(&chromium(
        "fetch",
        "The value of the \"Access-Control-Allow-Credentials\" header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
    ));
    assert_eq!((credentials.error, credentials.param.as_deref()), (Some(InvalidAllowCredentials), Some("")));
    let preflight = one(&chromium(
        "fetch",
        "Response to preflight request doesn't pass access control check: No Access-Control-Allow-Origin header is present on the requested resource.",
    ));
    assert_eq!(preflight.error, Some(PreflightMissingAllowOriginHeader));
    // A request header name quoted by whoever typed it is still the header.
    let header = one(&chromium("fetch", "Request header field 'X-Api-Key' is not allowed by Access-Control-Allow-Headers in preflight response."));
    assert_eq!((header.error, header.param.as_deref()), (Some(HeaderDisallowedByPreflightResponse), Some("x-api-key")));
    // The sentence alone, without its `Access to …` part.
    assert_eq!(one("No Access-Control-Allow-Origin header is present on the requested resource.").error, Some(MissingAllowOriginHeader));
}

#[test]
fn paraphrased_blocked_without_has_been_and_without_url() {
    let reason = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    let no_has_been = one(&format!("Access to fetch at '{RECORDED_URL}' from origin '{RECORDED_ORIGIN}' blocked by CORS policy: {reason}"));
    assert_eq!(
        (no_has_been.error, no_has_been.url.as_deref(), no_has_been.origin.as_deref()),
        (Some(MissingAllowOriginHeader), Some(RECORDED_URL), Some(RECORDED_ORIGIN))
    );
    let no_url = one(&format!("Access to fetch has been blocked by CORS policy: {reason}"));
    assert_eq!((no_url.error, no_url.url, no_url.origin), (Some(MissingAllowOriginHeader), None, None));
    assert_eq!(one(&format!("Access to XMLHttpRequest blocked by CORS policy: {reason}")).error, Some(MissingAllowOriginHeader));
    let origin_only = one(&format!("Access to fetch from origin '{RECORDED_ORIGIN}' has been blocked by CORS policy: {reason}"));
    assert_eq!((origin_only.error, origin_only.url, origin_only.origin.as_deref()), (Some(MissingAllowOriginHeader), None, Some(RECORDED_ORIGIN)));
    // All at once: no URL, no `has been`, the header name unquoted, the preflight.
    let all = one("Access to fetch blocked by CORS policy: Response to preflight request doesn't pass access control check: No Access-Control-Allow-Origin header is present on the requested resource.");
    assert_eq!(all.error, Some(PreflightMissingAllowOriginHeader));
}

#[test]
fn paraphrased_messages_broken_over_lines() {
    let broken = "Access to fetch has been blocked by CORS policy: No Access-Control-Allow-Origin header\nis present on the requested resource.";
    assert_eq!(one(broken).error, Some(MissingAllowOriginHeader));
    let broken = format!("Access to fetch at '{RECORDED_URL}' from origin '{RECORDED_ORIGIN}' blocked by CORS\npolicy: The 'Access-Control-Allow-Origin' header has a value\n'https://app.example.com' that is not equal to the supplied origin.");
    let found = one(&broken);
    assert_eq!((found.error, found.param.as_deref()), (Some(AllowOriginMismatch), Some("https://app.example.com")));
    let firefox = one("Reason: CORS header ‘Access-Control-Allow-Origin’\nmissing. Status code: 404");
    assert_eq!((firefox.browser, firefox.http_status), (ConsoleBrowser::Firefox, Some(404)));
    assert_eq!(firefox.candidates, vec![MissingAllowOriginHeader, PreflightMissingAllowOriginHeader]);
}

#[test]
fn paraphrased_firefox_bare_reason() {
    let firefox_missing = vec![MissingAllowOriginHeader, PreflightMissingAllowOriginHeader];
    for (text, status) in [
        ("Reason: CORS header ‘Access-Control-Allow-Origin’ missing", None),
        ("Reason: CORS header 'Access-Control-Allow-Origin' missing.", None),
        ("Reason: CORS header Access-Control-Allow-Origin missing", None),
        ("Reason: CORS header \"Access-Control-Allow-Origin\" missing. Status code: 404", Some(404)),
        ("Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403.", Some(403)),
        // `4xx` is no status code: left out, not read as 4.
        ("Reason: CORS header ‘Access-Control-Allow-Origin’ missing. Status code: 4xx", None),
    ] {
        let found = one(text);
        assert_eq!((found.browser, &found.candidates, found.http_status), (ConsoleBrowser::Firefox, &firefox_missing, status), "{text}");
        // The reason as pasted, quotes made straight and the trailing `.`/`)` dropped.
        let printed = found.firefox_reason.clone().unwrap_or_default();
        assert!(printed.starts_with("CORS header ") && printed.ends_with(" missing"), "{text}: {printed}");
    }
    let message = one("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://127.0.0.1:46595/case/missing-allow-origin. Reason: CORS header Access-Control-Allow-Origin missing. Status code: 200.");
    assert_eq!((message.url.as_deref(), message.http_status), (Some("http://127.0.0.1:46595/case/missing-allow-origin"), Some(200)));
    assert_eq!(message.candidates, firefox_missing);
    let does_not_match = one("(Reason: CORS header Access-Control-Allow-Origin does not match 'https://app.example.com')");
    assert_eq!(does_not_match.param.as_deref(), Some("https://app.example.com"));
}

#[test]
fn paraphrases_that_cannot_be_read_are_not_guessed() {
    // The Chromium frame is recognized; the reason is not one Chromium prints.
    let reason = parse_console("Access to fetch has been blocked by CORS policy: the server does not allow my origin.").unwrap_err();
    assert_eq!(reason, ConsoleParseError::UnknownReason { browser: ConsoleBrowser::Chromium, reason: "the server does not allow my origin.".into() });
    let cut = parse_console("Access to fetch blocked by CORS policy:").unwrap_err();
    assert_eq!(cut, ConsoleParseError::UnknownReason { browser: ConsoleBrowser::Chromium, reason: String::new() });
    assert!(cut.to_string().contains("cut off"), "{cut}");
    // A quote left open around the header name is no known wording.
    let half_quoted = parse_console(&chromium("fetch", "No 'Access-Control-Allow-Origin header is present on the requested resource.")).unwrap_err();
    assert!(matches!(half_quoted, ConsoleParseError::UnknownReason { browser: ConsoleBrowser::Chromium, .. }), "{half_quoted:?}");
    // Firefox's frame with a reason Firefox does not print.
    let firefox = parse_console("Reason: CORS header ‘Access-Control-Allow-Origin’ is wrong. Status code: 403").unwrap_err();
    assert_eq!(
        firefox,
        ConsoleParseError::UnknownReason { browser: ConsoleBrowser::Firefox, reason: "CORS header 'Access-Control-Allow-Origin' is wrong".into() }
    );
    // A reason about something else is no Firefox message at all.
    assert_eq!(parse_console("Reason: the deploy failed"), Err(ConsoleParseError::NoCorsMessage { seen: None }));
    // "Access to" in an ordinary sentence starts no message.
    assert_eq!(parse_console("Access to the admin page has been restricted by policy."), Err(ConsoleParseError::NoCorsMessage { seen: None }));
}
