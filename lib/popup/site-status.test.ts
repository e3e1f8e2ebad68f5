import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { popupTab, siteStatus, type SiteFacts } from './site-status';

beforeEach(() => fakeBrowser.reset());

const none: SiteFacts = { customSites: [], enabledSites: [], disabledSites: [], e2e: false };
const shop = { id: 'custom-shop-example-com', name: '自建商城', matches: ['https://shop.example.com/chat/*'], replySelector: '#chat' };
const FEIGE = 'https://im.jinritemai.com/pc_seller_v2/main/workspace';

describe('siteStatus', () => {
  it('a built-in console, by name, and whether it is switched off', () => {
    expect(siteStatus(FEIGE, none)).toEqual({ kind: 'console', id: 'feige', name: { zh: '抖店飞鸽', en: 'Douyin Feige' }, switchedOff: false, keys: ['feige', 'https://im.jinritemai.com/*'] });
    expect(siteStatus(FEIGE, { ...none, disabledSites: ['feige'] })).toMatchObject({ kind: 'console', switchedOff: true });
  });

  it('a page of another site: not enabled until the agent enables it, then enabled, or custom where selectors are defined', () => {
    expect(siteStatus('https://shop.example.com/chat/1', none)).toEqual({ kind: 'not-enabled', pattern: 'https://shop.example.com/*' });
    // A custom site still needs the site enabled before anything runs there.
    expect(siteStatus('https://shop.example.com/chat/1', { ...none, customSites: [shop] })).toEqual({ kind: 'not-enabled', pattern: 'https://shop.example.com/*' });
    const enabled = { ...none, enabledSites: ['https://shop.example.com/*'] };
    expect(siteStatus('https://shop.example.com/help', enabled)).toEqual({ kind: 'enabled', pattern: 'https://shop.example.com/*', switchedOff: false, keys: ['https://shop.example.com/*'] });
    expect(siteStatus('https://shop.example.com/chat/1', { ...enabled, customSites: [shop], disabledSites: ['custom-shop-example-com'] })).toEqual({
      kind: 'custom',
      id: 'custom-shop-example-com',
      name: '自建商城',
      switchedOff: true,
      keys: ['custom-shop-example-com', 'https://shop.example.com/*'],
    });
  });

  it('browser pages and unknown URLs cannot have the sidebar', () => {
    expect(siteStatus('chrome://extensions/', none)).toEqual({ kind: 'unsupported' });
    expect(siteStatus(undefined, none)).toEqual({ kind: 'unsupported' });
  });

  it('the demo console counts as its console in e2e builds only', () => {
    expect(siteStatus('http://127.0.0.1:5178/demo/feige/', { ...none, e2e: true })).toMatchObject({ kind: 'console', id: 'feige' });
    expect(siteStatus('http://127.0.0.1:5178/demo/feige/', none)).toMatchObject({ kind: 'not-enabled' });
  });
});

describe('popupTab', () => {
  it('is the tab named by ?tab=, else the active tab of the window', async () => {
    const get = vi.fn(async (id: number) => ({ id, url: FEIGE, title: '飞鸽' }));
    const query = vi.fn(async () => [{ id: 9, url: 'https://shop.example.com/', title: 'Shop' }]);
    (browser.tabs as unknown as Record<string, unknown>).get = get;
    (browser.tabs as unknown as Record<string, unknown>).query = query;
    expect(await popupTab('?tab=12')).toEqual({ id: 12, url: FEIGE, title: '飞鸽' });
    expect(await popupTab('')).toEqual({ id: 9, url: 'https://shop.example.com/', title: 'Shop' });
    expect(await popupTab('?tab=abc')).toEqual({ id: 9, url: 'https://shop.example.com/', title: 'Shop' });
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });
});
