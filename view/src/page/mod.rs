//! What the analysis worker draws as plain [`Node`] trees: the report, and the plan and
//! progress of a run. Pure functions of the engine's types, so host tests see exactly
//! what a person sees. The rest of the page (the form, the panels) is the app's Leptos
//! components (`src/components/`); they mount these trees in the run slot
//! (`src/components/run_result.rs`). Buttons in a tree carry a typed
//! [`crate::names::ReportAction`] in `data-action`.

pub mod report;

use crate::node::{el, Node};

pub(crate) fn code(s: &str) -> Node {
    el("code").text(s).into()
}

#[cfg(test)]
mod tests;
