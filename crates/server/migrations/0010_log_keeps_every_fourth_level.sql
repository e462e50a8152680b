-- The transparency log keeps the inner nodes of every fourth level only
-- (4, 8, 12…, among them the tiles' levels, multiples of 8); the service
-- folds the others from them when a proof needs one
-- (`transparency::kept_levels`). Each leaf then writes one row, its own,
-- rather than two.
DELETE FROM log_nodes WHERE level % 4 <> 0;
