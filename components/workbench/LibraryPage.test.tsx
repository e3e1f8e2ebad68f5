import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, typeInto, type Rendered } from '@/components/sidebar/render-testing';
import type { KefuDatabase } from '@/lib/db/database';
import { createReply, listReplies, recordReplyUse } from '@/lib/db/replies';
import { seedStarterRuleSets } from '@/lib/db/rule-sets';
import { enableSyncState } from '@/lib/db/sync-state';
import { freshDb } from '@/lib/db/testing';
import { ReplyIndex } from '@/lib/search';
import { LibraryPage } from './LibraryPage';
import { NOW, until } from './testing-seed';

let db: KefuDatabase;
let view: Rendered | undefined;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

const who = { author: '主管', now: NOW - 1000 };
const add = (title: string, group: string, extra: Record<string, unknown> = {}) =>
  createReply(db, { title, body: `${title}：您好，{{buyer}}，订单 {{order}} 已处理`, group, code: '', tags: [], variants: [], pinned: false, ...extra }, who);

async function seed() {
  await add('欢迎语', '售前', { code: '/hy' });
  await add('尺码推荐', '售前');
  await add('退款流程', '售后', { tags: ['退款'] });
  await add('催付提醒', '催付');
  await add('节日问候', '');
}

const show = async (lang: 'zh' | 'en' = 'zh') => {
  view = render(<LibraryPage db={db} settings={{ agentName: '小王', shopName: '', triggerKey: 'Tab' }} now={NOW} />, lang);
  const shown = view;
  await until(() => expect(shown.all('library-page')).toHaveLength(1));
  return shown;
};
const titles = () => view!.all('library-row').map((tr) => tr.querySelector('[data-testid="library-edit"]')!.textContent);
const groupCounts = () => view!.all('library-group').map((li) => `${li.dataset.group}:${li.querySelector('[data-testid="library-group-count"]')!.textContent}`);
const box = (title: string) => view!.all('library-row').find((tr) => tr.textContent.includes(title))!.querySelector<HTMLInputElement>('[data-testid="library-select"]')!;
const shiftClick = (el: HTMLElement) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true }));
const choose = (el: HTMLElement, value: string) => {
  (el as HTMLSelectElement).value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
};
const typeText = (el: HTMLElement, value: string) => {
  Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('LibraryPage', () => {
  it('lists every reply in manual order with the group tree, 未分组 last, and filters by group and search', async () => {
    await seed();
    const view = await show();
    // Groups by name (pinyin: cui, shou hou, shou qian), 未分组 last; manual order within.
    await until(() => expect(titles()).toEqual(['催付提醒', '退款流程', '欢迎语', '尺码推荐', '节日问候']));
    expect(groupCounts()).toEqual(['催付:1', '售后:1', '售前:2', ':1']);
    view.all('library-group').find((li) => li.dataset.group === '售前')!.querySelector<HTMLElement>('[data-testid="library-group-pick"]')!.click();
    await until(() => expect(titles()).toEqual(['欢迎语', '尺码推荐']));
    view.one('library-group-all').click();
    typeInto(view.one('library-search'), 'tk');
    await until(() => expect(titles()).toEqual(['退款流程']));
    typeInto(view.one('library-search'), '/hy');
    await until(() => expect(titles()).toEqual(['欢迎语']));
    expect(view.one('library-count').textContent).toBe('共 5 条，显示 1 条');
  });

  it('shows the rows before indexing them for search, and searches what changed since', async () => {
    await seed();
    // Whether rows were on screen each time the index took replies in.
    const rowsShown: boolean[] = [];
    const upsertMany = ReplyIndex.prototype.upsertMany;
    const spy = vi.spyOn(ReplyIndex.prototype, 'upsertMany').mockImplementation(function (this: ReplyIndex, replies) {
      rowsShown.push(document.querySelector('[data-testid="library-row"]') !== null);
      upsertMany.call(this, replies);
    });
    try {
      const view = await show();
      await until(() => expect(rowsShown).toEqual([true]));
      await add('退货地址', '售后');
      typeInto(view.one('library-search'), 'th');
      await until(() => expect(titles()).toEqual(['退货地址']));
    } finally {
      spy.mockRestore();
    }
  });

  it('sorts by usage', async () => {
    await seed();
    const [refund] = (await listReplies(db)).filter((r) => r.title === '退款流程');
    await recordReplyUse(db, refund!.id, { now: NOW });
    const view = await show();
    choose(view.one('library-sort'), 'usage');
    await until(() => expect(titles()[0]).toBe('退款流程'));
  });

  it('selects a range with shift-click, moves it to a group, and undo puts every reply back', async () => {
    await seed();
    const view = await show();
    await until(() => expect(titles()).toHaveLength(5));
    box('退款流程').click();
    await until(() => expect(view.one('library-selected-count').textContent).toBe('已选 1 条'));
    shiftClick(box('尺码推荐'));
    await until(() => expect(view.one('library-selected-count').textContent).toBe('已选 3 条'));
    choose(view.one('library-move-to'), '催付');
    await until(() => expect(groupCounts()).toEqual(['催付:4', ':1']));
    expect(view.one('library-toast').textContent).toContain('已把 3 条移到“催付”');
    const before = (await listReplies(db)).map((r) => r.group);
    expect(before.filter((g) => g === '催付')).toHaveLength(4);

    view.one('library-undo').click();
    await until(() => expect(groupCounts()).toEqual(['催付:1', '售后:1', '售前:2', ':1']));
    expect(titles()).toEqual(['催付提醒', '退款流程', '欢迎语', '尺码推荐', '节日问候']);
  }, 15_000);

  it('tags and deletes the selection; undo of the delete restores the same replies', async () => {
    await seed();
    const view = await show();
    await until(() => expect(titles()).toHaveLength(5));
    box('欢迎语').click();
    box('节日问候').click();
    typeInto(view.one('library-tag-input'), '常用');
    view.one('library-tag-add').click();
    await until(() => expect(view.one('library-toast').textContent).toContain('已给 2 条加上标签“常用”'));
    expect((await listReplies(db)).filter((r) => r.tags.includes('常用')).map((r) => r.title).sort()).toEqual(['欢迎语', '节日问候'].sort());

    typeInto(view.one('library-tag-input'), ' ');
    view.one('library-tag-add').click();
    await until(() => expect(view.one('library-error').textContent).toBe('标签不能为空。'));

    const kept = await listReplies(db);
    view.one('library-delete').click();
    await until(() => expect(titles()).toEqual(['催付提醒', '退款流程', '尺码推荐']));
    expect(view.one('library-toast').textContent).toContain('已删除 2 条话术');
    expect(view.all('library-bulk')).toEqual([]);
    view.one('library-undo').click();
    await until(() => expect(titles()).toHaveLength(5));
    const restored = await listReplies(db);
    const strip = (rs: typeof kept) => rs.map(({ updatedAt: _u, ...rest }) => rest);
    expect(strip(restored)).toEqual(strip(kept));
  });

  it('selects all matching a search, not just what is on screen', async () => {
    for (let i = 0; i < 120; i++) await add(`物流通知${i}`, '物流');
    await add('欢迎语', '售前');
    const view = await show();
    typeInto(view.one('library-search'), '物流');
    await until(() => expect(view.one('library-count').textContent).toBe('共 121 条，显示 120 条'));
    // Windowed: far fewer rows in the DOM than match.
    expect(view.all('library-row').length).toBeLessThan(60);
    view.one('library-select-all').click();
    await until(() => expect(view.one('library-selected-count').textContent).toBe('已选 120 条'));
  });

  it('edits a reply in the panel with a live preview of its variables and the compliance warning', async () => {
    await seedStarterRuleSets(db, { author: '' });
    await seed();
    const view = await show();
    await until(() => expect(titles()).toHaveLength(5));
    view.all('library-edit').find((b) => b.textContent === '欢迎语')!.click();
    await until(() => expect(view.all('reply-body')).toHaveLength(1));
    expect(view.one('library-preview-text').textContent).toBe('欢迎语：您好，小美，订单 2026113012345678 已处理');
    typeText(view.one('reply-body'), '{{客服}}为您服务，尺码 {{填写:尺码}}，{{today}}');
    await until(() => expect(view.one('library-preview-text').textContent).toBe('小王为您服务，尺码 [尺码]，2026年11月30日'));
    typeText(view.one('reply-body'), '亲，加我微信发你图片');
    await until(() => expect(view.one('compliance-warning').dataset.severity).toBe('block'));
    view.one('reply-save').click();
    await until(() => expect(view.all('compliance-save-blocked')).toHaveLength(1));
    typeText(view.one('reply-body'), '亲，欢迎光临');
    view.one('reply-save').click();
    await until(() => expect(view.one('library-toast').textContent).toContain('已保存“欢迎语”'));
    expect((await listReplies(db)).find((r) => r.title === '欢迎语')!.body).toBe('亲，欢迎光临');

    view.one('library-duplicate').click();
    await until(() => expect(titles()).toContain('欢迎语（副本）'));
  });

  it('creates a reply in the group on show, with the field errors of the repository', async () => {
    await seed();
    const view = await show();
    await until(() => expect(titles()).toHaveLength(5));
    view.all('library-group').find((li) => li.dataset.group === '售后')!.querySelector<HTMLElement>('[data-testid="library-group-pick"]')!.click();
    view.one('library-new').click();
    await until(() => expect(view.all('reply-title')).toHaveLength(1));
    typeInto(view.one('reply-title'), '换货流程');
    typeText(view.one('reply-body'), '请在订单页申请换货');
    typeInto(view.one('reply-code'), '/HY');
    view.one('reply-save').click();
    await until(() => expect(view.container.textContent).toContain('这个编码已被其他话术使用'));
    typeInto(view.one('reply-code'), '/hh');
    view.one('reply-save').click();
    await until(() => expect(titles()).toEqual(['退款流程', '换货流程']));
  });

  it('renames a group, refusing an empty name, and adds a new group that replies can be moved to', async () => {
    await seed();
    const view = await show();
    await until(() => expect(titles()).toHaveLength(5));
    const renameOf = (g: string) => view.all('library-group').find((li) => li.dataset.group === g)!.querySelector<HTMLElement>('[data-testid="library-group-rename"]')!;
    renameOf('催付').click();
    await until(() => expect(view.all('library-group-rename-input')).toHaveLength(1));
    typeInto(view.one('library-group-rename-input'), ' ');
    view.one('library-group-rename-save').click();
    await until(() => expect(view.one('library-group-error').textContent).toBe('请填写分组名称。'));
    typeInto(view.one('library-group-rename-input'), '催付款');
    view.one('library-group-rename-save').click();
    await until(() => expect(groupCounts()).toEqual(['催付款:1', '售后:1', '售前:2', ':1']));

    view.one('library-group-new').click();
    await until(() => expect(view.all('library-group-new-input')).toHaveLength(1));
    typeInto(view.one('library-group-new-input'), '售前');
    view.one('library-group-new-save').click();
    await until(() => expect(view.one('library-group-error').textContent).toBe('已经有叫“售前”的分组了。'));
    typeInto(view.one('library-group-new-input'), '大促');
    view.one('library-group-new-save').click();
    await until(() => expect(groupCounts()).toContain('大促:0'));
    view.one('library-group-all').click();
    await until(() => expect(titles()).toHaveLength(5));
    box('节日问候').click();
    choose(view.one('library-move-to'), '大促');
    await until(() => expect(groupCounts()).toEqual(['催付款:1', '大促:1', '售后:1', '售前:2']));
  });

  it('orders the groups with 上移/下移 buttons named for each group; the table follows, 未分组 stays last, a rename keeps the place', async () => {
    await seed();
    const view = await show();
    await until(() => expect(groupCounts()).toEqual(['催付:1', '售后:1', '售前:2', ':1']));
    const moveOf = (g: string, dir: 'up' | 'down') => view.all('library-group').find((li) => li.dataset.group === g)!.querySelector<HTMLButtonElement>(`[data-testid="library-group-${dir}"]`);
    expect(moveOf('售前', 'up')!.getAttribute('aria-label')).toBe('上移分组“售前”');
    expect(moveOf('售前', 'down')!.getAttribute('aria-label')).toBe('下移分组“售前”');
    expect(moveOf('催付', 'up')!.disabled).toBe(true);
    expect(moveOf('售前', 'down')!.disabled).toBe(true);
    // 未分组 is always last: it has no buttons.
    expect(moveOf('', 'up')).toBeNull();

    moveOf('售前', 'up')!.click();
    await until(() => expect(groupCounts()).toEqual(['催付:1', '售前:2', '售后:1', ':1']));
    expect(view.one('library-toast').textContent).toBe('已调整分组顺序：“售前”');
    await until(() => expect(titles()).toEqual(['催付提醒', '欢迎语', '尺码推荐', '退款流程', '节日问候']));
    moveOf('催付', 'down')!.click();
    await until(() => expect(groupCounts()).toEqual(['售前:2', '催付:1', '售后:1', ':1']));
    // The sidebar reads the same list.
    expect([...new Set((await listReplies(db)).map((r) => r.group))]).toEqual(['售前', '催付', '售后', '']);

    view.all('library-group').find((li) => li.dataset.group === '售前')!.querySelector<HTMLElement>('[data-testid="library-group-rename"]')!.click();
    await until(() => expect(view.all('library-group-rename-input')).toHaveLength(1));
    typeInto(view.one('library-group-rename-input'), '售中');
    view.one('library-group-rename-save').click();
    await until(() => expect(groupCounts()).toEqual(['售中:2', '催付:1', '售后:1', ':1']));
    expect(view.all('library-group-order-team')).toEqual([]);
  });

  it('orders the groups in English too', async () => {
    await seed();
    const view = await show('en');
    await until(() => expect(groupCounts()).toEqual(['催付:1', '售后:1', '售前:2', ':1']));
    const down = view.all('library-group').find((li) => li.dataset.group === '催付')!.querySelector<HTMLButtonElement>('[data-testid="library-group-down"]')!;
    expect(down.getAttribute('aria-label')).toBe('Move group “催付” down');
    expect(view.all('library-group-up')[1]!.getAttribute('aria-label')).toBe('Move group “售后” up');
    down.click();
    await until(() => expect(groupCounts()).toEqual(['售后:1', '催付:1', '售前:2', ':1']));
    expect(view.one('library-toast').textContent).toBe('Group order changed: “催付”');
  });

  it('on an agent’s device keeps the team’s groups in the team’s order without buttons, and orders the agent’s own below them', async () => {
    await seed();
    await add('发货查询', '物流');
    const { GROUP_ORDER_ID } = await import('@/lib/db/group-order');
    const { applyingRemote } = await import('@/lib/db/outbox');
    await applyingRemote(db, ['groupOrders'], async () => {
      await db.groupOrders.put({ id: GROUP_ORDER_ID, createdAt: NOW, updatedAt: NOW, author: '主管', names: ['售前', '售后'] });
      await db.syncRecords.put({ id: `group-order:${GROUP_ORDER_ID}`, kind: 'group-order', recordId: GROUP_ORDER_ID, scope: 'team', heads: {}, conflicts: {} });
    });
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: true });
    const view = await show();
    await until(() => expect(view.all('library-group-order-team')).toHaveLength(1));
    expect(view.one('library-group-order-team').textContent).toBe('排在前面的分组由主管为团队统一排序，你不能调整；其余分组可以拖动 ⠿ 或用 ↑ ↓ 按自己的习惯排列（只保存在这台电脑上）。');
    expect(groupCounts()).toEqual(['售前:2', '售后:1', '催付:1', '物流:1', ':1']);
    const buttonsOf = (g: string) => view.all('library-group').find((li) => li.dataset.group === g)!.querySelectorAll('[data-testid^="library-group-up"], [data-testid^="library-group-down"]');
    expect(buttonsOf('售前')).toHaveLength(0);
    expect(buttonsOf('售后')).toHaveLength(0);
    expect(buttonsOf('催付')).toHaveLength(2);
    view.all('library-group').find((li) => li.dataset.group === '物流')!.querySelector<HTMLElement>('[data-testid="library-group-up"]')!.click();
    await until(() => expect(groupCounts()).toEqual(['售前:2', '售后:1', '物流:1', '催付:1', ':1']));
    expect((await db.outbox.toArray()).filter((e) => e.kind === 'group-order')).toEqual([]);
  });

  it('finds duplicates and merges them, keeping the uses; dismiss hides a set', async () => {
    const a = await add('欢迎语', '售前');
    const b = await createReply(db, { title: '欢迎语2', body: '欢迎语：您好 {{buyer}} 订单 {{order}} 已处理！', group: '售后', code: '', tags: ['新客'], variants: [], pinned: false }, who);
    await recordReplyUse(db, b.id, { now: NOW });
    const refund = await add('退款流程', '售后', { code: '/tk' });
    // A clash of codes the repository refuses, as an old backup or a sync could bring it.
    await db.replies.put({ ...refund, id: 'imported', title: '退款说明', body: '别的内容', group: '', code: '/TK' });
    const view = await show();
    view.one('library-duplicates-toggle').click();
    await until(() => expect(view.all('library-dup')).toHaveLength(2));
    const welcome = view.all('library-dup').find((d) => d.textContent.includes('欢迎语2'))!;
    expect(view.all('library-dup-reason', welcome).map((r) => r.dataset.reason)).toEqual(['near']);
    // Most used first: 欢迎语2 is kept unless another is chosen.
    view.all('library-dup-keep', welcome)[1]!.click();
    view.one('library-dup-merge', welcome).click();
    await until(() => expect(view.all('library-dup')).toHaveLength(1));
    const kept = (await listReplies(db)).find((r) => r.id === a.id)!;
    expect(kept).toMatchObject({ usageCount: 1, tags: ['新客'] });
    expect((await db.replies.get(b.id))!.deletedAt).toBe(NOW);
    view.one('library-dup-dismiss').click();
    await until(() => expect(view.all('library-dup-none')).toHaveLength(1));

    // The dismissal outlasts a reload of the page, and can be undone.
    view.unmount();
    const again = await show();
    again.one('library-duplicates-toggle').click();
    await until(() => expect(again.all('library-dup-show-dismissed')).toHaveLength(1));
    expect(again.all('library-dup')).toEqual([]);
    expect(again.one('library-dup-show-dismissed').textContent).toContain('1 组');
    again.one('library-dup-show-dismissed').click();
    await until(() => expect(again.all('library-dup')).toHaveLength(1));
    expect(again.all('library-dup-show-dismissed')).toEqual([]);
  });

  it('on an agent’s device shows team replies read-only, copies one to the agent’s own, and refuses a bulk delete that includes one', async () => {
    await seed();
    const team = (await listReplies(db)).find((r) => r.title === '欢迎语')!;
    await db.syncRecords.put({ id: `reply:${team.id}`, kind: 'reply', recordId: team.id, scope: 'team', heads: {}, conflicts: {} });
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: true });
    const view = await show();
    await until(() => expect(view.all('library-team-badge')).toHaveLength(1));
    expect(view.one('library-team-badge').closest('tr')!.textContent).toContain('欢迎语');

    view.all('library-edit').find((b) => b.textContent === '欢迎语')!.click();
    await until(() => expect(view.one('library-readonly').textContent).toContain('团队话术由主管维护'));
    expect(view.all('reply-title')).toEqual([]);
    expect(view.one('library-duplicate').textContent).toBe('复制到我的话术');
    view.one('library-duplicate').click();
    await until(() => expect(titles()).toContain('欢迎语（副本）'));
    const copy = (await listReplies(db)).find((r) => r.title === '欢迎语（副本）')!;
    expect((await db.syncRecords.get(`reply:${copy.id}`))?.scope).toBe('personal');

    box('欢迎语').click();
    box('节日问候').click();
    view.one('library-delete').click();
    await until(() => expect(view.one('library-error').textContent).toContain('这是团队话术，由主管维护'));
    expect((await listReplies(db)).filter((r) => r.deletedAt !== undefined)).toEqual([]);
  });

  it('marks a reply with a conflict copy from team sync and settles it from the editor, for every device', async () => {
    await seed();
    const reply = (await listReplies(db)).find((r) => r.title === '退款流程')!;
    await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: true });
    const head = '0001764000000000:00000:devB';
    await db.syncRecords.put({
      id: `reply:${reply.id}`,
      kind: 'reply',
      recordId: reply.id,
      scope: 'team',
      heads: { body: [head, '0001763000000000:00000:devC'] },
      conflicts: { body: [{ value: '小李同时改的退款说法', hlc: '0001763000000000:00000:devC', author: '小李' }] },
      conflictAt: NOW,
    });
    const view = await show();
    await until(() => expect(view.all('library-conflict-badge')).toHaveLength(1));
    view.all('library-edit').find((b) => b.textContent === '退款流程')!.click();
    await until(() => expect(view.one('library-conflict').textContent).toContain('小李同时改的退款说法'));
    expect(view.one('library-conflict').textContent).toContain('小李 写的内容');
    view.one('library-conflict-use').click();
    await until(() => expect((view.one('reply-body') as HTMLTextAreaElement).value).toBe('小李同时改的退款说法'));
    await until(() => expect(view.all('library-conflict-badge')).toEqual([]));
    await until(() => expect(view.all('library-conflicts')).toEqual([]));
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({ recordId: reply.id, fields: { body: '小李同时改的退款说法' }, base: { body: [head, '0001763000000000:00000:devC'] } });
  });

  it('speaks English', async () => {
    await seed();
    const view = await show('en');
    await until(() => expect(titles()).toHaveLength(5));
    expect(view.one('library-count').textContent).toBe('5 replies, 5 shown');
    expect(view.all('library-group').at(-1)!.textContent).toContain('Ungrouped');
  });
});
