//! The parts of the page a person types into and clicks, as Leptos components: each a
//! `#[component]` with `view!`, its behaviour on the element (`on:input`, `on:submit`),
//! reading and writing the page's state cells ([`crate::app::state`]). The rest of the
//! page is still drawn from `corsprobe-view`'s node trees (issue 21 moves it here part
//! by part).

mod fix_panel;
mod request_form;
mod share_panel;

pub use fix_panel::FixPanel;
pub use request_form::RequestForm;
pub use share_panel::SharePanel;
