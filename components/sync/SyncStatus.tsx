import { useMutation } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useT } from '@/components/sidebar/i18n';
import { getDb, type KefuDatabase } from '@/lib/db/database';
import { catchUpPercent, getSyncState } from '@/lib/db/sync-state';
import { sendToBackground } from '@/lib/messaging/bus';
import './SyncStatus.css';

/**
 * Team sync's status for the sidebar settings (issue 7): on or off, the last
 * sync, changes waiting, the last error and refusals, and "立即同步 / Sync
 * now", which asks the background to run (the one place that syncs, so runs
 * never overlap). The state comes from the database (useLiveQuery); the run
 * itself is server state, hence TanStack Query.
 */
export function SyncStatus({ db = getDb() }: { db?: KefuDatabase }) {
  const t = useT();
  const state = useLiveQuery(() => getSyncState(db), [db]);
  const pending = useLiveQuery(() => db.outbox.count(), [db]);
  const syncNow = useMutation({ mutationFn: () => sendToBackground('syncNow', {}) });
  if (!state) return null;
  const percent = catchUpPercent(state);
  return (
    <section className="editor sync-status" data-testid="sync-status">
      <h2>{t('sync.title')}</h2>
      {!state.enabled ? (
        <p className="hint" data-testid="sync-off">
          {t('sync.off')}
        </p>
      ) : (
        <>
          <p className={`sync-status-line sync-status-${state.status}`} data-testid="sync-state">
            {percent === undefined ? t(`sync.status.${state.status}`) : t('sync.status.catchUp', { percent })}
            {' · '}
            {state.lastSyncAt ? t('sync.lastSync', { time: new Date(state.lastSyncAt).toLocaleString() }) : t('sync.never')}
          </p>
          {pending ? (
            <p className="hint" data-testid="sync-pending">
              {t('sync.pending', { count: pending })}
            </p>
          ) : null}
          {state.lastError ? (
            <p className="sync-status-error" role="alert" data-testid="sync-error">
              {t('sync.lastError', { message: state.lastError.message })}
            </p>
          ) : null}
          {state.rejections.length ? (
            <p className="hint" data-testid="sync-rejected">
              {t('sync.rejected', { count: state.rejections.length })}
            </p>
          ) : null}
          <button type="button" data-testid="sync-now" disabled={syncNow.isPending || state.status === 'syncing'} onClick={() => syncNow.mutate()}>
            {t('sync.now')}
          </button>
          {syncNow.error ? (
            <p className="sync-status-error" role="alert">
              {t('sync.nowFailed', { message: syncNow.error.message })}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
