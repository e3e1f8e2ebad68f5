import type { Reply, ReplyDraft } from '../db/records';
import { normaliseCode } from '../db/replies';
import type { Candidate } from './validate';

/**
 * What an import will do, worked out before anything is written so the
 * preview can show it. A row is a duplicate when it has the same shortcut
 * code (compared like the repository: trimmed, case-insensitive) or the same
 * title and body as a live reply of the library or an earlier row of the file.
 * The agent chooses for all duplicates at once:
 * - skip: the library (or the earlier row) stays as it is;
 * - replace: the matching reply takes the row's title, body, group, code, tags
 *   and variants (keeping its usage count and place); a later row of the file
 *   replaces an earlier one;
 * - keep both: the row is added as a new reply. Codes are unique among live
 *   replies, so the new reply comes without its code: the existing reply keeps
 *   the code. Such rows say which code they lost (clearedCode).
 */
export type DuplicateChoice = 'skip' | 'replace' | 'keep';
export const DUPLICATE_CHOICES: readonly DuplicateChoice[] = ['skip', 'replace', 'keep'];

export interface DuplicateMatch {
  /** Same code, or same title and body. */
  by: 'code' | 'content';
  /** The library's reply it matches… */
  reply?: Pick<Reply, 'id' | 'title' | 'code'>;
  /** …or the earlier row of the file. */
  row?: number;
}

export type PlannedAction = 'add' | 'replace' | 'skip';

export interface PlannedRow extends Candidate {
  action: PlannedAction;
  duplicate?: DuplicateMatch;
  /** The id of the reply this row replaces. */
  replaces?: string;
  /** A later row of the file that replaces this one (choice "replace"). */
  supersededBy?: number;
  /** The code the row had, when it was dropped because a live reply keeps it. */
  clearedCode?: string;
}

export interface ImportPlan {
  rows: PlannedRow[];
  add: ReplyDraft[];
  replace: { id: string; draft: ReplyDraft }[];
  counts: { add: number; replace: number; skip: number; duplicates: number; codeCleared: number };
}

const contentKey = (d: Pick<ReplyDraft, 'title' | 'body'>) => `${d.title.trim()}\u0000${d.body.trim()}`;

export function planImport(candidates: readonly Candidate[], library: readonly Reply[], choice: DuplicateChoice): ImportPlan {
  const live = library.filter((r) => r.deletedAt === undefined);
  const libByCode = new Map<string, Reply>();
  const libByContent = new Map<string, Reply>();
  for (const r of live) {
    if (r.code !== '') libByCode.set(normaliseCode(r.code), r);
    if (!libByContent.has(contentKey(r))) libByContent.set(contentKey(r), r);
  }
  const fileByCode = new Map<string, PlannedRow>();
  const fileByContent = new Map<string, PlannedRow>();
  /** Library reply id → the row replacing it. */
  const replacing = new Map<string, PlannedRow>();
  const supersede = (old: PlannedRow, by: PlannedRow) => {
    old.action = 'skip';
    old.replaces = undefined;
    old.supersededBy = by.row;
  };

  const rows: PlannedRow[] = candidates.map((c) => {
    const code = normaliseCode(c.draft.code);
    const key = contentKey(c.draft);
    const byCode = code === '' ? undefined : libByCode.get(code);
    const byContent = libByContent.get(key);
    const lib = byCode ?? byContent;
    const kept = (p: PlannedRow | undefined) => (p && p.action !== 'skip' ? p : undefined);
    const earlierByCode = code === '' ? undefined : kept(fileByCode.get(code));
    const earlier = earlierByCode ?? kept(fileByContent.get(key));
    const planned: PlannedRow = { ...c, action: 'add' };
    if (lib) planned.duplicate = { by: byCode ? 'code' : 'content', reply: { id: lib.id, title: lib.title, code: lib.code } };
    else if (earlier) planned.duplicate = { by: earlierByCode ? 'code' : 'content', row: earlier.row };

    if (planned.duplicate && choice === 'skip') planned.action = 'skip';
    else if (planned.duplicate && choice === 'replace') {
      if (lib) {
        const before = replacing.get(lib.id);
        if (before) supersede(before, planned);
        planned.action = 'replace';
        planned.replaces = lib.id;
      } else if (earlier) {
        // The later row of the file wins, and takes over what the earlier one replaced.
        const replaces = earlier.replaces;
        supersede(earlier, planned);
        if (replaces !== undefined) {
          planned.action = 'replace';
          planned.replaces = replaces;
        }
      }
      if (planned.replaces !== undefined) replacing.set(planned.replaces, planned);
    }
    if (planned.action !== 'skip') {
      if (code !== '') fileByCode.set(code, planned);
      fileByContent.set(key, planned);
    }
    return planned;
  });

  // Codes stay unique: replies not replaced keep theirs; then rows in file order claim theirs.
  const replaced = new Set(rows.flatMap((r) => (r.action === 'replace' && r.replaces ? [r.replaces] : [])));
  const claimed = new Set(live.filter((r) => r.code !== '' && !replaced.has(r.id)).map((r) => normaliseCode(r.code)));
  for (const r of rows) {
    if (r.action === 'skip' || r.draft.code === '') continue;
    const code = normaliseCode(r.draft.code);
    if (claimed.has(code)) {
      r.clearedCode = r.draft.code;
      r.draft = { ...r.draft, code: '' };
    } else claimed.add(code);
  }

  const active = rows.filter((r) => r.action !== 'skip');
  return {
    rows,
    add: active.filter((r) => r.action === 'add').map((r) => r.draft),
    replace: active.filter((r) => r.action === 'replace').map((r) => ({ id: r.replaces!, draft: r.draft })),
    counts: {
      add: active.filter((r) => r.action === 'add').length,
      replace: active.filter((r) => r.action === 'replace').length,
      skip: rows.filter((r) => r.action === 'skip').length,
      duplicates: rows.filter((r) => r.duplicate !== undefined).length,
      codeCleared: rows.filter((r) => r.clearedCode !== undefined).length,
    },
  };
}
