import { afterEach, describe, expect, it } from 'vitest';
import {
  addCaseNote,
  caseHistory,
  COMPLAINED_TAG,
  foldCase,
  getCase,
  isActiveCase,
  isCaseOverdue,
  isOverdue,
  listCases,
  listCasesForCustomer,
  missingForClosing,
  nextCaseDueAt,
  nextOpenStep,
  openCase,
  recordStepReply,
  reopenCase,
  setCaseSeverity,
  setCaseStatus,
  setCaseSummary,
  setStepDone,
  setStepField,
} from './cases';
import { createTemplate, deleteTemplate, restoreTemplate, updateTemplate } from './checklist-templates';
import type { CaseEventBody, ComplaintCase, StoredCaseEvent, TemplateDraft } from './complaint-records';
import { customerForContext, eraseCustomer, getCustomer, setCustomerTags } from './customers';
import type { KefuDatabase } from './database';
import { expectAppError, freshDb } from './testing';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 30, 2, 0);
const wang = { author: '小王', now: T0 };
const li = { author: '小李', now: T0 };
const at = (minutes: number, who: { author: string } = wang) => ({ author: who.author, now: T0 + minutes * MIN });

/** A template with a field of each kind, an optional step with a required field, and one step without a limit. */
const DRAFT: TemplateDraft = {
  name: '物流问题',
  type: 'logistics',
  steps: [
    {
      id: 'record',
      title: '倾听记录',
      guidance: '记下发生了什么',
      required: true,
      timeLimitMinutes: 10,
      fields: [{ key: 'demand', label: '买家诉求', kind: 'choice', options: ['退款', '补发'], required: true }],
    },
    { id: 'calm', title: '安抚致歉', guidance: '', required: true, timeLimitMinutes: 30, fields: [], replyId: 'reply-apology' },
    {
      id: 'investigate',
      title: '核实原因',
      guidance: '',
      required: true,
      timeLimitMinutes: 12 * 60,
      fields: [
        { key: 'cause', label: '原因类别', kind: 'choice', options: ['物流配送', '仓库'], required: true },
        { key: 'detail', label: '核实结果', kind: 'text', required: false },
      ],
    },
    {
      id: 'update',
      title: '同步进度',
      guidance: '',
      required: false,
      timeLimitMinutes: 60,
      fields: [{ key: 'eta', label: '预计送达', kind: 'text', required: true }],
    },
    {
      id: 'propose',
      title: '提出方案',
      guidance: '',
      required: true,
      fields: [{ key: 'compensation', label: '补偿金额', kind: 'money', required: true }],
    },
  ],
};

let db: KefuDatabase;
afterEach(async () => {
  await db?.delete();
});

async function setup(draft: TemplateDraft = DRAFT) {
  db = freshDb();
  const template = await createTemplate(db, draft, wang);
  const customer = await customerForContext(db, { platform: 'feige', shop: '花花旗舰店', buyerName: '王小明' }, wang);
  return { template, customer };
}

async function openOne(summary = '包裹三天没有物流更新') {
  const { template, customer } = await setup();
  const c = await openCase(db, customer.id, { templateId: template.id, summary }, wang);
  return { template, customer, c };
}

/** Everything required done, so the case can close. */
async function complete(id: string): Promise<void> {
  await setStepField(db, id, 'record', 'demand', '补发', at(1));
  for (const step of ['record', 'calm', 'investigate', 'propose']) await setStepDone(db, id, step, true, at(2));
  await setStepField(db, id, 'investigate', 'cause', '物流配送', at(3));
  await setStepField(db, id, 'propose', 'compensation', '10', at(4));
}

/* ------------------------------------------------------------------ */

describe('foldCase (pure)', () => {
  const base: ComplaintCase = {
    id: 'case-1',
    customerId: 'cust-1',
    type: 'logistics',
    severity: 'normal',
    status: 'open',
    summary: '',
    templateId: 't-1',
    templateName: '物流问题',
    steps: DRAFT.steps.map((s) => ({ ...s, values: {}, ...(s.timeLimitMinutes ? { dueAt: T0 + s.timeLimitMinutes * MIN } : {}) })),
    openedAt: T0,
    openedBy: '小王',
    createdAt: T0,
    updatedAt: T0,
    author: '小王',
  };
  let n = 0;
  const ev = (minutes: number, author: string, body: CaseEventBody, id = `e${String(++n).padStart(3, '0')}`): StoredCaseEvent => ({
    ...body,
    id,
    caseId: 'case-1',
    createdAt: T0 + minutes * MIN,
    updatedAt: T0 + minutes * MIN,
    author,
  });
  const opened = ev(0, '小王', { kind: 'opened', severity: 'high' });

  it('starts from the opened event: open, its severity, nothing done, the earliest deadline next', () => {
    const state = foldCase(base, [opened]);
    expect(state).toMatchObject({ status: 'open', severity: 'high', openedBy: '小王', nextDueAt: T0 + 10 * MIN });
    expect(state.steps.every((s) => s.doneAt === undefined && Object.keys(s.values).length === 0)).toBe(true);
    expect(state).not.toHaveProperty('closedAt');
  });

  it('ignores the derived state of the base: the same events give the same case from any stored row', () => {
    const events = [opened, ev(1, '小王', { kind: 'step-done', stepId: 'record' })];
    const once = foldCase(base, events);
    const stale = { ...base, status: 'closed' as const, closedAt: T0, severity: 'low' as const, steps: once.steps.map((s) => ({ ...s, doneAt: 1, doneBy: 'x', values: { demand: '退款' } })) };
    expect(foldCase(stale, events)).toEqual(once);
    expect(foldCase(once, events)).toEqual(once);
  });

  it('merges two agents’ interleaved events: who did what, in time order', () => {
    const events = [
      opened,
      ev(1, '小王', { kind: 'step-done', stepId: 'record' }),
      ev(2, '小李', { kind: 'field-set', stepId: 'record', field: 'demand', value: '退款' }),
      ev(3, '小王', { kind: 'field-set', stepId: 'record', field: 'demand', value: '补发' }),
      ev(4, '小李', { kind: 'step-done', stepId: 'calm' }),
      ev(5, '小王', { kind: 'step-undone', stepId: 'calm' }),
      ev(6, '小李', { kind: 'step-done', stepId: 'calm' }),
      ev(7, '小王', { kind: 'status', status: 'waiting-department' }),
      ev(8, '小李', { kind: 'note', text: '已联系快递' }),
    ];
    const state = foldCase(base, events);
    const step = (id: string) => state.steps.find((s) => s.id === id)!;
    expect(step('record')).toMatchObject({ doneAt: T0 + MIN, doneBy: '小王', values: { demand: '补发' } });
    expect(step('calm')).toMatchObject({ doneAt: T0 + 6 * MIN, doneBy: '小李' });
    expect(state.status).toBe('waiting-department');
    expect(state.nextDueAt).toBe(T0 + 60 * MIN);
  });

  it('gives the same state whatever order the events arrive in, and counts a duplicate once', () => {
    const events = [
      opened,
      ev(1, '小王', { kind: 'step-done', stepId: 'record' }),
      ev(2, '小李', { kind: 'step-undone', stepId: 'record' }),
      ev(2, '小王', { kind: 'field-set', stepId: 'investigate', field: 'cause', value: '仓库' }, 'e-zzz'),
      ev(2, '小李', { kind: 'field-set', stepId: 'investigate', field: 'cause', value: '物流配送' }, 'e-aaa'),
      ev(3, '小李', { kind: 'severity', severity: 'urgent' }),
      ev(4, '小王', { kind: 'step-done', stepId: 'record' }),
    ];
    const inOrder = foldCase(base, events);
    const reversed = foldCase(base, [...events].reverse());
    const shuffled = foldCase(base, [events[3]!, events[6]!, events[0]!, events[5]!, events[1]!, events[4]!, events[2]!, events[6]!, events[1]!]);
    expect(reversed).toEqual(inOrder);
    expect(shuffled).toEqual(inOrder);
    // Same time: the id decides, on every device alike ('e-zzz' after 'e-aaa').
    expect(inOrder.steps.find((s) => s.id === 'investigate')?.values).toEqual({ cause: '仓库' });
    expect(inOrder.steps[0]).toMatchObject({ doneAt: T0 + 4 * MIN, doneBy: '小王' });
    expect(inOrder.severity).toBe('urgent');
  });

  it('keeps the first tick when two agents tick the same step', () => {
    const a = ev(5, '小李', { kind: 'step-done', stepId: 'record' });
    const b = ev(3, '小王', { kind: 'step-done', stepId: 'record' });
    expect(foldCase(base, [opened, a, b]).steps[0]).toMatchObject({ doneAt: T0 + 3 * MIN, doneBy: '小王' });
  });

  it('a closed case ignores step, field and severity events until it is reopened; only reopening leaves closed', () => {
    const closed = foldCase(base, [
      opened,
      ev(1, '小王', { kind: 'status', status: 'closed' }),
      ev(2, '小李', { kind: 'step-done', stepId: 'record' }),
      ev(3, '小李', { kind: 'field-set', stepId: 'record', field: 'demand', value: '退款' }),
      ev(4, '小李', { kind: 'severity', severity: 'urgent' }),
      ev(5, '小李', { kind: 'status', status: 'waiting-buyer' }),
    ]);
    expect(closed).toMatchObject({ status: 'closed', closedAt: T0 + MIN, severity: 'high' });
    expect(closed.steps[0]?.doneAt).toBeUndefined();
    expect(closed.steps[0]?.values).toEqual({});
    expect(closed).not.toHaveProperty('nextDueAt');

    const reopened = foldCase(base, [
      opened,
      ev(1, '小王', { kind: 'status', status: 'closed' }),
      ev(2, '小李', { kind: 'status', status: 'reopened' }),
      ev(3, '小李', { kind: 'step-done', stepId: 'record' }),
    ]);
    expect(reopened).toMatchObject({ status: 'reopened', nextDueAt: T0 + 30 * MIN });
    expect(reopened).not.toHaveProperty('closedAt');
    expect(reopened.steps[0]?.doneBy).toBe('小李');
  });

  it('a field value of "" clears it; unknown steps and fields and other cases’ events are ignored', () => {
    const state = foldCase(base, [
      opened,
      ev(1, '小王', { kind: 'field-set', stepId: 'record', field: 'demand', value: '退款' }),
      ev(2, '小王', { kind: 'field-set', stepId: 'record', field: 'demand', value: '' }),
      ev(3, '小王', { kind: 'field-set', stepId: 'record', field: 'nope', value: 'x' }),
      ev(4, '小王', { kind: 'step-done', stepId: 'gone' }),
      { ...ev(5, '小王', { kind: 'step-done', stepId: 'record' }), caseId: 'case-2' },
    ]);
    expect(state.steps[0]?.values).toEqual({});
    expect(state.steps[0]?.doneAt).toBeUndefined();
  });

  it('nextDueAt is the earliest deadline of a step not done, and none once the case is not active', () => {
    const done = (id: string, m: number) => ev(m, '小王', { kind: 'step-done', stepId: id });
    expect(foldCase(base, [opened, done('record', 1), done('calm', 2)]).nextDueAt).toBe(T0 + 60 * MIN);
    // propose has no limit: with every timed step done there is no deadline.
    const allTimed = foldCase(base, [opened, done('record', 1), done('calm', 2), done('investigate', 3), done('update', 4)]);
    expect(allTimed).not.toHaveProperty('nextDueAt');
    expect(foldCase(base, [opened, ev(1, '小王', { kind: 'status', status: 'resolved' })])).not.toHaveProperty('nextDueAt');
    expect(foldCase(base, [opened, ev(1, '小王', { kind: 'status', status: 'waiting-buyer' })]).nextDueAt).toBe(T0 + 10 * MIN);
  });
});

describe('pure helpers', () => {
  it('isOverdue, nextOpenStep, isActiveCase, isCaseOverdue, missingForClosing', async () => {
    const { c } = await openOne();
    const [record] = c.steps;
    expect(isOverdue(record!, T0 + 9 * MIN)).toBe(false);
    expect(isOverdue(record!, T0 + 10 * MIN)).toBe(true);
    expect(isOverdue({ ...record!, doneAt: T0 }, T0 + 60 * MIN)).toBe(false);
    expect(isOverdue(c.steps[4]!, T0 + 999 * 24 * 60 * MIN)).toBe(false);
    expect(nextOpenStep(c)?.id).toBe('record');
    const after = await setStepDone(db, c.id, 'record', true, at(1));
    expect(nextOpenStep(after)?.id).toBe('calm');
    expect(isActiveCase(after)).toBe(true);
    expect(isCaseOverdue(after, T0 + 29 * MIN)).toBe(false);
    expect(isCaseOverdue(after, T0 + 30 * MIN)).toBe(true);
    expect(isCaseOverdue({ ...after, status: 'resolved' }, T0 + 30 * MIN)).toBe(false);
    expect(missingForClosing(after)).toEqual({
      'step:calm': 'step-required',
      'step:investigate': 'step-required',
      'step:propose': 'step-required',
      'field:record:demand': 'field-required',
      'field:investigate:cause': 'field-required',
      'field:propose:compensation': 'field-required',
    });
  });
});

describe('openCase', () => {
  it('copies the template’s steps with deadlines from opening, writes the opened event and tags the customer', async () => {
    const { template, customer } = await setup();
    await setCustomerTags(db, customer.id, [{ name: 'VIP' }], wang);
    const c = await openCase(db, customer.id, { templateId: template.id, summary: '包裹破损', severity: 'urgent', orderId: '6912345678901234' }, wang);
    expect(c).toMatchObject({
      customerId: customer.id,
      orderId: '6912345678901234',
      type: 'logistics',
      severity: 'urgent',
      status: 'open',
      summary: '包裹破损',
      templateId: template.id,
      templateName: '物流问题',
      openedAt: T0,
      openedBy: '小王',
      createdAt: T0,
      nextDueAt: T0 + 10 * MIN,
    });
    expect(c.steps.map((s) => [s.id, s.dueAt])).toEqual([
      ['record', T0 + 10 * MIN],
      ['calm', T0 + 30 * MIN],
      ['investigate', T0 + 12 * 60 * MIN],
      ['update', T0 + 60 * MIN],
      ['propose', undefined],
    ]);
    expect(c.steps[1]).toMatchObject({ replyId: 'reply-apology', values: {} });
    expect(await getCase(db, c.id)).toEqual(c);
    expect((await caseHistory(db, c.id)).map((e) => [e.kind, e.author, e.createdAt])).toEqual([['opened', '小王', T0]]);
    const tagged = await getCustomer(db, customer.id);
    expect(tagged.tags.map((t) => t.name)).toEqual(['VIP', COMPLAINED_TAG]);
    expect(tagged.orders[0]?.orderId).toBe('6912345678901234');

    // A second complaint does not tag twice; defaults: normal severity, no order.
    const again = await openCase(db, customer.id, { templateId: template.id, orderId: '' }, at(5));
    expect(again).toMatchObject({ severity: 'normal', summary: '' });
    expect(again).not.toHaveProperty('orderId');
    expect((await getCustomer(db, customer.id)).tags.map((t) => t.name)).toEqual(['VIP', COMPLAINED_TAG]);
  });

  it('opens even when the customer’s tag list is full (the tag is skipped)', async () => {
    const { template, customer } = await setup();
    const tags = Array.from({ length: 20 }, (_, i) => ({ name: `标签${i}`, color: '#112233' }));
    await setCustomerTags(db, customer.id, tags, wang);
    await openCase(db, customer.id, { templateId: template.id }, wang);
    expect((await getCustomer(db, customer.id)).tags).toHaveLength(20);
  });

  it('refuses a missing customer or template, and bad input, writing nothing', async () => {
    const { template, customer } = await setup();
    await expectAppError(openCase(db, 'nobody', { templateId: template.id }, wang), 'not-found', 'form', 'customer-not-found');
    await expectAppError(openCase(db, customer.id, { templateId: 'nope' }, wang), 'not-found', 'form', 'template-not-found');
    await expectAppError(openCase(db, customer.id, { templateId: '' }, wang), 'validation', 'templateId', 'template-required');
    await expectAppError(openCase(db, customer.id, { templateId: template.id, summary: 'x'.repeat(2001) }, wang), 'validation', 'summary', 'summary-too-long');
    await expectAppError(openCase(db, customer.id, { templateId: template.id, severity: 'huge' }, wang), 'validation', 'severity', 'severity-invalid');
    await deleteTemplate(db, template.id, wang);
    await expectAppError(openCase(db, customer.id, { templateId: template.id }, wang), 'not-found', 'form', 'template-not-found');
    await eraseCustomer(db, customer.id, wang);
    await expectAppError(openCase(db, customer.id, { templateId: template.id }, wang), 'not-found', 'form', 'customer-not-found');
    expect(await db.cases.count()).toBe(0);
    expect(await db.caseEvents.count()).toBe(0);
  });
});

describe('working a case', () => {
  it('ticks and unticks steps with who and when, one event each, and re-derives the row', async () => {
    const { c } = await openOne();
    const ticked = await setStepDone(db, c.id, 'record', true, at(3, li));
    expect(ticked.steps[0]).toMatchObject({ doneAt: T0 + 3 * MIN, doneBy: '小李' });
    expect(ticked).toMatchObject({ updatedAt: T0 + 3 * MIN, author: '小李', openedBy: '小王', nextDueAt: T0 + 30 * MIN });
    // Ticking again keeps the first tick and writes nothing.
    expect(await setStepDone(db, c.id, 'record', true, at(4))).toEqual(ticked);
    const unticked = await setStepDone(db, c.id, 'record', false, at(5));
    expect(unticked.steps[0]?.doneAt).toBeUndefined();
    expect(unticked.nextDueAt).toBe(T0 + 10 * MIN);
    expect((await caseHistory(db, c.id)).map((e) => e.kind)).toEqual(['opened', 'step-done', 'step-undone']);
    expect(await getCase(db, c.id)).toEqual(unticked);
    await expectAppError(setStepDone(db, c.id, 'nope', true, wang), 'validation', 'stepId', 'step-not-found');
    await expectAppError(setStepDone(db, 'nope', 'record', true, wang), 'not-found', 'form', 'case-not-found');
  });

  it('validates field values by kind; "" clears; the same value writes nothing', async () => {
    const { c } = await openOne();
    const set = (step: string, key: string, value: string) => setStepField(db, c.id, step, key, value, at(1));

    expect((await set('record', 'demand', ' 补发 ')).steps[0]?.values).toEqual({ demand: '补发' });
    await expectAppError(set('record', 'demand', '换个新的'), 'validation', 'value', 'field-choice-invalid');

    for (const ok of ['0', '20', '15.5', '15.50', '1999.99']) {
      expect((await set('propose', 'compensation', ok)).steps[4]?.values.compensation).toBe(ok);
    }
    for (const bad of ['-5', '1.234', '¥20', '20元', 'abc', '1,000', '.5', '1e3']) {
      await expectAppError(set('propose', 'compensation', bad), 'validation', 'value', 'field-money-invalid');
    }

    expect((await set('investigate', 'detail', '快递网点已确认丢件')).steps[2]?.values.detail).toBe('快递网点已确认丢件');
    await expectAppError(set('investigate', 'detail', 'x'.repeat(2001)), 'validation', 'value', 'field-value-too-long');
    await expectAppError(set('investigate', 'nope', 'x'), 'validation', 'fieldKey', 'field-not-found');
    await expectAppError(set('nope', 'detail', 'x'), 'validation', 'stepId', 'step-not-found');

    const before = (await caseHistory(db, c.id)).length;
    await set('record', 'demand', '补发');
    expect(await caseHistory(db, c.id)).toHaveLength(before);
    expect((await set('record', 'demand', '')).steps[0]?.values).toEqual({});
    expect(await caseHistory(db, c.id)).toHaveLength(before + 1);
  });

  it('status, severity, notes and inserted replies go into the history in order', async () => {
    const { c } = await openOne();
    await setCaseStatus(db, c.id, 'waiting-department', at(1));
    await setCaseSeverity(db, c.id, 'urgent', at(2, li));
    await addCaseNote(db, c.id, '已联系快递网点', at(3));
    const last = await recordStepReply(db, c.id, 'calm', 'reply-apology', at(4, li));
    expect(last).toMatchObject({ status: 'waiting-department', severity: 'urgent', author: '小李', updatedAt: T0 + 4 * MIN });
    const history = await caseHistory(db, c.id);
    expect(history.map(({ id: _id, caseId: _case, updatedAt: _u, ...rest }) => rest)).toEqual([
      { kind: 'opened', severity: 'normal', createdAt: T0, author: '小王' },
      { kind: 'status', status: 'waiting-department', createdAt: T0 + MIN, author: '小王' },
      { kind: 'severity', severity: 'urgent', createdAt: T0 + 2 * MIN, author: '小李' },
      { kind: 'note', text: '已联系快递网点', createdAt: T0 + 3 * MIN, author: '小王' },
      { kind: 'reply-inserted', stepId: 'calm', replyId: 'reply-apology', createdAt: T0 + 4 * MIN, author: '小李' },
    ]);
    await expectAppError(addCaseNote(db, c.id, '  ', wang), 'validation', 'text', 'note-text-required');
    await expectAppError(recordStepReply(db, c.id, 'nope', 'r', wang), 'validation', 'stepId', 'step-not-found');
    await expectAppError(setCaseSeverity(db, c.id, 'huge' as 'low', wang), 'validation', 'severity', 'severity-invalid');
    await expectAppError(setCaseStatus(db, c.id, 'gone' as 'open', wang), 'validation', 'status', 'status-invalid');
    expect(await caseHistory(db, c.id)).toHaveLength(5);
  });

  it('rewrites the summary as an event; the same text writes nothing', async () => {
    const { c } = await openOne();
    const first = await setCaseSummary(db, c.id, ' 快递显示签收但买家没收到，要求补发 ', at(1));
    expect(first.summary).toBe('快递显示签收但买家没收到，要求补发');
    const before = (await caseHistory(db, c.id)).length;
    await setCaseSummary(db, c.id, '快递显示签收但买家没收到，要求补发', at(2));
    expect(await caseHistory(db, c.id)).toHaveLength(before);
    await expectAppError(setCaseSummary(db, c.id, 'x'.repeat(2001), at(2)), 'validation', 'text', 'summary-too-long');
    // Two agents' rewrites merge by time, whatever order they arrive in.
    const events = await caseHistory(db, c.id);
    const late: StoredCaseEvent = { id: 'zz', caseId: c.id, createdAt: T0 + 9 * MIN, updatedAt: T0 + 9 * MIN, author: '小李', kind: 'summary', text: '买家改为要求退款' };
    expect(foldCase(first, [late, ...events]).summary).toBe('买家改为要求退款');
    expect((await setCaseSummary(db, c.id, '', at(3))).summary).toBe('');
    expect((await getCase(db, c.id)).summary).toBe('');
  });

  it('an agent whose clock is behind still sees their change take effect', async () => {
    const { c } = await openOne();
    await setStepDone(db, c.id, 'record', true, at(10, li));
    const undone = await setStepDone(db, c.id, 'record', false, at(5));
    expect(undone.steps[0]?.doneAt).toBeUndefined();
    const history = await caseHistory(db, c.id);
    expect(history.at(-1)).toMatchObject({ kind: 'step-undone', createdAt: T0 + 10 * MIN + 1 });
  });
});

describe('closing and reopening', () => {
  it('closing is blocked by a required step not ticked, naming it', async () => {
    const { c } = await openOne();
    await complete(c.id);
    await setStepDone(db, c.id, 'calm', false, at(5));
    const err = await expectAppError(setCaseStatus(db, c.id, 'closed', at(6)), 'case-incomplete');
    expect(err.fields).toEqual({ 'step:calm': 'step-required' });
    expect(err.message).toContain('"安抚致歉"');
    expect((await getCase(db, c.id)).status).toBe('open');
  });

  it('closing is blocked by an empty required field, naming the field and its step', async () => {
    const { c } = await openOne();
    await complete(c.id);
    await setStepField(db, c.id, 'investigate', 'cause', '', at(5));
    const err = await expectAppError(setCaseStatus(db, c.id, 'closed', at(6)), 'case-incomplete', 'field:investigate:cause', 'field-required');
    expect(Object.keys(err.fields)).toEqual(['field:investigate:cause']);
    expect(err.message).toContain('"原因类别" (step "核实原因")');
    expect((await caseHistory(db, c.id)).some((e) => e.kind === 'status')).toBe(false);
  });

  it('a skipped optional step needs none of its fields; a done one does', async () => {
    const { c } = await openOne();
    await complete(c.id);
    await setStepDone(db, c.id, 'update', true, at(5));
    await expectAppError(setCaseStatus(db, c.id, 'closed', at(6)), 'case-incomplete', 'field:update:eta', 'field-required');
    await setStepDone(db, c.id, 'update', false, at(7));
    expect((await setCaseStatus(db, c.id, 'closed', at(8))).status).toBe('closed');
  });

  it('a closed case refuses changes until reopened; reopening makes it active again', async () => {
    const { c } = await openOne();
    await complete(c.id);
    const closed = await setCaseStatus(db, c.id, 'closed', at(10));
    expect(closed).toMatchObject({ status: 'closed', closedAt: T0 + 10 * MIN });
    expect(closed).not.toHaveProperty('nextDueAt');
    expect(isActiveCase(closed)).toBe(false);

    await expectAppError(setStepDone(db, c.id, 'record', false, at(11)), 'validation', 'status', 'case-closed');
    await expectAppError(setStepField(db, c.id, 'record', 'demand', '退款', at(11)), 'validation', 'status', 'case-closed');
    await expectAppError(setCaseSeverity(db, c.id, 'urgent', at(11)), 'validation', 'status', 'case-closed');
    await expectAppError(setCaseStatus(db, c.id, 'open', at(11)), 'validation', 'status', 'case-closed');
    // History stays writable: the root cause is often noted after closing.
    await addCaseNote(db, c.id, '根本原因：包装太薄', at(12));
    expect(await setCaseStatus(db, c.id, 'closed', at(13))).toEqual(await getCase(db, c.id));

    const reopened = await reopenCase(db, c.id, at(14, li));
    expect(reopened).toMatchObject({ status: 'reopened', author: '小李' });
    expect(reopened).not.toHaveProperty('closedAt');
    expect(isActiveCase(reopened)).toBe(true);
    const undone = await setStepDone(db, c.id, 'record', false, at(15, li));
    expect(undone.nextDueAt).toBe(T0 + 10 * MIN);
    // Reopening twice (two agents at once) is harmless; only a closed case can be reopened.
    expect(await reopenCase(db, c.id, at(16))).toEqual(undone);
    expect((await setCaseStatus(db, c.id, 'waiting-buyer', at(17))).status).toBe('waiting-buyer');
    await expectAppError(reopenCase(db, c.id, at(18)), 'validation', 'status', 'case-not-closed');
    expect((await caseHistory(db, c.id)).filter((e) => e.kind === 'status').map((e) => (e.kind === 'status' ? e.status : ''))).toEqual([
      'closed',
      'reopened',
      'waiting-buyer',
    ]);
  });
});

describe('template edits', () => {
  it('do not touch cases already opened from the template', async () => {
    const { template, c } = await openOne();
    await setStepDone(db, c.id, 'record', true, at(1));
    const before = await getCase(db, c.id);
    await updateTemplate(db, template.id, { ...DRAFT, name: '物流问题（新版）', steps: [{ ...DRAFT.steps[0]!, title: '改过的标题', timeLimitMinutes: 5 }] }, at(2));
    expect(await getCase(db, c.id)).toEqual(before);
    await deleteTemplate(db, template.id, at(3));
    const after = await setStepDone(db, c.id, 'calm', true, at(4));
    expect(after.steps.map((s) => s.title)).toEqual(['倾听记录', '安抚致歉', '核实原因', '同步进度', '提出方案']);
    expect(after.templateName).toBe('物流问题');
    // Restored, the template opens new cases with its new version.
    await restoreTemplate(db, template.id, at(5));
    const fresh = await openCase(db, c.customerId, { templateId: template.id }, at(6));
    expect(fresh).toMatchObject({ templateName: '物流问题（新版）', nextDueAt: T0 + 11 * MIN });
    expect(fresh.steps.map((s) => s.title)).toEqual(['改过的标题']);
  });
});

describe('lists', () => {
  it('listCasesForCustomer: active cases first by nearest deadline, then the rest newest first', async () => {
    const { template, customer } = await setup();
    const open = (m: number) => openCase(db, customer.id, { templateId: template.id }, at(m));
    const a = await open(0); // record due at 10
    const b = await open(1); // record due at 11
    await setStepDone(db, b.id, 'record', true, at(2)); // b: calm due at 31
    const c = await open(3); // due at 13
    const d = await open(4);
    await setCaseStatus(db, d.id, 'resolved', at(5));
    const e = await open(6);
    await complete(e.id);
    await setCaseStatus(db, e.id, 'closed', at(7));
    const other = await customerForContext(db, { platform: 'feige', buyerName: '李四' }, wang);
    await openCase(db, other.id, { templateId: template.id }, wang);
    expect((await listCasesForCustomer(db, customer.id)).map((x) => x.id)).toEqual([a.id, c.id, b.id, e.id, d.id]);
  });

  it('listCases: overdue first (longest overdue first), then newest; filters combine', async () => {
    const { template, customer } = await setup();
    const quality = await createTemplate(db, { ...DRAFT, name: '质量问题', type: 'quality' }, wang);
    const other = await customerForContext(db, { platform: 'pinduoduo', buyerName: '李四' }, wang);
    const c1 = await openCase(db, customer.id, { templateId: template.id }, at(0)); // due 10
    const c2 = await openCase(db, other.id, { templateId: quality.id }, at(5, li)); // due 15
    const c3 = await openCase(db, customer.id, { templateId: quality.id }, at(20, li)); // due 30
    const c4 = await openCase(db, other.id, { templateId: template.id }, at(25)); // due 35
    await complete(c4.id);
    await setCaseStatus(db, c4.id, 'closed', at(26));
    const c5 = await openCase(db, customer.id, { templateId: template.id }, at(27)); // due 37
    await setCaseStatus(db, c5.id, 'waiting-buyer', at(28));
    const now = T0 + 32 * MIN; // c1, c2, c3 overdue; c5 not yet; c4 closed
    const ids = async (filter: Parameters<typeof listCases>[1]) => (await listCases(db, filter, now)).map((x) => x.id);

    expect(await ids({})).toEqual([c1.id, c2.id, c3.id, c5.id, c4.id]);
    expect(await ids({ overdue: true })).toEqual([c1.id, c2.id, c3.id]);
    expect(await ids({ overdue: false, status: [] })).toEqual([c1.id, c2.id, c3.id, c5.id, c4.id]);
    expect(await ids({ status: ['closed', 'waiting-buyer'] })).toEqual([c5.id, c4.id]);
    expect(await ids({ type: ['quality'] })).toEqual([c2.id, c3.id]);
    expect(await ids({ agent: '小李' })).toEqual([c2.id, c3.id]);
    expect(await ids({ agent: '小李', type: ['logistics'] })).toEqual([]);
    expect(await ids({ from: T0 + 5 * MIN, to: T0 + 25 * MIN })).toEqual([c2.id, c3.id, c4.id]);
    expect(await ids({ from: T0 + 21 * MIN })).toEqual([c5.id, c4.id]);
    expect(await ids({ to: T0 + 4 * MIN, overdue: true })).toEqual([c1.id]);
    expect(await ids({ overdue: true, status: ['open'], type: ['logistics'], agent: '小王' })).toEqual([c1.id]);
    expect(await ids({ from: T0 + 10 * MIN, to: T0 })).toEqual([]);
    // A later "now": c5 becomes overdue too, and leads once it is the longest overdue.
    expect((await listCases(db, { overdue: true }, T0 + 40 * MIN)).map((x) => x.id)).toEqual([c1.id, c2.id, c3.id, c5.id]);
    // Ticking c1's overdue steps takes it out of the overdue head; equal deadlines go newest first.
    await setStepDone(db, c1.id, 'record', true, at(31));
    expect((await listCases(db, {}, now)).map((x) => x.id)).toEqual([c2.id, c3.id, c1.id, c5.id, c4.id]);
    await setStepDone(db, c1.id, 'calm', true, at(31));
    expect((await listCases(db, {}, now)).map((x) => x.id)).toEqual([c2.id, c3.id, c5.id, c4.id, c1.id]);
  });

  it('nextCaseDueAt: the earliest deadline after a time, among active cases only', async () => {
    const { template, customer } = await setup();
    expect(await nextCaseDueAt(db, T0)).toBeUndefined();
    const a = await openCase(db, customer.id, { templateId: template.id }, at(0)); // due 10
    await openCase(db, customer.id, { templateId: template.id }, at(7)); // due 17
    expect(await nextCaseDueAt(db, T0)).toBe(T0 + 10 * MIN);
    expect(await nextCaseDueAt(db, T0 + 10 * MIN)).toBe(T0 + 17 * MIN);
    await setCaseStatus(db, a.id, 'resolved', at(1));
    expect(await nextCaseDueAt(db, T0)).toBe(T0 + 17 * MIN);
  });
});
