import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import type { KefuDatabase } from '@/lib/db/database';
import { addFollowUp, deleteFollowUp, listFollowUps, restoreFollowUp } from '@/lib/db/follow-ups';
import type { FollowUp } from '@/lib/db/records';
import { AppError } from '@/lib/errors';
import { formatDueTime } from '@/lib/i18n/due-time';
import type { MessageKey } from '@/lib/i18n/messages';
import { DEFAULT_DUE_HOUR, dueState, fromLocalInput, toLocalInput, tomorrowAt } from '@/lib/sidebar/follow-up-time';
import { DueLabel, fieldText, OpenActions, useFollowUpActions } from './follow-up-parts';
import { useLang, useT } from './i18n';
import { useNow } from './use-now';

/** Reasons offered in one click; the agent may edit the text after picking. */
const QUICK_PICKS: readonly MessageKey[] = [
  'followup.pick.exchange',
  'followup.pick.refund',
  'followup.pick.satisfaction',
  'followup.pick.restock',
  'followup.pick.holiday',
];

/** How long "Undo" stays offered after a delete. */
const UNDO_MS = 8000;

export interface FollowUpsSectionProps {
  db: KefuDatabase;
  customerId: string;
  /** The agent's name from settings: the author of what they write. */
  author: string;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

/**
 * One customer's follow-ups (回访): a form to plan one (tomorrow 10:00 by
 * default, with common reasons in one click) and the list, open ones first
 * by when they are due, overdue ones flagged with how long, today's
 * highlighted; done / snooze / reopen / delete with undo. Every write asks
 * the background to move the reminder alarm.
 */
export function FollowUpsSection(props: FollowUpsSectionProps) {
  // Keyed by customer: switching chats starts with a fresh form.
  return <CustomerFollowUps key={props.customerId} {...props} />;
}

function CustomerFollowUps({ db, customerId, author, now: fixedNow }: FollowUpsSectionProps) {
  const t = useT();
  const lang = useLang();
  const now = useNow(fixedNow);
  const followUps = useLiveQuery(() => listFollowUps(db, customerId), [db, customerId]);
  const actions = useFollowUpActions(db, author, fixedNow);
  const [date, setDate] = useState(() => toLocalInput(tomorrowAt(now, DEFAULT_DUE_HOUR)));
  const [reason, setReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [deleted, setDeleted] = useState<FollowUp | null>(null);

  useEffect(() => {
    if (!deleted) return;
    const timer = setTimeout(() => setDeleted(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [deleted]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      await addFollowUp(db, customerId, { dueAt: fromLocalInput(date), reason }, actions.opts);
      setReason('');
      setFieldErrors({});
      actions.succeeded();
    } catch (err) {
      // Problems with a field show beside it; anything else in the error line.
      if (err instanceof AppError && err.code === 'validation' && ('dueAt' in err.fields || 'reason' in err.fields)) setFieldErrors(err.fields);
      else actions.fail('add', err);
    } finally {
      setSaving(false);
    }
  };

  const remove = (f: FollowUp) => {
    void actions.run('delete', deleteFollowUp(db, f.id, actions.opts)).then((ok) => {
      if (ok) setDeleted(f);
    });
  };

  /** Undo of a delete: the same follow-up back, as it was. */
  const undoDelete = (f: FollowUp) => {
    setDeleted(null);
    void actions.run('undo', restoreFollowUp(db, f.id, actions.opts));
  };

  const fieldError = (field: string) => {
    const key = fieldErrors[field];
    return key ? (
      <p className="field-error" data-testid={`followup-error-${field}`}>
        {fieldText(t, key)}
      </p>
    ) : null;
  };

  return (
    <section className="followups" data-testid="followups">
      <h3>{t('followup.title')}</h3>
      <form className="followup-form" onSubmit={(e) => void save(e)}>
        <label>
          {t('followup.date')}
          <input
            type="datetime-local"
            data-testid="followup-date"
            value={date}
            aria-invalid={fieldErrors.dueAt ? true : undefined}
            onChange={(e) => setDate(e.target.value)}
          />
        </label>
        {fieldError('dueAt')}
        <label>
          {t('followup.reason')}
          <input
            type="text"
            data-testid="followup-reason"
            value={reason}
            maxLength={500}
            placeholder={t('followup.reasonPlaceholder')}
            aria-invalid={fieldErrors.reason ? true : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        {fieldError('reason')}
        <div className="followup-picks" role="group" aria-label={t('followup.picks')}>
          {QUICK_PICKS.map((key) => (
            <button type="button" key={key} data-testid="followup-pick" onClick={() => setReason(t(key))}>
              {t(key)}
            </button>
          ))}
        </div>
        <div className="actions">
          <button type="submit" className="primary" data-testid="followup-save" disabled={saving}>
            {t('followup.save')}
          </button>
        </div>
      </form>
      {actions.error ? (
        <p className="field-error" role="alert" data-testid="followup-error">
          {actions.error}
        </p>
      ) : null}
      {deleted ? (
        <div className="notice info" role="status" data-testid="followup-undo-notice">
          <span>{t('followup.deleted', { reason: deleted.reason })}</span>
          <button type="button" data-testid="followup-undo" onClick={() => undoDelete(deleted)}>
            {t('followup.undo')}
          </button>
        </div>
      ) : null}
      {followUps && followUps.length === 0 ? <p className="empty">{t('followup.empty')}</p> : null}
      <ul className="followup-list">
        {(followUps ?? []).map((f) => {
          const state = dueState(f, now);
          return (
            <li key={f.id} className={`followup ${state}`} data-testid="followup-item" data-status={f.status} data-state={state}>
              <DueLabel followUp={f} now={now} />
              {f.status === 'open' && f.snoozedUntil !== undefined ? (
                <span className="muted followup-origin">{t('followup.snoozedFrom', { time: formatDueTime(lang, f.dueAt, now) })}</span>
              ) : null}
              <div className="followup-reason">{f.reason}</div>
              {f.status === 'done' && f.doneAt !== undefined ? (
                <div className="muted">
                  {f.doneBy
                    ? t('followup.doneBy', { name: f.doneBy, time: formatDueTime(lang, f.doneAt, now) })
                    : t('followup.doneAt', { time: formatDueTime(lang, f.doneAt, now) })}
                </div>
              ) : null}
              <div className="followup-actions">
                {f.status === 'open' ? (
                  <OpenActions followUp={f} actions={actions} />
                ) : (
                  <button type="button" data-testid="followup-reopen" onClick={() => void actions.reopen(f)}>
                    {t('followup.reopen')}
                  </button>
                )}
                <button type="button" className="danger" data-testid="followup-delete" onClick={() => remove(f)}>
                  {t('followup.delete')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
