//! The form's model: the state and its reducer (`state.rs`, pure, as in
//! yew's `function_todomvc`), and what carries over from the latest receipt
//! when the notice changed (`review.rs`).

pub(crate) mod review;
pub(crate) mod state;
