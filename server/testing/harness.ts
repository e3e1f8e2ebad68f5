import type { Context } from 'hono';
import { expect } from 'vitest';
import { newId } from '../../lib/db/ids';
import { encodeHlc } from '../../lib/sync/hlc';
import { PullResponse, PushResponse, SessionResponse, type MutationInput } from '../../lib/sync/protocol';
import { startInstance, type Instance } from '../instance';
import type { Storage } from '../storage';

/** Argon2id still, but cheap: the tests hash dozens of passwords on a shared 2-CPU machine. */
export const TEST_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** The peer address each test request claims; the https rule reads it. */
export const PEER_HEADER = 'x-test-peer';

export function testInstance(storage: Storage, options: { trustProxy?: boolean; heartbeatMs?: number } = {}): Promise<Instance> {
  return startInstance(storage, {
    argon2: TEST_ARGON2,
    // app.request() has no socket: the test names the peer in a header.
    clientAddress: (c: Context) => c.req.header(PEER_HEADER) ?? '127.0.0.1',
    ...options,
  });
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  peer?: string;
  headers?: Record<string, string>;
}

export async function call(instance: Instance, method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { [PEER_HEADER]: opts.peer ?? '127.0.0.1', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  }
  return instance.app.request(`http://localhost${path}`, { method, headers, body });
}

export async function ok<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function fails(res: Response, status: number, code: string): Promise<{ code: string; message: string; issues?: { path: string; message: string }[] }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
  expect(body.error.code, text).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error;
}

let uniq = 0;
/** A fresh team with its supervisor signed in; logins are unique per call so tests can share one store. */
export async function newTeam(instance: Instance, teamName = '测试旗舰店'): Promise<SessionResponse> {
  const login = `boss${++uniq}-${newId().slice(0, 6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const res = await call(instance, 'POST', '/v1/teams', {
    body: { teamName, login, name: '王主管', password: 'correct horse battery', deviceName: 'Office PC' },
  });
  return SessionResponse.parse(await ok(res, 201));
}

export async function newAgent(instance: Instance, supervisor: SessionResponse, name = '小李'): Promise<SessionResponse> {
  const invite = await ok<{ code: string }>(await call(instance, 'POST', '/v1/invites', { token: supervisor.token, body: {} }), 201);
  const login = `agent${++uniq}-${newId().slice(0, 6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const res = await call(instance, 'POST', '/v1/invites/accept', {
    body: { code: invite.code, login, name, password: 'agent password 1', deviceName: 'Laptop' },
  });
  return SessionResponse.parse(await ok(res, 201));
}

let clock = Date.now();
/** A stamp from the given device, later than every stamp before it. */
export function stamp(node: string): string {
  clock = Math.max(clock + 1, Date.now());
  return encodeHlc({ wall: clock, counter: 0, node });
}

export function reply(session: SessionResponse, recordId: string, fields: Record<string, unknown>, extra: Partial<MutationInput> = {}): MutationInput {
  return { id: `m-${newId()}`, kind: 'reply', scope: 'team', recordId, op: 'put', hlc: stamp(session.device.id), fields, ...extra };
}

export const NEW_REPLY = { title: '发货时间', body: '亲，正常情况下48小时内发货哦', group: '售前', code: '/fh', tags: [], variants: [], pinned: false, sortKey: 1 };

export async function pushOk(instance: Instance, session: SessionResponse, mutations: MutationInput[]): Promise<PushResponse> {
  return PushResponse.parse(await ok(await call(instance, 'POST', '/v1/sync/push', { token: session.token, body: { mutations } })));
}

export async function pullAll(instance: Instance, session: SessionResponse, cursor = 0, limit = 500): Promise<PullResponse> {
  const out: PullResponse = { changes: [], cursor, more: true };
  while (out.more) {
    const page = PullResponse.parse(await ok(await call(instance, 'GET', `/v1/sync/pull?cursor=${out.cursor}&limit=${limit}`, { token: session.token })));
    out.changes.push(...page.changes);
    out.cursor = page.cursor;
    out.more = page.more;
  }
  return out;
}

/** Reads server-sent events from a response until `until` returns true for one of them, or the time runs out. */
export async function readEvents(res: Response, until: (e: { event: string; data: string }) => boolean, timeoutMs = 10_000): Promise<{ event: string; data: string }[]> {
  if (!res.body) throw new Error('no stream body');
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadline - Date.now()))]);
      if (chunk === 'timeout' || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: ?(.*)$/m.exec(block)?.[1] ?? '';
        events.push({ event, data });
        if (until({ event, data })) return events;
      }
    }
    return events;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * EXPLAIN ANALYZE of a statement: the most rows any scan of records or
 * applied_mutations returned per loop, and the rows the statement answered.
 * How much a statement reads, counted rather than timed.
 */
export async function rowsScanned(storage: Storage, sql: string, params: unknown[]): Promise<{ most: number; answered: number }> {
  const [row] = await storage.query<{ 'QUERY PLAN': unknown }>(`explain (analyze, format json) ${sql}`, params);
  let most = 0;
  const walk = (node: Record<string, unknown>) => {
    if (['records', 'applied_mutations'].includes(node['Relation Name'] as string)) most = Math.max(most, Number(node['Actual Rows']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  const plan = row!['QUERY PLAN'];
  const top = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: Record<string, unknown> }[];
  walk(top[0]!.Plan);
  return { most, answered: Number(top[0]!.Plan['Actual Rows']) };
}
