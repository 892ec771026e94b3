//! corsprobe, the page: a Leptos CSR app over the pure-Rust engine (`corsprobe-engine`).

pub mod analysis_worker;
pub mod app;
pub mod glue;
pub mod view;
