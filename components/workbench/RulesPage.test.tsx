import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileRules } from '@/lib/compliance/matcher';
import { ruleSetsToCsv } from '@/lib/compliance/rules-csv';
import type { KefuDatabase } from '@/lib/db/database';
import { engineRuleSets, exportRuleSetsFile, listRuleSets, seedStarterRuleSets } from '@/lib/db/rule-sets';
import { freshDb } from '@/lib/db/testing';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { RulesPage } from './RulesPage';
import { NOW, until } from './testing-seed';

let db: KefuDatabase;
let view: Rendered | undefined;
beforeEach(async () => {
  db = freshDb();
  await seedStarterRuleSets(db, { author: '', now: NOW - 1000 });
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

const show = async (lang: 'zh' | 'en' = 'zh') => {
  view = render(<RulesPage db={db} author="主管" now={NOW} />, lang);
  const shown = view;
  await until(() => expect(shown.all('rules-set-item')).toHaveLength(2));
  return shown;
};
const typeText = (el: HTMLElement, value: string) => {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
};
const chooseFile = (input: HTMLElement, name: string, text: string) => {
  Object.defineProperty(input, 'files', { configurable: true, value: [new File([text], name, { type: name.endsWith('.csv') ? 'text/csv' : 'application/json' })] });
  input.dispatchEvent(new Event('change', { bubbles: true }));
};
const check = async (text: string) => compileRules(engineRuleSets(await listRuleSets(db))).check(text);

describe('RulesPage', () => {
  it('lists the sets and tries a phrase against the enabled rules', async () => {
    const view = await show();
    expect(view.all('rules-set-item').map((li) => li.querySelector('.rules-set-name')?.textContent)).toEqual(['中文回复规范（内置）', '英文回复规范（内置）']);
    typeText(view.one('rules-try-input'), '亲，加我微信发您图片');
    await until(() => expect(view.all('compliance-warning')).toHaveLength(1));
    expect(view.one('compliance-warning').getAttribute('data-severity')).toBe('block');
    expect(view.all('compliance-mark').map((m) => m.textContent)).toContain('加我微信');
    typeText(view.one('rules-try-input'), '亲，已为您登记，请稍等');
    await until(() => expect(view.all('rules-try-none')).toHaveLength(1));

    // Switching the Chinese set off: the try box follows.
    typeText(view.one('rules-try-input'), '亲，加我微信发您图片');
    await until(() => expect(view.all('compliance-warning')).toHaveLength(1));
    view.one('rules-set-switch', view.all('rules-set-item')[0]).click();
    await until(() => expect(view.all('rules-try-none')).toHaveLength(1));
    expect((await listRuleSets(db))[0]!.enabled).toBe(false);
  });

  it('adds a rule to a new set, saying what to fix (bad regex, empty word) before it saves', async () => {
    const view = await show();
    view.one('rules-set-new').click();
    await until(() => expect(view.all('rules-set-item')).toHaveLength(3));
    await until(() => expect(view.all('rules-rule-new')).toHaveLength(1));
    view.one('rules-rule-new').click();
    await until(() => expect(view.all('rules-rule-editor')).toHaveLength(1));
    expect((view.one('rules-rule-id') as HTMLInputElement).value).toBe('rule-1');
    typeText(view.one('rules-rule-name-zh'), '赠品承诺');
    typeText(view.one('rules-rule-name-en'), 'Gift promises');
    typeText(view.one('rules-rule-severity'), 'block');
    typeText(view.one('rules-rule-words'), '送赠品\n，，');
    typeText(view.one('rules-rule-regexes'), '赠品(');
    typeText(view.one('rules-rule-explanation-zh'), '赠品以活动页为准。');
    typeText(view.one('rules-rule-explanation-en'), 'Gifts follow the promotion page.');
    view.one('rules-rule-save').click();
    await until(() => expect(view.all('rules-error-regexes')).toHaveLength(1));
    expect(view.one('rules-error-regexes').textContent).toBe('第 1 行“赠品(”：这个正则表达式写法有误，无法使用。');
    expect(view.one('rules-error-words').textContent).toBe('第 2 行“，，”：词不能为空，也不能只有空格或标点。');
    expect((await listRuleSets(db))[2]!.ruleSet.rules).toEqual([]);

    typeText(view.one('rules-rule-words'), '送赠品');
    typeText(view.one('rules-rule-regexes'), '');
    typeText(view.one('rules-rule-exceptions'), '不送赠品');
    view.one('rules-rule-save').click();
    await until(() => expect(view.all('rules-rule-item')).toHaveLength(1));
    expect(view.one('rules-notice').textContent).toBe('已保存规则“赠品承诺”。');
    expect((await check('下单就送赠品')).map((m) => [m.ruleId, m.severity])).toEqual([['rule-1', 'block']]);
    expect(await check('这次不送赠品')).toEqual([]);

    // Editing it: a warning now, and only on 飞鸽.
    view.one('rules-rule-edit').click();
    await until(() => expect(view.all('rules-rule-editor')).toHaveLength(1));
    typeText(view.one('rules-rule-severity'), 'warn');
    typeText(view.one('rules-rule-platforms'), 'feige');
    view.one('rules-rule-save').click();
    await until(() => expect(view.all('rules-rule-editor')).toHaveLength(0));
    const rule = (await listRuleSets(db))[2]!.ruleSet.rules[0]!;
    expect([rule.severity, rule.platforms]).toEqual(['warn', ['feige']]);

    view.one('rules-rule-delete').click();
    await until(() => expect(view.all('rules-rule-item')).toHaveLength(0));
    view.one('rules-set-delete').click();
    await until(() => expect(view.all('rules-set-delete-confirm')).toHaveLength(1));
    view.one('rules-set-delete-confirm').click();
    await until(() => expect(view.all('rules-set-item')).toHaveLength(2));
  });

  it('previews an import before writing it, and refuses a bad file saying where', async () => {
    const view = await show('en');
    const file = JSON.parse(await exportRuleSetsFile(db, new Date(NOW))) as { ruleSets: { id: string; name: { zh: string; en: string }; rules: unknown[] }[] };
    file.ruleSets[0]!.rules = file.ruleSets[0]!.rules.slice(0, 2);
    file.ruleSets.push({ ...file.ruleSets[1]!, id: 'team', name: { zh: '团队', en: 'Team' } });
    chooseFile(view.one('rules-import'), 'rules.json', JSON.stringify(file));
    await until(() => expect(view.all('rules-import-preview')).toHaveLength(1));
    expect(view.all('rules-import-item').map((li) => li.getAttribute('data-action'))).toEqual(['replace', 'replace', 'add']);
    expect(view.all('rules-import-item')[0]!.textContent).toMatch(/^Replace: Chinese replies \(built in\) \(2 rules; \d+ current rules will be removed\)$/);
    expect(await db.ruleSets.count()).toBe(2); // nothing written yet
    view.one('rules-import-confirm').click();
    await until(() => expect(view.all('rules-set-item')).toHaveLength(3));
    expect(view.one('rules-notice').textContent).toBe('Imported: 1 sets added, 2 replaced.');
    expect((await listRuleSets(db))[0]!.ruleSet.rules).toHaveLength(2);

    const before = await db.ruleSets.toArray();
    const csv = ruleSetsToCsv(engineRuleSets(await listRuleSets(db))).replace(/\r\n([^\r\n]*?),block,/, '\r\n$1,forbidden,');
    chooseFile(view.one('rules-import'), 'rules.csv', csv);
    await until(() => expect(view.all('rules-error')).toHaveLength(1));
    expect(view.one('rules-error').textContent).toBe('Cannot import “rules.csv”: Please choose a severity: do not send, risky, or tone hint. (at row 2)');
    chooseFile(view.one('rules-import'), 'rules.json', '{"format":"other"}');
    await until(() => expect(view.one('rules-error').textContent).toContain('This file is not a compliance rules export'));
    expect(view.all('rules-import-preview')).toHaveLength(0);
    expect(await db.ruleSets.toArray()).toEqual(before);
  });
});
