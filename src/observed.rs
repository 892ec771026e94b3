//! [`Observed<T>`]: the page's state cells. A value in a `RefCell` plus a Leptos
//! [`ArcTrigger`]: reading it inside an effect subscribes the effect, writing it
//! re-runs the effects that read it, exactly as with `RwSignal`.
//!
//! Why not `RwSignal<T>`: each signal type instantiates Leptos' signal code (arena
//! slot, lock, tracking, notification) once per `T`, and the page had twenty types.
//! Here only the `RefCell` access is generic; tracking and notification are one
//! `ArcTrigger`, compiled once (issue 6: the page's wasm budget). The page's state lives
//! as long as the page, so [`crate::app::AppState`] is a `&'static` to it and stays `Copy`.
//!
//! Leptos runs effects asynchronously, so writing a cell never re-enters a reader
//! that holds its borrow.

use leptos::prelude::{ArcTrigger, Notify, Track};
use std::cell::RefCell;

pub struct Observed<T> {
    value: RefCell<T>,
    trigger: ArcTrigger,
}

// Not inlined: one copy of Leptos' tracking and notification for all cells.
#[inline(never)]
fn track(trigger: &ArcTrigger) {
    trigger.track();
}

#[inline(never)]
fn notify(trigger: &ArcTrigger) {
    trigger.notify();
}

impl<T> Observed<T> {
    pub fn new(value: T) -> Self {
        Observed { value: RefCell::new(value), trigger: ArcTrigger::new() }
    }

    /// Reads the value and subscribes the running effect to it.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        track(&self.trigger);
        self.with_untracked(f)
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        f(&self.value.borrow())
    }

    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.with_untracked(T::clone)
    }

    /// Replaces the value and re-runs what read it.
    pub fn set(&self, value: T) {
        *self.value.borrow_mut() = value;
        notify(&self.trigger);
    }

    pub fn update(&self, f: impl FnOnce(&mut T)) {
        f(&mut self.value.borrow_mut());
        notify(&self.trigger);
    }
}
