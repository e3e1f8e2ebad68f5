import type { KefuDatabase } from './database';
import { newId } from './ids';
import { UsageEvent, type UsageEventBody, type UsageEventKind } from './records';
import { parseOrThrow } from './validation';

/**
 * Usage events (see UsageEvent in records.ts): appended by the repositories
 * inside the transaction of the write they describe (replies.ts
 * recordReplyUse, follow-ups.ts), so a count can never disagree with the
 * write it counts; erased with the customer they point at (customers.ts).
 * Nothing else writes this table.
 */

/** Appends one event. Call inside a rw transaction that includes usageEvents. */
export async function appendUsageEvent(db: KefuDatabase, body: UsageEventBody, opts: { author: string; now: number }): Promise<UsageEvent> {
  const event = parseOrThrow(UsageEvent, { ...body, id: newId(), createdAt: opts.now, updatedAt: opts.now, author: opts.author }, 'The usage event');
  await db.usageEvents.add(event);
  return event;
}

/** Events of one kind that happened in [from, to), oldest first. */
export async function listUsageEvents<K extends UsageEventKind>(
  db: KefuDatabase,
  kind: K,
  from: number,
  to: number,
): Promise<Extract<UsageEvent, { kind: K }>[]> {
  if (to <= from) return [];
  const rows = await db.usageEvents.where('[kind+createdAt]').between([kind, from], [kind, to], true, false).toArray();
  return rows as Extract<UsageEvent, { kind: K }>[];
}
