//! `corsprobe check` against the real lab gives Chromium's documented verdict for every
//! case: the error, its parameter and the stage (proven in real Chromium by
//! harness/tests/lab_in_chromium.rs), through the real binary and its `--json` report,
//! with the documented exit code. And `corsprobe audit` names each dangerous lab policy
//! and nothing on the safe ones.

use corsprobe_engine::finding::Certainty;
use corsprobe_engine::report::{Report, Verdict};
use corsprobe_engine::{Credentials, Mode, RedirectMode};
use corsprobe_lab::case::{expand_param, CaseRequest, Expect, Target};
use corsprobe_lab::cases::{audit_expectations, cases};
use corsprobe_lab::{start, Lab, LabConfig};
use std::process::{Command, Output};

const APP: &str = "http://127.0.0.1:8080";

fn lab(app: &str) -> (tokio::runtime::Runtime, Lab) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let lab = rt.block_on(start(LabConfig::new(app))).unwrap();
    (rt, lab)
}

/// The command line for a case's request, as a person would type it.
fn args(sub: &str, request: &CaseRequest, url: &str, origin: &str) -> Vec<String> {
    let mut a: Vec<String> = vec![sub.into(), url.into(), "--origin".into(), origin.into(), "-X".into(), request.method.into()];
    for (n, v) in &request.headers {
        a.push("-H".into());
        a.push(format!("{n}: {v}"));
    }
    if let Some(body) = request.body {
        a.push("--data".into());
        a.push(body.into());
    }
    if request.mode != Mode::Cors {
        a.extend(["--mode".into(), request.mode.as_str().into()]);
    }
    if request.credentials != Credentials::SameOrigin {
        a.extend(["--credentials".into(), request.credentials.as_str().into()]);
    }
    if request.redirect != RedirectMode::Follow {
        a.extend(["--redirect".into(), request.redirect.as_str().into()]);
    }
    a.extend(["--json".into(), "--timeout".into(), "5".into()]);
    a
}

fn corsprobe(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corsprobe")).args(args).env("NO_COLOR", "1").output().expect("the corsprobe binary runs")
}

fn report_of(out: &Output) -> Result<Report, String> {
    serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("not a report ({e}): {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn check_gives_chromiums_verdict_for_every_lab_case() {
    let (_rt, lab) = lab(APP);
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases().iter().filter(|c| c.id != "slow") {
        let spec = case.request.to_spec(&lab.origin, lab.closed_port);
        let out = corsprobe(&args("check", &case.request, &spec.url, APP));
        let report = match report_of(&out) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: {e}", case.id));
                continue;
            }
        };
        checked += 1;
        assert_eq!(report.source.as_deref(), Some("cli"), "{}", case.id);
        let code = out.status.code();
        let first = report.findings.first();
        let problem = match &case.expect {
            Expect::Pass => (report.verdict != Verdict::Pass || code != Some(0))
                .then(|| format!("expected pass, got {:?} (exit {code:?}) {:?}", report.verdict, first.map(|f| &f.id))),
            Expect::Unreachable => (report.verdict != Verdict::Unreachable || code != Some(2))
                .then(|| format!("expected unreachable, got {:?} (exit {code:?})", report.verdict)),
            Expect::Blocked { error, param, stage } => {
                let want_param = expand_param(param, APP, &lab.origin);
                let want_code = if *stage == corsprobe_engine::Stage::Input { 3 } else { 1 };
                match first {
                    Some(f)
                        if f.chromium == vec![*error]
                            && (f.certainty == Certainty::Exact || corsprobe_lab::cases::PARAM_UNDECIDED.contains(&case.id))
                            && f.param.clone().unwrap_or_default() == want_param
                            && report.stage == Some(*stage)
                            && code == Some(want_code) =>
                    {
                        None
                    }
                    _ => Some(format!(
                        "expected {error} ({want_param:?}) at {stage:?} (exit {want_code}), got {:?} at {:?} (exit {code:?}): {:?}",
                        report.verdict,
                        report.stage,
                        first.map(|f| (&f.id, &f.chromium, &f.param))
                    )),
                }
            }
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", case.id));
        }
    }
    assert!(checked >= 60, "only {checked} cases checked");
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}

/// The policy findings of an audit report (the ids), sorted.
fn audit_ids(report: &Report) -> Vec<String> {
    use corsprobe_engine::finding::FindingKind;
    let mut ids: Vec<String> = report.findings.iter().filter(|f| f.kind().is_some_and(FindingKind::is_policy)).map(|f| f.id.clone()).collect();
    ids.sort();
    ids
}

/// From an app origin on a domain name every probe origin derives, so every policy
/// mistake shows; the safe policies give no finding and exit 0.
#[test]
fn audit_names_each_dangerous_lab_policy_and_nothing_else() {
    const DOMAIN_APP: &str = "https://app.example.com";
    let (_rt, lab) = lab(DOMAIN_APP);
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| c.request.target == Target::Lab && c.id != "slow" && c.expect == Expect::Pass) {
        let spec = case.request.to_spec(&lab.origin, lab.closed_port);
        let out = corsprobe(&args("audit", &case.request, &spec.url, DOMAIN_APP));
        let report = match report_of(&out) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: {e}", case.id));
                continue;
            }
        };
        let mut expected: Vec<String> = audit_expectations()
            .iter()
            .find(|e| e.case == case.id)
            .map(|e| e.from_domain.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        expected.sort();
        let found = audit_ids(&report);
        let warns = report.findings.iter().any(|f| audit_ids(&report).contains(&f.id) && f.severity <= corsprobe_engine::finding::Severity::Warning);
        let want_code = if warns { 1 } else { 0 };
        if report.verdict != Verdict::Pass || found != expected || out.status.code() != Some(want_code) {
            failures.push(format!("{}: {:?}, audit {found:?}, expected {expected:?}, exit {:?}", case.id, report.verdict, out.status.code()));
        }
    }
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}

/// `--share-base` prints a link whose fragment the page's own reader
/// (`share::parse_fragment`, `decode_payload`, `replay`) turns back into the same
/// verdict, stage and first finding, for every lab case that got an answer; secrets
/// are redacted.
#[test]
fn the_share_link_opens_the_same_report_in_the_page() {
    use corsprobe_engine::share::{decode_payload, parse_fragment, replay, MAX_PAYLOAD_BYTES};
    let (_rt, lab) = lab(APP);
    let mut failures = Vec::new();
    let mut replayed = 0;
    for case in cases().iter().filter(|c| c.id != "slow") {
        let spec = case.request.to_spec(&lab.origin, lab.closed_port);
        let mut a = args("check", &case.request, &spec.url, APP);
        a.extend(["--share-base".into(), "http://127.0.0.1:8080/".into()]);
        let out = corsprobe(&a);
        let report = report_of(&out).unwrap();
        let link = String::from_utf8_lossy(&out.stderr).trim().to_string();
        let Some(fragment) = link.strip_prefix("http://127.0.0.1:8080/#") else {
            failures.push(format!("{}: no link: {link}", case.id));
            continue;
        };
        let compressed = parse_fragment(fragment).unwrap().unwrap();
        let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_PAYLOAD_BYTES).unwrap();
        let payload = decode_payload(&json).unwrap();
        assert_eq!(payload.form.url, spec.url);
        let Some(again) = replay(&payload) else {
            let answered = report.verdict != Verdict::Unreachable && report.stage != Some(corsprobe_engine::Stage::Input);
            if answered || payload.evidence.is_some() {
                failures.push(format!("{}: the link does not replay ({:?})", case.id, report.verdict));
            }
            continue;
        };
        replayed += 1;
        let key = |r: &Report| (r.verdict, r.stage, r.findings.first().map(|f| (f.id.clone(), f.chromium.clone(), f.param.clone())));
        if key(&again) != key(&report) || again.source.as_deref() != Some("cli") {
            failures.push(format!("{}: the page rebuilds {:?}, the CLI said {:?}", case.id, key(&again), key(&report)));
        }
    }
    assert!(replayed >= 55, "only {replayed} links replayed");
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));

    // A bearer token is redacted from the link, wherever it appears.
    let url = format!("{}/case/authorization-under-wildcard", lab.origin);
    let out = corsprobe(&[
        "check".into(),
        url,
        "--origin".into(),
        APP.into(),
        "-H".into(),
        "Authorization: Bearer s3cr3t-t0ken-value".into(),
        "--share-base".into(),
        "http://127.0.0.1:8080/".into(),
        "--json".into(),
    ]);
    let link = String::from_utf8_lossy(&out.stderr).trim().to_string();
    let compressed = parse_fragment(link.split_once('#').unwrap().1).unwrap().unwrap();
    let json = String::from_utf8(miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_PAYLOAD_BYTES).unwrap()).unwrap();
    assert!(!json.contains("s3cr3t-t0ken-value") && json.contains("[redacted]"), "{json}");
}

/// `--fail-on` sets which policy finding fails the audit: a reflection without
/// credentials is `info`, so it fails only under `--fail-on info`.
#[test]
fn fail_on_sets_the_audits_exit_code() {
    let (_rt, lab) = lab("https://app.example.com");
    let url = format!("{}/case/reflect-any-origin", lab.origin);
    let exit = |extra: &[&str]| {
        let mut a = vec!["audit", url.as_str(), "--origin", "https://app.example.com"];
        a.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_corsprobe")).args(&a).output().unwrap().status.code()
    };
    assert_eq!(exit(&[]), Some(0));
    assert_eq!(exit(&["--fail-on", "info"]), Some(1));
    assert_eq!(exit(&["--fail-on", "never"]), Some(0));
    assert_eq!(exit(&["--credentials", "include"]), Some(0), "this route sends no Allow-Credentials");
    let credentialed = format!("{}/case/reflect-any-origin-credentials", lab.origin);
    let out = Command::new(env!("CARGO_BIN_EXE_corsprobe"))
        .args(["audit", &credentialed, "--origin", "https://app.example.com", "--credentials", "include"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
}
