//! A HAR 1.2 file built from Chromium's own DevTools `Network.*` events, as DevTools'
//! "Export HAR" builds it: the request line and headers the browser really sent
//! (`requestWillBeSentExtraInfo`, which has `Origin` and the other headers the network
//! service adds), the response headers as received (`responseReceivedExtraInfo`, which
//! also arrives for responses CORS blocked), one entry per redirect hop (a
//! `requestWillBeSent` carrying `redirectResponse`), preflights as their own entries,
//! and `_error` for failures (`loadingFailed`).
//!
//! The engine's HAR reader is checked against these recordings
//! (`harness/tests/record_har.rs`).

use crate::cdp::Result;
use crate::oracle::fetch_expression;
use crate::page::Page;
use corsprobe_engine::RequestSpec;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::time::Duration;

/// Header name and value pairs, in the order DevTools reported them.
type HeaderPairs = Vec<(String, String)>;

#[derive(Default)]
struct Hop {
    method: String,
    url: String,
    request_headers: Vec<(String, String)>,
    status: i64,
    response_headers: Vec<(String, String)>,
    redirect_url: String,
    error: Option<String>,
    started: f64,
}

fn header_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .map(|o| {
            o.iter()
                .flat_map(|(name, value)| {
                    // The protocol joins repeated lines with '\n'.
                    value.as_str().unwrap_or_default().split('\n').map(move |v| (name.clone(), v.to_string())).collect::<Vec<_>>()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Sends each request from the page (already on the app origin), one after the other,
/// and returns the HAR of everything the network did meanwhile.
pub fn record_har(page: &mut Page, specs: &[RequestSpec]) -> Result<Value> {
    page.take_events();
    let mut events = Vec::new();
    for spec in specs {
        page.eval(&fetch_expression(spec))?;
        page.cdp.pump(Duration::from_millis(150))?;
        events.extend(page.take_events());
    }
    Ok(har_from_events(&events))
}

/// The HAR for a list of protocol events.
pub fn har_from_events(events: &[Value]) -> Value {
    // requestId → hops (a redirect reuses the id).
    let mut order: Vec<String> = Vec::new();
    let mut hops: HashMap<String, Vec<Hop>> = HashMap::new();
    // ExtraInfo events can arrive before or after their main event: keep them by id,
    // in order, and attach them to hops in order.
    let mut sent_extra: HashMap<String, Vec<Vec<(String, String)>>> = HashMap::new();
    let mut received_extra: HashMap<String, Vec<(i64, HeaderPairs)>> = HashMap::new();
    for e in events {
        let p = &e["params"];
        let id = p["requestId"].as_str().unwrap_or_default().to_string();
        match e["method"].as_str().unwrap_or_default() {
            "Network.requestWillBeSent" => {
                let list = hops.entry(id.clone()).or_default();
                if list.is_empty() {
                    order.push(id.clone());
                }
                if let (Some(last), Some(r)) = (list.last_mut(), p.get("redirectResponse")) {
                    last.status = r["status"].as_i64().unwrap_or(0);
                    if last.response_headers.is_empty() {
                        last.response_headers = header_pairs(&r["headers"]);
                    }
                    last.redirect_url = p["request"]["url"].as_str().unwrap_or_default().to_string();
                }
                list.push(Hop {
                    method: p["request"]["method"].as_str().unwrap_or_default().to_string(),
                    url: p["request"]["url"].as_str().unwrap_or_default().to_string(),
                    request_headers: header_pairs(&p["request"]["headers"]),
                    started: p["wallTime"].as_f64().unwrap_or(0.0),
                    ..Hop::default()
                });
            }
            "Network.requestWillBeSentExtraInfo" => sent_extra.entry(id).or_default().push(header_pairs(&p["headers"])),
            "Network.responseReceivedExtraInfo" => {
                received_extra.entry(id).or_default().push((p["statusCode"].as_i64().unwrap_or(0), header_pairs(&p["headers"])))
            }
            "Network.responseReceived" => {
                if let Some(last) = hops.get_mut(&id).and_then(|l| l.last_mut()) {
                    last.status = p["response"]["status"].as_i64().unwrap_or(0);
                    if last.response_headers.is_empty() {
                        last.response_headers = header_pairs(&p["response"]["headers"]);
                    }
                }
            }
            "Network.loadingFailed" => {
                if let Some(last) = hops.get_mut(&id).and_then(|l| l.last_mut()) {
                    last.error = Some(p["errorText"].as_str().unwrap_or("failed").to_string());
                }
            }
            _ => {}
        }
    }
    let mut entries = Vec::new();
    for id in order {
        let Some(list) = hops.remove(&id) else { continue };
        let sent = sent_extra.remove(&id).unwrap_or_default();
        let received = received_extra.remove(&id).unwrap_or_default();
        for (i, mut hop) in list.into_iter().enumerate() {
            if let Some(headers) = sent.get(i) {
                hop.request_headers = headers.clone();
            }
            if let Some((status, headers)) = received.get(i) {
                hop.status = *status;
                hop.response_headers = headers.clone();
            }
            entries.push(entry(&hop));
        }
    }
    json!({ "log": { "version": "1.2", "creator": { "name": "corsprobe harness (Chromium DevTools events)", "version": "1" }, "pages": [], "entries": entries } })
}

fn entry(hop: &Hop) -> Value {
    let headers = |h: &[(String, String)]| h.iter().map(|(n, v)| json!({ "name": n, "value": v })).collect::<Vec<_>>();
    let mut response = Map::new();
    response.insert("status".into(), json!(hop.status));
    response.insert("statusText".into(), json!(""));
    response.insert("httpVersion".into(), json!("HTTP/1.1"));
    response.insert("headers".into(), json!(headers(&hop.response_headers)));
    response.insert("cookies".into(), json!([]));
    response.insert("content".into(), json!({ "size": 0, "mimeType": "" }));
    response.insert("redirectURL".into(), json!(hop.redirect_url));
    response.insert("headersSize".into(), json!(-1));
    response.insert("bodySize".into(), json!(-1));
    if let Some(e) = &hop.error {
        response.insert("_error".into(), json!(e));
    }
    json!({
        "startedDateTime": format!("{:.3}", hop.started),
        "time": 0,
        "request": { "method": hop.method, "url": hop.url, "httpVersion": "HTTP/1.1", "headers": headers(&hop.request_headers),
                     "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0 },
        "response": Value::Object(response),
        "cache": {},
        "timings": { "send": 0, "wait": 0, "receive": 0 }
    })
}
