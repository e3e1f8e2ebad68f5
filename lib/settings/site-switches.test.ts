import { describe, expect, it } from 'vitest';
import { isSiteDisabled, siteKeys, sitePatternFor, switchSite } from './site-switches';

describe('site switches', () => {
  it('names a console by its adapter id and any site by its pattern', () => {
    expect(siteKeys('feige', 'https://im.jinritemai.com/pc_seller_v2/main')).toEqual(['feige', 'https://im.jinritemai.com/*']);
    expect(siteKeys(undefined, 'https://shop.example.com/inbox?x=1')).toEqual(['https://shop.example.com/*']);
    expect(siteKeys(undefined, 'chrome://extensions/')).toEqual([]);
    expect(sitePatternFor('not a url')).toBeNull();
  });

  it('a page is off when any of its keys is switched off', () => {
    const keys = siteKeys('feige', 'https://im.jinritemai.com/x');
    expect(isSiteDisabled(keys, [])).toBe(false);
    expect(isSiteDisabled(keys, ['feige'])).toBe(true);
    expect(isSiteDisabled(keys, ['https://im.jinritemai.com/*'])).toBe(true);
    expect(isSiteDisabled(keys, ['pinduoduo'])).toBe(false);
  });

  it('switches keep their order and never hold a key twice', () => {
    expect(switchSite([], 'feige', false)).toEqual(['feige']);
    expect(switchSite(['feige', 'etsy'], 'feige', false)).toEqual(['etsy', 'feige']);
    expect(switchSite(['feige', 'etsy'], 'feige', true)).toEqual(['etsy']);
    expect(switchSite(['etsy'], 'feige', true)).toEqual(['etsy']);
  });
});
