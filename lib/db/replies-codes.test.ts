import type { DBCore, DBCoreCursor, DBCoreOpenCursorRequest } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { KefuDatabase } from './database';
import type { Reply } from './records';
import { codeSpellings, createReply, deleteReply, findReplyByCode, normaliseCode, tagReplies, undoReplyChange, updateReply } from './replies';
import { expectAppError } from './testing';

const who = { author: '小王' };
const draft = (title: string, code: string) => ({ title, body: `${title}的内容`, group: '售后', code, tags: [], variants: [], pinned: false });

let db: KefuDatabase | undefined;
let counter = 0;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

/** A database that counts the reply rows read through the code index's cursors (not its keys alone), as a scan of every coded reply reads them. */
function countingDb(): { db: KefuDatabase; rowsRead: () => number } {
  let read = 0;
  const countCursor = (cursor: DBCoreCursor | null): DBCoreCursor | null => {
    if (cursor === null) return null;
    return Object.create(cursor, {
      start: {
        value: (onNext: () => void) =>
          cursor.start(() => {
            read++;
            onNext();
          }),
      },
    }) as DBCoreCursor;
  };
  const counting = new KefuDatabase(`kefu-codes-${++counter}-${Math.random().toString(36).slice(2)}`);
  counting.use({
    stack: 'dbcore',
    name: 'count-reply-rows',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'replies') return table;
        return {
          ...table,
          openCursor: (req: DBCoreOpenCursorRequest) => (req.values && req.query.index.name === 'code' ? table.openCursor(req).then(countCursor) : table.openCursor(req)),
        };
      },
    }),
  });
  return { db: counting, rowsRead: () => read };
}

/** `n` replies with codes /kj0…, written directly (as a pull writes them). */
async function library(target: KefuDatabase, n: number): Promise<Reply[]> {
  const first = await createReply(target, draft('模板', ''), who);
  await target.replies.delete(first.id);
  const rows = Array.from({ length: n }, (_, i): Reply => ({ ...first, id: `r${i}`, title: `快捷${i}`, code: `/kj${i}`, sortKey: i + 1 }));
  await target.replies.bulkPut(rows);
  return rows;
}

describe('codeSpellings', () => {
  it('lists every spelling that normalises to the code, and nothing else', () => {
    expect(codeSpellings('/tk1')!.sort()).toEqual(['/TK1', '/Tk1', '/T\u212a1', '/tK1', '/tk1', '/t\u212a1'].sort());
    expect(codeSpellings('/退款')).toEqual(['/退款']);
    expect(codeSpellings('ας')).toContain('ΑΣ');
    expect(codeSpellings('ασ')).not.toContain('ΑΣ');
    for (const code of ['/tk1', '/straße', '/ǆ', '/ωθå', '/ᾀ', 'ας']) {
      for (const s of codeSpellings(code)!) expect(normaliseCode(s), s).toBe(code);
    }
  });

  it('knows every character that lowercases to another one', () => {
    // Were one missing, a code spelt with it would escape the duplicate check.
    const missing: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      const lower = c.toLowerCase();
      if (lower === c || lower.includes('\u0307')) continue;
      if (!codeSpellings(`/${lower}`)?.includes(`/${c}`)) missing.push(`U+${cp.toString(16)}`);
    }
    expect(missing).toEqual([]);
  });

  it('gives up on codes with too many spellings or a dotted i, for a scan to decide', () => {
    expect(codeSpellings('/abcdefghij')).toBeUndefined();
    expect(codeSpellings('/i\u0307')).toBeUndefined();
  });
});

describe('the duplicate-code check through the code index', () => {
  it('still refuses a code another live reply has, in any case or spelling', async () => {
    db = (await import('./testing')).freshDb();
    const tk = await createReply(db, draft('退款流程', '/Tk1'), who);
    await expectAppError(createReply(db, draft('x', '/tk1'), who), 'duplicate-code', 'code', 'code-taken');
    await expectAppError(createReply(db, draft('x', '/TK1'), who), 'duplicate-code', 'code', 'code-taken');
    await expectAppError(createReply(db, draft('x', '/t\u212a1'), who), 'duplicate-code', 'code', 'code-taken');
    const other = await createReply(db, draft('物流', '/wl'), who);
    await expectAppError(updateReply(db, other.id, draft('物流', '/tK1'), who), 'duplicate-code', 'code', 'code-taken');
    // Its own code, in another case, is not a clash.
    expect((await updateReply(db, tk.id, draft('退款流程', '/TK1'), who)).code).toBe('/TK1');
    // Nor is a code that only starts the same.
    expect((await createReply(db, draft('y', '/tk12'), who)).code).toBe('/tk12');
  });

  it('frees a deleted reply’s code, as before', async () => {
    db = (await import('./testing')).freshDb();
    const tk = await createReply(db, draft('退款流程', '/tk'), who);
    await deleteReply(db, tk.id, who);
    expect((await createReply(db, draft('新的退款', '/TK'), who)).code).toBe('/TK');
    await expectAppError(createReply(db, draft('第三条', '/tk'), who), 'duplicate-code');
  });

  it('scans every code when a code has too many spellings to list, with the same answer', async () => {
    db = (await import('./testing')).freshDb();
    await createReply(db, draft('长代码', '/AbcDefGhij'), who);
    await expectAppError(createReply(db, draft('x', '/abcdefghij'), who), 'duplicate-code', 'code', 'code-taken');
  });

  it('reads only the replies holding the code, not every reply with one', async () => {
    const counting = countingDb();
    db = counting.db;
    await library(db, 300);
    const before = counting.rowsRead();
    await expectAppError(createReply(db, draft('x', '/KJ150'), who), 'duplicate-code');
    await createReply(db, draft('y', '/new'), who);
    expect((await findReplyByCode(db, '/kJ42'))?.id).toBe('r42');
    expect(await findReplyByCode(db, '/kj4200')).toBeUndefined();
    // A cursor reads the rows it lands on between spellings too: a few per lookup, not 300.
    expect(counting.rowsRead() - before).toBeLessThan(20);
  });

  it('an undo reads only the holders of the codes it gives back', async () => {
    const counting = countingDb();
    db = counting.db;
    const rows = await library(db, 300);
    const change = await tagReplies(db, rows.slice(0, 20).map((r) => r.id), '加急', 'add', who);
    // Another reply took one of the codes meanwhile (it has to be written directly: the check refuses it).
    await db.replies.put({ ...rows[299]!, id: 'taker', code: '/KJ3' });
    const before = counting.rowsRead();
    const written = await undoReplyChange(db, change, who);
    expect(counting.rowsRead() - before).toBeLessThan(5);
    expect(written.filter((r) => r.code === '').map((r) => r.id)).toEqual(['r3']);
    expect(written.find((r) => r.id === 'r4')?.code).toBe('/kj4');
  });
});
