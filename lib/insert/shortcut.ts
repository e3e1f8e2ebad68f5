import { editableFor, isElement, isInsideSidebar, isTextControl, selectionFor } from './editable';

/**
 * Shortcut codes typed in the chat box: `/tk` then the trigger key expands to
 * the reply. Safe with input methods (never during composition) and never
 * inside ordinary words or URLs.
 */
const MAX_CODE = 32;
/** Characters after which a code may start: nothing, whitespace, CJK punctuation. */
const BOUNDARY = /[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20]/;
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

/** Text from the start of the editable to the caret, or null when a range is selected. */
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
  return range.toString();
}

export type TriggerKey = 'Tab' | 'Space';

export interface ShortcutWatcherOptions {
  triggerKey: () => TriggerKey;
  isKnownCode: (code: string) => boolean;
  onExpand: (target: HTMLElement, code: string) => void;
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
    const trigger = opts.triggerKey();
    if (trigger === 'Tab' ? e.key !== 'Tab' : e.key !== ' ') return;
    const path = e.composedPath();
    if (isInsideSidebar(path)) return;
    const target = isElement(path[0]) ? editableFor(path[0]) : null;
    if (!target) return;
    const before = textBeforeCaret(target);
    if (before === null) return;
    const found = findShortcutBeforeCaret(before, opts.isKnownCode);
    if (!found) return;
    // Ours: the console must not see the key (Tab would move focus, Space
    // would type a space after the code).
    e.preventDefault();
    e.stopImmediatePropagation();
    opts.onExpand(target, found.code);
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
