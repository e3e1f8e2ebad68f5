import type { Rule, RuleCategory, RuleInput, Severity } from '@/lib/compliance/rules';
import { AppError } from '@/lib/errors';

/**
 * The rule editor's form state (one text box per list, one entry per line)
 * and the way back to a rule, plus where a validation error belongs: the
 * engine keys errors by the rule's paths (`patterns.regexes.1`), the form
 * shows them under its boxes with the line and its text.
 */
export interface RuleFormState {
  id: string;
  nameZh: string;
  nameEn: string;
  category: RuleCategory;
  severity: Severity;
  words: string;
  regexes: string;
  exceptions: string;
  explanationZh: string;
  explanationEn: string;
  suggestion: string;
  platforms: string;
  enabled: boolean;
}

export type RuleFormField = keyof RuleFormState;

/** The next free `rule-N` id in a set. */
export function newRuleId(existing: readonly { id: string }[]): string {
  const taken = new Set(existing.map((r) => r.id));
  for (let n = existing.length + 1; ; n++) if (!taken.has(`rule-${n}`)) return `rule-${n}`;
}

export function emptyRuleForm(id: string): RuleFormState {
  return {
    id,
    nameZh: '',
    nameEn: '',
    category: 'other',
    severity: 'warn',
    words: '',
    regexes: '',
    exceptions: '',
    explanationZh: '',
    explanationEn: '',
    suggestion: '',
    platforms: '',
    enabled: true,
  };
}

export function formFromRule(rule: Rule): RuleFormState {
  return {
    id: rule.id,
    nameZh: rule.name.zh,
    nameEn: rule.name.en,
    category: rule.category,
    severity: rule.severity,
    words: rule.patterns.words.join('\n'),
    regexes: rule.patterns.regexes.join('\n'),
    exceptions: rule.exceptions.join('\n'),
    explanationZh: rule.explanation.zh,
    explanationEn: rule.explanation.en,
    suggestion: rule.suggestion ?? '',
    platforms: (rule.platforms ?? []).join(', '),
    enabled: rule.enabled,
  };
}

/**
 * The entries of a list box, one per line; blank lines are spacing, not
 * entries. Words and exceptions are trimmed (the engine matches them without
 * their spacing anyway); regexes are taken as typed.
 */
export function lines(text: string, trim = true): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => (trim ? line.trim() : line))
    .filter((line) => line.trim() !== '');
}

/** Console ids typed with commas, spaces or 、 between them. */
export function platformList(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function ruleFromForm(form: RuleFormState): RuleInput {
  const platforms = platformList(form.platforms);
  return {
    id: form.id.trim(),
    name: { zh: form.nameZh, en: form.nameEn },
    category: form.category,
    severity: form.severity,
    explanation: { zh: form.explanationZh, en: form.explanationEn },
    patterns: { words: lines(form.words), regexes: lines(form.regexes, false) },
    exceptions: lines(form.exceptions),
    ...(platforms.length > 0 ? { platforms } : {}),
    ...(form.suggestion.trim() ? { suggestion: form.suggestion } : {}),
    enabled: form.enabled,
  };
}

export interface FieldError {
  /** The i18n key under `compliance.error.` */
  key: string;
  /** For list boxes: the 1-based line and its text. */
  line?: number;
  value?: string;
}

const LIST_FIELDS: Record<string, RuleFormField> = {
  'patterns.words': 'words',
  'patterns.regexes': 'regexes',
  exceptions: 'exceptions',
  platforms: 'platforms',
};

/** A save's validation error, per form field (the first problem of each). */
export function locateRuleErrors(err: AppError, input: RuleInput): Partial<Record<RuleFormField | 'form', FieldError>> {
  const out: Partial<Record<RuleFormField | 'form', FieldError>> = {};
  for (const [path, key] of Object.entries(err.fields)) {
    const parts = path.split('.');
    const index = Number(parts[parts.length - 1]);
    const listPath = Number.isInteger(index) ? parts.slice(0, -1).join('.') : path;
    const listField = LIST_FIELDS[listPath];
    let field: RuleFormField | 'form';
    let extra: Pick<FieldError, 'line' | 'value'> = {};
    if (listField) {
      field = listField;
      if (Number.isInteger(index)) {
        const list = listField === 'words' ? input.patterns.words : listField === 'regexes' ? input.patterns.regexes : listField === 'exceptions' ? (input.exceptions ?? []) : (input.platforms ?? []);
        extra = { line: index + 1, value: list[index] ?? '' };
      }
    } else if (path.startsWith('name.')) field = path.endsWith('.en') ? 'nameEn' : 'nameZh';
    else if (path.startsWith('explanation.')) field = path.endsWith('.en') ? 'explanationEn' : 'explanationZh';
    else if (path === 'id' || path === 'category' || path === 'severity' || path === 'suggestion') field = path;
    else field = 'form';
    out[field] ??= { key, ...extra };
  }
  return out;
}
