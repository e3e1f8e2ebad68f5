import { useLiveQuery } from 'dexie-react-hooks';
import type { KefuDatabase } from '@/lib/db/database';
import { NOT_BUILDING, noteIndexProgress, type NoteIndexProgress } from '@/lib/db/note-index';
import { useT } from './i18n';

/**
 * Whether the note search index is being built (lib/db/note-index.ts), and
 * how far: live, so a hint goes away as soon as the background is done.
 */
export function useNoteIndexProgress(db: KefuDatabase): NoteIndexProgress {
  return useLiveQuery(() => noteIndexProgress(db), [db]) ?? NOT_BUILDING;
}

/**
 * Said under a customer search while notes are being indexed: a search by
 * note text may miss some of them until then. Nothing otherwise.
 */
export function NoteIndexHint({ db }: { db: KefuDatabase }) {
  const t = useT();
  const progress = useNoteIndexProgress(db);
  if (!progress.building) return null;
  const percent = progress.total > 0 ? Math.min(99, Math.floor((progress.done / progress.total) * 100)) : 0;
  return (
    <p className="hint" role="status" data-testid="note-index-hint">
      {percent > 0 ? t('record.results.indexingProgress', { percent }) : t('record.results.indexing')}
    </p>
  );
}
