-- Accountable messaging (docs/server.md, "Campaigns"): a message is a
-- campaign whose text the DPO approved for one purpose and channel; only an
-- approved campaign releases a list; every released row carries a personal
-- stop link; a stop or an objection is a one-box withdrawal.

-- What the gate needs of each receipt without reading its JWS: the language
-- the pupil read (each released row gets that language's text) and when its
-- grants lapse (the notice's `grant_validity`; NULL: never). Rows stored
-- before keep NULL: their notice versions had no validity.
ALTER TABLE receipts ADD COLUMN language TEXT;
ALTER TABLE receipts ADD COLUMN lapses_at BIGINT;
ALTER TABLE grants ADD COLUMN language TEXT;
ALTER TABLE grants ADD COLUMN lapses_at BIGINT;

-- One row per campaign. The draft's text is frozen: a change is a new
-- draft. `status` moves once, from 'draft' to 'approved' or 'rejected',
-- by an account other than `drafted_by`; released is told by its releases.
CREATE TABLE campaigns (
    -- 8 random bytes, base64url: the short link of its public page.
    campaign_id    TEXT   NOT NULL PRIMARY KEY,
    notice_id      TEXT   NOT NULL,
    notice_version TEXT   NOT NULL,
    purpose        TEXT   NOT NULL,
    -- '' for a purpose without channels.
    channel        TEXT   NOT NULL,
    sender         TEXT   NOT NULL,
    -- The template (texts and footers per language), RFC 8785 JSON, and
    -- its digest: what the DPO approves.
    template       TEXT   NOT NULL,
    text_digest    TEXT   NOT NULL,
    -- Unix seconds: the window in which its list may be released.
    not_before     BIGINT NOT NULL,
    not_after      BIGINT NOT NULL,
    -- Opaque account ids; the access log maps them to people.
    drafted_by     TEXT   NOT NULL,
    drafted_at     BIGINT NOT NULL,
    status         TEXT   NOT NULL,
    decided_by     TEXT,
    decided_at     BIGINT,
    -- Why the DPO rejected it.
    reason         TEXT,
    -- The signed manifest (JWS JSON), once approved.
    manifest       TEXT,
    -- How many releases the DPO allows (1 unless allowed again).
    releases_allowed BIGINT NOT NULL
);
CREATE INDEX campaigns_by_status ON campaigns (status, drafted_at);

-- Each release of a campaign's list: its number is the primary key, so two
-- nodes releasing at once cannot both take it. Never updated.
CREATE TABLE campaign_releases (
    campaign_id  TEXT   NOT NULL REFERENCES campaigns (campaign_id),
    release_no   BIGINT NOT NULL,
    released_at  BIGINT NOT NULL,
    released_by  TEXT   NOT NULL,
    rows_kept    BIGINT NOT NULL,
    rows_dropped BIGINT NOT NULL,
    -- The signed release record (JWS JSON).
    record       TEXT   NOT NULL,
    PRIMARY KEY (campaign_id, release_no)
);

-- Each released row's stop link. Only the token's SHA-256 is kept: the
-- link is the pupil's, and the database alone cannot make one.
CREATE TABLE stop_links (
    token_hash  TEXT   NOT NULL PRIMARY KEY,
    campaign_id TEXT   NOT NULL REFERENCES campaigns (campaign_id),
    -- The controller's id for the pupil (never the subject value).
    subject     TEXT   NOT NULL,
    -- The language of the pupil's receipt, for the stop page.
    language    TEXT   NOT NULL,
    release_no  BIGINT NOT NULL
);
CREATE INDEX stop_links_by_subject ON stop_links (subject, campaign_id);

-- One-box withdrawals the controller records and signs (a stop link, an
-- objection): proof like the receipts, never updated, never deleted. One
-- counts against every receipt of that subject and notice issued before
-- it; a receipt issued after it decides that box again.
CREATE TABLE box_withdrawals (
    withdrawal_id TEXT   NOT NULL PRIMARY KEY,
    notice_id     TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    purpose       TEXT   NOT NULL,
    channel       TEXT   NOT NULL,
    -- Unix seconds, as receipts' `issued_at`.
    issued_at     BIGINT NOT NULL,
    -- Unix microseconds: the audit's order.
    stored_at     BIGINT NOT NULL,
    -- 'stop-link' or 'objection'.
    via           TEXT   NOT NULL,
    campaign_id   TEXT,
    jws           TEXT   NOT NULL
);
CREATE INDEX box_withdrawals_by_chain ON box_withdrawals (notice_id, subject);
CREATE INDEX box_withdrawals_by_storage ON box_withdrawals (stored_at, withdrawal_id);
