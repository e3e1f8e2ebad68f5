import { editableFor, isTextControl, selectionFor, type TextControl } from './editable';
import type { SavedSelection } from './focus-tracker';

/**
 * Puts text into the console's chat box as if the agent had typed or pasted
 * it: at the caret, replacing any selection, keeping line breaks, through the
 * editor's own input handling so its model (React/Vue state, Quill delta,
 * Lexical/ProseMirror state…) and its undo history follow. Never sends: no Enter
 * key, no clicks. Runs in the content script's isolated world, so it works on
 * pages with strict CSP (no script injection), and uses the element's own
 * document for commands and events (same-origin iframes, shadow roots).
 */
export type InsertResult = { ok: true; method: InsertMethod } | { ok: false; reason: 'not-editable' | 'rejected' | 'detached' };
export type InsertMethod = 'execCommand' | 'paste' | 'setter' | 'dom';

export interface InsertOptions {
  selection?: SavedSelection | null;
  /** Characters before the caret to replace, e.g. a shortcut code being expanded. */
  deleteBefore?: number;
}

/** Rich editors that take text through beforeinput/paste and keep their own model. */
const RICH_EDITOR_SELECTOR = [
  '[data-lexical-editor]',
  '.ProseMirror',
  '.ql-editor',
  '[data-slate-editor]',
  '.public-DraftEditor-content',
  '.ck-editor__editable',
].join(',');

export function isRichEditor(root: HTMLElement): boolean {
  return root.matches(RICH_EDITOR_SELECTOR) || '__lexicalEditor' in root;
}

/** Lets editors that commit in a microtask or a frame (Lexical) render. */
const settle = (win: Window) => new Promise<void>((resolve) => win.setTimeout(resolve, 0));

export async function insertText(target: HTMLElement, text: string, opts: InsertOptions = {}): Promise<InsertResult> {
  if (!target.isConnected) return { ok: false, reason: 'detached' };
  const el = editableFor(target);
  if (!el) return { ok: false, reason: 'not-editable' };
  el.focus({ preventScroll: true });
  if (isTextControl(el)) return insertIntoTextControl(el, text, opts);
  return insertIntoContentEditable(el, text, opts);
}

function insertIntoTextControl(el: TextControl, text: string, opts: InsertOptions): InsertResult {
  const doc = el.ownerDocument;
  const length = el.value.length;
  let start = el.selectionStart ?? length;
  let end = el.selectionEnd ?? length;
  if (opts.selection?.kind === 'text') {
    start = Math.min(opts.selection.start, length);
    end = Math.min(opts.selection.end, length);
  }
  if (opts.deleteBefore) start = Math.max(0, Math.min(start, end) - opts.deleteBefore);
  el.setSelectionRange(start, end);
  const expected = el.value.slice(0, start) + text + el.value.slice(end);

  // execCommand keeps the browser's own undo stack and fires real
  // beforeinput/input events, which React's and Vue's listeners understand.
  if (doc.execCommand?.('insertText', false, text) && el.value === expected) return { ok: true, method: 'execCommand' };

  // Fallback: set the value through the prototype's setter (React tracks
  // values set on the instance and would swallow the change) and announce it.
  // No native undo on this path.
  if (el.value !== expected) {
    const proto = Object.getPrototypeOf(el) as object;
    const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
    if (setter) setter.call(el, expected);
    else el.value = expected;
    const caret = start + text.length;
    el.setSelectionRange(caret, caret);
    const win = doc.defaultView ?? window;
    el.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    el.dispatchEvent(new win.Event('change', { bubbles: true }));
  }
  return el.value === expected ? { ok: true, method: 'setter' } : { ok: false, reason: 'rejected' };
}

function restoreRange(el: HTMLElement, sel: Selection, saved: SavedSelection | null | undefined): void {
  if (saved?.kind === 'range' && el.contains(saved.range.startContainer) && el.contains(saved.range.endContainer)) {
    sel.removeAllRanges();
    sel.addRange(saved.range);
    return;
  }
  if (sel.rangeCount > 0 && el.contains(sel.getRangeAt(0).startContainer)) return;
  // No caret in the box yet: put it at the end, where the agent would type.
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  sel.removeAllRanges();
  sel.addRange(range);
}

/** Visible text for before/after comparisons; nbsp and line-break forms vary by editor. */
const textOf = (el: HTMLElement) => (el.innerText ?? el.textContent ?? '').replace(/\u00a0/g, ' ');
const squash = (s: string) => s.replace(/\s+/g, '');

async function insertIntoContentEditable(el: HTMLElement, text: string, opts: InsertOptions): Promise<InsertResult> {
  const doc = el.ownerDocument;
  const win = doc.defaultView ?? window;
  const sel = selectionFor(el);
  if (!sel) return { ok: false, reason: 'not-editable' };
  restoreRange(el, sel, opts.selection);
  if (opts.deleteBefore && sel.isCollapsed) {
    // Selection.modify walks characters the way the editor renders them.
    for (let i = 0; i < opts.deleteBefore; i++) sel.modify('extend', 'backward', 'character');
  }

  const before = squash(textOf(el));
  const wanted = squash(text);
  const landed = () => {
    const after = squash(textOf(el));
    return after !== before && after.includes(wanted);
  };
  const multiLine = text.includes('\n');

  // Multi-line text into a rich editor: a paste carries the line breaks through
  // the editor's own clipboard handling (and its undo stack). Single lines, and
  // editors that ignore the paste, go through insertText.
  if (multiLine && isRichEditor(el) && dispatchPaste(el, text)) {
    await settle(win);
    if (landed()) return { ok: true, method: 'paste' };
  }
  if (doc.execCommand?.('insertText', false, text)) {
    await settle(win);
    if (landed()) return { ok: true, method: 'execCommand' };
  }
  if (!multiLine || !isRichEditor(el)) {
    if (dispatchPaste(el, text)) {
      await settle(win);
      if (landed()) return { ok: true, method: 'paste' };
    }
  }
  // Last resort for plain contenteditable boxes: edit the DOM and announce it.
  if (!isRichEditor(el) && insertNodes(el, sel, text)) {
    el.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    if (landed()) return { ok: true, method: 'dom' };
  }
  return { ok: false, reason: 'rejected' };
}

/** A synthetic paste; true when an editor handled it (called preventDefault). */
function dispatchPaste(el: HTMLElement, text: string): boolean {
  const win = el.ownerDocument.defaultView ?? window;
  let data: DataTransfer;
  try {
    data = new win.DataTransfer();
    data.setData('text/plain', text);
  } catch {
    return false;
  }
  const event = new win.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
  el.dispatchEvent(event);
  return event.defaultPrevented;
}

function insertNodes(el: HTMLElement, sel: Selection, text: string): boolean {
  if (sel.rangeCount === 0) return false;
  const doc = el.ownerDocument;
  const range = sel.getRangeAt(0);
  range.deleteContents();
  const frag = doc.createDocumentFragment();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (i > 0) frag.append(doc.createElement('br'));
    if (line) frag.append(doc.createTextNode(line));
  });
  const lastNode = frag.lastChild;
  range.insertNode(frag);
  if (lastNode) {
    range.setStartAfter(lastNode);
    range.collapse(true);
    sel.removeAllRanges();
    sel.addRange(range);
  }
  return true;
}
