import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listen, MessageError, sendToBackground } from './bus';

let stop: (() => void) | undefined;
beforeEach(() => fakeBrowser.reset());
afterEach(() => stop?.());

describe('message bus', () => {
  it('delivers a validated request and returns the handler data', async () => {
    stop = listen('background', { listShortcutCodes: () => ({ codes: ['/tk'] }) }, () => true);
    await expect(sendToBackground('listShortcutCodes', {})).resolves.toEqual({ codes: ['/tk'] });
  });

  it('turns a thrown coded error into a MessageError with the same code', async () => {
    stop = listen(
      'background',
      {
        listShortcutCodes: () => {
          throw Object.assign(new Error('nope'), { code: 'not-found' });
        },
      },
      () => true,
    );
    const err = await sendToBackground('listShortcutCodes', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MessageError);
    expect((err as MessageError).code).toBe('not-found');
  });

  it('rejects a malformed request before the handler sees it', async () => {
    let called = false;
    stop = listen(
      'background',
      {
        expandShortcut: () => {
          called = true;
          return { kind: 'unknown' as const };
        },
      },
      () => true,
    );
    const raw = await fakeBrowser.runtime.sendMessage({ channel: 'kefu', type: 'expandShortcut', payload: { code: 42 } });
    expect(raw).toMatchObject({ ok: false, error: { code: 'bad-message' } });
    expect(called).toBe(false);
  });

  it('ignores refused senders and messages for other receivers', async () => {
    stop = listen('background', { listShortcutCodes: () => ({ codes: [] }) }, () => false);
    const err = await sendToBackground('listShortcutCodes', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    stop();
    // A content-script message is not answered by a background listener.
    stop = listen('background', { listShortcutCodes: () => ({ codes: [] }) }, () => true);
    const other = await fakeBrowser.runtime.sendMessage({ channel: 'kefu', type: 'getPageState', payload: {} }).catch((e: unknown) => e);
    expect(other === undefined || other instanceof Error).toBe(true);
  });

  it('leaves messages that are not ours alone', async () => {
    stop = listen('background', { listShortcutCodes: () => ({ codes: [] }) }, () => true);
    const raw = await fakeBrowser.runtime.sendMessage({ hello: 'world' }).catch((e: unknown) => e);
    expect(raw === undefined || raw instanceof Error).toBe(true);
  });
});
