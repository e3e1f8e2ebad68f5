import * as z from 'zod';
import { OrderId, SyncFields } from './records';

/*
 * Complaint cases with checklists (投诉处理闭环, issue 4). Three tables:
 * - checklistTemplates: what a kind of complaint goes through, edited by the
 *   supervisor; a starter set in 中文 and English.
 * - cases: one complaint of one customer, optionally about one order, with the
 *   template's steps copied in when it is opened (later template edits never
 *   rewrite an open case) and its current state, which the repository derives
 *   from the case's events on every write so that lists can filter and sort by
 *   index without replaying history.
 * - caseEvents: the case's history, append-only (never updated, never deleted
 *   except by erasure of the customer), so that sync can merge two agents'
 *   histories by union. Who ticked a step and when, field values, status
 *   changes and notes are all events; the state is a fold over them in
 *   (at, id) order.
 */

/** The kinds of complaint the starter templates cover; stats and filters group by them. */
export const ComplaintType = z.enum(['general', 'logistics', 'quality', 'refund', 'bad-review'], { message: 'type-invalid' });
export type ComplaintType = z.infer<typeof ComplaintType>;

export const Severity = z.enum(['low', 'normal', 'high', 'urgent'], { message: 'severity-invalid' });
export type Severity = z.infer<typeof Severity>;

/**
 * open → waiting-buyer / waiting-department → resolved → closed; a closed
 * case can be reopened (status `reopened`, which counts as open everywhere).
 */
export const CaseStatus = z.enum(['open', 'waiting-buyer', 'waiting-department', 'resolved', 'closed', 'reopened'], {
  message: 'status-invalid',
});
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Statuses in which the case is still being worked on (its time limits run, overdue steps notify). */
export const ACTIVE_CASE_STATUSES: readonly CaseStatus[] = ['open', 'waiting-buyer', 'waiting-department', 'reopened'];

/** A field an agent fills on a step (cause category, responsibility, solution, compensation amount…). */
export const StepField = z.object({
  /** Stable within the step: the key of the field's value in events and exports. */
  key: z
    .string()
    .trim()
    .min(1, { message: 'field-key-invalid' })
    .max(40, { message: 'field-key-invalid' })
    .regex(/^[a-z0-9-]+$/, { message: 'field-key-invalid' }),
  label: z.string().trim().min(1, { message: 'field-label-required' }).max(60, { message: 'field-label-too-long' }),
  /** `choice` takes one of `options`; `money` a non-negative amount with at most two decimals. */
  kind: z.enum(['text', 'choice', 'money']),
  options: z
    .array(z.string().trim().min(1, { message: 'field-option-required' }).max(40, { message: 'field-option-too-long' }))
    .max(20, { message: 'too-many-options' })
    .optional(),
  /** Closing the case needs a value. */
  required: z.boolean(),
});
export type StepField = z.infer<typeof StepField>;

/** A step of a checklist template. */
export const TemplateStep = z.object({
  /** Stable within the template, copied into cases (events name steps by it). */
  id: z.string().min(1).max(40),
  title: z.string().trim().min(1, { message: 'step-title-required' }).max(100, { message: 'step-title-too-long' }),
  /** What to do and say, shown under the title. */
  guidance: z.string().trim().max(1000, { message: 'step-guidance-too-long' }),
  /** A scripted reply that one click inserts into the chat; dropped silently from view if that reply is deleted. */
  replyId: z.string().min(1).optional(),
  fields: z.array(StepField).max(10, { message: 'too-many-fields' }),
  /** Closing the case needs this step ticked. */
  required: z.boolean(),
  /** Minutes from the case's opening within which the step should be done; none = no limit. */
  timeLimitMinutes: z
    .number({ message: 'time-limit-invalid' })
    .int({ message: 'time-limit-invalid' })
    .positive({ message: 'time-limit-invalid' })
    .max(60 * 24 * 60, { message: 'time-limit-invalid' })
    .optional(),
});
export type TemplateStep = z.infer<typeof TemplateStep>;

export const ChecklistTemplate = SyncFields.extend({
  name: z.string().trim().min(1, { message: 'template-name-required' }).max(60, { message: 'template-name-too-long' }),
  type: ComplaintType,
  steps: z.array(TemplateStep).min(1, { message: 'template-needs-steps' }).max(30, { message: 'too-many-steps' }),
  /** Order in the "new complaint" picker; fractional so a move writes one row. */
  sortKey: z.number(),
  lang: z.enum(['zh', 'en']).optional(),
  /** Set on templates from the starter set. */
  starterId: z.string().optional(),
});
export type ChecklistTemplate = z.infer<typeof ChecklistTemplate>;

/** What the template editor submits. */
export const TemplateDraft = ChecklistTemplate.pick({ name: true, type: true, steps: true });
export type TemplateDraft = z.infer<typeof TemplateDraft>;

/** A step as copied into a case, with its deadline fixed at opening. */
export const CaseStep = TemplateStep.extend({
  /** openedAt + timeLimitMinutes, when the step has a limit. */
  dueAt: z.number().int().nonnegative().optional(),
  /** Derived from events: who ticked it and when (absent = not done). */
  doneAt: z.number().int().nonnegative().optional(),
  doneBy: z.string().optional(),
  /** Derived from events: the latest value of each field, by key. */
  values: z.record(z.string(), z.string()),
});
export type CaseStep = z.infer<typeof CaseStep>;

export const ComplaintCase = SyncFields.extend({
  customerId: z.string().min(1),
  orderId: OrderId.optional(),
  type: ComplaintType,
  severity: Severity,
  /** Derived from events. */
  status: CaseStatus,
  /** What the buyer complains about and demands, as first recorded (倾听记录). */
  summary: z.string().trim().max(2000, { message: 'summary-too-long' }),
  templateId: z.string().min(1),
  /** The template's name when the case was opened. */
  templateName: z.string(),
  /** The template's steps as they were when the case was opened, with derived state. */
  steps: z.array(CaseStep).min(1),
  /** createdAt of the case; step deadlines count from it. */
  openedAt: z.number().int().nonnegative(),
  /** Derived: the agent who opened it (author is whoever wrote last). */
  openedBy: z.string(),
  /** Derived: set while the case is closed. */
  closedAt: z.number().int().nonnegative().optional(),
  /**
   * Derived: the earliest dueAt among steps not done while the case is
   * active; absent otherwise. Indexed: overdue lists and the alarm read it.
   */
  nextDueAt: z.number().int().nonnegative().optional(),
});
export type ComplaintCase = z.infer<typeof ComplaintCase>;

/** What "new complaint" submits. */
export const CaseDraft = z.object({
  templateId: z.string().min(1, { message: 'template-required' }),
  severity: Severity.default('normal'),
  summary: ComplaintCase.shape.summary.default(''),
  /** '' means none. */
  orderId: z.string().trim().max(64, { message: 'order-id-too-long' }).optional(),
});
export type CaseDraft = z.input<typeof CaseDraft>;

/** One entry of a case's history. Never changed once written. */
export const CaseEvent = z.discriminatedUnion('kind', [
  /** severity: what the case was opened with (absent = normal); later changes are `severity` events. */
  z.object({ kind: z.literal('opened'), severity: Severity.optional() }),
  z.object({ kind: z.literal('step-done'), stepId: z.string().min(1) }),
  z.object({ kind: z.literal('step-undone'), stepId: z.string().min(1) }),
  /** value '' clears the field. */
  z.object({ kind: z.literal('field-set'), stepId: z.string().min(1), field: z.string().min(1), value: z.string().max(2000, { message: 'field-value-too-long' }) }),
  z.object({ kind: z.literal('status'), status: CaseStatus }),
  z.object({ kind: z.literal('severity'), severity: Severity }),
  /** The complaint as recorded (倾听记录), rewritten; '' clears it. */
  z.object({ kind: z.literal('summary'), text: ComplaintCase.shape.summary }),
  z.object({ kind: z.literal('note'), text: z.string().trim().min(1, { message: 'note-text-required' }).max(5000, { message: 'note-text-too-long' }) }),
  z.object({ kind: z.literal('reply-inserted'), stepId: z.string().min(1), replyId: z.string().min(1) }),
]);
export type CaseEventBody = z.infer<typeof CaseEvent>;

/**
 * A stored event: the body plus which case, when and by whom. createdAt is
 * when it happened and history is ordered by (createdAt, id); updatedAt equals
 * createdAt (an event never changes) and is there for "changed since" like
 * every other table. No deletedAt: erasing the customer removes the rows.
 */
export const StoredCaseEvent = z.intersection(
  z.object({
    id: z.string().min(1),
    caseId: z.string().min(1),
    createdAt: z.number().int().nonnegative(),
    updatedAt: z.number().int().nonnegative(),
    author: z.string(),
  }),
  CaseEvent,
);
export type StoredCaseEvent = z.infer<typeof StoredCaseEvent>;
