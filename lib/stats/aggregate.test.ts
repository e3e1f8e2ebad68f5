import { describe, expect, it } from 'vitest';
import type { CaseStep, ComplaintCase, StoredCaseEvent } from '../db/complaint-records';
import type { FollowUp, Reply } from '../db/records';
import {
  caseDurations,
  complaintsByStatus,
  complaintsByType,
  computeStats,
  followUpsPerDay,
  neverUsedReplies,
  overdueSteps,
  quantile,
  repliesPerAgent,
  repliesPerDay,
  topReplies,
  type FollowUpDoneOrReopened,
  type ReplyInserted,
} from './aggregate';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Local times, so the expectations hold in any time zone the tests run in. */
const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute).getTime();
const MARCH_8_TO_10 = { from: '2026-03-08', to: '2026-03-10' };

let seq = 0;
const inserted = (replyId: string, author: string, createdAt: number): ReplyInserted => ({
  id: `e${++seq}`,
  kind: 'reply-inserted',
  replyId,
  author,
  createdAt,
  updatedAt: createdAt,
});

const reply = (id: string, title: string, extra: Partial<Reply> = {}): Reply => ({
  id,
  title,
  body: `${title}正文`,
  group: '售后',
  code: '',
  tags: [],
  variants: [],
  pinned: false,
  usageCount: 0,
  variantCursor: 0,
  sortKey: 1,
  createdAt: at(1, 9),
  updatedAt: at(1, 9),
  author: '主管',
  ...extra,
});

const step = (id: string, title: string, extra: Partial<CaseStep> = {}): CaseStep => ({ id, title, guidance: '', fields: [], required: true, values: {}, ...extra });

const caseRow = (id: string, extra: Partial<ComplaintCase>): ComplaintCase => ({
  id,
  customerId: 'c1',
  type: 'general',
  severity: 'normal',
  status: 'open',
  summary: '',
  templateId: 't1',
  templateName: '一般投诉',
  steps: [step('record', '倾听记录')],
  openedAt: at(9, 10),
  openedBy: '小王',
  createdAt: at(9, 10),
  updatedAt: at(9, 10),
  author: '小王',
  ...extra,
});

const caseEvent = (caseId: string, createdAt: number, body: Record<string, unknown>): StoredCaseEvent =>
  ({ id: `ce${++seq}`, caseId, createdAt, updatedAt: createdAt, author: '小王', ...body }) as StoredCaseEvent;

const followUp = (id: string, dueAt: number, extra: Partial<FollowUp> = {}): FollowUp => ({
  id,
  customerId: 'c1',
  dueAt,
  remindAt: dueAt,
  reason: '回访',
  status: 'open',
  createdAt: at(1, 9),
  updatedAt: at(1, 9),
  author: '小王',
  ...extra,
});

const fuEvent = (kind: FollowUpDoneOrReopened['kind'], followUpId: string, createdAt: number): FollowUpDoneOrReopened => ({
  id: `fe${++seq}`,
  kind,
  followUpId,
  customerId: 'c1',
  author: '小王',
  createdAt,
  updatedAt: createdAt,
});

describe('replies inserted', () => {
  const events = [
    inserted('r1', '小王', at(8, 0, 0)), // first minute of the range
    inserted('r1', '小李', at(8, 23, 59)),
    inserted('r2', '小王', at(10, 12)),
    inserted('r1', '小王', at(10, 23, 59)),
    inserted('r3', '', at(10, 18)),
  ];

  it('per local day, every day of the range, zeros included; events outside the range are not counted', () => {
    expect(repliesPerDay([...events, inserted('r1', '小王', at(11, 0, 0)), inserted('r1', '小王', at(7, 23, 59))], MARCH_8_TO_10)).toEqual([
      { day: '2026-03-08', count: 2 },
      { day: '2026-03-09', count: 0 },
      { day: '2026-03-10', count: 3 },
    ]);
  });

  it('per agent, most first, ties by name; an agent with no name set is its own row', () => {
    expect(repliesPerAgent(events)).toEqual([
      { agent: '小王', count: 3 },
      { agent: '', count: 1 },
      { agent: '小李', count: 1 },
    ]);
  });

  it('top replies by count, with titles, deleted ones marked, at most `limit`', () => {
    const replies = [reply('r1', '退款流程'), reply('r2', '催付', { deletedAt: at(9, 9) })];
    expect(topReplies(events, replies)).toEqual([
      { replyId: 'r1', title: '退款流程', deleted: false, count: 3 },
      { replyId: 'r3', title: '', deleted: true, count: 1 },
      { replyId: 'r2', title: '催付', deleted: true, count: 1 },
    ]);
    expect(topReplies(events, replies, 1).map((r) => r.replyId)).toEqual(['r1']);
  });

  it('never used: live replies whose usage count is zero, by group then title', () => {
    const replies = [
      reply('a', '欢迎语', { group: '售前' }),
      reply('b', '退款流程', { usageCount: 4 }),
      reply('c', '催付提醒', { group: '催付' }),
      reply('d', '已删除的', { deletedAt: at(2, 9) }),
      reply('e', '包邮说明', { group: '售前' }),
    ];
    expect(neverUsedReplies(replies).map((r) => r.title)).toEqual(['催付提醒', '包邮说明', '欢迎语']);
  });
});

describe('complaints', () => {
  it('by type and by status, every value in the schema’s order', () => {
    const cases = [
      caseRow('a', { type: 'logistics', status: 'closed' }),
      caseRow('b', { type: 'logistics' }),
      caseRow('c', { type: 'refund', status: 'waiting-buyer' }),
    ];
    expect(complaintsByType(cases)).toEqual([
      { type: 'general', count: 0 },
      { type: 'logistics', count: 2 },
      { type: 'quality', count: 0 },
      { type: 'refund', count: 1 },
      { type: 'bad-review', count: 0 },
    ]);
    expect(complaintsByStatus(cases).filter((s) => s.count > 0)).toEqual([
      { status: 'open', count: 1 },
      { status: 'waiting-buyer', count: 1 },
      { status: 'closed', count: 1 },
    ]);
    expect(complaintsByStatus(cases)).toHaveLength(6);
  });

  it('quantiles interpolate like PERCENTILE.INC', () => {
    expect(quantile([], 0.5)).toBeUndefined();
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2, 3, 10], 0.5)).toBe(2.5);
    // (4 - 1) * 0.9 = 2.7: 3 + 0.7 * (10 - 3)
    expect(quantile([1, 2, 3, 10], 0.9)).toBeCloseTo(7.9);
  });

  it('time to first response and to close: first step ticked, first close; median and p90 over the cases that have one', () => {
    const open = at(9, 10);
    const cases = ['a', 'b', 'c', 'd'].map((id) => caseRow(id, { openedAt: open }));
    const events = [
      // a: first step after 10 min (the later tick and the untick do not matter), closed after 2 h, reopened, closed again.
      caseEvent('a', open + 30 * MINUTE, { kind: 'step-done', stepId: 'calm' }),
      caseEvent('a', open + 10 * MINUTE, { kind: 'step-done', stepId: 'record' }),
      caseEvent('a', open + 11 * MINUTE, { kind: 'step-undone', stepId: 'record' }),
      caseEvent('a', open + 2 * HOUR, { kind: 'status', status: 'closed' }),
      caseEvent('a', open + 3 * HOUR, { kind: 'status', status: 'reopened' }),
      caseEvent('a', open + 5 * HOUR, { kind: 'status', status: 'closed' }),
      // b: 20 min, closed after 4 h; c: 60 min, never closed; d: nothing yet.
      caseEvent('b', open + 20 * MINUTE, { kind: 'step-done', stepId: 'record' }),
      caseEvent('b', open + 4 * HOUR, { kind: 'status', status: 'closed' }),
      caseEvent('c', open + 60 * MINUTE, { kind: 'step-done', stepId: 'record' }),
      caseEvent('c', open + 61 * MINUTE, { kind: 'status', status: 'resolved' }),
      caseEvent('d', open + MINUTE, { kind: 'note', text: '买家不回复' }),
    ];
    const { firstResponse, close } = caseDurations(cases, events);
    // 10, 20, 60 min: median 20; p90 at 1.8 → 20 + 0.8 * 40 = 52 min.
    expect(firstResponse).toEqual({ count: 3, median: 20 * MINUTE, p90: 52 * MINUTE });
    // 2 h, 4 h: median 3 h; p90 at 0.9 → 2 h + 0.9 * 2 h = 3.8 h.
    expect(close.count).toBe(2);
    expect(close.median).toBe(3 * HOUR);
    expect(close.p90).toBeCloseTo(3.8 * HOUR);
  });

  it('overdue steps: done late, or not done past the deadline while the case is active; by step title', () => {
    const now = at(10, 12);
    const due = at(10, 10);
    const cases = [
      caseRow('a', {
        steps: [
          step('calm', '安抚买家', { dueAt: due, doneAt: due + MINUTE }), // late
          step('record', '倾听记录', { dueAt: due, doneAt: due }), // on the minute: on time
          step('investigate', '调查原因', { dueAt: due }), // open, overdue
          step('close', '结案', { dueAt: now + HOUR }), // not due yet
          step('archive', '归档'), // no limit
        ],
      }),
      caseRow('b', { status: 'waiting-department', steps: [step('calm', '安抚买家', { dueAt: due })] }), // open, overdue
      caseRow('c', { status: 'closed', steps: [step('calm', '安抚买家', { dueAt: due })] }), // closed: not counted
      caseRow('d', { status: 'reopened', steps: [step('investigate', '调查原因', { dueAt: due, doneAt: due + HOUR })] }), // late
    ];
    expect(overdueSteps(cases, now)).toEqual({
      late: 2,
      open: 2,
      byStep: [
        { title: '安抚买家', late: 1, open: 1 },
        { title: '调查原因', late: 1, open: 1 },
      ],
    });
  });
});

describe('follow-ups done vs due', () => {
  it('due by the original due time, done by the day marked done, a done undone by a later reopen not counted', () => {
    const followUps = [
      followUp('f1', at(8, 10)),
      followUp('f2', at(8, 15), { snoozedUntil: at(12, 9), remindAt: at(12, 9) }), // snoozed out of the range: still due on the 8th
      followUp('f3', at(10, 9), { status: 'done', doneAt: at(10, 9) }),
      followUp('f4', at(11, 9)), // after the range
      followUp('f5', at(9, 9), { deletedAt: at(9, 8) }), // deleted
    ];
    const events = [
      fuEvent('follow-up-done', 'f1', at(9, 11)),
      fuEvent('follow-up-done', 'f9', at(9, 12)), // due before the range, done in it
      fuEvent('follow-up-done', 'f3', at(10, 8)),
      fuEvent('follow-up-reopened', 'f3', at(10, 8, 1)),
      fuEvent('follow-up-done', 'f3', at(10, 9)), // done again: counts
      fuEvent('follow-up-done', 'f6', at(10, 20)),
      fuEvent('follow-up-reopened', 'f6', at(11, 8)), // reopened after the range: the done no longer counts
    ];
    expect(followUpsPerDay(followUps, events, MARCH_8_TO_10)).toEqual([
      { day: '2026-03-08', due: 2, done: 0 },
      { day: '2026-03-09', due: 0, done: 2 },
      { day: '2026-03-10', due: 1, done: 1 },
    ]);
  });
});

describe('computeStats', () => {
  it('puts the figures together, counting only the history of the cases in the range', () => {
    const stats = computeStats(
      {
        replyEvents: [inserted('r1', '小王', at(9, 9)), inserted('r1', '小王', at(9, 10))],
        followUpEvents: [],
        replies: [reply('r1', '退款流程', { usageCount: 2 }), reply('r2', '欢迎语')],
        cases: [caseRow('a', { type: 'quality' })],
        caseEvents: [caseEvent('a', at(9, 10, 5), { kind: 'step-done', stepId: 'record' }), caseEvent('other', at(9, 10, 1), { kind: 'step-done', stepId: 'record' })],
        followUps: [],
      },
      MARCH_8_TO_10,
      at(10, 12),
    );
    expect(stats.repliesTotal).toBe(2);
    expect(stats.repliesPerDay.map((d) => d.count)).toEqual([0, 2, 0]);
    expect(stats.topReplies).toEqual([{ replyId: 'r1', title: '退款流程', deleted: false, count: 2 }]);
    expect(stats.neverUsed.map((r) => r.replyId)).toEqual(['r2']);
    expect(stats.casesTotal).toBe(1);
    expect(stats.firstResponse).toEqual({ count: 1, median: 5 * MINUTE, p90: 5 * MINUTE });
    expect(stats.close).toEqual({ count: 0, median: undefined, p90: undefined });
    expect(stats.followUps).toEqual([
      { day: '2026-03-08', due: 0, done: 0 },
      { day: '2026-03-09', due: 0, done: 0 },
      { day: '2026-03-10', due: 0, done: 0 },
    ]);
  });
});
