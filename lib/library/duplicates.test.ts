import { describe, expect, it } from 'vitest';
import type { Reply } from '../db/records';
import { findDuplicates, nearKey } from './duplicates';

let n = 0;
const reply = (title: string, body: string, extra: Partial<Reply> = {}): Reply => ({
  id: `r${++n}`,
  title,
  body,
  group: '',
  code: '',
  tags: [],
  variants: [],
  pinned: false,
  usageCount: 0,
  variantCursor: 0,
  sortKey: n,
  createdAt: n,
  updatedAt: n,
  author: '',
  ...extra,
});

describe('duplicates finder', () => {
  it('folds whitespace, punctuation, full-width forms and case out of a body', () => {
    expect(nearKey('您好！ 请稍等。\n')).toBe(nearKey('您好,请稍等'));
    expect(nearKey('Hello, WORLD!')).toBe(nearKey('ｈｅｌｌｏ world'));
    expect(nearKey('您好，请稍等')).not.toBe(nearKey('您好，请等等'));
  });

  it('clusters by code, by title and body, and by near-identical body; most used first', () => {
    // Clusters of the same size come in the order of their first title (pinyin: cui, huan, tui).
    const codeA = reply('退款', '退款说明', { code: '/tk' });
    const codeB = reply('退款2', '完全不同', { code: '/TK', usageCount: 5 });
    const sameA = reply('欢迎', '您好，欢迎光临');
    const sameB = reply('欢迎', '您好，欢迎光临');
    const nearA = reply('催付', '亲，订单还没付款哦！');
    const nearB = reply('催付提醒', '亲 订单还没付款哦');
    const alone = reply('物流', '已为您催促快递');
    const deleted = reply('物流', '已为您催促快递', { deletedAt: 9 });
    const clusters = findDuplicates([codeA, codeB, sameA, sameB, nearA, nearB, alone, deleted]);
    expect(clusters.map((c) => [c.reasons, c.replies.map((r) => r.id)])).toEqual([
      [['near'], [nearA.id, nearB.id]],
      [['same', 'near'], [sameA.id, sameB.id]],
      [['code'], [codeB.id, codeA.id]],
    ]);
    expect(clusters[2]!.key).toBe([codeA.id, codeB.id].sort().join('|'));
  });

  it('joins chains into one cluster', () => {
    const x = reply('A', '第一段', { code: '/a' });
    const y = reply('B', '第一段。', { code: '/b' });
    const z = reply('C', '别的', { code: '/B' });
    expect(findDuplicates([x, y, z]).map((c) => c.replies.map((r) => r.id).sort())).toEqual([[x.id, y.id, z.id].sort()]);
  });
});
