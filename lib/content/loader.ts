import type { Envelope, MessageType } from '../messaging/protocol';

/**
 * The only script the manifest injects into console pages. It is a few hundred
 * bytes so that the console's own load pays almost nothing for us: once the
 * page has loaded and gone idle, it asks the background to inject the real
 * content script (site adapter, insertion engine, sidebar) into this frame.
 *
 * It imports nothing at runtime (not zod, not the polyfill): the request is the
 * protocol's `startConsole` envelope, built by hand here and validated by the
 * background like every other message.
 */

interface RuntimeLike {
  runtime: { sendMessage(message: unknown): Promise<unknown> | void };
}

const START: Envelope = { channel: 'kefu', type: 'startConsole' satisfies MessageType, payload: {} };

/** Resolves once the page's load event has passed and the main thread is idle (or 2 s after load at most). */
export function afterLoadAndIdle(win: Window): Promise<void> {
  return new Promise((resolve) => {
    const idle = () => {
      // Called on the window: an unbound requestIdleCallback throws "Illegal invocation".
      if (typeof win.requestIdleCallback === 'function') win.requestIdleCallback(() => resolve(), { timeout: 2000 });
      else win.setTimeout(resolve, 50);
    };
    if (win.document.readyState === 'complete') idle();
    else win.addEventListener('load', idle, { once: true });
  });
}

/** Asks the background to start the content script in this frame. Failures are the background's to log. */
export async function requestConsoleScript(api: RuntimeLike): Promise<void> {
  try {
    await api.runtime.sendMessage(START);
  } catch {
    // The extension was reloaded or the worker refused: nothing to do in the page.
  }
}
