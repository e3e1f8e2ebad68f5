import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { KefuDatabase } from './database';
import {
  createReply,
  deleteReply,
  duplicateReply,
  findReplyByCode,
  importReplies,
  listReplies,
  listShortcutCodes,
  moveReply,
  nextWording,
  recordReplyUse,
  restoreReply,
  updateReply,
} from './replies';
import { freshDb } from './testing';

const base = { title: '退款流程', body: '您好，退款将在1-3个工作日内原路退回。', group: '售后', code: '/tk', tags: ['退款'], variants: [], pinned: false };
const who = { author: '小王' };

let db: KefuDatabase;
afterEach(async () => {
  await db?.delete();
});

async function expectAppError(p: Promise<unknown>, code: string, field?: string, fieldKey?: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (field) expect((err as AppError).fields[field]).toBe(fieldKey);
}

describe('replies repository', () => {
  it('creates a reply with sync fields and reads it back', async () => {
    db = freshDb();
    const r = await createReply(db, base, { ...who, now: 1000 });
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r).toMatchObject({ createdAt: 1000, updatedAt: 1000, author: '小王', usageCount: 0, sortKey: 1 });
    expect(await listReplies(db)).toEqual([r]);
  });

  it('edits a reply whose code another reply shares (two libraries merged by team sync), but refuses a new clash', async () => {
    db = freshDb();
    const mine = await createReply(db, base, who);
    // The same starter reply from a teammate's device, stored as a pull stores it: no repository, no code check.
    const theirs = { ...mine, id: 'from-the-team-server', title: '退款流程（团队）' };
    await db.replies.put(theirs);
    expect((await updateReply(db, mine.id, { ...base, body: '我改过的说法' }, who)).body).toBe('我改过的说法');
    expect((await updateReply(db, theirs.id, { ...base, title: '退款流程（团队）', body: '团队的说法', code: '/TK' }, who)).body).toBe('团队的说法');
    const other = await createReply(db, { ...base, title: '发货', code: '/fh' }, who);
    await expectAppError(updateReply(db, other.id, { ...base, title: '发货', code: '/tk' }, who), 'duplicate-code', 'code', 'code-taken');
    expect((await db.replies.get(other.id))?.code).toBe('/fh');
  });

  it('rejects an empty title with a field key and writes nothing', async () => {
    db = freshDb();
    await expectAppError(createReply(db, { ...base, title: '   ' }, who), 'validation', 'title', 'title-required');
    await expectAppError(createReply(db, { ...base, body: '' }, who), 'validation', 'body', 'body-required');
    await expectAppError(createReply(db, { ...base, code: '/t k' }, who), 'validation', 'code', 'code-has-space');
    expect(await db.replies.count()).toBe(0);
  });

  it('keeps shortcut codes unique among live replies, case-insensitively', async () => {
    db = freshDb();
    const first = await createReply(db, base, who);
    await expectAppError(createReply(db, { ...base, title: 'x', code: '/TK' }, who), 'duplicate-code', 'code', 'code-taken');
    // Editing a reply keeps its own code.
    await updateReply(db, first.id, { ...base, body: '新的内容' }, who);
    // A deleted reply frees its code.
    await deleteReply(db, first.id, who);
    const second = await createReply(db, { ...base, title: '新退款' }, who);
    expect(second.code).toBe('/tk');
    // Undo of the first delete cannot take the code back; it returns without one.
    const restored = await restoreReply(db, first.id, who);
    expect(restored.code).toBe('');
    expect(restored.deletedAt).toBeUndefined();
    expect((await findReplyByCode(db, '/Tk'))?.id).toBe(second.id);
    expect(await listShortcutCodes(db)).toEqual(['/tk']);
  });

  it('soft-deletes with a tombstone and restores on undo', async () => {
    db = freshDb();
    const r = await createReply(db, base, { ...who, now: 10 });
    await deleteReply(db, r.id, { author: '小李', now: 20 });
    expect(await listReplies(db)).toEqual([]);
    const row = await db.replies.get(r.id);
    expect(row).toMatchObject({ deletedAt: 20, updatedAt: 20, author: '小李' });
    await restoreReply(db, r.id, { ...who, now: 30 });
    expect((await listReplies(db)).map((x) => x.id)).toEqual([r.id]);
  });

  it('updates bump updatedAt even within the same millisecond', async () => {
    db = freshDb();
    const r = await createReply(db, base, { ...who, now: 50 });
    const u = await updateReply(db, r.id, { ...base, title: '退款说明' }, { ...who, now: 50 });
    expect(u.updatedAt).toBe(51);
    expect(u.title).toBe('退款说明');
    expect(u.createdAt).toBe(50);
  });

  it('duplicates below the original without the code', async () => {
    db = freshDb();
    const a = await createReply(db, base, who);
    const b = await createReply(db, { ...base, title: 'B', code: '' }, who);
    const copy = await duplicateReply(db, a.id, { ...who, titleSuffix: '（副本）' });
    expect(copy.title).toBe('退款流程（副本）');
    expect(copy.code).toBe('');
    expect((await listReplies(db)).map((r) => r.id)).toEqual([a.id, copy.id, b.id]);
  });

  it('puts a duplicate right after its original, before the next reply of the group whatever its key', async () => {
    db = freshDb();
    const a = await createReply(db, { ...base, title: 'A', code: '' }, who);
    const c = await createReply(db, { ...base, title: 'C', code: '' }, who);
    const b = await createReply(db, { ...base, title: 'B', code: '' }, who);
    const gone = await createReply(db, { ...base, title: 'D', code: '' }, who);
    await moveReply(db, b.id, { group: '售后', beforeId: c.id }, who); // B between A and C: a fractional key
    await moveReply(db, gone.id, { group: '售后', beforeId: b.id }, who);
    await deleteReply(db, gone.id, who);
    await createReply(db, { ...base, title: '物流', group: '物流', code: '' }, who);
    const copy = await duplicateReply(db, a.id, { ...who, titleSuffix: '（副本）' });
    expect((await listReplies(db)).filter((r) => r.group === '售后').map((r) => r.title)).toEqual(['A', 'A（副本）', 'B', 'C']);
    expect(copy.sortKey).toBeGreaterThan(a.sortKey);
    // A new reply goes after every key the group has used.
    const last = await createReply(db, { ...base, title: 'E', code: '' }, who);
    expect((await listReplies(db)).filter((r) => r.group === '售后').map((r) => r.title)).toEqual(['A', 'A（副本）', 'B', 'C', 'E']);
    expect(last.sortKey).toBeGreaterThan(c.sortKey);
  });

  it('moves within and across groups writing fractional sort keys', async () => {
    db = freshDb();
    const a = await createReply(db, { ...base, title: 'A', code: '' }, who);
    const b = await createReply(db, { ...base, title: 'B', code: '' }, who);
    const c = await createReply(db, { ...base, title: 'C', code: '' }, who);
    await moveReply(db, c.id, { group: '售后', beforeId: a.id }, who);
    expect((await listReplies(db)).map((r) => r.title)).toEqual(['C', 'A', 'B']);
    await moveReply(db, a.id, { group: '物流' }, who);
    const list = await listReplies(db);
    expect(list.filter((r) => r.group === '售后').map((r) => r.title)).toEqual(['C', 'B']);
    expect(list.find((r) => r.id === a.id)?.group).toBe('物流');
    expect(b.id).toBeTruthy();
  });

  it('rotates through variants as the reply is used', async () => {
    db = freshDb();
    const r = await createReply(db, { ...base, variants: ['第二种说法', '第三种说法'] }, who);
    const seen: string[] = [];
    let current = r;
    for (let i = 0; i < 4; i++) {
      seen.push(nextWording(current));
      current = await recordReplyUse(db, r.id, { now: 100 + i });
    }
    expect(seen).toEqual([base.body, '第二种说法', '第三种说法', base.body]);
    expect(current).toMatchObject({ usageCount: 4, lastUsedAt: 103 });
  });

  it('keeps the variant cursor in range when variants are removed', async () => {
    db = freshDb();
    const r = await createReply(db, { ...base, variants: ['二', '三'] }, who);
    await recordReplyUse(db, r.id);
    await recordReplyUse(db, r.id);
    const u = await updateReply(db, r.id, { ...base, variants: [] }, who);
    expect(nextWording(u)).toBe(base.body);
  });
});

describe('importReplies', () => {
  const d = (title: string, code = '', group = '售前') => ({ title, body: `${title}的内容`, group, code, tags: [], variants: [], pinned: false });

  it('adds and replaces in one go: new ones at the end of their group, replaced ones keep id, usage and place', async () => {
    db = freshDb();
    const tk = await createReply(db, base, { ...who, now: 1000 });
    await recordReplyUse(db, tk.id, { now: 1500 });
    await createReply(db, d('欢迎', '/hy'), { ...who, now: 1000 });
    const progress: [number, number][] = [];
    const result = await importReplies(
      db,
      { add: [d('新一', '/n1'), d('新二', '', '售后'), d('新三')], replace: [{ id: tk.id, draft: { ...base, body: '新的退款说法', variants: ['另一种'] } }] },
      { author: '主管', now: 2000, chunk: 2, onProgress: (done, total) => progress.push([done, total]) },
    );
    expect(progress).toEqual([
      [2, 4],
      [4, 4],
    ]);
    expect(result.added.map((r) => [r.title, r.group, r.sortKey, r.author, r.createdAt])).toEqual([
      ['新一', '售前', 2, '主管', 2000],
      ['新二', '售后', 2, '主管', 2000],
      ['新三', '售前', 3, '主管', 2000],
    ]);
    const replaced = await db.replies.get(tk.id);
    expect(replaced).toMatchObject({ body: '新的退款说法', variants: ['另一种'], usageCount: 1, sortKey: tk.sortKey, createdAt: 1000, updatedAt: 2000, author: '主管' });
    expect((await listReplies(db)).length).toBe(5);
  });

  it('writes nothing when one item is invalid, a code is taken, or a reply to replace is gone', async () => {
    db = freshDb();
    const tk = await createReply(db, base, who);
    const before = await db.replies.toArray();
    await expectAppError(importReplies(db, { add: [d('好的'), { ...d('坏的'), body: '' }], replace: [] }, who), 'validation', 'body', 'body-required');
    await expectAppError(importReplies(db, { add: [d('好的'), d('撞码', '/TK')], replace: [] }, who), 'duplicate-code', 'code', 'code-taken');
    await expectAppError(importReplies(db, { add: [d('一', '/a'), d('二', '/A')], replace: [] }, who), 'duplicate-code');
    await deleteReply(db, tk.id, who);
    const afterDelete = await db.replies.toArray();
    await expectAppError(importReplies(db, { add: [d('好的')], replace: [{ id: tk.id, draft: base }] }, who), 'not-found');
    expect(await db.replies.toArray()).toEqual(afterDelete);
    expect(afterDelete.length).toBe(before.length);
  });

  it('lets a replaced reply give its code to another imported one', async () => {
    db = freshDb();
    const tk = await createReply(db, base, who);
    await importReplies(db, { add: [d('接手编码', '/tk')], replace: [{ id: tk.id, draft: { ...base, code: '/tk-old' } }] }, who);
    expect((await findReplyByCode(db, '/tk'))?.title).toBe('接手编码');
    expect((await findReplyByCode(db, '/tk-old'))?.id).toBe(tk.id);
  });
});

describe('listReplies order', () => {
  it('is the order of compareReplies, groups collated as in Chinese', async () => {
    db = freshDb();
    const { compareReplies } = await import('./replies');
    const first = await createReply(db, base, who);
    // Soft hyphen: a name the collator ranks equal to another, whose rows compareReplies leaves in table order.
    const groups = ['售后', '售前', '催付', '', 'abc', 'ABC', 'b', 'xy', 'x\u00ady', '物流', 'Zeta'];
    const rows = Array.from({ length: 400 }, (_, i) => ({ ...first, id: `r${String((i * 7919) % 400).padStart(3, '0')}`, group: groups[i % groups.length]!, sortKey: (i * 37) % 11 }));
    await db.replies.clear();
    await db.replies.bulkPut(rows);
    const table = await db.replies.toArray();
    expect((await listReplies(db)).map((r) => r.id)).toEqual([...table].sort(compareReplies).map((r) => r.id));
    // 未分组 last, as in the library's tree.
    expect((await listReplies(db)).at(-1)!.group).toBe('');
  });

  it('follows the stored group order: listed groups first, the rest by name, 未分组 last; as replyComparator does', async () => {
    db = freshDb();
    const { replyComparator } = await import('./replies');
    const { saveGroupOrder } = await import('./group-order');
    const first = await createReply(db, base, who);
    const groups = ['售后', '售前', '催付', '', 'abc', 'ABC', 'b', 'x\u00ady', 'xy', '物流', 'Zeta'];
    const rows = Array.from({ length: 400 }, (_, i) => ({ ...first, id: `r${String((i * 7919) % 400).padStart(3, '0')}`, group: groups[i % groups.length]!, sortKey: (i * 37) % 11 }));
    await db.replies.clear();
    await db.replies.bulkPut(rows);
    // 'xy' listed, 'x\u00ady' (collated equal to it) not: the listed one first, the other among the rest.
    const order = ['售前', '售中', '售后', '物流', 'xy'];
    await saveGroupOrder(db, order, who);
    const listed = (await listReplies(db)).map((r) => r.group);
    expect([...new Set(listed)]).toEqual(['售前', '售后', '物流', 'xy', '催付', 'abc', 'ABC', 'b', 'x\u00ady', 'Zeta', '']);
    const table = await db.replies.toArray();
    expect((await listReplies(db)).map((r) => r.id)).toEqual([...table].sort(replyComparator(order)).map((r) => r.id));
  });
});
