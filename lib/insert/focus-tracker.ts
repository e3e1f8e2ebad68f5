import { deepActiveElement, editableFor, isElement, isInsideSidebar, isTextControl, SIDEBAR_ATTR, selectionFor } from './editable';

/**
 * Remembers the page's chat box while the agent clicks into our sidebar: the
 * element that last had focus and was editable, and its caret/selection, so an
 * insertion lands where the agent left off. Follows open shadow roots (events
 * are read through composedPath) and same-origin iframes (listeners attached to
 * each frame's window, including frames added later).
 */
export type SavedSelection = { kind: 'text'; start: number; end: number } | { kind: 'range'; range: Range };

export interface FocusTracker {
  lastEditable(): HTMLElement | null;
  lastSelection(): SavedSelection | null;
  dispose(): void;
}

export function captureSelection(el: HTMLElement): SavedSelection | null {
  if (isTextControl(el)) {
    const start = el.selectionStart;
    const end = el.selectionEnd;
    return start === null || end === null ? null : { kind: 'text', start, end };
  }
  const sel = selectionFor(el);
  if (!sel || sel.rangeCount === 0) return null;
  const range = sel.getRangeAt(0);
  return el.contains(range.startContainer) && el.contains(range.endContainer) ? { kind: 'range', range: range.cloneRange() } : null;
}

export function createFocusTracker(win: Window): FocusTracker {
  let last: HTMLElement | null = null;
  let saved: SavedSelection | null = null;
  const cleanups: Array<() => void> = [];
  // Keyed by document, not window: a frame's WindowProxy survives navigation
  // (about:blank -> its src) while the listeners on the old document's window
  // are gone, so a frame watched while still loading must be watched again.
  const watched = new WeakSet<Document>();

  const remember = () => {
    if (last) saved = captureSelection(last) ?? saved;
  };

  const onFocusIn = (e: Event) => {
    const path = e.composedPath();
    if (isInsideSidebar(path)) return;
    const target = path[0];
    const editable = isElement(target) ? editableFor(target) : null;
    if (!editable) return;
    if (editable !== last) saved = null;
    last = editable;
    remember();
  };

  // Caret moves inside the remembered box (typing, clicks, arrows).
  const onActivity = (e: Event) => {
    if (!last) return;
    const path = e.composedPath();
    if (isInsideSidebar(path)) return;
    const active = deepActiveElement(win.document);
    if (active && (active === last || last.contains(active))) remember();
  };

  function watch(w: Window): void {
    const doc = w.document;
    if (watched.has(doc)) return;
    watched.add(doc);
    w.addEventListener('focusin', onFocusIn, true);
    w.addEventListener('keyup', onActivity, true);
    w.addEventListener('mouseup', onActivity, true);
    doc.addEventListener('selectionchange', onActivity);
    cleanups.push(() => {
      w.removeEventListener('focusin', onFocusIn, true);
      w.removeEventListener('keyup', onActivity, true);
      w.removeEventListener('mouseup', onActivity, true);
      doc.removeEventListener('selectionchange', onActivity);
    });
    // Same-origin frames: those present now, and each frame as it loads (a
    // capture listener sees the non-bubbling load events of iframes), rather
    // than a MutationObserver over the whole page: consoles re-render constantly.
    const attachFrame = (frame: Element) => {
      if (frame.tagName !== 'IFRAME' || frame.hasAttribute(SIDEBAR_ATTR)) return;
      try {
        const inner = (frame as HTMLIFrameElement).contentWindow;
        // Reading the document throws for cross-origin frames: skip those.
        if (inner && inner.document) watch(inner);
      } catch {
        /* cross-origin frame: not ours to read */
      }
    };
    doc.querySelectorAll('iframe').forEach(attachFrame);
    const onLoad = (e: Event) => {
      if (isElement(e.target)) attachFrame(e.target);
    };
    doc.addEventListener('load', onLoad, true);
    cleanups.push(() => doc.removeEventListener('load', onLoad, true));
  }

  watch(win);
  // The agent may have clicked into the chat box before we started.
  const initial = editableFor(deepActiveElement(win.document));
  if (initial) {
    last = initial;
    remember();
  }

  return {
    lastEditable: () => (last && last.isConnected ? last : null),
    lastSelection: () => saved,
    dispose: () => cleanups.splice(0).forEach((fn) => fn()),
  };
}
