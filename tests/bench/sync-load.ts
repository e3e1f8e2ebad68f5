import { Worker } from 'node:worker_threads';
import { PushResponse, type SessionResponse } from '../../lib/sync/protocol';
import { type BenchCustomer } from './generate-customers';
import { deviceClock, loadNoteFactory } from './sync-data';
import { processUsage } from './sync-server';

/**
 * The load run of the sync benchmark: simulated agents, each with its own
 * account and device token, each holding the change stream open as a real
 * device does, each pushing one note a second. The pushes go from this
 * process (Node's fetch, undici, keep-alive); the streams are held and read by
 * a worker thread, so the events they carry (every push moves the team's
 * cursor, so each stream hears of every push) do not delay the pushes' timing.
 */

export interface LoadResult {
  agents: number;
  seconds: number;
  pushes: number;
  mutations: number;
  latencies: number[];
  /** The server's own time per push (its Server-Timing header): parsing and the transaction. */
  serverMs: number[];
  errors: Map<string, number>;
  streams: { opened: number; changeEvents: number; errors: string[] };
  server: { cpuPercent: number; rssBytes: number; peakRssBytes: number };
}

/*
 * Plain JavaScript run with `eval: true`: a worker started from a .ts file
 * would need tsx's loader passed on. Opens one stream per token, counts the
 * `change` events, and answers 'report' with the counts.
 */
const STREAMS_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, tokens } = workerData;
const counts = { opened: 0, changeEvents: 0, errors: [] };
const controller = new AbortController();
async function hold(token) {
  try {
    const res = await fetch(url + '/v1/sync/stream', { headers: { authorization: 'Bearer ' + token, accept: 'text/event-stream' }, signal: controller.signal });
    if (!res.ok) throw new Error('stream answered ' + res.status);
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      const blocks = buffer.split('\\n\\n');
      buffer = blocks.pop();
      for (const block of blocks) {
        if (block.startsWith('event: ready')) { counts.opened++; parentPort.postMessage({ type: 'opened', opened: counts.opened }); }
        if (block.startsWith('event: change')) counts.changeEvents++;
      }
    }
    if (!controller.signal.aborted) counts.errors.push('stream ended by the server');
  } catch (err) {
    if (!controller.signal.aborted) counts.errors.push(String(err && err.cause && err.cause.code ? err.cause.code : err));
  }
}
for (const token of tokens) hold(token);
parentPort.on('message', (m) => {
  if (m === 'report') parentPort.postMessage({ type: 'report', counts });
  if (m === 'stop') { controller.abort(); parentPort.postMessage({ type: 'report', counts }); setTimeout(() => process.exit(0), 100); }
});
`;

interface StreamCounts {
  opened: number;
  changeEvents: number;
  errors: string[];
}

function startStreams(url: string, tokens: string[]): { ready: Promise<void>; stop(): Promise<StreamCounts> } {
  const worker = new Worker(STREAMS_WORKER, { eval: true, workerData: { url, tokens } });
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    worker.once('error', reject);
    setTimeout(() => reject(new Error('the agents\u2019 change streams did not all open within 60 s')), 60_000).unref();
  });
  worker.on('message', (m: { type: string; opened?: number }) => {
    if (m.type === 'opened' && m.opened === tokens.length) resolveReady();
  });
  return {
    ready,
    stop: () =>
      new Promise<StreamCounts>((resolve) => {
        worker.on('message', (m: { type: string; counts?: StreamCounts }) => {
          if (m.type === 'report' && m.counts) resolve(m.counts);
        });
        worker.postMessage('stop');
      }),
  };
}

/** What went wrong with one push, as a short kind for the error list. */
function errorKind(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: { code?: string; message?: string } }).cause;
    return `transport: ${cause?.code ?? cause?.message ?? err.message}`;
  }
  return `transport: ${String(err)}`;
}

export async function runLoad(opts: {
  url: string;
  serverPid: number;
  agents: SessionResponse[];
  customers: BenchCustomer[];
  seconds: number;
  log: (line: string) => void;
}): Promise<LoadResult> {
  const { url, agents, seconds } = opts;
  const streams = startStreams(
    url,
    agents.map((a) => a.token),
  );
  await streams.ready;
  opts.log(`${agents.length} change streams open; pushing for ${seconds} s`);

  const makeNote = loadNoteFactory(opts.customers, 20_260_704);
  const latencies: number[] = [];
  const serverMs: number[] = [];
  const errors = new Map<string, number>();
  const fail = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);
  let pushes = 0;
  let mutations = 0;

  const before = processUsage(opts.serverPid);
  const started = performance.now();
  const end = started + seconds * 1000;
  const agentLoop = async (agent: SessionResponse, index: number) => {
    const hlc = deviceClock(agent.device.id);
    // Agents start spread over the first second, then push once a second each.
    let next = started + (index * 1000) / agents.length;
    for (;;) {
      if (next >= end) return;
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next += 1000;
      const mutation = makeNote(agent.device.id, hlc());
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/v1/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ mutations: [mutation] }),
        });
        const text = await res.text();
        latencies.push(performance.now() - t0);
        pushes++;
        const dur = /push;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1];
        if (dur) serverMs.push(Number(dur));
        if (!res.ok) {
          fail(`http ${res.status}: ${/"code":"([^"]+)"/.exec(text)?.[1] ?? text.slice(0, 60)}`);
          continue;
        }
        const body = PushResponse.parse(JSON.parse(text));
        for (const r of body.results) {
          if (r.status === 'applied') mutations++;
          else fail(`${r.status}: ${r.error?.code ?? ''}`);
        }
      } catch (err) {
        latencies.push(performance.now() - t0);
        pushes++;
        fail(errorKind(err));
      }
    }
  };
  await Promise.all(agents.map(agentLoop));
  const wall = (performance.now() - started) / 1000;
  const after = processUsage(opts.serverPid);
  const streamCounts = await streams.stop();
  return {
    agents: agents.length,
    seconds: wall,
    pushes,
    mutations,
    latencies,
    serverMs,
    errors,
    streams: streamCounts,
    server: { cpuPercent: ((after.cpuSeconds - before.cpuSeconds) / wall) * 100, rssBytes: after.rssBytes, peakRssBytes: after.peakRssBytes },
  };
}
