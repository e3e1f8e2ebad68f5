import { Algorithm, hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Queryable } from './storage';

/**
 * Passwords (argon2id, memory-hard), device tokens and invite codes (random,
 * stored only as sha256), and the sign-in rate limit (counted in the
 * database, so every instance sees every attempt).
 */

/** OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane. Tests pass a cheaper one. */
export const DEFAULT_ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
export type Argon2Params = typeof DEFAULT_ARGON2;

export function hashPassword(password: string, params: Argon2Params): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id, ...params });
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password);
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Base32 without 0/O, 1/I/L: read aloud or typed from a chat message without mistakes. */
const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 24 characters, about 118 bits. Shown in groups of four. */
export function newInviteCode(): string {
  let code = '';
  for (let i = 0; i < 24; i++) code += INVITE_ALPHABET[randomInt(INVITE_ALPHABET.length)];
  return code;
}

export function formatInviteCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export const RATE_LIMITS = {
  windowMs: 15 * 60 * 1000,
  /** Wrong passwords for one login. */
  perLogin: 10,
  /** Failed sign-ins and invite codes from one address. */
  perAddress: 50,
} as const;

/** Failures under the key in the window; also forgets failures older than a day. */
export async function recentFailures(db: Queryable, key: string, now: number): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from auth_failures where key = $1 and at > $2', [key, now - RATE_LIMITS.windowMs]);
  return row?.n ?? 0;
}

export async function recordFailure(db: Queryable, keys: string[], now: number): Promise<void> {
  for (const key of keys) await db.query('insert into auth_failures (key, at) values ($1, $2)', [key, now]);
  await db.query('delete from auth_failures where at < $1', [now - 24 * 60 * 60 * 1000]);
}

export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('delete from auth_failures where key = $1', [key]);
}
