import path from 'node:path';
import { build } from 'vite';
import { launchWithExtension } from '../../e2e/support/browser';
import { ROOT } from '../../e2e/support/paths';

const built = await build({
  configFile: false, root: ROOT, logLevel: 'warn',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  resolve: { alias: [{ find: /^@\//, replacement: `${ROOT}/` }] },
  build: { write: false, minify: false, lib: { entry: path.join(ROOT, 'tests/bench/probe/apply-page.ts'), formats: ['iife'], name: 'probe', fileName: () => 'p.js' } },
});
const chunk = (Array.isArray(built) ? built : [built]).flatMap((b) => ('output' in b ? b.output : [])).find((o) => o.fileName === 'p.js');
if (!chunk || chunk.type !== 'chunk') throw new Error('no build');
const browser = await launchWithExtension();
try {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html#/sync`);
  await page.waitForTimeout(1000);
  await page.evaluate(chunk.code);
  for (const v of (process.env.RAW ?? '').split(',').filter(Boolean)) console.log(JSON.stringify(await page.evaluate((v) => window.probe.raw(10000, v), v)));
  for (const [kind, n] of (process.env.PROBE ?? 'note:10000').split(',').map((s) => s.split(':') as [string, string])) {
    const r = await page.evaluate(([k, n]) => window.probe.run(k as 'note', Number(n)), [kind, n] as const);
    console.log(kind, n, JSON.stringify(r), 'load', (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim());
  }
} finally {
  await browser.close();
}
