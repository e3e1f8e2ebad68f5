import * as z from 'zod';
import { AppError } from '../errors';
import type { KefuDatabase } from './database';
import { isLiveCustomer, recordReplyForCustomer } from './customers';
import { Reply, ReplyDraft } from './records';
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

async function assertCodeFree(db: KefuDatabase, code: string, exceptId?: string): Promise<void> {
  if (code === '') return;
  const wanted = normaliseCode(code);
  // The code index is case-sensitive, so compare normalised values over the
  // (few) replies that have any code at all.
  const clash = await db.replies
    .where('code')
    .above('')
    .filter((r) => r.deletedAt === undefined && r.id !== exceptId && normaliseCode(r.code) === wanted)
    .first();
  if (clash) {
    throw new AppError('duplicate-code', `The code ${code} is already used by "${clash.title}"`, { code: 'code-taken' });
  }
}

/** Live (not deleted) replies, in manual order within group. */
export async function listReplies(db: KefuDatabase): Promise<Reply[]> {
  const all = await db.replies.toArray();
  return all.filter((r) => r.deletedAt === undefined).sort(compareReplies);
}

export function compareReplies(a: Reply, b: Reply): number {
  if (a.group !== b.group) return a.group.localeCompare(b.group, 'zh');
  return a.sortKey - b.sortKey;
}

async function nextSortKey(db: KefuDatabase, group: string): Promise<number> {
  let max = 0;
  await db.replies.each((r) => {
    if (r.group === group && r.sortKey > max) max = r.sortKey;
  });
  return max + 1;
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
    await assertCodeFree(db, draft.code, id);
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
    const after = await db.replies
      .filter((r) => r.group === source.group && r.deletedAt === undefined && r.sortKey > source.sortKey)
      .toArray();
    const nextKey = after.length ? Math.min(...after.map((r) => r.sortKey)) : source.sortKey + 2;
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
    const siblings = (await db.replies.toArray())
      .filter((r) => r.group === target.group && r.deletedAt === undefined && r.id !== id)
      .sort((a, b) => a.sortKey - b.sortKey);
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
  return db.replies
    .where('code')
    .above('')
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
