import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useMemo, useRef, useState, type ChangeEvent } from 'react';
import type { KefuDatabase } from '@/lib/db/database';
import type { Reply } from '@/lib/db/records';
import { listReplies } from '@/lib/db/replies';
import { AppError } from '@/lib/errors';
import type { ExportFile } from '@/lib/export/case-export';
import { charLabel } from '@/lib/export/gbk';
import { exportRepliesCsv, exportRepliesJson, exportRepliesQianniu, exportRepliesXlsx, GBK_MARKER, type GbkLoss } from '@/lib/export/replies';
import type { MessageKey } from '@/lib/i18n/messages';
import type { ColumnMapping } from '@/lib/import/mapping';
import { DUPLICATE_CHOICES, type DuplicateChoice, type PlannedRow } from '@/lib/import/plan';
import { commitPlan, planPreview, previewFile, remapPreview, type ImportResult, type Preview } from '@/lib/import/preview';
import { IMPORT_FORMATS, ImportFileError, REPLY_FIELDS, type ImportFormat, type RowError } from '@/lib/import/rows';
import { detectFormat, type SourceFile } from '@/lib/import/source';
import { log } from '@/lib/log';
import { useLang, useT } from '@/components/sidebar/i18n';
import { downloadFile } from './download';
import './ImportPage.css';

export interface ImportPageProps {
  db: KefuDatabase;
  /** The agent's name from settings: the author of imported replies. */
  author: string;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
  /** Where an export goes (the browser's downloads by default; tests catch it). */
  onDownload?: (file: ExportFile) => void;
}

/** Rows shown in the preview and error lists; the rest are counted, not drawn. */
const SHOWN = 200;

type Step =
  | { kind: 'idle' }
  | { kind: 'busy'; label: MessageKey; done: number; total: number }
  | { kind: 'preview' }
  | { kind: 'writing'; done: number; total: number }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'cancelled' };

type Translate = ReturnType<typeof useT>;

function problemText(t: Translate, err: unknown): string {
  if (err instanceof ImportFileError) return t(err.key, err.params);
  if (err instanceof AppError && err.code === 'duplicate-code') return t('import.failed.changed');
  return t('import.failed', { message: err instanceof Error ? err.message : String(err) });
}

/**
 * Import and export of the reply library (导入导出): pick a file, see how it
 * was read (kind, encoding, columns), what each row will become and which rows
 * are refused and why, choose what to do with duplicates, then confirm; or
 * export the library in one of four formats. Nothing is written before the
 * confirm, and the write is one transaction.
 */
export function ImportPage({ db, author, now, onDownload = downloadFile }: ImportPageProps) {
  const t = useT();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [file, setFile] = useState<SourceFile | null>(null);
  const [detected, setDetected] = useState<ImportFormat | null>(null);
  const [format, setFormat] = useState<ImportFormat | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [choice, setChoice] = useState<DuplicateChoice>('skip');
  const [problem, setProblem] = useState<string | null>(null);
  // Only the latest read may land: a format or column change starts a new one.
  const run = useRef(0);
  const plan = useMemo(() => (preview ? planPreview(preview, choice) : null), [preview, choice]);
  const busy = step.kind === 'busy' || step.kind === 'writing';

  const load = (work: (onProgress: (done: number, total: number) => void) => Promise<Preview>) => {
    const mine = ++run.current;
    setProblem(null);
    setStep({ kind: 'busy', label: 'import.progress.reading', done: 0, total: 0 });
    const onProgress = (done: number, total: number) => {
      if (run.current === mine) setStep({ kind: 'busy', label: 'import.progress.checking', done, total });
    };
    work(onProgress).then(
      (result) => {
        if (run.current !== mine) return;
        setPreview(result);
        setStep({ kind: 'preview' });
      },
      (err: unknown) => {
        if (run.current !== mine) return;
        if (!(err instanceof ImportFileError)) log.error('import preview failed', err);
        setPreview(null);
        setProblem(problemText(t, err));
        setStep({ kind: 'idle' });
      },
    );
  };

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    if (!picked) return;
    setStep({ kind: 'busy', label: 'import.progress.reading', done: 0, total: 0 });
    picked.arrayBuffer().then(
      (buffer) => {
        const source = { name: picked.name, bytes: new Uint8Array(buffer) };
        const kind = detectFormat(source);
        setFile(source);
        setDetected(kind);
        setFormat(kind);
        setChoice('skip');
        load((onProgress) => previewFile(db, source, kind, { onProgress }));
      },
      (err: unknown) => {
        log.error('import file unreadable', err);
        setProblem(problemText(t, err));
        setStep({ kind: 'idle' });
      },
    );
  };

  const changeFormat = (next: ImportFormat) => {
    if (!file) return;
    setFormat(next);
    load((onProgress) => previewFile(db, file, next, { onProgress }));
  };

  const changeMapping = (mapping: ColumnMapping) => {
    if (!preview) return;
    load((onProgress) => remapPreview(db, preview, mapping, onProgress));
  };

  const reset = (next: Step) => {
    run.current += 1;
    setFile(null);
    setPreview(null);
    setDetected(null);
    setFormat(null);
    setProblem(null);
    setStep(next);
  };

  const confirm = () => {
    if (!preview || !plan) return;
    const total = plan.add.length + plan.replace.length;
    setStep({ kind: 'writing', done: 0, total });
    commitPlan(db, preview, plan, { author, now, onProgress: (done, all) => setStep({ kind: 'writing', done, total: all }) }).then(
      (result) => {
        reset({ kind: 'done', result });
      },
      (err: unknown) => {
        log.error('import failed', err, { rows: total });
        setProblem(problemText(t, err));
        setStep({ kind: 'preview' });
      },
    );
  };

  const count = plan ? plan.add.length + plan.replace.length : 0;
  const showPreview = preview && plan && (step.kind === 'preview' || step.kind === 'writing' || step.kind === 'busy');

  return (
    <section className="wb-page import-page" data-testid="import-page">
      <header className="wb-page-head">
        <h1>{t('import.title')}</h1>
      </header>
      <p className="import-intro">{t('import.intro')}</p>

      <div className="import-pick">
        <label className="import-file-label">
          <span>{t('import.file')}</span>
          <input
            type="file"
            data-testid="import-file"
            accept=".csv,.txt,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={busy}
            onChange={pick}
            // The same file may be picked again after a cancel.
            onClick={(e) => {
              e.currentTarget.value = '';
            }}
          />
        </label>
        <span className="import-hint">{t('import.file.hint')}</span>
      </div>

      {problem ? (
        <p className="field-error" role="alert" data-testid="import-problem">
          {problem}
        </p>
      ) : null}
      {step.kind === 'cancelled' ? (
        <p className="import-note" role="status" data-testid="import-cancelled">
          {t('import.cancelled')}
        </p>
      ) : null}
      {step.kind === 'done' ? <ResultSummary result={step.result} /> : null}

      {step.kind === 'busy' || step.kind === 'writing' ? (
        <div className="import-progress" data-testid="import-progress-box">
          <progress data-testid="import-progress" max={step.total || undefined} value={step.total ? step.done : undefined} />
          <span>
            {step.kind === 'writing'
              ? t('import.progress.writing', { done: step.done, total: step.total })
              : step.total
                ? t(step.label, { done: step.done, total: step.total })
                : t('import.progress.reading')}
          </span>
        </div>
      ) : null}

      {file && format ? (
        <div className="import-source" data-testid="import-source">
          <span>{t('import.file.name', { name: file.name })}</span>
          <label>
            {t('import.format')}
            <select data-testid="import-format" value={format} disabled={busy} onChange={(e) => changeFormat(e.target.value as ImportFormat)}>
              {IMPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t(`import.format.${f}` as MessageKey)}
                  {f === detected ? ` ${t('import.format.detected')}` : ''}
                </option>
              ))}
            </select>
          </label>
          {preview?.read.encoding ? (
            <span data-testid="import-encoding" data-encoding={preview.read.encoding}>
              {t('import.encoding', { encoding: t(`import.encoding.${preview.read.encoding}` as MessageKey) })}
            </span>
          ) : null}
        </div>
      ) : null}

      {showPreview && preview.read.table && preview.read.mapping ? (
        <MappingStep header={preview.read.table.header} mapping={preview.read.mapping} disabled={busy} onChange={changeMapping} />
      ) : null}

      {showPreview ? (
        <>
          <h2>{t('import.preview')}</h2>
          <p className="wb-count" data-testid="import-summary">
            {t('import.preview.summary', { total: preview.total, ok: preview.valid.length, bad: new Set(preview.errors.map((e) => e.row)).size })}
          </p>
          {plan.counts.duplicates > 0 ? (
            <fieldset className="import-dup" data-testid="import-duplicates" disabled={busy}>
              <legend>{t('import.dup', { count: plan.counts.duplicates })}</legend>
              {DUPLICATE_CHOICES.map((c) => (
                <label key={c}>
                  <input type="radio" name="import-dup" value={c} data-testid="import-dup-choice" checked={choice === c} onChange={() => setChoice(c)} />
                  {t(`import.dup.${c}` as MessageKey)}
                </label>
              ))}
            </fieldset>
          ) : null}
          <PreviewTable rows={plan.rows} />
          <ErrorList errors={preview.errors} />
          <div className="import-actions">
            <button type="button" className="primary" data-testid="import-confirm" disabled={busy || count === 0} onClick={confirm}>
              {preview.errors.length > 0 ? t('import.confirmSkipping', { count }) : t('import.confirm', { count })}
            </button>
            <button type="button" data-testid="import-cancel" disabled={step.kind === 'writing'} onClick={() => reset({ kind: 'cancelled' })}>
              {t('import.cancel')}
            </button>
            {count === 0 ? <span className="import-hint">{t('import.nothing')}</span> : null}
          </div>
        </>
      ) : null}

      <ExportSection db={db} author={author} now={now} onDownload={onDownload} />
    </section>
  );
}

function ResultSummary({ result }: { result: ImportResult }) {
  const t = useT();
  return (
    <div className="import-result" role="status" data-testid="import-result">
      <p>{t('import.result', { added: result.added, replaced: result.replaced, skipped: result.skipped })}</p>
      {result.refused > 0 ? <p>{t('import.result.errors', { count: result.refused })}</p> : null}
      {result.codeCleared > 0 ? <p>{t('import.result.codes', { count: result.codeCleared })}</p> : null}
    </div>
  );
}

/** A column's name in the select: its header, or its letter when the header is empty. */
const columnName = (header: string, index: number) => header || String.fromCharCode(65 + (index % 26));

function MappingStep({ header, mapping, disabled, onChange }: { header: string[]; mapping: ColumnMapping; disabled: boolean; onChange: (m: ColumnMapping) => void }) {
  const t = useT();
  return (
    <fieldset className="import-mapping" data-testid="import-mapping" disabled={disabled}>
      <legend>{t('import.mapping')}</legend>
      <p className="import-hint">{t('import.mapping.hint')}</p>
      <div className="import-mapping-grid">
        {REPLY_FIELDS.map((field) => (
          <label key={field}>
            <span>{t(`import.field.${field}` as MessageKey)}</span>
            <select
              data-testid={`import-map-${field}`}
              value={mapping[field] === null ? '' : String(mapping[field])}
              onChange={(e) => onChange({ ...mapping, [field]: e.target.value === '' ? null : Number(e.target.value) })}
            >
              <option value="">{t('import.mapping.none')}</option>
              {header.map((h, i) => (
                <option key={i} value={i}>
                  {columnName(h, i)}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {mapping.body === null ? (
        <p className="field-error" data-testid="import-mapping-error">
          {t('import.mapping.needBody')}
        </p>
      ) : null}
    </fieldset>
  );
}

function statusText(t: Translate, row: PlannedRow): string {
  const parts: string[] = [];
  if (row.supersededBy !== undefined) parts.push(t('import.status.superseded', { row: row.supersededBy }));
  else if (row.action === 'replace') {
    const title = row.duplicate?.reply?.title;
    parts.push(title !== undefined ? t('import.status.replace', { title }) : t('import.status.new'));
  } else if (row.action === 'skip') parts.push(t('import.status.skip'));
  else parts.push(t('import.status.new'));
  const dup = row.duplicate;
  if (dup && row.supersededBy === undefined && row.action !== 'replace') {
    if (dup.reply) parts.push(t(dup.by === 'code' ? 'import.status.dupCode' : 'import.status.dupContent', { title: dup.reply.title }));
    else if (dup.row !== undefined) parts.push(t('import.status.dupRow', { row: dup.row }));
  }
  return parts.join(' · ');
}

/** Memoised: the progress bar re-renders the page on every chunk written, the preview stays as it is. */
const PreviewTable = memo(function PreviewTable({ rows }: { rows: readonly PlannedRow[] }) {
  const t = useT();
  if (rows.length === 0) return null;
  return (
    <>
      <div className="import-table-wrap">
        <table className="wb-table import-table">
          <thead>
            <tr>
              <th>{t('import.col.row')}</th>
              <th>{t('import.field.title')}</th>
              <th>{t('import.field.body')}</th>
              <th>{t('import.field.group')}</th>
              <th>{t('import.field.code')}</th>
              <th>{t('import.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map((r) => (
              <tr key={r.row} data-testid="import-preview-row" data-row={r.row} data-action={r.action} className={`import-row-${r.action}`}>
                <td>{r.row}</td>
                <td>{r.draft.title}</td>
                <td className="import-body">{r.draft.body}</td>
                <td>{r.draft.group}</td>
                <td>
                  <code>{r.draft.code}</code>
                </td>
                <td data-testid="import-row-status">
                  {statusText(t, r)}
                  {r.clearedCode !== undefined ? <span className="import-warn"> · {t('import.status.codeCleared', { code: r.clearedCode })}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN ? <p className="wb-count">{t('import.preview.more', { shown: SHOWN, rest: rows.length - SHOWN })}</p> : null}
    </>
  );
});

const ErrorList = memo(function ErrorList({ errors }: { errors: readonly RowError[] }) {
  const t = useT();
  const byRow = useMemo(() => {
    const rows = new Map<number, RowError[]>();
    for (const e of errors) rows.set(e.row, [...(rows.get(e.row) ?? []), e]);
    return [...rows];
  }, [errors]);
  if (byRow.length === 0) return null;
  return (
    <div className="import-errors" data-testid="import-errors">
      <h2>{t('import.errors', { count: byRow.length })}</h2>
      <ul>
        {byRow.slice(0, SHOWN).map(([row, list]) => (
          <li key={row} data-testid="import-error" data-row={row}>
            <strong>{t('import.errors.row', { row })}</strong>
            {list.map((e) => (
              <span key={e.field}>
                {t(`import.field.${e.field}` as MessageKey)}：{t(e.reason)}
              </span>
            ))}
          </li>
        ))}
      </ul>
      {byRow.length > SHOWN ? <p className="wb-count">{t('import.errors.more', { count: byRow.length - SHOWN })}</p> : null}
    </div>
  );
});

type ExportKind = 'csv' | 'qianniu' | 'xlsx' | 'json';
const EXPORTS: readonly ExportKind[] = ['csv', 'qianniu', 'xlsx', 'json'];
/** Replies named in the GBK notice; the rest are counted. */
const SHOWN_LOST = 5;

/** A 千牛 export waiting for the agent's choice: some replies have characters GBK lacks. */
interface GbkChoice {
  replies: Reply[];
  at: number;
  gbk: ExportFile;
  lost: GbkLoss[];
  swapped: Array<[string, string]>;
}

function ExportSection({ db, author, now, onDownload }: { db: KefuDatabase; author: string; now?: number; onDownload: (file: ExportFile) => void }) {
  const t = useT();
  const lang = useLang();
  const count = useLiveQuery(() => db.replies.filter((r) => r.deletedAt === undefined).count(), [db]);
  const [exporting, setExporting] = useState<ExportKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<GbkChoice | null>(null);
  // Characters the last 千牛 file wrote in GBK's form (¥ as ￥), said once it is downloaded.
  const [swapped, setSwapped] = useState<Array<[string, string]>>([]);

  const runExport = (kind: ExportKind) => {
    setExporting(kind);
    setError(null);
    setChoice(null);
    setSwapped([]);
    listReplies(db)
      .then((replies): ExportFile | Promise<ExportFile> | null => {
        const at = now ?? Date.now();
        if (kind === 'csv') return exportRepliesCsv(replies, lang, at);
        if (kind === 'qianniu') {
          const { file, lost, swapped: forms } = exportRepliesQianniu(replies, lang, at);
          if (lost.length === 0) {
            setSwapped(forms);
            return file;
          }
          setChoice({ replies, at, gbk: file, lost, swapped: forms });
          return null;
        }
        if (kind === 'json') return exportRepliesJson(replies, lang, at);
        return exportRepliesXlsx(replies, lang, at, author);
      })
      .then((file) => {
        if (file) onDownload(file);
      })
      .catch((err: unknown) => {
        log.error('reply export failed', err, { kind });
        setError(t('import.export.failed', { message: err instanceof Error ? err.message : String(err) }));
      })
      .finally(() => setExporting(null));
  };

  const choose = (encoding: 'gbk' | 'utf-8') => {
    if (!choice) return;
    setChoice(null);
    try {
      onDownload(encoding === 'gbk' ? choice.gbk : exportRepliesQianniu(choice.replies, lang, choice.at, 'utf-8').file);
      if (encoding === 'gbk') setSwapped(choice.swapped);
    } catch (err: unknown) {
      log.error('reply export failed', err, { kind: 'qianniu', encoding });
      setError(t('import.export.failed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <div className="import-export" data-testid="import-export">
      <h2>{t('import.export')}</h2>
      <p className="wb-count">{count === 0 ? t('import.export.empty') : t('import.export.hint', { count: count ?? 0 })}</p>
      <div className="wb-actions">
        {EXPORTS.map((kind) => (
          <button key={kind} type="button" data-testid={`export-replies-${kind}`} disabled={!count || exporting !== null} onClick={() => runExport(kind)}>
            {t(`import.export.${kind}` as MessageKey)}
          </button>
        ))}
      </div>
      <p className="import-hint">{t('import.export.qianniuHint')}</p>
      {swapped.length > 0 ? (
        <p className="import-hint" role="status" data-testid="export-gbk-swapped">
          {t('import.export.gbkSwapped', { pairs: swapList(swapped, lang) })}
        </p>
      ) : null}
      {choice ? <GbkLossNotice lost={choice.lost} swapped={choice.swapped} onChoose={choose} onCancel={() => setChoice(null)} /> : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="import-export-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** `¥ → ￥、U+00A0 → U+0020`: characters and the GBK forms they are written in. */
function swapList(swapped: ReadonlyArray<readonly [string, string]>, lang: 'zh' | 'en'): string {
  return swapped.map(([from, to]) => `${charLabel(from)} → ${charLabel(to)}`).join(lang === 'zh' ? '、' : ', ');
}

function GbkLossNotice({
  lost,
  swapped,
  onChoose,
  onCancel,
}: {
  lost: readonly GbkLoss[];
  swapped: ReadonlyArray<readonly [string, string]>;
  onChoose: (encoding: 'gbk' | 'utf-8') => void;
  onCancel: () => void;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <div className="import-gbk" role="alert" data-testid="export-gbk-loss">
      <p>{t('import.export.gbkLoss', { count: lost.length })}</p>
      <ul>
        {lost.slice(0, SHOWN_LOST).map((l) => {
          const chars = l.chars.map(charLabel).join(' ');
          return (
            <li key={l.id} data-testid="export-gbk-lost">
              {l.code === '' ? t('import.export.gbkLoss.item', { title: l.title, chars }) : t('import.export.gbkLoss.itemCode', { title: l.title, code: l.code, chars })}
            </li>
          );
        })}
      </ul>
      {lost.length > SHOWN_LOST ? <p data-testid="export-gbk-more">{t('import.export.gbkLoss.more', { count: lost.length - SHOWN_LOST })}</p> : null}
      {swapped.length > 0 ? <p data-testid="export-gbk-swaps">{t('import.export.gbkLoss.swaps', { pairs: swapList(swapped, lang) })}</p> : null}
      <div className="wb-actions">
        <button type="button" className="primary" data-testid="export-gbk-marked" onClick={() => onChoose('gbk')}>
          {t('import.export.gbkLoss.gbk', { marker: GBK_MARKER })}
        </button>
        <button type="button" data-testid="export-gbk-utf8" onClick={() => onChoose('utf-8')}>
          {t('import.export.gbkLoss.utf8')}
        </button>
        <button type="button" data-testid="export-gbk-cancel" onClick={onCancel}>
          {t('import.export.gbkLoss.cancel')}
        </button>
      </div>
    </div>
  );
}
