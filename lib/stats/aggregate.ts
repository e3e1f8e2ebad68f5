import {
  ACTIVE_CASE_STATUSES,
  CaseStatus,
  ComplaintType,
  type ComplaintCase,
  type StoredCaseEvent,
} from '../db/complaint-records';
import type { FollowUp, Reply, UsageEvent } from '../db/records';
import { dayKey, daysOf, rangeBounds, type DateRange, type DayKey } from './range';

/**
 * The statistics (数据反馈) as pure functions over rows already read
 * (load.ts reads them): no database, no clock, no language, so each number
 * can be checked by hand in a unit test. Days are local days (range.ts).
 * Complaint numbers are about the cases opened in the range.
 */

export type ReplyInserted = Extract<UsageEvent, { kind: 'reply-inserted' }>;
export type FollowUpDoneOrReopened = Extract<UsageEvent, { kind: 'follow-up-done' | 'follow-up-reopened' }>;

export interface StatsInput {
  /** reply-inserted events in the range. */
  replyEvents: readonly ReplyInserted[];
  /** follow-up-done events in the range, and follow-up-reopened ones from the range's start on (a later undo cancels a done). */
  followUpEvents: readonly FollowUpDoneOrReopened[];
  /** Every reply row, deleted ones included (a deleted reply still has its title in "top replies"). */
  replies: readonly Reply[];
  /** Live cases opened in the range. */
  cases: readonly ComplaintCase[];
  /** The history of those cases (events of other cases are ignored). */
  caseEvents: readonly StoredCaseEvent[];
  /** Live follow-ups due (originally, before any snooze) in the range. */
  followUps: readonly FollowUp[];
}

export interface DayCount {
  day: DayKey;
  count: number;
}

/** Insertions per local day, every day of the range (zeros included). */
export function repliesPerDay(events: readonly ReplyInserted[], range: DateRange): DayCount[] {
  const counts = new Map(daysOf(range).map((day) => [day, 0]));
  for (const e of events) {
    const day = dayKey(e.createdAt);
    const n = counts.get(day);
    if (n !== undefined) counts.set(day, n + 1);
  }
  return [...counts].map(([day, count]) => ({ day, count }));
}

export interface AgentCount {
  /** The agent name from settings; '' for insertions made before a name was set. */
  agent: string;
  count: number;
}

/** Insertions per agent, most first (ties by name). */
export function repliesPerAgent(events: readonly ReplyInserted[]): AgentCount[] {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.author, (counts.get(e.author) ?? 0) + 1);
  return [...counts].map(([agent, count]) => ({ agent, count })).sort((a, b) => b.count - a.count || a.agent.localeCompare(b.agent, 'zh'));
}

export interface ReplyCount {
  replyId: string;
  /** '' when the reply is no longer in the database at all. */
  title: string;
  deleted: boolean;
  count: number;
}

/** The replies inserted most in the range, most first (ties by title), at most `limit`. */
export function topReplies(events: readonly ReplyInserted[], replies: readonly Reply[], limit = 10): ReplyCount[] {
  const byId = new Map(replies.map((r) => [r.id, r]));
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.replyId, (counts.get(e.replyId) ?? 0) + 1);
  return [...counts]
    .map(([replyId, count]) => {
      const reply = byId.get(replyId);
      return { replyId, title: reply?.title ?? '', deleted: reply === undefined || reply.deletedAt !== undefined, count };
    })
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title, 'zh'))
    .slice(0, limit);
}

export interface UnusedReply {
  replyId: string;
  title: string;
  group: string;
  createdAt: number;
}

/**
 * Live replies never inserted at all (their usage count, kept since the
 * first release, is zero): candidates to improve or remove. By group, then title.
 */
export function neverUsedReplies(replies: readonly Reply[]): UnusedReply[] {
  return replies
    .filter((r) => r.deletedAt === undefined && r.usageCount === 0)
    .map((r) => ({ replyId: r.id, title: r.title, group: r.group, createdAt: r.createdAt }))
    .sort((a, b) => a.group.localeCompare(b.group, 'zh') || a.title.localeCompare(b.title, 'zh'));
}

/** Cases per complaint type, every type in the schema's order (zeros included). */
export function complaintsByType(cases: readonly ComplaintCase[]): { type: ComplaintType; count: number }[] {
  return ComplaintType.options.map((type) => ({ type, count: cases.filter((c) => c.type === type).length }));
}

/** Cases per current status, every status in the schema's order (zeros included). */
export function complaintsByStatus(cases: readonly ComplaintCase[]): { status: CaseStatus; count: number }[] {
  return CaseStatus.options.map((status) => ({ status, count: cases.filter((c) => c.status === status).length }));
}

/**
 * The q-quantile of ascending `sorted`, interpolating between the two nearest
 * values (the method of Excel's PERCENTILE.INC, so a supervisor can check it
 * in a spreadsheet): the median of 1, 2, 3, 10 is 2.5.
 */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export interface DurationSummary {
  /** How many cases the figures are over. */
  count: number;
  /** Milliseconds; undefined when count is 0. */
  median: number | undefined;
  p90: number | undefined;
}

function summarize(durations: number[]): DurationSummary {
  const sorted = [...durations].sort((a, b) => a - b);
  return { count: sorted.length, median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

/**
 * Time to first response: from opening to the first step ticked (whichever
 * step; an untick later does not undo that the buyer was answered). Time to
 * close: from opening to the first time the case was closed (a reopened case
 * keeps that first close). Cases without such an event are not in the figures.
 */
export function caseDurations(cases: readonly ComplaintCase[], events: readonly StoredCaseEvent[]): { firstResponse: DurationSummary; close: DurationSummary } {
  const firstStep = new Map<string, number>();
  const firstClose = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'step-done') firstStep.set(e.caseId, Math.min(firstStep.get(e.caseId) ?? Infinity, e.createdAt));
    if (e.kind === 'status' && e.status === 'closed') firstClose.set(e.caseId, Math.min(firstClose.get(e.caseId) ?? Infinity, e.createdAt));
  }
  const after = (times: Map<string, number>) =>
    cases.flatMap((c) => {
      const at = times.get(c.id);
      return at === undefined ? [] : [Math.max(0, at - c.openedAt)];
    });
  return { firstResponse: summarize(after(firstStep)), close: summarize(after(firstClose)) };
}

export interface OverdueStep {
  /** The step's title as copied into the cases. */
  title: string;
  /** Ticked after its deadline. */
  late: number;
  /** Not ticked, deadline passed, case still active. */
  open: number;
}

/**
 * Steps that missed their time limit, by step title (most first): done late,
 * or still not done past the deadline while the case is active. A closed or
 * resolved case's unticked optional step is not overdue: nobody works it any more.
 */
export function overdueSteps(cases: readonly ComplaintCase[], now: number): { late: number; open: number; byStep: OverdueStep[] } {
  const byTitle = new Map<string, OverdueStep>();
  let late = 0;
  let open = 0;
  for (const c of cases) {
    const active = ACTIVE_CASE_STATUSES.includes(c.status);
    for (const step of c.steps) {
      if (step.dueAt === undefined) continue;
      const isLate = step.doneAt !== undefined && step.doneAt > step.dueAt;
      const isOpen = step.doneAt === undefined && active && now > step.dueAt;
      if (!isLate && !isOpen) continue;
      const row = byTitle.get(step.title) ?? { title: step.title, late: 0, open: 0 };
      if (isLate) {
        row.late += 1;
        late += 1;
      } else {
        row.open += 1;
        open += 1;
      }
      byTitle.set(step.title, row);
    }
  }
  const byStep = [...byTitle.values()].sort((a, b) => b.late + b.open - (a.late + a.open) || a.title.localeCompare(b.title, 'zh'));
  return { late, open, byStep };
}

export interface FollowUpDay {
  day: DayKey;
  /** Follow-ups originally due that day. */
  due: number;
  /** Follow-ups marked done that day (and not reopened since). */
  done: number;
}

/** Follow-ups due vs done per local day of the range. */
export function followUpsPerDay(followUps: readonly FollowUp[], events: readonly FollowUpDoneOrReopened[], range: DateRange): FollowUpDay[] {
  const { start, end } = rangeBounds(range);
  const rows = new Map(daysOf(range).map((day) => [day, { day, due: 0, done: 0 }]));
  for (const f of followUps) {
    if (f.deletedAt === undefined && f.dueAt >= start && f.dueAt < end) rows.get(dayKey(f.dueAt))!.due += 1;
  }
  const ordered = [...events].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  // A done counts unless the same follow-up was reopened after it.
  const lastReopen = new Map<string, number>();
  for (const e of ordered) if (e.kind === 'follow-up-reopened') lastReopen.set(e.followUpId, e.createdAt);
  for (const e of ordered) {
    if (e.kind !== 'follow-up-done' || e.createdAt < start || e.createdAt >= end) continue;
    if ((lastReopen.get(e.followUpId) ?? -Infinity) >= e.createdAt) continue;
    rows.get(dayKey(e.createdAt))!.done += 1;
  }
  return [...rows.values()];
}

export interface Stats {
  range: DateRange;
  repliesPerDay: DayCount[];
  repliesPerAgent: AgentCount[];
  repliesTotal: number;
  topReplies: ReplyCount[];
  neverUsed: UnusedReply[];
  casesTotal: number;
  complaintsByType: { type: ComplaintType; count: number }[];
  complaintsByStatus: { status: CaseStatus; count: number }[];
  firstResponse: DurationSummary;
  close: DurationSummary;
  overdue: { late: number; open: number; byStep: OverdueStep[] };
  followUps: FollowUpDay[];
}

/** Every figure of the statistics page for `range`, as of `now`. */
export function computeStats(input: StatsInput, range: DateRange, now: number): Stats {
  const caseIds = new Set(input.cases.map((c) => c.id));
  const durations = caseDurations(
    input.cases,
    input.caseEvents.filter((e) => caseIds.has(e.caseId)),
  );
  return {
    range,
    repliesPerDay: repliesPerDay(input.replyEvents, range),
    repliesPerAgent: repliesPerAgent(input.replyEvents),
    repliesTotal: input.replyEvents.length,
    topReplies: topReplies(input.replyEvents, input.replies),
    neverUsed: neverUsedReplies(input.replies),
    casesTotal: input.cases.length,
    complaintsByType: complaintsByType(input.cases),
    complaintsByStatus: complaintsByStatus(input.cases),
    ...durations,
    overdue: overdueSteps(input.cases, now),
    followUps: followUpsPerDay(input.followUps, input.followUpEvents, range),
  };
}
