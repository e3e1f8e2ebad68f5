import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { SYNCED_TABLES, TABLE_OF_KIND, ROW_KEYS, type SyncedTable } from '../../../lib/db/sync-records';
import { canonicalJson } from '../../../lib/backup/canonical';
import { api, type Connection } from '../../../lib/sync/client/api';
import { InviteResponse, SessionResponse, type CreateInviteRequest, type CreateTeamRequest } from '../../../lib/sync/protocol';
import { materialize, type MaterializedRecord } from '../../../lib/sync/merge';
import { ROOT } from './paths';

/**
 * What the two-profile sync e2e (tests/e2e/sync.test.ts) runs beside the
 * browsers: the team sync server as a child process (so that it can be
 * SIGKILLed and started again on the same port), a tiny TCP proxy per
 * profile (so that one profile can be cut off the network while the other
 * stays on: Playwright's setOffline does not reliably cover an extension's
 * service worker), and the server's view of a team's data.
 */

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const until = async (what: string, ms: number, probe: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
};

export interface SyncServerProcess {
  readonly port: number;
  readonly url: string;
  /** Starts the server (again) on its port and waits for GET /health. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs, open requests and transactions die with it. */
  kill(): Promise<void>;
  /** Everything the process printed, for a failure message. */
  output(): string;
}

/**
 * `server/main.ts` under Node with the tsx loader (not through npx, whose
 * process would take the signal instead of the server), on 127.0.0.1 at a
 * port chosen once, storing in PostgreSQL at `databaseUrl`.
 */
export async function syncServerProcess(databaseUrl: string): Promise<SyncServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const lines: string[] = [];
  const stopChild = () => child?.kill('SIGKILL');
  process.once('exit', stopChild);

  const healthy = async () => {
    try {
      const res = await fetch(`${url}/health`);
      const body = (await res.json()) as { storage?: string };
      return res.ok && body.storage === 'postgres';
    } catch {
      return false;
    }
  };

  return {
    port,
    url,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error('The sync server is already running');
      const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, TEAM_SIGNUP: 'open' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      for (const stream of [proc.stdout, proc.stderr]) stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      let gone = false;
      void exited.then(() => (gone = true));
      await until('the sync server to answer /health', 90_000, async () => {
        if (gone) throw new Error(`The sync server exited on start:\n${lines.join('')}`);
        return healthy();
      });
    },
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    output: () => lines.join(''),
  };
}

export interface TcpProxy {
  readonly port: number;
  readonly url: string;
  /** Drops every open connection and refuses new ones until restore(). */
  cut(): void;
  restore(): void;
  /**
   * Calls `fn` with "METHOD /path" for each HTTP request passing through;
   * returns an unsubscribe. When `fn` returns a function, the answer to that
   * request is swallowed: the client's connection is closed instead, and the
   * function is called with the answer's first line once it arrives (the
   * server has done the work; the client never learns it).
   */
  onRequest(fn: RequestListener): () => void;
  close(): Promise<void>;
}

export type RequestListener = (line: string) => void | ((statusLine: string) => void);

const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/;

/**
 * A TCP proxy on 127.0.0.1 to the server's port: one profile's way to the
 * server. Loopback on both legs, so the server's https rule still sees a
 * local client. Request lines are read off the start of client chunks (a new
 * request on a kept-alive connection starts a new write).
 */
export async function tcpProxy(targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const listeners = new Set<RequestListener>();
  let isCut = false;
  const track = (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  const server: Server = createServer((client) => {
    track(client);
    if (isCut) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    track(upstream);
    const both = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', both);
    upstream.on('error', both);
    client.on('close', both);
    upstream.on('close', both);
    let swallow: ((statusLine: string) => void) | undefined;
    client.on('data', (chunk: Buffer) => {
      const m = REQUEST_LINE.exec(chunk.subarray(0, 512).toString('latin1'));
      if (!m) return;
      for (const fn of listeners) {
        const then = fn(`${m[1]} ${m[2]}`);
        if (typeof then === 'function') swallow = then;
      }
    });
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (!swallow) {
        client.write(chunk);
        return;
      }
      const then = swallow;
      swallow = undefined;
      both();
      then(chunk.subarray(0, 200).toString('latin1').split('\r\n')[0] ?? '');
    });
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('The proxy has no port');
  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      isCut = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      isCut = false;
    },
    onRequest(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

type Row = Record<string, unknown>;

/**
 * A record reduced to what sync carries, comparable between devices and the
 * server: its id, whether it is deleted, and its synced fields with their
 * values (no usage counters, search tokens, sync stamps or author, which are
 * each device's own or set by the server).
 */
export function syncedContent(table: SyncedTable, row: Row): Row {
  const fields = SYNCED_TABLES[table].fields;
  const names = fields ? [...fields] : Object.keys(row).filter((k) => !ROW_KEYS.has(k));
  const out: Row = { id: row.id, deleted: row.deletedAt !== undefined };
  for (const name of names.sort()) if (row[name] !== undefined) out[name] = row[name];
  return out;
}

/** The content of a record as materialized from the server's versions. */
function contentOf(table: SyncedTable, m: MaterializedRecord): Row {
  return syncedContent(table, { ...m.values, id: m.id, ...(m.deletedAt !== undefined ? { deletedAt: m.deletedAt } : {}) });
}

export interface ServerView {
  cursor: number;
  /** Per synced table, the records the token's user may see, materialized through merge.ts. */
  tables: Record<SyncedTable, Row[]>;
  records: MaterializedRecord[];
}

/** Pulls everything the token's user may see, from cursor 0, and materializes it as a device would. */
export async function serverView(conn: Connection): Promise<ServerView> {
  const latest = new Map<string, MaterializedRecord>();
  let cursor = 0;
  for (;;) {
    const page = await api.pull(conn, cursor, 2000);
    for (const change of page.changes) latest.set(`${change.kind}:${change.id}`, materialize(change));
    const done = !page.more || page.cursor === cursor;
    cursor = page.cursor;
    if (done) break;
  }
  const tables = Object.fromEntries(Object.keys(SYNCED_TABLES).map((t) => [t, [] as Row[]])) as Record<SyncedTable, Row[]>;
  const records = [...latest.values()];
  for (const m of records) if (!m.erased) tables[TABLE_OF_KIND[m.kind]].push(contentOf(TABLE_OF_KIND[m.kind], m));
  return { cursor, tables, records };
}

export type Digest = Record<SyncedTable, { count: number; hash: string }>;

/** Per table the number of records and a SHA-256 over their content, rows sorted by id in canonical JSON. */
export function digest(tables: Record<SyncedTable, Row[]>): Digest {
  const out = {} as Digest;
  for (const table of Object.keys(SYNCED_TABLES) as SyncedTable[]) {
    const rows = [...(tables[table] ?? [])].sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${canonicalJson(row)}\n`);
    out[table] = { count: rows.length, hash: hash.digest('hex') };
  }
  return out;
}

/** POST /v1/teams: the team and its supervisor, as the supervisor would create them (curl, a setup script). */
export async function createTeam(serverUrl: string, body: CreateTeamRequest): Promise<SessionResponse> {
  return SessionResponse.parse(await post(`${serverUrl}/v1/teams`, body));
}

/** POST /v1/invites: an invite code and link; the link names `serverUrl`, the address the request went to. */
export async function createInvite(serverUrl: string, token: string, body: CreateInviteRequest): Promise<InviteResponse> {
  return InviteResponse.parse(await post(`${serverUrl}/v1/invites`, body, token));
}

async function post(url: string, body: unknown, token?: string): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}
