//! The fix panel in real Chromium: after a blocked run it opens prefilled from the
//! report (this page's origin, the header that caused the preflight), renders every
//! stack (`[data-stack=<id>]`), remembers the chosen stack across a reload, and stays
//! free of serious accessibility problems; screenshots at desktop and phone width. The
//! configuration comes from the analysis worker, so this also runs the worker.

use corsprobe_engine::fix::Stack;
use harness::app::{open_app, App};
use harness::env::TestEnv;
use harness::page::Page;
use serde_json::Value;
use std::time::Duration;

#[test]
fn the_fix_panel_is_prefilled_renders_every_stack_and_remembers_the_choice() {
    let App { env, chromium: _chromium, mut page } = open_app().with_viewport(1280, 900, false).with_lab().open().expect("open the app");
    page.click("[data-action=load-examples]").unwrap();
    page.wait_for("document.querySelectorAll('[data-example]').length > 40", Duration::from_secs(10)).unwrap();
    page.click("[data-example=\"header-not-allowed\"]").unwrap();
    page.click("[data-action=run]").unwrap();
    page.wait_for("document.querySelector('[data-verdict=blocked]')", Duration::from_secs(30)).expect("a blocked report");
    page.wait_for("document.querySelector('details.fix').open", Duration::from_secs(5)).expect("the panel opens after a block");
    let value = |page: &mut Page, name: &str| page.eval(&format!("document.querySelector('[name={name}]').value")).unwrap();
    assert_eq!(value(&mut page, "fix-origins"), Value::String(env.app_origin.clone()));
    assert_eq!(value(&mut page, "fix-headers"), Value::String("x-api-key".into()));
    // The API's origin, for the development proxies, is the endpoint's.
    assert_eq!(value(&mut page, "fix-api"), Value::String(env.lab.origin.clone()));
    for stack in Stack::ALL {
        page.set_field("fix-stack", stack.id()).unwrap();
        // The analysis worker writes it (loaded on the panel's first opening).
        let _ = page.wait_for(&format!("document.querySelector('[data-stack=\"{}\"]')", stack.id()), Duration::from_secs(10));
        let code = page.eval(&format!("(document.querySelector('[data-stack=\"{}\"]') || {{}}).textContent || ''", stack.id())).unwrap();
        let code = code.as_str().unwrap_or_default();
        if stack.is_dev_proxy() {
            // A development proxy makes the request same-origin: no CORS headers to list.
            assert!(code.contains("proxy") || code.contains("rewrites"), "{}: {code}", stack.id());
            assert!(code.contains(&env.lab.origin), "{} forwards to the API: {code}", stack.id());
            continue;
        }
        assert!(code.contains(&env.app_origin) || code.contains(&env.app_origin.replace('.', "\\.")), "{}: {code}", stack.id());
        assert!(code.contains("x-api-key"), "{}", stack.id());
    }
    page.set_field("fix-stack", "nginx").unwrap();
    page.eval("document.querySelector('details.fix').scrollIntoView()").unwrap();
    page.screenshot(&TestEnv::out_dir().join("fix-panel-desktop.png")).unwrap();
    page.set_viewport(390, 844, false).unwrap();
    page.eval("document.querySelector('details.fix').scrollIntoView()").unwrap();
    page.screenshot(&TestEnv::out_dir().join("fix-panel-phone.png")).unwrap();

    // A bad origin is explained, and nothing broken is emitted.
    page.set_field("fix-origins", "https://app.example.com/").unwrap();
    let problems = page.eval("(document.querySelector('.fix .problems') || {}).textContent || ''").unwrap();
    assert!(problems.as_str().unwrap().contains("is not an origin"), "{problems}");

    // The choice survives a reload.
    page.navigate(&format!("{}/", env.app_origin)).unwrap();
    page.wait_for("document.querySelector('[name=fix-stack]')", Duration::from_secs(10)).unwrap();
    assert_eq!(value(&mut page, "fix-stack"), Value::String("nginx".into()));
}
