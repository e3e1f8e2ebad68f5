import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useEffect, useRef, useState } from 'react';
import type { KefuDatabase } from '@/lib/db/database';
import { eraseCustomer, exportCustomer, renameCustomer, setCustomerPreferences, setCustomerTags } from '@/lib/db/customers';
import { addNote, deleteNote, editNote, pinNote, restoreNote, timelinePage, type TimelinePage } from '@/lib/db/notes';
import { BUILT_IN_CUSTOMER_TAGS, type Customer, type CustomerTag, type Note } from '@/lib/db/records';
import { rescheduleCaseAlarms } from '@/lib/sidebar/case-alarms';
import { rescheduleFollowUpReminders } from '@/lib/sidebar/follow-up-reminders';
import { ComplaintsRecent } from './ComplaintsRecent';
import { formatter } from '@/lib/i18n/due-time';
import { FollowUpsSection } from './FollowUpsSection';
import { useLang, useT } from './i18n';

export interface CustomerRecordProps {
  db: KefuDatabase;
  customer: Customer;
  author: string;
  /** The order on the console's screen, offered for a new note. */
  orderOnScreen: string | undefined;
  notify(tone: 'info' | 'error', text: string, undo?: () => void): void;
  onError(err: unknown): void;
  onErased(): void;
  readSelection?: () => Promise<string>;
  /** Opens one of this customer's complaint cases in the Complaints tab. */
  onOpenCase?(caseId: string): void;
  /** A note to show and mark (the one a search found): the timeline reaches down to it. */
  revealNote?: Pick<Note, 'id' | 'createdAt'>;
  /** The first page of the timeline (NOTES_PAGE), when already read: the record shows with its notes in one go. */
  initialTimeline?: TimelinePage;
}

/** Unpinned notes the timeline shows at first and adds per "show older notes" (pinned ones always show). */
export const NOTES_PAGE = 50;

const DEFAULT_TAG_COLOR = '#6e7781';

/** Local date and time, short: the timeline is read at a glance. */
function when(ms: number, lang: 'zh' | 'en'): string {
  return formatter(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(ms);
}

/**
 * One customer's record: name, tags, preferences, orders, notes, privacy.
 * Memoised: the Customer tab re-renders on every chat switch and live query,
 * and a record whose props did not change need not render again.
 */
export const CustomerRecord = memo(function CustomerRecord({ db, customer, author, orderOnScreen, notify, onError, onErased, readSelection, onOpenCase, revealNote, initialTimeline }: CustomerRecordProps) {
  const t = useT();
  const lang = useLang();
  const opts = { author };
  // A change to one of the customer's notes: a note a first sync staged is looked for among theirs only.
  const noteOpts = { author, customerId: customer.id };
  // A regular's timeline runs to thousands of notes: the newest page first, older ones on request.
  const [noteLimit, setNoteLimit] = useState(NOTES_PAGE);
  const reach = revealNote?.createdAt;
  // Until the live query has read it (it then follows every change), the page already read, if any.
  const timeline = useLiveQuery(() => timelinePage(db, customer.id, noteLimit, { reach }), [db, customer.id, noteLimit, reach], reach === undefined ? initialTimeline : undefined);
  const notes = timeline?.notes;
  // Asked for more than shown: the next page is being read (the live query keeps the last one until then).
  const shownOthers = notes?.filter((n) => !n.pinned).length ?? 0;
  const readingOlder = timeline !== undefined && timeline.older && shownOthers < noteLimit;
  const revealed = useRef<HTMLLIElement | null>(null);
  const revealId = revealNote?.id;
  const revealShown = notes?.some((n) => n.id === revealId) ?? false;
  useEffect(() => {
    if (revealShown) revealed.current?.scrollIntoView?.({ block: 'nearest' });
  }, [revealId, revealShown]);
  const used = customer.repliesUsed ?? [];
  const usedReplies = useLiveQuery(() => db.replies.bulkGet(used.map((u) => u.replyId)), [db, used.map((u) => u.replyId).join()]);

  const [renaming, setRenaming] = useState<string | null>(null);
  const [noteText, setNoteText] = useState('');
  // Follows the order on screen until the agent types in the field.
  const [typedOrder, setNoteOrder] = useState<string | null>(null);
  const noteOrder = typedOrder ?? orderOnScreen ?? '';
  const [notePinned, setNotePinned] = useState(false);
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [customTag, setCustomTag] = useState('');
  const [tagColor, setTagColor] = useState(DEFAULT_TAG_COLOR);
  const [prefKey, setPrefKey] = useState('');
  const [prefValue, setPrefValue] = useState('');
  const [confirmErase, setConfirmErase] = useState(false);

  const tagged = (name: string) => customer.tags.some((tag) => tag.name === name);
  const saveTags = (tags: CustomerTag[]) => void setCustomerTags(db, customer.id, tags, opts).catch(onError);
  const toggleBuiltIn = (name: string) => saveTags(tagged(name) ? customer.tags.filter((tag) => tag.name !== name) : [...customer.tags, { name }]);
  const addCustomTag = () => {
    const name = customTag.trim();
    if (!name) return;
    setCustomerTags(db, customer.id, [...customer.tags, { name, color: tagColor }], opts)
      .then(() => setCustomTag(''))
      .catch(onError);
  };

  const addPreference = () => {
    if (!prefKey.trim()) return;
    setCustomerPreferences(db, customer.id, { ...customer.preferences, [prefKey.trim()]: prefValue }, opts)
      .then(() => {
        setPrefKey('');
        setPrefValue('');
      })
      .catch(onError);
  };
  const removePreference = (key: string) => {
    const { [key]: _removed, ...rest } = customer.preferences;
    void setCustomerPreferences(db, customer.id, rest, opts).catch(onError);
  };

  const saveNote = () => {
    addNote(db, customer.id, { text: noteText, orderId: noteOrder, pinned: notePinned }, opts)
      .then(() => {
        setNoteText('');
        setNotePinned(false);
        setNoteOrder(null);
        notify('info', t('record.notes.saved'));
      })
      .catch(onError);
  };
  const capture = () => {
    if (!readSelection) return;
    readSelection()
      .then((text) => {
        if (!text.trim()) notify('error', t('record.notes.captureEmpty'));
        else setNoteText((prev) => (prev.trim() ? `${prev.trimEnd()}\n${text.trim()}` : text.trim()));
      })
      .catch(onError);
  };
  const remove = (note: Note) => {
    deleteNote(db, note.id, noteOpts)
      .then(() => notify('info', t('record.notes.deleted'), () => void restoreNote(db, note.id, noteOpts).catch(onError)))
      .catch(onError);
  };

  const download = () => {
    exportCustomer(db, customer.id)
      .then((data) => {
        const file = `customer-${customer.buyerId.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 40)}-${new Date().toISOString().slice(0, 10)}.json`;
        const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = file;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        notify('info', t('record.exported', { file }));
      })
      .catch(onError);
  };
  const erase = () => {
    eraseCustomer(db, customer.id, opts)
      .then(() => {
        notify('info', t('record.erased'));
        onErased();
        // Its follow-ups and cases went with it: the alarms move on.
        void rescheduleFollowUpReminders();
        void rescheduleCaseAlarms();
      })
      .catch(onError);
  };

  const customTags = customer.tags.filter((tag) => !BUILT_IN_CUSTOMER_TAGS.some((b) => b.name === tag.name));

  return (
    <article className="record">
      <header className="record-head">
        {renaming === null ? (
          <>
            <h2 data-testid="customer-id" title={customer.buyerId}>
              {customer.displayName}
            </h2>
            <button type="button" onClick={() => setRenaming(customer.displayName)}>
              {t('record.rename')}
            </button>
          </>
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              renameCustomer(db, customer.id, renaming, opts)
                .then(() => setRenaming(null))
                .catch(onError);
            }}
          >
            <input value={renaming} onChange={(e) => setRenaming(e.target.value)} aria-label={t('record.rename')} autoFocus />
            <button type="submit" className="primary">
              {t('record.rename.save')}
            </button>
            {customer.renamed ? (
              <button
                type="button"
                onClick={() =>
                  void renameCustomer(db, customer.id, null, opts)
                    .then(() => setRenaming(null))
                    .catch(onError)
                }
              >
                {t('record.rename.reset')}
              </button>
            ) : null}
            <button type="button" onClick={() => setRenaming(null)}>
              {t('record.cancel')}
            </button>
          </form>
        )}
      </header>
      <p className="hint">
        {customer.buyerId}
        {customer.shop ? ` · ${customer.shop}` : ''}
      </p>

      <section className="record-section">
        <h3>{t('record.tags')}</h3>
        <div className="chips">
          {BUILT_IN_CUSTOMER_TAGS.map((tag) => (
            <button
              key={tag.name}
              type="button"
              className="chip"
              aria-pressed={tagged(tag.name)}
              data-testid="customer-tag"
              style={tagged(tag.name) ? { background: tag.color, borderColor: tag.color, color: '#fff' } : { color: tag.color }}
              onClick={() => toggleBuiltIn(tag.name)}
            >
              {lang === 'zh' ? tag.name : tag.en}
            </button>
          ))}
          {customTags.map((tag) => (
            <span key={tag.name} className="chip on" style={{ background: tag.color ?? DEFAULT_TAG_COLOR, borderColor: tag.color ?? DEFAULT_TAG_COLOR }}>
              {tag.name}
              <button type="button" aria-label={t('record.tags.remove', { name: tag.name })} onClick={() => saveTags(customer.tags.filter((x) => x.name !== tag.name))}>
                ×
              </button>
            </span>
          ))}
        </div>
        <div className="inline-form">
          <input value={customTag} maxLength={30} placeholder={t('record.tags.custom')} aria-label={t('record.tags.custom')} onChange={(e) => setCustomTag(e.target.value)} />
          <input type="color" value={tagColor} aria-label={t('record.tags.color')} onChange={(e) => setTagColor(e.target.value)} />
          <button type="button" onClick={addCustomTag} disabled={!customTag.trim()}>
            {t('record.tags.add')}
          </button>
        </div>
      </section>

      <section className="record-section">
        <h3>{t('record.notes')}</h3>
        <textarea
          data-testid="note-input"
          rows={3}
          value={noteText}
          placeholder={t('record.notes.placeholder')}
          onChange={(e) => setNoteText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && noteText.trim()) {
              e.preventDefault();
              saveNote();
            }
          }}
        />
        <div className="inline-form">
          <input value={noteOrder} placeholder={t('record.notes.order')} aria-label={t('record.notes.order')} onChange={(e) => setNoteOrder(e.target.value)} />
          <label className="check">
            <input type="checkbox" checked={notePinned} onChange={(e) => setNotePinned(e.target.checked)} />
            {t('record.notes.pinned')}
          </label>
          <button type="button" className="primary" data-testid="note-save" disabled={!noteText.trim()} onClick={saveNote}>
            {t('record.notes.save')}
          </button>
        </div>
        {readSelection ? (
          <button type="button" className="link" data-testid="note-capture" onClick={capture}>
            {t('record.notes.capture')}
          </button>
        ) : null}
        {notes && notes.length === 0 ? <p className="empty">{t('record.notes.empty')}</p> : null}
        <ul className="notes">
          {notes?.map((note) => (
            <li
              key={note.id}
              data-testid="note-item"
              className={[note.pinned ? 'pinned' : '', note.id === revealId ? 'record-view-found' : ''].join(' ').trim()}
              ref={note.id === revealId ? revealed : undefined}
            >
              {editing?.id === note.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    editNote(db, note.id, { text: editing.text, orderId: note.orderId ?? '' }, noteOpts)
                      .then(() => setEditing(null))
                      .catch(onError);
                  }}
                >
                  <textarea rows={3} value={editing.text} onChange={(e) => setEditing({ id: note.id, text: e.target.value })} autoFocus />
                  <div className="inline-form">
                    <button type="submit" className="primary">
                      {t('record.notes.save')}
                    </button>
                    <button type="button" onClick={() => setEditing(null)}>
                      {t('record.cancel')}
                    </button>
                  </div>
                </form>
              ) : (
                <p className="note-text">
                  {note.pinned ? '📌 ' : ''}
                  {note.text}
                </p>
              )}
              <div className="reply-meta">
                <span>{t('record.by', { author: note.author || t('record.someone'), time: when(note.editedAt ?? note.createdAt, lang) })}</span>
                {note.orderId ? <span>#{note.orderId}</span> : null}
                {note.editedAt ? <span>{t('record.notes.edited')}</span> : null}
              </div>
              {note.history.length > 0 ? (
                <details className="history">
                  <summary>{t('record.notes.history', { count: note.history.length })}</summary>
                  <ol>
                    {note.history.map((v) => (
                      <li key={v.writtenAt}>
                        <span className="muted">{t('record.by', { author: v.author || t('record.someone'), time: when(v.writtenAt, lang) })}</span> {v.text}
                      </li>
                    ))}
                  </ol>
                </details>
              ) : null}
              <div className="note-actions">
                <button type="button" onClick={() => void pinNote(db, note.id, !note.pinned, noteOpts).catch(onError)}>
                  {note.pinned ? t('record.notes.unpin') : t('record.notes.pin')}
                </button>
                <button type="button" onClick={() => setEditing({ id: note.id, text: note.text })}>
                  {t('record.notes.edit')}
                </button>
                <button type="button" className="danger" data-testid="note-delete" onClick={() => remove(note)}>
                  {t('record.notes.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
        {timeline?.older ? (
          <button
            type="button"
            className="link"
            data-testid="notes-older"
            disabled={readingOlder}
            onClick={() => setNoteLimit(Math.max(noteLimit, shownOthers) + NOTES_PAGE)}
          >
            {t(readingOlder ? 'record.notes.olderLoading' : 'record.notes.older')}
          </button>
        ) : null}
      </section>

      <FollowUpsSection db={db} customerId={customer.id} author={author} />

      <ComplaintsRecent db={db} customerId={customer.id} onOpenCase={onOpenCase} />

      <section className="record-section">
        <h3>{t('record.used')}</h3>
        {used.length === 0 ? <p className="hint">{t('record.used.empty')}</p> : null}
        <ul className="orders" data-testid="customer-replies-used">
          {used.map((u, i) => {
            const reply = usedReplies?.[i];
            if (!reply || reply.deletedAt !== undefined) return null;
            return (
              <li key={u.replyId}>
                <span>{reply.title}</span>
                <span className="muted">{when(u.usedAt, lang)}</span>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="record-section">
        <h3>{t('record.prefs')}</h3>
        {Object.keys(customer.preferences).length === 0 ? <p className="hint">{t('record.prefs.empty')}</p> : null}
        <dl>
          {Object.entries(customer.preferences).map(([key, value]) => (
            <div className="kv" key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
              <button type="button" aria-label={`× ${key}`} onClick={() => removePreference(key)}>
                ×
              </button>
            </div>
          ))}
        </dl>
        <div className="inline-form">
          <input value={prefKey} maxLength={30} placeholder={t('record.prefs.key')} aria-label={t('record.prefs.key')} onChange={(e) => setPrefKey(e.target.value)} />
          <input
            value={prefValue}
            maxLength={200}
            placeholder={t('record.prefs.value')}
            aria-label={t('record.prefs.value')}
            onChange={(e) => setPrefValue(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && !e.nativeEvent.isComposing && addPreference()}
          />
          <button type="button" onClick={addPreference} disabled={!prefKey.trim()}>
            {t('record.tags.add')}
          </button>
        </div>
      </section>

      <section className="record-section">
        <h3>{t('record.orders')}</h3>
        {customer.orders.length === 0 ? <p className="hint">{t('record.orders.empty')}</p> : null}
        <ul className="orders">
          {customer.orders.map((order) => (
            <li key={order.orderId}>
              <code>{order.orderId}</code>
              {order.status ? <span className="badge">{order.status}</span> : null}
              <span className="muted">{when(order.seenAt, lang)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="record-section">
        <h3>{t('record.privacy')}</h3>
        <div className="inline-form">
          <button type="button" onClick={download}>
            {t('record.export')}
          </button>
          <button type="button" className="danger" data-testid="customer-erase" onClick={() => setConfirmErase(true)}>
            {t('record.erase')}
          </button>
        </div>
        {confirmErase ? (
          <div className="notice error" role="alertdialog">
            <span>{t('record.erase.confirm', { name: customer.displayName })}</span>
            <button type="button" className="danger" data-testid="customer-erase-confirm" onClick={erase}>
              {t('record.erase.yes')}
            </button>
            <button type="button" onClick={() => setConfirmErase(false)}>
              {t('record.cancel')}
            </button>
          </div>
        ) : null}
      </section>
    </article>
  );
});
