import { AppError } from '../errors';
import { log } from '../log';
import type { KefuDatabase } from './database';
import { GROUP_ORDER_ID, GroupOrder, OWN_GROUP_ORDER_ID } from './records';
import type { WriteOptions } from './replies';
import { metaId } from './sync-records';
import { getSyncState } from './sync-state';

/**
 * The order of the reply library's groups (分组顺序): agents think 售前 → 售中
 * → 售后 → 物流 → 投诉, which no collation gives. One stored list of names
 * (db.groupOrders, a whole-object record like a rule set); every listing of
 * replies (listReplies for the sidebar and the library, the library's group
 * tree and table) ranks groups with groupPlaces below, so they never disagree:
 * - listed names first, in the list's order;
 * - then the groups not listed, by name (Chinese collation, as before);
 * - 未分组 ('') last, always: it is never listed.
 *
 * Scope, as for rule sets: the list is the team's when a supervisor is signed
 * in (the one local list before sync is turned on goes to the team on
 * sign-in), and read-only on an agent's device once the team's has arrived
 * (the outbox refuses the write, team-locks.ts tells the UI). An agent whose
 * team has no order yet orders the groups on the device only (not queued,
 * as an agent's own rule sets); the team's order replaces it when it comes.
 * Beside the team's, an agent keeps an order of their own for the groups the
 * team's does not place (their personal groups): a second row, device-local
 * and never queued. The order in effect is the team's names, then the
 * agent's own for the rest, then by name.
 *
 * Renaming a group keeps its place (renameGroup in replies.ts). A group that
 * empties keeps its place while it is listed: moving replies back into it
 * puts it where it was. The next reorder stores only the groups shown then,
 * so names no reply uses any more drop out of the list instead of piling up.
 */

// The two fixed ids live beside the record's schema, which the sync protocol checks them with.
export { GROUP_ORDER_ID, OWN_GROUP_ORDER_ID } from './records';

/**
 * How group names not listed compare: Chinese collation (pinyin), one
 * collator made once (localeCompare with a locale sets one up on every call,
 * a third of sorting 20k replies).
 */
export const groupCollator = new Intl.Collator('zh');

/** The two stored lists: the team's (or, with sync off, the device's) and an agent's own; [] for one not stored. */
export interface GroupOrders {
  team: string[];
  own: string[];
}

function namesOf(row: GroupOrder | undefined): string[] {
  if (row === undefined || row.deletedAt !== undefined) return [];
  const parsed = GroupOrder.safeParse(row);
  if (parsed.success) return parsed.data.names;
  // A row this version cannot read (written by a newer one, or damaged): groups by name rather than no library at all.
  log.warn('stored group order is invalid; its groups are shown by name', { id: row.id, issue: parsed.error.issues[0]?.message ?? '' });
  return [];
}

/** Both stored lists, read by key in one request. */
export async function getGroupOrders(db: KefuDatabase): Promise<GroupOrders> {
  const [team, own] = await db.groupOrders.bulkGet([GROUP_ORDER_ID, OWN_GROUP_ORDER_ID]);
  return { team: namesOf(team), own: namesOf(own) };
}

/** The names of one stored list (GROUP_ORDER_ID or OWN_GROUP_ORDER_ID); [] when it is not stored. One read by key. */
export async function getStoredOrder(db: KefuDatabase, id: string): Promise<string[]> {
  return namesOf(await db.groupOrders.get(id));
}

/** The listed names in effect: the team's, then the agent's own for the groups the team's leaves out. */
export function effectiveOrder({ team, own }: GroupOrders): string[] {
  const placed = new Set(team);
  return [...team, ...own.filter((n) => !placed.has(n))];
}

/** The listed names of the order in effect (effectiveOrder); [] when none is stored. */
export async function getGroupOrder(db: KefuDatabase): Promise<string[]> {
  return effectiveOrder(await getGroupOrders(db));
}

/**
 * Each of `names` with its rank (lower first), as described above. Names the
 * collator ranks equal share a rank when neither is listed. Sorting by rank is
 * a number comparison: the replies of a 20,000-reply library are sorted by
 * their group's rank, looked up once per group.
 */
export function groupPlaces(names: Iterable<string>, order: readonly string[]): Map<string, number> {
  const places = new Map<string, number>();
  order.forEach((name, i) => places.set(name, i));
  const rest = [...new Set(names)].filter((n) => n !== '' && !places.has(n)).sort(groupCollator.compare);
  rest.forEach((name, i) => places.set(name, i > 0 && groupCollator.compare(rest[i - 1]!, name) === 0 ? places.get(rest[i - 1]!)! : order.length + i));
  places.set('', order.length + rest.length);
  return places;
}

/**
 * Sorts `rows` in place in manual order: groups by groupPlaces, then each
 * group's own order (sortKey). The place is looked up once per group, so a
 * comparison is two numbers: the sidebar and the library sort 20,000 replies.
 */
export function sortByGroupOrder<T extends { group: string; sortKey: number }>(rows: T[], order: readonly string[]): T[] {
  const place = groupPlaces(rows.map((r) => r.group), order);
  return rows.sort((a, b) => (a.group !== b.group ? place.get(a.group)! - place.get(b.group)! : a.sortKey - b.sortKey));
}

/** `names` (without duplicates) in the order of groupPlaces. */
export function sortGroupNames(names: Iterable<string>, order: readonly string[]): string[] {
  const unique = [...new Set(names)];
  const places = groupPlaces(unique, order);
  return unique.sort((a, b) => places.get(a)! - places.get(b)!);
}

/**
 * The list after renaming group `from` to `to`: `to` takes `from`'s place, or
 * keeps its own when it is listed already (the rename then merges into it).
 * Undefined when `from` is not listed: nothing to change.
 */
export function renamedOrder(order: readonly string[], from: string, to: string): string[] | undefined {
  if (from === to || !order.includes(from)) return undefined;
  return order.includes(to) ? order.filter((n) => n !== from) : order.map((n) => (n === from ? to : n));
}

/**
 * Whether this device may not change the order: an agent's device holding
 * the team's order. Read inside a repository's transaction, which must
 * include syncState and syncRecords.
 */
export async function groupOrderLocked(db: KefuDatabase): Promise<boolean> {
  const state = await getSyncState(db);
  if (!state.enabled || state.role !== 'agent') return false;
  return (await db.syncRecords.get(metaId('group-order', GROUP_ORDER_ID)))?.scope === 'team';
}

/**
 * Stores `names` as the order `id` (the team's unless told otherwise). The
 * only write path to db.groupOrders: the outbox queues the team's for the
 * team (supervisor) or refuses it (agent, team order), like any write, and
 * never queues an agent's own. Runs in the caller's transaction when there is one.
 */
export async function saveGroupOrder(db: KefuDatabase, names: readonly string[], opts: WriteOptions & { id?: string }): Promise<GroupOrder> {
  const now = opts.now ?? Date.now();
  const id = opts.id ?? GROUP_ORDER_ID;
  return db.transaction('rw', db.groupOrders, async () => {
    const row = await db.groupOrders.get(id);
    const parsed = GroupOrder.safeParse(
      row === undefined
        ? { id, createdAt: now, updatedAt: now, author: opts.author, names }
        : { id: row.id, createdAt: row.createdAt, updatedAt: Math.max(now, row.updatedAt + 1), author: opts.author, names },
    );
    if (!parsed.success) {
      const key = parsed.error.issues[0]?.message ?? 'invalid';
      throw new AppError('validation', `The group order is invalid: ${key}`, { group: /^[a-z-]+$/.test(key) ? key : 'invalid' });
    }
    await db.groupOrders.put(parsed.data);
    return parsed.data;
  });
}

/**
 * Moves group `name` one place up (-1) or down (+1) among the groups shown:
 * those of live replies plus `extra` (new groups not yet holding a reply).
 * Stores every shown group in its new place, so the tree stays as it was
 * apart from the move, and drops listed names no longer shown. On an agent's
 * device holding the team's order, the groups that order places stay put
 * (moving one is refused as the outbox would refuse it) and the others move
 * among themselves, in the agent's own order. Returns the order in effect
 * after the move; at the top (or bottom) already, nothing is written.
 */
export function moveGroup(db: KefuDatabase, name: string, direction: -1 | 1, opts: WriteOptions & { extra?: readonly string[] }): Promise<string[]> {
  return placeGroup(db, name, (names, i) => i + direction, opts);
}

/**
 * Moves group `name` to the place of group `over`, as a dragged group lands:
 * after `over` when it came from above, before it when from below. The same
 * rules as moveGroup; `over` must be a group that moves too.
 */
export function moveGroupTo(db: KefuDatabase, name: string, over: string, opts: WriteOptions & { extra?: readonly string[] }): Promise<string[]> {
  return placeGroup(db, name, (names) => {
    const j = names.indexOf(over);
    if (j < 0) throw new AppError('not-found', `There is no group "${over}" to move "${name}" to (it may have been renamed, emptied or placed by the team meanwhile)`, { group: 'group-gone' });
    return j;
  }, opts);
}

/** moveGroup and moveGroupTo: `to` picks the new index of `name` (at `i`) among the movable groups `names`. */
async function placeGroup(
  db: KefuDatabase,
  name: string,
  to: (names: readonly string[], i: number) => number,
  opts: WriteOptions & { extra?: readonly string[] },
): Promise<string[]> {
  return db.transaction('rw', [db.groupOrders, db.replies, db.syncState, db.syncRecords], async () => {
    const orders = await getGroupOrders(db);
    const order = effectiveOrder(orders);
    const shown = new Set<string>(opts.extra ?? []);
    await db.replies.each((r) => {
      if (r.deletedAt === undefined) shown.add(r.group);
    });
    shown.delete('');
    // On an agent's device holding the team's order: the groups it places, which stay put.
    const fixed = (await groupOrderLocked(db)) ? new Set(orders.team) : undefined;
    if (fixed?.has(name)) throw new AppError('read-only', `The group "${name}" is placed by the team's order: only a supervisor moves it`, { form: 'team-group-order-read-only' });
    const names = sortGroupNames(shown, order).filter((n) => !fixed?.has(n));
    const i = names.indexOf(name);
    if (i < 0) throw new AppError('not-found', `There is no group "${name}" (it may have been renamed or emptied meanwhile)`, { group: 'group-gone' });
    const j = to(names, i);
    if (j === i || j < 0 || j >= names.length) return order;
    names.splice(j, 0, ...names.splice(i, 1));
    if (!fixed) {
      await saveGroupOrder(db, names, opts);
      return names;
    }
    await saveGroupOrder(db, names, { ...opts, id: OWN_GROUP_ORDER_ID });
    return effectiveOrder({ team: orders.team, own: names });
  });
}
