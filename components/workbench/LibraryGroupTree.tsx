import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useCallback, useState, type FormEvent } from 'react';
import { useT } from '@/components/sidebar/i18n';
import type { GroupEntry } from '@/lib/library/table';

/** The droppable id of a group in the tree ('' is 未分组): where dragged replies land. */
export const groupDropId = (name: string): string => `group:${name}`;

const GROUP_SORT = 'group-order:';
/** The sortable id of a group that moves in the group order: what is dragged to reorder the groups. */
export const groupSortId = (name: string): string => `${GROUP_SORT}${name}`;
/** The group a sortable id names, or undefined for any other id (a reply, a drop target). */
export const groupOfSortId = (id: string | number): string | undefined => {
  const s = String(id);
  return s.startsWith(GROUP_SORT) ? s.slice(GROUP_SORT.length) : undefined;
};

export interface LibraryGroupTreeProps {
  groups: readonly GroupEntry[];
  total: number;
  /** undefined: all groups. */
  current: string | undefined;
  onPick(group: string | undefined): void;
  /** Resolves once renamed (the page shows errors and the undo). */
  onRename(from: string, to: string): Promise<boolean>;
  onCreate(name: string): void;
  /** Moves a group one place up (-1) or down (+1) in the group order. */
  onMove(name: string, direction: -1 | 1): void;
  /**
   * On an agent's device holding the team's order: the groups it places.
   * They are offered no buttons (only a supervisor moves them) and the tree
   * says why; the other groups move among themselves, below them.
   */
  teamPlaced?: ReadonlySet<string>;
}

/**
 * The group tree: 全部, each group with its count in the stored group order
 * (未分组 last), a drag handle and up and down buttons that change that
 * order, a rename per group and a new group. Each group is a drop target for
 * dragged replies; the page's DndContext tells the two kinds of drag apart
 * (groupOfSortId).
 */
export function LibraryGroupTree({ groups, total, current, onPick, onRename, onCreate, onMove, teamPlaced }: LibraryGroupTreeProps) {
  const t = useT();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const exists = (n: string) => groups.some((g) => g.name === n.trim());
  // 未分组 is always last, and the team's placed groups stay put: the others move among themselves.
  const movable = (name: string) => name !== '' && !teamPlaced?.has(name);
  const named = groups.filter((g) => movable(g.name)).map((g) => g.name);
  const sortIds = named.map(groupSortId);

  const submitNew = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (n === '') return setError(t('error.group-required'));
    if (n.length > 50) return setError(t('error.group-too-long'));
    if (exists(n)) return setError(t('library.groups.exists', { name: n }));
    onCreate(n);
    setCreating(false);
    setName('');
    setError(null);
  };
  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    if (renaming === null) return;
    const n = name.trim();
    if (n === renaming) return setRenaming(null);
    if (n === '') return setError(t('error.group-required'));
    if (n.length > 50) return setError(t('error.group-too-long'));
    void onRename(renaming, n).then((ok) => {
      if (ok) {
        setRenaming(null);
        setError(null);
      }
    });
  };

  return (
    <nav className="lib-tree" aria-label={t('library.groups')} data-testid="library-groups">
      <h2>{t('library.groups')}</h2>
      <ul>
        <li>
          <span className="lib-group-handle" aria-hidden="true" />
          <button type="button" className={current === undefined ? 'lib-group active' : 'lib-group'} data-testid="library-group-all" aria-pressed={current === undefined} onClick={() => onPick(undefined)}>
            <span className="lib-group-name">{t('library.groups.all')}</span>
            <span className="lib-group-count">{total}</span>
          </button>
        </li>
        <SortableContext items={sortIds} strategy={verticalListSortingStrategy}>
          {groups.map((g) =>
            renaming === g.name ? (
              <li key={`rename-${g.name}`}>
                <form className="lib-tree-form" onSubmit={submitRename}>
                  <input aria-label={t('library.groups.renameTo', { name: g.name })} data-testid="library-group-rename-input" value={name} maxLength={60} autoFocus onChange={(e) => setName(e.target.value)} />
                  <button type="submit" data-testid="library-group-rename-save">
                    {t('library.groups.save')}
                  </button>
                  <button type="button" onClick={() => setRenaming(null)}>
                    {t('library.groups.cancel')}
                  </button>
                </form>
              </li>
            ) : (
              <GroupItem
                key={g.name}
                entry={g}
                active={current === g.name}
                onPick={() => onPick(g.name)}
                onMove={movable(g.name) ? (direction) => onMove(g.name, direction) : undefined}
                first={named[0] === g.name}
                last={named.at(-1) === g.name}
                onRename={() => {
                  setRenaming(g.name);
                  setCreating(false);
                  setName(g.name);
                  setError(null);
                }}
              />
            ),
          )}
        </SortableContext>
      </ul>
      {creating ? (
        <form className="lib-tree-form" onSubmit={submitNew}>
          <input aria-label={t('library.groups.newName')} placeholder={t('library.groups.newName')} data-testid="library-group-new-input" value={name} maxLength={60} autoFocus onChange={(e) => setName(e.target.value)} />
          <button type="submit" data-testid="library-group-new-save">
            {t('library.groups.save')}
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            {t('library.groups.cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="link"
          data-testid="library-group-new"
          onClick={() => {
            setCreating(true);
            setRenaming(null);
            setName('');
            setError(null);
          }}
        >
          {t('library.groups.new')}
        </button>
      )}
      {error ? (
        <p className="field-error" role="alert" data-testid="library-group-error">
          {error}
        </p>
      ) : null}
      {teamPlaced === undefined ? null : (
        <p className="hint" data-testid="library-group-order-team">
          {t('sync.team.groupOrderHint')}
        </p>
      )}
      <p className="hint">{t('library.groups.hint')}</p>
    </nav>
  );
}

interface GroupItemProps {
  entry: GroupEntry;
  active: boolean;
  first: boolean;
  last: boolean;
  onPick(): void;
  onRename(): void;
  onMove?: (direction: -1 | 1) => void;
}

function GroupItem({ entry, active, first, last, onPick, onRename, onMove }: GroupItemProps) {
  const t = useT();
  const { setNodeRef: setDropRef, isOver } = useDroppable({ id: groupDropId(entry.name), data: { group: entry.name } });
  // Only a group that moves can be dragged (not 未分组, not one the team's order places).
  const { attributes, listeners, setNodeRef: setSortRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: groupSortId(entry.name),
    data: { group: entry.name },
    disabled: onMove === undefined,
  });
  const label = entry.name === '' ? t('library.groups.none') : entry.name;
  const setNodeRef = useCallback(
    (node: HTMLLIElement | null) => {
      setDropRef(node);
      setSortRef(node);
    },
    [setDropRef, setSortRef],
  );
  const classes = [isOver ? 'lib-drop-over' : '', isDragging ? 'dragging' : ''].filter(Boolean).join(' ');
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={classes || undefined}
      data-testid="library-group"
      data-group={entry.name}
    >
      {onMove ? (
        <button
          type="button"
          ref={setActivatorNodeRef}
          className="lib-handle lib-group-handle"
          data-testid="library-group-drag"
          aria-label={t('library.groups.drag', { name: label })}
          {...attributes}
          {...listeners}
        >
          ⠿
        </button>
      ) : (
        <span className="lib-group-handle" aria-hidden="true" />
      )}
      <button type="button" className={active ? 'lib-group active' : 'lib-group'} data-testid="library-group-pick" aria-pressed={active} onClick={onPick}>
        <span className="lib-group-name">{label}</span>
        <span className="lib-group-count" data-testid="library-group-count">
          {entry.count}
        </span>
      </button>
      {onMove ? (
        <>
          <button
            type="button"
            className="lib-group-move"
            data-testid="library-group-up"
            aria-label={t('library.groups.moveUp', { name: label })}
            title={t('reply.moveUp')}
            disabled={first}
            onClick={() => onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="lib-group-move"
            data-testid="library-group-down"
            aria-label={t('library.groups.moveDown', { name: label })}
            title={t('reply.moveDown')}
            disabled={last}
            onClick={() => onMove(1)}
          >
            ↓
          </button>
        </>
      ) : null}
      {entry.name !== '' ? (
        <button type="button" className="lib-group-rename" data-testid="library-group-rename" aria-label={`${t('library.groups.rename')} ${label}`} title={t('library.groups.rename')} onClick={onRename}>
          ✎
        </button>
      ) : null}
      {entry.count === 0 ? <span className="hint lib-group-pending">{t('library.groups.empty')}</span> : null}
    </li>
  );
}
