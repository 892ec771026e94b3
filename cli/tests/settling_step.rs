//! The one step a report on pasted headers names when `curl -L` output cannot settle a
//! redirect chain (the preflight the browser sends again after a redirect, or the
//! `Origin: null` it asks with after a redirect to another origin): the
//! `corsprobe check` command the report prints, run as printed, against the same
//! generated answers Chromium judged in the differential test. Its report must give
//! Chromium's recorded verdict, exactly.
//!
//! The answers are served again on the host (`corsprobe_lab::generated`, the server the
//! differential test uses) from the saved cases in `harness/fixtures/difftest/`, the
//! open ones included: every saved curl case that names the step.

use corsprobe_engine::analyze::analyze_headers;
use corsprobe_lab::difftest::{judge_cli, CliOutput, Fixture, PathOutcome, Truth};
use std::path::{Path, PathBuf};
use std::process::Command;

fn saved_fixtures() -> Vec<(PathBuf, Fixture)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../harness/fixtures/difftest");
    let mut out = Vec::new();
    for dir in [root.clone(), root.join("open")] {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for path in entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.extension().is_some_and(|x| x == "json")) {
            let text = std::fs::read_to_string(&path).unwrap();
            let fixture: Fixture = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path, fixture));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn port_of(url: &str) -> String {
    corsprobe_engine::url::Url::parse(url).ok().and_then(|u| u.port).map(|p| p.to_string()).unwrap_or_default()
}

/// Runs `command` as a person pastes it into a shell, with this build's `corsprobe`
/// first on PATH, asking for JSON.
fn run_as_printed(command: &str) -> CliOutput {
    let bin = Path::new(env!("CARGO_BIN_EXE_corsprobe"));
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("sh").arg("-c").arg(format!("{command} --json --timeout 3")).env("PATH", path).output().expect("sh runs");
    match serde_json::from_slice(&out.stdout) {
        Ok(report) => CliOutput::Report(Box::new(report)),
        Err(e) => CliOutput::Refused(format!("{e}: {}", String::from_utf8_lossy(&out.stderr))),
    }
}

#[test]
fn the_step_named_for_a_pasted_redirect_chain_gives_chromiums_verdict() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (path, f) in saved_fixtures() {
        let Some(pasted) = &f.curl else { continue };
        let Ok(report) = analyze_headers(pasted, &f.request, &f.page_origin) else { continue };
        let Some(step) = report.curl.first().filter(|c| c.settles) else { continue };
        assert!(step.command.starts_with("corsprobe check "), "{}: the step is not a corsprobe command: {}", path.display(), step.command);
        // The same answers on a fresh port: the case's whole answer is in its URL, and
        // `{page}` in it is the recorded page origin again.
        let server = corsprobe_lab::generated::start(&f.page_origin).expect("generated-answer server");
        let (old, new) = (port_of(&f.request.url), server.port.to_string());
        let command = step.command.replace(&format!(":{old}/"), &format!(":{new}/"));
        let truth = match &f.truth {
            Truth::Blocked { error, param, stage } => {
                Truth::Blocked { error: *error, param: param.replace(&format!(":{old}/"), &format!(":{new}/")), stage: *stage }
            }
            other => other.clone(),
        };
        let outcome = judge_cli(&truth, &run_as_printed(&command));
        checked += 1;
        if !matches!(outcome, PathOutcome::Agree) {
            failures.push(format!("{}: {outcome:?}\n  {command}", path.display()));
        }
    }
    println!("{checked} saved curl case(s) name the step");
    assert!(checked >= 4, "only {checked} saved curl case(s) name the step: the open redirect-chain cases should");
    assert!(failures.is_empty(), "{} step(s) disagree with Chromium:\n{}", failures.len(), failures.join("\n"));
}
