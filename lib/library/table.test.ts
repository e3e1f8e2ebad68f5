import { describe, expect, it } from 'vitest';
import type { Reply } from '../db/records';
import { groupEntries, rangeBetween, visibleReplies, windowOf } from './table';

const r = (id: string, group: string, sortKey: number, extra: Partial<Reply> = {}): Reply => ({
  id,
  title: id,
  body: id,
  group,
  code: '',
  tags: [],
  variants: [],
  pinned: false,
  usageCount: 0,
  variantCursor: 0,
  sortKey,
  createdAt: 0,
  updatedAt: 0,
  author: '',
  ...extra,
});

const rows = [r('b2', '售后', 2, { usageCount: 3, updatedAt: 5 }), r('x', '', 1), r('b1', '售后', 1), r('a1', '催付', 1, { usageCount: 9 })];

describe('library table', () => {
  it('lists groups by name with counts, 未分组 last, new groups included', () => {
    expect(groupEntries(rows, ['新组', '售后'])).toEqual([
      { name: '催付', count: 1 },
      { name: '售后', count: 2 },
      { name: '新组', count: 0 },
      { name: '', count: 1 },
    ]);
  });

  it('lists groups and sorts manually in the stored group order, the rest by name, 未分组 last', () => {
    const ids = (rs: Reply[]) => rs.map((x) => x.id);
    const order = ['售后', '物流'];
    expect(groupEntries(rows, ['新组'], order).map((g) => g.name)).toEqual(['售后', '催付', '新组', '']);
    expect(groupEntries(rows, ['物流', '新组'], order).map((g) => g.name)).toEqual(['售后', '物流', '催付', '新组', '']);
    expect(ids(visibleReplies(rows, { sort: 'manual', order }))).toEqual(['b1', 'b2', 'a1', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'manual', hits: ['x', 'a1', 'b2'], order }))).toEqual(['b2', 'a1', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'usage', order }))).toEqual(['a1', 'b2', 'b1', 'x']);
    // The same list under another order (a reorder arrives by its own query) is sorted anew.
    expect(ids(visibleReplies(rows, { sort: 'manual', order: ['催付'] }))).toEqual(['a1', 'b1', 'b2', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'manual', order: [...order] }))).toEqual(['b1', 'b2', 'a1', 'x']);
  });

  it('sorts manually (ungrouped last), by usage, by update, and keeps search order for relevance', () => {
    const ids = (rs: Reply[]) => rs.map((x) => x.id);
    expect(ids(visibleReplies(rows, { sort: 'manual' }))).toEqual(['a1', 'b1', 'b2', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'usage' }))).toEqual(['a1', 'b2', 'b1', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'updated' }))).toEqual(['b2', 'a1', 'b1', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'manual', group: '售后' }))).toEqual(['b1', 'b2']);
    expect(ids(visibleReplies(rows, { sort: 'relevance', hits: ['x', 'b2', 'gone', 'a1'] }))).toEqual(['x', 'b2', 'a1']);
    expect(ids(visibleReplies(rows, { sort: 'manual', hits: ['x', 'b2', 'a1'], group: '' }))).toEqual(['x']);
  });

  it('sorts search hits by the chosen order, and a changed list is sorted anew', () => {
    const ids = (rs: Reply[]) => rs.map((x) => x.id);
    const hits = ['x', 'b2', 'a1', 'b1'];
    expect(ids(visibleReplies(rows, { sort: 'manual', hits }))).toEqual(['a1', 'b1', 'b2', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'usage', hits }))).toEqual(['a1', 'b2', 'b1', 'x']);
    expect(ids(visibleReplies(rows, { sort: 'title', hits: ['x', 'b2', 'b1'] }))).toEqual(['b1', 'b2', 'x']);
    // Sorting by usage did not disturb the manual order kept for this list.
    expect(ids(visibleReplies(rows, { sort: 'manual' }))).toEqual(['a1', 'b1', 'b2', 'x']);
    // b1 moved to 催付 and b2 renamed: a new array from the live query, its own order.
    const changed = rows.map((x) => (x.id === 'b1' ? { ...x, group: '催付', sortKey: 0 } : x));
    expect(ids(visibleReplies(changed, { sort: 'manual', hits }))).toEqual(['b1', 'a1', 'b2', 'x']);
    expect(ids(visibleReplies(changed, { sort: 'manual', group: '催付' }))).toEqual(['b1', 'a1']);
    expect(ids(visibleReplies(rows, { sort: 'manual', group: '催付' }))).toEqual(['a1']);
  });

  it('selects a shift-click range in either direction', () => {
    const order = ['a', 'b', 'c', 'd'];
    expect(rangeBetween(order, 'b', 'd')).toEqual(['b', 'c', 'd']);
    expect(rangeBetween(order, 'd', 'a')).toEqual(['a', 'b', 'c', 'd']);
    expect(rangeBetween(order, 'gone', 'c')).toEqual(['c']);
  });

  it('windows 20,000 rows to the ones on screen', () => {
    expect(windowOf(20_000, 40, 0, 400, 5)).toEqual({ start: 0, end: 15 });
    expect(windowOf(20_000, 40, 40_000, 400, 5)).toEqual({ start: 995, end: 1015 });
    expect(windowOf(20_000, 40, 800_000, 400, 5)).toEqual({ start: 19_995, end: 20_000 });
  });
});
