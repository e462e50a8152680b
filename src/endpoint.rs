//! Optional: the controller's receipt endpoint, only where the embedder
//! configures one. `send.rs` posts a receipt and checks the countersigned
//! answer; `acknowledge.rs` keeps that copy in the receipt's place and
//! sends again what was not acknowledged; `records.rs` reads, with a request
//! signed by the device key, what the controller recorded for this pupil;
//! `log_proof.rs` fetches each acknowledged receipt's proof from the
//! controller's transparency log, in the background;
//! `target.rs` is where they go, with the pupil's credential (memory only).

pub(crate) mod acknowledge;
pub(crate) mod log_proof;
pub(crate) mod records;
pub(crate) mod send;
pub(crate) mod target;
