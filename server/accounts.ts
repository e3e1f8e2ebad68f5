import { newId } from '../lib/db/ids';
import type { Device, Role, SessionResponse, User } from '../lib/sync/protocol';
import { hashPassword, newInviteCode, newToken, sha256, verifyPassword, type Argon2Params } from './auth';
import type { Actor } from './sync-store';
import type { Queryable, Storage } from './storage';
import { HttpError } from './errors';

/** Teams, people, invites and devices. Every write that creates several rows is one transaction. */

interface DeviceRow {
  id: string;
  name: string;
  user_id: string;
  user_name: string;
  created_at: unknown;
  last_seen_at: unknown;
  revoked_at: unknown;
}

const num = (v: unknown): number => Number(v);

function toDevice(row: DeviceRow, currentId: string): Device {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    userName: row.user_name,
    createdAt: num(row.created_at),
    ...(row.last_seen_at != null ? { lastSeenAt: num(row.last_seen_at) } : {}),
    ...(row.revoked_at != null ? { revokedAt: num(row.revoked_at) } : {}),
    current: row.id === currentId,
  };
}

async function loginTaken(tx: Queryable, login: string): Promise<void> {
  const rows = await tx.query('select 1 from users where login = $1', [login]);
  if (rows.length) throw new HttpError(409, 'login-taken', `The sign-in name "${login}" is taken on this server: choose another`);
}

async function addDevice(tx: Queryable, user: User, teamName: string, deviceName: string, now: number): Promise<SessionResponse> {
  const token = newToken();
  const id = newId();
  await tx.query('insert into devices (id, user_id, team_id, name, token_hash, created_at, last_seen_at) values ($1, $2, $3, $4, $5, $6, $6)', [
    id,
    user.id,
    user.teamId,
    deviceName,
    sha256(token),
    now,
  ]);
  return {
    token,
    user,
    team: { id: user.teamId, name: teamName },
    device: { id, name: deviceName, userId: user.id, userName: user.name, createdAt: now, lastSeenAt: now, current: true },
  };
}

export interface NewPerson {
  login: string;
  name: string;
  password: string;
  deviceName: string;
}

export async function createTeam(storage: Storage, teamName: string, person: NewPerson, argon2: Argon2Params, now = Date.now()): Promise<SessionResponse> {
  // Hash outside the transaction: it takes a while and holds no lock.
  const passwordHash = await hashPassword(person.password, argon2);
  return storage.transaction(async (tx) => {
    await loginTaken(tx, person.login);
    const teamId = newId();
    const user: User = { id: newId(), teamId, login: person.login, name: person.name, role: 'supervisor' };
    await tx.query('insert into teams (id, name, created_at) values ($1, $2, $3)', [teamId, teamName, now]);
    await tx.query('insert into users (id, team_id, login, name, role, password_hash, created_at) values ($1, $2, $3, $4, $5, $6, $7)', [
      user.id,
      teamId,
      user.login,
      user.name,
      user.role,
      passwordHash,
      now,
    ]);
    return addDevice(tx, user, teamName, person.deviceName, now);
  });
}

export async function createInvite(db: Queryable, actor: Actor, role: Role, expiresInHours: number, now = Date.now()): Promise<{ code: string; expiresAt: number }> {
  const code = newInviteCode();
  const expiresAt = now + expiresInHours * 3600_000;
  await db.query('insert into invites (code_hash, team_id, role, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)', [
    sha256(code),
    actor.teamId,
    role,
    actor.userId,
    now,
    expiresAt,
  ]);
  return { code, expiresAt };
}

/** An invite that can still be used, or undefined (unknown, used or expired: the caller does not learn which). */
export async function inviteInfo(db: Queryable, code: string, now = Date.now()): Promise<{ teamName: string; role: Role; expiresAt: number } | undefined> {
  const [row] = await db.query<{ name: string; role: Role; expires_at: unknown }>(
    'select t.name, i.role, i.expires_at from invites i join teams t on t.id = i.team_id where i.code_hash = $1 and i.used_at is null and i.expires_at > $2',
    [sha256(code), now],
  );
  return row ? { teamName: row.name, role: row.role, expiresAt: num(row.expires_at) } : undefined;
}

/**
 * Joins the invite's team. The invite is marked used by a conditional update,
 * so of two people racing with one code exactly one gets the seat.
 */
export async function acceptInvite(storage: Storage, code: string, person: NewPerson, argon2: Argon2Params, now = Date.now()): Promise<SessionResponse | undefined> {
  const passwordHash = await hashPassword(person.password, argon2);
  return storage.transaction(async (tx) => {
    const [invite] = await tx.query<{ team_id: string; role: Role; name: string }>(
      `update invites i set used_at = $2 from teams t where t.id = i.team_id and i.code_hash = $1 and i.used_at is null and i.expires_at > $2
       returning i.team_id, i.role, t.name`,
      [sha256(code), now],
    );
    if (!invite) return undefined;
    await loginTaken(tx, person.login);
    const user: User = { id: newId(), teamId: invite.team_id, login: person.login, name: person.name, role: invite.role };
    await tx.query('insert into users (id, team_id, login, name, role, password_hash, created_at) values ($1, $2, $3, $4, $5, $6, $7)', [
      user.id,
      user.teamId,
      user.login,
      user.name,
      user.role,
      passwordHash,
      now,
    ]);
    await tx.query('update invites set used_by = $2 where code_hash = $1', [sha256(code), user.id]);
    return addDevice(tx, user, invite.name, person.deviceName, now);
  });
}

/** A hash of a password nobody has, verified when the login is unknown so that both cases take as long. */
let decoy: Promise<string> | undefined;

export async function signIn(storage: Storage, login: string, password: string, deviceName: string, argon2: Argon2Params, now = Date.now()): Promise<SessionResponse | undefined> {
  const [row] = await storage.query<{ id: string; team_id: string; name: string; role: Role; password_hash: string; team_name: string }>(
    'select u.id, u.team_id, u.name, u.role, u.password_hash, t.name as team_name from users u join teams t on t.id = u.team_id where u.login = $1',
    [login],
  );
  if (!row) {
    decoy ??= hashPassword(newToken(), argon2);
    await verifyPassword(await decoy, password);
    return undefined;
  }
  if (!(await verifyPassword(row.password_hash, password))) return undefined;
  const user: User = { id: row.id, teamId: row.team_id, login, name: row.name, role: row.role };
  return storage.transaction((tx) => addDevice(tx, user, row.team_name, deviceName, now));
}

/** The person and device behind a bearer token, unless the device was revoked. Notes the device as seen (at most once a minute). */
export async function authenticate(db: Queryable, token: string, now = Date.now()): Promise<(Actor & { login: string; teamName: string; device: Device }) | undefined> {
  const [row] = await db.query<DeviceRow & { team_id: string; role: Role; login: string; team_name: string }>(
    `select d.id, d.name, d.user_id, u.name as user_name, d.created_at, d.last_seen_at, d.revoked_at, d.team_id, u.role, u.login, t.name as team_name
     from devices d join users u on u.id = d.user_id join teams t on t.id = d.team_id where d.token_hash = $1 and d.revoked_at is null`,
    [sha256(token)],
  );
  if (!row) return undefined;
  if (row.last_seen_at == null || num(row.last_seen_at) < now - 60_000) {
    await db.query('update devices set last_seen_at = $2 where id = $1', [row.id, now]);
  }
  return {
    userId: row.user_id,
    teamId: row.team_id,
    deviceId: row.id,
    name: row.user_name,
    role: row.role,
    login: row.login,
    teamName: row.team_name,
    device: toDevice(row, row.id),
  };
}

export async function deviceIsActive(db: Queryable, deviceId: string): Promise<boolean> {
  const rows = await db.query('select 1 from devices where id = $1 and revoked_at is null', [deviceId]);
  return rows.length > 0;
}

/** A supervisor sees the team's devices, an agent their own. */
export async function listDevices(db: Queryable, actor: Actor): Promise<Device[]> {
  const rows = await db.query<DeviceRow>(
    `select d.id, d.name, d.user_id, u.name as user_name, d.created_at, d.last_seen_at, d.revoked_at
     from devices d join users u on u.id = d.user_id
     where d.team_id = $1 and ($2 or d.user_id = $3) order by d.created_at, d.id`,
    [actor.teamId, actor.role === 'supervisor', actor.userId],
  );
  return rows.map((r) => toDevice(r, actor.deviceId));
}

/** Revokes a device (its token stops working at once). Own devices, or any of the team's for a supervisor. */
export async function revokeDevice(db: Queryable, actor: Actor, deviceId: string, now = Date.now()): Promise<boolean> {
  const rows = await db.query(
    `update devices set revoked_at = coalesce(revoked_at, $4) where id = $1 and team_id = $2 and ($3 or user_id = $5) returning id`,
    [deviceId, actor.teamId, actor.role === 'supervisor', now, actor.userId],
  );
  return rows.length > 0;
}
