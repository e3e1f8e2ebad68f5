import { describe, expect, it } from 'vitest';
import { KefuDatabase } from '../db/database';
import { BACKUP_TABLES } from './tables';

describe('backup tables', () => {
  it('knows the row schema of every table of the database', () => {
    const db = new KefuDatabase('kefu-tables-convention');
    const unlisted = db.tables.map((t) => t.name).filter((name) => !(name in BACKUP_TABLES));
    expect(
      unlisted,
      'Add each new table to BACKUP_TABLES in lib/backup/tables.ts (its stored-row schema and the schema version that added it), so a restore validates its rows',
    ).toEqual([]);
    const gone = Object.keys(BACKUP_TABLES).filter((name) => !db.tables.some((t) => t.name === name));
    expect(gone, 'BACKUP_TABLES lists tables the database does not have').toEqual([]);
    for (const [name, spec] of Object.entries(BACKUP_TABLES)) expect(spec.since, name).toBeLessThanOrEqual(db.verno);
  });
});
