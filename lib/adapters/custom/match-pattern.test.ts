import { describe, expect, it } from 'vitest';
import { compileMatchPattern, isValidMatchPattern } from './match-pattern';

// Cases follow Chrome's match-pattern documentation.
describe('match patterns', () => {
  it.each([
    ['https://*/*', 'https://www.google.com/', true],
    ['https://*/*', 'http://www.google.com/', false],
    ['https://*/foo*', 'https://example.com/foo/bar.html', true],
    ['https://*/foo*', 'https://www.google.com/foo', true],
    ['https://*/foo*', 'https://example.com/bar/foo', false],
    ['https://*.google.com/foo*bar', 'https://www.google.com/foo/baz/bar', true],
    ['https://*.google.com/foo*bar', 'https://docs.google.com/foobar', true],
    ['https://*.google.com/foo*bar', 'https://google.com/foobar', true],
    ['https://*.google.com/foo*bar', 'https://evilgoogle.com/foobar', false],
    ['https://*.google.com/foo*bar', 'https://google.com.evil.example/foobar', false],
    ['https://example.com/*', 'https://example.com/?q=1', true],
    ['https://example.com/*', 'https://EXAMPLE.com/x', true],
    ['https://example.com/chat/*', 'https://example.com/chat', false],
    ['https://example.com/chat?tab=*', 'https://example.com/chat?tab=open', true],
    ['https://example.com/chat?tab=*', 'https://example.com/chat', false],
    ['https://example.com/*', 'https://example.com:8443/x', true],
    ['http://127.0.0.1/*', 'http://127.0.0.1:5173/demo/', true],
    ['http://localhost:3000/*', 'http://localhost:3000/a', true],
    ['http://localhost:3000/*', 'http://localhost:4000/a', false],
    ['http://localhost:*/*', 'http://localhost:4000/a', true],
    ['*://mail.google.com/*', 'http://mail.google.com/x', true],
    ['*://mail.google.com/*', 'https://mail.google.com/x', true],
    ['*://mail.google.com/*', 'ftp://mail.google.com/x', false],
    ['file:///foo*', 'file:///foo/bar.html', true],
    ['file:///foo*', 'file:///bar/foo', false],
    ['<all_urls>', 'https://anything.example/', true],
    ['<all_urls>', 'chrome://extensions/', false],
    ['https://example.com/a.b', 'https://example.com/aXb', false],
  ])('%s on %s → %s', (pattern, href, expected) => {
    expect(compileMatchPattern(pattern)(new URL(href))).toBe(expected);
  });

  it.each(['https://www.google.com', 'https://*foo/bar', 'https://foo.*.bar/baz', 'http:/bar', 'foo://*', 'https://exa mple.com:99999/*', 'file://host/x', ''])(
    'rejects %j',
    (pattern) => {
      expect(isValidMatchPattern(pattern)).toBe(false);
      expect(compileMatchPattern(pattern)(new URL('https://www.google.com/'))).toBe(false);
    },
  );
});
