import * as z from 'zod/mini';
import { AppError } from '../errors';
import { complianceErrorsEn, type ComplianceErrorKey } from './messages';
import { charClass, normalizeWord } from './normalize';

/**
 * Compliance and tone rules (合规与话术规范): the schemas are the types. A rule
 * set is what a supervisor edits, imports and exports; a rule is a list of
 * words and regexes in one category, with a severity, an explanation shown to
 * the agent, exceptions, and optionally the consoles it applies to and a
 * softer wording to take instead. zod/mini, because the content script will
 * compile rule sets for the live check on the agent's draft (see
 * tests/architecture.test.ts: no classic zod there).
 *
 * How words and regexes are matched (normalisation, boundaries, exceptions):
 * see matcher.ts and normalize.ts.
 */

/** What the rule protects against. `other` is the supervisor's own kind. */
export const RuleCategory = z.enum(['off-platform', 'paid-reviews', 'absolute-claims', 'insults-blame', 'tone', 'other']);
export type RuleCategory = z.infer<typeof RuleCategory>;

/**
 * block: the platform punishes it, the reply must not go out as is;
 * warn: risky, the agent decides; hint: tone advice, usually with a suggestion.
 */
export const Severity = z.enum(['block', 'warn', 'hint']);
export type Severity = z.infer<typeof Severity>;

/** Most severe first; used to sort matches and to pick a reply's badge. */
export const SEVERITY_RANK: Record<Severity, number> = { block: 0, warn: 1, hint: 2 };

export const CATEGORY_LABELS: Record<RuleCategory, { zh: string; en: string }> = {
  'off-platform': { zh: '引导站外联系', en: 'Moving the buyer off-platform' },
  'paid-reviews': { zh: '好评返现与刷单', en: 'Paid reviews and fake orders' },
  'absolute-claims': { zh: '广告极限用语', en: 'Absolute advertising claims' },
  'insults-blame': { zh: '辱骂与推卸责任', en: 'Insults and blame' },
  tone: { zh: '命令与反问语气', en: 'Commands and rhetorical questions' },
  other: { zh: '其他', en: 'Other' },
};

export const SEVERITY_LABELS: Record<Severity, { zh: string; en: string }> = {
  block: { zh: '禁止发送', en: 'Do not send' },
  warn: { zh: '有风险', en: 'Risky' },
  hint: { zh: '语气建议', en: 'Tone hint' },
};

/** Flags every rule regex is compiled with: g to find them all, i and u for the folded (Unicode) text. */
export const REGEX_FLAGS = 'giu';

export const LIMITS = {
  idLength: 64,
  nameLength: 60,
  explanationLength: 500,
  wordLength: 50,
  wordsPerRule: 1000,
  regexLength: 300,
  regexesPerRule: 20,
  exceptionsPerRule: 200,
  suggestionLength: 200,
  rulesPerSet: 20_000,
  ruleSets: 100,
} as const;

const Id = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'rule-id-format' }));

/**
 * A console's adapter id (the folder name under lib/adapters/, e.g. `feige`,
 * `amazon-seller-central`, or a custom site's `custom-…`).
 */
const PlatformId = z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'platform-id-format' }));

const Bilingual = (required: ComplianceErrorKey, tooLong: ComplianceErrorKey, max: number) => {
  const text = z.string().check(z.trim(), z.minLength(1, { message: required }), z.maxLength(max, { message: tooLong }));
  return z.object({ zh: text, en: text });
};

/**
 * A word or exception: something must be left once spacing and punctuation
 * are squeezed out, and not a lone Latin letter or digit ("+v" squeezes to
 * "v", which would fire on every v in every draft).
 */
const Word = z.string().check(
  z.maxLength(LIMITS.wordLength, { message: 'word-too-long' }),
  z.superRefine((word, ctx) => {
    const normal = normalizeWord(word);
    if (normal === '') ctx.issues.push({ code: 'custom', message: 'word-empty', input: word });
    else if (normal.length === 1 && charClass(normal.charCodeAt(0)) !== 'other') {
      ctx.issues.push({ code: 'custom', message: 'word-too-short', input: word });
    }
  }),
);

export function regexProblem(source: string): 'regex-invalid' | 'regex-matches-empty' | undefined {
  let re: RegExp;
  try {
    re = new RegExp(source, REGEX_FLAGS);
  } catch {
    return 'regex-invalid';
  }
  // A regex that matches nothing at all would flag every draft at every position (or none, silently).
  return re.test('') ? 'regex-matches-empty' : undefined;
}

const Regex = z.string().check(
  z.minLength(1, { message: 'regex-invalid' }),
  z.maxLength(LIMITS.regexLength, { message: 'regex-too-long' }),
  z.superRefine((source, ctx) => {
    const problem = regexProblem(source);
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: source });
  }),
);

export const RulePatterns = z
  .object({
    /**
     * Matched after normalisation (normalize.ts): case, width, look-alike
     * letters and spacing tricks do not matter. Chinese words match anywhere;
     * a word starting or ending with a Latin letter or digit needs a boundary
     * there ("qq" does not fire inside "aqqb", "100%" not inside "1100%").
     */
    words: z.array(Word).check(z.maxLength(LIMITS.wordsPerRule, { message: 'too-many-words' })),
    /**
     * JavaScript regex sources, run with flags `giu` on the folded text:
     * lower-cased, half-width, look-alikes folded, invisible characters
     * removed, but spacing and punctuation left in place, so write [\s-]?
     * where a separator may be typed. Keep them linear: no nested quantifiers.
     */
    regexes: z.array(Regex).check(z.maxLength(LIMITS.regexesPerRule, { message: 'too-many-regexes' })),
  })
  .check(
    z.refine((p) => p.words.length + p.regexes.length > 0, { message: 'patterns-required', path: ['words'] }),
  );
export type RulePatterns = z.infer<typeof RulePatterns>;

export const Rule = z.object({
  id: Id,
  name: Bilingual('name-required', 'name-too-long', LIMITS.nameLength),
  category: RuleCategory,
  severity: Severity,
  /** Why it matters, shown to the agent beside the highlighted words. */
  explanation: Bilingual('explanation-required', 'explanation-too-long', LIMITS.explanationLength),
  patterns: RulePatterns,
  /**
   * Words that make a match harmless: a match is dropped when an exception
   * overlaps it ("最" in "最近", "第一" in "第一次"). Normalised like words.
   */
  exceptions: z._default(
    z.array(Word).check(z.maxLength(LIMITS.exceptionsPerRule, { message: 'too-many-exceptions' })),
    [],
  ),
  /** Consoles (adapter ids) the rule applies to; absent means every console. */
  platforms: z.optional(z.array(PlatformId)),
  /**
   * A softer wording to take instead of the matched words, in the language of
   * those words (it goes into the buyer's chat, so it is not translated):
   * "建议您查看一下" for "你自己看". Mostly for tone hints.
   */
  suggestion: z.optional(
    z.string().check(z.trim(), z.minLength(1, { message: 'suggestion-empty' }), z.maxLength(LIMITS.suggestionLength, { message: 'suggestion-too-long' })),
  ),
  enabled: z._default(z.boolean(), true),
});
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

export const RuleSet = z
  .object({
    id: Id,
    name: Bilingual('name-required', 'name-too-long', LIMITS.nameLength),
    /** What the set covers and what it does not, in both languages (the starter sets say it honestly). */
    coverage: z.optional(Bilingual('coverage-required', 'coverage-too-long', 2000)),
    /** Consoles the whole set applies to; absent means every console. Rules can narrow it further. */
    platforms: z.optional(z.array(PlatformId)),
    enabled: z._default(z.boolean(), true),
    rules: z.array(Rule).check(z.maxLength(LIMITS.rulesPerSet, { message: 'too-many-rules' })),
  })
  .check(
    z.superRefine((set, ctx) => {
      const seen = new Set<string>();
      set.rules.forEach((rule, i) => {
        if (seen.has(rule.id)) ctx.issues.push({ code: 'custom', message: 'duplicate-rule-id', input: rule.id, path: ['rules', i, 'id'] });
        seen.add(rule.id);
      });
    }),
  );
export type RuleSet = z.infer<typeof RuleSet>;
export type RuleSetInput = z.input<typeof RuleSet>;

export const RULES_FORMAT = 'kefu-compliance-rules';
export const RULES_FORMAT_VERSION = 1;

/** The import/export file: versioned so a later shape can migrate an older file instead of rejecting it. */
export const RuleExport = z
  .object({
    format: z.literal(RULES_FORMAT),
    version: z.literal(RULES_FORMAT_VERSION),
    exportedAt: z.iso.datetime(),
    ruleSets: z.array(RuleSet).check(z.maxLength(LIMITS.ruleSets, { message: 'too-many-rule-sets' })),
  })
  .check(
    z.superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.ruleSets.forEach((set, i) => {
        if (seen.has(set.id)) ctx.issues.push({ code: 'custom', message: 'duplicate-rule-set-id', input: set.id, path: ['ruleSets', i, 'id'] });
        seen.add(set.id);
      });
    }),
  );
export type RuleExport = z.infer<typeof RuleExport>;

/** Parses one rule set (e.g. from the editor) or throws a 'validation' AppError naming each bad field. */
export function parseRuleSet(input: unknown): RuleSet {
  const parsed = z.safeParse(RuleSet, input);
  if (parsed.success) return parsed.data;
  throw validationError('The rule set', parsed.error.issues, input);
}

/** Parses one rule (e.g. from the workbench's rule form) or throws a 'validation' AppError keyed by the rule's field paths. */
export function parseRule(input: unknown): Rule {
  const parsed = z.safeParse(Rule, input);
  if (parsed.success) return parsed.data;
  throw validationError('The rule', parsed.error.issues, input);
}

/** The export file's text (pretty JSON) for `ruleSets`. */
export function exportRuleSets(ruleSets: readonly RuleSet[], now: Date = new Date()): string {
  const file: RuleExport = z.parse(RuleExport, {
    format: RULES_FORMAT,
    version: RULES_FORMAT_VERSION,
    exportedAt: now.toISOString(),
    ruleSets,
  });
  return `${JSON.stringify(file, null, 2)}\n`;
}

/**
 * The rule sets in an export file's text. Throws a 'validation' AppError
 * whose message says what is wrong and where (the path of each bad field, and
 * the rule's id), and whose `fields` map those paths to i18n keys
 * (messages.ts). Nothing is partly imported: the file is valid or rejected.
 */
export function parseRuleExport(text: string): RuleSet[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw fileError('export-not-json');
  }
  if (!json || typeof json !== 'object' || (json as { format?: unknown }).format !== RULES_FORMAT) {
    throw fileError('export-wrong-format');
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > RULES_FORMAT_VERSION) throw fileError('export-newer-version');
  const parsed = z.safeParse(RuleExport, json);
  if (parsed.success) return parsed.data.ruleSets;
  throw validationError('The rules file', parsed.error.issues, json);
}

function fileError(key: ComplianceErrorKey): AppError {
  return new AppError('validation', complianceErrorsEn[key], { file: key });
}

const MAX_LISTED = 5;

function validationError(what: string, issues: readonly z.core.$ZodIssue[], input: unknown): AppError {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join('.') || 'form';
    fields[key] ??= issueKey(issue);
  }
  const entries = Object.entries(fields);
  const listed = entries.slice(0, MAX_LISTED).map(([path, key]) => `${describePath(path, input)}: ${explain(key)}`);
  const more = entries.length > MAX_LISTED ? ` (and ${entries.length - MAX_LISTED} more)` : '';
  return new AppError('validation', `${what} has invalid fields. ${listed.join(' ')}${more}`, fields);
}

function issueKey(issue: z.core.$ZodIssue): string {
  if (/^[a-z-]+$/.test(issue.message) && issue.message in complianceErrorsEn) return issue.message;
  if (issue.code === 'invalid_value' || issue.code === 'invalid_type' || issue.code === 'invalid_format') {
    const last = issue.path[issue.path.length - 1];
    if (last === 'category') return 'category-invalid';
    if (last === 'severity') return 'severity-invalid';
  }
  return 'invalid';
}

function explain(key: string): string {
  return key in complianceErrorsEn ? complianceErrorsEn[key as ComplianceErrorKey] : key;
}

/** "ruleSets.0.rules.3.patterns.regexes.1" plus the rule's id where there is one, so a supervisor can find it. */
function describePath(path: string, input: unknown): string {
  const parts = path.split('.');
  let node: unknown = input;
  let ruleId: string | undefined;
  for (const part of parts) {
    if (!node || typeof node !== 'object') break;
    node = (node as Record<string, unknown>)[part];
    const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
    if (typeof id === 'string') ruleId = id;
  }
  return ruleId ? `${path} (“${ruleId}”)` : path;
}
