-- A new device's first sync reads the team's records as a snapshot, a page at
-- a time, grouped by customer (snapshotBody in server/sync-store.ts): one range
-- of this index per page, from where the page before ended.
create index records_team_snapshot on records (team_id, (coalesce(customer_id, '')), kind, id);
