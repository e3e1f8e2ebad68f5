import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapters } from './index';
import { PageContext, type SiteAdapter } from './types';

/**
 * House rules for site adapters (STYLE.md habits 1–3): one folder per console,
 * the folder name is the adapter id, and every adapter is registered, tested
 * and has fixtures. Failure messages say what to do.
 */
const ADAPTERS_DIR = join(process.cwd(), 'lib/adapters');
const FIXTURES_DIR = join(process.cwd(), 'tests/fixtures/adapters');
/** Not site adapters: the fallback and the user-defined factory. */
const NOT_SITES = new Set(['generic', 'custom']);

const siteFolders = readdirSync(ADAPTERS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !NOT_SITES.has(entry.name))
  .map((entry) => entry.name);

describe('adapter conventions', () => {
  it('finds the adapter folders', () => {
    expect(siteFolders.length, `no adapter folders found under ${ADAPTERS_DIR}`).toBeGreaterThan(0);
  });

  describe.each(siteFolders)('%s', (folder) => {
    it('exports `adapter` whose id is the folder name', async () => {
      const mod = (await import(`./${folder}/index.ts`)) as { adapter?: SiteAdapter };
      expect(mod.adapter, `lib/adapters/${folder}/index.ts must export \`const adapter: SiteAdapter\``).toBeDefined();
      expect(mod.adapter?.id, `rename the folder or set id: '${folder}' in lib/adapters/${folder}/index.ts`).toBe(folder);
    });

    it('ends with the console URLs it was written against', () => {
      const source = readFileSync(join(ADAPTERS_DIR, folder, 'index.ts'), 'utf8').trimEnd();
      const tail = source.slice(source.lastIndexOf('// Written against'));
      expect(
        tail.startsWith('// Written against') && /https?:\/\//.test(tail) && tail.split('\n').every((line) => line.startsWith('//')),
        `end lib/adapters/${folder}/index.ts with a "// Written against:" comment listing the console URLs`,
      ).toBe(true);
    });

    it('is registered in `adapters`', () => {
      expect(
        adapters.map((adapter) => adapter.id),
        `import lib/adapters/${folder} in lib/adapters/index.ts and add it to \`adapters\``,
      ).toContain(folder);
    });

    it('has a test file beside it', () => {
      expect(existsSync(join(ADAPTERS_DIR, folder, `${folder}.test.ts`)), `add lib/adapters/${folder}/${folder}.test.ts`).toBe(true);
    });

    it('has at least one fixture', () => {
      const dir = join(FIXTURES_DIR, folder);
      const fixtures = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.html')) : [];
      expect(fixtures.length, `add a sanitized HTML fixture under tests/fixtures/adapters/${folder}/`).toBeGreaterThan(0);
    });
  });

  it('registers nothing without a folder', () => {
    const stray = adapters.map((adapter) => adapter.id).filter((id) => !siteFolders.includes(id));
    expect(stray, 'every registered adapter needs its own folder lib/adapters/<id>/').toEqual([]);
  });

  it.each(adapters.map((adapter) => [adapter.id, adapter] as const))(
    '%s reads an empty page without throwing and returns only its platform',
    (id, adapter) => {
      document.head.innerHTML = '';
      document.body.innerHTML = '';
      const context = adapter.readContext(document, new URL('https://example.com/'));
      expect(context).toEqual({ platform: id });
      expect(PageContext.safeParse(context).success).toBe(true);
      expect(adapter.findReplyField(document)).toBeNull();
    },
  );

  it.each(adapters.filter((adapter) => adapter.consoleUrl !== undefined).map((adapter) => [adapter.id, adapter] as const))(
    '%s opens its own console: consoleUrl is an https page the adapter detects',
    (id, adapter) => {
      const url = new URL(adapter.consoleUrl!);
      expect(url.protocol, `lib/adapters/${id}: consoleUrl must be https`).toBe('https:');
      expect(adapter.detect(url), `lib/adapters/${id}: set consoleUrl to a page detect() accepts (a follow-up reminder opens it)`).toBe(true);
    },
  );

  it.each(adapters.map((adapter) => [adapter.id, adapter] as const))('%s has names in 简体中文 and English', (_id, adapter) => {
    expect(adapter.name.zh.trim(), 'fill name.zh').not.toBe('');
    expect(adapter.name.en.trim(), 'fill name.en').not.toBe('');
  });
});
