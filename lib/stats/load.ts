import type { KefuDatabase } from '../db/database';
import { listUsageEvents } from '../db/usage-events';
import type { StatsInput } from './aggregate';
import { rangeBounds, type DateRange } from './range';

/**
 * Reads what the statistics of `range` are computed from, in one read
 * transaction (a consistent snapshot while agents keep writing):
 * - insertions and follow-up events: one [kind+createdAt] range each;
 * - cases opened in the range: the cases.createdAt range; their history: the
 *   caseEvents.updatedAt range from the range's start (an event is never
 *   older than its case), filtered to those cases;
 * - replies: the whole table (titles of the top replies, the never-used ones);
 *   20,000 replies read in well under a second;
 * - follow-ups: the whole table, filtered by their original due time, which
 *   has no index (remindAt moves with a snooze). A team's follow-ups are tens
 *   of thousands at most, and the page is opened a few times a day: cheaper
 *   than one more index on every follow-up write.
 */
export async function loadStatsInput(db: KefuDatabase, range: DateRange): Promise<StatsInput> {
  const { start, end } = rangeBounds(range);
  return db.transaction('r', [db.usageEvents, db.replies, db.cases, db.caseEvents, db.followUps], async () => {
    const replyEvents = await listUsageEvents(db, 'reply-inserted', start, end);
    const done = await listUsageEvents(db, 'follow-up-done', start, end);
    const reopened = await listUsageEvents(db, 'follow-up-reopened', start, Infinity);
    const replies = await db.replies.toArray();
    const cases = (await db.cases.where('createdAt').between(start, end, true, false).toArray()).filter((c) => c.deletedAt === undefined);
    const ids = new Set(cases.map((c) => c.id));
    const caseEvents = ids.size === 0 ? [] : (await db.caseEvents.where('updatedAt').aboveOrEqual(start).toArray()).filter((e) => ids.has(e.caseId));
    const followUps = (await db.followUps.toArray()).filter((f) => f.deletedAt === undefined && f.dueAt >= start && f.dueAt < end);
    return { replyEvents, followUpEvents: [...done, ...reopened], replies, cases, caseEvents, followUps };
  });
}
