import { describe, expect, it, vi } from 'vitest';
import { afterLoadAndIdle, requestConsoleScript } from './loader';

describe('afterLoadAndIdle', () => {
  it('waits for the load event, then for idle time', async () => {
    const listeners: Record<string, () => void> = {};
    let idle: (() => void) | undefined;
    const win = {
      document: { readyState: 'interactive' },
      addEventListener: (type: string, fn: () => void) => (listeners[type] = fn),
      requestIdleCallback: (fn: () => void) => (idle = fn),
    } as unknown as Window;
    let done = false;
    const p = afterLoadAndIdle(win).then(() => (done = true));
    await Promise.resolve();
    expect(idle).toBeUndefined();
    listeners.load!();
    expect(idle).toBeDefined();
    await Promise.resolve();
    expect(done).toBe(false);
    idle!();
    await p;
    expect(done).toBe(true);
  });

  it('goes straight to idle when the page has loaded already', async () => {
    const requestIdleCallback = vi.fn((fn: () => void) => fn());
    const win = { document: { readyState: 'complete' }, addEventListener: vi.fn(), requestIdleCallback } as unknown as Window;
    await afterLoadAndIdle(win);
    expect(requestIdleCallback).toHaveBeenCalledTimes(1);
    expect(win.addEventListener).not.toHaveBeenCalled();
  });
});

describe('requestConsoleScript', () => {
  it('sends the protocol’s startConsole envelope', async () => {
    const sendMessage = vi.fn(async () => ({ ok: true, data: { started: true } }));
    await requestConsoleScript({ runtime: { sendMessage } });
    expect(sendMessage).toHaveBeenCalledWith({ channel: 'kefu', type: 'startConsole', payload: {} });
  });

  it('swallows a refusal or a reloaded extension: nothing of ours may break the page', async () => {
    const sendMessage = vi.fn(async () => {
      throw new Error('Extension context invalidated.');
    });
    await expect(requestConsoleScript({ runtime: { sendMessage } })).resolves.toBeUndefined();
  });
});
