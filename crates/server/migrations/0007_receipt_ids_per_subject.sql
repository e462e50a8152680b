-- A receipt id belongs to one subject: `receipts` and `decisions` are keyed
-- by (subject, receipt_id), so another subject's receipt can neither take
-- an id a pupil posts later nor block it (docs/server.md, "The chain
-- rule"). The tables are rebuilt (SQLite cannot change a primary key in
-- place), with the same columns and the same rows; the indexes are made
-- again, `receipts_by_previous` now by subject first, as every chain check
-- asks it.
CREATE TABLE receipts_v7 (
    receipt_id      TEXT   NOT NULL,
    notice_id       TEXT   NOT NULL,
    notice_version  TEXT   NOT NULL,
    subject         TEXT   NOT NULL,
    issued_at       BIGINT NOT NULL,
    stored_at       BIGINT NOT NULL,
    previous_id     TEXT,
    previous_digest TEXT,
    digest          TEXT   NOT NULL,
    jws             TEXT   NOT NULL,
    language        TEXT,
    lapses_at       BIGINT,
    device_key      TEXT,
    unenrolled_key  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (subject, receipt_id)
);
INSERT INTO receipts_v7 (receipt_id, notice_id, notice_version, subject, issued_at, stored_at,
                         previous_id, previous_digest, digest, jws, language, lapses_at,
                         device_key, unenrolled_key)
SELECT receipt_id, notice_id, notice_version, subject, issued_at, stored_at,
       previous_id, previous_digest, digest, jws, language, lapses_at,
       device_key, unenrolled_key
FROM receipts;

CREATE TABLE decisions_v7 (
    subject    TEXT   NOT NULL,
    receipt_id TEXT   NOT NULL,
    purpose    TEXT   NOT NULL,
    channel    TEXT   NOT NULL,
    granted    BIGINT NOT NULL,
    PRIMARY KEY (subject, receipt_id, purpose, channel),
    FOREIGN KEY (subject, receipt_id) REFERENCES receipts_v7 (subject, receipt_id)
);
INSERT INTO decisions_v7 (subject, receipt_id, purpose, channel, granted)
SELECT r.subject, d.receipt_id, d.purpose, d.channel, d.granted
FROM decisions d JOIN receipts r ON r.receipt_id = d.receipt_id;

DROP TABLE decisions;
DROP TABLE receipts;
ALTER TABLE receipts_v7 RENAME TO receipts;
ALTER TABLE decisions_v7 RENAME TO decisions;

CREATE INDEX receipts_by_chain ON receipts (notice_id, subject);
CREATE INDEX receipts_by_previous ON receipts (subject, previous_id);
CREATE INDEX receipts_by_storage ON receipts (stored_at, receipt_id);
CREATE INDEX receipts_by_subject ON receipts (subject, issued_at);
