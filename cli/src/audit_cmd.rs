//! `corsprobe audit`: asks the server with origins a correct policy rejects (the
//! engine's `origin_probes`, the foreign origin, `null`) and reports the policy
//! findings of `corsprobe_engine::audit`, through the same report as `check`.
//!
//! Page code cannot send a forged `Origin`; a native client can. Each probe origin gets
//! the preflight (when the request needs one) and, for a safe method, the request
//! itself: a method that changes state (POST, PUT, DELETE…) is sent once, from the
//! person's origin, and the probes ask the preflight only.

use crate::check::Prepared;
use crate::drive::{drive, Client};
use crate::wire::{self, SecFetchSite};
use corsprobe_engine::analyze::{report_with_audit, unreachable_report};
use corsprobe_engine::audit::{origin_probes, AuditSample, FOREIGN_ORIGIN};
use corsprobe_engine::check::RedirectState;
use corsprobe_engine::finding::{Finding, FindingKind, Severity};
use corsprobe_engine::headers::HttpResponse;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::report::{BrowserInfo, Report};
use corsprobe_engine::request::{is_safe_method, RequestSpec};

/// The origins the audit sends besides the person's.
pub fn probe_origins(origin: &str, url: &str) -> Vec<String> {
    let mut out: Vec<String> = origin_probes(origin, url).into_iter().map(|p| p.origin).collect();
    out.push(FOREIGN_ORIGIN.to_string());
    out.push("null".to_string());
    out.retain(|o| o != origin);
    out
}

/// The report: the person's own exchange judged (as `check`), plus every probe answer
/// audited with it.
pub fn run(client: &Client, p: &Prepared) -> Report {
    let driven = drive(client, &p.spec, &p.origin);
    let mut answers: Vec<(String, bool, HttpResponse)> = Vec::new();
    if driven.unreachable.is_none() {
        for origin in probe_origins(&p.origin, &p.spec.url) {
            answers.extend(ask(client, &p.spec, &origin));
        }
    }
    let others: Vec<AuditSample> = answers.iter().map(|(o, preflight, r)| AuditSample { origin: o, preflight: *preflight, response: r }).collect();
    let report = report_with_audit(&p.spec, &p.origin, &driven.exchange, "corsprobe's requests", &others);
    let mut report = match driven.unreachable {
        Some(u) => unreachable_report(report, &format!("{} ({})", u.message, u.url)),
        None => report,
    };
    if !is_safe_method(&p.spec.method) {
        if let Some(f) = report.findings.first_mut() {
            f.evidence.push(format!("{} changes state, so the probe origins were sent to the preflight only.", p.spec.normalized_method()));
        }
    }
    report.browser = Some(BrowserInfo { name: client.settings.browser.name().into(), version: client.settings.browser.version().into() });
    report.source = Some("cli".into());
    report
}

/// One probe origin's answers: preflight (when due) and, for a safe method, the
/// request; redirects are not followed (the policy lives on the first answer).
fn ask(client: &Client, spec: &RequestSpec, origin: &str) -> Vec<(String, bool, HttpResponse)> {
    let state = RedirectState::new(spec, origin);
    let site = SecFetchSite::of(origin, &spec.url);
    let mut out = Vec::new();
    if state.needs_preflight() {
        let sent = wire::preflight(client.settings.browser, &state, &preflight_need(spec), site);
        if let Ok(r) = client.send(&sent) {
            out.push((origin.to_string(), true, r));
        }
    }
    if is_safe_method(&spec.method) {
        if let Ok(r) = client.send(&wire::actual(client.settings.browser, &state, client.settings.cookie.as_deref(), site)) {
            out.push((origin.to_string(), false, r));
        }
    }
    out
}

/// The policy findings of a report (the audit's, not the verdict's).
pub fn policy_findings(report: &Report) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.kind().is_some_and(FindingKind::is_policy)).collect()
}

/// `--fail-on`: the least severe policy finding that fails the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Warning,
    Info,
    Never,
}

impl FailOn {
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Warning => severity <= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}
