import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileMatchPattern } from './custom/match-pattern';
import { adapters } from './index';
import { CONSOLE_MATCHES } from './matches';

const covered = (url: URL) => CONSOLE_MATCHES.some((p) => compileMatchPattern(p)(url));

describe('CONSOLE_MATCHES', () => {
  it('covers every console URL an adapter was written against', () => {
    const dir = import.meta.dirname;
    const missing: string[] = [];
    for (const id of readdirSync(dir)) {
      if (id === 'custom' || id === 'generic') continue;
      let source: string;
      try {
        source = readFileSync(path.join(dir, id, 'index.ts'), 'utf8');
      } catch {
        continue;
      }
      for (const m of source.matchAll(/^\/\/ - (https:\/\/\S+)/gm)) {
        const url = new URL(m[1]!);
        const adapter = adapters.find((a) => a.detect(url));
        if (adapter?.id === id && !covered(url)) missing.push(`${id}: ${url.href}`);
      }
    }
    expect(missing, 'Add the host to lib/adapters/matches.ts, or the content script never runs there').toEqual([]);
  });

  it('asks for https consoles only, no wildcard hosts', () => {
    for (const p of CONSOLE_MATCHES) expect(p).toMatch(/^https:\/\/[a-z0-9.-]+\/\*$/);
  });
});
