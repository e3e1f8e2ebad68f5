import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import type { KefuDatabase } from '@/lib/db/database';
import { customerForContext, findCustomerForContext, isLiveCustomer } from '@/lib/db/customers';
import type { CustomerHit } from '@/lib/db/customer-search';
import { addNote, deleteNote, timelinePage, type TimelinePage } from '@/lib/db/notes';
import type { Customer, Note } from '@/lib/db/records';
import { AppError } from '@/lib/errors';
import { zh, type MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import type { PageState } from '@/lib/messaging/protocol';
import { CustomerEntry } from './CustomerEntry';
import { CustomerRecord, NOTES_PAGE } from './CustomerRecord';
import { TodayFollowUps } from './TodayFollowUps';
import { useT } from './i18n';
import { useStableCallback } from './use-stable-callback';
import './CustomerPanel.css';

export interface CustomerPanelProps {
  db: KefuDatabase;
  state: PageState | undefined;
  platformName: string;
  author: string;
  /** Shows a notice in the sidebar (with an undo button when `undo` is given). */
  notify(tone: 'info' | 'error', text: string, undo?: () => void): void;
  /** Reads the text the agent selected on the console page ('' when none). */
  readSelection?: () => Promise<string>;
  /** Text from the context menu's "save to customer notes" (n counts deliveries), saved to the record shown. */
  captured?: { text: string; n: number } | null;
  /** The captured text was saved or discarded. */
  onCapturedDone?: () => void;
  /**
   * A customer the agent opened by hand (none detected, or "another
   * customer"), kept by the sidebar so the Complaints tab shows the same one;
   * the sidebar drops it when another buyer comes on screen. Without
   * `onChoose` the panel keeps it itself.
   */
  chosenId?: string | null;
  onChoose?(id: string | null): void;
  /** Opens one of the customer's complaint cases in the Complaints tab. */
  onOpenCase?(caseId: string): void;
}

/** The i18n key for a repository error: its first field's key when the table has it. */
export function errorKey(err: unknown, has: (key: string) => boolean): MessageKey | null {
  if (!(err instanceof AppError)) return null;
  for (const key of Object.values(err.fields)) if (has(`error.${key}`)) return `error.${key}` as MessageKey;
  return null;
}

/**
 * The Customer tab: what the console shows about the conversation (as the
 * adapter read it), and the record of that buyer (客户档案), opened by itself
 * from the page context and following the console as the agent switches
 * chats. Where no buyer is detected, the agent types or picks one.
 *
 * A chat switch shows the next record as soon as customerForContext returns
 * it; until then the previous record stays on screen, dimmed and inert (not
 * the search box, which would flash up between two chats). The children that
 * do not depend on the conversation (the record, the "today" list) are
 * memoised and get callbacks of stable identity, so the renders of a switch
 * do not render them again.
 */
export function CustomerPanel({ db, state, platformName, author, notify, readSelection, captured, onCapturedDone, chosenId: liftedChosenId, onChoose, onOpenCase }: CustomerPanelProps) {
  const t = useT();
  const c = state?.context;
  const detectedId = c?.buyerId?.trim() || c?.buyerName?.trim() || '';
  const platform = c?.platform || state?.adapterId || '';
  // Identity of the conversation on screen; the record follows it.
  const conversation = detectedId ? JSON.stringify([platform, c?.shop ?? '', detectedId, c?.buyerName ?? '', c?.orderId ?? '']) : '';

  /**
   * The record opened for a conversation: the row customerForContext returned
   * and the first page of its timeline (shown at once, in one go, without
   * waiting for the record's live queries to read them again), or null when
   * it could not be opened (said in a notice; the agent picks the buyer by
   * hand); with the order on screen then. Only counts while that conversation
   * is on screen.
   */
  const [detected, setDetected] = useState<{ conversation: string; customer: Customer | null; timeline?: TimelinePage; orderId?: string } | null>(null);
  const detectedNow = detected && detected.conversation === conversation ? detected : null;
  const detectedCustomerId = detectedNow?.customer?.id ?? null;
  /** A customer the agent opened by hand (none detected, or "another customer"). */
  const [ownChosenId, setOwnChosenId] = useState<string | null>(null);
  const chosenId = onChoose ? (liftedChosenId ?? null) : ownChosenId;
  const setChosenId = onChoose ?? setOwnChosenId;
  const [picking, setPicking] = useState(false);
  /** The note a search found: the record it opened shows it. */
  const [found, setFound] = useState<{ customerId: string; note: Pick<Note, 'id' | 'createdAt'> } | null>(null);

  const showError = useStableCallback((err: unknown) => {
    const key = errorKey(err, (k) => k in zh);
    if (key) notify('error', t(key));
    else {
      log.error('customer record failed', err);
      notify('error', t('error.internal', { message: err instanceof Error ? err.message : String(err) }));
    }
  });

  useEffect(() => {
    if (!conversation || !c) return;
    let live = true;
    const context = { ...c, platform };
    const orderId = c.orderId;
    // A known buyer shows as soon as read, with the first page of the timeline
    // read beside customerForContext's write (lastSeenAt, the order on screen),
    // which the live queries then bring in. The read is asked for first: a
    // read-only transaction started before the write does not wait for it.
    const known = findCustomerForContext(db, context);
    const opened = customerForContext(db, context, { author });
    const open = async () => {
      const customer = (await known) ?? (await opened);
      const timeline = await timelinePage(db, customer.id, NOTES_PAGE);
      if (!live) return;
      setDetected({ conversation, customer, timeline, orderId });
      // A new conversation on screen takes over from a customer opened by hand
      // (one kept by the sidebar is dropped there).
      setOwnChosenId(null);
      setPicking(false);
    };
    const fail = (err: unknown) => {
      if (!live) return;
      setDetected({ conversation, customer: null });
      showError(err);
    };
    // Both fail alike on a context naming no buyer: that is said once.
    open().catch(fail);
    opened.catch((err: unknown) => {
      if (live) void known.then((found) => found && showError(err), () => undefined);
    });
    return () => {
      live = false;
    };
    // The conversation key covers the context fields used.
  }, [db, conversation, author]); // eslint-disable-line react-hooks/exhaustive-deps

  // A conversation on screen whose record is still being opened.
  const opening = Boolean(conversation) && detectedNow === null && !chosenId;
  const wantedId = chosenId ?? detectedCustomerId;
  /** The customer whose record is on screen; kept while the next conversation's record opens. */
  const [shownId, setShownId] = useState<string | null>(null);
  if (!opening && wantedId !== shownId) setShownId(wantedId);
  const currentId = opening ? shownId : wantedId;
  // Tagged with the id it was read for: useLiveQuery keeps the last result while it reads the next.
  const stored = useLiveQuery(async () => {
    if (!currentId) return null;
    const row = await db.customers.get(currentId);
    return { id: currentId, customer: isLiveCustomer(row) ? row : null };
  }, [db, currentId]);
  // The row last opened for a conversation (this one, or the previous one while this one opens).
  const snapshot = detected?.customer ?? null;
  let current: Customer | null | undefined;
  let loading = opening;
  if (!currentId) current = null;
  else if (stored?.id === currentId) {
    // The row as read, or still the one customerForContext returned while it is the same version: the same object, so the record does not render again.
    current = snapshot && stored.customer && snapshot.id === stored.customer.id && snapshot.updatedAt === stored.customer.updatedAt ? snapshot : stored.customer;
  } else if (snapshot?.id === currentId) current = snapshot;
  else {
    // Not read yet (a customer opened from the "today" list or by hand): the previous record stays until it is.
    current = stored?.customer;
    loading = true;
  }

  // The context menu's text goes to the record on screen as soon as there is
  // one (at once, or once the agent has picked the buyer), with the order on
  // screen; the notice names the customer and offers undo.
  const savedCapture = useRef(0);
  const capturing = captured ?? null;
  const record = current && !picking && !loading ? current : null;
  useEffect(() => {
    // The ref keeps a delivery from being saved twice before the parent clears it.
    if (!capturing || !record || savedCapture.current === capturing.n) return;
    savedCapture.current = capturing.n;
    const orderId = chosenId ? '' : (c?.orderId ?? '');
    addNote(db, record.id, { text: capturing.text, orderId }, { author })
      .then((note) => {
        onCapturedDone?.();
        notify('info', t('record.notes.captured', { name: record.displayName }), () => {
          void deleteNote(db, note.id, { author }).catch(showError);
        });
      })
      .catch(showError);
    // Runs once per delivery (capturing.n), when a record is on screen.
  }, [capturing?.n, record?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const searching = picking || (!detectedCustomerId && !opening);

  const openChosen = (customer: Customer, hit?: CustomerHit) => {
    setChosenId(customer.id);
    setPicking(false);
    setFound(hit?.via === 'note' && hit.note ? { customerId: customer.id, note: hit.note } : null);
  };
  const openFromToday = useStableCallback((id: string) => {
    setChosenId(id);
    setPicking(false);
  });
  const onErased = useStableCallback(() => {
    setChosenId(null);
    // The conversation's buyer is gone: the agent picks one by hand.
    setDetected({ conversation, customer: null });
  });
  const stableNotify = useStableCallback(notify);
  const stableRead = useStableCallback(() => (readSelection ? readSelection() : Promise.resolve('')));
  const stableOpenCase = useStableCallback((caseId: string) => onOpenCase?.(caseId));

  const row = (label: string, value: string | undefined, testid?: string) => (
    <div className="kv">
      <dt>{label}</dt>
      <dd data-testid={testid} className={value ? '' : 'muted'}>
        {value ?? t('customer.unknown')}
      </dd>
    </div>
  );

  return (
    <section className="customer">
      <details className="conversation" open={!current}>
        <summary>{t('customer.title')}</summary>
        <dl>
          {row(t('customer.platform'), platformName)}
          {row(t('customer.buyer'), c?.buyerName, 'context-buyer')}
          {row(t('customer.buyerId'), c?.buyerId)}
          {row(t('customer.order'), c?.orderId, 'context-order')}
          {row(t('customer.shop'), c?.shop)}
        </dl>
        <p className="hint">{t('customer.hint')}</p>
      </details>

      {capturing && !record ? (
        <div className="notice info" role="status" data-testid="note-capture-pending">
          <span>
            {t('record.notes.capturePending')} “{capturing.text.length > 60 ? `${capturing.text.slice(0, 60)}…` : capturing.text}”
          </span>
          <button type="button" onClick={() => onCapturedDone?.()}>
            {t('record.notes.captureDiscard')}
          </button>
        </div>
      ) : null}
      {searching ? (
        <CustomerEntry
          db={db}
          platform={platform}
          shop={c?.shop}
          author={author}
          inputId="customer-id-input"
          onOpen={openChosen}
          onError={showError}
          onCancel={picking && detectedCustomerId ? () => setPicking(false) : undefined}
        />
      ) : null}
      {loading && !current ? (
        <p className="hint record-view-status" role="status" data-testid="record-opening">
          {t('record.opening')}
        </p>
      ) : null}

      {current && !picking ? (
        <div className={loading ? 'record-view-opening' : undefined} inert={loading} aria-busy={loading} data-testid={loading ? 'record-opening' : undefined}>
          <div className="record-switch">
            {chosenId && detectedCustomerId && chosenId !== detectedCustomerId ? (
              <button type="button" onClick={() => setChosenId(null)}>
                {t('record.backToChat')}
              </button>
            ) : null}
            <button type="button" onClick={() => setPicking(true)}>
              {t('record.switch')}
            </button>
          </div>
          <CustomerRecord
            key={current.id}
            db={db}
            customer={current}
            author={author}
            // The order of the conversation the record was opened for (the next one's is not its order).
            orderOnScreen={chosenId ? undefined : detected?.orderId}
            initialTimeline={detected?.customer?.id === current.id ? detected.timeline : undefined}
            notify={stableNotify}
            onError={showError}
            onErased={onErased}
            readSelection={readSelection ? stableRead : undefined}
            onOpenCase={onOpenCase ? stableOpenCase : undefined}
            revealNote={found?.customerId === current.id ? found.note : undefined}
          />
        </div>
      ) : null}

      <TodayFollowUps db={db} author={author} onOpenCustomer={openFromToday} />
    </section>
  );
}
