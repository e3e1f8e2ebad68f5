/**
 * The one logger. Context (adapter id, message type…) goes in `ctx` so a log line
 * says where it came from. Kept tiny because the content script imports it.
 */
type Ctx = Record<string, unknown>;

const PREFIX = '[kefu]';

export const log = {
  info(msg: string, ctx?: Ctx): void {
    console.info(PREFIX, msg, ctx ?? '');
  },
  warn(msg: string, ctx?: Ctx): void {
    console.warn(PREFIX, msg, ctx ?? '');
  },
  error(msg: string, err: unknown, ctx?: Ctx): void {
    console.error(PREFIX, msg, err, ctx ?? '');
  },
};
