import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShortcutWatcher, findShortcutBeforeCaret, textBeforeCaret } from './shortcut';

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

describe('createShortcutWatcher', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => {
    dispose?.();
    document.body.innerHTML = '';
  });

  function setup(trigger: 'Tab' | 'Space' = 'Tab') {
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = '好的 /tk';
    area.setSelectionRange(area.value.length, area.value.length);
    area.focus();
    const onExpand = vi.fn();
    const watcher = createShortcutWatcher(window, { triggerKey: () => trigger, isKnownCode: known(['/tk']), onExpand });
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
    expect(onExpand).toHaveBeenCalledWith(area, '/tk');
    expect(e.defaultPrevented).toBe(true);
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
});
