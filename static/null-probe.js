// The sandboxed frame's half of the null-origin probe (src/glue.rs, send_from_null_frame).
// It sends the one request the page asks for and answers with what fetch did, in the
// shape of the report's probe outcome. It answers only its parent, and only messages
// tagged for it; it reads nothing else and keeps nothing.
"use strict";
const TAG = "corsprobe-null-probe";
addEventListener("message", async (ev) => {
  const q = ev.data;
  if (ev.source !== parent || !q || q.tag !== TAG || typeof q.url !== "string") return;
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), q.timeout_ms || 8000);
  let answer;
  try {
    const r = await fetch(q.url, {
      method: "GET", mode: "cors", credentials: q.credentials === "include" ? "include" : "omit",
      cache: "no-store", signal: controller.signal,
    });
    answer = { outcome: "response", response_type: r.type, status: r.status, redirected: r.redirected, elapsed_ms: elapsed() };
  } catch (e) {
    answer = controller.signal.aborted
      ? { outcome: "timeout", elapsed_ms: elapsed() }
      : { outcome: "failed", message: `${e && e.name}: ${e && e.message}`, elapsed_ms: elapsed() };
  }
  clearTimeout(timer);
  // The page's origin cannot be named from an opaque origin's point of view safely
  // (document.referrer may be cut by policy); the answer holds nothing secret.
  parent.postMessage({ tag: TAG, answer: JSON.stringify(answer) }, "*");
});
parent.postMessage({ tag: TAG, ready: true }, "*");
