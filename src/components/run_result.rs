//! The run's slot: the probes Run would send, their progress during a run, then the
//! report. These are node trees (the report is drawn by the analysis worker, off the
//! page's thread), mounted here; their buttons are [`ReportAction`]s, handled by one
//! listener on the slot.

use crate::app::{self, planned, RunState};
use crate::{actions, dom};
use corsprobe_view::names::{ReportAction, Slot};
use corsprobe_view::node::Node;
use corsprobe_view::page::report::{plan_node, progress_node, reading_node};
use leptos::ev::MouseEvent;
use leptos::html::Div;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// What the slot shows for the run's state.
fn nodes() -> Vec<Node> {
    let state = app::state();
    state.run.with(|run| match run {
        RunState::Idle => planned(state).as_ref().map(plan_node).into_iter().collect(),
        RunState::Running { plan, outcomes, .. } => vec![progress_node(plan, outcomes)],
        RunState::Reading { .. } => vec![reading_node()],
        RunState::Done(report) => report.nodes(),
    })
}

#[component]
pub fn RunResult() -> impl IntoView {
    let host = NodeRef::<Div>::new();
    // Redrawn only when it would show something else: typing that does not change the
    // plan leaves it (and the person's place in it) alone.
    let shown = RefCell::new(None::<Vec<Node>>);
    app::effect(Box::new(move || {
        let Some(host) = host.get() else { return };
        let nodes = nodes();
        if shown.borrow().as_ref() != Some(&nodes) {
            dom::replace_children(&host, &nodes);
            *shown.borrow_mut() = Some(nodes);
        }
    }));
    let on_click = move |ev: MouseEvent| {
        let Some(target) = ev.target() else { return };
        let Some(button) = dom::closest_with(&JsValue::from(target), "data-action") else { return };
        if let Some(action) = button.get_attribute("data-action").as_deref().and_then(ReportAction::from_name) {
            actions::report_action(app::state(), action, &button);
        }
    };
    view! { <div data-slot=Slot::Run.name() node_ref=host on:click=on_click></div> }
}
