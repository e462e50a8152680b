//! Group commit: the receipts that arrive while the database is busy are
//! stored together, in one transaction, when it is free.
//!
//! Storing a receipt alone costs about ten statements, and each one a trip
//! to the database's thread or server. Under load most of a receipt's time
//! was spent in those trips, so a few writers take every receipt waiting
//! and store them with one statement per step ([`Store::record_all`]). A
//! receipt's answer is the one storing it alone would give: a batch that
//! cannot be written whole is stored again one receipt at a time; a receipt
//! posted again is answered with its stored copy within the batch.

use std::collections::VecDeque;
use std::sync::Arc;

use tokio::sync::{mpsc, oneshot, Mutex};

use crate::store::{Batch, NewReceipt, RecordError, Recorded, Store, Unavailable};

/// The most receipts in one transaction: enough to amortise its trips, few
/// enough that none of them waits long for the others.
const MAX_BATCH: usize = 64;

/// Receipts waiting for a writer: beyond this, posts wait to be queued.
const QUEUE: usize = 1024;

/// A receipt and where its outcome goes.
struct Job {
    receipt: NewReceipt,
    answer: oneshot::Sender<Result<Recorded, RecordError>>,
}

/// The queue in front of the store's writers.
pub struct Recorder {
    queue: mpsc::Sender<Job>,
}

impl Recorder {
    /// Starts the writers over `store` (on the current tokio runtime): one
    /// for SQLite, which has one writer at a time anyway; a few for
    /// PostgreSQL, so that one batch's trips overlap another's.
    pub fn start(store: Store) -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE);
        let waiting = Arc::new(Mutex::new(waiting));
        let writers = if store.is_sqlite() { 1 } else { 4 };
        for _ in 0..writers {
            tokio::spawn(writer(store.clone(), Arc::clone(&waiting)));
        }
        Self { queue }
    }

    /// Stores `receipt`, with the receipts waiting beside it.
    pub async fn record(&self, receipt: NewReceipt) -> Result<Recorded, RecordError> {
        let (answer, outcome) = oneshot::channel();
        let stopped = || RecordError::Unavailable(Unavailable(sqlx::Error::PoolClosed));
        self.queue
            .send(Job { receipt, answer })
            .await
            .map_err(|_| stopped())?;
        outcome.await.map_err(|_| stopped())?
    }
}

/// One writer: takes a batch from the queue, stores it, answers, again.
async fn writer(store: Store, waiting: Arc<Mutex<mpsc::Receiver<Job>>>) {
    let mut held = VecDeque::new();
    while let Some(jobs) = next_batch(&waiting, &mut held).await {
        store_batch(&store, jobs).await;
    }
}

/// The receipts held back from the last batch first, then what waits, up
/// to [`MAX_BATCH`]; a receipt the batch does not admit (its subject's or
/// its id's second) is held for the next one. `None` once the queue is
/// closed and nothing is held.
async fn next_batch(
    waiting: &Mutex<mpsc::Receiver<Job>>,
    held: &mut VecDeque<Job>,
) -> Option<Vec<Job>> {
    let mut batch = Batch::default();
    let mut jobs = Vec::new();
    let mut later = VecDeque::new();
    let mut offer = |job: Job, jobs: &mut Vec<Job>| {
        if jobs.len() < MAX_BATCH && batch.admits(&job.receipt) {
            jobs.push(job);
        } else {
            later.push_back(job);
        }
    };
    while let Some(job) = held.pop_front() {
        offer(job, &mut jobs);
    }
    // With receipts in hand, never wait for the queue: the writer holding
    // it may be waiting for a new receipt, and the held ones would wait
    // with it (found as a hang: fifty posts for one subject).
    let queue = if jobs.is_empty() {
        Some(waiting.lock().await)
    } else {
        waiting.try_lock().ok()
    };
    if let Some(mut queue) = queue {
        if jobs.is_empty() {
            let job = queue.recv().await?;
            offer(job, &mut jobs);
        }
        while jobs.len() < MAX_BATCH {
            let Ok(job) = queue.try_recv() else { break };
            offer(job, &mut jobs);
        }
    }
    *held = later;
    Some(jobs)
}

/// Stores the batch whole, or else each receipt alone, and answers each.
async fn store_batch(store: &Store, jobs: Vec<Job>) {
    if jobs.len() > 1 {
        let receipts: Vec<&NewReceipt> = jobs.iter().map(|j| &j.receipt).collect();
        match store.record_all(&receipts).await {
            Ok(outcomes) => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    let _ = job.answer.send(Ok(outcome));
                }
                return;
            }
            // The database itself is out of reach: trying each receipt
            // alone would only wait as long again for each.
            Err(RecordError::Unavailable(Unavailable(e))) if unreachable(&e) => {
                let message = e.to_string();
                for job in jobs {
                    let e = sqlx::Error::Protocol(message.clone());
                    let _ = job
                        .answer
                        .send(Err(RecordError::Unavailable(Unavailable(e))));
                }
                return;
            }
            Err(_) => {}
        }
    }
    for job in jobs {
        // A client that hung up no longer waits: its receipt is stored all
        // the same, and a post again gets the same answer.
        let _ = job.answer.send(store.record(&job.receipt).await);
    }
}

/// An error that says the database cannot be reached at all, rather than
/// that it refused this transaction (a deadlock, a constraint).
fn unreachable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed
    )
}
