import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KefuDatabase } from '@/lib/db/database';
import { freshDb } from '@/lib/db/testing';
import { DEFAULT_SETTINGS } from '@/lib/settings/settings';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { NOW, seedCases, until } from './testing-seed';
import { WorkbenchApp } from './WorkbenchApp';

let db: KefuDatabase;
let view: Rendered | undefined;
beforeEach(() => {
  db = freshDb();
  window.location.hash = '';
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

const show = (lang: 'zh' | 'en' = 'zh') => {
  view = render(<WorkbenchApp db={db} settings={{ ...DEFAULT_SETTINGS, agentName: '主管' }} now={NOW} />, lang);
  return view;
};

describe('WorkbenchApp', () => {
  it('opens on the complaints, routes by the hash, and marks the page in the nav', async () => {
    const { overdue } = await seedCases(db);
    const view = show();
    await until(() => expect(view.all('cases-page')).toHaveLength(1));
    expect(window.location.hash).toBe('#/cases');
    expect(view.one('nav-cases').getAttribute('aria-current')).toBe('page');
    expect(view.one('workbench-agent').textContent).toBe('客服：主管');
    await until(() => expect(document.title).toBe('投诉 · 工作台'));

    await until(() => expect(view.all('case-row')).toHaveLength(3));
    view.one('case-open', view.all('case-row')[0]).click();
    await until(() => expect(view.all('case-detail')).toHaveLength(1));
    expect(window.location.hash).toBe(`#/cases/${overdue.id}`);
    expect(view.one('nav-cases').getAttribute('aria-current')).toBe('page');

    view.one('nav-follow-ups').click();
    await until(() => expect(view.all('followups-page')).toHaveLength(1));
    expect(view.one('nav-follow-ups').getAttribute('aria-current')).toBe('page');
    view.one('nav-templates').click();
    await until(() => expect(view.all('templates-page')).toHaveLength(1));
    await until(() => expect(view.all('template-item')).toHaveLength(2));
  }, 30_000);

  it('keeps the list’s filters across a visit to a case', async () => {
    await seedCases(db);
    const view = show();
    await until(() => expect(view.all('case-row')).toHaveLength(3));
    (view.all('filter-type').find((el) => (el as HTMLInputElement).value === 'logistics') as HTMLInputElement).click();
    await until(() => expect(view.all('case-row')).toHaveLength(2));
    view.one('case-open', view.all('case-row')[0]).click();
    await until(() => expect(view.all('case-detail')).toHaveLength(1));
    view.one('case-back').click();
    await until(() => expect(view.all('case-row')).toHaveLength(2));
  });

  it('says so for an unknown page', async () => {
    window.location.hash = '#/nothing-here';
    const view = show('en');
    await until(() => expect(view.all('workbench-not-found')).toHaveLength(1));
    expect(view.one('workbench-not-found').textContent).toContain('There is no such page.');
  });
});
