import * as z from 'zod';
import { browser } from 'wxt/browser';
import type { KefuDatabase } from '../../db/database';
import { queueEverything } from '../../db/outbox';
import { disableSyncState, enableSyncState } from '../../db/sync-state';
import { Role, type AcceptInviteRequest, type CreateTeamRequest, type SessionResponse, type SignInRequest } from '../protocol';
import { log } from '../../log';
import { api, normaliseServerUrl, type Connection, type Fetch } from './api';

/**
 * The signed-in account: server address, team, user and the device token.
 * Kept in browser.storage.local (the extension's storage, which no console
 * page can read), never in IndexedDB rows that are exported, and never sent
 * to a content script. Absent = sync off, the default.
 */
export const SyncAccount = z.object({
  serverUrl: z.string(),
  token: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  teamId: z.string(),
  teamName: z.string(),
  userId: z.string(),
  userName: z.string(),
  login: z.string(),
  role: Role,
});
export type SyncAccount = z.infer<typeof SyncAccount>;

const ACCOUNT_KEY = 'syncAccount';

export async function loadAccount(): Promise<SyncAccount | undefined> {
  const stored = await browser.storage.local.get(ACCOUNT_KEY);
  const parsed = SyncAccount.safeParse(stored[ACCOUNT_KEY]);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Follows the signed-in account (sign-in, sign-out, another device's name
 * for this user) in any extension page: `cb` gets the account, or undefined
 * once signed out. Returns the unsubscribe.
 */
export function onAccountChanged(cb: (account: SyncAccount | undefined) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(ACCOUNT_KEY in changes)) return;
    const parsed = SyncAccount.safeParse(changes[ACCOUNT_KEY]?.newValue);
    cb(parsed.success ? parsed.data : undefined);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * The name this device signs what it writes with (a note's, a case step's,
 * a reply's author). Signed in to a team, the account's name: the server
 * stamps every pushed change with it, so it is what the team reads, and a
 * record pulled back keeps it. Otherwise the agent name from the settings
 * (which also fills {{agent}} in replies, signed in or not). Empty when
 * neither is set: the record shows "no name".
 */
export function authorOf(settings: { agentName: string }, account: Pick<SyncAccount, 'userName'> | undefined): string {
  return account?.userName.trim() || settings.agentName.trim();
}

/** authorOf for code that reads the account once (the background's handlers). */
export async function currentAuthor(settings: { agentName: string }): Promise<string> {
  return authorOf(settings, await loadAccount());
}

export function connectionOf(account: SyncAccount, fetch?: Fetch): Connection {
  return { serverUrl: account.serverUrl, token: account.token, ...(fetch ? { fetch } : {}) };
}

/**
 * Takes a new session: stores the account, turns queuing on and queues what
 * this device wrote before (first sign-in to this team), in that order, so a
 * write in between is queued either by the middleware or by queueEverything.
 */
async function startSession(db: KefuDatabase, serverUrl: string, s: SessionResponse): Promise<SyncAccount> {
  const previous = await loadAccount();
  const account: SyncAccount = {
    serverUrl,
    token: s.token,
    deviceId: s.device.id,
    deviceName: s.device.name,
    teamId: s.team.id,
    teamName: s.team.name,
    userId: s.user.id,
    userName: s.user.name,
    login: s.user.login,
    role: s.user.role,
  };
  const sameTeam = previous?.teamId === account.teamId && previous.serverUrl === serverUrl;
  await browser.storage.local.set({ [ACCOUNT_KEY]: account });
  await enableSyncState(db, { deviceId: account.deviceId, role: account.role, sameTeam });
  if (!sameTeam) await queueEverything(db);
  return account;
}

type WithoutDevice<T> = Omit<T, 'deviceName'> & { deviceName?: string };
const DEFAULT_DEVICE = 'Browser';

export async function signIn(db: KefuDatabase, serverUrl: string, req: WithoutDevice<SignInRequest>, fetch?: Fetch): Promise<SyncAccount> {
  const url = normaliseServerUrl(serverUrl);
  const s = await api.signIn({ serverUrl: url, fetch }, { deviceName: DEFAULT_DEVICE, ...req });
  return startSession(db, url, s);
}

export async function acceptInvite(db: KefuDatabase, serverUrl: string, req: WithoutDevice<AcceptInviteRequest>, fetch?: Fetch): Promise<SyncAccount> {
  const url = normaliseServerUrl(serverUrl);
  const s = await api.acceptInvite({ serverUrl: url, fetch }, { deviceName: DEFAULT_DEVICE, ...req });
  return startSession(db, url, s);
}

export async function createTeam(db: KefuDatabase, serverUrl: string, req: WithoutDevice<CreateTeamRequest>, fetch?: Fetch): Promise<SyncAccount> {
  const url = normaliseServerUrl(serverUrl);
  const s = await api.createTeam({ serverUrl: url, fetch }, { deviceName: DEFAULT_DEVICE, ...req });
  return startSession(db, url, s);
}

/**
 * An invite link (`<server>/v1/invites/<code>`) gives both the server and
 * the code; a bare code needs the server typed beside it.
 */
export function parseInvite(input: string): { serverUrl?: string; code: string } {
  const m = /^(https?:\/\/.+?)\/v1\/invites\/([A-Za-z0-9-]+)\/?$/.exec(input.trim());
  return m ? { serverUrl: m[1], code: m[2]! } : { code: input.trim() };
}

/** Signs out: revokes this device's token on the server when reachable, then turns sync off here. Local records stay. */
export async function signOut(db: KefuDatabase, fetch?: Fetch): Promise<void> {
  const account = await loadAccount();
  // Signing out works offline too: the device then stays listed on the server until the supervisor revokes it.
  if (account) await api.revokeDevice(connectionOf(account, fetch), account.deviceId).catch((err: unknown) => log.warn('device not revoked on the server', { err: String(err) }));
  await browser.storage.local.remove(ACCOUNT_KEY);
  await disableSyncState(db);
}
