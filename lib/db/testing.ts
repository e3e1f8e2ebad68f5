import { expect } from 'vitest';
import { AppError } from '../errors';
import { KefuDatabase } from './database';
import { toStoredNote } from './notes';
import { applyingRemote } from './outbox';
import type { Note } from './records';
import { markNotesUnindexed } from './sync-records';
import { getSyncState } from './sync-state';

let counter = 0;

/** A fresh, uniquely named database on fake-indexeddb for one test. */
export function freshDb(): KefuDatabase {
  counter += 1;
  return new KefuDatabase(`kefu-test-${counter}-${Math.random().toString(36).slice(2)}`);
}

/** Asserts `p` rejects with an AppError of `code`, and (when given) `field` mapped to the i18n key `key`. */
export async function expectAppError(p: Promise<unknown>, code: string, field?: string, key?: string): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const app = err as AppError;
  expect(app.code).toBe(code);
  if (field !== undefined) expect(app.fields[field]).toBe(key);
  return app;
}

/** Stores notes as a catch-up pull does (lib/sync/client/engine.ts): without search tokens, unqueued, flagged in the same transaction. */
export async function storeUnindexedNotes(db: KefuDatabase, notes: readonly Note[]): Promise<void> {
  await applyingRemote(db, ['notes'], async () => {
    await db.notes.bulkPut(notes.map((n) => toStoredNote(n, { deferTerms: true })));
    await db.syncState.put(markNotesUnindexed(await getSyncState(db)));
  });
}
