import Papa from 'papaparse';
import { AppError } from '../errors';
import { BOM, FORMULA_START } from '../export/csv';
import { complianceErrorsEn } from './messages';
import { parseRule, parseRuleSet, type RuleInput, type RuleSet } from './rules';

/**
 * Rule sets as a spreadsheet (CSV): one row per rule, the set's fields
 * repeated on each of its rows, lists (words, regexes, exceptions, consoles)
 * one entry per line inside their cell. For supervisors who keep their word
 * lists in Excel; the JSON export (rules.ts) stays the lossless format (it
 * also carries each set's coverage note). papaparse does the quoting, with a
 * BOM so Excel reads the Chinese as UTF-8, and formula escaping (a word like
 * "+v" is written '+v and read back as +v).
 */

export const RULE_CSV_COLUMNS = [
  'set_id',
  'set_name_zh',
  'set_name_en',
  'set_platforms',
  'set_enabled',
  'rule_id',
  'rule_name_zh',
  'rule_name_en',
  'category',
  'severity',
  'words',
  'regexes',
  'exceptions',
  'explanation_zh',
  'explanation_en',
  'suggestion',
  'rule_platforms',
  'rule_enabled',
] as const;
type Column = (typeof RULE_CSV_COLUMNS)[number];


const list = (items: readonly string[] | undefined) => (items ?? []).join('\n');
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

export function ruleSetsToCsv(sets: readonly RuleSet[]): string {
  const data: string[][] = [];
  for (const set of sets) {
    for (const rule of set.rules) {
      const row: Record<Column, string> = {
        set_id: set.id,
        set_name_zh: set.name.zh,
        set_name_en: set.name.en,
        set_platforms: list(set.platforms),
        set_enabled: yesNo(set.enabled),
        rule_id: rule.id,
        rule_name_zh: rule.name.zh,
        rule_name_en: rule.name.en,
        category: rule.category,
        severity: rule.severity,
        words: list(rule.patterns.words),
        regexes: list(rule.patterns.regexes),
        exceptions: list(rule.exceptions),
        explanation_zh: rule.explanation.zh,
        explanation_en: rule.explanation.en,
        suggestion: rule.suggestion ?? '',
        rule_platforms: list(rule.platforms),
        rule_enabled: yesNo(rule.enabled),
      };
      data.push(RULE_CSV_COLUMNS.map((c) => row[c]));
    }
  }
  // papaparse's own escapeFormulae test (`^[=+\-@\t\r].*$`) misses a cell of
  // several lines; a list cell starting "+v\n…" must be escaped too.
  return BOM + Papa.unparse({ fields: [...RULE_CSV_COLUMNS], data }, { newline: '\r\n', escapeFormulae: FORMULA_START });
}

/** A cell as written before formula escaping: '+v → +v. */
function unescape(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

const splitList = (cell: string) =>
  cell
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

function csvError(message: string, fields: Record<string, string>): AppError {
  return new AppError('validation', message, fields);
}

/**
 * The rule sets of a CSV file in the layout above. Throws a 'validation'
 * AppError naming the row (as a spreadsheet numbers it, header = row 1), the
 * rule and what to fix; nothing is returned from a file with any bad row.
 */
export function ruleSetsFromCsv(text: string): RuleSet[] {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy' });
  const headers = parsed.meta.fields ?? [];
  const missing = RULE_CSV_COLUMNS.filter((c) => !headers.includes(c) && c !== 'set_platforms' && c !== 'rule_platforms' && c !== 'suggestion');
  if (missing.length > 0) throw csvError(`${complianceErrorsEn['csv-columns']} (${missing.join(', ')})`, { file: 'csv-columns' });
  if (parsed.data.length === 0) throw csvError(complianceErrorsEn['csv-empty'], { file: 'csv-empty' });

  const sets = new Map<string, { input: Omit<RuleSet, 'rules'>; rules: RuleInput[]; rows: number[] }>();
  parsed.data.forEach((raw, i) => {
    const rowNumber = i + 2;
    const cell = (c: Column) => unescape((raw[c] ?? '').trim());
    const setId = cell('set_id');
    const input: RuleInput = {
      id: cell('rule_id'),
      name: { zh: cell('rule_name_zh'), en: cell('rule_name_en') },
      category: cell('category') as RuleInput['category'],
      severity: cell('severity') as RuleInput['severity'],
      explanation: { zh: cell('explanation_zh'), en: cell('explanation_en') },
      patterns: { words: splitList(cell('words')), regexes: splitList(cell('regexes')) },
      exceptions: splitList(cell('exceptions')),
      ...(splitList(cell('rule_platforms')).length > 0 ? { platforms: splitList(cell('rule_platforms')) } : {}),
      ...(cell('suggestion') ? { suggestion: cell('suggestion') } : {}),
      enabled: cell('rule_enabled').toLowerCase() !== 'no',
    };
    try {
      parseRule(input);
    } catch (err) {
      if (err instanceof AppError) throw csvError(`Row ${rowNumber} (${setId || '?'} / ${input.id || '?'}): ${err.message}`, { ...err.fields, row: String(rowNumber) });
      throw err;
    }
    let set = sets.get(setId);
    if (!set) {
      const platforms = splitList(cell('set_platforms'));
      set = {
        input: {
          id: setId,
          name: { zh: cell('set_name_zh'), en: cell('set_name_en') },
          enabled: cell('set_enabled').toLowerCase() !== 'no',
          ...(platforms.length > 0 ? { platforms } : {}),
        },
        rules: [],
        rows: [],
      };
      sets.set(setId, set);
    }
    set.rules.push(input);
    set.rows.push(rowNumber);
  });

  return [...sets.values()].map(({ input, rules, rows }) => {
    try {
      return parseRuleSet({ ...input, rules });
    } catch (err) {
      if (err instanceof AppError) throw csvError(`Rows ${rows[0]}–${rows[rows.length - 1]} (${input.id || '?'}): ${err.message}`, { ...err.fields, row: String(rows[0]) });
      throw err;
    }
  });
}
