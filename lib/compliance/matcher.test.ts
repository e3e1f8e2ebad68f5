import { describe, expect, it } from 'vitest';
import { applySuggestion, compileRules, highestSeverity, type ComplianceMatch } from './matcher';
import { parseRuleSet, type RuleInput, type RuleSetInput } from './rules';

/** A rule with just what a test cares about; the rest filled with valid defaults. */
function rule(id: string, patch: Partial<RuleInput> & { words?: string[]; regexes?: string[] }): RuleInput {
  const { words = [], regexes = [], ...rest } = patch;
  return {
    id,
    name: { zh: id, en: id },
    category: 'other',
    severity: 'warn',
    explanation: { zh: '说明', en: 'Explanation' },
    patterns: { words, regexes },
    ...rest,
  };
}

function set(id: string, rules: RuleInput[], patch: Partial<RuleSetInput> = {}) {
  return parseRuleSet({ id, name: { zh: id, en: id }, rules, ...patch });
}

const spans = (matches: ComplianceMatch[]) => matches.map((m) => [m.ruleId, m.text]);

describe('compileRules().check', () => {
  it('matches Chinese words anywhere, without word boundaries', () => {
    const matcher = compileRules([set('s', [rule('wechat', { words: ['微信'] })])]);
    expect(spans(matcher.check('请加我微信好吗'))).toEqual([['wechat', '微信']]);
  });

  it('needs boundaries around Latin words: letters next to letters and digits next to digits do not match', () => {
    const matcher = compileRules([set('s', [rule('qq', { words: ['qq'] }), rule('pct', { words: ['100%'] })])]);
    expect(matcher.check('aqqb')).toEqual([]);
    expect(matcher.check('qqq')).toEqual([]);
    expect(spans(matcher.check('加qq123456'))).toEqual([['qq', 'qq']]);
    expect(spans(matcher.check('QQ号'))).toEqual([['qq', 'QQ']]);
    expect(spans(matcher.check('(qq)'))).toEqual([['qq', 'qq']]);
    expect(matcher.check('1100%')).toEqual([]);
    expect(spans(matcher.check('x100%'))).toEqual([['pct', '100%']]);
  });

  it('returns original-text ranges after normalisation, ready for slice()', () => {
    const matcher = compileRules([set('s', [rule('wechat', { words: ['微信', 'vx'] })])]);
    const text = '您好😀，加 Ｖ．Ｘ 或 微\u200b-信 都行';
    const matches = matcher.check(text);
    expect(matches.map((m) => [m.start, m.end, m.text])).toEqual([
      [7, 10, 'Ｖ．Ｘ'],
      [13, 17, '微\u200b-信'],
    ]);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(matches[0]!.words).toEqual(['vx']);
    expect(matches[1]!.words).toEqual(['微信']);
  });

  it('runs regexes on the folded text (width and case folded, spacing kept) and maps them back', () => {
    const matcher = compileRules([set('s', [rule('phone', { regexes: [String.raw`1[3-9]\d(?:[\s-]?\d){8}`] })])]);
    const text = '电话：１３８－１２３４－５６７８。';
    const [match] = matcher.check(text);
    expect(match?.text).toBe('１３８－１２３４－５６７８');
    expect(match?.words).toEqual([String.raw`1[3-9]\d(?:[\s-]?\d){8}`]);
  });

  it('lets an exception suppress the matches of its rule that it overlaps, and only those', () => {
    const matcher = compileRules([set('s', [rule('absolute', { words: ['最', '第一'], exceptions: ['最近', '最后', '第一次'] })])]);
    expect(matcher.check('最近发货')).toEqual([]);
    expect(matcher.check('最后一件')).toEqual([]);
    expect(matcher.check('第一次购买')).toEqual([]);
    expect(spans(matcher.check('最近最好'))).toEqual([['absolute', '最']]);
    expect(matcher.check('最近最好')[0]!.start).toBe(2);
    expect(spans(matcher.check('第一次就买到全网第一'))).toEqual([['absolute', '第一']]);
  });

  it('applies an exception to its own rule only', () => {
    const matcher = compileRules([
      set('s', [rule('a', { words: ['最'], exceptions: ['最近'] }), rule('b', { words: ['最近'] })]),
    ]);
    expect(spans(matcher.check('最近'))).toEqual([['b', '最近']]);
  });

  it('applies exceptions to regex matches too', () => {
    const matcher = compileRules([set('s', [rule('digits', { regexes: [String.raw`\d{11}`], exceptions: ['订单号'] })])]);
    expect(matcher.check('订单号13812345678')).toHaveLength(1); // the exception does not overlap the number
    const overlapping = compileRules([set('s', [rule('digits', { regexes: [String.raw`号\d{11}`], exceptions: ['订单号'] })])]);
    expect(overlapping.check('订单号13812345678')).toEqual([]);
  });

  it('merges overlapping matches of one rule into one highlight, listing every word', () => {
    const matcher = compileRules([set('s', [rule('reviews', { words: ['好评返现', '返现', '好评'] })])]);
    const matches = matcher.check('好评返现哦');
    expect(spans(matches)).toEqual([['reviews', '好评返现']]);
    expect(matches[0]!.words.sort()).toEqual(['好评', '好评返现', '返现'].sort());
  });

  it('keeps matches of different rules on the same words apart, most severe first', () => {
    const matcher = compileRules([
      set('s', [rule('hint', { words: ['微信'], severity: 'hint' }), rule('block', { words: ['微信'], severity: 'block' })]),
    ]);
    expect(matcher.check('微信').map((m) => m.severity)).toEqual(['block', 'hint']);
  });

  it('sorts matches by position', () => {
    const matcher = compileRules([set('s', [rule('a', { words: ['b'.repeat(2)] }), rule('c', { words: ['微信'] })])]);
    expect(spans(matcher.check('微信 bb 微信'))).toEqual([
      ['c', '微信'],
      ['a', 'bb'],
      ['c', '微信'],
    ]);
  });

  it('carries the rule’s category, severity, name, explanation, suggestion and set id', () => {
    const matcher = compileRules([
      set('tone-set', [
        rule('look', {
          words: ['你自己看'],
          category: 'tone',
          severity: 'hint',
          name: { zh: '让买家自己看', en: 'Look yourself' },
          explanation: { zh: '命令语气', en: 'An order' },
          suggestion: '麻烦您查看一下',
        }),
      ]),
    ]);
    expect(matcher.check('你自己看')).toEqual([
      {
        start: 0,
        end: 4,
        text: '你自己看',
        words: ['你自己看'],
        ruleSetId: 'tone-set',
        ruleId: 'look',
        category: 'tone',
        severity: 'hint',
        name: { zh: '让买家自己看', en: 'Look yourself' },
        explanation: { zh: '命令语气', en: 'An order' },
        suggestion: '麻烦您查看一下',
      },
    ]);
  });

  describe('platforms', () => {
    const matcher = compileRules([
      set('all', [rule('everywhere', { words: ['微信'] }), rule('amazon-only', { words: ['微信'], platforms: ['amazon-seller-central'] })]),
      set('cn', [rule('cn-rule', { words: ['微信'] }), rule('cn-feige', { words: ['微信'], platforms: ['feige'] })], {
        platforms: ['feige', 'pinduoduo'],
      }),
    ]);
    const ids = (platform?: string) => matcher.check('微信', platform === undefined ? {} : { platform }).map((m) => m.ruleId).sort();

    it('skips rules limited to other consoles', () => {
      expect(ids('amazon-seller-central')).toEqual(['amazon-only', 'everywhere']);
      expect(ids('shopee')).toEqual(['everywhere']);
    });

    it('needs both the set’s and the rule’s list to allow the console', () => {
      expect(ids('feige')).toEqual(['cn-feige', 'cn-rule', 'everywhere']);
      expect(ids('pinduoduo')).toEqual(['cn-rule', 'everywhere']);
    });

    it('applies every rule when no console is given (a reply in the library can be used anywhere)', () => {
      expect(ids()).toEqual(['amazon-only', 'cn-feige', 'cn-rule', 'everywhere']);
    });

    it('filters exceptions by console as well', () => {
      const m = compileRules([
        set('s', [rule('a', { words: ['最'] }), rule('a2', { words: ['最'], exceptions: ['最近'], platforms: ['feige'] })]),
      ]);
      expect(m.check('最近', { platform: 'feige' }).map((x) => x.ruleId)).toEqual(['a']);
      expect(m.check('最近', { platform: 'shopee' }).map((x) => x.ruleId)).toEqual(['a']);
    });
  });

  it('leaves out disabled rules and disabled sets', () => {
    const matcher = compileRules([
      set('on', [rule('off-rule', { words: ['微信'], enabled: false }), rule('on-rule', { words: ['微信'] })]),
      set('off', [rule('in-off-set', { words: ['微信'] })], { enabled: false }),
    ]);
    expect(matcher.check('微信').map((m) => m.ruleId)).toEqual(['on-rule']);
    expect(matcher.ruleCount).toBe(1);
  });

  it('shares one automaton entry between rules with the same normalised word', () => {
    const matcher = compileRules([set('s', [rule('a', { words: ['微信', '微 信'] }), rule('b', { words: ['微-信'] })])]);
    expect(matcher.wordCount).toBe(1);
    expect(matcher.check('微信').map((m) => m.ruleId)).toEqual(['a', 'b']);
  });

  it('finds every occurrence, not just the first', () => {
    const matcher = compileRules([set('s', [rule('w', { words: ['微信'], regexes: ['vx\\d+'] })])]);
    expect(matcher.check('微信 vx1 微信 vx22 微信')).toHaveLength(5);
  });

  it('handles empty text, no rules, and text with nothing to find', () => {
    expect(compileRules([]).check('微信')).toEqual([]);
    const matcher = compileRules([set('s', [rule('w', { words: ['微信'] })])]);
    expect(matcher.check('')).toEqual([]);
    expect(matcher.check('您好，欢迎光临本店！')).toEqual([]);
  });

  it('does not keep state between checks (global regexes are reset)', () => {
    const matcher = compileRules([set('s', [rule('n', { regexes: ['\\d{3}'] })])]);
    expect(matcher.check('abc 123')).toHaveLength(1);
    expect(matcher.check('123')).toHaveLength(1);
    expect(matcher.check('123')).toHaveLength(1);
  });
});

describe('highestSeverity', () => {
  it('picks block over warn over hint, and undefined for no matches', () => {
    const matcher = compileRules([
      set('s', [rule('h', { words: ['aa'], severity: 'hint' }), rule('w', { words: ['bb'], severity: 'warn' }), rule('b', { words: ['cc'], severity: 'block' })]),
    ]);
    expect(highestSeverity(matcher.check('aa bb cc'))).toBe('block');
    expect(highestSeverity(matcher.check('aa bb'))).toBe('warn');
    expect(highestSeverity(matcher.check('aa'))).toBe('hint');
    expect(highestSeverity(matcher.check('dd'))).toBeUndefined();
  });
});

describe('applySuggestion', () => {
  const matcher = compileRules([
    set('s', [rule('look', { words: ['你自己看'], suggestion: '麻烦您查看一下', severity: 'hint' }), rule('plain', { words: ['微信'] })]),
  ]);

  it('replaces the matched words with the softer wording', () => {
    const draft = '尺码表在详情页，你自己看。';
    const [match] = matcher.check(draft);
    expect(applySuggestion(draft, match!)).toBe('尺码表在详情页，麻烦您查看一下。');
  });

  it('refuses when the rule has no suggestion or the draft changed since the check', () => {
    const [plain] = matcher.check('加微信');
    expect(applySuggestion('加微信', plain!)).toBeUndefined();
    const [look] = matcher.check('你自己看');
    expect(applySuggestion('请你自己看', look!)).toBeUndefined();
  });
});
