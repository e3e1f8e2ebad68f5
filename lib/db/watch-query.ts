import Dexie from 'dexie';

/**
 * Runs `query` now and again after every write to one of `tables`, from any
 * context of the extension (Dexie's storagemutated event, which the
 * background's writes reach through a BroadcastChannel) — like a live query,
 * but paced. A write is answered at once; only writes that come while the
 * query is still reading (a burst) make it wait before reading again, four
 * times as long as that read took (at least `minGapMs`). So a read of 20,000
 * rows is not repeated for each of the twenty pages a first sync writes in a
 * row, and an agent's edit still shows at once.
 *
 * Returns the unsubscription. Results come through `onResult` in order; a
 * failed run goes to `onError`, and the next write runs it again. `first`: a
 * read already started (useWatchedQuery starts it with the first render),
 * taken as the first run's; `firstMissed`: writes came after it started and
 * before this watch, so it is read again once.
 */
export function watchQuery<T>(
  db: Dexie,
  tables: readonly string[],
  query: () => Promise<T>,
  onResult: (value: T) => void,
  onError: (err: unknown) => void,
  opts: { minGapMs?: number; first?: Promise<T>; firstMissed?: boolean } = {},
): () => void {
  const minGapMs = opts.minGapMs ?? 250;
  let first = opts.first;
  let stopped = false;
  let running = false;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let nextAllowed = 0;

  const run = async () => {
    running = true;
    dirty = first !== undefined && opts.firstMissed === true;
    const started = performance.now();
    try {
      const pending = first ?? query();
      first = undefined;
      const value = await pending;
      if (!stopped) onResult(value);
    } catch (err) {
      if (!stopped) onError(err);
    } finally {
      running = false;
      if (dirty && !stopped) {
        // Written to while reading: wait before reading again.
        nextAllowed = performance.now() + Math.max(minGapMs, 4 * (performance.now() - started));
        schedule();
      }
    }
  };
  function schedule() {
    if (running) {
      dirty = true;
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        if (!stopped) void run();
      },
      Math.max(0, nextAllowed - performance.now()),
    );
  }
  const onMutated = (parts: Record<string, unknown>) => {
    if (touches(db, tables, parts)) schedule();
  };
  Dexie.on('storagemutated', onMutated);
  void run();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    Dexie.on('storagemutated').unsubscribe(onMutated);
  };
}

/** Whether the parts of a storagemutated event include one of `tables` of `db`. */
export function touches(db: Dexie, tables: readonly string[], parts: Record<string, unknown>): boolean {
  // `all`: every table may have changed (a page restored from the back-forward cache).
  return Object.keys(parts).some((part) => part === 'all' || tables.some((table) => part.startsWith(`idb://${db.name}/${table}/`)));
}

/** How long an early read waits for its watch before it stops noting writes (see EarlyRead). */
export const EARLY_READ_WAIT_MS = 10_000;

/**
 * A read started before its watch (useWatchedQuery starts it with the first
 * render), noting the writes to its tables until the watch takes it over.
 * React may throw a render away, and with it the watch that would have taken
 * the read: after `waitMs` without a watch, it stops listening (a watch that
 * takes it later reads once more, as writes may have come unnoted).
 */
export class EarlyRead<T> {
  private promise: Promise<T> | undefined;
  private missed = false;
  private readonly mark = (parts: Record<string, unknown>) => {
    if (touches(this.db, this.tables, parts)) this.missed = true;
  };
  private readonly expiry: ReturnType<typeof setTimeout>;

  constructor(
    private readonly db: Dexie,
    private readonly tables: readonly string[],
    query: () => Promise<T>,
    waitMs = EARLY_READ_WAIT_MS,
  ) {
    this.promise = query();
    this.promise.catch(() => undefined); // reported by the watch that takes it
    Dexie.on('storagemutated', this.mark);
    this.expiry = setTimeout(() => {
      Dexie.on('storagemutated').unsubscribe(this.mark);
      this.missed = true;
    }, waitMs);
  }

  /** The read and whether writes came since it started (or may have), once; later calls get nothing (a watch started again reads afresh). */
  take(): { first?: Promise<T>; firstMissed?: boolean } {
    clearTimeout(this.expiry);
    Dexie.on('storagemutated').unsubscribe(this.mark);
    const taken = { first: this.promise, firstMissed: this.missed };
    this.promise = undefined;
    return taken;
  }
}
