import { isCaseOverdue, nextOpenStep } from '../db/cases';
import type { ComplaintCase, StoredCaseEvent } from '../db/complaint-records';
import { t, type Lang, type MessageKey } from '../i18n/messages';
import type { Cell, Column, ExportTable } from './table';

/**
 * Complaint cases as export tables, for the supervisor's review (issue 4):
 * one row per case with its step fields as columns, and the cases' history,
 * one row per event. Pure: the caller reads the database (loadCaseExport in
 * case-export.ts) and chooses the file format.
 */

export interface CaseExportContext {
  lang: Lang;
  now: number;
  /** The case's customer's display name ('' when the record is gone). */
  customerName: (customerId: string) => string;
  /** Each case's history, oldest first (caseHistory). */
  histories: ReadonlyMap<string, readonly StoredCaseEvent[]>;
  /** A reply's title, for "sent the reply …" (undefined once deleted). */
  replyTitle: (replyId: string) => string | undefined;
}

/* ------------------------------------------------------------------ */
/* Labels                                                              */
/* ------------------------------------------------------------------ */

export const typeText = (lang: Lang, c: Pick<ComplaintCase, 'type'>) => t(lang, `complaint.type.${c.type}` as MessageKey);
export const severityText = (lang: Lang, severity: ComplaintCase['severity']) => t(lang, `complaint.severity.${severity}` as MessageKey);
export const statusText = (lang: Lang, status: ComplaintCase['status']) => t(lang, `complaint.status.${status}` as MessageKey);

/** One line of a case's history, in `lang`: what happened (who and when are columns of their own). */
export function describeCaseEvent(lang: Lang, c: ComplaintCase, event: StoredCaseEvent, replyTitle: (id: string) => string | undefined): string {
  const step = (id: string) => c.steps.find((s) => s.id === id);
  const stepTitle = (id: string) => step(id)?.title ?? id;
  switch (event.kind) {
    case 'opened':
      return t(lang, 'case.event.opened', { template: c.templateName });
    case 'step-done':
      return t(lang, 'case.event.stepDone', { step: stepTitle(event.stepId) });
    case 'step-undone':
      return t(lang, 'case.event.stepUndone', { step: stepTitle(event.stepId) });
    case 'field-set': {
      const label = step(event.stepId)?.fields.find((f) => f.key === event.field)?.label ?? event.field;
      return event.value ? t(lang, 'case.event.fieldSet', { field: label, value: event.value }) : t(lang, 'case.event.fieldCleared', { field: label });
    }
    case 'status':
      return t(lang, 'case.event.status', { status: statusText(lang, event.status) });
    case 'severity':
      return t(lang, 'case.event.severity', { severity: severityText(lang, event.severity) });
    case 'summary':
      return event.text ? t(lang, 'case.event.summary', { text: event.text }) : t(lang, 'case.event.summaryCleared');
    case 'note':
      return t(lang, 'case.event.note', { text: event.text });
    case 'reply-inserted':
      return t(lang, 'case.event.reply', { step: stepTitle(event.stepId), reply: replyTitle(event.replyId) ?? t(lang, 'case.event.replyGone') });
  }
}

/* ------------------------------------------------------------------ */
/* Tables                                                              */
/* ------------------------------------------------------------------ */

const text = (lang: Lang, key: MessageKey): Column => ({ header: t(lang, key), kind: 'text' });
const datetime = (lang: Lang, key: MessageKey): Column => ({ header: t(lang, key), kind: 'datetime' });

/** A money field's value as a number (Excel sums it); anything else as typed. */
const fieldCell = (kind: string, value: string | undefined): Cell => {
  if (value === undefined || value === '') return undefined;
  return kind === 'money' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
};

/**
 * One row per case. The step fields become columns named "step · field": cases
 * opened from different templates share a column when step and field are named
 * alike (the compensation amount of every kind of complaint in one column),
 * in the order they first appear.
 */
export function caseTable(cases: readonly ComplaintCase[], ctx: CaseExportContext): ExportTable {
  const { lang } = ctx;
  const fixed: Column[] = [
    text(lang, 'export.col.id'),
    text(lang, 'export.col.customer'),
    text(lang, 'export.col.order'),
    text(lang, 'export.col.type'),
    text(lang, 'export.col.severity'),
    text(lang, 'export.col.status'),
    text(lang, 'export.col.overdue'),
    text(lang, 'export.col.template'),
    text(lang, 'export.col.summary'),
    datetime(lang, 'export.col.openedAt'),
    text(lang, 'export.col.openedBy'),
    datetime(lang, 'export.col.closedAt'),
    text(lang, 'export.col.stepsDone'),
    text(lang, 'export.col.nextStep'),
    datetime(lang, 'export.col.nextDue'),
  ];

  const fieldColumns = new Map<string, { index: number; kind: string }>();
  for (const c of cases) {
    for (const step of c.steps) {
      for (const field of step.fields) {
        const header = `${step.title} · ${field.label}`;
        if (!fieldColumns.has(header)) fieldColumns.set(header, { index: fixed.length + fieldColumns.size, kind: field.kind });
      }
    }
  }
  const columns: Column[] = [
    ...fixed,
    ...[...fieldColumns].map(([header, { kind }]): Column => ({ header, kind: kind === 'money' ? 'number' : 'text' })),
  ];

  const rows = cases.map((c): Cell[] => {
    const next = nextOpenStep(c);
    const done = c.steps.filter((s) => s.doneAt !== undefined).length;
    const row: Cell[] = [
      c.id,
      ctx.customerName(c.customerId),
      c.orderId,
      typeText(lang, c),
      severityText(lang, c.severity),
      statusText(lang, c.status),
      isCaseOverdue(c, ctx.now) ? t(lang, 'export.yes') : '',
      c.templateName,
      c.summary,
      c.openedAt,
      c.openedBy,
      c.closedAt,
      `${done}/${c.steps.length}`,
      next?.title,
      c.nextDueAt,
    ];
    for (const step of c.steps) {
      for (const field of step.fields) {
        const column = fieldColumns.get(`${step.title} · ${field.label}`)!;
        row[column.index] = fieldCell(field.kind, step.values[field.key]);
      }
    }
    return columns.map((_, i) => row[i]);
  });
  return { columns, rows };
}

/** The cases' history, one row per event, case by case in the order given, each case's events oldest first. */
export function historyTable(cases: readonly ComplaintCase[], ctx: CaseExportContext): ExportTable {
  const { lang } = ctx;
  const columns: Column[] = [
    text(lang, 'export.col.id'),
    text(lang, 'export.col.customer'),
    datetime(lang, 'export.col.time'),
    text(lang, 'export.col.author'),
    text(lang, 'export.col.event'),
  ];
  const rows: Cell[][] = [];
  for (const c of cases) {
    for (const event of ctx.histories.get(c.id) ?? []) {
      rows.push([c.id, ctx.customerName(c.customerId), event.createdAt, event.author, describeCaseEvent(lang, c, event, ctx.replyTitle)]);
    }
  }
  return { columns, rows };
}
