//! Share links in real Chromium: a link opens in a fresh browser profile with the same
//! report and sends nothing; secrets stay out of it; bad links get a clear message and
//! leave a working page; recent runs and Markdown work.

use harness::app::{open_app, App};
use harness::env::TestEnv;
use harness::page::Page;
use std::time::Duration;

const TOKEN: &str = "Bearer s3cr3t-t0ken-value";

fn report_json(page: &mut Page) -> String {
    page.eval("document.getElementById('report-json').textContent").unwrap().as_str().unwrap().to_string()
}

/// Runs the form as filled and waits for the report of `url`.
fn run(page: &mut Page, url: &str) -> String {
    page.click("[data-action=run]").unwrap();
    page.wait_for(&harness::page::shows_report_for(url), Duration::from_secs(30)).unwrap();
    report_json(page)
}

/// Presses Share and returns the link it made.
fn share(page: &mut Page) -> String {
    page.eval("(() => { const e = document.querySelector('[name=share-link]'); if (e) e.value = ''; })()").unwrap();
    page.click("[data-action=share]").unwrap();
    if let Err(e) = page.wait_for("document.querySelector('[name=share-link]')?.value", Duration::from_secs(5)) {
        panic!("no link: {e}; share panel says {:?}", page.eval("document.querySelector('.share').textContent"));
    }
    let link = page.eval("document.querySelector('[name=share-link]').value").unwrap().as_str().unwrap().to_string();
    assert_eq!(page.eval("location.href").unwrap(), link.as_str(), "the link is in the address bar");
    link
}

#[test]
fn a_share_link_reopens_the_same_report_in_a_fresh_profile_and_sends_nothing() {
    let App { env, chromium, page: mut a } = open_app().open().expect("open the app");
    let mut cdp_b = chromium.connect().unwrap();

    // 1. A request without secrets: the reopened report is byte-for-byte the same.
    let url = format!("{}/case/header-not-allowed", env.lab.origin);
    a.set_field("url", &url).unwrap();
    a.set_field("headers", "X-Custom: 1").unwrap();
    let original = run(&mut a, &url);
    assert!(original.contains("\"verdict\": \"blocked\""), "{original}");
    let link = share(&mut a);
    assert!(link.contains("#v1."), "{link}");

    let mut b = Page::open(&mut cdp_b).unwrap();
    b.take_events();
    b.navigate(&link).unwrap();
    b.wait_for("document.querySelector('[data-share-notice=shared]') && document.getElementById('report-json')", Duration::from_secs(10))
        .expect("the link opens with its report");
    assert_eq!(report_json(&mut b), original, "the same report");
    assert_eq!(b.eval("document.querySelector('[name=url]').value").unwrap(), url.as_str());
    assert_eq!(b.eval("document.querySelector('[name=headers]').value").unwrap(), "X-Custom: 1");
    b.cdp.pump(Duration::from_millis(500)).unwrap();
    let sent: Vec<String> = b.requests_sent().into_iter().filter(|u| !u.starts_with(&env.app_origin)).collect();
    assert!(sent.is_empty(), "opening a link must send nothing, sent {sent:?}");
    b.set_viewport(1280, 900, false).unwrap();
    b.screenshot(&TestEnv::out_dir().join("share-opened.png")).unwrap();
    drop(b);

    // 2. With a bearer token and an API key in the query: redacted unless kept.
    let url = format!("{}/case/pass-credentials?api_key=k-9f8e7d6c&page=2", env.lab.origin);
    a.set_field("url", &url).unwrap();
    a.set_field("headers", &format!("Authorization: {TOKEN}")).unwrap();
    a.set_field("credentials", "include").unwrap();
    let original = run(&mut a, &url);
    assert!(original.contains("s3cr3t"), "the live report keeps what was typed");
    let markdown = a.eval("(() => { let md = null; navigator.clipboard.writeText = t => { md = t; return Promise.resolve(); }; document.querySelector('[data-action=copy-markdown]').click(); return md; })()").unwrap();
    let markdown = markdown.as_str().expect("Copy as Markdown copies text");
    assert!(markdown.starts_with("## CORS: ") && !markdown.contains("s3cr3t") && !markdown.contains("k-9f8e7d6c"), "{markdown}");
    let link = share(&mut a);
    assert!(a.eval("document.querySelectorAll('[name=share-keep]').length").unwrap() == 2, "both secrets are offered");
    let mut b = Page::open(&mut cdp_b).unwrap();
    b.navigate(&link).unwrap();
    b.wait_for("document.getElementById('report-json')", Duration::from_secs(10)).unwrap();
    let reopened = report_json(&mut b);
    assert!(!reopened.contains("s3cr3t") && !reopened.contains("k-9f8e7d6c"), "secrets stay out of links: {reopened}");
    assert_eq!(
        reopened,
        original.replace("s3cr3t-t0ken-value", "[redacted]").replace("k-9f8e7d6c", "[redacted]").replace("Bearer [redacted]", "[redacted]")
    );
    let notice = b.eval("document.querySelector('[data-share-notice=shared]').textContent").unwrap();
    assert!(notice.as_str().unwrap().contains("Authorization header"), "{notice}");
    drop(b);
    // Kept on purpose: the token (only) travels.
    a.eval("document.querySelector('[name=share-keep][value=\"header:authorization\"]').click()").unwrap();
    let link = share(&mut a);
    let mut b = Page::open(&mut cdp_b).unwrap();
    b.navigate(&link).unwrap();
    b.wait_for("document.getElementById('report-json')", Duration::from_secs(10)).unwrap();
    let reopened = report_json(&mut b);
    assert!(reopened.contains("s3cr3t") && !reopened.contains("k-9f8e7d6c"));
    drop(b);

    // 3. Recent runs: both runs are listed, reopen without sending, and clear.
    assert_eq!(a.eval("document.querySelectorAll('[data-recent]').length").unwrap(), 2);
    a.take_events();
    a.click("[data-recent='1']").unwrap();
    a.wait_for("document.querySelector('[name=url]').value.includes('header-not-allowed')", Duration::from_secs(5)).unwrap();
    a.cdp.pump(Duration::from_millis(300)).unwrap();
    assert!(a.requests_sent().is_empty(), "reopening a recent run sends nothing");
    a.click("[data-action=clear-recent]").unwrap();
    assert_eq!(
        a.eval("document.querySelectorAll('[data-recent]').length + (localStorage.getItem('corsprobe.recent.v1') === null ? 0 : 100)").unwrap(),
        0
    );
}

#[test]
fn bad_links_get_a_clear_message_and_a_working_page() {
    let App { env, chromium, page } = open_app().open().expect("open the app");
    // A real link to cut short.
    let good = {
        let mut page = page;
        page.set_field("url", &format!("{}/case/missing-allow-origin", env.lab.origin)).unwrap();
        run(&mut page, &format!("{}/case/missing-allow-origin", env.lab.origin));
        share(&mut page)
    };
    let mut cdp = chromium.connect().unwrap();
    let fragment = good.split('#').nth(1).unwrap().to_string();
    let truncated = &fragment[..fragment.len() / 2];
    let oversized = format!("v1.{}", "A".repeat(250_000));
    let cases = [
        ("damaged", "v1.%%%not-base64".to_string()),
        ("damaged", truncated.to_string()),
        ("newer-version", "v7.AAAA".to_string()),
        ("too-large", oversized),
    ];
    for (id, fragment) in cases {
        let mut page = Page::open(&mut cdp).unwrap();
        page.take_events();
        page.navigate(&format!("{}#{fragment}", env.app_page())).unwrap();
        page.wait_for(&format!("document.querySelector('[data-share-notice={id}]')"), Duration::from_secs(10))
            .unwrap_or_else(|e| panic!("{id} ({} chars): {e}", fragment.len()));
        let text = page.eval(&format!("document.querySelector('[data-share-notice={id}]').textContent")).unwrap();
        assert!(text.as_str().unwrap().len() > 60, "a clear message: {text}");
        assert_eq!(page.eval("document.querySelector('[name=url]').value").unwrap(), "", "an empty form");
        assert_eq!(page.eval("document.getElementById('report-json')").unwrap(), serde_json::Value::Null);
        if id == "newer-version" {
            page.screenshot(&TestEnv::out_dir().join("share-bad-link.png")).unwrap();
        }
        // The page still works: a Run with an empty URL explains itself.
        page.click("[data-action=run]").unwrap();
        page.wait_for("document.querySelector('.problems[data-field=url]')", Duration::from_secs(5)).unwrap();
        page.cdp.pump(Duration::from_millis(200)).unwrap();
        let sent: Vec<String> = page.requests_sent().into_iter().filter(|u| !u.starts_with(&env.app_origin)).collect();
        assert!(sent.is_empty(), "{id}: sent {sent:?}");
    }
}
