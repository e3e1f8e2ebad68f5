import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ComplianceMatch } from '@/lib/compliance/matcher';
import { errorText } from '@/components/sidebar/follow-up-parts';
import { useTeamLocks } from '@/components/sync/use-team-locks';
import { useWatchedQuery } from '@/components/use-watched-query';
import { clearDismissedDuplicates, dismissDuplicate, loadDismissedDuplicates } from '@/lib/library/dismissed';
import { resolveConflict, type ConflictField } from '@/lib/db/conflicts';
import type { SyncRecordMeta } from '@/lib/db/sync-records';
import { useT } from '@/components/sidebar/i18n';
import { ReplyEditor } from '@/components/sidebar/ReplyEditor';
import { useCompliance } from '@/components/sidebar/use-compliance';
import type { KefuDatabase } from '@/lib/db/database';
import { effectiveOrder, getGroupOrders, GROUP_ORDER_ID, moveGroup, moveGroupTo } from '@/lib/db/group-order';
import type { Reply, ReplyDraft } from '@/lib/db/records';
import {
  createReply,
  deleteReplies,
  duplicateReply,
  getReply,
  listReplies,
  mergeReplies,
  moveReplies,
  moveReply,
  renameGroup,
  tagReplies,
  undoReplyChange,
  updateReply,
  type ReplyUndo,
} from '@/lib/db/replies';
import { AppError } from '@/lib/errors';
import type { MessageKey } from '@/lib/i18n/messages';
import { groupEntries, rangeBetween, visibleReplies, type LibrarySort } from '@/lib/library/table';
import { log } from '@/lib/log';
import { ReplyIndex } from '@/lib/search';
import type { Settings } from '@/lib/settings/settings';
import { syncIndex } from '@/lib/sidebar/index-sync';
import { LibraryDuplicates } from './LibraryDuplicates';
import { groupOfSortId, LibraryGroupTree } from './LibraryGroupTree';
import { LibraryTable } from './LibraryTable';
import { ReplyPreview } from './ReplyPreview';
import './LibraryPage.css';
import { useAuthor } from '@/components/sync/use-author';

export interface LibraryPageProps {
  db: KefuDatabase;
  settings: Pick<Settings, 'agentName' | 'shopName' | 'triggerKey'>;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

/** How long "Undo" stays offered after a change. */
const UNDO_MS = 10_000;

type Panel = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string };
interface Toast {
  text: string;
  undo?: ReplyUndo;
}

const SORTS: readonly LibrarySort[] = ['manual', 'relevance', 'title', 'usage', 'updated'];

/**
 * A pointer drop goes to what is under the pointer (a group in the tree or a
 * row). A keyboard drag has no pointer: the dragged row (as wide as the
 * table) lands on a group when its top-left corner is on one, which is where
 * the keyboard sensor's arrow keys put it; otherwise on the closest row.
 */
const collision: CollisionDetection = (all) => {
  // A dragged group (the group order) lands on another group's place; a reply never does.
  const dragsGroup = groupOfSortId(all.active.id) !== undefined;
  const args = { ...all, droppableContainers: all.droppableContainers.filter((c) => (groupOfSortId(c.id) !== undefined) === dragsGroup) };
  if (dragsGroup) return closestCenter(args);
  if (args.pointerCoordinates) {
    const under = pointerWithin(args);
    if (under.length > 0) return under;
  } else {
    const corner = { x: args.collisionRect.left + 1, y: args.collisionRect.top + 1 };
    const groups = args.droppableContainers.filter((c) => String(c.id).startsWith('group:'));
    const onGroup = pointerWithin({ ...args, pointerCoordinates: corner, droppableContainers: groups });
    if (onGroup.length > 0) return onGroup;
  }
  return closestCenter(args);
};

/**
 * The library page (话术库管理, #/library): every live reply in a windowed
 * table with the sidebar's search and a choice of order; the group tree
 * (drop replies on a group to move them, order the groups, rename, new group); bulk select with
 * move, tag and delete, each undoable; the sidebar's editor in a side panel
 * with a live preview; and the duplicates finder. The sidebar watches the same
 * table, so every change shows there at once. Both read it paced
 * (useWatchedQuery): a first sync writes 20,000 team replies a page at a time.
 */
export function LibraryPage({ db, settings, now }: LibraryPageProps) {
  const t = useT();
  const author = useAuthor(settings);
  const opts = useMemo(() => (now === undefined ? { author } : { author, now }), [author, now]);
  const replies = useWatchedQuery(db, ['replies', 'groupOrders'], () => listReplies(db), []);
  const orders = useLiveQuery(() => getGroupOrders(db), [db]);
  const locks = useTeamLocks(db);
  const isTeam = useMemo(() => (locks.active ? (r: Reply) => locks.has('reply', r.id) : undefined), [locks]);
  const conflicted = useLiveQuery(async () => new Set((await db.syncRecords.where('conflictAt').above(0).toArray()).filter((m) => m.kind === 'reply').map((m) => m.recordId)), [db]);
  const hasConflict = useMemo(() => (conflicted?.size ? (r: Reply) => conflicted.has(r.id) : undefined), [conflicted]);
  const { matcher } = useCompliance(db);
  const check = useCallback((text: string) => matcher?.check(text) ?? [], [matcher]);

  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<LibrarySort>('manual');
  const [group, setGroup] = useState<string | undefined>(undefined);
  const [newGroups, setNewGroups] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | undefined>(undefined);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [showDuplicates, setShowDuplicates] = useState(false);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    loadDismissedDuplicates().then(
      (keys) => setDismissed((d) => new Set([...keys, ...d])),
      (err: unknown) => log.warn('dismissed duplicates not read', { err: String(err) }),
    );
  }, []);
  const dismiss = (key: string) => {
    setDismissed((d) => new Set([...d, key]));
    dismissDuplicate(key).catch((err: unknown) => log.warn('dismissed duplicate not kept', { err: String(err) }));
  };
  const undismissAll = () => {
    setDismissed(new Set());
    clearDismissedDuplicates().catch((err: unknown) => log.warn('dismissed duplicates not cleared', { err: String(err) }));
  };
  const [toast, setToast] = useState<Toast | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const [busy, setBusy] = useState(false);

  // One search index for the page's life, brought in step with the live list
  // by diff (as in the sidebar): syncIndex is idempotent, so running it while
  // rendering is safe, and the hits are computed from the list it was synced to.
  // Only a search needs it: the first rows do not wait for 20k replies to be
  // indexed (most of a cold open), which is done once they are on screen.
  const [searchIndex] = useState(() => ({ index: new ReplyIndex(), known: new Map<string, number>() }));
  const hits = useMemo(() => {
    if (query.trim() === '' || !replies) return undefined;
    syncIndex(searchIndex.index, searchIndex.known, replies);
    return searchIndex.index.search(query).map((h) => h.id);
  }, [query, replies, searchIndex]);
  useEffect(() => {
    if (!replies) return;
    const timer = setTimeout(() => {
      syncIndex(searchIndex.index, searchIndex.known, replies);
      searchIndex.index.prepare();
    }, 0);
    return () => clearTimeout(timer);
  }, [replies, searchIndex]);

  const all = useMemo(() => replies ?? [], [replies]);
  const groupOrder = useMemo(() => (orders ? effectiveOrder(orders) : []), [orders]);
  const rows = useMemo(() => visibleReplies(all, { group, hits, sort, order: groupOrder }), [all, group, hits, sort, groupOrder]);
  const groups = useMemo(() => groupEntries(all, newGroups, groupOrder), [all, newGroups, groupOrder]);
  const rowIds = useMemo(() => rows.map((r) => r.id), [rows]);
  // Selection is of live replies only: one deleted elsewhere drops out.
  const liveSelected = useMemo(() => {
    const alive = new Set(all.map((r) => r.id));
    return [...selected].filter((id) => alive.has(id));
  }, [all, selected]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), UNDO_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  const fail = (what: string, err: unknown) => {
    if (!(err instanceof AppError && err.code !== 'internal')) log.error(`library ${what} failed`, err);
    setError(errorText(t, err));
  };
  /** Runs a bulk change; its toast offers the undo, or says nothing needed changing. */
  const run = (what: string, change: () => Promise<ReplyUndo>, done: (change: ReplyUndo) => string) => {
    setBusy(true);
    change().then(
      (c) => {
        setError(null);
        setToast(c.before.length === 0 ? { text: t('library.nothingChanged') } : { text: done(c), undo: c });
      },
      (err: unknown) => fail(what, err),
    ).finally(() => setBusy(false));
  };
  const undo = (change: ReplyUndo) => {
    setToast(null);
    undoReplyChange(db, change, opts).then(
      () => {
        setError(null);
        setToast({ text: t('library.undone') });
      },
      (err: unknown) => fail('undo', err),
    );
  };

  const groupLabel = (name: string) => (name === '' ? t('library.groups.none') : name);
  const moveTo = (ids: string[], target: string) =>
    run('move', () => moveReplies(db, ids, target, opts), (c) => t('library.done.moved', { count: c.before.length, group: groupLabel(target) }));

  const toggle = (id: string, range: boolean) => {
    // Read now: the updater runs later, after the anchor has moved on.
    const from = anchor.current;
    setSelected((prev) => {
      const next = new Set(prev);
      if (range && from !== undefined) {
        const on = !prev.has(id);
        for (const x of rangeBetween(rowIds, from, id)) {
          if (on) next.add(x);
          else next.delete(x);
        }
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    anchor.current = id;
  };
  const toggleAll = () => {
    const everyShown = rowIds.length > 0 && rowIds.every((id) => selected.has(id));
    setSelected(everyShown ? new Set() : new Set(rowIds));
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const reorderable = sort === 'manual' && hits === undefined;
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || over.id === active.id) return;
    const dragged = groupOfSortId(active.id);
    if (dragged !== undefined) {
      const onto = groupOfSortId(over.id);
      if (onto !== undefined) onDropGroup(dragged, onto);
      return;
    }
    const id = String(active.id);
    const target = over.data.current as { group?: string } | undefined;
    if (String(over.id).startsWith('group:')) {
      const ids = selected.has(id) ? liveSelected : [id];
      moveTo(ids, target?.group ?? '');
      return;
    }
    if (!reorderable) return;
    // Where dnd-kit's sortable list would put the row: after the target when
    // dragged down, before it when dragged up. It joins the target's group.
    const from = rowIds.indexOf(id);
    const to = rowIds.indexOf(String(over.id));
    if (from === -1 || to === -1) return;
    const order = arrayMove(rowIds, from, to);
    const overGroup = rows[to]!.group;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const next = order.slice(to + 1).find((x) => byId.get(x)!.group === overGroup);
    const moved = byId.get(id)!;
    run(
      'reorder',
      async () => {
        await moveReply(db, id, { group: overGroup, beforeId: next }, opts);
        return { before: [moved], after: [await getReply(db, id)] };
      },
      () => t('library.done.reordered', { title: moved.title }),
    );
  };

  const onRename = (from: string, to: string) =>
    new Promise<boolean>((resolve) => {
      renameGroup(db, from, to.trim(), opts).then(
        (c) => {
          setError(null);
          setToast({ text: t('library.done.renamed', { from, to: to.trim() }), undo: c });
          if (group === from) setGroup(to.trim());
          resolve(true);
        },
        (err: unknown) => {
          fail('rename', err);
          resolve(false);
        },
      );
    });

  /** A move of group `name` in the group order, by its buttons or dropped: the toast, or the error. */
  const groupMoved = (name: string, moving: Promise<unknown>) => {
    moving.then(
      () => {
        setError(null);
        setToast({ text: t('library.done.groupMoved', { name }) });
      },
      (err: unknown) => fail('group move', err),
    );
  };
  const onMoveGroup = (name: string, direction: -1 | 1) => groupMoved(name, moveGroup(db, name, direction, { ...opts, extra: newGroups }));
  const onDropGroup = (name: string, over: string) => groupMoved(name, moveGroupTo(db, name, over, { ...opts, extra: newGroups }));
  // Screen readers hear titles and group names, in the page's language, not dnd-kit's English and our ids.
  const dragLabel = (id: UniqueIdentifier): { group?: string; place?: string; title?: string } => {
    const sorted = groupOfSortId(id);
    if (sorted !== undefined) return { place: sorted };
    const s = String(id);
    if (s.startsWith('group:')) return { group: s.slice('group:'.length) };
    return { title: all.find((r) => r.id === s)?.title ?? '' };
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      const { place, title } = dragLabel(active.id);
      return place !== undefined ? t('library.dnd.pickedGroup', { name: groupLabel(place) }) : t('library.dnd.pickedReply', { title: title ?? '' });
    },
    onDragOver: ({ active, over }) => {
      if (!over) return t('library.dnd.overNone');
      // Still where it was picked up: the pick-up is what was said.
      if (over.id === active.id) return undefined;
      const { group: name, place, title } = dragLabel(over.id);
      if (place !== undefined) return t('library.dnd.overGroupPlace', { name: groupLabel(place) });
      return name !== undefined ? t('library.dnd.overGroup', { name: groupLabel(name) }) : t('library.dnd.overReply', { title: title ?? '' });
    },
    // Dropped where it was, or on nothing: nothing moves, so say so.
    onDragEnd: ({ active, over }) => (over && over.id !== active.id ? t('library.dnd.dropped') : t('library.dnd.cancelled')),
    onDragCancel: () => t('library.dnd.cancelled'),
  };
  // The team's order on an agent's device: its groups shown in place, not moved (the outbox would refuse it).
  const teamPlaced = useMemo(() => (locks.has('group-order', GROUP_ORDER_ID) ? new Set(orders?.team ?? []) : undefined), [locks, orders]);

  const merge = (keep: Reply, others: Reply[]) =>
    run(
      'merge',
      () => mergeReplies(db, keep.id, others.map((r) => r.id), opts),
      () => t('library.done.merged', { count: others.length + 1, title: keep.title }),
    );

  const selectedCount = liveSelected.length;
  const editingId = panel.kind === 'edit' ? panel.id : undefined;
  const groupNames = groups.map((g) => g.name).filter((n) => n !== '');

  return (
    <section className="wb-page lib-page" data-testid="library-page">
      <header className="wb-page-head">
        <h1>{t('library.title')}</h1>
        <button type="button" data-testid="library-duplicates-toggle" aria-pressed={showDuplicates} onClick={() => setShowDuplicates((v) => !v)}>
          {showDuplicates ? t('library.backToTable') : t('library.duplicates')}
        </button>
        <button type="button" className="primary" data-testid="library-new" onClick={() => setPanel({ kind: 'new' })}>
          + {t('library.new')}
        </button>
      </header>
      {error ? (
        <p className="field-error" role="alert" data-testid="library-error">
          {error}
        </p>
      ) : null}
      {toast ? (
        <div className="notice info" role="status" data-testid="library-toast">
          <span>{toast.text}</span>
          {toast.undo ? (
            <button type="button" data-testid="library-undo" onClick={() => undo(toast.undo!)}>
              {t('library.undo')}
            </button>
          ) : null}
        </div>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragEnd={onDragEnd}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('library.dnd.instructions') } }}
      >
        <div className={panel.kind === 'none' ? 'lib-layout' : 'lib-layout with-panel'}>
          <LibraryGroupTree
            groups={groups}
            total={all.length}
            current={group}
            onPick={setGroup}
            onRename={onRename}
            onMove={onMoveGroup}
            teamPlaced={teamPlaced}
            onCreate={(name) => {
              setNewGroups((g) => [...g, name]);
              setGroup(name);
            }}
          />
          <div className="lib-main">
            {showDuplicates ? (
              <LibraryDuplicates replies={all} dismissed={dismissed} onMerge={merge} onDismiss={dismiss} onShowDismissed={undismissAll} onEdit={(r) => setPanel({ kind: 'edit', id: r.id })} />
            ) : (
              <>
                <div className="lib-toolbar">
                  <input
                    type="search"
                    className="lib-search"
                    data-testid="library-search"
                    placeholder={t('library.search')}
                    aria-label={t('library.search')}
                    value={query}
                    onChange={(e) => setQuery(e.target.value)}
                    autoComplete="off"
                    spellCheck={false}
                  />
                  <label>
                    {t('library.sort')}{' '}
                    <select data-testid="library-sort" value={sort} onChange={(e) => setSort(e.target.value as LibrarySort)}>
                      {SORTS.map((s) => (
                        <option key={s} value={s}>
                          {t(`library.sort.${s}` as MessageKey)}
                        </option>
                      ))}
                    </select>
                  </label>
                  <span className="wb-count" data-testid="library-count">
                    {t('library.count', { count: all.length, shown: rows.length })}
                  </span>
                  {rows.length > 0 && !rows.every((r) => selected.has(r.id)) ? (
                    <button type="button" className="link" data-testid="library-select-all" onClick={() => setSelected(new Set(rowIds))}>
                      {t('library.selectAll', { count: rows.length })}
                    </button>
                  ) : null}
                </div>
                {selectedCount > 0 ? (
                  <div className="lib-bulk" role="toolbar" aria-label={t('library.selected', { count: selectedCount })} data-testid="library-bulk">
                    <strong data-testid="library-selected-count">{t('library.selected', { count: selectedCount })}</strong>
                    <select
                      aria-label={t('library.moveTo')}
                      data-testid="library-move-to"
                      value=""
                      disabled={busy}
                      onChange={(e) => {
                        if (e.target.value === '') return;
                        moveTo(liveSelected, e.target.value === '\u0000' ? '' : e.target.value);
                      }}
                    >
                      <option value="">{t('library.moveTo.pick')}</option>
                      {groupNames.map((g) => (
                        <option key={g} value={g}>
                          {g}
                        </option>
                      ))}
                      <option value={'\u0000'}>{t('library.groups.none')}</option>
                    </select>
                    <input aria-label={t('library.tag')} placeholder={t('library.tag')} data-testid="library-tag-input" value={tag} maxLength={40} onChange={(e) => setTag(e.target.value)} />
                    <button
                      type="button"
                      data-testid="library-tag-add"
                      disabled={busy}
                      onClick={() => run('tag', () => tagReplies(db, liveSelected, tag, 'add', opts), (c) => t('library.done.tagged', { count: c.before.length, tag: tag.trim() }))}
                    >
                      {t('library.tag.add')}
                    </button>
                    <button
                      type="button"
                      data-testid="library-tag-remove"
                      disabled={busy}
                      onClick={() => run('untag', () => tagReplies(db, liveSelected, tag, 'remove', opts), (c) => t('library.done.untagged', { count: c.before.length, tag: tag.trim() }))}
                    >
                      {t('library.tag.remove')}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      data-testid="library-delete"
                      disabled={busy}
                      onClick={() =>
                        run(
                          'delete',
                          async () => {
                            const c = await deleteReplies(db, liveSelected, opts);
                            setSelected(new Set());
                            if (panel.kind === 'edit' && c.before.some((r) => r.id === panel.id)) setPanel({ kind: 'none' });
                            return c;
                          },
                          (c) => t('library.done.deleted', { count: c.before.length }),
                        )
                      }
                    >
                      {t('library.delete')}
                    </button>
                    <button type="button" className="link" data-testid="library-clear-selection" onClick={() => setSelected(new Set())}>
                      {t('library.clearSelection')}
                    </button>
                  </div>
                ) : null}
                {replies && rows.length === 0 ? (
                  <p className="empty" data-testid="library-empty">
                    {all.length === 0 ? t('library.empty') : t('library.noneMatch')}
                  </p>
                ) : (
                  <LibraryTable rows={rows} selected={selected} reorderable={reorderable} editingId={editingId} onToggle={toggle} onToggleAll={toggleAll} onEdit={(r) => setPanel({ kind: 'edit', id: r.id })} isTeam={isTeam} hasConflict={hasConflict} />
                )}
              </>
            )}
          </div>
          {panel.kind !== 'none' ? (
            <EditorPanel
              key={panel.kind === 'edit' ? panel.id : 'new'}
              db={db}
              panel={panel}
              groups={groupNames}
              defaultGroup={group}
              settings={settings}
              now={now}
              check={check}
              opts={opts}
              locked={panel.kind === 'edit' && locks.has('reply', panel.id)}
              onClose={() => setPanel({ kind: 'none' })}
              onSaved={(r) => {
                setToast({ text: t('library.done.saved', { title: r.title }) });
                setPanel({ kind: 'edit', id: r.id });
              }}
            />
          ) : null}
        </div>
      </DndContext>
    </section>
  );
}

interface EditorPanelProps {
  db: KefuDatabase;
  panel: Exclude<Panel, { kind: 'none' }>;
  groups: string[];
  defaultGroup: string | undefined;
  settings: LibraryPageProps['settings'];
  now: number | undefined;
  check(text: string): ComplianceMatch[];
  opts: { author: string; now?: number };
  /** A team reply on an agent's device: shown, not edited; copy it to change it. */
  locked: boolean;
  onClose(): void;
  onSaved(reply: Reply): void;
}

/** The sidebar's reply editor in a side panel, with the preview under the body; duplicate from here. */
function EditorPanel({ db, panel, groups, defaultGroup, settings, now, check, opts, locked, onClose, onSaved }: EditorPanelProps) {
  const t = useT();
  // Read once: a live form would throw away what the supervisor is typing whenever the row changes.
  const [reply, setReply] = useState<Reply | null | undefined>(panel.kind === 'new' ? null : undefined);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (panel.kind !== 'edit') return;
    getReply(db, panel.id).then(setReply, (err: unknown) => {
      setErrors({ form: err instanceof AppError ? 'reply-gone' : 'invalid' });
      setReply(null);
    });
  }, [db, panel]);

  const save = (draft: ReplyDraft) => {
    setSaving(true);
    const write = reply ? updateReply(db, reply.id, draft, opts) : createReply(db, draft, opts);
    write.then(
      (saved) => {
        setErrors({});
        onSaved(saved);
      },
      (err: unknown) => {
        if (err instanceof AppError && Object.keys(err.fields).length > 0) setErrors(err.fields);
        else {
          log.error('library save failed', err);
          setErrors({ form: 'invalid' });
        }
      },
    ).finally(() => setSaving(false));
  };
  const meta = useLiveQuery(() => (panel.kind === 'edit' ? db.syncRecords.get(`reply:${panel.id}`) : undefined), [db, panel]);
  const settle = (field: ConflictField, value: unknown) => {
    if (!reply) return;
    resolveConflict(db, reply.id, field, value, opts)
      .then(() => getReply(db, reply.id))
      .then(
        (fresh) => {
          setErrors({});
          setReply(fresh);
        },
        (err: unknown) => {
          if (!(err instanceof AppError)) log.error('settling a conflict failed', err);
          setErrors({ form: err instanceof AppError && err.fields.form ? err.fields.form : 'invalid' });
        },
      );
  };
  const duplicate = () => {
    if (!reply) return;
    duplicateReply(db, reply.id, { ...opts, titleSuffix: t('reply.copySuffix') }).then(onSaved, (err: unknown) => {
      log.error('library duplicate failed', err);
      setErrors({ form: 'invalid' });
    });
  };

  // A new reply starts in the group on show (the editor takes the first of `groups`).
  const choices = panel.kind === 'new' && defaultGroup !== undefined ? [defaultGroup, ...groups.filter((g) => g !== defaultGroup)] : groups;
  return (
    <aside className="lib-panel" data-testid="library-panel" aria-label={t(panel.kind === 'new' ? 'form.newTitle' : 'form.editTitle')}>
      <div className="lib-panel-actions">
        {reply ? (
          <button type="button" data-testid="library-duplicate" onClick={duplicate}>
            {t(locked ? 'sync.team.copyToMine' : 'library.duplicate')}
          </button>
        ) : null}
        <button type="button" data-testid="library-panel-close" onClick={onClose}>
          {t('library.closePanel')}
        </button>
      </div>
      {errors.form ? (
        <p className="field-error" role="alert">
          {t(`error.${errors.form}` as MessageKey)}
        </p>
      ) : null}
      {reply === undefined ? (
        <p className="wb-loading">{t('workbench.loading')}</p>
      ) : panel.kind === 'edit' && reply === null ? null : locked && reply ? (
        <div className="lib-readonly" data-testid="library-readonly">
          <p className="hint" data-testid="library-team-hint">
            {t('sync.team.replyHint')}
          </p>
          <h3>{reply.title}</h3>
          <p className="hint">
            {[reply.group, reply.code, ...reply.tags.map((tag) => `#${tag}`)].filter(Boolean).join(' · ')}
          </p>
          <ReplyPreview body={reply.body} agent={settings.agentName} shop={settings.shopName} now={now} />
          {reply.variants.map((v, i) => (
            <ReplyPreview key={i} body={v} agent={settings.agentName} shop={settings.shopName} now={now} />
          ))}
        </div>
      ) : (
        <ReplyEditor
          key={reply?.updatedAt ?? 'new'}
          initial={reply ?? undefined}
          groups={choices}
          triggerKey={settings.triggerKey}
          errors={errors}
          saving={saving}
          onSave={save}
          onCancel={onClose}
          check={check}
          preview={(body) => <ReplyPreview body={body} agent={settings.agentName} shop={settings.shopName} now={now} />}
        />
      )}
      {reply && meta && !locked && Object.keys(meta.conflicts).length > 0 ? <ConflictCopies reply={reply} conflicts={meta.conflicts} onSettle={settle} /> : null}
    </aside>
  );
}

const CONFLICT_FIELDS = { title: 'form.title', body: 'form.body', variants: 'sync.conflicts.variants' } as const satisfies Record<ConflictField, MessageKey>;
const isConflictField = (name: string): name is ConflictField => Object.hasOwn(CONFLICT_FIELDS, name);
const shown = (value: unknown): string => (Array.isArray(value) ? value.map(String).join('\n\n') : typeof value === 'string' ? value : JSON.stringify(value ?? ''));

/** The versions of a reply's texts written at the same time elsewhere, each with a button to keep it, and one to keep the current text. */
function ConflictCopies({ reply, conflicts, onSettle }: { reply: Reply; conflicts: SyncRecordMeta['conflicts']; onSettle(field: ConflictField, value: unknown): void }) {
  const t = useT();
  return (
    <section className="lib-conflicts" data-testid="library-conflicts">
      <h3>{t('sync.conflicts.editorTitle')}</h3>
      <p className="hint">{t('sync.conflicts.editorHint')}</p>
      {Object.entries(conflicts)
        .filter(([field]) => isConflictField(field))
        .map(([field, copies]) => {
          const name = t(CONFLICT_FIELDS[field as ConflictField]);
          return (
            <div key={field} className="lib-conflict-field" data-field={field}>
              {copies.map((c) => (
                <div key={c.hlc} className="lib-conflict" data-testid="library-conflict">
                  <p className="muted small">{t('sync.conflicts.copy', { author: c.author, field: name })}</p>
                  <pre className="lib-conflict-text">{shown(c.value)}</pre>
                  <button type="button" data-testid="library-conflict-use" onClick={() => onSettle(field as ConflictField, c.value)}>
                    {t('sync.conflicts.use')}
                  </button>
                </div>
              ))}
              <button type="button" data-testid="library-conflict-keep" onClick={() => onSettle(field as ConflictField, reply[field as ConflictField])}>
                {t('sync.conflicts.keep', { field: name })}
              </button>
            </div>
          );
        })}
    </section>
  );
}
