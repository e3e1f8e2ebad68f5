import { useCallback, useInsertionEffect, useRef } from 'react';

/**
 * A function of constant identity that calls the latest `fn`: for the
 * callbacks handed to memoised children (CustomerRecord, TodayFollowUps), so
 * that a parent re-rendering on every chat switch does not re-render them.
 * For event handlers only, not for calling during render.
 */
export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useInsertionEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}
