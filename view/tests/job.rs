//! The analysis worker's protocol (view/src/job.rs): what the page posts and what the
//! worker answers, as the JSON strings that actually cross the worker boundary, on the
//! real recordings (the HAR built from Chromium's events, Chromium's console messages).

use serde_json::Value;
use std::path::PathBuf;

/// A JSON fixture, by a path relative to this crate.
fn fixture(path: &str) -> Value {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}
use corsprobe_engine::finding::FindingKind;
use corsprobe_engine::fix::{snippet, FixInput, Stack};
use corsprobe_engine::har::{analyze_har, HarAssumptions};
use corsprobe_engine::RequestSpec;
use corsprobe_view::job::{run_job, run_job_json, Job, JobResult};

fn lab_har() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../harness/fixtures/har/lab.har")).unwrap()
}

fn answer(job: &Job, file: Option<Result<String, String>>) -> JobResult {
    let json = serde_json::to_string(job).unwrap();
    serde_json::from_str(&run_job_json(&json, file)).unwrap()
}

#[test]
fn a_har_posted_as_a_file_is_judged_like_the_har_itself() {
    let text = lab_har();
    let direct = analyze_har(&text).unwrap();
    let job = Job::Har { text: String::new(), assume: HarAssumptions::default() };
    let JobResult::Analyzed { items } = answer(&job, Some(Ok(text))) else { panic!("not analyzed") };
    assert_eq!(items.len(), direct.requests.len());
    assert!(items.len() > 10, "{}", items.len());
    for (item, r) in items.iter().zip(&direct.requests) {
        assert_eq!(item.report, corsprobe_view::page::report::ShownReport::of(&r.report));
        assert!(item.label.starts_with(&r.method), "{}", item.label);
        assert!(item.label.contains(" — "), "the label names the first finding: {}", item.label);
    }
}

#[test]
fn jobs_and_results_survive_the_trip_through_json() {
    let request = RequestSpec { url: "http://127.0.0.1:9/x".into(), ..Default::default() };
    let jobs = [
        Job::Headers { text: "HTTP/1.1 200 OK\r\n\r\n".into(), request: request.clone(), origin: "http://127.0.0.1:8".into() },
        Job::Console { text: "x".into(), origin: "http://127.0.0.1:8".into(), request: Some(request) },
        Job::Har { text: "{}".into(), assume: HarAssumptions::default() },
        Job::Fix { stack: Stack::ALL[0].id().into(), input: FixInput::default(), findings: vec!["allow-origin-missing".into()] },
    ];
    for job in jobs {
        let json = serde_json::to_string(&job).unwrap();
        assert_eq!(serde_json::from_str::<Job>(&json).unwrap(), job, "{json}");
        let result = run_job(&job);
        assert_eq!(answer(&job, None), result, "{json}");
    }
}

#[test]
fn every_recorded_console_message_comes_back_analyzed() {
    let mut n = 0;
    for r in fixture("../harness/fixtures/console/chromium.json").as_array().unwrap() {
        if r["expected"]["error"].as_str().is_none() {
            continue;
        }
        let text = r["messages"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect::<Vec<_>>().join("\n");
        let job = Job::Console { text, origin: "http://127.0.0.1:1".into(), request: None };
        let JobResult::Analyzed { items } = answer(&job, None) else { panic!("{}", r["case"]) };
        assert_eq!(items.len(), 1, "{}", r["case"]);
        n += 1;
    }
    assert!(n >= 38, "{n}");
}

#[test]
fn every_stack_writes_its_fix_through_the_worker() {
    let input = FixInput { origins: vec!["https://app.example.com".into()], credentials: true, ..Default::default() };
    for &stack in Stack::ALL {
        let job = Job::Fix { stack: stack.id().into(), input: input.clone(), findings: vec!["credentials-rejected".into()] };
        let JobResult::Fix { snippet: got } = answer(&job, None) else { panic!("{}", stack.id()) };
        let kinds = [FindingKind::from_id("credentials-rejected").unwrap()];
        assert_eq!(got, snippet(stack, &input, &kinds), "{}", stack.id());
        assert!(!got.files.is_empty(), "{}", stack.id());
    }
}

#[test]
fn what_cannot_be_done_is_a_problem_in_plain_words() {
    let problem = |r: JobResult| match r {
        JobResult::Problem { message } => message,
        other => panic!("expected a problem, got {other:?}"),
    };
    let m = problem(serde_json::from_str(&run_job_json("{\"teleport\":{}}", None)).unwrap());
    assert!(m.contains("Reload the page"), "{m}");
    let m = problem(serde_json::from_str(&run_job_json("not json", None)).unwrap());
    assert!(m.contains("could not read the request"), "{m}");
    let har = Job::Har { text: String::new(), assume: HarAssumptions::default() };
    let m = problem(answer(&har, Some(Err("NotReadableError: the file changed".into()))));
    assert!(m.contains("The file could not be read: NotReadableError"), "{m}");
    let m = problem(answer(&har, Some(Ok(r#"{"log":{"version":"1.2","entries":[]}}"#.into()))));
    assert!(m.contains("No cross-origin requests in this HAR (0 entries"), "{m}");
    let m = problem(answer(&har, Some(Ok(lab_har()[..5000].to_string()))));
    assert!(!m.is_empty());
    let fix = Job::Fix { stack: "cobol".into(), input: FixInput::default(), findings: vec![] };
    assert_eq!(problem(run_job(&fix)), "Unknown stack “cobol”.");
}

/// The page sends the probes and the worker writes the report (issue 6): the outcomes
/// in the order the probes finished, posted as a `Report` job, give exactly the report
/// `diagnose` writes, and a request that sends nothing gets its decided report too.
#[test]
fn a_live_run_posted_to_the_worker_gets_the_report_diagnose_writes() {
    use corsprobe_engine::diagnose::{begin, diagnose, Begin};
    use corsprobe_engine::input::FormInput;
    use corsprobe_engine::plan::{plan_run, PlannedRun};
    use corsprobe_engine::report::{BrowserInfo, ProbeOutcome};
    use corsprobe_engine::share::{Evidence, SharePayload, SHARE_VERSION};
    const ORIGIN: &str = "http://127.0.0.1:8080";
    let browser = Some(BrowserInfo { name: "Chromium".into(), version: "156".into() });
    let form = FormInput {
        url: "http://127.0.0.1:8081/case/header-not-allowed".into(),
        method: "PUT".into(),
        headers: "Authorization: Bearer t0ken\nX-Trace: 1".into(),
        ..Default::default()
    };
    let PlannedRun::Probe { plan, dropped } = plan_run(&form, ORIGIN, false) else { panic!("a valid request is probed") };
    assert!(plan.probes.len() > 3);
    let mut outcomes: Vec<_> = plan
        .probes
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let outcome = match i % 3 {
                0 => ProbeOutcome::Response { response_type: "cors".into(), status: 204, redirected: false, elapsed_ms: 3.5 },
                1 => ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 1.25 },
                _ => ProbeOutcome::Timeout { elapsed_ms: 15000.0 },
            };
            (p.kind.clone(), outcome)
        })
        .collect();
    let mut expected = diagnose(&plan, &outcomes, &dropped);
    expected.browser = browser.clone();
    outcomes.reverse(); // as they finished, not as planned
    let payload = |outcomes: &[_]| SharePayload {
        v: SHARE_VERSION,
        form: form.clone(),
        allow_repeats: false,
        evidence: Some(Evidence::of_run(ORIGIN, browser.clone(), outcomes)),
        redacted: vec![],
    };
    let JobResult::Report { report: Some(report) } = answer(&Job::Report { payload: payload(&outcomes) }, None) else { panic!("no report") };
    assert_eq!(report.json, expected.to_json());
    assert_eq!(*report, corsprobe_view::page::report::ShownReport::of(&expected));
    assert!(report.json.contains("t0ken"), "a live run's report keeps the request as sent");
    assert!(!report.markdown.contains("t0ken"), "Markdown goes into trackers: {}", report.markdown);

    // Nothing sent (bad input): the worker writes the same decided report as `begin`.
    let bad = FormInput { url: "ftp://x".into(), ..form.clone() };
    let Begin::Decided { report: mut decided, problems } = begin(&bad, ORIGIN, false) else { panic!("bad input is decided") };
    assert!(!problems.is_empty());
    decided.browser = browser.clone();
    let job = Job::Report { payload: SharePayload { form: bad, ..payload(&[]) } };
    let JobResult::Report { report: Some(report) } = answer(&job, None) else { panic!("no report") };
    assert_eq!(report.json, decided.to_json());
    // Outcomes that do not fit the plan: no report, never a wrong one.
    let JobResult::Report { report: None } = answer(&Job::Report { payload: payload(&outcomes[1..]) }, None) else {
        panic!("a partial run replayed")
    };
}

/// The job the worker rehearses at start-up is a real run blocked at the preflight, so
/// it reaches the diagnosis, explanation and drawing code (view/src/job.rs).
#[test]
fn the_rehearsal_is_a_full_blocked_report() {
    let answer: JobResult = serde_json::from_str(&run_job_json(&corsprobe_view::job::rehearsal(), None)).unwrap();
    let JobResult::Report { report: Some(report) } = answer else { panic!("the rehearsal made no report: {answer:?}") };
    assert_eq!(report.verdict, corsprobe_engine::report::Verdict::Blocked);
    let json: serde_json::Value = serde_json::from_str(&report.json).unwrap();
    assert_eq!(json["stage"], "preflight", "{json}");
    assert!(!report.findings.is_empty() && report.node.text_content().contains("preflight"));
}

#[test]
fn the_analyzed_summary_counts_each_verdict_in_order() {
    use corsprobe_engine::analyze::analyze_headers;
    use corsprobe_view::job::{analyzed_summary, AnalyzedItem};
    use corsprobe_view::page::report::ShownReport;
    let request = corsprobe_engine::RequestSpec::get(String::from("https://api.example.com/x"));
    let item = |headers: &str| AnalyzedItem {
        label: "x".into(),
        report: ShownReport::of(&analyze_headers(headers, &request, "https://app.example.com").unwrap()),
    };
    let blocked = item("HTTP/1.1 200 OK\n");
    let pass = item("HTTP/1.1 200 OK\naccess-control-allow-origin: *\n");
    assert_eq!(analyzed_summary(&[blocked.clone(), pass, blocked]), "3 cross-origin requests: 2 blocked, 1 pass. Choose one to see its report.");
}
