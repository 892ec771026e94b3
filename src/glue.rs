//! The thin browser glue: fetch, timers, location, downloads. Everything that decides
//! anything lives in `corsprobe_engine`; this file only sends requests and reports what
//! the browser did.

use corsprobe_engine::report::{BrowserInfo, ProbeOutcome};
use corsprobe_engine::share::{self, ShareError, SharePayload};
use corsprobe_engine::{Credentials, Mode, RedirectMode, RequestSpec};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit};

/// A message listener the closure it installs can remove again.
type SharedListener = std::rc::Rc<std::cell::RefCell<Option<Closure<dyn FnMut(web_sys::MessageEvent)>>>>;

fn window() -> web_sys::Window {
    web_sys::window().expect("corsprobe runs in a browser window")
}

/// This page's origin: the `Origin` every probe carries.
pub fn page_origin() -> String {
    window().location().origin().unwrap_or_else(|_| "null".into())
}

/// A query parameter of this page's URL (`?lab=…`).
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| js_sys::decode_uri_component(&v.replace('+', " ")).ok().map(String::from)).flatten()
    })
}

fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or_default()
}

/// The browser, from its user agent (shown in the report and used to say what other
/// browsers would do).
pub fn browser_info() -> BrowserInfo {
    let ua = window().navigator().user_agent().unwrap_or_default();
    let find = |marker: &str| ua.split(marker).nth(1).map(|rest| rest.split([' ', ';', ')']).next().unwrap_or_default().to_string());
    let (name, version) = if let Some(v) = find("Firefox/") {
        ("Firefox", v)
    } else if let Some(v) = find("Chrome/") {
        ("Chromium", v)
    } else if let Some(v) = find("Version/").filter(|_| ua.contains("Safari") || ua.contains("AppleWebKit")) {
        ("WebKit", v)
    } else if ua.contains("AppleWebKit") {
        ("WebKit", find("AppleWebKit/").unwrap_or_default())
    } else {
        ("unknown", String::new())
    };
    BrowserInfo { name: name.into(), version }
}

/// Cancels every probe of a run at once.
#[derive(Clone, Default)]
pub struct RunCancel {
    probes: std::rc::Rc<std::cell::RefCell<Vec<AbortController>>>,
    cancelled: std::rc::Rc<std::cell::Cell<bool>>,
}

impl RunCancel {
    pub fn cancel(&self) {
        self.cancelled.set(true);
        for c in self.probes.borrow().iter() {
            c.abort();
        }
    }
    fn is_cancelled(&self) -> bool {
        self.cancelled.get()
    }
}

/// Sends one probe and reports what the browser did. Never panics; a request the
/// browser refuses to build is [`ProbeOutcome::Threw`].
pub async fn send_probe(spec: &RequestSpec, timeout_ms: u32, run: &RunCancel) -> ProbeOutcome {
    let controller = match AbortController::new() {
        Ok(c) => c,
        Err(e) => return ProbeOutcome::Threw { message: js_message(&e) },
    };
    let request = match build_request(spec, &controller.signal()) {
        Ok(request) => request,
        Err(Unbuilt::Headers(message)) => return ProbeOutcome::Threw { message },
        // `fetch()` builds its request the same way and rejects: a failed request.
        Err(Unbuilt::Request(message)) => return ProbeOutcome::Failed { message, elapsed_ms: 0.0 },
    };
    // Abort at the time limit, or when the whole run is cancelled.
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let on_timeout = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Closure::once_into_js(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window().set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.unchecked_ref(), timeout_ms as i32).ok();
    run.probes.borrow_mut().push(controller.clone());

    let start = now_ms();
    let result = gloo_net::http::Request::from(request).send().await.map_err(|e| match e {
        gloo_net::Error::JsError(e) => format!("{}: {}", e.name, e.message),
        other => other.to_string(),
    });
    let elapsed_ms = (now_ms() - start).round();
    if let Some(t) = timer {
        window().clear_timeout_with_handle(t);
    }
    match result {
        Ok(response) => {
            let response_type = format!("{:?}", response.type_()).to_ascii_lowercase();
            ProbeOutcome::Response { response_type, status: response.status(), redirected: response.redirected(), elapsed_ms }
        }
        Err(_) if timed_out.get() => ProbeOutcome::Timeout { elapsed_ms },
        Err(_) if run.is_cancelled() => ProbeOutcome::Cancelled,
        Err(message) => ProbeOutcome::Failed { message, elapsed_ms },
    }
}

/// The frame [`send_from_null_frame`] loads, next to the page's own files.
const NULL_FRAME_URL: &str = "./null-probe.html";
const NULL_FRAME_TAG: &str = "corsprobe-null-probe";

/// Sends the simple GET of `spec` from a sandboxed frame of this page
/// (`static/null-probe.html` in `<iframe sandbox="allow-scripts">`), whose origin is
/// opaque, so the request carries `Origin: null`. The frame lives for this one probe.
/// A frame that does not answer (the host does not serve it) is
/// [`ProbeOutcome::Threw`], which the diagnosis ignores.
pub async fn send_from_null_frame(spec: &RequestSpec, timeout_ms: u32, run: &RunCancel) -> ProbeOutcome {
    let Some(document) = window().document() else { return ProbeOutcome::Threw { message: "no document".into() } };
    let Some(body) = document.body() else { return ProbeOutcome::Threw { message: "no body".into() } };
    let Some(frame) = document.create_element("iframe").ok().and_then(|e| e.dyn_into::<web_sys::HtmlIFrameElement>().ok()) else {
        return ProbeOutcome::Threw { message: "no iframe".into() };
    };
    let _ = frame.set_attribute("sandbox", "allow-scripts");
    let _ = frame.set_attribute("hidden", "");
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("tabindex", "-1");
    let _ = frame.set_attribute("src", NULL_FRAME_URL);
    let Ok(controller) = AbortController::new() else { return ProbeOutcome::Threw { message: "no AbortController".into() } };
    run.probes.borrow_mut().push(controller.clone());

    let question = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&question, &"tag".into(), &NULL_FRAME_TAG.into());
    let _ = js_sys::Reflect::set(&question, &"url".into(), &spec.url.as_str().into());
    let credentials = if spec.credentials == Credentials::Include { "include" } else { "omit" };
    let _ = js_sys::Reflect::set(&question, &"credentials".into(), &credentials.into());
    let _ = js_sys::Reflect::set(&question, &"timeout_ms".into(), &timeout_ms.into());

    let listener: SharedListener = Default::default();
    let answer = js_sys::Promise::new(&mut |resolve, _| {
        let frame = frame.clone();
        let question = question.clone();
        let on_answer = resolve.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let Some(source) = frame.content_window() else { return };
            // Only this frame's messages (its origin is "null": anything can claim that).
            if !ev.source().is_some_and(|s| js_sys::Object::is(&s, &source)) {
                return;
            }
            let data = ev.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).unwrap_or(JsValue::UNDEFINED);
            if field("tag").as_string().as_deref() != Some(NULL_FRAME_TAG) {
                return;
            }
            if field("ready").is_truthy() {
                // An opaque origin cannot be named as the target.
                let _ = source.post_message(&question, "*");
            } else if let Some(text) = field("answer").as_string() {
                let _ = on_answer.call1(&JsValue::NULL, &text.into());
            }
        });
        let _ = window().add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        // Cancelled with the run, or no answer in time (the frame's own fetch stops at
        // `timeout_ms`; the margin covers loading the frame).
        let give_up = |outcome: &'static str| {
            let resolve = resolve.clone();
            Closure::once_into_js(move || {
                let _ = resolve.call1(&JsValue::NULL, &JsValue::from_str(outcome));
            })
        };
        let cancelled = give_up(r#"{"outcome":"cancelled"}"#);
        let _ = controller.signal().add_event_listener_with_callback("abort", cancelled.unchecked_ref());
        let late = give_up(r#"{"outcome":"threw","message":"The sandboxed frame (null-probe.html) did not answer: the host may not serve it."}"#);
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(late.unchecked_ref(), timeout_ms as i32 + 3000);
        *listener.borrow_mut() = Some(on_message);
    });
    let _ = body.append_child(&frame);
    let text = JsFuture::from(answer).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
    if let Some(on_message) = listener.borrow_mut().take() {
        let _ = window().remove_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    }
    frame.remove();
    serde_json::from_str(&text).unwrap_or_else(|e| ProbeOutcome::Threw { message: format!("The sandboxed frame's answer could not be read ({e}).") })
}

/// Why [`build_request`] could not build a probe.
#[derive(Debug, PartialEq)]
pub enum Unbuilt {
    /// A header the browser will not take (a name or value `Headers` rejects).
    Headers(String),
    /// A request the browser will not build (a URL with `user:password@`, say).
    Request(String),
}

/// The probe as a browser request, sent by gloo-net (`gloo_net::http::Request::from`).
///
/// Built with web-sys, not gloo-net's `RequestBuilder`, because the probe must be
/// exactly the person's request and the builder changes it (gloo-net 0.6): it rewrites
/// the URL's query (`?a=1` is sent as `?a=1&`, another URL to a server and to the CORS
/// cache), and its `header()` *sets* rather than appends, so a header given twice would
/// be sent once. `tests/app.rs` holds both facts.
pub fn build_request(spec: &RequestSpec, signal: &web_sys::AbortSignal) -> Result<web_sys::Request, Unbuilt> {
    let init = request_init(spec, signal).map_err(|e| Unbuilt::Headers(js_message(&e)))?;
    web_sys::Request::new_with_str_and_init(&spec.url, &init).map_err(|e| Unbuilt::Request(js_message(&e)))
}

fn request_init(spec: &RequestSpec, signal: &web_sys::AbortSignal) -> Result<RequestInit, JsValue> {
    let init = RequestInit::new();
    init.set_method(&spec.method);
    init.set_mode(match spec.mode {
        Mode::Cors => web_sys::RequestMode::Cors,
        Mode::NoCors => web_sys::RequestMode::NoCors,
        Mode::SameOrigin => web_sys::RequestMode::SameOrigin,
    });
    init.set_credentials(match spec.credentials {
        Credentials::Omit => web_sys::RequestCredentials::Omit,
        Credentials::SameOrigin => web_sys::RequestCredentials::SameOrigin,
        Credentials::Include => web_sys::RequestCredentials::Include,
    });
    init.set_redirect(match spec.redirect {
        RedirectMode::Follow => web_sys::RequestRedirect::Follow,
        RedirectMode::Manual => web_sys::RequestRedirect::Manual,
        RedirectMode::Error => web_sys::RequestRedirect::Error,
    });
    // Probes must hit the server, not the HTTP cache.
    init.set_cache(web_sys::RequestCache::NoStore);
    let headers = Headers::new()?;
    for h in &spec.headers {
        headers.append(&h.name, &h.value)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &spec.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(signal));
    Ok(init)
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|err| format!("{}: {}", String::from(err.name()), String::from(err.message())))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Fetches JSON text from a URL (the lab's `/cases.json`).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.text().await.map_err(|e| e.to_string())
}

/// The first file of an `<input type=file>` change or a drop.
pub fn first_file(files: Option<web_sys::FileList>) -> Option<web_sys::File> {
    files.and_then(|f| f.get(0))
}

/// Offers `text` as a file download.
pub fn download(filename: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = window().document().and_then(|d| d.create_element("a").ok()) {
        if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
            a.set_href(&url);
            a.set_download(filename);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Copies text to the clipboard (best effort; the page also shows the text).
pub fn copy_text(text: &str) {
    let _ = window().navigator().clipboard().write_text(text);
}

// The Compression Streams API is behind `web_sys_unstable_apis` in web-sys; these few
// bindings are stable in every browser corsprobe supports (Chromium 80+, Firefox 113+,
// Safari 16.4+), and keep deflate code out of the wasm.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

/// Runs bytes through the browser's raw DEFLATE (or INFLATE), reading at most `limit`
/// output bytes (a compression bomb in a link stops there: `Err("too large")`).
async fn deflate_raw(bytes: &[u8], compress: bool, limit: usize) -> Result<Vec<u8>, String> {
    let fail = |e: JsValue| js_message(&e);
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let input = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(fail)?.stream();
    let pair = if compress {
        let c = CompressionStream::new("deflate-raw").map_err(fail)?;
        web_sys::ReadableWritablePair::new(&c.readable(), &c.writable())
    } else {
        let d = DecompressionStream::new("deflate-raw").map_err(fail)?;
        web_sys::ReadableWritablePair::new(&d.readable(), &d.writable())
    };
    let reader: web_sys::ReadableStreamDefaultReader = input.pipe_through(&pair).get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(fail)?;
        if js_sys::Reflect::get(&chunk, &"done".into()).map(|d| d.is_truthy()).unwrap_or(true) {
            return Ok(out);
        }
        let value = js_sys::Reflect::get(&chunk, &"value".into()).map_err(fail)?;
        out.extend(js_sys::Uint8Array::new(&value).to_vec());
        if out.len() > limit {
            let _ = reader.cancel();
            return Err("too large".into());
        }
    }
}

/// The fragment (`#v1.…`) for a share payload's JSON.
pub async fn share_fragment(json: &str) -> Result<String, String> {
    let compressed = deflate_raw(json.as_bytes(), true, usize::MAX).await?;
    Ok(corsprobe_engine::share::fragment_for(&compressed))
}

/// Reads a share link's fragment: `Ok(None)` when there is none.
pub async fn read_share_fragment(hash: &str) -> Result<Option<SharePayload>, ShareError> {
    let Some(compressed) = share::parse_fragment(hash)? else { return Ok(None) };
    let json = deflate_raw(&compressed, false, share::MAX_PAYLOAD_BYTES).await.map_err(|e| {
        if e == "too large" {
            ShareError::TooLarge
        } else {
            ShareError::Damaged("the compressed data is incomplete or invalid".into())
        }
    })?;
    share::decode_payload(&json).map(Some)
}

/// The page's current fragment, with `#`.
pub fn location_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Puts a fragment in the address bar without reloading or adding a history entry;
/// returns the whole link.
pub fn set_location_hash(fragment: &str) -> String {
    let location = window().location();
    let base = location.href().unwrap_or_default();
    let base = base.split('#').next().unwrap_or_default();
    let link = format!("{base}{fragment}");
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&link));
    }
    link
}

/// localStorage, when the browser allows it (private modes and sandboxes may not).
fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn storage_set(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Local time as `YYYY-MM-DD HH:MM` (for the list of recent runs).
pub fn local_time_label() -> String {
    let d = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02} {:02}:{:02}", d.get_full_year(), d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}

/// Brings the verdict into view (on a phone it sits below the form) without moving a
/// verdict that is already visible.
pub fn reveal_verdict() {
    leptos::prelude::request_animation_frame(|| {
        let verdict = window().document().and_then(|d| d.query_selector(".report .verdict").ok().flatten());
        if let Some(el) = verdict {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}

/// Calls `f` whenever the fragment changes (a share link pasted into this tab).
pub fn on_hash_change(f: impl Fn() + 'static) {
    let handler = Closure::<dyn Fn()>::new(f);
    let _ = window().add_event_listener_with_callback("hashchange", handler.as_ref().unchecked_ref());
    handler.forget(); // for the page's lifetime
}
