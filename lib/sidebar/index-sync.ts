import type { Reply } from '../db/records';
import type { ReplyIndex, SearchableReply } from '../search';

/**
 * Keeps a search index in step with the live reply list by applying only what
 * changed (by id and updatedAt; `replies` are a table's rows, so their ids are
 * unique): rebuilding 20,000 entries on every insertion
 * (which bumps a usage count) would stall the sidebar. `replies` come in the
 * library's order (listReplies): the index lists its groups in that order
 * where usage and recency tie.
 */
export function syncIndex(index: ReplyIndex, known: Map<string, number>, replies: readonly Reply[]): void {
  // Applied as two batches: one at a time, each change re-sorted the index's
  // 20k-entry order, so a bulk change of 2,000 replies cost 40M steps.
  const changed: SearchableReply[] = [];
  // The groups in the order they first appear: the list's own group order.
  const groups: string[] = [];
  const listed = new Set<string>();
  let group: string | undefined;
  for (const r of replies) {
    if (r.group !== group) {
      group = r.group;
      if (!listed.has(group)) {
        listed.add(group);
        groups.push(group);
      }
    }
    if (known.get(r.id) === r.updatedAt) continue;
    changed.push(toSearchable(r));
    known.set(r.id, r.updatedAt);
  }
  // Every listed id is known now (ids are unique), so unless known has more,
  // nothing vanished and the ids need not be collected (twice per change at 20k).
  const gone: string[] = [];
  if (known.size > replies.length) {
    const seen = new Set(replies.map((r) => r.id));
    for (const id of known.keys()) if (!seen.has(id)) gone.push(id);
    for (const id of gone) known.delete(id);
  }
  index.setGroupOrder(groups);
  if (changed.length > 0) index.upsertMany(changed);
  if (gone.length > 0) index.removeMany(gone);
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
