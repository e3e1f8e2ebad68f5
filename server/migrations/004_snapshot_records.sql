-- Each record as a snapshot sends it (snapshotRecord in lib/sync/merge.ts),
-- written by push with the record's state: a new device's first sync reads it
-- as stored (snapshotBody in server/sync-store.ts) instead of the server
-- parsing and materializing every record's state for every new device. Null
-- for records written before this column: the server fills those in after it
-- starts (backfillSnapshots) and works them out on read until then.
alter table records add column snapshot text;

-- An instance of the server from before this column (two versions side by
-- side during an upgrade) changes `state` without it: the stored form is then
-- out of date, so it is dropped, to be worked out again.
create function kefu_records_snapshot_stale() returns trigger
language plpgsql as $$
begin
  if new.state is distinct from old.state and new.snapshot is not distinct from old.snapshot then
    new.snapshot := null;
  end if;
  return new;
end;
$$;
create trigger records_snapshot_stale before update on records
  for each row execute function kefu_records_snapshot_stale();
