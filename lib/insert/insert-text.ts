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

/**
 * Rich editors that take text through beforeinput/paste and keep their own
 * model, recognised by DOM markers: the content script's isolated world cannot
 * see page JS expandos, so Lexical's `__lexicalEditor` is only a same-world
 * extra; its `data-lexical-editor` attribute is what works on consoles.
 */
const RICH_EDITOR_SELECTOR = [
  '[data-lexical-editor]',
  '.ProseMirror',
  '.ql-editor',
  '[data-slate-editor]',
  '.public-DraftEditor-content',
  '.ck-editor__editable',
].join(',');

export function isRichEditor(root: HTMLElement): boolean {
  // Draft.js: the marker may sit on the inner `[data-contents]` block only.
  return root.matches(RICH_EDITOR_SELECTOR) || root.querySelector('[data-contents="true"]') !== null || '__lexicalEditor' in root;
}

/**
 * Rich editors whose model follows beforeinput only. Chromium's
 * execCommand('insertText') fires input but no beforeinput: Slate leaves its
 * model as it was while the DOM shows the text (so the text passes for
 * inserted, and Ctrl+Z then undoes the agent's last keystroke instead), and
 * CKEditor 5 puts its DOM back. Both take a paste, so every text goes in that way.
 */
const BEFOREINPUT_ONLY_SELECTOR = ['[data-slate-editor]', '.ck-editor__editable'].join(',');


export async function insertText(target: HTMLElement, text: string, opts: InsertOptions = {}): Promise<InsertResult> {
  if (!target.isConnected) return { ok: false, reason: 'detached' };
  const el = editableFor(target);
  if (!el) return { ok: false, reason: 'not-editable' };
  if (isTextControl(el)) {
    // A textarea keeps its selection while blurred; focus() does not move it.
    el.focus({ preventScroll: true });
    return insertIntoTextControl(el, text, opts);
  }
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
    const desc = Object.getOwnPropertyDescriptor(proto, 'value');
    if (desc?.set) desc.set.call(el, expected);
    else el.value = expected;
    const caret = start + text.length;
    el.setSelectionRange(caret, caret);
    const win = doc.defaultView ?? window;
    el.dispatchEvent(new win.InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    el.dispatchEvent(new win.Event('change', { bubbles: true }));
  }
  return el.value === expected ? { ok: true, method: 'setter' } : { ok: false, reason: 'rejected' };
}

/** True when the selection lies in `el`. */
const caretIn = (el: HTMLElement, sel: Selection) => sel.rangeCount > 0 && el.contains(sel.getRangeAt(0).startContainer);

/** Puts back the saved range, or the caret at the end when the box had none; true when the selection was changed. */
function restoreRange(el: HTMLElement, sel: Selection, saved: SavedSelection | null | undefined, hadCaret: boolean): boolean {
  if (saved?.kind === 'range' && el.contains(saved.range.startContainer) && el.contains(saved.range.endContainer)) {
    sel.removeAllRanges();
    sel.addRange(saved.range);
    return true;
  }
  if (hadCaret && caretIn(el, sel)) return false;
  // No caret in the box yet: put it at the end, where the agent would type.
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  sel.removeAllRanges();
  sel.addRange(range);
  return true;
}

/**
 * How long after a selectionchange an editor may take to read it. Slate reads
 * the DOM selection at most every 100 ms (a throttle): a shortcut code selected
 * with Selection.modify right after its last key was typed was seen only at the
 * end of that window, so the paste landed after the code instead of over it.
 */
const SELECTION_READ_MS = 120;

/**
 * Waits for the browser's selectionchange (a task after the change), then for
 * editors keeping their own selection (Lexical, ProseMirror, Slate, Draft.js,
 * CKEditor 5) to have read the restored range before a paste, which they apply
 * at their stored selection. 100 ms cap: no event comes when nothing changed.
 */
function selectionSettled(doc: Document, win: Window): Promise<void> {
  return new Promise((resolve) => {
    const settle = (ms: number) => () => {
      doc.removeEventListener('selectionchange', onChange);
      win.clearTimeout(timer);
      win.setTimeout(resolve, ms);
    };
    const onChange = settle(SELECTION_READ_MS);
    const timer = win.setTimeout(settle(0), 100);
    doc.addEventListener('selectionchange', onChange);
  });
}

/** Non-overlapping occurrences of `needle` in `hay`. */
function occurrences(hay: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Visible text for before/after comparisons; nbsp and line-break forms vary by editor. */
const textOf = (el: HTMLElement) => (el.innerText ?? el.textContent ?? '').replace(/\u00a0/g, ' ');
const squash = (s: string) => s.replace(/\s+/g, '');

async function insertIntoContentEditable(el: HTMLElement, text: string, opts: InsertOptions): Promise<InsertResult> {
  const doc = el.ownerDocument;
  const win = doc.defaultView ?? window;
  const sel = selectionFor(el);
  if (!sel) return { ok: false, reason: 'not-editable' };
  // Read before focus(): Chromium puts the caret at the start of a
  // contenteditable it focuses, which would pass for the agent's caret.
  const hadCaret = caretIn(el, sel);
  el.focus({ preventScroll: true });
  let moved = restoreRange(el, sel, opts.selection, hadCaret);
  if (opts.deleteBefore && sel.isCollapsed) {
    // Selection.modify walks characters the way the editor renders them.
    for (let i = 0; i < opts.deleteBefore; i++) sel.modify('extend', 'backward', 'character');
    moved = true;
  }
  const rich = isRichEditor(el);
  if (moved && rich) await selectionSettled(doc, win);

  // Verification counts the text's occurrences (whitespace ignored: editors
  // render line breaks as <p>, <br> or \n) so that replacing a selection by the
  // same words, or inserting words already in the box, is judged right and a
  // fallback never inserts twice.
  const wanted = squash(text);
  const before = squash(textOf(el));
  const expected = occurrences(before, wanted) - occurrences(squash(sel.toString()), wanted) + 1;
  const landed = () => {
    const after = squash(textOf(el));
    return wanted ? occurrences(after, wanted) >= expected : after !== before;
  };
  // Editors commit in a microtask (Lexical) or a React render: poll briefly.
  const check = async () => {
    for (const ms of [0, 20, 50, 100]) {
      await new Promise((resolve) => win.setTimeout(resolve, ms));
      if (landed()) return true;
    }
    return false;
  };
  const multiLine = text.includes('\n');
  const beforeInputOnly = el.matches(BEFOREINPUT_ONLY_SELECTOR);

  if (rich && (multiLine || beforeInputOnly)) {
    // A paste carries the line breaks through the editor's own clipboard
    // handling, model and undo stack (Quill, Lexical, ProseMirror, Slate,
    // Draft.js, CKEditor 5 all preventDefault and insert). If the editor
    // ignored it: one line at a time, breaks as insertLineBreak (Shift+Enter,
    // which no console treats as send), except where execCommand never
    // reaches the model.
    if (dispatchPaste(el, text) && (await check())) return { ok: true, method: 'paste' };
    if (beforeInputOnly) return { ok: false, reason: 'rejected' };
    const typed = text
      .split('\n')
      .every((line, i) => (i === 0 || doc.execCommand?.('insertLineBreak')) && (!line || doc.execCommand?.('insertText', false, line)));
    if (typed && (await check())) return { ok: true, method: 'execCommand' };
    return { ok: false, reason: 'rejected' };
  }
  // Single lines, and multi-line text in a plain contenteditable (Chromium
  // turns the breaks into <div>/<br> like typed Enter), go through insertText:
  // real beforeinput/input events, native undo.
  if (doc.execCommand?.('insertText', false, text) && (await check())) return { ok: true, method: 'execCommand' };
  // An editor without known markers may still take a paste.
  if (dispatchPaste(el, text) && (await check())) return { ok: true, method: 'paste' };
  if (rich) return { ok: false, reason: 'rejected' };
  // Last resort for plain contenteditable boxes (no execCommand): edit the DOM
  // and announce it. No undo on this path.
  if (insertNodes(el, sel, text)) {
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
