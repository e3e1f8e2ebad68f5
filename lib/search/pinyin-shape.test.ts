import { describe, expect, it } from 'vitest';
import { couldBePinyin, ReplyIndex } from './reply-index';

describe('couldBePinyin', () => {
  it.each(['tuikuan', 'tuik', 'tui', 't', 'zh', 'zhuang', 'xian', 'chongxin', 'wuliu', 'cuifu', 'refun', 'ship', 'a', 'er'])('%s may be pinyin as typed', (s) => {
    expect(couldBePinyin(s)).toBe(true);
  });
  it.each(['tracking', 'number', 'track', 'apology', 'mbps', 'xyz'])('%s is not', (s) => {
    expect(couldBePinyin(s)).toBe(false);
  });
});

describe('skipping impossible pinyin keeps pinyin search intact', () => {
  const index = new ReplyIndex([
    { id: 'tk', title: '退款流程', body: '退款说明', code: '', tags: [], group: '售后', pinned: false, usageCount: 0, sortKey: 1 },
    { id: 'yi', title: '一五一十', body: '逐一说明', code: '', tags: [], group: '售前', pinned: false, usageCount: 0, sortKey: 2 },
    { id: 'en', title: 'Tracking number', body: 'Your tracking number is ready', code: '', tags: [], group: 'Shipping', pinned: false, usageCount: 0, sortKey: 3 },
  ]);
  it('finds by full pinyin, initials (y/w for i/u syllables) and English words', () => {
    expect(index.search('tuikuan').map((h) => h.id)).toEqual(['tk']);
    expect(index.search('ywys').map((h) => h.id)).toEqual(['yi']);
    expect(index.search('tracking number').map((h) => h.id)).toEqual(['en']);
  });
});
