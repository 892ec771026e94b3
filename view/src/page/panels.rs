//! The panels beside the form: share, examples, analyze, recent runs, the notice above
//! the result, and "Fix it on your server". Static parts are built once; what changes
//! is a slot the app refills with the `*_node` functions here.

use super::form::{text_input, textarea};
use super::{button, code, slot};
use crate::job::AnalyzedItem;
use crate::names::{Action, Control, Slot};
use crate::node::{el, el_class, Node};
use corsprobe_engine::RequestSpec;
use serde::{Deserialize, Serialize};

fn problem_node(message: &str) -> Node {
    el_class("p", "problems").attr("role", "alert").text(message).into()
}

/// One of the lab's cases (`/cases.json`).
#[derive(Debug, Clone, Deserialize)]
pub struct LabCase {
    pub id: String,
    pub title: String,
    pub request: RequestSpec,
}

/// Where loading the lab's examples stands.
#[derive(Debug, Clone, Default)]
pub enum ExamplesState {
    #[default]
    NotLoaded,
    Loading,
    Cases(Vec<LabCase>),
    Failed(String),
}

/// "Try an example": the lab's cases, loaded on request (never on page load).
pub fn examples_panel(lab_url: &str) -> Node {
    el_class("details", "examples")
        .child(el("summary").text("Try an example"))
        .child(el("p").text("The lab serves endpoints that break CORS in every way real servers do."))
        .child(
            el_class("div", "row")
                .child(el("label").text("Lab URL").child(text_input(Control::Lab, lab_url)))
                .child(button(Action::LoadExamples, "Load examples")),
        )
        .child(slot(Slot::Examples))
        .into()
}

pub fn examples_node(state: &ExamplesState) -> Option<Node> {
    match state {
        ExamplesState::NotLoaded => None,
        ExamplesState::Loading => Some(el("p").text("Loading…").into()),
        ExamplesState::Failed(e) => Some(problem_node(e)),
        ExamplesState::Cases(cases) => Some(
            el_class("ul", "example-list")
                .children(
                    cases
                        .iter()
                        .map(|c| el("li").child(el_class("button", "link").attr("type", "button").attr("data-example", &c.id).text(&c.title)).into()),
                )
                .into(),
        ),
    }
}

/// "Analyze": pasted headers, a console error or a HAR file, judged by the worker.
pub fn analyze_panel(origin: &str) -> Node {
    el_class("details", "analyze")
        .child(el("summary").text("Analyze headers, a HAR file or a console error"))
        .child(el("p").text("Headers settle what live probing cannot see. Paste what curl, DevTools or the console shows; nothing is sent anywhere."))
        .child(el("label").text("Origin to judge against (your app's origin)").child(text_input(Control::AnalyzeOrigin, origin)))
        .child(
            el("label")
                .text("Response headers (curl -i or -v output, or DevTools' raw headers; preflight and response)")
                .child(textarea(Control::RawHeaders, 6, "").attr("placeholder", "HTTP/1.1 204 No Content\naccess-control-allow-origin: https://app.example.com")),
        )
        .child(el_class("p", "hint").text("Judged for the request in the form above (its method, headers and credentials)."))
        .child(button(Action::Analyze, "Analyze headers").attr("data-input", Control::RawHeaders.name()))
        .child(
            el("label")
                .text("Console error (Chromium, Firefox or Safari)")
                .child(textarea(Control::ConsoleError, 4, "").attr("placeholder", "Access to fetch at '…' from origin '…' has been blocked by CORS policy: …")),
        )
        .child(button(Action::Analyze, "Analyze console error").attr("data-input", Control::ConsoleError.name()))
        .child(
            el_class("div", "drop")
                .child(
                    el("label")
                        .text("HAR file (DevTools → Network → Export HAR), or drop it here")
                        .child(el("input").attr("name", Control::Har.name()).attr("type", "file").attr("accept", ".har,.json,application/json")),
                )
                .child(el_class("p", "hint").text("A HAR does not record fetch's credentials or redirect mode: requests with a Cookie header count as credentialed, and redirects as followed. Set Credentials to include, or Redirect to manual, in the form above to judge them that way.")),
        )
        .child(button(Action::Analyze, "Analyze HAR").attr("data-input", Control::Har.name()))
        .child(slot(Slot::AnalyzeStatus))
        .child(slot(Slot::Analyzed))
        .into()
}

/// What the analysis is doing, or why it could not.
pub fn analyze_status_node(busy: Option<&str>, problem: Option<&str>) -> Vec<Node> {
    let mut out = Vec::new();
    if let Some(doing) = busy {
        out.push(el("p").attr("role", "status").attr("data-analyze-busy", "").text(doing).into());
    }
    if let Some(p) = problem {
        out.push(el_class("p", "problems").attr("role", "alert").attr("data-analyze-problem", "").text(p).into());
    }
    out
}

/// The requests a HAR held, to choose one (shown when there is more than one).
pub fn analyzed_node(items: &[AnalyzedItem], chosen: Option<usize>) -> Vec<Node> {
    if items.is_empty() {
        return Vec::new();
    }
    let rows = items.iter().enumerate().map(|(i, item)| {
        let verdict = item.report.verdict.as_str();
        el("li")
            .child(el_class("span", format!("badge {verdict}")).text(verdict))
            .child(
                el_class("button", "link")
                    .attr("type", "button")
                    .attr("data-analyzed", i.to_string())
                    .attr_opt("aria-current", (chosen == Some(i)).then_some("true"))
                    .attr("data-verdict", verdict)
                    .text(&item.label),
            )
            .into()
    });
    vec![
        el_class("p", "analyzed-summary").attr("data-analyzed-summary", "").text(analyzed_summary(items)).into(),
        el_class("ul", "analyzed").attr("aria-label", "Requests found").attr("tabindex", "0").children(rows).into(),
    ]
}

/// "54 cross-origin requests: 40 blocked, 14 pass." — what the list holds, before
/// the person scrolls it.
pub fn analyzed_summary(items: &[AnalyzedItem]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for item in items {
        let v = item.report.verdict.as_str();
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let parts: Vec<String> = counts.iter().map(|(v, n)| format!("{n} {v}")).collect();
    format!("{} cross-origin requests: {}. Choose one to see its report.", items.len(), parts.join(", "))
}

/// One run kept in localStorage: enough to list it and to reopen it like a link.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecentRun {
    pub at: String,
    pub method: String,
    pub url: String,
    pub verdict: String,
    /// A share fragment (secrets redacted), so reopening is exactly opening a link.
    pub fragment: String,
}

pub fn recent_node(runs: &[RecentRun]) -> Option<Node> {
    if runs.is_empty() {
        return None;
    }
    let rows = runs.iter().enumerate().map(|(i, run)| {
        el("li")
            .child(
                el_class("button", "link")
                    .attr("type", "button")
                    .attr("data-recent", i.to_string())
                    .child(el_class("span", format!("badge {}", run.verdict)).text(&run.verdict))
                    .text(" ")
                    .child(code(&run.method))
                    .text(format!(" {}", run.url)),
            )
            .child(el_class("span", "meta").text(format!(" {}", run.at)))
            .into()
    });
    Some(
        el_class("details", "recent")
            .child(el("summary").text("Recent runs (kept in this browser only)"))
            .child(el("ol").children(rows))
            .child(button(Action::ClearRecent, "Clear recent runs"))
            .into(),
    )
}

/// A message above the result: what a share link brought (`id` = `shared`), or why it
/// could not be opened (`id` = the share error's id).
pub fn notice_node(id: &str, text: &str) -> Node {
    let shared = id == "shared";
    el_class("div", format!("notice {}", if shared { "info" } else { "error" }))
        .attr("role", if shared { "status" } else { "alert" })
        .attr("data-share-notice", id)
        .child(el("p").text(text))
        .child(el_class("button", "link").attr("type", "button").attr("data-action", Action::DismissNotice.name()).text("Dismiss"))
        .into()
}
