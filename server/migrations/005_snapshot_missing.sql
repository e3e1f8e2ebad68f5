-- The records still without their snapshot form (written before migration
-- 004, or changed since by an older server instance): backfillSnapshots runs
-- at every start, and without this index it read the whole table to find
-- that none is left. Sparse: normally empty.
create index records_snapshot_missing on records (team_id, kind, id) where snapshot is null;
