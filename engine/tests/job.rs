//! The analysis worker's protocol (engine/src/job.rs): what the page posts and what the
//! worker answers, as the JSON strings that actually cross the worker boundary, on the
//! real recordings (the HAR built from Chromium's events, Chromium's console messages).

mod common;
use common::fixture;
use corsprobe_engine::finding::FindingKind;
use corsprobe_engine::fix::{snippet, FixInput, Stack};
use corsprobe_engine::har::{analyze_har, HarAssumptions};
use corsprobe_engine::job::{run_job, run_job_json, Job, JobResult};
use corsprobe_engine::RequestSpec;

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
        assert_eq!(item.report, r.report);
        assert!(item.label.starts_with(&r.method), "{}", item.label);
        assert!(item.label.contains(" — "), "the label names the first finding: {}", item.label);
    }
}

#[test]
fn jobs_and_results_survive_the_trip_through_json() {
    let request = RequestSpec { url: "http://127.0.0.1:9/x".into(), ..Default::default() };
    let jobs = [
        Job::Headers { text: "HTTP/1.1 200 OK\r\n\r\n".into(), request: request.clone(), origin: "http://127.0.0.1:8".into() },
        Job::Console { text: "x".into(), origin: "http://127.0.0.1:8".into(), request },
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
        let job = Job::Console { text, origin: "http://127.0.0.1:1".into(), request: RequestSpec::default() };
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
