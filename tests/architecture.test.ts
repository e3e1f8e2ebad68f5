import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * House rules that review alone would let slip. Each failure says what to do.
 */
const ROOT = path.resolve(import.meta.dirname, '..');

const IMPORT_RE = /(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveLocal(from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('@/')) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec);
  else return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`Cannot resolve ${spec} from ${path.relative(ROOT, from)}`);
}

/** Every module reachable from `entry`, and every package it imports (with the importer). */
function importGraph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8').replace(/^\s*import\s+type\s.*$/gm, '');
    for (const m of source.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2]!;
      if (/^\s*(import|export)\s+type\s/.test(m[0])) continue;
      const local = resolveLocal(file, spec);
      if (local) queue.push(local);
      else if (!packages.has(spec)) packages.set(spec, path.relative(ROOT, file));
    }
  }
  return { files, packages };
}

describe('architecture', () => {
  const contentEntry = path.join(ROOT, 'entrypoints/console.content/index.ts');

  it('the content script never reaches the database, Dexie, React or classic zod', () => {
    const { files, packages } = importGraph(contentEntry);
    const dbFiles = [...files].map((f) => path.relative(ROOT, f)).filter((f) => f.startsWith('lib/db/'));
    expect(dbFiles, 'The content script must not open IndexedDB: ask the background by message instead').toEqual([]);
    const banned = [...packages].filter(([p]) => p === 'dexie' || p.startsWith('dexie-') || p === 'react' || p === 'react-dom' || p === 'zod' || p.startsWith('@tanstack/'));
    expect(
      banned.map(([p, by]) => `${p} (imported by ${by})`),
      'The content script is injected into busy pages: keep it to zod/mini and plain DOM code',
    ).toEqual([]);
  });

  it('nothing of ours runs in a console while it loads: no manifest content script', () => {
    const config = readFileSync(path.join(ROOT, 'wxt.config.ts'), 'utf8');
    const entry = readFileSync(contentEntry, 'utf8');
    expect(config, 'Inject from the background once the tab has loaded (lib/background/console-injection.ts)').not.toMatch(/content_scripts/);
    expect(entry, 'The content script is registered at runtime, not in the manifest').toMatch(/registration:\s*'runtime'/);
  });

  it('entrypoints stay thin: no entrypoint file over 80 lines', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(name) && readFileSync(full, 'utf8').split('\n').length > 80) offenders.push(path.relative(ROOT, full));
      }
    };
    walk(path.join(ROOT, 'entrypoints'));
    expect(offenders, 'Move the logic into lib/ (tested there) and keep the entrypoint as wiring').toEqual([]);
  });

  it('no Dexie schema uses auto-increment ids', () => {
    const source = readFileSync(path.join(ROOT, 'lib/db/database.ts'), 'utf8');
    const schemaStrings = [...source.matchAll(/:\s*'([^']*)'/g)].map((m) => m[1]);
    expect(schemaStrings.length).toBeGreaterThan(0);
    expect(schemaStrings.filter((s) => s!.includes('++')), 'Records are sync-ready: string ids, never ++id').toEqual([]);
  });
});
