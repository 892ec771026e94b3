//! "Share link": a link whose fragment holds the request (and the report's evidence,
//! unless unticked); the secrets found in the form are left out unless the person
//! ticks each one. Making the link is `crate::share::share`.

use crate::{app, share};
use corsprobe_engine::share::{find_secrets, Secret};
use corsprobe_view::names::{Action, Control};
use leptos::prelude::*;

#[component]
pub fn SharePanel() -> impl IntoView {
    // Recomputed on each keystroke in the form, redrawn only when the secrets change (a
    // redraw would drop the focus of a ticked box).
    let secrets = Memo::new(move |_| app::state().form.with(find_secrets));
    view! {
        <section class="share" aria-label="Share">
            <div class="row">
                <button type="button" data-action=Action::Share.name() on:click=move |_| share::share(app::state())>"Share link"</button>
                <label class="check">
                    <input type="checkbox" name=Control::ShareReport.name()
                        prop:checked=move || app::state().with_report.get()
                        on:change=move |ev| app::state().with_report.set(event_target_checked(&ev))/>
                    " include the report"
                </label>
            </div>
            {move || secrets.with(|s| (!s.is_empty()).then(|| secret_choices(s)))}
            {move || app::state().link.with(|made| made.as_ref().map(|made| match made {
                Ok(url) => view! {
                    <p class="share-link">
                        "Link copied and in the address bar: "
                        <input name=Control::ShareLink.name() readonly=true aria-label="Share link" prop:value=url.clone()/>
                    </p>
                }.into_any(),
                Err(message) => view! { <p class="problems" role="alert">{message.clone()}</p> }.into_any(),
            }))}
        </section>
    }
}

/// One box per secret found in the form, unticked unless the person chose to keep it.
fn secret_choices(secrets: &[Secret]) -> impl IntoView {
    let boxes = secrets
        .iter()
        .map(|secret| {
            let id = secret.id();
            let kept = {
                let id = id.clone();
                move || app::state().keep.with(|k| k.contains(&id))
            };
            let choose = {
                let id = id.clone();
                move |ev| {
                    let on = event_target_checked(&ev);
                    app::state().keep.update(|k| {
                        k.retain(|x| x != &id);
                        if on {
                            k.push(id.clone());
                        }
                    });
                }
            };
            view! {
                <label class="check">
                    <input type="checkbox" name=Control::ShareKeep.name() value=id prop:checked=kept on:change=choose/>
                    {format!(" include the {} value", secret.label())}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="secrets">
            <legend>"Left out of links unless you tick them"</legend>
            {boxes}
        </fieldset>
    }
}
