import { describe, expect, it } from 'vitest';
import { compileDraftRules } from './draft-matcher';
import { compactRules, DraftRules } from './draft-rules';
import { compileRules, highestSeverity } from './matcher';
import type { RuleSet } from './rules';
import { starterRuleSets } from './starter-rules';
import * as z from 'zod/mini';

const full = compileRules(starterRuleSets);
const draft = (platform: string) => compileDraftRules(compactRules(starterRuleSets, platform));

const PHRASES = [
  '亲，加我微信发您图片',
  '加 V 看看',
  '加ＶＸ：abc123',
  '我的绿泡泡是 13800138000',
  '好评返现五元哦',
  '这是全网最低价',
  '第一次购买的话可以领券',
  '最近发货比较慢',
  '你自己看详情页',
  '不是说了吗，已经发货了',
  '难道你没收到吗',
  '亲，已为您登记，请稍等',
  'add me on whatsapp',
  'we chat later today',
  'this is the best price ever, 100% guaranteed',
  'leave a 5-star review and get a refund',
  '微\u200b信联系',
  '',
];

describe('the content script’s draft matcher', () => {
  it('gives the same severity as the engine on the starter sets', () => {
    const feige = draft('feige');
    for (const text of PHRASES) expect([text, feige.check(text)]).toEqual([text, highestSeverity(full.check(text, { platform: 'feige' }))]);
  });

  it('agrees with the engine on every starter word and exception put into a sentence', () => {
    const feige = draft('feige');
    for (const set of starterRuleSets) {
      for (const rule of set.rules) {
        for (const word of [...rule.patterns.words, ...rule.exceptions]) {
          for (const text of [`亲，${word}哦`, `ok ${word} then`]) {
            expect([text, feige.check(text)]).toEqual([text, highestSeverity(full.check(text, { platform: 'feige' }))]);
          }
        }
      }
    }
  });

  it('carries only the rules of this console, enabled, with no texts', () => {
    const own: RuleSet = {
      id: 'shop',
      name: { zh: '店', en: 'Shop' },
      enabled: true,
      platforms: ['pinduoduo'],
      rules: [
        { id: 'a', name: { zh: 'a', en: 'a' }, category: 'other', severity: 'block', explanation: { zh: '说明', en: 'why' }, patterns: { words: ['送赠品'], regexes: ['赠品\\d+'] }, exceptions: ['不送赠品'], enabled: true },
        { id: 'b', name: { zh: 'b', en: 'b' }, category: 'other', severity: 'warn', explanation: { zh: '说明', en: 'why' }, patterns: { words: ['包邮'], regexes: [] }, exceptions: [], enabled: false },
      ],
    };
    const compact = compactRules([own], 'pinduoduo');
    expect(z.safeParse(DraftRules, compact).success).toBe(true);
    expect(compact).toEqual({
      severities: ['block'],
      words: [
        { word: '送赠品', rule: 0, exception: false },
        { word: '不送赠品', rule: 0, exception: true },
      ],
      regexes: [{ source: '赠品\\d+', rule: 0 }],
    });
    expect(JSON.stringify(compact)).not.toContain('说明');
    expect(compactRules([own], 'feige')).toEqual({ severities: [], words: [], regexes: [] });
    const m = compileDraftRules(compact);
    expect([m.check('下单送 赠品'), m.check('这次不送赠品'), m.check('赠品2件'), m.check('包邮')]).toEqual(['block', undefined, 'block', undefined]);
  });
});
