import { log } from '../log';
import type { DraftCheck, DraftCheckOptions } from './draft-check';

/**
 * The live draft check (settings: draftCheck, off by default) is not part of
 * the content script: most agents never turn it on, and the content script
 * has a size budget (README). Its code, lib/content/draft-check.ts with the
 * matcher, is the unlisted script entrypoints/draft-check.ts, which the
 * background injects into the console's frame (lib/background/draft-check-injection.ts)
 * when the content script asks, the first time the check is on: at start, or
 * when the agent turns it on while the console is open.
 *
 * Scripts an extension injects into a frame share that frame's isolated
 * world, never the page's own JS world: the injected script leaves its
 * factory on the isolated world's globalThis under a symbol, and the loader
 * here picks it up. Only types are imported from draft-check.ts, so none of
 * its code lands in the content script.
 */

/** Where the injected script leaves its factory (the isolated world's globalThis; the page cannot see it). */
export const DRAFT_CHECK_KEY = Symbol.for('kefu.draftCheck');

export type DraftCheckFactory = (opts: DraftCheckOptions) => DraftCheck;

type Slot = Record<typeof DRAFT_CHECK_KEY, DraftCheckFactory | undefined>;

/** Called by the injected script: hands its factory to the content script. */
export function provideDraftCheck(factory: DraftCheckFactory, global: object = globalThis): void {
  (global as Slot)[DRAFT_CHECK_KEY] = factory;
}

export interface LazyDraftCheckOptions extends DraftCheckOptions {
  /** Asks the background to inject the draft check's script into this frame (resolves once it ran). */
  load: () => Promise<unknown>;
  /** The isolated world's globalThis (tests pass their own). */
  global?: object;
}

/**
 * A DraftCheck that loads its code the first time it is enabled. Turned off,
 * the loaded check removes its listeners and marker (the code stays, idle,
 * until the page goes). The script is asked for once per content script: a
 * factory left by an earlier copy (before an extension update) is not used.
 * A failed load is logged and tried again the next time the check is turned on.
 */
export function createLazyDraftCheck(opts: LazyDraftCheckOptions): DraftCheck {
  const { load, global = globalThis, ...checkOpts } = opts;
  let wanted = false;
  let disposed = false;
  let check: DraftCheck | null = null;
  let loading: Promise<void> | null = null;

  function start(): void {
    loading = load()
      .then(() => {
        const factory = (global as Slot)[DRAFT_CHECK_KEY];
        if (typeof factory !== 'function') throw new Error('the draft check script left no factory');
        if (disposed) return;
        check = factory(checkOpts);
        check.setEnabled(wanted);
      })
      .catch((err: unknown) => {
        loading = null;
        log.warn('draft check not loaded', { err: String(err) });
      });
  }

  return {
    setEnabled(on) {
      if (disposed) return;
      wanted = on;
      if (check) check.setEnabled(on);
      else if (on && !loading) start();
    },
    dispose() {
      disposed = true;
      wanted = false;
      check?.dispose();
      check = null;
    },
  };
}
