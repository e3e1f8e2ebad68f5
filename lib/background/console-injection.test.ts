import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { CONSOLE_SCRIPT, ensureConsoleScript, onTabUpdated, startInOpenTabs } from './console-injection';
import { consoleRunning, markConsoleRunning } from '../content/running';

/** What the fake tab's isolated world answers to the "already running?" probe. */
let running: boolean;
let executeScript: ReturnType<typeof vi.fn>;
const injected = () => executeScript.mock.calls.filter(([d]) => (d as { files?: string[] }).files).map(([d]) => d);

beforeEach(() => {
  fakeBrowser.reset();
  running = false;
  executeScript = vi.fn(async (details: { func?: () => unknown; files?: string[] }) => (details.func ? [{ result: running }] : []));
  (browser.scripting as unknown as { executeScript: unknown }).executeScript = executeScript;
});

const FEIGE = 'https://im.jinritemai.com/pc_seller_v2/main/workspace';

describe('onTabUpdated', () => {
  it('injects the content script into a console tab once its page has loaded', async () => {
    await onTabUpdated(4, { status: 'loading' }, { url: FEIGE });
    expect(executeScript).not.toHaveBeenCalled();
    await onTabUpdated(4, { status: 'complete' }, { url: FEIGE });
    expect(injected()).toEqual([{ target: { tabId: 4, frameIds: [0] }, files: [CONSOLE_SCRIPT] }]);
  });

  it('does not inject twice into a page where it already runs (an SPA navigation completes again)', async () => {
    running = true;
    await onTabUpdated(4, { status: 'complete' }, { url: FEIGE });
    expect(executeScript).toHaveBeenCalledTimes(1);
    expect(injected()).toEqual([]);
  });

  it('leaves alone tabs whose URL it may not see, and sites that are not consoles', async () => {
    await onTabUpdated(5, { status: 'complete' }, {});
    await onTabUpdated(5, { status: 'complete' }, { url: 'https://news.example.com/' });
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('injects into a site the agent enabled', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*'] });
    await onTabUpdated(6, { status: 'complete' }, { url: 'https://shop.example.com/inbox' });
    expect(injected()).toHaveLength(1);
  });
});

describe('startInOpenTabs', () => {
  it('starts the consoles already open (after install or update), skipping other tabs and loading ones', async () => {
    const query = vi.fn(async () => [
      { id: 1, status: 'complete', url: FEIGE },
      { id: 2, status: 'complete', url: 'https://news.example.com/' },
      { id: 3, status: 'loading', url: FEIGE },
      { id: 4, status: 'complete' },
    ]);
    (browser.tabs as unknown as { query: unknown }).query = query;
    expect(await startInOpenTabs()).toBe(1);
    expect(injected()).toEqual([{ target: { tabId: 1, frameIds: [0] }, files: [CONSOLE_SCRIPT] }]);
  });
});

describe('the running probe', () => {
  it('is self-contained, as executeScript serialises it', () => {
    // Serialised by its source: it may not close over module bindings.
    const probe = new Function(`return (${consoleRunning.toString()})()`) as () => boolean;
    expect(probe()).toBe(false);
    markConsoleRunning(() => true);
    expect(probe()).toBe(true);
    expect(consoleRunning()).toBe(true);
  });

  it('treats a copy orphaned by an extension update as not running', () => {
    markConsoleRunning(() => false);
    expect(consoleRunning()).toBe(false);
    markConsoleRunning(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(consoleRunning()).toBe(false);
  });

  it('ensureConsoleScript reports whether it injected', async () => {
    expect(await ensureConsoleScript(9)).toBe(true);
    running = true;
    expect(await ensureConsoleScript(9)).toBe(false);
  });
});
