import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { openCase, setStepDone } from './cases';
import { customerForContext, eraseCustomer } from './customers';
import type { KefuDatabase } from './database';
import { addFollowUp, completeFollowUp, reopenFollowUp } from './follow-ups';
import { addNote, deleteNote, restoreNote } from './notes';
import { applyingRemote, queueEverything } from './outbox';
import { createTemplate, updateTemplate } from './checklist-templates';
import { createReply, deleteReplies, getReply, recordReplyUse, setPinned, updateReply } from './replies';
import { seedStarterChecklists } from './starter-checklists';
import { disableSyncState, enableSyncState, getSyncState } from './sync-state';
import { expectAppError, freshDb } from './testing';

const dbs: KefuDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

async function syncedDb(role: 'supervisor' | 'agent' = 'agent'): Promise<KefuDatabase> {
  const db = freshDb();
  dbs.push(db);
  await enableSyncState(db, { deviceId: 'devA', role, sameTeam: false });
  return db;
}

const who = { author: '小王' };
const TEMPLATE = { name: '一般投诉', type: 'general', steps: [{ id: 'record', title: '倾听记录', guidance: '', required: true, fields: [] }] };
const DRAFT = { title: '发货时间', body: '亲，48小时内发货', group: '售前', code: '/fh', tags: [], variants: [], pinned: false };

describe('outbox middleware', () => {
  it('queues nothing while sync is off (the default)', async () => {
    const db = freshDb();
    dbs.push(db);
    await createReply(db, DRAFT, who);
    expect(await db.outbox.count()).toBe(0);
    expect((await getSyncState(db)).status).toBe('off');
  });

  it('queues a put of the changed synced fields, in the write’s transaction, stamped in order', async () => {
    const db = await syncedDb();
    const r = await createReply(db, DRAFT, who);
    await updateReply(db, r.id, { ...DRAFT, body: '亲，24小时内发货' }, who);
    const [create, edit] = await db.outbox.orderBy('hlc').toArray();
    expect(create).toMatchObject({ kind: 'reply', recordId: r.id, op: 'put', scope: 'personal' });
    expect(Object.keys(create!.fields!).sort()).toEqual(['body', 'code', 'group', 'pinned', 'sortKey', 'tags', 'title', 'variants']);
    expect(edit!.fields).toEqual({ body: '亲，24小时内发货' });
    // The edit names the version it was made over, so the server can tell it from a concurrent one.
    expect(edit!.base).toEqual({ body: [create!.hlc] });
    expect(edit!.hlc > create!.hlc).toBe(true);
    expect(create!.hlc).toMatch(/:devA$/);
  });

  it('does not queue device-only fields (usage counters)', async () => {
    const db = await syncedDb();
    const r = await createReply(db, DRAFT, who);
    await recordReplyUse(db, r.id);
    expect(await db.outbox.count()).toBe(1);
  });

  it('turns tombstones into delete and restore, and notes carry their customer', async () => {
    const db = await syncedDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '王小明' }, who);
    const n = await addNote(db, c.id, { text: '要求顺丰' }, who);
    await deleteNote(db, n.id, who);
    await restoreNote(db, n.id, who);
    const notes = (await db.outbox.orderBy('hlc').toArray()).filter((e) => e.kind === 'note');
    // The delete also sets deletedBy (a synced field): a put of it, then the tombstone; the restore clears it.
    expect(notes.map((e) => e.op)).toEqual(['put', 'put', 'delete', 'put', 'restore']);
    expect(notes[1]!.fields).toEqual({ deletedBy: '小王' });
    expect(notes[3]).toMatchObject({ unset: ['deletedBy'] });
    expect(notes[3]!.fields).toBeUndefined();
    expect(notes.every((e) => e.customerId === c.id)).toBe(true);
  });

  it('queues a cleared optional field as unset, naming the version it cleared', async () => {
    const db = await syncedDb();
    const c = await customerForContext(db, { platform: 'feige', buyerName: '王小明' }, who);
    const f = await addFollowUp(db, c.id, { dueAt: Date.UTC(2026, 11, 2), reason: '确认收货' }, who);
    await completeFollowUp(db, f.id, who);
    await reopenFollowUp(db, f.id, who);
    const [, done, reopened] = (await db.outbox.orderBy('hlc').toArray()).filter((e) => e.kind === 'follow-up');
    expect(Object.keys(done!.fields!).sort()).toEqual(['doneAt', 'doneBy', 'status']);
    expect(reopened).toMatchObject({ op: 'put', fields: { status: 'open' }, unset: ['doneAt', 'doneBy'] });
  });

  it('queues case events with their case’s customer, and an erasure as one erase', async () => {
    const db = await syncedDb('supervisor');
    await seedStarterChecklists(db, 'zh', who);
    const c = await customerForContext(db, { platform: 'feige', buyerName: '王小明' }, who);
    const [template] = await db.checklistTemplates.toArray();
    const kase = await openCase(db, c.id, { templateId: template!.id, summary: '破损' }, who);
    await setStepDone(db, kase.id, kase.steps[0]!.id, true, who);
    const events = (await db.outbox.toArray()).filter((e) => e.kind === 'case-event');
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(events.every((e) => e.customerId === c.id && e.op === 'put' && e.fields?.caseId === kase.id)).toBe(true);
    const before = await db.outbox.count();
    await eraseCustomer(db, c.id, who);
    const after = (await db.outbox.orderBy('hlc').toArray()).slice(before);
    expect(after.map((e) => [e.kind, e.op])).toEqual([['customer', 'erase']]);
  });

  it('lets writes applied from the server through unqueued', async () => {
    const db = await syncedDb();
    await applyingRemote(db, ['replies'], async () => {
      await db.replies.put({ ...DRAFT, id: 'r-remote', createdAt: 1, updatedAt: 1, author: '小李', usageCount: 0, variantCursor: 0, sortKey: 1 });
    });
    expect(await db.replies.count()).toBe(1);
    expect(await db.outbox.count()).toBe(0);
  });

  it('rolls the outbox back with a write that fails', async () => {
    const db = await syncedDb();
    await createReply(db, DRAFT, who);
    await expect(createReply(db, DRAFT, who)).rejects.toMatchObject({ code: 'duplicate-code' });
    await expect(
      db.transaction('rw', db.replies, async () => {
        await db.replies.put({ ...DRAFT, code: '/x', id: 'r2', createdAt: 1, updatedAt: 1, author: '', usageCount: 0, variantCursor: 0, sortKey: 2 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.outbox.count()).toBe(1);
  });

  it('signing in queues what was written before; signing out drops the queue and keeps the records', async () => {
    const db = freshDb();
    dbs.push(db);
    await createReply(db, DRAFT, who);
    await customerForContext(db, { platform: 'feige', buyerName: '王小明' }, who);
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: false });
    expect(await queueEverything(db)).toBe(2);
    expect((await db.outbox.toArray()).map((e) => e.kind).sort()).toEqual(['customer', 'reply']);
    await disableSyncState(db);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.replies.count()).toBe(1);
    await createReply(db, { ...DRAFT, code: '/x' }, who);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('team records on an agent’s device', () => {
  /** An agent's database holding a reply and a template as if pulled from the team (sync meta of scope team). */
  async function agentWithTeamRecords() {
    const db = freshDb();
    dbs.push(db);
    const reply = await createReply(db, DRAFT, { author: '王主管' });
    const template = await createTemplate(db, TEMPLATE, { author: '王主管' });
    await db.syncRecords.bulkPut([
      { id: `reply:${reply.id}`, kind: 'reply', recordId: reply.id, scope: 'team', heads: {}, conflicts: {} },
      { id: `checklist-template:${template.id}`, kind: 'checklist-template', recordId: template.id, scope: 'team', heads: {}, conflicts: {} },
    ]);
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: true });
    return { db, reply, template };
  }

  it('refuses an agent’s edit, move or delete of a team reply before writing anything, saying why', async () => {
    const { db, reply } = await agentWithTeamRecords();
    const own = await createReply(db, { ...DRAFT, code: '/mine' }, who);
    const queued = await db.outbox.count();
    await expectAppError(updateReply(db, reply.id, { ...DRAFT, body: '改了' }, who), 'read-only', 'form', 'team-reply-read-only');
    await expectAppError(setPinned(db, reply.id, true, who), 'read-only', 'form', 'team-reply-read-only');
    // A bulk change that includes one team reply changes none of them.
    await expectAppError(deleteReplies(db, [own.id, reply.id], who), 'read-only', 'form', 'team-reply-read-only');
    expect(await getReply(db, own.id)).not.toHaveProperty('deletedAt');
    expect(await getReply(db, reply.id)).toMatchObject({ body: DRAFT.body, pinned: false });
    expect(await db.outbox.count()).toBe(queued);
    // Using it still counts, on this device.
    await recordReplyUse(db, reply.id);
    expect((await getReply(db, reply.id)).usageCount).toBe(1);
    // The agent's own replies are theirs to change.
    await updateReply(db, own.id, { ...DRAFT, code: '/mine', body: '我的说法' }, who);
    expect(await db.outbox.count()).toBe(queued + 1);
  });

  it('refuses an agent’s edit of a team template, and keeps the agent’s own templates on the device unqueued', async () => {
    const { db, template } = await agentWithTeamRecords();
    await expectAppError(updateTemplate(db, template.id, { ...TEMPLATE, name: '改名' }, who), 'read-only', 'form', 'team-template-read-only');
    const mine = await createTemplate(db, { ...TEMPLATE, name: '我的模板' }, who);
    await updateTemplate(db, mine.id, { ...TEMPLATE, name: '我的模板 2' }, who);
    expect((await db.outbox.toArray()).filter((e) => e.kind === 'checklist-template')).toEqual([]);
  });

  it('lets a supervisor change the team’s records', async () => {
    const { db, reply, template } = await agentWithTeamRecords();
    await enableSyncState(db, { deviceId: 'devA', role: 'supervisor', sameTeam: true });
    await updateReply(db, reply.id, { ...DRAFT, body: '主管改的' }, who);
    await updateTemplate(db, template.id, { ...TEMPLATE, name: '主管改名' }, who);
    expect((await db.outbox.toArray()).map((e) => e.kind).sort()).toEqual(['checklist-template', 'reply']);
  });
});
