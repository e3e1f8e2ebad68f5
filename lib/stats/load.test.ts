import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCase, setCaseStatus, setStepDone } from '../db/cases';
import { createTemplate } from '../db/checklist-templates';
import { customerForContext, eraseCustomer } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import { addFollowUp, completeFollowUp, reopenFollowUp } from '../db/follow-ups';
import { createReply, recordReplyUse } from '../db/replies';
import { freshDb } from '../db/testing';
import { BOM } from '../export/csv';
import { computeStats } from './aggregate';
import { formatDuration, statsCsvFile } from './export';
import { loadStatsInput } from './load';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (day: number, hour: number, minute = 0) => new Date(2026, 2, day, hour, minute).getTime();
const RANGE = { from: '2026-03-08', to: '2026-03-10' };
const NOW = at(10, 18);

let db: KefuDatabase;
beforeEach(() => {
  db = freshDb();
});
afterEach(async () => {
  await db.delete();
});

/** Three days of a small team's work, written through the repositories as the sidebar writes it. */
async function seed() {
  const as = (author: string, now: number) => ({ author, now });
  const refund = await createReply(db, { title: '退款流程', body: '您好，退款将在1-3个工作日内原路退回。', group: '售后', code: '/tk', tags: [], variants: [], pinned: false }, as('主管', at(1, 9)));
  const hello = await createReply(db, { title: '欢迎语', body: '您好，欢迎光临！', group: '售前', code: '', tags: [], variants: [], pinned: false }, as('主管', at(1, 9)));
  await createReply(db, { title: '=1+1 公式', body: '不会被表格执行', group: '售前', code: '', tags: [], variants: [], pinned: false }, as('主管', at(1, 9)));
  const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, as('小王', at(8, 9)));
  const xm = await customerForContext(db, { platform: 'feige', buyerName: '小明' }, as('小王', at(8, 9)));

  await recordReplyUse(db, refund.id, { ...as('小王', at(7, 23, 59)), platform: 'feige' }); // before the range
  await recordReplyUse(db, refund.id, { ...as('小王', at(8, 9)), platform: 'feige', customerId: ahua.id });
  await recordReplyUse(db, refund.id, { ...as('小李', at(10, 11)), platform: 'feige', customerId: xm.id });
  await recordReplyUse(db, hello.id, { ...as('小王', at(10, 12)), platform: 'feige', customerId: xm.id });

  const template = await createTemplate(
    db,
    {
      name: '物流问题',
      type: 'logistics',
      steps: [
        { id: 'calm', title: '安抚买家', guidance: '', fields: [], required: true, timeLimitMinutes: 30 },
        { id: 'close', title: '结案', guidance: '', fields: [], required: false },
      ],
    },
    as('主管', at(1, 9)),
  );
  const closed = await openCase(db, ahua.id, { templateId: template.id }, as('小王', at(8, 10)));
  await setStepDone(db, closed.id, 'calm', true, as('小王', at(8, 10, 45))); // 45 min: late
  await setCaseStatus(db, closed.id, 'closed', as('小王', at(8, 12)));
  await openCase(db, xm.id, { templateId: template.id }, as('小李', at(10, 9))); // calm overdue since 9:30
  await openCase(db, xm.id, { templateId: template.id }, as('小李', at(11, 9))); // after the range

  const f1 = await addFollowUp(db, ahua.id, { dueAt: at(9, 10), reason: '确认收货' }, as('小王', at(8, 9)));
  const f2 = await addFollowUp(db, xm.id, { dueAt: at(10, 10), reason: '问尺码' }, as('小王', at(8, 9)));
  await completeFollowUp(db, f1.id, as('小王', at(9, 11)));
  await completeFollowUp(db, f2.id, as('小李', at(10, 10)));
  await reopenFollowUp(db, f2.id, as('小李', at(10, 10, 1)));
  return { refund, hello, ahua, xm };
}

describe('statistics from the database', () => {
  it('reads the range’s rows and computes the figures', async () => {
    const { refund } = await seed();
    const stats = computeStats(await loadStatsInput(db, RANGE), RANGE, NOW);
    expect(stats.repliesPerDay.map((d) => d.count)).toEqual([1, 0, 2]);
    expect(stats.repliesPerAgent).toEqual([
      { agent: '小王', count: 2 },
      { agent: '小李', count: 1 },
    ]);
    expect(stats.topReplies.map((r) => [r.title, r.count])).toEqual([
      ['退款流程', 2],
      ['欢迎语', 1],
    ]);
    expect(stats.topReplies[0]!.replyId).toBe(refund.id);
    expect(stats.neverUsed.map((r) => r.title)).toEqual(['=1+1 公式']);
    expect(stats.casesTotal).toBe(2);
    expect(stats.complaintsByType.find((c) => c.type === 'logistics')?.count).toBe(2);
    expect(stats.complaintsByStatus.filter((c) => c.count > 0)).toEqual([
      { status: 'open', count: 1 },
      { status: 'closed', count: 1 },
    ]);
    expect(stats.firstResponse).toEqual({ count: 1, median: 45 * MINUTE, p90: 45 * MINUTE });
    expect(stats.close).toEqual({ count: 1, median: 2 * HOUR, p90: 2 * HOUR });
    expect(stats.overdue).toEqual({ late: 1, open: 1, byStep: [{ title: '安抚买家', late: 1, open: 1 }] });
    expect(stats.followUps).toEqual([
      { day: '2026-03-08', due: 0, done: 0 },
      { day: '2026-03-09', due: 1, done: 1 },
      { day: '2026-03-10', due: 1, done: 0 },
    ]);
  });

  it('an erased customer’s insertions and follow-ups drop out of the figures', async () => {
    const { ahua } = await seed();
    await eraseCustomer(db, ahua.id, { author: '主管', now: NOW });
    const stats = computeStats(await loadStatsInput(db, RANGE), RANGE, NOW);
    expect(stats.repliesPerDay.map((d) => d.count)).toEqual([0, 0, 2]);
    expect(stats.followUps.map((d) => d.done)).toEqual([0, 0, 0]);
    expect(stats.casesTotal).toBe(1);
  });

  it('exports the numbers as a UTF-8 CSV with a BOM, one number per row, formulas defused', async () => {
    await seed();
    const stats = computeStats(await loadStatsInput(db, RANGE), RANGE, NOW);
    const file = statsCsvFile(stats, 'zh');
    expect(file.name).toBe('数据反馈-2026-03-08至2026-03-10.csv');
    const text = file.data as string;
    expect(text.startsWith(BOM)).toBe(true);
    const { data, errors } = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
    expect(errors).toEqual([]);
    expect(data[0]).toEqual(['指标', '项目', '数值']);
    expect(data[1]).toEqual(['日期范围', '2026-03-08 至 2026-03-10', '']);
    const rows = (metric: string) => data.filter((r) => r[0] === metric).map((r) => [r[1], r[2]]);
    expect(rows('每天插入次数')).toEqual([
      ['2026-03-08', '1'],
      ['2026-03-09', '0'],
      ['2026-03-10', '2'],
    ]);
    expect(rows('最常用的话术')).toEqual([
      ['退款流程', '2'],
      ['欢迎语', '1'],
    ]);
    expect(rows('从未使用的话术')).toEqual([["'=1+1 公式", '0']]);
    expect(rows('按类型')).toContainEqual(['物流问题', '2']);
    expect(rows('首次响应（分钟）')).toEqual([
      ['中位数', '45'],
      ['90% 在此之内', '45'],
      ['投诉数', '1'],
    ]);
    expect(rows('结案（分钟）')[0]).toEqual(['中位数', '120']);
    expect(rows('超时后完成')).toEqual([['安抚买家', '1']]);
    expect(rows('完成')).toEqual([
      ['2026-03-08', '0'],
      ['2026-03-09', '1'],
      ['2026-03-10', '0'],
    ]);

    const en = statsCsvFile(stats, 'en');
    expect(en.name).toBe('statistics-2026-03-08-to-2026-03-10.csv');
    expect((en.data as string).split('\r\n')[0]).toBe(`${BOM}Metric,Item,Value`);
  });

  it('formats durations for people', () => {
    expect(formatDuration('zh', 59_999)).toBe('0 分钟');
    expect(formatDuration('zh', 45 * MINUTE)).toBe('45 分钟');
    expect(formatDuration('en', 3 * HOUR + 5 * MINUTE)).toBe('3 h 5 min');
    expect(formatDuration('zh', 50 * HOUR)).toBe('2 天 2 小时');
  });
});
