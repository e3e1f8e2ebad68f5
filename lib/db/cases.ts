import { AppError } from '../errors';
import { getTemplate } from './checklist-templates';
import {
  ACTIVE_CASE_STATUSES,
  CaseDraft,
  CaseEvent,
  CaseStatus,
  ComplaintCase,
  Severity,
  StoredCaseEvent,
  type CaseEventBody,
  type CaseStep,
  type ComplaintType,
  type StepField,
} from './complaint-records';
import { caseEventsOf, getCustomer, nextUpdatedAt, setCustomerTags, touchOrderInTransaction, type WriteOptions } from './customers';
import type { KefuDatabase } from './database';
import { newId } from './ids';
import { BUILT_IN_CUSTOMER_TAGS } from './records';
import { invalid, notFound, parseOrThrow } from './validation';

/**
 * Repository for complaint cases (投诉处理闭环): the only write path to
 * `db.cases` and `db.caseEvents`. Every change is one appended event; the case
 * row is then re-derived from all of the case's events by `foldCase`, in the
 * same transaction, so the row is never out of step with its history and a
 * later sync can merge two devices' histories by union and fold again.
 */

const MINUTE = 60_000;

/** Customer.tags holds at most this many. */
const MAX_CUSTOMER_TAGS = 20;

/** The tag a customer gets when a complaint is opened for them (a built-in tag, stored by its Chinese name). */
export const COMPLAINED_TAG = BUILT_IN_CUSTOMER_TAGS.find((t) => t.en === 'Complained')!.name;

/* ------------------------------------------------------------------ */
/* Pure helpers: the fold and what the UI asks of a case                */
/* ------------------------------------------------------------------ */

/** History order: by time, then by id, so every device orders the same events the same way. */
export function compareEvents(a: StoredCaseEvent, b: StoredCaseEvent): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function isActiveCase(c: ComplaintCase): boolean {
  return c.deletedAt === undefined && ACTIVE_CASE_STATUSES.includes(c.status);
}

/** A step not done whose deadline has come. It does not know the case: combine with isActiveCase. */
export function isOverdue(step: CaseStep, now: number): boolean {
  return step.doneAt === undefined && step.dueAt !== undefined && step.dueAt <= now;
}

/** An active case with a step past its deadline. */
export function isCaseOverdue(c: ComplaintCase, now: number): boolean {
  return isActiveCase(c) && c.nextDueAt !== undefined && c.nextDueAt <= now;
}

/** The first step, in the template's order, that is not done: what the agent does next. */
export function nextOpenStep(c: ComplaintCase): CaseStep | undefined {
  return c.steps.find((s) => s.doneAt === undefined);
}

/**
 * The state of a case from its events. Pure: `base` gives what was fixed at
 * opening (customer, order, template, steps with deadlines, summary); its
 * derived fields are ignored and computed again. Events may come in any order
 * and twice (a sync merges by union): they are de-duplicated by id and applied
 * in (createdAt, id) order, and events of other cases are ignored.
 *
 * Rules, the same the repository enforces when writing:
 * - a step ticked twice keeps its first tick; an undo clears it;
 * - a field takes the latest value; '' clears it;
 * - while the case is closed, steps, fields and severity do not change and its
 *   status only moves to `reopened` (an agent who worked offline on a case a
 *   colleague had closed keeps their events in the history, without effect);
 * - the summary is the latest `summary` event's text, else the one the case
 *   was opened with (allowed on a closed case, like notes);
 * - notes and inserted replies are history only.
 * updatedAt and author are the writer's (see the repository), not the fold's.
 */
export function foldCase(base: ComplaintCase, events: readonly StoredCaseEvent[]): ComplaintCase {
  const unique = new Map<string, StoredCaseEvent>();
  for (const e of events) if (e.caseId === base.id) unique.set(e.id, e);
  const sorted = [...unique.values()].sort(compareEvents);

  const opened = sorted.find((e) => e.kind === 'opened');
  let severity: Severity = opened?.kind === 'opened' ? (opened.severity ?? 'normal') : base.severity;
  let summary = base.summary;
  let status: CaseStatus = 'open';
  let closedAt: number | undefined;
  const steps: CaseStep[] = base.steps.map(({ doneAt: _at, doneBy: _by, ...step }) => ({ ...step, values: {} }));
  const stepOf = (id: string) => steps.find((s) => s.id === id);

  for (const e of sorted) {
    const closed = status === 'closed';
    switch (e.kind) {
      case 'step-done': {
        const step = stepOf(e.stepId);
        if (!closed && step !== undefined && step.doneAt === undefined) {
          step.doneAt = e.createdAt;
          step.doneBy = e.author;
        }
        break;
      }
      case 'step-undone': {
        const step = stepOf(e.stepId);
        if (!closed && step !== undefined) {
          delete step.doneAt;
          delete step.doneBy;
        }
        break;
      }
      case 'field-set': {
        const step = stepOf(e.stepId);
        if (closed || step === undefined || !step.fields.some((f) => f.key === e.field)) break;
        if (e.value === '') delete step.values[e.field];
        else step.values[e.field] = e.value;
        break;
      }
      case 'severity':
        if (!closed) severity = e.severity;
        break;
      case 'status':
        if (closed && e.status !== 'reopened') break;
        status = e.status;
        closedAt = e.status === 'closed' ? e.createdAt : undefined;
        break;
      case 'summary':
        summary = e.text;
        break;
      case 'opened':
      case 'note':
      case 'reply-inserted':
        break;
    }
  }

  const { closedAt: _closed, nextDueAt: _due, ...fixed } = base;
  const state: ComplaintCase = { ...fixed, summary, severity, status, steps, openedBy: opened?.author ?? base.openedBy };
  if (closedAt !== undefined) state.closedAt = closedAt;
  if (isActiveCase(state)) {
    const due = steps.filter((s) => s.doneAt === undefined && s.dueAt !== undefined).map((s) => s.dueAt!);
    if (due.length > 0) state.nextDueAt = Math.min(...due);
  }
  return state;
}

/**
 * What stands between the case and closing: required steps not ticked
 * (`step:<stepId>` → 'step-required') and required fields left empty
 * (`field:<stepId>:<key>` → 'field-required'). A required field counts on a
 * required step and on any step that was done: an optional step that was
 * skipped (no compensation offered) needs no compensation amount.
 */
export function missingForClosing(c: ComplaintCase): Record<string, 'step-required' | 'field-required'> {
  const missing: Record<string, 'step-required' | 'field-required'> = {};
  for (const step of c.steps) {
    if (step.required && step.doneAt === undefined) missing[`step:${step.id}`] = 'step-required';
    if (!step.required && step.doneAt === undefined) continue;
    for (const field of step.fields) {
      if (field.required && (step.values[field.key] ?? '') === '') missing[`field:${step.id}:${field.key}`] = 'field-required';
    }
  }
  return missing;
}

/** The English sentence of a blocked close, naming what to do (the UI words it from `fields`). */
function incompleteMessage(c: ComplaintCase, missing: Record<string, string>): string {
  const steps: string[] = [];
  const fields: string[] = [];
  for (const key of Object.keys(missing)) {
    const [kind, stepId, fieldKey] = key.split(':');
    const step = c.steps.find((s) => s.id === stepId);
    if (step === undefined) continue;
    if (kind === 'step') steps.push(`"${step.title}"`);
    else fields.push(`"${step.fields.find((f) => f.key === fieldKey)?.label ?? fieldKey}" (step "${step.title}")`);
  }
  const todo = [steps.length > 0 ? `tick ${steps.join(', ')}` : '', fields.length > 0 ? `fill in ${fields.join(', ')}` : ''];
  return `The case cannot be closed yet: ${todo.filter((t) => t !== '').join('; and ')}.`;
}

/** A field value as the agent typed it, checked against the field's kind. '' clears the field. */
export function checkFieldValue(field: StepField, raw: string): string {
  const value = raw.trim();
  if (value === '') return '';
  if (value.length > 2000) throw invalid('value', 'field-value-too-long');
  if (field.kind === 'choice' && !(field.options ?? []).includes(value)) throw invalid('value', 'field-choice-invalid');
  // A plain amount: no currency sign (the console's currency is implied), at most two decimals.
  if (field.kind === 'money' && !/^\d{1,12}(\.\d{1,2})?$/.test(value)) throw invalid('value', 'field-money-invalid');
  return value;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/** The live case with this id. */
export async function getCase(db: KefuDatabase, id: string): Promise<ComplaintCase> {
  const row = await db.cases.get(id);
  if (row === undefined || row.deletedAt !== undefined) throw notFound('Complaint case', id, 'case-not-found');
  return row;
}

/** The case's history, oldest first. */
export async function caseHistory(db: KefuDatabase, caseId: string): Promise<StoredCaseEvent[]> {
  return db.transaction('r', [db.cases, db.caseEvents], async () => {
    await getCase(db, caseId);
    return (await caseEventsOf(db, caseId).toArray()).sort(compareEvents);
  });
}

const newestFirst = (a: ComplaintCase, b: ComplaintCase) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1);
const dueFirst = (a: ComplaintCase, b: ComplaintCase) =>
  (a.nextDueAt ?? Infinity) - (b.nextDueAt ?? Infinity) || newestFirst(a, b);

/** A customer's cases: active ones first, nearest deadline first; then the rest, newest first. */
export async function listCasesForCustomer(db: KefuDatabase, customerId: string): Promise<ComplaintCase[]> {
  const rows = (await db.cases.where('customerId').equals(customerId).toArray()).filter((c) => c.deletedAt === undefined);
  return [...rows.filter(isActiveCase).sort(dueFirst), ...rows.filter((c) => !isActiveCase(c)).sort(newestFirst)];
}

export interface CaseFilter {
  /** Any of these statuses; absent or empty: all. */
  status?: CaseStatus[];
  /** Any of these types; absent or empty: all. */
  type?: ComplaintType[];
  /** The agent who opened the case. */
  agent?: string;
  /** true: only active cases with a step past its deadline. false or absent: all. */
  overdue?: boolean;
  /** Opened at or after (epoch ms). */
  from?: number;
  /** Opened at or before (epoch ms). */
  to?: number;
}

/**
 * The workbench list: overdue cases first (longest overdue first), then the
 * rest newest first. Reads one index range (overdue: nextDueAt up to now;
 * a date filter: createdAt) or the whole table, and filters the rest in memory.
 */
export async function listCases(db: KefuDatabase, filter: CaseFilter, now: number): Promise<ComplaintCase[]> {
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;
  if (from > to) return [];
  let rows: ComplaintCase[];
  if (filter.overdue === true) rows = await db.cases.where('nextDueAt').belowOrEqual(now).toArray();
  else if (filter.from !== undefined || filter.to !== undefined) rows = await db.cases.where('createdAt').between(from, to, true, true).toArray();
  else rows = await db.cases.toArray();

  const statuses = filter.status?.length ? new Set(filter.status) : undefined;
  const types = filter.type?.length ? new Set(filter.type) : undefined;
  const kept = rows.filter(
    (c) =>
      c.deletedAt === undefined &&
      (statuses === undefined || statuses.has(c.status)) &&
      (types === undefined || types.has(c.type)) &&
      (filter.agent === undefined || c.openedBy === filter.agent) &&
      (filter.overdue !== true || isCaseOverdue(c, now)) &&
      c.createdAt >= from &&
      c.createdAt <= to,
  );
  const overdue = kept.filter((c) => isCaseOverdue(c, now)).sort(dueFirst);
  const rest = kept.filter((c) => !isCaseOverdue(c, now)).sort(newestFirst);
  return [...overdue, ...rest];
}

/** The earliest deadline among active cases after `after` (exclusive), for the alarm. */
export async function nextCaseDueAt(db: KefuDatabase, after: number): Promise<number | undefined> {
  // Only active cases with an open timed step have a nextDueAt (see foldCase).
  const first = await db.cases.where('nextDueAt').above(after).first();
  return first?.nextDueAt;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/** Validates and stores a case row. Call inside a rw transaction on cases. */
async function saveCase(db: KefuDatabase, c: ComplaintCase): Promise<ComplaintCase> {
  const valid = parseOrThrow(ComplaintCase, c, 'The complaint case');
  await db.cases.put(valid);
  return valid;
}

const emptyToUndefined = (text: string | undefined): string | undefined => (text === undefined || text === '' ? undefined : text);

/**
 * Opens a case for a live customer from a live template: the template's
 * steps are copied with their deadlines fixed (openedAt + time limit), the
 * case takes the template's type, the `opened` event is written, and the
 * customer is tagged 已投诉 (unless their tag list is full: opening a
 * complaint must not fail for a tag) and, with an order, has it recorded.
 */
export async function openCase(db: KefuDatabase, customerId: string, draft: unknown, opts: WriteOptions): Promise<ComplaintCase> {
  const input = parseOrThrow(CaseDraft, draft, 'The complaint');
  const orderId = emptyToUndefined(input.orderId);
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.customers, db.checklistTemplates, db.cases, db.caseEvents], async () => {
    const customer = await getCustomer(db, customerId);
    const template = await getTemplate(db, input.templateId);
    const id = newId();
    const steps: CaseStep[] = template.steps.map((step) => ({
      ...step,
      ...(step.timeLimitMinutes === undefined ? {} : { dueAt: now + step.timeLimitMinutes * MINUTE }),
      values: {},
    }));
    const base: ComplaintCase = {
      id,
      customerId,
      ...(orderId === undefined ? {} : { orderId }),
      type: template.type,
      severity: input.severity,
      status: 'open',
      summary: input.summary,
      templateId: template.id,
      templateName: template.name,
      steps,
      openedAt: now,
      openedBy: opts.author,
      createdAt: now,
      updatedAt: now,
      author: opts.author,
    };
    const opened = StoredCaseEvent.parse({ id: newId(), caseId: id, createdAt: now, updatedAt: now, author: opts.author, kind: 'opened', severity: input.severity });
    const saved = await saveCase(db, foldCase(base, [opened]));
    await db.caseEvents.add(opened);
    if (!customer.tags.some((t) => t.name === COMPLAINED_TAG) && customer.tags.length < MAX_CUSTOMER_TAGS) {
      await setCustomerTags(db, customerId, [...customer.tags, { name: COMPLAINED_TAG }], { ...opts, now });
    }
    if (orderId !== undefined) await touchOrderInTransaction(db, customerId, orderId, { ...opts, now });
    return saved;
  });
}

/**
 * Appends one event to a live case and re-derives the row, in one
 * transaction. `decide` sees the current case and returns the event to
 * append; it throws to refuse the write, or returns undefined when there is
 * nothing to write (the case already is as asked): the case comes back as is.
 *
 * The event's time is now, but never before the case's latest event: the
 * agent's own change must show even when their clock is behind a colleague's.
 */
async function appendEvent(
  db: KefuDatabase,
  caseId: string,
  opts: WriteOptions,
  decide: (current: ComplaintCase) => CaseEventBody | undefined,
): Promise<ComplaintCase> {
  const now = opts.now ?? Date.now();
  return db.transaction('rw', [db.cases, db.caseEvents], async () => {
    const current = await getCase(db, caseId);
    const decided = decide(current);
    if (decided === undefined) return current;
    const body = parseOrThrow(CaseEvent, decided, 'The change');
    const events = await caseEventsOf(db, caseId).toArray();
    const at = Math.max(now, ...events.map((e) => e.createdAt + 1));
    const event = StoredCaseEvent.parse({ ...body, id: newId(), caseId, createdAt: at, updatedAt: at, author: opts.author });
    await db.caseEvents.add(event);
    const next = foldCase(current, [...events, event]);
    return saveCase(db, { ...next, updatedAt: nextUpdatedAt(at, current), author: opts.author });
  });
}

function stepIn(c: ComplaintCase, stepId: string): CaseStep {
  const step = c.steps.find((s) => s.id === stepId);
  if (step === undefined) throw invalid('stepId', 'step-not-found');
  return step;
}

function assertNotClosed(c: ComplaintCase): void {
  if (c.status === 'closed') throw invalid('status', 'case-closed');
}

/** Ticks a step (who and when are recorded) or unticks it. Ticking a ticked step keeps the first tick. */
export async function setStepDone(db: KefuDatabase, caseId: string, stepId: string, done: boolean, opts: WriteOptions): Promise<ComplaintCase> {
  return appendEvent(db, caseId, opts, (c) => {
    assertNotClosed(c);
    if ((stepIn(c, stepId).doneAt !== undefined) === done) return undefined;
    return done ? { kind: 'step-done', stepId } : { kind: 'step-undone', stepId };
  });
}

/**
 * Sets a step's field. Checked by the field's kind: a choice must be one of
 * its options, money a non-negative amount with at most two decimals
 * (checkFieldValue). The value is trimmed; '' clears the field.
 */
export async function setStepField(
  db: KefuDatabase,
  caseId: string,
  stepId: string,
  fieldKey: string,
  value: string,
  opts: WriteOptions,
): Promise<ComplaintCase> {
  return appendEvent(db, caseId, opts, (c) => {
    assertNotClosed(c);
    const step = stepIn(c, stepId);
    const field = step.fields.find((f) => f.key === fieldKey);
    if (field === undefined) throw invalid('fieldKey', 'field-not-found');
    const clean = checkFieldValue(field, value);
    if ((step.values[fieldKey] ?? '') === clean) return undefined;
    return { kind: 'field-set', stepId, field: fieldKey, value: clean };
  });
}

/**
 * Moves the case to `status`. A closed case only moves to `reopened`, and only
 * a closed case can be reopened. Closing needs every required step ticked and
 * every required field filled (see missingForClosing), else an AppError
 * 'case-incomplete' whose fields name them.
 */
export async function setCaseStatus(db: KefuDatabase, caseId: string, status: CaseStatus, opts: WriteOptions): Promise<ComplaintCase> {
  const parsed = CaseStatus.safeParse(status);
  if (!parsed.success) throw invalid('status', 'status-invalid');
  return appendEvent(db, caseId, opts, (c) => {
    if (c.status === parsed.data) return undefined;
    if (c.status === 'closed' && parsed.data !== 'reopened') throw invalid('status', 'case-closed');
    if (parsed.data === 'reopened' && c.status !== 'closed') throw invalid('status', 'case-not-closed');
    if (parsed.data === 'closed') {
      const missing = missingForClosing(c);
      if (Object.keys(missing).length > 0) throw new AppError('case-incomplete', incompleteMessage(c, missing), missing);
    }
    return { kind: 'status', status: parsed.data };
  });
}

/** Reopens a closed case (status `reopened`, which counts as open everywhere). */
export async function reopenCase(db: KefuDatabase, caseId: string, opts: WriteOptions): Promise<ComplaintCase> {
  return setCaseStatus(db, caseId, 'reopened', opts);
}

export async function setCaseSeverity(db: KefuDatabase, caseId: string, severity: Severity, opts: WriteOptions): Promise<ComplaintCase> {
  const parsed = Severity.safeParse(severity);
  if (!parsed.success) throw invalid('severity', 'severity-invalid');
  return appendEvent(db, caseId, opts, (c) => {
    assertNotClosed(c);
    return c.severity === parsed.data ? undefined : { kind: 'severity', severity: parsed.data };
  });
}

/**
 * Rewrites what the buyer complains about (the case opens with it empty from
 * the sidebar's two-click "new complaint"). Allowed on a closed case too, like
 * notes: the record is often completed afterwards. The same text is no write.
 */
export async function setCaseSummary(db: KefuDatabase, caseId: string, text: string, opts: WriteOptions): Promise<ComplaintCase> {
  const body = parseOrThrow(CaseEvent, { kind: 'summary', text }, 'The complaint');
  return appendEvent(db, caseId, opts, (c) => (body.kind === 'summary' && body.text === c.summary ? undefined : body));
}

/** A note in the case's history; allowed on a closed case too (the root cause is often written after closing). */
export async function addCaseNote(db: KefuDatabase, caseId: string, text: string, opts: WriteOptions): Promise<ComplaintCase> {
  const body = parseOrThrow(CaseEvent, { kind: 'note', text }, 'The note');
  return appendEvent(db, caseId, opts, () => body);
}

/** Records that a step's reply was inserted into the chat (history only; the step is not ticked). */
export async function recordStepReply(db: KefuDatabase, caseId: string, stepId: string, replyId: string, opts: WriteOptions): Promise<ComplaintCase> {
  return appendEvent(db, caseId, opts, (c) => {
    stepIn(c, stepId);
    return { kind: 'reply-inserted', stepId, replyId };
  });
}
