import { useState } from 'react';
import type { KefuDatabase } from '@/lib/db/database';
import { completeFollowUp, reopenFollowUp, snoozeFollowUp } from '@/lib/db/follow-ups';
import type { FollowUp } from '@/lib/db/records';
import { AppError } from '@/lib/errors';
import { formatDueTime, formatDuration } from '@/lib/i18n/due-time';
import { zh, type MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import { rescheduleFollowUpReminders } from '@/lib/sidebar/follow-up-reminders';
import { dueState, snoozeTimes } from '@/lib/sidebar/follow-up-time';
import { useLang, useT } from './i18n';

/** Shared by FollowUpsSection (one customer) and TodayFollowUps (the whole day). */

type T = ReturnType<typeof useT>;

/** The sentence for a field's error key from the repository ('reason-required' → error.reason-required). */
export function fieldText(t: T, key: string): string {
  const full = `error.${key}`;
  return full in zh ? t(full as MessageKey) : t('error.invalid');
}

/** The sentence for a failed write: its field's key when it names one, else the generic error with the message. */
export function errorText(t: T, err: unknown): string {
  const key = err instanceof AppError ? Object.values(err.fields)[0] : undefined;
  if (key !== undefined) return fieldText(t, key);
  return t('error.internal', { message: err instanceof Error ? err.message : String(err) });
}

/** When it is due, and a flag when overdue (with how long) or due later today. */
export function DueLabel({ followUp, now }: { followUp: FollowUp; now: number }) {
  const t = useT();
  const lang = useLang();
  const state = dueState(followUp, now);
  const at = state === 'done' ? followUp.dueAt : followUp.remindAt;
  return (
    <span className="followup-when">
      <time dateTime={new Date(at).toISOString()}>{formatDueTime(lang, at, now)}</time>
      {state === 'overdue' ? (
        <span className="followup-flag overdue" data-testid="followup-overdue">
          {t('followup.overdue', { duration: formatDuration(lang, now - followUp.remindAt) })}
        </span>
      ) : state === 'today' ? (
        <span className="followup-flag today" data-testid="followup-today-flag">
          {t('followup.dueToday')}
        </span>
      ) : null}
    </span>
  );
}

/**
 * Done / reopen / snooze, each followed by a reschedule of the reminder
 * alarm; a failure is kept as a sentence for the agent. `fixedNow` (tests)
 * is also the time of the writes.
 */
export function useFollowUpActions(db: KefuDatabase, author: string, fixedNow: number | undefined) {
  const t = useT();
  const [error, setError] = useState<string | null>(null);
  const opts = fixedNow === undefined ? { author } : { author, now: fixedNow };
  const succeeded = () => {
    setError(null);
    void rescheduleFollowUpReminders();
  };
  const fail = (what: string, err: unknown) => {
    // A repository error names what to fix; anything else is a bug worth a log line.
    if (!(err instanceof AppError && err.code !== 'internal')) log.error(`follow-up ${what} failed`, err);
    setError(errorText(t, err));
  };
  const run = (what: string, write: Promise<unknown>): Promise<boolean> =>
    write.then(
      () => {
        succeeded();
        return true;
      },
      (err: unknown) => {
        fail(what, err);
        return false;
      },
    );
  return {
    error,
    opts,
    succeeded,
    fail,
    run,
    done: (f: FollowUp) => run('done', completeFollowUp(db, f.id, opts)),
    reopen: (f: FollowUp) => run('reopen', reopenFollowUp(db, f.id, opts)),
    snoozeHour: (f: FollowUp) => run('snooze', snoozeFollowUp(db, f.id, snoozeTimes(fixedNow ?? Date.now()).hour, opts)),
    snoozeMorning: (f: FollowUp) => run('snooze', snoozeFollowUp(db, f.id, snoozeTimes(fixedNow ?? Date.now()).morning, opts)),
  };
}

/** The buttons of an open follow-up: done, snooze an hour, snooze to tomorrow morning. */
export function OpenActions({ followUp, actions }: { followUp: FollowUp; actions: ReturnType<typeof useFollowUpActions> }) {
  const t = useT();
  return (
    <>
      <button type="button" className="primary" data-testid="followup-done" onClick={() => void actions.done(followUp)}>
        {t('followup.done')}
      </button>
      <button type="button" data-testid="followup-snooze-hour" onClick={() => void actions.snoozeHour(followUp)}>
        {t('followup.snoozeHour')}
      </button>
      <button type="button" data-testid="followup-snooze-tomorrow" onClick={() => void actions.snoozeMorning(followUp)}>
        {t('followup.snoozeTomorrow')}
      </button>
    </>
  );
}
