//! `corsprobe test FILE.toml` against the real lab: the exit code, and the JUnit and
//! SARIF files read back by parsers (roxmltree, serde_json). A malformed file is
//! invalid input, with the line.

use corsprobe_lab::{start, Lab, LabConfig};
use std::path::PathBuf;
use std::process::{Command, Output};

const APP: &str = "http://127.0.0.1:8080";

fn lab() -> (tokio::runtime::Runtime, Lab) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let lab = rt.block_on(start(LabConfig::new(APP))).unwrap();
    (rt, lab)
}

/// A fresh directory under the system temp dir, for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corsprobe-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn corsprobe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corsprobe")).args(args).env("NO_COLOR", "1").output().expect("the corsprobe binary runs")
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn a_failing_suite_exits_1_and_its_junit_and_sarif_read_back() {
    let (_rt, lab) = lab();
    let dir = scratch("failing");
    let toml = format!(
        r#"
[[check]]
name = "exact origin passes"
url = "{lab}/case/pass-exact-origin"
origin = "{APP}"
expect = "pass"

[[check]]
name = "missing header, as expected"
url = "{lab}/case/missing-allow-origin"
origin = "{APP}"
expect = "blocked"
cause = "MissingAllowOriginHeader"

[[check]]
name = "preflight 401"
url = "{lab}/case/preflight-status-401"
method = "PUT"
origins = ["{APP}", "http://localhost:8080"]
expect = "pass"

[[audit]]
name = "reflecting server"
url = "{lab}/case/reflect-any-origin-credentials"
origin = "{APP}"
credentials = "include"
"#,
        lab = lab.origin
    );
    let file = dir.join("cors.toml");
    std::fs::write(&file, toml).unwrap();
    let (junit, sarif) = (dir.join("cors.xml"), dir.join("cors.sarif"));
    let out = corsprobe(&["test", file.to_str().unwrap(), "--junit", junit.to_str().unwrap(), "--sarif", sarif.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("2 passed, 3 failed"), "{}", text(&out));

    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), 5, "{xml}");
    let failed: Vec<&str> = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).filter_map(|c| c.attribute("name")).collect();
    assert_eq!(failed, vec!["preflight 401 from http://127.0.0.1:8080", "preflight 401 from http://localhost:8080", "reflecting server"], "{xml}");
    let message = cases[2].children().find(|n| n.has_tag_name("failure")).and_then(|f| f.attribute("message")).unwrap();
    assert!(message.contains("PreflightInvalidStatus"), "{message}");

    let log: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules: Vec<&str> = run["tool"]["driver"]["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut unique = rules.clone();
    unique.dedup();
    assert_eq!(rules, unique, "one rule per finding id");
    for id in ["preflight-status", "origin-reflected", "null-origin-trusted"] {
        assert!(rules.contains(&id), "{rules:?}");
    }
    for r in run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(r["helpUri"].as_str().unwrap().starts_with("https://developer.mozilla.org/"), "{r}");
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
    }
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(result["ruleId"], rules[index], "{result}");
        assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() > 1);
    }
}

#[test]
fn a_passing_suite_exits_0() {
    let (_rt, lab) = lab();
    let dir = scratch("passing");
    let file = dir.join("ok.toml");
    std::fs::write(
        &file,
        format!(
            "[[check]]\nurl = \"{}/case/pass-preflight\"\nmethod = \"PUT\"\nheaders = [\"X-Api-Key: demo\"]\norigin = \"{APP}\"\nexpect = \"pass\"\n",
            lab.origin
        ),
    )
    .unwrap();
    let out = corsprobe(&["test", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn a_malformed_file_is_invalid_input_with_its_line() {
    let dir = scratch("malformed");
    let cases: [(&str, &str); 6] = [
        ("[[check]\nurl = 1", "the test file is not valid"),
        ("[[check]]\nurl = \"http://127.0.0.1:9/\"\norigin = \"http://a.example\"\nexpect = \"maybe\"", "maybe"),
        ("[[check]]\nurl = \"http://127.0.0.1:9/\"\norigin = \"http://a.example\"\nexpect = \"pass\"\ncolour = \"red\"", "colour"),
        ("[[check]]\nurl = \"http://127.0.0.1:9/\"\nexpect = \"pass\"", "line 2: the entry needs origin"),
        ("\n\n[[check]]\nurl = \"not a url\"\norigin = \"http://a.example\"\nexpect = \"pass\"", "line 4: the URL \"not a url\""),
        ("# nothing", "no [[check]] or [[audit]] entry"),
    ];
    for (i, (toml, message)) in cases.iter().enumerate() {
        let file = dir.join(format!("bad{i}.toml"));
        std::fs::write(&file, toml).unwrap();
        let out = corsprobe(&["test", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(3), "{toml}: {}", text(&out));
        assert!(text(&out).contains(message), "{toml}: {}", text(&out));
        assert!(!text(&out).contains("panicked"));
    }
    let out = corsprobe(&["test", dir.join("absent.toml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(text(&out).contains("cannot read"), "{}", text(&out));
}

/// The CI example of cli/README.md passes against the lab, as written (only the lab's
/// port differs here).
#[test]
fn the_readme_ci_example_passes_against_the_lab() {
    let (_rt, lab) = lab();
    let dir = scratch("readme");
    let example = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/ci/lab.toml")).unwrap();
    assert!(example.contains("http://127.0.0.1:8081/"));
    let file = dir.join("lab.toml");
    std::fs::write(&file, example.replace("http://127.0.0.1:8081", &lab.origin)).unwrap();
    let out = corsprobe(&["test", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("6 passed, 0 failed"), "{}", text(&out));
}
