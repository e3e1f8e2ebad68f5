/**
 * Marks the content script as running in this frame, in the extension's
 * isolated world (invisible to the page). The background injects the script
 * whenever a console tab finishes loading, including after SPA navigations,
 * so it must start once per frame; a copy orphaned by an extension update
 * reports itself invalid and is replaced.
 */
const KEY = '__kefuConsole';

interface Running {
  valid(): boolean;
}

export function markConsoleRunning(valid: () => boolean): void {
  (globalThis as Record<string, unknown>)[KEY] = { valid } satisfies Running;
}

/** Also run by the background as an `executeScript` func: self-contained, no imports used. */
export function consoleRunning(): boolean {
  const running = (globalThis as Record<string, unknown>)['__kefuConsole'] as Running | undefined;
  try {
    return running?.valid() === true;
  } catch {
    return false;
  }
}
