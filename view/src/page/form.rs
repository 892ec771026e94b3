//! The request form. Controls carry the `name` attributes the app reads on `input` and
//! `change` events and the browser tests fill in.

use crate::node::{el, el_class, Element, Node};
use corsprobe_engine::input::{Field, FormInput, InputProblem};
use corsprobe_engine::{Credentials, Mode, RedirectMode};

use super::slot;
use crate::names::{Action, Control, Slot};

const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The fields whose problems show right under their control, and their slots.
pub const PROBLEM_SLOTS: &[(Field, Slot)] = &[
    (Field::Url, Slot::ProblemsUrl),
    (Field::Method, Slot::ProblemsMethod),
    (Field::Mode, Slot::ProblemsMode),
    (Field::Redirect, Slot::ProblemsRedirect),
    (Field::Headers, Slot::ProblemsHeaders),
    (Field::Body, Slot::ProblemsBody),
];

fn problems_slot(field: Field) -> Node {
    let name = PROBLEM_SLOTS.iter().find(|(f, _)| *f == field).map_or(Slot::ProblemsUrl, |(_, s)| *s);
    slot(name)
}

/// A text `<input>` (no spellcheck: URLs, methods and header names are not prose).
pub(crate) fn text_input(name: Control, value: &str) -> Element {
    el("input").attr("name", name.name()).attr("type", "text").attr("spellcheck", "false").attr("autocomplete", "off").attr("value", value)
}

pub(crate) fn textarea(name: Control, rows: u32, value: &str) -> Element {
    el("textarea").attr("name", name.name()).attr("rows", rows.to_string()).attr("spellcheck", "false").text(value)
}

pub(crate) fn checkbox(name: Control, checked: bool) -> Element {
    el("input").attr("type", "checkbox").attr("name", name.name()).flag("checked", checked)
}

/// A `<select>` over a fixed list of values.
fn choice(label: &str, name: Control, options: &[&'static str], selected: &str) -> Node {
    el("label")
        .text(label)
        .child(
            el("select")
                .attr("name", name.name())
                .children(options.iter().map(|o| el("option").attr("value", *o).flag("selected", *o == selected).text(*o).into())),
        )
        .into()
}

pub fn request_form(form: &FormInput, allow_repeats: bool) -> Node {
    let modes: Vec<&'static str> = Mode::ALL.iter().map(|m| m.as_str()).collect();
    let credentials: Vec<&'static str> = Credentials::ALL.iter().map(|c| c.as_str()).collect();
    let redirects: Vec<&'static str> = RedirectMode::ALL.iter().map(|r| r.as_str()).collect();
    el_class("form", "request-form")
        .flag("novalidate", true)
        .child(
            el_class("label", "wide")
                .text("Endpoint URL")
                .child(text_input(Control::Url, &form.url).attr("inputmode", "url").attr("placeholder", "https://api.example.com/items")),
        )
        .child(problems_slot(Field::Url))
        .child(
            el_class("div", "row")
                .child(
                    el("label")
                        .text("Method")
                        .child(text_input(Control::Method, &form.method).attr("list", "methods"))
                        .child(el("datalist").attr("id", "methods").children(METHODS.iter().map(|m| el("option").attr("value", *m).into()))),
                )
                .child(choice("Mode", Control::Mode, &modes, form.mode.as_str()))
                .child(choice("Credentials", Control::Credentials, &credentials, form.credentials.as_str()))
                .child(choice("Redirect", Control::Redirect, &redirects, form.redirect.as_str())),
        )
        .child(problems_slot(Field::Method))
        .child(problems_slot(Field::Mode))
        .child(problems_slot(Field::Redirect))
        .child(
            el_class("label", "wide")
                .text("Headers ")
                .child(el("small").text("(one ").child(el("code").text("Name: value")).text(" per line)"))
                .child(textarea(Control::Headers, 3, &form.headers).attr("placeholder", "Authorization: Bearer …\nX-Api-Key: …")),
        )
        .child(problems_slot(Field::Headers))
        .child(el_class("label", "wide").text("Body").child(textarea(Control::Body, 2, &form.body)))
        .child(problems_slot(Field::Body))
        .child(
            el_class("label", "check")
                .child(checkbox(Control::AllowRepeats, allow_repeats))
                .text(" Allow sending a non-safe method (POST, PUT, PATCH, DELETE…) more than once"),
        )
        .child(
            el_class("div", "actions")
                .child(el_class("button", "primary").attr("type", "submit").attr("data-action", Action::Run.name()).text("Run"))
                .child(el("button").attr("type", "button").attr("data-action", Action::Cancel.name()).flag("disabled", true).text("Cancel"))
                .child(el_class("span", "hint").text("Enter runs; Ctrl+Enter from a text box.")),
        )
        .into()
}

/// The input problems of one control, shown right under it (nothing when it has none).
pub fn problems_node(field: Field, problems: &[InputProblem]) -> Option<Node> {
    let messages: Vec<Node> = problems.iter().filter(|p| p.field == field).map(|p| el("li").text(&p.message).into()).collect();
    (!messages.is_empty()).then(|| el_class("ul", "problems").attr("role", "alert").attr("data-field", field.name()).children(messages).into())
}
