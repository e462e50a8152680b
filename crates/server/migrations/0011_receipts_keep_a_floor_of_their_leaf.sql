-- A receipt's row keeps the log's size when it was stored, a floor of its
-- leaf, rather than its leaf: the leaf is known only at the append, the
-- transaction's last statement, and on PostgreSQL other writers nearly
-- always append between the two. Writing the leaf on the row then
-- rewrote every receipt's row, JWS included (measured with `cargo xtask
-- bench`: 19 544 of 20 015 rows rewritten). A replay's answer finds the
-- leaf as the first with the receipt's entry from the floor
-- (`store::log_tree::leaf_of_receipt`). The leaves written so far are
-- floors too.
ALTER TABLE receipts RENAME COLUMN log_index TO log_index_floor;
