import * as z from 'zod';
import { keyedId } from './ids';

/**
 * Fields every stored record carries so that team sync can merge it later:
 * string ids, timestamps in epoch milliseconds, a tombstone instead of a hard
 * delete, and the author (agent name from settings, '' before one is set).
 */
export const SyncFields = z.object({
  id: z.string().min(1),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  /** Set when deleted; the row stays so a delete can sync and be undone. */
  deletedAt: z.number().int().nonnegative().optional(),
  author: z.string(),
});
export type SyncFields = z.infer<typeof SyncFields>;

/** Reply groups the starter library uses; users may add their own names. */
export const STARTER_GROUPS = ['售前', '售后', '催付', '物流', '投诉', '节日'] as const;

/** A shortcut code: what the agent types in the chat box, e.g. `/tk`. */
export const ShortcutCode = z
  .string()
  .trim()
  .max(32, { message: 'code-too-long' })
  .regex(/^[^\s]*$/, { message: 'code-has-space' });

/** One scripted reply (话术). */
export const Reply = SyncFields.extend({
  title: z.string().trim().min(1, { message: 'title-required' }).max(200, { message: 'title-too-long' }),
  body: z.string().min(1, { message: 'body-required' }).max(5000, { message: 'body-too-long' }),
  /** Group name (售前/售后/催付/…); '' means ungrouped. */
  group: z.string().trim().max(50),
  /** Shortcut code, '' when none. Unique among live replies (checked by the repository). */
  code: ShortcutCode,
  tags: z.array(z.string().trim().min(1).max(30)).max(20),
  /**
   * Extra wordings of the same reply. Consoles flag identical repeated messages,
   * so insertion rotates through [body, ...variants].
   */
  variants: z.array(z.string().min(1).max(5000)).max(10),
  pinned: z.boolean(),
  usageCount: z.number().int().nonnegative(),
  lastUsedAt: z.number().int().nonnegative().optional(),
  /** Index of the wording used last (0 = body), so the next insert takes the next one. */
  variantCursor: z.number().int().nonnegative(),
  /** Manual order within a group; fractional so a move writes one row. */
  sortKey: z.number(),
  /** Language of a starter reply, so a switch of UI language can offer the other set. */
  lang: z.enum(['zh', 'en']).optional(),
  /** Set on replies that came from the starter library. */
  starterId: z.string().optional(),
});
export type Reply = z.infer<typeof Reply>;

/** A group name as an order lists it: a reply's group, never '' (未分组 has no place to set: it is always last). */
export const OrderedGroupName = Reply.shape.group.pipe(z.string().min(1, { message: 'group-required' }));

/**
 * The order of the reply library's groups (lib/db/group-order.ts): one row per
 * scope, with a fixed id, so two devices never make two team orders. Groups
 * not listed follow the listed ones by name; 未分组 is last.
 */
export const GroupOrder = SyncFields.extend({
  names: z
    .array(OrderedGroupName)
    .max(500, { message: 'too-many-groups' })
    .refine((names) => new Set(names).size === names.length, { message: 'group-listed-twice' }),
});
export type GroupOrder = z.infer<typeof GroupOrder>;

/**
 * The fixed id of the team's (or, with sync off, the device's) order: every
 * device makes the same one, so two supervisors' devices, or a device that
 * ordered its groups before signing in, write one record and never two.
 */
export const GROUP_ORDER_ID = keyedId(['group-order', 'team']);

/**
 * The fixed id of an agent's own order, kept beside the team's on the
 * agent's device: never queued (lib/db/outbox.ts), so it never leaves it;
 * the server refuses a group order under any id but GROUP_ORDER_ID.
 */
export const OWN_GROUP_ORDER_ID = keyedId(['group-order', 'own']);

/** What the editor form submits; the repository fills the rest. */
export const ReplyDraft = Reply.pick({ title: true, body: true, group: true, code: true, tags: true, variants: true, pinned: true });
export type ReplyDraft = z.infer<typeof ReplyDraft>;

/*
 * Customer records (客户档案, issue 3). Three tables: customers, notes and
 * follow-ups. A customer is identified on a console by (platform, shop,
 * buyerId); everything else hangs off the customer's random id, so erasing a
 * customer leaves nothing that points back at the person.
 */

/** `#rrggbb`, the colour of a custom tag as the tag picker stores it. */
export const TagColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'tag-color-invalid' });

/**
 * The four tags every team starts with. The stored value is the Chinese name
 * (like STARTER_GROUPS), so records written in either UI language agree; the
 * English label is for display and is searchable too.
 */
export const BUILT_IN_CUSTOMER_TAGS = [
  { name: 'VIP', en: 'VIP', color: '#b7791f' },
  { name: '回头客', en: 'Repeat buyer', color: '#2f855a' },
  { name: '差评风险', en: 'Review risk', color: '#c05621' },
  { name: '已投诉', en: 'Complained', color: '#c53030' },
] as const;

/** A tag on a customer: a built-in name (no colour stored) or a custom tag with its colour. */
export const CustomerTag = z.object({
  name: z.string().trim().min(1, { message: 'tag-required' }).max(30, { message: 'tag-too-long' }),
  /** Custom tags only; built-ins take theirs from BUILT_IN_CUSTOMER_TAGS. */
  color: TagColor.optional(),
});
export type CustomerTag = z.infer<typeof CustomerTag>;

/** Preferences are free key/value pairs (尺码: L, 快递: 顺丰, 联系时间: 晚上). */
export const Preferences = z
  .record(
    z.string().trim().min(1, { message: 'preference-key-required' }).max(30, { message: 'preference-key-too-long' }),
    z.string().trim().min(1, { message: 'preference-value-required' }).max(200, { message: 'preference-value-too-long' }),
  )
  .refine((p) => Object.keys(p).length <= 30, { message: 'too-many-preferences' });
export type Preferences = z.infer<typeof Preferences>;

export const OrderId = z.string().trim().min(1, { message: 'order-id-required' }).max(64, { message: 'order-id-too-long' });

/** An order the conversation was about, newest first on the customer. */
export const OrderMention = z.object({
  orderId: OrderId,
  /** As the console or the agent words it (待发货, 已签收, Shipped); '' when unknown. */
  status: z.string().trim().max(30, { message: 'order-status-too-long' }),
  /** Last time the order was seen on the page or mentioned in a note. */
  seenAt: z.number().int().nonnegative(),
});
export type OrderMention = z.infer<typeof OrderMention>;

/** Replies remembered per customer as used with them; the oldest drops off first. */
export const MAX_REPLIES_USED = 30;

/** Most orders kept on one customer; the oldest mention drops off first. */
export const MAX_ORDERS_PER_CUSTOMER = 200;

/** One buyer on one shop of one console. */
export const Customer = SyncFields.extend({
  /** Adapter id (= folder name under lib/adapters). */
  platform: z.string().trim().min(1, { message: 'platform-required' }).max(50),
  /** Shop name as the console shows it; '' where the console shows none. */
  shop: z.string().trim().max(100, { message: 'shop-too-long' }),
  /**
   * The console's stable buyer id, or the nickname where the console has no id
   * (飞鸽, Shopee…), or what the agent typed by hand.
   */
  buyerId: z.string().trim().min(1, { message: 'buyer-id-required' }).max(100, { message: 'buyer-id-too-long' }),
  /** Nickname as last read from the console, when it shows one. */
  nickname: z.string().trim().max(100).optional(),
  /** The name the record shows. Follows the nickname (or is the buyer id) until an agent renames it. */
  displayName: z.string().trim().min(1, { message: 'display-name-required' }).max(100, { message: 'display-name-too-long' }),
  /** True once an agent has set displayName; the console's nickname then no longer overwrites it. */
  renamed: z.boolean(),
  tags: z.array(CustomerTag).max(20, { message: 'too-many-tags' }),
  preferences: Preferences,
  orders: z.array(OrderMention).max(MAX_ORDERS_PER_CUSTOMER),
  /** When an agent last had this buyer's conversation open. */
  lastSeenAt: z.number().int().nonnegative().optional(),
  /** Scripted replies sent to this buyer, newest first, one entry per reply, so nobody sends the same wording twice. */
  repliesUsed: z.array(z.object({ replyId: z.string().min(1), usedAt: z.number().int().nonnegative() })).max(MAX_REPLIES_USED).optional(),
});
export type Customer = z.infer<typeof Customer>;

/**
 * What is left of an erased customer (right to erasure): only the random id
 * and when it was erased and by whom, so that sync can erase it elsewhere too.
 * No platform, shop, buyer id or name, not even when the record was created.
 */
export const CustomerTombstone = z.object({
  id: z.string().min(1),
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  deletedAt: z.number().int().nonnegative(),
  author: z.string(),
  erased: z.literal(true),
});
export type CustomerTombstone = z.infer<typeof CustomerTombstone>;

/** A previous wording of a note, kept when the note is edited. */
export const NoteVersion = z.object({
  text: z.string(),
  /** Who wrote this wording. */
  author: z.string(),
  /** When this wording was written (the note's creation or an earlier edit). */
  writtenAt: z.number().int().nonnegative(),
});
export type NoteVersion = z.infer<typeof NoteVersion>;

/** Most previous wordings kept per note; the oldest drops off first. */
export const MAX_NOTE_HISTORY = 100;

/**
 * One entry of a customer's timeline. `author` is who wrote the current text
 * (not who last pinned it), `createdAt` when the note was first written.
 */
export const Note = SyncFields.extend({
  customerId: z.string().min(1),
  text: z.string().trim().min(1, { message: 'note-text-required' }).max(5000, { message: 'note-text-too-long' }),
  /** The order the note is about, when known. */
  orderId: OrderId.optional(),
  pinned: z.boolean(),
  /** When the current text was written, if it was edited after creation. */
  editedAt: z.number().int().nonnegative().optional(),
  /** Earlier wordings, oldest first. */
  history: z.array(NoteVersion).max(MAX_NOTE_HISTORY),
  /** Who deleted the note (with deletedAt). */
  deletedBy: z.string().optional(),
});
export type Note = z.infer<typeof Note>;

/** What the note form submits. */
export const NoteDraft = z.object({
  text: Note.shape.text,
  /** '' (an empty order field) means none. */
  orderId: z.string().trim().max(64, { message: 'order-id-too-long' }).optional(),
  pinned: z.boolean().default(false),
});
export type NoteDraft = z.input<typeof NoteDraft>;

export const FollowUpStatus = z.enum(['open', 'done']);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;

/** A date to get back to a customer (回访), with why. */
export const FollowUp = SyncFields.extend({
  customerId: z.string().min(1),
  dueAt: z.number({ message: 'due-required' }).int().nonnegative(),
  reason: z.string().trim().min(1, { message: 'reason-required' }).max(500, { message: 'reason-too-long' }),
  status: FollowUpStatus,
  snoozedUntil: z.number().int().nonnegative().optional(),
  /**
   * When it is next due: snoozedUntil ?? dueAt, kept by the repository. Stored
   * (not computed on read) because the "due today" list is a range query over it.
   */
  remindAt: z.number().int().nonnegative(),
  doneAt: z.number().int().nonnegative().optional(),
  doneBy: z.string().optional(),
});
export type FollowUp = z.infer<typeof FollowUp>;

/** What the follow-up form submits. */
export const FollowUpDraft = FollowUp.pick({ dueAt: true, reason: true });
export type FollowUpDraft = z.infer<typeof FollowUpDraft>;

/*
 * The export of one customer's full record (CustomerExport) is in
 * customer-export.ts: it includes their complaint cases, whose schemas import
 * this file.
 */

/*
 * Stored shapes: the records plus what the repositories derive for their
 * indexes, recomputed on every write and never exported or synced.
 */
export const StoredCustomer = Customer.extend({
  /**
   * Search tokens (search-terms.ts). Absent on a customer a first sync stored
   * without them (about 30 index entries each, a sixth of a first sync's
   * writes), until lib/db/customer-index.ts fills them in the background
   * (SyncState.customersUnindexed says some may be waiting); customer search
   * reads those rows directly meanwhile.
   */
  terms: z.array(z.string()).optional(),
});
export type StoredCustomer = z.infer<typeof StoredCustomer>;
export type CustomerRow = StoredCustomer | CustomerTombstone;

export const StoredNote = Note.extend({
  /**
   * Search tokens (search-terms.ts); none (`[]`) on a deleted note. Absent on
   * an unindexed note: one a catch-up pull stored without its tokens (storing
   * them triples the cost of a catch-up), which IndexedDB leaves out of the
   * `*terms` index until lib/db/note-index.ts fills them in the background
   * (SyncState.notesUnindexed says some may be waiting).
   */
  terms: z.array(z.string()).optional(),
  /**
   * createdAt, on live pinned notes only. IndexedDB leaves a row out of an
   * index whose key it lacks, so [customerId+pinnedCreatedAt] holds just the
   * pinned notes: a timeline's pinned notes without reading all its notes.
   */
  pinnedCreatedAt: z.number().int().nonnegative().optional(),
});
export type StoredNote = z.infer<typeof StoredNote>;

/*
 * Usage events (数据反馈, issue 5): what agents did, recorded as it happens
 * inside the transaction of the write it describes, for the statistics page.
 * Append-only like caseEvents (never changed, never soft-deleted; removed
 * only when the customer they point at is erased), so sync can merge by union.
 * Case steps and statuses are not here: a case's own history (caseEvents)
 * already records them, and the statistics read it from there.
 */
export const UsageEventBody = z.discriminatedUnion('kind', [
  /** A scripted reply reached the chat box (or the clipboard on a copy-only console). */
  z.object({
    kind: z.literal('reply-inserted'),
    replyId: z.string().min(1),
    /** Adapter id of the console, when the insert came from one. */
    platform: z.string().trim().min(1).max(50).optional(),
    shop: z.string().trim().min(1).max(100).optional(),
    /** The buyer on screen, when one was detected or typed. */
    customerId: z.string().min(1).optional(),
  }),
  z.object({ kind: z.literal('follow-up-done'), followUpId: z.string().min(1), customerId: z.string().min(1) }),
  /** Undo of "done": the done event before it no longer counts. */
  z.object({ kind: z.literal('follow-up-reopened'), followUpId: z.string().min(1), customerId: z.string().min(1) }),
  z.object({
    kind: z.literal('follow-up-snoozed'),
    followUpId: z.string().min(1),
    customerId: z.string().min(1),
    until: z.number().int().nonnegative(),
  }),
]);
export type UsageEventBody = z.infer<typeof UsageEventBody>;
export type UsageEventKind = UsageEventBody['kind'];

/**
 * A stored usage event: who (author = the agent), when (createdAt; updatedAt
 * equals it, for "changed since" like every table) and what.
 */
export const UsageEvent = z.intersection(
  z.object({
    id: z.string().min(1),
    createdAt: z.number().int().nonnegative(),
    updatedAt: z.number().int().nonnegative(),
    author: z.string(),
  }),
  UsageEventBody,
);
export type UsageEvent = z.infer<typeof UsageEvent>;
