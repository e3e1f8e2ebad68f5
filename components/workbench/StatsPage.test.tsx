import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KefuDatabase } from '@/lib/db/database';
import { addFollowUp, completeFollowUp } from '@/lib/db/follow-ups';
import { createReply, recordReplyUse } from '@/lib/db/replies';
import { freshDb } from '@/lib/db/testing';
import type { ExportFile } from '@/lib/export/case-export';
import { BOM } from '@/lib/export/csv';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { StatsPage } from './StatsPage';
import { WorkbenchApp } from './WorkbenchApp';
import { DAY, HOUR, MINUTE, NOW, seedCases, until } from './testing-seed';

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

function show(lang: 'zh' | 'en' = 'zh') {
  const files: ExportFile[] = [];
  view = render(<StatsPage db={db} now={NOW} onDownload={(f) => files.push(f)} />, lang);
  return { view, files };
}

/** The rows of a figure's table, each as its cells' text. */
const table = (testid: string) => view!.all(testid).map((tr) => [...tr.children].map((cell) => cell.textContent));
const text = (testid: string) => view!.one(testid).textContent;
const preset = (value: string) => view!.all('stats-preset').find((el) => (el as HTMLInputElement).value === value)!.click();
const setDate = (testid: string, value: string) => {
  const input = view!.one(testid) as HTMLInputElement;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
};

/** The workbench's cases (two today, one closed three days ago), three insertions, two follow-ups. */
async function seed() {
  const cases = await seedCases(db);
  const as = (author: string, now: number) => ({ author, now });
  const reply = (title: string, group: string) => createReply(db, { title, body: `${title}。`, group, code: '', tags: [], variants: [], pinned: false }, as('主管', NOW - 10 * DAY));
  const refund = await reply('退款流程', '售后');
  const hello = await reply('欢迎语', '售前');
  await reply('节日问候', '节日');
  const ahua = cases.customers.ahua.id;
  await recordReplyUse(db, refund.id, { ...as('小王', NOW - DAY), platform: 'feige', customerId: ahua });
  await recordReplyUse(db, refund.id, { ...as('小王', NOW - DAY + HOUR), platform: 'feige' });
  await recordReplyUse(db, hello.id, { ...as('小李', NOW - HOUR), platform: 'pinduoduo' });
  const f1 = await addFollowUp(db, ahua, { dueAt: NOW - 2 * DAY, reason: '确认收货' }, as('小王', NOW - 5 * DAY));
  await addFollowUp(db, ahua, { dueAt: NOW + 2 * HOUR, reason: '问尺码' }, as('小王', NOW - 5 * DAY));
  await completeFollowUp(db, f1.id, as('小王', NOW - DAY));
  return { refund, hello };
}

describe('StatsPage', () => {
  it('shows the last 7 days in tables beside the charts', async () => {
    await seed();
    show();
    await until(() => expect(text('stats-replies-total')).toBe('共插入 3 次'));
    expect(text('stats-range')).toBe('2026-11-24 至 2026-11-30');
    expect(table('stats-day-row')).toEqual([
      ['2026-11-24', '0'],
      ['2026-11-25', '0'],
      ['2026-11-26', '0'],
      ['2026-11-27', '0'],
      ['2026-11-28', '0'],
      ['2026-11-29', '2'],
      ['2026-11-30', '1'],
    ]);
    expect(table('stats-agent-row')).toEqual([
      ['小王', '2'],
      ['小李', '1'],
    ]);
    expect(table('stats-top-row')).toEqual([
      ['退款流程', '2'],
      ['欢迎语', '1'],
    ]);
    expect(table('stats-unused-row')).toEqual([['节日问候', '节日']]);
    expect(text('stats-cases-total')).toBe('这段时间新建 3 条投诉');
    expect(table('stats-type-row').filter((r) => r[1] !== '0')).toEqual([
      ['物流问题', '2'],
      ['质量问题', '1'],
    ]);
    expect(table('stats-status-row').filter((r) => r[1] !== '0')).toEqual([
      ['处理中', '2'],
      ['已结案', '1'],
    ]);
    // The closed case: first step after 10 minutes, closed after 22.
    expect(table('stats-time-row')).toEqual([
      ['首次响应（新建到第一个步骤完成）', '10 分钟', '10 分钟', '1'],
      ['结案（新建到结案）', '22 分钟', '22 分钟', '1'],
    ]);
    // The case opened two hours ago with a 30-minute first step.
    expect(table('stats-overdue-row')).toEqual([['安抚买家', '0', '1']]);
    expect(table('stats-followup-row').filter((r) => r[1] !== '0' || r[2] !== '0')).toEqual([
      ['2026-11-28', '1', '0'],
      ['2026-11-29', '0', '1'],
      ['2026-11-30', '1', '0'],
    ]);
    // A chart beside each table (drawn in a browser: the e2e test sees the canvases).
    expect(view!.container.querySelectorAll('[data-testid^="stats-chart-"]')).toHaveLength(8);
  });

  it('follows the date range: presets, custom dates, and a bad range says what to fix', async () => {
    await seed();
    show('en');
    await until(() => expect(text('stats-replies-total')).toBe('3 insertions'));
    preset('today');
    await until(() => expect(table('stats-day-row')).toEqual([['2026-11-30', '1']]));
    expect(text('stats-cases-total')).toBe('2 complaints opened in this period');
    expect(view!.all('stats-from')).toHaveLength(0);

    preset('custom');
    expect((view!.one('stats-from') as HTMLInputElement).value).toBe('2026-11-30');
    setDate('stats-from', '2026-11-27');
    setDate('stats-to', '2026-11-28');
    await until(() => expect(text('stats-range')).toBe('2026-11-27 to 2026-11-28'));
    await until(() => expect(view!.all('stats-replies-empty')).toHaveLength(1));
    expect(text('stats-replies-empty')).toContain('Each time a reply is inserted from the sidebar');
    expect(text('stats-cases-total')).toBe('1 complaints opened in this period');
    expect(table('stats-followup-row')).toEqual([
      ['2026-11-27', '0', '0'],
      ['2026-11-28', '1', '0'],
    ]);
    setDate('stats-to', '2026-11-26');
    setDate('stats-from', '2026-11-25');
    await until(() => expect(view!.all('stats-complaints-empty')).toHaveLength(1));
    expect(text('stats-complaints-empty')).toContain('Complaints tab');
    expect(view!.all('stats-followups-empty')).toHaveLength(1);

    setDate('stats-from', '2026-11-29');
    await until(() => expect(text('stats-range-error')).toBe('The start date is after the end date: change the range.'));
    expect(view!.all('stats-range')).toHaveLength(0);
    expect((view!.one('stats-export-csv') as HTMLButtonElement).disabled).toBe(true);
    preset('30d');
    await until(() => expect(text('stats-range')).toBe('2026-11-01 to 2026-11-30'));
    expect(view!.all('stats-range-error')).toHaveLength(0);
  });

  it('counts an insertion the moment it is recorded', async () => {
    const { hello } = await seed();
    show();
    await until(() => expect(text('stats-replies-total')).toBe('共插入 3 次'));
    await recordReplyUse(db, hello.id, { author: '小张', now: NOW + MINUTE });
    await until(() => expect(text('stats-replies-total')).toBe('共插入 4 次'));
    expect(table('stats-agent-row').map((r) => r[0])).toEqual(['小王', '小李', '小张']);
  });

  it('exports the numbers on screen as CSV', async () => {
    await seed();
    const { files } = show();
    await until(() => expect(text('stats-replies-total')).toBe('共插入 3 次'));
    view!.one('stats-export-csv').click();
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toBe('数据反馈-2026-11-24至2026-11-30.csv');
    const csv = files[0]!.data as string;
    expect(csv.startsWith(BOM)).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data;
    expect(rows.filter((r) => r[0] === '各客服插入次数')).toEqual([
      ['各客服插入次数', '小王', '2'],
      ['各客服插入次数', '小李', '1'],
    ]);
    expect(rows.filter((r) => r[0] === '超时未完成')).toEqual([['超时未完成', '安抚买家', '1']]);
  });

  it('says how data arrives when there is none', async () => {
    show();
    await until(() => expect(view!.all('stats-replies-empty')).toHaveLength(1));
    expect(text('stats-replies-empty')).toContain('每插入一次都会记在这里');
    expect(text('stats-complaints-empty')).toContain('新建投诉');
    expect(text('stats-followups-empty')).toContain('客户档案');
    expect(view!.container.querySelectorAll('[data-testid^="stats-chart-"]')).toHaveLength(0);
  });

  it('is the workbench’s #/stats, in its navigation', async () => {
    await seed();
    window.location.hash = '#/templates';
    view = render(<WorkbenchApp db={db} settings={{ ...DEFAULT_SETTINGS, agentName: '主管' }} now={NOW} />, 'en');
    await until(() => view!.one('nav-stats'));
    view.one('nav-stats').click();
    await until(() => expect(text('stats-replies-total')).toBe('3 insertions'));
    expect(window.location.hash).toBe('#/stats');
    expect(view.one('nav-stats').getAttribute('aria-current')).toBe('page');
    expect(view.one('nav-stats').textContent).toBe('Statistics');
    await until(() => expect(document.title).toBe('Statistics · Workbench'));
    window.location.hash = '';
  });
});
