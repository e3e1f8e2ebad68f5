import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { authorOf, currentAuthor, onAccountChanged } from './account';
import { testAccount } from './testing';

const ACCOUNT = testAccount('小张');

beforeEach(() => fakeBrowser.reset());

describe('the author of what this device writes', () => {
  it('is the account name when signed in, over the settings name: the server stamps pushed changes with it', () => {
    expect(authorOf({ agentName: '客服小张' }, ACCOUNT)).toBe('小张');
    expect(authorOf({ agentName: '' }, { userName: '  小张 ' })).toBe('小张');
  });

  it('is the settings name when signed out, and empty when neither is set', () => {
    expect(authorOf({ agentName: ' 小王 ' }, undefined)).toBe('小王');
    expect(authorOf({ agentName: '' }, undefined)).toBe('');
    // A blank account name (never sent by the server, but stored data is not trusted) falls back too.
    expect(authorOf({ agentName: '小王' }, { userName: ' ' })).toBe('小王');
  });

  it('reads the stored account once for the background', async () => {
    expect(await currentAuthor({ agentName: '小王' })).toBe('小王');
    await browser.storage.local.set({ syncAccount: ACCOUNT });
    expect(await currentAuthor({ agentName: '小王' })).toBe('小张');
    // A damaged entry is no account.
    await browser.storage.local.set({ syncAccount: { ...ACCOUNT, userName: 42 } });
    expect(await currentAuthor({ agentName: '小王' })).toBe('小王');
  });
});

describe('onAccountChanged', () => {
  let stop: (() => void) | undefined;
  afterEach(() => stop?.());

  it('tells of a sign-in and a sign-out, and of nothing else stored', async () => {
    const seen: (string | undefined)[] = [];
    stop = onAccountChanged((a) => seen.push(a?.userName));
    await browser.storage.local.set({ settings: { agentName: '小王' } });
    await browser.storage.local.set({ syncAccount: ACCOUNT });
    await browser.storage.local.remove('syncAccount');
    expect(seen).toEqual(['小张', undefined]);
    stop();
    stop = undefined;
    await browser.storage.local.set({ syncAccount: ACCOUNT });
    expect(seen).toEqual(['小张', undefined]);
  });
});
