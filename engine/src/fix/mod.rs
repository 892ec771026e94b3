//! Server configuration that fixes *this* request, in the stack the person runs.
//!
//! Generic CORS snippets are often wrong in ways that bite later: `*` with credentials,
//! reflecting any origin, CORS registered after authentication (so the preflight gets a
//! 401), nginx `add_header` without `always` (so error responses lose the headers).
//! [`snippet`] writes the smallest correct change for a [`FixInput`] — the origins,
//! methods and headers the failing request needs, prefilled from a report by
//! [`FixInput::from_report`] — and adds the notes the report's findings call for.
//!
//! Rules every stack's output follows (tests in `engine/tests/fix.rs` check them):
//! - an exact allow-list of origins, never a reflection of any origin and never `*`
//!   when credentials are allowed; `Vary: Origin` wherever the answer depends on it;
//! - the preflight (`OPTIONS` with `Access-Control-Request-Method`) answered with 204
//!   before authentication and routing;
//! - `Authorization` listed by name when needed (`*` never covers it);
//! - `Access-Control-Max-Age` within what browsers honour (Chromium caps at 7200 s).
//!
//! One file per family of stacks; each stack's function documents the library
//! documentation it follows.

mod cloud;
mod go_rust;
mod hosting;
mod jvm_dotnet;
mod node;
mod proxy;
mod python;
mod ruby_php;
mod servers;
mod session_cookies;

use crate::finding::FindingKind;
use crate::preflight_need::preflight_need;
use crate::report::Report;
use crate::request::{is_cors_safelisted_method, Credentials};
use crate::safelist::is_valid_header_name;
use crate::url::Url;

/// What the server must allow.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct FixInput {
    /// Frontend origins, exactly (`https://app.example.com`).
    pub origins: Vec<String>,
    /// Methods beyond GET/HEAD/POST the frontend sends (uppercase).
    pub methods: Vec<String>,
    /// Request headers the frontend sets that are not CORS-safelisted (lowercase).
    pub headers: Vec<String>,
    pub credentials: bool,
    /// Response headers page code must read.
    pub expose: Vec<String>,
    /// Seconds browsers may cache the preflight's answer.
    pub max_age: Option<u32>,
    /// The API's origin, where a dev proxy forwards to (`https://api.example.com`).
    #[serde(default)]
    pub api: Option<String>,
}

impl FixInput {
    /// Prefilled from a report: the page's origin (the person's own app origin belongs
    /// there: the page says so), the method and headers that made the browser
    /// preflight, credentials when the request includes them, a cache time when a
    /// preflight happens.
    pub fn from_report(report: &Report) -> FixInput {
        let need = preflight_need(&report.request);
        let method = report.request.method.trim().to_ascii_uppercase();
        FixInput {
            origins: vec![report.page_origin.clone()],
            methods: if method.is_empty() || is_cors_safelisted_method(&method) { vec![] } else { vec![method] },
            headers: need.headers.clone(),
            credentials: report.request.credentials == Credentials::Include,
            expose: Vec::new(),
            max_age: need.required.then_some(7200),
            api: Url::parse(&report.request.url).ok().filter(Url::is_http).map(|u| u.origin()),
        }
    }

    /// What keeps this input from becoming correct configuration, in words.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.origins.is_empty() {
            out.push("Add at least one origin: the scheme, host and port your frontend runs on (https://app.example.com).".into());
        }
        for o in &self.origins {
            if o == "*" {
                if self.credentials {
                    out.push("`*` cannot allow credentialed requests: browsers reject it. List each origin exactly.".into());
                }
            } else if o.trim() == "null" {
                out.push("`null` is the origin of file:// pages and sandboxed frames, and any site can send it: never allow it. Serve the page over http(s) and list that origin.".into());
            } else if !is_origin(o) {
                out.push(format!("“{o}” is not an origin: write scheme://host[:port] with no path and no trailing slash (https://app.example.com)."));
            }
        }
        for m in &self.methods {
            if !is_token(m) {
                out.push(format!("“{m}” is not a method name."));
            }
        }
        for h in self.headers.iter().chain(&self.expose) {
            if !is_valid_header_name(h) {
                out.push(format!("“{h}” is not a header name."));
            }
        }
        if self.max_age.is_some_and(|a| a > 7200) {
            out.push("Max-age above 7200 s: Chromium caps it at 7200 (Firefox 86400, WebKit 600); the extra does nothing there.".into());
        }
        out
    }

    /// The input with anything invalid left out, so a snippet never carries a broken
    /// value (the panel shows [`FixInput::problems`] beside it).
    fn cleaned(&self) -> FixInput {
        let mut origins: Vec<String> = self.origins.iter().filter(|o| is_origin(o)).cloned().collect();
        if origins.is_empty() && !self.credentials && self.origins.iter().any(|o| o == "*") {
            origins.push("*".into());
        }
        dedup(&mut origins);
        let mut methods: Vec<String> = self.methods.iter().map(|m| m.trim().to_ascii_uppercase()).filter(|m| is_token(m)).collect();
        dedup(&mut methods);
        let mut headers: Vec<String> = self.headers.iter().map(|h| h.trim().to_ascii_lowercase()).filter(|h| is_valid_header_name(h)).collect();
        dedup(&mut headers);
        let mut expose: Vec<String> = self.expose.iter().map(|h| h.trim().to_ascii_lowercase()).filter(|h| is_valid_header_name(h)).collect();
        dedup(&mut expose);
        let api = self.api.as_deref().and_then(|a| Url::parse(a.trim()).ok()).filter(Url::is_http).map(|u| u.origin());
        FixInput { origins, methods, headers, credentials: self.credentials, expose, max_age: self.max_age.map(|a| a.min(7200)), api }
    }

    /// Methods to list in `Access-Control-Allow-Methods`: the needed ones, or GET when
    /// none is needed (a list must not be empty in most libraries).
    fn allow_methods(&self) -> Vec<String> {
        if self.methods.is_empty() {
            vec!["GET".into(), "POST".into()]
        } else {
            self.methods.clone()
        }
    }

    fn wildcard(&self) -> bool {
        self.origins.iter().any(|o| o == "*")
    }
}

fn dedup(v: &mut Vec<String>) {
    let mut seen = Vec::new();
    v.retain(|x| {
        if seen.contains(x) {
            false
        } else {
            seen.push(x.clone());
            true
        }
    });
}

/// `scheme://host[:port]`, http(s), exactly as browsers serialize an origin.
fn is_origin(o: &str) -> bool {
    match Url::parse(o) {
        Ok(u) => u.is_http() && u.origin() == o && u.userinfo.is_none(),
        Err(_) => false,
    }
}

fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The stacks corsprobe writes configuration for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stack {
    Express,
    Fastify,
    Koa,
    NextJs,
    Flask,
    Django,
    FastApi,
    SpringBoot,
    AspNetCore,
    Rails,
    Laravel,
    GoNetHttp,
    GoRsCors,
    Axum,
    ActixWeb,
    Nginx,
    Apache,
    Caddy,
    Iis,
    S3,
    ApiGateway,
    CloudflareWorkers,
    ViteProxy,
    WebpackProxy,
    NextRewrites,
    AngularProxy,
    CloudFront,
    Vercel,
    Netlify,
}

impl Stack {
    pub const ALL: &'static [Stack] = &[
        Stack::Express,
        Stack::Fastify,
        Stack::Koa,
        Stack::NextJs,
        Stack::Flask,
        Stack::Django,
        Stack::FastApi,
        Stack::SpringBoot,
        Stack::AspNetCore,
        Stack::Rails,
        Stack::Laravel,
        Stack::GoNetHttp,
        Stack::GoRsCors,
        Stack::Axum,
        Stack::ActixWeb,
        Stack::Nginx,
        Stack::Apache,
        Stack::Caddy,
        Stack::Iis,
        Stack::S3,
        Stack::ApiGateway,
        Stack::CloudflareWorkers,
        Stack::ViteProxy,
        Stack::WebpackProxy,
        Stack::NextRewrites,
        Stack::AngularProxy,
        Stack::CloudFront,
        Stack::Vercel,
        Stack::Netlify,
    ];

    /// Stable kebab-case id (`data-stack` in the page).
    pub fn id(self) -> &'static str {
        match self {
            Stack::Express => "express",
            Stack::Fastify => "fastify",
            Stack::Koa => "koa",
            Stack::NextJs => "nextjs",
            Stack::Flask => "flask",
            Stack::Django => "django",
            Stack::FastApi => "fastapi",
            Stack::SpringBoot => "spring-boot",
            Stack::AspNetCore => "aspnet-core",
            Stack::Rails => "rails",
            Stack::Laravel => "laravel",
            Stack::GoNetHttp => "go-net-http",
            Stack::GoRsCors => "go-rs-cors",
            Stack::Axum => "axum",
            Stack::ActixWeb => "actix-web",
            Stack::Nginx => "nginx",
            Stack::Apache => "apache",
            Stack::Caddy => "caddy",
            Stack::Iis => "iis",
            Stack::S3 => "aws-s3",
            Stack::ApiGateway => "aws-api-gateway",
            Stack::CloudflareWorkers => "cloudflare-workers",
            Stack::ViteProxy => "vite-proxy",
            Stack::WebpackProxy => "webpack-proxy",
            Stack::NextRewrites => "nextjs-rewrites",
            Stack::AngularProxy => "angular-proxy",
            Stack::CloudFront => "aws-cloudfront",
            Stack::Vercel => "vercel",
            Stack::Netlify => "netlify",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Stack::Express => "Express (cors)",
            Stack::Fastify => "Fastify (@fastify/cors)",
            Stack::Koa => "Koa (@koa/cors)",
            Stack::NextJs => "Next.js (middleware)",
            Stack::Flask => "Flask (flask-cors)",
            Stack::Django => "Django (django-cors-headers)",
            Stack::FastApi => "FastAPI / Starlette",
            Stack::SpringBoot => "Spring Boot",
            Stack::AspNetCore => "ASP.NET Core",
            Stack::Rails => "Rails (rack-cors)",
            Stack::Laravel => "Laravel",
            Stack::GoNetHttp => "Go (net/http)",
            Stack::GoRsCors => "Go (rs/cors)",
            Stack::Axum => "axum (tower-http)",
            Stack::ActixWeb => "actix-web (actix-cors)",
            Stack::Nginx => "nginx",
            Stack::Apache => "Apache httpd",
            Stack::Caddy => "Caddy",
            Stack::Iis => "IIS",
            Stack::S3 => "AWS S3 bucket",
            Stack::ApiGateway => "AWS API Gateway (HTTP API)",
            Stack::CloudflareWorkers => "Cloudflare Workers",
            Stack::ViteProxy => "Vite (server.proxy)",
            Stack::WebpackProxy => "webpack-dev-server / Create React App",
            Stack::NextRewrites => "Next.js (rewrites)",
            Stack::AngularProxy => "Angular (proxy.conf.json)",
            Stack::CloudFront => "AWS CloudFront",
            Stack::Vercel => "Vercel (vercel.json)",
            Stack::Netlify => "Netlify (_headers)",
        }
    }

    /// The group the page's picker shows it under.
    pub fn group(self) -> &'static str {
        match self {
            Stack::Express | Stack::Fastify | Stack::Koa | Stack::NextJs => "Node.js",
            Stack::Flask | Stack::Django | Stack::FastApi => "Python",
            Stack::SpringBoot | Stack::AspNetCore => "JVM and .NET",
            Stack::Rails | Stack::Laravel => "Ruby and PHP",
            Stack::GoNetHttp | Stack::GoRsCors | Stack::Axum | Stack::ActixWeb => "Go and Rust",
            Stack::Nginx | Stack::Apache | Stack::Caddy | Stack::Iis => "Web servers",
            Stack::S3 | Stack::ApiGateway | Stack::CloudflareWorkers => "Cloud",
            Stack::ViteProxy | Stack::WebpackProxy | Stack::NextRewrites | Stack::AngularProxy => "Proxy it in development (no server change)",
            Stack::CloudFront | Stack::Vercel | Stack::Netlify => "CDN and hosting",
        }
    }

    /// A frontend dev-server proxy: the browser's request becomes same-origin, so it
    /// writes no CORS headers at all.
    pub fn is_dev_proxy(self) -> bool {
        matches!(self, Stack::ViteProxy | Stack::WebpackProxy | Stack::NextRewrites | Stack::AngularProxy)
    }

    pub fn from_id(id: &str) -> Option<Stack> {
        Stack::ALL.iter().copied().find(|s| s.id() == id)
    }
}

/// A stack travels (in the worker's messages) as its id.
impl serde::Serialize for Stack {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Stack {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stack, D::Error> {
        let id = String::deserialize(d)?;
        Stack::from_id(&id).ok_or_else(|| serde::de::Error::custom(format!("unknown stack {id}")))
    }
}

/// One file (or one place in a file) to change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SnippetFile {
    /// Where it goes (`app.js`, `nginx.conf — inside the location that serves the API`).
    pub path: String,
    /// For highlighting and the copy button's label (`js`, `python`, `nginx`…).
    pub language: String,
    pub code: String,
}

/// The change for one stack.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Snippet {
    pub stack: Stack,
    pub files: Vec<SnippetFile>,
    /// What matters for this stack and these findings, in words.
    pub notes: Vec<String>,
}

fn file(path: &str, language: &str, code: String) -> SnippetFile {
    SnippetFile { path: path.into(), language: language.into(), code }
}

/// The smallest correct change for `stack`, given what must be allowed and the
/// findings of the report at hand.
pub fn snippet(stack: Stack, input: &FixInput, findings: &[FindingKind]) -> Snippet {
    let input = input.cleaned();
    let (files, mut notes) = match stack {
        Stack::Express => node::express(&input),
        Stack::Fastify => node::fastify(&input),
        Stack::Koa => node::koa(&input),
        Stack::NextJs => node::nextjs(&input),
        Stack::CloudflareWorkers => node::cloudflare(&input),
        Stack::Flask => python::flask(&input),
        Stack::Django => python::django(&input),
        Stack::FastApi => python::fastapi(&input),
        Stack::SpringBoot => jvm_dotnet::spring(&input),
        Stack::AspNetCore => jvm_dotnet::aspnet(&input),
        Stack::Rails => ruby_php::rails(&input),
        Stack::Laravel => ruby_php::laravel(&input),
        Stack::GoNetHttp => go_rust::go_net_http(&input),
        Stack::GoRsCors => go_rust::go_rs_cors(&input),
        Stack::Axum => go_rust::axum(&input),
        Stack::ActixWeb => go_rust::actix(&input),
        Stack::Nginx => servers::nginx(&input),
        Stack::Apache => servers::apache(&input),
        Stack::Caddy => servers::caddy(&input),
        Stack::Iis => servers::iis(&input),
        Stack::S3 => cloud::s3(&input),
        Stack::ApiGateway => cloud::api_gateway(&input),
        Stack::ViteProxy => proxy::vite(&input),
        Stack::WebpackProxy => proxy::webpack(&input),
        Stack::NextRewrites => proxy::next_rewrites(&input),
        Stack::AngularProxy => proxy::angular(&input),
        Stack::CloudFront => hosting::cloudfront(&input),
        Stack::Vercel => hosting::vercel(&input),
        Stack::Netlify => hosting::netlify(&input),
    };
    if stack.is_dev_proxy() {
        // Server-side notes do not apply to a proxy; the cookie one still might.
        notes.extend(session_cookies::note(stack, findings));
        return Snippet { stack, files, notes };
    }
    notes.extend(finding_notes(findings));
    notes.extend(session_cookies::note(stack, findings));
    if input.wildcard() {
        notes.push("`*` allows every origin to read responses (without credentials). Prefer listing your frontend's origin.".into());
    }
    Snippet { stack, files, notes }
}

/// Notes the findings call for, whatever the stack.
fn finding_notes(findings: &[FindingKind]) -> Vec<String> {
    use FindingKind as F;
    let mut notes = Vec::new();
    let mut add = |n: &str| {
        if !notes.iter().any(|x: &String| x == n) {
            notes.push(n.to_string());
        }
    };
    for f in findings {
        match f {
            F::PreflightStatus | F::PreflightAllowOriginMissing | F::PreflightRejected => add(
                "Your preflight did not get a 2xx with CORS headers. The OPTIONS request carries no cookies or Authorization: answer it before authentication and routing (as this configuration does), and make sure no other layer (auth proxy, WAF, framework router) answers it first with 401/404/405.",
            ),
            F::AllowOriginMultiple | F::PreflightAllowOriginMultiple => add(
                "The response carried Access-Control-Allow-Origin twice: two layers add it (for example nginx and the app, or a CDN and the app). Configure CORS in exactly one place and remove the other.",
            ),
            F::ErrorWithoutCors => add(
                "Error responses (4xx/5xx) lacked the headers, so the browser hid the real error. This configuration adds them to every response; keep it outside error handlers.",
            ),
            F::AllowOriginMismatch | F::PreflightAllowOriginMismatch => add(
                "The origin must match exactly: scheme (http vs https), host (localhost vs 127.0.0.1) and port, with no trailing slash.",
            ),
            F::WildcardWithCredentials | F::PreflightWildcardWithCredentials => add(
                "With credentials the browser needs the exact origin, never `*`, and Access-Control-Allow-Credentials: true.",
            ),
            F::AuthorizationWildcard => add("`Access-Control-Allow-Headers: *` will stop covering Authorization: the header is listed by name here."),
            F::RedirectTargetRejected | F::PreflightRedirect => add(
                "The endpoint redirects. A preflight may never be redirected, and every hop of a CORS request needs these headers: call the final URL directly (watch trailing slashes and http→https redirects).",
            ),
            F::AllowMethodsInvalid | F::AllowHeadersInvalid => add("List values are separated by commas, not spaces."),
            F::OriginSuffixMatch | F::OriginPrefixMatch | F::OriginRegexDot => add(
                "Compare the Origin with an exact list, as this configuration does: never endsWith/startsWith/contains, and never a regular expression that is unanchored or leaves its dots unescaped.",
            ),
            _ => {}
        }
    }
    notes
}

// ---- Helpers the stack files share.

/// A double-quoted string literal for JS, Python, Java, C#, Go, Rust, JSON, nginx.
/// Values are already restricted to origin, token and header-name characters.
pub(crate) fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `"a", "b"`.
pub(crate) fn list(items: &[String]) -> String {
    items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
}

/// `^(https://a\.example|https://b\.example)$`: exact origins as a regular expression.
pub(crate) fn origin_regex(origins: &[String]) -> String {
    let escaped: Vec<String> =
        origins.iter().map(|o| o.chars().flat_map(|c| if ".[]()+?*^$|{}\\".contains(c) { vec!['\\', c] } else { vec![c] }).collect()).collect();
    format!("^({})$", escaped.join("|"))
}
