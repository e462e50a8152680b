//! The statements of a receipts transaction, each one for all the receipts
//! of the batch (one, or many: see `record.rs`), so that a batch costs the
//! round trips of one receipt.
//!
//! Every lookup is by key (an index range, a subquery per chain, an
//! upsert), never a join with the batch: PostgreSQL plans such a join as a
//! scan of the whole table, and was measured reading millions of rows
//! under load that way.

use std::collections::HashMap;

use sqlx::{Any, Row as _, Transaction};

use super::devices::{check_devices, write_devices};
use super::new_receipt::{NewReceipt, RecordError, Unwritten};
use super::params::Params;
use crate::time::now_micros;

/// Parameters in one statement: below SQLite's limit (32 766) and
/// PostgreSQL's (65 535), whatever the number of decisions per receipt.
const MAX_PARAMETERS: usize = 30_000;

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
pub(super) async fn write_all(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<(), Unwritten> {
    let mut sorted = receipts.to_vec();
    // The chain rows locked in one order by every transaction: two
    // concurrent batches on PostgreSQL wait for each other, never deadlock.
    sorted.sort_by(|a, b| (&a.notice_id, &a.subject).cmp(&(&b.notice_id, &b.subject)));
    // A write first: it takes SQLite's write lock at once (waiting for it
    // rather than failing on a stale snapshot), and PostgreSQL's lock on
    // each chain's row, so one subject's receipts are stored one after the
    // other and each sees the ones before it.
    let before = lock_chains(tx, p, &sorted).await?;
    insert_receipts(tx, p, &sorted).await?;
    // After the insert, which answers a receipt posted again from the
    // store: a resend needs no credential.
    let devices = check_devices(tx, p, &sorted).await?;
    check_previous(tx, p, &sorted).await?;
    check_followers(tx, p, &sorted).await?;
    insert_decisions(tx, p, &sorted).await?;
    let changed = update_latest(tx, p, &sorted, &before).await?;
    rewrite_grants(tx, p, &changed).await?;
    write_devices(tx, p, &sorted, &devices).await?;
    Ok(())
}

/// Takes every chain row (making it, with the receipt as latest, for a
/// first receipt); returns each chain's latest receipt before this
/// transaction, `None` for a first receipt.
async fn lock_chains(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<HashMap<Chain, Option<String>>, sqlx::Error> {
    let sql = format!(
        "INSERT INTO latest (notice_id, subject, receipt_id) VALUES {} \
         ON CONFLICT (notice_id, subject) DO UPDATE SET receipt_id = latest.receipt_id \
         RETURNING notice_id, subject, receipt_id",
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
    let mut before = HashMap::new();
    for row in query.fetch_all(&mut **tx).await? {
        let key: Chain = (row.try_get(0)?, row.try_get(1)?);
        let latest: String = row.try_get(2)?;
        // A first receipt put its own id in `latest`.
        let first = ours.get(&key) == Some(&latest.as_str());
        before.insert(key, (!first).then_some(latest));
    }
    Ok(before)
}

fn chain(r: &NewReceipt) -> Chain {
    (r.notice_id.clone(), r.subject.clone())
}

/// Inserts every receipt's row. A receipt id stored already stops the
/// transaction: with its stored copy if it is the same receipt, as taken if
/// it is another payload's.
async fn insert_receipts(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<(), Unwritten> {
    let sql = format!(
        "INSERT INTO receipts (receipt_id, notice_id, notice_version, subject, issued_at, \
         stored_at, previous_id, previous_digest, digest, jws, language, lapses_at, device_key) \
         VALUES {} ON CONFLICT (receipt_id) DO NOTHING RETURNING receipt_id",
        p.rows(receipts.len(), 13)
    );
    let mut query = sqlx::query_scalar::<_, String>(&sql);
    let stored_at = now_micros();
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
            .bind(&r.device.key);
    }
    let inserted = query.fetch_all(&mut **tx).await?;
    match receipts.iter().find(|r| !inserted.contains(&r.receipt_id)) {
        None => Ok(()),
        Some(stored) => Err(already_stored(tx, stored).await?),
    }
}

/// What a receipt whose id is taken is: this very receipt, stored before,
/// or another payload under its id.
async fn already_stored(
    tx: &mut Transaction<'_, Any>,
    r: &NewReceipt,
) -> Result<Unwritten, sqlx::Error> {
    let row = sqlx::query("SELECT digest, jws FROM receipts WHERE receipt_id = $1")
        .bind(&r.receipt_id)
        .fetch_one(&mut **tx)
        .await?;
    Ok(if row.try_get::<String, _>(0)? == r.digest {
        Unwritten::AlreadyStored(row.try_get(1)?)
    } else {
        Unwritten::Failed(RecordError::IdTaken)
    })
}

/// A `previous` the service knows must be its receipt's subject's, on its
/// notice, with the digest named. One it does not know is accepted: the
/// pupil may have changed device, or its receipts may arrive out of order.
async fn check_previous(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<(), Unwritten> {
    let naming: Vec<_> = receipts
        .iter()
        .filter_map(|r| Some((*r, r.previous.as_ref()?)))
        .collect();
    if naming.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT receipt_id, subject, notice_id, digest FROM receipts WHERE receipt_id IN ({})",
        p.list(naming.len(), 1)
    );
    let mut query = sqlx::query(&sql);
    for (_, (id, _)) in &naming {
        query = query.bind(id);
    }
    let mut known = HashMap::new();
    for row in query.fetch_all(&mut **tx).await? {
        let fields: (String, String, String) = (row.try_get(1)?, row.try_get(2)?, row.try_get(3)?);
        known.insert(row.try_get::<String, _>(0)?, fields);
    }
    for (r, (id, digest)) in naming {
        let Some((subject, notice_id, stored_digest)) = known.get(id) else {
            continue;
        };
        if *subject != r.subject || *notice_id != r.notice_id {
            return Err(RecordError::PreviousMismatch(
                "the previous receipt it names is another subject's or another notice's",
            )
            .into());
        }
        if stored_digest != digest {
            return Err(RecordError::PreviousMismatch(
                "the previous receipt it names has another digest",
            )
            .into());
        }
    }
    Ok(())
}

/// Receipts stored before that name one of these as `previous` (it
/// arrives late) must name it with its digest, as its subject's on its
/// notice: otherwise a receipt could hide another without following it.
async fn check_followers(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    receipts: &[&NewReceipt],
) -> Result<(), Unwritten> {
    let sql = format!(
        "SELECT previous_id, previous_digest, subject, notice_id FROM receipts \
         WHERE previous_id IN ({})",
        p.list(receipts.len(), 1)
    );
    let mut query = sqlx::query(&sql);
    for r in receipts {
        query = query.bind(&r.receipt_id);
    }
    let by_id: HashMap<&str, &NewReceipt> = receipts
        .iter()
        .map(|r| (r.receipt_id.as_str(), *r))
        .collect();
    for row in query.fetch_all(&mut **tx).await? {
        let Some(r) = by_id.get(row.try_get::<String, _>(0)?.as_str()) else {
            continue;
        };
        let digest: Option<String> = row.try_get(1)?;
        let (subject, notice_id): (String, String) = (row.try_get(2)?, row.try_get(3)?);
        if digest.as_deref() != Some(r.digest.as_str())
            || subject != r.subject
            || notice_id != r.notice_id
        {
            return Err(RecordError::PreviousMismatch(
                "a stored receipt names it as its previous one with another digest, subject or notice",
            )
            .into());
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
        .flat_map(|r| r.decisions.iter().map(move |d| (&r.receipt_id, d)))
        .collect();
    for part in rows.chunks(MAX_PARAMETERS / 4) {
        let sql = format!(
            "INSERT INTO decisions (receipt_id, purpose, channel, granted) VALUES {}",
            p.rows(part.len(), 4)
        );
        let mut query = sqlx::query(&sql);
        for (id, (purpose, channel, granted)) in part {
            query = query
                .bind(*id)
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
    let sql = format!(
        "INSERT INTO grants (notice_id, purpose, channel, subject, receipt_id, language, lapses_at) \
         SELECT r.notice_id, d.purpose, d.channel, r.subject, d.receipt_id, r.language, r.lapses_at \
         FROM decisions d JOIN receipts r ON r.receipt_id = d.receipt_id \
         WHERE d.granted = 1 AND d.receipt_id IN ({}) AND NOT EXISTS ( \
           SELECT 1 FROM box_withdrawals w WHERE w.notice_id = r.notice_id \
           AND w.subject = r.subject AND w.purpose = d.purpose AND w.channel = d.channel \
           AND w.issued_at >= r.issued_at)",
        p.list(changed.len(), 1)
    );
    let mut query = sqlx::query(&sql);
    for c in changed {
        query = query.bind(&c.latest);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}
