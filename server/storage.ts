import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The server's one storage interface, over an embedded PGlite (a newcomer
 * needs nothing else) or a real PostgreSQL through a pg Pool. Both speak the
 * same SQL, run the same migrations and both support LISTEN/NOTIFY, which is
 * how live changes fan out to every server instance on one database.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A transaction in progress (Storage.transaction). */
export interface Transaction extends Queryable {
  /**
   * Runs sql as the transaction's last statement and commits. On PostgreSQL
   * the statement (its parameters written into it as literals) and COMMIT go
   * in one message: the locks the statement takes are released by the
   * database alone, never held while a reply waits for this process's event
   * loop and the COMMIT makes its round trip. Nothing may run after it.
   */
  queryAndCommit<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs statements one after another, each with its own snapshot (so one
   * sees what committed while an earlier one waited on a lock), and returns
   * the rows of each. On PostgreSQL they go in one message, their parameters
   * written in as literals, together with the transaction's BEGIN if nothing
   * ran before them: one round trip to the database where separate queries
   * take one each.
   */
  queries(statements: readonly { sql: string; params?: unknown[] }[]): Promise<unknown[][]>;
}

export interface Storage extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Calls onPayload for every NOTIFY on the channel, from any connection or server instance. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** PGlite in a data directory, or in memory when dataDir is undefined (tests). */
export async function openEmbedded(dataDir: string | undefined): Promise<Storage> {
  const db = dataDir === undefined ? await PGlite.create() : await PGlite.create(dataDir);
  return {
    kind: 'embedded',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    transaction<T>(fn: (tx: Transaction) => Promise<T>) {
      return db.transaction((tx) => {
        const query = async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows;
        // One connection and no other session: nothing waits on its locks, so the wrapper's COMMIT does.
        return fn({
          query,
          async exec(sql: string) {
            await tx.exec(sql);
          },
          queryAndCommit: query,
          async queries(statements) {
            const out: unknown[][] = [];
            for (const st of statements) out.push(await query(st.sql, st.params));
            return out;
          },
        });
      });
    },
    async listen(channel, onPayload) {
      const stop = await db.listen(channel, onPayload);
      return async () => stop();
    },
    close: () => db.close(),
  };
}

/**
 * sql with its $n parameters written in as literals: strings through pg's
 * escapeLiteral, arrays of strings as text[], finite numbers in parentheses
 * (so a negative one after a minus sign cannot start a comment), null.
 * Anything else (objects, other arrays) is refused: pass those as one JSON
 * string and unpack it in SQL.
 */
export function withLiterals(sql: string, params: readonly unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= params.length) throw new Error(`the statement uses $${n} but has ${params.length} parameters`);
    const v = params[i];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return pg.escapeLiteral(v);
    if (typeof v === 'number' && Number.isFinite(v)) return `(${v})`;
    if (Array.isArray(v) && v.every((e) => typeof e === 'string')) return `array[${v.map((e: string) => pg.escapeLiteral(e)).join(', ')}]::text[]`;
    throw new Error(`parameter $${n} must be a string, an array of strings, a finite number or null to be written as a literal, not ${typeof v}`);
  });
}

/** A pg Pool on DATABASE_URL, plus one dedicated connection for LISTEN, reconnected if it drops. */
export function openPostgres(connectionString: string, log: (msg: string, err?: unknown) => void = () => {}): Storage {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client that loses its server must not crash the process.
  pool.on('error', (err) => log('postgres pool error', err));
  let closed = false;
  const listeners = new Set<pg.Client>();
  return {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>) {
      const client = await pool.connect();
      // BEGIN waits for the first statement, so that queries() can send it along in the same message.
      let begun = false;
      let committing = false;
      const open = async () => {
        if (committing) throw new Error('the transaction is already committed (queryAndCommit ends it)');
        if (!begun) {
          begun = true;
          await client.query('begin');
        }
      };
      /** Statements in one simple-protocol message (several statements take no parameters: they are written in), after a pending BEGIN; the results of each. */
      const send = async (sqls: string[]): Promise<pg.QueryResult[]> => {
        if (committing) throw new Error('the transaction is already committed (queryAndCommit ends it)');
        const all = begun ? sqls : ['begin', ...sqls];
        begun = true;
        const results = (await client.query(all.join('\n;\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
        return (Array.isArray(results) ? results : [results]).slice(all.length - sqls.length);
      };
      try {
        const result = await fn({
          async query<R>(sql: string, params: unknown[] = []) {
            await open();
            return (await client.query(sql, params)).rows as R[];
          },
          // Without parameters pg uses the simple protocol, which takes several statements.
          async exec(sql: string) {
            await open();
            await client.query(sql);
          },
          async queries(statements) {
            return (await send(statements.map((st) => withLiterals(st.sql, st.params ?? [])))).map((r) => r.rows as unknown[]);
          },
          async queryAndCommit<R>(sql: string, params: unknown[] = []) {
            // If the statement fails the server skips the COMMIT, and the catch below rolls back.
            const pending = send([withLiterals(sql, params), 'commit']);
            committing = true;
            const [statement] = await pending;
            return (statement?.rows ?? []) as R[];
          },
        });
        if (begun && !committing) await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      let client: pg.Client | undefined;
      let stopped = false;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString });
        c.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
        });
        c.on('error', (err) => {
          log('postgres LISTEN connection lost; reconnecting', err);
          listeners.delete(c);
          c.end().catch(() => {});
          if (!stopped && !closed) setTimeout(() => void connect().catch((e: unknown) => log('postgres LISTEN reconnect failed', e)), 1000);
        });
        await c.connect();
        await c.query(`listen ${pg.escapeIdentifier(channel)}`);
        client = c;
        listeners.add(c);
      };
      await connect();
      return async () => {
        stopped = true;
        if (client) {
          listeners.delete(client);
          await client.end();
        }
      };
    },
    async close() {
      closed = true;
      await Promise.all([...listeners].map((c) => c.end().catch(() => {})));
      await pool.end();
    },
  };
}
