fn main() {
    console_error_panic_hook::set_once();
    // `app::start` builds the page's state and returns the page's root component.
    leptos::mount::mount_to_body(corsprobe::app::start);
    // The page is interactive once mounted: the time-to-interactive benchmark reads this.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("corsprobe-interactive");
    }
}
