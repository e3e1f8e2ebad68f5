import type { Reply } from '../db/records';

/**
 * The library page's table: which replies it shows and in what order, and
 * the group tree's entries. Pure, so that sorting 20,000 rows is tested
 * without rendering them.
 */
export type LibrarySort = 'manual' | 'relevance' | 'title' | 'usage' | 'updated';

export interface GroupEntry {
  /** '' is 未分组 (no group). */
  name: string;
  count: number;
}

/** Groups by name as the sidebar orders them, 未分组 last; `extra` are new groups not yet holding a reply. */
export function groupEntries(replies: readonly Reply[], extra: readonly string[] = []): GroupEntry[] {
  const counts = new Map<string, number>();
  for (const r of replies) counts.set(r.group, (counts.get(r.group) ?? 0) + 1);
  for (const name of extra) if (!counts.has(name)) counts.set(name, 0);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => (a.name === '' ? 1 : 0) - (b.name === '' ? 1 : 0) || a.name.localeCompare(b.name, 'zh'));
}

/** Manual order: groups as in the tree (未分组 last), then each group's own order. */
export function compareManual(a: Reply, b: Reply): number {
  if (a.group !== b.group) {
    if (a.group === '') return 1;
    if (b.group === '') return -1;
    return a.group.localeCompare(b.group, 'zh');
  }
  return a.sortKey - b.sortKey;
}

const COMPARE: Record<Exclude<LibrarySort, 'relevance'>, (a: Reply, b: Reply) => number> = {
  manual: compareManual,
  title: (a, b) => a.title.localeCompare(b.title, 'zh') || compareManual(a, b),
  usage: (a, b) => b.usageCount - a.usageCount || compareManual(a, b),
  updated: (a, b) => b.updatedAt - a.updatedAt || compareManual(a, b),
};

/**
 * The rows on show: `group` narrows to one group (undefined: all), `hits`
 * (search results, best first; undefined without a query) narrows to what
 * matched. 'relevance' keeps the search's order (manual without a query).
 */
export function visibleReplies(
  replies: readonly Reply[],
  opts: { group?: string; hits?: readonly string[]; sort: LibrarySort },
): Reply[] {
  let rows: Reply[];
  if (opts.hits) {
    const byId = new Map(replies.map((r) => [r.id, r]));
    rows = [];
    for (const id of opts.hits) {
      const r = byId.get(id);
      if (r && (opts.group === undefined || r.group === opts.group)) rows.push(r);
    }
    if (opts.sort === 'relevance') return rows;
  } else {
    rows = opts.group === undefined ? [...replies] : replies.filter((r) => r.group === opts.group);
  }
  return rows.sort(COMPARE[opts.sort === 'relevance' ? 'manual' : opts.sort]);
}

/** The ids from `anchor` to `target` in `order` (both included), for a shift-click; just `target` if the anchor is gone. */
export function rangeBetween(order: readonly string[], anchor: string | undefined, target: string): string[] {
  const to = order.indexOf(target);
  const from = anchor === undefined ? -1 : order.indexOf(anchor);
  if (to === -1) return [];
  if (from === -1) return [target];
  return order.slice(Math.min(from, to), Math.max(from, to) + 1);
}

/** Which rows of a fixed-height list are on screen (plus `overscan` above and below). */
export function windowOf(count: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 8): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}
