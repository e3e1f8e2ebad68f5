import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { registerBackgroundHandlers, toggleSidebarInTab } from './handlers';
import { CONSOLE_SCRIPT } from './console-injection';

/**
 * The toolbar and Alt+K on a tab without the content script. (The test runner
 * is not the e2e build, so loopback pages count as ordinary sites here.)
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

describe('toggleSidebarInTab', () => {
  it('starts the content script in a console tab that has none, then toggles', async () => {
    let listening = false;
    const sendMessage = vi.fn(async () => {
      if (!listening) throw new Error('Could not establish connection. Receiving end does not exist.');
      return { ok: true, data: { open: true } };
    });
    (browser.tabs as unknown as { sendMessage: unknown }).sendMessage = sendMessage;
    executeScript.mockImplementation(async (details: { files?: string[] }) => {
      if (details.files) listening = true;
      return [{ result: true }];
    });
    await toggleSidebarInTab({ id: 3, url: 'https://mms.pinduoduo.com/chat-merchant/index.html' }, { mayEnable: false });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 3, frameIds: [0] }, files: [CONSOLE_SCRIPT] });
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

