//! The panels' form controls. (The request form itself is the app's Leptos component,
//! `src/components/request_form.rs`.) Controls carry the `name` attributes the app
//! reads on `input` and `change` events and the browser tests fill in.

use crate::names::Control;
use crate::node::{el, Element};

/// A text `<input>` (no spellcheck: URLs, methods and header names are not prose).
pub(crate) fn text_input(name: Control, value: &str) -> Element {
    el("input").attr("name", name.name()).attr("type", "text").attr("spellcheck", "false").attr("autocomplete", "off").attr("value", value)
}

pub(crate) fn textarea(name: Control, rows: u32, value: &str) -> Element {
    el("textarea").attr("name", name.name()).attr("rows", rows.to_string()).attr("spellcheck", "false").text(value)
}
