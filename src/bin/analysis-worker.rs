//! The analysis worker: a Web Worker the page starts when it first needs it (see
//! `corsprobe_view::job`). It writes every report (a run's diagnosis from its
//! outcomes, a share link's from its evidence), reads pasted headers, console errors
//! and HAR files and writes server fixes, off the page's thread and outside the page's
//! own download.
//!
//! Protocol: the page posts `{ id, job, file? }` where `job` is a
//! [`corsprobe_view::job::Job`] as JSON and `file` the HAR `File` (read here with
//! `FileReaderSync`, so its bytes never cross the page's thread); the worker answers
//! `{ id, result }` with a [`corsprobe_view::job::JobResult`] as JSON. Its first
//! message, `{ ready: true }`, says it listens.

use corsprobe_view::job::run_job_json;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        let field = |name: &str| Reflect::get(&data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        let job = field("job").as_string().unwrap_or_default();
        let file_text = field("file").dyn_into::<Blob>().ok().map(|file| {
            FileReaderSync::new()
                .and_then(|reader| reader.read_as_text(&file))
                .map_err(|e| e.dyn_into::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|_| "unknown error".into()))
        });
        let answer = js_sys::Object::new();
        let _ = Reflect::set(&answer, &"id".into(), &field("id"));
        let _ = Reflect::set(&answer, &"result".into(), &JsValue::from_str(&run_job_json(&job, file_text)));
        let _ = reply.post_message(&answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Listening now: the page holds its jobs until it hears this.
    let ready = js_sys::Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
    // One rehearsal so the first real report does not pay for compiling its code (a job
    // that arrives meanwhile waits in the queue for a few ms).
    let _ = run_job_json(&corsprobe_view::job::rehearsal(), None);
}
