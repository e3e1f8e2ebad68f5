import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { CONSOLE_SCRIPT, ensureConsoleScript, LATE_SWEEPS_MS, onTabUpdated, startAfterWorkerStart, startInOpenTabs } from './console-injection';
import { claimConsoleStart, consoleRunning, markConsoleRunning } from '../content/running';

/** Whether the fake tab's isolated world already runs the script (the claim is refused). */
let running: boolean;
type Details = { target: unknown; func?: () => unknown; files?: string[] };
let executeScript: Mock<(details: Details) => Promise<Array<{ result?: unknown }>>>;
const injected = () => executeScript.mock.calls.filter(([d]) => d.files).map(([d]) => d);

beforeEach(() => {
  fakeBrowser.reset();
  running = false;
  executeScript = vi.fn(async (details: Details) => {
    if (details.func) return [{ result: !running }];
    running = true; // the injected script starts and holds the frame
    return [];
  });
  (browser.scripting as unknown as { executeScript: unknown }).executeScript = executeScript;
});

const FEIGE = 'https://im.jinritemai.com/pc_seller_v2/main/workspace';

describe('onTabUpdated', () => {
  it('injects the content script into a console tab once its page has loaded', async () => {
    await onTabUpdated(4, { status: 'loading' }, { url: FEIGE, status: 'loading' });
    expect(executeScript).not.toHaveBeenCalled();
    await onTabUpdated(4, { status: 'complete' }, { url: FEIGE, status: 'complete' });
    expect(injected()).toEqual([{ target: { tabId: 4, frameIds: [0] }, files: [CONSOLE_SCRIPT] }]);
  });

  it('also when the completion arrives only as a later change (a favicon) of a complete tab', async () => {
    await onTabUpdated(4, { favIconUrl: 'https://im.jinritemai.com/favicon.ico' }, { url: FEIGE, status: 'complete' });
    expect(injected()).toHaveLength(1);
  });

  it('does not inject into a page where it already runs (an SPA navigation completes again)', async () => {
    running = true;
    await onTabUpdated(4, { status: 'complete' }, { url: FEIGE, status: 'complete' });
    expect(executeScript).toHaveBeenCalledTimes(1);
    expect(injected()).toEqual([]);
  });

  it('leaves alone tabs whose URL it may not see, and sites that are not consoles', async () => {
    await onTabUpdated(5, { status: 'complete' }, { status: 'complete' });
    await onTabUpdated(5, { status: 'complete' }, { url: 'https://news.example.com/', status: 'complete' });
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('injects into a site the agent enabled', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*'] });
    await onTabUpdated(6, { status: 'complete' }, { url: 'https://shop.example.com/inbox', status: 'complete' });
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

describe('startAfterWorkerStart', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps again in the first seconds: a console that finished loading without any tab event gets the script', async () => {
    vi.useFakeTimers();
    // The sweep at start sees the console loading; its 'complete' never reaches the listener.
    let tabs = [{ id: 7, status: 'loading', url: FEIGE }];
    (browser.tabs as unknown as { query: unknown }).query = vi.fn(async () => tabs);
    const errors: unknown[] = [];
    expect(await startAfterWorkerStart((err) => errors.push(err))).toBe(0);
    expect(injected()).toEqual([]);

    tabs = [{ id: 7, status: 'complete', url: FEIGE }];
    await vi.advanceTimersByTimeAsync(LATE_SWEEPS_MS[0]);
    expect(injected()).toEqual([{ target: { tabId: 7, frameIds: [0] }, files: [CONSOLE_SCRIPT] }]);

    // The script runs now: the last sweep only probes the claim and injects nothing more.
    await vi.advanceTimersByTimeAsync(LATE_SWEEPS_MS[1] - LATE_SWEEPS_MS[0]);
    expect(injected()).toHaveLength(1);
    expect(executeScript.mock.calls.filter(([d]) => d.func)).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('reports a failed sweep and still sweeps later', async () => {
    vi.useFakeTimers();
    const query = vi
      .fn()
      .mockRejectedValueOnce(new Error('tabs unavailable'))
      .mockResolvedValue([{ id: 8, status: 'complete', url: FEIGE }]);
    (browser.tabs as unknown as { query: unknown }).query = query;
    const errors: unknown[] = [];
    expect(await startAfterWorkerStart((err) => errors.push(err))).toBe(0);
    expect(errors.map(String)).toEqual(['Error: tabs unavailable']);
    await vi.advanceTimersByTimeAsync(LATE_SWEEPS_MS[1]);
    expect(injected()).toHaveLength(1);
    expect(query).toHaveBeenCalledTimes(3);
  });
});

describe('claiming a frame', () => {
  const g = globalThis as Record<string, unknown>;
  beforeEach(() => {
    delete g['__kefuConsole'];
    delete g['__kefuConsoleClaim'];
  });
  // Serialised by its source, as executeScript does: it may not close over module bindings.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- rebuilding the probe from its source is the point
  const claim = () => (new Function(`return (${claimConsoleStart.toString()})()`) as () => boolean)();

  it('lets exactly one of two concurrent injections through', () => {
    expect(claim()).toBe(true);
    expect(claim()).toBe(false);
  });

  it('refuses while the content script runs, and accepts again once that copy is orphaned', () => {
    let valid = true;
    markConsoleRunning(() => valid);
    expect(consoleRunning()).toBe(true);
    expect(claim()).toBe(false);
    valid = false;
    expect(consoleRunning()).toBe(false);
    expect(claim()).toBe(true);
  });

  it('accepts at once after an extension update orphans a copy it injected seconds ago', () => {
    // The old extension claims and injects; the copy starts; the extension is
    // updated (or reloaded at browser start) and its new worker sweeps the tab.
    expect(claim()).toBe(true);
    let valid = true;
    markConsoleRunning(() => valid);
    expect(claim()).toBe(false);
    valid = false;
    expect(claim()).toBe(true);
  });

  it('treats a copy that throws (extension context invalidated) as not running', () => {
    markConsoleRunning(() => {
      throw new Error('Extension context invalidated.');
    });
    expect(consoleRunning()).toBe(false);
    expect(claim()).toBe(true);
  });

  it('lets a claim whose script never started expire after 10 s', () => {
    g['__kefuConsoleClaim'] = Date.now() - 11_000;
    expect(claim()).toBe(true);
    expect(claim()).toBe(false);
  });

  it('ensureConsoleScript reports whether it injected', async () => {
    expect(await ensureConsoleScript(9)).toBe(true);
    running = true;
    expect(await ensureConsoleScript(9)).toBe(false);
  });
});
