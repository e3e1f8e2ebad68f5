import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type ChangeEvent } from 'react';
import { useLang, useT } from '@/components/sidebar/i18n';
import { useNow } from '@/components/sidebar/use-now';
import {
  BackupFileError,
  clearAllData,
  createBackup,
  previewRestore,
  readBackup,
  restoreBackup,
  type BackupProgress,
  type ParsedBackup,
  type PreviewRow,
  type RowProblem,
} from '@/lib/backup/backup';
import { backupDueAt, loadBackupReminder, onBackupReminderChanged, recordBackup, setBackupReminderEnabled, type BackupReminder } from '@/lib/backup/reminder';
import { formatBytes, readStorage, type StorageFacts, type StorageLike } from '@/lib/backup/storage';
import type { KefuDatabase } from '@/lib/db/database';
import { getSyncState } from '@/lib/db/sync-state';
import type { ExportFile } from '@/lib/export/case-export';
import { DATA_FORMATS, DATA_KINDS, exportData, type DataFormat, type DataKind } from '@/lib/export/data-export';
import { formatLocalDateTime } from '@/lib/export/table';
import { zh, type MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import { sendToBackground } from '@/lib/messaging/bus';
import { downloadFile } from './download';
import './DataPage.css';

export interface DataPageProps {
  db: KefuDatabase;
  /** The agent's name from settings: the creator of Excel files. */
  author: string;
  /** A fixed time instead of the clock (tests). */
  now?: number;
  /** Where files go (the browser's downloads by default; tests catch them). */
  onDownload?: (file: ExportFile) => void;
  /** The browser's StorageManager (a fake in tests). */
  storage?: StorageLike;
}

type Restore =
  | { step: 'idle' }
  | { step: 'reading'; progress?: BackupProgress }
  | { step: 'preview'; backup: ParsedBackup; rows: PreviewRow[] }
  | { step: 'restoring'; progress?: BackupProgress }
  | { step: 'done'; count: number; hash: string; verified: boolean; migrated: boolean; resync: boolean }
  | { step: 'error'; message: string; problems: RowProblem[]; more: number };

/** The fixed time of tests, else the clock, read when an action runs. */
const timeOfWrite = (fixed: number | undefined) => fixed ?? Date.now();
const short = (hash: string) => hash.slice(0, 12);
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The table's label ("客户档案"), or its name for a table this page has no label for. */
function useTableLabel(): (table: string) => string {
  const t = useT();
  return (table) => {
    const key = `data.table.${table}`;
    return key in zh ? t(key as MessageKey) : table;
  };
}

function useProgressText(): (p: BackupProgress | undefined) => string {
  const t = useT();
  return (p) => (p ? t(`data.progress.${p.phase}`, { done: p.done, total: p.total }) : '');
}

/**
 * The data page (数据与备份, #/data): the full backup and its restore with a
 * preview, exports of customers, notes, follow-ups and cases, the weekly
 * backup reminder's switch, and storage (use, persistence, clear all data).
 */
export function DataPage({ db, author, now: fixedNow, onDownload = downloadFile, storage = navigator.storage }: DataPageProps) {
  const t = useT();
  return (
    <section className="wb-page data-page" data-testid="data-page">
      <header className="wb-page-head">
        <h1>{t('data.title')}</h1>
      </header>
      <BackupSection db={db} fixedNow={fixedNow} onDownload={onDownload} />
      <RestoreSection db={db} fixedNow={fixedNow} onDownload={onDownload} />
      <ExportSection db={db} author={author} fixedNow={fixedNow} onDownload={onDownload} />
      <StorageSection db={db} fixedNow={fixedNow} onDownload={onDownload} storage={storage} />
    </section>
  );
}

interface SectionProps {
  db: KefuDatabase;
  fixedNow?: number;
  onDownload: (file: ExportFile) => void;
}

/** Downloads a full backup and records it for the weekly reminder. */
/** Signed in to team sync, and how many changes wait for upload: a restore or clearing works differently then. */
function useSyncSession(db: KefuDatabase): { enabled: boolean; pending: number } | undefined {
  return useLiveQuery(async () => ({ enabled: (await getSyncState(db)).enabled, pending: await db.outbox.count() }), [db]);
}

function useBackupDownload({ db, fixedNow, onDownload }: SectionProps) {
  const t = useT();
  const [progress, setProgress] = useState<BackupProgress | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<boolean> => {
    setError(null);
    setDone(null);
    setProgress({ phase: 'read', done: 0, total: 0 });
    try {
      const at = timeOfWrite(fixedNow);
      const file = await createBackup(db, { now: at, onProgress: setProgress });
      onDownload({ name: file.name, mime: file.mime, data: file.data });
      await recordBackup(at);
      setDone(t('data.backup.done', { name: file.name, count: sum(file.counts), hash: short(file.hash) }));
      return true;
    } catch (err) {
      log.error('backup failed', err);
      setError(t('data.backup.failed', { message: messageOf(err) }));
      return false;
    } finally {
      setProgress(null);
    }
  };
  return { run, progress, done, error };
}

function useReminderState(): BackupReminder | null {
  const [state, setState] = useState<BackupReminder | null>(null);
  useEffect(() => {
    loadBackupReminder().then(setState, (err: unknown) => log.error('backup reminder unreadable', err));
    return onBackupReminderChanged(setState);
  }, []);
  return state;
}

function BackupSection(props: SectionProps) {
  const t = useT();
  const progressText = useProgressText();
  const backup = useBackupDownload(props);
  const reminder = useReminderState();
  const now = useNow(props.fixedNow);
  const snoozed = reminder?.snoozedUntil !== undefined && reminder.snoozedUntil > now ? reminder.snoozedUntil : undefined;
  return (
    <section className="data-section" data-testid="data-backup">
      <h2>{t('data.backup.title')}</h2>
      <p className="hint">{t('data.backup.hint')}</p>
      <p data-testid="data-last-backup">
        {reminder?.lastBackupAt !== undefined ? t('data.backup.last', { time: formatLocalDateTime(reminder.lastBackupAt) }) : t('data.backup.never')}
      </p>
      <div className="wb-actions">
        <button type="button" className="primary" data-testid="data-backup-download" disabled={backup.progress !== null} onClick={() => void backup.run()}>
          {t('data.backup.download')}
        </button>
        {backup.progress ? (
          <span className="data-progress" data-testid="data-backup-progress" role="status">
            <progress value={backup.progress.done} max={Math.max(1, backup.progress.total)} /> {progressText(backup.progress)}
          </span>
        ) : null}
      </div>
      {backup.done ? (
        <p className="notice info" data-testid="data-backup-done" role="status">
          {backup.done}
        </p>
      ) : null}
      {backup.error ? (
        <p className="notice error" role="alert" data-testid="data-backup-error">
          {backup.error}
        </p>
      ) : null}
      <h3>{t('data.reminder.title')}</h3>
      <label className="data-check">
        <input
          type="checkbox"
          data-testid="data-reminder-enabled"
          checked={reminder?.enabled ?? true}
          disabled={reminder === null}
          onChange={(e) => {
            setBackupReminderEnabled(e.target.checked).catch((err: unknown) => log.error('backup reminder not saved', err));
          }}
        />
        {t('data.reminder.enabled')}
      </label>
      {reminder?.enabled && snoozed !== undefined && backupDueAt(reminder) === snoozed ? (
        <p className="muted small">{t('data.reminder.snoozedUntil', { time: formatLocalDateTime(snoozed) })}</p>
      ) : null}
    </section>
  );
}

function RestoreSection({ db, fixedNow, onDownload }: SectionProps) {
  const session = useSyncSession(db);
  const t = useT();
  const label = useTableLabel();
  const progressText = useProgressText();
  const [state, setState] = useState<Restore>({ step: 'idle' });
  const [safety, setSafety] = useState(true);
  const backup = useBackupDownload({ db, fixedNow, onDownload });

  const fail = (err: unknown, key: MessageKey | null) => {
    if (err instanceof BackupFileError) {
      setState({ step: 'error', message: t(err.key, err.params), problems: err.problems, more: err.problemCount - err.problems.length });
      return;
    }
    log.error('restore failed', err);
    setState({ step: 'error', message: key ? t(key, { message: messageOf(err) }) : messageOf(err), problems: [], more: 0 });
  };

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    setState({ step: 'reading' });
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const parsed = await readBackup(db, bytes, { onProgress: (progress) => setState({ step: 'reading', progress }) });
      setState({ step: 'preview', backup: parsed, rows: await previewRestore(db, parsed) });
    } catch (err) {
      fail(err, 'data.restore.failed');
    } finally {
      // The same file can be chosen again after a cancel.
      input.value = '';
    }
  };

  const confirm = async (parsed: ParsedBackup) => {
    if (safety && !(await backup.run())) return;
    setState({ step: 'restoring' });
    try {
      const result = await restoreBackup(db, parsed, { onProgress: (progress) => setState({ step: 'restoring', progress }) });
      setState({ step: 'done', count: sum(result.counts), hash: short(result.hash), verified: result.verified, migrated: parsed.migrated, resync: result.resync });
      // Start the full sync now rather than at the next alarm.
      if (result.resync) sendToBackground('syncNow', {}).catch((err: unknown) => log.warn('sync after restore not started', { err: String(err) }));
    } catch (err) {
      fail(err, 'data.restore.failed');
    }
  };

  return (
    <section className="data-section" data-testid="data-restore">
      <h2>{t('data.restore.title')}</h2>
      <p className="hint">{t('data.restore.hint')}</p>
      <label className="data-file">
        {t('data.restore.file')}{' '}
        <input
          type="file"
          accept=".gz,.json,application/gzip,application/json"
          data-testid="restore-file"
          disabled={state.step === 'reading' || state.step === 'restoring'}
          onChange={(e) => void choose(e)}
        />
      </label>
      {state.step === 'reading' ? <p role="status">{state.progress ? progressText(state.progress) : t('data.restore.reading')}</p> : null}
      {state.step === 'restoring' ? (
        <p role="status" data-testid="restore-progress">
          <progress value={state.progress?.done ?? 0} max={Math.max(1, state.progress?.total ?? 1)} /> {progressText(state.progress)}
        </p>
      ) : null}
      {state.step === 'preview' ? (
        <div className="data-preview" data-testid="restore-preview">
          <p>{t('data.restore.summary', { time: formatLocalDateTime(state.backup.createdAt), count: sum(Object.fromEntries(state.rows.map((r) => [r.table, r.inFile]))) })}</p>
          {state.backup.migrated ? <p className="muted">{t('data.restore.migrated')}</p> : null}
          <table className="wb-table">
            <thead>
              <tr>
                <th>{t('data.restore.col.table')}</th>
                <th>{t('data.restore.col.file')}</th>
                <th>{t('data.restore.col.deleted')}</th>
                <th>{t('data.restore.col.db')}</th>
              </tr>
            </thead>
            <tbody>
              {state.rows.map((r) => (
                <tr key={r.table} data-testid="restore-preview-row" data-table={r.table} data-file={r.inFile} data-db={r.inDb}>
                  <td>{label(r.table)}</td>
                  <td>{r.inFile}</td>
                  <td>{r.deletedInFile}</td>
                  <td>{r.inDb}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="notice error" data-testid="restore-warning">
            {t('data.restore.warning')}
          </p>
          {session?.enabled ? (
            <div className="notice info" data-testid="restore-team">
              <p>{t('data.restore.team')}</p>
              {session.pending > 0 ? <p>{t('data.restore.teamPending', { count: session.pending })}</p> : null}
            </div>
          ) : null}
          <label className="data-check">
            <input type="checkbox" data-testid="restore-safety" checked={safety} onChange={(e) => setSafety(e.target.checked)} />
            {t('data.restore.safety')}
          </label>
          <div className="wb-actions">
            <button type="button" className="primary" data-testid="restore-confirm" disabled={backup.progress !== null} onClick={() => void confirm(state.backup)}>
              {t('data.restore.confirm')}
            </button>
            <button type="button" data-testid="restore-cancel" onClick={() => setState({ step: 'idle' })}>
              {t('data.restore.cancel')}
            </button>
          </div>
          {backup.progress ? <p role="status">{progressText(backup.progress)}</p> : null}
          {backup.error ? (
            <p className="notice error" role="alert">
              {backup.error}
            </p>
          ) : null}
        </div>
      ) : null}
      {state.step === 'done' ? (
        <p className={`notice ${state.verified || state.migrated ? 'info' : 'error'}`} role="status" data-testid="restore-done">
          {state.migrated
            ? t('data.restore.doneMigrated', { count: state.count })
            : state.verified
              ? t('data.restore.done', { count: state.count, hash: state.hash })
              : t('data.restore.mismatch', { hash: state.hash })}
          {state.resync ? (
            <>
              <br />
              <span data-testid="restore-resync">{t('data.restore.resync')}</span>
            </>
          ) : null}
        </p>
      ) : null}
      {state.step === 'error' ? (
        <div className="notice error data-error" role="alert" data-testid="restore-error">
          <p>{state.message}</p>
          {state.problems.length > 0 ? (
            <ul>
              {state.problems.map((p) => (
                <li key={`${p.table}:${p.row}`} data-testid="restore-problem">
                  {t('data.restore.problem', { table: label(p.table), row: p.row, id: p.id ? ` (${p.id})` : '', reason: p.reason })}
                </li>
              ))}
            </ul>
          ) : null}
          {state.more > 0 ? <p>{t('data.restore.moreProblems', { count: state.more })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}

function ExportSection({ db, author, fixedNow, onDownload }: SectionProps & { author: string }) {
  const t = useT();
  const lang = useLang();
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (kind: DataKind, format: DataFormat) => {
    setBusy(`${kind}-${format}`);
    setMessage(null);
    try {
      const file = await exportData(db, kind, format, { lang, now: timeOfWrite(fixedNow), creator: author });
      onDownload(file);
      setMessage({ ok: true, text: t('data.export.done', { name: file.name }) });
    } catch (err) {
      log.error('data export failed', err, { kind, format });
      setMessage({ ok: false, text: t('data.export.failed', { message: messageOf(err) }) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="data-section" data-testid="data-export">
      <h2>{t('data.export.title')}</h2>
      <p className="hint">{t('data.export.hint')}</p>
      <table className="data-export-table">
        <tbody>
          {DATA_KINDS.map((kind) => (
            <tr key={kind}>
              <th scope="row">{t(`data.export.${kind}`)}</th>
              {DATA_FORMATS.map((format) => (
                <td key={format}>
                  <button type="button" data-testid={`data-export-${kind}-${format}`} disabled={busy !== null} onClick={() => void run(kind, format)}>
                    {t(`data.export.${format}`)}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {message ? (
        <p className={`notice ${message.ok ? 'info' : 'error'}`} role={message.ok ? 'status' : 'alert'} data-testid="data-export-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

function StorageSection({ db, fixedNow, onDownload, storage }: SectionProps & { storage?: StorageLike }) {
  const session = useSyncSession(db);
  const t = useT();
  const lang = useLang();
  const [facts, setFacts] = useState<StorageFacts | null>(null);
  const [persistResult, setPersistResult] = useState<boolean | null>(null);
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const backup = useBackupDownload({ db, fixedNow, onDownload });
  const word = t('data.clear.word');

  const refresh = () => {
    readStorage(storage).then(setFacts, (err: unknown) => {
      log.error('storage estimate failed', err);
      setFacts({ persisted: false });
    });
  };
  // Read once on mount; refreshed after a persist request and a clear.
  useEffect(refresh, [storage]);

  const persist = async () => {
    try {
      setPersistResult(storage ? await storage.persist() : false);
    } catch (err) {
      log.error('persist request failed', err);
      setPersistResult(false);
    }
    refresh();
  };

  const clear = async () => {
    setMessage(null);
    try {
      await clearAllData(db);
      if (session?.enabled) sendToBackground('syncNow', {}).catch((err: unknown) => log.warn('sync after clearing not started', { err: String(err) }));
      setTyped('');
      setMessage({ ok: true, text: t('data.clear.done') });
    } catch (err) {
      log.error('clearing the data failed', err);
      setMessage({ ok: false, text: t('data.clear.failed', { message: messageOf(err) }) });
    }
    refresh();
  };

  return (
    <section className="data-section" data-testid="data-storage">
      <h2>{t('data.storage.title')}</h2>
      <p data-testid="data-storage-usage">
        {facts?.usage !== undefined && facts.quota !== undefined
          ? t('data.storage.usage', { used: formatBytes(facts.usage, lang), quota: formatBytes(facts.quota, lang) })
          : facts
            ? t('data.storage.unknown')
            : ''}
      </p>
      <p data-testid="data-storage-persisted" data-persisted={facts?.persisted ? 'true' : 'false'}>
        {facts ? (facts.persisted ? t('data.storage.persisted') : t('data.storage.notPersisted')) : ''}
      </p>
      {facts && !facts.persisted ? (
        <button type="button" data-testid="data-persist" onClick={() => void persist()}>
          {t('data.storage.persist')}
        </button>
      ) : null}
      {persistResult !== null ? (
        <p className={`notice ${persistResult ? 'info' : 'error'}`} role="status" data-testid="data-persist-result">
          {persistResult ? t('data.storage.persistGranted') : t('data.storage.persistDenied')}
        </p>
      ) : null}

      <h3>{t('data.clear.title')}</h3>
      <p className="hint">{t('data.clear.hint')}</p>
      {session?.enabled ? (
        <p className="notice info" data-testid="data-clear-team">
          {t('data.clear.team')}
        </p>
      ) : null}
      <div className="wb-actions">
        <button type="button" data-testid="data-clear-backup" disabled={backup.progress !== null} onClick={() => void backup.run()}>
          {t('data.clear.backupFirst')}
        </button>
        {backup.done ? <span className="muted small">{backup.done}</span> : null}
      </div>
      {backup.error ? (
        <p className="notice error" role="alert">
          {backup.error}
        </p>
      ) : null}
      <label className="data-clear-confirm">
        {t('data.clear.typeToConfirm', { word })}
        <input type="text" data-testid="data-clear-input" value={typed} autoComplete="off" onChange={(e) => setTyped(e.target.value)} />
      </label>
      <button type="button" className="danger" data-testid="data-clear" disabled={typed.trim() !== word} onClick={() => void clear()}>
        {t('data.clear.confirm')}
      </button>
      {message ? (
        <p className={`notice ${message.ok ? 'info' : 'error'}`} role={message.ok ? 'status' : 'alert'} data-testid="data-clear-message">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
