import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShortcutWatcher, findShortcutBeforeCaret, replaceBeforeCaret, textBeforeCaret, type TriggerKey } from './shortcut';

const known = (codes: string[]) => (code: string) => codes.includes(code);

describe('findShortcutBeforeCaret', () => {
  const isKnown = known(['/tk', 'tk', ';dz', 'hy']);
  it.each([
    ['/tk', { code: '/tk', start: 0 }],
    ['好的 /tk', { code: '/tk', start: 3 }],
    ['好的，/tk', { code: '/tk', start: 3 }],
    ['好的/tk', { code: '/tk', start: 2 }],
    ['line\n;dz', { code: ';dz', start: 5 }],
    ['hy', { code: 'hy', start: 0 }],
    ['谢谢 hy', { code: 'hy', start: 3 }],
  ])('expands in %j', (text, expected) => {
    expect(findShortcutBeforeCaret(text, isKnown)).toEqual(expected);
  });

  it.each([
    ['abc/tk'], // inside a word
    ['http://x.com/tk'], // inside a URL
    ['好的hy'], // a letter code glued to Chinese text is part of the sentence
    ['/tk '], // caret after a space
    ['/tkx'], // not a known code
    [''],
  ])('does not expand in %j', (text) => {
    expect(findShortcutBeforeCaret(text, isKnown)).toBeNull();
  });

  it('prefers the longest known code', () => {
    expect(findShortcutBeforeCaret('请 /tk', known(['/tk', 'k']))).toEqual({ code: '/tk', start: 2 });
  });
});

describe('textBeforeCaret', () => {
  it('reads a textarea up to a collapsed caret, and refuses a selection', () => {
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = '您好 /tk 后面';
    area.setSelectionRange(6, 6);
    expect(textBeforeCaret(area)).toBe('您好 /tk');
    area.setSelectionRange(0, 3);
    expect(textBeforeCaret(area)).toBeNull();
    area.remove();
  });
});

describe('findShortcutBeforeCaret: where a code may start', () => {
  const isKnown = known(['/tk', 'tk', 'hy', '#退款']);
  it.each([
    ['好的。/tk', 3],
    ['好的！hy', 3],
    ['好的？/tk', 3],
    ['好的、hy', 3],
    ['好的：/tk', 3],
    ['（备注）/tk', 4],
    ['【售后】hy', 4],
    ['「好」/tk', 3],
    ['好的\u3000hy', 3], // full-width space
    ['好的\u00a0/tk', 3], // contenteditable boxes render a typed trailing space as NBSP
    ['\thy', 1],
    ['好的#退款', 2], // symbol-led code glued to Chinese
    ['亲～/tk', 2], // the full-width tilde agents put after 亲
    ['好的…hy', 3],
    ['他说“/tk', 3],
    ['“好的”/tk', 4],
  ])('expands in %j', (text, start) => {
    const found = findShortcutBeforeCaret(text, isKnown);
    expect(found).toEqual({ code: text.slice(start), start });
  });

  it.each([
    ['abc/tk'],
    ['abctk'],
    ['http://x.com/tk'],
    ['x.com/tk'],
    ['a1/tk'],
    ['好的tk'], // a letter-led code after a Chinese character is part of the sentence
    ['好的hy'],
    ['2023tk'],
    ['/tk/tk'], // the code after another code's last letter
    ['/ t k'],
    ['/t\u3000k'],
  ])('does not expand in %j', (text) => {
    expect(findShortcutBeforeCaret(text, isKnown)).toBeNull();
  });

  it('never matches across whitespace, even when the lookup would accept it', () => {
    expect(findShortcutBeforeCaret('/t k', (c) => c === '/t k')).toBeNull();
    expect(findShortcutBeforeCaret('好的 /t k', (c) => c.includes(' '))).toBeNull();
  });

  it('only looks at what sits directly before the caret', () => {
    expect(findShortcutBeforeCaret('/tk 好的', isKnown)).toBeNull();
  });

  it('picks the longest known code at a boundary, and a shorter one when the longer is glued to a word', () => {
    expect(findShortcutBeforeCaret('，;;dz', known([';dz', ';;dz', 'dz']))).toEqual({ code: ';;dz', start: 1 });
    // 'x/tk' is known but starts inside 'abx'; '/tk' after 'x' is not at a
    // boundary either; so nothing expands.
    expect(findShortcutBeforeCaret('abx/tk', known(['x/tk', '/tk']))).toBeNull();
    expect(findShortcutBeforeCaret('好 x/tk', known(['x/tk', '/tk']))).toEqual({ code: 'x/tk', start: 2 });
  });

  it('asks about each candidate suffix, longest first, and nothing longer than 32 characters', () => {
    const asked: string[] = [];
    findShortcutBeforeCaret('好的 ab/c', (c) => {
      asked.push(c);
      return false;
    });
    expect(asked).toEqual(['ab/c', 'b/c', '/c', 'c']);
    asked.length = 0;
    findShortcutBeforeCaret('x'.repeat(40), (c) => {
      asked.push(c);
      return false;
    });
    expect(asked[0]).toHaveLength(32);
  });
});

describe('textBeforeCaret in a contenteditable box', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  function box(html: string): HTMLElement {
    const el = document.createElement('div');
    el.contentEditable = 'true';
    el.innerHTML = html;
    document.body.append(el);
    return el;
  }
  function caretAt(node: Node, offset: number) {
    const r = document.createRange();
    r.setStart(node, offset);
    r.collapse(true);
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(r);
  }

  it('reads across inline elements up to a collapsed caret', () => {
    const el = box('<span>好的</span> /tk后面');
    caretAt(el.lastChild!, 4);
    expect(textBeforeCaret(el)).toBe('好的 /tk');
  });

  it('refuses a range selection and a caret outside the box', () => {
    const el = box('好的 /tk');
    const outside = document.createElement('p');
    outside.textContent = '别处';
    document.body.append(outside);
    const r = document.createRange();
    r.setStart(el.firstChild!, 0);
    r.setEnd(el.firstChild!, 2);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(r);
    expect(textBeforeCaret(el)).toBeNull();
    caretAt(outside.firstChild!, 1);
    expect(textBeforeCaret(el)).toBeNull();
  });

  it.each([
    ['a paragraph per line (Quill, Lexical, ProseMirror)', '<p>好的</p><p>hy</p>'],
    ['a div per line (Chromium’s plain contenteditable)', '好的<div>hy</div>'],
    ['<br> line breaks', '好的<br>hy'],
    ['a line ending in a letter', '<p>ok</p><p>hy</p>'],
  ])('lets a code start a new line in %s', (_, html) => {
    const el = box(html);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let last: Node | null = null;
    while (walker.nextNode()) last = walker.currentNode;
    caretAt(last!, 2);
    const before = textBeforeCaret(el)!;
    expect(before.endsWith('hy')).toBe(true);
    expect(findShortcutBeforeCaret(before, known(['hy']))).toEqual({ code: 'hy', start: before.length - 2 });
  });
});

describe('createShortcutWatcher', () => {
  let dispose: (() => void) | undefined;
  const watcherCodes = new Set(['/tk']);
  afterEach(() => {
    dispose?.();
    document.body.innerHTML = '';
    watcherCodes.clear();
    watcherCodes.add('/tk');
  });

  function setup(trigger: TriggerKey = 'Tab') {
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = '好的 /tk';
    area.setSelectionRange(area.value.length, area.value.length);
    area.focus();
    const onExpand = vi.fn();
    const watcher = createShortcutWatcher(window, { triggerKey: () => trigger, isKnownCode: (c) => watcherCodes.has(c), onExpand });
    dispose = () => watcher.dispose();
    return { area, onExpand };
  }

  const key = (target: EventTarget, init: KeyboardEventInit) => {
    const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init });
    target.dispatchEvent(e);
    return e;
  };

  it('expands on the trigger key and keeps the key from the console', () => {
    const { area, onExpand } = setup('Tab');
    const e = key(area, { key: 'Tab' });
    // '好的 /tk': the code spans offsets 3..6, ending at the caret.
    expect(onExpand).toHaveBeenCalledWith(area, '/tk', { start: 3, end: 6 });
    expect(e.defaultPrevented).toBe(true);
  });

  it('takes Enter as the trigger only when a known code is before the caret, so Enter still sends otherwise', () => {
    const { area, onExpand } = setup('Enter');
    const expanded = key(area, { key: 'Enter' });
    expect(onExpand).toHaveBeenCalledTimes(1);
    expect(expanded.defaultPrevented).toBe(true);
    area.value = '好的，谢谢';
    area.setSelectionRange(5, 5);
    const send = key(area, { key: 'Enter' });
    expect(onExpand).toHaveBeenCalledTimes(1);
    expect(send.defaultPrevented).toBe(false);
  });

  it('accepts a fixed trigger key as well as a function', () => {
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = '/tk';
    area.setSelectionRange(3, 3);
    const onExpand = vi.fn();
    const watcher = createShortcutWatcher(window, { triggerKey: 'Space', isKnownCode: (c) => c === '/tk', onExpand });
    dispose = () => watcher.dispose();
    key(area, { key: 'Tab' });
    key(area, { key: ' ' });
    expect(onExpand).toHaveBeenCalledTimes(1);
  });

  it('uses the configured trigger key only', () => {
    const { area, onExpand } = setup('Space');
    key(area, { key: 'Tab' });
    expect(onExpand).not.toHaveBeenCalled();
    key(area, { key: ' ' });
    expect(onExpand).toHaveBeenCalledTimes(1);
  });

  it('never fires during IME composition', () => {
    const { area, onExpand } = setup();
    key(area, { key: 'Tab', isComposing: true });
    key(area, { key: 'Tab', keyCode: 229 });
    area.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
    key(area, { key: 'Tab' });
    expect(onExpand).not.toHaveBeenCalled();
    area.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true }));
    key(area, { key: 'Tab' });
    expect(onExpand).toHaveBeenCalledTimes(1);
  });

  it('ignores modified keys, unknown codes, our own sidebar, and stops after dispose', () => {
    const { area, onExpand } = setup();
    key(area, { key: 'Tab', shiftKey: true });
    area.value = '好的 /zz';
    key(area, { key: 'Tab' });
    expect(onExpand).not.toHaveBeenCalled();

    const host = document.createElement('div');
    host.setAttribute('data-kefu-sidebar', '');
    const inner = document.createElement('textarea');
    inner.value = '/tk';
    host.append(inner);
    document.body.append(host);
    inner.setSelectionRange(3, 3);
    key(inner, { key: 'Tab' });
    expect(onExpand).not.toHaveBeenCalled();

    area.value = '/tk';
    area.setSelectionRange(3, 3);
    dispose?.();
    dispose = undefined;
    key(area, { key: 'Tab' });
    expect(onExpand).not.toHaveBeenCalled();
  });

  it('keeps the Space that expanded a code from the page’s own listeners', () => {
    const { area, onExpand } = setup('Space');
    const pageSaw = vi.fn();
    area.addEventListener('keydown', pageSaw);
    const e = key(area, { key: ' ', code: 'Space' });
    expect(onExpand).toHaveBeenCalledWith(area, '/tk', { start: 3, end: 6 });
    expect(e.defaultPrevented).toBe(true);
    expect(pageSaw).not.toHaveBeenCalled();
  });

  it('reads the trigger setting on every key', () => {
    let trigger: 'Tab' | 'Space' = 'Tab';
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = '/tk';
    area.setSelectionRange(3, 3);
    const onExpand = vi.fn();
    const watcher = createShortcutWatcher(window, { triggerKey: () => trigger, isKnownCode: known(['/tk']), onExpand });
    dispose = () => watcher.dispose();
    trigger = 'Space';
    expect(key(area, { key: 'Tab' }).defaultPrevented).toBe(false);
    key(area, { key: ' ' });
    expect(onExpand).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['isComposing', { isComposing: true }],
    ['keyCode 229', { keyCode: 229 }],
    ['Shift', { shiftKey: true }],
    ['Ctrl', { ctrlKey: true }],
    ['Alt', { altKey: true }],
    ['Meta', { metaKey: true }],
  ])('leaves the key to the page with %s', (_, init) => {
    const { area, onExpand } = setup('Tab');
    const e = key(area, { key: 'Tab', ...init });
    expect(onExpand).not.toHaveBeenCalled();
    expect(e.defaultPrevented).toBe(false);
  });

  it('leaves a range selection, an unknown code and a non-editable target alone', () => {
    const { area, onExpand } = setup('Tab');
    area.setSelectionRange(3, 6);
    expect(key(area, { key: 'Tab' }).defaultPrevented).toBe(false);
    area.value = '好的 /tkk';
    area.setSelectionRange(7, 7);
    expect(key(area, { key: 'Tab' }).defaultPrevented).toBe(false);
    const button = document.createElement('button');
    button.textContent = '/tk';
    document.body.append(button);
    expect(key(button, { key: 'Tab' }).defaultPrevented).toBe(false);
    expect(onExpand).not.toHaveBeenCalled();
  });

  it('ignores keys typed in our sidebar behind a shadow root, and expands in a console box behind one', () => {
    const { onExpand } = setup('Tab');
    const sidebar = document.createElement('div');
    sidebar.setAttribute('data-kefu-sidebar', '');
    const ours = document.createElement('textarea');
    sidebar.attachShadow({ mode: 'open' }).append(ours);
    const consoleHost = document.createElement('kat-textarea');
    const theirs = document.createElement('textarea');
    consoleHost.attachShadow({ mode: 'open' }).append(theirs);
    document.body.append(sidebar, consoleHost);
    for (const el of [ours, theirs]) {
      el.value = '/tk';
      el.setSelectionRange(3, 3);
    }
    expect(key(ours, { key: 'Tab' }).defaultPrevented).toBe(false);
    expect(onExpand).not.toHaveBeenCalled();
    expect(key(theirs, { key: 'Tab' }).defaultPrevented).toBe(true);
    expect(onExpand).toHaveBeenCalledWith(theirs, '/tk', { start: 0, end: 3 });
  });

  it('expands in a contenteditable box, for its root, on a new line after Chinese text', () => {
    const { onExpand } = setup('Tab');
    const root = document.createElement('div');
    root.contentEditable = 'true';
    root.innerHTML = '<p>好的</p><p>hy</p>';
    document.body.append(root);
    const text = root.lastChild!.firstChild!;
    const r = document.createRange();
    r.setStart(text, 2);
    r.collapse(true);
    document.getSelection()!.removeAllRanges();
    document.getSelection()!.addRange(r);
    watcherCodes.add('hy');
    const e = key(root.lastChild!, { key: 'Tab' });
    expect(onExpand).toHaveBeenCalledWith(root, 'hy', { start: 0, end: 2 });
    expect(e.defaultPrevented).toBe(true);
  });
});

describe('replaceBeforeCaret', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('replaces the code before the caret with the expansion and leaves the caret after it', async () => {
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = '好的 /tk 谢谢';
    area.setSelectionRange(6, 6);
    expect(await replaceBeforeCaret(area, 3, '退款将在1-3个工作日到账')).toMatchObject({ ok: true });
    expect(area.value).toBe('好的 退款将在1-3个工作日到账 谢谢');
    expect(area.selectionStart).toBe(3 + '退款将在1-3个工作日到账'.length);
  });
});
