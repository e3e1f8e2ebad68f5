import { AppError } from '../errors';
import { LIMITS } from '../sync/protocol';
import { tickHlc } from '../sync/hlc';
import type { KefuDatabase } from './database';
import { newId } from './ids';
import { applyingRemote } from './outbox';
import { Reply } from './records';
import { metaId, type OutboxEntry, type SyncRecordMeta } from './sync-records';
import { getSyncState } from './sync-state';

/** The reply fields whose concurrent versions are kept as conflict copies (lib/sync/merge.ts). */
export type ConflictField = 'title' | 'body' | 'variants';

/**
 * Settles a conflict on a reply's field: `value` (the current text, or one
 * of the copies) becomes the text, and the edit names every version shown
 * as its base, so the server drops the copies for every device. Written by
 * hand rather than through the outbox middleware because keeping the
 * current text is no change to the row, yet it must still be pushed.
 * Nothing happens when the conflict is already gone (settled in another tab,
 * or by a pull). An agent cannot settle a team reply's conflict.
 */
export async function resolveConflict(db: KefuDatabase, replyId: string, field: ConflictField, value: unknown, opts: { author: string; now?: number }): Promise<void> {
  await applyingRemote(db, ['replies'], async () => {
    const state = await getSyncState(db);
    const key = metaId('reply', replyId);
    const meta = await db.syncRecords.get(key);
    if (!state.enabled || !state.deviceId || !meta?.conflicts[field]?.length) return;
    if (meta.scope === 'team' && state.role !== 'supervisor') {
      throw new AppError('read-only', `Reply ${replyId} belongs to the team: only a supervisor settles its conflicts`, { form: 'team-reply-read-only' });
    }
    const current = await db.replies.get(replyId);
    if (!current) throw new AppError('not-found', `No reply ${replyId}`, { form: 'reply-gone' });
    const now = opts.now ?? Date.now();
    const next = Reply.parse({
      ...current,
      [field]: value,
      variantCursor: field === 'variants' ? 0 : current.variantCursor,
      updatedAt: Math.max(now, current.updatedAt + 1),
      author: opts.author,
    });
    await db.replies.put(next);

    const { hlc, state: clock } = tickHlc({ wall: state.hlcWall, counter: state.hlcCounter, node: state.deviceId }, now);
    const entry: OutboxEntry = {
      id: newId(),
      hlc,
      table: 'replies',
      kind: 'reply',
      recordId: replyId,
      op: 'put',
      scope: meta.scope,
      fields: { [field]: next[field] },
      base: { [field]: (meta.heads[field] ?? []).slice(-LIMITS.basePerField) },
      attempts: 0,
    };
    const conflicts = { ...meta.conflicts };
    delete conflicts[field];
    const settled: SyncRecordMeta = { ...meta, heads: { ...meta.heads, [field]: [hlc] }, conflicts };
    if (Object.keys(conflicts).length === 0) delete settled.conflictAt;
    await db.outbox.add(entry);
    await db.syncRecords.put(settled);
    await db.syncState.put({ ...state, hlcWall: clock.wall, hlcCounter: clock.counter });
  });
}
