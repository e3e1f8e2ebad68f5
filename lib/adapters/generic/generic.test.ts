import { beforeEach, describe, expect, it } from 'vitest';
import { adapter } from './index';

// Focus is real DOM state here: elements are focused with .focus() in happy-dom.
describe('generic', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('never claims a page itself (the registry falls back to it)', () => {
    expect(adapter.detect(new URL('https://example.com/chat'))).toBe(false);
  });

  it('reads no context', () => {
    document.body.innerHTML = '<h1>订单编号：1234567890123456789</h1>';
    expect(adapter.readContext(document, new URL('https://example.com/'))).toEqual({ platform: 'generic' });
  });

  it('returns the focused textarea and text input', () => {
    document.body.innerHTML = '<textarea id="a"></textarea><input id="b" type="text"><input id="c">';
    for (const id of ['a', 'b', 'c']) {
      const el = document.getElementById(id) as HTMLElement;
      el.focus();
      expect(adapter.findReplyField(document)).toBe(el);
    }
  });

  it('returns null when nothing editable has focus', () => {
    document.body.innerHTML = '<button id="btn">发送</button><input id="cb" type="checkbox"><textarea id="ro" readonly></textarea>';
    expect(adapter.findReplyField(document)).toBeNull();
    for (const id of ['btn', 'cb', 'ro']) {
      (document.getElementById(id) as HTMLElement).focus();
      expect(adapter.findReplyField(document)).toBeNull();
    }
  });

  it('returns the contenteditable root when an inner element has focus', () => {
    document.body.innerHTML =
      '<div id="outer"><div id="root" contenteditable="true"><p id="inner" tabindex="-1">你好</p></div></div>';
    (document.getElementById('inner') as HTMLElement).focus();
    expect(adapter.findReplyField(document)?.id).toBe('root');
  });

  it('stops at the outermost contenteditable, not at a non-editable ancestor', () => {
    document.body.innerHTML =
      '<div contenteditable="true" id="top"><div contenteditable="false"><span id="island" contenteditable="true" tabindex="-1">x</span></div></div>';
    (document.getElementById('island') as HTMLElement).focus();
    // The island is editable again but its parent is not, so the island is the root.
    expect(adapter.findReplyField(document)?.id).toBe('island');
  });

  it('descends into an open shadow root', () => {
    const host = document.createElement('chat-box');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<textarea id="inner"></textarea>';
    const inner = shadow.getElementById('inner') as HTMLTextAreaElement;
    inner.focus();
    expect(document.activeElement).toBe(host);
    expect(adapter.findReplyField(document)).toBe(inner);
  });

  it('descends into a same-origin iframe', async () => {
    const frame = document.createElement('iframe');
    // happy-dom only gives srcdoc iframes a document (URL loading is disabled in tests).
    frame.srcdoc = '<div contenteditable="true" id="editor"><p id="line" tabindex="-1">hi</p></div>';
    document.body.append(frame);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const inner = frame.contentDocument;
    if (!inner) throw new Error('happy-dom did not create the srcdoc document');
    frame.focus();
    (inner.getElementById('line') as HTMLElement).focus();
    if (document.activeElement !== frame) {
      // happy-dom does not move the top document's focus to the iframe element as
      // browsers do; the browser behaviour is what the adapter is written for.
      return expect.unreachable(`happy-dom left activeElement on ${document.activeElement?.tagName}`);
    }
    expect(adapter.findReplyField(document)?.id).toBe('editor');
  });
});
