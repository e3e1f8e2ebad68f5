import * as z from 'zod';
import { AppError } from '../errors';
import { compileRules, highestSeverity } from '../compliance/matcher';
import { complianceErrorsEn } from '../compliance/messages';
import { parseRule, parseRuleExport, parseRuleSet, exportRuleSets, type Rule, type RuleInput, type RuleSet } from '../compliance/rules';
import { starterRuleSets } from '../compliance/starter-rules';
import type { KefuDatabase } from './database';
import { newId } from './ids';
import type { WriteOptions } from './replies';

/**
 * Repository for compliance rule sets (合规规则): the only write path to
 * `db.ruleSets`. A stored row wraps the engine's RuleSet (lib/compliance/
 * rules.ts, which validates it) with the sync fields; `enabled` on the row is
 * the switch the agent and supervisor use, and is copied into the wrapped set
 * so the matcher and exports see the same. Every write validates first and
 * runs in a transaction: a bad edit or file stores nothing.
 */

export const ruleSetErrorsZh = {
  'rule-set-not-found': '这组规则不存在（可能已被删除），请刷新后再试。',
  'rule-not-found': '规则组里没有这条规则，请刷新后再试。',
  'pattern-not-found': '这条规则里没有这个词或正则。',
  'pattern-exists': '这条规则里已经有这个词或正则了。',
} as const;
export type RuleSetErrorKey = keyof typeof ruleSetErrorsZh;
export const ruleSetErrorsEn: Record<RuleSetErrorKey, string> = {
  'rule-set-not-found': 'This rule set does not exist (it may have been deleted): refresh and try again.',
  'rule-not-found': 'The rule set has no such rule: refresh and try again.',
  'pattern-not-found': 'This rule has no such word or regex.',
  'pattern-exists': 'This rule already has this word or regex.',
};

/** The sync fields around an engine rule set; `ruleSet` is validated by the engine's parseRuleSet. */
export const StoredRuleSetMeta = z.object({
  id: z.string().min(1),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  deletedAt: z.number().int().nonnegative().optional(),
  author: z.string().max(60),
  enabled: z.boolean(),
  /** The built-in set this row was seeded from ('starter-zh'): never seeded twice. */
  starterId: z.string().optional(),
  lang: z.enum(['zh', 'en']).optional(),
});
export type StoredRuleSet = z.infer<typeof StoredRuleSetMeta> & { ruleSet: RuleSet };

/** Which list of a rule an edit touches. */
export type PatternKind = 'word' | 'regex' | 'exception';

function notFound(key: RuleSetErrorKey, what: string): AppError {
  return new AppError('not-found', `${what}: ${ruleSetErrorsEn[key]}`, { form: key });
}

/** Validates the whole row (meta with zod, the set with the engine's schema) before it is stored. */
function validRow(row: StoredRuleSet): StoredRuleSet {
  const meta = StoredRuleSetMeta.safeParse(row);
  if (!meta.success) throw new AppError('validation', `The rule set record is invalid: ${meta.error.issues[0]?.message ?? ''}`, { form: 'invalid' });
  const ruleSet = parseRuleSet({ ...row.ruleSet, enabled: meta.data.enabled });
  return { ...meta.data, ruleSet };
}

/** Live rule sets, built-in first, then by name. */
export async function listRuleSets(db: KefuDatabase): Promise<StoredRuleSet[]> {
  const rows = await db.ruleSets.toArray();
  return rows
    .filter((r) => r.deletedAt === undefined)
    .sort((a, b) => Number(a.starterId === undefined) - Number(b.starterId === undefined) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** The engine's rule sets of the live rows, each with the row's switch: what compileRules takes. */
export function engineRuleSets(rows: readonly StoredRuleSet[]): RuleSet[] {
  return rows.filter((r) => r.deletedAt === undefined).map((r) => ({ ...r.ruleSet, enabled: r.enabled }));
}

/**
 * Whether `text` matches a `block` rule of the enabled sets for this console
 * (adapter id): a shortcut code expanding to it is not typed into the chat box.
 */
export async function breaksRules(db: KefuDatabase, text: string, platform?: string): Promise<boolean> {
  const matcher = compileRules(engineRuleSets(await listRuleSets(db)));
  return highestSeverity(matcher.check(text, platform ? { platform } : {})) === 'block';
}

async function getLive(db: KefuDatabase, id: string): Promise<StoredRuleSet> {
  const row = await db.ruleSets.get(id);
  if (row === undefined || row.deletedAt !== undefined) throw notFound('rule-set-not-found', `Rule set ${id}`);
  return row;
}

const nextUpdatedAt = (row: StoredRuleSet, now: number): number => Math.max(now, row.updatedAt + 1);

/**
 * Adds the built-in rule sets (Chinese and English: both are checked on every
 * draft) that were never seeded. Idempotent: a set seeded once, even if later
 * deleted, is not added again. Returns how many were added.
 */
export async function seedStarterRuleSets(db: KefuDatabase, opts: WriteOptions): Promise<number> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.ruleSets, async () => {
    const seeded = new Set<string>();
    await db.ruleSets.each((r) => {
      if (r.starterId !== undefined) seeded.add(r.starterId);
    });
    let n = 0;
    for (const set of starterRuleSets) {
      if (seeded.has(set.id)) continue;
      const row = validRow({
        id: newId(),
        createdAt: now + n,
        updatedAt: now + n,
        author: opts.author,
        enabled: set.enabled,
        starterId: set.id,
        lang: set.id.endsWith('-en') ? 'en' : 'zh',
        ruleSet: set,
      });
      await db.ruleSets.add(row);
      n++;
    }
    return n;
  });
}

/** Switches a rule set on or off. */
export async function setRuleSetEnabled(db: KefuDatabase, id: string, enabled: boolean, opts: WriteOptions): Promise<StoredRuleSet> {
  return db.transaction('rw', db.ruleSets, async () => {
    const row = await getLive(db, id);
    const next = validRow({ ...row, enabled, updatedAt: nextUpdatedAt(row, opts.now ?? Date.now()), author: opts.author });
    await db.ruleSets.put(next);
    return next;
  });
}

const LIST: Record<PatternKind, (rule: Rule) => string[]> = {
  word: (rule) => rule.patterns.words,
  regex: (rule) => rule.patterns.regexes,
  exception: (rule) => rule.exceptions,
};

function withList(rule: Rule, kind: PatternKind, list: string[]): Rule {
  if (kind === 'exception') return { ...rule, exceptions: list };
  return { ...rule, patterns: { ...rule.patterns, [kind === 'word' ? 'words' : 'regexes']: list } };
}

async function editRule(
  db: KefuDatabase,
  id: string,
  ruleId: string,
  opts: WriteOptions,
  edit: (rule: Rule) => Rule,
): Promise<StoredRuleSet> {
  return db.transaction('rw', db.ruleSets, async () => {
    const row = await getLive(db, id);
    const index = row.ruleSet.rules.findIndex((r) => r.id === ruleId);
    if (index < 0) throw notFound('rule-not-found', `Rule ${ruleId}`);
    const rules = row.ruleSet.rules.map((r, i) => (i === index ? edit(r) : r));
    // The engine's schema checks the new word or regex (empty, too short, invalid, too many…).
    const next = validRow({ ...row, ruleSet: { ...row.ruleSet, rules }, updatedAt: nextUpdatedAt(row, opts.now ?? Date.now()), author: opts.author });
    await db.ruleSets.put(next);
    return next;
  });
}

/** Adds a word, regex or exception to one rule. */
export async function addRulePattern(db: KefuDatabase, id: string, ruleId: string, kind: PatternKind, value: string, opts: WriteOptions): Promise<StoredRuleSet> {
  const wanted = kind === 'regex' ? value : value.trim();
  return editRule(db, id, ruleId, opts, (rule) => {
    const list = LIST[kind](rule);
    if (list.includes(wanted)) throw new AppError('validation', `${wanted}: ${ruleSetErrorsEn['pattern-exists']}`, { [kind]: 'pattern-exists' });
    return withList(rule, kind, [...list, wanted]);
  });
}

/** Removes a word, regex or exception from one rule (a rule keeps at least one word or regex). */
export async function removeRulePattern(db: KefuDatabase, id: string, ruleId: string, kind: PatternKind, value: string, opts: WriteOptions): Promise<StoredRuleSet> {
  return editRule(db, id, ruleId, opts, (rule) => {
    const list = LIST[kind](rule);
    if (!list.includes(value)) throw new AppError('not-found', `${value}: ${ruleSetErrorsEn['pattern-not-found']}`, { [kind]: 'pattern-not-found' });
    return withList(rule, kind, list.filter((w) => w !== value));
  });
}

/** The export file (the engine's versioned format) of every live rule set. */
export async function exportRuleSetsFile(db: KefuDatabase, now: Date = new Date()): Promise<string> {
  return exportRuleSets(engineRuleSets(await listRuleSets(db)), now);
}

/**
 * Imports an export file: a set whose id matches a live set replaces its
 * rules (keeping the row, its id and its switch from the file), any other is
 * added. The file is parsed whole first: a bad file throws the engine's
 * 'validation' AppError saying what to fix, and nothing is written.
 */
export async function importRuleSetsFile(db: KefuDatabase, text: string, opts: WriteOptions): Promise<{ added: number; replaced: number }> {
  return importRuleSets(db, parseRuleExport(text), opts);
}

/** What a supervisor edits about a set itself (its rules are edited one by one). */
export interface RuleSetHeader {
  name: { zh: string; en: string };
  coverage?: { zh: string; en: string };
  /** Adapter ids the set applies to; empty or absent means every console. */
  platforms?: string[];
}

/** A set's id in the engine (and in export files): readable, unique among the live sets. */
function freshSetId(live: readonly StoredRuleSet[]): string {
  const taken = new Set(live.map((r) => r.ruleSet.id));
  for (let n = live.length + 1; ; n++) if (!taken.has(`set-${n}`)) return `set-${n}`;
}

const headerOf = (header: RuleSetHeader) => ({
  name: header.name,
  ...(header.coverage && (header.coverage.zh.trim() || header.coverage.en.trim()) ? { coverage: header.coverage } : {}),
  ...(header.platforms && header.platforms.length > 0 ? { platforms: header.platforms } : {}),
});

/** A new, empty-of-rules, enabled rule set: rules are added to it one by one (saveRule). */
export async function createRuleSet(db: KefuDatabase, header: RuleSetHeader, opts: WriteOptions): Promise<StoredRuleSet> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.ruleSets, async () => {
    const live = await listRuleSets(db);
    const row = validRow({
      id: newId(),
      createdAt: now,
      updatedAt: now,
      author: opts.author,
      enabled: true,
      ruleSet: { id: freshSetId(live), ...headerOf(header), enabled: true, rules: [] },
    });
    await db.ruleSets.add(row);
    return row;
  });
}

/** Changes a set's name, coverage note and consoles; its rules and switch stay. */
export async function updateRuleSetHeader(db: KefuDatabase, id: string, header: RuleSetHeader, opts: WriteOptions): Promise<StoredRuleSet> {
  return db.transaction('rw', db.ruleSets, async () => {
    const row = await getLive(db, id);
    const { id: setId, enabled, rules } = row.ruleSet;
    const next = validRow({ ...row, ruleSet: { id: setId, enabled, rules, ...headerOf(header) }, updatedAt: nextUpdatedAt(row, opts.now ?? Date.now()), author: opts.author });
    await db.ruleSets.put(next);
    return next;
  });
}

/** Deletes a set: a tombstone (deletedAt), so sync can pass the deletion on. A built-in set is not seeded again. */
export async function deleteRuleSet(db: KefuDatabase, id: string, opts: WriteOptions): Promise<void> {
  await db.transaction('rw', db.ruleSets, async () => {
    const row = await getLive(db, id);
    const now = Math.max(opts.now ?? Date.now(), row.updatedAt + 1);
    await db.ruleSets.put({ ...row, deletedAt: now, updatedAt: now, author: opts.author });
  });
}

/**
 * Adds a rule to a set, or replaces the rule with the same id. `previousId`
 * names the rule being edited when its id changes. The rule is checked alone
 * first (errors keyed by the rule's own fields: `patterns.regexes.1`), then
 * within its set (a duplicate id).
 */
export async function saveRule(db: KefuDatabase, id: string, input: RuleInput, opts: WriteOptions & { previousId?: string }): Promise<StoredRuleSet> {
  const rule = parseRule(input);
  return db.transaction('rw', db.ruleSets, async () => {
    const row = await getLive(db, id);
    const editing = opts.previousId ?? rule.id;
    const index = row.ruleSet.rules.findIndex((r) => r.id === editing);
    if (opts.previousId !== undefined && index < 0) throw notFound('rule-not-found', `Rule ${opts.previousId}`);
    if (row.ruleSet.rules.some((r, i) => r.id === rule.id && i !== index)) {
      throw new AppError('validation', `${rule.id}: ${complianceErrorsEn['duplicate-rule-id']}`, { id: 'duplicate-rule-id' });
    }
    const rules = index < 0 ? [...row.ruleSet.rules, rule] : row.ruleSet.rules.map((r, i) => (i === index ? rule : r));
    const next = validRow({ ...row, ruleSet: { ...row.ruleSet, rules }, updatedAt: nextUpdatedAt(row, opts.now ?? Date.now()), author: opts.author });
    await db.ruleSets.put(next);
    return next;
  });
}

/** Removes one rule from a set. */
export async function deleteRule(db: KefuDatabase, id: string, ruleId: string, opts: WriteOptions): Promise<StoredRuleSet> {
  return db.transaction('rw', db.ruleSets, async () => {
    const row = await getLive(db, id);
    if (!row.ruleSet.rules.some((r) => r.id === ruleId)) throw notFound('rule-not-found', `Rule ${ruleId}`);
    const rules = row.ruleSet.rules.filter((r) => r.id !== ruleId);
    const next = validRow({ ...row, ruleSet: { ...row.ruleSet, rules }, updatedAt: nextUpdatedAt(row, opts.now ?? Date.now()), author: opts.author });
    await db.ruleSets.put(next);
    return next;
  });
}

/** What an import would do to each set in the file, shown before anything is written. */
export interface ImportPreviewItem {
  ruleSetId: string;
  name: { zh: string; en: string };
  rules: number;
  action: 'add' | 'replace';
  /** Rules of the live set the import would drop (replace only). */
  rulesRemoved: number;
}

export async function previewRuleSetsImport(db: KefuDatabase, sets: readonly RuleSet[]): Promise<ImportPreviewItem[]> {
  const live = await listRuleSets(db);
  return sets.map((set) => {
    const existing = live.find((r) => r.ruleSet.id === set.id);
    const kept = new Set(set.rules.map((r) => r.id));
    return {
      ruleSetId: set.id,
      name: set.name,
      rules: set.rules.length,
      action: existing ? 'replace' : 'add',
      rulesRemoved: existing ? existing.ruleSet.rules.filter((r) => !kept.has(r.id)).length : 0,
    };
  });
}

/**
 * Imports parsed rule sets (from a JSON export or a CSV file), all or none: a
 * set whose id matches a live set replaces it (the row, its id and history
 * stay), any other is added.
 */
export async function importRuleSets(db: KefuDatabase, sets: readonly RuleSet[], opts: WriteOptions): Promise<{ added: number; replaced: number }> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', db.ruleSets, async () => {
    const live = await listRuleSets(db);
    let added = 0;
    let replaced = 0;
    for (const set of sets) {
      const existing = live.find((r) => r.ruleSet.id === set.id);
      if (existing) {
        await db.ruleSets.put(validRow({ ...existing, enabled: set.enabled, ruleSet: set, updatedAt: nextUpdatedAt(existing, now), author: opts.author }));
        replaced++;
      } else {
        await db.ruleSets.add(validRow({ id: newId(), createdAt: now + added, updatedAt: now + added, author: opts.author, enabled: set.enabled, ruleSet: set }));
        added++;
      }
    }
    return { added, replaced };
  });
}
