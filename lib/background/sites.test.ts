import { describe, expect, it } from 'vitest';
import { isSidebarHostAllowed, sitePatternFor } from './sites';

describe('sitePatternFor', () => {
  it('asks for the page’s host only, on http(s)', () => {
    expect(sitePatternFor('https://shop.example.com/chat?id=1')).toBe('https://shop.example.com/*');
    expect(sitePatternFor('http://10.0.0.5:8080/im')).toBe('http://10.0.0.5/*');
    expect(sitePatternFor('chrome://extensions')).toBeNull();
    expect(sitePatternFor('file:///tmp/a.html')).toBeNull();
    expect(sitePatternFor('not a url')).toBeNull();
  });
});

describe('isSidebarHostAllowed', () => {
  it('allows the built-in consoles and the enabled sites, nothing else', () => {
    expect(isSidebarHostAllowed('https://im.jinritemai.com/pc_seller_v2/main/workspace', [], false)).toBe(true);
    expect(isSidebarHostAllowed('https://shop.example.com/chat', ['https://shop.example.com/*'], false)).toBe(true);
    expect(isSidebarHostAllowed('https://evil.example/', ['https://shop.example.com/*'], false)).toBe(false);
    expect(isSidebarHostAllowed('https://im.jinritemai.com.evil.example/', [], false)).toBe(false);
    expect(isSidebarHostAllowed(undefined, [], false)).toBe(false);
  });

  it('allows loopback only in the e2e build', () => {
    expect(isSidebarHostAllowed('http://127.0.0.1:5178/demo/feige/', [], false)).toBe(false);
    expect(isSidebarHostAllowed('http://127.0.0.1:5178/demo/feige/', [], true)).toBe(true);
  });
});
