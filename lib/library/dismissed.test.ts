import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clearDismissedDuplicates, dismissDuplicate, loadDismissedDuplicates, MAX_KEPT } from './dismissed';

beforeEach(() => fakeBrowser.reset());

describe('dismissed duplicate sets', () => {
  it('are kept across loads, once each, newest last, and can be shown again', async () => {
    expect(await loadDismissedDuplicates()).toEqual([]);
    await dismissDuplicate('a|b');
    await dismissDuplicate('c|d');
    expect(await dismissDuplicate('a|b')).toEqual(['c|d', 'a|b']);
    expect(await loadDismissedDuplicates()).toEqual(['c|d', 'a|b']);
    await clearDismissedDuplicates();
    expect(await loadDismissedDuplicates()).toEqual([]);
  });

  it('keep only the newest ones, and read anything unreadable as none', async () => {
    await fakeBrowser.storage.local.set({ libraryDismissedDuplicates: Array.from({ length: MAX_KEPT + 2 }, (_, j) => `k${j}`) });
    const kept = await dismissDuplicate('newest');
    expect(kept).toHaveLength(MAX_KEPT);
    expect(kept.at(-1)).toBe('newest');
    expect(kept).not.toContain('k0');
    await fakeBrowser.storage.local.set({ libraryDismissedDuplicates: 'broken' });
    expect(await loadDismissedDuplicates()).toEqual([]);
  });
});
