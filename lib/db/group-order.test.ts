import Dexie, { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KefuDatabase } from './database';
import { getGroupOrder, getGroupOrders, GROUP_ORDER_ID, groupPlaces, moveGroup, moveGroupTo, OWN_GROUP_ORDER_ID, renamedOrder, saveGroupOrder, sortGroupNames } from './group-order';
import { applyingRemote } from './outbox';
import { GroupOrder } from './records';
import { createReply, listReplies, renameGroup, undoReplyChange } from './replies';
import { enableSyncState } from './sync-state';
import { expectAppError, freshDb } from './testing';

const dbs: KefuDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});
function db(): KefuDatabase {
  const d = freshDb();
  dbs.push(d);
  return d;
}

const who = { author: '主管', now: 1767900000000 };
const add = (d: KefuDatabase, title: string, group: string) =>
  createReply(d, { title, body: `${title}的内容`, group, code: '', tags: [], variants: [], pinned: false }, who);

/** One reply per group, in an order no collation gives. */
async function library(d: KefuDatabase): Promise<void> {
  for (const [title, group] of [['节日问候', ''], ['退款', '售后'], ['欢迎', '售前'], ['催付提醒', '催付'], ['快递', '物流'], ['安抚', '投诉']] as const) await add(d, title, group);
}
const groupsOf = async (d: KefuDatabase) => [...new Set((await listReplies(d)).map((r) => r.group))];

describe('group order', () => {
  it('ranks listed names in the list’s order, then the rest by name (pinyin), 未分组 last', () => {
    const names = ['', '物流', '催付', '售后', '售前', '投诉', '节日'];
    expect(sortGroupNames(names, [])).toEqual(['催付', '节日', '售后', '售前', '投诉', '物流', '']);
    expect(sortGroupNames(names, ['售前', '售后', '物流'])).toEqual(['售前', '售后', '物流', '催付', '节日', '投诉', '']);
    // A listed name no reply uses takes no place among the shown ones; 未分组 stays last even when alone with them.
    expect(sortGroupNames(['', '投诉'], ['售中', '投诉'])).toEqual(['投诉', '']);
    const places = groupPlaces(names, ['售前', '售后']);
    expect(places.get('售前')).toBe(0);
    expect(places.get('售后')).toBe(1);
    expect(places.get('催付')).toBe(2);
    expect(places.get('')).toBeGreaterThan(Math.max(...[...places].filter(([n]) => n !== '').map(([, p]) => p)));
  });

  it('keeps a renamed group’s place, and a group renamed onto a listed one takes that one’s', () => {
    expect(renamedOrder(['售前', '售后', '物流'], '售后', '售中')).toEqual(['售前', '售中', '物流']);
    expect(renamedOrder(['售前', '售后', '物流'], '售后', '物流')).toEqual(['售前', '物流']);
    expect(renamedOrder(['售前'], '售后', '售中')).toBeUndefined();
  });

  it('stores nothing until a group is moved; listReplies sorts by name with 未分组 last', async () => {
    const d = db();
    await library(d);
    expect(await groupsOf(d)).toEqual(['催付', '售后', '售前', '投诉', '物流', '']);
    expect(await d.groupOrders.count()).toBe(0);
    expect(await getGroupOrder(d)).toEqual([]);
  });

  it('moves a group up and down among the groups shown; listReplies follows, 未分组 still last', async () => {
    const d = db();
    await library(d);
    expect(await moveGroup(d, '售前', -1, who)).toEqual(['催付', '售前', '售后', '投诉', '物流']);
    expect(await moveGroup(d, '售前', -1, who)).toEqual(['售前', '催付', '售后', '投诉', '物流']);
    await moveGroup(d, '催付', 1, who);
    await moveGroup(d, '催付', 1, who);
    expect(await groupsOf(d)).toEqual(['售前', '售后', '投诉', '催付', '物流', '']);
    // A new group not yet holding a reply is shown, so it can be placed too.
    expect(await moveGroup(d, '售中', -1, { ...who, extra: ['售中'] })).toEqual(['售前', '售后', '投诉', '催付', '售中', '物流']);
    const row = await d.groupOrders.get(GROUP_ORDER_ID);
    expect(GroupOrder.parse(row)).toMatchObject({ id: GROUP_ORDER_ID, author: '主管', names: ['售前', '售后', '投诉', '催付', '售中', '物流'] });
  });

  it('moves a dragged group to the place of the group it is dropped on, from above and from below', async () => {
    const d = db();
    await library(d);
    // Shown: 催付 售后 售前 投诉 物流.
    expect(await moveGroupTo(d, '物流', '售后', who)).toEqual(['催付', '物流', '售后', '售前', '投诉']);
    expect(await moveGroupTo(d, '催付', '售前', who)).toEqual(['物流', '售后', '售前', '催付', '投诉']);
    expect(await groupsOf(d)).toEqual(['物流', '售后', '售前', '催付', '投诉', '']);
    const before = await d.groupOrders.get(GROUP_ORDER_ID);
    // Onto itself: nothing is written.
    expect(await moveGroupTo(d, '投诉', '投诉', { ...who, now: who.now + 1000 })).toEqual(['物流', '售后', '售前', '催付', '投诉']);
    expect(await d.groupOrders.get(GROUP_ORDER_ID)).toEqual(before);
    await expectAppError(moveGroupTo(d, '投诉', '没有这组', who), 'not-found', 'group', 'group-gone');
    await expectAppError(moveGroupTo(d, '投诉', '', who), 'not-found', 'group', 'group-gone');
    await expectAppError(moveGroupTo(d, '没有这组', '投诉', who), 'not-found', 'group', 'group-gone');
    expect(await d.groupOrders.get(GROUP_ORDER_ID)).toEqual(before);
  });

  it('a live query over listReplies (the sidebar’s) follows a reorder', async () => {
    const d = db();
    await library(d);
    const seen: string[][] = [];
    const sub = liveQuery(() => listReplies(d)).subscribe((rows) => seen.push([...new Set(rows.map((r) => r.group))]));
    try {
      await vi.waitFor(() => expect(seen).toHaveLength(1));
      await moveGroup(d, '物流', -1, who);
      await vi.waitFor(() => expect(seen.at(-1)).toEqual(['催付', '售后', '售前', '物流', '投诉', '']));
    } finally {
      sub.unsubscribe();
    }
  });

  it('writes nothing for a move past either end, and refuses a group that is not shown', async () => {
    const d = db();
    await library(d);
    await moveGroup(d, '售前', -1, who);
    const before = await d.groupOrders.get(GROUP_ORDER_ID);
    expect(await moveGroup(d, '催付', -1, { ...who, now: who.now + 1000 })).toEqual(['催付', '售前', '售后', '投诉', '物流']);
    expect(await moveGroup(d, '物流', 1, { ...who, now: who.now + 1000 })).toEqual(['催付', '售前', '售后', '投诉', '物流']);
    expect(await d.groupOrders.get(GROUP_ORDER_ID)).toEqual(before);
    await expectAppError(moveGroup(d, '没有这组', 1, who), 'not-found', 'group', 'group-gone');
    await expectAppError(moveGroup(d, '', -1, who), 'not-found', 'group', 'group-gone');
  });

  it('keeps an emptied group’s place while it is listed, and the next reorder drops it', async () => {
    const d = db();
    await library(d);
    await saveGroupOrder(d, ['物流', '售前', '售后'], who);
    const [express] = (await listReplies(d)).filter((r) => r.group === '物流');
    await renameGroup(d, '物流', '售后', who); // 物流 empties into 售后, which is listed: 物流 leaves the list
    expect(await getGroupOrder(d)).toEqual(['售前', '售后']);
    await saveGroupOrder(d, ['物流', '售前', '售后'], who);
    // Emptied some other way (its replies moved), the name stays listed: moved back, the group is first again.
    const { moveReplies } = await import('./replies');
    await moveReplies(d, [express!.id], '物流', who);
    expect((await groupsOf(d))[0]).toBe('物流');
    await moveReplies(d, [express!.id], '售后', who);
    expect(await getGroupOrder(d)).toEqual(['物流', '售前', '售后']);
    await moveGroup(d, '投诉', -1, who);
    expect(await getGroupOrder(d)).toEqual(['售前', '售后', '投诉', '催付']);
  });

  it('renaming a group keeps its place, and undoing the rename puts the name back in it', async () => {
    const d = db();
    await library(d);
    await saveGroupOrder(d, ['售前', '售后', '物流'], who);
    const change = await renameGroup(d, '售后', '售中', who);
    expect(change.groupOrder).toEqual({ id: GROUP_ORDER_ID, before: ['售前', '售后', '物流'], after: ['售前', '售中', '物流'] });
    expect(await groupsOf(d)).toEqual(['售前', '售中', '物流', '催付', '投诉', '']);
    await undoReplyChange(d, change, who);
    expect(await groupsOf(d)).toEqual(['售前', '售后', '物流', '催付', '投诉', '']);
    // A group not listed is renamed without touching the order.
    expect((await renameGroup(d, '投诉', '投诉处理', who)).groupOrder).toBeUndefined();
    expect(await getGroupOrder(d)).toEqual(['售前', '售后', '物流']);
  });

  it('reads a stored order it cannot validate as no order, so the library still lists every group', async () => {
    const d = db();
    await library(d);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // As a newer version (or a damaged backup) could leave it: 未分组 listed, a name that is not a string.
      await d.groupOrders.put({ id: GROUP_ORDER_ID, createdAt: 1, updatedAt: 1, author: '', names: ['物流', '', 7] as unknown as string[] });
      expect(await getGroupOrder(d)).toEqual([]);
      expect(await groupsOf(d)).toEqual(['催付', '售后', '售前', '投诉', '物流', '']);
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('validates the list: no 未分组, no name twice, names as long as a group’s', async () => {
    const d = db();
    await expectAppError(saveGroupOrder(d, ['售前', ''], who), 'validation', 'group', 'group-required');
    await expectAppError(saveGroupOrder(d, ['售前', '售前'], who), 'validation', 'group', 'group-listed-twice');
    await expectAppError(saveGroupOrder(d, ['长'.repeat(51)], who), 'validation', 'group', 'invalid');
    expect(await d.groupOrders.count()).toBe(0);
  });
});

describe('group order and team sync', () => {
  async function signedIn(role: 'supervisor' | 'agent'): Promise<KefuDatabase> {
    const d = db();
    await library(d);
    await enableSyncState(d, { deviceId: role === 'agent' ? 'devB' : 'devA', role, sameTeam: false });
    return d;
  }
  /** The team's order as a pull stores it: unqueued, with its sync data marking it the team's. */
  async function pullTeamOrder(d: KefuDatabase, names: string[]): Promise<void> {
    await applyingRemote(d, ['groupOrders'], async () => {
      await d.groupOrders.put({ id: GROUP_ORDER_ID, createdAt: who.now, updatedAt: who.now, author: '主管', names });
      await d.syncRecords.put({ id: `group-order:${GROUP_ORDER_ID}`, kind: 'group-order', recordId: GROUP_ORDER_ID, scope: 'team', heads: {}, conflicts: {} });
    });
  }

  it('queues a supervisor’s reorder for the team, the whole list', async () => {
    const d = await signedIn('supervisor');
    const queued = await d.outbox.count();
    await moveGroup(d, '售前', -1, who);
    const entries = (await d.outbox.toArray()).filter((e) => e.kind === 'group-order');
    expect(await d.outbox.count()).toBe(queued + 1);
    expect(entries).toMatchObject([{ kind: 'group-order', recordId: GROUP_ORDER_ID, op: 'put', fields: { names: ['催付', '售前', '售后', '投诉', '物流'] } }]);
    expect(entries[0]).not.toHaveProperty('scope');
  });

  it('refuses an agent’s change to the team’s order before writing anything; the agent’s renames leave it alone', async () => {
    const d = await signedIn('agent');
    await pullTeamOrder(d, ['售前', '售后']);
    const queued = await d.outbox.count();
    await expectAppError(moveGroup(d, '售后', -1, who), 'read-only', 'form', 'team-group-order-read-only');
    await expectAppError(moveGroup(d, '售后', 1, who), 'read-only', 'form', 'team-group-order-read-only');
    await expectAppError(saveGroupOrder(d, ['物流'], who), 'read-only', 'form', 'team-group-order-read-only');
    expect(await getGroupOrders(d)).toEqual({ team: ['售前', '售后'], own: [] });
    // The agent's own group (personal replies) renamed: the team's order is not touched, so nothing is refused.
    const change = await renameGroup(d, '售后', '我的售后', who);
    expect(change.groupOrder).toBeUndefined();
    expect(await getGroupOrder(d)).toEqual(['售前', '售后']);
    expect(await d.outbox.count()).toBeGreaterThan(queued);
    expect((await d.outbox.toArray()).filter((e) => e.kind === 'group-order')).toEqual([]);
  });

  it('keeps an agent’s own order of the groups the team’s leaves out: after the team’s, on the device only', async () => {
    const d = await signedIn('agent');
    await pullTeamOrder(d, ['售前', '售后']);
    // Not placed by the team: 催付, 投诉, 物流 (by name), which the agent orders among themselves.
    expect(await moveGroup(d, '物流', -1, who)).toEqual(['售前', '售后', '催付', '物流', '投诉']);
    expect(await moveGroup(d, '物流', -1, who)).toEqual(['售前', '售后', '物流', '催付', '投诉']);
    // At the top of the agent's part: it cannot pass the team's groups.
    expect(await moveGroup(d, '物流', -1, who)).toEqual(['售前', '售后', '物流', '催付', '投诉']);
    // Dragged, the same: among the agent's groups, never onto the team's.
    expect(await moveGroupTo(d, '投诉', '物流', who)).toEqual(['售前', '售后', '投诉', '物流', '催付']);
    expect(await moveGroupTo(d, '投诉', '催付', who)).toEqual(['售前', '售后', '物流', '催付', '投诉']);
    await expectAppError(moveGroupTo(d, '投诉', '售前', who), 'not-found', 'group', 'group-gone');
    await expectAppError(moveGroupTo(d, '售前', '投诉', who), 'read-only', 'form', 'team-group-order-read-only');
    expect(await getGroupOrders(d)).toEqual({ team: ['售前', '售后'], own: ['物流', '催付', '投诉'] });
    expect(await groupsOf(d)).toEqual(['售前', '售后', '物流', '催付', '投诉', '']);
    expect(await d.groupOrders.get(OWN_GROUP_ORDER_ID)).toMatchObject({ author: '主管', names: ['物流', '催付', '投诉'] });
    expect((await d.outbox.toArray()).filter((e) => e.kind === 'group-order')).toEqual([]);
    // Renamed, a group of the agent's keeps its place in the agent's order; the undo puts it back.
    const change = await renameGroup(d, '催付', '催付款', who);
    expect(change.groupOrder).toEqual({ id: OWN_GROUP_ORDER_ID, before: ['物流', '催付', '投诉'], after: ['物流', '催付款', '投诉'] });
    expect(await groupsOf(d)).toEqual(['售前', '售后', '物流', '催付款', '投诉', '']);
    await undoReplyChange(d, change, who);
    expect(await groupsOf(d)).toEqual(['售前', '售后', '物流', '催付', '投诉', '']);
    // The team's order, changed by the supervisor, still comes first; a group it now places leaves the agent's part.
    await pullTeamOrder(d, ['投诉', '售前', '售后']);
    expect(await groupsOf(d)).toEqual(['投诉', '售前', '售后', '物流', '催付', '']);
  });

  it('never queues an agent’s own order, even once the device is a supervisor’s', async () => {
    const d = await signedIn('agent');
    await pullTeamOrder(d, ['售前']);
    await moveGroup(d, '物流', -1, who);
    await enableSyncState(d, { deviceId: 'devB', role: 'supervisor', sameTeam: true });
    const { queueEverything } = await import('./outbox');
    await queueEverything(d);
    await saveGroupOrder(d, ['投诉'], { ...who, id: OWN_GROUP_ORDER_ID });
    expect((await d.outbox.toArray()).filter((e) => e.kind === 'group-order').map((e) => e.recordId)).toEqual([GROUP_ORDER_ID]);
  });

  it('lets an agent whose team has no order yet order the groups on the device only, unqueued', async () => {
    const d = await signedIn('agent');
    await moveGroup(d, '售前', -1, who);
    expect(await getGroupOrder(d)).toEqual(['催付', '售前', '售后', '投诉', '物流']);
    expect((await d.outbox.toArray()).filter((e) => e.kind === 'group-order')).toEqual([]);
  });
});
