import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertText } from './insert-text';

/**
 * The paths happy-dom can run: it has no document.execCommand and no
 * Selection.modify, so a textarea goes through the prototype value setter and a
 * plain contenteditable box through the DOM fallback. execCommand, paste into
 * real editors and deleteBefore in contenteditable boxes are covered in
 * Chromium by the e2e tests.
 */
afterEach(() => {
  document.body.innerHTML = '';
  document.getSelection()?.removeAllRanges();
});

function textarea(value: string, start: number, end = start): HTMLTextAreaElement {
  const el = document.createElement('textarea');
  document.body.append(el);
  el.value = value;
  el.setSelectionRange(start, end);
  return el;
}

/** What React does: remember values set on the instance, and drop input events whose value matches. */
function reactLikeTracker(el: HTMLTextAreaElement | HTMLInputElement) {
  const desc = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el) as object, 'value')!;
  let tracked = el.value;
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
  const onChange = vi.fn<(value: string) => void>();
  el.addEventListener('input', () => {
    if (el.value === tracked) return; // swallowed: React thinks nothing changed
    tracked = el.value;
    onChange(el.value);
  });
  return onChange;
}

describe('insertText into a textarea without execCommand', () => {
  it('replaces a selection and leaves a collapsed caret after the inserted text', async () => {
    const el = textarea('亲，XXXX，谢谢', 2, 6);
    expect(await insertText(el, '您的订单')).toEqual({ ok: true, method: 'setter' });
    expect(el.value).toBe('亲，您的订单，谢谢');
    expect([el.selectionStart, el.selectionEnd]).toEqual([6, 6]);
  });

  it('keeps every line break, blank lines included', async () => {
    const el = textarea('', 0);
    await insertText(el, '第一行\n\n第三行\n');
    expect(el.value).toBe('第一行\n\n第三行\n');
    expect(el.selectionStart).toBe(9);
  });

  it('inserts at the saved selection when the box lost its caret meanwhile', async () => {
    const el = textarea('您好，请问有什么可以帮您', 0);
    await insertText(el, '小鹿', { selection: { kind: 'text', start: 2, end: 2 } });
    expect(el.value).toBe('您好小鹿，请问有什么可以帮您');
    expect(el.selectionStart).toBe(4);
  });

  it('clamps a saved selection that is past the end of a shorter value', async () => {
    const el = textarea('短', 0);
    await insertText(el, '了', { selection: { kind: 'text', start: 9, end: 12 } });
    expect(el.value).toBe('短了');
  });

  it('removes the shortcut code before a saved caret (expansion through the sidebar’s fill-in form)', async () => {
    const el = textarea('好的 /tk 后面', 0);
    await insertText(el, '退款说明', { selection: { kind: 'text', start: 6, end: 6 }, deleteBefore: 3 });
    expect(el.value).toBe('好的 退款说明 后面');
    expect(el.selectionStart).toBe(7);
  });

  it('never deletes past the start of the box', async () => {
    const el = textarea('tk', 2);
    await insertText(el, '退款', { deleteBefore: 5 });
    expect(el.value).toBe('退款');
  });

  it('announces one input event (insertText, with the data) and then a change event', async () => {
    const el = textarea('a', 1);
    const seen: string[] = [];
    el.addEventListener('input', (e) => seen.push(`input:${(e as InputEvent).inputType}:${(e as InputEvent).data}:${el.value}`));
    el.addEventListener('change', () => seen.push(`change:${el.value}`));
    await insertText(el, '好');
    expect(seen).toEqual(['input:insertText:好:a好', 'change:a好']);
  });

  it('gets the change past a React-style value tracker on a textarea and on an input', async () => {
    const area = textarea('亲', 1);
    const onAreaChange = reactLikeTracker(area);
    await insertText(area, '，您好');
    expect(onAreaChange).toHaveBeenCalledWith('亲，您好');

    const input = document.createElement('input');
    input.type = 'text';
    document.body.append(input);
    const onInputChange = reactLikeTracker(input);
    expect(await insertText(input, '您好')).toEqual({ ok: true, method: 'setter' });
    expect(input.value).toBe('您好');
    expect(onInputChange).toHaveBeenCalledWith('您好');
  });

  it.each([
    ['a div', () => document.createElement('div')],
    ['a disabled textarea', () => Object.assign(document.createElement('textarea'), { disabled: true })],
    ['a checkbox', () => Object.assign(document.createElement('input'), { type: 'checkbox' })],
    ['a contenteditable="false" island', () => Object.assign(document.createElement('div'), { contentEditable: 'false' })],
  ])('refuses %s as not-editable and leaves it alone', async (_, make) => {
    const el = make();
    document.body.append(el);
    expect(await insertText(el, 'x')).toEqual({ ok: false, reason: 'not-editable' });
    expect(el.textContent).toBe('');
  });

  it('refuses a box that left the page as detached, before touching it', async () => {
    const el = textarea('原来的', 3);
    el.remove();
    expect(await insertText(el, 'x')).toEqual({ ok: false, reason: 'detached' });
    expect(el.value).toBe('原来的');
  });
});

describe('insertText into a plain contenteditable box (DOM fallback)', () => {
  function box(html: string): HTMLElement {
    const el = document.createElement('div');
    el.contentEditable = 'true';
    el.innerHTML = html;
    document.body.append(el);
    return el;
  }
  function select(node: Node, start: number, end = start) {
    const r = document.createRange();
    r.setStart(node, start);
    r.setEnd(node, end);
    const sel = document.getSelection()!;
    sel.removeAllRanges();
    sel.addRange(r);
    return r;
  }

  it('inserts at the caret with <br> between lines, and announces it', async () => {
    const el = box('亲，谢谢');
    select(el.firstChild!, 2);
    const inputs: Array<string | null> = [];
    el.addEventListener('input', (e) => inputs.push(`${(e as InputEvent).inputType}:${(e as InputEvent).data}`));
    expect(await insertText(el, '第一行\n第二行')).toEqual({ ok: true, method: 'dom' });
    expect(el.innerHTML).toBe('亲，第一行<br>第二行谢谢');
    expect(inputs).toEqual(['insertText:第一行\n第二行']);
  });

  it('leaves the caret after the inserted text', async () => {
    const el = box('开头结尾');
    select(el.firstChild!, 2);
    await insertText(el, 'A\nB');
    await insertText(el, 'C');
    expect(el.textContent).toBe('开头ABC结尾');
  });

  it('replaces a selected range', async () => {
    const el = box('您好 XX 再见');
    select(el.firstChild!, 3, 5);
    await insertText(el, '小鹿');
    expect(el.textContent).toBe('您好 小鹿 再见');
  });

  it('inserts into the editable root when given an inner paragraph', async () => {
    const el = box('<p>第一段</p>');
    const p = el.firstChild as HTMLElement;
    select(p.firstChild!, 3);
    expect(await insertText(p, '。')).toEqual({ ok: true, method: 'dom' });
    expect(el.innerHTML).toBe('<p>第一段。</p>');
  });

  it('restores the caret the focus tracker saved before the agent clicked into the sidebar', async () => {
    const el = box('您好，在的');
    const saved = select(el.firstChild!, 3).cloneRange();
    const elsewhere = document.createElement('p');
    elsewhere.textContent = '侧边栏';
    document.body.append(elsewhere);
    select(elsewhere.firstChild!, 1);
    await insertText(el, '亲', { selection: { kind: 'range', range: saved } });
    expect(el.textContent).toBe('您好，亲在的');
    expect(elsewhere.textContent).toBe('侧边栏');
  });

  it('ignores a saved range that no longer lies in the box (the console re-rendered it)', async () => {
    const el = box('您好');
    const stale = document.createElement('p');
    stale.textContent = '旧的节点';
    const saved = document.createRange();
    saved.setStart(stale.firstChild!, 2);
    select(el.firstChild!, 1);
    await insertText(el, '亲', { selection: { kind: 'range', range: saved } });
    expect(el.textContent).toBe('您亲好');
    expect(stale.textContent).toBe('旧的节点');
  });

  it('puts the text at the end when the caret is not in the box', async () => {
    const el = box('您好');
    const elsewhere = document.createElement('p');
    elsewhere.textContent = '别处';
    document.body.append(elsewhere);
    select(elsewhere.firstChild!, 1);
    await insertText(el, '，亲');
    expect(el.textContent).toBe('您好，亲');
    expect(elsewhere.textContent).toBe('别处');
  });

  it('puts the text at the end when the box never had a caret', async () => {
    const el = box('您好');
    await insertText(el, '，亲');
    expect(el.textContent).toBe('您好，亲');
  });

  it('lets a console that handles paste itself take the text, once', async () => {
    const el = box('您好');
    select(el.firstChild!, 2);
    el.addEventListener('paste', (e) => {
      e.preventDefault();
      el.append((e).clipboardData!.getData('text/plain'));
    });
    expect(await insertText(el, '，亲')).toEqual({ ok: true, method: 'paste' });
    expect(el.textContent).toBe('您好，亲');
  });

  it('never edits a rich editor’s DOM behind its back: rejected when the editor takes nothing', async () => {
    const el = box('<p>您好</p>');
    el.className = 'ql-editor';
    select(el.firstChild!.firstChild!, 2);
    expect(await insertText(el, '，亲')).toEqual({ ok: false, reason: 'rejected' });
    expect(el.innerHTML).toBe('<p>您好</p>');
  });
});
