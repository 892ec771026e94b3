//! corsprobe's lab: real HTTP endpoints that break CORS in every way servers do.
//!
//! Each route `/case/<id>` answers as its [`case::LabCase`] says, to `OPTIONS` (the
//! preflight) and to every other method. The origins a case allows come from
//! configuration ([`LabConfig::app_origins`]), so the lab is right whichever origin
//! serves the app. `GET /cases.json` is the case table the app's "Try an example" reads.

pub mod case;
pub mod cases;
mod causes;
pub mod difftest;
pub mod generated;
pub mod policy;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use case::{Expect, LabCase, Origins, RequestFacts};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

#[derive(Debug, Clone)]
pub struct LabConfig {
    /// Origins the lab's "correct" answers allow; the first is "the app origin" the
    /// mismatch cases are built around.
    pub app_origins: Vec<String>,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Extra delay before every case answer (for the benchmark).
    pub delay_ms: u64,
}

impl LabConfig {
    pub fn new(app_origin: impl Into<String>) -> Self {
        LabConfig { app_origins: vec![app_origin.into()], bind: IpAddr::from([127, 0, 0, 1]), port: 0, delay_ms: 0 }
    }
}

/// A running lab.
pub struct Lab {
    /// `http://127.0.0.1:PORT`.
    pub origin: String,
    pub port: u16,
    /// A loopback port nothing listens on.
    pub closed_port: u16,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Lab {
    pub fn shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.shutdown();
    }
}

struct LabState {
    config: LabConfig,
    origins: Origins,
    cases: Vec<LabCase>,
    closed_port: u16,
}

/// Binds and starts the lab on the current tokio runtime; returns at once.
pub async fn start(config: LabConfig) -> std::io::Result<Lab> {
    if config.app_origins.is_empty() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "at least one app origin is needed"));
    }
    let listener = TcpListener::bind(SocketAddr::new(config.bind, config.port)).await?;
    let port = listener.local_addr()?.port();
    let origin = format!("http://{}:{port}", host_for(config.bind));
    let closed_port = reserve_closed_port(config.bind)?;
    let state = Arc::new(LabState {
        origins: Origins { app: config.app_origins[0].clone(), lab: origin.clone() },
        cases: cases::cases(),
        config,
        closed_port,
    });
    let app = Router::new()
        .route("/", get(index))
        .route("/cases.json", get(cases_json))
        .route("/case/{id}", any(case_route))
        .route("/cause/cookie-lax", any(causes::cookie_lax))
        .route("/cause/no-access-control-request-headers", any(causes::no_access_control_request_headers))
        .with_state(state);
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok(Lab { origin, port, closed_port, shutdown: Some(tx) })
}

/// Serves a directory of static files (the app's `dist/`) on its own port: a second
/// origin. Returns the origin and the port.
pub async fn serve_app(dir: PathBuf, bind: IpAddr, port: u16) -> std::io::Result<(String, u16)> {
    serve_app_under(dir, bind, port, "/").await
}

/// Serves `dir` under a path prefix such as `/tools/corsprobe/` (self-hosting inside
/// another site). Returns the origin and port; the page is at `origin + prefix`.
pub async fn serve_app_under(dir: PathBuf, bind: IpAddr, port: u16, prefix: &str) -> std::io::Result<(String, u16)> {
    if !dir.join("index.html").exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("{} has no index.html (build the app first: cargo xtask build)", dir.display()),
        ));
    }
    let listener = TcpListener::bind(SocketAddr::new(bind, port)).await?;
    let port = listener.local_addr()?.port();
    let files = tower_http::services::ServeDir::new(dir);
    let prefix = prefix.trim_end_matches('/');
    let app = if prefix.is_empty() { Router::new().fallback_service(files) } else { Router::new().nest_service(prefix, files) };
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((format!("http://{}:{port}", host_for(bind)), port))
}

fn host_for(bind: IpAddr) -> String {
    match bind {
        IpAddr::V4(v4) if v4.is_unspecified() => "127.0.0.1".into(),
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// Binds a free port and lets it go: nothing listens there afterwards. (Ports Chromium
/// blocks as unsafe are all below 10000; ephemeral ports are far above.)
fn reserve_closed_port(bind: IpAddr) -> std::io::Result<u16> {
    let listener = std::net::TcpListener::bind(SocketAddr::new(bind, 0))?;
    Ok(listener.local_addr()?.port())
}

async fn case_route(
    State(state): State<Arc<LabState>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    let Some(case) = state.cases.iter().find(|c| c.id == id) else {
        return (StatusCode::NOT_FOUND, "no such case").into_response();
    };
    let mut delay = state.config.delay_ms;
    if case.id == "slow" {
        delay += query.get("ms").and_then(|ms| ms.parse::<u64>().ok()).unwrap_or(3000).min(30_000);
    }
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let request_origin = headers.get("origin").and_then(|v| v.to_str().ok()).unwrap_or("");
    // `{allowed}`: reflect the request's Origin only if it is configured (an allow-list).
    let allowed = if state.config.app_origins.iter().any(|o| o == request_origin) { request_origin } else { state.origins.app.as_str() };
    let facts = RequestFacts {
        is_options: method == Method::OPTIONS,
        has_authorization: headers.contains_key("authorization"),
        request_method: headers.get("access-control-request-method").and_then(|v| v.to_str().ok()).map(str::to_string),
        request_headers: headers
            .get("access-control-request-headers")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(',').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect())
            .unwrap_or_default(),
    };
    let reply = case.server.reply(&facts);
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let out = response.headers_mut();
    for (name, template) in &reply.headers {
        // The dangerous policies (lab cases the audit must flag) answer per request.
        let mut template =
            template.replace("{origin}", request_origin).replace("{allowed_or_null}", if request_origin == "null" { "null" } else { allowed });
        for check in policy::LooseCheck::ALL {
            if template.contains(check.token()) {
                let lets_in = state.config.app_origins.iter().any(|app| check.accepts(app, request_origin));
                template = template.replace(check.token(), if lets_in { request_origin } else { allowed });
            }
        }
        let value = state.origins.expand(&template, allowed);
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(*name), HeaderValue::try_from(value)) {
            out.append(name, value);
        }
    }
    out.insert("cache-control", HeaderValue::from_static("no-store"));
    response
}

/// One case as `/cases.json` lists it.
#[derive(serde::Serialize)]
struct CaseEntry<'a> {
    id: &'a str,
    title: &'a str,
    doc: &'a str,
    request: corsprobe_engine::RequestSpec,
    expect: ExpectEntry,
}

#[derive(serde::Serialize)]
struct ExpectEntry {
    verdict: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<corsprobe_engine::CorsError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    param: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<corsprobe_engine::Stage>,
}

async fn cases_json(State(state): State<Arc<LabState>>) -> Response {
    let entries: Vec<CaseEntry> = state
        .cases
        .iter()
        .map(|c| CaseEntry {
            id: c.id,
            title: c.title,
            doc: c.doc,
            request: c.request.to_spec(&state.origins.lab, state.closed_port),
            expect: match &c.expect {
                Expect::Pass => ExpectEntry { verdict: "pass", error: None, param: None, stage: None },
                Expect::Unreachable => {
                    ExpectEntry { verdict: "unreachable", error: None, param: None, stage: Some(corsprobe_engine::Stage::Network) }
                }
                Expect::Blocked { error, param, stage } => ExpectEntry {
                    verdict: "blocked",
                    error: Some(*error),
                    param: Some(state.origins.expand(param, &state.origins.app)),
                    stage: Some(*stage),
                },
            },
        })
        .collect();
    ([("access-control-allow-origin", "*")], Json(entries)).into_response()
}

async fn index(State(state): State<Arc<LabState>>) -> Html<String> {
    let mut html = String::from(
        "<!doctype html><meta charset=utf-8><title>corsprobe lab</title><h1>corsprobe lab</h1>\
         <p>Endpoints that break CORS on purpose. Machine-readable: <a href=\"/cases.json\">/cases.json</a>.</p><ul>",
    );
    for c in state.cases.iter() {
        html.push_str(&format!("<li><a href=\"/case/{id}\">{id}</a>: {title}</li>", id = escape(c.id), title = escape(c.title)));
    }
    html.push_str("</ul>");
    Html(html)
}

/// HTML-escapes text.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}
