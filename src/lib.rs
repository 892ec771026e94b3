//! corsprobe, the page: state cells and Leptos effects over the pure-Rust engine
//! (`corsprobe-engine`); the layout is `corsprobe-view`'s (`corsprobe_view::page`), and
//! `dom` renders its trees.

pub mod actions;
pub mod analysis_worker;
pub mod app;
pub mod components;
pub mod dom;
pub mod glue;
pub mod observed;
pub mod share;
