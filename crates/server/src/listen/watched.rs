//! A connection's socket with its deadlines. hyper's own header timeout
//! starts whenever it waits for a request, idle or not, and no body timeout
//! of tower-http is polled while hyper waits on a full socket: the socket
//! itself keeps the time, so that each wait ends in an error hyper closes
//! the connection on.
//!
//! - Between requests (`InFlight::none`), a read that waits arms the idle
//!   deadline, or, once a request's first bytes came, the header deadline
//!   from those bytes: a client sending one header line every few seconds
//!   is cut at the header timeout.
//! - A write that waits (the client stopped reading) arms the stall
//!   deadline; any progress disarms it.

use std::future::Future as _;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{sleep, Instant, Sleep};

use super::in_flight::InFlight;
use super::limits::ConnectionLimits;

/// A deadline that is armed by a wait and disarmed by progress.
struct Deadline {
    sleep: Pin<Box<Sleep>>,
    armed: bool,
}

impl Deadline {
    fn new() -> Self {
        Self {
            sleep: Box::pin(sleep(Duration::ZERO)),
            armed: false,
        }
    }

    /// Arms it `after` from now, unless it is armed already.
    fn arm(&mut self, after: Duration) {
        if !self.armed {
            self.sleep.as_mut().reset(Instant::now() + after);
            self.armed = true;
        }
    }

    /// Whether an armed deadline has passed (and wakes the task when it does).
    fn passed(&mut self, cx: &mut Context<'_>) -> bool {
        self.armed && self.sleep.as_mut().poll(cx).is_ready()
    }
}

/// The socket of one connection, with its read and write deadlines.
pub(super) struct Watched {
    socket: TcpStream,
    limits: ConnectionLimits,
    requests: InFlight,
    /// A request's first bytes came, and its head is not read yet.
    head_started: bool,
    read: Deadline,
    write: Deadline,
}

impl Watched {
    pub(super) fn new(socket: TcpStream, limits: ConnectionLimits, requests: InFlight) -> Self {
        Self {
            socket,
            limits,
            requests,
            head_started: false,
            read: Deadline::new(),
            write: Deadline::new(),
        }
    }

    /// After a write: a wait arms the stall deadline, progress disarms it.
    fn stall<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if result.is_ready() {
            self.write.armed = false;
            return result;
        }
        self.write.arm(self.limits.stall_timeout);
        if self.write.passed(cx) {
            return Poll::Ready(Err(timed_out("the client stopped reading the answer")));
        }
        Poll::Pending
    }
}

fn timed_out(why: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, why)
}

impl AsyncRead for Watched {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let between_requests = this.requests.none();
        if !between_requests {
            // The request's own timeouts hold; the next wait starts afresh.
            this.head_started = false;
            this.read.armed = false;
        }
        match Pin::new(&mut this.socket).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if between_requests && buf.filled().len() > before && !this.head_started {
                    // A request begins: its head has the header timeout.
                    this.head_started = true;
                    this.read.armed = false;
                    this.read.arm(this.limits.header_timeout);
                }
                Poll::Ready(result)
            }
            Poll::Pending if !between_requests => {
                this.requests.wake_when_none(cx.waker());
                if this.requests.none() {
                    // It ended while the waker was being registered.
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
            Poll::Pending => {
                let (after, why) = if this.head_started {
                    (
                        this.limits.header_timeout,
                        "a request's head came too slowly",
                    )
                } else {
                    (this.limits.idle_timeout, "the connection was idle")
                };
                this.read.arm(after);
                if this.read.passed(cx) {
                    return Poll::Ready(Err(timed_out(why)));
                }
                Poll::Pending
            }
        }
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.socket).poll_write(cx, data);
        this.stall(cx, result)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.socket).poll_write_vectored(cx, data);
        this.stall(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.socket.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.socket).poll_flush(cx);
        this.stall(cx, result)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().socket).poll_shutdown(cx)
    }
}
