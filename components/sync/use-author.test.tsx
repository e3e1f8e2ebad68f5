import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { render, type Rendered } from '@/components/sidebar/render-testing';
import { testAccount } from '@/lib/sync/client/testing';
import { useAuthor } from './use-author';

function Author({ agentName }: { agentName: string }) {
  return <span data-testid="author">{useAuthor({ agentName }) || '-'}</span>;
}

let view: Rendered | undefined;
beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  view?.unmount();
  view = undefined;
});

const shown = () => view!.one('author').textContent;

describe('useAuthor', () => {
  it('signs with the settings name until a sign-in in another page, then with the account name, and back after sign-out', async () => {
    view = render(<Author agentName="客服小张" />);
    await vi.waitFor(() => expect(shown()).toBe('客服小张'));
    await browser.storage.local.set({ syncAccount: testAccount('小张') });
    await vi.waitFor(() => expect(shown()).toBe('小张'));
    await browser.storage.local.remove('syncAccount');
    await vi.waitFor(() => expect(shown()).toBe('客服小张'));
  });

  it('reads an account stored before the page opened, even with no name in the settings', async () => {
    await browser.storage.local.set({ syncAccount: testAccount('小李') });
    view = render(<Author agentName="" />);
    await vi.waitFor(() => expect(shown()).toBe('小李'));
  });
});
