import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { registerBackgroundHandlers, toggleSidebarInTab } from './handlers';

/**
 * The loader's request and the toolbar: the real content script goes only into
 * frames of consoles and enabled sites. (The test runner is not the e2e build,
 * so loopback pages count as ordinary sites here.)
 */
let stop: (() => void) | undefined;
let executeScript: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fakeBrowser.reset();
  executeScript = vi.fn(async () => []);
  (browser.scripting as unknown as { executeScript: unknown }).executeScript = executeScript;
  stop = registerBackgroundHandlers(() => {
    throw new Error('no database in these tests');
  }) as () => void;
});
afterEach(() => stop?.());

const startConsole = { channel: 'kefu', type: 'startConsole', payload: {} };
const fromFrame = (url: string, frameId = 0) => ({ id: browser.runtime.id, url, frameId, tab: { id: 7, url } }) as never;
const answer = async (sender: never) => (await fakeBrowser.runtime.onMessage.trigger(startConsole, sender)).find(Boolean);

describe('startConsole', () => {
  it('injects the content script into the asking frame of a console', async () => {
    const res = await answer(fromFrame('https://im.jinritemai.com/pc_seller_v2/main/workspace', 0));
    expect(res).toEqual({ ok: true, data: { started: true } });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [0] }, files: ['/content-scripts/console.js'] });
  });

  it('injects into an enabled site', async () => {
    await fakeBrowser.storage.local.set({ enabledSites: ['https://shop.example.com/*'] });
    const res = await answer(fromFrame('https://shop.example.com/chat', 0));
    expect(res).toMatchObject({ ok: true });
    expect(executeScript).toHaveBeenCalledTimes(1);
  });

  it('refuses any other page, without injecting', async () => {
    const res = await answer(fromFrame('https://evil.example/', 0));
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-sender' } });
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('refuses a sender without a tab', async () => {
    const res = await answer({ id: browser.runtime.id, url: 'https://im.jinritemai.com/' } as never);
    expect(res).toMatchObject({ ok: false, error: { code: 'bad-sender' } });
    expect(executeScript).not.toHaveBeenCalled();
  });
});

describe('toggleSidebarInTab', () => {
  it('starts the content script in a console tab that has none, then toggles', async () => {
    let listening = false;
    const sendMessage = vi.fn(async () => {
      if (!listening) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { ok: true, data: { open: true } };
    });
    (browser.tabs as unknown as { sendMessage: unknown }).sendMessage = sendMessage;
    executeScript.mockImplementation(async () => {
      listening = true;
      return [];
    });
    await toggleSidebarInTab({ id: 3, url: 'https://mms.pinduoduo.com/chat-merchant/index.html' }, { mayEnable: false });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 3, frameIds: [0] }, files: ['/content-scripts/console.js'] });
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });

  it('does nothing on another site from the keyboard shortcut (no permission prompt there)', async () => {
    (browser.tabs as unknown as { sendMessage: unknown }).sendMessage = vi.fn(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const request = vi.fn(async () => true);
    (browser.permissions as unknown as { request: unknown }).request = request;
    await toggleSidebarInTab({ id: 3, url: 'https://shop.example.com/' }, { mayEnable: false });
    expect(request).not.toHaveBeenCalled();
    expect(executeScript).not.toHaveBeenCalled();
  });
});

