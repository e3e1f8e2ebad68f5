import { describe, expect, it, vi } from 'vitest';
import type { Reply } from '../db/records';
import { ReplyIndex } from '../search';
import { syncIndex } from './index-sync';

const reply = (id: string, title: string, updatedAt = 1): Reply => ({
  id, title, body: `${title}的内容`, group: '售后', code: '', tags: [], variants: [], pinned: false,
  usageCount: 0, variantCursor: 0, sortKey: 1, createdAt: 1, updatedAt, author: '',
});

describe('syncIndex', () => {
  it('adds, updates only what changed, and removes what vanished', () => {
    const index = new ReplyIndex();
    const known = new Map<string, number>();
    syncIndex(index, known, [reply('a', '退款流程'), reply('b', '物流查询')]);
    expect(index.search('tk').map((h) => h.id)).toEqual(['a']);

    // Same updatedAt: not re-indexed even if the object differs (the list is
    // re-read on every change; only changed rows cost an upsert).
    syncIndex(index, known, [reply('a', '完全不同', 1), reply('b', '物流查询')]);
    expect(index.search('tk').map((h) => h.id)).toEqual(['a']);

    syncIndex(index, known, [reply('a', '发票说明', 2)]);
    expect(index.search('tk')).toEqual([]);
    expect(index.search('fp').map((h) => h.id)).toEqual(['a']);
    expect(index.search('wl')).toEqual([]);
    expect([...known.keys()]).toEqual(['a']);
  });
});

describe('syncIndex: the library’s group order', () => {
  const inGroup = (id: string, group: string, sortKey: number): Reply => ({ ...reply(id, `标题${id}`), group, sortKey });

  it('takes the group order from the list it is given, and follows a reorder without re-indexing a reply', () => {
    const index = new ReplyIndex();
    const known = new Map<string, number>();
    const a1 = inGroup('a1', '催付', 1);
    const a2 = inGroup('a2', '催付', 2);
    const b1 = inGroup('b1', '欢迎', 1);
    const b2 = inGroup('b2', '欢迎', 2);
    syncIndex(index, known, [b1, b2, a1, a2]);
    expect(index.search('').map((h) => h.id)).toEqual(['b1', 'b2', 'a1', 'a2']);

    const upsert = vi.spyOn(index, 'upsertMany');
    syncIndex(index, known, [a1, a2, b1, b2]);
    expect(upsert).not.toHaveBeenCalled();
    expect(index.search('').map((h) => h.id)).toEqual(['a1', 'a2', 'b1', 'b2']);
  });
});

describe('syncIndex: only what changed', () => {
  const ids = (hits: Array<{ id: string }>) => hits.map((h) => h.id).sort();

  it('upserts new and changed rows only, judged by updatedAt', () => {
    const index = new ReplyIndex();
    const known = new Map<string, number>();
    const upsert = vi.spyOn(index, 'upsertMany');
    const batches = () => upsert.mock.calls.map(([rs]) => [...rs].map((r) => r.id));
    syncIndex(index, known, [reply('a', '退款流程'), reply('b', '物流查询')]);
    expect(batches()).toEqual([['a', 'b']]);
    upsert.mockClear();

    syncIndex(index, known, [reply('a', '退款流程'), reply('b', '物流查询', 5), reply('c', '发票说明')]);
    expect(batches()).toEqual([['b', 'c']]);
    upsert.mockClear();
    syncIndex(index, known, [reply('a', '退款流程'), reply('b', '物流查询', 5), reply('c', '发票说明')]);
    expect(batches()).toEqual([]);
    expect(known).toEqual(new Map([['a', 1], ['b', 5], ['c', 1]]));
    expect(ids(index.search('fp'))).toEqual(['c']);
  });

  it('re-indexes a row whose updatedAt went back (an older version restored by sync)', () => {
    const index = new ReplyIndex();
    const known = new Map<string, number>();
    syncIndex(index, known, [reply('a', '退款流程', 9)]);
    syncIndex(index, known, [reply('a', '发票说明', 3)]);
    expect(index.search('tk')).toEqual([]);
    expect(ids(index.search('发票'))).toEqual(['a']);
  });

  it('removes every row that vanished from the list, and only those', () => {
    const index = new ReplyIndex();
    const known = new Map<string, number>();
    syncIndex(index, known, [reply('a', '退款流程'), reply('b', '物流查询'), reply('c', '发票说明')]);
    const remove = vi.spyOn(index, 'removeMany');
    syncIndex(index, known, [reply('b', '物流查询')]);
    // One batch for all that vanished, not a removal each.
    expect(remove.mock.calls.map(([ids]) => [...ids].sort())).toEqual([['a', 'c']]);
    expect(ids(index.search(''))).toEqual(['b']);
    expect(index.size).toBe(1);
    syncIndex(index, known, []);
    expect(index.search('')).toEqual([]);
    expect(known.size).toBe(0);
  });

  it('makes variants, codes, tags and groups searchable', () => {
    const index = new ReplyIndex();
    const known = new Map<string, number>();
    syncIndex(index, known, [{ ...reply('a', '退款流程'), variants: ['另一种说法：请耐心等待'], code: '/tk', tags: ['加急'], group: '催付' }]);
    expect(ids(index.search('耐心等待'))).toEqual(['a']);
    expect(ids(index.search('/tk'))).toEqual(['a']);
    expect(ids(index.search('加急'))).toEqual(['a']);
    expect(ids(index.search('催付'))).toEqual(['a']);
  });

  it('drops a variant the agent removed', () => {
    const index = new ReplyIndex();
    const known = new Map<string, number>();
    syncIndex(index, known, [{ ...reply('a', '退款流程'), variants: ['请耐心等待'] }]);
    syncIndex(index, known, [{ ...reply('a', '退款流程', 2), variants: [] }]);
    expect(index.search('耐心')).toEqual([]);
  });
});
