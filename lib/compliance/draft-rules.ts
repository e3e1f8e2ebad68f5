import * as z from 'zod/mini';
import { normalizeWord } from './normalize';
import type { RuleSet } from './rules';

/**
 * The live check of the agent's own draft (optional, settings) runs in the
 * content script, so the draft never leaves the page's tab: not to the
 * background, not to the sidebar, not anywhere. The rules come the other
 * way, compiled in the extension origin into this compact form for one
 * console: enabled rules only, words already normalised, no texts beyond the
 * severity and category. The content script's matcher (draft-matcher.ts) is
 * small; the engine (matcher.ts, rules.ts with its zod schemas and messages)
 * stays out of it.
 */
export const DraftRules = z.object({
  severities: z.array(z.enum(['block', 'warn', 'hint'])),
  words: z.array(z.object({ word: z.string().check(z.minLength(1)), rule: z.number(), exception: z.boolean() })),
  regexes: z.array(z.object({ source: z.string(), rule: z.number() })),
});
export type DraftRules = z.infer<typeof DraftRules>;

/** The enabled rules of `ruleSets` that apply on `platform` (an adapter id), compacted. */
export function compactRules(ruleSets: readonly RuleSet[], platform: string): DraftRules {
  const out: DraftRules = { severities: [], words: [], regexes: [] };
  for (const set of ruleSets) {
    if (!set.enabled || (set.platforms && !set.platforms.includes(platform))) continue;
    for (const rule of set.rules) {
      if (!rule.enabled || (rule.platforms && !rule.platforms.includes(platform))) continue;
      const index = out.severities.length;
      out.severities.push(rule.severity);
      for (const w of rule.patterns.words) {
        const word = normalizeWord(w);
        if (word) out.words.push({ word, rule: index, exception: false });
      }
      for (const w of rule.exceptions) {
        const word = normalizeWord(w);
        if (word) out.words.push({ word, rule: index, exception: true });
      }
      for (const source of rule.patterns.regexes) out.regexes.push({ source, rule: index });
    }
  }
  return out;
}
