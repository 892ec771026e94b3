//! A plain tree of elements and text: what the page shows, built by pure functions in
//! [`crate::page`] and turned into DOM by one small function in the app (`src/dom.rs`).
//!
//! Why not Leptos' `view!` for these parts: every `view!` is its own generic type, and
//! the page's wasm carried one monomorphized copy of Leptos' rendering code per view,
//! about 134 KB of its 234 KB gzipped (issue 6 measured it). One non-generic tree and
//! one renderer cost a few KB, and the layout becomes host-testable.
//!
//! Text is always text: the renderer sets `textContent` and attributes with
//! `setAttribute`, never HTML, so endpoint content (which reaches findings, probe
//! labels and HAR summaries) stays inert.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// One node of the page. Serializable because the analysis worker writes reports as
/// trees and posts them to the page, which then needs no decoder for the report itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Externally tagged (`{"e": …}` / `{"s": "…"}`): an untagged enum decodes through
// serde's buffered `Content`, more code in the page's wasm.
pub enum Node {
    #[serde(rename = "e")]
    El(Element),
    #[serde(rename = "s")]
    Text(String),
}

/// An element: a tag, its attributes in order, its children.
/// Names are borrowed when built here and owned when read back from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    #[serde(rename = "t")]
    pub tag: Cow<'static, str>,
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(Cow<'static, str>, String)>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

/// Starts an element.
pub fn el(tag: &'static str) -> Element {
    Element { tag: Cow::Borrowed(tag), attrs: Vec::new(), children: Vec::new() }
}

/// A text node.
pub fn text(s: impl Into<String>) -> Node {
    Node::Text(s.into())
}

/// `<tag class="…">`.
pub fn el_class(tag: &'static str, class: impl Into<String>) -> Element {
    el(tag).attr("class", class)
}

impl Element {
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.attrs.push((Cow::Borrowed(name), value.into()));
        self
    }

    /// An attribute only when `value` is `Some`.
    pub fn attr_opt(self, name: &'static str, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// A boolean attribute (`hidden`, `open`, `checked`…) when `on`.
    pub fn flag(self, name: &'static str, on: bool) -> Self {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    pub fn child(mut self, node: impl Into<Node>) -> Self {
        self.children.push(node.into());
        self
    }

    pub fn text(self, s: impl Into<String>) -> Self {
        self.child(Node::Text(s.into()))
    }

    pub fn children(mut self, nodes: impl IntoIterator<Item = Node>) -> Self {
        self.children.extend(nodes);
        self
    }

    /// A child only when there is one.
    pub fn child_opt(mut self, node: Option<Node>) -> Self {
        self.children.extend(node);
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl From<Element> for Node {
    fn from(e: Element) -> Node {
        Node::El(e)
    }
}

impl From<&str> for Node {
    fn from(s: &str) -> Node {
        Node::Text(s.to_string())
    }
}

impl From<String> for Node {
    fn from(s: String) -> Node {
        Node::Text(s)
    }
}

impl Node {
    /// The text inside, as `textContent` gives it.
    pub fn text_content(&self) -> String {
        let mut out = String::new();
        self.walk(&mut |n| {
            if let Node::Text(t) = n {
                out.push_str(t);
            }
        });
        out
    }

    fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        f(self);
        if let Node::El(e) = self {
            for c in &e.children {
                c.walk(f);
            }
        }
    }

    /// Every element, depth first.
    pub fn elements(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        self.walk(&mut |n| {
            if let Node::El(e) = n {
                out.push(e);
            }
        });
        out
    }

    /// The first element with attribute `name` (equal to `value`, when given): what
    /// `querySelector('[name=value]')` finds.
    pub fn find(&self, name: &str, value: Option<&str>) -> Option<&Element> {
        self.elements().into_iter().find(|e| e.get(name).is_some_and(|v| value.is_none_or(|w| v == w)))
    }

    /// Serialized as HTML with every text and attribute escaped (tests and debugging;
    /// the page builds DOM nodes instead).
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        self.write_html(&mut out);
        out
    }

    fn write_html(&self, out: &mut String) {
        match self {
            Node::Text(t) => escape_into(t, out),
            Node::El(e) => {
                out.push('<');
                out.push_str(&e.tag);
                for (name, value) in &e.attrs {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    escape_into(value, out);
                    out.push('"');
                }
                out.push('>');
                for c in &e.children {
                    c.write_html(out);
                }
                if !matches!(&*e.tag, "input" | "br" | "meta") {
                    out.push_str("</");
                    out.push_str(&e.tag);
                    out.push('>');
                }
            }
        }
    }
}

fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_and_attributes_is_escaped() {
        let n: Node = el("p").attr("title", "\"><script>").text("<img src=x onerror=alert(1)>").into();
        assert_eq!(n.to_html(), "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;img src=x onerror=alert(1)&gt;</p>");
        assert_eq!(n.text_content(), "<img src=x onerror=alert(1)>");
    }

    #[test]
    fn optional_parts_and_lookup() {
        let n: Node = el("ul")
            .attr_opt("data-a", None::<String>)
            .flag("hidden", false)
            .child(el("li").attr("data-x", "1").text("one"))
            .child_opt(None)
            .child(el("li").attr("data-x", "2").flag("open", true))
            .into();
        assert_eq!(n.to_html(), "<ul><li data-x=\"1\">one</li><li data-x=\"2\" open=\"\"></li></ul>");
        assert_eq!(n.find("data-x", Some("2")).map(|e| &*e.tag), Some("li"));
        assert!(n.find("data-x", Some("3")).is_none());
        assert_eq!(n.elements().len(), 3);
    }
}
