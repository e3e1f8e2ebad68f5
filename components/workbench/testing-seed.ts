import { vi } from 'vitest';
import { openCase, setCaseStatus, setStepDone, setStepField } from '@/lib/db/cases';
import { createTemplate } from '@/lib/db/checklist-templates';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';

/** Test data for the workbench's page tests: two checklists, three customers' cases. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Monday 30 November 2026, 10:00 local time. */
export const NOW = new Date(2026, 10, 30, 10, 0).getTime();

export async function seedCases(db: KefuDatabase) {
  const as = (author: string, at: number) => ({ author, now: at });
  const logistics = await createTemplate(
    db,
    {
      name: '物流问题',
      type: 'logistics',
      steps: [
        { id: 'calm', title: '安抚买家', guidance: '', fields: [], required: true, timeLimitMinutes: 30 },
        { id: 'close', title: '结案', guidance: '', required: true, fields: [{ key: 'responsibility', label: '责任方', kind: 'choice', options: ['快递', '仓库'], required: true }] },
      ],
    },
    as('主管', NOW - 10 * DAY),
  );
  const quality = await createTemplate(
    db,
    { name: '质量问题', type: 'quality', steps: [{ id: 'check', title: '核实问题', guidance: '', fields: [], required: true, timeLimitMinutes: 24 * 60 }] },
    as('主管', NOW - 10 * DAY),
  );
  const ahua = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, as('小王', NOW - 5 * DAY));
  const xm = await customerForContext(db, { platform: 'pinduoduo', buyerName: '小明' }, as('小王', NOW - 5 * DAY));
  const lili = await customerForContext(db, { platform: 'feige', buyerName: '莉莉' }, as('小李', NOW - 5 * DAY));

  // Closed three days ago, by 小王.
  const closed = await openCase(db, ahua.id, { templateId: logistics.id, summary: '包裹破损', orderId: '4000123' }, as('小王', NOW - 3 * DAY));
  await setStepDone(db, closed.id, 'calm', true, as('小王', NOW - 3 * DAY + 10 * MINUTE));
  await setStepField(db, closed.id, 'close', 'responsibility', '快递', as('小王', NOW - 3 * DAY + 20 * MINUTE));
  await setStepDone(db, closed.id, 'close', true, as('小王', NOW - 3 * DAY + 21 * MINUTE));
  await setCaseStatus(db, closed.id, 'closed', as('小王', NOW - 3 * DAY + 22 * MINUTE));
  // Overdue: opened two hours ago with a 30-minute first step, by 小李.
  const overdue = await openCase(db, xm.id, { templateId: logistics.id, summary: '三天没发货' }, as('小李', NOW - 2 * HOUR));
  // Newest, on time: a day to check the quality problem.
  const fresh = await openCase(db, lili.id, { templateId: quality.id, severity: 'urgent' }, as('小王', NOW - HOUR));
  return { logistics, quality, closed, overdue, fresh, customers: { ahua, xm, lili } };
}

/** vi.waitFor with room for a busy machine: live queries on fake-indexeddb can take over a second under load. */
export const until = <T>(check: () => T): Promise<T> => vi.waitFor(check, { timeout: 5000, interval: 20 });
