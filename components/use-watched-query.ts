import { useEffect, useState } from 'react';
import type Dexie from 'dexie';
import { log } from '@/lib/log';
import { EarlyRead, watchQuery } from '@/lib/db/watch-query';

/**
 * useLiveQuery for a large read that a burst of writes would repeat many
 * times (lib/db/watch-query.ts): the result of `query`, read again after
 * writes to `tables`, paced. `query` must read only those tables. Undefined
 * (or `initial`) until the first read; the last result stays while the next
 * is read.
 */
export function useWatchedQuery<T>(db: Dexie, tables: readonly string[], query: () => Promise<T>, deps: readonly unknown[], initial?: T): T | undefined {
  const [value, setValue] = useState<T | undefined>(initial);
  // The first read starts with the first render, as useLiveQuery's does (the
  // reply list is what an opening sidebar waits for), not after it.
  const [early] = useState(() => new EarlyRead(db, tables, query));
  useEffect(
    () => watchQuery(db, tables, query, setValue, (err: unknown) => log.error('a watched query failed', err, { tables: tables.join() }), early.take()),
    // The caller's deps stand for `query`; `tables` is a literal per call site.
    [db, ...deps], // eslint-disable-line react-hooks/exhaustive-deps
  );
  return value;
}
