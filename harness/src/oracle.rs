//! Chromium's own verdict for one request: send it with `fetch()` from a page on the app
//! origin and read what the DevTools protocol reports.

use crate::cdp::{Cdp, Result};
use crate::page::Page;
use corsprobe_engine::{CorsError, RedirectMode, RequestSpec, Stage};
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// What Chromium did with a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Verdict {
    Pass,
    Blocked { error: CorsError, param: String, stage: Stage },
    Unreachable { error_text: String },
}

impl Verdict {
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Blocked { .. } => "blocked",
            Verdict::Unreachable { .. } => "unreachable",
        }
    }
    pub fn stage(&self) -> Option<Stage> {
        match self {
            Verdict::Pass => None,
            Verdict::Blocked { stage, .. } => Some(*stage),
            Verdict::Unreachable { .. } => Some(Stage::Network),
        }
    }
}

/// Everything recorded for one request.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub verdict: Verdict,
    /// What `fetch()` returned to page code.
    pub fetch: Value,
    /// `Audits.issueAdded` issues (CORS and deprecation issues).
    pub issues: Vec<Value>,
    /// Console messages (`Log.entryAdded`), as Chromium printed them.
    pub console: Vec<String>,
    /// Raw `Network.loadingFailed` events.
    pub loading_failed: Vec<Value>,
}

/// The `fetch()` call for a request spec, as a JS expression resolving to
/// `{ok, type, status}` or `{ok:false, name, message}`.
pub fn fetch_expression(spec: &RequestSpec) -> String {
    let spec_json = serde_json::to_string(spec).unwrap_or_default();
    format!(
        r#"(async () => {{
  const s = {spec_json};
  const init = {{ method: s.method, mode: s.mode, credentials: s.credentials, redirect: s.redirect, cache: 'no-store',
                 headers: (s.headers || []).map(h => [h.name, h.value]) }};
  if (s.body != null) init.body = s.body;
  try {{ const r = await fetch(s.url, init); return {{ ok: true, type: r.type, status: r.status }}; }}
  catch (e) {{ return {{ ok: false, name: e.name, message: e.message }}; }}
}})()"#
    )
}

/// Sends `spec` from a fresh tab on `app_page_url` and returns Chromium's verdict.
pub fn chromium_verdict(cdp: &mut Cdp, app_page_url: &str, spec: &RequestSpec) -> Result<Observation> {
    let mut page = Page::open(cdp)?;
    page.navigate(app_page_url)?;
    page.take_events();
    let fetch = page.eval(&fetch_expression(spec))?;
    // Issues and console messages can trail the rejected promise.
    page.cdp.pump(Duration::from_millis(250))?;
    let events = page.take_events();
    Ok(observe(spec, fetch, &events))
}

/// Derives the verdict from the fetch result and the protocol events of one request.
pub fn observe(spec: &RequestSpec, fetch: Value, events: &[Value]) -> Observation {
    fn of<'e>(events: &'e [Value], method: &'static str) -> impl Iterator<Item = &'e Value> + 'e {
        events.iter().filter(move |e| e["method"] == method).map(|e| &e["params"])
    }
    let fetch_requests: Vec<&str> =
        of(events, "Network.requestWillBeSent").filter(|p| p["type"] != "Preflight").filter_map(|p| p["requestId"].as_str()).collect();
    let loading_failed: Vec<Value> = of(events, "Network.loadingFailed").cloned().collect();
    let issues: Vec<Value> = of(events, "Audits.issueAdded").map(|p| p["issue"].clone()).collect();
    let console: Vec<String> = of(events, "Log.entryAdded").filter_map(|p| p["entry"]["text"].as_str().map(String::from)).collect();
    let cors_status = loading_failed
        .iter()
        .filter(|p| p.get("corsErrorStatus").is_some())
        .max_by_key(|p| fetch_requests.contains(&p["requestId"].as_str().unwrap_or_default()))
        .map(|p| (p["corsErrorStatus"].clone(), p["requestId"].as_str().unwrap_or_default().to_string()))
        .or_else(|| {
            issues.iter().find(|i| i["code"] == "CorsIssue").map(|i| (i["details"]["corsIssueDetails"]["corsErrorStatus"].clone(), String::new()))
        });
    let verdict = if fetch["ok"] == true {
        Verdict::Pass
    } else if let Some((status, request_id)) = cors_status.and_then(|(s, id)| {
        CorsError::from_name(s["corsError"].as_str()?).map(|e| ((e, s["failedParameter"].as_str().unwrap_or("").to_string()), id))
    }) {
        let (error, param) = status;
        // A response-check failure on a 3xx that was going to be followed is a redirect
        // hop. (A request keeps its id across redirects: the last hop is the one blocked.)
        let last = of(events, "Network.responseReceivedExtraInfo").filter(|p| p["requestId"] == request_id.as_str()).last();
        let hop_status = last.and_then(|p| p["statusCode"].as_u64()).unwrap_or(0);
        // A 3xx without a Location is no redirect: Chromium judges it as the final
        // response (found by the differential test's 3xx answers without Location).
        let has_location = last
            .and_then(|p| p["headers"].as_object())
            .is_some_and(|h| h.iter().any(|(k, v)| k.eq_ignore_ascii_case("location") && v.as_str().is_some_and(|v| !v.is_empty())));
        let stage = if error.stage() == Stage::Response && (300..400).contains(&hop_status) && has_location && spec.redirect == RedirectMode::Follow {
            Stage::Redirect
        } else {
            error.stage()
        };
        Verdict::Blocked { error, param, stage }
    } else {
        let error_text = loading_failed
            .iter()
            .filter_map(|p| p["errorText"].as_str())
            .next()
            .unwrap_or_else(|| fetch["message"].as_str().unwrap_or("fetch rejected"))
            .to_string();
        Verdict::Unreachable { error_text }
    };
    Observation { verdict, fetch, issues, console, loading_failed }
}
