//! Pasted `curl -i` output gives Chromium's exact error for every lab case.
//!
//! For each case the lab runs over real HTTP, the real `curl` binary runs the commands
//! corsprobe shows the person (`corsprobe_engine::curl::curl_commands`: the preflight as
//! the browser sends it, then the request, `-L` when it follows redirects), and their
//! concatenated output — what the person would paste — goes through
//! `analyze::analyze_headers`. The report must name the case's documented Chromium
//! error (proven in real Chromium by harness/tests/lab_in_chromium.rs) exactly, with
//! its parameter, at its stage; passing cases must pass.

use corsprobe_engine::analyze::analyze_headers;
use corsprobe_engine::audit::FOREIGN_ORIGIN;
use corsprobe_engine::curl::curl_commands;
use corsprobe_engine::finding::Certainty;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::report::Verdict;
use corsprobe_lab::case::{expand_param, Expect, Target};
use corsprobe_lab::cases::{audit_expectations, cases};
use corsprobe_lab::{start, LabConfig};
use std::process::Command;

const APP: &str = "http://127.0.0.1:8080";

fn run_curl(command: &str) -> String {
    let command = command.replacen("curl ", "curl --silent --max-time 10 ", 1);
    let out = Command::new("sh").arg("-c").arg(command).output().expect("curl runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pasted_curl_output_names_chromiums_error_for_every_lab_case() {
    assert!(Command::new("curl").arg("--version").output().is_ok(), "curl is needed (Debian package curl)");
    let lab = start(LabConfig::new(APP)).await.unwrap();
    let lab_origin = lab.origin.clone();
    let closed = lab.closed_port;
    let failures = tokio::task::spawn_blocking(move || {
        let mut failures = Vec::new();
        let mut checked = 0;
        for case in cases().iter().filter(|c| c.request.target == Target::Lab && c.id != "slow") {
            let spec = case.request.to_spec(&lab_origin, closed);
            let need = preflight_need(&spec);
            let commands = curl_commands(&spec, &need, APP);
            // The preflight (when the browser sends one) and the request; not the audit line.
            let pasted: String = commands.iter().take(if need.required { 2 } else { 1 }).map(|c| run_curl(&c.command)).collect::<Vec<_>>().join("\n");
            let report = match analyze_headers(&pasted, &spec, APP) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{}: {e}\n{pasted}", case.id));
                    continue;
                }
            };
            checked += 1;
            let first = report.findings.first();
            let problem = match &case.expect {
                Expect::Pass => {
                    (report.verdict != Verdict::Pass).then(|| format!("expected pass, got {:?} {:?}", report.verdict, first.map(|f| &f.id)))
                }
                Expect::Unreachable => None,
                Expect::Blocked { error, param, stage } => {
                    let want_param = expand_param(param, APP, &lab_origin);
                    match first {
                        Some(f)
                            if f.chromium == vec![*error]
                                && (f.certainty == Certainty::Exact || corsprobe_lab::cases::PARAM_UNDECIDED.contains(&case.id))
                                && f.param.clone().unwrap_or_default() == want_param
                                && report.stage == Some(*stage) =>
                        {
                            None
                        }
                        _ => Some(format!(
                            "expected {error} ({want_param:?}) at {stage:?}, got {:?} at {:?}: {:?}",
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
        assert!(checked >= 40, "only {checked} cases checked");
        failures
    })
    .await
    .unwrap();
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}

/// The foreign-origin command corsprobe shows, pasted with the others, lets the audit
/// see a reflection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_foreign_origin_command_reveals_a_reflection() {
    let lab = start(LabConfig::new(APP)).await.unwrap();
    let (lab_origin, closed) = (lab.origin.clone(), lab.closed_port);
    tokio::task::spawn_blocking(move || {
        let case = cases().into_iter().find(|c| c.id == "reflect-any-origin-credentials").unwrap();
        let spec = case.request.to_spec(&lab_origin, closed);
        let commands = curl_commands(&spec, &preflight_need(&spec), APP);
        let foreign = commands.iter().find(|c| c.command.contains(&format!("'Origin: {FOREIGN_ORIGIN}'"))).expect("a foreign-origin command");
        assert!(foreign.label.contains("foreign origin"), "{}", foreign.label);
        let pasted: String = commands.iter().map(|c| run_curl(&c.command)).collect::<Vec<_>>().join("\n");
        let report = analyze_headers(&pasted, &spec, APP).unwrap();
        assert_eq!(report.verdict, Verdict::Pass, "{pasted}");
        let reflected = report
            .findings
            .iter()
            .find(|f| f.id == "origin-reflected")
            .unwrap_or_else(|| panic!("no origin-reflected in {:?}\n{pasted}", report.findings.iter().map(|f| &f.id).collect::<Vec<_>>()));
        assert_eq!(reflected.severity, corsprobe_engine::finding::Severity::Warning, "credentials raise it");
        // The probe loop's origins are echoed too; the reflection is the one cause.
        assert!(
            !report.findings.iter().any(|f| f.id.starts_with("origin-") && f.id != "origin-reflected"),
            "{:?}",
            report.findings.iter().map(|f| &f.id).collect::<Vec<_>>()
        );
    })
    .await
    .unwrap();
}

/// The policy findings (the audit's), of a report.
fn audit_ids(report: &corsprobe_engine::report::Report) -> Vec<String> {
    use corsprobe_engine::finding::FindingKind;
    let mut ids: Vec<String> = report.findings.iter().filter(|f| f.kind().is_some_and(FindingKind::is_policy)).map(|f| f.id.clone()).collect();
    ids.sort();
    ids
}

/// Every command of the curl set corsprobe shows, run by the real curl (the probe loop
/// by sh), pasted together: the audit names each dangerous lab policy's mistake and
/// nothing on the safe ones, from an app origin on a domain name, where every probe
/// origin derives. (`null` is not in the curl set: null-origin-trusted needs it.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_curl_set_pasted_names_each_policy_mistake() {
    const DOMAIN_APP: &str = "https://app.example.com";
    let lab = start(LabConfig::new(DOMAIN_APP)).await.unwrap();
    let (lab_origin, closed) = (lab.origin.clone(), lab.closed_port);
    let failures = tokio::task::spawn_blocking(move || {
        let mut failures = Vec::new();
        for case in cases().iter().filter(|c| c.request.target == Target::Lab && c.id != "slow" && c.expect == Expect::Pass) {
            let spec = case.request.to_spec(&lab_origin, closed);
            let commands = curl_commands(&spec, &preflight_need(&spec), DOMAIN_APP);
            assert!(commands.last().unwrap().command.starts_with("for o in "), "{}: the probe loop comes last", case.id);
            let pasted: String = commands.iter().map(|c| run_curl(&c.command)).collect::<Vec<_>>().join("\n");
            let report = analyze_headers(&pasted, &spec, DOMAIN_APP).unwrap();
            let mut expected: Vec<String> = audit_expectations()
                .iter()
                .find(|e| e.case == case.id)
                .map(|e| e.from_domain.iter().filter(|id| **id != "null-origin-trusted").map(|s| s.to_string()).collect())
                .unwrap_or_default();
            expected.sort();
            let found = audit_ids(&report);
            println!("{:<32} {found:?}", case.id);
            if report.verdict != Verdict::Pass || report.page_origin != DOMAIN_APP || found != expected {
                failures
                    .push(format!("{}: {:?} from {}, audit {found:?}, expected {expected:?}\n{pasted}", case.id, report.verdict, report.page_origin));
            }
        }
        failures
    })
    .await
    .unwrap();
    assert!(failures.is_empty(), "{} case(s):\n{}", failures.len(), failures.join("\n"));
}
