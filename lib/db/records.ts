import * as z from 'zod';

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

/** What the editor form submits; the repository fills the rest. */
export const ReplyDraft = Reply.pick({ title: true, body: true, group: true, code: true, tags: true, variants: true, pinned: true });
export type ReplyDraft = z.infer<typeof ReplyDraft>;
