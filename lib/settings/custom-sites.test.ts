import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { customSiteId, loadCustomSites, removeCustomSite, saveCustomSite } from './custom-sites';

beforeEach(() => fakeBrowser.reset());

const site = { id: 'custom-shop-example-com', name: '自建商城', matches: ['https://shop.example.com/*'], replySelector: '#chat-input', buyerSelector: '.buyer' };

describe('custom sites', () => {
  it('saves, replaces by id, and removes', async () => {
    await saveCustomSite(site);
    await saveCustomSite({ ...site, replySelector: 'textarea.reply' });
    expect(await loadCustomSites()).toEqual([{ ...site, replySelector: 'textarea.reply' }]);
    await removeCustomSite(site.id);
    expect(await loadCustomSites()).toEqual([]);
  });

  it('rejects an invalid site with field keys and keeps the stored list', async () => {
    await saveCustomSite(site);
    const err = await saveCustomSite({ ...site, id: 'custom-b', replySelector: ' ', matches: ['not a pattern'] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'validation', fields: { replySelector: 'reply-selector-required', matches: 'invalid-match-pattern' } });
    expect(await loadCustomSites()).toEqual([site]);
  });

  it('drops only the stored entries that no longer parse', async () => {
    await fakeBrowser.storage.local.set({ customSites: [site, { id: 'broken' }] });
    expect(await loadCustomSites()).toEqual([site]);
  });

  it('derives a valid id from the host', () => {
    expect(customSiteId('Shop.Example.com')).toBe('custom-shop-example-com');
    expect(customSiteId('10.0.0.5')).toBe('custom-10-0-0-5');
  });
});
