//! The differential test's regression suite, on the host (no browser): every saved
//! disagreement (`harness/fixtures/difftest/*.json`, each with Chromium's recorded
//! verdict and exactly what each engine path reads) must now agree on every path, and
//! never with a wrong exact claim. Fixtures in `open/` are disagreements the engine has
//! not been fixed for yet: they are reported, not failed on; move a fixture up a folder
//! when its fix lands.

use corsprobe_lab::difftest::{judge_fixture, names_settling_step, Fixture, PathOutcome};
use std::path::{Path, PathBuf};

fn fixtures(dir: &Path) -> Vec<(PathBuf, Fixture)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let f: Fixture = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not a difftest fixture: {e}", p.display()));
            (p, f)
        })
        .collect()
}

fn replay(f: &Fixture) -> Vec<(&'static str, PathOutcome)> {
    judge_fixture(f)
}

#[test]
fn saved_disagreements_now_agree_with_chromium() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../harness/fixtures/difftest");
    let mut failures = Vec::new();
    for (path, f) in fixtures(&root) {
        for (engine_path, outcome) in replay(&f) {
            // A provisional-header HAR hides the request's mode, so that path may miss the
            // truth (saying "likely"), but it must never claim a wrong exact.
            let gated = engine_path != "har-provisional" || matches!(outcome, PathOutcome::WrongExact(_));
            // Pasted `curl -L` output cannot show a redirect chain's later requests as the
            // browser sends them; the report says so and names the one step that settles
            // it (`corsprobe check`, run as printed against these answers by
            // cli/tests/settling_step.rs).
            let settled_by_step = engine_path == "curl"
                && matches!(outcome, PathOutcome::Missing(_))
                && f.curl.as_deref().is_some_and(|c| names_settling_step(&f.request, &f.page_origin, c));
            let gated = gated && !settled_by_step;
            if outcome.is_disagreement() && gated {
                failures.push(format!("{} [{engine_path}]: {outcome:?}", path.display()));
            }
        }
    }
    let open = fixtures(&root.join("open"));
    let still_open = open.iter().filter(|(_, f)| replay(f).iter().any(|(_, o)| o.is_disagreement())).count();
    println!("{} open difftest fixture(s), {still_open} still disagreeing:", open.len());
    for (path, f) in &open {
        let now: Vec<String> = replay(f).iter().map(|(p, o)| format!("{p}={}", o.name())).collect();
        println!(
            "  {} ({}) now: {}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            f.why.chars().take(160).collect::<String>(),
            now.join(" ")
        );
    }
    assert!(failures.is_empty(), "{} regression(s):\n{}", failures.len(), failures.join("\n"));
}
