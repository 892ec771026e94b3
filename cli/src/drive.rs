//! Sends one exchange the way the browser does and keeps every response for the
//! engine to judge.
//!
//! The HTTP client never follows a redirect itself: each hop goes through the engine's
//! [`redirect_check`] (Fetch §4.4 "HTTP-redirect fetch": the CORS check on the hop, at
//! most 20 redirects, `user:password@` targets refused, 301/302/303 rewriting POST to
//! GET, the origin tainted to `null` after a cross-origin hop), which also says what the
//! next request is. The judgement itself is the engine's too
//! ([`corsprobe_engine::analyze::report_for_exchange`]); this module only collects.

use crate::wire::{self, Browser, Outgoing, SecFetchSite};
use corsprobe_engine::analyze::Exchange;
use corsprobe_engine::check::{judge_exchange, preflight_check, redirect_check, ExchangeVerdict, RedirectNext, RedirectState};
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::request::RequestSpec;
use corsprobe_engine::Stage;
use std::time::Duration;
use ureq::http;

/// Chromium's cap on a response's header block (`net::HttpStreamParser`,
/// `kMaxHeaderBufSize`: 256 KiB); a larger head is a network error there too.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// How to send.
#[derive(Debug, Clone)]
pub struct Settings {
    pub browser: Browser,
    pub timeout: Duration,
    /// The `Cookie` line for credentialed requests.
    pub cookie: Option<String>,
}

/// An HTTP client with its own redirect following, status errors and automatic
/// headers turned off: what goes out is [`Outgoing`], line for line.
pub struct Client {
    agent: ureq::Agent,
    pub settings: Settings,
}

/// No HTTP answer: refused, unresolvable, timed out, not HTTP.
#[derive(Debug, Clone)]
pub struct Unreachable {
    pub url: String,
    pub message: String,
}

impl Client {
    pub fn new(settings: Settings) -> Client {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .user_agent(ureq::config::AutoHeaderValue::None)
            .accept(ureq::config::AutoHeaderValue::None)
            .accept_encoding(ureq::config::AutoHeaderValue::None)
            .max_response_header_size(MAX_HEADER_BYTES)
            // A fresh connection per request: a server that closes a kept-alive
            // connection would otherwise turn the next hop into a reset, and bodies are
            // never read, so connections could not be reused anyway.
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .timeout_global(Some(settings.timeout))
            .build();
        Client { agent: config.into(), settings }
    }

    /// Sends one request and returns its status and header lines; the body is never
    /// read (CORS is decided on the head).
    pub fn send(&self, out: &Outgoing) -> Result<HttpResponse, Unreachable> {
        let unreachable = |message: String| Unreachable { url: out.url.clone(), message };
        // The fragment is never sent (Fetch: "URL serializer" with exclude fragment).
        let url = out.url.split('#').next().unwrap_or_default();
        let mut builder = http::Request::builder().method(out.method.as_bytes()).uri(url);
        for (name, value) in &out.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let result = match &out.body {
            Some(body) => builder.body(body.clone()).map(|r| self.agent.run(r)),
            None => builder.body(()).map(|r| self.agent.run(r)),
        };
        let response = match result {
            Err(e) => return Err(unreachable(format!("the request could not be built: {e}"))),
            Ok(Err(ureq::Error::Timeout(_))) => return Err(unreachable(format!("no answer within {} s", self.settings.timeout.as_secs_f64()))),
            Ok(Err(e)) => return Err(unreachable(describe_error(&e))),
            Ok(Ok(r)) => r,
        };
        let mut resp = HttpResponse::new(response.status().as_u16());
        for (name, value) in response.headers() {
            resp.headers.append(name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
        }
        Ok(resp)
    }
}

fn describe_error(e: &ureq::Error) -> String {
    match e {
        ureq::Error::HostNotFound => "the host name does not resolve".into(),
        ureq::Error::ConnectionFailed => "the connection failed".into(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => "the connection was refused".into(),
        ureq::Error::Io(io) => format!("network error: {io}"),
        other => other.to_string(),
    }
}

/// What one exchange produced.
#[derive(Debug, Clone, Default)]
pub struct Driven {
    pub exchange: Exchange,
    /// Every request sent, in order.
    pub sent: Vec<Outgoing>,
    /// A redirect led to a request that is preflighted again (Chromium restarts a
    /// preflighted request on every redirect): the rest is its own exchange, from here.
    pub continues_with: Option<RedirectState>,
    pub unreachable: Option<Unreachable>,
}

/// Sends `request` from `origin` as the browser would, stopping where the browser stops.
pub fn drive(client: &Client, request: &RequestSpec, origin: &str) -> Driven {
    let mut driven = Driven::default();
    // Refusals decided before anything is sent (bad URL, mode rules): send nothing.
    match judge_exchange(request, origin, None, &[], None) {
        ExchangeVerdict::Blocked { stage: Stage::Input, .. } | ExchangeVerdict::Failed { stage: Stage::Input, .. } => return driven,
        _ => {}
    }
    drive_from(client, RedirectState::new(request, origin), &mut driven);
    driven
}

/// Sends from `state` on (a fresh request, or the one after a redirect).
pub fn drive_from(client: &Client, mut state: RedirectState, driven: &mut Driven) {
    let browser = client.settings.browser;
    let mut site = SecFetchSite::of(state.effective_origin(), &state.request.url);
    if state.needs_preflight() {
        let out = wire::preflight(browser, &state, &preflight_need(&state.request), site);
        let answer = client.send(&out);
        driven.sent.push(out);
        match answer {
            Err(u) => {
                driven.unreachable = Some(u);
                return;
            }
            Ok(resp) => {
                let failed = preflight_check(&resp, &state.request, state.effective_origin()).is_err();
                driven.exchange.preflight = Some(resp);
                if failed {
                    return;
                }
            }
        }
    }
    loop {
        let out = wire::actual(browser, &state, client.settings.cookie.as_deref(), site);
        let answer = client.send(&out);
        driven.sent.push(out);
        let resp = match answer {
            Err(u) => {
                driven.unreachable = Some(u);
                return;
            }
            Ok(resp) => resp,
        };
        match redirect_check(&resp, &state) {
            Ok(RedirectNext::Follow { state: next }) => {
                driven.exchange.hops.push(resp);
                // Sec-Fetch-Site is the most cross-site relation along the chain.
                site = site.max(SecFetchSite::of(&next.origin, &next.request.url));
                if next.tainted {
                    site = SecFetchSite::CrossSite;
                }
                if next.needs_preflight() {
                    driven.continues_with = Some(next);
                    return;
                }
                state = next;
            }
            // A refusal, an opaque-redirect or a final response: the browser stops here.
            _ => {
                driven.exchange.actual = Some(resp);
                return;
            }
        }
    }
}
