import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `everyMs` so "overdue by…" and "due
 * today" stay right while the sidebar stays open. A `fixed` time (tests,
 * screenshots) is returned as is and never ticks.
 */
export function useNow(fixed?: number, everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (fixed !== undefined) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [fixed, everyMs]);
  return fixed ?? now;
}
