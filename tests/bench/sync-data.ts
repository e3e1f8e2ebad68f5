import { encodeHlc } from '../../lib/sync/hlc';
import type { MutationInput } from '../../lib/sync/protocol';
import { generateCustomers, generateNotes, mulberry32, type BenchCustomer } from './generate-customers';
import { generateReplies } from './generate-replies';

/**
 * What the sync benchmark pushes, as a device's outbox would send it: the
 * replies and customer records of the other benchmarks' generators (same
 * seeds, so the data compare), turned into put mutations of their synced
 * fields (lib/sync/protocol.ts ReplyFields, CustomerFields, NoteFields).
 */

/** Stamps of one device, each later than the one before, as its hybrid logical clock issues them. */
export function deviceClock(node: string): () => string {
  let wall = 0;
  let counter = 0;
  return () => {
    const now = Date.now();
    if (now > wall) {
      wall = now;
      counter = 0;
    } else counter++;
    return encodeHlc({ wall, counter, node });
  };
}

let serial = 0;
/** Mutation ids are generated on the device; unique per bench process and run. */
export const mutationId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(serial++).toString(36)}`;

/** Team-library replies (a supervisor's), 40–300 characters of body. */
export function replyMutations(n: number, node: string): MutationInput[] {
  const hlc = deviceClock(node);
  return generateReplies(n, 20_260_701).map((r) => ({
    id: mutationId('reply'),
    kind: 'reply',
    recordId: r.id,
    op: 'put',
    hlc: hlc(),
    scope: 'team',
    fields: { title: r.title, body: r.body, group: r.group, code: r.code, tags: r.tags, variants: [], pinned: r.pinned, sortKey: r.sortKey },
  }));
}

export function benchCustomers(n: number): BenchCustomer[] {
  return generateCustomers(n, 20_260_702, Date.now());
}

export function customerMutation(c: BenchCustomer, hlc: string): MutationInput {
  return {
    id: mutationId('customer'),
    kind: 'customer',
    recordId: c.id,
    op: 'put',
    hlc,
    fields: {
      platform: c.platform,
      shop: c.shop,
      buyerId: c.buyerId,
      nickname: c.nickname,
      displayName: c.displayName,
      renamed: c.renamed,
      tags: c.tags,
      preferences: c.preferences,
      orders: c.orders,
      ...(c.lastSeenAt !== undefined ? { lastSeenAt: c.lastSeenAt } : {}),
    },
  };
}

/** Notes as agents write them: 1–2 sentences, some naming an order; most customers have a few, regulars many. */
export function noteMutations(customers: BenchCustomer[], from: number, to: number, node: string): MutationInput[] {
  const hlc = deviceClock(node);
  return generateNotes(customers, from, to, 20_260_703, Date.now()).map((note) => ({
    id: mutationId('note'),
    kind: 'note',
    recordId: note.id,
    op: 'put',
    hlc: hlc(),
    customerId: note.customerId,
    fields: { customerId: note.customerId, text: note.text, pinned: note.pinned, ...(note.orderId ? { orderId: note.orderId } : {}) },
  }));
}

/** One note of the load run: a new note about one of the shared customers, sized like the generated ones. */
export function loadNoteFactory(customers: BenchCustomer[], seed: number): (node: string, hlc: string) => MutationInput {
  const rand = mulberry32(seed);
  const texts = generateNotes(customers, 0, 2000, seed, Date.now()).map((n) => n.text);
  let noteSerial = 0;
  return (node, hlc) => {
    const customer = customers[Math.floor(rand() * customers.length)]!;
    const text = texts[Math.floor(rand() * texts.length)]!;
    const recordId = `n-${node.slice(0, 16)}-${(noteSerial++).toString(36)}`;
    return { id: mutationId('load'), kind: 'note', recordId, op: 'put', hlc, customerId: customer.id, fields: { customerId: customer.id, text, pinned: false } };
  };
}
