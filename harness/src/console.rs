//! What Chromium prints to the console for one request: the request is sent exactly as
//! [`crate::oracle::chromium_verdict`] sends it (a fresh browser context, a page on the
//! app origin, `fetch()`), and every console entry the DevTools protocol reports is kept
//! as Chromium wrote it: `Log.entryAdded` (where the CORS message and the
//! `Failed to load resource: net::ERR_…` line arrive), `Runtime.consoleAPICalled` and
//! `Runtime.exceptionThrown`.

use crate::cdp::{Cdp, Result};
use crate::oracle::{fetch_expression, observe, Observation};
use crate::page::Page;
use corsprobe_engine::RequestSpec;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// One console entry, as the DevTools protocol reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsoleEntry {
    /// `Log.entryAdded`, `Runtime.consoleAPICalled` or `Runtime.exceptionThrown`.
    pub event: String,
    /// `network`, `javascript`, `console-api`, `exception`, …
    pub source: String,
    /// `error`, `warning`, `info`, …
    pub level: String,
    pub text: String,
    /// The entry's URL (for network entries, the resource that failed).
    pub url: String,
}

/// Chromium's verdict and console output for one request.
#[derive(Debug, Clone, Serialize)]
pub struct ConsoleCapture {
    pub observation: Observation,
    pub entries: Vec<ConsoleEntry>,
}

/// Sends `spec` from a fresh tab on `app_page_url` and keeps Chromium's verdict and
/// every console entry it printed meanwhile.
pub fn capture_console(cdp: &mut Cdp, app_page_url: &str, spec: &RequestSpec) -> Result<ConsoleCapture> {
    let mut page = Page::open(cdp)?;
    page.navigate(app_page_url)?;
    // Let anything the page load prints (a missing favicon) arrive before the request.
    page.cdp.pump(Duration::from_millis(100))?;
    page.take_events();
    let fetch = page.eval(&fetch_expression(spec))?;
    // Console messages can trail the rejected promise.
    page.cdp.pump(Duration::from_millis(400))?;
    let events = page.take_events();
    let observation = observe(spec, fetch, &events);
    Ok(ConsoleCapture { observation, entries: console_entries(&events) })
}

/// The console entries among a tab's protocol events, in the order they arrived.
pub fn console_entries(events: &[Value]) -> Vec<ConsoleEntry> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    events
        .iter()
        .filter_map(|e| {
            let p = &e["params"];
            match e["method"].as_str()? {
                "Log.entryAdded" => Some(ConsoleEntry {
                    event: "Log.entryAdded".into(),
                    source: text(&p["entry"]["source"]),
                    level: text(&p["entry"]["level"]),
                    text: text(&p["entry"]["text"]),
                    url: text(&p["entry"]["url"]),
                }),
                "Runtime.consoleAPICalled" => Some(ConsoleEntry {
                    event: "Runtime.consoleAPICalled".into(),
                    source: "console-api".into(),
                    level: text(&p["type"]),
                    text: p["args"]
                        .as_array()
                        .map(|args| {
                            args.iter()
                                .map(|a| {
                                    a["value"].as_str().map(String::from).unwrap_or_else(|| a["description"].as_str().unwrap_or_default().to_string())
                                })
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .unwrap_or_default(),
                    url: String::new(),
                }),
                "Runtime.exceptionThrown" => Some(ConsoleEntry {
                    event: "Runtime.exceptionThrown".into(),
                    source: "exception".into(),
                    level: "error".into(),
                    text: p["exceptionDetails"]["exception"]["description"]
                        .as_str()
                        .or_else(|| p["exceptionDetails"]["text"].as_str())
                        .unwrap_or_default()
                        .to_string(),
                    url: text(&p["exceptionDetails"]["url"]),
                }),
                _ => None,
            }
        })
        .collect()
}

/// The entries about the request itself: the CORS (or fetch-mode) message and the
/// `Failed to load resource: net::ERR_…` line of a resource outside the app's origin.
/// Drops what the app page's own load printed (a missing favicon).
pub fn entries_about_request<'e>(entries: &'e [ConsoleEntry], app_origin: &str) -> Vec<&'e ConsoleEntry> {
    let app_prefix = format!("{app_origin}/");
    entries
        .iter()
        .filter(|e| {
            let t = e.text.as_str();
            if t.starts_with("Failed to load resource") {
                !e.url.is_empty() && !e.url.starts_with(&app_prefix)
            } else {
                t.starts_with("Access to ") || t.starts_with("Fetch API cannot load") || t.contains("CORS")
            }
        })
        .collect()
}
