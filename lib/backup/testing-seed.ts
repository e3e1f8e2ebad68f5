import { addCaseNote, openCase, setStepDone } from '../db/cases';
import { customerForContext, eraseCustomer, setCustomerTags } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import { addFollowUp, completeFollowUp, deleteFollowUp } from '../db/follow-ups';
import { moveGroup } from '../db/group-order';
import { addNote, deleteNote, editNote } from '../db/notes';
import { storeStagedNotes } from '../db/note-packs';
import { deleteReply, listReplies, recordReplyUse } from '../db/replies';
import { seedStarters } from '../db/seed';
import { queueEverything } from '../db/outbox';
import { metaId } from '../db/sync-records';
import { enableSyncState } from '../db/sync-state';

export const DAY = 24 * 60 * 60_000;
/** Monday 30 November 2026, 10:00 local time. */
export const NOW = new Date(2026, 10, 30, 10, 0).getTime();

/**
 * A database with rows in every table and the deleted kinds of each: the
 * starter replies (one deleted), checklists, rule sets and a group order; three customers,
 * one erased (a tombstone); notes pinned, edited and deleted; follow-ups done
 * and deleted; a complaint case with its history; reply insertions (usage
 * events); team sync's outbox, state and a conflict copy.
 */
export async function seedEveryTable(db: KefuDatabase): Promise<void> {
  const as = (author: string, at: number) => ({ author, now: at });
  await seedStarters(db, 'zh', as('主管', NOW - 30 * DAY));
  const [firstReply] = await listReplies(db);
  await deleteReply(db, firstReply!.id, as('主管', NOW - 20 * DAY));
  const [usedReply] = await listReplies(db);
  // A group order, as a supervisor leaves it: 售前 moved up, before 售后.
  await moveGroup(db, '售前', -1, as('主管', NOW - 20 * DAY));

  const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花，"VIP"', orderId: '4000123' }, as('小王', NOW - 10 * DAY));
  const xm = await customerForContext(db, { platform: 'pinduoduo', buyerName: '小明' }, as('小王', NOW - 9 * DAY));
  const gone = await customerForContext(db, { platform: 'feige', buyerName: '要求删除的买家' }, as('小王', NOW - 8 * DAY));
  await setCustomerTags(db, ahua.id, [{ name: 'VIP' }, { name: '爱砍价', color: '#112233' }], as('小王', NOW - 7 * DAY));

  const pinned = await addNote(db, ahua.id, { text: '=SUM(A1) 喜欢顺丰，晚上联系', orderId: '4000123', pinned: true }, as('小王', NOW - 6 * DAY));
  await editNote(db, pinned.id, { text: '喜欢顺丰，晚上联系\n第二行', orderId: '4000123', pinned: true }, as('小李', NOW - 5 * DAY));
  const wrong = await addNote(db, xm.id, { text: '记错了' }, as('小李', NOW - 5 * DAY));
  await deleteNote(db, wrong.id, as('小李', NOW - 4 * DAY));
  await addNote(db, gone.id, { text: '这条会随客户一起删除' }, as('小王', NOW - 4 * DAY));
  // A note a first sync staged and the background has not expanded yet (lib/db/note-packs.ts).
  const at = NOW - 8 * DAY;
  await storeStagedNotes(db, [{ id: 'staged-note-xm-1', customerId: xm.id, text: '要开发票，抬头写公司名', pinned: false, history: [], createdAt: at, updatedAt: at, author: '小李' }]);

  const done = await addFollowUp(db, ahua.id, { dueAt: NOW - 2 * DAY, reason: '确认换货已收到' }, as('小王', NOW - 4 * DAY));
  await completeFollowUp(db, done.id, as('小王', NOW - DAY));
  await addFollowUp(db, xm.id, { dueAt: NOW + 2 * DAY, reason: '节日问候' }, as('小李', NOW - 3 * DAY));
  const dropped = await addFollowUp(db, xm.id, { dueAt: NOW + 3 * DAY, reason: '不用了' }, as('小李', NOW - 3 * DAY));
  await deleteFollowUp(db, dropped.id, as('小李', NOW - 2 * DAY));

  // Usage events: an insertion for a kept customer, one for the customer erased below.
  await recordReplyUse(db, usedReply!.id, { ...as('小王', NOW - 3 * DAY), platform: 'feige', customerId: ahua.id });
  await recordReplyUse(db, usedReply!.id, { ...as('小王', NOW - 3 * DAY + 1), platform: 'feige', customerId: gone.id });

  const [template] = await db.checklistTemplates.toArray();
  const c = await openCase(db, ahua.id, { templateId: template!.id, summary: '包裹破损，要求赔偿', orderId: '4000123' }, as('小王', NOW - 2 * DAY));
  await setStepDone(db, c.id, template!.steps[0]!.id, true, as('小王', NOW - 2 * DAY + 60_000));
  await addCaseNote(db, c.id, '快递已赔付', as('小李', NOW - DAY));

  await eraseCustomer(db, gone.id, as('小王', NOW - DAY));

  // Team sync's bookkeeping: signed in, everything queued for the first push,
  // and one reply with a conflict copy as a pull would have left it.
  await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: false });
  await queueEverything(db);
  const queued = (await db.outbox.toArray()).find((e) => e.kind === 'reply');
  await db.syncRecords.put({
    id: metaId('reply', queued!.recordId),
    kind: 'reply',
    recordId: queued!.recordId,
    scope: 'team',
    heads: { body: [queued!.hlc] },
    conflicts: { body: [{ value: '另一台电脑上同时改的说法', hlc: queued!.hlc, author: '小李' }] },
    conflictAt: NOW - DAY,
  });
}
