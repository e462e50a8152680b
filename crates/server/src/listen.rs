//! Accepting connections within limits, so that a hostile client cannot
//! hold the service: a request's head must arrive in time, an idle
//! connection is closed, a client that stops reading an answer is cut, at
//! most so many connections are open at once, and every request has a time
//! to be answered in (docs/server.md, "Limits").
//!
//! `limits.rs` the settings and the open-files limit; `accept.rs` the
//! accept loop and the graceful shutdown; `connection.rs` one connection
//! served by hyper; `watched.rs` its socket with the deadlines;
//! `in_flight.rs` whether a request is under way on it; `deadline.rs` the
//! request timeout every route has.

mod accept;
mod connection;
mod deadline;
mod in_flight;
mod limits;
mod watched;

pub use accept::serve;
pub use deadline::with_request_timeout;
pub use limits::{raise_open_files_limit, ConnectionLimits};
