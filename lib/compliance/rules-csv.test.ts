import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { compileRules } from './matcher';
import { RULE_CSV_COLUMNS, ruleSetsFromCsv, ruleSetsToCsv } from './rules-csv';
import { starterRuleSets } from './starter-rules';

describe('rule sets as CSV', () => {
  it('round-trips the starter sets: same rules, and they match the same drafts', () => {
    const csv = ruleSetsToCsv(starterRuleSets);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('\uFEFF' + RULE_CSV_COLUMNS.join(','));
    const back = ruleSetsFromCsv(csv);
    expect(back.map((s) => [s.id, s.rules.length])).toEqual(starterRuleSets.map((s) => [s.id, s.rules.length]));
    // The JSON export carries the coverage note; the CSV carries the rules.
    expect(back.map((s) => s.rules)).toEqual(starterRuleSets.map((s) => s.rules));
    for (const draft of ['加我微信发你图', '全网最低价', '你自己看吧', 'add me on whatsapp']) {
      expect(compileRules(back).check(draft).map((m) => m.ruleId)).toEqual(compileRules(starterRuleSets).check(draft).map((m) => m.ruleId));
    }
  });

  it('escapes formula-looking cells for Excel and reads them back as written', () => {
    const set = {
      id: 'mine',
      name: { zh: '我的', en: 'Mine' },
      enabled: true,
      rules: [
        {
          id: 'plus-v',
          name: { zh: '加V', en: 'Add V' },
          category: 'off-platform' as const,
          severity: 'block' as const,
          explanation: { zh: '站外', en: 'Off-platform' },
          patterns: { words: ['+vx', '=微信'], regexes: ['-\\d{3}'] },
          exceptions: [],
          enabled: true,
        },
      ],
    };
    const csv = ruleSetsToCsv([set]);
    expect(csv).toContain("'+vx");
    expect(ruleSetsFromCsv(csv)[0]!.rules[0]!.patterns).toEqual({ words: ['+vx', '=微信'], regexes: ['-\\d{3}'] });
  });

  const header = RULE_CSV_COLUMNS.join(',');
  const row = (cells: Partial<Record<(typeof RULE_CSV_COLUMNS)[number], string>>) =>
    RULE_CSV_COLUMNS.map((c) => `"${(cells[c] ?? '').replaceAll('"', '""')}"`).join(',');
  const good = { set_id: 's1', set_name_zh: '店规', set_name_en: 'Shop', rule_id: 'r1', rule_name_zh: '禁词', rule_name_en: 'Banned', category: 'other', severity: 'warn', words: '包邮到家\n保真', explanation_zh: '说明', explanation_en: 'Why' };

  it('groups rows into sets, lists by line, and switches from yes/no', () => {
    const sets = ruleSetsFromCsv([header, row(good), row({ ...good, rule_id: 'r2', words: '', regexes: '\\d{11}', rule_enabled: 'no', rule_platforms: 'feige\npinduoduo' })].join('\r\n'));
    expect(sets).toHaveLength(1);
    expect(sets[0]!.rules.map((r) => [r.id, r.patterns.words, r.patterns.regexes, r.enabled, r.platforms])).toEqual([
      ['r1', ['包邮到家', '保真'], [], true, undefined],
      ['r2', [], ['\\d{11}'], false, ['feige', 'pinduoduo']],
    ]);
  });

  const failure = (text: string): AppError => {
    try {
      ruleSetsFromCsv(text);
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
    throw new Error('expected the CSV to be refused');
  };

  it('refuses a bad row, naming the row, the rule and what to fix', () => {
    const bad = failure([header, row(good), row({ ...good, rule_id: 'r2', regexes: '(a', words: '' })].join('\n'));
    expect(bad.code).toBe('validation');
    expect(bad.message).toContain('Row 3 (s1 / r2)');
    expect(bad.message).toContain('regular expression is not valid');
    expect(bad.fields['patterns.regexes.0']).toBe('regex-invalid');
    expect(failure([header, row({ ...good, words: ' ， ' })].join('\n')).fields['patterns.words.0']).toBe('word-empty');
    expect(failure([header, row({ ...good, severity: 'maybe' })].join('\n')).fields.severity).toBe('severity-invalid');
    expect(failure([header, row(good), row(good)].join('\n')).fields['rules.1.id']).toBe('duplicate-rule-id');
    expect(failure('name,words\n店规,微信').fields.file).toBe('csv-columns');
    expect(failure(header).fields.file).toBe('csv-empty');
  });
});
