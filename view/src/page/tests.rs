//! What the page shows, checked on the host: the DOM contract the browser tests and the
//! app's event handler rely on, and that endpoint content stays text.

use super::report::*;
use super::*;
use crate::names::ReportAction;
use corsprobe_engine::analyze::analyze_headers;
use corsprobe_engine::diagnose::diagnose;
use corsprobe_engine::input::{validate, FormInput};
use corsprobe_engine::plan::plan_probes;
use corsprobe_engine::report::{ProbeOutcome, Report};
use corsprobe_engine::RequestSpec;

const APP: &str = "http://127.0.0.1:8080";

fn form(url: &str, headers: &str) -> FormInput {
    FormInput { url: url.into(), method: "GET".into(), headers: headers.into(), ..Default::default() }
}

/// A live run in which everything but the no-cors probe failed.
fn blocked_run() -> Report {
    run_reaching_only(form("http://127.0.0.1:8081/x", "X-Api-Key: k"))
}

/// The report of a live run of `form` in which only the no-cors probe got an answer.
fn run_reaching_only(form: FormInput) -> Report {
    let plan = plan_probes(&validate(&form).unwrap(), APP, false);
    let outcomes: Vec<_> = plan
        .probes
        .iter()
        .map(|p| {
            let outcome = if p.kind.id() == "reach" {
                ProbeOutcome::Response { response_type: "opaque".into(), status: 0, redirected: false, elapsed_ms: 3.0 }
            } else {
                ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 3.0 }
            };
            (p.kind.clone(), outcome)
        })
        .collect();
    diagnose(&plan, &outcomes, &[])
}

#[test]
fn the_report_leads_with_the_verdict_and_carries_its_json() {
    let report = blocked_run();
    let node = report_node(&report);
    let Node::El(section) = &node else { panic!("an element") };
    assert_eq!(section.get("data-verdict"), Some("blocked"));
    let Node::El(first) = &section.children[0] else { panic!("verdict first") };
    assert!(first.get("class").unwrap().starts_with("verdict blocked"));
    // One card per finding, errors first.
    let cards: Vec<_> = node.elements().into_iter().filter(|e| e.tag == "article").collect();
    assert_eq!(cards.len(), report.findings.len());
    assert!(cards.first().unwrap().get("class").unwrap().ends_with("error"));
    // A group of causes comes with the one step that settles it, and the buttons for it.
    assert!(report.needs_headers);
    assert!(node.find("data-settle", None).is_some());
    assert!(node.find("data-action", Some(ReportAction::PasteConsole.name())).is_some());
    assert!(node.find("data-action", Some(ReportAction::PasteHeaders.name())).is_some());
    assert!(ShownReport::of(&report).needs_headers);
    // The JSON is beside the drawing, not in it: the worker's answer carries it once.
    assert!(node.find("id", Some("report-json")).is_none());
    let mounted = ShownReport::of(&report).nodes();
    assert_eq!(mounted[0], node);
    let Node::El(json) = &mounted[1] else { panic!("an element") };
    assert_eq!((json.get("id"), json.get("hidden")), (Some("report-json"), Some("")));
    assert_eq!(mounted[1].text_content(), report.to_json());
    // One row per probe sent, and the buttons the app handles.
    let rows = node.elements().into_iter().filter(|e| e.tag == "tr" && e.get("data-probe").is_some()).count();
    assert_eq!(rows, report.probes.len());
    assert!(node.find("data-action", Some("download-json")).is_some());
    assert!(node.find("data-action", Some("copy-markdown")).is_some());
    // Every Copy button follows the <pre> it copies.
    for e in node.elements() {
        let copies = e.children.iter().position(|c| matches!(c, Node::El(b) if b.get("data-action") == Some("copy")));
        if let Some(i) = copies {
            assert!(matches!(&e.children[i - 1], Node::El(pre) if pre.tag == "pre"));
        }
    }
}

#[test]
fn endpoint_markup_stays_text() {
    let pasted = "HTTP/1.1 200 OK\naccess-control-allow-origin: <img src=x onerror=alert(1)>\n";
    let report = analyze_headers(pasted, &RequestSpec::get("http://127.0.0.1:8081/x?<script>"), APP).unwrap();
    let node = report_node(&report);
    assert!(node.elements().iter().all(|e| !matches!(&*e.tag, "img" | "script")));
    assert!(node.text_content().contains("<img src=x onerror=alert(1)>"));
    assert!(!node.to_html().contains("<img"));
}

#[test]
fn plan_and_progress_show_each_probe() {
    let valid = validate(&form("http://127.0.0.1:8081/x", "X-Api-Key: k")).unwrap();
    let plan = plan_probes(&valid, APP, false);
    let planned = plan_node(&plan);
    assert!(planned.text_content().starts_with(&format!("Run will send {} requests", plan.probes.len())));
    let first = plan.probes[0].kind.clone();
    let outcome = ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 1.0 };
    let progress = progress_node(&plan, &[(first.clone(), outcome.clone())]);
    assert!(progress.text_content().contains(&format!("Probing… 1 of {}", plan.probes.len())));
    let line = |kind: &corsprobe_engine::plan::ProbeKind| progress.find("data-probe", Some(&kind.id())).cloned().unwrap();
    assert_eq!(line(&first).get("class"), None);
    assert!(Node::El(line(&first)).text_content().contains(&outcome.label()));
    assert_eq!(line(&plan.probes[1].kind).get("class"), Some("pending"));
}

/// A stage the probes cannot settle is said as both in the headline (moved from the
/// engine's diagnosis tests with the layout): a PUT whose every probe but the no-cors
/// one failed may have been stopped at the preflight or at the response.
#[test]
fn the_headline_names_both_stages_the_probes_cannot_tell_apart() {
    let r = run_reaching_only(FormInput { method: "PUT".into(), ..form("http://127.0.0.1:8081/x", "") });
    assert!(r.stage_candidates().len() == 2, "{:?}", r.stage_candidates());
    let (_, headline) = verdict_text(&r);
    assert!(headline.contains("preflight or response"), "{headline}");
}

/// A live run whose every probe failed: "most likely" unreachable, never "not a CORS
/// problem" while a CORS group is still possible, and the step that settles it is there.
#[test]
fn an_unanswered_run_does_not_rule_out_cors_in_its_headline() {
    let form = form("http://127.0.0.1:8081/x", "");
    let plan = plan_probes(&validate(&form).unwrap(), APP, false);
    let outcomes: Vec<_> = plan
        .probes
        .iter()
        .map(|p| (p.kind.clone(), ProbeOutcome::Failed { message: "TypeError: Failed to fetch".into(), elapsed_ms: 3.0 }))
        .collect();
    let r = diagnose(&plan, &outcomes, &[]);
    let (class, headline) = verdict_text(&r);
    assert_eq!(class, "unreachable");
    assert!(headline.starts_with("Most likely") && !headline.contains("not a CORS problem"), "{headline}");
    assert!(ShownReport::of(&r).nodes()[0].find("data-settle", None).is_some());
}
