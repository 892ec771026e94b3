//! The header parsers, the CORS check, the preflight check, the redirect rules and the
//! whole-exchange verdict, on tricky values. Chromium's verdicts on the lab's cases are
//! checked end to end by lab/tests/engine_agrees.rs; these tests pin each rule alone.

use corsprobe_engine::check::allow_credentials::AllowCredentialsError;
use corsprobe_engine::check::{
    cors_check, judge_exchange, preflight_check, redirect_check, serialize_origin, visible_response_headers, AllowCredentials, AllowHeaders,
    AllowMethods, AllowOrigin, AllowOriginError, CheckWarning, ExchangeVerdict, ExposeHeaders, MaxAge, MaxAgeError, Missing, NetworkFailure,
    RedirectNext, RedirectState, ResponseTainting, Vary,
};
use corsprobe_engine::headers::{split_list, HeaderList, HttpResponse};
use corsprobe_engine::{CorsError, CorsErrorStatus, Credentials, Header, Mode, RedirectMode, RequestSpec, Stage};

const APP: &str = "http://127.0.0.1:8000";
const API: &str = "http://localhost:8001";

const ACAO: &str = "Access-Control-Allow-Origin";
const ACAC: &str = "Access-Control-Allow-Credentials";
const ACAM: &str = "Access-Control-Allow-Methods";
const ACAH: &str = "Access-Control-Allow-Headers";
const ACEH: &str = "Access-Control-Expose-Headers";
const MAX_AGE: &str = "Access-Control-Max-Age";

fn err(error: CorsError, param: &str) -> CorsErrorStatus {
    CorsErrorStatus::new(error, param)
}

fn ok_with(headers: &[(&str, &str)]) -> HttpResponse {
    headers.iter().fold(HttpResponse::new(200), |r, (n, v)| r.header(*n, v))
}

fn request(method: &str, headers: &[(&str, &str)]) -> RequestSpec {
    RequestSpec {
        url: format!("{API}/r"),
        method: method.into(),
        headers: headers.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
        ..Default::default()
    }
}

fn with_credentials(mut r: RequestSpec) -> RequestSpec {
    r.credentials = Credentials::Include;
    r
}

fn preflight(status: u16, headers: &[(&str, &str)]) -> HttpResponse {
    headers.iter().fold(HttpResponse::new(status), |r, (n, v)| r.header(*n, v))
}

fn blocked(v: &ExchangeVerdict) -> Option<(CorsError, &str, Stage)> {
    v.blocked().map(|(s, stage)| (s.error, s.param.as_str(), stage))
}

// ---------------------------------------------------------------- headers.rs

#[test]
fn header_list_get_joins_repeated_lines_case_insensitively() {
    let h = HeaderList::new().with(ACAO, APP).with("content-type", "text/plain").with("access-control-allow-origin", " * ");
    assert_eq!(h.get("ACCESS-CONTROL-ALLOW-ORIGIN").as_deref(), Some("http://127.0.0.1:8000, *"));
    assert_eq!(h.get_all(ACAO), vec![APP, "*"]);
    assert!(h.contains("Content-Type"));
    assert_eq!(h.get("x-missing"), None);
    assert_eq!(h.names(), vec!["access-control-allow-origin", "content-type"]);
    assert_eq!(h.len(), 3);
}

#[test]
fn get_decode_split_respects_quoted_strings_and_keeps_empty_items() {
    let h = HeaderList::new().with("A", "x, \"y, z\"").with("a", "w,,v");
    assert_eq!(h.get_decode_split("a").unwrap(), vec!["x", "\"y, z\"", "w", "", "v"]);
    assert_eq!(split_list("\"a\\\"b,c\" ,d"), vec!["\"a\\\"b,c\"", "d"]);
    assert_eq!(split_list("\"open"), vec!["\"open"]);
    assert_eq!(split_list("ü,\u{1F4A5}"), vec!["ü", "\u{1F4A5}"]);
    assert_eq!(h.get_decode_split("b"), None);
}

#[test]
fn redirects_need_a_redirect_status_and_a_location() {
    assert!(HttpResponse::new(302).header("Location", "/x").is_redirect());
    assert!(HttpResponse::new(308).header("location", "https://e.com/").is_redirect());
    assert!(!HttpResponse::new(302).is_redirect());
    assert!(!HttpResponse::new(302).header("Location", "").is_redirect());
    assert!(!HttpResponse::new(300).header("Location", "/x").is_redirect());
    assert!(!HttpResponse::new(304).header("Location", "/x").is_redirect());
    assert_eq!(HttpResponse::new(301).header("Location", " /a ").header("Location", "/b").location().as_deref(), Some("/a"));
}

#[test]
fn http_response_serde_round_trip() {
    let r = HttpResponse::new(204).header(ACAO, "*").header("Vary", "Origin");
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, r#"{"status":204,"headers":[{"name":"Access-Control-Allow-Origin","value":"*"},{"name":"Vary","value":"Origin"}]}"#);
    assert_eq!(serde_json::from_str::<HttpResponse>(&json).unwrap(), r);
    assert_eq!(serde_json::from_str::<HttpResponse>(r#"{"status":200}"#).unwrap(), HttpResponse::new(200));
}

// ---------------------------------------------------------------- allow_origin.rs

#[test]
fn allow_origin_parse() {
    assert_eq!(AllowOrigin::parse("*"), Ok(AllowOrigin::Any));
    assert_eq!(AllowOrigin::parse("null"), Ok(AllowOrigin::Null));
    assert_eq!(AllowOrigin::parse(APP), Ok(AllowOrigin::Url(APP.into())));
    assert_eq!(AllowOrigin::parse("http://a, http://b"), Err(AllowOriginError::Multiple("http://a, http://b".into())));
    assert_eq!(AllowOrigin::parse("http://a http://b"), Err(AllowOriginError::Multiple("http://a http://b".into())));
    assert_eq!(AllowOrigin::parse("*, *"), Err(AllowOriginError::Multiple("*, *".into())));
    assert_eq!(AllowOrigin::parse("app.example.com"), Err(AllowOriginError::Invalid("app.example.com".into())));
    assert_eq!(AllowOrigin::parse("127.0.0.1:8000"), Err(AllowOriginError::Invalid("127.0.0.1:8000".into())));
    assert_eq!(AllowOrigin::parse("http://"), Err(AllowOriginError::Invalid("http://".into())));
    assert_eq!(AllowOrigin::from_headers(&HeaderList::new()), Err(AllowOriginError::Missing));
    assert_eq!(AllowOriginError::Missing.param(), "");
}

#[test]
fn allow_origin_serialized_origin_or_not() {
    assert!(AllowOrigin::parse(APP).unwrap().is_serialized_origin());
    assert!(!AllowOrigin::parse("http://127.0.0.1:8000/").unwrap().is_serialized_origin());
    assert!(!AllowOrigin::parse("https://e.com:443").unwrap().is_serialized_origin());
    assert!(!AllowOrigin::parse("HTTP://E.COM").unwrap().is_serialized_origin());
    assert!(!AllowOrigin::Any.is_serialized_origin());
    assert_eq!(AllowOrigin::Null.as_str(), "null");
}

// ---------------------------------------------------------------- cors_check

#[test]
fn cors_check_allow_origin_errors_and_params() {
    let check = |headers: &[(&str, &str)], creds| cors_check(&ok_with(headers), APP, creds);
    assert_eq!(check(&[], false), Err(err(CorsError::MissingAllowOriginHeader, "")));
    assert_eq!(check(&[(ACAO, "*")], false), Ok(()));
    assert_eq!(check(&[(ACAO, APP)], false), Ok(()));
    assert_eq!(check(&[(ACAO, "https://app.example.com")], false), Err(err(CorsError::AllowOriginMismatch, "https://app.example.com")));
    // Trailing slash: a URL, not the origin.
    assert_eq!(check(&[(ACAO, "http://127.0.0.1:8000/")], false), Err(err(CorsError::AllowOriginMismatch, "http://127.0.0.1:8000/")));
    // Byte comparison: case and default ports matter in the header.
    assert_eq!(check(&[(ACAO, "HTTP://127.0.0.1:8000")], false), Err(err(CorsError::AllowOriginMismatch, "HTTP://127.0.0.1:8000")));
    // `null` is a mismatch (Chromium 156), not an invalid value.
    assert_eq!(check(&[(ACAO, "null")], false), Err(err(CorsError::AllowOriginMismatch, "null")));
    assert_eq!(check(&[(ACAO, "app.example.com")], false), Err(err(CorsError::InvalidAllowOriginValue, "app.example.com")));
}

#[test]
fn cors_check_two_lines_and_one_comma_joined_value_are_the_same_error() {
    let two = cors_check(&ok_with(&[(ACAO, APP), (ACAO, "https://app.example.com")]), APP, false);
    let one = cors_check(&ok_with(&[(ACAO, "http://127.0.0.1:8000, https://app.example.com")]), APP, false);
    let expected = err(CorsError::MultipleAllowOriginValues, "http://127.0.0.1:8000, https://app.example.com");
    assert_eq!(two, Err(expected.clone()));
    assert_eq!(one, Err(expected));
    // Even twice the right origin is two values.
    assert_eq!(
        cors_check(&ok_with(&[(ACAO, APP), (ACAO, APP)]), APP, false),
        Err(err(CorsError::MultipleAllowOriginValues, "http://127.0.0.1:8000, http://127.0.0.1:8000"))
    );
    assert_eq!(cors_check(&ok_with(&[(ACAO, "*"), (ACAO, "*")]), APP, false), Err(err(CorsError::MultipleAllowOriginValues, "*, *")));
}

#[test]
fn cors_check_wildcard_with_credentials() {
    assert_eq!(cors_check(&ok_with(&[(ACAO, "*"), (ACAC, "true")]), APP, true), Err(err(CorsError::WildcardOriginNotAllowed, "")));
    // The origin is checked before the credentials header.
    assert_eq!(cors_check(&ok_with(&[(ACAO, "*"), (ACAC, "True")]), APP, true), Err(err(CorsError::WildcardOriginNotAllowed, "")));
    assert_eq!(
        cors_check(&ok_with(&[(ACAO, "http://x.example"), (ACAC, "nope")]), APP, true),
        Err(err(CorsError::AllowOriginMismatch, "http://x.example"))
    );
}

#[test]
fn cors_check_allow_credentials_is_exactly_true() {
    let check = |acac: Option<&str>| {
        let mut r = ok_with(&[(ACAO, APP)]);
        if let Some(v) = acac {
            r = r.header(ACAC, v);
        }
        cors_check(&r, APP, true)
    };
    assert_eq!(check(Some("true")), Ok(()));
    assert_eq!(check(None), Err(err(CorsError::InvalidAllowCredentials, "")));
    assert_eq!(check(Some("True")), Err(err(CorsError::InvalidAllowCredentials, "True")));
    assert_eq!(check(Some("1")), Err(err(CorsError::InvalidAllowCredentials, "1")));
    assert_eq!(check(Some("")), Err(err(CorsError::InvalidAllowCredentials, "")));
    let twice = ok_with(&[(ACAO, APP), (ACAC, "true"), (ACAC, "true")]);
    assert_eq!(cors_check(&twice, APP, true), Err(err(CorsError::InvalidAllowCredentials, "true, true")));
    // Without credentials the header is not read at all.
    assert_eq!(cors_check(&ok_with(&[(ACAO, APP), (ACAC, "True")]), APP, false), Ok(()));
}

#[test]
fn cors_check_serializes_the_page_origin() {
    assert_eq!(serialize_origin("http://127.0.0.1:8000/"), APP);
    assert_eq!(serialize_origin("HTTPS://Example.COM:443"), "https://example.com");
    assert_eq!(serialize_origin("null"), "null");
    assert_eq!(cors_check(&ok_with(&[(ACAO, "https://example.com")]), "https://example.com:443/", false), Ok(()));
    // A sandboxed page (origin `null`) is allowed by `null`: why `null` is dangerous.
    assert_eq!(cors_check(&ok_with(&[(ACAO, "null")]), "null", false), Ok(()));
}

#[test]
fn allow_credentials_parse() {
    assert_eq!(AllowCredentials::parse(Some("true")), Ok(AllowCredentials));
    assert_eq!(AllowCredentials::parse(Some("TRUE")), Err(AllowCredentialsError::NotTrue("TRUE".into())));
    assert_eq!(AllowCredentials::parse(None), Err(AllowCredentialsError::Missing));
    assert_eq!(AllowCredentials::from_headers(&HeaderList::new().with(ACAC, " true ")), Ok(AllowCredentials));
}

// ---------------------------------------------------------------- allow_methods.rs

#[test]
fn allow_methods_parse() {
    assert_eq!(AllowMethods::parse("GET, PUT").unwrap().methods, vec!["GET", "PUT"]);
    assert_eq!(AllowMethods::parse("GET,, PUT,").unwrap().methods, vec!["GET", "PUT"]);
    assert_eq!(AllowMethods::parse("").unwrap().methods, Vec::<String>::new());
    assert_eq!(AllowMethods::parse(" , ").unwrap().methods, Vec::<String>::new());
    let e = AllowMethods::parse("GET, PUT DELETE").unwrap_err();
    assert_eq!(e.item, "PUT DELETE");
    assert_eq!(e.value, "GET, PUT DELETE");
    assert!(AllowMethods::parse("\"PUT\"").is_err());
    assert!(AllowMethods::parse("PUT;").is_err());
    assert!(AllowMethods::parse("PÜT").is_err());
    assert!(AllowMethods::parse("PUT/DELETE").is_err());
    assert_eq!(AllowMethods::from_headers(&HeaderList::new().with(ACAM, "GET").with(ACAM, "PATCH")).unwrap().methods, vec!["GET", "PATCH"]);
    assert_eq!(AllowMethods::from_headers(&HeaderList::new()).unwrap(), AllowMethods::default());
}

#[test]
fn allow_methods_compare_case_sensitively() {
    let m = AllowMethods::parse("PUT, PATCH, delete").unwrap();
    assert!(m.allows("PUT", false));
    assert!(!m.allows("patch", false));
    assert!(m.allows("PATCH", false));
    assert!(!m.allows("DELETE", false));
    assert_eq!(m.case_insensitive_match("DELETE"), Some("delete"));
    assert_eq!(m.case_insensitive_match("PUT"), None);
    // Safelisted methods need no listing.
    assert!(AllowMethods::default().allows("GET", true));
    assert!(AllowMethods::default().allows("POST", true));
    // `*` is a wildcard only without credentials.
    let star = AllowMethods::parse("*").unwrap();
    assert!(star.allows("DELETE", false));
    assert!(!star.allows("DELETE", true));
    assert!(star.allows("*", true));
}

#[test]
fn preflight_method_compare_normalizes_only_the_six() {
    let acam = |v: &str| preflight(204, &[(ACAO, APP), (ACAM, v)]);
    // fetch() upper-cases `put`: it matches `PUT` …
    assert!(preflight_check(&acam("PUT"), &request("put", &[]), APP).is_ok());
    // … and no longer matches a lowercase `put`.
    assert_eq!(preflight_check(&acam("put"), &request("put", &[]), APP).unwrap_err(), err(CorsError::MethodDisallowedByPreflightResponse, "PUT"));
    // `patch` is not normalized: it matches only `patch`.
    assert_eq!(
        preflight_check(&acam("PATCH"), &request("patch", &[]), APP).unwrap_err(),
        err(CorsError::MethodDisallowedByPreflightResponse, "patch")
    );
    assert!(preflight_check(&acam("patch"), &request("patch", &[]), APP).is_ok());
    assert_eq!(
        preflight_check(&acam("patch"), &request("PATCH", &[]), APP).unwrap_err(),
        err(CorsError::MethodDisallowedByPreflightResponse, "PATCH")
    );
}

// ---------------------------------------------------------------- allow_headers.rs

#[test]
fn allow_headers_parse() {
    assert_eq!(AllowHeaders::parse("x-a,, x-b").unwrap().names, vec!["x-a", "x-b"]);
    assert_eq!(AllowHeaders::parse("X-Api-Key, Content-Type").unwrap().names, vec!["x-api-key", "content-type"]);
    assert_eq!(AllowHeaders::parse("").unwrap().names, Vec::<String>::new());
    assert_eq!(AllowHeaders::parse("x-api-key x-trace-id").unwrap_err().item, "x-api-key x-trace-id");
    assert_eq!(AllowHeaders::parse("x-a, x:b").unwrap_err().item, "x:b");
    assert_eq!(AllowHeaders::parse("x-a, \"x-b\"").unwrap_err().item, "\"x-b\"");
    assert!(AllowHeaders::parse("x-ä").is_err());
}

#[test]
fn allow_headers_wildcard_and_authorization() {
    let star = AllowHeaders::parse("*").unwrap();
    assert!(star.allows("x-api-key", false));
    assert!(!star.allows("x-api-key", true));
    assert!(star.allows("authorization", false));
    assert!(star.authorization_only_by_wildcard(true, false));
    assert!(!star.authorization_only_by_wildcard(false, false));
    assert!(!star.authorization_only_by_wildcard(true, true));
    let listed = AllowHeaders::parse("*, Authorization").unwrap();
    assert!(!listed.authorization_only_by_wildcard(true, false));
    let names = vec!["x-api-key".to_string(), "x-trace-id".to_string()];
    assert_eq!(AllowHeaders::parse("X-Trace-Id").unwrap().disallowed(&names, false), vec!["x-api-key"]);
    assert_eq!(AllowHeaders::parse("x-api-key, X-TRACE-ID").unwrap().disallowed(&names, true), Vec::<&str>::new());
}

// ---------------------------------------------------------------- expose_headers.rs, max_age.rs, vary.rs

#[test]
fn expose_headers_parse_and_exposes() {
    let e = ExposeHeaders::parse("X-Request-Id, x-b").unwrap();
    assert!(e.exposes("x-request-id", true));
    assert!(!e.exposes("x-c", false));
    let star = ExposeHeaders::parse("*").unwrap();
    assert!(star.exposes("x-c", false));
    assert!(!star.exposes("x-c", true));
    assert!(!star.exposes("Set-Cookie", false));
    assert!(!ExposeHeaders::parse("set-cookie").unwrap().exposes("set-cookie", false));
    assert!(ExposeHeaders::parse("x-a x-b").is_err());
}

#[test]
fn max_age_parse_and_caps() {
    assert_eq!(MaxAge::parse("600"), Ok(MaxAge::Seconds(600)));
    assert_eq!(MaxAge::parse("0"), Ok(MaxAge::Seconds(0)));
    assert_eq!(MaxAge::parse("86401").unwrap().chromium_seconds(), 7200);
    assert_eq!(MaxAge::parse("86401").unwrap().firefox_seconds(), 86400);
    assert_eq!(MaxAge::parse("7199").unwrap().chromium_seconds(), 7199);
    assert_eq!(MaxAge::Absent.chromium_seconds(), 5);
    assert_eq!(MaxAge::from_headers(&HeaderList::new()), Ok(MaxAge::Absent));
    assert_eq!(MaxAge::parse("-1"), Err(MaxAgeError::Negative("-1".into())));
    assert_eq!(MaxAge::parse("-1").unwrap_err().chromium_seconds(), 0);
    assert_eq!(MaxAge::parse("10m"), Err(MaxAgeError::NotANumber("10m".into())));
    assert_eq!(MaxAge::parse(""), Err(MaxAgeError::NotANumber("".into())));
    assert_eq!(MaxAge::parse("1.5"), Err(MaxAgeError::NotANumber("1.5".into())));
    assert_eq!(MaxAge::parse("99999999999999999999999").unwrap_err().chromium_seconds(), 5);
    assert!(matches!(MaxAge::parse("99999999999999999999999"), Err(MaxAgeError::TooLarge(_))));
    assert!(matches!(MaxAge::from_headers(&HeaderList::new().with(MAX_AGE, "600").with(MAX_AGE, "600")), Err(MaxAgeError::NotANumber(_))));
}

#[test]
fn vary_parse() {
    assert!(Vary::parse("Origin").unwrap().varies_on("origin"));
    assert!(Vary::parse("Accept-Encoding, origin").unwrap().varies_on("Origin"));
    assert!(Vary::parse("*").unwrap().varies_on("origin"));
    assert!(!Vary::parse("Accept-Encoding").unwrap().varies_on("origin"));
    assert!(Vary::from_headers(&HeaderList::new().with("Vary", "Accept").with("vary", "Origin")).unwrap().varies_on("origin"));
    assert!(!Vary::from_headers(&HeaderList::new()).unwrap().varies_on("origin"));
    assert!(Vary::parse("a b").is_err());
}

// ---------------------------------------------------------------- preflight_check

#[test]
fn preflight_redirect_comes_first() {
    let r = preflight(302, &[(ACAO, APP), (ACAM, "PUT"), ("Location", "/elsewhere")]);
    assert_eq!(preflight_check(&r, &request("PUT", &[]), APP).unwrap_err(), err(CorsError::PreflightDisallowedRedirect, ""));
    let r = preflight(307, &[("Location", "/elsewhere")]);
    assert_eq!(preflight_check(&r, &request("PUT", &[]), APP).unwrap_err(), err(CorsError::PreflightDisallowedRedirect, ""));
    // A 302 without Location is no redirect: its status is what is wrong.
    let r = preflight(302, &[(ACAO, APP), (ACAM, "PUT")]);
    assert_eq!(preflight_check(&r, &request("PUT", &[]), APP).unwrap_err(), err(CorsError::PreflightInvalidStatus, ""));
}

#[test]
fn preflight_access_check_before_status() {
    let put = request("PUT", &[]);
    assert_eq!(
        preflight_check(&preflight(401, &[("WWW-Authenticate", "Bearer")]), &put, APP).unwrap_err(),
        err(CorsError::PreflightMissingAllowOriginHeader, "")
    );
    assert_eq!(preflight_check(&preflight(401, &[(ACAO, APP), (ACAM, "PUT")]), &put, APP).unwrap_err(), err(CorsError::PreflightInvalidStatus, ""));
    assert_eq!(preflight_check(&preflight(404, &[(ACAO, "*")]), &put, APP).unwrap_err(), err(CorsError::PreflightInvalidStatus, ""));
    assert_eq!(
        preflight_check(&preflight(500, &[(ACAO, "https://a.example")]), &put, APP).unwrap_err(),
        err(CorsError::PreflightAllowOriginMismatch, "https://a.example")
    );
    assert!(preflight_check(&preflight(200, &[(ACAO, APP), (ACAM, "PUT")]), &put, APP).is_ok());
    assert!(preflight_check(&preflight(299, &[(ACAO, APP), (ACAM, "PUT")]), &put, APP).is_ok());
}

#[test]
fn preflight_twins_of_the_response_errors() {
    let put = request("PUT", &[]);
    let creds = with_credentials(request("PUT", &[]));
    let check = |h: &[(&str, &str)], r: &RequestSpec| preflight_check(&preflight(204, h), r, APP).unwrap_err();
    assert_eq!(check(&[(ACAO, APP), (ACAO, "*")], &put), err(CorsError::PreflightMultipleAllowOriginValues, "http://127.0.0.1:8000, *"));
    assert_eq!(check(&[(ACAO, "app.example.com")], &put), err(CorsError::PreflightInvalidAllowOriginValue, "app.example.com"));
    assert_eq!(check(&[(ACAO, "null")], &put), err(CorsError::PreflightAllowOriginMismatch, "null"));
    assert_eq!(check(&[(ACAO, "*"), (ACAC, "true"), (ACAM, "PUT")], &creds), err(CorsError::PreflightWildcardOriginNotAllowed, ""));
    assert_eq!(check(&[(ACAO, APP), (ACAM, "PUT")], &creds), err(CorsError::PreflightInvalidAllowCredentials, ""));
    assert_eq!(check(&[(ACAO, APP), (ACAC, "True"), (ACAM, "PUT")], &creds), err(CorsError::PreflightInvalidAllowCredentials, "True"));
}

#[test]
fn preflight_list_parse_errors_have_empty_params_methods_first() {
    let r = request("PUT", &[("X-Api-Key", "k")]);
    let check = |h: &[(&str, &str)]| preflight_check(&preflight(204, h), &r, APP).unwrap_err();
    assert_eq!(check(&[(ACAO, APP), (ACAM, "PUT DELETE"), (ACAH, "x-api-key")]), err(CorsError::InvalidAllowMethodsPreflightResponse, ""));
    assert_eq!(check(&[(ACAO, APP), (ACAM, "PUT DELETE"), (ACAH, "a b")]), err(CorsError::InvalidAllowMethodsPreflightResponse, ""));
    assert_eq!(check(&[(ACAO, APP), (ACAM, "PUT"), (ACAH, "x-api-key x-trace-id")]), err(CorsError::InvalidAllowHeadersPreflightResponse, ""));
    // Even a list that would not be needed must parse.
    let get = request("GET", &[("X-Api-Key", "k")]);
    assert_eq!(
        preflight_check(&preflight(204, &[(ACAO, APP), (ACAM, "G@T"), (ACAH, "x-api-key")]), &get, APP).unwrap_err(),
        err(CorsError::InvalidAllowMethodsPreflightResponse, "")
    );
}

#[test]
fn preflight_method_before_headers() {
    let r = request("DELETE", &[("X-Api-Key", "k")]);
    let p = preflight(204, &[(ACAO, APP), (ACAM, "PUT"), (ACAH, "content-type")]);
    assert_eq!(preflight_check(&p, &r, APP).unwrap_err(), err(CorsError::MethodDisallowedByPreflightResponse, "DELETE"));
    let p = preflight(204, &[(ACAO, APP), (ACAM, "")]);
    assert_eq!(preflight_check(&p, &request("DELETE", &[]), APP).unwrap_err(), err(CorsError::MethodDisallowedByPreflightResponse, "DELETE"));
    // Credentials: `*` is the literal method `*`.
    let p = preflight(204, &[(ACAO, APP), (ACAC, "true"), (ACAM, "*")]);
    assert_eq!(
        preflight_check(&p, &with_credentials(request("PUT", &[])), APP).unwrap_err(),
        err(CorsError::MethodDisallowedByPreflightResponse, "PUT")
    );
    assert!(preflight_check(&preflight(204, &[(ACAO, APP), (ACAM, "*")]), &request("PUT", &[]), APP).is_ok());
}

#[test]
fn preflight_headers_disallowed_name_every_candidate() {
    let r = request("GET", &[("X-Trace-Id", "t"), ("X-Api-Key", "k")]);
    let p = preflight(204, &[(ACAO, APP), (ACAH, "content-type")]);
    // Chromium names one of the two, in an order Blink's header map decides.
    let mut both = err(CorsError::HeaderDisallowedByPreflightResponse, "x-api-key");
    both.other_params = vec!["x-trace-id".into()];
    assert_eq!(preflight_check(&p, &r, APP).unwrap_err(), both);
    assert!(!both.is_certain());
    let p = preflight(204, &[(ACAO, APP), (ACAH, "X-API-KEY")]);
    assert_eq!(preflight_check(&p, &r, APP).unwrap_err(), err(CorsError::HeaderDisallowedByPreflightResponse, "x-trace-id"));
    let p = preflight(204, &[(ACAO, APP), (ACAH, "x-trace-id,, X-Api-Key")]);
    assert!(preflight_check(&p, &r, APP).is_ok());
    // No Access-Control-Allow-Headers at all.
    let json = request("POST", &[("Content-Type", "application/json")]);
    assert_eq!(
        preflight_check(&preflight(204, &[(ACAO, APP)]), &json, APP).unwrap_err(),
        err(CorsError::HeaderDisallowedByPreflightResponse, "content-type")
    );
    // A safelisted header needs no listing.
    let plain = request("PUT", &[("Content-Type", "text/plain"), ("Accept", "application/json")]);
    assert!(preflight_check(&preflight(204, &[(ACAO, APP), (ACAM, "PUT")]), &plain, APP).is_ok());
}

#[test]
fn preflight_headers_wildcard_with_credentials_is_literal() {
    let r = with_credentials(request("GET", &[("X-Api-Key", "k")]));
    let p = preflight(204, &[(ACAO, APP), (ACAC, "true"), (ACAH, "*")]);
    assert_eq!(preflight_check(&p, &r, APP).unwrap_err(), err(CorsError::HeaderDisallowedByPreflightResponse, "x-api-key"));
    let p = preflight(204, &[(ACAO, APP), (ACAC, "true"), (ACAH, "*, x-api-key")]);
    assert!(preflight_check(&p, &r, APP).is_ok());
}

#[test]
fn authorization_through_wildcard_passes_with_a_warning() {
    let r = request("GET", &[("Authorization", "Bearer t")]);
    let ok = preflight_check(&preflight(204, &[(ACAO, "*"), (ACAH, "*")]), &r, APP).unwrap();
    assert_eq!(ok.warnings, vec![CheckWarning::AuthorizationCoveredByWildcard]);
    let ok = preflight_check(&preflight(204, &[(ACAO, "*"), (ACAH, "*, authorization")]), &r, APP).unwrap();
    assert_eq!(ok.warnings, vec![]);
    // With credentials `*` covers nothing, Authorization included.
    let creds = with_credentials(r);
    let p = preflight(204, &[(ACAO, APP), (ACAC, "true"), (ACAH, "*")]);
    assert_eq!(preflight_check(&p, &creds, APP).unwrap_err(), err(CorsError::HeaderDisallowedByPreflightResponse, "authorization"));
}

#[test]
fn preflight_max_age_warnings() {
    let r = request("PUT", &[]);
    let with_max_age = |v: &str| preflight_check(&preflight(204, &[(ACAO, APP), (ACAM, "PUT"), (MAX_AGE, v)]), &r, APP).unwrap();
    let ok = with_max_age("600");
    assert_eq!((ok.chromium_cache_seconds, ok.firefox_cache_seconds, ok.warnings.len()), (600, 600, 0));
    let ok = with_max_age("86400");
    assert_eq!(ok.chromium_cache_seconds, 7200);
    assert_eq!(ok.warnings, vec![CheckWarning::MaxAgeCapped { seconds: 86400, chromium_seconds: 7200, firefox_seconds: 86400 }]);
    let ok = with_max_age("1 day");
    assert_eq!(ok.chromium_cache_seconds, 5);
    assert_eq!(ok.warnings, vec![CheckWarning::MaxAgeInvalid { value: "1 day".into(), chromium_seconds: 5 }]);
    let ok = preflight_check(&preflight(204, &[(ACAO, APP), (ACAM, "PUT")]), &r, APP).unwrap();
    assert_eq!((ok.chromium_cache_seconds, ok.warnings.len()), (5, 0));
}

// ---------------------------------------------------------------- redirect_check

#[test]
fn redirect_hop_must_pass_the_cors_check() {
    let state = RedirectState::new(&request("GET", &[]), APP);
    let hop = HttpResponse::new(302).header("Location", "/next");
    assert_eq!(
        redirect_check(&hop, &state),
        Err(corsprobe_engine::check::Refusal::Blocked { status: err(CorsError::MissingAllowOriginHeader, ""), stage: Stage::Redirect })
    );
    let hop = hop.header(ACAO, APP);
    match redirect_check(&hop, &state) {
        Ok(RedirectNext::Follow { state: next }) => {
            assert_eq!(next.request.url, format!("{API}/next"));
            assert_eq!(next.redirect_count, 1);
            assert!(!next.tainted);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(redirect_check(&HttpResponse::new(200), &state), Ok(RedirectNext::Final));
}

#[test]
fn redirect_modes() {
    let hop_ok = HttpResponse::new(302).header(ACAO, APP).header("Location", "/next");
    let hop_bare = HttpResponse::new(302).header("Location", "/next");
    let mut manual = request("GET", &[]);
    manual.redirect = RedirectMode::Manual;
    let v = judge_exchange(&manual, APP, None, &[], Some(&hop_ok));
    assert_eq!(v, ExchangeVerdict::Pass { tainting: ResponseTainting::OpaqueRedirect, warnings: vec![] });
    assert_eq!(blocked(&judge_exchange(&manual, APP, None, &[], Some(&hop_bare))), Some((CorsError::MissingAllowOriginHeader, "", Stage::Response)));
    let mut error = request("GET", &[]);
    error.redirect = RedirectMode::Error;
    assert_eq!(
        judge_exchange(&error, APP, None, &[], Some(&hop_ok)),
        ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::RedirectModeError }
    );
    assert_eq!(blocked(&judge_exchange(&error, APP, None, &[], Some(&hop_bare))), Some((CorsError::MissingAllowOriginHeader, "", Stage::Response)));
}

#[test]
fn redirect_to_credentials() {
    let hop = HttpResponse::new(302).header(ACAO, "*").header("Location", "http://user:pw@localhost:8001/x");
    let v = judge_exchange(&request("GET", &[]), APP, None, std::slice::from_ref(&hop), Some(&ok_with(&[(ACAO, "*")])));
    assert_eq!(blocked(&v), Some((CorsError::RedirectContainsCredentials, "", Stage::Redirect)));
    // no-cors passes the CORS checks, but Blink refuses the credentialed URL: a network
    // error, no CORS error (measured in Chromium 156).
    let mut no_cors = request("GET", &[]);
    no_cors.mode = Mode::NoCors;
    let v = judge_exchange(&no_cors, APP, None, &[HttpResponse::new(302).header("Location", "http://user:pw@localhost:8001/x")], Some(&ok_with(&[])));
    assert_eq!(
        v,
        ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::CredentialedSubresource("http://user:pw@localhost:8001/x".into()) }
    );
    // A same-origin request redirected to its own origin with credentials passes the CORS
    // checks (Fetch steps 9–10) and is refused by Blink all the same, unless the page's
    // own URL carried those credentials.
    let same = RequestSpec { url: format!("{APP}/a"), ..request("GET", &[]) };
    let hop = HttpResponse::new(302).header("Location", "http://u:p@127.0.0.1:8000/b");
    assert_eq!(
        judge_exchange(&same, APP, None, &[hop], Some(&ok_with(&[]))),
        ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::CredentialedSubresource("http://u:p@127.0.0.1:8000/b".into()) }
    );
}

/// Blink's `ShouldBlockFetchAsCredentialedSubresource` runs after the network service's
/// checks: a no-cors POST redirected to `user:secret@` fails as a network error whatever
/// CORS headers the hop carries (they are never read in no-cors mode).
#[test]
fn no_cors_redirect_to_credentials_is_a_network_error() {
    let mut no_cors = request("POST", &[]);
    no_cors.mode = Mode::NoCors;
    no_cors.credentials = Credentials::Include;
    for status in [301, 302, 303, 307, 308] {
        let hop = HttpResponse::new(status).header(ACAO, "http://127.0.0.1:8000/").header("Location", "http://user:secret@127.0.0.1:8001/x");
        let v = judge_exchange(&no_cors, APP, None, &[hop], None);
        assert!(
            matches!(v, ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::CredentialedSubresource(_) }),
            "{status}: {v:?}"
        );
    }
}

#[test]
fn redirect_limits_and_schemes() {
    let hop = HttpResponse::new(302).header(ACAO, APP).header("Location", "/again");
    let hops: Vec<HttpResponse> = std::iter::repeat_n(hop, 21).collect();
    let v = judge_exchange(&request("GET", &[]), APP, None, &hops, Some(&ok_with(&[(ACAO, APP)])));
    assert_eq!(v, ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::TooManyRedirects });
    let v = judge_exchange(&request("GET", &[]), APP, None, &hops[..20], Some(&ok_with(&[(ACAO, APP), ("Vary", "Origin")])));
    assert!(v.is_pass(), "{v:?}");
    // A cors fetch restarted at a non-http(s) URL: CorsDisabledScheme (Chromium's
    // CorsURLLoader::StartRequest); no-cors: the network stack's error, no CORS error.
    let ftp = HttpResponse::new(301).header(ACAO, APP).header("Location", "ftp://files.example/x");
    let v = judge_exchange(&request("GET", &[]), APP, None, std::slice::from_ref(&ftp), None);
    assert_eq!(blocked(&v), Some((CorsError::CorsDisabledScheme, "", Stage::Redirect)));
    let mut no_cors = request("GET", &[]);
    no_cors.mode = Mode::NoCors;
    let v = judge_exchange(&no_cors, APP, None, &[ftp], None);
    assert_eq!(v, ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::NonHttpRedirect("ftp://files.example/x".into()) });
}

#[test]
fn redirect_taints_the_origin() {
    // App → API (cross-origin) → another origin: the request's origin is now `null`.
    let hop = HttpResponse::new(302).header(ACAO, APP).header("Location", "http://third.example/x");
    let final_app = ok_with(&[(ACAO, APP)]);
    let v = judge_exchange(&request("GET", &[]), APP, None, std::slice::from_ref(&hop), Some(&final_app));
    assert_eq!(blocked(&v), Some((CorsError::AllowOriginMismatch, APP, Stage::Response)));
    assert!(judge_exchange(&request("GET", &[]), APP, None, std::slice::from_ref(&hop), Some(&ok_with(&[(ACAO, "null")]))).is_pass());
    assert!(judge_exchange(&request("GET", &[]), APP, None, &[hop], Some(&ok_with(&[(ACAO, "*")]))).is_pass());
    // A redirect within the API's origin does not taint.
    let hop = HttpResponse::new(302).header(ACAO, APP).header("Location", "/y");
    assert!(judge_exchange(&request("GET", &[]), APP, None, &[hop], Some(&ok_with(&[(ACAO, APP), ("Vary", "Origin")]))).is_pass());
}

#[test]
fn same_origin_request_redirected_away() {
    let same = RequestSpec { url: format!("{APP}/a"), ..request("GET", &[]) };
    let hop = HttpResponse::new(302).header("Location", format!("{API}/b").as_str());
    // The same-origin hop is not CORS-checked; the cross-origin response is.
    let v = judge_exchange(&same, APP, None, std::slice::from_ref(&hop), Some(&ok_with(&[])));
    assert_eq!(blocked(&v), Some((CorsError::MissingAllowOriginHeader, "", Stage::Response)));
    let mut same_mode = same.clone();
    same_mode.mode = Mode::SameOrigin;
    assert_eq!(
        blocked(&judge_exchange(&same_mode, APP, None, &[hop], Some(&ok_with(&[])))),
        Some((CorsError::DisallowedByMode, "", Stage::Redirect))
    );
}

#[test]
fn redirect_rewrites_method_and_drops_authorization() {
    // A preflighted PUT redirected by 303 becomes a GET without a preflight.
    let put = request("PUT", &[("Content-Type", "application/json")]);
    let p = preflight(204, &[(ACAO, APP), (ACAM, "PUT"), (ACAH, "content-type")]);
    let see_other = HttpResponse::new(303).header(ACAO, APP).header("Location", "/done");
    let fin = ok_with(&[(ACAO, APP), ("Vary", "Origin")]);
    assert!(judge_exchange(&put, APP, Some(&p), &[see_other], Some(&fin)).is_pass());
    // A 307 keeps the method: the browser preflights again at the new URL.
    let temp = HttpResponse::new(307).header(ACAO, APP).header("Location", "/moved");
    let v = judge_exchange(&put, APP, Some(&p), &[temp], Some(&fin));
    assert_eq!(v, ExchangeVerdict::Incomplete { missing: Missing::PreflightAfterRedirect { url: format!("{API}/moved") } });
    // A cross-origin hop drops Authorization, so no second preflight is needed.
    let auth = request("GET", &[("Authorization", "Bearer t")]);
    let p = preflight(204, &[(ACAO, APP), (ACAH, "authorization")]);
    let away = HttpResponse::new(302).header(ACAO, APP).header("Location", "http://third.example/x");
    assert!(judge_exchange(&auth, APP, Some(&p), &[away], Some(&ok_with(&[(ACAO, "*")]))).is_pass());
}

// ---------------------------------------------------------------- judge_exchange

#[test]
fn judge_input_stage_rules() {
    let mut same_origin_mode = request("GET", &[]);
    same_origin_mode.mode = Mode::SameOrigin;
    assert_eq!(blocked(&judge_exchange(&same_origin_mode, APP, None, &[], None)), Some((CorsError::DisallowedByMode, "", Stage::Input)));
    same_origin_mode.url = format!("{APP}/x");
    assert_eq!(
        judge_exchange(&same_origin_mode, APP, None, &[], Some(&ok_with(&[]))),
        ExchangeVerdict::Pass { tainting: ResponseTainting::Basic, warnings: vec![] }
    );

    let mut no_cors_manual = request("GET", &[]);
    no_cors_manual.mode = Mode::NoCors;
    no_cors_manual.redirect = RedirectMode::Manual;
    assert_eq!(blocked(&judge_exchange(&no_cors_manual, APP, None, &[], None)), Some((CorsError::NoCorsRedirectModeNotFollow, "", Stage::Input)));
    no_cors_manual.url = format!("{APP}/x");
    assert!(judge_exchange(&no_cors_manual, APP, None, &[], Some(&ok_with(&[]))).is_pass());

    let mut no_cors_put = request("put", &[]);
    no_cors_put.mode = Mode::NoCors;
    assert_eq!(
        judge_exchange(&no_cors_put, APP, None, &[], None),
        ExchangeVerdict::Failed { stage: Stage::Input, reason: NetworkFailure::NoCorsMethod("PUT".into()) }
    );

    let ftp = RequestSpec { url: "ftp://files.example/x".into(), ..request("GET", &[]) };
    assert_eq!(blocked(&judge_exchange(&ftp, APP, None, &[], None)), Some((CorsError::CorsDisabledScheme, "", Stage::Input)));
    let bad = RequestSpec { url: "not a url".into(), ..request("GET", &[]) };
    assert!(matches!(
        judge_exchange(&bad, APP, None, &[], None),
        ExchangeVerdict::Failed { stage: Stage::Input, reason: NetworkFailure::InvalidUrl(_) }
    ));
}

#[test]
fn judge_same_origin_and_no_cors_skip_the_cors_check() {
    let same = RequestSpec { url: format!("{APP}/x"), ..request("DELETE", &[("X-A", "1")]) };
    assert_eq!(
        judge_exchange(&same, APP, None, &[], Some(&ok_with(&[]))),
        ExchangeVerdict::Pass { tainting: ResponseTainting::Basic, warnings: vec![] }
    );
    let mut no_cors = request("POST", &[("X-A", "1")]);
    no_cors.mode = Mode::NoCors;
    assert_eq!(
        judge_exchange(&no_cors, APP, None, &[], Some(&HttpResponse::new(500))),
        ExchangeVerdict::Pass { tainting: ResponseTainting::Opaque, warnings: vec![] }
    );
}

#[test]
fn judge_incomplete_says_what_is_missing() {
    let put = request("PUT", &[]);
    assert_eq!(judge_exchange(&put, APP, None, &[], None), ExchangeVerdict::Incomplete { missing: Missing::Preflight { url: format!("{API}/r") } });
    let p = preflight(204, &[(ACAO, APP), (ACAM, "PUT")]);
    assert_eq!(judge_exchange(&put, APP, Some(&p), &[], None), ExchangeVerdict::Incomplete { missing: Missing::Actual { url: format!("{API}/r") } });
    let hop = HttpResponse::new(302).header(ACAO, APP).header("Location", "/t");
    assert_eq!(
        judge_exchange(&request("GET", &[]), APP, None, &[], Some(&hop)),
        ExchangeVerdict::Incomplete { missing: Missing::RedirectTarget { url: format!("{API}/t") } }
    );
}

#[test]
fn judge_ignores_an_unneeded_preflight_and_checks_a_needed_one_first() {
    let broken = preflight(500, &[]);
    assert!(judge_exchange(&request("GET", &[]), APP, Some(&broken), &[], Some(&ok_with(&[(ACAO, "*")]))).is_pass());
    let v = judge_exchange(&request("PUT", &[]), APP, Some(&broken), &[], Some(&ok_with(&[(ACAO, "*")])));
    assert_eq!(blocked(&v), Some((CorsError::PreflightMissingAllowOriginHeader, "", Stage::Preflight)));
}

#[test]
fn judge_credentials_mode_same_origin_is_not_include() {
    let mut r = request("GET", &[]);
    r.credentials = Credentials::SameOrigin;
    assert!(judge_exchange(&r, APP, None, &[], Some(&ok_with(&[(ACAO, "*")]))).is_pass());
    r.credentials = Credentials::Include;
    assert_eq!(
        blocked(&judge_exchange(&r, APP, None, &[], Some(&ok_with(&[(ACAO, "*")])))),
        Some((CorsError::WildcardOriginNotAllowed, "", Stage::Response))
    );
}

#[test]
fn judge_warnings_on_the_final_response() {
    let r = request("GET", &[]);
    let v = judge_exchange(&r, APP, None, &[], Some(&ok_with(&[(ACAO, APP)])));
    assert_eq!(v.warnings(), &[CheckWarning::VaryOriginMissing { allow_origin: APP.into() }]);
    assert_eq!(judge_exchange(&r, APP, None, &[], Some(&ok_with(&[(ACAO, "*")]))).warnings(), &[]);
    let v = judge_exchange(&r, APP, None, &[], Some(&ok_with(&[(ACAO, "*"), (ACEH, "a b")])));
    assert_eq!(v.warnings(), &[CheckWarning::ExposeHeadersInvalid { value: "a b".into(), item: "a b".into() }]);
    let creds = with_credentials(request("GET", &[]));
    let v = judge_exchange(&creds, APP, None, &[], Some(&ok_with(&[(ACAO, APP), (ACAC, "true"), ("Vary", "Origin"), (ACEH, "*")])));
    assert_eq!(v.warnings(), &[CheckWarning::ExposeWildcardWithCredentials]);
}

#[test]
fn verdict_serializes() {
    let v = ExchangeVerdict::Blocked { status: err(CorsError::AllowOriginMismatch, "null"), stage: Stage::Response };
    let json = serde_json::to_string(&v).unwrap();
    assert_eq!(json, r#"{"verdict":"blocked","status":{"error":"AllowOriginMismatch","param":"null"},"stage":"response"}"#);
    assert_eq!(serde_json::from_str::<ExchangeVerdict>(&json).unwrap(), v);
    let v = ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::RedirectModeError };
    assert_eq!(serde_json::from_str::<ExchangeVerdict>(&serde_json::to_string(&v).unwrap()).unwrap(), v);
}

// ---------------------------------------------------------------- visible_response_headers

#[test]
fn visible_headers() {
    let r = ok_with(&[
        ("Content-Type", "text/plain"),
        ("X-Request-Id", "1"),
        ("X-Other", "2"),
        ("Set-Cookie", "a=b"),
        (ACEH, "X-Request-Id, Set-Cookie"),
    ]);
    assert_eq!(visible_response_headers(&r, false), vec!["content-type", "x-request-id"]);
    let star = ok_with(&[("Content-Type", "text/plain"), ("X-Other", "2"), ("Set-Cookie", "a=b"), (ACEH, "*")]);
    assert_eq!(visible_response_headers(&star, false), vec!["content-type", "x-other", "access-control-expose-headers"]);
    assert_eq!(visible_response_headers(&star, true), vec!["content-type"]);
    let invalid = ok_with(&[("Content-Type", "text/plain"), ("X-Other", "2"), (ACEH, "x-other other")]);
    assert_eq!(visible_response_headers(&invalid, false), vec!["content-type"]);
}

// ---------------------------------------------------------------- nothing panics

/// A small deterministic generator (no dependencies).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

#[test]
fn nothing_panics_on_odd_input() {
    const FRAGMENTS: &[&str] = &[
        "",
        " ",
        ",",
        ", ",
        "\"",
        "\\",
        "\t",
        "*",
        "null",
        "true",
        "True",
        "PUT",
        "put",
        "patch",
        "GET",
        "x-a",
        "X-A",
        "http://",
        "http://127.0.0.1:8000",
        "http://localhost:8001",
        "https://",
        "[",
        "]",
        ":",
        "@",
        "/",
        "?",
        "#",
        "%",
        "é",
        "ü,",
        "\u{1F4A5}",
        "-",
        "-1",
        "99999999999999999999999",
        "600",
        "app.example.com",
        "ftp://x",
        "//h/p",
        "user:pw@",
        "\u{0}",
        ";",
        "=",
        "\"a,b\"",
    ];
    const NAMES: &[&str] = &[ACAO, ACAC, ACAM, ACAH, ACEH, MAX_AGE, "Vary", "Location", "location", "X-\u{e9}", ""];
    const URLS: &[&str] = &[
        "http://localhost:8001/r",
        "http://127.0.0.1:8000/same",
        "http://[::1",
        "http://a:99999/",
        "ftp://x/",
        "javascript:x",
        "//x",
        "http://user:pw@h/",
        "",
        "http://ü.example/é",
        "http:",
        "http://h:/",
    ];
    const ORIGINS: &[&str] = &[APP, "null", "", "garbage", "http://127.0.0.1:8000/", "https://é.example", "http://[::1]"];
    const STATUSES: &[u16] = &[0, 200, 204, 299, 300, 301, 302, 303, 304, 307, 308, 401, 500, 999, u16::MAX];
    let mut g = Lcg(0x5eed);
    let value = |g: &mut Lcg| (0..(g.next() % 4)).map(|_| g.pick(FRAGMENTS)).collect::<String>();
    for _ in 0..4000 {
        let response = |g: &mut Lcg| {
            let mut r = HttpResponse::new(STATUSES[(g.next() as usize) % STATUSES.len()]);
            for _ in 0..(g.next() % 6) {
                let name = g.pick(NAMES);
                let v = value(g);
                r.headers.append(name, &v);
            }
            r
        };
        let pre = response(&mut g);
        let hops: Vec<HttpResponse> = (0..(g.next() % 3)).map(|_| response(&mut g)).collect();
        let actual = response(&mut g);
        let mut req = RequestSpec {
            url: g.pick(URLS).to_string(),
            method: g.pick(&["GET", "put", "patch", "POST", "", "X Y", "\u{1F4A5}"]).to_string(),
            headers: (0..(g.next() % 3))
                .map(|_| Header::new(g.pick(&["X-A", "Authorization", "Content-Type", "Accept", "é"]), value(&mut g)))
                .collect(),
            ..Default::default()
        };
        req.mode = Mode::ALL[(g.next() as usize) % Mode::ALL.len()];
        req.credentials = Credentials::ALL[(g.next() as usize) % Credentials::ALL.len()];
        req.redirect = RedirectMode::ALL[(g.next() as usize) % RedirectMode::ALL.len()];
        let origin = g.pick(ORIGINS);
        let v = judge_exchange(&req, origin, Some(&pre), &hops, Some(&actual));
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<ExchangeVerdict>(&json).unwrap(), v);
        let _ = judge_exchange(&req, origin, None, &hops, None);
        let _ = cors_check(&actual, origin, true);
        let _ = preflight_check(&pre, &req, origin);
        let _ = redirect_check(&actual, &RedirectState::new(&req, origin));
        let _ = visible_response_headers(&actual, false);
        let s = value(&mut g);
        let _ = (AllowOrigin::parse(&s), AllowMethods::parse(&s), AllowHeaders::parse(&s), ExposeHeaders::parse(&s));
        let _ = (MaxAge::parse(&s), Vary::parse(&s), split_list(&s), serialize_origin(&s));
    }
}

/// The order Chromium 156 was measured in (harness difftest fixtures and the lab's
/// `redirect-with-credentials` sent in each redirect mode): the network stack's
/// `Location` checks, the hop's CORS check, `manual`, then credentials, then `error`.
#[test]
fn redirects_are_checked_in_chromiums_order() {
    let to_credentials = HttpResponse::new(302).header(ACAO, APP).header("Location", "http://user:pw@localhost:8001/x");
    let mut manual = request("GET", &[]);
    manual.redirect = RedirectMode::Manual;
    assert!(judge_exchange(&manual, APP, None, &[], Some(&to_credentials)).is_pass());
    let mut error = request("GET", &[]);
    error.redirect = RedirectMode::Error;
    assert_eq!(
        blocked(&judge_exchange(&error, APP, None, &[], Some(&to_credentials))),
        Some((CorsError::RedirectContainsCredentials, "", Stage::Redirect))
    );
    // A Location GURL rejects fails in the network stack, before the hop's CORS check.
    let bad_port = HttpResponse::new(302).header("Location", "http://localhost:99999/x");
    let v = judge_exchange(&request("GET", &[]), APP, None, &[], Some(&bad_port));
    assert_eq!(v, ExchangeVerdict::Failed { stage: Stage::Redirect, reason: NetworkFailure::BadLocation("http://localhost:99999/x".into()) });
    let put = request("PUT", &[]);
    let v = judge_exchange(&put, APP, Some(&bad_port), &[], None);
    assert_eq!(v, ExchangeVerdict::Failed { stage: Stage::Preflight, reason: NetworkFailure::BadLocation("http://localhost:99999/x".into()) });
}
