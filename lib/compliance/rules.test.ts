import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { complianceErrorsEn, complianceErrorsZh } from './messages';
import { exportRuleSets, parseRuleExport, parseRuleSet, RULES_FORMAT, type RuleInput, type RuleSetInput } from './rules';
import { starterRuleSets } from './starter-rules';

const validRule = (patch: Partial<RuleInput> = {}): RuleInput => ({
  id: 'r1',
  name: { zh: '规则', en: 'Rule' },
  category: 'off-platform',
  severity: 'block',
  explanation: { zh: '说明', en: 'Why' },
  patterns: { words: ['微信'], regexes: [] },
  ...patch,
});

const validSet = (patch: Partial<RuleSetInput> = {}): RuleSetInput => ({
  id: 'set-1',
  name: { zh: '规则集', en: 'Rule set' },
  rules: [validRule()],
  ...patch,
});

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation');
    return (error as AppError).fields;
  }
  throw new Error('expected a validation error');
}

describe('parseRuleSet', () => {
  it('fills defaults: enabled, no exceptions', () => {
    const set = parseRuleSet(validSet());
    expect(set.enabled).toBe(true);
    expect(set.rules[0]!.enabled).toBe(true);
    expect(set.rules[0]!.exceptions).toEqual([]);
  });

  it.each<[string, Partial<RuleInput>, string, string]>([
    ['an empty name', { name: { zh: ' ', en: 'x' } }, 'rules.0.name.zh', 'name-required'],
    ['a missing English explanation', { explanation: { zh: '说明', en: '' } }, 'rules.0.explanation.en', 'explanation-required'],
    ['no words and no regexes', { patterns: { words: [], regexes: [] } }, 'rules.0.patterns.words', 'patterns-required'],
    ['a word of only punctuation', { patterns: { words: ['…!'], regexes: [] } }, 'rules.0.patterns.words.0', 'word-empty'],
    ['a word that squeezes to one letter', { patterns: { words: ['+v'], regexes: [] } }, 'rules.0.patterns.words.0', 'word-too-short'],
    ['a regex that does not compile', { patterns: { words: [], regexes: ['(abc'] } }, 'rules.0.patterns.regexes.0', 'regex-invalid'],
    ['a regex that matches empty text', { patterns: { words: [], regexes: ['a*'] } }, 'rules.0.patterns.regexes.0', 'regex-matches-empty'],
    ['an empty exception', { exceptions: [' '] }, 'rules.0.exceptions.0', 'word-empty'],
    ['a bad platform id', { platforms: ['Amazon Seller Central'] }, 'rules.0.platforms.0', 'platform-id-format'],
    ['a bad rule id', { id: 'has space' }, 'rules.0.id', 'rule-id-format'],
    ['an unknown category', { category: 'spam' as never }, 'rules.0.category', 'category-invalid'],
    ['an unknown severity', { severity: 'fatal' as never }, 'rules.0.severity', 'severity-invalid'],
    ['an empty suggestion', { suggestion: '  ' }, 'rules.0.suggestion', 'suggestion-empty'],
  ])('rejects %s, naming the field and what to fix', (_what, patch, field, key) => {
    expect(fieldsOf(() => parseRuleSet(validSet({ rules: [validRule(patch)] })))).toMatchObject({ [field]: key });
  });

  it('rejects two rules with one id', () => {
    const fields = fieldsOf(() => parseRuleSet(validSet({ rules: [validRule(), validRule()] })));
    expect(fields).toEqual({ 'rules.1.id': 'duplicate-rule-id' });
  });

  it('says in its message which rule is wrong and why', () => {
    try {
      parseRuleSet(validSet({ rules: [validRule({ id: 'no-wechat', patterns: { words: [], regexes: ['(x'] } })] }));
      throw new Error('expected a validation error');
    } catch (error) {
      expect((error as Error).message).toBe(
        `The rule set has invalid fields. rules.0.patterns.regexes.0 (“no-wechat”): ${complianceErrorsEn['regex-invalid']}`,
      );
    }
  });
});

describe('export and import', () => {
  it('round-trips the starter sets through the versioned file', () => {
    const text = exportRuleSets(starterRuleSets, new Date('2026-11-30T08:00:00Z'));
    const file = JSON.parse(text) as { format: string; version: number; exportedAt: string };
    expect(file.format).toBe(RULES_FORMAT);
    expect(file.version).toBe(1);
    expect(file.exportedAt).toBe('2026-11-30T08:00:00.000Z');
    expect(parseRuleExport(text)).toEqual(starterRuleSets);
  });

  it.each([
    ['not JSON', '{oops', 'export-not-json'],
    ['another file', JSON.stringify({ replies: [] }), 'export-wrong-format'],
    ['a newer version', JSON.stringify({ format: RULES_FORMAT, version: 2, exportedAt: '2026-11-30T08:00:00Z', ruleSets: [] }), 'export-newer-version'],
  ])('rejects %s with a message saying what to do', (_what, text, key) => {
    const fields = fieldsOf(() => parseRuleExport(text));
    expect(fields).toEqual({ file: key });
  });

  it('rejects the whole file when one rule is bad, naming its path and id', () => {
    const bad = { ...validSet(), rules: [validRule(), validRule({ id: 'r2', severity: 'oops' as never })] };
    const text = JSON.stringify({ format: RULES_FORMAT, version: 1, exportedAt: '2026-11-30T08:00:00Z', ruleSets: [bad] });
    const fields = fieldsOf(() => parseRuleExport(text));
    expect(fields).toEqual({ 'ruleSets.0.rules.1.severity': 'severity-invalid' });
    expect(() => parseRuleExport(text)).toThrow(/ruleSets\.0\.rules\.1\.severity \(“r2”\)/);
  });

  it('rejects two rule sets with one id', () => {
    const text = JSON.stringify({ format: RULES_FORMAT, version: 1, exportedAt: '2026-11-30T08:00:00Z', ruleSets: [validSet(), validSet()] });
    expect(fieldsOf(() => parseRuleExport(text))).toEqual({ 'ruleSets.1.id': 'duplicate-rule-set-id' });
  });
});

describe('compliance error messages', () => {
  it('every key rules.ts uses has a Chinese and an English text', () => {
    const source = readFileSync(path.join(import.meta.dirname, 'rules.ts'), 'utf8');
    const used = new Set<string>();
    for (const m of source.matchAll(/(?:message: |fileError\(|return )'([a-z-]+)'/g)) used.add(m[1]!);
    for (const m of source.matchAll(/Bilingual\('([a-z-]+)', '([a-z-]+)'/g)) used.add(m[1]!).add(m[2]!);
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((k) => !(k in complianceErrorsZh) || !(k in complianceErrorsEn));
    expect(missing, 'Add these keys to lib/compliance/messages.ts in both languages').toEqual([]);
  });

  it('both languages have the same keys, none empty', () => {
    expect(Object.keys(complianceErrorsEn).sort()).toEqual(Object.keys(complianceErrorsZh).sort());
    for (const [key, text] of Object.entries(complianceErrorsZh)) {
      expect(text.trim(), key).not.toBe('');
      expect(complianceErrorsEn[key as keyof typeof complianceErrorsEn].trim(), key).not.toBe('');
    }
  });
});
