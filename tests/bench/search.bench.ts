/**
 * Scripted-reply search benchmark: `npx tsx tests/bench/search.bench.ts [n]`.
 * Builds the index on n (default 20,000) generated replies and replays queries
 * keystroke by keystroke, as an agent types them in the sidebar, which asks for
 * the first 100 hits (SEARCH_LIMIT in SidebarApp; the list shows fewer). The
 * "empty" row is the listing shown before anything is typed, search(''), timed
 * as many times as there are Latin keystrokes. Run with `node --expose-gc` via
 * `NODE_OPTIONS=--expose-gc` for a heap figure after a full collection.
 */
import { ReplyIndex } from '../../lib/search/index.ts';
import { generateReplies } from './generate-replies.ts';

const n = Number(process.argv[2] ?? 20_000);
const LIMIT = 100;
const QUERIES: Record<string, string[]> = {
  chinese: ['退款流程', '物流', '申请退款', '核对地址', '非常抱歉', '催付', '重新发货'],
  pinyin: ['tuikuan', 'tk', 'wl', 'wuliu', 'chongxin', 'cuifu', 'hddz'],
  latin: ['refund', 'ship', 'tracking number', '/tk1', 'apolog', 'payment'],
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

const replies = generateReplies(n);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let t = performance.now();
const index = new ReplyIndex(replies);
const buildMs = performance.now() - t;
// Whatever the index leaves to its first search (joining haystacks, sorting codes) shows here.
t = performance.now();
index.search('x', { limit: LIMIT });
const firstSearchMs = performance.now() - t;
gc?.();
const heapAfter = process.memoryUsage().heapUsed;

t = performance.now();
const probe = { ...replies[123]!, usageCount: 9999 };
index.upsert(probe);
index.search('tk', { limit: LIMIT });
const upsertMs = performance.now() - t;

// Warm-up pass so the table shows steady typing, not the JIT's first minutes.
for (const queries of Object.values(QUERIES)) for (const q of queries) index.search(q, { limit: LIMIT });

const rows: string[][] = [];
for (const [kind, queries] of Object.entries(QUERIES)) {
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < 5; round++) {
    for (const q of queries) {
      const chars = Array.from(q);
      for (let i = 1; i <= chars.length; i++) {
        const typed = chars.slice(0, i).join('');
        const start = performance.now();
        hits += index.search(typed, { limit: LIMIT }).length;
        times.push(performance.now() - start);
      }
    }
  }
  times.sort((a, b) => a - b);
  rows.push(row(kind, times, hits));
}
{
  const times: number[] = [];
  let hits = 0;
  const count = Number(rows.find((r) => r[0] === 'latin')?.[1] ?? 200);
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    hits += index.search('', { limit: LIMIT }).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  rows.push(row('empty', times, hits));
}

function row(kind: string, sortedTimes: number[], hits: number): string[] {
  const t = sortedTimes;
  return [kind, String(t.length), percentile(t, 50).toFixed(2), percentile(t, 95).toFixed(2), (t.at(-1) ?? NaN).toFixed(2), String(Math.round(hits / t.length))];
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
console.log(`replies: ${n}   build: ${buildMs.toFixed(0)} ms   first search: ${firstSearchMs.toFixed(0)} ms   upsert+search: ${upsertMs.toFixed(1)} ms`);
console.log(`heap used: ${mb(heapAfter)} (index ≈ ${mb(heapAfter - heapBefore)}${gc ? '' : ', no --expose-gc: approximate'})`);
console.log('');
const header = ['queries', 'keystrokes', 'p50 ms', 'p95 ms', 'max ms', 'avg hits'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));
