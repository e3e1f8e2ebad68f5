import { useLiveQuery } from 'dexie-react-hooks';
import { caseHistory, getCase, isActiveCase, isCaseOverdue } from '@/lib/db/cases';
import type { ComplaintCase, StoredCaseEvent } from '@/lib/db/complaint-records';
import type { KefuDatabase } from '@/lib/db/database';
import { AppError } from '@/lib/errors';
import { describeCaseEvent } from '@/lib/export/cases';
import { CaseBadges, StepCountdown, when } from '@/components/sidebar/CaseParts';
import { useLang, useT } from '@/components/sidebar/i18n';
import { useNow } from '@/components/sidebar/use-now';
import { customersById } from './customer-names';

export interface CaseDetailProps {
  db: KefuDatabase;
  caseId: string;
  onBack(): void;
  /** A fixed time instead of the clock (tests). */
  now?: number;
}

interface Loaded {
  c: ComplaintCase;
  history: StoredCaseEvent[];
  customerName: string | undefined;
  replyTitles: Map<string, string>;
}

/** The case, its history, its customer's name and the titles of replies it sent; null once it is gone. */
async function loadCase(db: KefuDatabase, caseId: string): Promise<Loaded | null> {
  try {
    const [c, history] = await Promise.all([getCase(db, caseId), caseHistory(db, caseId)]);
    const customers = await customersById(db, [c.customerId]);
    const replyIds = [...new Set(history.flatMap((e) => (e.kind === 'reply-inserted' ? [e.replyId] : [])))];
    const replies = await db.replies.bulkGet(replyIds);
    const replyTitles = new Map(replies.flatMap((r) => (r && r.deletedAt === undefined ? [[r.id, r.title] as const] : [])));
    return { c, history, customerName: customers.get(c.customerId)?.displayName, replyTitles };
  } catch (err) {
    // Erased with its customer (or a stale link): say so instead of failing the page.
    if (err instanceof AppError && err.code === 'not-found') return null;
    throw err;
  }
}

/**
 * One complaint case for review: who, what, which order; every step with who
 * ticked it and when, its deadline and the values of its fields; the notes;
 * and the whole append-only history in order. Cases are worked on in the
 * sidebar beside the chat: this page reads.
 */
export function CaseDetail({ db, caseId, onBack, now: fixedNow }: CaseDetailProps) {
  const t = useT();
  const lang = useLang();
  const now = useNow(fixedNow);
  const loaded = useLiveQuery(() => loadCase(db, caseId), [db, caseId]);

  const back = (
    <button type="button" className="link" data-testid="case-back" onClick={onBack}>
      {t('workbench.case.back')}
    </button>
  );
  if (loaded === undefined) return null;
  if (loaded === null) {
    return (
      <section className="wb-page" data-testid="case-detail">
        {back}
        <p className="empty" data-testid="case-missing">
          {t('error.case-not-found')}
        </p>
      </section>
    );
  }

  const { c, history, customerName, replyTitles } = loaded;
  const active = isActiveCase(c);
  const summary = c.summary;
  const notes = history.filter((e): e is Extract<StoredCaseEvent, { kind: 'note' }> => e.kind === 'note');
  const byWhom = (author: string, at: number) => t('record.by', { author: author || t('record.someone'), time: when(at, lang) });

  return (
    <section className="wb-page case-detail" data-testid="case-detail" data-case-id={c.id} data-status={c.status}>
      {back}
      <header className="wb-page-head">
        <h1 data-testid="case-detail-title">
          {customerName ?? t('workbench.customer.gone')} · {c.templateName}
        </h1>
        <CaseBadges c={c} />
        {isCaseOverdue(c, now) ? <span className="badge overdue">{t('workbench.case.overdue')}</span> : null}
      </header>

      <dl className="wb-facts">
        <dt>{t('workbench.case.opened')}</dt>
        <dd>{byWhom(c.openedBy, c.openedAt)}</dd>
        <dt>{t('case.order')}</dt>
        <dd data-testid="case-detail-order">{c.orderId ?? t('case.order.none')}</dd>
        {c.closedAt !== undefined ? (
          <>
            <dt>{t('workbench.case.closed')}</dt>
            <dd>{when(c.closedAt, lang)}</dd>
          </>
        ) : null}
        <dt>{t('case.summary')}</dt>
        <dd className="pre" data-testid="case-detail-summary">
          {summary || <span className="muted">{t('case.summary.empty')}</span>}
        </dd>
      </dl>

      <h2>{t('case.steps')}</h2>
      <table className="wb-table steps-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('workbench.step.title')}</th>
            <th>{t('workbench.step.due')}</th>
            <th>{t('workbench.step.done')}</th>
            <th>{t('workbench.step.fields')}</th>
          </tr>
        </thead>
        <tbody>
          {c.steps.map((step, i) => (
            <tr key={step.id} data-testid="case-detail-step" data-done={step.doneAt !== undefined} className={step.doneAt !== undefined ? 'done' : ''}>
              <td>{i + 1}</td>
              <td>
                {step.title}
                {step.required ? <span className="badge">{t('case.step.required')}</span> : null}
              </td>
              <td>
                {step.dueAt !== undefined ? <div>{when(step.dueAt, lang)}</div> : <span className="muted">{t('workbench.step.noLimit')}</span>}
                <StepCountdown step={step} now={now} active={active} />
              </td>
              <td data-testid="case-detail-step-done">{step.doneAt !== undefined ? byWhom(step.doneBy ?? '', step.doneAt) : <span className="muted">—</span>}</td>
              <td>
                {step.fields.length === 0 ? (
                  <span className="muted">—</span>
                ) : (
                  <dl className="wb-fields">
                    {step.fields.map((f) => (
                      <div key={f.key} data-testid="case-detail-field">
                        <dt>
                          {f.label}
                          {f.required ? '*' : ''}
                        </dt>
                        <dd>{step.values[f.key] ?? <span className="muted">—</span>}</dd>
                      </div>
                    ))}
                  </dl>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('case.notes')}</h2>
      {notes.length === 0 ? <p className="muted">{t('workbench.case.noNotes')}</p> : null}
      <ul className="wb-notes">
        {notes.map((n) => (
          <li key={n.id} data-testid="case-detail-note">
            <span className="muted">{byWhom(n.author, n.createdAt)}</span>
            <p className="pre">{n.text}</p>
          </li>
        ))}
      </ul>

      <h2>{t('case.history')}</h2>
      <ol className="wb-history" data-testid="case-detail-history">
        {history.map((event) => (
          <li key={event.id} data-testid="case-detail-event" data-kind={event.kind}>
            <time dateTime={new Date(event.createdAt).toISOString()}>{when(event.createdAt, lang)}</time>
            <span className="who">{event.author || t('record.someone')}</span>
            <span>{describeCaseEvent(lang, c, event, (id) => replyTitles.get(id))}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
