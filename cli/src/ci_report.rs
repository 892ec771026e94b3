//! Files CI systems read: JUnit XML (every CI shows failed tests) and SARIF 2.1.0
//! (GitHub code scanning; one rule per finding id, with its title and MDN link).

use crate::suite::{Kind, Outcome};
use corsprobe_engine::finding::{FindingKind, Severity};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::{json, Value};

/// The JUnit XML of a run: one suite for the file, one test case per check or audit.
pub fn junit(file: &str, outcomes: &[Outcome]) -> Result<String, String> {
    let mut suite = TestSuite::new(file);
    for o in outcomes {
        let status = match &o.failure {
            None => TestCaseStatus::success(),
            Some(why) => {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(why.as_str());
                s.set_description(details(o));
                s
            }
        };
        let mut case = TestCase::new(o.case.name.as_str(), status);
        case.set_classname(match o.case.kind {
            Kind::Check => "corsprobe.check",
            Kind::Audit => "corsprobe.audit",
        });
        case.set_time(o.elapsed);
        suite.add_test_case(case);
    }
    let mut report = Report::new("corsprobe");
    report.add_test_suite(suite);
    report.to_string().map_err(|e| format!("the JUnit report could not be written: {e}"))
}

/// A failed case's findings, as text: title, Chromium's error, the fix lines.
fn details(o: &Outcome) -> String {
    let mut out = crate::render::verdict_line(&o.report, false);
    out.push('\n');
    for f in o.findings() {
        crate::render::finding(f, false, &mut out);
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The SARIF 2.1.0 log of a run: a result for every finding of every failed case
/// (and the audit's findings of passing audits, as notes), located at the entry's line
/// in the test file.
pub fn sarif(file: &str, outcomes: &[Outcome]) -> String {
    let mut rule_ids: Vec<String> = Vec::new();
    let mut results: Vec<Value> = Vec::new();
    for o in outcomes {
        let report_findings = o.findings();
        let findings: Vec<_> = match (&o.failure, o.case.kind) {
            (Some(_), _) | (None, Kind::Audit) => report_findings.into_iter().filter(|f| f.id != FindingKind::CorsOk.id()).collect(),
            (None, Kind::Check) => Vec::new(),
        };
        for f in findings {
            if !rule_ids.contains(&f.id) {
                rule_ids.push(f.id.clone());
            }
            let chromium = f.chromium.first().map(|e| format!(" Chromium: {}.", e.name())).unwrap_or_default();
            let fix: Vec<String> = f.fix.iter().flat_map(|b| b.lines.iter().cloned()).collect();
            let fix = if fix.is_empty() { String::new() } else { format!(" Fix: {}", fix.join("; ")) };
            results.push(json!({
                "ruleId": f.id,
                "ruleIndex": rule_ids.iter().position(|r| *r == f.id).unwrap_or(0),
                "level": if o.failure.is_some() { level(f.severity) } else { "note" },
                "message": { "text": format!("{}: {}{chromium}{fix}", o.case.name, f.what) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": file },
                        "region": { "startLine": o.case.line }
                    }
                }]
            }));
        }
    }
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let kind = FindingKind::from_id(id);
            let title = kind.map_or(id.as_str(), |k| k.title());
            json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": title },
                "fullDescription": { "text": title },
                "helpUri": kind.map_or("https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS", |k| k.mdn()),
                "help": { "text": format!("{title}. See {}", kind.map_or("", |k| k.mdn())) }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "corsprobe",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS",
                "rules": rules
            }},
            "results": results
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}
