//! The work the page hands to its analysis worker, and the worker's answers.
//!
//! Reasoning over outcomes (the diagnosis and its explanations), reading pasted
//! headers, console errors and HAR files, and writing server fixes, is most of the
//! engine's code. The page keeps only what it needs before a report exists (the form,
//! its validation, the probe plan, the fetches) and what shows a drawn report; the rest loads
//! in a Web Worker, which the page starts at the person's first click or keystroke
//! (or when a share link is opened; never on page load alone): the page's own
//! download stays small (issue 6), and a 50 MB HAR is parsed off the page's thread, so
//! the page keeps answering while it is read.
//!
//! The messages are JSON (`serde_json`, which both sides already carry) and
//! [`run_job`] is pure, so host `cargo test` covers everything the worker does; the
//! worker binary (`src/bin/analysis-worker.rs`) only moves strings and a `File`.

use crate::page::report::ShownReport;
use corsprobe_engine::analyze::{analyze_console, analyze_headers};
use corsprobe_engine::finding::FindingKind;
use corsprobe_engine::fix::{snippet, FixInput, Snippet, Stack};
use corsprobe_engine::har::{analyze_har_with, HarAssumptions};
use corsprobe_engine::report::Report;
use corsprobe_engine::request::RequestSpec;
use corsprobe_engine::share::{replay, SharePayload};
use corsprobe_engine::url::Url;
use serde::{Deserialize, Serialize};

/// One piece of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Externally tagged (`{"har": {…}}`), not internally: serde decodes internally
// tagged enums through a buffered `Content` copy, which doubles the decoder code of
// everything inside (the whole `Report`) in the page's wasm.
#[serde(rename_all = "kebab-case")]
pub enum Job {
    /// Pasted `curl -i` / `curl -v` output or DevTools' raw headers, judged for the
    /// form's request and `origin`.
    Headers { text: String, request: RequestSpec, origin: String },
    /// A pasted console (one or more CORS messages), with the form's request when the
    /// form can be sent (it narrows coarse messages about its URL).
    Console { text: String, origin: String, request: Option<RequestSpec> },
    /// A HAR file. The page posts the `File` beside the job and the worker reads it
    /// into `text`, so the file's bytes never pass through the page's thread.
    Har {
        #[serde(default)]
        text: String,
        assume: HarAssumptions,
    },
    /// Server configuration for one stack.
    Fix { stack: String, input: FixInput, findings: Vec<String> },
    /// The report for a request and what the browser did: a live run's outcomes (the
    /// page sends the probes, the worker reasons over them) or a share link's evidence.
    /// Both go through [`replay`], so a link always reopens to the report its run showed.
    Report { payload: SharePayload },
}

/// One judged request of an analysis, with the label the page lists it under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzedItem {
    pub label: String,
    pub report: ShownReport,
}

/// "54 cross-origin requests: 40 blocked, 14 pass." — what the list of analyzed
/// requests holds, before the person scrolls it.
pub fn analyzed_summary(items: &[AnalyzedItem]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for item in items {
        let v = item.report.verdict.as_str();
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(v, n)| format!("{n} {v}")).collect();
    format!("{} cross-origin requests: {}. Choose one to see its report.", items.len(), parts.join(", "))
}

/// The worker's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobResult {
    /// Judged requests, in input order (never empty).
    Analyzed {
        items: Vec<AnalyzedItem>,
    },
    /// The input could not be judged: a message for the person, in their terms.
    Problem {
        message: String,
    },
    Fix {
        snippet: Snippet,
    },
    /// `None`: the payload has no evidence, or its outcomes do not fit the plan this
    /// engine makes for its form (a link from another version).
    Report {
        report: Option<Box<ShownReport>>,
    },
}

/// Does the work. Never panics on any input (the parsers are fuzzed).
pub fn run_job(job: &Job) -> JobResult {
    let problem = |message: String| JobResult::Problem { message };
    match job {
        Job::Headers { text, request, origin } => match analyze_headers(text, request, origin.trim()) {
            Ok(report) => JobResult::Analyzed { items: vec![AnalyzedItem { label: request.url.clone(), report: ShownReport::of(&report) }] },
            Err(e) => problem(e.to_string()),
        },
        Job::Console { text, origin, request } => match analyze_console(text, origin.trim(), request.as_ref()) {
            Ok(reports) => JobResult::Analyzed {
                items: reports
                    .into_iter()
                    .map(|report| AnalyzedItem { label: format!("{} — {}", report.request.url, first_title(&report)), report: ShownReport::of(&report) })
                    .collect(),
            },
            Err(e) => problem(e.to_string()),
        },
        Job::Har { text, assume } => match analyze_har_with(text, *assume) {
            Ok(a) if a.requests.is_empty() => problem(format!(
                "No cross-origin requests in this HAR ({} entries, none with an Origin header other than their own). Record the failing request with DevTools open, then export again.",
                a.entries
            )),
            Ok(a) => JobResult::Analyzed {
                items: a
                    .requests
                    .into_iter()
                    .map(|r| {
                        let path = Url::parse(&r.url).map(|u| u.path_and_query).unwrap_or_else(|_| r.url.clone());
                        AnalyzedItem { label: format!("{} {path} — {}", r.method, first_title(&r.report)), report: ShownReport::of(&r.report) }
                    })
                    .collect(),
            },
            Err(e) => problem(e.to_string()),
        },
        Job::Fix { stack, input, findings } => match Stack::from_id(stack) {
            Some(stack) => {
                let kinds: Vec<FindingKind> = findings.iter().filter_map(|id| FindingKind::from_id(id)).collect();
                JobResult::Fix { snippet: snippet(stack, input, &kinds) }
            }
            None => problem(format!("Unknown stack “{stack}”.")),
        },
        Job::Report { payload } => JobResult::Report { report: replay(payload).map(|r| Box::new(ShownReport::of(&r))) },
    }
}

/// A representative job the worker runs once when it starts, before any real one: a
/// preflighted, credentialed request blocked at the preflight, as JSON. Browsers
/// compile wasm functions lazily, on first call, so the first real report took 25 to
/// 60 ms instead of 6 to 8 (measured in headless Chromium 156); this compiles the
/// diagnosis, explanation and drawing code while the person is still typing.
pub fn rehearsal() -> String {
    use corsprobe_engine::input::FormInput;
    use corsprobe_engine::plan::{plan_run, PlannedRun};
    use corsprobe_engine::report::ProbeOutcome;
    use corsprobe_engine::share::{Evidence, SHARE_VERSION};
    const ORIGIN: &str = "http://127.0.0.1:1";
    let form = FormInput {
        url: "http://127.0.0.1:2/rehearsal?x=1".into(),
        method: "PUT".into(),
        headers: "X-Rehearsal: 1\nContent-Type: application/json".into(),
        body: "{}".into(),
        credentials: corsprobe_engine::Credentials::Include,
        ..Default::default()
    };
    let outcomes: Vec<_> = match plan_run(&form, ORIGIN, false) {
        PlannedRun::Probe { plan, .. } => plan
            .probes
            .iter()
            .map(|p| {
                let outcome = match p.kind {
                    corsprobe_engine::plan::ProbeKind::Reach => {
                        ProbeOutcome::Response { response_type: "opaque".into(), status: 0, redirected: false, elapsed_ms: 1.0 }
                    }
                    corsprobe_engine::plan::ProbeKind::Simple => {
                        ProbeOutcome::Response { response_type: "cors".into(), status: 200, redirected: false, elapsed_ms: 1.0 }
                    }
                    _ => ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 1.0 },
                };
                (p.kind.clone(), outcome)
            })
            .collect(),
        _ => Vec::new(),
    };
    let payload = SharePayload {
        v: SHARE_VERSION,
        form,
        allow_repeats: false,
        evidence: Some(Evidence::of_run(ORIGIN, None, &outcomes)),
        redacted: Vec::new(),
    };
    serde_json::to_string(&Job::Report { payload }).unwrap_or_default()
}

fn first_title(report: &Report) -> &str {
    report.findings.first().map(|f| f.title.as_str()).unwrap_or_default()
}

/// The worker's whole protocol on strings: a job's JSON in (with the text of the file
/// posted beside it, or why it could not be read), a result's JSON out. A message that
/// is not a job (a newer page talking to an older worker, say) is a
/// [`JobResult::Problem`], never a panic.
pub fn run_job_json(job: &str, file_text: Option<Result<String, String>>) -> String {
    let result = match (serde_json::from_str::<Job>(job), file_text) {
        (Err(e), _) => JobResult::Problem { message: format!("The analysis worker could not read the request ({e}). Reload the page.") },
        (Ok(_), Some(Err(e))) => JobResult::Problem { message: format!("The file could not be read: {e}") },
        (Ok(mut job), file) => {
            if let (Job::Har { text, .. }, Some(Ok(file))) = (&mut job, file) {
                *text = file;
            }
            run_job(&job)
        }
    };
    serde_json::to_string(&result).unwrap_or_else(|e| serde_json::json!({"problem": {"message": e.to_string()}}).to_string())
}
