import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { registerBackgroundHandlers, toggleSidebarInTab } from './handlers';
import { CONSOLE_SCRIPT } from './console-injection';
import { askSitePermission } from './sites';

/**
 * Alt+K on a tab without the content script. (The test runner
 * is not the e2e build, so loopback pages count as ordinary sites here.)
 */
let stop: (() => void) | undefined;
let executeScript: Mock<(details: { files?: string[] }) => Promise<Array<{ result?: unknown }>>>;

beforeEach(() => {
  fakeBrowser.reset();
  executeScript = vi.fn(async () => []);
  (browser.scripting as unknown as { executeScript: unknown }).executeScript = executeScript;
  stop = registerBackgroundHandlers(() => {
    throw new Error('no database in these tests');
  });
});
afterEach(() => stop?.());

describe('toggleSidebarInTab', () => {
  it('starts the content script in a console tab that has none, then toggles', async () => {
    let listening = false;
    const sendMessage = vi.fn(async () => {
      if (!listening) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { ok: true, data: { open: true } };
    });
    (browser.tabs as unknown as { sendMessage: unknown }).sendMessage = sendMessage;
    executeScript.mockImplementation(async (details) => {
      if (details.files) listening = true;
      return [{ result: true }];
    });
    await toggleSidebarInTab({ id: 3, url: 'https://mms.pinduoduo.com/chat-merchant/index.html' });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 3, frameIds: [0] }, files: [CONSOLE_SCRIPT] });
    expect(sendMessage).toHaveBeenCalledTimes(2);
  });

  it('does nothing on another site (no permission prompt from a shortcut)', async () => {
    (browser.tabs as unknown as { sendMessage: unknown }).sendMessage = vi.fn(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    await toggleSidebarInTab({ id: 3, url: 'https://shop.example.com/' });
    expect(executeScript).not.toHaveBeenCalled();
    expect(await fakeBrowser.storage.local.get('enabledSites')).toEqual({});
  });
});

describe('askSitePermission', () => {
  it('asks for the site of the popup’s tab, at once, and not for a built-in console or a browser page', () => {
    const request = vi.fn(async () => true);
    (browser.permissions as unknown as { request: unknown }).request = request;
    expect(askSitePermission({ url: 'https://shop.example.com/inbox?id=1' })).toBeInstanceOf(Promise);
    expect(request).toHaveBeenCalledWith({ origins: ['https://shop.example.com/*'] });
    request.mockClear();
    expect(askSitePermission({ url: 'https://mms.pinduoduo.com/chat-merchant/index.html' })).toBeNull();
    expect(askSitePermission({ url: 'chrome://extensions/' })).toBeNull();
    expect(askSitePermission({})).toBeNull();
    expect(request).not.toHaveBeenCalled();
  });
});
