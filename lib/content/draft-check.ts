import { compileDraftRules, type DraftMatcher, type DraftSeverity } from '../compliance/draft-matcher';
import type { DraftRules } from '../compliance/draft-rules';
import { editableFor, isElement, isInsideSidebar, isTextControl } from '../insert/editable';
import { log } from '../log';
import { createBoxMarker } from './box-marker';

/**
 * The optional live compliance check of the agent's own draft (settings:
 * draftCheck, off by default). It runs in the console's tab, in the
 * extension's isolated world, as its own script (draft-check.js, injected
 * only once the check is on: draft-check-loader.ts) beside the content
 * script: the draft is read from the chat box, checked against rules the background
 * compiled for this console (lib/compliance/draft-rules.ts), and never sent
 * anywhere. The page's text is never modified; the only trace in the page is
 * a marker by the box in a closed shadow root (box-marker.ts) with a fixed
 * label per severity.
 *
 * Cost on the console: one passive `input` listener; the check runs once the
 * agent pauses (debounced, DELAY_MS), reads the box's value or textContent
 * (not innerText, which would force a layout), and takes well under a
 * millisecond on a chat-length draft (tests/bench/draft-check.bench.ts).
 */

export const DELAY_MS = 250;
/** Rules are fetched again on focus at most this often (a supervisor's edit reaches open consoles). */
const REFRESH_MS = 5000;

export interface DraftCheckOptions {
  win: Window;
  /** The console's adapter id, for the rules that apply on it. */
  platform(): string;
  fetchRules(platform: string): Promise<DraftRules>;
  texts: Record<DraftSeverity, string> & { title: string };
}

export interface DraftCheck {
  setEnabled(on: boolean): void;
  dispose(): void;
}

function draftText(el: HTMLElement): string {
  return isTextControl(el) ? el.value : (el.textContent ?? '');
}

export function createDraftCheck(opts: DraftCheckOptions): DraftCheck {
  const { win } = opts;
  const doc = win.document;
  const marker = createBoxMarker(doc, 'draft-check');
  let enabled = false;
  let matcher: DraftMatcher | null = null;
  let fetchedAt = 0;
  let fetching: Promise<void> | null = null;
  let timer: number | undefined;
  let target: HTMLElement | null = null;

  function refresh(force = false): Promise<void> {
    if (fetching) return fetching;
    if (!force && matcher && Date.now() - fetchedAt < REFRESH_MS) return Promise.resolve();
    fetchedAt = Date.now();
    fetching = opts
      .fetchRules(opts.platform())
      .then((rules) => {
        matcher = compileDraftRules(rules);
      })
      .catch((err: unknown) => log.warn('draft check rules unavailable', { err: String(err) }))
      .finally(() => {
        fetching = null;
      });
    return fetching;
  }

  function run(): void {
    timer = undefined;
    if (!enabled || !target) return;
    if (!target.isConnected) {
      marker.hide();
      return;
    }
    const severity = matcher?.check(draftText(target));
    if (severity) marker.show(target, { kind: severity, text: opts.texts[severity], title: opts.texts.title });
    else marker.hide();
  }

  const onInput = (e: Event) => {
    const path = e.composedPath();
    if (isInsideSidebar(path)) return;
    const el = isElement(path[0]) ? editableFor(path[0]) : null;
    if (!el) return;
    target = el;
    win.clearTimeout(timer);
    timer = win.setTimeout(run, DELAY_MS);
  };
  const onFocusIn = (e: FocusEvent) => {
    if (isInsideSidebar(e.composedPath())) return;
    // A supervisor's edit reaches this console when the agent comes back to the box.
    void refresh().then(() => {
      if (target && timer === undefined) run();
    });
  };

  return {
    setEnabled(on) {
      if (on === enabled) return;
      enabled = on;
      if (on) {
        doc.addEventListener('input', onInput, { capture: true, passive: true });
        doc.addEventListener('focusin', onFocusIn, true);
        void refresh(true);
      } else {
        doc.removeEventListener('input', onInput, { capture: true });
        doc.removeEventListener('focusin', onFocusIn, true);
        win.clearTimeout(timer);
        timer = undefined;
        target = null;
        marker.hide();
      }
    },
    dispose() {
      this.setEnabled(false);
      marker.dispose();
    },
  };
}
