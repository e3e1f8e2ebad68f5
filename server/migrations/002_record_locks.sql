-- Locks for the records one push reads and writes, taken before the team's
-- lock so that only pushes touching the same records wait for each other
-- (server/sync-store.ts). Transaction-scoped advisory locks on a 64-bit hash
-- of each key: they also cover a record that has no row yet, which FOR UPDATE
-- cannot lock. A loop over the sorted, distinct hashes: every push takes its
-- locks in the same order, so two pushes locking overlapping sets never
-- deadlock; a plpgsql loop runs its statements one after another, in the
-- order the query returns, which a plain SELECT over an ordered subquery does
-- not promise. Two keys with the same hash only wait for each other.
create function kefu_lock_records(keys text[]) returns integer
language plpgsql as $$
declare
  k bigint;
  n integer := 0;
begin
  for k in select distinct hashtextextended(key, 0) as h from unnest(keys) as key order by h loop
    perform pg_advisory_xact_lock(k);
    n := n + 1;
  end loop;
  return n;
end
$$;
