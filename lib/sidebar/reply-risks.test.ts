import { describe, expect, it, vi } from 'vitest';
import { compileRules } from '../compliance/matcher';
import { parseRuleSet } from '../compliance/rules';
import type { Reply } from '../db/records';
import { ReplyRisks } from './reply-risks';

const reply = (id: string, body: string, variants: string[] = []): Reply =>
  ({ id, body, variants, title: id, group: '', code: '', tags: [], pinned: false, usageCount: 0, variantCursor: 0, sortKey: 1, createdAt: 1, updatedAt: 1, author: '小王' });

const rules = (words: string[]) =>
  compileRules([
    parseRuleSet({
      id: 'rs',
      name: { zh: '测试', en: 'Test' },
      rules: words.map((w, i) => ({ id: `r${i}`, name: { zh: w, en: w }, category: 'other', severity: 'warn', explanation: { zh: '说明', en: 'Why' }, patterns: { words: [w], regexes: [] } })),
    }),
  ]);

describe('ReplyRisks', () => {
  it('finds each reply’s matches in its body and variants', () => {
    const risks = new ReplyRisks().update([reply('a', '加微信聊'), reply('b', '您好', ['最便宜的'])], rules(['微信', '最便宜']));
    expect(risks.get('a')?.map((m) => m.text)).toEqual(['微信']);
    expect(risks.get('b')?.map((m) => m.text)).toEqual(['最便宜']);
  });

  it('checks again only replies whose wording changed, and all of them when the rules change', () => {
    const cache = new ReplyRisks();
    const matcher = rules(['微信']);
    const check = vi.spyOn(matcher, 'check');
    const list = [reply('a', '加微信聊'), reply('b', '您好')];
    cache.update(list, matcher);
    expect(check).toHaveBeenCalledTimes(2);
    // A usage count went up (a new row object, same wording): nothing is checked again.
    cache.update([{ ...list[0]!, usageCount: 3 }, list[1]!], matcher);
    expect(check).toHaveBeenCalledTimes(2);
    // One reply reworded, one given a variant: those two are checked again.
    const risks = cache.update([{ ...list[0]!, body: '加我好友' }, { ...list[1]!, variants: ['微信联系'] }], matcher);
    expect(check).toHaveBeenCalledTimes(5);
    expect(risks.get('a')).toEqual([]);
    expect(risks.get('b')?.map((m) => m.text)).toEqual(['微信']);
    // New rules: every reply is checked under them.
    const other = rules(['好友']);
    expect(cache.update([{ ...list[0]!, body: '加我好友' }, list[1]!], other).get('a')?.map((m) => m.text)).toEqual(['好友']);
  });

  it('has nothing without a matcher (rules not read yet)', () => {
    expect(new ReplyRisks().update([reply('a', '加微信聊')], undefined).size).toBe(0);
  });
});
