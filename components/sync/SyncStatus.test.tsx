import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { KefuDatabase } from '@/lib/db/database';
import { createReply } from '@/lib/db/replies';
import { enableSyncState, updateSyncState } from '@/lib/db/sync-state';
import { freshDb } from '@/lib/db/testing';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { SyncStatus } from './SyncStatus';

let db: KefuDatabase;
let view: Rendered | undefined;
let sent: string[];

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    sent.push((message as { type?: string }).type ?? '');
    return Promise.resolve({ ok: true, data: { status: 'idle' } });
  });
  db = freshDb();
});
afterEach(async () => {
  view?.unmount();
  view = undefined;
  await db.delete();
});

const show = (lang: 'zh' | 'en' = 'zh') => {
  view = render(
    <QueryClientProvider client={new QueryClient()}>
      <SyncStatus db={db} />
    </QueryClientProvider>,
    lang,
  );
  return view;
};

describe('SyncStatus', () => {
  it('says sync is off by default, with no button', async () => {
    const v = show();
    await vi.waitFor(() => expect(v.one('sync-off').textContent).toContain('只保存在这台电脑上'));
    expect(v.all('sync-now')).toHaveLength(0);
  });

  it('shows waiting changes and the last error, and Sync now asks the background', async () => {
    await enableSyncState(db, { deviceId: 'devA', role: 'agent', sameTeam: false });
    await createReply(db, { title: '发货', body: '亲，48小时内发货', group: '', code: '', tags: [], variants: [], pinned: false }, { author: '小王' });
    await updateSyncState(db, () => ({ status: 'offline', lastError: { code: 'offline', message: 'The sync server cannot be reached', at: 1 } }));
    const v = show('en');
    await vi.waitFor(() => expect(v.one('sync-pending').textContent).toBe('1 change(s) waiting to upload'));
    expect(v.one('sync-state').textContent).toContain('Offline');
    expect(v.one('sync-error').textContent).toContain('cannot be reached');
    v.one('sync-now').click();
    await vi.waitFor(() => expect(sent).toContain('syncNow'));
  });

  it('shows how far a catch-up has come while it runs, in both languages, and plain status otherwise', async () => {
    await enableSyncState(db, { deviceId: 'devA', role: 'agent', sameTeam: false });
    await updateSyncState(db, () => ({ status: 'syncing', cursor: 1200, catchUp: { from: 200, to: 4200 } }));
    const v = show();
    await vi.waitFor(() => expect(v.one('sync-state').textContent).toContain('正在同步…已完成 25%'));
    expect(v.one('sync-now').hasAttribute('disabled')).toBe(true);
    // The last page stored: 99 %, never 100 while syncing.
    await updateSyncState(db, () => ({ cursor: 4200 }));
    await vi.waitFor(() => expect(v.one('sync-state').textContent).toContain('已完成 99%'));
    await updateSyncState(db, () => ({ status: 'idle', catchUp: undefined }));
    await vi.waitFor(() => expect(v.one('sync-state').textContent).toContain('已同步'));
    expect(v.one('sync-state').textContent).not.toContain('%');
    v.unmount();

    await updateSyncState(db, () => ({ status: 'syncing', cursor: 3000, catchUp: { from: 0, to: 4000 } }));
    const en = show('en');
    await vi.waitFor(() => expect(en.one('sync-state').textContent).toContain('Syncing… 75% done'));
  });
});
