import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { registerBackgroundHandlers } from './handlers';
import { DRAFT_CHECK_SCRIPT } from './draft-check-injection';
import { saveSettings } from '../settings/settings';
import type { Sender } from '../messaging/bus';

/**
 * `loadDraftCheck` through the background's message listener, as the content
 * script sends it: validated envelope, sender checks, then the injection.
 */
const PDD = 'https://mms.pinduoduo.com/chat-merchant/index.html';
let stop: (() => void) | undefined;
let executeScript: Mock<(details: { target: unknown; files?: string[] }) => Promise<unknown[]>>;

beforeEach(() => {
  fakeBrowser.reset();
  executeScript = vi.fn(async () => []);
  (browser.scripting as unknown as { executeScript: unknown }).executeScript = executeScript;
  stop = registerBackgroundHandlers(() => {
    throw new Error('no database in these tests');
  });
});
afterEach(() => stop?.());

const contentScript = (over: Partial<Sender> = {}): Sender => ({ id: browser.runtime.id, tab: { id: 7, url: PDD } as Sender['tab'], frameId: 0, url: PDD, ...over });

async function ask(sender: Sender, payload: unknown = {}): Promise<unknown> {
  const answers = await fakeBrowser.runtime.onMessage.trigger({ channel: 'kefu', type: 'loadDraftCheck', payload }, sender);
  return answers.find((a) => a !== undefined);
}

describe('loadDraftCheck', () => {
  it('injects the draft check into the asking frame while the setting is on', async () => {
    await saveSettings({ draftCheck: true });
    expect(await ask(contentScript({ frameId: 3 }))).toEqual({ ok: true, data: {} });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [3] }, files: [DRAFT_CHECK_SCRIPT] });
  });

  it('refuses while the setting is off (the default): nothing is injected', async () => {
    const answer = (await ask(contentScript())) as { ok: boolean; error: { code: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error.code).toBe('not-enabled');
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('refuses our own pages, senders outside a tab, and pages that are not consoles', async () => {
    await saveSettings({ draftCheck: true });
    const sidebarUrl = browser.runtime.getURL('/sidebar.html');
    const refused = [
      contentScript({ url: sidebarUrl }),
      contentScript({ tab: undefined }),
      contentScript({ frameId: undefined }),
      contentScript({ url: 'https://news.example.com/', tab: { id: 7, url: 'https://news.example.com/' } as Sender['tab'] }),
    ];
    for (const sender of refused) {
      const answer = (await ask(sender)) as { ok: boolean; error: { code: string } };
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad-sender' } });
    }
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('ignores another extension, and rejects a malformed request', async () => {
    await saveSettings({ draftCheck: true });
    expect(await ask(contentScript({ id: 'some-other-extension' }))).toBeUndefined();
    expect(await ask(contentScript(), 'not an object')).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    expect(executeScript).not.toHaveBeenCalled();
  });
});
