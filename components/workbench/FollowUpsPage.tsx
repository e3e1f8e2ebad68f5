import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { adapterById } from '@/lib/adapters';
import type { KefuDatabase } from '@/lib/db/database';
import { endOfLocalDay, listDueFollowUps, type DueFollowUp } from '@/lib/db/follow-ups';
import type { FollowUp } from '@/lib/db/records';
import { DAY, formatDueTime, startOfLocalDay } from '@/lib/i18n/due-time';
import { dueState } from '@/lib/sidebar/follow-up-time';
import { DueLabel, OpenActions, useFollowUpActions } from '@/components/sidebar/follow-up-parts';
import { useLang, useT } from '@/components/sidebar/i18n';
import { useNow } from '@/components/sidebar/use-now';

export interface FollowUpsPageProps {
  db: KefuDatabase;
  /** The agent's name from settings: the author of done / snooze / reopen. */
  author: string;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

/** How far ahead "upcoming" looks, in days. */
const AHEAD_CHOICES = [7, 30, 90] as const;

/**
 * Follow-ups (回访) across all customers: today's and every overdue one (they
 * stay until handled), then the upcoming ones, each with the customer, the
 * reason and when it is due; done / snooze like the sidebar's, and reopen of
 * what was marked done here by mistake.
 */
export function FollowUpsPage({ db, author, now: fixedNow }: FollowUpsPageProps) {
  const t = useT();
  const now = useNow(fixedNow);
  const today = startOfLocalDay(now);
  const [ahead, setAhead] = useState<number>(AHEAD_CHOICES[0]);
  // Both lists change with the day, not the minute: keyed by today's midnight.
  const due = useLiveQuery(() => listDueFollowUps(db, today), [db, today]);
  const upcoming = useLiveQuery(async () => {
    const end = endOfLocalDay(today);
    const rows = await listDueFollowUps(db, today + ahead * DAY);
    return rows.filter(({ followUp }) => followUp.remindAt >= end);
  }, [db, today, ahead]);
  const [doneHere, setDoneHere] = useState<DueFollowUp[]>([]);
  const base = useFollowUpActions(db, author, fixedNow);
  const actions = {
    ...base,
    done: (f: FollowUp) =>
      base.done(f).then((ok) => {
        const row = [...(due ?? []), ...(upcoming ?? [])].find((r) => r.followUp.id === f.id);
        if (!ok || !row) return ok;
        const done: DueFollowUp = { ...row, followUp: { ...row.followUp, status: 'done', doneAt: fixedNow ?? Date.now(), doneBy: author } };
        setDoneHere((list) => [done, ...list.filter((r) => r.followUp.id !== f.id)]);
        return ok;
      }),
  };
  const reopen = (row: DueFollowUp) => {
    void base.reopen(row.followUp).then((ok) => {
      if (ok) setDoneHere((list) => list.filter((r) => r.followUp.id !== row.followUp.id));
    });
  };

  return (
    <section className="wb-page" data-testid="followups-page">
      <header className="wb-page-head">
        <h1>{t('workbench.followUps.title')}</h1>
      </header>
      {base.error ? (
        <p className="field-error" role="alert" data-testid="followup-error">
          {base.error}
        </p>
      ) : null}

      <h2>
        {t('workbench.followUps.due')}
        {due && due.length > 0 ? <span className="badge" data-testid="followups-due-count">{due.length}</span> : null}
      </h2>
      {due && due.length === 0 ? <p className="empty">{t('followup.today.empty')}</p> : null}
      <FollowUpTable rows={due ?? []} now={now} testid="followup-due" actions={actions} />

      <h2 className="wb-h2-row">
        {t('workbench.followUps.upcoming')}
        <select data-testid="followups-ahead" value={ahead} aria-label={t('workbench.followUps.ahead')} onChange={(e) => setAhead(Number(e.target.value))}>
          {AHEAD_CHOICES.map((d) => (
            <option key={d} value={d}>
              {t('workbench.followUps.aheadDays', { count: d })}
            </option>
          ))}
        </select>
      </h2>
      {upcoming && upcoming.length === 0 ? <p className="empty">{t('workbench.followUps.noneUpcoming', { count: ahead })}</p> : null}
      <FollowUpTable rows={upcoming ?? []} now={now} testid="followup-upcoming" actions={actions} />

      {doneHere.length > 0 ? (
        <>
          <h2>{t('workbench.followUps.doneHere')}</h2>
          <FollowUpTable rows={doneHere} now={now} testid="followup-done-row" onReopen={reopen} />
        </>
      ) : null}
    </section>
  );
}

function FollowUpTable({
  rows,
  now,
  testid,
  actions,
  onReopen,
}: {
  rows: DueFollowUp[];
  now: number;
  testid: string;
  actions?: ReturnType<typeof useFollowUpActions>;
  onReopen?(row: DueFollowUp): void;
}) {
  const t = useT();
  const lang = useLang();
  if (rows.length === 0) return null;
  return (
    <table className="wb-table followups-table">
      <thead>
        <tr>
          <th>{t('workbench.col.customer')}</th>
          <th>{t('followup.reason')}</th>
          <th>{t('workbench.col.due')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const { followUp, customer } = row;
          const state = dueState(followUp, now);
          return (
            <tr key={followUp.id} className={`followup ${state}`} data-testid={testid} data-state={state}>
              <td>
                <strong data-testid="followup-customer">{customer.displayName}</strong>
                <div className="muted small">{adapterById(customer.platform)?.name[lang] ?? customer.platform}</div>
              </td>
              <td className="followup-reason">{followUp.reason}</td>
              <td>
                <DueLabel followUp={followUp} now={now} />
                {followUp.snoozedUntil !== undefined ? (
                  <div className="muted small">{t('followup.snoozedFrom', { time: formatDueTime(lang, followUp.dueAt, now) })}</div>
                ) : null}
              </td>
              <td className="followup-actions">
                {onReopen ? (
                  <button type="button" data-testid="followup-reopen" onClick={() => onReopen(row)}>
                    {t('followup.reopen')}
                  </button>
                ) : actions ? (
                  <OpenActions followUp={followUp} actions={actions} />
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
