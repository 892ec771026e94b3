//! The result side: the plan before it is sent, progress while it runs, the report
//! after. Same DOM contract as before the move off `view!`: `data-verdict`,
//! `data-finding`, `data-probe`, `#report-json`, `data-action` on the buttons.

use super::code;
use crate::names::ReportAction;
use crate::node::{el, el_class, Node};
use corsprobe_engine::browsers::{differences, Evidence};
use corsprobe_engine::finding::{Certainty, Finding, Severity};
use corsprobe_engine::fix::FixInput;
use corsprobe_engine::input::FormInput;
use corsprobe_engine::markdown::report_markdown;
use corsprobe_engine::plan::{Probe, ProbeKind, ProbePlan};
use corsprobe_engine::report::{ProbeOutcome, ProbeRecord, Report, Verdict};
use corsprobe_engine::share::{self, redact_for_request};
use serde::{Deserialize, Serialize};

/// A report as the page holds it: drawn, written out and summarized by the analysis
/// worker, so the page's wasm carries neither the diagnosis nor the report's own
/// decoder (issue 6). Everything the page does with a report reads one of these.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShownReport {
    /// [`report_node`].
    pub node: Node,
    /// [`Report::to_json`]: the JSON download, shown beside the node as `#report-json`
    /// by [`ShownReport::nodes`]. Kept out of the node, so the worker's answer carries
    /// the JSON once (in the node it would be a second copy, escaped).
    pub json: String,
    /// Copy as Markdown, with the request's secrets redacted (it goes into trackers).
    pub markdown: String,
    pub verdict: Verdict,
    pub method: String,
    /// What the Fix panel starts from, and the findings it answers.
    pub fix: FixInput,
    pub findings: Vec<String>,
    /// What a share link of this report carries.
    pub evidence: share::Evidence,
    /// Only the server's headers (or the browser's console line) can settle the exact
    /// cause: the page opens Analyze, ready for them.
    #[serde(default)]
    pub needs_headers: bool,
}

impl ShownReport {
    pub fn of(r: &Report) -> ShownReport {
        ShownReport {
            node: report_node(r),
            json: r.to_json(),
            markdown: redact_for_request(&report_markdown(r), &FormInput::from_request(&r.request)),
            verdict: r.verdict,
            method: r.request.method.clone(),
            fix: FixInput::from_report(r),
            findings: r.findings.iter().map(|f| f.id.clone()).collect(),
            evidence: share::Evidence::of(r),
            needs_headers: r.needs_headers,
        }
    }

    /// What the page mounts: the drawn report, then its JSON as a hidden
    /// `<pre id="report-json">` (what the browser tests and scripts read).
    pub fn nodes(&self) -> Vec<Node> {
        vec![self.node.clone(), el("pre").attr("id", "report-json").flag("hidden", true).text(&self.json).into()]
    }
}

/// The probes a Run will send, visible before anything is sent.
pub fn plan_node(plan: &ProbePlan) -> Node {
    el_class("section", "plan")
        .attr("aria-label", "Planned probes")
        .child(el("h2").text(format!("Run will send {} requests", plan.probes.len())))
        .child(el_class("ol", "probes").children(plan.probes.iter().map(planned_probe)))
        .children(plan.skipped.iter().map(|s| el_class("p", "note").text(format!("Not sent: {}. {}", s.kind.purpose(), s.reason)).into()))
        .into()
}

fn planned_probe(p: &Probe) -> Node {
    let meta =
        format!(" · {} · credentials {}{}", p.request.mode.as_str(), p.request.credentials.as_str(), if p.preflight { " · preflight" } else { "" });
    el("li")
        .attr("data-probe", p.kind.id())
        .child(code(&p.request.method))
        .text(format!(" {}", p.kind.purpose()))
        .child(el_class("span", "meta").text(meta))
        .into()
}

/// Progress while probes are out: one line per probe, its outcome once it is back.
pub fn progress_node(plan: &ProbePlan, outcomes: &[(ProbeKind, ProbeOutcome)]) -> Node {
    let (done, total) = (outcomes.len(), plan.probes.len());
    el_class("section", "running")
        .attr("aria-busy", "true")
        .child(el("h2").text(format!("Probing… {done} of {total}")))
        .child(el("progress").attr("max", total.to_string()).attr("value", done.to_string()))
        .child(el_class("ol", "probes").children(plan.probes.iter().map(|p| {
            let outcome = outcomes.iter().find(|(k, _)| k == &p.kind).map(|(_, o)| o.label());
            el("li")
                .attr("data-probe", p.kind.id())
                .attr_opt("class", outcome.is_none().then_some("pending"))
                .child(code(&p.request.method))
                .text(format!(" {} — ", p.kind.purpose()))
                .child(el("strong").text(outcome.unwrap_or_else(|| "waiting…".into())))
                .into()
        })))
        .into()
}

/// While the analysis worker writes the report (it loads on the first run).
pub fn reading_node() -> Node {
    el_class("section", "running").attr("aria-busy", "true").child(el("h2").text("Working out why…")).into()
}

/// The headline and its class (`pass`, `blocked`, …).
pub fn verdict_text(r: &Report) -> (&'static str, String) {
    let stage = r.stage.map(|s| s.as_str()).unwrap_or("");
    if r.findings.first().is_some_and(|f| f.id == "headers-incomplete") {
        return ("invalid-input", "Cannot judge yet: a response the browser needs is missing from what you pasted.".into());
    }
    match r.verdict {
        Verdict::Pass => ("pass", "Allowed: the browser let this request through.".into()),
        Verdict::Blocked => {
            // When the evidence cannot tell the stages apart, say each one, not a guess.
            let stages: Vec<&str> = r.stage_candidates().iter().map(|s| s.as_str()).collect();
            if stages.len() > 1 {
                ("blocked", format!("Blocked by the browser at the {} stage: the probes cannot tell which.", stages.join(" or ")))
            } else {
                ("blocked", format!("Blocked by the browser at the {stage} stage."))
            }
        }
        Verdict::Unreachable => {
            // Live, page code sees no answer from a dead server and from a redirect it
            // cannot follow alike: the headline claims no more than the first finding.
            let sure = r.findings.first().is_some_and(|f| f.certainty == Certainty::Exact);
            let cors_possible = r.findings.iter().any(|f| !f.chromium.is_empty());
            let text = match (sure, cors_possible) {
                (true, _) => "Unreachable: no HTTP answer, so this is not a CORS problem.",
                (false, false) => "Most likely a network failure, not a CORS problem: see why below.",
                (false, true) => {
                    "Most likely unreachable: no HTTP answer reached this page. A CORS check in front of a redirect would look the same; the step below settles it."
                }
            };
            ("unreachable", text.into())
        }
        Verdict::InvalidInput => ("invalid-input", "Nothing sent: the request cannot be sent as written.".into()),
    }
}

/// The finished report: verdict first, then causes with their fixes, then evidence.
pub fn report_node(r: &Report) -> Node {
    let (class, headline) = verdict_text(r);
    let browser = r.browser.as_ref().map(|b| format!("{} {}", b.name, b.version)).unwrap_or_default();
    let source = match r.source.as_deref() {
        Some("headers") => format!("Judged from the pasted headers, for a page on {}", r.page_origin),
        Some("har") => format!("Judged from the HAR file, for a page on {}", r.page_origin),
        Some("console") => format!("Read from the browser's console message, for a page on {}", r.page_origin),
        // `corsprobe check` read every header itself; no browser ran it.
        Some("cli") => format!("Judged from the headers corsprobe's command line read, sending {browser}'s request, for a page on {}", r.page_origin),
        _ => format!("From {} in {browser}", r.page_origin),
    };
    let errors = r.findings.iter().filter(|f| f.severity == Severity::Error);
    let notes = r.findings.iter().filter(|f| f.severity != Severity::Error);
    el_class("section", "report")
        .attr("data-verdict", r.verdict.as_str())
        .child(
            el_class("div", format!("verdict {class}"))
                .attr("role", "status")
                .child(el("strong").text(headline))
                .child(el_class("span", "meta").text(source)),
        )
        .child_opt(r.needs_headers.then(settle_note))
        .child(el_class("div", "findings").children(errors.chain(notes).map(finding_card)))
        .child_opt(other_browsers(r))
        .child_opt((!r.curl.is_empty()).then(|| {
            // The one step that settles the report comes first, shown open.
            let settles = r.curl.first().is_some_and(|c| c.settles);
            el_class("details", "curl")
                .attr_opt("open", settles.then_some(""))
                .child(el("summary").text(if settles {
                    "One step settles it: run the first command"
                } else {
                    "Replay with curl (this page's Origin)"
                }))
                .children(
                    r.curl
                        .iter()
                        .flat_map(|c| [el("p").text(&c.label).into(), el("pre").child(code(&c.command)).into(), copy_button(ReportAction::Copy)]),
                )
                .into()
        }))
        .child_opt((!r.probes.is_empty()).then(|| probe_table(&r.probes)))
        .child(
            el_class("div", "actions")
                .child(el("button").attr("type", "button").attr("data-action", ReportAction::DownloadJson.name()).text("Download JSON"))
                .child(el("button").attr("type", "button").attr("data-action", ReportAction::CopyMarkdown.name()).text("Copy as Markdown")),
        )
        .into()
}

/// What settles a group of causes in one step, with the buttons that open Analyze
/// ready for it (`data-settle`): the browser's own console line, which the console
/// reader reads exactly, or the curl output, which the header judge reads exactly.
fn settle_note() -> Node {
    el_class("div", "note")
        .attr("data-settle", "")
        .child(el("p").text("Page code cannot see the headers of a blocked response, so the probes leave more than one cause. One step settles it in this browser: copy the red line the console shows for this request (DevTools → Console, \"… has been blocked by CORS policy: …\") into Analyze → Console error; or run the curl commands below and paste their whole output into Analyze → Response headers. Either names the exact error."))
        .child(
            el_class("p", "actions")
                .child(el("button").attr("type", "button").attr("data-action", ReportAction::PasteConsole.name()).text("Paste the console line in Analyze"))
                .child(el("button").attr("type", "button").attr("data-action", ReportAction::PasteHeaders.name()).text("Paste curl output in Analyze")),
        )
        .into()
}

/// A Copy button: the page copies the text of the `<pre>` just before it.
pub fn copy_button(action: ReportAction) -> Node {
    el_class("button", "copy").attr("type", "button").attr("data-action", action.name()).text("Copy").into()
}

/// What Firefox and WebKit (and the standard) do where they differ from this browser,
/// for these findings: the person's users run all three.
fn other_browsers(r: &Report) -> Option<Node> {
    let rows = differences(r);
    if rows.is_empty() {
        return None;
    }
    let count = rows.len();
    let items = rows.into_iter().map(|d| {
        let evidence = match d.evidence {
            Evidence::Measured => "(measured in corsprobe's lab)",
            Evidence::Source => "(from browser source code, not measured)",
        };
        let pair = |term: &str, desc: String| [el("dt").text(term).into(), el("dd").text(desc).into()];
        el("li")
            .attr("data-difference", &d.id)
            .child(el("p").child(el("strong").text(d.topic.replace('`', ""))).text(" ").child(el("small").text(evidence)))
            .child(
                el("dl")
                    .children(pair("Standard", d.standard.replace('`', "")))
                    .children(pair("Chromium", d.chromium))
                    .children(pair("Firefox", d.firefox))
                    .children(pair("WebKit / Safari", d.webkit)),
            )
            .into()
    });
    Some(
        el_class("details", "browsers")
            .attr("data-browser-notes", count.to_string())
            .child(el("summary").text("In other browsers"))
            .child(el_class("ul", "differences").children(items))
            .into(),
    )
}

fn finding_card(f: &Finding) -> Node {
    let certainty = match f.certainty {
        Certainty::Exact => "exact",
        Certainty::Likely => "likely",
        Certainty::Possible => "possible",
    };
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let chromium = f.chromium.iter().map(|e| e.name()).collect::<Vec<_>>().join(", ");
    let fixes = f.fix.iter().map(|b| {
        el_class("div", "fix")
            .child(el_class("p", "fix-title").text(&b.response))
            .child(el("pre").child(code(&b.lines.join("\n"))))
            .child(copy_button(ReportAction::Copy))
            .child_opt(b.note.as_ref().map(|n| el_class("p", "note").text(n).into()))
            .into()
    });
    el_class("article", format!("finding {severity}"))
        .attr("data-finding", &f.id)
        .attr("data-certainty", certainty)
        .child(
            el("header")
                .child(el("h3").text(&f.title))
                .child(el_class("span", format!("badge {certainty}")).attr("title", "How sure corsprobe is").text(certainty))
                .child_opt(f.param.as_ref().filter(|p| !p.is_empty()).map(|p| el_class("code", "param").text(p).into())),
        )
        .child(el("p").text(&f.what))
        .child_opt(f.proven.as_ref().map(|p| el_class("p", "proven").child(el("strong").text("Proven: ")).text(p).into()))
        .child_opt((!f.why.is_empty()).then(|| el_class("p", "why").text(&f.why).into()))
        .children(fixes)
        .child_opt((!f.evidence.is_empty()).then(|| {
            el_class("details", "evidence")
                .child(el("summary").text("Evidence"))
                .child(el("ul").children(f.evidence.iter().map(|e| el("li").text(e).into())))
                .into()
        }))
        .child(
            el_class("p", "refs")
                .child_opt((!chromium.is_empty()).then(|| el("span").text("Chromium: ").child(code(&chromium)).text(" · ").into()))
                .child(el("a").attr("href", &f.mdn).attr("target", "_blank").attr("rel", "noopener noreferrer").text("MDN")),
        )
        .into()
}

fn probe_table(probes: &[ProbeRecord]) -> Node {
    let head = ["Probe", "Method", "Mode", "Credentials", "Preflight", "Outcome", "Time"];
    let rows = probes.iter().map(|p| {
        let class = match &p.outcome {
            ProbeOutcome::Response { .. } => "ok",
            ProbeOutcome::Failed { .. } => "fail",
            _ => "other",
        };
        let time = p.outcome.elapsed_ms().map(|ms| format!("{} ms", ms as u64)).unwrap_or_default();
        el("tr")
            .attr("data-probe", &p.id)
            .attr("class", class)
            .child(el("td").text(&p.purpose))
            .child(el("td").child(code(&p.method)))
            .child(el("td").text(p.mode.as_str()))
            .child(el("td").text(p.credentials.as_str()))
            .child(el("td").text(if p.preflight { "yes" } else { "no" }))
            .child(el("td").text(p.outcome.label()))
            .child(el("td").text(time))
            .into()
    });
    el_class("details", "probe-table")
        .flag("open", true)
        .child(el("summary").text("Requests sent"))
        // Focusable, so keyboard users can scroll it on narrow screens.
        .child(el_class("div", "scroll").attr("tabindex", "0").attr("role", "region").attr("aria-label", "Requests sent").child(
            el("table").child(el("thead").child(el("tr").children(head.iter().map(|h| el("th").text(*h).into())))).child(el("tbody").children(rows)),
        ))
        .into()
}
