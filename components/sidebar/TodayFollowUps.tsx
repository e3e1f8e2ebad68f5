import { useLiveQuery } from 'dexie-react-hooks';
import { memo } from 'react';
import { adapterById } from '@/lib/adapters';
import type { KefuDatabase } from '@/lib/db/database';
import { listDueFollowUps } from '@/lib/db/follow-ups';
import { startOfLocalDay } from '@/lib/i18n/due-time';
import { dueState } from '@/lib/sidebar/follow-up-time';
import { DueLabel, OpenActions, useFollowUpActions } from './follow-up-parts';
import { useLang, useT } from './i18n';
import { useNow } from './use-now';

/** Rows shown at most; the most overdue come first, so what is cut is what falls due last. */
const DEFAULT_LIMIT = 50;

export interface TodayFollowUpsProps {
  db: KefuDatabase;
  /** The agent's name from settings: the author of done / snooze. */
  author: string;
  /** Opens that customer's record (e.g. the Customer tab on that customer). */
  onOpenCustomer: (customerId: string) => void;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
  limit?: number;
}

/**
 * The "today" list (今日回访) across all customers: open follow-ups due today
 * and every overdue one, which stays until done or snoozed. Each row names
 * the customer (a click opens the record), the reason and when it is due.
 * Memoised: it does not depend on the conversation, and the Customer tab
 * renders several times per chat switch (give it a stable onOpenCustomer).
 */
export const TodayFollowUps = memo(function TodayFollowUps({ db, author, onOpenCustomer, now: fixedNow, limit = DEFAULT_LIMIT }: TodayFollowUpsProps) {
  const t = useT();
  const lang = useLang();
  const now = useNow(fixedNow);
  // The list changes with the day, not the minute: re-queried at midnight.
  const today = startOfLocalDay(now);
  const due = useLiveQuery(() => listDueFollowUps(db, today, { limit }), [db, today, limit]);
  const actions = useFollowUpActions(db, author, fixedNow);

  return (
    <section className="followups-today" data-testid="followups-today">
      <h3>
        {t('followup.today.title')}
        {due && due.length > 0 ? <span className="badge">{due.length}</span> : null}
      </h3>
      {actions.error ? (
        <p className="field-error" role="alert" data-testid="followup-error">
          {actions.error}
        </p>
      ) : null}
      {due && due.length === 0 ? <p className="empty">{t('followup.today.empty')}</p> : null}
      <ul className="followup-list">
        {(due ?? []).map(({ followUp, customer }) => (
          <li key={followUp.id} className={`followup ${dueState(followUp, now)}`} data-testid="followup-due" data-state={dueState(followUp, now)}>
            <div className="followup-who">
              <button
                type="button"
                className="link"
                data-testid="followup-open"
                title={t('followup.today.open', { name: customer.displayName })}
                onClick={() => onOpenCustomer(customer.id)}
              >
                {customer.displayName}
              </button>
              <span className="muted">{adapterById(customer.platform)?.name[lang] ?? customer.platform}</span>
            </div>
            <div className="followup-reason">{followUp.reason}</div>
            <DueLabel followUp={followUp} now={now} />
            <div className="followup-actions">
              <OpenActions followUp={followUp} actions={actions} />
            </div>
          </li>
        ))}
      </ul>
      {due && due.length >= limit ? <p className="hint">{t('followup.today.limited', { count: limit })}</p> : null}
    </section>
  );
});
