import { hlcWall } from '../lib/sync/hlc';
import { applyMutation } from '../lib/sync/merge';
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

/** Who may write what: supervisors the team library, templates and rules; everyone the shared records and their own library. */
function permission(actor: Actor, m: Mutation, existing: Held | undefined): MutationResult | undefined {
  if (existing && existing.ownerId !== null && existing.ownerId !== actor.userId) {
    // Someone else's personal reply: as if it did not exist.
    return reject(m.id, 'not-found', `No ${m.kind} ${m.recordId} in your libraries`);
  }
  const teamLibrary = SUPERVISOR_KINDS.has(m.kind) || (m.kind === 'reply' && m.scope === 'team');
  if (teamLibrary && actor.role !== 'supervisor') {
    return reject(m.id, 'forbidden', `Only a supervisor edits the team's ${m.kind === 'reply' ? 'reply library' : m.kind === 'rule-set' ? 'compliance rules' : 'checklist templates'}; keep your own replies in your personal library`);
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

/**
 * Applies a batch of validated mutations in one transaction. The team row is
 * locked before any record is read, so pushes of one team are serialised and
 * change numbers are handed out in commit order; the changed records are
 * written at the end, in one statement with the team's new counter and its
 * NOTIFY. Each mutation id is recorded; pushing it again answers `duplicate`
 * and changes nothing. A rejected mutation (permission, erased customer,
 * clock too far ahead) is final and also recorded.
 */
export async function push(storage: Storage, actor: Actor, mutations: readonly Mutation[], now = Date.now()): Promise<{ results: MutationResult[]; cursor: number }> {
  return storage.transaction(async (tx) => {
    // The mutation ids first, all in one statement and before the team's lock:
    // the lock serialises the team's pushes, so only what needs the order of
    // changes runs under it (200 agents pushing a note a second each queued
    // on it; tests/bench/sync.bench.ts). A retried push waits here on the
    // first one's ids until it commits, then finds them applied.
    const fresh = new Set(
      (
        await tx.query<{ id: string }>(
          `insert into applied_mutations (team_id, id, device_id, status, applied_at)
           select $1, id, $3, 'applied', $4 from unnest($2::text[]) as id on conflict do nothing returning id`,
          [actor.teamId, mutations.map((m) => m.id), actor.deviceId, now],
        )
      ).map((r) => r.id),
    );
    // NO KEY UPDATE: the key-share locks that the rows inserted above take on
    // their team (foreign keys) do not conflict with it; FOR UPDATE would, and
    // two pushes holding one each would deadlock.
    const [team] = await tx.query<{ seq: unknown }>('select seq from teams where id = $1 for no key update', [actor.teamId]);
    if (!team) throw new Error(`team ${actor.teamId} vanished`);
    const start = num(team.seq);
    let seq = start;
    const changed: Changed = new Map();
    const results: MutationResult[] = [];
    for (const m of mutations) {
      if (!fresh.has(m.id)) {
        results.push({ id: m.id, status: 'duplicate' });
        continue;
      }
      const result = await applyOne(tx, actor, m, now, () => ++seq, changed);
      if (result.status === 'rejected') {
        await tx.query('update applied_mutations set status = $3, error = $4 where team_id = $1 and id = $2', [actor.teamId, m.id, 'rejected', JSON.stringify(result.error)]);
      }
      results.push(result);
    }
    if (changed.size) {
      // One statement and one round trip under the lock: the records, the counter, and the NOTIFY delivered at commit to every instance listening on this database.
      const rows = [...changed.values()];
      await tx.query(
        `with saved as (
           insert into records (team_id, kind, id, owner_id, customer_id, seq, state)
           select $1, r.kind, r.id, r.owner_id, r.customer_id, r.seq, r.state::jsonb
           from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[]) as r (kind, id, owner_id, customer_id, seq, state)
           on conflict (team_id, kind, id) do update set owner_id = excluded.owner_id, customer_id = excluded.customer_id, seq = excluded.seq, state = excluded.state
         ), moved as (update teams set seq = $8 where id = $1)
         select pg_notify($9, $10)`,
        [
          actor.teamId,
          rows.map((r) => r.state.kind),
          rows.map((r) => r.state.id),
          rows.map((r) => r.ownerId),
          rows.map((r) => r.state.customerId ?? null),
          rows.map((r) => r.seq),
          rows.map((r) => JSON.stringify(r.state)),
          seq,
          CHANGES_CHANNEL,
          JSON.stringify({ teamId: actor.teamId, cursor: seq }),
        ],
      );
    }
    return { results, cursor: seq };
  });
}

async function applyOne(tx: Queryable, actor: Actor, m: Mutation, now: number, nextSeq: () => number, changed: Changed): Promise<MutationResult> {
  if (hlcWall(m.hlc) > now + LIMITS.maxClockDriftMs) {
    return reject(m.id, 'clock-drift', `The edit is stamped ${Math.round((hlcWall(m.hlc) - now) / 1000)} s in the future: set this computer's clock right and sync again`);
  }
  // The record and (for what hangs off a customer) its customer, in one query; as this push left them, if it changed them.
  const customerId = CUSTOMER_KINDS.has(m.kind) && m.customerId ? m.customerId : null;
  const rows = await tx.query<RecordRow & { kind: RecordKind; id: string }>(
    `select kind, id, owner_id, state from records where team_id = $1 and ((kind = $2 and id = $3) or (kind = 'customer' and id = $4)) for update`,
    [actor.teamId, m.kind, m.recordId, customerId],
  );
  const held = (kind: RecordKind, id: string): Held | undefined => {
    const mine = changed.get(heldKey(kind, id));
    if (mine) return mine;
    const row = rows.find((r) => r.kind === kind && r.id === id);
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
  if (m.op === 'erase') await eraseDependents(tx, actor.teamId, m.recordId, outcome.state, nextSeq, changed);
  return { id: m.id, status: 'applied' };
}

/** Replaces every record of an erased customer (stored, or written earlier in this push) with a bare tombstone that no longer names the customer. */
async function eraseDependents(tx: Queryable, teamId: string, customerId: string, customerState: RecordState, nextSeq: () => number, changed: Changed): Promise<void> {
  const rows = await tx.query<{ kind: RecordKind; id: string }>('select kind, id from records where team_id = $1 and customer_id = $2 order by kind, id for update', [
    teamId,
    customerId,
  ]);
  const dependents = new Map(rows.map((r) => [heldKey(r.kind, r.id), r]));
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
  return `{"changes":[${page.map((r) => r.change).join(',')}],"cursor":${next},"more":${more}}`;
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
