import * as z from 'zod';
import { log } from '../lib/log';
import type { Storage } from './storage';
import { CHANGES_CHANNEL } from './sync-store';

const Payload = z.object({ teamId: z.string(), cursor: z.number().int().nonnegative() });

/**
 * How long a team's streams wait after one `change` event before the next.
 * Every push moves the team's cursor and every stream of the team hears of
 * it: 200 agents pushing a note a second each made 40,000 event writes a
 * second on one instance (tests/bench/sync.bench.ts, load run: push p99 4 s
 * instead of 120 ms without streams). A device pulls everything after its
 * cursor whatever the event says, so the latest cursor is all a stream needs.
 * The first change after a quiet spell goes out at once; changes within the
 * window go out together at its end, as the highest cursor.
 */
export const COALESCE_MS = 200;

interface TeamDelivery {
  cursor: number;
  /** When this team's streams were last told. */
  sentAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Live changes for the SSE streams of this instance. Pushes NOTIFY through
 * PostgreSQL at commit; every instance LISTENs and hands the new cursor to its
 * own open streams of that team, at most once per `coalesceMs` per team. The
 * only state here is the list of streams open on this process (and when they
 * were last told), which is exactly what dies with it: nothing another
 * instance would need.
 */
export class ChangeFeed {
  private readonly subscribers = new Map<string, Set<(cursor: number) => void>>();
  private readonly deliveries = new Map<string, TeamDelivery>();
  private stopListening: (() => Promise<void>) | undefined;

  private constructor(private readonly coalesceMs: number) {}

  static async start(storage: Storage, options: { coalesceMs?: number } = {}): Promise<ChangeFeed> {
    const feed = new ChangeFeed(options.coalesceMs ?? COALESCE_MS);
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
    // No stream of this team here: nothing to tell, nothing to remember.
    if (!this.subscribers.has(parsed.teamId)) return;
    const team = this.deliveries.get(parsed.teamId) ?? { cursor: 0, sentAt: -Infinity };
    this.deliveries.set(parsed.teamId, team);
    team.cursor = Math.max(team.cursor, parsed.cursor);
    if (team.timer) return; // the window's delivery carries the highest cursor
    const wait = team.sentAt + this.coalesceMs - Date.now();
    if (wait <= 0) this.send(parsed.teamId, team);
    else
      team.timer = setTimeout(() => {
        team.timer = undefined;
        this.send(parsed.teamId, team);
      }, wait);
  }

  private send(teamId: string, team: TeamDelivery): void {
    team.sentAt = Date.now();
    for (const cb of this.subscribers.get(teamId) ?? []) cb(team.cursor);
  }

  subscribe(teamId: string, onCursor: (cursor: number) => void): () => void {
    let set = this.subscribers.get(teamId);
    if (!set) this.subscribers.set(teamId, (set = new Set()));
    set.add(onCursor);
    return () => {
      set.delete(onCursor);
      if (set.size === 0) {
        this.subscribers.delete(teamId);
        clearTimeout(this.deliveries.get(teamId)?.timer);
        this.deliveries.delete(teamId);
      }
    };
  }

  /** Open streams on this instance, for tests and shutdown. */
  get streamCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  async stop(): Promise<void> {
    for (const team of this.deliveries.values()) clearTimeout(team.timer);
    this.deliveries.clear();
    await this.stopListening?.();
    this.stopListening = undefined;
  }
}
