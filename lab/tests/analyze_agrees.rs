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
use corsprobe_engine::curl::curl_commands;
use corsprobe_engine::finding::Certainty;
use corsprobe_engine::preflight_need::preflight_need;
use corsprobe_engine::report::Verdict;
use corsprobe_lab::case::{expand_param, Expect, Target};
use corsprobe_lab::cases::cases;
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
                Expect::Pass => (report.verdict != Verdict::Pass).then(|| format!("expected pass, got {:?} {:?}", report.verdict, first.map(|f| &f.id))),
                Expect::Unreachable => None,
                Expect::Blocked { error, param, stage } => {
                    let want_param = expand_param(param, APP, &lab_origin);
                    match first {
                        Some(f) if f.chromium == vec![*error]
                            && f.certainty == Certainty::Exact
                            && f.param.clone().unwrap_or_default() == want_param
                            && report.stage == Some(*stage) => None,
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
        let foreign = commands.last().unwrap();
        assert!(foreign.command.contains("evil.example"), "{}", foreign.command);
        let pasted: String = commands.iter().map(|c| run_curl(&c.command)).collect::<Vec<_>>().join("\n");
        let report = analyze_headers(&pasted, &spec, APP).unwrap();
        assert_eq!(report.verdict, Verdict::Pass, "{pasted}");
        let reflected = report.findings.iter().find(|f| f.id == "origin-reflected").unwrap_or_else(|| panic!("no origin-reflected in {:?}\n{pasted}", report.findings.iter().map(|f| &f.id).collect::<Vec<_>>()));
        assert_eq!(reflected.severity, corsprobe_engine::finding::Severity::Warning, "credentials raise it");
    })
    .await
    .unwrap();
}
