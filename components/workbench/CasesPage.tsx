import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { isActiveCase, isCaseOverdue, listCases, nextOpenStep } from '@/lib/db/cases';
import { CaseStatus, ComplaintType, type ComplaintCase } from '@/lib/db/complaint-records';
import type { KefuDatabase } from '@/lib/db/database';
import { exportCasesCsv, exportCasesXlsx, type ExportFile } from '@/lib/export/case-export';
import { log } from '@/lib/log';
import { severityLabel, statusLabel, StepCountdown, typeLabel, when } from '@/components/sidebar/CaseParts';
import { useLang, useT } from '@/components/sidebar/i18n';
import { useNow } from '@/components/sidebar/use-now';
import { EMPTY_CASE_FILTER, isFiltered, toCaseFilter, type CaseFilterState } from './case-filter';
import { customersById } from './customer-names';
import { downloadFile } from './download';

export interface CasesPageProps {
  db: KefuDatabase;
  filter: CaseFilterState;
  onFilter(filter: CaseFilterState): void;
  onOpen(caseId: string): void;
  /** The agent's name, written into the Excel file's properties. */
  author?: string;
  /** Where an export goes (the browser's downloads by default; tests catch it). */
  onDownload?(file: ExportFile): void;
  /** A fixed time instead of the clock (tests). */
  now?: number;
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));

/**
 * All complaint cases (投诉), overdue first then newest, with filters by
 * status, type, agent, overdue and opening date, and export of what the
 * filters show as CSV or Excel for the supervisor's review.
 */
export function CasesPage({ db, filter, onFilter, onOpen, author = '', onDownload = downloadFile, now: fixedNow }: CasesPageProps) {
  const t = useT();
  const lang = useLang();
  const now = useNow(fixedNow);
  const query = toCaseFilter(filter);
  const cases = useLiveQuery(() => listCases(db, query, now), [db, JSON.stringify(query), now]);
  // Agents to filter by: whoever opened a case (one read of the table, not per filter change).
  const agents = useLiveQuery(async () => [...new Set((await listCases(db, {}, 0)).map((c) => c.openedBy).filter((a) => a !== ''))].sort(), [db]);
  const customers = useLiveQuery(() => customersById(db, (cases ?? []).map((c) => c.customerId)), [db, cases]);
  const [exporting, setExporting] = useState<'csv' | 'xlsx' | null>(null);
  const [error, setError] = useState<string | null>(null);

  const set = (patch: Partial<CaseFilterState>) => onFilter({ ...filter, ...patch });

  const runExport = (format: 'csv' | 'xlsx') => {
    if (!cases || cases.length === 0) return;
    setExporting(format);
    setError(null);
    const at = fixedNow ?? Date.now();
    const build = format === 'csv' ? exportCasesCsv(db, cases, lang, at) : exportCasesXlsx(db, cases, lang, at, author);
    build
      .then((file) => onDownload(file))
      .catch((err: unknown) => {
        log.error('case export failed', err, { format });
        setError(t('workbench.export.failed', { message: err instanceof Error ? err.message : String(err) }));
      })
      .finally(() => setExporting(null));
  };

  const dateError = query.from !== undefined && query.to !== undefined && query.from > query.to;

  return (
    <section className="wb-page" data-testid="cases-page">
      <header className="wb-page-head">
        <h1>{t('workbench.cases.title')}</h1>
        <div className="wb-actions">
          <button type="button" data-testid="export-csv" disabled={!cases?.length || exporting !== null} onClick={() => runExport('csv')}>
            {exporting === 'csv' ? t('workbench.export.busy') : t('workbench.export.csv')}
          </button>
          <button type="button" data-testid="export-xlsx" disabled={!cases?.length || exporting !== null} onClick={() => runExport('xlsx')}>
            {exporting === 'xlsx' ? t('workbench.export.busy') : t('workbench.export.xlsx')}
          </button>
        </div>
      </header>

      <form className="wb-filters" data-testid="case-filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('workbench.filter.status')}</legend>
          {CaseStatus.options.map((s) => (
            <label key={s} className="chip">
              <input type="checkbox" data-testid="filter-status" value={s} checked={filter.status.includes(s)} onChange={(e) => set({ status: toggle(filter.status, s, e.target.checked) })} />
              {statusLabel(t, s)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('workbench.filter.type')}</legend>
          {ComplaintType.options.map((type) => (
            <label key={type} className="chip">
              <input type="checkbox" data-testid="filter-type" value={type} checked={filter.type.includes(type)} onChange={(e) => set({ type: toggle(filter.type, type, e.target.checked) })} />
              {typeLabel(t, type)}
            </label>
          ))}
        </fieldset>
        <div className="wb-filter-row">
          <label>
            {t('workbench.filter.agent')}
            <select data-testid="filter-agent" value={filter.agent} onChange={(e) => set({ agent: e.target.value })}>
              <option value="">{t('workbench.filter.agent.all')}</option>
              {(agents ?? []).map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
              {filter.agent && !(agents ?? []).includes(filter.agent) ? <option value={filter.agent}>{filter.agent}</option> : null}
            </select>
          </label>
          <label>
            {t('workbench.filter.from')}
            <input type="date" data-testid="filter-from" value={filter.from} onChange={(e) => set({ from: e.target.value })} />
          </label>
          <label>
            {t('workbench.filter.to')}
            <input type="date" data-testid="filter-to" value={filter.to} aria-invalid={dateError || undefined} onChange={(e) => set({ to: e.target.value })} />
          </label>
          <label className="chip">
            <input type="checkbox" data-testid="filter-overdue" checked={filter.overdue} onChange={(e) => set({ overdue: e.target.checked })} />
            {t('workbench.filter.overdue')}
          </label>
          <button type="button" data-testid="filter-reset" disabled={!isFiltered(filter)} onClick={() => onFilter(EMPTY_CASE_FILTER)}>
            {t('workbench.filter.reset')}
          </button>
        </div>
        {dateError ? (
          <p className="field-error" data-testid="filter-date-error">
            {t('workbench.filter.dateOrder')}
          </p>
        ) : null}
      </form>

      {error ? (
        <p className="field-error" role="alert" data-testid="export-error">
          {error}
        </p>
      ) : null}

      {cases === undefined ? null : (
        <p className="wb-count" data-testid="case-count">
          {t('workbench.cases.count', { count: cases.length })}
        </p>
      )}
      {cases && cases.length === 0 ? (
        <p className="empty" data-testid="cases-empty">
          {isFiltered(filter) ? t('workbench.cases.noneMatch') : t('workbench.cases.none')}
        </p>
      ) : null}
      {cases && cases.length > 0 ? (
        <table className="wb-table cases-table">
          <thead>
            <tr>
              <th>{t('workbench.col.customer')}</th>
              <th>{t('workbench.col.type')}</th>
              <th>{t('workbench.col.severity')}</th>
              <th>{t('workbench.col.status')}</th>
              <th>{t('workbench.col.next')}</th>
              <th>{t('workbench.col.opened')}</th>
            </tr>
          </thead>
          <tbody>
            {cases.map((c) => (
              <CaseRow key={c.id} c={c} name={customers?.get(c.customerId)?.displayName} now={now} onOpen={onOpen} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function CaseRow({ c, name, now, onOpen }: { c: ComplaintCase; name: string | undefined; now: number; onOpen(id: string): void }) {
  const t = useT();
  const lang = useLang();
  const overdue = isCaseOverdue(c, now);
  const next = nextOpenStep(c);
  return (
    <tr className={overdue ? 'overdue' : ''} data-testid="case-row" data-case-id={c.id} data-status={c.status} data-overdue={overdue} onClick={() => onOpen(c.id)}>
      <td>
        <a
          href={`#/cases/${encodeURIComponent(c.id)}`}
          data-testid="case-open"
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            onOpen(c.id);
          }}
        >
          {name ?? t('workbench.customer.gone')}
        </a>
        {c.orderId ? <div className="muted small">{t('complaints.order', { order: c.orderId })}</div> : null}
      </td>
      <td>{typeLabel(t, c.type)}</td>
      <td>
        <span className={`badge severity-${c.severity}`}>{severityLabel(t, c.severity)}</span>
      </td>
      <td>
        <span className={`badge status-${c.status}`} data-testid="case-row-status">
          {statusLabel(t, c.status)}
        </span>
      </td>
      <td data-testid="case-row-next">
        {next && c.status !== 'closed' ? (
          <>
            <div>{next.title}</div>
            <StepCountdown step={next} now={now} active={isActiveCase(c)} />
          </>
        ) : (
          <span className="muted">{c.status === 'closed' ? t('workbench.cases.closedAt', { time: when(c.closedAt ?? c.updatedAt, lang) }) : t('workbench.cases.allDone')}</span>
        )}
      </td>
      <td>
        <div>{when(c.openedAt, lang)}</div>
        <div className="muted small">{c.openedBy || t('record.someone')}</div>
      </td>
    </tr>
  );
}
