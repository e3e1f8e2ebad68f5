import { charClass, normalize, originalRange, type CharClass } from './normalize';
import type { DraftRules } from './draft-rules';

/**
 * The content script's matcher for the live draft check: the same matching
 * as matcher.ts (normalised words with Latin word boundaries, regexes on the
 * folded text, exceptions suppressing the matches of their rule they
 * overlap) on the compact rules of draft-rules.ts, answering only what the
 * marker shows: the most severe level, or undefined. draft-matcher.test.ts
 * checks both matchers agree on every starter word.
 *
 * Words are found through an index by first character, not the engine's
 * Aho–Corasick library: modern-ahocorasick adds about 48 KB to a bundle,
 * which the content script's budget (README: under 30 KB gzip in all) cannot
 * take. With the index a check costs one map lookup per character of the
 * draft plus a startsWith per word sharing that character: well under a
 * millisecond on a chat-length draft with the starter sets, and the check
 * runs once the agent pauses, not per key (tests/bench/draft-check.bench.ts).
 */
export type DraftSeverity = 'block' | 'warn' | 'hint';

const RANK: Record<DraftSeverity, number> = { block: 0, warn: 1, hint: 2 };
/** The engine's flags for rule regexes (rules.ts REGEX_FLAGS). */
const FLAGS = 'giu';

interface Entry {
  refs: { rule: number; exception: boolean }[];
  first: CharClass;
  last: CharClass;
}

export interface DraftMatcher {
  check(text: string): DraftSeverity | undefined;
}

export function compileDraftRules(rules: DraftRules): DraftMatcher {
  const entries = new Map<string, Entry>();
  for (const { word, rule, exception } of rules.words) {
    let entry = entries.get(word);
    if (!entry) {
      const lastUnit = word.charCodeAt(word.length - 1);
      const last = lastUnit >= 0xdc00 && lastUnit <= 0xdfff && word.length > 1 ? word.codePointAt(word.length - 2)! : lastUnit;
      entry = { refs: [], first: charClass(word.codePointAt(0)!), last: charClass(last) };
      entries.set(word, entry);
    }
    entry.refs.push({ rule, exception });
  }
  // First UTF-16 unit → the words starting with it.
  const byFirst = new Map<string, { word: string; entry: Entry }[]>();
  for (const [word, entry] of entries) {
    let list = byFirst.get(word[0]!);
    if (!list) byFirst.set(word[0]!, (list = []));
    list.push({ word, entry });
  }
  const regexes: { re: RegExp; rule: number }[] = [];
  for (const { source, rule } of rules.regexes) {
    try {
      regexes.push({ re: new RegExp(source, FLAGS), rule });
    } catch {
      // Validated when saved; a regex this browser cannot compile is skipped, not fatal.
    }
  }

  return {
    check(text) {
      if (!text) return undefined;
      const view = normalize(text);
      const squeezed = view.squeezed;
      const hits: { rule: number; start: number; end: number }[] = [];
      const exceptions: { rule: number; start: number; end: number }[] = [];
      const s = squeezed.text;
      for (let start = 0; start < s.length; start++) {
        const candidates = byFirst.get(s[start]!);
        if (!candidates) continue;
        for (const { word, entry } of candidates) {
          if (!s.startsWith(word, start)) continue;
          const end = start + word.length;
          const before = start > 0 ? charClass(s.charCodeAt(start - 1)) : 'other';
          const after = end < s.length ? charClass(s.charCodeAt(end)) : 'other';
          if ((entry.first !== 'other' && before === entry.first) || (entry.last !== 'other' && after === entry.last)) continue;
          const range = originalRange(squeezed, start, end);
          for (const ref of entry.refs) (ref.exception ? exceptions : hits).push({ rule: ref.rule, ...range });
        }
      }
      const folded = view.folded;
      for (const { re, rule } of regexes) {
        re.lastIndex = 0;
        for (let m = re.exec(folded.text); m; m = re.exec(folded.text)) {
          if (m[0] === '') {
            re.lastIndex++;
            continue;
          }
          hits.push({ rule, ...originalRange(folded, m.index, m.index + m[0].length) });
        }
      }
      let best: DraftSeverity | undefined;
      for (const hit of hits) {
        if (exceptions.some((e) => e.rule === hit.rule && e.start < hit.end && hit.start < e.end)) continue;
        const severity = rules.severities[hit.rule]!;
        if (best === undefined || RANK[severity] < RANK[best]) best = severity;
      }
      return best;
    },
  };
}
