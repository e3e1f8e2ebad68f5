import Dexie, { type EntityTable } from 'dexie';
import type { Reply } from './records';

/**
 * The extension's IndexedDB, opened only in extension pages (sidebar, options)
 * and the background — never in the content script (see the architecture test).
 *
 * Schema rules: versions are only added, a version with an upgrade is never
 * edited, every bump ships with a migration test from a fixture of the previous
 * shape. String ids, never `++id`. Index only what is queried:
 * - replies.code: shortcut-code lookup and uniqueness checks;
 * - replies.updatedAt: "changed since" for backup and, later, sync.
 */
export const DB_NAME = 'kefu';

export class KefuDatabase extends Dexie {
  replies!: EntityTable<Reply, 'id'>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores({
      replies: 'id, code, updatedAt',
    });
  }
}

let shared: KefuDatabase | undefined;

/** The one database instance of this extension context. */
export function getDb(): KefuDatabase {
  shared ??= new KefuDatabase();
  return shared;
}
