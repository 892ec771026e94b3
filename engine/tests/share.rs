//! Share links and Markdown: secrets stay out unless kept, every bad fragment gets a
//! specific error, and a real diagnosis survives the JSON round trip intact.

mod common;
use corsprobe_engine::diagnose::diagnose;
use corsprobe_engine::input::{validate, FormInput};
use corsprobe_engine::markdown::report_markdown;
use corsprobe_engine::plan::plan_probes;
use corsprobe_engine::report::{ProbeOutcome, Report};
use corsprobe_engine::share::*;
use corsprobe_engine::Credentials;

const ORIGIN: &str = "http://127.0.0.1:8080";
const TOKEN: &str = "Bearer eyJhbGciOi.secret-part";

fn form() -> FormInput {
    FormInput {
        url: "http://127.0.0.1:8081/case/header-not-allowed?api_key=k-123456&page=2".into(),
        method: "GET".into(),
        headers: format!("Authorization: {TOKEN}\nX-Trace: abc"),
        credentials: Credentials::Include,
        ..Default::default()
    }
}

/// A real diagnosis of `form()`: every probe blocked except reachability.
fn report() -> Report {
    common::blocked_but_reachable(&form(), ORIGIN)
}

#[test]
fn secrets_are_found_in_headers_query_userinfo_and_body() {
    let mut f = form();
    f.url = "https://user:pw@api.test/x?token=t1&q=cats&sig=s2".into();
    f.body = "{\"password\":\"hunter2\"}".into();
    let ids: Vec<String> = find_secrets(&f).iter().map(Secret::id).collect();
    assert_eq!(ids, ["header:authorization", "userinfo:userinfo", "query:token", "query:sig", "body:body"]);
    assert!(!is_secret_name("X-Trace") && !is_secret_name("page") && !is_secret_name("Content-Type"));
    assert!(is_secret_name("X-API-Key") && is_secret_name("Cookie") && is_secret_name("access_token"));
}

#[test]
fn links_redact_secrets_everywhere_by_default() {
    let r = report();
    assert!(r.to_json().contains("secret-part"), "the report itself carries the token (curl replay)");
    let json = payload_json(&form(), false, Some(&Evidence::of(&r)), &[]);
    assert!(!json.contains("secret-part"), "{json}");
    assert!(!json.contains("k-123456"), "{json}");
    let payload = decode_payload(json.as_bytes()).unwrap();
    assert_eq!(payload.form.headers, "Authorization: [redacted]\nX-Trace: abc");
    assert_eq!(payload.redacted, ["Authorization header", "query parameter api_key"]);
    let replayed = replay(&payload).expect("the evidence replays");
    assert!(!replayed.to_json().contains("secret-part"));
    // The same report, except for the redacted values.
    assert_eq!(replayed.findings.iter().map(|f| &f.id).collect::<Vec<_>>(), r.findings.iter().map(|f| &f.id).collect::<Vec<_>>());
    assert_eq!(replayed.verdict, r.verdict);
    assert_eq!(replayed.probes, r.probes);
}

#[test]
fn a_kept_secret_is_the_only_one_in_the_link() {
    let json = payload_json(&form(), true, None, &["header:authorization".to_string()]);
    assert!(json.contains("secret-part") && !json.contains("k-123456"));
    let payload = decode_payload(json.as_bytes()).unwrap();
    assert!(payload.allow_repeats && payload.evidence.is_none() && replay(&payload).is_none());
    assert_eq!(payload.form.url, "http://127.0.0.1:8081/case/header-not-allowed?api_key=[redacted]&page=2");
}

#[test]
fn a_link_without_secrets_round_trips_the_report_exactly() {
    let mut f = form();
    f.headers = "X-Trace: abc".into();
    f.url = "http://127.0.0.1:8081/case/pass".into();
    let plan = plan_probes(&validate(&f).unwrap(), ORIGIN, false);
    let outcomes: Vec<_> = plan
        .probes
        .iter()
        .map(|p| (p.kind.clone(), ProbeOutcome::Response { response_type: "cors".into(), status: 200, redirected: false, elapsed_ms: 12.5 }))
        .collect();
    let mut r = diagnose(&plan, &outcomes, &[]);
    r.browser = Some(corsprobe_engine::report::BrowserInfo { name: "Chromium".into(), version: "156.0".into() });
    let json = payload_json(&f, false, Some(&Evidence::of(&r)), &[]);
    let payload = decode_payload(json.as_bytes()).unwrap();
    assert_eq!(payload.form, f);
    assert!(payload.redacted.is_empty());
    assert_eq!(replay(&payload).unwrap().to_json(), r.to_json());
}

#[test]
fn input_errors_and_refusals_replay_too() {
    let mut f = form();
    f.url = "javascript:alert(1)".into();
    f.headers = String::new();
    let r = corsprobe_engine::share::replay(
        &decode_payload(
            payload_json(
                &f,
                false,
                Some(&Evidence::of(&match corsprobe_engine::diagnose::begin(&f, ORIGIN, false) {
                    corsprobe_engine::diagnose::Begin::Decided { report, .. } => report,
                    _ => panic!("javascript: is an input error"),
                })),
                &[],
            )
            .as_bytes(),
        )
        .unwrap(),
    );
    assert_eq!(r.unwrap().verdict, corsprobe_engine::report::Verdict::InvalidInput);
}

#[test]
fn redaction_never_breaks_the_json_even_when_a_secret_equals_a_key_or_an_escape() {
    let mut f = form();
    f.headers = "X-Api-Key: url\nX-Token: n\nAuthorization: a\"b\\c".into();
    f.body = "line1\nline2".into();
    let json = payload_json(&f, false, None, &[]);
    let payload = decode_payload(json.as_bytes()).expect(&json);
    assert_eq!(payload.form.headers, "X-Api-Key: [redacted]\nX-Token: [redacted]\nAuthorization: [redacted]");
    assert!(payload.form.url.contains("api_key=[redacted]"));
    assert_eq!(payload.form.body, "line1\nline2", "a one-letter secret is redacted where it sits, not searched for");
    assert_eq!(payload.form.credentials, Credentials::Include);
    let mut f = form();
    f.headers = "Authorization: say \"hello\\world\" n".into();
    let json = payload_json(&f, false, None, &[]);
    assert!(decode_payload(json.as_bytes()).is_ok(), "{json}");
    let r = report();
    let md = redact_for_request(&report_markdown(&r), &FormInput::from_request(&r.request));
    assert!(!md.contains("secret-part"));
}

#[test]
fn fragments_are_read_strictly() {
    assert_eq!(parse_fragment(""), Ok(None));
    assert_eq!(parse_fragment("#"), Ok(None));
    assert_eq!(parse_fragment("#section-2"), Ok(None), "an unrelated anchor is not an error");
    assert_eq!(parse_fragment("#vx.abc"), Ok(None));
    assert_eq!(parse_fragment("#v1.Zm9v"), Ok(Some(b"foo".to_vec())));
    assert_eq!(fragment_for(b"foo"), "#v1.Zm9v");
    assert_eq!(parse_fragment("#v2.Zm9v"), Err(ShareError::NewerVersion(2)));
    assert!(matches!(parse_fragment("#v99999999999.Zm9v"), Err(ShareError::NewerVersion(_))));
    assert!(matches!(parse_fragment("#v1."), Err(ShareError::Damaged(_))));
    assert!(matches!(parse_fragment("#v1.Zm9v!!"), Err(ShareError::Damaged(_))));
    assert!(matches!(parse_fragment("#v0.Zm9v"), Err(ShareError::Damaged(_))));
    let huge = format!("#v1.{}", "A".repeat(MAX_FRAGMENT_CHARS));
    assert_eq!(parse_fragment(&huge), Err(ShareError::TooLarge));
}

#[test]
fn payloads_are_read_strictly() {
    assert!(matches!(decode_payload(b"{\"v\":1,\"form\":"), Err(ShareError::Damaged(_))), "truncated JSON");
    assert!(matches!(decode_payload(b"{\"form\":{}}"), Err(ShareError::Damaged(_))), "no version");
    assert_eq!(decode_payload(b"{\"v\":3,\"whatever\":true}"), Err(ShareError::NewerVersion(3)));
    assert!(matches!(decode_payload(b"{\"v\":1,\"form\":42}"), Err(ShareError::Damaged(_))));
    assert_eq!(decode_payload(&vec![b' '; MAX_PAYLOAD_BYTES + 1]), Err(ShareError::TooLarge));
    for e in [ShareError::NewerVersion(2), ShareError::TooLarge, ShareError::Damaged("x".into())] {
        assert!(e.message().len() > 40, "{}", e.message());
    }
}

#[test]
fn markdown_names_the_cause_and_keeps_secrets_out_when_redacted() {
    let r = report();
    let md = redact_for_request(&report_markdown(&r), &FormInput::from_request(&r.request));
    assert!(md.starts_with("## CORS: blocked"), "{md}");
    let first = &r.findings[0];
    assert!(md.contains(&format!("### {}", first.title)), "{md}");
    assert!(md.contains(first.chromium[0].name()), "{md}");
    assert!(!md.contains("secret-part") && !md.contains("k-123456"), "{md}");
    assert!(md.contains("| probe | method |"), "{md}");
}

#[test]
fn markdown_code_spans_survive_backticks_and_html() {
    let mut r = report();
    r.request.url = "http://x.test/a`b<script>alert(1)</script>".into();
    let md = report_markdown(&r);
    assert!(md.contains("``http://x.test/a`b<script>alert(1)</script>``"), "{md}");
}
