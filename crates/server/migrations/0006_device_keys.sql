-- Device keys bound to pupils (docs/server.md, "Whose receipt is it?").

-- The keys enrolled as a pupil's devices: a receipt for that pupil is taken
-- from one of them (one that only narrows consent excepted). Appended,
-- never changed; each row with the controller's signed record of it.
CREATE TABLE device_keys (
    subject        TEXT   NOT NULL,
    -- The key's RFC 7638 thumbprint.
    key_thumbprint TEXT   NOT NULL,
    -- Unix microseconds: the audit's order.
    enrolled_at    BIGINT NOT NULL,
    -- 'first-receipt', 'enrollment-code' or 'stored-receipt'.
    how            TEXT   NOT NULL,
    enrollment_id  TEXT   NOT NULL UNIQUE,
    -- The device enrollment (`limpide-enrollment+jws;v=1`), JWS JSON.
    record         TEXT   NOT NULL,
    PRIMARY KEY (subject, key_thumbprint)
);
CREATE INDEX device_keys_by_time ON device_keys (enrolled_at, enrollment_id);

-- Single-use enrollment codes, by their SHA-256: a new device of a pupil
-- who has one already enrolls with one of them.
CREATE TABLE enrollment_codes (
    code_hash  TEXT   NOT NULL PRIMARY KEY,
    subject    TEXT   NOT NULL,
    -- Unix seconds.
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

-- The key that spoke for the pupil in each receipt (the pupil's, else the
-- guardian's), and whether it was not enrolled (a receipt that only
-- narrowed consent, from a new device). NULL for a receipt stored before
-- this migration until the service's start fills it in.
ALTER TABLE receipts ADD COLUMN device_key TEXT;
ALTER TABLE receipts ADD COLUMN unenrolled_key BIGINT NOT NULL DEFAULT 0;
