import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTemplate, getTemplate, listTemplates } from '@/lib/db/checklist-templates';
import type { KefuDatabase } from '@/lib/db/database';
import { createReply } from '@/lib/db/replies';
import { enableSyncState } from '@/lib/db/sync-state';
import { freshDb } from '@/lib/db/testing';
import { render, typeInto, type Rendered } from '@/components/sidebar/render-testing';
import { TemplatesPage } from './TemplatesPage';
import { NOW, until } from './testing-seed';

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

const show = async (lang: 'zh' | 'en' = 'zh') => {
  view = render(<TemplatesPage db={db} author="主管" now={NOW} />, lang);
  const shown = view;
  await until(() => expect(shown.all('templates-page')).toHaveLength(1));
  return shown;
};
const names = () => view!.all('template-item').map((li) => li.querySelector('.tpl-name')?.textContent);
const select = (el: HTMLElement, value: string) => {
  (el as HTMLSelectElement).value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
};
const typeText = (el: HTMLElement, value: string) => {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
};

describe('TemplatesPage', () => {
  it('creates a checklist with steps, a linked reply, a time limit in hours and a choice field', async () => {
    await createReply(db, { title: '致歉安抚', body: '非常抱歉给您添麻烦了', group: '投诉', code: '', tags: [], variants: [], pinned: false }, { author: '主管', now: NOW });
    await createReply(db, { title: '物流查询', body: '已为您催促快递', group: '物流', code: '', tags: [], variants: [], pinned: false }, { author: '主管', now: NOW });
    const view = await show();
    view.one('template-new').click();
    await until(() => expect(view.all('template-editor')).toHaveLength(1));

    typeInto(view.one('template-name'), '破损理赔');
    select(view.one('template-type'), 'logistics');
    const step = () => view.all('template-step')[0]!;
    typeInto(view.one('step-title', step()), '安抚买家');
    typeText(view.one('step-guidance', step()), '先道歉');
    typeInto(view.one('step-limit', step()), '1.5');
    typeInto(view.one('reply-search', step()), '致歉');
    await until(() => expect(view.all('reply-result', step()).map((b) => b.textContent)).toEqual(['致歉安抚']));
    view.one('reply-result', step()).click();
    await until(() => expect(view.one('step-reply', step()).textContent).toBe('致歉安抚'));

    view.one('step-add').click();
    await until(() => expect(view.all('template-step')).toHaveLength(2));
    const second = () => view.all('template-step')[1]!;
    typeInto(view.one('step-title', second()), '确认责任');
    select(view.one('step-unit', second()), 'minutes');
    typeInto(view.one('step-limit', second()), '30');
    view.one('field-add', second()).click();
    await until(() => expect(view.all('template-field', second())).toHaveLength(1));
    typeInto(view.one('field-label', second()), '责任方');
    select(view.one('field-kind', second()), 'choice');
    await until(() => expect(view.all('field-options', second())).toHaveLength(1));
    typeText(view.one('field-options', second()), '快递\n仓库，买家');
    view.one('field-required', second()).click();

    // Reorder: the second step moves up and back down.
    view.one('step-up', second()).click();
    await until(() => expect((view.one('step-title', step()) as HTMLInputElement).value).toBe('确认责任'));
    view.one('step-down', step()).click();
    await until(() => expect((view.one('step-title', step()) as HTMLInputElement).value).toBe('安抚买家'));

    view.one('template-save').click();
    await until(() => expect(names()).toEqual(['破损理赔']));
    const [saved] = await listTemplates(db);
    expect(saved).toMatchObject({ name: '破损理赔', type: 'logistics', author: '主管' });
    expect(saved!.steps.map((s) => [s.title, s.timeLimitMinutes, s.guidance])).toEqual([
      ['安抚买家', 90, '先道歉'],
      ['确认责任', 30, ''],
    ]);
    expect(saved!.steps[0]!.replyId).toBeDefined();
    expect(saved!.steps[1]!.fields).toEqual([{ key: 'field-1', label: '责任方', kind: 'choice', options: ['快递', '仓库', '买家'], required: true }]);
    await until(() => expect(view.all('template-saved')).toHaveLength(1));
  }, 30_000);

  it('shows the repository’s messages beside the fields that need fixing', async () => {
    const view = await show();
    view.one('template-new').click();
    await until(() => expect(view.all('template-editor')).toHaveLength(1));
    view.one('template-save').click();
    await until(() => expect(view.all('template-error-name')).toHaveLength(1));
    expect(view.one('template-error-name').textContent).toBe('请填写模板名称，例如“物流问题”。');

    typeInto(view.one('template-name'), '退款');
    typeInto(view.one('step-limit'), '0');
    view.one('field-add').click();
    await until(() => expect(view.all('template-field')).toHaveLength(1));
    select(view.one('field-kind'), 'choice');
    await until(() => expect(view.all('field-options')).toHaveLength(1));
    view.one('template-save').click();
    await until(() => expect(view.all('template-error-field-0-0-options')).toHaveLength(1));
    expect(view.all('template-error-name')).toHaveLength(0);
    expect(view.one('template-error-step-0-title').textContent).toBe('请填写每个步骤的标题。');
    expect(view.one('template-error-step-0-timeLimitMinutes').textContent).toContain('时限请填写 1 分钟到 60 天之间');
    expect(view.one('template-error-field-0-0-label').textContent).toBe('请填写每个填写项的名称，例如“责任方”。');
    expect(view.one('template-error-field-0-0-options').textContent).toBe('选择题至少要有一个选项。');
    expect(await listTemplates(db)).toEqual([]);
  });

  it('edits, duplicates, and deletes with undo', async () => {
    const tpl = await createTemplate(
      db,
      { name: '质量问题', type: 'quality', steps: [{ id: 'check', title: '核实问题', guidance: '', fields: [], required: true, timeLimitMinutes: 120 }] },
      { author: '主管', now: NOW },
    );
    const view = await show('en');
    await until(() => expect(names()).toEqual(['质量问题']));

    view.one('template-item').click();
    await until(() => expect((view.one('step-title') as HTMLInputElement).value).toBe('核实问题'));
    expect((view.one('step-limit') as HTMLInputElement).value).toBe('2');
    expect((view.one('step-unit') as HTMLSelectElement).value).toBe('hours');
    typeInto(view.one('step-title'), '核实问题并拍照');
    view.one('template-save').click();
    await until(async () => expect((await getTemplate(db, tpl.id)).steps[0]!.title).toBe('核实问题并拍照'));

    view.one('template-duplicate').click();
    await until(() => expect(names()).toEqual(['质量问题', '质量问题 (copy)']));

    // The picker's order: the copy moves up above the original, and back.
    view.one('template-up', view.all('template-item')[1]).click();
    await until(() => expect(names()).toEqual(['质量问题 (copy)', '质量问题']));
    expect((view.one('template-up', view.all('template-item')[0]) as HTMLButtonElement).disabled).toBe(true);
    view.one('template-down', view.all('template-item')[0]).click();
    await until(() => expect(names()).toEqual(['质量问题', '质量问题 (copy)']));

    view.one('template-delete', view.all('template-item')[0]).click();
    await until(() => expect(names()).toEqual(['质量问题 (copy)']));
    expect(view.one('template-undo-notice').textContent).toContain('Checklist “质量问题” deleted.');
    view.one('template-undo').click();
    await until(() => expect(names()).toEqual(['质量问题', '质量问题 (copy)']));
  });

  it('on an agent’s device marks the team’s templates, offers no delete, and says why a save is refused', async () => {
    const tpl = await createTemplate(
      db,
      { name: '团队模板', type: 'quality', steps: [{ id: 'check', title: '核实问题', guidance: '', fields: [], required: true }] },
      { author: '主管', now: NOW },
    );
    await db.syncRecords.put({ id: `checklist-template:${tpl.id}`, kind: 'checklist-template', recordId: tpl.id, scope: 'team', heads: {}, conflicts: {} });
    await enableSyncState(db, { deviceId: 'devB', role: 'agent', sameTeam: true });
    const view = await show();
    await until(() => expect(view.all('template-team-badge')).toHaveLength(1));
    expect(view.all('template-delete')).toEqual([]);
    view.one('template-item').click();
    await until(() => expect(view.one('template-team-hint').textContent).toContain('团队模板由主管维护'));
    await until(() => expect(view.all('step-title')).toHaveLength(1));
    typeInto(view.one('step-title'), '改掉');
    view.one('template-save').click();
    await until(() => expect(view.one('template-form-error').textContent).toContain('这是团队的投诉处理模板'));
    expect((await getTemplate(db, tpl.id)).steps[0]!.title).toBe('核实问题');
  });
});
