//! The statements of a receipts transaction, each one for all the receipts
//! of the batch (one, or many: see `record.rs`), so that a batch costs the
//! round trips of one receipt.
//!
//! Every lookup is by key (an index range, a subquery per chain, an
//! upsert), never a join with the batch: PostgreSQL plans such a join as a
//! scan of the whole table, and was measured reading millions of rows
//! under load that way.

use std::collections::{HashMap, HashSet};

use sqlx::{Any, Row as _, Transaction};

use super::devices::{check_devices, write_devices};
use super::log_tree::{append_to_log, leaf_of_receipt};
use super::new_receipt::{NewReceipt, RecordError, Recorded};
use super::params::Params;
use crate::time::now_micros;
use crate::transparency::entry_of_stored;

/// Parameters in one statement: below SQLite's limit (32 766) and
/// PostgreSQL's (65 535), whatever the number of decisions per receipt.
const MAX_PARAMETERS: usize = 30_000;

/// Whether stored receipts are appended to the transparency log: always,
/// but in the build that `cargo xtask bench` runs beside the real one to
/// print what the log costs (the feature `bench-without-log`).
const RECEIPTS_LOGGED: bool = !cfg!(feature = "bench-without-log");

/// `(notice id, subject)`: one subject's chain of receipts on a notice.
type Chain = (String, String);

/// The chain rule (docs/server.md), as a subquery on the chain
/// `v.column1` (notice id), `v.column2` (subject) of the outer query: among
/// the subject's receipts on the notice that no other of them names as
/// `previous` (the chain's ends), the latest is the one issued last, then
/// the greatest receipt id.
const LATEST_OF_CHAIN: &str = "SELECT r.receipt_id FROM receipts r \
       WHERE r.notice_id = v.column1 AND r.subject = v.column2 AND NOT EXISTS ( \
         SELECT 1 FROM receipts s WHERE s.previous_id = r.receipt_id \
         AND s.notice_id = r.notice_id AND s.subject = r.subject) \
       ORDER BY r.issued_at DESC, r.receipt_id DESC LIMIT 1";

/// The transaction's statements; on an error the caller rolls them back.
/// Each receipt's outcome, in order: stored now, or stored before (the
/// same receipt posted again, answered with its stored copy and left out
/// of every other statement, so that a replay never rolls a batch back).
pub(super) async fn write_all(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<Vec<Recorded>, RecordError> {
    let mut sorted = receipts.to_vec();
    // The chain rows locked in one order by every transaction: two
    // concurrent batches on PostgreSQL wait for each other, never deadlock.
    sorted.sort_by(|a, b| (&a.notice_id, &a.subject).cmp(&(&b.notice_id, &b.subject)));
    // A write first: it takes SQLite's write lock at once (waiting for it
    // rather than failing on a stale snapshot), and PostgreSQL's lock on
    // each chain's row, so one subject's receipts are stored one after the
    // other and each sees the ones before it.
    // With them, the log's size now: each receipt's leaf is at or after
    // it, and its row keeps it (`log_index_floor`), so that a replay's
    // answer finds the leaf in a short range of the log. Its exact leaf is
    // known only once appended, last: with writers on other connections
    // appending meanwhile, it is after the floor nearly always on
    // PostgreSQL, and rewriting every row with it (and its JWS) was
    // measured to double the receipts' writes there.
    let Locked { before, floor } = lock_chains(tx, p, &sorted).await?;
    let replays = insert_receipts(tx, p, &sorted, floor).await?;
    let fresh: Vec<&NewReceipt> = sorted
        .iter()
        .copied()
        .filter(|r| !replays.contains_key(&key(r)))
        .collect();
    let mut indexes: HashMap<Key, u64> = HashMap::new();
    if !fresh.is_empty() {
        // After the insert, which answers a receipt posted again from the
        // store: a resend needs no credential.
        let devices = check_devices(tx, p, &fresh).await?;
        check_previous(tx, p, &fresh).await?;
        check_followers(tx, p, &fresh).await?;
        insert_decisions(tx, p, &fresh).await?;
        let changed = update_latest(tx, p, &fresh, &before).await?;
        rewrite_grants(tx, p, &changed).await?;
        let enrollments = write_devices(tx, p, &fresh, &devices).await?;
        // Last: the log's row is the last lock every writer takes.
        let mut entries: Vec<_> = fresh.iter().map(|r| r.entry).collect();
        entries.extend(enrollments);
        let appended = if RECEIPTS_LOGGED {
            append_to_log(tx, p, &entries).await?
        } else {
            Vec::new()
        };
        indexes.extend(fresh.iter().map(|r| key(r)).zip(appended));
    }
    Ok(receipts
        .iter()
        .map(|r| match replays.get(&key(r)) {
            Some((jws, log_index)) => Recorded::AlreadyStored {
                jws: jws.clone(),
                log_index: *log_index,
            },
            None => Recorded::Stored {
                log_index: indexes.get(&key(r)).copied(),
            },
        })
        .collect())
}

/// `(subject, receipt id)`: a receipt's key. An id belongs to one subject:
/// another subject's receipt may carry the same id without touching it.
type Key = (String, String);

fn key(r: &NewReceipt) -> Key {
    (r.subject.clone(), r.receipt_id.clone())
}

/// What taking the chains finds.
struct Locked {
    /// Each chain's latest receipt before this transaction, `None` for a
    /// first receipt.
    before: HashMap<Chain, Option<String>>,
    /// The log's size, read in the same statement (one trip fewer).
    floor: u64,
}

/// Takes every chain row (making it, with the receipt as latest, for a
/// first receipt), and reads the log's size.
async fn lock_chains(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<Locked, sqlx::Error> {
    let sql = format!(
        "INSERT INTO latest (notice_id, subject, receipt_id) VALUES {} \
         ON CONFLICT (notice_id, subject) DO UPDATE SET receipt_id = latest.receipt_id \
         RETURNING notice_id, subject, receipt_id, (SELECT size FROM log_state WHERE id = 1)",
        p.rows(receipts.len(), 3)
    );
    let mut query = sqlx::query(&sql);
    for r in receipts {
        query = query
            .bind(&r.notice_id)
            .bind(&r.subject)
            .bind(&r.receipt_id);
    }
    let ours: HashMap<Chain, &str> = receipts
        .iter()
        .map(|r| (chain(r), r.receipt_id.as_str()))
        .collect();
    let mut locked = Locked {
        before: HashMap::new(),
        floor: 0,
    };
    for row in query.fetch_all(&mut **tx).await? {
        let key: Chain = (row.try_get(0)?, row.try_get(1)?);
        let latest: String = row.try_get(2)?;
        locked.floor = u64::try_from(row.try_get::<i64, _>(3)?).unwrap_or_default();
        // A first receipt put its own id in `latest`.
        let first = ours.get(&key) == Some(&latest.as_str());
        locked.before.insert(key, (!first).then_some(latest));
    }
    Ok(locked)
}

fn chain(r: &NewReceipt) -> Chain {
    (r.notice_id.clone(), r.subject.clone())
}

/// A receipt stored before: its stored copy and its leaf in the log
/// (`None` for one stored before the log existed).
type Stored = (String, Option<u64>);

/// Inserts every receipt's row, and returns the receipts stored before
/// (by key) with their stored copies. A key stored already with another
/// payload stops the transaction: the id is taken, by this subject.
async fn insert_receipts(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
    floor: u64,
) -> Result<HashMap<Key, Stored>, RecordError> {
    let sql = format!(
        "INSERT INTO receipts (receipt_id, notice_id, notice_version, subject, issued_at, \
         stored_at, previous_id, previous_digest, digest, jws, language, lapses_at, device_key, \
         log_index_floor) \
         VALUES {} ON CONFLICT (subject, receipt_id) DO NOTHING RETURNING subject, receipt_id",
        p.rows(receipts.len(), 14)
    );
    let mut query = sqlx::query(&sql);
    let stored_at = now_micros();
    let floor = i64::try_from(floor).ok();
    for r in receipts {
        let previous = r.previous.as_ref();
        query = query
            .bind(&r.receipt_id)
            .bind(&r.notice_id)
            .bind(&r.notice_version)
            .bind(&r.subject)
            .bind(r.issued_at)
            .bind(stored_at)
            .bind(previous.map(|(id, _)| id.as_str()))
            .bind(previous.map(|(_, digest)| digest.as_str()))
            .bind(&r.digest)
            .bind(&r.jws)
            .bind(&r.language)
            .bind(r.lapses_at)
            .bind(&r.device.key)
            .bind(floor);
    }
    let mut inserted = HashSet::new();
    for row in query.fetch_all(&mut **tx).await? {
        inserted.insert((row.try_get::<String, _>(0)?, row.try_get::<String, _>(1)?));
    }
    let mut replays = HashMap::new();
    for r in receipts.iter().filter(|r| !inserted.contains(&key(r))) {
        let stored = stored_copy(tx, r).await?;
        replays.insert(key(r), stored);
    }
    Ok(replays)
}

/// The stored copy of a receipt whose key is taken, and its leaf: this very
/// receipt, stored before; or another payload of the subject's under that id.
async fn stored_copy(tx: &mut Transaction<'_, Any>, r: &NewReceipt) -> Result<Stored, RecordError> {
    let row = sqlx::query(
        "SELECT digest, jws, log_index_floor FROM receipts WHERE subject = $1 AND receipt_id = $2",
    )
    .bind(&r.subject)
    .bind(&r.receipt_id)
    .fetch_one(&mut **tx)
    .await?;
    if row.try_get::<String, _>(0)? != r.digest {
        return Err(RecordError::IdTaken);
    }
    let jws: String = row.try_get(1)?;
    let floor: Option<i64> = row.try_get(2)?;
    let leaf = match floor.and_then(|f| u64::try_from(f).ok()) {
        Some(floor) => Some(leaf_of_receipt(tx, floor, &entry_of_stored(&jws)?).await?),
        None => None,
    };
    Ok((jws, leaf))
}

/// `(subject = … AND column = …) OR …`, one pair per receipt, bound
/// subject then value: each pair one probe of an index by subject, where
/// two `IN` lists would probe their product (64 × 64 for a full batch).
fn pairs(p: Params, subject: &str, column: &str, count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "({subject} = {} AND {column} = {})",
                p.list(1, 1 + 2 * i),
                p.list(1, 2 + 2 * i)
            )
        })
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// A `previous` the service knows (among the subject's own receipts) must
/// be on this receipt's notice, with the digest named. One it does not
/// know is accepted: the pupil may have changed device, or its receipts
/// may arrive out of order. Another subject's receipt under that id is not
/// the subject's: it neither counts nor blocks.
async fn check_previous(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<(), RecordError> {
    let naming: Vec<_> = receipts
        .iter()
        .filter_map(|r| Some((*r, r.previous.as_ref()?)))
        .collect();
    if naming.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT subject, receipt_id, notice_id, digest FROM receipts WHERE {}",
        pairs(p, "subject", "receipt_id", naming.len())
    );
    let mut query = sqlx::query(&sql);
    for (r, (id, _)) in &naming {
        query = query.bind(&r.subject).bind(id);
    }
    let mut known = HashMap::new();
    for row in query.fetch_all(&mut **tx).await? {
        let key: Key = (row.try_get(0)?, row.try_get(1)?);
        let fields: (String, String) = (row.try_get(2)?, row.try_get(3)?);
        known.insert(key, fields);
    }
    for (r, (id, digest)) in naming {
        let Some((notice_id, stored_digest)) = known.get(&(r.subject.clone(), id.clone())) else {
            continue;
        };
        if *notice_id != r.notice_id {
            return Err(RecordError::PreviousMismatch(
                "the previous receipt it names is the subject's on another notice",
            ));
        }
        if stored_digest != digest {
            return Err(RecordError::PreviousMismatch(
                "the previous receipt it names has another digest",
            ));
        }
    }
    Ok(())
}

/// The subject's receipts stored before that name one of these as
/// `previous` (it arrives late) must name it with its digest, on its
/// notice: otherwise a receipt could hide another without following it.
/// Another subject's receipts naming its id are no part of its chain.
async fn check_followers(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<(), RecordError> {
    let sql = format!(
        "SELECT subject, previous_id, previous_digest, notice_id FROM receipts WHERE {}",
        pairs(p, "subject", "previous_id", receipts.len())
    );
    let mut query = sqlx::query(&sql);
    for r in receipts {
        query = query.bind(&r.subject).bind(&r.receipt_id);
    }
    let by_key: HashMap<Key, &NewReceipt> = receipts.iter().map(|r| (key(r), *r)).collect();
    for row in query.fetch_all(&mut **tx).await? {
        let Some(r) = by_key.get(&(row.try_get(0)?, row.try_get(1)?)) else {
            continue;
        };
        let digest: Option<String> = row.try_get(2)?;
        let notice_id: String = row.try_get(3)?;
        if digest.as_deref() != Some(r.digest.as_str()) || notice_id != r.notice_id {
            return Err(RecordError::PreviousMismatch(
                "a stored receipt of the subject names it as its previous one with another digest or notice",
            ));
        }
    }
    Ok(())
}

/// Every decision, in as few statements as the parameter limit allows (one
/// for any ordinary batch).
async fn insert_decisions(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<(), sqlx::Error> {
    let rows: Vec<_> = receipts
        .iter()
        .flat_map(|r| r.decisions.iter().map(move |d| (*r, d)))
        .collect();
    for part in rows.chunks(MAX_PARAMETERS / 5) {
        let sql = format!(
            "INSERT INTO decisions (subject, receipt_id, purpose, channel, granted) VALUES {}",
            p.rows(part.len(), 5)
        );
        let mut query = sqlx::query(&sql);
        for (r, (purpose, channel, granted)) in part {
            query = query
                .bind(&r.subject)
                .bind(&r.receipt_id)
                .bind(purpose)
                .bind(channel)
                .bind(i64::from(*granted));
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A chain whose latest receipt changed: the chain, the new latest, and
/// whether it had grants before (not for a first receipt).
struct Changed {
    chain: Chain,
    latest: String,
    had_latest: bool,
}

/// Applies the chain rule to every chain; writes and returns those whose
/// latest receipt changed.
async fn update_latest(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
    before: &HashMap<Chain, Option<String>>,
) -> Result<Vec<Changed>, sqlx::Error> {
    let sql = format!(
        "SELECT v.column1, v.column2, ({LATEST_OF_CHAIN}) FROM (VALUES {}) AS v",
        p.rows(receipts.len(), 2)
    );
    let mut query = sqlx::query(&sql);
    for r in receipts {
        query = query.bind(&r.notice_id).bind(&r.subject);
    }
    let mut changed = Vec::new();
    for row in query.fetch_all(&mut **tx).await? {
        let chain: Chain = (row.try_get(0)?, row.try_get(1)?);
        let latest: String = row.try_get(2)?;
        let was = before.get(&chain).cloned().flatten();
        if was.as_deref() != Some(latest.as_str()) {
            let had_latest = was.is_some();
            changed.push(Changed {
                chain,
                latest,
                had_latest,
            });
        }
    }
    if changed.is_empty() {
        return Ok(changed);
    }
    let sql = format!(
        "INSERT INTO latest (notice_id, subject, receipt_id) VALUES {} \
         ON CONFLICT (notice_id, subject) DO UPDATE SET receipt_id = excluded.receipt_id",
        p.rows(changed.len(), 3)
    );
    let mut query = sqlx::query(&sql);
    for c in &changed {
        query = query.bind(&c.chain.0).bind(&c.chain.1).bind(&c.latest);
    }
    query.execute(&mut **tx).await?;
    Ok(changed)
}

/// Rewrites the grants of these chains from their new latest receipts.
async fn rewrite_grants(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    changed: &[Changed],
) -> Result<(), sqlx::Error> {
    if changed.is_empty() {
        return Ok(());
    }
    let mut notices: Vec<&str> = changed
        .iter()
        .filter(|c| c.had_latest)
        .map(|c| c.chain.0.as_str())
        .collect();
    notices.sort_unstable();
    notices.dedup();
    // One notice per statement (a batch nearly always has one): its
    // subjects are then a range of the index.
    for notice_id in notices {
        let subjects: Vec<&str> = changed
            .iter()
            .filter(|c| c.had_latest && c.chain.0 == notice_id)
            .map(|c| c.chain.1.as_str())
            .collect();
        let sql = format!(
            "DELETE FROM grants WHERE notice_id = {} AND subject IN ({})",
            p.list(1, 1),
            p.list(subjects.len(), 2)
        );
        let mut query = sqlx::query(&sql).bind(notice_id);
        for subject in subjects {
            query = query.bind(subject);
        }
        query.execute(&mut **tx).await?;
    }
    // A box withdrawn by the controller's record (a stop link, an
    // objection) after the receipt was issued stays withdrawn: only a
    // receipt issued after the withdrawal decides it again.
    // Each chain's latest by its key, (subject, id): one range of the
    // decisions' key each.
    let pairs = pairs(p, "d.subject", "d.receipt_id", changed.len());
    let sql = format!(
        "INSERT INTO grants (notice_id, purpose, channel, subject, receipt_id, language, lapses_at) \
         SELECT r.notice_id, d.purpose, d.channel, r.subject, d.receipt_id, r.language, r.lapses_at \
         FROM decisions d JOIN receipts r ON r.subject = d.subject AND r.receipt_id = d.receipt_id \
         WHERE d.granted = 1 AND ({pairs}) AND NOT EXISTS ( \
           SELECT 1 FROM box_withdrawals w WHERE w.notice_id = r.notice_id \
           AND w.subject = r.subject AND w.purpose = d.purpose AND w.channel = d.channel \
           AND w.issued_at >= r.issued_at)"
    );
    let mut query = sqlx::query(&sql);
    for c in changed {
        query = query.bind(&c.chain.1).bind(&c.latest);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
