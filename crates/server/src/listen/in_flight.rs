//! Whether a request is under way on a connection: from the moment hyper
//! hands it to the router until its answer's body is written and dropped.
//! Between requests, the connection's socket counts the idle and header
//! timeouts (`watched.rs`); during one, the request timeout and the stall
//! timeout hold instead.

use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

use futures_util::task::AtomicWaker;

use axum::body::Body;
use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// The requests under way on one connection.
#[derive(Clone, Default)]
pub(super) struct InFlight(Arc<Shared>);

#[derive(Default)]
struct Shared {
    count: AtomicUsize,
    /// The connection's task, woken when its last request ends: hyper,
    /// already waiting on the socket, would not read again by itself, and
    /// the idle deadline would never be armed.
    between: AtomicWaker,
}

impl InFlight {
    /// Counts a request until the returned guard drops.
    pub(super) fn start(&self) -> Guard {
        self.0.count.fetch_add(1, Ordering::AcqRel);
        Guard(self.clone())
    }

    /// Whether no request is under way.
    pub(super) fn none(&self) -> bool {
        self.0.count.load(Ordering::Acquire) == 0
    }

    /// Wakes `waker` when the requests under way have ended.
    pub(super) fn wake_when_none(&self, waker: &Waker) {
        self.0.between.register(waker);
    }
}

/// One request under way.
pub(super) struct Guard(InFlight);

impl Drop for Guard {
    fn drop(&mut self) {
        if (self.0).0.count.fetch_sub(1, Ordering::AcqRel) == 1 {
            (self.0).0.between.wake();
        }
    }
}

/// An answer's body that keeps its request counted until hyper drops it
/// (written whole, or the connection gone).
pub(super) struct Tracked {
    /// The router's body.
    pub(super) body: Body,
    /// Dropped with it.
    pub(super) _guard: Guard,
}

impl http_body::Body for Tracked {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}
