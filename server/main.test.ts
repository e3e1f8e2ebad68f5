import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

/** `npm run server` as a process: settings from the environment, /health, a clear message for bad settings. */
const ROOT = path.resolve(import.meta.dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(TSX, ['server/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

it('starts with the embedded store in DATA_DIR and answers /health on PORT', async () => {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kefu-server-'));
  dirs.push(dataDir);
  const server = start({ PORT: String(port), DATA_DIR: path.join(dataDir, 'store'), DATABASE_URL: '' });
  const deadline = Date.now() + 60_000;
  let body: unknown;
  while (Date.now() < deadline && body === undefined) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      body = await res.json();
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  expect(body, server.output()).toEqual({ ok: true, storage: 'embedded' });
  expect(server.output()).toContain(`listening on http://127.0.0.1:${port}`);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}, 90_000);

it('refuses bad settings with a message naming them', async () => {
  const server = start({ PORT: 'eighty', DATABASE_URL: '' });
  expect(await server.exited).toBe(1);
  expect(server.output()).toMatch(/PORT/);
}, 60_000);
