import { useMemo, useState } from 'react';
import { useT } from '@/components/sidebar/i18n';
import type { Reply } from '@/lib/db/records';
import { findDuplicates, type DuplicateCluster } from '@/lib/library/duplicates';

export interface LibraryDuplicatesProps {
  replies: readonly Reply[];
  /** Cluster keys the supervisor said are not duplicates. */
  dismissed: ReadonlySet<string>;
  onMerge(keep: Reply, others: Reply[]): void;
  onDismiss(key: string): void;
  /** Shows every dismissed set again. */
  onShowDismissed(): void;
  onEdit(reply: Reply): void;
}

/**
 * Sets shown at first, and added by "show more". A generated library of 20,000
 * replies has about 1,700 sets; rendering them all took seconds
 * (tests/bench/library.bench.ts), and the biggest sets come first anyway.
 */
export const DUPLICATES_PAGE = 50;

/** The duplicates finder: each set of duplicates, a choice of the one to keep, merge or dismiss. */
export function LibraryDuplicates({ replies, dismissed, onMerge, onDismiss, onShowDismissed, onEdit }: LibraryDuplicatesProps) {
  const t = useT();
  const all = useMemo(() => findDuplicates(replies), [replies]);
  const clusters = useMemo(() => all.filter((c) => !dismissed.has(c.key)), [all, dismissed]);
  const hidden = all.length - clusters.length;
  const [shown, setShown] = useState(DUPLICATES_PAGE);
  return (
    <section className="lib-dups" data-testid="library-duplicates">
      <h2>
        {t('library.dup.title')} <span className="muted small">{t('library.dup.count', { count: clusters.length })}</span>
      </h2>
      <p className="hint">{t('library.dup.hint')}</p>
      {hidden > 0 ? (
        <button type="button" className="link" data-testid="library-dup-show-dismissed" onClick={onShowDismissed}>
          {t('library.dup.showDismissed', { count: hidden })}
        </button>
      ) : null}
      {clusters.length === 0 ? (
        <p className="empty" data-testid="library-dup-none">
          {t('library.dup.none')}
        </p>
      ) : (
        clusters.slice(0, shown).map((c) => <Cluster key={c.key} cluster={c} onMerge={onMerge} onDismiss={onDismiss} onEdit={onEdit} />)
      )}
      {clusters.length > shown ? (
        <button type="button" data-testid="library-dup-more" onClick={() => setShown((n) => n + DUPLICATES_PAGE)}>
          {t('library.dup.more', { count: Math.min(DUPLICATES_PAGE, clusters.length - shown), left: clusters.length - shown })}
        </button>
      ) : null}
    </section>
  );
}

function Cluster({ cluster, onMerge, onDismiss, onEdit }: { cluster: DuplicateCluster } & Pick<LibraryDuplicatesProps, 'onMerge' | 'onDismiss' | 'onEdit'>) {
  const t = useT();
  const [keepId, setKeepId] = useState(cluster.replies[0]!.id);
  const keep = cluster.replies.find((r) => r.id === keepId) ?? cluster.replies[0]!;
  return (
    <div className="lib-dup" data-testid="library-dup" data-key={cluster.key}>
      <p className="lib-dup-reasons">
        {cluster.reasons.map((reason) => (
          <span key={reason} className="badge" data-testid="library-dup-reason" data-reason={reason}>
            {t(`library.dup.reason.${reason}`)}
          </span>
        ))}
      </p>
      <ul>
        {cluster.replies.map((r) => (
          <li key={r.id} data-testid="library-dup-reply" data-reply-id={r.id}>
            <label>
              <input type="radio" name={`keep-${cluster.key}`} checked={r.id === keep.id} onChange={() => setKeepId(r.id)} data-testid="library-dup-keep" aria-label={`${t('library.dup.keep')}: ${r.title}`} />
              <strong>{r.title}</strong>
              {r.code ? <code className="badge">{r.code}</code> : null}
              <span className="badge">{r.group || t('library.groups.none')}</span>
              <span className="muted small"> {t('library.dup.usage', { count: r.usageCount })}</span>
            </label>
            <p className="lib-dup-body">{r.body}</p>
            <button type="button" className="link" onClick={() => onEdit(r)}>
              {t('library.edit')}
            </button>
          </li>
        ))}
      </ul>
      <div className="wb-actions">
        <button type="button" className="primary" data-testid="library-dup-merge" onClick={() => onMerge(keep, cluster.replies.filter((r) => r.id !== keep.id))}>
          {t('library.dup.merge')}
        </button>
        <button type="button" data-testid="library-dup-dismiss" onClick={() => onDismiss(cluster.key)}>
          {t('library.dup.dismiss')}
        </button>
      </div>
    </div>
  );
}
