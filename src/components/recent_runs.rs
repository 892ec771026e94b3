//! "Recent runs": the last runs of this browser (kept redacted in localStorage), each
//! reopened exactly as its share link would be.

use crate::{app, share};
use corsprobe_view::names::Action;
use leptos::prelude::*;

#[component]
pub fn RecentRuns() -> impl IntoView {
    move || {
        app::state().recent.with(|runs| {
            (!runs.is_empty()).then(|| {
                let rows = runs
                    .iter()
                    .enumerate()
                    .map(|(i, run)| {
                        view! {
                            <li>
                                <button class="link" type="button" data-recent=i.to_string()
                                    on:click=move |_| share::open_recent(app::state(), i)>
                                    <span class=format!("badge {}", run.verdict)>{run.verdict.clone()}</span>
                                    " " <code>{run.method.clone()}</code> {format!(" {}", run.url)}
                                </button>
                                <span class="meta">{format!(" {}", run.at)}</span>
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <details class="recent">
                        <summary>"Recent runs (kept in this browser only)"</summary>
                        <ol>{rows}</ol>
                        <button type="button" data-action=Action::ClearRecent.name()
                            on:click=move |_| share::clear_recent(app::state())>"Clear recent runs"</button>
                    </details>
                }
            })
        })
    }
}
