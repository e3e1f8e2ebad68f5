import { caseHistory } from '../db/cases';
import type { ComplaintCase, StoredCaseEvent } from '../db/complaint-records';
import { isLiveCustomer } from '../db/customers';
import type { KefuDatabase } from '../db/database';
import { t, type Lang } from '../i18n/messages';
import { caseTable, historyTable, type CaseExportContext } from './cases';
import { toCsv } from './csv';
import { formatLocalDateTime } from './table';

/**
 * The workbench's "export cases": reads what the tables need (customer names,
 * every case's history, reply titles) in one read transaction, then builds the
 * file. exceljs is large (≈1 MB): it is imported only when an Excel file is
 * asked for, so the workbench opens without it.
 */

export interface ExportFile {
  name: string;
  mime: string;
  data: string | Uint8Array;
}

export async function loadCaseExportContext(db: KefuDatabase, cases: readonly ComplaintCase[], lang: Lang, now: number): Promise<CaseExportContext> {
  return db.transaction('r', [db.customers, db.cases, db.caseEvents, db.replies], async () => {
    const customerIds = [...new Set(cases.map((c) => c.customerId))];
    const customers = await db.customers.bulkGet(customerIds);
    const names = new Map<string, string>();
    for (const row of customers) if (isLiveCustomer(row)) names.set(row.id, row.displayName);

    const histories = new Map<string, StoredCaseEvent[]>();
    for (const c of cases) histories.set(c.id, await caseHistory(db, c.id));

    const replyIds = [...new Set([...histories.values()].flatMap((events) => events.flatMap((e) => (e.kind === 'reply-inserted' ? [e.replyId] : []))))];
    const replies = await db.replies.bulkGet(replyIds);
    const titles = new Map<string, string>();
    for (const r of replies) if (r && r.deletedAt === undefined) titles.set(r.id, r.title);

    return { lang, now, histories, customerName: (id) => names.get(id) ?? '', replyTitle: (id) => titles.get(id) };
  });
}

/** "complaints-2026-11-30-0905" / "投诉-2026-11-30-0905" (no colon: Windows refuses it in file names). */
export function exportFileBase(lang: Lang, now: number): string {
  return t(lang, 'export.fileName', { date: formatLocalDateTime(now).replace(' ', '-').replace(':', '') });
}

export async function exportCasesCsv(db: KefuDatabase, cases: readonly ComplaintCase[], lang: Lang, now: number): Promise<ExportFile> {
  const ctx = await loadCaseExportContext(db, cases, lang, now);
  return { name: `${exportFileBase(lang, now)}.csv`, mime: 'text/csv;charset=utf-8', data: toCsv(caseTable(cases, ctx)) };
}

export async function exportCasesXlsx(db: KefuDatabase, cases: readonly ComplaintCase[], lang: Lang, now: number, creator = ''): Promise<ExportFile> {
  const ctx = await loadCaseExportContext(db, cases, lang, now);
  const { toXlsx } = await import('./xlsx');
  const data = await toXlsx(
    [
      { name: t(lang, 'export.sheet.cases'), table: caseTable(cases, ctx) },
      { name: t(lang, 'export.sheet.history'), table: historyTable(cases, ctx) },
    ],
    { creator, now },
  );
  return { name: `${exportFileBase(lang, now)}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data };
}
