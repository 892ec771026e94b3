//! Bad input gets a clear inline message, keeps what was typed, and sends nothing.

use harness::app::{open_app, open_page, App};
use harness::chromium::Chromium;
use harness::env::TestEnv;
use std::time::Duration;

#[test]
fn bad_input_is_explained_inline_and_nothing_is_sent() {
    let App { env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).open().expect("open the app");
    page.take_events();

    let cases = [
        ("", "", "url", "Enter the URL"),
        ("javascript:alert(1)", "", "url", "javascript:"),
        ("http://127.0.0.1:1/x", "X-Ok: 1\nno colon here", "headers", "Line 2"),
        ("http://127.0.0.1:1/x", "Bad Name: 1", "headers", "not a valid header name"),
    ];
    for (url, headers, field, expected) in cases {
        page.set_field("url", url).unwrap();
        page.set_field("headers", headers).unwrap();
        page.eval("document.querySelector('[data-action=run]').click()").unwrap();
        let selector = format!("document.querySelector('.problems[data-field={field}]')");
        page.wait_for(&format!("{selector} && {selector}.textContent.includes({expected:?})"), Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("no inline message for {url:?} / {headers:?}: {e}"));
        // The analysis worker writes the report (the page has already marked the field).
        page.wait_for(&harness::page::shows_report_for(url), Duration::from_secs(10)).unwrap_or_else(|e| panic!("no report for {url:?}: {e}"));
        let report = page.eval("JSON.parse(document.getElementById('report-json').textContent)").unwrap();
        assert_eq!(report["verdict"], "invalid-input", "{url:?}");
        assert_eq!(report["stage"], "input");
        assert_eq!(page.eval("document.querySelector('[name=url]').value").unwrap(), url, "the URL typed is kept");
        assert_eq!(page.eval("document.querySelector('[name=headers]').value").unwrap(), headers, "the headers typed are kept");
    }
    page.screenshot(&TestEnv::out_dir().join("app-invalid-input.png")).unwrap();
    page.cdp.pump(Duration::from_millis(200)).unwrap();
    // The page's own files (the analysis worker, loaded to write the report) are not
    // requests of the person's; nothing else may go out.
    let sent: Vec<String> = page.requests_sent().into_iter().filter(|u| !u.starts_with(&env.app_origin)).collect();
    assert!(sent.is_empty(), "invalid input must send nothing, sent {sent:?}");
}

/// Every report is written by the analysis worker: a host that does not serve its files
/// gets a message that names them instead of a page that waits forever, the form keeps
/// what was typed, and once the files are there the next Run works (the failed worker
/// is replaced).
#[test]
fn a_run_without_the_analysis_worker_says_what_is_missing() {
    let env = TestEnv::start(0).expect("start servers");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test`");
    let chromium = Chromium::launch().expect("launch Chromium");
    // dist/ without the worker's files, as a host that copied only some of them.
    let dist = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dist");
    let partial = std::env::temp_dir().join(format!("corsprobe-partial-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).unwrap();
    let mut held_back = Vec::new();
    for entry in std::fs::read_dir(&dist).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with("analysis-worker") {
            held_back.push(entry.path());
        } else if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), partial.join(&name)).unwrap();
        }
    }
    assert!(held_back.len() >= 2, "dist/ has the worker's files: {held_back:?}");
    let app = env.serve_dir_under(partial.clone(), "/").unwrap();
    let mut page = open_page(&chromium, &app).expect("open the app");
    let url = format!("{}/case/missing-allow-origin", env.lab.origin);
    page.set_field("url", &url).unwrap();
    page.click("[data-action=run]").unwrap();
    let notice = "document.querySelector('[data-share-notice=worker]')";
    page.wait_for(&format!("{notice} && {notice}.textContent.includes('analysis-worker_loader.js')"), Duration::from_secs(20)).unwrap_or_else(|e| {
        panic!(
            "no message about the missing worker: {e}; the page shows {}",
            page.eval("document.querySelector('section.result').textContent.slice(0, 300)").unwrap()
        )
    });
    page.screenshot(&TestEnv::out_dir().join("app-no-worker.png")).unwrap();
    let text = page.eval(&format!("{notice}.textContent")).unwrap();
    assert!(text.as_str().unwrap().contains("serves every file of dist/"), "{text}");
    assert_eq!(page.eval("document.querySelector('[name=url]').value").unwrap(), url.as_str(), "the URL typed is kept");
    assert_eq!(
        page.eval("document.querySelector('section.running') === null && document.getElementById('report-json') === null").unwrap(),
        true,
        "nothing waits, nothing half-shown"
    );

    for file in &held_back {
        std::fs::copy(file, partial.join(file.file_name().unwrap())).unwrap();
    }
    page.click("[data-action=run]").unwrap();
    page.wait_for(&harness::page::shows_report_for(&url), Duration::from_secs(20))
        .unwrap_or_else(|e| panic!("no report once the worker is served: {e}"));
    assert_eq!(page.eval(&format!("{notice} === null")).unwrap(), true, "the old message is gone");
    let _ = std::fs::remove_dir_all(&partial);
}
