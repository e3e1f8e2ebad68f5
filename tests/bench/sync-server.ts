/**
 * The sync benchmark's server side (tests/bench/sync.bench.ts): a throwaway
 * PostgreSQL cluster, the sync server in a child process of its own (so the
 * load generator never shares its event loop), the account calls the bench
 * makes as a supervisor and as agents, and the server process's CPU and
 * memory read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pgClient from 'pg';
import { startTestPostgres } from '../../server/testing/postgres';
import { PushResponse, SessionResponse, type MutationInput } from '../../lib/sync/protocol';
import { ROOT } from '../e2e/support/paths';
import { statTicks } from './cpu-roles';

export interface BenchServer {
  url: string;
  pid: number;
  /**
   * VACUUM ANALYZE of the whole database, as autovacuum does within a minute
   * or so of a bulk write: resolves with the time it took, in ms.
   */
  vacuum(): Promise<number>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/**
 * PostgreSQL 15 (Debian's, started by startTestPostgres) and `npm run server`
 * on it: node with tsx's loader running server/main.ts, so that the pid is
 * the server itself (the `tsx` command would put a second process between).
 */
export async function startBenchServer(): Promise<BenchServer> {
  const pg = await startTestPostgres();
  if ('skipped' in pg) throw new Error(`The sync benchmark needs PostgreSQL: ${pg.skipped}`);
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: pg.url, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The server logs errors on stderr: shown, so a failing request is not silent.
  child.stderr?.on('data', (b: Buffer) => process.stderr.write(`  [server] ${b.toString()}`));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sync server exited with ${child.exitCode} before answering /health`);
    const up = await fetch(`${url}/health`).then((r) => r.ok).catch(() => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error('the sync server did not answer /health within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    async vacuum() {
      const client = new pgClient.Client({ connectionString: pg.url });
      await client.connect();
      try {
        const started = performance.now();
        await client.query('vacuum analyze');
        return performance.now() - started;
      } finally {
        await client.end();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await pg.stop();
    },
  };
}

/** CPU seconds (user + system) and memory of a process, from /proc (Linux). */
export function processUsage(pid: number): { cpuSeconds: number; rssBytes: number; peakRssBytes: number } {
  const { ticks } = statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { cpuSeconds: ticks / 100, rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/** A JSON call to the server; anything but the expected status throws with the server's message. */
export async function callJson<T>(url: string, method: string, path: string, opts: { token?: string; body?: unknown; status?: number } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  if (res.status !== (opts.status ?? 200)) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export const BENCH_PASSWORD = 'bench password 2026';

export async function createTeam(url: string, teamName: string, login: string): Promise<SessionResponse> {
  const body = { teamName, login, name: '王主管', password: BENCH_PASSWORD, deviceName: 'Bench' };
  return SessionResponse.parse(await callJson(url, 'POST', '/v1/teams', { body, status: 201 }));
}

/** Invites an agent as the supervisor and accepts the invite: a new account with its first device. */
export async function addAgent(url: string, supervisor: SessionResponse, login: string, name: string): Promise<SessionResponse> {
  const invite = await callJson<{ code: string }>(url, 'POST', '/v1/invites', { token: supervisor.token, body: {}, status: 201 });
  const body = { code: invite.code, login, name, password: BENCH_PASSWORD, deviceName: 'Bench' };
  return SessionResponse.parse(await callJson(url, 'POST', '/v1/invites/accept', { body, status: 201 }));
}

/** Pushes mutations in batches of the protocol's maximum; throws if the server refuses any. */
export async function pushAll(url: string, token: string, mutations: readonly MutationInput[], batch: number): Promise<number> {
  let cursor = 0;
  for (let i = 0; i < mutations.length; i += batch) {
    const res = PushResponse.parse(await callJson(url, 'POST', '/v1/sync/push', { token, body: { mutations: mutations.slice(i, i + batch) } }));
    const refused = res.results.find((r) => r.status !== 'applied');
    if (refused) throw new Error(`seeding: mutation ${refused.id} was ${refused.status}: ${refused.error?.message ?? ''}`);
    cursor = res.cursor;
  }
  return cursor;
}

/** The team's cursor, from the `ready` event of a change stream opened and closed at once. */
export async function serverCursor(url: string, token: string): Promise<number> {
  const ready = await fetch(`${url}/v1/sync/stream`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } });
  const reader = ready.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    while (!/\n\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  } finally {
    await reader.cancel();
  }
  const data = /^data: ?(.*)$/m.exec(text)?.[1];
  if (!data) throw new Error(`the change stream did not say the cursor: ${text.slice(0, 200)}`);
  return (JSON.parse(data) as { cursor: number }).cursor;
}
