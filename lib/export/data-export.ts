import * as z from 'zod';
import { adapterById } from '../adapters';
import { isLiveCustomer } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import { allStoredNotes } from '../db/note-packs';
import { ComplaintCase, StoredCaseEvent } from '../db/complaint-records';
import { Customer, FollowUp, Note, type StoredCustomer } from '../db/records';
import { t, type Lang, type MessageKey } from '../i18n/messages';
import { exportCasesCsv, exportCasesXlsx, type ExportFile } from './case-export';
import { toCsv } from './csv';
import { formatLocalDateTime, type Cell, type Column, type ExportTable } from './table';

/**
 * The data page's exports (issue 5): customer records, their notes, follow-ups
 * and complaint cases, as CSV (Excel-friendly UTF-8), Excel or JSON, for a
 * supervisor to read and count. Live records only (no deleted notes, no erased
 * customers' tombstones): the full backup is what keeps everything. Cases reuse
 * the workbench's case export (case-export.ts). JSON is versioned and carries
 * the records as their schemas define them, without the search tokens the
 * database keeps for its indexes.
 */
export type DataKind = 'customers' | 'notes' | 'followUps' | 'cases';
export type DataFormat = 'csv' | 'xlsx' | 'json';
export const DATA_KINDS: readonly DataKind[] = ['customers', 'notes', 'followUps', 'cases'];
export const DATA_FORMATS: readonly DataFormat[] = ['csv', 'xlsx', 'json'];

export const DATA_EXPORT_FORMAT = 'kefu-data-export';

export const DataExport = z.discriminatedUnion('kind', [
  z.object({ format: z.literal(DATA_EXPORT_FORMAT), version: z.literal(1), kind: z.literal('customers'), exportedAt: z.number(), rows: z.array(Customer) }),
  z.object({ format: z.literal(DATA_EXPORT_FORMAT), version: z.literal(1), kind: z.literal('notes'), exportedAt: z.number(), rows: z.array(Note) }),
  z.object({ format: z.literal(DATA_EXPORT_FORMAT), version: z.literal(1), kind: z.literal('followUps'), exportedAt: z.number(), rows: z.array(FollowUp) }),
  z.object({
    format: z.literal(DATA_EXPORT_FORMAT),
    version: z.literal(1),
    kind: z.literal('cases'),
    exportedAt: z.number(),
    rows: z.array(ComplaintCase),
    /** Every case's history, oldest first. */
    caseEvents: z.array(StoredCaseEvent),
  }),
]);
export type DataExport = z.infer<typeof DataExport>;

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const col = (lang: Lang, key: MessageKey, kind: Column['kind'] = 'text'): Column => ({ header: t(lang, key), kind });
const byCreated = <T extends { createdAt: number; id: string }>(a: T, b: T) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);

export function customerTable(customers: readonly Customer[], lang: Lang): ExportTable {
  return {
    columns: [
      col(lang, 'data.export.col.id'),
      col(lang, 'data.export.col.customer'),
      col(lang, 'data.export.col.platform'),
      col(lang, 'data.export.col.shop'),
      col(lang, 'data.export.col.buyerId'),
      col(lang, 'data.export.col.nickname'),
      col(lang, 'data.export.col.tags'),
      col(lang, 'data.export.col.preferences'),
      col(lang, 'data.export.col.orders'),
      col(lang, 'data.export.col.lastSeenAt', 'datetime'),
      col(lang, 'data.export.col.createdAt', 'datetime'),
      col(lang, 'data.export.col.updatedAt', 'datetime'),
      col(lang, 'data.export.col.author'),
    ],
    rows: customers.map((c): Cell[] => [
      c.id,
      c.displayName,
      adapterById(c.platform)?.name[lang] ?? c.platform,
      c.shop,
      c.buyerId,
      c.nickname,
      c.tags.map((tag) => tag.name).join(', '),
      Object.entries(c.preferences)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
      c.orders.map((o) => (o.status ? `${o.orderId} (${o.status})` : o.orderId)).join(', '),
      c.lastSeenAt,
      c.createdAt,
      c.updatedAt,
      c.author,
    ]),
  };
}

export function noteTable(notes: readonly Note[], customerName: (id: string) => string, lang: Lang): ExportTable {
  return {
    columns: [
      col(lang, 'data.export.col.id'),
      col(lang, 'data.export.col.customerId'),
      col(lang, 'data.export.col.customer'),
      col(lang, 'data.export.col.text'),
      col(lang, 'data.export.col.order'),
      col(lang, 'data.export.col.pinned'),
      col(lang, 'data.export.col.createdAt', 'datetime'),
      col(lang, 'data.export.col.author'),
      col(lang, 'data.export.col.editedAt', 'datetime'),
    ],
    rows: notes.map((n): Cell[] => [
      n.id,
      n.customerId,
      customerName(n.customerId),
      n.text,
      n.orderId,
      n.pinned ? t(lang, 'data.export.yes') : '',
      n.createdAt,
      n.author,
      n.editedAt,
    ]),
  };
}

export function followUpTable(followUps: readonly FollowUp[], customerName: (id: string) => string, lang: Lang): ExportTable {
  return {
    columns: [
      col(lang, 'data.export.col.id'),
      col(lang, 'data.export.col.customerId'),
      col(lang, 'data.export.col.customer'),
      col(lang, 'data.export.col.dueAt', 'datetime'),
      col(lang, 'data.export.col.reason'),
      col(lang, 'data.export.col.status'),
      col(lang, 'data.export.col.doneAt', 'datetime'),
      col(lang, 'data.export.col.doneBy'),
      col(lang, 'data.export.col.createdAt', 'datetime'),
      col(lang, 'data.export.col.author'),
    ],
    rows: followUps.map((f): Cell[] => [
      f.id,
      f.customerId,
      customerName(f.customerId),
      f.remindAt,
      f.reason,
      t(lang, `data.export.status.${f.status}`),
      f.doneAt,
      f.doneBy,
      f.createdAt,
      f.author,
    ]),
  };
}

interface Loaded {
  customers: StoredCustomer[];
  names: Map<string, string>;
}

async function liveCustomers(db: KefuDatabase): Promise<Loaded> {
  const customers = (await db.customers.toArray()).filter(isLiveCustomer).sort(byCreated);
  return { customers, names: new Map(customers.map((c) => [c.id, c.displayName])) };
}

/** "客户档案-2026-11-30-0905" (no colon: Windows refuses it in file names). */
function fileBase(kind: DataKind, lang: Lang, now: number): string {
  return t(lang, `data.export.fileName.${kind}`, { date: formatLocalDateTime(now).replace(' ', '-').replace(':', '') });
}

function jsonFile(kind: DataKind, lang: Lang, now: number, body: DataExport): ExportFile {
  return { name: `${fileBase(kind, lang, now)}.json`, mime: 'application/json', data: `${JSON.stringify(DataExport.parse(body), null, 2)}\n` };
}

async function tableFile(kind: DataKind, format: 'csv' | 'xlsx', table: ExportTable, lang: Lang, now: number, creator: string): Promise<ExportFile> {
  const name = fileBase(kind, lang, now);
  if (format === 'csv') return { name: `${name}.csv`, mime: 'text/csv;charset=utf-8', data: toCsv(table) };
  // exceljs (≈1 MB) is loaded only when an Excel file is asked for.
  const { toXlsx } = await import('./xlsx');
  return { name: `${name}.xlsx`, mime: XLSX_MIME, data: await toXlsx([{ name: t(lang, `data.export.${kind}`), table }], { creator, now }) };
}

/** One export of the data page: `kind` of records as a `format` file. */
export async function exportData(
  db: KefuDatabase,
  kind: DataKind,
  format: DataFormat,
  opts: { lang: Lang; now: number; creator?: string },
): Promise<ExportFile> {
  const { lang, now } = opts;
  const creator = opts.creator ?? '';
  if (kind === 'cases') {
    const cases = (await db.cases.toArray()).filter((c) => c.deletedAt === undefined).sort(byCreated);
    if (format === 'csv') return exportCasesCsv(db, cases, lang, now);
    if (format === 'xlsx') return exportCasesXlsx(db, cases, lang, now, creator);
    const ids = new Set(cases.map((c) => c.id));
    const events = (await db.caseEvents.toArray()).filter((e) => ids.has(e.caseId)).sort((a, b) => a.caseId.localeCompare(b.caseId) || byCreated(a, b));
    return jsonFile(kind, lang, now, { format: DATA_EXPORT_FORMAT, version: 1, kind, exportedAt: now, rows: cases, caseEvents: events });
  }
  const { customers, names } = await liveCustomers(db);
  const customerName = (id: string) => names.get(id) ?? '';
  if (kind === 'customers') {
    if (format === 'json') return jsonFile(kind, lang, now, { format: DATA_EXPORT_FORMAT, version: 1, kind, exportedAt: now, rows: customers });
    return tableFile(kind, format, customerTable(customers, lang), lang, now, creator);
  }
  if (kind === 'notes') {
    const notes = (await allStoredNotes(db)).filter((n) => n.deletedAt === undefined && names.has(n.customerId)).sort(byCreated);
    if (format === 'json') return jsonFile(kind, lang, now, { format: DATA_EXPORT_FORMAT, version: 1, kind, exportedAt: now, rows: notes });
    return tableFile(kind, format, noteTable(notes, customerName, lang), lang, now, creator);
  }
  const followUps = (await db.followUps.toArray()).filter((f) => f.deletedAt === undefined && names.has(f.customerId)).sort(byCreated);
  if (format === 'json') return jsonFile(kind, lang, now, { format: DATA_EXPORT_FORMAT, version: 1, kind, exportedAt: now, rows: followUps });
  return tableFile(kind, format, followUpTable(followUps, customerName, lang), lang, now, creator);
}
