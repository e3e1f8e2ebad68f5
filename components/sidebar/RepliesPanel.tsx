import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { highestSeverity, type ComplianceMatch } from '@/lib/compliance/matcher';
import type { Reply } from '@/lib/db/records';
import type { SearchHit } from '@/lib/search';
import { useLang, useT } from './i18n';
import { matchedWords } from './use-compliance';

export interface RepliesPanelProps {
  replies: readonly Reply[];
  search(query: string): SearchHit[];
  /** Bumped by the page's "focus search" request (shortcut, launcher). */
  focusToken: number;
  /** 'copy' where a web page cannot type into the console's chat (千牛): the button and hint say so. */
  action: 'insert' | 'copy';
  onInsert(reply: Reply): void;
  onEdit(reply: Reply): void;
  onNew(): void;
  onDuplicate(reply: Reply): void;
  onDelete(reply: Reply): void;
  onTogglePin(reply: Reply): void;
  onMove(reply: Reply, direction: -1 | 1): void;
  /** Esc: back to the console's chat box. */
  onEscape(): void;
  /** The compliance matches of a reply's wordings (cached by the caller): risky replies get a badge. */
  risk?: (reply: Reply) => readonly ComplianceMatch[];
  /** A reply of the team library on an agent's device: used, copied, never changed here. */
  isTeam?: (reply: Reply) => boolean;
}

/** A small badge on a reply whose wording matches a compliance rule. */
function RiskBadge({ matches }: { matches: readonly ComplianceMatch[] }) {
  const t = useT();
  const lang = useLang();
  const severity = highestSeverity(matches);
  if (!severity) return null;
  const title = t('compliance.badgeTitle', { words: matchedWords(matches, lang === 'zh' ? '、' : ', ') });
  return (
    <span className={`badge compliance-${severity}`} data-testid="compliance-badge" data-severity={severity} title={title} aria-label={title}>
      ⚠ {t(`compliance.badge.${severity}`)}
    </span>
  );
}

const VISIBLE = 100;

export function RepliesPanel(props: RepliesPanelProps) {
  const { replies, search, focusToken } = props;
  const t = useT();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const byId = useMemo(() => new Map(replies.map((r) => [r.id, r])), [replies]);
  const results = useMemo(() => {
    const hits = search(query);
    const out: Reply[] = [];
    for (const hit of hits) {
      const r = byId.get(hit.id);
      if (r) out.push(r);
      if (out.length >= VISIBLE) break;
    }
    return { shown: out };
  }, [search, query, byId]);

  useEffect(() => {
    // On mount only when the agent is in the sidebar (opened it, switched to
    // this tab): a sidebar that opens by itself as the console loads must not
    // take the focus from the chat box the agent is already typing in.
    if (focusToken === 0 && !document.hasFocus()) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusToken]);
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const insertAt = (i: number) => {
    const r = results.shown[i];
    if (r) props.onInsert(r);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.nativeEvent.isComposing) return; // IME: arrows and Enter belong to the candidate window
    const fromRow = e.target !== inputRef.current;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(a + 1, results.shown.length - 1));
      inputRef.current?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
      inputRef.current?.focus();
    } else if (e.key === 'Enter' && !fromRow) {
      e.preventDefault();
      insertAt(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      props.onEscape();
    } else if (/^[1-9]$/.test(e.key) && (e.altKey || (fromRow && !e.ctrlKey && !e.metaKey))) {
      // Alt+digit anywhere; a plain digit when focus is on the list, not typing.
      e.preventDefault();
      insertAt(Number(e.key) - 1);
    }
  };

  return (
    <section className="replies" onKeyDown={onKeyDown}>
      <div className="search-row">
        <input
          ref={inputRef}
          type="search"
          data-testid="reply-search"
          className="search"
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            // A new query starts again at the best result.
            setActive(0);
          }}
          aria-controls="reply-list"
          aria-activedescendant={results.shown[active] ? `reply-${results.shown[active].id}` : undefined}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="button" className="primary" data-testid="reply-new" onClick={props.onNew}>
          + {t('reply.new')}
        </button>
      </div>
      <p className="hint">{t(props.action === 'copy' ? 'search.hintCopy' : 'search.hint')}</p>
      {results.shown.length === 0 ? (
        <p className="empty">{replies.length === 0 ? t('search.emptyLibrary') : t('search.empty', { query })}</p>
      ) : (
        <ul className="reply-list" id="reply-list" role="listbox" ref={listRef}>
          {results.shown.map((r, i) => (
            <li
              key={r.id}
              id={`reply-${r.id}`}
              data-index={i}
              data-testid="reply-item"
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
            >
              <div className="reply-head">
                {i < 9 ? <kbd className="num">{i + 1}</kbd> : null}
                <span className="reply-title">{r.title}</span>
                {r.pinned ? <span className="badge pin">📌</span> : null}
                {r.code ? <code className="badge">{r.code}</code> : null}
                {r.group ? <span className="badge group">{r.group}</span> : null}
                {props.risk ? <RiskBadge matches={props.risk(r)} /> : null}
                {props.isTeam?.(r) ? (
                  <span className="badge team" data-testid="reply-team-badge" title={t('sync.team.badgeTitle')}>
                    {t('sync.team.badge')}
                  </span>
                ) : null}
              </div>
              <p className="reply-body" onDoubleClick={() => props.onInsert(r)}>
                {r.body}
              </p>
              <div className="reply-meta">
                {r.usageCount > 0 ? <span>{t('reply.usage', { count: r.usageCount })}</span> : null}
                {r.variants.length > 0 ? <span>{t('reply.variants', { count: r.variants.length + 1 })}</span> : null}
                {r.tags.map((tag) => (
                  <span key={tag} className="tag">
                    #{tag}
                  </span>
                ))}
              </div>
              <div className="reply-actions">
                <button type="button" className="primary" data-testid="reply-insert" onClick={() => props.onInsert(r)}>
                  {t(props.action === 'copy' ? 'reply.copy' : 'reply.insert')}
                </button>
                {props.isTeam?.(r) ? (
                  <button type="button" data-testid="reply-copy-to-mine" title={t('sync.team.replyHint')} onClick={() => props.onDuplicate(r)}>
                    {t('sync.team.copyToMine')}
                  </button>
                ) : (
                  <>
                    <button type="button" data-testid="reply-edit" onClick={() => props.onEdit(r)}>
                      {t('reply.edit')}
                    </button>
                    <button type="button" onClick={() => props.onDuplicate(r)}>
                      {t('reply.duplicate')}
                    </button>
                    <button type="button" onClick={() => props.onTogglePin(r)}>
                      {r.pinned ? t('reply.unpin') : t('reply.pin')}
                    </button>
                    <button type="button" aria-label={t('reply.moveUp')} title={t('reply.moveUp')} onClick={() => props.onMove(r, -1)}>
                      ↑
                    </button>
                    <button type="button" aria-label={t('reply.moveDown')} title={t('reply.moveDown')} onClick={() => props.onMove(r, 1)}>
                      ↓
                    </button>
                    <button type="button" className="danger" data-testid="reply-delete" onClick={() => props.onDelete(r)}>
                      {t('reply.delete')}
                    </button>
                  </>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {query.trim() === '' ? <p className="count">{t('search.count', { count: replies.length })}</p> : null}
    </section>
  );
}
