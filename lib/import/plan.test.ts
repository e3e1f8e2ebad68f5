import { describe, expect, it } from 'vitest';
import type { Reply, ReplyDraft } from '../db/records';
import { planImport } from './plan';
import type { Candidate } from './validate';

const draft = (over: Partial<ReplyDraft>): ReplyDraft => ({ title: '标题', body: '内容', group: '', code: '', tags: [], variants: [], pinned: false, ...over });
const reply = (id: string, over: Partial<Reply>): Reply => ({
  ...draft({}),
  id,
  createdAt: 1,
  updatedAt: 1,
  author: '',
  usageCount: 0,
  variantCursor: 0,
  sortKey: 1,
  ...over,
});
const rows = (...drafts: Partial<ReplyDraft>[]): Candidate[] => drafts.map((d, i) => ({ row: i + 2, draft: draft(d) }));

const library = [
  reply('tk', { title: '退款', body: '退款已处理', code: '/TK' }),
  reply('hy', { title: '欢迎', body: '您好，欢迎光临' }),
  reply('gone', { title: '旧的', body: '旧的', code: '/old', deletedAt: 5 }),
];
const file = rows(
  { title: '退款新说法', body: '退款 1-3 天到账', code: '/tk' }, // row 2: same code as 退款 (case-insensitive)
  { title: '欢迎', body: '您好，欢迎光临', code: '/hy' }, // row 3: same title+body as 欢迎
  { title: '全新', body: '新的话术', code: '/new' }, // row 4: new
  { title: '全新二', body: '另一条', code: '/NEW' }, // row 5: same code as row 4
  { title: '旧的', body: '旧的', code: '/old' }, // row 6: matches only a deleted reply: new
);

describe('planImport', () => {
  it('finds duplicates by code (any case) or by title and body, in the library and earlier in the file', () => {
    const plan = planImport(file, library, 'skip');
    expect(plan.rows.map((r) => r.duplicate)).toEqual([
      { by: 'code', reply: { id: 'tk', title: '退款', code: '/TK' } },
      { by: 'content', reply: { id: 'hy', title: '欢迎', code: '' } },
      undefined,
      { by: 'code', row: 4 },
      undefined,
    ]);
    expect(plan.counts).toEqual({ add: 2, replace: 0, skip: 3, duplicates: 3, codeCleared: 0 });
    expect(plan.add.map((d) => d.title)).toEqual(['全新', '旧的']);
    expect(plan.replace).toEqual([]);
  });

  it('replace: library replies take the row’s content; a later row of the file wins over an earlier one', () => {
    const plan = planImport(file, library, 'replace');
    expect(plan.rows.map((r) => r.action)).toEqual(['replace', 'replace', 'skip', 'add', 'add']);
    expect(plan.replace).toEqual([
      { id: 'tk', draft: file[0]!.draft },
      { id: 'hy', draft: file[1]!.draft },
    ]);
    expect(plan.rows[2]!.supersededBy).toBe(5);
    expect(plan.add.map((d) => [d.title, d.code])).toEqual([
      ['全新二', '/NEW'],
      ['旧的', '/old'],
    ]);
    expect(plan.counts.codeCleared).toBe(0);
  });

  it('replace: two rows for the same library reply leave the last one', () => {
    const plan = planImport(rows({ title: 'A', body: '1', code: '/tk' }, { title: 'B', body: '2', code: '/tk' }), library, 'replace');
    expect(plan.rows.map((r) => [r.action, r.supersededBy])).toEqual([
      ['skip', 3],
      ['replace', undefined],
    ]);
    expect(plan.replace).toEqual([{ id: 'tk', draft: draft({ title: 'B', body: '2', code: '/tk' }) }]);
  });

  it('keep both: everything is added, and a copy whose code is taken comes without it', () => {
    const plan = planImport(file, library, 'keep');
    expect(plan.rows.map((r) => r.action)).toEqual(['add', 'add', 'add', 'add', 'add']);
    expect(plan.add.map((d) => d.code)).toEqual(['', '/hy', '/new', '', '/old']);
    expect(plan.rows.filter((r) => r.clearedCode !== undefined).map((r) => [r.row, r.clearedCode])).toEqual([
      [2, '/tk'],
      [5, '/NEW'],
    ]);
    expect(plan.counts).toEqual({ add: 5, replace: 0, skip: 0, duplicates: 3, codeCleared: 2 });
  });

  it('replace by content cannot take a code an earlier row of the file already has', () => {
    const plan = planImport(rows({ title: '新', body: '新的', code: '/x' }, { title: '欢迎', body: '您好，欢迎光临', code: '/x' }), library, 'replace');
    expect(plan.rows.map((r) => [r.action, r.replaces, r.draft.code, r.clearedCode])).toEqual([
      ['add', undefined, '/x', undefined],
      ['replace', 'hy', '', '/x'],
    ]);
  });
});
