//! The report contract: what a run produces, for the page, downloads, share links and
//! the browser tests. Versioned by [`SCHEMA`]; README documents every field.

use crate::cors_error::Stage;
use crate::finding::Finding;
use crate::request::{Credentials, Mode, RedirectMode, RequestSpec};
use serde::{Deserialize, Serialize};

/// Bumped whenever a field changes meaning or disappears (additions keep it).
pub const SCHEMA: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The browser let the request through.
    Pass,
    /// The server answered, and the browser blocked the request (CORS or a mode rule).
    Blocked,
    /// No HTTP answer at all.
    Unreachable,
    /// The request cannot be sent as written.
    InvalidInput,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Blocked => "blocked",
            Verdict::Unreachable => "unreachable",
            Verdict::InvalidInput => "invalid-input",
        }
    }
}

/// The browser that ran the probes (filled in by the page from its user agent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserInfo {
    pub name: String,
    pub version: String,
}

/// What one probe's fetch did, as page code can see it. Read back through
/// [`OutcomeFields`] rather than a derived internally tagged decoder, which buffers
/// every value (and doubles the decoder code in the page's wasm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case", try_from = "OutcomeFields")]
pub enum ProbeOutcome {
    /// `fetch` resolved. `response_type` is `Response.type` (basic, cors, opaque,
    /// opaqueredirect); `status` is 0 for opaque responses.
    Response { response_type: String, status: u16, redirected: bool, elapsed_ms: f64 },
    /// `fetch` rejected with a `TypeError` after starting: a CORS block or a network error.
    Failed { message: String, elapsed_ms: f64 },
    /// corsprobe aborted it at the time limit.
    Timeout { elapsed_ms: f64 },
    /// The person cancelled the run.
    Cancelled,
    /// `fetch` threw before sending (the browser refused to build the request).
    Threw { message: String },
}

/// A [`ProbeOutcome`] as its JSON fields, every one optional.
#[derive(Deserialize)]
struct OutcomeFields {
    outcome: String,
    response_type: Option<String>,
    status: Option<u16>,
    redirected: Option<bool>,
    elapsed_ms: Option<f64>,
    message: Option<String>,
}

impl TryFrom<OutcomeFields> for ProbeOutcome {
    type Error = String;
    fn try_from(f: OutcomeFields) -> Result<Self, String> {
        let missing = |field: &str| format!("a “{}” probe outcome needs “{field}”", f.outcome);
        let elapsed_ms = || f.elapsed_ms.ok_or_else(|| missing("elapsed_ms"));
        let message = || f.message.clone().ok_or_else(|| missing("message"));
        Ok(match f.outcome.as_str() {
            "response" => ProbeOutcome::Response {
                response_type: f.response_type.clone().ok_or_else(|| missing("response_type"))?,
                status: f.status.ok_or_else(|| missing("status"))?,
                redirected: f.redirected.ok_or_else(|| missing("redirected"))?,
                elapsed_ms: elapsed_ms()?,
            },
            "failed" => ProbeOutcome::Failed { message: message()?, elapsed_ms: elapsed_ms()? },
            "timeout" => ProbeOutcome::Timeout { elapsed_ms: elapsed_ms()? },
            "cancelled" => ProbeOutcome::Cancelled,
            "threw" => ProbeOutcome::Threw { message: message()? },
            other => return Err(format!("unknown probe outcome “{other}”")),
        })
    }
}

impl ProbeOutcome {
    /// Whether the browser let this probe through: `Some(true)` resolved, `Some(false)`
    /// rejected, `None` unknown (timeout, cancelled, refused to build).
    pub fn passed(&self) -> Option<bool> {
        match self {
            ProbeOutcome::Response { .. } => Some(true),
            ProbeOutcome::Failed { .. } => Some(false),
            _ => None,
        }
    }

    pub fn elapsed_ms(&self) -> Option<f64> {
        match self {
            ProbeOutcome::Response { elapsed_ms, .. } | ProbeOutcome::Failed { elapsed_ms, .. } | ProbeOutcome::Timeout { elapsed_ms } => {
                Some(*elapsed_ms)
            }
            _ => None,
        }
    }

    /// One word for the probe list.
    pub fn label(&self) -> String {
        match self {
            ProbeOutcome::Response { response_type, status, .. } if response_type == "opaque" => "opaque (reached)".into(),
            ProbeOutcome::Response { response_type, .. } if response_type == "opaqueredirect" => "redirect".into(),
            ProbeOutcome::Response { status, .. } => format!("passed ({status})"),
            ProbeOutcome::Failed { .. } => "blocked or failed".into(),
            ProbeOutcome::Timeout { .. } => "timed out".into(),
            ProbeOutcome::Cancelled => "cancelled".into(),
            ProbeOutcome::Threw { .. } => "refused".into(),
        }
    }
}

/// A probe as sent, with its outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProbeRecord {
    pub id: String,
    pub purpose: String,
    pub method: String,
    pub mode: Mode,
    pub credentials: Credentials,
    pub redirect: RedirectMode,
    /// Names of the headers it set (values are in `request` for the actual probe).
    pub headers: Vec<String>,
    pub preflight: bool,
    pub outcome: ProbeOutcome,
}

/// What the preflight for the person's request asks, if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreflightSummary {
    pub required: bool,
    pub request_method: String,
    pub request_headers: Vec<String>,
    pub reasons: String,
}

/// A copy-ready command that replays what the browser sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurlCommand {
    pub label: String,
    pub command: String,
    /// The one step that settles what this report could not judge exactly (listed
    /// first): run it, and its answer names the exact error.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub settles: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema: u32,
    pub page_origin: String,
    #[serde(default)]
    pub browser: Option<BrowserInfo>,
    pub request: RequestSpec,
    pub verdict: Verdict,
    /// Where the browser stopped the request; null on pass.
    pub stage: Option<Stage>,
    pub findings: Vec<Finding>,
    pub probes: Vec<ProbeRecord>,
    #[serde(default)]
    pub preflight: Option<PreflightSummary>,
    /// Set when only the server's headers can settle the cause: run these commands (or
    /// import a HAR) to get an exact finding.
    #[serde(default)]
    pub needs_headers: bool,
    #[serde(default)]
    pub curl: Vec<CurlCommand>,
    /// Where the verdict comes from when it is not a live run: `headers` (pasted curl or
    /// DevTools output), `har`, `console`. Absent for live runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Stages the evidence cannot rule out besides `stage` (a console message reads the
    /// same for a blocked redirect hop and a blocked final response). Part of
    /// [`Report::stage_candidates`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_stages: Vec<Stage>,
}

impl Report {
    /// Every stage the browser may have stopped this request at: `stage` first, then the
    /// stage of each other error finding. One entry when the evidence settles the stage;
    /// more when it cannot (live, a server without CORS on the actual response fails the
    /// probes exactly like one whose preflight lacks it). Empty on pass.
    pub fn stage_candidates(&self) -> Vec<Stage> {
        let mut stages: Vec<Stage> = self.stage.into_iter().collect();
        if self.verdict == Verdict::Pass {
            return vec![];
        }
        let causes = self.findings.iter().filter(|f| f.severity == crate::finding::Severity::Error);
        for stage in causes.filter_map(|f| f.stage).chain(self.other_stages.iter().copied()) {
            if !stages.contains(&stage) {
                stages.push(stage);
            }
        }
        stages
    }

    /// The report as the contract publishes it: its fields plus `stage_candidates`
    /// ([`Report::stage_candidates`]) and `browser_notes`, what the other browsers do for
    /// these findings ([`crate::browsers::differences`]). Both are derived from the
    /// findings, so a saved report read back recomputes them.
    pub fn to_json(&self) -> String {
        /// The published shape: the report's own fields, then the derived notes.
        #[derive(Serialize)]
        struct Published<'a> {
            #[serde(flatten)]
            report: &'a Report,
            stage_candidates: Vec<Stage>,
            browser_notes: Vec<crate::browsers::BrowserDifference>,
        }
        let published = Published { report: self, stage_candidates: self.stage_candidates(), browser_notes: crate::browsers::differences(self) };
        serde_json::to_string_pretty(&published).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::ProbeOutcome;

    #[test]
    fn every_probe_outcome_reads_back_as_written() {
        let all = [
            ProbeOutcome::Response { response_type: "cors".into(), status: 204, redirected: true, elapsed_ms: 12.0 },
            ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 3.0 },
            ProbeOutcome::Timeout { elapsed_ms: 8000.0 },
            ProbeOutcome::Cancelled,
            ProbeOutcome::Threw { message: "TypeError: bad header".into() },
        ];
        for o in all {
            let json = serde_json::to_string(&o).unwrap();
            assert_eq!(serde_json::from_str::<ProbeOutcome>(&json).unwrap(), o, "{json}");
        }
        let err = |json: &str| serde_json::from_str::<ProbeOutcome>(json).unwrap_err().to_string();
        assert!(err(r#"{"outcome":"exploded"}"#).contains("unknown probe outcome “exploded”"));
        assert!(err(r#"{"outcome":"failed","elapsed_ms":1}"#).contains("needs “message”"));
    }
}
