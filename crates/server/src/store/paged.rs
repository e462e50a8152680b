//! Long answers streamed through a bounded channel, read from the database
//! a page at a time: a short keyset query holds a pooled connection only
//! while it runs, never while the client reads. Four staff exports that a
//! client stopped reading once took SQLite's four connections, and every
//! `POST /receipts` waited for one and answered 503.

use std::future::Future;

use tokio::sync::mpsc;

use super::unavailable::Unavailable;

/// Rows in one page: one short query each, and the most a stalled reader
/// keeps in memory besides the channel's.
pub(super) const PAGE: usize = 256;

/// Rows sent ahead of the reader before the reading task waits for it.
const STREAM_AHEAD: usize = 256;

/// Runs `read_page` in its own task, one page after another, each from
/// after the last key of the one before (`None` for the first), and sends
/// their rows on; a page shorter than [`PAGE`] is the last. A database
/// error ends the stream with that error; a reader that goes away ends it.
pub(super) fn stream_pages<T, K, F, Fut>(mut read_page: F) -> mpsc::Receiver<Result<T, Unavailable>>
where
    T: Send + 'static,
    K: Send + 'static,
    F: FnMut(Option<K>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<(T, K)>, sqlx::Error>> + Send,
{
    let (tx, rx) = mpsc::channel(STREAM_AHEAD);
    tokio::spawn(async move {
        let mut after = None;
        loop {
            let rows = match read_page(after.take()).await {
                Ok(rows) => rows,
                Err(e) => {
                    let _ = tx.send(Err(Unavailable(e))).await;
                    return;
                }
            };
            let last_page = rows.len() < PAGE;
            for (row, key) in rows {
                if tx.send(Ok(row)).await.is_err() {
                    return; // the reader went away
                }
                after = Some(key);
            }
            if last_page {
                return;
            }
        }
    });
    rx
}
