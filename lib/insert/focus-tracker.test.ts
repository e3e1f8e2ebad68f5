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
