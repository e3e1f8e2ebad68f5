import type * as z from 'zod';
import {
  DevicesResponse,
  ErrorResponse,
  InviteInfo,
  MeResponse,
  PullResponse,
  PushResponse,
  SessionResponse,
  SnapshotResponse,
  type AcceptInviteRequest,
  type CreateTeamRequest,
  type MutationInput,
  type SignInRequest,
} from '../protocol';

/**
 * The team server's HTTP API as the extension calls it. Runs in extension
 * pages and the background only: the token never reaches a console page.
 * Every response body is validated with the protocol's schemas.
 */

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface Connection {
  serverUrl: string;
  token?: string;
  /** Injected in tests (the server app in-process); the global fetch otherwise. */
  fetch?: Fetch;
}

/** A failed call: `status` 0 when the server could not be reached. */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }

  /** Worth retrying later: offline, a server error, or rate limited. */
  get transient(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks and normalises a server address: https://, or http:// on this
 * machine only (a sign-in and customer data must not cross a network in
 * clear). Returns the origin plus any path prefix, without a trailing slash.
 */
export function normaliseServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SyncHttpError(0, 'server-url-invalid', 'The server address is not a URL: enter it as https://sync.example.com');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))) {
    throw new SyncHttpError(0, 'https-required', 'The server address must start with https:// (plain http:// only for localhost)');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

async function call<S extends z.ZodType>(conn: Connection, method: string, path: string, schema: S | null, body?: unknown): Promise<z.infer<S>> {
  const headers: Record<string, string> = {};
  if (conn.token) headers.authorization = `Bearer ${conn.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await (conn.fetch ?? fetch)(`${conn.serverUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new SyncHttpError(0, 'offline', `The sync server cannot be reached (${err instanceof Error ? err.message : String(err)}): check the address and the network`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    throw new SyncHttpError(res.status, 'bad-response', `The sync server answered ${res.status} with something other than JSON: is this the right address?`);
  }
  if (!res.ok) {
    const err = ErrorResponse.safeParse(json);
    if (err.success) throw new SyncHttpError(res.status, err.data.error.code, err.data.error.message, err.data.error.issues);
    throw new SyncHttpError(res.status, 'http-error', `The sync server answered ${res.status}`);
  }
  if (!schema) return undefined as z.infer<S>;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SyncHttpError(res.status, 'bad-response', `The sync server's answer to ${method} ${path} does not match this extension's protocol: update one of them`);
  return parsed.data;
}

export const api = {
  createTeam: (conn: Connection, body: CreateTeamRequest) => call(conn, 'POST', '/v1/teams', SessionResponse, body),
  signIn: (conn: Connection, body: SignInRequest) => call(conn, 'POST', '/v1/sessions', SessionResponse, body),
  inviteInfo: (conn: Connection, code: string) => call(conn, 'GET', `/v1/invites/${encodeURIComponent(code)}`, InviteInfo),
  acceptInvite: (conn: Connection, body: AcceptInviteRequest) => call(conn, 'POST', '/v1/invites/accept', SessionResponse, body),
  me: (conn: Connection) => call(conn, 'GET', '/v1/me', MeResponse),
  devices: (conn: Connection) => call(conn, 'GET', '/v1/devices', DevicesResponse),
  revokeDevice: (conn: Connection, id: string) => call(conn, 'DELETE', `/v1/devices/${encodeURIComponent(id)}`, null),
  push: (conn: Connection, mutations: MutationInput[]) => call(conn, 'POST', '/v1/sync/push', PushResponse, { mutations }),
  pull: (conn: Connection, cursor: number, limit: number) => call(conn, 'GET', `/v1/sync/pull?cursor=${cursor}&limit=${limit}`, PullResponse),
  /** A snapshot's first page (`from` absent), or the page after `from.next` of the snapshot at `from.top`. */
  snapshot: (conn: Connection, from: { top: number; next: string } | undefined, limit: number) =>
    call(conn, 'GET', `/v1/sync/snapshot?limit=${limit}${from ? `&top=${from.top}&after=${encodeURIComponent(from.next)}` : ''}`, SnapshotResponse),
};
