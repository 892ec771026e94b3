//! The whole page: the header, the request side (form, share, examples, Analyze, recent
//! runs, how it works) and the result side (notice, the run's plan, progress and report,
//! the Fix panel).

use super::{AnalyzePanel, Examples, FixPanel, NoticeBar, RecentRuns, RequestForm, RunResult, SharePanel};
use crate::{analysis_worker, app};
use leptos::prelude::*;

#[component]
pub fn PageView() -> impl IntoView {
    let origin = app::state().page_origin.clone();
    // The person's first click or keystroke starts loading the analysis worker (never
    // the page load itself), so it is ready when Run needs it for the report.
    view! {
        <header class="top">
            <h1>"corsprobe"</h1>
            <p class="tagline">"Why did the browser block it? Real requests from your browser, the exact cause, the exact fix."</p>
            <p class="origin" data-page-origin=origin.clone()>
                "Requests from this page carry " <code>{format!("Origin: {origin}")}</code>
                ". Your own app sends its own origin: to test exactly what it sees, serve corsprobe from your app's origin (see README)."
            </p>
        </header>
        <main on:click=|_| analysis_worker::warm() on:input=|_| analysis_worker::warm()>
            <section class="request" aria-label="Request">
                <RequestForm/>
                <SharePanel/>
                <Examples/>
                <AnalyzePanel/>
                <RecentRuns/>
                <HowItWorks/>
            </section>
            <section class="result" aria-live="polite">
                <NoticeBar/>
                <RunResult/>
                <FixPanel/>
            </section>
        </main>
    }
}

/// A short account of what Run does, for the person deciding whether to trust it.
#[component]
fn HowItWorks() -> impl IntoView {
    view! {
        <details class="how">
            <summary>"How this works"</summary>
            <p>"A blocked fetch only tells page code \"Failed to fetch\". corsprobe sends your request plus a few small variations at once: a no-cors request to see whether the server answers at all, the request without credentials, a simple version without a preflight, one with each custom header, and one from a sandboxed frame (Origin: null) to see whether the server trusts null. Which variations pass shows which rule the browser applied."</p>
            <p>"Every request really leaves your browser with this page's Origin, so the results are what your browser does. Findings say how sure they are: exact when what the browser did proves it, likely or possible when only the server's headers could settle it (the page offers curl commands for that)."</p>
            <p>"A POST, PUT, PATCH or DELETE is sent at most once per run unless you allow more. Nothing is sent until you press Run, and share links never send anything by themselves."</p>
        </details>
    }
}
