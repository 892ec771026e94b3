//! corsprobe, the page: state cells and Leptos effects over the pure-Rust engine
//! (`corsprobe-engine`), which also lays the page out (`corsprobe_engine::page`); `dom` renders its trees.

pub mod actions;
pub mod analysis_worker;
pub mod app;
pub mod dom;
pub mod glue;
pub mod observed;
pub mod share;
