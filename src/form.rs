//! The form's model: the state (`state.rs`), the actions (`action.rs`) and
//! the pure reducer between them (`reduce.rs`), as in yew's
//! `function_todomvc`; what carries over from the latest receipt when the
//! notice changed (`review.rs`); what the controller recorded (stops, messages)
//! and the boxes that no longer count, stopped or lapsed (`records.rs`).

pub(crate) mod action;
pub(crate) mod records;
mod reduce;
pub(crate) mod review;
pub(crate) mod state;
