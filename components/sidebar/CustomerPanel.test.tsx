import { useEffect, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { addNote, deleteNote, restoreNote } from '@/lib/db/notes';
import { freshDb } from '@/lib/db/testing';
import type { PageState } from '@/lib/messaging/protocol';
import { CustomerPanel } from './CustomerPanel';
import { NOTES_PAGE } from './CustomerRecord';
import { recordBackgroundMessages, render, typeInto, type Rendered } from './render-testing';

const T0 = new Date(2026, 2, 1, 9, 0).getTime();
const who = { author: '小王', now: T0 };

let db: KefuDatabase;
let view: Rendered | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  recordBackgroundMessages();
  db = freshDb();
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

function pageState(context: PageState['context']): PageState {
  return {
    adapterId: 'feige',
    adapterName: { zh: '抖店飞鸽', en: 'Douyin Feige' },
    context,
    canInsert: true,
    hasReplyField: true,
    layout: { width: 360, mode: 'push', collapsed: false },
  };
}
const buyer = (buyerName: string) => pageState({ platform: 'feige', buyerName });

/** The panel as the sidebar holds it; `show` hands it the next conversation, as a console switch does. */
function mount(initial: PageState | undefined) {
  let show: (state: PageState | undefined) => void = () => {
    throw new Error('the panel is not mounted yet');
  };
  function Harness() {
    const [state, setState] = useState(initial);
    const [chosen, setChosen] = useState<string | null>(null);
    useEffect(() => {
      show = (next) => {
        // The sidebar drops a customer opened by hand when another buyer comes on screen.
        setChosen(null);
        setState(next);
      };
    }, []);
    return <CustomerPanel db={db} state={state} platformName="抖店飞鸽" author="小李" notify={() => {}} chosenId={chosen} onChoose={setChosen} />;
  }
  view = render(<Harness />);
  return { view, show: (state: PageState | undefined) => show(state) };
}

const shownName = () => view!.all('customer-id').map((e) => e.textContent);
const noteTexts = () => view!.all('note-item').map((e) => e.querySelector('.note-text')?.textContent);

describe('CustomerPanel', () => {
  it('keeps the previous record on screen while the next chat’s opens: the search box never flashes up', async () => {
    await addNote(db, (await customerForContext(db, { platform: 'feige', buyerName: '阿花' }, who)).id, { text: '阿花的备注' }, who);
    const { view, show } = mount(buyer('阿花'));
    await vi.waitFor(() => expect(noteTexts()).toEqual(['阿花的备注']));

    // Every DOM change of the switch: one record on screen, never the manual entry.
    const seen: { names: (string | null)[]; entry: number; opening: number }[] = [];
    const observer = new MutationObserver(() =>
      seen.push({ names: shownName(), entry: view.all('customer-id-input').length, opening: view.all('record-opening').length }),
    );
    observer.observe(view.container, { childList: true, subtree: true, characterData: true, attributes: true });
    show(buyer('小明'));
    await vi.waitFor(() => expect(shownName()).toEqual(['小明']));
    observer.disconnect();
    expect(view.all('note-item')).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.entry > 0)).toEqual([]);
    expect(seen.filter((s) => s.names.length !== 1)).toEqual([]);
    // While it opened, 阿花's record was the one on screen, marked as opening (dimmed, inert).
    for (const s of seen.filter((s) => s.names[0] === '阿花')) expect(s.opening).toBe(1);
    expect(view.all('record-opening')).toEqual([]);
    expect(view.container.querySelector('[inert]')).toBeNull();
  });

  it('where no buyer is detected, offers the manual entry and opens what is typed', async () => {
    const { view } = mount(pageState({ platform: 'feige' }));
    await vi.waitFor(() => expect(view.all('customer-id-input')).toHaveLength(1));
    const input = view.one('customer-id-input');
    typeInto(input, 'tb_手动录入');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await vi.waitFor(() => expect(shownName()).toEqual(['tb_手动录入']));
  });

  it('pages a long timeline: pinned notes and the newest 50, then older ones on request', async () => {
    const c = await customerForContext(db, { platform: 'feige', buyerName: '老客户' }, who);
    const total = NOTES_PAGE * 2 + 7;
    const notes = [];
    for (let i = 0; i < total; i++) notes.push(await addNote(db, c.id, { text: `备注${i}`, pinned: i === 3 }, { ...who, now: T0 + i }));
    const { view } = mount(buyer('老客户'));
    // A hundred notes and more rendered in happy-dom: slow on a loaded machine, so more time than vi.waitFor's second.
    const slow = { timeout: 5000 };
    await vi.waitFor(() => expect(view.all('note-item')).toHaveLength(1 + NOTES_PAGE), slow);
    expect(noteTexts().slice(0, 3)).toEqual(['📌 备注3', `备注${total - 1}`, `备注${total - 2}`]);
    expect(view.one('notes-older').textContent).toBe('显示更早的备注');

    view.one('notes-older').click();
    await vi.waitFor(() => expect(view.all('note-item')).toHaveLength(1 + 2 * NOTES_PAGE), slow);
    view.one('notes-older').click();
    await vi.waitFor(() => expect(view.all('note-item')).toHaveLength(total), slow);
    expect(view.all('notes-older')).toEqual([]);
    expect(noteTexts().at(-1)).toBe('备注0');

    // A delete and its undo on an older page: the note leaves and comes back in place.
    await deleteNote(db, notes[1]!.id, who);
    await vi.waitFor(() => expect(noteTexts()).not.toContain('备注1'), slow);
    await restoreNote(db, notes[1]!.id, who);
    await vi.waitFor(() => expect(noteTexts().slice(-2)).toEqual(['备注1', '备注0']), slow);
  });

  it('shows the note a search found, however far down the timeline, marked', async () => {
    const c = await customerForContext(db, { platform: 'feige', buyerName: '回头客' }, who);
    await addNote(db, c.id, { text: '去年要求顺丰到付' }, { ...who, now: T0 - 1000 });
    for (let i = 0; i < NOTES_PAGE + 5; i++) await addNote(db, c.id, { text: `日常备注${i}` }, { ...who, now: T0 + i });
    const { view } = mount(pageState({ platform: 'feige' }));
    await vi.waitFor(() => expect(view.all('customer-id-input')).toHaveLength(1));
    typeInto(view.one('customer-id-input'), '顺丰到付');
    await vi.waitFor(() => expect(view.all('customer-result').map((e) => e.textContent?.replace(/\s+/g, ' '))).toEqual(['回头客 · 备注: 去年要求顺丰到付']));
    view.one('customer-result').click();
    await vi.waitFor(() => expect(noteTexts().at(-1)).toBe('去年要求顺丰到付'));
    expect(view.all('note-item')).toHaveLength(NOTES_PAGE + 6);
    expect(view.container.querySelector('li.record-view-found .note-text')?.textContent).toBe('去年要求顺丰到付');
    expect(view.all('notes-older')).toEqual([]);
  });

  it('after the buyer on screen is erased, offers the manual entry', async () => {
    const { view } = mount(buyer('要删除的'));
    await vi.waitFor(() => expect(shownName()).toEqual(['要删除的']));
    view.one('customer-erase').click();
    await vi.waitFor(() => expect(view.all('customer-erase-confirm')).toHaveLength(1));
    view.one('customer-erase-confirm').click();
    await vi.waitFor(() => expect(view.all('customer-id-input')).toHaveLength(1));
    expect(shownName()).toEqual([]);
  });
});
