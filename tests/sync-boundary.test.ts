import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The sync server (server/) and the extension share only lib/sync/. Server
 * code must never reach the extension bundle, and the shared protocol must
 * load in a service worker as well as in Node: no Node built-ins, no server
 * packages, no DOM.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const IMPORT_RE = /(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const SERVER_PACKAGES = /^(node:|hono|@hono\/|pg$|@electric-sql\/|@node-rs\/)/;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return sources(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

function imports(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), 'utf8');
  return [...source.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2]!);
}

describe('sync boundary', () => {
  it('nothing in the extension imports server/', () => {
    const offenders = ['entrypoints', 'components', 'lib'].flatMap(sources).flatMap((file) =>
      imports(file)
        .filter((spec) => /(^|\/)server(\/|$)/.test(spec) && (spec.startsWith('.') || spec.startsWith('@/')))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders, 'Server code must stay out of the extension bundle: share types and schemas through lib/sync/ instead').toEqual([]);
  });

  it('lib/sync/ imports no Node built-ins, server packages or DOM-only code', () => {
    const files = sources('lib/sync').filter((f) => !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.flatMap((file) => imports(file).filter((spec) => SERVER_PACKAGES.test(spec)).map((spec) => `${file} imports ${spec}`));
    expect(offenders, 'lib/sync/ runs in the extension too: keep Node and server packages in server/').toEqual([]);
    const dom = files.filter((file) => /\b(document|window|localStorage|indexedDB)\./.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(dom, 'lib/sync/ runs in Node too: no DOM').toEqual([]);
  });
});
