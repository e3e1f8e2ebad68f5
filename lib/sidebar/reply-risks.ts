import type { ComplianceMatch, ComplianceMatcher } from '../compliance/matcher';
import type { Reply } from '../db/records';
import { sameStrings } from '../same-strings';

/**
 * Each reply's compliance matches (the sidebar list's badges), worked out
 * again only for replies whose wording changed, or for all when the rules did.
 * The live reply list is read again at every write to the table: an insertion
 * (its usage count), each page of a first sync. Checking 20,000 replies again
 * each time stalled the sidebar for about a second.
 */
export class ReplyRisks {
  private matcher: ComplianceMatcher | undefined;
  private byId = new Map<string, { body: string; variants: readonly string[]; risks: ComplianceMatch[] }>();

  /** The matches of every reply in `replies` under `matcher` (none without one). */
  update(replies: readonly Reply[], matcher: ComplianceMatcher | undefined): Map<string, ComplianceMatch[]> {
    if (matcher !== this.matcher) {
      this.matcher = matcher;
      this.byId = new Map();
    }
    const risks = new Map<string, ComplianceMatch[]>();
    if (!matcher) return risks;
    const next = new Map<string, { body: string; variants: readonly string[]; risks: ComplianceMatch[] }>();
    for (const r of replies) {
      const known = this.byId.get(r.id);
      const entry =
        known && known.body === r.body && sameStrings(known.variants, r.variants)
          ? known
          : { body: r.body, variants: r.variants, risks: [r.body, ...r.variants].flatMap((text) => matcher.check(text)) };
      next.set(r.id, entry);
      risks.set(r.id, entry.risks);
    }
    // Only the listed replies are kept: a deleted one's entry goes with it.
    this.byId = next;
    return risks;
  }
}
