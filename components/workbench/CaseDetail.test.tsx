import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCaseNote, setCaseSummary } from '@/lib/db/cases';
import { eraseCustomer } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { freshDb } from '@/lib/db/testing';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { until } from './testing-seed';
import { CaseDetail } from './CaseDetail';
import { DAY, MINUTE, NOW, seedCases } from './testing-seed';

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

function show(caseId: string, lang: 'zh' | 'en' = 'zh') {
  let back = 0;
  view = render(<CaseDetail db={db} caseId={caseId} now={NOW} onBack={() => (back += 1)} />, lang);
  return { view, backs: () => back };
}

describe('CaseDetail', () => {
  it('shows the steps with who ticked them and when, field values, notes and the whole history in order', async () => {
    const { closed } = await seedCases(db);
    await addCaseNote(db, closed.id, '快递已赔付 15 元', { author: '小李', now: NOW - 2 * DAY });
    await setCaseSummary(db, closed.id, '包裹外箱破损，杯子碎了', { author: '小王', now: NOW - 2 * DAY + MINUTE });
    const { view, backs } = show(closed.id);
    await until(() => expect(view.all('case-detail-event')).toHaveLength(7));

    expect(view.one('case-detail-title').textContent).toBe('阿花 · 物流问题');
    expect(view.one('case-detail-order').textContent).toBe('4000123');
    // The complaint as last rewritten, not as opened.
    expect(view.one('case-detail-summary').textContent).toBe('包裹外箱破损，杯子碎了');

    const steps = view.all('case-detail-step');
    expect(steps.map((s) => s.dataset.done)).toEqual(['true', 'true']);
    expect(view.one('case-detail-step-done', steps[0]).textContent).toMatch(/^小王 · 2026\/11\/27 10:10$/);
    expect(view.one('case-detail-field', steps[1]).textContent).toBe('责任方*快递');

    expect(view.all('case-detail-note').map((n) => n.textContent)).toEqual([expect.stringContaining('快递已赔付 15 元')]);
    expect(view.all('case-detail-event').map((e) => e.dataset.kind)).toEqual(['opened', 'step-done', 'field-set', 'step-done', 'status', 'note', 'summary']);
    const lines = view.all('case-detail-event').map((e) => e.textContent);
    expect(lines[0]).toContain('新建了投诉（物流问题）');
    expect(lines[2]).toContain('填写了“责任方”：快递');
    expect(lines[4]).toContain('把状态改为“已结案”');
    expect(lines[6]).toContain('更新了投诉内容：包裹外箱破损，杯子碎了');

    view.one('case-back').click();
    expect(backs()).toBe(1);
  });

  it('flags an overdue case and shows a step’s countdown', async () => {
    const { overdue } = await seedCases(db);
    const { view } = show(overdue.id, 'en');
    await until(() => expect(view.all('case-detail-step')).toHaveLength(2));
    expect(view.container.textContent).toContain('A step is overdue');
    expect(view.all('step-overdue').map((s) => s.textContent)).toEqual(['Overdue by 1 h']);
    expect(view.one('case-detail-step-done', view.all('case-detail-step')[0]).textContent).toBe('—');
  });

  it('says so when the case is gone with its customer', async () => {
    const { closed, customers } = await seedCases(db);
    await eraseCustomer(db, customers.ahua.id, { author: '主管', now: NOW });
    const { view } = show(closed.id);
    await until(() => expect(view.all('case-missing')).toHaveLength(1));
    expect(view.one('case-missing').textContent).toBe('找不到这条投诉记录，可能客户档案已被删除。');
  });
});
