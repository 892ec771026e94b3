//! Firefox's own verdict for one request: `fetch()` from a page on the app origin in a
//! fresh user context, and the console message Firefox prints for a CORS block
//! (`Cross-Origin Request Blocked: … (Reason: …). Status code: N.`).

use crate::cdp::{Cdp, Result};
use crate::firefox::FirefoxTab;
use crate::oracle::fetch_expression;
use corsprobe_engine::RequestSpec;
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;

/// What Firefox did with a request, as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct FirefoxObservation {
    /// `pass`, `blocked` or `unreachable`.
    pub verdict: &'static str,
    /// The `Reason: …` of Firefox's CORS console message, if it printed one.
    pub reason: Option<String>,
    /// The `Status code: N` of that message (the HTTP status hidden behind the block).
    pub status: Option<u16>,
    pub fetch: Value,
    pub console: Vec<String>,
}

/// Firefox's reason for network failures on cross-origin requests: not a CORS verdict.
pub const NETWORK_FAILURE_REASON: &str = "CORS request did not succeed";

/// The reason and status of a Firefox CORS console message.
pub fn reason_of(message: &str) -> Option<(String, Option<u16>)> {
    let after = message.split("(Reason: ").nth(1)?;
    let reason = after.rsplit_once(')').map(|(r, _)| r).unwrap_or(after);
    // A reason may itself contain parentheses; the status follows the last ").".
    let (reason, tail) = match after.rfind("). Status code: ") {
        Some(i) => (&after[..i], Some(&after[i + "). Status code: ".len()..])),
        None => (reason, None),
    };
    let status = tail.and_then(|t| t.trim_end_matches('.').trim().parse().ok());
    Some((reason.to_string(), status))
}

pub fn firefox_verdict(bidi: &mut Cdp, app_page_url: &str, spec: &RequestSpec) -> Result<FirefoxObservation> {
    let mut tab = FirefoxTab::open(bidi)?;
    tab.navigate(app_page_url)?;
    tab.take_console();
    let fetch = tab.eval(&fetch_expression(spec))?;
    // The console message can trail the rejected promise.
    tab.bidi.pump(Duration::from_millis(300))?;
    let console = tab.take_console();
    let found = console.iter().filter(|m| m.contains("Cross-Origin Request Blocked")).find_map(|m| reason_of(m));
    let (reason, status) = found.map_or((None, None), |(r, s)| (Some(r), s));
    let verdict = if fetch["ok"] == true {
        "pass"
    } else if reason.as_deref().is_some_and(|r| r != NETWORK_FAILURE_REASON)
        || (reason.is_none() && console.iter().any(|m| m.contains("Cross-Origin") || m.contains("CORS")))
        // A rejected fetch with no CORS message: a mode rule (same-origin, no-cors redirect).
        || (reason.is_none() && fetch["message"].as_str().is_some_and(|m| m.contains("NetworkError")))
    {
        "blocked"
    } else {
        "unreachable"
    };
    Ok(FirefoxObservation { verdict, reason, status, fetch, console })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_and_status_codes_are_read() {
        let m = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:8001/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.";
        assert_eq!(reason_of(m), Some(("CORS header ‘Access-Control-Allow-Origin’ missing".into(), Some(200))));
        let m = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://x/. (Reason: CORS request did not succeed). Status code: (null).";
        assert_eq!(reason_of(m), Some(("CORS request did not succeed".into(), None)));
    }
}
