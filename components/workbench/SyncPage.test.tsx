import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KefuDatabase } from '@/lib/db/database';
import { freshDb } from '@/lib/db/testing';
import { render, typeInto, type Rendered } from '@/components/sidebar/render-testing';
import { SyncPage } from './SyncPage';

/*
 * The page without a server: the form's own checks and what this device
 * keeps. Signing in and joining against the real server are tested in
 * tests/sync-engine.test.ts (the server cannot load in happy-dom).
 */
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

const show = (lang: 'zh' | 'en') => {
  const fetch = vi.fn(() => Promise.reject(new Error('no network in this test')));
  view = render(
    <QueryClientProvider client={new QueryClient()}>
      <SyncPage db={db} fetch={fetch} />
    </QueryClientProvider>,
    lang,
  );
  return { v: view, fetch };
};

describe('SyncPage', () => {
  it('signed out: the sign-in form, and a plain-http address elsewhere is refused before any request', async () => {
    const { v, fetch } = show('en');
    await vi.waitFor(() => expect(v.all('sync-form')).toHaveLength(1));
    await vi.waitFor(() => expect(v.one('sync-off').textContent).toContain('stay on this computer'));
    typeInto(v.one('sync-server'), 'http://sync.example.com');
    typeInto(v.one('sync-login'), 'xiaoli');
    typeInto(v.one('sync-password'), 'agent password 1');
    v.one('sync-submit').click();
    await vi.waitFor(() => expect(v.one('sync-form-error').textContent).toContain('must start with https://'));
    expect(fetch).not.toHaveBeenCalled();
  });

  it('joining shows the invite and name fields', async () => {
    const { v } = show('zh');
    await vi.waitFor(() => expect(v.all('sync-form')).toHaveLength(1));
    expect(v.all('sync-invite')).toHaveLength(0);
    v.one('sync-mode-join').click();
    await vi.waitFor(() => expect(v.all('sync-invite')).toHaveLength(1));
    expect(v.all('sync-name')).toHaveLength(1);
    expect(v.one('sync-submit').textContent).toBe('加入团队');
  });

  it('lists the conflict copies kept on this device', async () => {
    await db.replies.put({ id: 'r1', title: '发货时间', body: 'B 的说法', group: '', code: '', tags: [], variants: [], pinned: false, usageCount: 0, variantCursor: 0, sortKey: 1, createdAt: 1, updatedAt: 2, author: '小李' });
    await db.syncRecords.put({
      id: 'reply:r1',
      kind: 'reply',
      recordId: 'r1',
      scope: 'team',
      heads: { body: ['000001767000000002:00000:devB', '000001767000000001:00000:devA'] },
      conflicts: { body: [{ value: 'A 的说法', hlc: '000001767000000001:00000:devA', author: '王主管' }] },
      conflictAt: 2,
    });
    const { v } = show('zh');
    await vi.waitFor(() => expect(v.all('sync-conflict').map((e) => e.textContent)).toEqual(['“发货时间”的内容：王主管 写的“A 的说法”']));
  });
});
