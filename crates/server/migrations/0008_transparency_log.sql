-- The transparency log (docs/server.md, "The transparency log"): every
-- stored document (receipt, one-box withdrawal, campaign manifest, release
-- record, device enrollment) is one leaf of an append-only Merkle tree
-- (RFC 6962), served as C2SP tlog-tiles. A leaf holds a commitment, never
-- the document: its kind and the SHA-256 of its RFC 8785 form.

-- The leaves, in the order they were appended, each with its hash (the
-- level-0 nodes the tiles serve).
CREATE TABLE log_leaves (
    leaf_index BIGINT NOT NULL PRIMARY KEY,
    -- `<kind> <base64url SHA-256>`: what the entry bundles serve.
    entry      TEXT   NOT NULL,
    -- The leaf's hash, base64url.
    hash       TEXT   NOT NULL
);
-- A document's leaf, by its entry (the index a replayed receipt's answer
-- carries).
CREATE INDEX log_leaves_by_entry ON log_leaves (entry);

-- The roots of the tree's perfect subtrees above the leaves: a node of
-- level L covers 2^L leaves, and is stored once it is complete. Tiles of
-- level K are the nodes of level 8K.
CREATE TABLE log_nodes (
    level      BIGINT NOT NULL,
    node_index BIGINT NOT NULL,
    hash       TEXT   NOT NULL,
    PRIMARY KEY (level, node_index)
);

-- The tree's size and right edge (the roots of its perfect subtrees,
-- largest first, base64url, space-separated), in one row: every append
-- takes it, so that appends on every node come one after the other.
-- `backfilled`: whether the documents stored before this migration were
-- appended (at the next opening); 1 for a database that held none.
CREATE TABLE log_state (
    id         BIGINT NOT NULL PRIMARY KEY,
    size       BIGINT NOT NULL,
    frontier   TEXT   NOT NULL,
    backfilled BIGINT NOT NULL
);
INSERT INTO log_state (id, size, frontier, backfilled)
SELECT 1, 0, '', CASE WHEN EXISTS (SELECT 1 FROM receipts)
    OR EXISTS (SELECT 1 FROM box_withdrawals)
    OR EXISTS (SELECT 1 FROM campaigns WHERE manifest IS NOT NULL)
    OR EXISTS (SELECT 1 FROM campaign_releases)
    OR EXISTS (SELECT 1 FROM device_keys) THEN 0 ELSE 1 END;

-- The checkpoints published (C2SP tlog-checkpoint, signed notes), one per
-- size: `/log/checkpoint` serves the newest; the others let a watcher's
-- two checkpoints be proven consistent after a restart.
CREATE TABLE log_checkpoints (
    size      BIGINT NOT NULL PRIMARY KEY,
    note      TEXT   NOT NULL,
    -- Unix microseconds.
    signed_at BIGINT NOT NULL
);
