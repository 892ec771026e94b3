//! The page's parts as Leptos components: each a `#[component]` with `view!`, its
//! behaviour on the element (`on:input`, `on:click`), reading and writing the page's
//! state cells ([`crate::app::state`]). [`PageView`] is the whole page. The report is
//! a node tree the analysis worker draws; [`RunResult`] mounts it.

mod analyze_panel;
mod examples;
mod fix_panel;
mod notice_bar;
mod page_view;
mod recent_runs;
mod request_form;
mod run_result;
mod share_panel;

pub use analyze_panel::AnalyzePanel;
pub use examples::Examples;
pub use fix_panel::FixPanel;
pub use notice_bar::NoticeBar;
pub use page_view::PageView;
pub use recent_runs::RecentRuns;
pub use request_form::RequestForm;
pub use run_result::RunResult;
pub use share_panel::SharePanel;

use crate::app::{self, AppState};
use crate::observed::Observed;
use leptos::ev::Event;
use leptos::prelude::event_target_value;

/// A text control bound both ways to one field of a state cell: what the state holds is
/// what the control shows (an example or a link that fills it shows too), and typing
/// writes it. `cell` picks the cell from the page's state.
fn bound<T: 'static>(
    cell: fn(AppState) -> &'static Observed<T>,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
) -> (impl Fn() -> String + Copy, impl Fn(Event) + Copy) {
    (
        move || cell(app::state()).with(get),
        move |ev: Event| {
            let value = event_target_value(&ev);
            cell(app::state()).update(|t| set(t, value));
        },
    )
}
