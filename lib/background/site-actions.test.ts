import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveCustomSite } from '../settings/custom-sites';
import { saveSettings } from '../settings/settings';
import { CONSOLE_SCRIPT, mayHostSidebar } from './console-injection';
import { openSidebarInTab, registerSiteActions, testSelectorsOnSite } from './site-actions';

/**
 * What the popup and the workbench ask of the background. (The test runner
 * is not the e2e build, so loopback pages count as ordinary sites here.)
 */
const PDD = 'https://mms.pinduoduo.com/chat-merchant/index.html';
const SHOP = 'https://shop.example.com/inbox';

type Tab = { id: number; url?: string; title?: string; lastAccessed?: number };
let tabs: Tab[];
let executeScript: Mock<(details: { target?: { tabId: number }; files?: string[] }) => Promise<Array<{ result?: unknown }>>>;
let sendMessage: Mock<(tabId: number, message: { type: string; payload: unknown }) => Promise<unknown>>;
/** Tabs whose content script answers. */
let listening: Set<number>;

beforeEach(() => {
  fakeBrowser.reset();
  tabs = [];
  listening = new Set();
  executeScript = vi.fn(async (details: { target?: { tabId: number }; files?: string[] }) => {
    if (details.files && details.target) listening.add(details.target.tabId);
    return [{ result: true }];
  });
  sendMessage = vi.fn(async (tabId: number, message: { type: string; payload: unknown }) => {
    if (!listening.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
    if (message.type === 'testSelectors') return { ok: true, data: { invalid: [], replyFound: true, buyer: '小鹿' } };
    return { ok: true, data: { width: 360, mode: 'push', collapsed: false } };
  });
  const api = browser as unknown as Record<string, Record<string, unknown>>;
  api.scripting!.executeScript = executeScript;
  api.tabs!.sendMessage = sendMessage;
  api.tabs!.get = vi.fn(async (id: number) => {
    const tab = tabs.find((t) => t.id === id);
    if (!tab) throw new Error(`No tab with id: ${id}`);
    return tab;
  });
  api.tabs!.query = vi.fn(async () => tabs);
});
afterEach(() => vi.restoreAllMocks());

describe('openSidebarInTab', () => {
  it('starts the content script where it is missing and opens (never toggles) the sidebar', async () => {
    tabs = [{ id: 3, url: PDD }];
    expect(await openSidebarInTab(3)).toBe(true);
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 3, frameIds: [0] }, files: [CONSOLE_SCRIPT] });
    expect(sendMessage).toHaveBeenLastCalledWith(3, { channel: 'kefu', type: 'setSidebarLayout', payload: { collapsed: false } }, { frameId: 0 });
  });

  it('refuses a site never enabled, and a console switched off in settings', async () => {
    tabs = [{ id: 3, url: PDD }, { id: 4, url: SHOP }];
    expect(await openSidebarInTab(4)).toBe(false);
    await saveSettings({ disabledSites: ['pinduoduo'] });
    expect(await openSidebarInTab(3)).toBe(false);
    expect(executeScript).not.toHaveBeenCalled();
    expect(sendMessage).not.toHaveBeenCalled();
  });
});

describe('mayHostSidebar with switches', () => {
  it('a switch names a console (all its pages) or a site enabled at runtime', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*'] });
    expect(await mayHostSidebar(SHOP)).toBe(true);
    await saveSettings({ disabledSites: ['https://shop.example.com/*', 'feige'] });
    expect(await mayHostSidebar(SHOP)).toBe(false);
    expect(await mayHostSidebar('https://im.jinritemai.com/pc_seller_v2/main/workspace')).toBe(false);
    expect(await mayHostSidebar(PDD)).toBe(true);
  });

  it('a custom site is switched by its id', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*'] });
    await saveCustomSite({ id: 'custom-shop-example-com', name: '自建商城', matches: ['https://shop.example.com/*'], replySelector: '#chat' });
    await saveSettings({ disabledSites: ['custom-shop-example-com'] });
    expect(await mayHostSidebar(SHOP)).toBe(false);
  });
});

describe('testSelectorsOnSite', () => {
  const selectors = { replySelector: '#chat', buyerSelector: '.buyer' };

  it('says when no open tab matches the pattern', async () => {
    tabs = [{ id: 3, url: PDD }];
    expect(await testSelectorsOnSite({ matches: ['https://shop.example.com/*'], selectors })).toEqual({ kind: 'no-tab' });
  });

  it('says when the matching tab is on a site the sidebar may not run on', async () => {
    tabs = [{ id: 4, url: SHOP, title: '自建商城' }];
    expect(await testSelectorsOnSite({ matches: ['https://shop.example.com/*'], selectors })).toEqual({ kind: 'not-enabled', tabTitle: '自建商城' });
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('tries the selectors in the matching tab used last, starting its content script', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*'] });
    tabs = [
      { id: 4, url: SHOP, title: '旧页', lastAccessed: 1 },
      { id: 5, url: `${SHOP}?c=2`, title: '自建商城', lastAccessed: 9 },
      { id: 6, url: PDD, title: '拼多多', lastAccessed: 99 },
    ];
    const result = await testSelectorsOnSite({ matches: ['https://shop.example.com/*'], selectors });
    expect(result).toEqual({ kind: 'tested', tabTitle: '自建商城', invalid: [], replyFound: true, buyer: '小鹿' });
    expect(sendMessage).toHaveBeenLastCalledWith(5, { channel: 'kefu', type: 'testSelectors', payload: selectors }, { frameId: 0 });
  });
});

describe('registerSiteActions', () => {
  const own = { id: fakeBrowser.runtime.id, url: `${browser.runtime.getURL('/')}popup.html` };
  const onMessage = fakeBrowser.runtime.onMessage as unknown as { trigger(...args: unknown[]): Promise<unknown[]> };
  const send = async (type: string, payload: unknown, sender: object) =>
    (await onMessage.trigger({ channel: 'kefu', type, payload }, sender)).find((a) => a !== undefined);

  it('enables a site only when its permission is held, then opens the sidebar there', async () => {
    const stop = registerSiteActions(() => {
      throw new Error('no database in this test');
    });
    tabs = [{ id: 4, url: SHOP }];
    const contains = vi.fn(async () => false);
    (browser.permissions as unknown as { contains: unknown }).contains = contains;
    expect(await send('enableSiteInTab', { tabId: 4 }, own)).toEqual({ ok: true, data: { enabled: false } });
    expect(await fakeBrowser.storage.local.get('enabledSites')).toEqual({});

    contains.mockResolvedValue(true);
    expect(await send('enableSiteInTab', { tabId: 4 }, own)).toEqual({ ok: true, data: { enabled: true } });
    expect(contains).toHaveBeenLastCalledWith({ origins: ['https://shop.example.com/*'] });
    expect(await fakeBrowser.storage.local.get('enabledSites')).toEqual({ enabledSites: ['https://shop.example.com/*'] });
    expect(sendMessage).toHaveBeenLastCalledWith(4, { channel: 'kefu', type: 'setSidebarLayout', payload: { collapsed: false } }, { frameId: 0 });
    stop();
  });

  it('ignores pages that are not the extension’s own', async () => {
    const stop = registerSiteActions(() => {
      throw new Error('no database in this test');
    });
    tabs = [{ id: 3, url: PDD }];
    expect(await send('openSidebarInTab', { tabId: 3 }, { id: fakeBrowser.runtime.id, url: PDD, tab: { id: 3 } })).toBeUndefined();
    expect(executeScript).not.toHaveBeenCalled();
    stop();
  });
});
