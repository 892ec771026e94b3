//! README's "Browser differences" table, generated from the harness's recordings.
//!
//! Chromium's column is each lab case's documented verdict, which
//! `lab_in_chromium.rs` proves against Chromium on every run; Firefox's and WebKit's
//! come from `fixtures/firefox/lab.json` and `fixtures/webkit/lab.json`, which
//! `lab_in_firefox.rs` and `lab_in_webkit.rs` write with `CORSPROBE_RECORD=1` (and
//! check live on every run). A row appears for every case where a browser's verdict
//! differs from another's, and for every measured row of
//! `corsprobe_engine::browsers` (where browsers agree with each other but not with the
//! standard); the rows known from source code follow. This test fails when README's
//! table is not the one the recordings give; `CORSPROBE_RECORD=1` rewrites it.
//!
//! No browser runs here.

use corsprobe_engine::browsers::{self, Evidence};
use corsprobe_lab::case::Expect;
use corsprobe_lab::cases::cases;
use serde_json::Value;
use std::path::Path;

const BEGIN: &str = "<!-- browser-table:begin -->";
const END: &str = "<!-- browser-table:end -->";

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Firefox's recorded verdict, with its console reason and the status it reports.
fn firefox_cell(record: &Value) -> String {
    let verdict = record["verdict"].as_str().unwrap_or("?");
    match record["reason"].as_str() {
        Some(reason) => {
            let status = record["status"].as_u64().map(|s| s.to_string()).unwrap_or_else(|| "(null)".into());
            format!("{verdict}: \"{reason}\", status {status}")
        }
        None => verdict.to_string(),
    }
}

fn chromium_cell(expect: &Expect) -> String {
    match expect {
        Expect::Pass => "pass".into(),
        Expect::Unreachable => "unreachable".into(),
        Expect::Blocked { error, .. } => format!("blocked: {error:?}"),
    }
}

fn chromium_verdict(expect: &Expect) -> &'static str {
    match expect {
        Expect::Pass => "pass",
        Expect::Unreachable => "unreachable",
        Expect::Blocked { .. } => "blocked",
    }
}

fn table() -> String {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let firefox = read_json(&fixtures.join("firefox/lab.json"));
    let webkit = read_json(&fixtures.join("webkit/lab.json"));
    let chromium_version =
        read_json(&fixtures.join("console/chromium.json"))[0]["browser"].as_str().unwrap_or("Chromium").replace("Chrome/", "Chromium ");
    let find = |recording: &Value, id: &str| -> Option<Value> { recording["cases"].as_array()?.iter().find(|c| c["case"] == id).cloned() };
    let known = browsers::all();
    let all_cases = cases();
    let (mut rows, mut agree, mut compared) = (Vec::new(), 0, 0);
    for case in &all_cases {
        let (Some(ff), Some(wk)) = (find(&firefox, case.id), find(&webkit, case.id)) else { continue };
        compared += 1;
        let chromium = chromium_verdict(&case.expect);
        let (ff_verdict, wk_verdict) = (ff["firefox"]["verdict"].as_str().unwrap_or("?"), wk["webkit"].as_str().unwrap_or("?"));
        let same = ff_verdict == chromium && wk_verdict == chromium;
        if same {
            agree += 1;
        }
        let row = known.iter().find(|k| k.lab_case.as_deref() == Some(case.id));
        if same && row.is_none() {
            continue;
        }
        let (topic, standard) = match row {
            Some(k) => (k.topic.clone(), k.standard.clone()),
            None => (case.title.to_string(), "see the lab case".to_string()),
        };
        rows.push(format!(
            "| {} | `{}` | {} | {} | {} | {} |",
            cell(&topic),
            case.id,
            cell(&standard),
            cell(&chromium_cell(&case.expect)),
            cell(&firefox_cell(&ff["firefox"])),
            cell(wk_verdict),
        ));
    }
    for k in known.iter().filter(|k| k.evidence == Evidence::Source) {
        rows.push(format!(
            "| {} | (browser source, not measured) | {} | {} | {} | {} |",
            cell(&k.topic),
            cell(&k.standard),
            cell(&k.chromium),
            cell(&k.firefox),
            cell(&k.webkit)
        ));
    }
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str(&format!(
        "\n\nRecorded on {compared} lab cases with {chromium_version}, {} and {}: all three give the same verdict on {agree}. \
         WebKit's column says only pass / blocked / unreachable (WebKit tells page code `Load failed` for every failure and classic WebDriver cannot read its console; \
         blocked means the server did answer).\n\n",
        firefox["browser"].as_str().unwrap_or("Firefox"),
        webkit["browser"].as_str().unwrap_or("WebKit"),
    ));
    out.push_str("| Behaviour | Lab case | Standard | Chromium | Firefox | WebKit |\n|---|---|---|---|---|---|\n");
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(END);
    out
}

#[test]
fn readme_browser_table_is_the_one_the_recordings_give() {
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let expected = table();
    let current = match (readme.find(BEGIN), readme.find(END)) {
        (Some(b), Some(e)) if b < e => Some(&readme[b..e + END.len()]),
        _ => None,
    };
    if current == Some(expected.as_str()) {
        return;
    }
    if std::env::var_os("CORSPROBE_RECORD").is_some() {
        let updated = match current {
            Some(old) => readme.replacen(old, &expected, 1),
            None => panic!("README.md has no {BEGIN} … {END} block to rewrite"),
        };
        std::fs::write(&readme_path, updated).unwrap();
        return;
    }
    panic!("README's browser table is not the recorded one; run with CORSPROBE_RECORD=1 to rewrite it. Expected:\n{expected}");
}
