import { isOverdue } from '@/lib/db/cases';
import type { CaseStatus, CaseStep, ComplaintCase, ComplaintType, Severity } from '@/lib/db/complaint-records';
import { formatDuration } from '@/lib/i18n/due-time';
import type { MessageKey } from '@/lib/i18n/messages';
import { useLang, useT } from './i18n';

/**
 * Small pieces of the complaint case UI shared by the Complaints tab, the
 * case view and the customer record's "recent complaints": the labels of a
 * case's type, severity and status, and a step's countdown.
 */

type T = ReturnType<typeof useT>;

export const typeLabel = (t: T, type: ComplaintType): string => t(`complaint.type.${type}` as MessageKey);
export const severityLabel = (t: T, severity: Severity): string => t(`complaint.severity.${severity}` as MessageKey);
export const statusLabel = (t: T, status: CaseStatus): string => t(`complaint.status.${status}` as MessageKey);

/** Local date, short: "2026/03/10" / "10/03/2026". */
export function openedDate(at: number, lang: 'zh' | 'en'): string {
  return new Date(at).toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** Local date and time, short, for who ticked a step and the history. */
export function when(at: number, lang: 'zh' | 'en'): string {
  return new Date(at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** The case's type, severity and status as badges. */
export function CaseBadges({ c }: { c: Pick<ComplaintCase, 'type' | 'severity' | 'status'> }) {
  const t = useT();
  return (
    <span className="case-badges">
      <span className="badge">{typeLabel(t, c.type)}</span>
      <span className={`badge severity-${c.severity}`} data-testid="case-severity-badge">
        {severityLabel(t, c.severity)}
      </span>
      <span className={`badge status-${c.status}`} data-testid="case-status-badge">
        {statusLabel(t, c.status)}
      </span>
    </span>
  );
}

/**
 * Time left for a step that is not done, or how long it is overdue (red).
 * Nothing for a step without a time limit, a done step, or a case that is no
 * longer active (its time limits stopped when it was resolved or closed).
 */
export function StepCountdown({ step, now, active }: { step: CaseStep; now: number; active: boolean }) {
  const t = useT();
  const lang = useLang();
  if (!active || step.dueAt === undefined || step.doneAt !== undefined) return null;
  const due = step.dueAt;
  return isOverdue(step, now) ? (
    <span className="countdown overdue" data-testid="step-overdue">
      {t('case.due.overdue', { duration: formatDuration(lang, now - due) })}
    </span>
  ) : (
    <span className="countdown" data-testid="step-countdown">
      {t('case.due.in', { duration: formatDuration(lang, due - now) })}
    </span>
  );
}
