//! The lab's case table types: one entry per way a server breaks (or gets right) CORS,
//! with the request that shows it, what the server answers, and what Chromium reports.
//!
//! The expectation is documentation *and* a test: the browser harness sends each case's
//! request from the app's origin in real Chromium and asserts that Chromium's own verdict
//! (`Network.loadingFailed.corsErrorStatus`) is exactly this.
//!
//! Templates in header values, locations and expected parameters:
//! `{app}` the app origin (the first configured one), `{app_https}` the same with
//! `https:`, `{app_swapped}` the same with `127.0.0.1` ⇄ `localhost`, `{lab}` the lab's
//! origin, `{lab_userinfo}` the lab's origin with `user:secret@`, and (headers only)
//! `{allowed}`: the request's `Origin` if it is a configured app origin, else `{app}`.
//! The dangerous policies also use (headers only) `{origin}` (any Origin, echoed),
//! `{allowed_or_null}`, and the loose checks of [`crate::policy::LooseCheck`]
//! (`{origin_if_ends_with_domain}` …): the request's `Origin` if that check lets it
//! in, else `{allowed}`.

use corsprobe_engine::{CorsError, Credentials, Header, Mode, RedirectMode, RequestSpec, Stage};
use serde::Serialize;

/// Where a case's request goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// A route on the lab (`path` is relative to the lab's origin).
    Lab,
    /// A loopback port that nothing listens on (the lab reserves one at start-up).
    ClosedPort,
}

/// The request that demonstrates a case, as `fetch()` options.
#[derive(Debug, Clone, Serialize)]
pub struct CaseRequest {
    pub target: Target,
    /// Path and query on the target, starting with `/`.
    pub path: String,
    pub method: &'static str,
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Option<&'static str>,
    pub mode: Mode,
    pub credentials: Credentials,
    pub redirect: RedirectMode,
}

impl CaseRequest {
    /// A plain `fetch(url)`: GET, cors mode, same-origin credentials, follow redirects.
    pub fn get(path: impl Into<String>) -> Self {
        CaseRequest {
            target: Target::Lab,
            path: path.into(),
            method: "GET",
            headers: vec![],
            body: None,
            mode: Mode::Cors,
            credentials: Credentials::SameOrigin,
            redirect: RedirectMode::Follow,
        }
    }

    /// The request as the engine models it, with an absolute URL.
    pub fn to_spec(&self, lab_origin: &str, closed_port: u16) -> RequestSpec {
        let base = match self.target {
            Target::Lab => lab_origin.to_string(),
            Target::ClosedPort => format!("http://127.0.0.1:{closed_port}"),
        };
        RequestSpec {
            url: format!("{base}{}", self.path),
            method: self.method.to_string(),
            headers: self.headers.iter().map(|(n, v)| Header::new(*n, *v)).collect(),
            body: self.body.map(str::to_string),
            mode: self.mode,
            credentials: self.credentials,
            redirect: self.redirect,
        }
    }
}

/// One HTTP answer of a case route.
#[derive(Debug, Clone, Serialize)]
pub struct Reply {
    pub status: u16,
    /// Header lines in order; a name may repeat. Values are templates.
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: &'static str,
}

impl Reply {
    pub fn new(status: u16) -> Self {
        Reply { status, headers: vec![], body: "" }
    }
    pub fn h(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }
    pub fn body(mut self, body: &'static str) -> Self {
        self.body = body;
        self
    }
}

/// What a case route answers to the case's own request: to its `OPTIONS` (the
/// preflight) and to every other method. `otherwise` answers other requests (corsprobe's
/// probes) differently where a real server would.
#[derive(Debug, Clone, Serialize)]
pub struct Server {
    pub preflight: Reply,
    pub actual: Reply,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<Otherwise>,
}

/// A server whose answer depends on what the request carries.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Otherwise {
    /// HTTP Basic authentication (RFC 7617): a request other than `OPTIONS` without an
    /// `Authorization` header gets this reply (a `401` with `WWW-Authenticate`).
    WithoutAuthorization(Reply),
    /// Starlette's `CORSMiddleware`: a preflight that asks only for these methods and
    /// (lowercased) headers gets this reply; `preflight` answers one that asks for more.
    PreflightWithin { methods: &'static [&'static str], headers: &'static [&'static str], reply: Reply },
}

/// What the lab looks at in a request to pick its answer.
#[derive(Debug, Clone, Default)]
pub struct RequestFacts {
    pub is_options: bool,
    pub has_authorization: bool,
    /// `Access-Control-Request-Method`, as sent.
    pub request_method: Option<String>,
    /// `Access-Control-Request-Headers`, split on commas, trimmed and lowercased.
    pub request_headers: Vec<String>,
}

impl Server {
    /// The reply to one request.
    pub fn reply(&self, request: &RequestFacts) -> &Reply {
        match &self.otherwise {
            Some(Otherwise::WithoutAuthorization(reply)) if !request.is_options && !request.has_authorization => reply,
            Some(Otherwise::PreflightWithin { methods, headers, reply }) if request.is_options => {
                let method_ok = request.request_method.as_deref().is_none_or(|m| methods.contains(&m));
                let headers_ok = request.request_headers.iter().all(|h| headers.contains(&h.as_str()));
                if method_ok && headers_ok {
                    reply
                } else {
                    &self.preflight
                }
            }
            _ if request.is_options => &self.preflight,
            _ => &self.actual,
        }
    }
}

/// What Chromium does with a case's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Expect {
    /// `fetch` resolves.
    Pass,
    /// Chromium blocks it with this `CorsError`. `param` is Chromium's
    /// `failedParameter` (a template; "" where Chromium reports none).
    Blocked { error: CorsError, param: &'static str, stage: Stage },
    /// No HTTP response at all (no CORS issue is raised).
    Unreachable,
}

/// One lab case.
#[derive(Debug, Clone, Serialize)]
pub struct LabCase {
    /// Stable kebab-case id; the route is `/case/<id>`.
    pub id: &'static str,
    pub title: &'static str,
    /// What the server does, why real servers end up doing it, and (where a browser and
    /// the standard disagree) which one the expectation follows.
    pub doc: &'static str,
    pub request: CaseRequest,
    pub server: Server,
    pub expect: Expect,
}

/// The origins templates expand to.
#[derive(Debug, Clone)]
pub struct Origins {
    pub app: String,
    pub lab: String,
}

impl Origins {
    /// Expands the templates above (with `{allowed}` as `allowed`). `{origin}` (the
    /// request's Origin, whatever it is: a reflection), `{allowed_or_null}` (`null`
    /// for Origin: null) and the loose checks' tokens are replaced by the lab per
    /// request before this; here, for a request from `allowed`, they are `allowed`.
    pub fn expand(&self, template: &str, allowed: &str) -> String {
        let swapped =
            if self.app.contains("127.0.0.1") { self.app.replace("127.0.0.1", "localhost") } else { self.app.replace("localhost", "127.0.0.1") };
        let lab_userinfo = self.lab.replacen("://", "://user:secret@", 1);
        let mut template = template.to_string();
        for check in crate::policy::LooseCheck::ALL {
            template = template.replace(check.token(), allowed);
        }
        template
            .replace("{origin}", allowed)
            .replace("{allowed_or_null}", allowed)
            .replace("{allowed}", allowed)
            .replace("{app_https}", &self.app.replacen("http://", "https://", 1))
            .replace("{app_swapped}", &swapped)
            .replace("{app}", &self.app)
            .replace("{lab_userinfo}", &lab_userinfo)
            .replace("{lab}", &self.lab)
    }
}

/// Expands an expected parameter for the given app and lab origins.
pub fn expand_param(param: &str, app_origin: &str, lab_origin: &str) -> String {
    Origins { app: app_origin.into(), lab: lab_origin.into() }.expand(param, app_origin)
}
