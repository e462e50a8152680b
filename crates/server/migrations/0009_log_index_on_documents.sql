-- Each document keeps its own leaf in the transparency log, where a lookup
-- needs it (a replayed receipt's answer, a campaign's page), rather than an
-- index of the log by entry: that index's random keys made every append
-- write pages all over it (measured with `cargo xtask bench`: 100 000 first
-- receipts at 1 937 and 2 261 receipts/s with it, 2 994 and 2 531 without,
-- 2 723 before the log).
DROP INDEX log_leaves_by_entry;
-- NULL for a receipt stored before the log existed and appended by the
-- opening of 0008 (its replay is answered without `Limpide-Log-Index`).
ALTER TABLE receipts ADD COLUMN log_index BIGINT;
ALTER TABLE campaigns ADD COLUMN manifest_log_index BIGINT;
