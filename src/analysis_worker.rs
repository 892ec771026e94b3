//! The page's side of the analysis worker (`src/bin/analysis-worker.rs`): started on
//! the first job (or by [`warm`] at the person's first click or keystroke), kept for
//! the next ones. Each job is a promise the worker's answer
//! resolves; a worker that cannot start (the host does not serve its files, say) fails
//! every waiting job with a message that says so, and the next job tries again.
//!
//! Jobs wait here until the worker says `{ready: true}`: its wasm starts after its
//! script has run, and a message that arrives before it listens would be lost.

use corsprobe_view::job::{Job, JobResult};
use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Event, MessageEvent, Worker};

/// Trunk's loader for the worker binary, next to the page's own files (relative, so
/// `dist/` works under any path).
const WORKER_URL: &str = "./analysis-worker_loader.js";

type Pending = Rc<RefCell<HashMap<u32, Function>>>;

struct Client {
    worker: Worker,
    pending: Pending,
    /// Set by the error handler; the next job replaces this client (dropping it inside
    /// its own handler would free the running closure).
    failed: Rc<std::cell::Cell<bool>>,
    /// Messages posted before the worker was ready; `None` once it is.
    queue: Rc<RefCell<Option<Vec<JsValue>>>>,
    next_id: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

fn problem_json(message: &str) -> JsValue {
    let result = JobResult::Problem { message: message.to_string() };
    JsValue::from_str(&serde_json::to_string(&result).unwrap_or_default())
}

fn start() -> Result<Client, JsValue> {
    let worker = Worker::new(WORKER_URL)?;
    let pending: Pending = Rc::default();
    let queue: Rc<RefCell<Option<Vec<JsValue>>>> = Rc::new(RefCell::new(Some(Vec::new())));
    let on_message = {
        let (pending, queue, worker) = (pending.clone(), queue.clone(), worker.clone());
        Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let data = ev.data();
            if Reflect::get(&data, &"ready".into()).ok().is_some_and(|v| v.is_truthy()) {
                for message in queue.borrow_mut().take().unwrap_or_default() {
                    let _ = worker.post_message(&message);
                }
                return;
            }
            let id = Reflect::get(&data, &"id".into()).ok().and_then(|v| v.as_f64()).unwrap_or(-1.0) as u32;
            let result = Reflect::get(&data, &"result".into()).unwrap_or(JsValue::UNDEFINED);
            if let Some(resolve) = pending.borrow_mut().remove(&id) {
                let _ = resolve.call1(&JsValue::NULL, &result);
            }
        })
    };
    let failed = Rc::new(std::cell::Cell::new(false));
    let on_error = {
        let (pending, failed) = (pending.clone(), failed.clone());
        // A script that fails to load fires a plain `Event`, not an `ErrorEvent`: reading
        // `ErrorEvent.message` off it threw, and the waiting jobs were never answered.
        Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
            ev.prevent_default();
            let detail = Reflect::get(&ev, &"message".into()).ok().and_then(|m| m.as_string()).filter(|m| !m.is_empty());
            let message = format!(
                "The analysis worker stopped ({}). It is loaded from {WORKER_URL} next to this page: check that the host serves every file of dist/.",
                detail.unwrap_or_else(|| "it could not be loaded".into())
            );
            for (_, resolve) in pending.borrow_mut().drain() {
                let _ = resolve.call1(&JsValue::NULL, &problem_json(&message));
            }
            failed.set(true);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client { worker, pending, failed, queue, next_id: 0, _on_message: on_message, _on_error: on_error })
}

/// The running client, started (or restarted after a failure) if need be.
fn started(cell: &mut Option<Client>) -> Option<&mut Client> {
    if cell.as_ref().is_none_or(|c| c.failed.get()) {
        if let Some(old) = cell.take() {
            old.worker.terminate();
        }
        *cell = start().ok();
    }
    cell.as_mut()
}

/// Starts loading the worker now, so it is ready when its first job comes (the
/// person's first click or keystroke calls this). A worker that failed is restarted by
/// the next job, not here.
pub fn warm() {
    CLIENT.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = start().ok();
        }
    });
}

/// Runs a job in the worker (posting `file` beside it for a HAR).
pub async fn run(job: &Job, file: Option<web_sys::File>) -> JobResult {
    let json = match serde_json::to_string(job) {
        Ok(json) => json,
        Err(e) => return JobResult::Problem { message: e.to_string() },
    };
    let promise = Promise::new(&mut |resolve, _reject| {
        CLIENT.with(|cell| {
            let mut cell = cell.borrow_mut();
            let Some(client) = started(&mut cell) else {
                let _ = resolve.call1(&JsValue::NULL, &problem_json("This browser could not start the analysis worker."));
                return;
            };
            client.next_id = client.next_id.wrapping_add(1);
            let message = js_sys::Object::new();
            let _ = Reflect::set(&message, &"id".into(), &client.next_id.into());
            let _ = Reflect::set(&message, &"job".into(), &JsValue::from_str(&json));
            if let Some(f) = &file {
                let _ = Reflect::set(&message, &"file".into(), f);
            }
            client.pending.borrow_mut().insert(client.next_id, resolve);
            let queued = match client.queue.borrow_mut().as_mut() {
                Some(queue) => {
                    queue.push(message.clone().into());
                    true
                }
                None => false,
            };
            if !queued && client.worker.post_message(&message).is_err() {
                if let Some(resolve) = client.pending.borrow_mut().remove(&client.next_id) {
                    let _ = resolve.call1(&JsValue::NULL, &problem_json("The job could not be sent to the analysis worker."));
                }
            }
        });
    });
    let answer = JsFuture::from(promise).await.ok().and_then(|v| v.as_string()).unwrap_or_default();
    serde_json::from_str(&answer).unwrap_or_else(|e| JobResult::Problem { message: format!("The analysis worker's answer could not be read ({e}).") })
}
