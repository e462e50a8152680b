//! The transparency log's tree in the database (docs/server.md, "The
//! transparency log"): each leaf with its data, the inner nodes of every
//! fourth level (`transparency::keeps_level`; the others are folded from
//! them on read), and the tree's size and right edge in one row, the lock
//! that orders every append.
//!
//! Appends run inside the transaction that stores their documents: a
//! document is in the log exactly when it is stored, on every engine and
//! every node. The state row is taken (an update) last in every
//! transaction that appends, so that nodes sharing a PostgreSQL database
//! append one after the other, with no gap and no fork, and never
//! deadlock on it.

use std::collections::HashMap;

use limpide_receipt::base64url;
use limpide_receipt::log::{LogEntry, TreeHash};
use sqlx::{Any, Row as _, Transaction};

use super::params::Params;
use super::pool::Store;
use super::unavailable::Unavailable;
use crate::transparency::{fold, folded_from, keeps_level, Frontier, Node};

/// Rows in one insert: three parameters each, well under both engines'
/// limits.
const ROWS_PER_INSERT: usize = 5_000;

/// Appends `entries` to the log, in order, in the caller's transaction;
/// their indexes. Nothing is appended if the transaction rolls back.
pub(crate) async fn append_to_log(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    entries: &[LogEntry],
) -> Result<Vec<u64>, sqlx::Error> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut frontier = lock_state(tx, p).await?;
    let first = frontier.size();
    let mut leaves = Vec::with_capacity(entries.len());
    let mut nodes = Vec::new();
    for entry in entries {
        let mut gained = frontier.push(entry.leaf_hash()).into_iter();
        if let Some(leaf) = gained.next() {
            leaves.push((
                leaf,
                String::from_utf8_lossy(&entry.to_bytes()).into_owned(),
            ));
        }
        nodes.extend(gained.filter(|node| keeps_level(node.level)));
    }
    // The leaves, the kept nodes and the new edge: on PostgreSQL in one
    // statement, a trip fewer while the state row is taken (every other
    // writer waits for it); in turn on SQLite, which takes no writes in
    // `WITH` (and whose trips are calls within the process), and for an
    // append too large for one statement.
    if p.sqlite() || leaves.len() + nodes.len() > ROWS_PER_INSERT {
        write_append_in_turn(tx, p, &leaves, &nodes, &frontier).await?;
    } else {
        write_append_at_once(tx, p, &leaves, &nodes, &frontier).await?;
    }
    Ok((first..frontier.size()).collect())
}

async fn write_append_in_turn(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    leaves: &[(Node, String)],
    nodes: &[Node],
    frontier: &Frontier,
) -> Result<(), sqlx::Error> {
    for part in leaves.chunks(ROWS_PER_INSERT) {
        let sql = format!("{INSERT_LEAVES} {}", p.rows(part.len(), 3));
        bind_leaves(sqlx::query(&sql), part)?
            .execute(&mut **tx)
            .await?;
    }
    for part in nodes.chunks(ROWS_PER_INSERT) {
        let sql = format!("{INSERT_NODES} {}", p.rows(part.len(), 3));
        bind_nodes(sqlx::query(&sql), part)?
            .execute(&mut **tx)
            .await?;
    }
    let sql = format!("{UPDATE_STATE} {}", p.state(1));
    bind_state(sqlx::query(&sql), frontier)?
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// `WITH i0 AS (INSERT … leaves), i1 AS (INSERT … nodes) UPDATE log_state …`,
/// numbering the parameters on from one list to the next.
async fn write_append_at_once(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    leaves: &[(Node, String)],
    nodes: &[Node],
    frontier: &Frontier,
) -> Result<(), sqlx::Error> {
    let mut inserts = Vec::new();
    let mut next = 1;
    for (statement, rows) in [(INSERT_LEAVES, leaves.len()), (INSERT_NODES, nodes.len())] {
        if rows > 0 {
            let n = inserts.len();
            inserts.push(format!(
                "i{n} AS ({statement} {})",
                p.rows_from(next, rows, 3)
            ));
            next += 3 * rows;
        }
    }
    let sql = format!(
        "WITH {} {UPDATE_STATE} {}",
        inserts.join(", "),
        p.state(next)
    );
    let query = bind_nodes(bind_leaves(sqlx::query(&sql), leaves)?, nodes)?;
    bind_state(query, frontier)?
        .execute(&mut **tx)
        .await
        .map(drop)
}

const INSERT_LEAVES: &str = "INSERT INTO log_leaves (leaf_index, entry, hash) VALUES";
const INSERT_NODES: &str = "INSERT INTO log_nodes (level, node_index, hash) VALUES";
const UPDATE_STATE: &str = "UPDATE log_state SET (size, frontier) =";

impl Params {
    /// `(size, frontier)`'s new values from parameter `first`, and the row.
    fn state(self, first: usize) -> String {
        format!("({}) WHERE id = 1", self.list(2, first))
    }
}

type Query<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

fn bind_leaves<'q>(
    mut query: Query<'q>,
    leaves: &'q [(Node, String)],
) -> Result<Query<'q>, sqlx::Error> {
    for (leaf, entry) in leaves {
        query = query
            .bind(as_i64(leaf.index)?)
            .bind(entry.as_str())
            .bind(base64url::encode(&leaf.hash));
    }
    Ok(query)
}

fn bind_nodes<'q>(mut query: Query<'q>, nodes: &[Node]) -> Result<Query<'q>, sqlx::Error> {
    for node in nodes {
        query = query
            .bind(i64::from(node.level))
            .bind(as_i64(node.index)?)
            .bind(base64url::encode(&node.hash));
    }
    Ok(query)
}

fn bind_state<'q>(query: Query<'q>, frontier: &Frontier) -> Result<Query<'q>, sqlx::Error> {
    Ok(query.bind(as_i64(frontier.size())?).bind(frontier.encode()))
}

/// Takes the state row and reads the tree's edge. On PostgreSQL a row
/// lock, which writes no new version of the row (the append's update is
/// the one version a batch leaves); on SQLite a write, which takes the
/// database's write lock if the transaction had not yet (SQLite has no
/// row locks, and no `FOR UPDATE`).
async fn lock_state(tx: &mut Transaction<'_, Any>, p: Params) -> Result<Frontier, sqlx::Error> {
    let sql = if p.sqlite() {
        "UPDATE log_state SET size = size WHERE id = 1 RETURNING size, frontier"
    } else {
        "SELECT size, frontier FROM log_state WHERE id = 1 FOR UPDATE"
    };
    let row = sqlx::query(sql).fetch_one(&mut **tx).await?;
    frontier_of(row.try_get(0)?, &row.try_get::<String, _>(1)?)
}

fn frontier_of(size: i64, encoded: &str) -> Result<Frontier, sqlx::Error> {
    u64::try_from(size)
        .ok()
        .and_then(|size| Frontier::decode(size, encoded))
        .ok_or_else(|| corrupt("the log's stored edge does not match its size"))
}

/// Writes each receipt's leaf on its row, `(subject, receipt id, index)`,
/// as its floor: for the documents stored before the log, appended at once.
pub(crate) async fn keep_receipt_indexes(
    tx: &mut Transaction<'_, Any>,
    p: Params,
    leaves: &[(&str, &str, u64)],
) -> Result<(), sqlx::Error> {
    for part in leaves.chunks(ROWS_PER_INSERT) {
        let sql = format!(
            "UPDATE receipts SET log_index_floor = v.column3 FROM (VALUES {}) AS v \
             WHERE receipts.subject = v.column1 AND receipts.receipt_id = v.column2",
            p.rows(part.len(), 3)
        );
        let mut query = sqlx::query(&sql);
        for (subject, receipt_id, index) in part {
            query = query.bind(*subject).bind(*receipt_id).bind(as_i64(*index)?);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A stored receipt's leaf: the first with its `entry` from `floor`, the
/// log's size when it was stored. Only the leaves appended by other
/// writers while its transaction ran lie between, so the search reads a
/// short range of the log's key.
pub(crate) async fn leaf_of_receipt(
    tx: &mut Transaction<'_, Any>,
    floor: u64,
    entry: &LogEntry,
) -> Result<u64, sqlx::Error> {
    let index: Option<i64> = sqlx::query_scalar(
        "SELECT leaf_index FROM log_leaves WHERE leaf_index >= $1 AND entry = $2 \
         ORDER BY leaf_index LIMIT 1",
    )
    .bind(as_i64(floor)?)
    .bind(String::from_utf8_lossy(&entry.to_bytes()).into_owned())
    .fetch_optional(&mut **tx)
    .await?;
    index
        .ok_or_else(|| corrupt("a stored receipt's leaf is missing from the log"))
        .and_then(as_u64)
}

fn as_i64(n: u64) -> Result<i64, sqlx::Error> {
    i64::try_from(n).map_err(|_| corrupt("a log index beyond 2^63"))
}

fn as_u64(n: i64) -> Result<u64, sqlx::Error> {
    u64::try_from(n).map_err(|_| corrupt("a negative log index"))
}

fn corrupt(what: &'static str) -> sqlx::Error {
    sqlx::Error::Decode(what.into())
}

fn hash_of(text: &str) -> Result<TreeHash, sqlx::Error> {
    base64url::decode(text)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| corrupt("a log hash that is not 32 bytes of base64url"))
}

/// A published checkpoint: the tree's size and the signed note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredCheckpoint {
    /// The tree's size it signs.
    pub size: u64,
    /// The signed note (C2SP tlog-checkpoint).
    pub note: String,
}

impl Store {
    /// The tree's size and right edge, as committed.
    pub async fn log_frontier(&self) -> Result<Frontier, Unavailable> {
        let row = sqlx::query("SELECT size, frontier FROM log_state WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        Ok(frontier_of(row.try_get(0)?, &row.try_get::<String, _>(1)?)?)
    }

    /// The hashes of the nodes `wanted`, `(level, index)`, each a leaf or
    /// a perfect subtree's root, in the order asked: read where kept,
    /// folded from the kept level below otherwise.
    pub async fn log_nodes(&self, wanted: &[(u32, u64)]) -> Result<Vec<TreeHash>, Unavailable> {
        let ranges = wanted
            .iter()
            .map(|&(level, index)| folded_from(level, index))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| corrupt("a log node beyond 2^64 leaves"))?;
        let kept = self.kept_nodes(&ranges).await?;
        Ok(ranges
            .iter()
            .map(|&(level, first, count)| {
                (first..first + count)
                    .map(|index| kept.get(&(level, index)).copied())
                    .collect::<Option<Vec<_>>>()
                    .and_then(|hashes| fold(&hashes))
                    .ok_or_else(|| corrupt("a node of the log's tree is missing"))
            })
            .collect::<Result<_, _>>()?)
    }

    /// The kept nodes in `ranges`, `(level, first index, count)`, by
    /// `(level, index)`: a proof's few dozen ranges in one query for the
    /// leaves and one for the inner nodes.
    async fn kept_nodes(
        &self,
        ranges: &[(u32, u64, u64)],
    ) -> Result<HashMap<(u32, u64), TreeHash>, sqlx::Error> {
        let mut found = HashMap::new();
        let p = self.params();
        let (leaves, inner): (Vec<_>, Vec<_>) = ranges.iter().partition(|r| r.0 == 0);
        if !leaves.is_empty() {
            let condition = (0..leaves.len())
                .map(|i| {
                    format!(
                        "(leaf_index >= {} AND leaf_index < {})",
                        p.list(1, 2 * i + 1),
                        p.list(1, 2 * i + 2)
                    )
                })
                .collect::<Vec<_>>()
                .join(" OR ");
            let sql = format!("SELECT leaf_index, hash FROM log_leaves WHERE {condition}");
            let mut query = sqlx::query(&sql);
            for (_, first, count) in &leaves {
                query = query.bind(as_i64(*first)?).bind(as_i64(first + count)?);
            }
            for row in query.fetch_all(self.pool()).await? {
                let index = as_u64(row.try_get(0)?)?;
                found.insert((0, index), hash_of(&row.try_get::<String, _>(1)?)?);
            }
        }
        if !inner.is_empty() {
            let condition = (0..inner.len())
                .map(|i| {
                    format!(
                        "(level = {} AND node_index >= {} AND node_index < {})",
                        p.list(1, 3 * i + 1),
                        p.list(1, 3 * i + 2),
                        p.list(1, 3 * i + 3)
                    )
                })
                .collect::<Vec<_>>()
                .join(" OR ");
            let sql = format!("SELECT level, node_index, hash FROM log_nodes WHERE {condition}");
            let mut query = sqlx::query(&sql);
            for (level, first, count) in &inner {
                query = query
                    .bind(i64::from(*level))
                    .bind(as_i64(*first)?)
                    .bind(as_i64(first + count)?);
            }
            for row in query.fetch_all(self.pool()).await? {
                let level: i64 = row.try_get(0)?;
                let level = u32::try_from(level).map_err(|_| corrupt("a log node's level"))?;
                let index = as_u64(row.try_get(1)?)?;
                found.insert((level, index), hash_of(&row.try_get::<String, _>(2)?)?);
            }
        }
        Ok(found)
    }

    /// The hashes of `count` consecutive nodes of `level` from `first`
    /// (a tile's), in order; fewer if fewer are stored.
    pub async fn log_level_range(
        &self,
        level: u32,
        first: u64,
        count: u64,
    ) -> Result<Vec<TreeHash>, Unavailable> {
        let p = self.params();
        let (sql, bind_level) = if level == 0 {
            (
                format!(
                    "SELECT hash FROM log_leaves WHERE leaf_index >= {} AND leaf_index < {} \
                     ORDER BY leaf_index",
                    p.list(1, 1),
                    p.list(1, 2)
                ),
                false,
            )
        } else {
            (
                format!(
                    "SELECT hash FROM log_nodes WHERE level = {} AND node_index >= {} \
                     AND node_index < {} ORDER BY node_index",
                    p.list(1, 1),
                    p.list(1, 2),
                    p.list(1, 3)
                ),
                true,
            )
        };
        let mut query = sqlx::query(&sql);
        if bind_level {
            query = query.bind(i64::from(level));
        }
        let end = first.saturating_add(count);
        let rows = query
            .bind(as_i64(first)?)
            .bind(as_i64(end)?)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .map(|row| hash_of(&row.try_get::<String, _>(0)?))
            .collect::<Result<_, _>>()?)
    }

    /// The data of `count` consecutive leaves from `first`, in order.
    pub async fn log_entries(&self, first: u64, count: u64) -> Result<Vec<String>, Unavailable> {
        let p = self.params();
        let sql = format!(
            "SELECT entry FROM log_leaves WHERE leaf_index >= {} AND leaf_index < {} \
             ORDER BY leaf_index",
            p.list(1, 1),
            p.list(1, 2)
        );
        let rows = sqlx::query(&sql)
            .bind(as_i64(first)?)
            .bind(as_i64(first.saturating_add(count))?)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .map(|row| row.try_get(0))
            .collect::<Result<_, _>>()?)
    }

    /// The leaf of a campaign's manifest, once approved (`None` before, or
    /// for one approved before the log existed and not appended since).
    pub async fn manifest_log_index(&self, campaign_id: &str) -> Result<Option<u64>, Unavailable> {
        let index: Option<Option<i64>> =
            sqlx::query_scalar("SELECT manifest_log_index FROM campaigns WHERE campaign_id = $1")
                .bind(campaign_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(index.flatten().map(as_u64).transpose()?)
    }

    /// The newest checkpoint published, if any.
    pub async fn latest_checkpoint(&self) -> Result<Option<StoredCheckpoint>, Unavailable> {
        let row = sqlx::query("SELECT size, note FROM log_checkpoints ORDER BY size DESC LIMIT 1")
            .fetch_optional(self.pool())
            .await?;
        Ok(row
            .map(|row| -> Result<_, sqlx::Error> {
                Ok(StoredCheckpoint {
                    size: as_u64(row.try_get(0)?)?,
                    note: row.try_get(1)?,
                })
            })
            .transpose()?)
    }

    /// The checkpoint published for `size`, if one was.
    pub async fn checkpoint_of_size(
        &self,
        size: u64,
    ) -> Result<Option<StoredCheckpoint>, Unavailable> {
        let note: Option<String> =
            sqlx::query_scalar("SELECT note FROM log_checkpoints WHERE size = $1")
                .bind(as_i64(size)?)
                .fetch_optional(self.pool())
                .await?;
        Ok(note.map(|note| StoredCheckpoint { size, note }))
    }

    /// Keeps a checkpoint signed for `size`; one signed for that size
    /// already (by another node: the same bytes, Ed25519 being
    /// deterministic) is kept as it was.
    pub async fn insert_checkpoint(
        &self,
        checkpoint: &StoredCheckpoint,
        signed_at: i64,
    ) -> Result<(), Unavailable> {
        sqlx::query(
            "INSERT INTO log_checkpoints (size, note, signed_at) VALUES ($1, $2, $3) \
             ON CONFLICT (size) DO NOTHING",
        )
        .bind(as_i64(checkpoint.size)?)
        .bind(&checkpoint.note)
        .bind(signed_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
