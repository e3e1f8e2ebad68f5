import * as z from 'zod';
import { log } from '../lib/log';
import type { Storage } from './storage';
import { CHANGES_CHANNEL } from './sync-store';

const Payload = z.object({ teamId: z.string(), cursor: z.number().int().nonnegative() });

/**
 * Live changes for the SSE streams of this instance. Pushes NOTIFY through
 * PostgreSQL at commit; every instance LISTENs and hands the new cursor to its
 * own open streams of that team. The only state here is the list of streams
 * open on this process, which is exactly what dies with it: nothing another
 * instance would need.
 */
export class ChangeFeed {
  private readonly subscribers = new Map<string, Set<(cursor: number) => void>>();
  private stopListening: (() => Promise<void>) | undefined;

  static async start(storage: Storage): Promise<ChangeFeed> {
    const feed = new ChangeFeed();
    feed.stopListening = await storage.listen(CHANGES_CHANNEL, (payload) => feed.dispatch(payload));
    return feed;
  }

  private dispatch(payload: string): void {
    let parsed: z.infer<typeof Payload>;
    try {
      parsed = Payload.parse(JSON.parse(payload));
    } catch (err) {
      log.warn('ignored a malformed change notification', { payload, err: String(err) });
      return;
    }
    for (const cb of this.subscribers.get(parsed.teamId) ?? []) cb(parsed.cursor);
  }

  subscribe(teamId: string, onCursor: (cursor: number) => void): () => void {
    let set = this.subscribers.get(teamId);
    if (!set) this.subscribers.set(teamId, (set = new Set()));
    set.add(onCursor);
    return () => {
      set.delete(onCursor);
      if (set.size === 0) this.subscribers.delete(teamId);
    };
  }

  /** Open streams on this instance, for tests and shutdown. */
  get streamCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = undefined;
  }
}
