//! A press that starts its work once. The guard is set between a press and
//! the end of the work it started: a double press, before the buttons are
//! re-rendered disabled, must not sign twice.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

/// Whether work started by a press is under way (see the module's text).
#[derive(Clone)]
pub(crate) struct PressGuard(Rc<RefCell<bool>>);

impl PressGuard {
    /// Whether this press may start the work: none is under way. If so,
    /// the work is under way from now on.
    pub(crate) fn start(&self) -> bool {
        !std::mem::replace(&mut *self.0.borrow_mut(), true)
    }

    /// The work is over: the next press may start it again.
    pub(crate) fn end(&self) {
        *self.0.borrow_mut() = false;
    }

    /// Whether work started by a press is under way.
    pub(crate) fn is_under_way(&self) -> bool {
        *self.0.borrow()
    }
}

/// A [`PressGuard`] kept across renders.
#[hook]
pub(crate) fn use_press_guard() -> PressGuard {
    PressGuard(use_mut_ref(|| false))
}
