import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customerForContext } from '@/lib/db/customers';
import type { KefuDatabase } from '@/lib/db/database';
import { indexPendingNotes } from '@/lib/db/note-index';
import { freshDb, storeUnindexedNotes } from '@/lib/db/testing';
import { CustomerEntry } from './CustomerEntry';
import { render, typeInto, type Rendered } from './render-testing';

let db: KefuDatabase;
let view: Rendered | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  db = freshDb();
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

async function seed(): Promise<string> {
  const wang = await customerForContext(db, { platform: 'feige', buyerName: '王小明' }, { author: '小王', now: 1 });
  const notes = ['a', 'b', 'c', 'd'].map((id) => ({ id, customerId: wang.id, text: `第${id}次：要求顺丰发货`, pinned: false, history: [], createdAt: 1, updatedAt: 1, author: '小李' }));
  await storeUnindexedNotes(db, notes);
  return wang.id;
}

async function mount(lang: 'zh' | 'en' = 'zh'): Promise<Rendered> {
  const v = render(<CustomerEntry db={db} platform="feige" shop={undefined} author="小李" inputId="entry" onOpen={() => {}} onError={() => {}} />, lang);
  view = v;
  await vi.waitFor(() => v.one('customer-id-input'));
  return v;
}

const hint = () => view!.all('note-index-hint')[0]?.textContent;

describe('the note index hint in the customer search', () => {
  it('says note text results may be incomplete while notes are indexed, with how far, and goes when done', async () => {
    await seed();
    const v = await mount();
    typeInto(v.one('customer-id-input'), '顺丰');
    await vi.waitFor(() => expect(hint()).toBe('备注搜索索引正在建立，按备注内容搜索暂不完整。'));
    expect(v.all('customer-result')).toEqual([]);

    // Half the notes walked (one chunk of two).
    let chunks = 0;
    await indexPendingNotes(db, { chunk: 2, shouldStop: () => chunks++ >= 1 });
    await vi.waitFor(() => expect(hint()).toBe('备注搜索索引正在建立（50%），按备注内容搜索暂不完整。'));

    await indexPendingNotes(db);
    await vi.waitFor(() => expect(v.all('note-index-hint')).toEqual([]));
    await vi.waitFor(() => expect(v.all('customer-result').map((b) => b.textContent)).toEqual([expect.stringContaining('王小明')]));
  });

  it('is in English too, and not shown before anything is typed', async () => {
    await seed();
    const v = await mount('en');
    await new Promise((r) => setTimeout(r, 50));
    expect(v.all('note-index-hint')).toEqual([]);
    typeInto(v.one('customer-id-input'), 'sf');
    await vi.waitFor(() => expect(hint()).toBe('Notes are still being indexed for search: searching by note text may miss some for now.'));
  });

  it('is not shown when every note is indexed', async () => {
    await seed();
    await indexPendingNotes(db);
    const v = await mount();
    typeInto(v.one('customer-id-input'), '顺丰');
    await vi.waitFor(() => expect(v.all('customer-result')).toHaveLength(1));
    expect(v.all('note-index-hint')).toEqual([]);
  });
});
