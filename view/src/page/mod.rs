//! The page's layout as plain [`Node`] trees: pure functions of the engine's types, so
//! host tests see exactly what a person sees. The app renders them (`src/dom.rs`; a
//! report's tree is built in the analysis worker and posted as a [`report::ShownReport`]),
//! keeps its state in cells Leptos effects observe, and re-renders a part (a *slot*, an
//! element with `data-slot`) when what it shows changes. Controls carry the `name` and
//! `data-action` attributes the app's one delegated event handler and the browser
//! tests use.

pub mod form;
pub mod panels;
pub mod report;

use crate::names::{Action, Slot};
use crate::node::{el, el_class, Element, Node};

pub(crate) fn code(s: &str) -> Node {
    el("code").text(s).into()
}

/// A place the app fills and refills (`display: contents`, so it adds no box).
pub fn slot(name: Slot) -> Node {
    el("div").attr("data-slot", name.name()).into()
}

/// A `<button type="button">`.
pub(crate) fn button(action: Action, label: &str) -> Element {
    el("button").attr("type", "button").attr("data-action", action.name()).text(label)
}

/// What the page starts with, before any slot is filled.
pub struct ShellInput<'a> {
    pub origin: &'a str,
    pub lab_url: &'a str,
}

/// The whole page: header, the request side (form and panels), the result side.
pub fn shell(input: &ShellInput) -> Vec<Node> {
    let header = el_class("header", "top")
        .child(el("h1").text("corsprobe"))
        .child(el_class("p", "tagline").text("Why did the browser block it? Real requests from your browser, the exact cause, the exact fix."))
        .child(
            el_class("p", "origin")
                .attr("data-page-origin", input.origin)
                .text("Requests from this page carry ")
                .child(code(&format!("Origin: {}", input.origin)))
                .text(". Your own app sends its own origin: to test exactly what it sees, serve corsprobe from your app's origin (see README)."),
        );
    let request = el_class("section", "request")
        .attr("aria-label", "Request")
        // The request form is the app's Leptos component (src/components/), mounted here.
        .child(el_class("div", "form-host"))
        .child(el_class("div", "share-host"))
        .child(panels::examples_panel(input.lab_url))
        .child(panels::analyze_panel(input.origin))
        .child(slot(Slot::Recent))
        .child(how_it_works());
    let result = el_class("section", "result")
        .attr("aria-live", "polite")
        .child(slot(Slot::Notice))
        .child(slot(Slot::Run))
        // The Fix panel is the app's Leptos component (src/components/), mounted here.
        .child(el_class("div", "fix-host"));
    vec![header.into(), el("main").child(request).child(result).into()]
}

/// A short account of what Run does, for the person deciding whether to trust it.
fn how_it_works() -> Node {
    el_class("details", "how")
        .child(el("summary").text("How this works"))
        .child(el("p").text("A blocked fetch only tells page code \"Failed to fetch\". corsprobe sends your request plus a few small variations at once: a no-cors request to see whether the server answers at all, the request without credentials, a simple version without a preflight, one with each custom header, and one from a sandboxed frame (Origin: null) to see whether the server trusts null. Which variations pass shows which rule the browser applied."))
        .child(el("p").text("Every request really leaves your browser with this page's Origin, so the results are what your browser does. Findings say how sure they are: exact when what the browser did proves it, likely or possible when only the server's headers could settle it (the page offers curl commands for that)."))
        .child(el("p").text("A POST, PUT, PATCH or DELETE is sent at most once per run unless you allow more. Nothing is sent until you press Run, and share links never send anything by themselves."))
        .into()
}

#[cfg(test)]
mod tests;
