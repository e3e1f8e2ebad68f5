import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ErrorBoundary } from '@/components/ErrorBoundary';
import { useT } from '@/components/sidebar/i18n';
import type { KefuDatabase } from '@/lib/db/database';
import type { MessageKey } from '@/lib/i18n/messages';
import type { Settings } from '@/lib/settings/settings';
import { BackupBanner } from './BackupBanner';
import { EMPTY_CASE_FILTER, type CaseFilterState } from './case-filter';
import { useAuthor } from '@/components/sync/use-author';

/*
 * Each page is its own chunk, loaded when first shown: the workbench opens
 * with the shell and the page asked for, not with exceljs or the template
 * editor. A new page is one more entry in PAGES and one more route.
 */
const CasesPage = lazy(() => import('./CasesPage').then((m) => ({ default: m.CasesPage })));
const CaseDetail = lazy(() => import('./CaseDetail').then((m) => ({ default: m.CaseDetail })));
const FollowUpsPage = lazy(() => import('./FollowUpsPage').then((m) => ({ default: m.FollowUpsPage })));
const TemplatesPage = lazy(() => import('./TemplatesPage').then((m) => ({ default: m.TemplatesPage })));
const ImportPage = lazy(() => import('./ImportPage').then((m) => ({ default: m.ImportPage })));
const DataPage = lazy(() => import('./DataPage').then((m) => ({ default: m.DataPage })));
// chart.js comes with this chunk only.
const StatsPage = lazy(() => import('./StatsPage').then((m) => ({ default: m.StatsPage })));
const RulesPage = lazy(() => import('./RulesPage').then((m) => ({ default: m.RulesPage })));
const LibraryPage = lazy(() => import('./LibraryPage').then((m) => ({ default: m.LibraryPage })));
const SettingsPage = lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage })));
const SyncPage = lazy(() => import('./SyncPage').then((m) => ({ default: m.SyncPage })));

/** The navigation, in order: route and label. */
const PAGES: readonly { path: string; label: MessageKey }[] = [
  { path: '/library', label: 'workbench.nav.library' },
  { path: '/import', label: 'workbench.nav.import' },
  { path: '/cases', label: 'workbench.nav.cases' },
  { path: '/follow-ups', label: 'workbench.nav.followUps' },
  { path: '/templates', label: 'workbench.nav.templates' },
  { path: '/rules', label: 'workbench.nav.rules' },
  { path: '/stats', label: 'stats.nav' },
  { path: '/data', label: 'workbench.nav.data' },
  { path: '/settings', label: 'wbs.nav' },
  { path: '/sync', label: 'sync.nav' },
];

export interface WorkbenchAppProps {
  db: KefuDatabase;
  settings: Settings;
  /** A fixed time instead of the clock (tests); also the time of writes. */
  now?: number;
}

/**
 * The workbench (工作台): the supervisor's and agent's desk outside the chat,
 * in a full tab. A nav on the left, one page on the right, routed by the URL's
 * hash (#/cases, #/cases/<id>, #/follow-ups, #/templates) so that a page can be
 * bookmarked, reloaded and linked to.
 */
export function WorkbenchApp(props: WorkbenchAppProps) {
  return (
    <Router hook={useHashLocation}>
      <Shell {...props} />
    </Router>
  );
}

function Shell({ db, settings, now }: WorkbenchAppProps) {
  const t = useT();
  const [location, navigate] = useLocation();
  // The case list's filters outlive a visit to a case and back.
  const [caseFilter, setCaseFilter] = useState<CaseFilterState>(EMPTY_CASE_FILTER);
  const author = useAuthor(settings);
  const current = PAGES.find((p) => location === p.path || location.startsWith(`${p.path}/`));

  useEffect(() => {
    document.title = current ? `${t(current.label)} · ${t('workbench.title')}` : t('workbench.title');
  }, [current, t]);

  return (
    <div className="workbench">
      <nav className="wb-nav" aria-label={t('workbench.nav.label')}>
        <div className="wb-brand">
          <strong>{t('app.title')}</strong>
          <span>{t('workbench.title')}</span>
        </div>
        <ul>
          {PAGES.map((p) => (
            <li key={p.path}>
              <Link href={p.path} className={current === p ? 'active' : ''} aria-current={current === p ? 'page' : undefined} data-testid={`nav-${p.path.slice(1)}`}>
                {t(p.label)}
              </Link>
            </li>
          ))}
        </ul>
        <p className="wb-agent" data-testid="workbench-agent">
          {author ? t('workbench.agent', { name: author }) : t('workbench.agent.none')}
        </p>
      </nav>
      <main className="wb-main">
        <BackupBanner now={now} />
        <ErrorBoundary key={location}>
          <Suspense fallback={<p className="wb-loading">{t('workbench.loading')}</p>}>
            <Switch>
              <Route path="/">
                <Redirect to="/cases" replace />
              </Route>
              <Route path="/cases">
                <CasesPage db={db} now={now} filter={caseFilter} onFilter={setCaseFilter} onOpen={(id) => navigate(`/cases/${encodeURIComponent(id)}`)} />
              </Route>
              <Route path="/cases/:id">
                {(params) => <CaseDetail db={db} caseId={params.id} now={now} onBack={() => navigate('/cases')} />}
              </Route>
              <Route path="/follow-ups">
                <FollowUpsPage db={db} author={author} now={now} />
              </Route>
              <Route path="/templates">
                <TemplatesPage db={db} author={author} now={now} />
              </Route>
              <Route path="/import">
                <ImportPage db={db} author={author} now={now} />
              </Route>
              <Route path="/data">
                <DataPage db={db} author={author} now={now} />
              </Route>
              <Route path="/stats">
                <StatsPage db={db} now={now} />
              </Route>
              <Route path="/rules">
                <RulesPage db={db} author={author} now={now} />
              </Route>
              <Route path="/library">
                <LibraryPage db={db} settings={settings} now={now} />
              </Route>
              <Route path="/settings">
                <SettingsPage settings={settings} />
              </Route>
              <Route path="/sync">
                <SyncPage db={db} />
              </Route>
              <Route>
                <NotFound>
                  <Link href="/cases">{t('workbench.notFound.back')}</Link>
                </NotFound>
              </Route>
            </Switch>
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

function NotFound({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <section className="wb-page" data-testid="workbench-not-found">
      <h1>{t('workbench.notFound')}</h1>
      <p>{children}</p>
    </section>
  );
}
