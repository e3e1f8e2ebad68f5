import '../sync-page-jitless';
import { KefuDatabase } from '../../../lib/db/database';
import { applyChanges, rowFromServer } from '../../../lib/sync/client/engine';
import { applyMutation, materialize } from '../../../lib/sync/merge';
import { Mutation, PullResponse, type Change } from '../../../lib/sync/protocol';
import { TABLE_OF_KIND } from '../../../lib/db/sync-records';
import { benchCustomers, customerMutation, deviceClock, noteMutations, replyMutations } from '../sync-data';

function changesOf(kind: 'note' | 'reply' | 'customer', n: number): Change[] {
  const customers = benchCustomers(300);
  const ms =
    kind === 'note' ? noteMutations(customers, 0, n, 'dev1') : kind === 'reply' ? replyMutations(n, 'dev1') : benchCustomers(n).map((c) => customerMutation(c, deviceClock('dev1')()));
  return ms.map((m, i) => {
    const out = applyMutation(undefined, Mutation.parse(m), '客服');
    if (!out.ok) throw new Error('rejected');
    return { ...out.state, seq: i + 1 };
  });
}

const t = () => performance.now();

async function rawDb(name: string, indexes: boolean): Promise<IDBDatabase> {
  await new Promise((r) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = d.onerror = r; });
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const s = req.result.createObjectStore('rows', { keyPath: 'id' });
      if (indexes) {
        s.createIndex('a', ['customerId', 'createdAt']);
        s.createIndex('u', 'updatedAt');
        s.createIndex('terms', 'terms', { multiEntry: true });
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

const probe = {
  async raw(n: number, variant: string) {
    const changes = changesOf('note', n);
    const rows = changes.map((c) => { const r = rowFromServer('notes', materialize(c), undefined, undefined); if (!r.success) throw new Error('x'); const { terms: _t, ...rest } = r.data; return rest; });
    const page = variant.includes('big') ? 10_000 : 1000;
    const db = await rawDb('raw-' + variant, !variant.includes('noidx'));
    const list: object[] = variant.includes('tiny') ? rows.map((r) => ({ id: r.id, customerId: r.customerId, createdAt: r.createdAt, updatedAt: r.updatedAt })) : variant.includes('json') ? rows.map((r) => ({ id: r.id, customerId: r.customerId, createdAt: r.createdAt, updatedAt: r.updatedAt, j: JSON.stringify(r) })) : rows;
    const a = t();
    for (let i = 0; i < list.length; i += page) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('rows', 'readwrite', { durability: variant.includes('strict') ? 'strict' : variant.includes('relaxed') ? 'relaxed' : 'default' });
        const s = tx.objectStore('rows');
        for (const r of list.slice(i, i + page)) s.put(r);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    const ms = t() - a;
    db.close();
    return { variant, ms: Math.round(ms), usPerRow: Math.round((ms * 1000) / n) };
  },

  async run(kind: 'note' | 'reply' | 'customer', n: number, page = 1000) {
    const out: Record<string, number> = {};
    const changes = changesOf(kind, n);
    const pages: string[] = [];
    for (let i = 0; i < changes.length; i += page) pages.push(JSON.stringify({ changes: changes.slice(i, i + page), cursor: i + page, more: true }));
    out.mb = pages.reduce((s, p) => s + p.length, 0) / 1e6;
    let a = t();
    const parsed = pages.map((p) => PullResponse.parse(JSON.parse(p)).changes);
    out.parse = t() - a;
    a = t();
    const table = TABLE_OF_KIND[kind];
    const rows = parsed.flat().map((c) => {
      const r = rowFromServer(table, materialize(c), undefined, undefined);
      if (!r.success) throw new Error('bad row');
      return r.data;
    });
    out.rows = t() - a;
    const fresh = async (name: string) => {
      await new KefuDatabase(name).delete();
      const db = new KefuDatabase(name);
      await db.open();
      return db;
    };
    let db = await fresh('probe-apply');
    a = t();
    for (let i = 0; i < parsed.length; i++) await applyChanges(db, parsed[i]!, (i + 1) * page, Date.now());
    out.applyChanges = t() - a;
    out.count = await db.table(table).count();
    db.close();
    db = await fresh('probe-put');
    a = t();
    for (let i = 0; i < rows.length; i += page) await db.table(table).bulkPut(rows.slice(i, i + page));
    out.bulkPutRows = t() - a;
    db.close();
    db = await fresh('probe-put-noterms');
    const bare = rows.map(({ terms: _t, ...r }) => r);
    a = t();
    for (let i = 0; i < rows.length; i += page) await db.table(table).bulkPut(bare.slice(i, i + page));
    out.bulkPutNoTerms = t() - a;
    db.close();
    db = await fresh('probe-meta');
    const metas = parsed.flat().map((c) => ({ id: `${c.kind}:${c.id}`, kind: c.kind, recordId: c.id, scope: c.scope, heads: materialize(c).heads, conflicts: {} }));
    a = t();
    for (let i = 0; i < metas.length; i += page) await db.syncRecords.bulkPut(metas.slice(i, i + page));
    out.bulkPutMetas = t() - a;
    db.close();
    // Raw IndexedDB, no Dexie: same store shape as notes.
    const raw = await new Promise<IDBDatabase>((resolve, reject) => {
      indexedDB.deleteDatabase('probe-raw');
      const req = indexedDB.open('probe-raw', 1);
      req.onupgradeneeded = () => {
        const s = req.result.createObjectStore('rows', { keyPath: 'id' });
        s.createIndex('a', ['customerId', 'createdAt']);
        s.createIndex('u', 'updatedAt');
        s.createIndex('terms', 'terms', { multiEntry: true });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const rawPut = async (list: object[]) => {
      for (let i = 0; i < list.length; i += page) {
        await new Promise<void>((resolve, reject) => {
          const tx = raw.transaction('rows', 'readwrite');
          const s = tx.objectStore('rows');
          for (const r of list.slice(i, i + page)) s.put(r);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
    };
    a = t();
    await rawPut(rows);
    out.rawPut = t() - a;
    await rawPut(rows.map((r) => ({ ...r, id: `x${r.id}`, terms: [] })));
    out.rawPutNoTerms = t() - a - out.rawPut;
    out.avgTerms = rows.reduce((s, r) => s + ((r.terms as unknown[] | undefined)?.length ?? 0), 0) / rows.length;
    raw.close();
    for (const k of Object.keys(out)) out[k] = Math.round(out[k]! * 10) / 10;
    return out;
  },
};
declare global {
  interface Window {
    probe: typeof probe;
  }
}
window.probe = probe;
