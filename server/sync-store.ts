import { hlcWall } from '../lib/sync/hlc';
import { applyMutation, snapshotRecord } from '../lib/sync/merge';
import {
  CUSTOMER_KINDS,
  LIMITS,
  RecordState,
  SUPERVISOR_KINDS,
  type CustomerExportResponse,
  type Mutation,
  type MutationResult,
  type RecordKind,
  type Role,
} from '../lib/sync/protocol';
import type { Queryable, Storage } from './storage';

/** Channel of the NOTIFY sent when a team's cursor moves; payload {"teamId","cursor"}. */
export const CHANGES_CHANNEL = 'kefu_sync_changes';

export interface Actor {
  userId: string;
  teamId: string;
  deviceId: string;
  name: string;
  role: Role;
}

interface RecordRow {
  owner_id: string | null;
  state: unknown;
}

/** bigint columns come back as strings from pg and as numbers (or bigints) from PGlite. */
const num = (v: unknown): number => Number(v);

function reject(id: string, code: string, message: string): MutationResult {
  return { id, status: 'rejected', error: { code, message } };
}

/** What a refusal of an agent's write calls each kind only a supervisor writes. */
const TEAM_THINGS: Partial<Record<RecordKind, string>> = {
  reply: 'reply library',
  'checklist-template': 'checklist templates',
  'rule-set': 'compliance rules',
  'group-order': 'group order',
};

/** Who may write what: supervisors the team library, templates and rules; everyone the shared records and their own library. */
function permission(actor: Actor, m: Mutation, existing: Held | undefined): MutationResult | undefined {
  if (existing && existing.ownerId !== null && existing.ownerId !== actor.userId) {
    // Someone else's personal reply: as if it did not exist.
    return reject(m.id, 'not-found', `No ${m.kind} ${m.recordId} in your libraries`);
  }
  const teamLibrary = SUPERVISOR_KINDS.has(m.kind) || (m.kind === 'reply' && m.scope === 'team');
  if (teamLibrary && actor.role !== 'supervisor') {
    return reject(m.id, 'forbidden', `Only a supervisor edits the team's ${TEAM_THINGS[m.kind] ?? 'reply library'}; keep your own replies in your personal library`);
  }
  return undefined;
}

function stateOf(row: RecordRow): RecordState {
  // Written by this server only; parsed anyway so a hand-edited row fails loudly here, not in a client.
  return RecordState.parse(typeof row.state === 'string' ? JSON.parse(row.state) : row.state);
}

/** A record as a push holds it: its state and owner, and (once changed by this push) its new change number. */
interface Held {
  state: RecordState;
  ownerId: string | null;
}
type Changed = Map<string, Held & { seq: number }>;
const heldKey = (kind: string, id: string) => `${kind}:${id}`;

/** The key of a record's lock (kefu_lock_records): unambiguous, whatever the ids hold. */
export const lockKey = (teamId: string, kind: RecordKind, id: string) => JSON.stringify([teamId, kind, id]);

type StoredRow = RecordRow & { kind: RecordKind; id: string; customer_id: string | null };

/**
 * The team as a column beside a key list: an array of `team` as long as
 * `list` (both parameters, $n), to unnest with the list. The statements a
 * push runs join the keys it names to a table on the whole primary key,
 * team included, and the team comes in this way, never as a constant beside
 * the keys. With `team_id = '…'` written out, the planner estimates the
 * team's rows from the table's statistics, and for a team newer than the
 * last ANALYZE (a second team on a server whose statistics saw only the
 * first) it estimates one: it then walks all of that team's records for
 * every push instead of looking up each key. Each push then cost more as the
 * team grew, until autovacuum analyzed the table again: in
 * tests/bench/sync.bench.ts the load run's team, made after the initial
 * sync's, had push p99 2.9–3.4 s (144 ms with this). Joined on a column, the
 * estimate comes from the key's distinct values, and the plan is one index
 * lookup per key whatever the statistics say.
 */
const teamColumn = (team: string, list: string) => `array_fill(${team}::text, array[cardinality(${list}::text[])])`;

/**
 * The records a push's merges may read, in (kind, id) order: each record it
 * names with its customer ($1 the team, $2 kinds and $3 ids, pairwise), and
 * every record of the customers it erases ($4).
 */
export const HELD_RECORDS_SQL = `select r.kind, r.id, r.owner_id, r.customer_id, r.state
  from unnest(${teamColumn('$1', '$2')}, $2::text[], $3::text[]) as k (team_id, kind, id)
  join records r on r.team_id = k.team_id and r.kind = k.kind and r.id = k.id
  union all
  select r.kind, r.id, r.owner_id, r.customer_id, r.state
  from unnest(${teamColumn('$1', '$4')}, $4::text[]) as e (team_id, customer_id)
  join records r on r.team_id = e.team_id and r.customer_id = e.customer_id
  order by kind, id`;

/** Marks a push's refused mutations: `team`, `ids` (text[]) and `errors` (text[] of JSON, pairwise with ids) are parameters ($n). */
export const markRejectedSql = (team: string, ids: string, errors: string) => `update applied_mutations a set status = 'rejected', error = r.error::jsonb
  from unnest(${teamColumn(team, ids)}, ${ids}::text[], ${errors}::text[]) as r (team_id, id, error)
  where a.team_id = r.team_id and a.id = r.id`;

/**
 * Applies a batch of validated mutations in one transaction. Each mutation id
 * is recorded first; pushing it again answers `duplicate` and changes
 * nothing. A rejected mutation (permission, erased customer, clock too far
 * ahead) is final and also recorded.
 *
 * Pushes are serialised per record, not per team: the push locks every record
 * it will read (each mutated record and, for what hangs off a customer, the
 * customer), reads them all in one query, and merges in JS. Only then does it
 * take the team's row lock, in the one statement that writes the changed
 * records, raises the team's change counter by their number and sends the
 * NOTIFY, sent together with the COMMIT: change numbers are still handed out
 * in commit order (pull relies on it), but the team's lock is held for one
 * statement inside the database instead of several round trips to this
 * process (200 agents pushing a note a second each queued on it; the load run
 * of tests/bench/sync.bench.ts). The whole push is two round trips on
 * PostgreSQL (Transaction.queries, queryAndCommit): BEGIN, ids, locks and
 * reads; then the write and COMMIT. Under CPU contention every round trip
 * holds a pooled connection while the reply waits for this process's event
 * loop, so fewer of them is shorter queues for the pool.
 *
 * Erasing a customer rewrites every record of the customer: it locks the
 * customer, which every mutation of a record of that customer also locks
 * (they name their customer, and one naming another customer is rejected), so
 * no such record changes between the erasure's read and its commit.
 */
export async function push(storage: Storage, actor: Actor, mutations: readonly Mutation[], now = Date.now()): Promise<{ results: MutationResult[]; cursor: number }> {
  return storage.transaction(async (tx) => {
    const lockOwners: string[] = [];
    const lockKeys: string[] = [];
    for (const m of mutations) {
      lockOwners.push(m.id);
      lockKeys.push(lockKey(actor.teamId, m.kind, m.recordId));
      if (CUSTOMER_KINDS.has(m.kind) && m.customerId) {
        lockOwners.push(m.id);
        lockKeys.push(lockKey(actor.teamId, 'customer', m.customerId));
      }
    }
    // Everything the merges may read: each record and its customer, and every record of a customer being erased.
    const wanted = new Map<string, { kind: RecordKind; id: string }>();
    for (const m of mutations) {
      wanted.set(heldKey(m.kind, m.recordId), { kind: m.kind, id: m.recordId });
      if (CUSTOMER_KINDS.has(m.kind) && m.customerId) wanted.set(heldKey('customer', m.customerId), { kind: 'customer', id: m.customerId });
    }
    const erasing = mutations.filter((m) => m.op === 'erase').map((m) => m.recordId);
    // Two statements in one round trip (with the BEGIN): first the mutation
    // ids, then the locks of the records the new ones touch, in one statement,
    // the locks after the ids (their argument needs the inserted ids), so a
    // retried push waits on the first one's ids holding no lock, until the
    // first commits, then finds them applied. The locks are taken sorted
    // (kefu_lock_records): overlapping pushes never deadlock. Then the
    // records, read by a statement of its own, so with a snapshot taken once
    // the locks are held: as the last push of these records committed them.
    const [claimed, read] = await tx.queries([
      {
        sql: `with fresh as (
                insert into applied_mutations (team_id, id, device_id, status, applied_at)
                select $1, id, $3, 'applied', $4 from unnest($2::text[]) as id on conflict do nothing returning id
              ), ids as (select coalesce(array_agg(id), '{}') as ids from fresh)
              select ids.ids as fresh, kefu_lock_records(array(select l.key from unnest($5::text[], $6::text[]) as l (mutation_id, key) where l.mutation_id = any (ids.ids))) as locked
              from ids`,
        params: [actor.teamId, mutations.map((m) => m.id), actor.deviceId, now, lockOwners, lockKeys],
      },
      { sql: HELD_RECORDS_SQL, params: [actor.teamId, [...wanted.values()].map((w) => w.kind), [...wanted.values()].map((w) => w.id), erasing] },
    ]);
    const fresh = new Set((claimed?.[0] as { fresh: string[] } | undefined)?.fresh ?? []);
    // Rows of records only duplicates touch are not locked by this push, and not used.
    const stored = new Map<string, StoredRow>();
    for (const row of (read ?? []) as StoredRow[]) stored.set(heldKey(row.kind, row.id), row);

    let ordinal = 0;
    const changed: Changed = new Map();
    const rejected: { id: string; error: unknown }[] = [];
    const results: MutationResult[] = [];
    for (const m of mutations) {
      if (!fresh.has(m.id)) {
        results.push({ id: m.id, status: 'duplicate' });
        continue;
      }
      const result = applyOne(stored, actor, m, now, () => ++ordinal, changed);
      if (result.status === 'rejected') rejected.push({ id: m.id, error: result.error });
      results.push(result);
    }

    const records = [...changed.values()].map((r) => ({
      kind: r.state.kind,
      id: r.state.id,
      owner_id: r.ownerId,
      customer_id: r.state.customerId ?? null,
      ord: r.seq,
      state: r.state,
      snapshot: JSON.stringify(snapshotRecord(r.state)),
    }));
    // One statement, sent with the COMMIT (queryAndCommit): the team's row
    // lock (UPDATE waits for the push before, then reads the counter it
    // committed), the records numbered after it, the rejections, and the
    // NOTIFY delivered at commit to every instance listening on this
    // database. A vanished team leaves seq null: the insert fails, all rolls back.
    const rejectedIds = rejected.map((r) => r.id);
    const rejectedErrors = rejected.map((r) => JSON.stringify(r.error));
    const [done] = records.length
      ? await tx.queryAndCommit<{ cursor: unknown }>(
          `with moved as (update teams set seq = seq + $2 where id = $1 returning seq),
           rejected as (${markRejectedSql('$1', '$4', '$5')}), saved as (
             insert into records (team_id, kind, id, owner_id, customer_id, seq, state, snapshot)
             select $1, r.kind, r.id, r.owner_id, r.customer_id, (select seq from moved) - $2 + r.ord, r.state, r.snapshot
             from jsonb_to_recordset($3::jsonb) as r (kind text, id text, owner_id text, customer_id text, ord bigint, state jsonb, snapshot text)
             on conflict (team_id, kind, id) do update
               set owner_id = excluded.owner_id, customer_id = excluded.customer_id, seq = excluded.seq, state = excluded.state, snapshot = excluded.snapshot
           )
           select seq as cursor, pg_notify($6, '{"teamId":' || to_json($1::text)::text || ',"cursor":' || seq || '}') from moved`,
          [actor.teamId, ordinal, JSON.stringify(records), rejectedIds, rejectedErrors, CHANGES_CHANNEL],
        )
      : // Nothing changed: the rejections, and the team's counter as it stands.
        await tx.queryAndCommit<{ cursor: unknown }>(
          `with rejected as (${markRejectedSql('$1', '$2', '$3')})
           select seq as cursor from teams where id = $1`,
          [actor.teamId, rejectedIds, rejectedErrors],
        );
    if (!done) throw new Error(`team ${actor.teamId} vanished`);
    return { results, cursor: num(done.cursor) };
  });
}

function applyOne(stored: Map<string, StoredRow>, actor: Actor, m: Mutation, now: number, nextSeq: () => number, changed: Changed): MutationResult {
  if (hlcWall(m.hlc) > now + LIMITS.maxClockDriftMs) {
    return reject(m.id, 'clock-drift', `The edit is stamped ${Math.round((hlcWall(m.hlc) - now) / 1000)} s in the future: set this computer's clock right and sync again`);
  }
  // The record and (for what hangs off a customer) its customer; as this push left them, if it changed them.
  const customerId = CUSTOMER_KINDS.has(m.kind) && m.customerId ? m.customerId : null;
  const held = (kind: RecordKind, id: string): Held | undefined => {
    const mine = changed.get(heldKey(kind, id));
    if (mine) return mine;
    const row = stored.get(heldKey(kind, id));
    return row ? { state: stateOf(row), ownerId: row.owner_id } : undefined;
  };
  const customer = customerId === null ? undefined : held('customer', customerId);
  if (customer?.state.erased) return reject(m.id, 'erased', `Customer ${m.customerId} was erased; nothing about them is stored any more`);
  const existing = held(m.kind, m.recordId);
  const denied = permission(actor, m, existing);
  if (denied) return denied;
  const outcome = applyMutation(existing?.state, m, actor.name);
  if (!outcome.ok) return reject(m.id, outcome.rejection.code, outcome.rejection.message);
  if (!outcome.changed) return { id: m.id, status: 'applied' };
  const ownerId = existing ? existing.ownerId : m.kind === 'reply' && m.scope === 'personal' ? actor.userId : null;
  changed.set(heldKey(m.kind, m.recordId), { state: outcome.state, ownerId, seq: nextSeq() });
  if (m.op === 'erase') eraseDependents(stored, m.recordId, outcome.state, nextSeq, changed);
  return { id: m.id, status: 'applied' };
}

/** Replaces every record of an erased customer (stored, or written earlier in this push) with a bare tombstone that no longer names the customer. */
function eraseDependents(stored: Map<string, StoredRow>, customerId: string, customerState: RecordState, nextSeq: () => number, changed: Changed): void {
  // Stored ones in (kind, id) order, as read; the push's own after them.
  const dependents = new Map<string, { kind: RecordKind; id: string }>();
  for (const [key, row] of stored) if (row.customer_id === customerId) dependents.set(key, row);
  for (const [key, c] of changed) if (c.state.customerId === customerId) dependents.set(key, { kind: c.state.kind, id: c.state.id });
  for (const [key, row] of dependents) changed.set(key, { state: { ...customerState, kind: row.kind, id: row.id }, ownerId: null, seq: nextSeq() });
}

/**
 * Changes after the cursor that the actor may see (not other agents' personal
 * replies), oldest first, as the JSON body of a PullResponse. PostgreSQL
 * writes each change's JSON itself (the stored state plus its `seq`): the
 * server neither parses nor re-serialises a page of a thousand records,
 * which was most of its time per pull in a new device's first sync
 * (tests/bench/sync.bench.ts). The states are written by push alone, from
 * validated mutations; the client validates the page as it does any answer.
 */
export async function pullBody(db: Queryable, actor: Actor, cursor: number, limit: number): Promise<string> {
  // Read the team's counter first: every change up to it is committed (it is
  // raised in the same transaction), so a page never skips a late commit.
  const [team] = await db.query<{ seq: unknown }>('select seq from teams where id = $1', [actor.teamId]);
  const top = num(team?.seq ?? 0);
  const rows = await db.query<{ seq: unknown; change: string }>(
    `select seq, (state || jsonb_build_object('seq', seq))::text as change from records
     where team_id = $1 and seq > $2 and seq <= $3 and (owner_id is null or owner_id = $4) order by seq limit $5`,
    [actor.teamId, cursor, top, actor.userId, limit + 1],
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const next = more && last ? num(last.seq) : Math.max(top, cursor);
  return `{"changes":[${page.map((r) => r.change).join(',')}],"cursor":${next},"more":${more},"top":${top}}`;
}

/** A snapshot page: the team ($1) at top ($2) as user $3 sees it, after the key ($4, $5, $6), $7 rows at most, in key order. */
export const SNAPSHOT_PAGE_SQL = `select coalesce(customer_id, '') as grp, kind, id, snapshot, case when snapshot is null then state::text end as state from records
  where team_id = $1 and seq <= $2 and (owner_id is null or owner_id = $3) and (coalesce(customer_id, ''), kind, id) > ($4, $5, $6)
  order by coalesce(customer_id, ''), kind, id limit $7`;

/** The team's counter moved back past a snapshot's `top`: its data was replaced (a restore of the server). */
export class SnapshotTopError extends Error {
  constructor(readonly top: number) {
    super(`snapshot top ${top} is past the team's counter`);
    this.name = 'SnapshotTopError';
  }
}

/**
 * A page of the team's records as they stood at the counter `top` (read now
 * when not given), as the JSON body of a SnapshotResponse: a new device's
 * first sync, instead of replaying every change. Records are grouped by
 * customer, then by kind and id, and paged by that key; a record changed
 * after `top` is left out (the pull from `top` that follows brings it), so
 * every record a page reads is as it was at `top` and the order cannot shift
 * under a snapshot in progress. Each record goes out materialized
 * (snapshotRecord): its current values and only the stamps a device keeps,
 * not every version of every field: 63 MB instead of 88 for the sync
 * bench's 123,000 records. Push stores that form beside the state, so a page
 * is written from the stored text, as pullBody writes its changes; only a
 * record from before that column (not backfilled yet) is worked out here.
 */
export async function snapshotBody(db: Queryable, actor: Actor, query: { top?: number; after?: string; limit: number }): Promise<string> {
  const current = await currentCursor(db, actor.teamId);
  const top = query.top ?? current;
  if (top > current) throw new SnapshotTopError(top);
  const [group = '', kind = '', id = ''] = query.after?.split('.') ?? [];
  const rows = await db.query<{ grp: string; kind: string; id: string; snapshot: string | null; state: string | null }>(SNAPSHOT_PAGE_SQL, [
    actor.teamId,
    top,
    actor.userId,
    group,
    kind,
    id,
    query.limit + 1,
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  let total: number | undefined;
  if (query.after === undefined) {
    const [counted] = await db.query<{ n: unknown }>('select count(*) as n from records where team_id = $1 and seq <= $2 and (owner_id is null or owner_id = $3)', [
      actor.teamId,
      top,
      actor.userId,
    ]);
    total = num(counted?.n ?? 0);
  }
  // Written by push alone, from validated mutations (as pullBody trusts them); the device validates the page.
  const records = page.map((r) => r.snapshot ?? JSON.stringify(snapshotRecord(JSON.parse(r.state ?? 'null') as RecordState)));
  const next = rows.length > query.limit && last ? `${last.grp}.${last.kind}.${last.id}` : undefined;
  return `{"records":[${records.join(',')}],"top":${top}${total === undefined ? '' : `,"total":${total}`}${next === undefined ? '' : `,"next":${JSON.stringify(next)}`}}`;
}

/**
 * Fills in the stored snapshot form of records written before push stored
 * it (migration 004), walking the records once in key order, a batch at a
 * time; returns how many it filled in. A record pushed meanwhile already
 * has its own, written with its state, and is not overwritten (the update
 * is conditional on the change number read); one an older server instance
 * changes meanwhile stays without, and is worked out when read. Safe to run
 * on several instances at once.
 */
export async function backfillSnapshots(storage: Storage, opts: { batch?: number; shouldStop?: () => boolean } = {}): Promise<number> {
  const batch = opts.batch ?? 500;
  let written = 0;
  let after = ['', '', ''];
  while (!opts.shouldStop?.()) {
    // Through the primary key from where the last batch ended: each batch reads on, never the filled rows again.
    const rows = await storage.query<{ team_id: string; kind: string; id: string; seq: unknown; state: string }>(
      `select team_id, kind, id, seq, state::text as state from records
       where (team_id, kind, id) > ($1, $2, $3) and snapshot is null order by team_id, kind, id limit $4`,
      [...after, batch],
    );
    const last = rows.at(-1);
    if (!last) break;
    after = [last.team_id, last.kind, last.id];
    const filled = rows.map((r) => ({ team_id: r.team_id, kind: r.kind, id: r.id, seq: num(r.seq), snapshot: JSON.stringify(snapshotRecord(stateOf({ owner_id: null, state: r.state }))) }));
    const [done] = await storage.query<{ n: unknown }>(
      `with filled as (
         update records r set snapshot = f.snapshot
         from jsonb_to_recordset($1::jsonb) as f (team_id text, kind text, id text, seq bigint, snapshot text)
         where r.team_id = f.team_id and r.kind = f.kind and r.id = f.id and r.seq = f.seq and r.snapshot is null
         returning 1
       )
       select count(*) as n from filled`,
      [JSON.stringify(filled)],
    );
    written += num(done?.n ?? 0);
  }
  return written;
}

export async function currentCursor(db: Queryable, teamId: string): Promise<number> {
  const [team] = await db.query<{ seq: unknown }>('select seq from teams where id = $1', [teamId]);
  return num(team?.seq ?? 0);
}

/** Everything the server holds about one customer of the team, as stored. */
export async function exportCustomer(db: Queryable, teamId: string, customerId: string, now = Date.now()): Promise<CustomerExportResponse | undefined> {
  const [customer] = await db.query<RecordRow>(`select owner_id, state from records where team_id = $1 and kind = 'customer' and id = $2`, [teamId, customerId]);
  if (!customer) return undefined;
  const rows = await db.query<RecordRow>('select owner_id, state from records where team_id = $1 and customer_id = $2 order by kind, id', [teamId, customerId]);
  return { exportedAt: now, customer: stateOf(customer), records: rows.map(stateOf) };
}
