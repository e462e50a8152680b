-- The guardian relay (docs/server.md): a pupil's pending request for a
-- parent's confirmation, and the guardian's answer, kept only until the
-- pupil's device has read the answer, abandons the request, or it expires.
-- Not proof: the joint receipt, once signed, is posted to /receipts.
CREATE TABLE guardian_requests (
    -- 16 random bytes, base64url: whoever holds it may read and answer.
    relay_id   TEXT   NOT NULL PRIMARY KEY,
    notice_id  TEXT   NOT NULL,
    -- The request's link text (GuardianRequest::to_fragment).
    request    TEXT   NOT NULL,
    -- Unix seconds: after this the row is deleted, answered or not.
    expires_at BIGINT NOT NULL,
    -- The guardian's answer's link text, once given (GuardianAnswer).
    answer     TEXT
);
CREATE INDEX guardian_requests_by_expiry ON guardian_requests (expires_at);
