//! Bad input gets a clear inline message, keeps what was typed, and sends nothing.

use harness::chromium::Chromium;
use harness::env::TestEnv;
use harness::page::Page;
use std::time::Duration;

#[test]
fn bad_input_is_explained_inline_and_nothing_is_sent() {
    let env = TestEnv::start(0).expect("start servers");
    assert!(env.has_app, "dist/ is not built: run `cargo xtask test`");
    let chromium = Chromium::launch().expect("launch Chromium");
    let mut cdp = chromium.connect().unwrap();
    let mut page = Page::open(&mut cdp).unwrap();
    page.set_viewport(1280, 900, false).unwrap();
    page.navigate(&env.app_page()).unwrap();
    page.wait_for("document.querySelector('[data-action=run]')", Duration::from_secs(10)).unwrap();
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
        let this_report = format!(
            "(() => {{ const e = document.getElementById('report-json'); try {{ return e && JSON.parse(e.textContent).request.url === {url:?}; }} catch (_) {{ return false; }} }})()"
        );
        page.wait_for(&this_report, Duration::from_secs(10)).unwrap_or_else(|e| panic!("no report for {url:?}: {e}"));
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
