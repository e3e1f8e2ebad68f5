import { afterEach, describe, expect, it } from 'vitest';
import {
  createTemplate,
  deleteTemplate,
  duplicateTemplate,
  getTemplate,
  listTemplates,
  moveTemplate,
  restoreTemplate,
  updateTemplate,
} from './checklist-templates';
import type { TemplateDraft } from './complaint-records';
import type { KefuDatabase } from './database';
import { expectAppError, freshDb } from './testing';

const T0 = Date.UTC(2026, 10, 30, 2, 0);
const who = { author: '主管', now: T0 };

const draft = (name: string, extra: Partial<TemplateDraft> = {}): TemplateDraft => ({
  name,
  type: 'general',
  steps: [
    {
      id: 'record',
      title: '倾听记录',
      guidance: '记下发生了什么',
      required: true,
      timeLimitMinutes: 10,
      fields: [{ key: 'cause', label: '原因类别', kind: 'choice', options: ['物流', '质量', '物流'], required: true }],
    },
  ],
  ...extra,
});

let db: KefuDatabase;
afterEach(async () => {
  await db?.delete();
});

describe('checklist templates', () => {
  it('creates templates at the end of the picker, with sync fields, options cleaned', async () => {
    db = freshDb();
    const a = await createTemplate(db, draft('一般投诉'), who);
    const b = await createTemplate(db, { ...draft('物流问题'), type: 'logistics' }, { ...who, now: T0 + 1 });
    expect(a).toMatchObject({ name: '一般投诉', type: 'general', createdAt: T0, updatedAt: T0, author: '主管' });
    expect(a.steps[0]?.fields[0]?.options).toEqual(['物流', '质量']);
    expect(b.sortKey).toBeGreaterThan(a.sortKey);
    expect((await listTemplates(db)).map((t) => t.name)).toEqual(['一般投诉', '物流问题']);
    expect(await getTemplate(db, a.id)).toEqual(a);
  });

  it('drops options from fields that are not choices', async () => {
    db = freshDb();
    const t = await createTemplate(
      db,
      draft('x', { steps: [{ id: 's', title: '方案', guidance: '', required: true, fields: [{ key: 'amount', label: '金额', kind: 'money', options: ['1'], required: false }] }] }),
      who,
    );
    expect(t.steps[0]?.fields[0]).toEqual({ key: 'amount', label: '金额', kind: 'money', required: false });
  });

  it('refuses invalid drafts with a key naming what to fix, and stores nothing', async () => {
    db = freshDb();
    const step = draft('x').steps[0]!;
    const bad: Array<[unknown, string, string]> = [
      [{ ...draft(''), name: '  ' }, 'name', 'template-name-required'],
      [draft('x'.repeat(61)), 'name', 'template-name-too-long'],
      [draft('x', { steps: [] }), 'steps', 'template-needs-steps'],
      [{ ...draft('x'), type: 'other' }, 'type', 'type-invalid'],
      [draft('x', { steps: [{ ...step, title: '' }] }), 'steps', 'step-title-required'],
      [draft('x', { steps: [{ ...step, guidance: 'x'.repeat(1001) }] }), 'steps', 'step-guidance-too-long'],
      [draft('x', { steps: [{ ...step, timeLimitMinutes: 0 }] }), 'steps', 'time-limit-invalid'],
      [draft('x', { steps: [{ ...step, timeLimitMinutes: 1.5 }] }), 'steps', 'time-limit-invalid'],
      [draft('x', { steps: [step, { ...step, title: '另一个' }] }), 'steps', 'step-ids-duplicate'],
      [draft('x', { steps: [{ ...step, fields: [step.fields[0]!, step.fields[0]!] }] }), 'steps', 'field-keys-duplicate'],
      [draft('x', { steps: [{ ...step, fields: [{ ...step.fields[0]!, options: [] }] }] }), 'steps', 'field-options-required'],
      [draft('x', { steps: [{ ...step, fields: [{ ...step.fields[0]!, key: 'Cause Category' }] }] }), 'steps', 'field-key-invalid'],
      [draft('x', { steps: [{ ...step, fields: [{ ...step.fields[0]!, label: '' }] }] }), 'steps', 'field-label-required'],
      [draft('x', { steps: Array.from({ length: 31 }, (_, i) => ({ ...step, id: `s${i}` })) }), 'steps', 'too-many-steps'],
    ];
    for (const [input, field, key] of bad) await expectAppError(createTemplate(db, input, who), 'validation', field, key);
    expect(await db.checklistTemplates.count()).toBe(0);
  });

  it('updates keep the id, order and starter id; updatedAt always moves forward', async () => {
    db = freshDb();
    const t = await createTemplate(db, draft('一般投诉'), { ...who, extra: { lang: 'zh', starterId: 'zh-general' } });
    const next = await updateTemplate(db, t.id, { ...draft('一般投诉（新）'), type: 'quality' }, { author: '小王', now: T0 - 5 });
    expect(next).toMatchObject({ id: t.id, name: '一般投诉（新）', type: 'quality', sortKey: t.sortKey, starterId: 'zh-general', lang: 'zh', author: '小王' });
    expect(next.updatedAt).toBe(T0 + 1);
    await expectAppError(updateTemplate(db, 'nope', draft('x'), who), 'not-found', 'form', 'template-not-found');
  });

  it('deletes softly and restores in place', async () => {
    db = freshDb();
    const a = await createTemplate(db, draft('A'), who);
    const b = await createTemplate(db, draft('B'), who);
    await deleteTemplate(db, a.id, { ...who, now: T0 + 10 });
    expect((await listTemplates(db)).map((t) => t.name)).toEqual(['B']);
    expect(await db.checklistTemplates.get(a.id)).toMatchObject({ deletedAt: T0 + 10, updatedAt: T0 + 10 });
    await expectAppError(getTemplate(db, a.id), 'not-found', 'form', 'template-not-found');
    await expectAppError(updateTemplate(db, a.id, draft('A2'), who), 'not-found');
    const restored = await restoreTemplate(db, a.id, { ...who, now: T0 + 20 });
    expect(restored).not.toHaveProperty('deletedAt');
    expect((await listTemplates(db)).map((t) => t.id)).toEqual([a.id, b.id]);
    await expectAppError(restoreTemplate(db, 'nope', who), 'not-found');
  });

  it('moves a template up and down the picker, changing only that template; ends stay put', async () => {
    db = freshDb();
    const a = await createTemplate(db, draft('一般投诉'), who);
    const b = await createTemplate(db, draft('物流问题'), { ...who, now: T0 + 1 });
    const c = await createTemplate(db, draft('质量问题'), { ...who, now: T0 + 2 });
    const names = async () => (await listTemplates(db)).map((t) => t.name);
    await moveTemplate(db, c.id, -1, { ...who, now: T0 + 10 });
    expect(await names()).toEqual(['一般投诉', '质量问题', '物流问题']);
    expect((await getTemplate(db, b.id)).updatedAt).toBe(T0 + 1);
    expect(await getTemplate(db, c.id)).toMatchObject({ updatedAt: T0 + 10, author: who.author });
    await moveTemplate(db, c.id, -1, who);
    expect(await names()).toEqual(['质量问题', '一般投诉', '物流问题']);
    await moveTemplate(db, c.id, -1, who);
    expect(await names()).toEqual(['质量问题', '一般投诉', '物流问题']);
    await moveTemplate(db, a.id, 1, who);
    expect(await names()).toEqual(['质量问题', '物流问题', '一般投诉']);
    await moveTemplate(db, a.id, 1, who);
    expect(await names()).toEqual(['质量问题', '物流问题', '一般投诉']);
  });

  it('moves past templates that share a key, by numbering them afresh', async () => {
    db = freshDb();
    const a = await createTemplate(db, draft('甲'), who);
    const b = await createTemplate(db, draft('乙'), who);
    const c = await createTemplate(db, draft('丙'), who);
    for (const t of [a, b, c]) await db.checklistTemplates.update(t.id, { sortKey: 1 });
    const before = (await listTemplates(db)).map((t) => t.name);
    await moveTemplate(db, (await listTemplates(db))[2]!.id, -1, who);
    expect((await listTemplates(db)).map((t) => t.name)).toEqual([before[0], before[2], before[1]]);
  });

  it('duplicates right after the original, as the team’s own template', async () => {
    db = freshDb();
    const a = await createTemplate(db, draft('一般投诉'), { ...who, extra: { lang: 'zh', starterId: 'zh-general' } });
    const b = await createTemplate(db, draft('物流问题'), who);
    const copy = await duplicateTemplate(db, a.id, { ...who, now: T0 + 5, nameSuffix: '（副本）' });
    expect(copy).toMatchObject({ name: '一般投诉（副本）', steps: a.steps, createdAt: T0 + 5 });
    expect(copy).not.toHaveProperty('starterId');
    expect(copy.id).not.toBe(a.id);
    expect((await listTemplates(db)).map((t) => t.id)).toEqual([a.id, copy.id, b.id]);
    const last = await duplicateTemplate(db, b.id, { ...who, nameSuffix: ' (copy)' });
    expect((await listTemplates(db)).at(-1)?.id).toBe(last.id);
    const long = await createTemplate(db, draft('长'.repeat(60)), who);
    expect((await duplicateTemplate(db, long.id, { ...who, nameSuffix: '（副本）' })).name).toBe(`${'长'.repeat(56)}（副本）`);
  });
});
