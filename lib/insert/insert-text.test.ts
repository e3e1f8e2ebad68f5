import { afterEach, describe, expect, it } from 'vitest';
import { insertText } from './insert-text';

/**
 * happy-dom has no working execCommand, so these cover the fallback paths; the
 * real editors (and execCommand/paste) are covered in Chromium by
 * tests/e2e/editors.test.ts.
 */
afterEach(() => {
  document.body.innerHTML = '';
});

function textarea(value: string, start: number, end = start): HTMLTextAreaElement {
  const el = document.createElement('textarea');
  document.body.append(el);
  el.value = value;
  el.setSelectionRange(start, end);
  return el;
}

describe('insertText into a textarea (fallback path)', () => {
  it('inserts at the caret, keeps line breaks and leaves the caret after the text', async () => {
    const el = textarea('亲，谢谢', 2);
    const result = await insertText(el, '第一行\n第二行');
    expect(result.ok).toBe(true);
    expect(el.value).toBe('亲，第一行\n第二行谢谢');
    expect(el.selectionStart).toBe(2 + '第一行\n第二行'.length);
    expect(el.selectionEnd).toBe(el.selectionStart);
    expect(document.activeElement).toBe(el);
  });

  it('replaces the selection, and restores a saved selection first', async () => {
    const el = textarea('您好 XX 谢谢', 0);
    await insertText(el, '小鹿', { selection: { kind: 'text', start: 3, end: 5 } });
    expect(el.value).toBe('您好 小鹿 谢谢');
  });

  it('replaces a shortcut code before the caret', async () => {
    const el = textarea('好的 /tk', 6);
    await insertText(el, '退款说明', { deleteBefore: 3 });
    expect(el.value).toBe('好的 退款说明');
  });

  it('announces the change with an input event that a React-style value tracker sees', async () => {
    const el = textarea('', 0);
    // React records values set on the instance and ignores input events whose
    // value matches the record; setting through the prototype bypasses it.
    let tracked = '';
    const proto = Object.getPrototypeOf(el) as HTMLTextAreaElement;
    const desc = Object.getOwnPropertyDescriptor(proto, 'value')!;
    Object.defineProperty(el, 'value', {
      configurable: true,
      get() {
        return desc.get!.call(this) as string;
      },
      set(v: string) {
        tracked = v;
        desc.set!.call(this, v);
      },
    });
    const events: Array<{ type: string; inputType?: string; value: string }> = [];
    el.addEventListener('input', (e) => events.push({ type: e.type, inputType: (e as InputEvent).inputType, value: el.value }));
    await insertText(el, '您好');
    expect(events).toEqual([{ type: 'input', inputType: 'insertText', value: '您好' }]);
    expect(tracked, 'the instance setter (React’s tracker) must not see the new value').toBe('');
  });

  it('refuses what is not editable or no longer in the page', async () => {
    const div = document.createElement('div');
    document.body.append(div);
    expect(await insertText(div, 'x')).toEqual({ ok: false, reason: 'not-editable' });
    const gone = textarea('', 0);
    gone.remove();
    expect(await insertText(gone, 'x')).toEqual({ ok: false, reason: 'detached' });
    const ro = textarea('', 0);
    ro.readOnly = true;
    expect(await insertText(ro, 'x')).toEqual({ ok: false, reason: 'not-editable' });
  });
});
