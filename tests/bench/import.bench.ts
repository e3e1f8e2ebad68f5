/**
 * Reply import benchmark (issue 5): `npx tsx tests/bench/import.bench.ts [rows]`.
 * Target: 20,000 rows (default) import in under 10 s, parse + validate + commit.
 *
 * The file is a 千牛 quick-phrase export of n generated replies (generate-replies.ts,
 * deterministic), with &#13;/&#44; escapes, in GBK when the system's iconv can
 * write it (as Qianniu on a Chinese Windows does), else UTF-8.
 *
 * 1. In Node, the pure steps one by one (decode, CSV parse, validate, plan),
 *    for where the time goes; no database.
 * 2. In Debian's Chromium with the e2e build, through the workbench's #/import
 *    page as an agent does it: from setInputFiles to the preview on screen
 *    (read, decode, parse, validate in slices, plan, render), and from the
 *    confirm click to the result on screen (one IndexedDB transaction in
 *    chunks of 1,000, with the progress bar). Needs `npm run build:e2e`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeText } from '../../lib/import/decode.ts';
import { planImport } from '../../lib/import/plan.ts';
import { escapeQianniu, qianniuReplies } from '../../lib/import/qianniu.ts';
import { csvTable } from '../../lib/import/table.ts';
import { validateReplies } from '../../lib/import/validate.ts';
import { launchWithExtension } from '../e2e/support/browser.ts';
import { generateReplies } from './generate-replies.ts';

const n = Number(process.argv[2] ?? 20_000);
const TARGET_MS = 10_000;

function qianniuFile(): { bytes: Uint8Array; encoding: string } {
  const lines = ['快捷短语编码,快捷短语,快捷短语分组'];
  generateReplies(n).forEach((r, i) => {
    // Every fifth phrase has a second line, as real ones do; the number keeps
    // generated texts apart, so all n rows are written rather than skipped as duplicates.
    const body = `${i % 5 === 0 ? `${r.body}\n${r.title}` : r.body}（${i}）`;
    lines.push([escapeQianniu(`q${i}`), escapeQianniu(body), r.group === '' ? '未分组' : escapeQianniu(r.group)].join(','));
  });
  const text = `${lines.join('\r\n')}\r\n`;
  try {
    return { bytes: new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: text, maxBuffer: 256 * 1024 * 1024 })), encoding: 'GBK' };
  } catch (err) {
    console.warn(`iconv could not write GBK (${err instanceof Error ? err.message : String(err)}); using UTF-8`);
    return { bytes: new TextEncoder().encode(text), encoding: 'UTF-8' };
  }
}

const ms = (from: number) => performance.now() - from;
const fmt = (v: number) => `${v.toFixed(0).padStart(6)} ms`;

const file = qianniuFile();
console.log(`${n} phrases, ${(file.bytes.length / 1024 / 1024).toFixed(1)} MB, ${file.encoding}`);

// 1. The pure steps in Node.
{
  let t = performance.now();
  const { text, encoding } = decodeText(file.bytes);
  const decode = ms(t);
  t = performance.now();
  const table = csvTable(text);
  const raws = qianniuReplies(table);
  const parse = ms(t);
  t = performance.now();
  const { valid, errors } = await validateReplies(raws);
  const validate = ms(t);
  t = performance.now();
  const plan = planImport(valid, [], 'skip');
  const planned = ms(t);
  console.log(`node: decode (${encoding}) ${fmt(decode)} | parse ${fmt(parse)} | validate ${fmt(validate)} | plan ${fmt(planned)} | ${valid.length} valid, ${errors.length} refused, ${plan.counts.duplicates} duplicates`);
}

// 2. Through the page in Chromium.
const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-import-bench-'));
const csv = path.join(dir, `qianniu-${n}.csv`);
writeFileSync(csv, file.bytes);
const browser = await launchWithExtension();
try {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html#/import`);
  await page.locator('[data-testid="import-page"]').waitFor({ timeout: 30_000 });

  let t = performance.now();
  await page.locator('[data-testid="import-file"]').setInputFiles(csv);
  await page.locator('[data-testid="import-confirm"]').waitFor({ timeout: 120_000 });
  const preview = ms(t);
  const summary = await page.locator('[data-testid="import-summary"]').textContent();

  t = performance.now();
  await page.locator('[data-testid="import-confirm"]').click();
  await page.locator('[data-testid="import-result"]').waitFor({ timeout: 300_000 });
  const commit = ms(t);
  const result = await page.locator('[data-testid="import-result"]').textContent();
  const stored = await page.evaluate(async () => {
    const open = indexedDB.open('kefu');
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(new Error(open.error?.message ?? 'indexedDB.open failed'));
    });
    const count = db.transaction('replies').objectStore('replies').count();
    return new Promise<number>((resolve) => {
      count.onsuccess = () => resolve(count.result);
    });
  });
  const total = preview + commit;
  console.log(`chromium: preview ${fmt(preview)} | commit ${fmt(commit)} | total ${fmt(total)} (target < ${TARGET_MS} ms: ${total < TARGET_MS ? 'met' : 'NOT met'})`);
  console.log(`  ${summary}`);
  console.log(`  ${result}; ${stored} replies stored`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
