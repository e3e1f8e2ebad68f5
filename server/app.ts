import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type * as z from 'zod';
import { log } from '../lib/log';
import { newId } from '../lib/db/ids';
import { encodeHlc } from '../lib/sync/hlc';
import {
  AcceptInviteRequest,
  CreateInviteRequest,
  CreateTeamRequest,
  InviteCode,
  LIMITS,
  Mutation,
  PullQuery,
  PushRequest,
  SnapshotQuery,
  RecordId,
  SignInRequest,
  type DevicesResponse,
  type HealthResponse,
  type InviteResponse,
  type MeResponse,
} from '../lib/sync/protocol';
import { acceptInvite, authenticate, createInvite, createTeam, deviceIsActive, inviteInfo, listDevices, revokeDevice, signIn } from './accounts';
import { clearFailures, DEFAULT_ARGON2, formatInviteCode, RATE_LIMITS, recentFailures, recordFailure, type Argon2Params } from './auth';
import type { ChangeFeed } from './change-feed';
import { HttpError, validationError } from './errors';
import type { Storage } from './storage';
import { currentCursor, exportCustomer, pullBody, push, SnapshotTopError, snapshotBody, type Actor } from './sync-store';

export interface AppOptions {
  storage: Storage;
  feed: ChangeFeed;
  /** Believe X-Forwarded-Proto (TRUST_PROXY=1): only behind a reverse proxy that sets it. */
  trustProxy?: boolean;
  teamSignup?: 'open' | 'closed';
  argon2?: Argon2Params;
  /** The peer address of the connection (@hono/node-server's getConnInfo); undefined when unknown. */
  clientAddress: (c: Context) => string | undefined;
  /** How often an open stream sends a keep-alive and re-checks that its device is not revoked. */
  heartbeatMs?: number;
}

type AuthedActor = NonNullable<Awaited<ReturnType<typeof authenticate>>>;
type Env = { Variables: { actor: AuthedActor } };

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

function limit(maxSize: number): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new HttpError(413, 'payload-too-large', `The request body is larger than ${maxSize} bytes: send fewer changes per push`);
    },
  });
}

async function readJson<S extends z.ZodType>(c: Context, schema: S, what: string): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new HttpError(400, 'bad-json', `${what} must be a JSON body (Content-Type: application/json)`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationError(what, parsed.error);
  return parsed.data;
}

const mutationError = (path: (string | number)[]) => (err: z.ZodError) => validationError('The push', err, path);

/**
 * The sync server's HTTP API (Hono). Every body and query is validated with
 * the protocol's zod schemas; errors are `{error: {code, message, issues?}}`.
 * Nothing is kept in this process between requests except the list of open
 * streams, so any number of instances can serve one database.
 */
export function createApp(opts: AppOptions): Hono<Env> {
  const { storage, feed } = opts;
  const argon2 = opts.argon2 ?? DEFAULT_ARGON2;
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const app = new Hono<Env>();

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json({ error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) } }, err.status);
    }
    log.error('server: request failed', err, { method: c.req.method, path: c.req.path });
    return c.json({ error: { code: 'internal', message: 'The server failed on this request; it is logged. Try again.' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'not-found', message: `No such endpoint: ${c.req.method} ${c.req.path}` } }, 404));

  // A load balancer checks health over plain HTTP; it reveals nothing.
  app.get('/health', (c) => c.json({ ok: true, storage: storage.kind } satisfies HealthResponse));

  // Route contexts differ only in their path parameters, which getConnInfo does not read.
  const peer = (c: unknown) => opts.clientAddress(c as Context);

  // HTTPS everywhere else, except on the same machine (development, a local proxy).
  app.use('/v1/*', async (c, next) => {
    const forwarded = opts.trustProxy ? c.req.header('x-forwarded-proto') : undefined;
    const secure = forwarded !== undefined ? forwarded.split(',')[0]?.trim() === 'https' : new URL(c.req.url).protocol === 'https:' || isLoopback(peer(c));
    if (!secure) {
      throw new HttpError(403, 'https-required', 'This server takes sign-ins and customer data over HTTPS only: use its https:// address');
    }
    await next();
  });

  const address = (c: unknown) => peer(c) ?? 'unknown';
  const authed: MiddlewareHandler<Env> = async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
    if (!match?.[1]) throw new HttpError(401, 'unauthorized', 'Sign in first: send the device token as "Authorization: Bearer <token>"');
    const actor = await authenticate(storage, match[1]);
    if (!actor) throw new HttpError(401, 'unauthorized', 'This device is signed out (token unknown or revoked): sign in again');
    c.set('actor', actor);
    await next();
  };
  const supervisor: MiddlewareHandler<Env> = async (c, next) => {
    if (c.get('actor').role !== 'supervisor') throw new HttpError(403, 'forbidden', 'Only the team supervisor can do this');
    await next();
  };
  const rateLimited = async (keys: { key: string; max: number }[]) => {
    for (const { key, max } of keys) {
      if ((await recentFailures(storage, key, Date.now())) >= max) {
        const minutes = Math.round(RATE_LIMITS.windowMs / 60_000);
        throw new HttpError(429, 'rate-limited', `Too many failed attempts: wait ${minutes} minutes and try again`, undefined, {
          'retry-after': String(RATE_LIMITS.windowMs / 1000),
        });
      }
    }
  };

  app.post('/v1/teams', limit(LIMITS.smallBodyBytes), async (c) => {
    if (opts.teamSignup === 'closed') throw new HttpError(403, 'signup-closed', 'This server takes no new teams (TEAM_SIGNUP=closed): ask its supervisor for an invite');
    const body = await readJson(c, CreateTeamRequest, 'The new team');
    const session = await createTeam(storage, body.teamName, body, argon2);
    return c.json(session, 201);
  });

  app.post('/v1/sessions', limit(LIMITS.smallBodyBytes), async (c) => {
    const body = await readJson(c, SignInRequest, 'The sign-in');
    const loginKey = `login:${body.login}`;
    const addressKey = `address:${address(c)}`;
    await rateLimited([
      { key: loginKey, max: RATE_LIMITS.perLogin },
      { key: addressKey, max: RATE_LIMITS.perAddress },
    ]);
    const session = await signIn(storage, body.login, body.password, body.deviceName, argon2);
    if (!session) {
      await recordFailure(storage, [loginKey, addressKey], Date.now());
      throw new HttpError(401, 'bad-credentials', 'Sign-in name or password is wrong');
    }
    await clearFailures(storage, loginKey);
    return c.json(session, 201);
  });

  app.get('/v1/invites/:code', async (c) => {
    const code = InviteCode.safeParse(c.req.param('code'));
    const info = code.success ? await inviteInfo(storage, code.data) : undefined;
    if (!info) throw new HttpError(404, 'invite-invalid', 'This invite code is unknown, used or expired: ask the supervisor for a new one');
    return c.json(info);
  });

  app.post('/v1/invites/accept', limit(LIMITS.smallBodyBytes), async (c) => {
    const body = await readJson(c, AcceptInviteRequest, 'The invite');
    const addressKey = `address:${address(c)}`;
    await rateLimited([{ key: addressKey, max: RATE_LIMITS.perAddress }]);
    const session = await acceptInvite(storage, body.code, body, argon2);
    if (!session) {
      await recordFailure(storage, [addressKey], Date.now());
      throw new HttpError(404, 'invite-invalid', 'This invite code is unknown, used or expired: ask the supervisor for a new one');
    }
    return c.json(session, 201);
  });

  app.post('/v1/invites', limit(LIMITS.smallBodyBytes), authed, supervisor, async (c) => {
    const body = await readJson(c, CreateInviteRequest, 'The invite');
    const { code, expiresAt } = await createInvite(storage, c.get('actor'), body.role, body.expiresInHours);
    const shown = formatInviteCode(code);
    const origin = opts.trustProxy && c.req.header('x-forwarded-proto') === 'https' ? new URL(c.req.url).origin.replace(/^http:/, 'https:') : new URL(c.req.url).origin;
    return c.json({ code: shown, link: `${origin}/v1/invites/${shown}`, role: body.role, expiresAt } satisfies InviteResponse, 201);
  });

  app.get('/v1/me', authed, (c) => {
    const a = c.get('actor');
    return c.json({
      user: { id: a.userId, teamId: a.teamId, login: a.login, name: a.name, role: a.role },
      device: a.device,
      team: { id: a.teamId, name: a.teamName },
    } satisfies MeResponse);
  });

  app.get('/v1/devices', authed, async (c) => c.json({ devices: await listDevices(storage, c.get('actor')) } satisfies DevicesResponse));

  app.delete('/v1/devices/:id', authed, async (c) => {
    const id = RecordId.safeParse(c.req.param('id'));
    if (!id.success || !(await revokeDevice(storage, c.get('actor'), id.data))) {
      throw new HttpError(404, 'not-found', 'No such device of yours (a supervisor can revoke any device of the team)');
    }
    return c.body(null, 204);
  });

  app.post('/v1/sync/push', limit(LIMITS.pushBytes), authed, async (c) => {
    const started = performance.now();
    const body = await readJson(c, PushRequest, 'The push');
    const mutations = body.mutations.map((raw, i) => {
      const parsed = Mutation.safeParse(raw);
      if (!parsed.success) throw mutationError(['mutations', i])(parsed.error);
      return parsed.data;
    });
    const ids = new Set(mutations.map((m) => m.id));
    if (ids.size !== mutations.length) throw new HttpError(400, 'validation', 'The push names one mutation id twice: every change needs its own id');
    const result = await push(storage, c.get('actor'), mutations);
    // The server's own time (parsing and the transaction), which the load benchmark tells apart from the time on the wire.
    c.header('server-timing', `push;dur=${(performance.now() - started).toFixed(1)}`);
    return c.json(result);
  });

  app.get('/v1/sync/pull', authed, async (c) => {
    const query = PullQuery.safeParse(c.req.query());
    if (!query.success) throw validationError('The pull query', query.error);
    return c.body(await pullBody(storage, c.get('actor'), query.data.cursor, query.data.limit), 200, { 'content-type': 'application/json; charset=UTF-8' });
  });

  app.get('/v1/sync/snapshot', authed, async (c) => {
    const query = SnapshotQuery.safeParse(c.req.query());
    if (!query.success) throw validationError('The snapshot query', query.error);
    try {
      return c.body(await snapshotBody(storage, c.get('actor'), query.data), 200, { 'content-type': 'application/json; charset=UTF-8' });
    } catch (err) {
      if (err instanceof SnapshotTopError) {
        throw new HttpError(409, 'snapshot-stale', "The team's data on the server was replaced since this first sync began: start it again from the first page");
      }
      throw err;
    }
  });

  /*
   * Server-sent events: `ready` with the team's cursor when the stream opens,
   * `change` with the new cursor whenever any instance commits a change of
   * the team, `revoked` (then the stream ends) when this device is revoked.
   * The client pulls after each; a missed event costs only latency.
   */
  app.get('/v1/sync/stream', authed, (c) => {
    const actor = c.get('actor');
    return streamSSE(c, async (stream) => {
      let wake: () => void = () => {};
      const pending: number[] = [];
      const unsubscribe = feed.subscribe(actor.teamId, (cursor) => {
        pending.push(cursor);
        wake();
      });
      stream.onAbort(() => wake());
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ cursor: await currentCursor(storage, actor.teamId) }) });
        let lastBeat = Date.now();
        while (!stream.aborted && !stream.closed) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const woken = new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, Math.max(0, heartbeatMs - (Date.now() - lastBeat)));
          });
          if (pending.length === 0) await woken;
          clearTimeout(timer);
          if (stream.aborted) break;
          if (pending.length) {
            const cursor = Math.max(...pending.splice(0));
            await stream.writeSSE({ event: 'change', data: JSON.stringify({ cursor }) });
          }
          if (Date.now() - lastBeat >= heartbeatMs) {
            lastBeat = Date.now();
            if (!(await deviceIsActive(storage, actor.deviceId))) {
              await stream.writeSSE({ event: 'revoked', data: '{}' });
              break;
            }
            await stream.writeSSE({ event: 'ping', data: '{}' });
          }
        }
      } finally {
        unsubscribe();
      }
    });
  });

  app.get('/v1/customers/:id/export', authed, async (c) => {
    const id = RecordId.safeParse(c.req.param('id'));
    const data = id.success ? await exportCustomer(storage, c.get('actor').teamId, id.data) : undefined;
    if (!data) throw new HttpError(404, 'not-found', 'The team has no such customer on this server');
    return c.json(data);
  });

  /** Erasure (right to be forgotten): the customer and everything about them become bare tombstones, on every device at its next pull. */
  app.delete('/v1/customers/:id', authed, async (c) => {
    const id = RecordId.safeParse(c.req.param('id'));
    const actor: Actor = c.get('actor');
    const existing = id.success ? await exportCustomer(storage, actor.teamId, id.data) : undefined;
    if (!id.success || !existing) throw new HttpError(404, 'not-found', 'The team has no such customer on this server');
    if (existing.customer.erased) return c.body(null, 204);
    const hlc = encodeHlc({ wall: Date.now(), counter: 0, node: actor.deviceId });
    const erase = Mutation.parse({ id: `erase-${newId()}`, kind: 'customer', recordId: id.data, op: 'erase', hlc });
    await push(storage, actor, [erase]);
    return c.body(null, 204);
  });

  return app;
}
