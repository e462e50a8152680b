-- One schema for SQLite and PostgreSQL: only types and statements both
-- engines read alike (TEXT, BIGINT, composite keys, no autoincrement).

-- The proof: every receipt as countersigned, never updated, never deleted.
-- A withdrawal is a new row whose `previous_id` names the receipt it follows.
CREATE TABLE receipts (
    receipt_id     TEXT   NOT NULL PRIMARY KEY,
    notice_id      TEXT   NOT NULL,
    notice_version TEXT   NOT NULL,
    -- The controller's own pseudonymous id (from the subject value).
    subject        TEXT   NOT NULL,
    -- `issued_at` of the payload, Unix seconds: orders forks (docs/server.md).
    issued_at      BIGINT NOT NULL,
    -- When the service stored it, Unix microseconds: the audit's order.
    stored_at      BIGINT NOT NULL,
    previous_id    TEXT,
    -- The payload digest `previous` names: a receipt stored later under
    -- that id must have it (no receipt can hide another by naming it).
    previous_digest TEXT,
    -- SHA-256 of the payload bytes, base64url: what a next receipt names.
    digest         TEXT   NOT NULL,
    -- The receipt as countersigned (JWS JSON), what `/audit` exports.
    jws            TEXT   NOT NULL
);
CREATE INDEX receipts_by_chain ON receipts (notice_id, subject);
CREATE INDEX receipts_by_previous ON receipts (previous_id);
CREATE INDEX receipts_by_storage ON receipts (stored_at, receipt_id);
CREATE INDEX receipts_by_subject ON receipts (subject, issued_at);

-- Each receipt's decisions, one row per purpose and channel ('' for a
-- purpose without channels), written with the receipt, never changed.
CREATE TABLE decisions (
    receipt_id TEXT NOT NULL REFERENCES receipts (receipt_id),
    purpose    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    granted    BIGINT NOT NULL,
    PRIMARY KEY (receipt_id, purpose, channel)
);

-- Derived, not proof: each subject's latest receipt per notice, by the
-- chain rule (docs/server.md), kept in step inside each receipt's
-- transaction. Its row also serialises one subject's posts.
CREATE TABLE latest (
    notice_id  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    receipt_id TEXT NOT NULL,
    PRIMARY KEY (notice_id, subject)
);
CREATE INDEX latest_by_receipt ON latest (receipt_id);

-- Derived too: the boxes each subject's latest receipt grants, kept in step
-- with `latest`. The gate and the permissions read this index alone: one
-- range of it per purpose and channel, in subject order.
CREATE TABLE grants (
    notice_id  TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    channel    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    receipt_id TEXT NOT NULL,
    PRIMARY KEY (notice_id, purpose, channel, subject)
);
CREATE INDEX grants_by_subject ON grants (notice_id, subject);
