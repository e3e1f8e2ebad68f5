import Dexie from 'dexie';
import * as z from 'zod';
import { AppError } from '../errors';
import type { KefuDatabase } from './database';
import { isLiveCustomer, recordReplyForCustomer } from './customers';
import {
  getGroupOrder,
  getStoredOrder,
  GROUP_ORDER_ID,
  groupCollator,
  groupOrderLocked,
  OWN_GROUP_ORDER_ID,
  renamedOrder,
  saveGroupOrder,
  sortByGroupOrder,
} from './group-order';
import { Reply, ReplyDraft } from './records';
import { sameStrings } from '../same-strings';
import { appendUsageEvent } from './usage-events';

/**
 * Repository for scripted replies: the only write path to `db.replies`.
 * Every write validates with zod first, so nothing half-valid is stored, and
 * keeps the sync fields (updatedAt, tombstones, author) right.
 */

export interface WriteOptions {
  author: string;
  now?: number;
}

const newId = (): string => crypto.randomUUID();

/** Codes compare case-insensitively: `/TK` and `/tk` would fire the same way. */
export const normaliseCode = (code: string): string => code.trim().toLowerCase();

function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    // Our schemas put i18n keys in messages ('title-required'); zod's own
    // defaults are sentences, which we map to a generic key per field.
    fields[key] ??= /^[a-z-]+$/.test(issue.message) ? issue.message : 'invalid';
  }
  return fields;
}

function parseDraft(input: unknown): ReplyDraft {
  const parsed = ReplyDraft.safeParse(input);
  if (!parsed.success) throw new AppError('validation', 'The reply has invalid fields', fieldErrors(parsed.error));
  const draft = parsed.data;
  return {
    ...draft,
    tags: [...new Set(draft.tags)],
    variants: draft.variants.filter((v) => v.trim() !== ''),
    code: draft.code.trim(),
  };
}

/**
 * Characters that lowercase to a letter without being its uppercase form, as
 * [the letter, the character]: the Kelvin sign writes `/tK` as well as `K`
 * does. Checked against every code point in replies.test.ts.
 */
const OTHER_CAPITALS: ReadonlyMap<string, string> = new Map([
  ['k', '\u212a'], ['å', '\u212b'], ['ǆ', '\u01c5'], ['ǉ', '\u01c8'], ['ǌ', '\u01cb'], ['ǳ', '\u01f2'], ['θ', '\u03f4'], ['ω', '\u2126'], ['ß', '\u1e9e'],
  // Greek with ypogegrammeni, whose toUpperCase() is two characters (ᾀ → ἈΙ) but titlecase one (ᾈ).
  ...[0x1f80, 0x1f90, 0x1fa0].flatMap((from) => Array.from({ length: 8 }, (_, i): [string, string] => [String.fromCharCode(from + i), String.fromCharCode(from + i + 8)])),
  ['\u1fb3', '\u1fbc'], ['\u1fc3', '\u1fcc'], ['\u1ff3', '\u1ffc'],
]);

/** Beyond this many spellings of one code, the code index is read whole instead. */
const MAX_SPELLINGS = 256;

/**
 * Every code the index may hold that normalises to `wanted` (a normalised
 * code): each way of writing its letters in either case ('/tk': '/tk', '/tK',
 * '/Tk', '/TK' and the Kelvin sign's two), so that a case-insensitive lookup
 * is an exact-key lookup in the code index. Stored codes are trimmed by the
 * schema. Undefined when there are more than MAX_SPELLINGS, or when a
 * spelling could be longer or shorter than `wanted` (İ lowercases to i and a
 * combining dot).
 */
export function codeSpellings(wanted: string): string[] | undefined {
  if (wanted.includes('\u0307')) return undefined;
  let spellings = [''];
  for (const c of wanted) {
    const options = [c];
    const upper = c.toUpperCase();
    if (upper !== c && [...upper].length === 1) options.push(upper);
    const other = OTHER_CAPITALS.get(c);
    if (other !== undefined) options.push(other);
    if (spellings.length * options.length > MAX_SPELLINGS) return undefined;
    spellings = spellings.flatMap((s) => options.map((o) => s + o));
  }
  // A capital sigma lowercases to ς or σ by its place in the word.
  return spellings.filter((s) => s.toLowerCase() === wanted);
}

/** Every code-index key that normalises to one of `codes` (normalised); undefined if some code has too many to list. */
function codeIndexKeys(codes: Iterable<string>): string[] | undefined {
  const keys = new Set<string>();
  for (const code of codes) {
    const spellings = codeSpellings(code);
    if (spellings === undefined) return undefined;
    for (const s of spellings) keys.add(s);
  }
  return [...keys];
}

async function assertCodeFree(db: KefuDatabase, code: string, exceptId?: string): Promise<void> {
  if (code === '') return;
  const wanted = normaliseCode(code);
  // The code index is case-sensitive: ask it for each spelling of the code
  // (reading every reply with a code took most of a save at 20k replies).
  const keys = codeIndexKeys([wanted]);
  const candidates = keys === undefined ? db.replies.where('code').above('') : db.replies.where('code').anyOf(keys);
  const clash = await candidates
    .filter((r) => r.deletedAt === undefined && r.id !== exceptId && normaliseCode(r.code) === wanted)
    .first();
  if (clash) {
    throw new AppError('duplicate-code', `The code ${code} is already used by "${clash.title}"`, { code: 'code-taken' });
  }
}

/** Live (not deleted) replies: groups in the stored order (lib/db/group-order.ts, 未分组 last), manual order within each. */
export async function listReplies(db: KefuDatabase): Promise<Reply[]> {
  // The order is read in the same query, so a live query over this list follows a reorder too.
  const [all, order] = await Promise.all([db.replies.toArray(), getGroupOrder(db)]);
  return sortByGroupOrder(all.filter((r) => r.deletedAt === undefined), order);
}

/** Manual order: groups as `order` ranks them (groupPlaces), then each group's own order. For a few rows; lists use listReplies. */
export function replyComparator(order: readonly string[]): (a: Reply, b: Reply) => number {
  const listed = new Map(order.map((name, i) => [name, i]));
  return (a, b) => {
    if (a.group === b.group) return a.sortKey - b.sortKey;
    // groupPlaces for two names, without building its map for every comparison.
    const pa = a.group === '' ? Infinity : (listed.get(a.group) ?? order.length);
    const pb = b.group === '' ? Infinity : (listed.get(b.group) ?? order.length);
    if (pa !== pb) return pa - pb;
    return pa === order.length ? groupCollator.compare(a.group, b.group) : 0;
  };
}

/** replyComparator with no stored order: groups by name, 未分组 last. */
export const compareReplies = replyComparator([]);

/** A group's replies (deleted ones too) in manual order, by the [group+sortKey] index. */
const groupRange = (db: KefuDatabase, group: string) => db.replies.where('[group+sortKey]').between([group, Dexie.minKey], [group, Dexie.maxKey], true, true);

/** After every key the group has used (deleted replies' too), at least 1. */
async function nextSortKey(db: KefuDatabase, group: string): Promise<number> {
  const last = await groupRange(db, group).last();
  return Math.max(0, last?.sortKey ?? 0) + 1;
}

export async function getReply(db: KefuDatabase, id: string): Promise<Reply> {
  const reply = await db.replies.get(id);
  if (!reply || reply.deletedAt !== undefined) throw new AppError('not-found', `Reply ${id} does not exist`);
  return reply;
}

export async function createReply(
  db: KefuDatabase,
  input: unknown,
  opts: WriteOptions & { extra?: Partial<Pick<Reply, 'lang' | 'starterId'>> },
): Promise<Reply> {
  const draft = parseDraft(input);
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.replies, async () => {
    await assertCodeFree(db, draft.code);
    const reply = Reply.parse({
      ...draft,
      ...opts.extra,
      id: newId(),
      createdAt: now,
      updatedAt: now,
      author: opts.author,
      usageCount: 0,
      variantCursor: 0,
      sortKey: await nextSortKey(db, draft.group),
    });
    await db.replies.add(reply);
    return reply;
  });
}

export async function updateReply(db: KefuDatabase, id: string, input: unknown, opts: WriteOptions): Promise<Reply> {
  const draft = parseDraft(input);
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.replies, async () => {
    const current = await getReply(db, id);
    // Only a new code is checked: two replies can share one after team sync
    // merged two libraries (each device's starter set has the same codes), and
    // neither must become uneditable until its code changes.
    if (normaliseCode(draft.code) !== normaliseCode(current.code)) await assertCodeFree(db, draft.code, id);
    const groupChanged = current.group !== draft.group;
    const next = Reply.parse({
      ...current,
      ...draft,
      sortKey: groupChanged ? await nextSortKey(db, draft.group) : current.sortKey,
      // A shorter variant list must not leave the cursor pointing past its end.
      variantCursor: current.variantCursor % (draft.variants.length + 1),
      updatedAt: Math.max(now, current.updatedAt + 1),
      author: opts.author,
    });
    await db.replies.put(next);
    return next;
  });
}

/** A copy below the original; the code is cleared because codes are unique. */
export async function duplicateReply(
  db: KefuDatabase,
  id: string,
  opts: WriteOptions & { titleSuffix: string },
): Promise<Reply> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.replies, async () => {
    const source = await getReply(db, id);
    // The next live reply of the group after the source, if any: the copy goes between them.
    const after = await db.replies
      .where('[group+sortKey]')
      .between([source.group, source.sortKey], [source.group, Dexie.maxKey], false, true)
      .filter((r) => r.deletedAt === undefined)
      .first();
    const nextKey = after ? after.sortKey : source.sortKey + 2;
    const copy = Reply.parse({
      ...source,
      id: newId(),
      title: `${source.title}${opts.titleSuffix}`.slice(0, 200),
      code: '',
      pinned: false,
      usageCount: 0,
      lastUsedAt: undefined,
      variantCursor: 0,
      starterId: undefined,
      sortKey: (source.sortKey + nextKey) / 2,
      createdAt: now,
      updatedAt: now,
      author: opts.author,
    });
    await db.replies.add(copy);
    return copy;
  });
}

/** Soft delete: a tombstone that sync can carry and `restoreReply` can undo. */
export async function deleteReply(db: KefuDatabase, id: string, opts: WriteOptions): Promise<void> {
  const now = opts.now ?? Date.now();
  await db.transaction('rw', db.replies, async () => {
    const current = await getReply(db, id);
    await db.replies.put({ ...current, deletedAt: now, updatedAt: Math.max(now, current.updatedAt + 1), author: opts.author });
  });
}

/**
 * Undo of a delete. If another reply took the code meanwhile, the restored reply
 * comes back without a code rather than failing the undo.
 */
export async function restoreReply(db: KefuDatabase, id: string, opts: WriteOptions): Promise<Reply> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.replies, async () => {
    const current = await db.replies.get(id);
    if (!current) throw new AppError('not-found', `Reply ${id} does not exist`);
    let code = current.code;
    try {
      await assertCodeFree(db, code, id);
    } catch {
      code = '';
    }
    const { deletedAt: _gone, ...rest } = current;
    const next = Reply.parse({ ...rest, code, updatedAt: Math.max(now, current.updatedAt + 1), author: opts.author });
    await db.replies.put(next);
    return next;
  });
}

export async function setPinned(db: KefuDatabase, id: string, pinned: boolean, opts: WriteOptions): Promise<void> {
  const now = opts.now ?? Date.now();
  await db.transaction('rw', db.replies, async () => {
    const current = await getReply(db, id);
    await db.replies.put({ ...current, pinned, updatedAt: Math.max(now, current.updatedAt + 1), author: opts.author });
  });
}

/**
 * Moves a reply to `group`, between `beforeId` and the reply preceding it
 * (or to the end when `beforeId` is absent). Writes one row: sort keys are
 * fractional.
 */
export async function moveReply(
  db: KefuDatabase,
  id: string,
  target: { group: string; beforeId?: string },
  opts: WriteOptions,
): Promise<void> {
  const now = opts.now ?? Date.now();
  await db.transaction('rw', db.replies, async () => {
    const current = await getReply(db, id);
    const siblings = await groupRange(db, target.group)
      .filter((r) => r.deletedAt === undefined && r.id !== id)
      .toArray();
    let sortKey: number;
    const index = target.beforeId ? siblings.findIndex((r) => r.id === target.beforeId) : -1;
    if (index === -1) {
      sortKey = (siblings.at(-1)?.sortKey ?? 0) + 1;
    } else {
      const before = siblings[index]!.sortKey;
      const prev = index > 0 ? siblings[index - 1]!.sortKey : before - 2;
      sortKey = (prev + before) / 2;
    }
    await db.replies.put({
      ...current,
      group: target.group,
      sortKey,
      updatedAt: Math.max(now, current.updatedAt + 1),
      author: opts.author,
    });
  });
}

/** The wordings of a reply in rotation order: the body first, then its variants. */
export function wordingsOf(reply: Pick<Reply, 'body' | 'variants'>): string[] {
  return [reply.body, ...reply.variants];
}

/** The wording the next insertion will use. */
export function nextWording(reply: Pick<Reply, 'body' | 'variants' | 'variantCursor'>): string {
  const all = wordingsOf(reply);
  return all[reply.variantCursor % all.length]!;
}

/** Who inserted a reply, and where: what the usage event records. */
export interface ReplyUse {
  now?: number;
  /** The agent (settings' name; '' before one is set). */
  author?: string;
  /** Adapter id of the console the reply went into. */
  platform?: string;
  shop?: string;
  /** The buyer on screen: their record lists the replies sent to them. */
  customerId?: string;
}

/**
 * Page text as recorded: trimmed, an empty value counts as unknown, clipped
 * to what the event keeps (a console showing an overlong shop name must not
 * make the insertion go uncounted).
 */
const known = (text: string | undefined, max: number): string | undefined => (text?.trim() ? text.trim().slice(0, max) : undefined);

/**
 * Records that a reply was inserted, in one transaction: usage count, last
 * used, the variant cursor moves on so the next insertion uses the next
 * wording, the buyer's record (when known and not erased) lists it as sent to them, and a
 * `reply-inserted` usage event counts it for the statistics.
 */
export async function recordReplyUse(db: KefuDatabase, id: string, use: ReplyUse = {}): Promise<Reply> {
  const now = use.now ?? Date.now();
  const author = use.author ?? '';
  const tables = use.customerId === undefined ? [db.replies, db.usageEvents] : [db.replies, db.usageEvents, db.customers];
  return db.transaction('rw', tables, async () => {
    const current = await getReply(db, id);
    const next: Reply = {
      ...current,
      usageCount: current.usageCount + 1,
      lastUsedAt: now,
      variantCursor: (current.variantCursor + 1) % wordingsOf(current).length,
      updatedAt: Math.max(now, current.updatedAt + 1),
    };
    await db.replies.put(next);
    // A buyer erased since the sidebar looked them up: the insertion still counts, for nobody.
    const customerId = use.customerId !== undefined && isLiveCustomer(await db.customers.get(use.customerId)) ? use.customerId : undefined;
    if (customerId !== undefined) await recordReplyForCustomer(db, customerId, id, { author, now });
    await appendUsageEvent(
      db,
      { kind: 'reply-inserted', replyId: id, platform: known(use.platform, 50), shop: known(use.shop, 100), customerId },
      { author, now },
    );
    return next;
  });
}

/** Live reply whose shortcut code matches (case-insensitive). */
export async function findReplyByCode(db: KefuDatabase, code: string): Promise<Reply | undefined> {
  const wanted = normaliseCode(code);
  if (wanted === '') return undefined;
  const keys = codeIndexKeys([wanted]);
  return (keys === undefined ? db.replies.where('code').above('') : db.replies.where('code').anyOf(keys))
    .filter((r) => r.deletedAt === undefined && normaliseCode(r.code) === wanted)
    .first();
}

/** All live shortcut codes, normalised: the content script's expansion cache. */
export async function listShortcutCodes(db: KefuDatabase): Promise<string[]> {
  const codes = new Set<string>();
  await db.replies
    .where('code')
    .above('')
    .each((r) => {
      if (r.deletedAt === undefined) codes.add(normaliseCode(r.code));
    });
  return [...codes].sort();
}

/** What an import writes: new replies, and existing ones whose content it replaces. */
export interface ReplyImport {
  add: readonly unknown[];
  replace: readonly { id: string; draft: unknown }[];
}

/**
 * Writes an import in one transaction: all of it or, on any problem, none of
 * it. Every draft is validated like an edit in the editor; codes must stay
 * unique among live replies (the import plan clears the ones that would not,
 * so a clash here means the library changed since the preview). A replaced
 * reply keeps its id, usage and place (unless its group changes); new replies
 * go to the end of their group in file order. Rows are written in chunks,
 * reporting progress after each, so a page can show a bar.
 */
export async function importReplies(
  db: KefuDatabase,
  batch: ReplyImport,
  opts: WriteOptions & { onProgress?: (written: number, total: number) => void; chunk?: number },
): Promise<{ added: Reply[]; replaced: Reply[] }> {
  const now = opts.now ?? Date.now();
  const chunk = opts.chunk ?? 1000;
  const parse = (input: unknown, n: number) => {
    try {
      return parseDraft(input);
    } catch (err) {
      if (err instanceof AppError) throw new AppError(err.code, `Import item ${n}: ${err.message}`, err.fields);
      throw err;
    }
  };
  const adds = batch.add.map((d, i) => parse(d, i + 1));
  const replaces = batch.replace.map((r, i) => ({ id: r.id, draft: parse(r.draft, batch.add.length + i + 1) }));

  return db.transaction('rw', db.replies, async () => {
    const all = await db.replies.toArray();
    const byId = new Map(all.map((r) => [r.id, r]));
    const maxKey = new Map<string, number>();
    for (const r of all) maxKey.set(r.group, Math.max(maxKey.get(r.group) ?? 0, r.sortKey));
    const nextKey = (group: string) => {
      const key = (maxKey.get(group) ?? 0) + 1;
      maxKey.set(group, key);
      return key;
    };

    const replacedIds = new Set<string>();
    const replaced = replaces.map(({ id, draft }) => {
      const current = byId.get(id);
      if (!current || current.deletedAt !== undefined) throw new AppError('not-found', `Reply ${id} to replace does not exist any more`);
      if (replacedIds.has(id)) throw new AppError('validation', `Reply ${id} is replaced twice in one import`);
      replacedIds.add(id);
      return Reply.parse({
        ...current,
        ...draft,
        pinned: current.pinned || draft.pinned,
        sortKey: current.group === draft.group ? current.sortKey : nextKey(draft.group),
        variantCursor: current.variantCursor % (draft.variants.length + 1),
        updatedAt: Math.max(now, current.updatedAt + 1),
        author: opts.author,
      });
    });
    const added = adds.map((draft) =>
      Reply.parse({ ...draft, id: newId(), createdAt: now, updatedAt: now, author: opts.author, usageCount: 0, variantCursor: 0, sortKey: nextKey(draft.group) }),
    );

    const owners = new Map<string, Reply>();
    for (const r of all) if (r.deletedAt === undefined && r.code !== '' && !replacedIds.has(r.id)) owners.set(normaliseCode(r.code), r);
    for (const r of [...replaced, ...added]) {
      if (r.code === '') continue;
      const clash = owners.get(normaliseCode(r.code));
      if (clash) throw new AppError('duplicate-code', `The code ${r.code} is already used by "${clash.title}"`, { code: 'code-taken' });
      owners.set(normaliseCode(r.code), r);
    }

    const rows = [...replaced, ...added];
    for (let start = 0; start < rows.length; start += chunk) {
      await db.replies.bulkPut(rows.slice(start, start + chunk));
      opts.onProgress?.(Math.min(rows.length, start + chunk), rows.length);
    }
    return { added, replaced };
  });
}

/*
 * Bulk changes from the workbench's library page. Each runs in one
 * transaction (all rows or none) and returns a ReplyUndo: the rows as they
 * were and as they were written, so that `undoReplyChange` puts back exactly
 * what the change replaced.
 */

/** What a bulk change wrote: each row before and after, in the same order. */
export interface ReplyUndo {
  before: Reply[];
  after: Reply[];
  /** A rename's change to a group order (the group kept its place under the new name), undone with it. */
  groupOrder?: { id: string; before: string[]; after: string[] };
}

const GroupName = Reply.shape.group;
const TagName = z.string().trim().min(1, { message: 'tag-required' }).max(30, { message: 'tag-too-long' });
const MAX_TAGS = 20;

/** The live replies of `ids`, in manual order (group, sortKey); a missing or deleted one fails the change. */
async function liveRows(db: KefuDatabase, ids: readonly string[], order: readonly string[] = []): Promise<Reply[]> {
  const rows = await db.replies.bulkGet([...new Set(ids)]);
  const out: Reply[] = [];
  rows.forEach((row, i) => {
    if (!row || row.deletedAt !== undefined) throw new AppError('not-found', `Reply ${ids[i]} does not exist (it may have been deleted meanwhile)`, { form: 'reply-gone' });
    out.push(row);
  });
  return sortByGroupOrder(out, order);
}

function touched(row: Reply, changes: Partial<Reply>, now: number, author: string): Reply {
  return Reply.parse({ ...row, ...changes, updatedAt: Math.max(now, row.updatedAt + 1), author });
}

async function maxSortKey(db: KefuDatabase, group: string, except: ReadonlySet<string>): Promise<number> {
  const last = await groupRange(db, group)
    .reverse()
    .filter((r) => r.deletedAt === undefined && !except.has(r.id))
    .first();
  return Math.max(0, last?.sortKey ?? 0);
}

/**
 * Moves replies to the end of `group`, keeping their relative order. Replies
 * already in the group stay where they are (and are not written).
 */
export async function moveReplies(db: KefuDatabase, ids: readonly string[], group: string, opts: WriteOptions): Promise<ReplyUndo> {
  const parsed = GroupName.safeParse(group);
  if (!parsed.success) throw new AppError('validation', `The group name "${group}" is longer than 50 characters`, { group: 'group-too-long' });
  const target = parsed.data;
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.replies, db.groupOrders, async () => {
    // In the order the library shows them, which is the order they join the group in.
    const moving = (await liveRows(db, ids, await getGroupOrder(db))).filter((r) => r.group !== target);
    let key = await maxSortKey(db, target, new Set(moving.map((r) => r.id)));
    const after = moving.map((r) => touched(r, { group: target, sortKey: (key += 1) }, now, opts.author));
    await db.replies.bulkPut(after);
    return { before: moving, after };
  });
}

/** Adds `tag` to (or removes it from) each reply; only replies that change are written. */
export async function tagReplies(
  db: KefuDatabase,
  ids: readonly string[],
  tag: string,
  mode: 'add' | 'remove',
  opts: WriteOptions,
): Promise<ReplyUndo> {
  const parsed = TagName.safeParse(tag);
  if (!parsed.success) {
    const key = parsed.error.issues[0]?.message ?? 'invalid';
    throw new AppError('validation', key === 'tag-required' ? 'The tag is empty' : 'The tag is longer than 30 characters', { tag: key });
  }
  const name = parsed.data;
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.replies, async () => {
    const rows = await liveRows(db, ids);
    const before: Reply[] = [];
    const after: Reply[] = [];
    for (const r of rows) {
      const has = r.tags.includes(name);
      if (has === (mode === 'add')) continue;
      if (mode === 'add' && r.tags.length >= MAX_TAGS) {
        throw new AppError('validation', `"${r.title}" already has ${MAX_TAGS} tags`, { tag: 'reply-too-many-tags' });
      }
      before.push(r);
      after.push(touched(r, { tags: mode === 'add' ? [...r.tags, name] : r.tags.filter((x) => x !== name) }, now, opts.author));
    }
    await db.replies.bulkPut(after);
    return { before, after };
  });
}

/** Soft-deletes replies: tombstones that sync can carry and the undo can lift. */
export async function deleteReplies(db: KefuDatabase, ids: readonly string[], opts: WriteOptions): Promise<ReplyUndo> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.replies, async () => {
    const before = await liveRows(db, ids);
    const after = before.map((r) => touched(r, { deletedAt: now }, now, opts.author));
    await db.replies.bulkPut(after);
    return { before, after };
  });
}

/**
 * Renames a group: every live reply of `from` moves to `to` (appended after
 * the replies `to` already has, in their order, when it exists). The group
 * keeps its place in the group order under its new name (or, renamed onto a
 * listed group, takes that one's place), in the same transaction. On an
 * agent's device holding the team's order, which the agent cannot change,
 * that is the agent's own order: a group the team's places and an agent
 * renames (their own replies in it) sorts by its new name.
 */
export async function renameGroup(db: KefuDatabase, from: string, to: string, opts: WriteOptions): Promise<ReplyUndo> {
  const parsed = GroupName.safeParse(to);
  if (!parsed.success) throw new AppError('validation', `The group name "${to}" is longer than 50 characters`, { group: 'group-too-long' });
  if (parsed.data === '') throw new AppError('validation', 'A group needs a name', { group: 'group-required' });
  const target = parsed.data;
  return db.transaction('rw', [db.replies, db.groupOrders, db.syncState, db.syncRecords], async () => {
    const ids = await groupRange(db, from)
      .filter((r) => r.deletedAt === undefined)
      .primaryKeys();
    const change = await moveReplies(db, ids, target, opts);
    const id = (await groupOrderLocked(db)) ? OWN_GROUP_ORDER_ID : GROUP_ORDER_ID;
    const before = await getStoredOrder(db, id);
    const after = renamedOrder(before, from, target);
    if (after === undefined || change.before.length === 0) return change;
    await saveGroupOrder(db, after, { ...opts, id });
    return { ...change, groupOrder: { id, before, after } };
  });
}

/**
 * Merges duplicates: `keepId` stays, with the usage counts of all of them
 * summed, the latest use and the union of their tags; the others are
 * soft-deleted.
 */
export async function mergeReplies(db: KefuDatabase, keepId: string, otherIds: readonly string[], opts: WriteOptions): Promise<ReplyUndo> {
  const now = opts.now ?? Date.now();
  const others = otherIds.filter((id) => id !== keepId);
  return db.transaction('rw', db.replies, async () => {
    const [keep] = await liveRows(db, [keepId]);
    const gone = await liveRows(db, others);
    const all = [keep!, ...gone];
    const used = all.map((r) => r.lastUsedAt).filter((at): at is number => at !== undefined);
    const kept = touched(
      keep!,
      {
        usageCount: all.reduce((sum, r) => sum + r.usageCount, 0),
        lastUsedAt: used.length ? Math.max(...used) : undefined,
        tags: [...new Set(all.flatMap((r) => r.tags))].slice(0, MAX_TAGS),
      },
      now,
      opts.author,
    );
    const deleted = gone.map((r) => touched(r, { deletedAt: now }, now, opts.author));
    await db.replies.bulkPut([kept, ...deleted]);
    return { before: all, after: [kept, ...deleted] };
  });
}

/**
 * Undoes a bulk change: each row gets back what it was before, except what
 * happened to it since the change: uses (counted on top), the last use and
 * the variant cursor stay. A code another reply took meanwhile is not taken
 * back (the restored reply comes back without it, as with restoreReply).
 */
export async function undoReplyChange(db: KefuDatabase, change: ReplyUndo, opts: WriteOptions): Promise<Reply[]> {
  const now = opts.now ?? Date.now();
  const afterById = new Map(change.after.map((r) => [r.id, r]));
  const restoring = new Set(change.before.map((r) => r.id));
  return db.transaction('rw', [db.replies, db.groupOrders, db.syncState, db.syncRecords], async () => {
    const currents = await db.replies.bulkGet(change.before.map((r) => r.id));
    // Codes other live replies hold now, read once: a lookup per restored row
    // read every coded reply again for each one, minutes for an undo of 2,000
    // rows in a library of 20,000 (tests/bench/library.bench.ts).
    // Only the codes the change gives back are asked for, through the code
    // index (reading every reply with a code was most of an undo's time).
    const taken = new Set<string>();
    const wanted = new Set(change.before.filter((r) => r.code !== '' && r.deletedAt === undefined).map((r) => normaliseCode(r.code)));
    const keys = codeIndexKeys(wanted);
    const take = (r: Reply | undefined) => {
      if (r !== undefined && r.deletedAt === undefined && r.code !== '' && !restoring.has(r.id)) taken.add(normaliseCode(r.code));
    };
    if (keys === undefined) await db.replies.where('code').above('').each(take);
    else if (keys.length > 0) {
      // Keys first: the replies being restored hold most of these codes, and need not be read again.
      const holders = (await db.replies.where('code').anyOf(keys).primaryKeys()).filter((id) => !restoring.has(id));
      for (const r of await db.replies.bulkGet([...new Set(holders)])) take(r);
    }
    const written: Reply[] = [];
    for (const [i, was] of change.before.entries()) {
      const current = currents[i];
      if (!current) throw new AppError('not-found', `Reply ${was.id} does not exist`, { form: 'reply-gone' });
      const usedSince = current.usageCount - (afterById.get(was.id)?.usageCount ?? was.usageCount);
      const code = was.code !== '' && was.deletedAt === undefined && taken.has(normaliseCode(was.code)) ? '' : was.code;
      const { deletedAt: _dropped, ...rest } = was;
      const next = Reply.parse({
        ...rest,
        ...(was.deletedAt === undefined ? {} : { deletedAt: was.deletedAt }),
        code,
        usageCount: Math.max(0, was.usageCount + usedSince),
        lastUsedAt: current.lastUsedAt ?? was.lastUsedAt,
        variantCursor: current.variantCursor,
        updatedAt: Math.max(now, current.updatedAt + 1),
        author: opts.author,
      });
      written.push(next);
    }
    await db.replies.bulkPut(written);
    // A rename's group order goes back too, unless it was changed again since (that change stays).
    const order = change.groupOrder;
    if (order) {
      const current = await getStoredOrder(db, order.id);
      const writable = order.id !== GROUP_ORDER_ID || !(await groupOrderLocked(db));
      if (writable && sameStrings(current, order.after)) await saveGroupOrder(db, order.before, { ...opts, id: order.id });
    }
    return written;
  });
}
