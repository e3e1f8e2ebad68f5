/**
 * Once per frame. The background injects the content script whenever a
 * console tab finishes loading (again after SPA navigations, and at install
 * while a tab may be loading too), and a second evaluation would do harm: WXT's
 * context of the new copy invalidates the running one at construction, before
 * our `main` could notice. So the background first runs `claimConsoleStart` in
 * the frame's isolated world (invisible to the page); executeScript calls run
 * one after another there, so only one caller wins the claim and injects.
 */
interface Running {
  valid(): boolean;
}

/**
 * Set by the content script once started; a copy orphaned by an extension
 * update reports itself invalid. The injection's claim is spent here: were it
 * left, the updated extension's sweep of open tabs, seconds later, would find
 * the orphaned copy's claim still fresh and leave the page without a sidebar.
 */
export function markConsoleRunning(valid: () => boolean): void {
  const g = globalThis as Record<string, unknown>;
  g['__kefuConsole'] = { valid } satisfies Running;
  delete g['__kefuConsoleClaim'];
}

export function consoleRunning(): boolean {
  const running = (globalThis as Record<string, unknown>)['__kefuConsole'] as Running | undefined;
  try {
    return running?.valid() === true;
  } catch {
    return false;
  }
}

/**
 * Run by the background as an `executeScript` func, so self-contained (it is
 * serialised by its source: no imports, no module bindings). True when the
 * caller should inject the content script: none runs and no other injection
 * claimed the frame in the last 10 s (a stale claim is one whose script never
 * started, e.g. the extension was updated meanwhile).
 */
export function claimConsoleStart(): boolean {
  const g = globalThis as Record<string, unknown>;
  const running = g['__kefuConsole'] as { valid(): boolean } | undefined;
  try {
    if (running?.valid() === true) return false;
  } catch {
    // An orphaned copy throws: not running.
  }
  const claimed = g['__kefuConsoleClaim'];
  if (typeof claimed === 'number' && Date.now() - claimed < 10_000) return false;
  g['__kefuConsoleClaim'] = Date.now();
  return true;
}
