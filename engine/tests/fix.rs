//! Server fixes: every stack renders for every finding kind, never with a wildcard
//! under credentials, always with the origins and the headers the request needs; and
//! each stack's output for three representative inputs is pinned by a snapshot under
//! `tests/snapshots/fix/` (reviewed against the library's documentation; rewritten with
//! `CORSPROBE_RECORD=1`). nginx, Express and Flask output is also run on the real
//! servers by harness/tests/fixes_in_chromium.rs.

use corsprobe_engine::finding::FindingKind;
use corsprobe_engine::fix::{snippet, FixInput, Snippet, Stack};
use std::path::PathBuf;

fn one_origin() -> FixInput {
    FixInput { origins: vec!["https://app.example.com".into()], ..Default::default() }
}

fn credentialed_put() -> FixInput {
    FixInput {
        origins: vec!["https://app.example.com".into(), "http://localhost:5173".into()],
        methods: vec!["PUT".into()],
        headers: vec!["authorization".into(), "x-api-key".into()],
        credentials: true,
        expose: vec![],
        max_age: Some(7200),
        api: None,
    }
}

fn expose_and_cache() -> FixInput {
    FixInput {
        origins: vec!["https://app.example.com".into()],
        methods: vec!["DELETE".into()],
        headers: vec!["content-type".into()],
        credentials: false,
        expose: vec!["x-request-id".into(), "etag".into()],
        max_age: Some(600),
        api: None,
    }
}

fn render(s: &Snippet) -> String {
    let mut out = String::new();
    for f in &s.files {
        out.push_str(&format!("=== {} ({})\n{}\n", f.path, f.language, f.code));
    }
    for n in &s.notes {
        out.push_str(&format!("* {n}\n"));
    }
    out
}

fn all_code(s: &Snippet) -> String {
    s.files.iter().map(|f| f.code.as_str()).collect::<Vec<_>>().join("\n")
}

#[test]
fn snapshots_for_every_stack() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/fix");
    let record = std::env::var_os("CORSPROBE_RECORD").is_some();
    let mut stale = Vec::new();
    for stack in Stack::ALL {
        for (name, input) in [("one-origin", one_origin()), ("credentialed-put", credentialed_put()), ("expose-and-cache", expose_and_cache())] {
            let text = render(&snippet(*stack, &input, &[]));
            let path = dir.join(format!("{}.{name}.txt", stack.id()));
            if record {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                stale.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    assert!(stale.is_empty(), "snapshots differ (review, then CORSPROBE_RECORD=1): {stale:?}");
}

#[test]
fn every_stack_renders_for_every_finding_and_keeps_the_rules() {
    let kinds: Vec<FindingKind> = FindingKind::ALL.to_vec();
    for stack in Stack::ALL {
        assert_eq!(Stack::from_id(stack.id()), Some(*stack));
        if stack.is_dev_proxy() {
            continue; // No CORS headers at all: checked by dev_proxies_forward_and_say_when_they_only_hide_the_problem.
        }
        for kind in &kinds {
            let s = snippet(*stack, &credentialed_put(), &[*kind]);
            let code = all_code(&s);
            assert!(!s.files.is_empty(), "{}", stack.id());
            for o in ["https://app.example.com", "http://localhost:5173"] {
                let escaped = o.replace('.', "\\.");
                assert!(code.contains(o) || code.contains(&escaped), "{}: origin {o} missing", stack.id());
            }
            // Credentials: never a wildcard origin, and Authorization by name.
            // (rack-cors' `resource '*'` is a path pattern, not an origin.)
            let without_paths = code.replace("resource '*'", "");
            assert!(!without_paths.contains("\"*\"") && !without_paths.contains("'*'"), "{}: wildcard with credentials", stack.id());
            assert!(code.to_ascii_lowercase().contains("authorization"), "{}: Authorization not listed", stack.id());
            assert!(code.contains("x-api-key"), "{}", stack.id());
            // Never a reflection of any origin.
            assert!(
                !code.contains("origin: true") && !code.contains("CORS_ORIGIN_ALLOW_ALL") && !code.contains("allowedOriginPatterns(\"*\")"),
                "{}",
                stack.id()
            );
        }
    }
}

#[test]
fn findings_add_their_notes() {
    let s = snippet(Stack::Nginx, &one_origin(), &[FindingKind::AllowOriginMultiple, FindingKind::PreflightStatus]);
    assert!(s.notes.iter().any(|n| n.contains("exactly one place")));
    assert!(s.notes.iter().any(|n| n.contains("before authentication")));
    let plain = snippet(Stack::Nginx, &one_origin(), &[]);
    assert!(plain.notes.len() < s.notes.len());
}

#[test]
fn bad_input_is_reported_and_left_out() {
    let input = FixInput {
        origins: vec!["https://app.example.com/".into(), "*".into(), "https://ok.example".into()],
        methods: vec!["PUT DELETE".into()],
        headers: vec!["x api".into()],
        credentials: true,
        expose: vec![],
        max_age: Some(86400),
        api: None,
    };
    let problems = input.problems();
    assert_eq!(problems.len(), 5, "{problems:#?}");
    let code = all_code(&snippet(Stack::Express, &input, &[]));
    assert!(code.contains("https://ok.example") && !code.contains("example.com/") && !code.contains("PUT DELETE") && !code.contains("x api"));
    assert!(code.contains("maxAge: 7200"), "capped at Chromium's 7200");
    assert!(FixInput { origins: vec![], ..Default::default() }.problems().iter().any(|p| p.contains("at least one origin")));
}

#[test]
fn prefilled_from_a_report() {
    use corsprobe_engine::diagnose::report_for_input;
    let mut request = corsprobe_engine::RequestSpec::get("https://api.example.com/items");
    request.method = "PUT".into();
    request.headers.push(corsprobe_engine::Header { name: "X-Api-Key".into(), value: "k".into() });
    request.credentials = corsprobe_engine::Credentials::Include;
    let report = report_for_input("http://localhost:5173", request, &[]);
    let input = FixInput::from_report(&report);
    assert_eq!(input.origins, vec!["http://localhost:5173".to_string()]);
    assert_eq!(input.methods, vec!["PUT".to_string()]);
    assert_eq!(input.headers, vec!["x-api-key".to_string()]);
    assert!(input.credentials);
    assert_eq!(input.max_age, Some(7200));
    assert!(input.problems().is_empty());
}

#[test]
fn loose_origin_matching_gets_the_exact_list_note_on_every_stack() {
    for kind in ["origin-suffix-match", "origin-prefix-match", "origin-regex-dot"] {
        let kinds = [FindingKind::from_id(kind).unwrap()];
        for &stack in Stack::ALL.iter().filter(|s| !s.is_dev_proxy()) {
            let s = snippet(stack, &one_origin(), &kinds);
            assert!(s.notes.iter().any(|n| n.contains("exact list")), "{kind} on {}: {:?}", stack.id(), s.notes);
        }
    }
}

#[test]
fn dev_proxies_forward_and_say_when_they_only_hide_the_problem() {
    let proxies: Vec<Stack> = Stack::ALL.iter().copied().filter(|s| s.is_dev_proxy()).collect();
    assert_eq!(proxies.len(), 4);
    let input = FixInput { api: Some("https://api.vendor.example/v1/items".into()), ..credentialed_put() };
    for stack in proxies {
        let s = snippet(stack, &input, &[]);
        let code = all_code(&s);
        assert!(code.contains("https://api.vendor.example"), "{}: the proxy forwards to the API's origin", stack.id());
        assert!(!code.contains("/v1/items"), "{}: only the origin is the target", stack.id());
        assert!(!code.to_ascii_lowercase().contains("access-control"), "{}: a proxy writes no CORS headers", stack.id());
        assert!(s.notes.iter().any(|n| n.contains("do not control the API") && n.contains("production")), "{}: {:?}", stack.id(), s.notes);
    }
    // Without the API's address, a placeholder the notes name.
    let s = snippet(Stack::ViteProxy, &one_origin(), &[]);
    assert!(all_code(&s).contains("https://api.example.com") && s.notes.iter().any(|n| n.contains("Replace https://api.example.com")));
}

#[test]
fn hosting_layers_allow_each_origin_exactly_and_vary_on_it() {
    let input = credentialed_put();
    let vercel = all_code(&snippet(Stack::Vercel, &input, &[]));
    // One rule per origin, selected by the request's Origin with its dots escaped.
    assert_eq!(vercel.matches("\"has\"").count(), 2, "{vercel}");
    assert!(vercel.contains("https://app\\\\.example\\\\.com"), "{vercel}");
    assert!(vercel.contains("\"Vary\", \"value\": \"Origin\""));
    let netlify_one = all_code(&snippet(Stack::Netlify, &one_origin(), &[]));
    assert!(netlify_one.starts_with("/api/*\n  Access-Control-Allow-Origin: https://app.example.com\n"), "{netlify_one}");
    // _headers cannot choose between origins: several need the Edge Function.
    let netlify_two = snippet(Stack::Netlify, &input, &[]);
    assert_eq!(netlify_two.files[0].path, "netlify/edge-functions/cors.js");
    let cloudfront = all_code(&snippet(Stack::CloudFront, &input, &[]));
    assert!(
        cloudfront.contains("\"AccessControlAllowOrigins\": { \"Quantity\": 2,")
            && cloudfront.contains("\"Origin\", \"Access-Control-Request-Method\"")
    );
}

#[test]
fn the_cookie_finding_says_where_each_stack_sets_samesite() {
    let kinds = [FindingKind::CookieNotCrossSite];
    for (stack, words) in [
        (Stack::Express, "sameSite: 'none'"),
        (Stack::Django, "SESSION_COOKIE_SAMESITE = 'None'"),
        (Stack::Flask, "SESSION_COOKIE_SAMESITE='None'"),
        (Stack::AspNetCore, "SameSiteMode.None"),
        (Stack::SpringBoot, "server.servlet.session.cookie.same-site=none"),
    ] {
        let s = snippet(stack, &one_origin(), &kinds);
        assert!(s.notes.iter().any(|n| n.contains(words)), "{}: {:?}", stack.id(), s.notes);
    }
    assert!(snippet(Stack::Express, &one_origin(), &[]).notes.iter().all(|n| !n.contains("SameSite")));
}

/// Vercel matches a `has` value as `^value$` (its routing-utils and Next.js's `matchHas`):
/// each rule's pattern must match its origin and nothing longer or different.
#[test]
fn vercel_origin_patterns_match_exactly_one_origin() {
    let input = corsprobe_engine::fix::FixInput { origins: vec!["https://app.example.com".into(), "http://[::1]:3000".into()], ..Default::default() };
    let code = all_code(&snippet(Stack::Vercel, &input, &[]));
    assert!(code.contains(r#""value": "https://app\\.example\\.com""#), "{code}");
    assert!(code.contains(r#""value": "http://\\[::1\\]:3000""#), "{code}");
}
