//! Helpers the engine's tests share.
#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;

/// A JSON fixture, relative to the engine crate.
pub fn fixture(path: &str) -> Value {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The lab's parameter templates (`lab/src/case.rs`, `Origins::expand`), expanded with
/// the origins a recording stored. (The engine cannot depend on the lab crate.)
pub fn expand(template: &str, app: &str, lab: &str) -> String {
    let swapped = if app.contains("127.0.0.1") { app.replace("127.0.0.1", "localhost") } else { app.replace("localhost", "127.0.0.1") };
    template
        .replace("{allowed}", app)
        .replace("{app_https}", &app.replacen("http://", "https://", 1))
        .replace("{app_swapped}", &swapped)
        .replace("{app}", app)
        .replace("{lab_userinfo}", &lab.replacen("://", "://user:secret@", 1))
        .replace("{lab}", lab)
}

/// A real diagnosis of `form` from `origin` in which every probe is blocked except the
/// no-cors reachability one: what a share link of a blocked run carries.
pub fn blocked_but_reachable(form: &corsprobe_engine::input::FormInput, origin: &str) -> corsprobe_engine::report::Report {
    use corsprobe_engine::report::ProbeOutcome;
    let plan = corsprobe_engine::plan::plan_probes(&corsprobe_engine::input::validate(form).unwrap(), origin, false);
    let outcomes: Vec<_> = plan
        .probes
        .iter()
        .map(|p| {
            let outcome = if p.kind.id() == "reach" {
                ProbeOutcome::Response { response_type: "opaque".into(), status: 0, redirected: false, elapsed_ms: 2.0 }
            } else {
                ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 2.0 }
            };
            (p.kind.clone(), outcome)
        })
        .collect();
    corsprobe_engine::diagnose::diagnose(&plan, &outcomes, &[])
}
