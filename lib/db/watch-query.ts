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
 * failed run goes to `onError`, and the next write runs it again.
 */
export function watchQuery<T>(
  db: Dexie,
  tables: readonly string[],
  query: () => Promise<T>,
  onResult: (value: T) => void,
  onError: (err: unknown) => void,
  minGapMs = 250,
): () => void {
  const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
  let stopped = false;
  let running = false;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let nextAllowed = 0;

  const run = async () => {
    running = true;
    dirty = false;
    const started = performance.now();
    try {
      const value = await query();
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
    // `all`: every table may have changed (a page restored from the back-forward cache).
    if (Object.keys(parts).some((part) => part === 'all' || prefixes.some((prefix) => part.startsWith(prefix)))) schedule();
  };
  Dexie.on('storagemutated', onMutated);
  void run();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    Dexie.on('storagemutated').unsubscribe(onMutated);
  };
}
