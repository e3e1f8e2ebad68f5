import * as z from 'zod/mini';
import { browser, type Browser } from 'wxt/browser';
import { log } from '../log';
import {
  Envelope,
  messages,
  type ErrorBody,
  type MessagesTo,
  type MessageType,
  type Receiver,
  type RequestOf,
  type ResponseOf,
  type Result,
} from './protocol';

export type Sender = Browser.runtime.MessageSender;

/** A failed request: the receiver's `{ok:false, error}` or a transport failure. */
export class MessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

function envelope<T extends MessageType>(type: T, payload: RequestOf<T>): Envelope {
  return { channel: 'kefu', type, payload };
}

function unwrap<T extends MessageType>(type: T, raw: unknown): ResponseOf<T> {
  if (raw === undefined) throw new MessageError('no-receiver', `Nobody answered ${type}`);
  const result = raw as Result<unknown>;
  if (!result.ok) throw new MessageError(result.error.code, result.error.message, result.error.fields);
  const parsed = z.safeParse(messages[type].res, result.data);
  if (!parsed.success) throw new MessageError('bad-message', `Malformed ${type} response`);
  return parsed.data as ResponseOf<T>;
}

/** Chrome's wording when no listener exists in the target (tab without our content script, no sidebar open). */
function isNoReceiver(err: unknown): boolean {
  const text = err instanceof Error ? err.message : String(err);
  return /Receiving end does not exist|Could not establish connection|message port closed/i.test(text);
}

export async function sendToBackground<T extends MessagesTo<'background'>>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  return unwrap(type, await browser.runtime.sendMessage(envelope(type, payload)));
}

/** To the content script in the top frame of `tabId`. */
export async function sendToTab<T extends MessagesTo<'content'>>(tabId: number, type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  let raw: unknown;
  try {
    raw = await browser.tabs.sendMessage(tabId, envelope(type, payload), { frameId: 0 });
  } catch (err) {
    if (isNoReceiver(err)) throw new MessageError('no-content-script', 'The page has no content script (reload the page)');
    throw err;
  }
  return unwrap(type, raw);
}

/**
 * From the content script to the sidebar of its own tab. Resolves to false when
 * no sidebar is listening (it is lazily mounted), which is not an error.
 */
export async function sendToSidebar<T extends MessagesTo<'sidebar'>>(type: T, payload: RequestOf<T>): Promise<boolean> {
  try {
    unwrap(type, await browser.runtime.sendMessage(envelope(type, payload)));
    return true;
  } catch (err) {
    if (err instanceof MessageError && err.code === 'no-receiver') return false;
    if (isNoReceiver(err)) return false;
    throw err;
  }
}

export type Handlers<R extends Receiver> = {
  [K in MessagesTo<R>]?: (payload: RequestOf<K>, sender: Sender) => Promise<ResponseOf<K>> | ResponseOf<K>;
};

function toError(err: unknown): ErrorBody {
  if (err && typeof err === 'object' && 'code' in err && typeof (err).code === 'string') {
    const e = err as { code: string; message?: string; fields?: Record<string, string> };
    return { code: e.code, message: e.message ?? e.code, fields: e.fields };
  }
  return { code: 'internal', message: err instanceof Error ? err.message : String(err) };
}

/**
 * Registers `handlers` for the messages addressed to `receiver`. Messages for
 * other receivers, from senders `accept` refuses, or not ours at all are left
 * alone (return undefined) so another context can answer them; a refused
 * sender is logged. Requests are validated before a handler sees them.
 */
export function listen<R extends Receiver>(
  receiver: R,
  handlers: Handlers<R>,
  accept: (sender: Sender, type: MessagesTo<R>) => boolean,
): () => void {
  const listener = (raw: unknown, sender: Sender): Promise<Result<unknown>> | undefined => {
    const env = z.safeParse(Envelope, raw);
    if (!env.success) return undefined;
    const type = env.data.type as MessageType;
    const def = messages[type];
    if (!def || def.to !== receiver) return undefined;
    const handler = (handlers as Record<string, ((p: unknown, s: Sender) => unknown) | undefined>)[type];
    if (!handler) return undefined;
    if (!accept(sender, type as MessagesTo<R>)) {
      // Every open sidebar hears every tab's broadcasts; only its own tab's
      // count, so a refusal there is routine. Elsewhere it is worth a log.
      if (receiver !== 'sidebar') log.warn('message from a refused sender ignored', { type, receiver, url: sender.url });
      return undefined;
    }
    const req = z.safeParse(def.req, env.data.payload);
    if (!req.success) {
      return Promise.resolve({ ok: false, error: { code: 'bad-message', message: `Malformed ${type} request` } });
    }
    return (async (): Promise<Result<unknown>> => {
      try {
        return { ok: true, data: await handler(req.data, sender) };
      } catch (err) {
        log.error(`handler for ${type} failed`, err, { receiver });
        return { ok: false, error: toError(err) };
      }
    })();
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}

/** True when the sender is one of this extension's own pages (sidebar, options, background). */
export function isOwnExtensionPage(sender: Sender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const origin = browser.runtime.getURL('/');
  return typeof sender.url === 'string' && sender.url.startsWith(origin);
}
