import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { addFollowUp } from '@/lib/db/follow-ups';
import { freshDb } from '@/lib/db/testing';
import { en, zh } from '@/lib/i18n/messages';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '@/lib/settings/settings';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { PopupApp } from './PopupApp';

const HOUR = 3_600_000;
const NOW = new Date(2026, 10, 30, 10, 0).getTime();
const FEIGE = 'https://im.jinritemai.com/pc_seller_v2/main/workspace';
const SHOP = 'https://shop.example.com/inbox';

let db: KefuDatabase;
let view: Rendered | undefined;
/** Messages the popup sent to the background, answered from `answers`. */
let sent: Array<{ type: string; payload: unknown }>;
let answers: Record<string, unknown>;
let closed: number;

beforeEach(() => {
  fakeBrowser.reset();
  db = freshDb();
  sent = [];
  closed = 0;
  answers = { openSidebarInTab: { opened: true }, enableSiteInTab: { enabled: true }, openCustomerConsole: { outcome: 'focused' } };
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const { type, payload } = message as { type: string; payload: unknown };
    sent.push({ type, payload });
    return Promise.resolve({ ok: true, data: answers[type] });
  });
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

const until = <T,>(check: () => T) => vi.waitFor(check, { timeout: 5000, interval: 20 });

async function show(url: string | undefined, settings: Settings = DEFAULT_SETTINGS, lang: 'zh' | 'en' = 'zh') {
  view = render(<PopupApp db={db} settings={settings} tab={{ id: 7, url }} close={() => closed++} now={NOW} />, lang);
  const shown = view;
  await until(() => expect(shown.one('popup-site').dataset.status).not.toBe('loading'));
  return shown;
}

describe('PopupApp', () => {
  it('on a console: its name, and "open the sidebar" asks the background and closes the popup', async () => {
    const view = await show(FEIGE);
    expect(view.one('popup-site').dataset.status).toBe('console');
    expect(view.one('popup-status').textContent).toBe(zh['popup.status.console'].replace('{name}', '抖店飞鸽'));
    expect(view.all('popup-enable')).toHaveLength(0);
    view.one('popup-open-sidebar').click();
    await until(() => expect(closed).toBe(1));
    expect(sent).toEqual([{ type: 'openSidebarInTab', payload: { tabId: 7 } }]);
  });

  it('says so when the sidebar could not open, and stays open', async () => {
    answers.openSidebarInTab = { opened: false };
    const view = await show(FEIGE);
    view.one('popup-open-sidebar').click();
    await until(() => expect(view.one('popup-message').textContent).toBe(zh['popup.notOpened']));
    expect(closed).toBe(0);
  });

  it('on another site: asks for the site in the click itself, then has the background enable it', async () => {
    let resolveGrant: (granted: boolean) => void = () => undefined;
    const request = vi.fn(() => new Promise<boolean>((r) => (resolveGrant = r)));
    (browser.permissions as unknown as { request: unknown }).request = request;
    const view = await show(SHOP, DEFAULT_SETTINGS, 'en');
    expect(view.one('popup-status').textContent).toBe(en['popup.status.notEnabled'].replace('{host}', 'shop.example.com'));
    expect(view.all('popup-open-sidebar')).toHaveLength(0);
    view.one('popup-enable').click();
    // Synchronously, within the click: the browser allows the prompt nowhere else.
    expect(request).toHaveBeenCalledWith({ origins: ['https://shop.example.com/*'] });
    expect(sent).toEqual([]);
    resolveGrant(true);
    await until(() => expect(closed).toBe(1));
    expect(sent).toEqual([{ type: 'enableSiteInTab', payload: { tabId: 7 } }]);
  });

  it('when the agent declines, nothing is enabled', async () => {
    (browser.permissions as unknown as { request: unknown }).request = vi.fn(async () => false);
    const view = await show(SHOP);
    view.one('popup-enable').click();
    await until(() => expect(view.one('popup-message').textContent).toBe(zh['popup.declined']));
    expect(sent).toEqual([]);
  });

  it('a console switched off in settings is switched back on, then the sidebar opens', async () => {
    const settings = await saveSettings({ disabledSites: ['feige', 'etsy'] });
    const view = await show(FEIGE, settings);
    expect(view.one('popup-status').textContent).toBe(zh['popup.status.off'].replace('{name}', '抖店飞鸽'));
    expect(view.all('popup-open-sidebar')).toHaveLength(0);
    view.one('popup-switch-on').click();
    await until(() => expect(closed).toBe(1));
    expect((await loadSettings()).disabledSites).toEqual(['etsy']);
    expect(sent).toEqual([{ type: 'openSidebarInTab', payload: { tabId: 7 } }]);
  });

  it('browser pages: nothing to enable, the workbench still opens', async () => {
    const openOptionsPage = vi.fn(async () => undefined);
    (browser.runtime as unknown as { openOptionsPage: unknown }).openOptionsPage = openOptionsPage;
    const view = await show('chrome://extensions/');
    expect(view.one('popup-status').textContent).toBe(zh['popup.status.unsupported']);
    expect(view.all('popup-enable')).toHaveLength(0);
    view.one('popup-workbench').click();
    await until(() => expect(closed).toBe(1));
    expect(openOptionsPage).toHaveBeenCalledTimes(1);
  });

  it('counts today’s follow-ups, lists the first three, and a click opens that customer’s console', async () => {
    const who = { author: '小王', now: NOW - 48 * HOUR };
    const names = ['阿花', '小明', '莉莉', '大壮'];
    const customers = [];
    for (const [i, buyerName] of names.entries()) {
      const customer = await customerForContext(db, { platform: i === 1 ? 'pinduoduo' : 'feige', buyerName }, who);
      customers.push(customer);
      await addFollowUp(db, customer.id, { dueAt: NOW - (4 - i) * HOUR, reason: `回访${i}` }, who);
    }
    // Tomorrow's is not today's.
    await addFollowUp(db, customers[0]!.id, { dueAt: NOW + 30 * HOUR, reason: '明天' }, who);
    const view = await show(FEIGE);
    await until(() => expect(view.one('popup-followups-count').textContent).toBe('4'));
    expect(view.all('popup-followup-open').map((b) => b.textContent)).toEqual(['阿花', '小明', '莉莉']);
    expect(view.one('popup-followups').textContent).toContain(zh['popup.followUps.more'].replace('{count}', '1'));
    view.all('popup-followup-open')[1]!.click();
    await until(() => expect(closed).toBe(1));
    expect(sent).toEqual([{ type: 'openCustomerConsole', payload: { customerId: customers[1]!.id } }]);
  });
});
