//! The message above the result: what a share link brought, or why it could not be
//! opened, or why no report could be written.

use crate::app;
use corsprobe_view::names::Action;
use leptos::prelude::*;

#[component]
pub fn NoticeBar() -> impl IntoView {
    move || {
        app::state().notice.with(|notice| {
            notice.as_ref().map(|n| {
                let shared = n.id == "shared";
                view! {
                    <div class=if shared { "notice info" } else { "notice error" } role=if shared { "status" } else { "alert" }
                        data-share-notice=n.id>
                        <p>{n.text.clone()}</p>
                        <button class="link" type="button" data-action=Action::DismissNotice.name()
                            on:click=move |_| app::state().notice.set(None)>"Dismiss"</button>
                    </div>
                }
            })
        })
    }
}
