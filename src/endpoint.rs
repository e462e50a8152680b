//! Optional: the controller's receipt endpoint, only where the embedder
//! configures one. `send.rs` posts a receipt and checks the countersigned
//! answer; `acknowledge.rs` keeps that copy in the receipt's place and
//! sends again what was not acknowledged.

pub(crate) mod acknowledge;
pub(crate) mod send;
