import { afterEach, describe, expect, it } from 'vitest';
import { createFocusTracker, type FocusTracker } from './focus-tracker';

let tracker: FocusTracker | undefined;
afterEach(() => {
  tracker?.dispose();
  tracker = undefined;
  document.body.innerHTML = '';
});

describe('createFocusTracker', () => {
  it('remembers the last focused textarea and its caret, through focus on non-editables', () => {
    tracker = createFocusTracker(window);
    const area = document.createElement('textarea');
    const button = document.createElement('button');
    document.body.append(area, button);
    area.value = '您好呀';
    area.focus();
    area.setSelectionRange(2, 2);
    area.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true }));
    button.focus();
    expect(tracker.lastEditable()).toBe(area);
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 2, end: 2 });
  });

  it('tracks the contenteditable root when an inner paragraph gets focus', () => {
    tracker = createFocusTracker(window);
    document.body.innerHTML = '<div id="root" contenteditable="true"><p id="p">第一段</p></div>';
    const p = document.getElementById('p')!;
    p.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(tracker.lastEditable()?.id).toBe('root');
  });

  it('follows focus into an open shadow root', () => {
    tracker = createFocusTracker(window);
    const host = document.createElement('kat-textarea');
    document.body.append(host);
    const area = document.createElement('textarea');
    host.attachShadow({ mode: 'open' }).append(area);
    area.focus();
    expect(tracker.lastEditable()).toBe(area);
  });

  it('keeps the chat box when focus moves into our sidebar, and forgets removed boxes', () => {
    tracker = createFocusTracker(window);
    const area = document.createElement('textarea');
    const sidebarHost = document.createElement('div');
    sidebarHost.setAttribute('data-kefu-sidebar', '');
    const sidebarInput = document.createElement('input');
    sidebarHost.append(sidebarInput);
    document.body.append(area, sidebarHost);
    area.focus();
    sidebarInput.focus();
    expect(tracker.lastEditable()).toBe(area);
    area.remove();
    expect(tracker.lastEditable()).toBeNull();
  });

  it('stops tracking after dispose', () => {
    tracker = createFocusTracker(window);
    const a = document.createElement('textarea');
    const b = document.createElement('textarea');
    document.body.append(a, b);
    a.focus();
    tracker.dispose();
    b.focus();
    expect(tracker.lastEditable()).toBe(a);
  });
});

describe('createFocusTracker: selections', () => {
  function area(value: string): HTMLTextAreaElement {
    const el = document.createElement('textarea');
    el.value = value;
    document.body.append(el);
    return el;
  }
  const selectionChange = () => document.dispatchEvent(new Event('selectionchange'));
  const keyup = (target: EventTarget) => target.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, composed: true }));

  it('follows the caret on selectionchange, keyup and mouseup while the box has focus', () => {
    tracker = createFocusTracker(window);
    const el = area('您好，亲，在的');
    el.focus();
    el.setSelectionRange(1, 3);
    // happy-dom does not fire selectionchange for setSelectionRange: send it as Chromium would.
    selectionChange();
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 1, end: 3 });
    el.setSelectionRange(4, 4);
    keyup(el);
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 4, end: 4 });
    el.setSelectionRange(5, 5);
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 5, end: 5 });
  });

  it('keeps the saved caret when focus moves to a non-editable element and the box’s selection changes meanwhile', () => {
    tracker = createFocusTracker(window);
    const el = area('您好呀');
    const button = document.createElement('button');
    document.body.append(button);
    el.focus();
    el.setSelectionRange(2, 2);
    keyup(el);
    button.focus();
    // A console re-render may reset the textarea's selection while the agent is elsewhere.
    el.setSelectionRange(0, 0);
    keyup(button);
    selectionChange();
    expect(tracker.lastEditable()).toBe(el);
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 2, end: 2 });
  });

  it('remembers focus that came before the tracker started', () => {
    const el = area('早就点进来了');
    el.focus();
    el.setSelectionRange(3, 3);
    tracker = createFocusTracker(window);
    expect(tracker.lastEditable()).toBe(el);
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 3, end: 3 });
  });

  it('ignores focus in our sidebar behind a shadow root', () => {
    tracker = createFocusTracker(window);
    const el = area('');
    const host = document.createElement('div');
    host.setAttribute('data-kefu-sidebar', '');
    const search = document.createElement('input');
    host.attachShadow({ mode: 'open' }).append(search);
    document.body.append(host);
    el.focus();
    search.focus();
    expect(tracker.lastEditable()).toBe(el);
  });

  it('reads the caret of a textarea inside an open shadow root', () => {
    tracker = createFocusTracker(window);
    const host = document.createElement('kat-textarea');
    const el = document.createElement('textarea');
    el.value = 'Hello there';
    host.attachShadow({ mode: 'open' }).append(el);
    document.body.append(host);
    el.focus();
    el.setSelectionRange(5, 5);
    keyup(el);
    expect(tracker.lastEditable()).toBe(el);
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 5, end: 5 });
  });

  it('saves a copy of the contenteditable range that survives the selection moving into the sidebar', () => {
    tracker = createFocusTracker(window);
    document.body.innerHTML =
      '<div id="root" contenteditable="true"><p id="p">第一段文字</p></div><div data-kefu-sidebar><p id="side">侧边栏</p></div>';
    const root = document.getElementById('root')!;
    const text = document.getElementById('p')!.firstChild!;
    const sel = document.getSelection()!;
    const r = document.createRange();
    r.setStart(text, 3);
    r.collapse(true);
    sel.removeAllRanges();
    sel.addRange(r);
    root.focus();
    const saved = tracker.lastSelection();
    expect(saved?.kind).toBe('range');
    // Browsers move the selection by mutating its live range: the saved one must be a copy.
    sel.getRangeAt(0).selectNodeContents(document.getElementById('side')!);
    selectionChange();
    sel.selectAllChildren(document.getElementById('side')!);
    selectionChange();
    const after = tracker.lastSelection();
    expect(after).toBe(saved);
    if (after?.kind !== 'range') throw new Error('expected a range');
    expect(after.range.startContainer).toBe(text);
    expect(after.range.startOffset).toBe(3);
  });

  it('drops the previous box’s selection when another box gets focus', () => {
    tracker = createFocusTracker(window);
    const el = area('您好呀');
    el.focus();
    el.setSelectionRange(2, 2);
    keyup(el);
    const box = document.createElement('div');
    box.contentEditable = 'true';
    box.textContent = '新的框';
    document.body.append(box);
    document.getSelection()!.removeAllRanges();
    box.focus();
    expect(tracker.lastEditable()).toBe(box);
    expect(tracker.lastSelection()).toBeNull();
  });

  it('stops following the caret after dispose', () => {
    tracker = createFocusTracker(window);
    const el = area('您好呀');
    el.focus();
    el.setSelectionRange(1, 1);
    keyup(el);
    tracker.dispose();
    el.setSelectionRange(3, 3);
    keyup(el);
    selectionChange();
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    expect(tracker.lastSelection()).toEqual({ kind: 'text', start: 1, end: 1 });
  });

  it('returns null for a box that left the page (the console re-rendered it)', () => {
    tracker = createFocusTracker(window);
    const el = area('');
    el.focus();
    el.parentElement!.replaceChildren(document.createElement('textarea'));
    expect(tracker.lastEditable()).toBeNull();
  });

  it('ignores focus on the sidebar iframe element itself', () => {
    tracker = createFocusTracker(window);
    const area = document.createElement('textarea');
    const frame = document.createElement('iframe');
    frame.setAttribute('data-kefu-sidebar', '');
    document.body.append(area, frame);
    area.focus();
    frame.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    expect(tracker.lastEditable()).toBe(area);
  });

  it('saves a contenteditable selection as a detached copy of the range', () => {
    tracker = createFocusTracker(window);
    document.body.innerHTML = '<div id="root" contenteditable="true">您好，请问</div>';
    const root = document.getElementById('root')!;
    root.focus();
    const range = document.createRange();
    range.setStart(root.firstChild!, 1);
    range.setEnd(root.firstChild!, 3);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(range);
    root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    const saved = tracker.lastSelection();
    expect(saved?.kind).toBe('range');
    if (saved?.kind !== 'range') return;
    expect(saved.range.toString()).toBe('好，');
    // Moving the live selection must not move the saved copy.
    document.getSelection()!.collapse(root.firstChild, 0);
    expect(saved.range.startOffset).toBe(1);
  });

  // Same-origin iframes (present and added later) are covered in Chromium by
  // tests/e2e/insert-engine.test.ts: happy-dom does not load iframe documents.
  it('skips a cross-origin iframe without throwing', () => {
    const frame = document.createElement('iframe');
    // What reading a cross-origin frame's document does in a browser.
    Object.defineProperty(frame, 'contentWindow', {
      get: () => ({
        get document(): Document {
          throw new DOMException('Blocked a frame with origin', 'SecurityError');
        },
      }),
    });
    document.body.append(frame);
    expect(() => (tracker = createFocusTracker(window))).not.toThrow();
    frame.dispatchEvent(new Event('load'));
  });
});
