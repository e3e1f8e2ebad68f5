import * as z from 'zod';
import { RuleSet } from '../compliance/rules';
import { CaseEvent, ChecklistTemplate, ComplaintCase } from '../db/complaint-records';
import { Customer, FollowUp, GROUP_ORDER_ID, GroupOrder, Note, Reply } from '../db/records';
import { StoredRuleSetMeta } from '../db/rule-sets';
import { Hlc } from './hlc';

/**
 * The team sync protocol (issue 7), shared by the extension's sync engine and
 * server/. Every request and response body is one of these schemas and is
 * validated where it is received. No Node or DOM imports: the background
 * service worker and the server both load this file.
 *
 * Model: a record is a set of fields, each merged on its own by hybrid logical
 * clock (hlc.ts) stamps; see merge.ts for the rules. A client sends mutations
 * with ids it generated itself (so a retried push is applied once), pulls
 * changes after a cursor (the team's change counter), and listens on a
 * server-sent event stream that says when the cursor moved.
 */

export const PROTOCOL_VERSION = 1;

/** Size limits, checked by the server before and while parsing. */
export const LIMITS = {
  /** Bytes of a push body. 500 replies of 5,000 characters, in UTF-8 Chinese, fit. */
  pushBytes: 8 * 1024 * 1024,
  /** Bytes of any other request body (sign-in, invites…). */
  smallBodyBytes: 16 * 1024,
  mutationsPerPush: 500,
  pullPageDefault: 500,
  pullPageMax: 2000,
  /** Stamps a client may name as the versions it edited over, per field. */
  basePerField: 20,
  /** A stamp further ahead of the server clock is refused (a wrong device clock would win every edit). */
  maxClockDriftMs: 5 * 60 * 1000,
} as const;

// --- Accounts and devices ---------------------------------------------------

export const Role = z.enum(['supervisor', 'agent']);
export type Role = z.infer<typeof Role>;

/** Sign-in names are global on one server (no team to type at sign-in). */
export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, { message: 'login-too-short' })
  .max(64, { message: 'login-too-long' })
  .regex(/^[a-z0-9._@-]+$/, { message: 'login-invalid' });
export const Password = z.string().min(10, { message: 'password-too-short' }).max(256, { message: 'password-too-long' });
const Name = z.string().trim().min(1, { message: 'name-required' }).max(60, { message: 'name-too-long' });
const DeviceName = z.string().trim().min(1, { message: 'device-name-required' }).max(60, { message: 'device-name-too-long' });
/** Invite codes as handed out: 24 characters of base32 without look-alikes, dashes and spaces ignored. */
export const InviteCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z2-9]{24}$/, { message: 'invite-code-invalid' }));

export const CreateTeamRequest = z.strictObject({
  teamName: z.string().trim().min(1, { message: 'team-name-required' }).max(100, { message: 'team-name-too-long' }),
  login: Login,
  name: Name,
  password: Password,
  deviceName: DeviceName,
});
export type CreateTeamRequest = z.input<typeof CreateTeamRequest>;

export const CreateInviteRequest = z.strictObject({
  role: Role.default('agent'),
  /** Up to 30 days. */
  expiresInHours: z.number().int().min(1).max(720).default(72),
});
export type CreateInviteRequest = z.input<typeof CreateInviteRequest>;

export const InviteResponse = z.object({
  code: z.string(),
  /** `<server>/v1/invites/<code>`: the extension takes the server address and the code from it. */
  link: z.string(),
  role: Role,
  expiresAt: z.number().int(),
});
export type InviteResponse = z.infer<typeof InviteResponse>;

export const InviteInfo = z.object({ teamName: z.string(), role: Role, expiresAt: z.number().int() });
export type InviteInfo = z.infer<typeof InviteInfo>;

export const AcceptInviteRequest = z.strictObject({
  code: InviteCode,
  login: Login,
  name: Name,
  password: Password,
  deviceName: DeviceName,
});
export type AcceptInviteRequest = z.input<typeof AcceptInviteRequest>;

export const SignInRequest = z.strictObject({ login: Login, password: z.string().min(1).max(256), deviceName: DeviceName });
export type SignInRequest = z.input<typeof SignInRequest>;

export const User = z.object({ id: z.string(), teamId: z.string(), login: z.string(), name: z.string(), role: Role });
export type User = z.infer<typeof User>;

export const Device = z.object({
  id: z.string(),
  name: z.string(),
  userId: z.string(),
  userName: z.string(),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int().optional(),
  revokedAt: z.number().int().optional(),
  /** The device this request came from. */
  current: z.boolean(),
});
export type Device = z.infer<typeof Device>;

/**
 * What sign-in, accepting an invite and creating a team return. The token is
 * the device's bearer token, shown once; the server keeps only its hash. The
 * device id doubles as the node id of the device's hybrid logical clock.
 */
export const SessionResponse = z.object({
  token: z.string(),
  device: Device,
  user: User,
  team: z.object({ id: z.string(), name: z.string() }),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const MeResponse = z.object({ user: User, device: Device, team: z.object({ id: z.string(), name: z.string() }) });
export type MeResponse = z.infer<typeof MeResponse>;

export const DevicesResponse = z.object({ devices: z.array(Device) });
export type DevicesResponse = z.infer<typeof DevicesResponse>;

// --- Records --------------------------------------------------------------

/**
 * What is synced. Replies have a scope (the team library, which only a
 * supervisor writes, or an agent's personal library); checklist templates,
 * rule sets and the order of the library's groups are the team's, written by
 * a supervisor; customers, notes,
 * follow-ups, cases and case events are shared by the whole team.
 */
export const RecordKind = z.enum(['reply', 'customer', 'note', 'follow-up', 'checklist-template', 'case', 'case-event', 'rule-set', 'group-order']);
export type RecordKind = z.infer<typeof RecordKind>;

export const Scope = z.enum(['team', 'personal']);
export type Scope = z.infer<typeof Scope>;

/** Kinds that hang off a customer: erasing the customer erases them, and their mutations name the customer. */
export const CUSTOMER_KINDS: ReadonlySet<RecordKind> = new Set(['note', 'follow-up', 'case', 'case-event']);
/** Kinds only a supervisor writes (replies: only in the team scope). */
export const SUPERVISOR_KINDS: ReadonlySet<RecordKind> = new Set(['checklist-template', 'rule-set', 'group-order']);

const SYNC_KEYS = { id: true, createdAt: true, updatedAt: true, deletedAt: true, author: true } as const;

/*
 * The synced fields of each kind: the stored record without the sync fields
 * (the server keeps those itself) and without what stays on one device:
 * a reply's usage counters are one agent's habits, a note's edit history is
 * rebuilt from the versions of its text (merge.ts keeps them all).
 */
export const ReplyFields = Reply.omit({ ...SYNC_KEYS, usageCount: true, lastUsedAt: true, variantCursor: true });
export const CustomerFields = Customer.omit(SYNC_KEYS);
export const NoteFields = Note.omit({ ...SYNC_KEYS, editedAt: true, history: true });
export const FollowUpFields = FollowUp.omit(SYNC_KEYS);
export const ChecklistTemplateFields = ChecklistTemplate.omit(SYNC_KEYS);
export const CaseFields = ComplaintCase.omit(SYNC_KEYS);
/** A case event is written whole, once: its body and its case. */
export const CaseEventFields = z.intersection(z.object({ caseId: z.string().min(1) }), CaseEvent);
export const RuleSetFields = StoredRuleSetMeta.omit(SYNC_KEYS).extend({ ruleSet: RuleSet });
/** The group order is written whole: its one field is the list. */
export const GroupOrderFields = GroupOrder.omit(SYNC_KEYS);

/** Schema of a put's fields per kind: any subset of the fields, nothing else. */
export const PUT_FIELDS: Record<RecordKind, z.ZodType<Record<string, unknown>>> = {
  reply: ReplyFields.partial().strict(),
  customer: CustomerFields.partial().strict(),
  note: NoteFields.partial().strict(),
  'follow-up': FollowUpFields.partial().strict(),
  'checklist-template': ChecklistTemplateFields.partial().strict(),
  case: CaseFields.partial().strict(),
  'case-event': CaseEventFields,
  'rule-set': RuleSetFields.partial().strict(),
  'group-order': GroupOrderFields.partial().strict(),
};

/**
 * Per kind, the fields a put may clear (`unset`): the optional ones. A
 * required field is replaced, never cleared; a case event is written once.
 */
const optionalKeys = (schema: z.ZodObject): ReadonlySet<string> =>
  new Set(
    Object.entries(schema.shape)
      .filter(([, field]) => {
        const r = (field as z.ZodType).safeParse(undefined);
        return r.success && r.data === undefined;
      })
      .map(([name]) => name),
  );
export const UNSETTABLE_FIELDS: Record<RecordKind, ReadonlySet<string>> = {
  reply: optionalKeys(ReplyFields),
  customer: optionalKeys(CustomerFields),
  note: optionalKeys(NoteFields),
  'follow-up': optionalKeys(FollowUpFields),
  'checklist-template': optionalKeys(ChecklistTemplateFields),
  case: optionalKeys(CaseFields),
  'case-event': new Set(),
  'rule-set': optionalKeys(RuleSetFields),
  'group-order': optionalKeys(GroupOrderFields),
};

export const RecordId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, { message: 'record-id-invalid' });
export const MutationId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, { message: 'mutation-id-invalid' });

/**
 * One change a device made. `id` is generated on the device when the change is
 * written (outbox), so a push retried after a lost response is applied once.
 * - put: sets the named fields (any subset) and clears the ones named in
 *   `unset` (optional fields only: a tag colour removed, a note unpinned, a
 *   follow-up reopened);
 * - delete / restore: tombstone on and off (the row stays);
 * - erase: a customer and everything about them, for good (right to erasure).
 * `base` names, per field, the stamps of the versions the device showed when
 * the edit was made; for reply texts it decides whether an older version was
 * seen (replaced) or concurrent (kept as a conflict copy).
 */
export const Mutation = z
  .strictObject({
    id: MutationId,
    kind: RecordKind,
    recordId: RecordId,
    op: z.enum(['put', 'delete', 'restore', 'erase']),
    hlc: Hlc,
    /** Replies only: which library. Fixed when the reply is first written. */
    scope: Scope.optional(),
    /** Notes, follow-ups, cases and case events: the customer they belong to. */
    customerId: RecordId.optional(),
    fields: z.record(z.string(), z.unknown()).optional(),
    unset: z.array(z.string().min(1).max(64)).min(1).max(64).optional(),
    base: z.record(z.string(), z.array(Hlc).max(LIMITS.basePerField)).optional(),
  })
  .transform((m, ctx) => {
    const fail = (message: string, path: string[] = []) => {
      ctx.addIssue({ code: 'custom', message, path });
      return z.NEVER;
    };
    if (m.kind === 'reply' && !m.scope) return fail('scope-required', ['scope']);
    if (m.kind !== 'reply' && m.scope) return fail('scope-only-for-replies', ['scope']);
    if (CUSTOMER_KINDS.has(m.kind) && !m.customerId) return fail('customer-id-required', ['customerId']);
    if (!CUSTOMER_KINDS.has(m.kind) && m.customerId) return fail('customer-id-not-allowed', ['customerId']);
    if (m.op === 'erase' && m.kind !== 'customer') return fail('erase-only-customers', ['op']);
    if (m.kind === 'case-event' && m.op !== 'put') return fail('case-events-are-append-only', ['op']);
    // One team order per team: a device's own order never leaves it (see GROUP_ORDER_ID).
    if (m.kind === 'group-order' && m.recordId !== GROUP_ORDER_ID) return fail('group-order-id-invalid', ['recordId']);
    if (m.op !== 'put') {
      if (m.fields !== undefined || m.unset !== undefined || m.base !== undefined) return fail('fields-only-with-put', ['fields']);
      return { ...m, fields: undefined };
    }
    if ((!m.fields || Object.keys(m.fields).length === 0) && !m.unset) return fail('fields-required', ['fields']);
    for (const [i, name] of (m.unset ?? []).entries()) {
      if (!UNSETTABLE_FIELDS[m.kind].has(name)) return fail('field-not-unsettable', ['unset', String(i)]);
      if (m.fields && name in m.fields) return fail('field-set-and-unset', ['unset', String(i)]);
    }
    const parsed = PUT_FIELDS[m.kind].safeParse(m.fields ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: ['fields', ...issue.path.map(String)] });
      return z.NEVER;
    }
    const fields = parsed.data;
    if ('customerId' in fields && fields.customerId !== m.customerId) return fail('customer-id-mismatch', ['fields', 'customerId']);
    for (const key of Object.keys(m.base ?? {})) if (!(key in fields) && !m.unset?.includes(key)) return fail('base-without-field', ['base', key]);
    return { ...m, fields };
  });
export type Mutation = z.output<typeof Mutation>;
export type MutationInput = z.input<typeof Mutation>;

export const PushRequest = z.strictObject({
  mutations: z.array(z.unknown()).min(1, { message: 'no-mutations' }).max(LIMITS.mutationsPerPush, { message: 'too-many-mutations' }),
});

export const MutationError = z.object({ code: z.string(), message: z.string() });
export const MutationResult = z.object({
  id: z.string(),
  /** applied: stored (or a no-op that changed nothing); duplicate: this id was pushed before; rejected: see error (final, do not retry). */
  status: z.enum(['applied', 'duplicate', 'rejected']),
  error: MutationError.optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({ results: z.array(MutationResult), cursor: z.number().int().nonnegative() });
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * One version of a field: the value, its stamp, who wrote it, and (reply
 * texts) which versions it replaced. `unset`: the field was cleared by this
 * edit (value null); the record then has no value for it.
 */
export const FieldVersion = z.object({
  hlc: Hlc,
  value: z.unknown(),
  author: z.string(),
  base: z.array(Hlc).optional(),
  unset: z.literal(true).optional(),
});
export type FieldVersion = z.infer<typeof FieldVersion>;

/**
 * A record as the server keeps and sends it: for every field its versions,
 * winner first (merge.ts decides which are kept). `erased`: a customer (or a
 * record of theirs) erased for good; it has no fields and never comes back.
 */
const RecordHeader = z.object({
  kind: RecordKind,
  id: z.string(),
  scope: Scope,
  customerId: z.string().optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});

export const RecordState = RecordHeader.extend({
  fields: z.record(z.string(), z.array(FieldVersion)),
  deleted: FieldVersion.optional(),
  erased: z.literal(true).optional(),
});
export type RecordState = z.infer<typeof RecordState>;

export const Change = RecordState.extend({ seq: z.number().int().positive() });
export type Change = z.infer<typeof Change>;

export const PullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(LIMITS.pullPageMax).default(LIMITS.pullPageDefault),
});

export const PullResponse = z.object({
  changes: z.array(Change),
  /** Pass back as `cursor` to get what follows. */
  cursor: z.number().int().nonnegative(),
  /** More changes wait after this page. */
  more: z.boolean(),
  /**
   * The team's change counter when the page was read: where a catch-up of
   * many pages ends, so a device can show how far along it is. Optional:
   * servers before it sent none.
   */
  top: z.number().int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/**
 * Kinds whose per-field stamps (`heads`) and sync metadata a device keeps: a
 * reply's heads are the base of the next edit of its text and its conflict
 * copies live beside them; the scope of replies, templates, rule sets and
 * the group order marks them as the team's (lib/db/team-locks.ts). For the
 * other kinds the merge needs nothing on the device, so a snapshot leaves
 * their stamps out (but a note's text head, which dates its last edit).
 */
export const HEAD_KINDS: ReadonlySet<RecordKind> = new Set(['reply', 'checklist-template', 'rule-set', 'group-order']);

/**
 * Where a snapshot page ends: the last record's customer (empty for records
 * of no customer), kind and id, joined by dots (none of them holds one).
 */
export const SnapshotKey = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]*\.[a-z-]+\.[A-Za-z0-9_-]+$/, { message: 'snapshot-key-invalid' });

export const SnapshotQuery = z
  .object({
    /** The team's counter the snapshot was started at; absent on its first page, which fixes it. */
    top: z.coerce.number().int().nonnegative().optional(),
    /** The `next` of the page before; absent on the first page. */
    after: SnapshotKey.optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.pullPageMax).default(LIMITS.pullPageDefault),
  })
  .refine((q) => (q.top === undefined) === (q.after === undefined), {
    message: 'give both top and after (the next page), or neither (the first page)',
    path: ['after'],
  });

const VersionCopy = z.object({ value: z.unknown(), hlc: Hlc, author: z.string() });

/**
 * A record as a snapshot sends it: its current values (materialize() in
 * merge.ts), not the versions of every field. `heads` for HEAD_KINDS (and a
 * note's text), `conflicts` for reply texts that lost, `history` for a
 * note's earlier wordings; each left out when empty.
 */
export const SnapshotRecord = RecordHeader.extend({
  deletedAt: z.number().int().optional(),
  erased: z.literal(true).optional(),
  author: z.string(),
  /** The newest stamp in the record. */
  stamp: Hlc,
  values: z.record(z.string(), z.unknown()),
  heads: z.record(z.string(), z.array(Hlc)).optional(),
  conflicts: z.record(z.string(), z.array(VersionCopy)).optional(),
  history: z.record(z.string(), z.array(VersionCopy)).optional(),
});
export type SnapshotRecord = z.infer<typeof SnapshotRecord>;

/**
 * GET /v1/sync/snapshot: a new device's first sync. The team's records as
 * they stood at the counter `top`, a page at a time, grouped by customer.
 * A record changed after `top` is not in it: the pull from cursor `top`
 * that follows the last page brings it.
 */
export const SnapshotResponse = z.object({
  records: z.array(SnapshotRecord),
  top: z.number().int().nonnegative(),
  /** Records in the whole snapshot: on the first page only. */
  total: z.number().int().nonnegative().optional(),
  /** Pass back as `after` for the next page; absent after the last one. */
  next: SnapshotKey.optional(),
});
export type SnapshotResponse = z.infer<typeof SnapshotResponse>;

/** Data of the `change` event on GET /v1/sync/stream: the team's cursor moved; pull. */
export const StreamEvent = z.object({ cursor: z.number().int().nonnegative() });
export type StreamEvent = z.infer<typeof StreamEvent>;

/** One customer's data as the server holds it (GET /v1/customers/:id/export). */
export const CustomerExportResponse = z.object({
  exportedAt: z.number().int(),
  customer: RecordState,
  records: z.array(RecordState),
});
export type CustomerExportResponse = z.infer<typeof CustomerExportResponse>;

export const HealthResponse = z.object({ ok: z.literal(true), storage: z.enum(['embedded', 'postgres']) });
export type HealthResponse = z.infer<typeof HealthResponse>;

/** Every 4xx/5xx body. `issues` lists what to fix in a request that failed validation. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;
