import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AppError } from '../errors';
import { log } from '../log';
import { saveSettings } from '../settings/settings';
import { openFromNotification, showNotifications, whereOf } from './alarm-notifications';

// What follow-up-alarms.ts and case-alarms.ts share; their own tests cover it through them.
beforeEach(async () => {
  fakeBrowser.reset();
  await saveSettings({ language: 'en' });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const notifications = async () => (await fakeBrowser.notifications.getAll()) as Record<string, { title: string; message: string }>;

describe('showNotifications', () => {
  const show = (fresh: string[], max = 2) =>
    showNotifications({
      fresh,
      max,
      word: (item, lang) => ({ id: `n:${item}`, text: { title: `${lang} ${item}`, message: item } }),
      more: (count, lang) => ({ id: 'n-more', text: { title: `${lang} +${count}`, message: '' } }),
      what: 'test',
    });

  it('words each in the agent’s language, and sums up past the cap', async () => {
    await show(['a', 'b', 'c', 'd']);
    const shown = await notifications();
    expect(Object.keys(shown).sort()).toEqual(['n-more', 'n:a', 'n:b']);
    expect(shown['n:a']?.title).toBe('en a');
    expect(shown['n-more']?.title).toBe('en +2');
  });

  it('a notification the OS refuses is logged, and the others are still shown', async () => {
    const error = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const create = fakeBrowser.notifications.create.bind(fakeBrowser.notifications);
    vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(((id: string, options: never) =>
      id === 'n:a' ? Promise.reject(new Error('refused')) : create(id, options)) as typeof create);
    await show(['a', 'b']);
    expect(Object.keys(await notifications())).toEqual(['n:b']);
    expect(error).toHaveBeenCalledWith('test notification not shown', expect.any(Error), { id: 'n:a' });
  });
});

describe('openFromNotification', () => {
  const ids = { prefix: 'x:', moreId: 'x-more' };

  it('is not concerned by another module’s notifications, and leaves them', async () => {
    await fakeBrowser.notifications.create('y:1', { type: 'basic', iconUrl: '', title: 't', message: 'm' });
    const platformOf = vi.fn();
    expect(await openFromNotification('y:1', ids, platformOf)).toBeUndefined();
    expect(platformOf).not.toHaveBeenCalled();
    expect(Object.keys(await notifications())).toEqual(['y:1']);
  });

  it('a record gone since opens nothing; other failures are thrown', async () => {
    await fakeBrowser.notifications.create('x:1', { type: 'basic', iconUrl: '', title: 't', message: 'm' });
    expect(await openFromNotification('x:1', ids, () => Promise.reject(new AppError('not-found', 'gone')))).toBe('none');
    expect(await notifications()).toEqual({});
    await expect(openFromNotification('x:2', ids, () => Promise.reject(new Error('disk')))).rejects.toThrow('disk');
  });
});

describe('whereOf', () => {
  it('names the console in the agent’s language, with the shop when known', () => {
    expect(whereOf('zh', { platform: 'feige', shop: '鹿鹿旗舰店' }, [])).toBe('抖店飞鸽 · 鹿鹿旗舰店');
    expect(whereOf('en', { platform: 'unknown-site', shop: '' }, [])).toBe('unknown-site');
  });
});
