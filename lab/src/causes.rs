//! Routes for causes beside a server's CORS headers (outside the case table, whose
//! every entry is a CORS verdict recorded in three browsers):
//! - `/cause/cookie-lax`: CORS allows the credentialed request, and the session cookie
//!   is set without `SameSite=None; Secure`, so a cross-site page never gets it back;
//! - `/cause/no-access-control-request-headers`: answers only a request that carries no
//!   `Access-Control-*` header; its preflight allows only `Content-Type`, so a client
//!   that sends `Access-Control-Allow-Origin` as a request header is blocked there.

use super::LabState;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The request's Origin when it is a configured app origin, else the first one.
fn allowed(state: &LabState, headers: &HeaderMap) -> String {
    let origin = headers.get("origin").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if state.config.app_origins.iter().any(|o| o == origin) {
        origin.to_string()
    } else {
        state.config.app_origins[0].clone()
    }
}

fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    *method == Method::OPTIONS && headers.contains_key("access-control-request-method")
}

pub(crate) async fn cookie_lax(State(state): State<Arc<LabState>>, method: Method, headers: HeaderMap) -> Response {
    let origin = allowed(&state, &headers);
    let cors = [("access-control-allow-origin", origin), ("access-control-allow-credentials", "true".to_string()), ("vary", "Origin".to_string())];
    if is_preflight(&method, &headers) {
        return (StatusCode::NO_CONTENT, cors).into_response();
    }
    // No SameSite (Chromium: Lax) and no Secure: never stored from a cross-site fetch.
    let cookie = [("set-cookie", "lab_session=lab-session-value; Path=/; HttpOnly")];
    (StatusCode::OK, cors, cookie, "{\"ok\":true}").into_response()
}

pub(crate) async fn no_access_control_request_headers(State(state): State<Arc<LabState>>, method: Method, headers: HeaderMap) -> Response {
    let origin = allowed(&state, &headers);
    if is_preflight(&method, &headers) {
        let allow = [
            ("access-control-allow-origin", origin),
            ("access-control-allow-methods", "GET, POST".to_string()),
            ("access-control-allow-headers", "content-type".to_string()),
            ("vary", "Origin".to_string()),
        ];
        return (StatusCode::NO_CONTENT, allow).into_response();
    }
    let cors = [("access-control-allow-origin", origin), ("vary", "Origin".to_string())];
    if headers.keys().any(|k| k.as_str().starts_with("access-control-")) {
        return (StatusCode::BAD_REQUEST, cors, "Access-Control-* are response headers: remove them from the request.").into_response();
    }
    (StatusCode::OK, cors, "{\"ok\":true}").into_response()
}
