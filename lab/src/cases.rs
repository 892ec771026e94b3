//! Every lab case: the misconfigurations real servers ship, and controls that pass.
//!
//! Each `doc` says what the server does and why servers end up doing it. The expectation
//! is Chromium's verdict, checked in real Chromium by `harness/tests/lab_in_chromium.rs`;
//! where Chromium and the standard disagree, the doc says so and the expectation follows
//! the browser.

use crate::case::{CaseRequest, Expect, LabCase, Otherwise, Reply, Server, Target};
use corsprobe_engine::{CorsError as E, Credentials, Mode, RedirectMode, Stage};

const ACAO: &str = "Access-Control-Allow-Origin";
const ACAC: &str = "Access-Control-Allow-Credentials";
const ACAM: &str = "Access-Control-Allow-Methods";
const ACAH: &str = "Access-Control-Allow-Headers";
const BODY: &str = "{\"ok\":true}";

/// A 200 JSON answer that allows the app origin.
fn allowed() -> Reply {
    Reply::new(200).h(ACAO, "{allowed}").h("Vary", "Origin").h("Content-Type", "application/json").body(BODY)
}
/// A 200 JSON answer with no CORS headers at all.
fn plain() -> Reply {
    Reply::new(200).h("Content-Type", "application/json").body(BODY)
}
/// A 204 preflight answer that allows the app origin, `methods` and `headers`.
fn preflight_ok(methods: &'static str, headers: &'static str) -> Reply {
    Reply::new(204).h(ACAO, "{allowed}").h(ACAM, methods).h(ACAH, headers).h("Vary", "Origin")
}
fn server(preflight: Reply, actual: Reply) -> Server {
    Server { preflight, actual, otherwise: None }
}
/// A `401` asking for HTTP Basic credentials (RFC 7617).
fn basic_challenge() -> Reply {
    Reply::new(401).h("WWW-Authenticate", "Basic realm=\"corsprobe lab\"").h("Content-Type", "text/plain").body("authentication required")
}
/// Starlette's preflight answer (`CORSMiddleware.preflight_response`): its CORS headers on
/// every answer, the status 200 when the request asks only for allowed methods and
/// headers (the CORS-safelisted headers always are), else 400 with the reason as body.
fn starlette_preflight(status: u16, body: &'static str) -> Reply {
    Reply::new(status)
        .h(ACAO, "{allowed}")
        .h(ACAM, "GET, POST")
        .h(ACAH, "Accept, Accept-Language, Content-Language, Content-Type")
        .h("Access-Control-Max-Age", "600")
        .h("Vary", "Origin")
        .h("Content-Type", "text/plain; charset=utf-8")
        .body(body)
}
fn starlette(disallowed: &'static str) -> Server {
    Server {
        preflight: starlette_preflight(400, disallowed),
        actual: allowed(),
        otherwise: Some(Otherwise::PreflightWithin {
            methods: &["GET", "POST"],
            headers: &["accept", "accept-language", "content-language", "content-type"],
            reply: starlette_preflight(200, "OK"),
        }),
    }
}
/// A case whose route never sees a preflight.
fn simple_server(actual: Reply) -> Server {
    server(Reply::new(204), actual)
}
fn blocked(error: E, param: &'static str) -> Expect {
    Expect::Blocked { error, param, stage: error.stage() }
}
fn blocked_at(error: E, param: &'static str, stage: Stage) -> Expect {
    Expect::Blocked { error, param, stage }
}
fn get(id: &str) -> CaseRequest {
    CaseRequest::get(format!("/case/{id}"))
}
fn with_method(mut r: CaseRequest, method: &'static str) -> CaseRequest {
    r.method = method;
    r
}
fn with_headers(mut r: CaseRequest, headers: &[(&'static str, &'static str)]) -> CaseRequest {
    r.headers = headers.to_vec();
    r
}
fn with_credentials(mut r: CaseRequest) -> CaseRequest {
    r.credentials = Credentials::Include;
    r
}

/// Cases whose `failedParameter` the headers alone do not decide: the engine names the
/// right error with the parameter as one of several candidates (`likely`), not exact.
pub const PARAM_UNDECIDED: &[&str] = &["two-headers-not-allowed"];

pub fn cases() -> Vec<LabCase> {
    let mut c = Vec::new();
    let mut add = |id: &'static str, title: &'static str, doc: &'static str, request: CaseRequest, server: Server, expect: Expect| {
        c.push(LabCase { id, title, doc, request, server, expect });
    };

    // ---- Response stage: the actual response's Access-Control-Allow-Origin.
    add(
        "missing-allow-origin",
        "No Access-Control-Allow-Origin at all",
        "The server has no CORS configuration: the response reaches the browser, which hides it from page code.",
        get("missing-allow-origin"),
        simple_server(plain()),
        blocked(E::MissingAllowOriginHeader, ""),
    );
    add(
        "allow-origin-other",
        "Allows another origin",
        "A hard-coded production origin (https://app.example.com) while the app runs elsewhere.",
        get("allow-origin-other"),
        simple_server(plain().h(ACAO, "https://app.example.com")),
        blocked(E::AllowOriginMismatch, "https://app.example.com"),
    );
    add(
        "allow-origin-trailing-slash",
        "Allowed origin has a trailing slash",
        "Origins have no path: `http://host:port/` never equals the origin `http://host:port`. A config value copied from a URL.",
        get("allow-origin-trailing-slash"),
        simple_server(plain().h(ACAO, "{app}/")),
        blocked(E::AllowOriginMismatch, "{app}/"),
    );
    add(
        "allow-origin-https-scheme",
        "Allows the https origin, request is from http",
        "The scheme is part of the origin: https://host:port does not allow http://host:port.",
        get("allow-origin-https-scheme"),
        simple_server(plain().h(ACAO, "{app_https}")),
        blocked(E::AllowOriginMismatch, "{app_https}"),
    );
    add(
        "allow-origin-localhost-vs-ip",
        "Allows localhost, page is on 127.0.0.1 (or the reverse)",
        "localhost and 127.0.0.1 are different origins even though they reach the same machine.",
        get("allow-origin-localhost-vs-ip"),
        simple_server(plain().h(ACAO, "{app_swapped}")),
        blocked(E::AllowOriginMismatch, "{app_swapped}"),
    );
    add(
        "allow-origin-two-lines",
        "Access-Control-Allow-Origin sent twice",
        "Two layers (the app and a proxy) each add the header. Chromium joins repeated lines with \", \" and reports the joined value.",
        get("allow-origin-two-lines"),
        simple_server(plain().h(ACAO, "{app}").h(ACAO, "https://app.example.com")),
        blocked(E::MultipleAllowOriginValues, "{app}, https://app.example.com"),
    );
    add(
        "allow-origin-comma-list",
        "Access-Control-Allow-Origin lists several origins",
        "The allow-list is sent as is instead of the one matching origin.",
        get("allow-origin-comma-list"),
        simple_server(plain().h(ACAO, "{app}, https://app.example.com")),
        blocked(E::MultipleAllowOriginValues, "{app}, https://app.example.com"),
    );
    add(
        "allow-origin-no-scheme",
        "Allowed origin has no scheme",
        "A host name where an origin belongs (`app.example.com`).",
        get("allow-origin-no-scheme"),
        simple_server(plain().h(ACAO, "app.example.com")),
        blocked(E::InvalidAllowOriginValue, "app.example.com"),
    );
    add("allow-origin-null", "Access-Control-Allow-Origin: null",
        "Some servers send `null` to mean \"nobody\". It is dangerous: sandboxed frames and file: pages have the origin null. Measured in Chromium 156: reported as AllowOriginMismatch (not InvalidAllowOriginValue), param \"null\".",
        get("allow-origin-null"), simple_server(plain().h(ACAO, "null")),
        blocked(E::AllowOriginMismatch, "null"));
    add(
        "wildcard-with-credentials",
        "* with credentials",
        "`Access-Control-Allow-Origin: *` works until the page sends cookies (`credentials: \"include\"`).",
        with_credentials(get("wildcard-with-credentials")),
        simple_server(plain().h(ACAO, "*").h(ACAC, "true")),
        blocked(E::WildcardOriginNotAllowed, ""),
    );
    add(
        "credentials-header-missing",
        "Credentialed request, no Access-Control-Allow-Credentials",
        "The origin is right but the server never says credentials are allowed.",
        with_credentials(get("credentials-header-missing")),
        simple_server(allowed()),
        blocked(E::InvalidAllowCredentials, ""),
    );
    add(
        "credentials-header-capital-true",
        "Access-Control-Allow-Credentials: True",
        "The value is case-sensitive; a framework that prints a boolean as `True` breaks it.",
        with_credentials(get("credentials-header-capital-true")),
        simple_server(allowed().h(ACAC, "True")),
        blocked(E::InvalidAllowCredentials, "True"),
    );
    add(
        "cors-only-on-success-404",
        "CORS headers on 2xx only: a 404 has none",
        "CORS added in the success path only: the 404 looks like a CORS error and hides the real status.",
        get("cors-only-on-success-404"),
        simple_server(Reply::new(404).h("Content-Type", "text/plain").body("not found")),
        blocked(E::MissingAllowOriginHeader, ""),
    );
    add(
        "cors-only-on-success-500",
        "CORS headers on 2xx only: a 500 has none",
        "An exception handler answers before the CORS middleware adds headers.",
        get("cors-only-on-success-500"),
        simple_server(Reply::new(500).h("Content-Type", "text/plain").body("boom")),
        blocked(E::MissingAllowOriginHeader, ""),
    );

    // ---- Preflight stage.
    let put = |id: &str| with_method(get(id), "PUT");
    for (id, status, title) in [
        ("preflight-status-401", 401, "Preflight answered 401 (with CORS headers)"),
        ("preflight-status-404", 404, "Preflight answered 404 (no OPTIONS route)"),
        ("preflight-status-405", 405, "Preflight answered 405 (OPTIONS not allowed)"),
        ("preflight-status-500", 500, "Preflight answered 500"),
    ] {
        add(id, title,
            "The CORS headers are there, but OPTIONS gets an error status: auth, routing or a method filter runs before the CORS layer. A preflight must get 2xx.",
            put(id), server(Reply { status, ..preflight_ok("PUT", "Content-Type") }, allowed()),
            blocked(E::PreflightInvalidStatus, ""));
    }
    add("preflight-auth-before-cors", "Authentication answers the preflight with a bare 401",
        "Auth middleware runs first and rejects OPTIONS (which never carries credentials) without CORS headers. Chromium checks the origin before the status, so it reports the missing header, not the 401.",
        with_headers(get("preflight-auth-before-cors"), &[("Authorization", "Bearer demo")]),
        server(Reply::new(401).h("WWW-Authenticate", "Bearer"), allowed()),
        blocked(E::PreflightMissingAllowOriginHeader, ""));
    add(
        "preflight-missing-allow-origin",
        "Preflight without Access-Control-Allow-Origin",
        "OPTIONS is answered (by a default handler) but without CORS headers.",
        put("preflight-missing-allow-origin"),
        server(Reply::new(204).h(ACAM, "PUT"), allowed()),
        blocked(E::PreflightMissingAllowOriginHeader, ""),
    );
    add(
        "preflight-allow-origin-mismatch",
        "Preflight allows another origin",
        "The OPTIONS handler has its own, stale, origin setting.",
        put("preflight-allow-origin-mismatch"),
        server(Reply::new(204).h(ACAO, "https://app.example.com").h(ACAM, "PUT"), allowed()),
        blocked(E::PreflightAllowOriginMismatch, "https://app.example.com"),
    );
    add(
        "preflight-allow-origin-multiple",
        "Preflight sends Access-Control-Allow-Origin twice",
        "A proxy and the app both answer OPTIONS with CORS headers.",
        put("preflight-allow-origin-multiple"),
        server(Reply::new(204).h(ACAO, "{app}").h(ACAO, "*").h(ACAM, "PUT"), allowed()),
        blocked(E::PreflightMultipleAllowOriginValues, "{app}, *"),
    );
    add(
        "preflight-allow-origin-invalid",
        "Preflight's allowed origin has no scheme",
        "A host name where an origin belongs.",
        put("preflight-allow-origin-invalid"),
        server(Reply::new(204).h(ACAO, "app.example.com").h(ACAM, "PUT"), allowed()),
        blocked(E::PreflightInvalidAllowOriginValue, "app.example.com"),
    );
    add(
        "preflight-wildcard-with-credentials",
        "Preflight answers * to a credentialed request",
        "`*` everywhere works until credentials are sent; the preflight is checked with the request's credentials mode.",
        with_credentials(put("preflight-wildcard-with-credentials")),
        server(Reply::new(204).h(ACAO, "*").h(ACAC, "true").h(ACAM, "PUT"), allowed().h(ACAC, "true")),
        blocked(E::PreflightWildcardOriginNotAllowed, ""),
    );
    add(
        "preflight-credentials-missing",
        "Preflight lacks Access-Control-Allow-Credentials",
        "The actual response says credentials are fine; the OPTIONS handler forgot.",
        with_credentials(put("preflight-credentials-missing")),
        server(preflight_ok("PUT", "Content-Type"), allowed().h(ACAC, "true")),
        blocked(E::PreflightInvalidAllowCredentials, ""),
    );
    add(
        "preflight-redirect",
        "Preflight answered with a redirect",
        "A trailing-slash or http→https redirect also catches OPTIONS. Browsers never follow a preflight redirect.",
        put("preflight-redirect"),
        server(Reply::new(302).h(ACAO, "{allowed}").h(ACAM, "PUT").h("Location", "/case/pass-preflight"), allowed()),
        blocked(E::PreflightDisallowedRedirect, ""),
    );
    add(
        "method-not-allowed",
        "PUT not in Access-Control-Allow-Methods",
        "The allow-list stops at GET and POST.",
        put("method-not-allowed"),
        server(preflight_ok("GET, POST", "Content-Type"), allowed()),
        blocked(E::MethodDisallowedByPreflightResponse, "PUT"),
    );
    add("method-lowercase-patch", "fetch sends `patch` in lowercase",
        "fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT. `patch` stays lowercase and does not match `PATCH` (method names are case-sensitive).",
        with_method(get("method-lowercase-patch"), "patch"), server(preflight_ok("GET, PATCH", "Content-Type"), allowed()),
        blocked(E::MethodDisallowedByPreflightResponse, "patch"));
    add(
        "method-wildcard-with-credentials",
        "Access-Control-Allow-Methods: * with credentials",
        "With credentials, `*` is the literal method name \"*\", not a wildcard.",
        with_credentials(put("method-wildcard-with-credentials")),
        server(preflight_ok("*", "Content-Type").h(ACAC, "true"), allowed().h(ACAC, "true")),
        blocked(E::MethodDisallowedByPreflightResponse, "PUT"),
    );
    add(
        "header-not-allowed",
        "X-Api-Key not in Access-Control-Allow-Headers",
        "The allow-list has Content-Type only; the client adds an API key header.",
        with_headers(get("header-not-allowed"), &[("X-Api-Key", "demo")]),
        server(preflight_ok("GET", "Content-Type"), allowed()),
        blocked(E::HeaderDisallowedByPreflightResponse, "x-api-key"),
    );
    add("two-headers-not-allowed", "Two request headers not allowed",
        "Neither X-Api-Key nor X-Trace-Id is listed. Measured in Chromium 156: it names x-api-key here, whatever order the page set them in; but with X-Api-Key and X-Custom-Header it names x-custom-header (the differential test), so the order is Blink's header map's, not sorted: headers alone cannot say which one Chromium names (PARAM_UNDECIDED).",
        with_headers(get("two-headers-not-allowed"), &[("X-Trace-Id", "t-1"), ("X-Api-Key", "demo")]),
        server(preflight_ok("GET", "Content-Type"), allowed()),
        blocked(E::HeaderDisallowedByPreflightResponse, "x-api-key"));
    add(
        "header-wildcard-with-credentials",
        "Access-Control-Allow-Headers: * with credentials",
        "With credentials, `*` is the literal header name \"*\", not a wildcard.",
        with_credentials(with_headers(get("header-wildcard-with-credentials"), &[("X-Api-Key", "demo")])),
        server(preflight_ok("GET", "*").h(ACAC, "true"), allowed().h(ACAC, "true")),
        blocked(E::HeaderDisallowedByPreflightResponse, "x-api-key"),
    );
    add("authorization-under-wildcard", "Authorization allowed only through *",
        "The Fetch standard says `*` never covers Authorization, so this should be blocked. Measured: Chromium 156, Firefox 153 and WebKitGTK 2.50 all let it through (Chromium adds a deprecation issue, AuthorizationCoveredByWildcard). The expectation follows the browser: it passes today.",
        with_headers(get("authorization-under-wildcard"), &[("Authorization", "Bearer demo")]),
        server(Reply::new(204).h(ACAO, "*").h(ACAH, "*").h(ACAM, "GET"), plain().h(ACAO, "*")),
        Expect::Pass);
    add("allow-methods-invalid", "Access-Control-Allow-Methods is not a list",
        "Methods separated by spaces instead of commas (`PUT DELETE`). Measured in Chromium 156: the failedParameter is empty (the console says only \"Cannot parse Access-Control-Allow-Methods\").",
        put("allow-methods-invalid"),
        server(Reply::new(204).h(ACAO, "{allowed}").h(ACAM, "PUT DELETE"), allowed()),
        blocked(E::InvalidAllowMethodsPreflightResponse, ""));
    add(
        "allow-headers-invalid",
        "Access-Control-Allow-Headers is not a list",
        "Header names separated by spaces instead of commas. Measured in Chromium 156: the failedParameter is empty.",
        with_headers(get("allow-headers-invalid"), &[("X-Api-Key", "demo")]),
        server(Reply::new(204).h(ACAO, "{allowed}").h(ACAM, "GET").h(ACAH, "x-api-key x-trace-id"), allowed()),
        blocked(E::InvalidAllowHeadersPreflightResponse, ""),
    );
    add(
        "preflight-ok-actual-missing",
        "Preflight passes, the actual response has no CORS headers",
        "CORS is implemented in an OPTIONS handler only; the PUT handler's response lacks the headers. Chromium reports the actual response.",
        put("preflight-ok-actual-missing"),
        server(preflight_ok("PUT", "Content-Type"), plain()),
        blocked(E::MissingAllowOriginHeader, ""),
    );
    add("json-post-no-options", "JSON POST to an API without OPTIONS handling",
        "Content-Type: application/json makes a POST preflighted; the framework answers OPTIONS with 405 and no CORS headers, although the POST handler adds them.",
        CaseRequest {
            headers: vec![("Content-Type", "application/json")],
            body: Some("{\"name\":\"demo\"}"),
            ..with_method(get("json-post-no-options"), "POST")
        },
        server(Reply::new(405).h("Allow", "GET, POST"), allowed()),
        blocked(E::PreflightMissingAllowOriginHeader, ""));
    add("preflight-400-disallowed-header", "Preflight answered 400 for a header it does not allow (Starlette)",
        "Starlette's CORSMiddleware (FastAPI) answers a preflight that asks for a header outside allow_headers with 400 \"Disallowed CORS headers\", CORS headers included: Chromium checks the origin first, then the status, so it reports the status, not the header. A preflight asking only for allowed headers gets 200.",
        with_headers(get("preflight-400-disallowed-header"), &[("X-Api-Key", "demo")]),
        starlette("Disallowed CORS headers"),
        blocked(E::PreflightInvalidStatus, ""));
    add("preflight-400-disallowed-method", "Preflight answered 400 for a method it does not allow (Starlette)",
        "Starlette's CORSMiddleware answers a preflight for a method outside allow_methods (here GET and POST) with 400 \"Disallowed CORS method\", CORS headers included: Chromium reports the status, not the method.",
        put("preflight-400-disallowed-method"),
        starlette("Disallowed CORS method"),
        blocked(E::PreflightInvalidStatus, ""));
    add("method-and-header-not-allowed", "Neither the method nor the header is allowed, and GET gets a bare 405",
        "A PUT-only endpoint: its CORS layer answers preflights for GET and POST with Content-Type only, and every other request meets the framework's 405 without CORS headers. Chromium checks the method before the headers (PreflightResult::EnsureAllowedCrossOriginMethod, then ...Headers), so it names PUT.",
        with_headers(put("method-and-header-not-allowed"), &[("X-Api-Key", "demo")]),
        server(preflight_ok("GET, POST", "Content-Type"), Reply::new(405).h("Allow", "PUT").h("Content-Type", "text/plain").body("method not allowed")),
        blocked(E::MethodDisallowedByPreflightResponse, "PUT"));

    // ---- HTTP authentication: a 401 with WWW-Authenticate unless Authorization is sent.
    // A credentialed fetch that meets the challenge can make a browser ask the person for
    // a password (Firefox does): corsprobe's probes must never.
    add("basic-auth-cors", "HTTP Basic authentication with CORS on every answer",
        "The API asks for Basic credentials (401 with WWW-Authenticate: Basic) unless Authorization is sent; its CORS layer runs first, so the preflight and the 401 carry CORS headers too. The page sends Authorization itself: it passes.",
        with_headers(get("basic-auth-cors"), &[("Authorization", "Basic dXNlcjpzZWNyZXQ=")]),
        Server {
            preflight: preflight_ok("GET", "Authorization"),
            actual: allowed(),
            otherwise: Some(Otherwise::WithoutAuthorization(basic_challenge().h(ACAO, "{allowed}").h("Vary", "Origin"))),
        },
        Expect::Pass);
    add("basic-auth-cors-credentialed", "HTTP Basic authentication, a credentialed request that sends Authorization",
        "As basic-auth-cors, with credentials: \"include\" and Access-Control-Allow-Credentials: true on every answer. The page's own request carries Authorization, so it never meets the challenge; a credentialed request without Authorization would.",
        with_credentials(with_headers(get("basic-auth-cors-credentialed"), &[("Authorization", "Basic dXNlcjpzZWNyZXQ=")])),
        Server {
            preflight: preflight_ok("GET", "Authorization").h(ACAC, "true"),
            actual: allowed().h(ACAC, "true"),
            otherwise: Some(Otherwise::WithoutAuthorization(basic_challenge().h(ACAO, "{allowed}").h(ACAC, "true").h("Vary", "Origin"))),
        },
        Expect::Pass);
    add("basic-auth-before-cors", "HTTP Basic authentication before CORS: the preflight gets the 401",
        "Basic authentication runs before the CORS layer: the preflight (which never carries Authorization) and every request without it get 401 with WWW-Authenticate: Basic and no CORS headers. Chromium checks the origin before the status, so it reports the missing header.",
        with_headers(get("basic-auth-before-cors"), &[("Authorization", "Basic dXNlcjpzZWNyZXQ=")]),
        Server { preflight: basic_challenge(), actual: allowed(), otherwise: Some(Otherwise::WithoutAuthorization(basic_challenge())) },
        blocked(E::PreflightMissingAllowOriginHeader, ""));

    // ---- Redirects.
    add("redirect-without-cors", "A redirect without CORS headers",
        "The 302 (a trailing-slash or canonical-host redirect) comes from a layer without CORS. The browser checks CORS on the redirect response itself.",
        get("redirect-without-cors"),
        simple_server(Reply::new(302).h("Location", "/case/pass-wildcard")),
        blocked_at(E::MissingAllowOriginHeader, "", Stage::Redirect));
    add(
        "redirect-target-without-cors",
        "Redirect passes, its target lacks CORS headers",
        "The redirect is fine; the URL it points to has no CORS configuration.",
        get("redirect-target-without-cors"),
        simple_server(Reply::new(302).h(ACAO, "{allowed}").h("Location", "/case/missing-allow-origin")),
        blocked(E::MissingAllowOriginHeader, ""),
    );
    add(
        "redirect-manual-without-cors",
        "redirect: manual on a 302 without CORS headers",
        "In cors mode even `redirect: \"manual\"` checks CORS on the 3xx, so the opaque-redirect is never returned.",
        CaseRequest { redirect: RedirectMode::Manual, ..get("redirect-manual-without-cors") },
        simple_server(Reply::new(302).h("Location", "/case/pass-wildcard")),
        blocked(E::MissingAllowOriginHeader, ""),
    );
    add(
        "redirect-with-credentials",
        "Redirect to a URL with user:password",
        "Cross-origin requests may not follow a redirect whose URL carries credentials. \
         Browsers differ (measured by harness/tests/lab_in_firefox.rs): Chromium 156 reports \
         RedirectContainsCredentials; Firefox 153 refuses too but prints its network-failure \
         reason, `CORS request did not succeed` with `Status code: (null)`, as if the server \
         were unreachable. The expectation below is Chromium's.",
        get("redirect-with-credentials"),
        simple_server(Reply::new(302).h(ACAO, "{allowed}").h("Location", "{lab_userinfo}/case/pass-wildcard")),
        blocked(E::RedirectContainsCredentials, ""),
    );

    // ---- Modes: refused from the request alone.
    add(
        "mode-same-origin",
        "mode: same-origin to another origin",
        "same-origin mode forbids any other origin; nothing is sent.",
        CaseRequest { mode: Mode::SameOrigin, ..get("mode-same-origin") },
        simple_server(allowed()),
        blocked(E::DisallowedByMode, ""),
    );
    add(
        "no-cors-redirect-manual",
        "mode: no-cors with redirect: manual",
        "no-cors requests must follow redirects.",
        CaseRequest { mode: Mode::NoCors, redirect: RedirectMode::Manual, ..get("no-cors-redirect-manual") },
        simple_server(allowed()),
        blocked(E::NoCorsRedirectModeNotFollow, ""),
    );

    // ---- Controls that pass.
    add(
        "pass-wildcard",
        "Passes: Access-Control-Allow-Origin: *",
        "A public, anonymous API.",
        get("pass-wildcard"),
        simple_server(plain().h(ACAO, "*")),
        Expect::Pass,
    );
    add(
        "pass-exact-origin",
        "Passes: the exact origin, with Vary: Origin",
        "An allow-list that reflects the matching origin.",
        get("pass-exact-origin"),
        simple_server(allowed()),
        Expect::Pass,
    );
    add(
        "pass-credentials",
        "Passes: credentialed",
        "Exact origin and Access-Control-Allow-Credentials: true.",
        with_credentials(get("pass-credentials")),
        simple_server(allowed().h(ACAC, "true")),
        Expect::Pass,
    );
    add(
        "pass-expose-headers",
        "Passes: exposes X-Request-Id",
        "Page code may read X-Request-Id because it is exposed.",
        get("pass-expose-headers"),
        simple_server(plain().h(ACAO, "*").h("Access-Control-Expose-Headers", "X-Request-Id").h("X-Request-Id", "42")),
        Expect::Pass,
    );
    add(
        "pass-preflight",
        "Passes: a full preflight",
        "PUT with X-Api-Key, every header right, cached for 10 minutes.",
        with_headers(put("pass-preflight"), &[("X-Api-Key", "demo")]),
        server(preflight_ok("PUT", "X-Api-Key").h("Access-Control-Max-Age", "600"), allowed()),
        Expect::Pass,
    );
    add(
        "slow",
        "Passes after a delay (3 s)",
        "A slow endpoint: `?ms=` sets the delay (at most 30 000).",
        CaseRequest::get("/case/slow?ms=3000"),
        simple_server(plain().h(ACAO, "*")),
        Expect::Pass,
    );
    add(
        "payload-html-body",
        "Passes: the body is HTML with script",
        "The body carries `<script>` and an `onerror` handler; corsprobe must render it as text.",
        get("payload-html-body"),
        simple_server(Reply::new(200).h(ACAO, "*").h("Content-Type", "text/html").body("<script>alert(1)</script><img src=x onerror=alert(1)>")),
        Expect::Pass,
    );
    add(
        "payload-html-headers",
        "Passes: a header value carries HTML",
        "An exposed header value with markup; corsprobe must render it as text.",
        get("payload-html-headers"),
        simple_server(plain().h(ACAO, "*").h("Access-Control-Expose-Headers", "X-Payload").h("X-Payload", "<img src=x onerror=alert(1)>")),
        Expect::Pass,
    );
    // Dangerous policies: they pass for the app origin; the policy audit must flag them
    // (see `audit_expectations`).
    add(
        "reflect-any-origin",
        "Passes, but echoes any origin",
        "Access-Control-Allow-Origin repeats whatever Origin asks (a common \"allow all\" shortcut). Any site can read the responses.",
        get("reflect-any-origin"),
        simple_server(plain().h(ACAO, "{origin}").h("Vary", "Origin")),
        Expect::Pass,
    );
    add(
        "reflect-any-origin-credentials",
        "Passes, but echoes any origin with credentials",
        "The reflection plus Access-Control-Allow-Credentials: true: any site can read the responses as the logged-in user.",
        with_credentials(get("reflect-any-origin-credentials")),
        simple_server(plain().h(ACAO, "{origin}").h(ACAC, "true").h("Vary", "Origin")),
        Expect::Pass,
    );
    add(
        "null-origin-trusted",
        "Passes, but trusts the origin null",
        "Answers Origin: null with Access-Control-Allow-Origin: null (sandboxed frames and data: URLs send null, so anyone can).",
        get("null-origin-trusted"),
        simple_server(plain().h(ACAO, "{allowed_or_null}").h("Vary", "Origin")),
        Expect::Pass,
    );
    add(
        "vary-origin-missing",
        "Passes, but lacks Vary: Origin",
        "Names the app origin without Vary: Origin: a shared cache may serve the answer to another origin.",
        get("vary-origin-missing"),
        simple_server(plain().h(ACAO, "{allowed}")),
        Expect::Pass,
    );
    add(
        "max-age-day",
        "Passes, but asks for a one-day preflight cache",
        "Access-Control-Max-Age: 86400. Chromium caps it at 7200 s, WebKit at 600 s.",
        with_headers(put("max-age-day"), &[("X-Api-Key", "demo")]),
        server(preflight_ok("PUT", "X-Api-Key").h("Access-Control-Max-Age", "86400"), allowed()),
        Expect::Pass,
    );
    add(
        "expose-wildcard-credentials",
        "Passes, but exposes * under credentials",
        "Access-Control-Expose-Headers: * with credentials exposes a header literally named *, nothing else.",
        with_credentials(get("expose-wildcard-credentials")),
        simple_server(allowed().h(ACAC, "true").h("Access-Control-Expose-Headers", "*")),
        Expect::Pass,
    );
    // Loose origin checks (`crate::policy::LooseCheck`): the app origin passes, and so
    // do look-alikes an exact allow-list rejects. The audit finds them with the probe
    // origins corsprobe's curl commands send.
    add("origin-ends-with-domain", "Passes, but trusts any origin ending in the app's domain",
        "For the app https://app.example.com the check is `origin.endsWith(\"example.com\")` (the app's host without its first label, port kept), meant as \"the domain and its subdomains\". It also lets in https://evilexample.com, which anyone can register. (For an app on an IP address it is endsWith(\"127.0.0.1:8080\"): no look-alike to register.)",
        get("origin-ends-with-domain"),
        simple_server(plain().h(ACAO, "{origin_if_ends_with_domain}").h("Vary", "Origin")), Expect::Pass);
    add("origin-starts-with-app", "Passes, but trusts any origin starting with the app's",
        "For the app https://app.example.com the check is `origin.startsWith(\"https://app.example.com\")` (scheme and host; the usual way to allow localhost on any port). It also lets in https://app.example.com.evil.example, a host whoever owns evil.example can name — and for an app on http://127.0.0.1:8080, http://127.0.0.1.evil.example:8080.",
        get("origin-starts-with-app"),
        simple_server(plain().h(ACAO, "{origin_if_starts_with_host}").h("Vary", "Origin")), Expect::Pass);
    add("origin-regex-unescaped-dot", "Passes, but matches origins with an unescaped regex dot",
        "For the app https://app.example.com the check is the regex `^https://app.example.com$`, anchored but with its dots unescaped: `.` matches any character, so https://appxexample.com, a domain anyone can register, gets in.",
        get("origin-regex-unescaped-dot"),
        simple_server(plain().h(ACAO, "{origin_if_dots_match_any}").h("Vary", "Origin")), Expect::Pass);
    add("origin-any-subdomain", "Passes, but trusts every subdomain of the app's domain",
        "For the app https://app.example.com the check is `^https://([a-z0-9-]+\\.)*example\\.com$`: every subdomain of the domain (https://evil.example.com too). Often deliberate; only as safe as the least trusted subdomain (takeovers, user content).",
        get("origin-any-subdomain"),
        simple_server(plain().h(ACAO, "{origin_if_subdomain}").h("Vary", "Origin")), Expect::Pass);
    // Lists broader than the request needs: they pass; the audit names the extras.
    add("preflight-lists-broad", "Passes, but the preflight allows far more than the request needs",
        "A PUT with X-Api-Key; the preflight allows every method a framework default lists (PATCH, DELETE too) and headers the page never sends (X-Requested-With, X-Csrf-Token, Authorization).",
        with_headers(put("preflight-lists-broad"), &[("X-Api-Key", "demo")]),
        server(preflight_ok("GET, POST, PUT, PATCH, DELETE, OPTIONS", "X-Api-Key, X-Requested-With, X-Csrf-Token, Authorization, Content-Type"), allowed()),
        Expect::Pass);
    add(
        "preflight-headers-wildcard",
        "Passes, but the preflight allows any request header",
        "Access-Control-Allow-Headers: * without credentials: every header name is allowed, where the request needs X-Api-Key only.",
        with_headers(get("preflight-headers-wildcard"), &[("X-Api-Key", "demo")]),
        server(preflight_ok("GET", "*"), allowed()),
        Expect::Pass,
    );
    add(
        "closed-port",
        "Nothing listens on the port",
        "A closed port is a network error, not CORS: even no-cors fails, and Chromium raises no CORS issue.",
        CaseRequest { target: Target::ClosedPort, ..CaseRequest::get("/nothing") },
        simple_server(plain()),
        Expect::Unreachable,
    );
    c
}

/// The policy findings the audit must raise for one dangerous lab case, asked with the
/// origins of corsprobe's curl set (plus `null`).
#[derive(Debug, Clone, Copy)]
pub struct AuditExpectation {
    pub case: &'static str,
    /// From an app origin on a domain name (`https://app.example.com`): every probe
    /// origin derives from it.
    pub from_domain: &'static [&'static str],
    /// From the loopback app origin (`http://127.0.0.1:8080`, as the harness runs it):
    /// only the prefix probe derives from an IP address.
    pub from_loopback: &'static [&'static str],
}

/// The policy findings the audit must raise for each dangerous lab case (every other
/// case must raise none). Checked against the running lab by lab/tests/audit_agrees.rs.
pub fn audit_expectations() -> &'static [AuditExpectation] {
    const fn both(case: &'static str, findings: &'static [&'static str]) -> AuditExpectation {
        AuditExpectation { case, from_domain: findings, from_loopback: findings }
    }
    const EXPECTATIONS: &[AuditExpectation] = &[
        // Echoing any origin echoes `null` too; the probes' echoes are the same cause.
        both("reflect-any-origin", &["origin-reflected", "null-origin-trusted"]),
        both("reflect-any-origin-credentials", &["origin-reflected", "null-origin-trusted"]),
        both("null-origin-trusted", &["null-origin-trusted"]),
        both("vary-origin-missing", &["vary-origin-missing"]),
        both("max-age-day", &["max-age-over-cap"]),
        both("expose-wildcard-credentials", &["wildcard-list-with-credentials"]),
        // endsWith("example.com") also lets in evil.example.com and appxexample.com:
        // one cause, one finding.
        AuditExpectation { case: "origin-ends-with-domain", from_domain: &["origin-suffix-match"], from_loopback: &[] },
        both("origin-starts-with-app", &["origin-prefix-match"]),
        AuditExpectation { case: "origin-regex-unescaped-dot", from_domain: &["origin-regex-dot"], from_loopback: &[] },
        AuditExpectation { case: "origin-any-subdomain", from_domain: &["origin-subdomain-trusted"], from_loopback: &[] },
        both("preflight-lists-broad", &["allow-list-broader-than-needed"]),
        both("preflight-headers-wildcard", &["allow-list-broader-than-needed"]),
    ];
    EXPECTATIONS
}
