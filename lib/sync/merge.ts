import { hlcWall, type Hlc } from './hlc';
import { HEAD_KINDS, type FieldVersion, type Mutation, type RecordKind, type RecordState, type SnapshotRecord } from './protocol';

/**
 * The merge rules of team sync, pure so that the server and the extension
 * apply the same ones and tests can replay any order of arrival.
 *
 * Every field is merged on its own, by the hybrid logical clock stamp of the
 * edit (last writer wins, ties impossible: stamps carry the device id). What
 * happens to the losing version depends on the field:
 * - `lww`: dropped (a tag list, a due date, a pin: the later edit is what counts);
 * - `keep-conflicts` (a reply's title, body and variants): a version that no
 *   later edit was made over (its stamp is not in any edit's `base`) stays
 *   beside the winner as a conflict copy, until an edit names it in its base;
 *   so two agents rewording the same reply offline both keep their text;
 * - `keep-history` (a note's text): every version is kept, newest first, up to
 *   MAX_VERSIONS; the note's edit history is these versions, merged by union.
 * Case events are append-only: written once, never changed. Deletes are a
 * last-writer-wins tombstone (delete and restore are edits like any other);
 * an erased customer never comes back.
 *
 * Whatever the order in which the server receives concurrent mutations, the
 * resulting state is the same (merge.test.ts replays every permutation).
 */

export type FieldStrategy = 'lww' | 'keep-conflicts' | 'keep-history';

/** Versions of a note's text kept (= MAX_NOTE_HISTORY + the current one). */
export const MAX_VERSIONS = 101;

const CONFLICT_FIELDS: Partial<Record<RecordKind, ReadonlySet<string>>> = {
  reply: new Set(['title', 'body', 'variants']),
};
const HISTORY_FIELDS: Partial<Record<RecordKind, ReadonlySet<string>>> = {
  note: new Set(['text']),
};

export function fieldStrategy(kind: RecordKind, field: string): FieldStrategy {
  if (CONFLICT_FIELDS[kind]?.has(field)) return 'keep-conflicts';
  if (HISTORY_FIELDS[kind]?.has(field)) return 'keep-history';
  return 'lww';
}

const newestFirst = (a: FieldVersion, b: FieldVersion) => (a.hlc < b.hlc ? 1 : a.hlc > b.hlc ? -1 : 0);

/**
 * Merges one version into a field's versions (winner first). Returns the same
 * array when nothing changes, so callers can tell a no-op.
 */
export function mergeVersion(strategy: FieldStrategy, versions: readonly FieldVersion[], v: FieldVersion): readonly FieldVersion[] {
  if (versions.some((x) => x.hlc === v.hlc)) return versions;
  switch (strategy) {
    case 'lww': {
      const winner = versions[0];
      if (winner && winner.hlc > v.hlc) return versions;
      return [{ hlc: v.hlc, value: v.value, author: v.author, ...(v.unset ? { unset: true as const } : {}) }];
    }
    case 'keep-conflicts': {
      // Already replaced by an edit made over it (it arrived late): nothing to keep.
      if (versions.some((x) => x.base?.includes(v.hlc))) return versions;
      const base = v.base ?? [];
      return [...versions.filter((x) => !base.includes(x.hlc)), v].sort(newestFirst);
    }
    case 'keep-history': {
      const merged = [...versions, { hlc: v.hlc, value: v.value, author: v.author }].sort(newestFirst).slice(0, MAX_VERSIONS);
      return merged.some((x) => x.hlc === v.hlc) ? merged : versions;
    }
  }
}

export interface MutationRejection {
  code: 'kind-mismatch' | 'scope-mismatch' | 'customer-mismatch' | 'erased';
  message: string;
}

export type ApplyOutcome = { ok: true; state: RecordState; changed: boolean } | { ok: false; rejection: MutationRejection };

/**
 * Applies one validated mutation to a record's state (undefined: not seen
 * yet). `author` is who pushed it, as the server knows them; a client cannot
 * write in someone else's name. Permissions are the caller's business.
 */
export function applyMutation(current: RecordState | undefined, m: Mutation, author: string): ApplyOutcome {
  const wall = hlcWall(m.hlc);
  if (current) {
    if (current.erased) return { ok: false, rejection: { code: 'erased', message: `The ${current.kind} ${current.id} was erased and cannot change` } };
    if (current.kind !== m.kind) return { ok: false, rejection: { code: 'kind-mismatch', message: `Record ${m.recordId} is a ${current.kind}, not a ${m.kind}` } };
    if (m.kind === 'reply' && current.scope !== m.scope) {
      return { ok: false, rejection: { code: 'scope-mismatch', message: `Reply ${m.recordId} is in the ${current.scope} library, not the ${m.scope ?? ''} one` } };
    }
    if (current.customerId !== m.customerId) {
      return { ok: false, rejection: { code: 'customer-mismatch', message: `The ${m.kind} ${m.recordId} belongs to another customer` } };
    }
  }
  if (m.op === 'erase') {
    const state: RecordState = {
      kind: m.kind,
      id: m.recordId,
      scope: 'team',
      createdAt: wall,
      updatedAt: wall,
      fields: {},
      deleted: { hlc: m.hlc, value: true, author },
      erased: true,
    };
    return { ok: true, state, changed: true };
  }
  const base: RecordState = current ?? {
    kind: m.kind,
    id: m.recordId,
    scope: m.scope ?? 'team',
    ...(m.customerId ? { customerId: m.customerId } : {}),
    createdAt: wall,
    updatedAt: wall,
    fields: {},
  };
  const touch = (state: RecordState): RecordState => ({ ...state, createdAt: Math.min(state.createdAt, wall), updatedAt: Math.max(state.updatedAt, wall) });

  if (m.op === 'delete' || m.op === 'restore') {
    const merged = mergeVersion('lww', base.deleted ? [base.deleted] : [], { hlc: m.hlc, value: m.op === 'delete', author });
    if (current && merged[0] === base.deleted) return { ok: true, state: current, changed: false };
    return { ok: true, state: touch({ ...base, deleted: merged[0] }), changed: true };
  }

  // put
  if (m.kind === 'case-event' && current) return { ok: true, state: current, changed: false };
  const fields = { ...base.fields };
  let changed = !current;
  const edits: [string, FieldVersion][] = [
    ...Object.entries(m.fields ?? {}).map(([name, value]): [string, FieldVersion] => [name, { hlc: m.hlc, value, author }]),
    ...(m.unset ?? []).map((name): [string, FieldVersion] => [name, { hlc: m.hlc, value: null, author, unset: true }]),
  ];
  for (const [name, version] of edits) {
    const strategy = fieldStrategy(m.kind, name);
    if (strategy === 'keep-conflicts') version.base = [...(m.base?.[name] ?? [])].sort();
    const before = fields[name] ?? [];
    const after = mergeVersion(strategy, before, version);
    if (after !== before) {
      fields[name] = [...after];
      changed = true;
    }
  }
  if (!changed) return { ok: true, state: base, changed: false };
  return { ok: true, state: touch({ ...base, fields }), changed: true };
}

/** A losing version kept beside the winner, for the UI to show and resolve. */
export interface ConflictCopy {
  value: unknown;
  hlc: Hlc;
  author: string;
}

/** A record's current values as the extension stores them, with what merging kept aside. */
export interface MaterializedRecord {
  kind: RecordKind;
  id: string;
  scope: RecordState['scope'];
  customerId?: string;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  erased?: true;
  /** Who wrote the newest version of any field (or the tombstone). */
  author: string;
  /** The stamp of that newest version: the latest stamp the record holds (a device's clock moves past it). */
  stamp: string;
  values: Record<string, unknown>;
  /** The winner's stamp per field: what the next edit names in its `base`. */
  heads: Record<string, Hlc[]>;
  /** Reply texts: concurrent versions that lost, with a text other than the winner's. */
  conflicts: Record<string, ConflictCopy[]>;
  /** Note text: earlier versions, oldest first. */
  history: Record<string, ConflictCopy[]>;
}

export function materialize(state: RecordState): MaterializedRecord {
  const out: MaterializedRecord = {
    kind: state.kind,
    id: state.id,
    scope: state.scope,
    ...(state.customerId ? { customerId: state.customerId } : {}),
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    author: '',
    stamp: '',
    values: {},
    heads: {},
    conflicts: {},
    history: {},
  };
  if (state.erased) out.erased = true;
  let newest = '';
  const seeAuthor = (v: FieldVersion) => {
    if (v.hlc > newest) {
      newest = v.hlc;
      out.author = v.author;
    }
  };
  for (const [name, versions] of Object.entries(state.fields)) {
    const [winner, ...rest] = versions;
    if (!winner) continue;
    seeAuthor(winner);
    if (!winner.unset) out.values[name] = winner.value;
    const strategy = fieldStrategy(state.kind, name);
    if (strategy === 'keep-conflicts') {
      out.heads[name] = versions.map((v) => v.hlc);
      const winnerJson = JSON.stringify(winner.value);
      // A concurrent clearing that lost has no text to keep.
      const copies = rest.filter((v) => !v.unset && (winner.unset || JSON.stringify(v.value) !== winnerJson)).map(({ value, hlc, author }) => ({ value, hlc, author }));
      if (copies.length) out.conflicts[name] = copies;
    } else {
      out.heads[name] = [winner.hlc];
      if (strategy === 'keep-history' && rest.length) out.history[name] = rest.map(({ value, hlc, author }) => ({ value, hlc, author })).reverse();
    }
  }
  if (state.deleted) {
    seeAuthor(state.deleted);
    if (state.deleted.value === true) out.deletedAt = hlcWall(state.deleted.hlc);
  }
  out.stamp = newest;
  return out;
}

/**
 * A record as a snapshot sends it: materialized, with only the stamps a
 * device keeps (HEAD_KINDS: all of them; a note: its text's, which dates the
 * last edit), and no empty parts.
 */
export function snapshotRecord(state: RecordState): SnapshotRecord {
  const { heads, conflicts, history, ...rest } = materialize(state);
  const kept = HEAD_KINDS.has(state.kind) ? heads : state.kind === 'note' && heads.text ? { text: heads.text } : {};
  return {
    ...rest,
    ...(Object.keys(kept).length ? { heads: kept } : {}),
    ...(Object.keys(conflicts).length ? { conflicts } : {}),
    ...(Object.keys(history).length ? { history } : {}),
  };
}

/** The materialized record a snapshot record stands for (the parts it left out are empty). */
export function fromSnapshot(r: SnapshotRecord): MaterializedRecord {
  return { ...r, heads: r.heads ?? {}, conflicts: r.conflicts ?? {}, history: r.history ?? {} };
}
