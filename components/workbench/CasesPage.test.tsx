import { FORMULA_START } from '@/lib/export/csv';
import Papa from 'papaparse';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KefuDatabase } from '@/lib/db/database';
import { freshDb } from '@/lib/db/testing';
import type { ExportFile } from '@/lib/export/case-export';
import { BOM } from '@/lib/export/csv';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { until } from './testing-seed';
import { EMPTY_CASE_FILTER, type CaseFilterState } from './case-filter';
import { CasesPage } from './CasesPage';
import { NOW, seedCases } from './testing-seed';

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
  const opened: string[] = [];
  const files: ExportFile[] = [];
  function Page() {
    const [filter, setFilter] = useState<CaseFilterState>(EMPTY_CASE_FILTER);
    return <CasesPage db={db} now={NOW} filter={filter} onFilter={setFilter} onOpen={(id) => opened.push(id)} onDownload={(f) => files.push(f)} />;
  }
  view = render(<Page />, lang);
  return { view, opened, files };
}

const rows = () => view!.all('case-row');
const rowIds = () => rows().map((r) => r.dataset.caseId);
const click = (el: HTMLElement) => el.click();
const check = (testid: string, value: string) => click(view!.all(testid).find((el) => (el as HTMLInputElement).value === value)!);

describe('CasesPage', () => {
  it('lists every case, overdue first then newest, with customer, type, severity, status, next step and countdown', async () => {
    const { overdue, fresh, closed } = await seedCases(db);
    show();
    await until(() => expect(rowIds()).toEqual([overdue.id, fresh.id, closed.id]));
    await until(() => expect(rows()[0]!.textContent).toContain('小明'));
    const [first, second, third] = rows();
    expect(first!.dataset.overdue).toBe('true');
    expect(first!.textContent).toContain('物流问题');
    expect(view!.one('case-row-next', first).textContent).toContain('安抚买家');
    expect(view!.one('case-row-next', first).textContent).toContain('已超时 1 小时');
    expect(first!.textContent).toContain('小李');
    expect(second!.textContent).toContain('莉莉');
    expect(second!.textContent).toContain('紧急');
    expect(view!.one('case-row-next', second).textContent).toContain('剩余 23 小时');
    expect(view!.one('case-row-status', third).textContent).toBe('已结案');
    expect(third!.textContent).toContain('订单 4000123');
    expect(view!.one('case-count').textContent).toBe('共 3 条');
  });

  it('filters by status, type, agent, overdue and opening date, and says when nothing matches', async () => {
    const { overdue, fresh, closed } = await seedCases(db);
    show();
    await until(() => expect(rows()).toHaveLength(3));

    check('filter-status', 'closed');
    await until(() => expect(rowIds()).toEqual([closed.id]));
    check('filter-status', 'open');
    await until(() => expect(rowIds()).toEqual([overdue.id, fresh.id, closed.id]));
    check('filter-type', 'quality');
    await until(() => expect(rowIds()).toEqual([fresh.id]));
    click(view!.one('filter-reset'));
    await until(() => expect(rows()).toHaveLength(3));

    click(view!.one('filter-overdue'));
    await until(() => expect(rowIds()).toEqual([overdue.id]));
    click(view!.one('filter-overdue'));
    await until(() => expect(rows()).toHaveLength(3));

    const agent = view!.one('filter-agent') as HTMLSelectElement;
    await until(() => expect([...agent.options].map((o) => o.value)).toEqual(['', '小李', '小王']));
    agent.value = '小王';
    agent.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => expect(rowIds()).toEqual([fresh.id, closed.id]));
    click(view!.one('filter-reset'));
    await until(() => expect(rows()).toHaveLength(3));

    // Opened on or after the day the overdue one was opened (today): the closed one (3 days ago) drops out.
    const from = view!.one('filter-from') as HTMLInputElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(from, '2026-11-30');
    from.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => expect(rowIds()).toEqual([overdue.id, fresh.id]));
    const to = view!.one('filter-to') as HTMLInputElement;
    setter.call(to, '2026-11-27');
    to.dispatchEvent(new Event('input', { bubbles: true }));
    await until(() => expect(view!.all('cases-empty')).toHaveLength(1));
    expect(view!.one('cases-empty').textContent).toBe('没有符合筛选条件的投诉。');
    expect(view!.all('filter-date-error')).toHaveLength(1);
  });

  it('opens a case from its row', async () => {
    const { fresh } = await seedCases(db);
    const { opened } = show();
    await until(() => expect(rows()).toHaveLength(3));
    click(view!.one('case-open', rows()[1]));
    click(rows()[1]!.querySelector('td:nth-child(2)') as HTMLElement);
    expect(opened).toEqual([fresh.id, fresh.id]);
  });

  it('exports what the filters show as CSV and Excel', async () => {
    const { closed, overdue } = await seedCases(db);
    const { files } = show('en');
    await until(() => expect(rows()).toHaveLength(3));
    check('filter-type', 'logistics');
    await until(() => expect(rows()).toHaveLength(2));

    click(view!.one('export-csv'));
    await until(() => expect(files).toHaveLength(1));
    const csv = files[0]!;
    expect(csv.name).toMatch(/^complaints-2026-11-30-1000\.csv$/);
    const parsed = Papa.parse<Record<string, string>>((csv.data as string).slice(BOM.length), { header: true, skipEmptyLines: true });
    // An id that starts like a formula (ids may start with '-') is escaped in the CSV, as every cell is.
    expect(parsed.data.map((r) => r['Case id'])).toEqual([overdue.id, closed.id].map((id) => (FORMULA_START.test(id) ? `'${id}` : id)));
    expect(parsed.data.map((r) => r['Customer'])).toEqual(['小明', '阿花']);
    expect(parsed.data[1]!['结案 · 责任方']).toBe('快递');

    await until(() => expect((view!.one('export-xlsx') as HTMLButtonElement).disabled).toBe(false));
    click(view!.one('export-xlsx'));
    await until(() => expect(files).toHaveLength(2));
    expect(files[1]!.name).toMatch(/\.xlsx$/);
    expect((files[1]!.data as Uint8Array).byteLength).toBeGreaterThan(1000);
  });

  it('says there are no cases yet, and offers no export', async () => {
    show('en');
    await until(() => expect(view!.all('cases-empty')).toHaveLength(1));
    expect(view!.one('cases-empty').textContent).toContain('No complaints yet.');
    expect((view!.one('export-csv') as HTMLButtonElement).disabled).toBe(true);
  });
});
