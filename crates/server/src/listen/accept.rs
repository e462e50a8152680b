//! The accept loop: at most `max_connections` open at once (the others
//! wait in the listening queue, costing no file of the service's), each
//! served in its own task; on shutdown, no new connection, and the
//! requests under way are finished.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

use super::connection;
use super::limits::ConnectionLimits;

/// Serves `app` on `listener` within `limits` until `shutdown` completes,
/// then waits for every open connection to finish its request.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let open = Arc::new(Semaphore::new(max));
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        // A free place first, then a connection: beyond the limit the
        // kernel holds new ones, and an idle one's end lets one in.
        let permit = tokio::select! {
            _ = shutdown.as_mut() => break,
            permit = Arc::clone(&open).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break, // never closed
            },
        };
        let (socket, peer) = tokio::select! {
            _ = shutdown.as_mut() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of files, say: wait rather than spin. A connection
                    // reset before it was accepted is nothing to wait for.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        eprintln!("limpide-server: cannot accept a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
        };
        tokio::spawn(connection::run(
            socket,
            peer,
            app.clone(),
            limits,
            permit,
            stopping.clone(),
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    // Each connection gives its place back as it ends.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = open.acquire_many(all).await;
}
