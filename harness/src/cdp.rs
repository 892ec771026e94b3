//! A minimal, blocking DevTools-protocol client: JSON messages over one WebSocket,
//! commands matched to answers by id, every event kept in a buffer. WebDriver BiDi
//! (Firefox) has the same shape (`id`, `method`, `params`; `result` or `error`), so the
//! Firefox driver uses this client too.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::net::TcpStream;
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

pub type Result<T> = std::result::Result<T, String>;

pub struct Cdp {
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    events: VecDeque<Value>,
    /// How long one command may take.
    pub timeout: Duration,
}

impl Cdp {
    pub fn connect(url: &str) -> Result<Cdp> {
        let (ws, _) = tungstenite::connect(url).map_err(|e| format!("connect {url}: {e}"))?;
        if let MaybeTlsStream::Plain(stream) = ws.get_ref() {
            // Short reads, so waiting for events can stop on time.
            stream.set_read_timeout(Some(Duration::from_millis(50))).map_err(|e| e.to_string())?;
        }
        Ok(Cdp { ws, next_id: 1, events: VecDeque::new(), timeout: Duration::from_secs(30) })
    }

    /// Sends a command (to a flattened session when `session` is set) and waits for its answer.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        self.ws.send(Message::text(message.to_string())).map_err(|e| format!("{method}: send: {e}"))?;
        let deadline = Instant::now() + self.timeout;
        while Instant::now() < deadline {
            if let Some(msg) = self.read_one()? {
                if msg.get("id").and_then(Value::as_u64) == Some(id) {
                    if let Some(error) = msg.get("error") {
                        return Err(format!("{method}: {error}"));
                    }
                    return Ok(msg.get("result").cloned().unwrap_or(Value::Null));
                }
                if msg.get("method").is_some() {
                    self.events.push_back(msg);
                }
            }
        }
        Err(format!("{method}: no answer in {:?}", self.timeout))
    }

    /// Reads events for `wait`, buffering them.
    pub fn pump(&mut self, wait: Duration) -> Result<()> {
        let deadline = Instant::now() + wait;
        while Instant::now() < deadline {
            if let Some(msg) = self.read_one()? {
                if msg.get("method").is_some() {
                    self.events.push_back(msg);
                }
            }
        }
        Ok(())
    }

    /// Waits until an event matching `pred` arrives (keeping it buffered).
    pub fn wait_for_event(&mut self, wait: Duration, pred: impl Fn(&Value) -> bool) -> Result<Value> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(e) = self.events.iter().find(|e| pred(e)) {
                return Ok(e.clone());
            }
            if Instant::now() >= deadline {
                return Err(format!("no matching event in {wait:?}"));
            }
            if let Some(msg) = self.read_one()? {
                if msg.get("method").is_some() {
                    self.events.push_back(msg);
                }
            }
        }
    }

    /// Removes and returns the buffered events of one session.
    pub fn take_events(&mut self, session: &str) -> Vec<Value> {
        let (mine, rest): (Vec<Value>, Vec<Value>) = self.events.drain(..).partition(|e| e.get("sessionId").and_then(Value::as_str) == Some(session));
        self.events = rest.into();
        mine
    }

    /// Removes and returns every buffered event (WebDriver BiDi has no sessions).
    pub fn take_all_events(&mut self) -> Vec<Value> {
        self.events.drain(..).collect()
    }

    fn read_one(&mut self) -> Result<Option<Value>> {
        match self.ws.read() {
            Ok(Message::Text(text)) => serde_json::from_str(text.as_str()).map(Some).map_err(|e| e.to_string()),
            Ok(_) => Ok(None),
            Err(tungstenite::Error::Io(e)) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => Ok(None),
            Err(e) => Err(format!("DevTools connection: {e}")),
        }
    }
}
