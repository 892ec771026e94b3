//! corsprobe's view: what the page shows, as data.
//!
//! The engine (`corsprobe-engine`) decides; this crate lays its answers out as plain
//! [`node::Node`] trees and carries the page ↔ analysis-worker protocol ([`job`]). Both
//! wasm binaries (the page and its analysis worker) use it, and host `cargo test` sees
//! exactly what a person sees. Nothing in the engine knows about pages.

pub mod job;
pub mod names;
pub mod node;
pub mod page;
