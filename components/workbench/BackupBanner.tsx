import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { useT } from '@/components/sidebar/i18n';
import { useNow } from '@/components/sidebar/use-now';
import { isBackupDue, loadBackupReminder, onBackupReminderChanged, setBackupReminderEnabled, snoozeBackupReminder, type BackupReminder } from '@/lib/backup/reminder';
import { DAY } from '@/lib/i18n/due-time';
import { log } from '@/lib/log';
import './DataPage.css';

/**
 * The workbench's "time to back up" banner, above every page while the weekly
 * backup reminder is due (lib/backup/reminder.ts): a link to the data page,
 * snooze for a week, or turn the reminder off. It goes away by itself once a
 * backup is downloaded (the reminder's state changes in storage).
 */
export function BackupBanner({ now: fixedNow }: { now?: number }) {
  const t = useT();
  const [state, setState] = useState<BackupReminder | null>(null);
  useEffect(() => {
    loadBackupReminder().then(setState, (err: unknown) => log.error('backup reminder unreadable', err));
    return onBackupReminderChanged(setState);
  }, []);
  const now = useNow(fixedNow, 60 * 60_000);
  if (!state || !isBackupDue(state, now)) return null;
  const fail = (err: unknown) => log.error('backup reminder not saved', err);
  return (
    <div className="notice info data-banner" role="status" data-testid="backup-banner">
      <span>
        {state.lastBackupAt !== undefined ? t('data.banner.text', { days: Math.floor((now - state.lastBackupAt) / DAY) }) : t('data.banner.never')}{' '}
        <Link href="/data" data-testid="backup-banner-open">
          {t('data.banner.open')}
        </Link>
      </span>
      <button type="button" data-testid="backup-banner-snooze" onClick={() => snoozeBackupReminder(now).catch(fail)}>
        {t('data.banner.snooze')}
      </button>
      <button type="button" className="link" data-testid="backup-banner-off" onClick={() => setBackupReminderEnabled(false).catch(fail)}>
        {t('data.banner.off')}
      </button>
    </div>
  );
}
