import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { compileRules, type ComplianceMatch, type ComplianceMatcher } from '@/lib/compliance/matcher';
import type { KefuDatabase } from '@/lib/db/database';
import { engineRuleSets, listRuleSets, type StoredRuleSet } from '@/lib/db/rule-sets';

/**
 * The live rule sets and their matcher: compiled once per change of the
 * ruleSets table (a switch, an edit, an import), not per draft or keystroke.
 * `matcher` is undefined until the table has been read.
 */
export function useCompliance(db: KefuDatabase): { ruleSets: StoredRuleSet[] | undefined; matcher: ComplianceMatcher | undefined } {
  const ruleSets = useLiveQuery(() => listRuleSets(db), [db]);
  const matcher = useMemo(() => (ruleSets ? compileRules(engineRuleSets(ruleSets)) : undefined), [ruleSets]);
  return { ruleSets, matcher };
}

/** The matcher now, from the hook's or compiled from the table when the hook has not read it yet. */
export async function currentMatcher(db: KefuDatabase, matcher: ComplianceMatcher | undefined): Promise<ComplianceMatcher> {
  return matcher ?? compileRules(engineRuleSets(await listRuleSets(db)));
}

/** The matched stretches of text, each once, in order: "微信、VX". */
export function matchedWords(matches: readonly ComplianceMatch[], sep = '、'): string {
  return [...new Set(matches.map((m) => m.text))].join(sep);
}
