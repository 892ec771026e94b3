//! corsprobe, the page: Leptos components (`components`) over state cells (`app`,
//! `observed`) and the pure-Rust engine (`corsprobe-engine`). The report is a node tree
//! the analysis worker draws (`corsprobe_view::page`); `dom` renders it.

pub mod actions;
pub mod analysis_worker;
pub mod app;
pub mod components;
pub mod dom;
pub mod glue;
pub mod observed;
pub mod share;
