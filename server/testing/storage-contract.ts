import { afterAll, beforeAll, expect, it } from 'vitest';
import { materialize, snapshotRecord } from '../../lib/sync/merge';
import { keyedId, newId } from '../../lib/db/ids';
import { encodeHlc } from '../../lib/sync/hlc';
import { CustomerExportResponse, PullResponse, RecordState, SnapshotResponse, type MutationInput, type SnapshotRecord } from '../../lib/sync/protocol';
import type { Instance } from '../instance';
import { migrate } from '../migrate';
import { backfillSnapshots, HELD_RECORDS_SQL, markRejectedSql } from '../sync-store';
import type { Storage } from '../storage';
import { call, fails, newAgent, newTeam, NEW_REPLY, ok, pullAll, pushOk, readEvents, reply, rowsScanned, stamp, testInstance } from './harness';

/**
 * What every storage must do, run against PGlite (pglite-storage.test.ts) and
 * a real PostgreSQL (postgres-storage.test.ts) through the HTTP API, so the
 * SQL that differs least between them is what is tested: transactions, row
 * locks, jsonb, bigint cursors, conditional updates and LISTEN/NOTIFY.
 */
export function storageContract(open: () => Promise<Storage>): void {
  let instance: Instance;
  beforeAll(async () => {
    instance = await testInstance(await open());
  });
  afterAll(async () => {
    await instance?.close();
  });

  it('migrations run once: a second run applies nothing', async () => {
    expect(await migrate(instance.storage)).toEqual([]);
    const rows = await instance.storage.query<{ name: string }>('select name from schema_migrations order by name');
    expect(rows.map((r) => r.name)).toContain('001_accounts_and_records.sql');
  });

  it('a last statement sent with the COMMIT stores its values exactly (quotes, backslashes, negatives) and commits; a failing one rolls back', async () => {
    const text = `it's \\ a 'test' \\' -- not a comment; 客服 "quoted" $1`;
    const [row] = await instance.storage.transaction(async (tx) => {
      await tx.query('create temporary table literal_check (t text, n bigint) on commit drop');
      return tx.queryAndCommit<{ t: string; n: unknown; m: unknown }>('insert into literal_check values ($1, 5 -$2) returning t, n, $3::bigint as m', [text, -3, null]);
    });
    expect(row?.t).toBe(text);
    expect(Number(row?.n)).toBe(8);
    expect(row?.m).toBeNull();
    const boss = await newTeam(instance);
    await expect(
      instance.storage.transaction(async (tx) => {
        await tx.query('update teams set name = $2 where id = $1', [boss.team.id, 'renamed']);
        return tx.queryAndCommit('select 1 / $1::integer', [0]);
      }),
    ).rejects.toThrow(/division by zero/);
    const [team] = await instance.storage.query<{ name: string }>('select name from teams where id = $1', [boss.team.id]);
    expect(team?.name).not.toBe('renamed');
  });

  it('statements sent together (queries) run in the transaction, in order, each answering its rows; a later failure rolls them back', async () => {
    const boss = await newTeam(instance);
    const names = [`it's`, 'back\\slash', '客服'];
    const [updated, read] = await instance.storage.transaction((tx) =>
      tx.queries([
        { sql: 'update teams set name = $2 where id = $1 returning name', params: [boss.team.id, 'first'] },
        { sql: 'select name, array_length($2::text[], 1) as n, $2::text[] as names from teams where id = $1', params: [boss.team.id, names] },
      ]),
    );
    expect(updated).toEqual([{ name: 'first' }]);
    expect(read).toEqual([{ name: 'first', n: 3, names }]);
    await expect(
      instance.storage.transaction(async (tx) => {
        await tx.queries([{ sql: 'update teams set name = $2 where id = $1', params: [boss.team.id, 'second'] }]);
        await tx.query('select 1 / 0');
      }),
    ).rejects.toThrow(/division by zero/);
    const [team] = await instance.storage.query<{ name: string }>('select name from teams where id = $1', [boss.team.id]);
    expect(team?.name).toBe('first');
  });

  it('push then pull returns the merged record, and a retried push applies nothing twice', async () => {
    const boss = await newTeam(instance);
    const create = reply(boss, 'r-1', NEW_REPLY);
    const first = await pushOk(instance, boss, [create]);
    expect(first.results).toEqual([{ id: create.id, status: 'applied' }]);
    const again = await pushOk(instance, boss, [create]);
    expect(again.results).toEqual([{ id: create.id, status: 'duplicate' }]);
    expect(again.cursor).toBe(first.cursor);
    const pulled = await pullAll(instance, boss);
    expect(pulled.changes).toHaveLength(1);
    const record = materialize(pulled.changes[0]!);
    expect(record.values).toMatchObject({ title: '发货时间', code: '/fh' });
    expect(record.author).toBe('王主管');
    expect(pulled.cursor).toBe(first.cursor);
  });

  it('a supervisor’s group order reaches an agent; the agent’s push of it is refused and changes nothing', async () => {
    const boss = await newTeam(instance);
    const li = await newAgent(instance, boss, '小李');
    // The id every device gives the team's order (GROUP_ORDER_ID in lib/db/group-order.ts).
    const GROUP_ORDER_ID = keyedId(['group-order', 'team']);
    const order = (s: typeof boss, names: unknown): MutationInput => ({ id: `go-${newId()}`, kind: 'group-order', recordId: GROUP_ORDER_ID, op: 'put', hlc: stamp(s.device.id), fields: { names } });
    expect((await pushOk(instance, boss, [order(boss, ['售前', '售中', '售后'])])).results[0]?.status).toBe('applied');
    const refused = await pushOk(instance, li, [order(li, ['投诉', '售前'])]);
    expect(refused.results.map((r) => [r.status, r.error?.code])).toEqual([['rejected', 'forbidden']]);
    expect(refused.results[0]?.error?.message).toContain('group order');
    // A list that is not one (未分组 listed, a name twice) is refused as a bad request, before any role check.
    await fails(await call(instance, 'POST', '/v1/sync/push', { token: boss.token, body: { mutations: [order(boss, ['售前', ''])] } }), 400, 'validation');
    await fails(await call(instance, 'POST', '/v1/sync/push', { token: boss.token, body: { mutations: [order(boss, ['售前', '售前'])] } }), 400, 'validation');
    const pulled = (await pullAll(instance, li)).changes.filter((c) => c.kind === 'group-order');
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toMatchObject({ id: GROUP_ORDER_ID, scope: 'team' });
    expect(materialize(pulled[0]!).values).toEqual({ names: ['售前', '售中', '售后'] });
  });

  it('pages through many changes in order without skipping or repeating', async () => {
    const boss = await newTeam(instance);
    const mutations = Array.from({ length: 120 }, (_, i) => reply(boss, `page-${i}`, { ...NEW_REPLY, title: `话术 ${i}`, sortKey: i }));
    await pushOk(instance, boss, mutations.slice(0, 70));
    await pushOk(instance, boss, mutations.slice(70));
    const pulled = await pullAll(instance, boss, 0, 25);
    expect(pulled.changes.map((c) => c.id)).toEqual(mutations.map((m) => m.recordId));
    const seqs = pulled.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(120);
    const nothingNew = await pullAll(instance, boss, pulled.cursor);
    expect(nothingNew.changes).toEqual([]);
    // Every page names where the catch-up ends: the team's counter, the last page's cursor.
    const first = PullResponse.parse(await ok(await call(instance, 'GET', '/v1/sync/pull?cursor=0&limit=25', { token: boss.token })));
    expect(first).toMatchObject({ more: true, top: pulled.cursor });
    expect(first.cursor).toBeLessThan(pulled.cursor);
  });

  it('a snapshot pages through the records as they stood at its top, grouped by customer, each once; the pull from top brings what changed since', async () => {
    const boss = await newTeam(instance);
    const agent = await newAgent(instance, boss, '小王');
    const customers = ['cu-b', 'cu-a', 'cu-c'].map((c) => `${c}-${boss.team.id}`);
    const note = (customer: string, i: number, text: string): MutationInput => ({
      id: `m-${customer}-${i}-${newId()}`,
      kind: 'note',
      recordId: `n-${customer}-${i}`,
      op: 'put',
      hlc: stamp(boss.device.id),
      customerId: customer,
      fields: { customerId: customer, text, pinned: false },
    });
    const setup: MutationInput[] = [
      ...customers.map((c) => ({ id: `m-${c}-${newId()}`, kind: 'customer' as const, recordId: c, op: 'put' as const, hlc: stamp(boss.device.id), fields: { displayName: c } })),
      // Interleaved across customers, as a team writes them.
      ...[0, 1, 2, 3].flatMap((i) => customers.map((c) => note(c, i, `第${i + 1}条`))),
      reply(boss, `r-team-${boss.team.id}`, NEW_REPLY),
    ];
    await pushOk(instance, boss, setup);
    // Someone else's personal reply stays out of the boss's snapshot.
    await pushOk(instance, agent, [reply(agent, `r-own-${boss.team.id}`, { ...NEW_REPLY, code: '/own' }, { scope: 'personal' })]);
    await pushOk(instance, boss, [note(customers[0]!, 0, '第1条，改过')]);

    const get = (query: string) => call(instance, 'GET', `/v1/sync/snapshot?${query}`, { token: boss.token });
    const pages: SnapshotResponse[] = [SnapshotResponse.parse(await ok(await get('limit=4')))];
    const top = pages[0]!.top;
    expect(pages[0]!.total).toBe(3 + 12 + 1);
    // Written after the snapshot began: not in it.
    await pushOk(instance, boss, [note(customers[1]!, 9, '快照之后'), note(customers[2]!, 0, '第1条，快照之后改')]);
    while (pages.at(-1)!.next) pages.push(SnapshotResponse.parse(await ok(await get(`limit=4&top=${top}&after=${encodeURIComponent(pages.at(-1)!.next!)}`))));
    expect(pages.slice(1).every((p) => p.top === top && p.total === undefined)).toBe(true);
    const records: SnapshotRecord[] = pages.flatMap((p) => p.records);
    expect(records.map((r) => r.id)).not.toContain(`n-${customers[1]}-9`);
    expect(records.map((r) => r.id)).not.toContain(`n-${customers[2]}-0`);
    expect(records.map((r) => r.id)).not.toContain(`r-own-${boss.team.id}`);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    // Records of no customer first, then each customer's together.
    const groups = records.map((r) => r.customerId ?? '');
    expect(groups).toEqual([...groups].sort());
    expect(records.filter((r) => r.customerId === customers[1]).map((r) => r.id)).toEqual([0, 1, 2, 3].map((i) => `n-${customers[1]}-${i}`));

    // Each record is what a pull up to top materializes, in the compact form.
    const pulledToTop = (await pullAll(instance, boss)).changes.filter((c) => c.seq <= top);
    const byId = new Map(pulledToTop.map((c) => [c.id, c]));
    expect(records).toHaveLength(pulledToTop.length);
    for (const r of records) expect(r).toEqual(snapshotRecord(byId.get(r.id)!));
    const edited = records.find((r) => r.id === `n-${customers[0]}-0`)!;
    expect(edited).toMatchObject({ values: { text: '第1条，改过' }, history: { text: [{ value: '第1条' }] } });
    expect(Object.keys(edited.heads ?? {})).toEqual(['text']);
    const teamReply = records.find((r) => r.kind === 'reply')!;
    expect(Object.keys(teamReply.heads ?? {}).sort()).toEqual(Object.keys(materialize(byId.get(teamReply.id)!).heads).sort());
    expect(records.find((r) => r.kind === 'customer')!.heads).toBeUndefined();

    // The pull from top brings exactly what changed after it.
    const since = await pullAll(instance, boss, top);
    expect(since.changes.map((c) => c.id).sort()).toEqual([`n-${customers[1]}-9`, `n-${customers[2]}-0`].sort());
  });

  it('push stores each record’s snapshot form; records from before it, or changed by an older server, are worked out on read and filled in', async () => {
    const boss = await newTeam(instance);
    const customer = `cu-stored-${boss.team.id}`;
    await pushOk(instance, boss, [
      { id: `m-${customer}`, kind: 'customer', recordId: customer, op: 'put', hlc: stamp(boss.device.id), fields: { displayName: '孙小美' } },
      ...[0, 1, 2].map((i): MutationInput => ({
        id: `m-${customer}-${i}`,
        kind: 'note',
        recordId: `n-${customer}-${i}`,
        op: 'put',
        hlc: stamp(boss.device.id),
        customerId: customer,
        fields: { customerId: customer, text: `第${i + 1}条`, pinned: false },
      })),
      reply(boss, `r-stored-${boss.team.id}`, NEW_REPLY),
    ]);
    const page = async () => SnapshotResponse.parse(await ok(await call(instance, 'GET', '/v1/sync/snapshot?limit=100', { token: boss.token }))).records;
    const stored = () =>
      instance.storage.query<{ id: string; snapshot: string | null; state: unknown }>('select id, snapshot, state from records where team_id = $1 order by id', [boss.team.id]);
    for (const row of await stored()) {
      const state = RecordState.parse(typeof row.state === 'string' ? JSON.parse(row.state) : row.state);
      expect(JSON.parse(row.snapshot!)).toEqual(snapshotRecord(state));
    }
    const expected = await page();
    expect(expected).toHaveLength(5);

    // Records written before the column, and a note whose text an older server instance changed (it knows no snapshot column).
    await instance.storage.query(`update records set snapshot = null where team_id = $1 and kind <> 'note'`, [boss.team.id]);
    const older = await instance.storage.query<{ state: unknown }>(`select state from records where team_id = $1 and id = $2`, [boss.team.id, `n-${customer}-1`]);
    const edited = RecordState.parse(typeof older[0]!.state === 'string' ? JSON.parse(older[0]!.state) : older[0]!.state);
    const text = edited.fields.text!;
    edited.fields.text = [{ ...text[0]!, hlc: stamp(boss.device.id), value: '第2条（旧版服务器改）' }, ...text];
    await instance.storage.query(`update records set state = $3::jsonb where team_id = $1 and id = $2`, [boss.team.id, `n-${customer}-1`, JSON.stringify(edited)]);
    expect((await stored()).filter((r) => r.snapshot === null)).toHaveLength(3);
    const changed = expected.map((r) => (r.id === `n-${customer}-1` ? snapshotRecord(edited) : r));
    expect(changed.find((r) => r.id === `n-${customer}-1`)?.values.text).toBe('第2条（旧版服务器改）');
    expect(await page()).toEqual(changed);

    // Filled in (this test's rows and whatever else lacks it), a batch at a time; then nothing is left to do.
    expect(await backfillSnapshots(instance.storage, { batch: 2 })).toBeGreaterThanOrEqual(3);
    expect((await stored()).filter((r) => r.snapshot === null)).toEqual([]);
    expect(await page()).toEqual(changed);
    expect(await backfillSnapshots(instance.storage)).toBe(0);
  });

  it('a snapshot query says what to fix, and a top past the team’s counter is stale', async () => {
    const boss = await newTeam(instance);
    await pushOk(instance, boss, [reply(boss, `r-${boss.team.id}`, NEW_REPLY)]);
    const get = (query: string) => call(instance, 'GET', `/v1/sync/snapshot?${query}`, { token: boss.token });
    expect((await fails(await get('top=1'), 400, 'validation')).message).toMatch(/both top and after/);
    expect((await fails(await get('top=1&after=nodots'), 400, 'validation')).message).toMatch(/after/);
    expect((await fails(await get('limit=0'), 400, 'validation')).message).toMatch(/limit/);
    await fails(await get(`top=999999&after=.reply.x`), 409, 'snapshot-stale');
    await fails(await call(instance, 'GET', '/v1/sync/snapshot'), 401, 'unauthorized');
    const first = SnapshotResponse.parse(await ok(await get('limit=10')));
    expect(first).toMatchObject({ total: 1 });
    expect(first.next).toBeUndefined();
  });

  it('a push looks up each record it names by key, also for a team newer than the table statistics', async () => {
    const storage = instance.storage;
    // Rows written straight into the tables (with a stored snapshot form, so the backfill leaves them alone).
    const fill = async (teamId: string, prefix: string, count: number, customers: number) => {
      await storage.query(
        `insert into records (team_id, kind, id, customer_id, seq, state, snapshot)
         select $1, case when g % 10 = 0 then 'customer' else 'note' end, $2 || g, $2 || 'c' || (g % $4::integer), g, '{}'::jsonb, '{}'
         from generate_series(1, $3::integer) g`,
        [teamId, prefix, count, customers],
      );
      await storage.query(
        `insert into applied_mutations (team_id, id, device_id, status, applied_at) select $1, $2 || 'm' || g, 'bulk', 'applied', 0 from generate_series(1, $3::integer) g`,
        [teamId, prefix, count],
      );
    };
    // The statistics see one big team; a second team then grows past them (until autovacuum analyzes again).
    const big = await newTeam(instance);
    await fill(big.team.id, 'big', 20_000, 2_000);
    await storage.exec('analyze records; analyze applied_mutations');
    const fresh = await newTeam(instance);
    await fill(fresh.team.id, 'new', 3_000, 300);

    const scanned = (sql: string, params: unknown[]) => rowsScanned(storage, sql, params);
    // A note and its customer: two lookups of one row each, not a walk through the team's 3,000 records.
    expect(await scanned(HELD_RECORDS_SQL, [fresh.team.id, ['note', 'customer'], ['new7', 'new10'], []])).toEqual({ most: 1, answered: 2 }) //X;
    // Erasing customer newc7 reads its ten records, and only those.
    expect(await scanned(HELD_RECORDS_SQL, [fresh.team.id, [], [], ['newc7']])).toEqual({ most: 10, answered: 10 });
    // Marking a refusal finds the one mutation.
    expect(await scanned(markRejectedSql('$1', '$2', '$3'), [fresh.team.id, ['newm7'], ['{}']])).toMatchObject({ most: 1 });

    // And through the API, the new team's push lands, and a refusal is stored as one.
    const customerId = keyedId(['customer', 'contract-new-team']);
    const note: MutationInput = { id: `m-${newId()}`, kind: 'note', recordId: newId(), op: 'put', hlc: stamp(fresh.device.id), customerId, fields: { customerId, text: '已补发', pinned: false } };
    const drift = reply(fresh, 'drift-1', NEW_REPLY, { hlc: encodeHlc({ wall: Date.now() + 86_400_000, counter: 0, node: fresh.device.id }) });
    const pushed = await pushOk(instance, fresh, [note, drift]);
    expect(pushed.results.map((r) => [r.status, r.error?.code])).toEqual([['applied', undefined], ['rejected', 'clock-drift']]);
    const stored = await storage.query<{ status: string; code: string }>(`select status, error->>'code' as code from applied_mutations where team_id = $1 and id = $2`, [fresh.team.id, drift.id]);
    expect(stored).toEqual([{ status: 'rejected', code: 'clock-drift' }]);
  });

  it('concurrent pushes of one team all land, each change once', async () => {
    const boss = await newTeam(instance);
    const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 10 }, (_, i) => reply(boss, `c-${b}-${i}`, { ...NEW_REPLY, sortKey: i })));
    await Promise.all(batches.map((batch) => pushOk(instance, boss, batch)));
    const pulled = await pullAll(instance, boss, 0, 7);
    expect(pulled.changes.map((c) => c.id).sort()).toEqual(batches.flat().map((m) => m.recordId).sort());
  });

  it('a push and its retry sent at the same moment apply each change once; the other answers duplicate', async () => {
    const boss = await newTeam(instance);
    const customer = `cu-${boss.team.id}`;
    const batch = [
      { id: `m-${customer}`, kind: 'customer' as const, recordId: customer, op: 'put' as const, hlc: stamp(boss.device.id), fields: { displayName: '王小明' } },
      ...Array.from({ length: 20 }, (_, i) => ({
        id: `m-${customer}-${i}`,
        kind: 'note' as const,
        recordId: `n-${customer}-${i}`,
        op: 'put' as const,
        hlc: stamp(boss.device.id),
        customerId: customer,
        fields: { customerId: customer, text: `第${i + 1}条`, pinned: false },
      })),
    ];
    const [first, second] = await Promise.all([pushOk(instance, boss, batch), pushOk(instance, boss, batch)]);
    const statuses = [...first.results, ...second.results].map((r) => r.status);
    expect(statuses.filter((s) => s === 'applied')).toHaveLength(21);
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(21);
    const pulled = await pullAll(instance, boss);
    expect(pulled.changes).toHaveLength(21);
    expect(pulled.cursor).toBe(Math.max(first.cursor, second.cursor));
  });

  it('an invite is used once, even by two people at the same moment', async () => {
    const boss = await newTeam(instance);
    const invite = await ok<{ code: string }>(await call(instance, 'POST', '/v1/invites', { token: boss.token, body: { role: 'agent' } }), 201);
    const join = (login: string) =>
      call(instance, 'POST', '/v1/invites/accept', { body: { code: invite.code, login, name: login, password: 'long enough password', deviceName: 'pc' } });
    const [a, b] = await Promise.all([join(`race-a-${boss.team.id.toLowerCase()}`), join(`race-b-${boss.team.id.toLowerCase()}`)]);
    expect([a.status, b.status].sort()).toEqual([201, 404]);
  });

  it('erasing a customer leaves only tombstones that name nobody, and refuses later notes', async () => {
    const boss = await newTeam(instance);
    const agent = await newAgent(instance, boss);
    const node = agent.device.id;
    await pushOk(instance, agent, [
      { id: `cust-${node}`, kind: 'customer', recordId: 'cust1', op: 'put', hlc: stamp(node), fields: { platform: 'doudian', shop: '旗舰店', buyerId: 'buyer-9', displayName: '张三', renamed: false, tags: [], preferences: {}, orders: [] } },
      { id: `note-${node}`, kind: 'note', recordId: 'note1', customerId: 'cust1', op: 'put', hlc: stamp(node), fields: { customerId: 'cust1', text: '张三要求顺丰发货', pinned: false } },
    ]);
    const exported = CustomerExportResponse.parse(await ok(await call(instance, 'GET', '/v1/customers/cust1/export', { token: boss.token })));
    expect(exported.records.map((r) => r.id)).toEqual(['note1']);
    expect(JSON.stringify(exported)).toContain('张三要求顺丰发货');

    expect((await call(instance, 'DELETE', '/v1/customers/cust1', { token: agent.token })).status).toBe(204);
    const rows = await instance.storage.query<{ kind: string; state: unknown; customer_id: string | null }>(
      `select kind, state, customer_id from records where team_id = $1`,
      [boss.team.id],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(JSON.stringify(row.state)).not.toMatch(/张三|buyer-9|顺丰|doudian/);
      // Only the customer's own tombstone keeps its (random) id, so that devices erase it too.
      if (row.kind !== 'customer') expect(JSON.stringify(row.state)).not.toContain('cust1');
      expect(row.customer_id).toBeNull();
    }
    const pulled = await pullAll(instance, boss);
    expect(pulled.changes.map((c) => [c.id, c.erased])).toEqual(
      expect.arrayContaining([
        ['cust1', true],
        ['note1', true],
      ]),
    );
    const late = await pushOk(instance, agent, [
      { id: `late-${node}`, kind: 'note', recordId: 'note2', customerId: 'cust1', op: 'put', hlc: stamp(node), fields: { customerId: 'cust1', text: '又来了', pinned: false } },
    ]);
    expect(late.results[0]).toMatchObject({ status: 'rejected', error: { code: 'erased' } });
  });

  it('one push that writes a customer, their note and then erases them: the erase covers the note it came with', async () => {
    const boss = await newTeam(instance);
    const node = boss.device.id;
    const customer = { platform: 'doudian', shop: '旗舰店', buyerId: 'buyer-7', displayName: '李四', renamed: false, tags: [], preferences: {}, orders: [] };
    const note = (n: number, text: string) => ({ id: `n${n}-${node}`, kind: 'note' as const, recordId: `in-push-${n}`, customerId: 'cust7', op: 'put' as const, hlc: stamp(node), fields: { customerId: 'cust7', text, pinned: false } });
    const res = await pushOk(instance, boss, [
      { id: `c-${node}`, kind: 'customer', recordId: 'cust7', op: 'put', hlc: stamp(node), fields: customer },
      note(1, '李四要求开发票'),
      { ...note(1, '李四要求开发票，抬头已确认'), id: `n1b-${node}` },
      { id: `e-${node}`, kind: 'customer', recordId: 'cust7', op: 'erase', hlc: stamp(node) },
      note(2, '又来了'),
    ]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'rejected']);
    expect(res.results[4]?.error?.code).toBe('erased');
    const pulled = await pullAll(instance, boss);
    expect(pulled.changes.map((c) => [c.kind, c.id, c.erased]).sort()).toEqual([
      ['customer', 'cust7', true],
      ['note', 'in-push-1', true],
    ]);
    expect(JSON.stringify(pulled)).not.toMatch(/李四|buyer-7|发票/);
    expect(pulled.cursor).toBe(res.cursor);
  });

  it('sign-in failures are counted in the database: the eleventh wrong password is refused before checking', async () => {
    const boss = await newTeam(instance);
    const signIn = (password: string) => call(instance, 'POST', '/v1/sessions', { body: { login: boss.user.login, password, deviceName: 'x' }, peer: '127.0.0.2' });
    for (let i = 0; i < 10; i++) await fails(await signIn('wrong password'), 401, 'bad-credentials');
    const refused = await signIn('correct horse battery');
    await fails(refused, 429, 'rate-limited');
    expect(refused.headers.get('retry-after')).toBe('900');
    const [row] = await instance.storage.query<{ n: number }>('select count(*)::int as n from auth_failures where key = $1', [`login:${boss.user.login}`]);
    expect(row?.n).toBe(10);
  });

  it('a change arrives on an open stream of the same team (LISTEN/NOTIFY)', async () => {
    const boss = await newTeam(instance);
    const stream = await call(instance, 'GET', '/v1/sync/stream', { token: boss.token });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(stream, (e) => e.event === 'change');
    const pushed = await pushOk(instance, boss, [reply(boss, 'live-1', NEW_REPLY)]);
    const seen = await events;
    expect(seen[0]).toEqual({ event: 'ready', data: JSON.stringify({ cursor: 0 }) });
    expect(seen.at(-1)).toEqual({ event: 'change', data: JSON.stringify({ cursor: pushed.cursor }) });
  });
}
