//! Turns the analysis worker's [`Node`] trees into DOM, and finds controls by `name`. Text goes in as text nodes and attributes through `setAttribute`, never as
//! HTML, so whatever an endpoint sent stays inert.

use corsprobe_view::names::Control;
use corsprobe_view::node::Node;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("corsprobe runs in a page")
}

fn build(doc: &Document, node: &Node) -> Option<web_sys::Node> {
    match node {
        Node::Text(t) => Some(doc.create_text_node(t).into()),
        Node::El(e) => {
            let element = doc.create_element(&e.tag).ok()?;
            for (name, value) in &e.attrs {
                let _ = element.set_attribute(name, value);
            }
            for child in &e.children {
                if let Some(c) = build(doc, child) {
                    let _ = element.append_child(&c);
                }
            }
            Some(element.into())
        }
    }
}

/// Appends `nodes` to `parent`.
fn append(parent: &Element, nodes: &[Node]) {
    let doc = document();
    for n in nodes {
        if let Some(built) = build(&doc, n) {
            let _ = parent.append_child(&built);
        }
    }
}

/// Replaces what `host` shows with `nodes`.
pub fn replace_children(host: &Element, nodes: &[Node]) {
    host.set_text_content(None);
    append(host, nodes);
}

/// The first element matching a CSS selector.
pub fn query(selector: &str) -> Option<Element> {
    document().query_selector(selector).ok().flatten()
}

/// The control `[name=…]`.
pub fn control(name: Control) -> Option<Element> {
    query(&format!("[name=\"{}\"]", name.name()))
}

/// Sets a boolean property (`checked`, `open`, `disabled`) of an element.
pub fn set_flag(element: &Element, property: &str, on: bool) {
    let _ = js_sys::Reflect::set(element, &property.into(), &JsValue::from_bool(on));
}

/// The closest element (from the event's target up) with attribute `name`.
pub fn closest_with(target: &JsValue, name: &str) -> Option<Element> {
    let element = target.dyn_ref::<Element>()?;
    element.closest(&format!("[{name}]")).ok().flatten()
}
