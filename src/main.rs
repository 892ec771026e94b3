fn main() {
    console_error_panic_hook::set_once();
    // Leptos' mount gives the page its reactive owner and task executor; the page
    // itself is built by `app::start`.
    leptos::mount::mount_to_body(corsprobe::app::start);
    // The page is interactive once mounted: the time-to-interactive benchmark reads this.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("corsprobe-interactive");
    }
}
