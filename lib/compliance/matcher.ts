/**
 * The compliance and tone matcher (合规与话术规范检查): compile rule sets once,
 * then check any number of drafts against them.
 *
 * ```ts
 * import { compileRules, highestSeverity, applySuggestion } from '@/lib/compliance/matcher';
 * import { starterRuleSets } from '@/lib/compliance/starter-rules';
 *
 * const matcher = compileRules(starterRuleSets);           // ~1 s for 10,000 rules: do it once, keep it
 * const matches = matcher.check(draft, { platform: 'feige' }); // ~0.4 ms on a 500-character draft
 * highestSeverity(matches);                                // 'block' | 'warn' | 'hint' | undefined
 * for (const m of matches) draft.slice(m.start, m.end);    // the words to highlight, as the agent typed them
 * applySuggestion(draft, m);                               // the draft with m's softer wording, when it has one
 * ```
 *
 * `check(text, { platform })` returns one `ComplianceMatch` per rule and
 * stretch of text, sorted by position then severity: `start`/`end` are UTF-16
 * offsets into the text as given (ready for `slice` and for highlighting),
 * `text` is that slice, `words` the rule's words or regexes that fired, and
 * the rule's category, severity, name, explanation and suggestion come along
 * so the UI needs nothing else. `platform` is an adapter id: rules and rule
 * sets limited to other consoles are skipped; without it every enabled rule
 * applies (a reply in the library can be used on any console). The text is
 * never modified and never leaves the caller.
 *
 * How it matches:
 * - Words and exceptions go into one Aho–Corasick automaton
 *   (modern-ahocorasick) over the squeezed view of the draft (normalize.ts:
 *   full-width → half-width, lower case, look-alike letters, zero-width
 *   characters and the spacing tricks in 微 信 / v x / w.e.c.h.a.t removed),
 *   so the cost of a check hardly grows with the number of words.
 * - Chinese has no word boundaries, so Chinese words match anywhere. A word
 *   that starts (ends) with a Latin letter needs a non-letter before (after)
 *   it, and one that starts (ends) with a digit a non-digit: "qq" does not fire
 *   in "aqqb" but does in "qq123456" and "加qq".
 * - Regexes run one by one on the folded view (spacing kept), so their cost
 *   grows with their number: use words where a word will do.
 * - An exception of a rule suppresses each match of that rule it overlaps:
 *   "最近" suppresses the "最" in "最近发货", not the one in "最近最好".
 * - Matches of one rule that overlap merge into one (for one highlight).
 */
import AhoCorasick from 'modern-ahocorasick';
import { charClass, normalize, normalizeWord, originalRange, type CharClass, type TextView } from './normalize';
import { REGEX_FLAGS, SEVERITY_RANK, type Rule, type RuleCategory, type RuleSet, type Severity } from './rules';

export interface ComplianceMatch {
  /** Where the matched words are in the checked text: UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
  /** `text.slice(start, end)` of the checked text. */
  text: string;
  /** The rule's words (as written in the rule) or regex sources that fired here. */
  words: string[];
  ruleSetId: string;
  ruleId: string;
  category: RuleCategory;
  severity: Severity;
  name: { zh: string; en: string };
  explanation: { zh: string; en: string };
  /** A softer wording to replace `text` with (see applySuggestion). */
  suggestion?: string;
}

export interface CheckOptions {
  /** The console's adapter id; omitted, rules of every console apply. */
  platform?: string;
}

export interface ComplianceMatcher {
  check(text: string, options?: CheckOptions): ComplianceMatch[];
  /** Enabled rules compiled in. */
  readonly ruleCount: number;
  /** Distinct normalised words and exceptions in the automaton. */
  readonly wordCount: number;
  /** Regexes compiled in (each costs a pass over the draft). */
  readonly regexCount: number;
}

interface CompiledRule {
  ruleSetId: string;
  rule: Rule;
  /** Consoles the rule applies to: the set's and the rule's lists both have to allow one; null means all. */
  platforms: readonly (ReadonlySet<string> | null)[];
}

interface WordRef {
  rule: number;
  exception: boolean;
  /** The word as written in the rule. */
  word: string;
}

interface WordEntry {
  refs: WordRef[];
  first: CharClass;
  last: CharClass;
}

interface Hit {
  rule: number;
  start: number;
  end: number;
  word: string;
}

/** Compiles every enabled rule of every enabled set. Rule sets are assumed parsed (rules.ts). */
export function compileRules(ruleSets: readonly RuleSet[]): ComplianceMatcher {
  const rules: CompiledRule[] = [];
  const entries = new Map<string, WordEntry>();
  const regexes: { rule: number; re: RegExp }[] = [];

  const addWord = (word: string, ref: WordRef) => {
    const normal = normalizeWord(word);
    if (!normal) return;
    let entry = entries.get(normal);
    if (!entry) {
      entry = { refs: [], first: charClass(normal.codePointAt(0)!), last: charClass(lastCodePoint(normal)) };
      entries.set(normal, entry);
    }
    entry.refs.push(ref);
  };

  for (const set of ruleSets) {
    if (!set.enabled) continue;
    const setPlatforms = set.platforms ? new Set(set.platforms) : null;
    for (const rule of set.rules) {
      if (!rule.enabled) continue;
      const index = rules.length;
      rules.push({ ruleSetId: set.id, rule, platforms: [setPlatforms, rule.platforms ? new Set(rule.platforms) : null] });
      for (const word of rule.patterns.words) addWord(word, { rule: index, exception: false, word });
      for (const word of rule.exceptions) addWord(word, { rule: index, exception: true, word });
      for (const source of rule.patterns.regexes) regexes.push({ rule: index, re: new RegExp(source, REGEX_FLAGS) });
    }
  }

  const automaton = new AhoCorasick([...entries].map(([pattern, data]) => ({ pattern, data })));

  const applies = (rule: number, platform: string | undefined): boolean =>
    platform === undefined || rules[rule]!.platforms.every((allowed) => allowed === null || allowed.has(platform));

  function check(text: string, options: CheckOptions = {}): ComplianceMatch[] {
    const { platform } = options;
    if (!text) return [];
    const normalized = normalize(text);
    const squeezed = normalized.squeezed;
    const hits: Hit[] = [];
    const exceptions = new Map<number, { start: number; end: number }[]>();

    for (const found of automaton.search(squeezed.text)) {
      const entry = found.data!;
      if (!hasBoundaries(squeezed, found.start, found.end, entry)) continue;
      const range = originalRange(squeezed, found.start, found.end);
      for (const ref of entry.refs) {
        if (!applies(ref.rule, platform)) continue;
        if (ref.exception) {
          let list = exceptions.get(ref.rule);
          if (!list) exceptions.set(ref.rule, (list = []));
          list.push(range);
        } else {
          hits.push({ rule: ref.rule, ...range, word: ref.word });
        }
      }
    }

    const folded = normalized.folded;
    for (const { rule, re } of regexes) {
      if (!applies(rule, platform)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(folded.text); m; m = re.exec(folded.text)) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        hits.push({ rule, ...originalRange(folded, m.index, m.index + m[0].length), word: re.source });
      }
    }

    const kept = hits.filter((hit) => !exceptions.get(hit.rule)?.some((e) => e.start < hit.end && hit.start < e.end));
    return merge(kept, rules, text);
  }

  return { check, ruleCount: rules.length, wordCount: entries.size, regexCount: regexes.length };
}

function lastCodePoint(s: string): number {
  const last = s.codePointAt(s.length - 1)!;
  return last >= 0xdc00 && last <= 0xdfff && s.length > 1 ? s.codePointAt(s.length - 2)! : last;
}

/** A Latin word needs a different kind of character (or the edge) on each side; Chinese needs nothing. */
function hasBoundaries(view: TextView, start: number, end: number, entry: WordEntry): boolean {
  if (entry.first !== 'other' && start > 0 && charClass(view.text.charCodeAt(start - 1)) === entry.first) return false;
  if (entry.last !== 'other' && end < view.text.length && charClass(view.text.charCodeAt(end)) === entry.last) return false;
  return true;
}

/** One match per rule and overlapping stretch, sorted by position, then most severe first. */
function merge(hits: Hit[], rules: readonly CompiledRule[], text: string): ComplianceMatch[] {
  hits.sort((a, b) => a.rule - b.rule || a.start - b.start || b.end - a.end);
  const matches: ComplianceMatch[] = [];
  let current: ComplianceMatch | undefined;
  let currentRule = -1;
  for (const hit of hits) {
    if (current && hit.rule === currentRule && hit.start < current.end) {
      current.end = Math.max(current.end, hit.end);
      if (!current.words.includes(hit.word)) current.words.push(hit.word);
      continue;
    }
    const { ruleSetId, rule } = rules[hit.rule]!;
    current = {
      start: hit.start,
      end: hit.end,
      text: '',
      words: [hit.word],
      ruleSetId,
      ruleId: rule.id,
      category: rule.category,
      severity: rule.severity,
      name: rule.name,
      explanation: rule.explanation,
      ...(rule.suggestion === undefined ? {} : { suggestion: rule.suggestion }),
    };
    currentRule = hit.rule;
    matches.push(current);
  }
  for (const match of matches) match.text = text.slice(match.start, match.end);
  return matches.sort(
    (a, b) => a.start - b.start || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.end - b.end || a.ruleId.localeCompare(b.ruleId),
  );
}

/** The most severe level among `matches` (for a reply's badge), or undefined when there are none. */
export function highestSeverity(matches: readonly ComplianceMatch[]): Severity | undefined {
  let best: Severity | undefined;
  for (const m of matches) if (best === undefined || SEVERITY_RANK[m.severity] < SEVERITY_RANK[best]) best = m.severity;
  return best;
}

/**
 * `text` with `match`'s words replaced by its rule's suggestion (the one-click
 * softer wording). Undefined when the rule has no suggestion, or when `text`
 * no longer holds the matched words at that place (the draft changed since the
 * check: check again rather than replace the wrong words).
 */
export function applySuggestion(text: string, match: ComplianceMatch): string | undefined {
  if (match.suggestion === undefined || text.slice(match.start, match.end) !== match.text) return undefined;
  return text.slice(0, match.start) + match.suggestion + text.slice(match.end);
}
