//! The form's model: the state (`state.rs`), the actions (`action.rs`) and
//! the pure reducer between them (`reduce.rs`), as in yew's
//! `function_todomvc`; what carries over from the latest receipt when the
//! notice changed (`review.rs`).

pub(crate) mod action;
mod reduce;
pub(crate) mod review;
pub(crate) mod state;
