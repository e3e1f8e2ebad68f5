import { sortByGroupOrder, sortGroupNames } from '../db/group-order';
import { sameStrings } from '../same-strings';
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

/**
 * The groups in the stored `order` (lib/db/group-order.ts), as the sidebar
 * lists them, 未分组 last; `extra` are new groups not yet holding a reply.
 */
export function groupEntries(replies: readonly Reply[], extra: readonly string[] = [], order: readonly string[] = []): GroupEntry[] {
  const counts = new Map<string, number>();
  for (const r of replies) counts.set(r.group, (counts.get(r.group) ?? 0) + 1);
  for (const name of extra) if (!counts.has(name)) counts.set(name, 0);
  return sortGroupNames(counts.keys(), order).map((name) => ({ name, count: counts.get(name)! }));
}

/**
 * One collator for every comparison: `a.localeCompare(b, 'zh')` looks the
 * locale up again on each call, and a keystroke in the library sorts up to
 * 20,000 rows (a quarter of the keystroke's time in tests/bench/library.bench.ts).
 */
const zh = new Intl.Collator('zh');

/**
 * What every search over one list of replies shares, worked out once per list
 * (useLiveQuery gives a new array when the table changes): the replies by id
 * and in manual order, each with its place in it. A keystroke then only picks
 * its hits and sorts them by a number.
 */
interface Prepared {
  order: readonly string[];
  byId: Map<string, Reply>;
  manual: Reply[];
  place: Map<string, number>;
}
const prepared = new WeakMap<readonly Reply[], Prepared>();
function prepare(replies: readonly Reply[], order: readonly string[]): Prepared {
  let p = prepared.get(replies);
  // A reorder of the groups gives a new order for the same list (it is read by a query of its own).
  if (!p || !sameStrings(p.order, order)) {
    // Groups as in the tree (the stored order, 未分组 last), then each group's own order.
    const manual = sortByGroupOrder([...replies], order);
    p = { order, byId: new Map(replies.map((r) => [r.id, r])), manual, place: new Map(manual.map((r, i) => [r.id, i])) };
    prepared.set(replies, p);
  }
  return p;
}

const NO_ORDER: readonly string[] = [];

/**
 * The rows on show: `group` narrows to one group (undefined: all), `hits`
 * (search results, best first; undefined without a query) narrows to what
 * matched. 'relevance' keeps the search's order (manual without a query).
 * `order` is the stored group order (lib/db/group-order.ts).
 */
export function visibleReplies(
  replies: readonly Reply[],
  opts: { group?: string; hits?: readonly string[]; sort: LibrarySort; order?: readonly string[] },
): Reply[] {
  const { byId, manual, place } = prepare(replies, opts.order ?? NO_ORDER);
  const byPlace = (a: Reply, b: Reply) => place.get(a.id)! - place.get(b.id)!;
  const inGroup = (r: Reply) => opts.group === undefined || r.group === opts.group;
  let rows: Reply[];
  if (opts.hits) {
    rows = [];
    for (const id of opts.hits) {
      const r = byId.get(id);
      if (r && inGroup(r)) rows.push(r);
    }
    if (opts.sort === 'relevance') return rows;
    if (opts.sort === 'manual') return rows.sort(byPlace);
  } else {
    rows = manual.filter(inGroup);
    if (opts.sort === 'manual' || opts.sort === 'relevance') return rows;
  }
  const compare: Record<Exclude<LibrarySort, 'relevance' | 'manual'>, (a: Reply, b: Reply) => number> = {
    title: (a, b) => zh.compare(a.title, b.title) || byPlace(a, b),
    usage: (a, b) => b.usageCount - a.usageCount || byPlace(a, b),
    updated: (a, b) => b.updatedAt - a.updatedAt || byPlace(a, b),
  };
  return rows.sort(compare[opts.sort]);
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
