import { describe, expect, it } from 'vitest';
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
