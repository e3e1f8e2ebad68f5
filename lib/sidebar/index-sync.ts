import type { Reply } from '../db/records';
import type { ReplyIndex, SearchableReply } from '../search';

/**
 * Keeps a search index in step with the live reply list by applying only what
 * changed (by id and updatedAt): rebuilding 20,000 entries on every insertion
 * (which bumps a usage count) would stall the sidebar.
 */
export function syncIndex(index: ReplyIndex, known: Map<string, number>, replies: readonly Reply[]): void {
  const seen = new Set<string>();
  for (const r of replies) {
    seen.add(r.id);
    if (known.get(r.id) === r.updatedAt) continue;
    index.upsert(toSearchable(r));
    known.set(r.id, r.updatedAt);
  }
  for (const id of [...known.keys()]) {
    if (!seen.has(id)) {
      index.remove(id);
      known.delete(id);
    }
  }
}

export function toSearchable(r: Reply): SearchableReply {
  return {
    id: r.id,
    title: r.title,
    body: [r.body, ...r.variants].join('\n'),
    code: r.code,
    tags: r.tags,
    group: r.group,
    pinned: r.pinned,
    usageCount: r.usageCount,
    lastUsedAt: r.lastUsedAt,
    sortKey: r.sortKey,
  };
}
