import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KefuDatabase } from './database';
import type { Reply } from './records';
import { createReply, deleteReplies, listReplies, mergeReplies, moveReplies, recordReplyUse, renameGroup, tagReplies, undoReplyChange, updateReply } from './replies';
import { expectAppError, freshDb } from './testing';

const who = { author: '主管', now: 1000 };
const draft = (title: string, group: string, extra: Partial<Reply> = {}) => ({ title, body: `${title}的内容`, group, code: '', tags: [], variants: [], pinned: false, ...extra });

let db: KefuDatabase;
let a: Reply, b: Reply, c: Reply, d: Reply;
beforeEach(async () => {
  db = freshDb();
  a = await createReply(db, draft('欢迎语', '售前', { code: '/hy' }), who);
  b = await createReply(db, draft('尺码推荐', '售前', { tags: ['尺码'] }), who);
  c = await createReply(db, draft('退款流程', '售后'), who);
  d = await createReply(db, draft('催付提醒', '催付'), who);
});
afterEach(async () => {
  await db.delete();
});

const byTitle = async () => Object.fromEntries((await listReplies(db)).map((r) => [r.title, r]));
const snapshot = async () => (await db.replies.toArray()).map(({ updatedAt: _u, author: _a, ...rest }) => rest).sort((x, y) => x.id.localeCompare(y.id));

describe('bulk changes to replies', () => {
  it('moves replies to the end of a group in their order, writing only those that change group', async () => {
    const change = await moveReplies(db, [d.id, a.id, c.id], '售后', { author: '小王', now: 2000 });
    expect(change.before.map((r) => r.title)).toEqual(['催付提醒', '欢迎语']);
    const rows = await byTitle();
    // 售后 had 退款流程 (sortKey 1): the moved ones follow it in manual order (催付 sorts before 售前).
    expect([rows['退款流程']!, rows['催付提醒']!, rows['欢迎语']!].map((r) => [r.group, r.sortKey])).toEqual([
      ['售后', 1],
      ['售后', 2],
      ['售后', 3],
    ]);
    expect(rows['欢迎语']).toMatchObject({ author: '小王', updatedAt: 2000 });
    expect(rows['退款流程']).toMatchObject({ author: '主管', updatedAt: 1000 });
  });

  it('undoes a move exactly, keeping uses made since', async () => {
    const before = await snapshot();
    const change = await moveReplies(db, [a.id, b.id], '', { author: '小王', now: 2000 });
    await recordReplyUse(db, a.id, { now: 2500 });
    await undoReplyChange(db, change, { author: '小王', now: 3000 });
    const after = await snapshot();
    const used = after.find((r) => r.id === a.id)!;
    expect(used).toMatchObject({ group: '售前', sortKey: a.sortKey, usageCount: 1, lastUsedAt: 2500 });
    expect(after.map((r) => (r.id === a.id ? { ...r, usageCount: 0, lastUsedAt: undefined, variantCursor: 0 } : r))).toEqual(before);
  });

  it('adds and removes a tag on the replies that need it, and refuses a bad tag', async () => {
    const added = await tagReplies(db, [a.id, b.id], '尺码', 'add', who);
    expect(added.before.map((r) => r.id)).toEqual([a.id]);
    expect((await byTitle())['欢迎语']!.tags).toEqual(['尺码']);
    const removed = await tagReplies(db, [a.id, b.id, c.id], '尺码', 'remove', who);
    expect(removed.after.map((r) => r.tags)).toEqual([[], []]);
    await undoReplyChange(db, removed, who);
    expect((await byTitle())['尺码推荐']!.tags).toEqual(['尺码']);
    await expectAppError(tagReplies(db, [a.id], '  ', 'add', who), 'validation', 'tag', 'tag-required');
    await expectAppError(tagReplies(db, [a.id], 'x'.repeat(31), 'add', who), 'validation', 'tag', 'tag-too-long');
  });

  it('refuses a 21st tag and writes nothing of the change', async () => {
    const full = await createReply(db, draft('满标签', '售前', { tags: Array.from({ length: 20 }, (_, i) => `t${i}`) }), who);
    await expectAppError(tagReplies(db, [a.id, full.id], '新标签', 'add', who), 'validation', 'tag', 'reply-too-many-tags');
    expect((await byTitle())['欢迎语']!.tags).toEqual([]);
  });

  it('soft-deletes replies and the undo brings back the same rows, codes included', async () => {
    const before = await snapshot();
    const change = await deleteReplies(db, [a.id, c.id], { author: '小王', now: 2000 });
    expect((await listReplies(db)).map((r) => r.title)).toEqual(['催付提醒', '尺码推荐']);
    const tombstone = await db.replies.get(a.id);
    expect(tombstone).toMatchObject({ deletedAt: 2000, author: '小王' });
    await undoReplyChange(db, change, { author: '小王', now: 3000 });
    expect(await snapshot()).toEqual(before);
    expect((await db.replies.get(a.id))!.updatedAt).toBe(3000);
  });

  it('an undone delete gives up a code that another reply took meanwhile', async () => {
    const change = await deleteReplies(db, [a.id], who);
    await updateReply(db, b.id, { ...draft('尺码推荐', '售前'), code: '/HY' }, who);
    await undoReplyChange(db, change, who);
    expect((await db.replies.get(a.id))!).toMatchObject({ code: '' });
    expect(await db.replies.get(a.id)).not.toHaveProperty('deletedAt');
    expect((await db.replies.get(b.id))!.code).toBe('/HY');
  });

  it('an undone delete of many gives up only the codes taken meanwhile, whatever their case', async () => {
    const coded = [];
    for (let i = 0; i < 40; i++) coded.push(await createReply(db, draft(`快捷${i}`, '售前', { code: `/kj${i}` }), who));
    const change = await deleteReplies(db, [a.id, ...coded.map((r) => r.id)], who);
    await updateReply(db, b.id, { ...draft('尺码推荐', '售前'), code: '/KJ7' }, who);
    await updateReply(db, c.id, { ...draft('退款流程', '售后'), code: '/hy' }, who);
    await undoReplyChange(db, change, who);
    const codes = Object.fromEntries((await db.replies.bulkGet([a.id, ...coded.map((r) => r.id)])).map((r) => [r!.title, r!.code]));
    expect(codes['欢迎语']).toBe('');
    expect(codes['快捷7']).toBe('');
    expect(Object.entries(codes).filter(([, code]) => code === '').map(([title]) => title)).toEqual(['欢迎语', '快捷7']);
    expect(codes['快捷8']).toBe('/kj8');
    expect((await listReplies(db)).length).toBe(44);
  });

  it('fails the whole change when one reply is gone, writing nothing', async () => {
    await deleteReplies(db, [c.id], who);
    const before = await snapshot();
    await expectAppError(moveReplies(db, [a.id, c.id], '售后', who), 'not-found', 'form', 'reply-gone');
    await expectAppError(deleteReplies(db, [a.id, 'no-such-id'], who), 'not-found');
    expect(await snapshot()).toEqual(before);
  });

  it('renames a group, appending to a group of that name that exists', async () => {
    await renameGroup(db, '售前', '售后', who);
    expect((await listReplies(db)).filter((r) => r.group === '售后').map((r) => r.title)).toEqual(['退款流程', '欢迎语', '尺码推荐']);
    await expectAppError(renameGroup(db, '催付', ' ', who), 'validation', 'group', 'group-required');
    await expectAppError(renameGroup(db, '催付', '长'.repeat(51), who), 'validation', 'group', 'group-too-long');
  });

  it('merges duplicates: one kept with the uses summed and the tags joined, the others soft-deleted; undo splits them again', async () => {
    const twin = await createReply(db, draft('欢迎语2', '售后', { tags: ['新客'] }), who);
    await recordReplyUse(db, a.id, { now: 1500 });
    await recordReplyUse(db, twin.id, { now: 1700 });
    await recordReplyUse(db, twin.id, { now: 1800 });
    const change = await mergeReplies(db, a.id, [twin.id, a.id], { author: '小王', now: 2000 });
    const kept = (await db.replies.get(a.id))!;
    expect(kept).toMatchObject({ usageCount: 3, lastUsedAt: 1800, tags: ['新客'] });
    expect(kept).not.toHaveProperty('deletedAt');
    expect((await db.replies.get(twin.id))!.deletedAt).toBe(2000);
    await undoReplyChange(db, change, { author: '小王', now: 3000 });
    expect((await db.replies.get(a.id))!).toMatchObject({ usageCount: 1, tags: [] });
    expect((await db.replies.get(twin.id))!).toMatchObject({ usageCount: 2 });
    expect(await db.replies.get(twin.id)).not.toHaveProperty('deletedAt');
  });
});
