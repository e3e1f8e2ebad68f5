import { StreamEvent } from '../protocol';
import type { Connection } from './api';

/**
 * Listens to the server's change stream (GET /v1/sync/stream, server-sent
 * events) over fetch: a service worker has no EventSource, and EventSource
 * cannot send the bearer token. Calls `onCursor` with the team's cursor on
 * `ready` and `change`; resolves when the stream ends, with 'revoked' when
 * the server revoked this device. Aborted through `signal`.
 */
export async function listenForChanges(conn: Connection, onCursor: (cursor: number) => void, signal: AbortSignal): Promise<'ended' | 'revoked'> {
  const res = await (conn.fetch ?? fetch)(`${conn.serverUrl}/v1/sync/stream`, {
    headers: { authorization: `Bearer ${conn.token ?? ''}`, accept: 'text/event-stream' },
    signal,
  });
  if (res.status === 401) return 'revoked';
  if (!res.ok || !res.body) throw new Error(`The change stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return 'ended';
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: ?(.*)$/m.exec(block)?.[1] ?? '';
      if (event === 'revoked') return 'revoked';
      if (event === 'ready' || event === 'change') {
        const parsed = StreamEvent.safeParse(JSON.parse(data || '{}'));
        if (parsed.success) onCursor(parsed.data.cursor);
      }
    }
  }
}
