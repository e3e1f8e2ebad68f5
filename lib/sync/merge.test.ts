import { describe, expect, it } from 'vitest';
import { encodeHlc } from './hlc';
import { applyMutation, materialize, mergeVersion } from './merge';
import { GROUP_ORDER_ID, OWN_GROUP_ORDER_ID } from '../db/records';
import { Mutation, type MutationInput, type RecordState } from './protocol';

const h = (wall: number, node = 'devA', counter = 0) => encodeHlc({ wall, counter, node });

function mutation(input: Partial<MutationInput> & Pick<MutationInput, 'hlc'>): Mutation {
  return Mutation.parse({ id: `m-${input.hlc.replace(/:/g, '-')}`, kind: 'reply', scope: 'team', recordId: 'r1', op: 'put', ...input });
}

/** Applies in order; a rejection fails the test. */
function replay(ms: readonly Mutation[], authors: Record<string, string> = {}): RecordState | undefined {
  let state: RecordState | undefined;
  for (const m of ms) {
    const out = applyMutation(state, m, authors[m.hlc] ?? 'agent');
    if (!out.ok) throw new Error(out.rejection.message);
    state = out.state;
  }
  return state;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** Every order of arrival that keeps an edit after the versions it was made over (the server always sees those first). */
function causalOrders(ms: readonly Mutation[]): Mutation[][] {
  return permutations(ms).filter((order) =>
    order.every((m, i) => Object.values(m.base ?? {}).flat().every((b) => order.slice(0, i).some((earlier) => earlier.hlc === b) || !ms.some((x) => x.hlc === b))),
  );
}

const created = mutation({ hlc: h(100), fields: { title: '退款说明', body: '原文', group: '售后', code: '', tags: [], variants: [], pinned: false, sortKey: 1 } });

describe('merge rules', () => {
  it('last writer wins per field, so concurrent edits of different fields both land', () => {
    const a = mutation({ hlc: h(200, 'devA'), fields: { group: '物流' }, base: { group: [h(100)] } });
    const b = mutation({ hlc: h(201, 'devB'), fields: { pinned: true }, base: { pinned: [h(100)] } });
    for (const order of permutations([a, b])) {
      const m = materialize(replay([created, ...order])!);
      expect(m.values).toMatchObject({ group: '物流', pinned: true, title: '退款说明' });
      expect(m.conflicts).toEqual({});
    }
  });

  it.each([
    // description, edits as [wall, node, body, base walls], expected winner, expected conflict copies
    ['two concurrent bodies: later stamp wins, other kept', [[200, 'devA', 'A 的版本', [100]], [300, 'devB', 'B 的版本', [100]]], 'B 的版本', ['A 的版本']],
    ['same wall time: device id breaks the tie', [[200, 'devB', 'from B', [100]], [200, 'devA', 'from A', [100]]], 'from B', ['from A']],
    ['sequential edits (B saw A): no conflict', [[200, 'devA', 'A1', [100]], [300, 'devB', 'B over A1', [200]]], 'B over A1', []],
    ['three-way concurrent', [[200, 'devA', 'A', [100]], [300, 'devB', 'B', [100]], [250, 'devC', 'C', [100]]], 'B', ['C', 'A']],
    ['A, then B over A, and C concurrent with both', [[200, 'devA', 'A', [100]], [300, 'devB', 'B over A', [200]], [250, 'devC', 'C', [100]]], 'B over A', ['C']],
    ['the same text written twice is no conflict', [[200, 'devA', 'same', [100]], [300, 'devB', 'same', [100]]], 'same', []],
    ['a resolution naming both heads clears the conflict', [[200, 'devA', 'A', [100]], [300, 'devB', 'B', [100]], [400, 'devA', 'merged', [200, 300]]], 'merged', []],
    ['an old offline edit loses to a newer one but is kept', [[500, 'devA', 'new', [100]], [150, 'devB', 'old offline', [100]]], 'new', ['old offline']],
  ] as const)('reply body: %s (every order of arrival)', (_name, edits, winner, copies) => {
    const ms = edits.map(([wall, node, body, base]) => mutation({ hlc: h(wall, node), fields: { body }, base: { body: base.map((w) => h(w)) } }));
    // Bases name stamps by wall time on devA; rebuild with each edit's own node.
    const byWall = new Map<number, string>(edits.map(([wall, node]) => [wall, h(wall, node)]));
    const fixed = ms.map((m, i) => ({ ...m, base: { body: edits[i]![3].map((w) => byWall.get(w) ?? h(w)) } }));
    const orders = causalOrders(fixed);
    expect(orders.length).toBeGreaterThan(0);
    const results = orders.map((order) => replay([created, ...order])!);
    for (const state of results) {
      const m = materialize(state);
      expect(m.values.body).toBe(winner);
      expect((m.conflicts.body ?? []).map((c) => c.value)).toEqual(copies);
      expect(state).toEqual(results[0]);
    }
  });

  it('a conflict copy keeps who wrote it', () => {
    const a = mutation({ hlc: h(200, 'devA'), fields: { title: '标题 A' }, base: { title: [h(100)] } });
    const b = mutation({ hlc: h(300, 'devB'), fields: { title: '标题 B' }, base: { title: [h(100)] } });
    const m = materialize(replay([created, a, b], { [a.hlc]: '小王', [b.hlc]: '小李' })!);
    expect(m.values.title).toBe('标题 B');
    expect(m.author).toBe('小李');
    expect(m.conflicts.title).toEqual([{ value: '标题 A', hlc: a.hlc, author: '小王' }]);
    expect(m.heads.title).toEqual([b.hlc, a.hlc]);
  });

  it('note text keeps every version as history, merged by union in any order', () => {
    const note = (wall: number, node: string, text: string) =>
      Mutation.parse({ id: `n-${wall}-${node}`, kind: 'note', recordId: 'n1', customerId: 'c1', op: 'put', hlc: h(wall, node), fields: { text } });
    const first = Mutation.parse({
      id: 'n-create',
      kind: 'note',
      recordId: 'n1',
      customerId: 'c1',
      op: 'put',
      hlc: h(100),
      fields: { customerId: 'c1', text: '买家要求周五前发货', pinned: false },
    });
    const edits = [note(200, 'devA', '买家要求周四前发货'), note(300, 'devB', '买家要求周五前发货，已答应'), note(250, 'devC', '改为顺丰')];
    const states = permutations(edits).map((order) => replay([first, ...order])!);
    for (const s of states) expect(s).toEqual(states[0]);
    const m = materialize(states[0]!);
    expect(m.values.text).toBe('买家要求周五前发货，已答应');
    expect(m.history.text?.map((v) => v.value)).toEqual(['买家要求周五前发货', '买家要求周四前发货', '改为顺丰']);
  });

  it('tombstones: delete and restore are last-writer-wins edits, in any order', () => {
    const del = mutation({ hlc: h(200, 'devA'), op: 'delete' });
    const restore = mutation({ hlc: h(300, 'devB'), op: 'restore' });
    const edit = mutation({ hlc: h(250, 'devC'), fields: { pinned: true } });
    const states = permutations([del, restore, edit]).map((order) => replay([created, ...order])!);
    for (const s of states) expect(s).toEqual(states[0]);
    expect(materialize(states[0]!).deletedAt).toBeUndefined();
    const deleted = materialize(replay([created, restore, mutation({ hlc: h(400, 'devA'), op: 'delete' })])!);
    expect(deleted.deletedAt).toBe(400);
  });

  it('a delete that arrives before the record still wins over an older create', () => {
    const del = mutation({ hlc: h(200), op: 'delete' });
    const both = [replay([del, created])!, replay([created, del])!];
    expect(both[0]).toEqual(both[1]);
    expect(materialize(both[0]!).deletedAt).toBe(200);
    expect(materialize(both[0]!).values.title).toBe('退款说明');
  });

  it('case events are append-only: written once, a second put with the same id changes nothing', () => {
    const ev = (wall: number, text: string) =>
      Mutation.parse({ id: `event-${wall}`, kind: 'case-event', recordId: 'e1', customerId: 'c1', op: 'put', hlc: h(wall), fields: { caseId: 'k1', kind: 'note', text } });
    const first = applyMutation(undefined, ev(100, '已联系仓库'), 'a');
    expect(first.ok && first.changed).toBe(true);
    if (!first.ok) return;
    const again = applyMutation(first.state, ev(200, '改写历史'), 'b');
    expect(again).toEqual({ ok: true, state: first.state, changed: false });
    expect(() => Mutation.parse({ id: 'event-del-1', kind: 'case-event', recordId: 'e1', customerId: 'c1', op: 'delete', hlc: h(300) })).toThrow(/append-only/);
  });

  it('an erased customer never comes back and refuses later edits', () => {
    const make = Mutation.parse({ id: 'c-make-1', kind: 'customer', recordId: 'c1', op: 'put', hlc: h(100), fields: { buyerId: 'tb_123', displayName: '张三' } });
    const erase = Mutation.parse({ id: 'c-erase-1', kind: 'customer', recordId: 'c1', op: 'erase', hlc: h(200) });
    const state = replay([make, erase])!;
    expect(state).toMatchObject({ erased: true, fields: {} });
    expect(JSON.stringify(state)).not.toContain('张三');
    const late = applyMutation(state, Mutation.parse({ ...make, id: 'c-late-1', hlc: h(300) }), 'x');
    expect(late).toMatchObject({ ok: false, rejection: { code: 'erased' } });
  });

  it('refuses a reply edit in the other library and a record of another kind', () => {
    const state = replay([created])!;
    expect(applyMutation(state, mutation({ hlc: h(200), scope: 'personal', fields: { pinned: true } }), 'a')).toMatchObject({
      ok: false,
      rejection: { code: 'scope-mismatch' },
    });
    const asCustomer = Mutation.parse({ id: 'x-1234567', kind: 'customer', recordId: 'r1', op: 'put', hlc: h(200), fields: { shop: 's' } });
    expect(applyMutation(state, asCustomer, 'a')).toMatchObject({ ok: false, rejection: { code: 'kind-mismatch' } });
  });

  it('is idempotent: the same version applied twice is a no-op', () => {
    const state = replay([created])!;
    expect(applyMutation(state, created, 'agent')).toEqual({ ok: true, state, changed: false });
    expect(mergeVersion('keep-conflicts', state.fields.body!, state.fields.body![0]!)).toBe(state.fields.body);
  });

  it.each([
    ['cleared after the value was set: the field is gone', [['set', 150, 'en'], ['unset', 200]], undefined],
    ['set again after the clearing: the later value stays', [['unset', 200], ['set', 300, 'en']], 'en'],
    ['an offline set older than the clearing loses', [['set', 120, 'en'], ['unset', 200], ['set', 150, 'zh']], undefined],
  ] as const)('clearing an optional field (unset) is a last-writer-wins edit: %s, in every order', (_name, edits, expected) => {
    const ms = edits.map(([op, wall, value]) =>
      op === 'set' ? mutation({ hlc: h(wall, 'devB'), fields: { lang: value } }) : mutation({ hlc: h(wall, 'devA'), unset: ['lang'] }),
    );
    const results = permutations(ms).map((order) => replay([created, ...order])!);
    for (const state of results) {
      const m = materialize(state);
      expect(m.values.lang).toBe(expected);
      expect('lang' in m.values).toBe(expected !== undefined);
      expect(m.values.title).toBe('退款说明');
      expect(state).toEqual(results[0]);
    }
  });

  it('a reply’s texts (the fields that keep conflict copies) are never cleared, only replaced', () => {
    for (const field of ['title', 'body', 'variants']) {
      const r = Mutation.safeParse({ id: `m-${field}-x`, kind: 'reply', scope: 'team', recordId: 'r1', op: 'put', hlc: h(200), unset: [field] });
      expect(JSON.stringify(r.error?.issues)).toContain('field-not-unsettable');
    }
  });

  it('record timestamps come from the stamps, not from when the server saw them', () => {
    const later = mutation({ hlc: h(900, 'devB'), fields: { pinned: true } });
    const a = replay([created, later])!;
    const b = replay([later, created])!;
    expect([a.createdAt, a.updatedAt]).toEqual([100, 900]);
    expect(b).toEqual(a);
  });
});

describe('mutation validation', () => {
  it.each([
    [{ kind: 'reply', fields: { body: 'x' } }, 'scope-required'],
    [{ kind: 'note', fields: { text: 'x' } }, 'customer-id-required'],
    [{ kind: 'reply', scope: 'team', fields: {} }, 'fields-required'],
    [{ kind: 'reply', scope: 'team', fields: { body: 'x', usageCount: 3 } }, 'Unrecognized key'],
    [{ kind: 'reply', scope: 'team', fields: { body: '' } }, 'body-required'],
    [{ kind: 'reply', scope: 'team', op: 'erase' }, 'erase-only-customers'],
    [{ kind: 'note', customerId: 'c1', fields: { customerId: 'c2', text: 'x' } }, 'customer-id-mismatch'],
    [{ kind: 'reply', scope: 'team', fields: { body: 'x' }, base: { title: [] } }, 'base-without-field'],
    [{ kind: 'reply', scope: 'team', hlc: '2026-01-01', fields: { body: 'x' } }, 'hlc-invalid'],
    [{ kind: 'reply', scope: 'team', unset: ['body'] }, 'field-not-unsettable'],
    [{ kind: 'follow-up', customerId: 'c1', unset: ['usageCount'] }, 'field-not-unsettable'],
    [{ kind: 'follow-up', customerId: 'c1', fields: { doneAt: 5 }, unset: ['doneAt'] }, 'field-set-and-unset'],
    [{ kind: 'follow-up', customerId: 'c1', op: 'delete', unset: ['doneAt'] }, 'fields-only-with-put'],
    [{ kind: 'case-event', customerId: 'c1', unset: ['note'] }, 'field-not-unsettable'],
    [{ kind: 'group-order', fields: { names: ['售前'] } }, 'group-order-id-invalid'],
    [{ kind: 'group-order', recordId: OWN_GROUP_ORDER_ID, op: 'delete' }, 'group-order-id-invalid'],
  ])('refuses %j (%s)', (input, message) => {
    const r = Mutation.safeParse({ id: 'mut-0001', recordId: 'r1', op: 'put', hlc: h(1), ...input });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });

  it('takes a put that only clears optional fields', () => {
    const m = Mutation.parse({ id: 'mut-0003', kind: 'follow-up', customerId: 'c1', recordId: 'f1', op: 'put', hlc: h(1), unset: ['doneAt', 'doneBy'] });
    expect(m.unset).toEqual(['doneAt', 'doneBy']);
    expect(m.fields).toEqual({});
  });

  it('takes the team group order under its fixed id', () => {
    const m = Mutation.parse({ id: 'mut-0004', kind: 'group-order', recordId: GROUP_ORDER_ID, op: 'put', hlc: h(1), fields: { names: ['售前', '售后'] } });
    expect(m.fields).toEqual({ names: ['售前', '售后'] });
  });

  it('trims fields through the record schema', () => {
    const m = Mutation.parse({ id: 'mut-0002', kind: 'reply', scope: 'personal', recordId: 'r1', op: 'put', hlc: h(1), fields: { title: '  问候  ' } });
    expect(m.fields).toEqual({ title: '问候' });
  });
});
