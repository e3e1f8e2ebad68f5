import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useLang, useT } from '@/components/sidebar/i18n';
import type { Reply } from '@/lib/db/records';
import { windowOf } from '@/lib/library/table';

/** Every row is this tall (one line per cell), so the window is arithmetic, not measurement. */
export const ROW_HEIGHT = 36;
/** Height assumed before layout (and in happy-dom, which has none). */
const DEFAULT_VIEWPORT = 640;

export interface LibraryTableProps {
  rows: readonly Reply[];
  selected: ReadonlySet<string>;
  /** Rows can be dragged to reorder (manual order, no search); they can always be dragged onto a group. */
  reorderable: boolean;
  editingId: string | undefined;
  onToggle(id: string, range: boolean): void;
  onToggleAll(): void;
  onEdit(reply: Reply): void;
  /** A team library reply on an agent's device: marked, and opened read-only. */
  isTeam?: (reply: Reply) => boolean;
  /** Replies with a conflict copy from team sync, to settle in the editor. */
  hasConflict?: (reply: Reply) => boolean;
}

const BODY_EXCERPT = 80;

/**
 * The replies as a table that renders only the rows on screen (plus a few
 * above and below): 20,000 rows scroll at the cost of about forty. Spacer
 * rows above and below keep the scrollbar true to the whole list.
 */
export function LibraryTable({ rows, selected, reorderable, editingId, onToggle, onToggleAll, onEdit, isTeam, hasConflict }: LibraryTableProps) {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || DEFAULT_VIEWPORT);
    measure();
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    observer?.observe(el);
    return () => observer?.disconnect();
  }, []);
  const { start, end } = windowOf(rows.length, ROW_HEIGHT, scrollTop, viewport);
  const shown = rows.slice(start, end);
  const ids = useMemo(() => shown.map((r) => r.id), [shown]);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));

  return (
    <div className="lib-scroll" ref={scrollRef} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} data-testid="library-scroll">
      <table className="wb-table lib-table" data-testid="library-table" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            <th className="lib-c-check">
              <input type="checkbox" aria-label={t('library.selectAll', { count: rows.length })} data-testid="library-select-page" checked={allSelected} onChange={onToggleAll} />
            </th>
            <th className="lib-c-drag">
              <span className="lib-sr-only">{t('library.col.drag')}</span>
            </th>
            <th className="lib-c-title">{t('library.col.title')}</th>
            <th>{t('library.col.body')}</th>
            <th className="lib-c-group">{t('library.col.group')}</th>
            <th className="lib-c-code">{t('library.col.code')}</th>
            <th className="lib-c-tags">{t('library.col.tags')}</th>
            <th className="lib-c-usage">{t('library.col.usage')}</th>
            <th className="lib-c-updated">{t('library.col.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {start > 0 ? <tr aria-hidden="true" style={{ height: start * ROW_HEIGHT }} /> : null}
          <SortableContext items={ids} strategy={verticalListSortingStrategy} disabled={{ draggable: false, droppable: !reorderable }}>
            {shown.map((r, i) => (
              <Row key={r.id} reply={r} index={start + i} selected={selected.has(r.id)} editing={r.id === editingId} onToggle={onToggle} onEdit={onEdit} team={isTeam?.(r) ?? false} conflict={hasConflict?.(r) ?? false} />
            ))}
          </SortableContext>
          {end < rows.length ? <tr aria-hidden="true" style={{ height: (rows.length - end) * ROW_HEIGHT }} /> : null}
        </tbody>
      </table>
    </div>
  );
}

let dateFormat: { lang: string; format: Intl.DateTimeFormat } | undefined;
function formatUpdated(at: number, lang: 'zh' | 'en'): string {
  if (dateFormat?.lang !== lang) {
    dateFormat = { lang, format: new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) };
  }
  return dateFormat.format.format(at);
}

interface RowProps {
  reply: Reply;
  index: number;
  selected: boolean;
  editing: boolean;
  onToggle(id: string, range: boolean): void;
  onEdit(reply: Reply): void;
  team: boolean;
  conflict: boolean;
}

function Row({ reply: r, index, selected, editing, onToggle, onEdit, team, conflict }: RowProps) {
  const t = useT();
  const lang = useLang();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: r.id, data: { group: r.group }, disabled: team });
  const style = { transform: CSS.Translate.toString(transform), transition, height: ROW_HEIGHT };
  const classes = ['lib-row', selected ? 'selected' : '', editing ? 'editing' : '', isDragging ? 'dragging' : ''].filter(Boolean).join(' ');
  const toggle = (e: MouseEvent<HTMLInputElement>) => onToggle(r.id, e.shiftKey);
  return (
    <tr ref={setNodeRef} style={style} className={classes} data-testid="library-row" data-reply-id={r.id} aria-rowindex={index + 2} aria-selected={selected}>
      <td className="lib-c-check">
        {/* onClick, not onChange: the shift key of the click picks a range. */}
        <input type="checkbox" aria-label={t('library.selectRow', { title: r.title })} data-testid="library-select" checked={selected} onClick={toggle} onChange={() => undefined} />
      </td>
      <td className="lib-c-drag">
        <button type="button" ref={setActivatorNodeRef} className="lib-handle" data-testid="library-drag" aria-label={t('library.dragRow', { title: r.title })} {...attributes} {...listeners}>
          ⠿
        </button>
      </td>
      <td className="lib-c-title">
        <button type="button" className="link lib-title" data-testid="library-edit" onClick={() => onEdit(r)} title={r.title}>
          {r.pinned ? '📌 ' : ''}
          {r.title}
        </button>
        {team ? (
          <span className="badge team" data-testid="library-team-badge" title={t('sync.team.badgeTitle')}>
            {t('sync.team.badge')}
          </span>
        ) : null}
        {conflict ? (
          <span className="badge conflict" data-testid="library-conflict-badge">
            {t('sync.conflicts.badge')}
          </span>
        ) : null}
      </td>
      <td className="lib-body" title={r.body}>
        {r.body.length > BODY_EXCERPT ? `${r.body.slice(0, BODY_EXCERPT)}…` : r.body}
      </td>
      <td className="lib-c-group" data-testid="library-row-group">
        {r.group === '' ? <span className="muted">{t('library.groups.none')}</span> : r.group}
      </td>
      <td className="lib-c-code">{r.code ? <code>{r.code}</code> : null}</td>
      <td className="lib-c-tags" data-testid="library-row-tags" title={r.tags.join(', ')}>
        {r.tags.map((tag) => (
          <span key={tag} className="lib-tag">
            #{tag}
          </span>
        ))}
      </td>
      <td className="lib-c-usage">{r.usageCount}</td>
      <td className="lib-c-updated muted small">{formatUpdated(r.updatedAt, lang)}</td>
    </tr>
  );
}
