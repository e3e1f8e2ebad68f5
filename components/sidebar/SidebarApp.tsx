import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { getDb } from '@/lib/db/database';
import type { Reply, ReplyDraft } from '@/lib/db/records';
import { STARTER_GROUPS } from '@/lib/db/records';
import {
  compareReplies,
  createReply,
  deleteReply,
  duplicateReply,
  getReply,
  listReplies,
  moveReply,
  nextWording,
  recordReplyUse,
  restoreReply,
  setPinned,
  updateReply,
} from '@/lib/db/replies';
import { AppError } from '@/lib/errors';
import type { MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import type { PageState } from '@/lib/messaging/protocol';
import { ReplyIndex } from '@/lib/search';
import { syncIndex } from '@/lib/sidebar/index-sync';
import { planInsertion, type MissingField } from '@/lib/sidebar/insert-flow';
import { connectToPage, listenToPage, MessageError, type PageLink } from '@/lib/sidebar/page-link';
import type { Settings } from '@/lib/settings/settings';
import { buyerKey, ComplaintsPanel } from './ComplaintsPanel';
import { CustomerPanel } from './CustomerPanel';
import { customerForContext } from '@/lib/db/customers';
import { FillForm } from './FillForm';
import { ComplianceWarning } from './ComplianceWarning';
import { currentMatcher, useCompliance } from './use-compliance';
import { applySuggestion, highestSeverity, type ComplianceMatch } from '@/lib/compliance/matcher';
import { useLang, useT } from './i18n';
import { RepliesPanel } from './RepliesPanel';
import { useTeamLocks } from '@/components/sync/use-team-locks';
import { useWatchedQuery } from '@/components/use-watched-query';
import { ReplyRisks } from '@/lib/sidebar/reply-risks';
import { SettingsPanel } from './SettingsPanel';
import { ReplyEditor } from './ReplyEditor';
import { openedByAgent } from '@/lib/sidebar/focus';
import { useAuthor } from '@/components/sync/use-author';

type Tab = 'replies' | 'customer' | 'complaints' | 'settings';

/** Results shown per search; the index stops early once it has this many. */
const SEARCH_LIMIT = 100;
type View =
  | { kind: 'list' }
  | { kind: 'edit'; reply?: Reply; errors: Record<string, string> }
  | { kind: 'fill'; reply: Reply; wording: string; missing: MissingField[]; deleteBefore?: number; onDone?: () => void }
  /** The compliance check of a filled reply: blocked, asking first (warn), or a hint after inserting (`inserted`). */
  | {
      kind: 'check';
      reply: Reply;
      text: string;
      matches: ComplianceMatch[];
      inserted: boolean;
      deleteBefore?: number;
      onDone?: () => void;
      /** The shortcut code the content script did not expand because of these matches. */
      blockedCode?: string;
    };

/** `text` with every match's softer wording taken (last first, so earlier offsets stay right). */
function withSuggestions(text: string, matches: readonly ComplianceMatch[]): string {
  let out = text;
  for (const m of [...matches].sort((a, b) => b.start - a.start)) out = applySuggestion(out, m) ?? out;
  return out;
}

interface Notice {
  tone: 'info' | 'error';
  text: string;
  undo?: () => void;
}

export function SidebarApp({ settings }: { settings: Settings }) {
  const t = useT();
  const lang = useLang();
  const db = getDb();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<Tab>('replies');
  const [view, setView] = useState<View>({ kind: 'list' });
  const [notice, setNotice] = useState<Notice | null>(null);
  // Opened by the agent: the search box takes the focus on first render (RepliesPanel), where no message can reach it yet.
  const [focusToken, setFocusToken] = useState(() => (openedByAgent(location.hash) ? 1 : 0));
  /** Text from the context menu's "save to customer notes", until the Customer tab has saved it. */
  const [captured, setCaptured] = useState<{ text: string; n: number } | null>(null);
  const captureCount = useRef(0);
  const author = useAuthor(settings);

  // The console page this sidebar is docked on (server-like state: TanStack Query).
  const link = useQuery({ queryKey: ['page-link'], queryFn: connectToPage, staleTime: Infinity, retry: 2 });
  const tabId = link.data?.tabId;
  const pageState = useQuery({
    queryKey: ['page-state', tabId],
    queryFn: () => (link.data as PageLink).getPageState(),
    enabled: tabId !== undefined,
    refetchOnWindowFocus: true,
  });

  // The customer opened by hand and the complaint case on show, shared by the
  // Customer and Complaints tabs; another buyer on screen takes over from both.
  const [chosenCustomerId, setChosenCustomerId] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const buyerOnScreen = buyerKey(pageState.data);
  const [openedFor, setOpenedFor] = useState(buyerOnScreen);
  if (openedFor !== buyerOnScreen) {
    setOpenedFor(buyerOnScreen);
    setChosenCustomerId(null);
    setCaseId(null);
  }

  // Paced: a first sync writes the team's 20,000 replies a page at a time, and re-reading them for each page stalled the sidebar.
  const replies = useWatchedQuery(db, ['replies', 'groupOrders'], () => listReplies(db), []);
  const locks = useTeamLocks(db);
  const { matcher } = useCompliance(db);
  /** Saved replies are checked against every console's rules: a reply can be used anywhere. */
  const checkWording = useCallback((text: string) => matcher?.check(text) ?? [], [matcher]);
  // Each reply's matches (for the list's badges), checked again only for replies reworded since, or all under new rules.
  const [riskCache] = useState(() => new ReplyRisks());
  const replyRisks = useMemo(() => riskCache.update(replies ?? [], matcher), [riskCache, replies, matcher]);
  const replyRisk = useCallback((reply: Reply) => replyRisks.get(reply.id) ?? [], [replyRisks]);
  // With all cookies blocked (or storage partitioning turned off), the browser
  // denies a framed extension page its IndexedDB: say so and how to allow it,
  // instead of showing an empty library (tests/e2e/storage-blocked.test.ts).
  const [storageError, setStorageError] = useState<string | null>(null);
  useEffect(() => {
    db.open().catch((err: unknown) => {
      log.error('database unavailable in the sidebar', err);
      setStorageError(err instanceof Error ? err.message : String(err));
    });
  }, [db]);

  // One search index for the sidebar's life, updated by diff.
  const indexRef = useRef<{ index: ReplyIndex; known: Map<string, number> } | null>(null);
  indexRef.current ??= { index: new ReplyIndex(), known: new Map() };
  const [indexVersion, setIndexVersion] = useState(0);
  useEffect(() => {
    // Read by the benchmark: time from the sidebar's navigation to a usable list.
    if (replies && performance.getEntriesByName('kefu-sidebar-ready').length === 0) performance.mark('kefu-sidebar-ready');
  }, [replies]);
  useEffect(() => {
    if (!replies || !indexRef.current) return;
    syncIndex(indexRef.current.index, indexRef.current.known, replies);
    setIndexVersion((v) => v + 1);
  }, [replies]);
  const search = useCallback((q: string) => indexRef.current!.index.search(q, { limit: SEARCH_LIMIT }), [indexVersion]); // eslint-disable-line react-hooks/exhaustive-deps

  const say = (tone: Notice['tone'], key: MessageKey, params?: Record<string, string | number>, undo?: () => void) =>
    setNotice({ tone, text: t(key, params), undo });

  useEffect(() => {
    if (!notice || notice.undo) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  /** Copies for pasting by hand; false (and a notice saying why) when the browser refuses. */
  const copy = async (text: string): Promise<boolean> => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (err) {
      say('error', 'error.copy-failed', { message: err instanceof Error ? err.message : String(err) });
      return false;
    }
  };

  /**
   * Counts an insertion (usage count, the statistics' event) and, when a buyer
   * is on screen, lists it in their record. A buyer whose record cannot be
   * opened is logged and the insertion is counted without them.
   */
  const recordUse = async (replyId: string) => {
    const state = pageState.data;
    const ctx = state?.context;
    const platform = ctx?.platform || state?.adapterId;
    let customerId: string | undefined;
    if (state && ctx && platform && (ctx.buyerId?.trim() || ctx.buyerName?.trim())) {
      customerId = await customerForContext(db, { ...ctx, platform }, { author }).then(
        (customer) => customer.id,
        (err: unknown) => {
          log.warn('reply not remembered for the customer', { err: String(err) });
          return undefined;
        },
      );
    }
    await recordReplyUse(db, replyId, { author, platform, shop: ctx?.shop || settings.shopName, customerId });
  };

  /** `onDone` runs once the text reached the chat box, or the clipboard where the console is copy-only. */
  const deliver = async (reply: Reply, text: string, deleteBefore?: number, onDone?: () => void) => {
    const state = pageState.data;
    if (!link.data || !state) {
      if (await copy(text)) say('error', 'error.no-content-script');
      return;
    }
    if (!state.canInsert) {
      if (!(await copy(text))) return;
      await recordUse(reply.id);
      onDone?.();
      say('info', 'error.no-insert-site');
      return;
    }
    try {
      await link.data.insertText({ text, deleteBefore });
      await recordUse(reply.id);
      onDone?.();
      say('info', 'reply.inserted');
    } catch (err) {
      const code = err instanceof MessageError ? err.code : 'internal';
      if (code === 'no-reply-field' || code === 'insert-rejected' || code === 'no-content-script') {
        if (await copy(text)) say('error', `error.${code}` as MessageKey);
      } else {
        log.error('insert failed', err);
        say('error', 'error.internal', { message: err instanceof Error ? err.message : String(err) });
      }
    }
  };

  /**
   * The compliance check before a filled reply reaches the chat box, with the
   * page's console rules: `block` stops it, `warn` asks first, `hint`
   * inserts and shows the hint.
   */
  const checkedDeliver = async (reply: Reply, text: string, deleteBefore?: number, onDone?: () => void, blockedCode?: string) => {
    const matches = (await currentMatcher(db, matcher)).check(text, { platform: pageState.data?.adapterId });
    const severity = highestSeverity(matches);
    if (severity === 'block' || severity === 'warn') {
      setView({ kind: 'check', reply, text, matches, inserted: false, deleteBefore, onDone, ...(severity === 'block' && blockedCode ? { blockedCode } : {}) });
      return;
    }
    await deliver(reply, text, deleteBefore, onDone);
    if (severity === 'hint') setView({ kind: 'check', reply, text, matches, inserted: true });
  };

  /** `blocked`: the content script did not expand the reply's shortcut code because of a compliance rule. */
  const insertReply = async (reply: Reply, opts: { deleteBefore?: number; onDone?: () => void; blocked?: boolean } = {}) => {
    const wording = nextWording(reply);
    const plan = planInsertion(wording, pageState.data?.context, settings, {}, { now: new Date(), lang });
    if (plan.kind === 'ask') {
      setView({ kind: 'fill', reply, wording, missing: plan.missing, deleteBefore: opts.deleteBefore, onDone: opts.onDone });
      return;
    }
    await checkedDeliver(reply, plan.text, opts.deleteBefore, opts.onDone, opts.blocked ? reply.code || '?' : undefined);
  };

  // The page's events are subscribed once per tab: they call the insert path of the latest render
  // (its compliance matcher and page state), not the one of the render that subscribed.
  const latestInsertReply = useRef(insertReply);
  useEffect(() => {
    latestInsertReply.current = insertReply;
  });

  const submitFill = async (answers: Record<string, string>) => {
    if (view.kind !== 'fill') return;
    // Answers to context fields (buyer, order…) fill the context for this insert.
    const ctx = { ...(pageState.data?.context ?? { platform: '' }) };
    const filled = { ...settings };
    for (const f of view.missing) {
      if (f.kind !== 'context') continue;
      const v = answers[f.key]?.trim();
      if (!v) continue;
      if (f.key === 'buyer') ctx.buyerName = v;
      else if (f.key === 'order') ctx.orderId = v;
      else if (f.key === 'shop') ctx.shop = v;
      else if (f.key === 'agent') filled.agentName = v;
    }
    const plan = planInsertion(view.wording, ctx, filled, answers, { now: new Date(), lang });
    if (plan.kind === 'ask') {
      setView({ ...view, missing: plan.missing });
      return;
    }
    const { reply, deleteBefore, onDone } = view;
    setView({ kind: 'list' });
    await checkedDeliver(reply, plan.text, deleteBefore, onDone);
  };

  // Events from the page: conversation switched, "focus search", a shortcut code that needs answers.
  useEffect(() => {
    if (tabId === undefined) return;
    return listenToPage(tabId, {
      onPageState: (state: PageState) => queryClient.setQueryData(['page-state', tabId], state),
      onFocusSearch: () => {
        setTab('replies');
        setView({ kind: 'list' });
        setFocusToken((n) => n + 1);
      },
      onExpandInSidebar: ({ replyId, deleteBefore, blocked }) => {
        getReply(db, replyId)
          .then((reply) => {
            setTab('replies');
            return latestInsertReply.current(reply, { deleteBefore, blocked });
          })
          .catch((err: unknown) => log.error('expand in sidebar failed', err));
      },
      onCaptureNote: (text) => {
        setTab('customer');
        captureCount.current += 1;
        setCaptured({ text, n: captureCount.current });
      },
    });
    // The insert path is read through latestInsertReply: the latest render's.
  }, [tabId, queryClient, db]);

  const save = useMutation({
    mutationFn: async ({ draft, id }: { draft: ReplyDraft; id?: string }) =>
      id ? updateReply(db, id, draft, { author }) : createReply(db, draft, { author }),
    onSuccess: () => setView({ kind: 'list' }),
    onError: (err) => {
      if (err instanceof AppError && (err.code === 'validation' || err.code === 'duplicate-code')) {
        setView((v) => (v.kind === 'edit' ? { ...v, errors: err.fields } : v));
      } else if (err instanceof AppError && err.code === 'read-only') {
        say('error', 'error.team-reply-read-only');
      } else {
        log.error('saving a reply failed', err);
        say('error', 'error.save-failed', { message: err instanceof Error ? err.message : String(err) });
      }
    },
  });

  const groups = useMemo(() => {
    const set = new Set<string>(lang === 'zh' ? STARTER_GROUPS : []);
    for (const r of replies ?? []) if (r.group) set.add(r.group);
    return [...set];
  }, [replies, lang]);

  const move = (reply: Reply, dir: -1 | 1) => {
    const siblings = (replies ?? []).filter((r) => r.group === reply.group).sort(compareReplies);
    const i = siblings.findIndex((r) => r.id === reply.id);
    const beforeId = dir === -1 ? siblings[i - 1]?.id : siblings[i + 2]?.id;
    if (dir === -1 && !beforeId) return;
    if (dir === 1 && i === siblings.length - 1) return;
    void moveReply(db, reply.id, { group: reply.group, beforeId }, { author }).catch((err: unknown) => log.error('move failed', err));
  };

  const remove = (reply: Reply) => {
    deleteReply(db, reply.id, { author })
      .then(() =>
        say('info', 'reply.deleted', { title: reply.title }, () => {
          void restoreReply(db, reply.id, { author }).then(() => setNotice(null));
        }),
      )
      .catch((err: unknown) => say('error', 'error.internal', { message: String(err) }));
  };

  // Framed by a page that is neither a console nor an enabled site: show
  // nothing of the agent's data there.
  if (link.error instanceof MessageError && link.error.code === 'bad-sender') {
    return (
      <div className="notice error" role="alert" data-testid="sidebar-refused">
        <span>{t('error.not-enabled')}</span>
      </div>
    );
  }

  const state = pageState.data;
  const status: { key: MessageKey; ok: boolean } = !state
    ? { key: 'status.noPage', ok: false }
    : !state.canInsert
      ? { key: 'status.copyOnly', ok: false }
      : state.hasReplyField
        ? { key: 'status.chatBox', ok: true }
        : { key: 'status.noChatBox', ok: false };
  const platformName = state ? state.adapterName[lang] : t('customer.unknown');

  return (
    <div className="app">
      <header className="top">
        <nav className="tabs" role="tablist">
          <button role="tab" data-testid="tab-replies" aria-selected={tab === 'replies'} onClick={() => setTab('replies')}>
            {t('tab.replies')}
          </button>
          <button role="tab" data-testid="tab-customer" aria-selected={tab === 'customer'} onClick={() => setTab('customer')}>
            {t('tab.customer')}
          </button>
          <button role="tab" data-testid="tab-complaints" aria-selected={tab === 'complaints'} onClick={() => setTab('complaints')}>
            {t('tab.complaints')}
          </button>
        </nav>
        <div className="window-actions">
          <select
            aria-label={t('sidebar.mode.label')}
            data-testid="sidebar-mode"
            value={pageState.data?.layout.mode ?? settings.defaultLayout.mode}
            onChange={(e) => {
              const mode = e.target.value as 'push' | 'overlay';
              void link.data?.setLayout({ mode }).then(() => pageState.refetch());
            }}
          >
            <option value="push">{t('sidebar.mode.push')}</option>
            <option value="overlay">{t('sidebar.mode.overlay')}</option>
          </select>
          <button type="button" data-testid="tab-settings" title={t('settings.open')} aria-label={t('settings.open')} aria-pressed={tab === 'settings'} onClick={() => setTab(tab === 'settings' ? 'replies' : 'settings')}>
            ⚙
          </button>
          <button type="button" data-testid="sidebar-collapse" title={t('sidebar.collapse')} aria-label={t('sidebar.collapse')} onClick={() => void link.data?.setLayout({ collapsed: true })}>
            ⇥
          </button>
        </div>
      </header>
      <p className={`status ${status.ok ? 'ok' : 'warn'}`} data-testid="page-status">
        {platformName} · {t(status.key)}
      </p>
      {storageError ? (
        <div className="notice error" role="alert" data-testid="storage-error">
          <span>{t('error.storage-blocked', { message: storageError })}</span>
        </div>
      ) : null}
      {notice ? (
        <div className={`notice ${notice.tone}`} role="status" data-testid="notice">
          <span>{notice.text}</span>
          {notice.undo ? (
            <button type="button" data-testid="notice-undo" onClick={notice.undo}>
              {t('reply.undo')}
            </button>
          ) : null}
          <button type="button" aria-label="×" onClick={() => setNotice(null)}>
            ×
          </button>
        </div>
      ) : null}
      <main>
        {tab === 'settings' ? (
          <SettingsPanel
            settings={settings}
            onDone={() => setTab('replies')}
            page={link.data?.url ? { pageUrl: link.data.url, testSelectors: link.data.testSelectors } : undefined}
          />
        ) : tab === 'customer' ? (
          <CustomerPanel
            db={db}
            state={state}
            platformName={platformName}
            author={author}
            notify={(tone, text, undo) => setNotice({ tone, text, undo })}
            readSelection={link.data ? () => link.data.readSelection() : undefined}
            captured={captured}
            onCapturedDone={() => setCaptured(null)}
            chosenId={chosenCustomerId}
            onChoose={setChosenCustomerId}
            onOpenCase={(id) => {
              setCaseId(id);
              setTab('complaints');
            }}
          />
        ) : tab === 'complaints' && view.kind !== 'fill' && view.kind !== 'check' ? (
          <ComplaintsPanel
            db={db}
            state={state}
            author={author}
            chosenCustomerId={chosenCustomerId}
            onChooseCustomer={setChosenCustomerId}
            caseId={caseId}
            onOpenCase={setCaseId}
            onInsertReply={(reply, onDone) => void insertReply(reply, { onDone })}
            notify={(tone, text) => setNotice({ tone, text })}
          />
        ) : view.kind === 'edit' ? (
          <ReplyEditor
            key={view.reply?.id ?? 'new'}
            initial={view.reply}
            groups={groups}
            triggerKey={settings.triggerKey}
            errors={view.errors}
            saving={save.isPending}
            onSave={(draft) => save.mutate({ draft, id: view.reply?.id })}
            onCancel={() => setView({ kind: 'list' })}
            check={checkWording}
          />
        ) : view.kind === 'check' ? (
          <ComplianceWarning
            text={view.text}
            matches={view.matches}
            headline={view.blockedCode !== undefined ? 'compliance.shortcutBlocked' : highestSeverity(view.matches) === 'block' ? 'compliance.insertBlocked' : undefined}
            headlineParams={view.blockedCode !== undefined ? { code: view.blockedCode } : undefined}
          >
            {view.inserted || highestSeverity(view.matches) === 'block' ? (
              <button type="button" data-testid="compliance-close" onClick={() => setView({ kind: 'list' })}>
                {t('compliance.close')}
              </button>
            ) : (
              <>
                <button
                  type="button"
                  className="primary"
                  data-testid="compliance-insert-anyway"
                  onClick={() => {
                    setView({ kind: 'list' });
                    void deliver(view.reply, view.text, view.deleteBefore, view.onDone);
                  }}
                >
                  {t('compliance.insertAnyway')}
                </button>
                {withSuggestions(view.text, view.matches) !== view.text ? (
                  <button
                    type="button"
                    data-testid="compliance-insert-suggested"
                    onClick={() => {
                      const { reply, deleteBefore, onDone } = view;
                      setView({ kind: 'list' });
                      void checkedDeliver(reply, withSuggestions(view.text, view.matches), deleteBefore, onDone);
                    }}
                  >
                    {t('compliance.insertSuggested')}
                  </button>
                ) : null}
                <button type="button" data-testid="compliance-cancel" onClick={() => setView({ kind: 'list' })}>
                  {t('compliance.cancel')}
                </button>
              </>
            )}
          </ComplianceWarning>
        ) : view.kind === 'fill' ? (
          <FillForm title={view.reply.title} missing={view.missing} onSubmit={(a) => void submitFill(a)} onCancel={() => setView({ kind: 'list' })} />
        ) : (
          <RepliesPanel
            replies={replies ?? []}
            search={search}
            focusToken={focusToken}
            action={pageState.data && !pageState.data.canInsert ? 'copy' : 'insert'}
            onInsert={(r) => void insertReply(r)}
            onEdit={(r) => setView({ kind: 'edit', reply: r, errors: {} })}
            onNew={() => setView({ kind: 'edit', errors: {} })}
            onDuplicate={(r) =>
              void duplicateReply(db, r.id, { author, titleSuffix: t('reply.copySuffix') })
                .then((copy) => {
                  if (locks.has('reply', r.id)) say('info', 'sync.team.copied', { title: copy.title });
                })
                .catch((err: unknown) => say('error', 'error.internal', { message: String(err) }))
            }
            onDelete={remove}
            onTogglePin={(r) => void setPinned(db, r.id, !r.pinned, { author })}
            onMove={move}
            onEscape={() => void link.data?.focusReplyField()}
            risk={replyRisk}
            isTeam={locks.active ? (r) => locks.has('reply', r.id) : undefined}
          />
        )}
      </main>
    </div>
  );
}
