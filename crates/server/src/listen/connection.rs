//! One connection, served by hyper's HTTP/1.1 over its watched socket, its
//! answers' bodies tracked so that the socket knows when it is between
//! requests.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::pin;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::sync::{watch, OwnedSemaphorePermit};
use tower_service::Service as _;

use super::in_flight::{InFlight, Tracked};
use super::limits::ConnectionLimits;
use super::watched::Watched;

/// Serves `socket` (from `peer`) until it closes, one of its deadlines passes, or the
/// service stops (`stopping` turns true): then the request under way is
/// finished and the connection closed. `_permit` counts it among the open
/// connections until then.
pub(super) async fn run(
    socket: TcpStream,
    peer: SocketAddr,
    app: Router,
    limits: ConnectionLimits,
    _permit: OwnedSemaphorePermit,
    mut stopping: watch::Receiver<bool>,
) {
    // Answers are written whole by hyper: no need to wait for more.
    let _ = socket.set_nodelay(true);
    let requests = InFlight::default();
    let io = TokioIo::new(Watched::new(socket, limits, requests.clone()));
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        // The limits of posts that do not authenticate count per
        // connection by the peer's address, held in memory only.
        request.extensions_mut().insert(ConnectInfo(peer));
        let guard = requests.start();
        let mut app = app.clone();
        async move {
            let answer = app.call(request).await?;
            Ok::<_, Infallible>(answer.map(|body| {
                Body::new(Tracked {
                    body,
                    _guard: guard,
                })
            }))
        }
    });
    let mut connection = pin!(hyper::server::conn::http1::Builder::new()
        .keep_alive(true)
        // The socket keeps the header and idle times (watched.rs).
        .header_read_timeout(None)
        .serve_connection(io, service));
    let stop = async move {
        // Only the signal matters, not the value it holds.
        let _ = stopping.wait_for(|stop| *stop).await.map(|_| ());
    };
    tokio::select! {
        // A closed or timed-out connection is no error of the service's.
        _ = connection.as_mut() => return,
        () = stop => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}
