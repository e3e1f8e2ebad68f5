import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveCustomSite } from '../settings/custom-sites';
import { bringConsoleForward, consoleIdOf } from './console-tabs';

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

const shop = { id: 'custom-shop-example-com', name: '自建商城', matches: ['https://shop.example.com/*'], replySelector: '#chat' };

describe('consoleIdOf', () => {
  it('names the console the content script would pick', () => {
    expect(consoleIdOf('https://im.jinritemai.com/pc_seller_v2/main/workspace', [])).toBe('feige');
    expect(consoleIdOf('https://mms.pinduoduo.com/chat-merchant/index.html#/', [])).toBe('pinduoduo');
    expect(consoleIdOf('https://shop.example.com/chat', [shop])).toBe('custom-shop-example-com');
  });

  it('names none for other pages, the generic fallback, and URLs it cannot see', () => {
    expect(consoleIdOf('https://www.example.org/', [])).toBeUndefined();
    expect(consoleIdOf('https://im.jinritemai.com/login', [])).toBeUndefined();
    expect(consoleIdOf(undefined, [])).toBeUndefined();
    expect(consoleIdOf('not a url', [])).toBeUndefined();
  });

  it('knows the demo console only in e2e builds', () => {
    expect(consoleIdOf('http://127.0.0.1:5178/demo/feige/', [], true)).toBe('feige');
    expect(consoleIdOf('http://127.0.0.1:5178/demo/feige/', [], false)).toBeUndefined();
  });
});

describe('bringConsoleForward', () => {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ ok: true, data: { width: 360, mode: 'push', collapsed: false } });
  });

  it('prefers the console tab in front, else the one used last', async () => {
    const tab = (id: number, url: string, active: boolean, lastAccessed: number) =>
      ({ id, url, active, lastAccessed, windowId: 1, index: id, highlighted: false, pinned: false, incognito: false }) as Browser.tabs.Tab;
    const FEIGE = 'https://im.jinritemai.com/pc_seller_v2/main/workspace';
    const query = vi.spyOn(fakeBrowser.tabs, 'query');
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockImplementation((id) => Promise.resolve(tab(Number(id), FEIGE, true, 0)));
    vi.spyOn(fakeBrowser.windows, 'update').mockResolvedValue({ id: 1, focused: true, alwaysOnTop: false, incognito: false });

    query.mockResolvedValue([tab(1, FEIGE, false, 100), tab(2, FEIGE, false, 300), tab(3, 'https://dongdong.jd.com/', true, 500)]);
    expect(await bringConsoleForward('feige')).toBe('focused');
    expect(update).toHaveBeenLastCalledWith(2, { active: true });

    query.mockResolvedValue([tab(1, FEIGE, true, 100), tab(2, FEIGE, false, 300)]);
    expect(await bringConsoleForward('feige')).toBe('focused');
    expect(update).toHaveBeenLastCalledWith(1, { active: true });
  });

  it('focuses a custom site’s tab', async () => {
    await saveCustomSite(shop);
    const tab = await fakeBrowser.tabs.create({ url: 'https://shop.example.com/chat' });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    expect(await bringConsoleForward('custom-shop-example-com')).toBe('focused');
    expect(update).toHaveBeenCalledWith(tab.id, { active: true });
  });

  it('still brings the tab forward when its sidebar cannot be opened', async () => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await fakeBrowser.tabs.create({ url: 'https://mms.pinduoduo.com/chat-merchant/index.html' });
    expect(await bringConsoleForward('pinduoduo')).toBe('focused');
  });

  it('with no platform, brings any console forward', async () => {
    await fakeBrowser.tabs.create({ url: 'https://www.example.org/' });
    const tab = await fakeBrowser.tabs.create({ url: 'https://dongdong.jd.com/' });
    const update = vi.spyOn(fakeBrowser.tabs, 'update');
    expect(await bringConsoleForward(undefined)).toBe('focused');
    expect(update).toHaveBeenCalledWith(tab.id, { active: true });
  });

  it('opens the console’s address only when its adapter knows one', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await bringConsoleForward('amazon-seller-central')).toBe('none');
    expect(await bringConsoleForward('generic')).toBe('none');
    expect(await bringConsoleForward('no-such-console')).toBe('none');
    expect(await bringConsoleForward(undefined)).toBe('none');
    expect(create).not.toHaveBeenCalled();
    expect(await bringConsoleForward('kuaishou')).toBe('opened');
    expect(create).toHaveBeenCalledWith({ url: 'https://im.kwaixiaodian.com/workbench', active: true });
  });
});
