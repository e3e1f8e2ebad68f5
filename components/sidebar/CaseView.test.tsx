import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { caseHistory, getCase, openCase, setCaseStatus, setStepDone } from '@/lib/db/cases';
import { createTemplate } from '@/lib/db/checklist-templates';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import type { Reply } from '@/lib/db/records';
import { createReply } from '@/lib/db/replies';
import { freshDb } from '@/lib/db/testing';
import { CaseView } from './CaseView';
import { render, typeInto, type Rendered } from './render-testing';

const MINUTE = 60_000;
const OPENED = new Date(2026, 2, 10, 9, 0).getTime();
// 45 minutes after opening: the 30-minute step is overdue, the 1-hour one due in 15 minutes.
const NOW = OPENED + 45 * MINUTE;
const who = { author: '小王', now: OPENED };

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

async function setup(lang: 'zh' | 'en' = 'zh') {
  const reply = await createReply(db, { title: '安抚道歉', body: '亲，非常抱歉给您添麻烦了。', group: '投诉', code: '', tags: [], variants: [], pinned: false }, who);
  const template = await createTemplate(
    db,
    {
      name: '物流问题',
      type: 'logistics',
      steps: [
        { id: 'record', title: '倾听记录', guidance: '记下丢件的时间和订单。', fields: [], required: true, timeLimitMinutes: 30 },
        { id: 'calm', title: '安抚买家', guidance: '先道歉，说明会尽快处理。', replyId: reply.id, fields: [], required: true, timeLimitMinutes: 60 },
        {
          id: 'investigate',
          title: '调查原因',
          guidance: '联系快递和仓库。',
          fields: [
            { key: 'cause', label: '原因类别', kind: 'choice', options: ['快递丢件', '仓库漏发'], required: true },
            { key: 'responsibility', label: '责任方', kind: 'text', required: true },
          ],
          required: true,
          timeLimitMinutes: 24 * 60,
        },
        { id: 'compensate', title: '补偿', guidance: '', fields: [{ key: 'amount', label: '补偿金额', kind: 'money', required: true }], required: false },
      ],
    },
    who,
  );
  const customer = await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who);
  const c = await openCase(db, customer.id, { templateId: template.id, orderId: '6912345678901234567' }, who);
  const inserted: Reply[] = [];
  let finish: (() => void) | undefined;
  let back = 0;
  view = render(
    <CaseView
      db={db}
      caseId={c.id}
      author="小李"
      replyAction="insert"
      now={NOW}
      onInsertReply={(r, onDone) => {
        inserted.push(r);
        finish = onDone;
      }}
      onBack={() => back++}
    />,
    lang,
  );
  const rendered = view;
  await vi.waitFor(() => expect(rendered.all('checklist-step')).toHaveLength(4));
  // The linked reply is read after the case.
  await vi.waitFor(() => expect(rendered.all('step-reply-insert')).toHaveLength(1));
  return { c, reply, view: rendered, inserted, finish: () => finish?.(), backs: () => back };
}

const steps = () => view!.all('checklist-step');
const stepById = (id: string) => steps().find((el) => el.dataset.stepId === id)!;
const checkbox = (id: string) => stepById(id).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
const field = (stepId: string, key: string) => stepById(stepId).querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field-key="${key}"] input, [data-field-key="${key}"] select`)!;
const events = () => view!.all('case-event').map((li) => li.textContent);

function choose(select: HTMLSelectElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')?.set;
  setter?.call(select, value);
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('CaseView', () => {
  it('shows the case with the next step and its suggested reply in view, and countdowns (overdue in red)', async () => {
    const { view } = await setup();
    expect(view.one('case-title').textContent).toBe('物流问题');
    expect(view.one('case-order').textContent).toBe('6912345678901234567');
    expect((view.one('complaint-status') as HTMLSelectElement).value).toBe('open');
    expect((view.one('case-severity') as HTMLSelectElement).value).toBe('normal');
    expect(view.one('case-summary').textContent).toBe('还没有记录投诉内容。');

    const next = view.one('case-next');
    expect(next.textContent).toContain('倾听记录');
    expect(view.one('step-overdue', next).textContent).toBe('已超时 15 分钟');
    expect(stepById('record').className).toContain('next');
    expect(view.one('step-overdue', stepById('record')).textContent).toBe('已超时 15 分钟');
    expect(view.one('step-countdown', stepById('calm')).textContent).toBe('剩余 15 分钟');
    expect(view.one('step-countdown', stepById('investigate')).textContent).toBe('剩余 23 小时');
    expect(view.all('step-countdown', stepById('compensate'))).toEqual([]);
    expect(stepById('record').textContent).toContain('记下丢件的时间和订单。');
    expect(view.one('step-reply-insert', stepById('calm')).textContent).toBe('插入话术：安抚道歉');
    // The history is its own live query: on a busy machine it lands after the case.
    await vi.waitFor(() => expect(events()).toEqual([expect.stringContaining('小王')]), 5000);
    expect(events()[0]).toContain('新建了投诉（物流问题）');
  });

  it('ticks a step with who and when, moves the next step on, and unticks it', async () => {
    const { c, view } = await setup();
    checkbox('record').click();
    await vi.waitFor(() => expect(stepById('record').dataset.done).toBe('true'));
    expect(view.one('step-done-by', stepById('record')).textContent).toMatch(/^小李 于 .* 完成$/);
    expect(view.all('step-overdue', stepById('record'))).toEqual([]);
    expect(stepById('record').textContent).not.toContain('记下丢件的时间和订单。');
    // The next step is now "calm", with its reply one click away.
    await vi.waitFor(() => expect(view.one('case-next').textContent).toContain('安抚买家'));
    expect(view.one('case-next-reply').textContent).toBe('插入话术：安抚道歉');
    expect((await getCase(db, c.id)).steps[0]).toMatchObject({ doneBy: '小李', doneAt: NOW });
    await vi.waitFor(() => expect(events()[1]).toContain('完成了步骤“倾听记录”'));

    checkbox('record').click();
    await vi.waitFor(() => expect(stepById('record').dataset.done).toBe('false'));
    await vi.waitFor(() => expect(events()[2]).toContain('取消了步骤“倾听记录”的完成'));
  });

  it('inserts a step’s reply through the sidebar and records it once it went out', async () => {
    const { c, reply, view, inserted, finish } = await setup();
    view.one('step-reply-insert', stepById('calm')).click();
    expect(inserted.map((r) => r.id)).toEqual([reply.id]);
    // Nothing recorded until the reply reached the chat box (the fill-in form may still be open).
    expect((await caseHistory(db, c.id)).map((e) => e.kind)).toEqual(['opened']);
    finish();
    await vi.waitFor(async () => expect((await caseHistory(db, c.id)).map((e) => e.kind)).toEqual(['opened', 'reply-inserted']));
    await vi.waitFor(() => expect(events()[1]).toContain('在步骤“安抚买家”发送了话术“安抚道歉”'));
    // The step is not ticked by sending its reply.
    expect(stepById('calm').dataset.done).toBe('false');
  });

  it('saves fields as the agent leaves them and says what to fix beside the field', async () => {
    const { c, view } = await setup();
    const amount = field('compensate', 'amount') as HTMLInputElement;
    typeInto(amount, '¥20');
    amount.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await vi.waitFor(() => expect(view.one('step-field-error', stepById('compensate')).textContent).toBe('请填写金额数字，例如 20 或 15.50（不带货币符号，最多两位小数）。'));
    expect(amount.value).toBe('¥20');
    expect(amount.getAttribute('aria-invalid')).toBe('true');

    typeInto(amount, '20.5');
    amount.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await vi.waitFor(() => expect(view.all('step-field-error')).toEqual([]));
    choose(field('investigate', 'cause') as HTMLSelectElement, '快递丢件');
    const responsibility = field('investigate', 'responsibility') as HTMLInputElement;
    typeInto(responsibility, '快递公司');
    responsibility.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await vi.waitFor(async () => expect((await getCase(db, c.id)).steps[2]?.values).toEqual({ cause: '快递丢件', responsibility: '快递公司' }));
    expect((await getCase(db, c.id)).steps[3]?.values).toEqual({ amount: '20.5' });
    await vi.waitFor(() => expect(events()).toHaveLength(4));
    expect(events()[1]).toContain('填写了“补偿金额”：20.5');
    expect(events()[2]).toContain('填写了“原因类别”：快递丢件');
  });

  it('refuses to close with a clear message naming the missing steps and fields, then closes and reopens', async () => {
    const { c, view } = await setup();
    await setStepDone(db, c.id, 'record', true, who);
    await setStepDone(db, c.id, 'calm', true, who);
    await vi.waitFor(() => expect(view.one('case-next').textContent).toContain('调查原因'));

    choose(view.one('complaint-status') as HTMLSelectElement, 'closed');
    await vi.waitFor(() =>
      expect(view.one('case-error').textContent).toBe('还不能结案：请完成步骤 “调查原因”；请填写 “原因类别”（调查原因）、“责任方”（调查原因）。'),
    );
    expect((view.one('complaint-status') as HTMLSelectElement).value).toBe('open');
    expect((await getCase(db, c.id)).status).toBe('open');

    checkbox('investigate').click();
    choose(field('investigate', 'cause') as HTMLSelectElement, '仓库漏发');
    await vi.waitFor(async () => expect((await getCase(db, c.id)).steps[2]?.values.cause).toBe('仓库漏发'));
    choose(view.one('complaint-status') as HTMLSelectElement, 'closed');
    await vi.waitFor(() => expect(view.one('case-error').textContent).toBe('还不能结案：请填写 “责任方”（调查原因）。'));

    const responsibility = field('investigate', 'responsibility') as HTMLInputElement;
    typeInto(responsibility, '仓库');
    responsibility.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await vi.waitFor(async () => expect((await getCase(db, c.id)).steps[2]?.values.responsibility).toBe('仓库'));
    choose(view.one('complaint-status') as HTMLSelectElement, 'closed');
    await vi.waitFor(() => expect((view.one('complaint-status') as HTMLSelectElement).value).toBe('closed'));
    expect(view.all('case-error')).toEqual([]);
    // Closed: nothing changes until it is reopened.
    expect(checkbox('record').disabled).toBe(true);
    expect((field('investigate', 'responsibility') as HTMLInputElement).disabled).toBe(true);
    expect(view.one('case-next').textContent).toContain('此投诉已结案');
    await vi.waitFor(() => expect(events().at(-1)).toContain('把状态改为“已结案”'));

    view.one('case-reopen').click();
    await vi.waitFor(() => expect((view.one('complaint-status') as HTMLSelectElement).value).toBe('reopened'));
    expect(checkbox('record').disabled).toBe(false);
    expect((await getCase(db, c.id)).status).toBe('reopened');
    await vi.waitFor(() => expect(events().at(-1)).toContain('把状态改为“已重新打开”'));
  });

  it('changes status and severity, and keeps notes and the summary in the history', async () => {
    const { c, view } = await setup();
    choose(view.one('complaint-status') as HTMLSelectElement, 'waiting-department');
    await vi.waitFor(() => expect(view.one('case-status-badge').textContent).toBe('等待其他部门'));
    choose(view.one('case-severity') as HTMLSelectElement, 'urgent');
    await vi.waitFor(() => expect(view.one('case-severity-badge').textContent).toBe('紧急'));

    view.one('case-summary-edit').click();
    await vi.waitFor(() => expect(view.all('case-summary-input')).toHaveLength(1));
    const summary = view.one('case-summary-input');
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
    setter?.call(summary, '快递显示签收但买家没收到，要求补发');
    summary.dispatchEvent(new Event('input', { bubbles: true }));
    view.one('case-summary-save').click();
    await vi.waitFor(() => expect(view.one('case-summary').textContent).toBe('快递显示签收但买家没收到，要求补发'));

    const note = view.one('case-note-input');
    setter?.call(note, '已联系仓库核实');
    note.dispatchEvent(new Event('input', { bubbles: true }));
    view.one('case-note-save').click();
    await vi.waitFor(() => expect(events()).toHaveLength(5));
    expect(events().slice(1).map((e) => e?.replace(/^小李 · [^ ]+ [^ ]+ /, ''))).toEqual([
      '把状态改为“等待其他部门”',
      '把紧急程度改为“紧急”',
      '更新了投诉内容：快递显示签收但买家没收到，要求补发',
      '备注：已联系仓库核实',
    ]);
    expect((view.one('case-note-input') as HTMLTextAreaElement).value).toBe('');
    expect((await getCase(db, c.id)).severity).toBe('urgent');
  });

  it('says so when the case is gone, and goes back to the list', async () => {
    const { c, view, backs } = await setup();
    await setCaseStatus(db, c.id, 'resolved', who);
    await vi.waitFor(() => expect(view.one('case-status-badge').textContent).toBe('已解决'));
    // A resolved case's time limits stop.
    expect(view.all('step-overdue')).toEqual([]);
    await db.cases.delete(c.id);
    await vi.waitFor(() => expect(view.container.textContent).toContain('找不到这条投诉记录'));
    view.one('case-back').click();
    expect(backs()).toBe(1);
  });

  it('speaks English when the sidebar does', async () => {
    const { c, view } = await setup('en');
    expect(view.one('step-overdue', stepById('record')).textContent).toBe('Overdue by 15 min');
    expect(view.one('step-reply-insert').textContent).toBe('Insert reply: 安抚道歉');
    await setStepDone(db, c.id, 'record', true, who);
    await setStepDone(db, c.id, 'calm', true, who);
    await setStepDone(db, c.id, 'investigate', true, who);
    choose(view.one('complaint-status') as HTMLSelectElement, 'closed');
    await vi.waitFor(() =>
      expect(view.one('case-error').textContent).toBe('The case cannot be closed yet: fill in “原因类别” (调查原因), “责任方” (调查原因).'),
    );
  });
});
