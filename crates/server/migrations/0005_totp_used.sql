-- One-time codes used (docs/console.md), kept a few minutes: a code signs
-- in once, even within the 90 seconds it is valid (RFC 6238 section 5.2).
-- Its own migration: 0003_staff.sql was applied already where the staff
-- accounts were tried, and an applied migration never changes.
CREATE TABLE totp_used (
    account TEXT   NOT NULL,
    -- The code's time step (Unix seconds / 30).
    step    BIGINT NOT NULL,
    PRIMARY KEY (account, step)
);
