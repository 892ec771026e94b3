//! Real servers, broken and fixed, through the real binary.
//!
//! The web servers of `harness::stacks` that come from Debian packages (nginx, Apache
//! httpd, Caddy; the Python, Node and axum stacks need `cargo xtask setup --browsers`
//! and are proven in Chromium by harness/tests/fixes_in_chromium.rs) run each of four
//! documented failures: `corsprobe check` must name Chromium's exact error (the one
//! fixes_in_chromium.rs measured in Chromium on the same configuration) and exit 1.
//! Then each runs the configuration corsprobe generates for that request
//! (`FixInput::from_report`, as the page prefills it), and the same command must pass.

use corsprobe_engine::diagnose::report_for_input;
use corsprobe_engine::fix::{FixInput, Stack};
use corsprobe_engine::report::{Report, Verdict};
use corsprobe_engine::RequestSpec;
use harness::stacks::{broken_cases, broken_error, start};
use std::process::Command;

const APP: &str = "http://127.0.0.1:8080";

/// `corsprobe check` for `spec`, as a person types it.
fn check(spec: &RequestSpec) -> (Option<i32>, Report) {
    let mut args: Vec<String> = vec!["check".into(), spec.url.clone(), "--origin".into(), APP.into(), "-X".into(), spec.method.clone()];
    for h in &spec.headers {
        args.extend(["-H".into(), format!("{}: {}", h.name, h.value)]);
    }
    args.extend(["--credentials".into(), spec.credentials.as_str().into(), "--json".into(), "--timeout".into(), "5".into()]);
    let out = Command::new(env!("CARGO_BIN_EXE_corsprobe")).args(&args).output().expect("the corsprobe binary runs");
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), report)
}

#[test]
fn check_names_the_error_on_broken_web_servers_and_passes_their_generated_fix() {
    let mut failures = Vec::new();
    for stack in [Stack::Nginx, Stack::Apache, Stack::Caddy] {
        for case in broken_cases() {
            let broken = start(stack, (case.broken)(APP).as_ref()).unwrap_or_else(|e| panic!("{}: {e}", stack.id()));
            let (code, report) = check(&(case.request)(&broken.url()));
            let first = report.findings.first();
            if code != Some(1) || first.map(|f| f.chromium.clone()) != Some(vec![broken_error(stack, &case)]) {
                failures.push(format!(
                    "{} {} broken: exit {code:?}, {:?}\n{}",
                    stack.id(),
                    case.id,
                    first.map(|f| (&f.id, &f.chromium, &f.param)),
                    broken.source
                ));
            }
            drop(broken);
            let input = FixInput::from_report(&report_for_input(APP, (case.request)("http://127.0.0.1/api/data"), &[]));
            let fixed = start(stack, Some(&input)).unwrap_or_else(|e| panic!("{}: {e}", stack.id()));
            let (code, report) = check(&(case.request)(&fixed.url()));
            if code != Some(0) || report.verdict != Verdict::Pass {
                failures.push(format!(
                    "{} {} fixed: exit {code:?}, {:?}\n{}",
                    stack.id(),
                    case.id,
                    report.findings.first().map(|f| (&f.id, &f.chromium)),
                    fixed.source
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n\n"));
}
