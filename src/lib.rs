//! corsprobe, the page: a Leptos CSR app over the pure-Rust engine (`corsprobe-engine`).

pub mod app;
pub mod glue;
pub mod view;
