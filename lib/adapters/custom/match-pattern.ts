/**
 * Chrome extension match patterns (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns),
 * the format users already know from manifests. Written here rather than
 * importing `@webext-core/match-patterns`: that package is only a transitive
 * dependency of WXT (not in package.json), and it matches the path without the
 * query string, whereas Chrome matches path + query.
 *
 * Rules implemented:
 * - `<all_urls>` matches http, https, ws, wss, ftp and file URLs;
 * - scheme `*` matches http and https; otherwise one of http, https, ws, wss, ftp, file;
 * - host `*` matches any host, `*.example.com` matches example.com and its
 *   subdomains, anything else is exact (case-insensitive); `*` elsewhere is invalid;
 * - an optional `:port` (or `:*`) on the host; without one any port matches;
 * - path: `*` is a wildcard for any characters, matched against path + query.
 */
const SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'file']);
const ALL_URL_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:', 'ftp:', 'file:']);

interface Parsed {
  schemes: ReadonlySet<string> | 'all';
  host: string;
  port: string | undefined;
  path: RegExp;
}

const PATTERN = /^(\*|[a-z]+):\/\/([^/]*)(\/.*)$/;
const HOST = /^(\*|(?:\*\.)?[^*:/]+)(?::(\d{1,5}|\*))?$/;

/**
 * The host as URL.hostname would spell it (lower case, punycode for IDN), or
 * undefined when it is not a valid host. Parsing through URL keeps pattern
 * hosts and page hosts comparable without a home-made host grammar.
 */
function canonicalHost(host: string): string | undefined {
  const href = `http://${host}/`;
  return URL.canParse(href) ? new URL(href).hostname : undefined;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

function parse(pattern: string): Parsed | null {
  if (pattern === '<all_urls>') return { schemes: 'all', host: '*', port: undefined, path: /^/ };
  const match = PATTERN.exec(pattern);
  if (!match) return null;
  const [, scheme = '', hostPart = '', path = ''] = match;
  if (scheme !== '*' && !SCHEMES.has(scheme)) return null;
  const schemes = new Set(scheme === '*' ? ['http:', 'https:'] : [`${scheme}:`]);
  if (scheme === 'file') {
    // file:///path has an empty host; a host is not allowed.
    return hostPart === '' ? { schemes, host: '', port: undefined, path: globToRegExp(path) } : null;
  }
  const host = HOST.exec(hostPart);
  if (!host) return null;
  const [, hostName = '', port] = host;
  if (port !== undefined && port !== '*' && Number(port) > 65535) return null;
  const wildcard = hostName.startsWith('*.') ? '*.' : '';
  const canonical = hostName === '*' ? '*' : canonicalHost(hostName.slice(wildcard.length));
  if (canonical === undefined) return null;
  return { schemes, host: wildcard + canonical, port: port === '*' ? undefined : port, path: globToRegExp(path) };
}

/** True when `pattern` is a valid match pattern under the rules above. */
export function isValidMatchPattern(pattern: string): boolean {
  return parse(pattern) !== null;
}

function hostMatches(pattern: string, hostname: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return hostname === base || hostname.endsWith(`.${base}`);
  }
  return hostname === pattern;
}

/** The port a URL really uses, with the scheme's default filled in. */
function effectivePort(url: URL): string {
  if (url.port) return url.port;
  return { 'http:': '80', 'ws:': '80', 'https:': '443', 'wss:': '443', 'ftp:': '21' }[url.protocol] ?? '';
}

/**
 * Compiles a match pattern into a predicate on URLs. Invalid patterns yield a
 * predicate that matches nothing (the schema rejects them earlier; this keeps a
 * stale stored value from breaking adapter selection).
 */
export function compileMatchPattern(pattern: string): (url: URL) => boolean {
  const parsed = parse(pattern);
  if (!parsed) return () => false;
  return (url) => {
    if (parsed.schemes === 'all') return ALL_URL_SCHEMES.has(url.protocol);
    if (!parsed.schemes.has(url.protocol)) return false;
    if (url.protocol !== 'file:') {
      if (!hostMatches(parsed.host, url.hostname)) return false;
      if (parsed.port !== undefined && parsed.port !== effectivePort(url)) return false;
    }
    return parsed.path.test(url.pathname + url.search);
  };
}
