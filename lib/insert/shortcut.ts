import { editableFor, isElement, isInsideSidebar, isTextControl, selectionFor } from './editable';
import { insertText, type InsertResult } from './insert-text';

/**
 * Shortcut codes typed in the chat box: `/tk` then the trigger key expands to
 * the reply. Safe with input methods (never during composition) and never
 * inside ordinary words or URLs.
 */
const MAX_CODE = 32;
/**
 * Characters after which a code may start: nothing, whitespace, CJK punctuation,
 * and the Chinese punctuation that lives outside the CJK blocks: — … “ ” and
 * the full-width tilde of `亲～`.
 */
const BOUNDARY = /[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u2014\u2026\u201c\u201d\uff5e]/;
/** CJK ideographs: Chinese has no spaces, so `好的/tk` may expand a symbol-led code. */
const IDEOGRAPH = /[\u3400-\u9fff\uf900-\ufaff]/;

export function findShortcutBeforeCaret(textBeforeCaret: string, isKnownCode: (code: string) => boolean): { code: string; start: number } | null {
  const end = textBeforeCaret.length;
  let from = Math.max(0, end - MAX_CODE);
  // A code never spans whitespace.
  for (let i = end - 1; i >= from; i--) {
    if (/\s/.test(textBeforeCaret[i]!)) {
      from = i + 1;
      break;
    }
  }
  // Longest candidate first.
  for (let start = from; start < end; start++) {
    const code = textBeforeCaret.slice(start);
    if (!isKnownCode(code)) continue;
    const prev = start === 0 ? '' : textBeforeCaret[start - 1]!;
    const symbolLed = !/[\p{L}\p{N}]/u.test(code[0]!);
    if (prev === '' || BOUNDARY.test(prev) || (symbolLed && IDEOGRAPH.test(prev))) return { code, start };
  }
  return null;
}

/** Elements that begin a new line in contenteditable boxes (editors put each line in a p or div). */
const LINE_START = /^(BR|P|DIV|LI|H[1-6]|BLOCKQUOTE|PRE)$/;

/**
 * Text before the caret, or null when a range is selected. For a contenteditable
 * box only the caret's line: Range.toString() joins paragraphs and drops <br>,
 * so a code typed at the start of a new line would look glued to the last word
 * of the line above.
 */
export function textBeforeCaret(el: HTMLElement): string | null {
  if (isTextControl(el)) {
    if (el.selectionStart === null || el.selectionStart !== el.selectionEnd) return null;
    return el.value.slice(0, el.selectionStart);
  }
  const sel = selectionFor(el);
  if (!sel || sel.rangeCount === 0 || !sel.isCollapsed) return null;
  const caret = sel.getRangeAt(0);
  if (!el.contains(caret.startContainer)) return null;
  const range = el.ownerDocument.createRange();
  range.setStart(el, 0);
  range.setEnd(caret.startContainer, caret.startOffset);
  let line = '';
  const walker = el.ownerDocument.createTreeWalker(range.cloneContents(), NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) line += (node as Text).data;
    else if (LINE_START.test(node.nodeName)) line = '';
  }
  return line;
}

/**
 * The key that expands a code. Enter is only taken when a known code sits
 * before the caret; otherwise it reaches the console untouched (and sends, as
 * the agent meant).
 */
export type TriggerKey = 'Tab' | 'Space' | 'Enter';
const TRIGGER_KEYS: Record<TriggerKey, string> = { Tab: 'Tab', Space: ' ', Enter: 'Enter' };

/** Where the code sits: offsets in the text before the caret (its line in a contenteditable); `end` is the caret. */
export interface ReplaceRange {
  start: number;
  end: number;
}

export interface ShortcutWatcherOptions {
  /** A value, or a function read on every key so a settings change applies at once. */
  triggerKey: TriggerKey | (() => TriggerKey);
  isKnownCode: (code: string) => boolean;
  /** Replace `range.end - range.start` characters before the caret, e.g. with replaceBeforeCaret(). */
  onExpand: (target: HTMLElement, code: string, range: ReplaceRange) => void;
}

/** Replaces the `length` characters before the caret with `text`, through the same editor-safe path as any insertion. */
export function replaceBeforeCaret(target: HTMLElement, length: number, text: string): Promise<InsertResult> {
  return insertText(target, text, { deleteBefore: length });
}

export function createShortcutWatcher(win: Window, opts: ShortcutWatcherOptions): { dispose(): void } {
  let composing = false;
  const onCompositionStart = () => {
    composing = true;
  };
  const onCompositionEnd = () => {
    composing = false;
  };
  const onKeyDown = (e: KeyboardEvent) => {
    // keyCode 229: the key went to the input method (Chinese IME candidate).
    if (composing || e.isComposing || e.keyCode === 229) return;
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const trigger = typeof opts.triggerKey === 'function' ? opts.triggerKey() : opts.triggerKey;
    if (e.key !== TRIGGER_KEYS[trigger]) return;
    const path = e.composedPath();
    if (isInsideSidebar(path)) return;
    const target = isElement(path[0]) ? editableFor(path[0]) : null;
    if (!target) return;
    const before = textBeforeCaret(target);
    if (before === null) return;
    const found = findShortcutBeforeCaret(before, opts.isKnownCode);
    if (!found) return;
    // Ours: the console must not see the key (Tab would move focus, Space
    // would type a space after the code, Enter would send the bare code).
    e.preventDefault();
    e.stopImmediatePropagation();
    opts.onExpand(target, found.code, { start: found.start, end: before.length });
  };
  win.addEventListener('compositionstart', onCompositionStart, true);
  win.addEventListener('compositionend', onCompositionEnd, true);
  win.addEventListener('keydown', onKeyDown, true);
  return {
    dispose() {
      win.removeEventListener('compositionstart', onCompositionStart, true);
      win.removeEventListener('compositionend', onCompositionEnd, true);
      win.removeEventListener('keydown', onKeyDown, true);
    },
  };
}
