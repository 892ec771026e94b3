//! Small components; state lives in [`crate::app::AppState`].

pub mod analyze;
pub mod examples;
pub mod fix;
pub mod form;
pub mod report;
pub mod share;
