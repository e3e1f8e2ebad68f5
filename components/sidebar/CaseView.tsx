import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import {
  addCaseNote,
  caseHistory,
  getCase,
  isActiveCase,
  nextOpenStep,
  recordStepReply,
  reopenCase,
  setCaseSeverity,
  setCaseStatus,
  setStepDone,
  setStepField,
} from '@/lib/db/cases';
import { CaseStatus, Severity, type CaseStep, type ComplaintCase, type StoredCaseEvent } from '@/lib/db/complaint-records';
import type { KefuDatabase } from '@/lib/db/database';
import type { Reply } from '@/lib/db/records';
import { AppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { rescheduleCaseAlarms } from '@/lib/sidebar/case-alarms';
import { CaseBadges, severityLabel, statusLabel, StepCountdown, when } from './CaseParts';
import { CaseSummary } from './CaseSummary';
import { ChecklistStep } from './ChecklistStep';
import { errorText } from './follow-up-parts';
import { useLang, useT } from './i18n';
import { useNow } from './use-now';

export interface CaseViewProps {
  db: KefuDatabase;
  caseId: string;
  /** The agent's name from settings: the author of what they write. */
  author: string;
  /** 'copy' where the console's chat box is out of reach: step replies are copied. */
  replyAction: 'insert' | 'copy';
  /**
   * Inserts a reply into the chat the way the Replies tab does (variables,
   * fill-in form); `onDone` runs once it reached the chat box (or clipboard).
   */
  onInsertReply(reply: Reply, onDone: () => void): void;
  onBack(): void;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

type T = ReturnType<typeof useT>;

/** null for a case that does not exist (any other failure is thrown on). */
function orNull(err: unknown): null {
  if (err instanceof AppError && err.code === 'not-found') return null;
  throw err;
}

/** Countdowns tick every 15 s: a limit of minutes shows its last minute. */
const TICK_MS = 15_000;

/**
 * One complaint case (投诉处理闭环): what the buyer complains about, its order,
 * severity and status; the checklist with the next open step and its
 * suggested reply in view; notes and the full history. Closing is refused
 * with the steps and fields still missing named; a closed case can be reopened.
 */
export function CaseView({ db, caseId, author, replyAction, onInsertReply, onBack, now: fixedNow }: CaseViewProps) {
  const t = useT();
  const lang = useLang();
  const now = useNow(fixedNow, TICK_MS);
  const opts = fixedNow === undefined ? { author } : { author, now: fixedNow };
  // Erased with its customer while open here: say so instead of failing the sidebar.
  const c = useLiveQuery(() => getCase(db, caseId).catch(orNull), [db, caseId]);
  const history = useLiveQuery(() => caseHistory(db, caseId).catch(orNull), [db, caseId]);
  const replyIds = c ? [...new Set(c.steps.flatMap((s) => (s.replyId ? [s.replyId] : [])))] : [];
  const replies = useLiveQuery(async () => {
    const rows = await db.replies.bulkGet(replyIds);
    // A deleted reply drops silently from view.
    return new Map(rows.flatMap((r) => (r && r.deletedAt === undefined ? [[r.id, r] as const] : [])));
  }, [db, replyIds.join()]);

  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');

  // The next open step is in view when the case opens (once; not on every tick).
  const root = useRef<HTMLElement>(null);
  const scrolledFor = useRef<string | null>(null);
  useEffect(() => {
    if (!c || scrolledFor.current === c.id) return;
    scrolledFor.current = c.id;
    root.current?.querySelector('.checklist-step.next')?.scrollIntoView?.({ block: 'nearest' });
  }, [c]);

  if (c === undefined) return null;
  if (c === null) {
    return (
      <section className="case" data-testid="case-view">
        <button type="button" className="link" data-testid="case-back" onClick={onBack}>
          {t('complaints.back')}
        </button>
        <p className="empty">{t('error.case-not-found')}</p>
      </section>
    );
  }

  const closed = c.status === 'closed';
  const active = isActiveCase(c);
  // A closed case has no next step (an optional step may stay unticked).
  const next = closed ? undefined : nextOpenStep(c);

  const fail = (what: string, err: unknown) => {
    if (!(err instanceof AppError && err.code !== 'internal')) log.error(`complaint case: ${what} failed`, err);
    setError(err instanceof AppError && err.code === 'case-incomplete' ? incompleteText(t, c, err) : errorText(t, err));
  };
  const run = (what: string, write: Promise<unknown>) => rescheduled(write).then(() => setError(null), (err: unknown) => fail(what, err));

  const changeStatus = (status: CaseStatus) => {
    if (status === c.status) return;
    void run('status', closed && status === 'reopened' ? reopenCase(db, c.id, opts) : setCaseStatus(db, c.id, status, opts));
  };

  const insert = (step: CaseStep, reply: Reply) =>
    onInsertReply(reply, () => {
      // The history keeps which reply went out for which step.
      void run('record reply', recordStepReply(db, c.id, step.id, reply.id, opts));
    });

  const saveNote = () => {
    void addCaseNote(db, c.id, note, opts).then(
      () => {
        setNote('');
        setError(null);
      },
      (err: unknown) => fail('note', err),
    );
  };

  const nextReply = next?.replyId ? replies?.get(next.replyId) : undefined;
  return (
    <section className="case" data-testid="case-view" data-case-id={c.id} data-status={c.status} ref={root}>
      <button type="button" className="link" data-testid="case-back" onClick={onBack}>
        {t('complaints.back')}
      </button>
      <header className="case-head">
        <h2 data-testid="case-title">{c.templateName}</h2>
        <CaseBadges c={c} />
      </header>
      <p className="hint">{t('case.openedBy', { author: c.openedBy || t('record.someone'), time: when(c.openedAt, lang) })}</p>

      {error ? (
        <p className="field-error case-error" role="alert" data-testid="case-error">
          {error}
        </p>
      ) : null}

      <div className="case-next" data-testid="case-next">
        {next ? (
          <>
            <span className="case-next-label">{t('case.next')}</span>
            <strong>{next.title}</strong>
            <StepCountdown step={next} now={now} active={active} />
            {nextReply ? (
              <button type="button" className="primary" data-testid="case-next-reply" title={nextReply.body} onClick={() => insert(next, nextReply)}>
                {t(replyAction === 'copy' ? 'case.step.replyCopy' : 'case.step.reply', { title: nextReply.title })}
              </button>
            ) : null}
          </>
        ) : (
          <span>{closed ? t('case.closed.hint') : t('case.next.none')}</span>
        )}
      </div>

      <dl className="case-facts">
        <div className="kv">
          <dt>{t('case.status')}</dt>
          <dd>
            <select data-testid="complaint-status" value={c.status} onChange={(e) => changeStatus(e.target.value as CaseStatus)}>
              {CaseStatus.options.map((s) => (
                <option key={s} value={s} disabled={closed ? s !== 'closed' && s !== 'reopened' : s === 'reopened' && c.status !== 'reopened'}>
                  {statusLabel(t, s)}
                </option>
              ))}
            </select>
            {closed ? (
              <button type="button" data-testid="case-reopen" onClick={() => changeStatus('reopened')}>
                {t('case.reopen')}
              </button>
            ) : null}
          </dd>
        </div>
        <div className="kv">
          <dt>{t('case.severity')}</dt>
          <dd>
            <select
              data-testid="case-severity"
              value={c.severity}
              disabled={closed}
              onChange={(e) => void run('severity', setCaseSeverity(db, c.id, e.target.value as Severity, opts))}
            >
              {Severity.options.map((s) => (
                <option key={s} value={s}>
                  {severityLabel(t, s)}
                </option>
              ))}
            </select>
          </dd>
        </div>
        <div className="kv">
          <dt>{t('case.order')}</dt>
          <dd data-testid="case-order" className={c.orderId ? '' : 'muted'}>
            {c.orderId ?? t('case.order.none')}
          </dd>
        </div>
      </dl>

      <CaseSummary db={db} c={c} opts={opts} onError={(err) => fail('summary', err)} />

      <h3>{t('case.steps')}</h3>
      <ol className="checklist">
        {c.steps.map((step) => (
          <ChecklistStep
            key={step.id}
            step={step}
            now={now}
            active={active}
            closed={closed}
            next={step.id === next?.id}
            reply={step.replyId ? replies?.get(step.replyId) : undefined}
            replyAction={replyAction}
            onDone={(done) => rescheduled(setStepDone(db, c.id, step.id, done, opts))}
            onField={(key, value) => setStepField(db, c.id, step.id, key, value, opts)}
            onInsertReply={(reply) => insert(step, reply)}
          />
        ))}
      </ol>

      <section className="case-notes">
        <h3>{t('case.notes')}</h3>
        <textarea data-testid="case-note-input" rows={2} value={note} maxLength={5000} placeholder={t('case.note.placeholder')} onChange={(e) => setNote(e.target.value)} />
        <div className="inline-form">
          <button type="button" className="primary" data-testid="case-note-save" disabled={!note.trim()} onClick={saveNote}>
            {t('case.note.add')}
          </button>
        </div>
      </section>

      <section className="case-history">
        <h3>{t('case.history')}</h3>
        <ol data-testid="case-history">
          {(history ?? []).map((event) => (
            <li key={event.id} data-testid="case-event" data-kind={event.kind}>
              <span className="muted">{t('record.by', { author: event.author || t('record.someone'), time: when(event.createdAt, lang) })}</span>{' '}
              {describeEvent(t, c, event, replies)}
            </li>
          ))}
        </ol>
      </section>
    </section>
  );
}

/** "Cannot close yet: tick “Calm the buyer”; fill in “Responsibility” (Investigate)." from the repository's fields. */
export function incompleteText(t: T, c: ComplaintCase, err: AppError): string {
  const stepTitle = (id: string) => c.steps.find((s) => s.id === id)?.title ?? id;
  const steps: string[] = [];
  const fields: string[] = [];
  for (const key of Object.keys(err.fields)) {
    const [kind, stepId = '', fieldKey = ''] = key.split(':');
    if (kind === 'step') steps.push(t('case.quoted', { text: stepTitle(stepId) }));
    if (kind === 'field') {
      const label = c.steps.find((s) => s.id === stepId)?.fields.find((f) => f.key === fieldKey)?.label ?? fieldKey;
      fields.push(t('case.incomplete.field', { field: label, step: stepTitle(stepId) }));
    }
  }
  const sep = t('case.list.sep');
  const parts = [
    ...(steps.length ? [t('case.incomplete.steps', { steps: steps.join(sep) })] : []),
    ...(fields.length ? [t('case.incomplete.fields', { fields: fields.join(sep) })] : []),
  ];
  if (parts.length === 0) return t('error.case-incomplete');
  return t('case.incomplete', { missing: parts.join(t('case.list.sepMajor')) });
}

/**
 * A case write, then the background's deadline alarm moves (ticks, unticks,
 * status and reopen change which deadline comes next).
 */
function rescheduled<T>(write: Promise<T>): Promise<T> {
  return write.then((value) => {
    void rescheduleCaseAlarms();
    return value;
  });
}

/** One line of the history, in the sidebar's language. */
function describeEvent(t: T, c: ComplaintCase, event: StoredCaseEvent, replies: Map<string, Reply> | undefined): string {
  const step = (id: string) => c.steps.find((s) => s.id === id);
  switch (event.kind) {
    case 'opened':
      return t('case.event.opened', { template: c.templateName });
    case 'step-done':
      return t('case.event.stepDone', { step: step(event.stepId)?.title ?? event.stepId });
    case 'step-undone':
      return t('case.event.stepUndone', { step: step(event.stepId)?.title ?? event.stepId });
    case 'field-set': {
      const label = step(event.stepId)?.fields.find((f) => f.key === event.field)?.label ?? event.field;
      return event.value ? t('case.event.fieldSet', { field: label, value: event.value }) : t('case.event.fieldCleared', { field: label });
    }
    case 'status':
      return t('case.event.status', { status: statusLabel(t, event.status) });
    case 'severity':
      return t('case.event.severity', { severity: severityLabel(t, event.severity) });
    case 'summary':
      return event.text ? t('case.event.summary', { text: event.text }) : t('case.event.summaryCleared');
    case 'note':
      return t('case.event.note', { text: event.text });
    case 'reply-inserted':
      return t('case.event.reply', { step: step(event.stepId)?.title ?? event.stepId, reply: replies?.get(event.replyId)?.title ?? t('case.event.replyGone') });
  }
}
