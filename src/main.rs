fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(corsprobe::app::App);
    // The page is interactive once mounted: the time-to-interactive benchmark reads this.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("corsprobe-interactive");
    }
}
