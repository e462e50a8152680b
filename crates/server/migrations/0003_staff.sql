-- Staff accounts' state that every node shares (docs/console.md). The
-- accounts themselves live in the staff file, not here.

-- Console sessions. The cookie holds 32 random bytes; only their SHA-256
-- is kept, so a copy of the database opens no session.
CREATE TABLE staff_sessions (
    session_digest TEXT   NOT NULL PRIMARY KEY,
    account        TEXT   NOT NULL,
    -- The account entry's stamp when it signed in: a changed password,
    -- role or second factor ends the session.
    stamp          TEXT   NOT NULL,
    -- The session's token for the console's forms (CSRF).
    csrf           TEXT   NOT NULL,
    -- Unix seconds: signed in, and last seen (absolute and idle expiry).
    created_at     BIGINT NOT NULL,
    last_seen      BIGINT NOT NULL
);
CREATE INDEX staff_sessions_by_account ON staff_sessions (account);
CREATE INDEX staff_sessions_by_age ON staff_sessions (created_at);

-- Wrong sign-in attempts, one row each, kept 15 minutes: per attempted
-- account id (its SHA-256, whether or not the account exists) and overall.
CREATE TABLE sign_in_failures (
    failure_id     TEXT   NOT NULL PRIMARY KEY,
    account_digest TEXT   NOT NULL,
    -- Unix seconds.
    failed_at      BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_account ON sign_in_failures (account_digest, failed_at);
CREATE INDEX sign_in_failures_by_time ON sign_in_failures (failed_at);

-- The access log: one row per staff action, never updated, never deleted.
-- It names the account, never a pupil, never a list's content.
CREATE TABLE access_log (
    -- Unix microseconds, then a random id: the log's order.
    logged_at BIGINT NOT NULL,
    entry_id  TEXT   NOT NULL,
    account   TEXT   NOT NULL,
    -- '' only for a sign-in refused to an id no account has.
    role      TEXT   NOT NULL,
    action    TEXT   NOT NULL,
    notice    TEXT,
    purpose   TEXT,
    channel   TEXT,
    campaign  TEXT,
    kept      BIGINT,
    dropped   BIGINT,
    PRIMARY KEY (logged_at, entry_id)
);
