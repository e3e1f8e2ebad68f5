import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { insertText } from './insert-text';

/**
 * Which way text goes into rich editors, with small stand-ins for their input
 * handling (the editors themselves are covered in Chromium by
 * tests/e2e/insert-engine.test.ts). happy-dom has no execCommand: the stand-in
 * does what Chromium's does, i.e. edits the DOM and fires `input` but no
 * `beforeinput`, so an editor whose model follows beforeinput never sees it.
 */
const execCommand = vi.fn((command: string, _ui?: boolean, value?: string) => {
  const sel = document.getSelection();
  if (command !== 'insertText' || !sel || sel.rangeCount === 0) return false;
  const range = sel.getRangeAt(0);
  range.deleteContents();
  const node = document.createTextNode(value ?? '');
  range.insertNode(node);
  range.setStartAfter(node);
  range.collapse(true);
  node.parentElement?.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value ?? null }));
  return true;
});

beforeEach(() => {
  Object.defineProperty(document, 'execCommand', { configurable: true, value: execCommand });
});
afterEach(() => {
  Reflect.deleteProperty(document, 'execCommand');
  execCommand.mockClear();
  document.body.innerHTML = '';
  document.getSelection()?.removeAllRanges();
});

/** A one-line editor: a text node in a contenteditable root carrying `marker`. */
function editorBox(marker: (el: HTMLElement) => void, text: string): { el: HTMLElement; line: Text } {
  const el = document.createElement('div');
  el.contentEditable = 'true';
  marker(el);
  const line = document.createTextNode(text);
  el.append(line);
  document.body.append(el);
  return { el, line };
}

function select(node: Node, start: number, end = start): Range {
  const r = document.createRange();
  r.setStart(node, start);
  r.setEnd(node, end);
  const sel = document.getSelection()!;
  sel.removeAllRanges();
  sel.addRange(r);
  return r;
}

/** Takes a paste at `where()` (the editor's own idea of the selection), as rich editors do. */
function takesPaste(el: HTMLElement, line: Text, where: () => { start: number; end: number }): void {
  el.addEventListener('paste', (e) => {
    e.preventDefault();
    const { start, end } = where();
    line.data = line.data.slice(0, start) + e.clipboardData!.getData('text/plain') + line.data.slice(end);
  });
}

const domSelection = () => {
  const r = document.getSelection()!.getRangeAt(0);
  return { start: r.startOffset, end: r.endOffset };
};

describe('insertText into editors whose model follows beforeinput only', () => {
  it.each([
    ['Slate', (el: HTMLElement) => el.setAttribute('data-slate-editor', 'true')],
    ['CKEditor 5', (el: HTMLElement) => el.classList.add('ck-editor__editable')],
  ])('gives %s a single line as a paste, never through execCommand', async (_, marker) => {
    const { el, line } = editorBox(marker, '您好 XX 再见');
    takesPaste(el, line, domSelection);
    select(line, 3, 5);
    expect(await insertText(el, '小鹿')).toEqual({ ok: true, method: 'paste' });
    expect(line.data).toBe('您好 小鹿 再见');
    expect(execCommand).not.toHaveBeenCalled();
  });

  it('rejects, rather than typing into the DOM behind the model, when such an editor ignores the paste', async () => {
    const { el, line } = editorBox((box) => box.setAttribute('data-slate-editor', 'true'), '您好');
    select(line, 2);
    expect(await insertText(el, '第一行\n第二行')).toEqual({ ok: false, reason: 'rejected' });
    expect(execCommand).not.toHaveBeenCalled();
    expect(el.textContent).toBe('您好');
  });

  it('still types a single line into other rich editors (Lexical follows input events)', async () => {
    const { el, line } = editorBox((box) => box.setAttribute('data-lexical-editor', 'true'), '您好');
    select(line, 2);
    expect(await insertText(el, '，亲')).toEqual({ ok: true, method: 'execCommand' });
    expect(el.textContent).toBe('您好，亲');
  });
});

describe('insertText into an editor that reads the selection on a throttle', () => {
  it('expands a shortcut code only after the editor has seen the code selected', async () => {
    // Slate's selectionchange handler: at most one read per 100 ms, a change
    // within that window read at its end.
    const { el, line } = editorBox((box) => box.setAttribute('data-slate-editor', 'true'), '好的 ');
    let seen = { start: 0, end: 0 };
    let last = -Infinity;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    const read = () => {
      last = Date.now();
      trailing = undefined;
      seen = domSelection();
    };
    const onSelectionChange = () => {
      const wait = last + 100 - Date.now();
      if (wait <= 0) read();
      else trailing ??= setTimeout(read, wait);
    };
    document.addEventListener('selectionchange', onSelectionChange);
    takesPaste(el, line, () => seen);
    // happy-dom has no Selection.modify; in one text node a character back is one offset back.
    const sel = document.getSelection()!;
    Object.defineProperty(sel, 'modify', { configurable: true, value: () => sel.extend(sel.focusNode!, sel.focusOffset - 1) });
    // Chromium fires selectionchange a task after the change, as the Selection
    // API says; happy-dom fires it at once, before the engine could listen.
    const queued = new WeakSet<Event>();
    const queue = (e: Event) => {
      if (queued.has(e)) return;
      e.stopImmediatePropagation();
      setTimeout(() => {
        const later = new Event('selectionchange');
        queued.add(later);
        document.dispatchEvent(later);
      }, 0);
    };

    try {
      // The agent typed the code: the editor read the caret after it just now.
      line.data = '好的 /tk';
      select(line, 6);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(seen).toEqual({ start: 6, end: 6 });
      document.addEventListener('selectionchange', queue, true);
      expect(await insertText(el, '退款说明', { deleteBefore: 3 })).toEqual({ ok: true, method: 'paste' });
      expect(line.data).toBe('好的 退款说明');
    } finally {
      // The editor's listener and its pending read go with the test: a read
      // after teardown would touch a selection whose document is gone.
      document.removeEventListener('selectionchange', queue, true);
      document.removeEventListener('selectionchange', onSelectionChange);
      clearTimeout(trailing);
      Reflect.deleteProperty(sel, 'modify');
    }
  });
});
