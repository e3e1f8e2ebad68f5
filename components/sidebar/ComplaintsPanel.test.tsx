import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listCasesForCustomer, openCase, setCaseStatus, setStepDone } from '@/lib/db/cases';
import { createTemplate } from '@/lib/db/checklist-templates';
import { customerForContext, findCustomer } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { freshDb } from '@/lib/db/testing';
import type { PageState } from '@/lib/messaging/protocol';
import { ComplaintsPanel } from './ComplaintsPanel';
import { ComplaintsRecent } from './ComplaintsRecent';
import { render, typeInto, type Rendered } from './render-testing';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date(2026, 2, 10, 10, 0).getTime();
const who = { author: '小王', now: NOW - 2 * HOUR };
const ORDER = '6912345678901234567';

let db: KefuDatabase;
let view: Rendered | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  db = freshDb();
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

function pageState(context: PageState['context']): PageState {
  return {
    adapterId: 'feige',
    adapterName: { zh: '抖店飞鸽', en: 'Douyin Feige' },
    context,
    canInsert: true,
    hasReplyField: true,
    layout: { width: 360, mode: 'push', collapsed: false },
  };
}
const onScreen = pageState({ platform: 'feige', buyerName: '阿花', orderId: ORDER });

async function templates() {
  const quick = await createTemplate(
    db,
    { name: '一般投诉', type: 'general', steps: [{ id: 'record', title: '倾听记录', guidance: '', fields: [], required: false, timeLimitMinutes: 30 }] },
    who,
  );
  const logistics = await createTemplate(
    db,
    {
      name: '物流问题',
      type: 'logistics',
      steps: [
        { id: 'record', title: '倾听记录', guidance: '', fields: [], required: true, timeLimitMinutes: 60 },
        { id: 'calm', title: '安抚买家', guidance: '', fields: [], required: true, timeLimitMinutes: 24 * 60 },
      ],
    },
    who,
  );
  return { quick, logistics };
}

/** The panel as SidebarApp holds it: the case on show and a customer opened by hand are the sidebar's state. */
function Harness({ state, opened }: { state: PageState | undefined; opened: string[] }) {
  const [caseId, setCaseId] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <ComplaintsPanel
      db={db}
      state={state}
      author="小李"
      chosenCustomerId={chosen}
      onChooseCustomer={setChosen}
      caseId={caseId}
      onOpenCase={(id) => {
        if (id) opened.push(id);
        setCaseId(id);
      }}
      onInsertReply={() => undefined}
      notify={() => undefined}
      now={NOW}
    />
  );
}

function show(state: PageState | undefined, lang: 'zh' | 'en' = 'zh') {
  const opened: string[] = [];
  view = render(<Harness state={state} opened={opened} />, lang);
  return { view, opened };
}

const cards = () => view!.all('complaint-case');

describe('ComplaintsPanel', () => {
  it('lists the customer on screen’s cases, active first with their next step and countdown', async () => {
    const { quick, logistics } = await templates();
    const customer = await customerForContext(db, onScreen.context, who);
    const done = await openCase(db, customer.id, { templateId: quick.id }, { ...who, now: NOW - 3 * HOUR });
    await setCaseStatus(db, done.id, 'closed', { ...who, now: NOW - 3 * HOUR });
    const late = await openCase(db, customer.id, { templateId: logistics.id, orderId: ORDER, severity: 'urgent' }, who);
    const later = await openCase(db, customer.id, { templateId: logistics.id }, { ...who, now: NOW - 10 * MINUTE });
    await setStepDone(db, later.id, 'record', true, { ...who, now: NOW - 5 * MINUTE });

    const { view } = show(onScreen);
    await vi.waitFor(() => expect(cards()).toHaveLength(3));
    expect(view.one('complaints-customer').textContent).toBe('阿花 的投诉');
    expect(cards().map((c) => c.dataset.caseId)).toEqual([late.id, later.id, done.id]);
    expect(cards().map((c) => c.dataset.status)).toEqual(['open', 'open', 'closed']);
    const first = cards()[0]!;
    expect(first.textContent).toContain('物流问题');
    expect(first.textContent).toContain('紧急');
    expect(first.textContent).toContain('处理中');
    expect(first.textContent).toContain(`订单 ${ORDER}`);
    expect(view.one('complaint-case-next', first).textContent).toBe('下一步：倾听记录已超时 1 小时');
    expect(view.one('step-overdue', first).textContent).toBe('已超时 1 小时');
    expect(view.one('complaint-case-next', cards()[1]).textContent).toBe('下一步：安抚买家剩余 23 小时');
    // A closed case shows no next step.
    expect(view.all('complaint-case-next', cards()[2])).toEqual([]);
    expect(cards()[2]?.textContent).toContain('已结案');
  });

  it('opens a new complaint in two clicks with the order on screen, and shows it', async () => {
    const { logistics } = await templates();
    const { view, opened } = show(onScreen);
    await vi.waitFor(() => expect(view.container.textContent).toContain('这位客户还没有投诉记录。'));

    view.one('complaint-new').click();
    await vi.waitFor(() => expect(view.all('complaint-template').map((b) => b.textContent)).toEqual(['一般投诉 一般投诉', '物流问题 物流问题']));
    view.all('complaint-template')[1]!.click();

    await vi.waitFor(() => expect(view.all('case-view')).toHaveLength(1));
    const customer = await findCustomer(db, { platform: 'feige', shop: '', buyerId: '阿花' });
    const [c] = await listCasesForCustomer(db, customer!.id);
    expect(c).toMatchObject({ templateId: logistics.id, orderId: ORDER, severity: 'normal', summary: '', status: 'open', openedBy: '小李', openedAt: NOW });
    expect(opened).toEqual([c!.id]);
    await vi.waitFor(() => expect(view.one('case-next').textContent).toContain('倾听记录'));

    view.one('case-back').click();
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
  });

  it('where no buyer is detected, says so and opens the customer the agent types', async () => {
    await templates();
    const { view } = show(pageState({ platform: 'generic' }));
    await vi.waitFor(() => expect(view.all('complaints-no-customer')).toHaveLength(1));
    expect(view.one('complaints-no-customer').textContent).toContain('没有识别到买家，投诉需要关联到一位客户。');
    expect(view.all('complaint-new')).toEqual([]);

    const input = view.one('customer-id-input');
    typeInto(input, 'tb_买家甲');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await vi.waitFor(() => expect(view.one('complaints-customer').textContent).toBe('tb_买家甲 的投诉'));

    // A case for a customer typed by hand does not take an order from the page.
    view.one('complaint-new').click();
    await vi.waitFor(() => expect(view.all('complaint-template')).toHaveLength(2));
    view.all('complaint-template')[0]!.click();
    await vi.waitFor(() => expect(view.all('case-view')).toHaveLength(1));
    const customer = await findCustomer(db, { platform: 'generic', shop: '', buyerId: 'tb_买家甲' });
    expect((await listCasesForCustomer(db, customer!.id))[0]?.orderId).toBeUndefined();
  });

  it('finds an existing customer by name where no buyer is detected', async () => {
    const customer = await customerForContext(db, { platform: 'feige', buyerName: '老客户小美' }, who);
    const { view } = show(undefined);
    await vi.waitFor(() => expect(view.all('customer-id-input')).toHaveLength(1));
    typeInto(view.one('customer-id-input'), '小美');
    await vi.waitFor(() => expect(view.all('customer-result')).toHaveLength(1));
    view.one('customer-result').click();
    await vi.waitFor(() => expect(view.one('complaints-customer').textContent).toBe('老客户小美 的投诉'));
    expect(customer.displayName).toBe('老客户小美');
  });

  it('says when there are no templates, in English when the sidebar is', async () => {
    const { view } = show(onScreen, 'en');
    await vi.waitFor(() => expect(view.all('complaint-new')).toHaveLength(1));
    expect(view.one('complaints-customer').textContent).toBe('阿花’s complaints');
    // The case list is a second live query: it can land after the button under load.
    await vi.waitFor(() => expect(view.container.textContent).toContain('No complaints from this customer yet.'));
    view.one('complaint-new').click();
    await vi.waitFor(() => expect(view.one('complaint-templates').textContent).toContain('No complaint checklists yet'));
  });
});

describe('ComplaintsRecent', () => {
  it('lists the customer’s cases with type, status and opened date; a click opens one', async () => {
    const { quick, logistics } = await templates();
    const customer = await customerForContext(db, onScreen.context, who);
    const closed = await openCase(db, customer.id, { templateId: quick.id }, { ...who, now: NOW - 3 * HOUR });
    await setCaseStatus(db, closed.id, 'closed', { ...who, now: NOW - 3 * HOUR });
    const open = await openCase(db, customer.id, { templateId: logistics.id }, who);
    const clicked: string[] = [];
    view = render(<ComplaintsRecent db={db} customerId={customer.id} onOpenCase={(id) => clicked.push(id)} />);
    const rendered = view;
    await vi.waitFor(() => expect(rendered.all('customer-case')).toHaveLength(2));
    const [first, second] = rendered.all('customer-case');
    expect(first?.textContent).toBe('物流问题处理中2026/03/10');
    expect(second?.textContent).toBe('一般投诉已结案2026/03/10');
    second!.click();
    expect(clicked).toEqual([closed.id]);
    expect(first?.dataset.caseId).toBe(open.id);
  });
});
