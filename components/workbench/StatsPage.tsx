import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ReactNode } from 'react';
import type { KefuDatabase } from '@/lib/db/database';
import type { ExportFile } from '@/lib/export/case-export';
import type { MessageKey } from '@/lib/i18n/messages';
import { log } from '@/lib/log';
import { computeStats, type DurationSummary, type Stats } from '@/lib/stats/aggregate';
import { agentLabel, formatDuration, statsCsvFile } from '@/lib/stats/export';
import { loadStatsInput } from '@/lib/stats/load';
import { DateRange, dayKey, presetRange, RANGE_PRESETS, type RangePreset } from '@/lib/stats/range';
import { useLang, useT } from '@/components/sidebar/i18n';
import { useNow } from '@/components/sidebar/use-now';
import { downloadFile } from './download';
import { StatsChart } from './StatsChart';
import './StatsPage.css';

export interface StatsPageProps {
  db: KefuDatabase;
  /** A fixed time instead of the clock (tests). */
  now?: number;
  /** Where the CSV goes (the browser's downloads by default; tests catch it). */
  onDownload?(file: ExportFile): void;
}

type Choice = RangePreset | 'custom';

const COLORS = { blue: '#1f6feb', green: '#1a7f37', orange: '#bf8700', red: '#cf222e' };
/** Never-used replies listed on the page; the CSV has them all. */
const UNUSED_SHOWN = 20;
const MINUTE = 60_000;

/** "03-10": a day on a chart axis (the table beside it has the full date). */
const shortDay = (day: string) => day.slice(5);

/**
 * 数据反馈: what the team did in a date range, from what was recorded on this
 * computer (lib/stats). Each figure is a bar chart with a table of the same
 * numbers beside it; the numbers export as CSV. The figures follow the
 * database live, so an insertion in a console tab shows up here at once.
 */
export function StatsPage({ db, now: fixedNow, onDownload = downloadFile }: StatsPageProps) {
  const t = useT();
  const lang = useLang();
  // Overdue steps are counted as of now, and "today" moves at midnight.
  const now = useNow(fixedNow, 60_000);
  const today = dayKey(now);
  const [choice, setChoice] = useState<Choice>('7d');
  const [custom, setCustom] = useState(() => presetRange('7d', now));
  const [exportError, setExportError] = useState<string | null>(null);

  const wanted = choice === 'custom' ? custom : presetRange(choice, now);
  const parsed = DateRange.safeParse(wanted);
  const range = parsed.success ? parsed.data : undefined;
  const rangeError = parsed.success ? undefined : parsed.error.issues[0]?.message;

  const latest = useLiveQuery(async () => {
    if (!range) return undefined;
    return computeStats(await loadStatsInput(db, range), range, now);
  }, [db, range?.from, range?.to, now]);
  // useLiveQuery keeps the previous result until the new one arrives: never
  // show (or export) another range's numbers under this range's dates.
  const stats = latest && range && latest.range.from === range.from && latest.range.to === range.to ? latest : undefined;

  const choose = (next: Choice) => {
    // Custom starts from the range on screen, so it is a small edit away.
    if (next === 'custom' && choice !== 'custom') setCustom(wanted);
    setChoice(next);
  };

  const exportCsv = () => {
    if (!stats) return;
    try {
      setExportError(null);
      onDownload(statsCsvFile(stats, lang));
    } catch (err) {
      log.error('stats export failed', err);
      setExportError(t('stats.export.failed', { message: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <section className="wb-page stats-page" data-testid="stats-page">
      <header className="wb-page-head">
        <h1>{t('stats.title')}</h1>
        <button type="button" data-testid="stats-export-csv" disabled={!stats} onClick={exportCsv}>
          {t('stats.export.csv')}
        </button>
      </header>
      <p className="muted">{t('stats.hint')}</p>

      <fieldset className="stats-range">
        <legend>{t('stats.range.label')}</legend>
        {[...RANGE_PRESETS, 'custom' as const].map((c) => (
          <label key={c}>
            <input type="radio" name="stats-range" value={c} data-testid="stats-preset" checked={choice === c} onChange={() => choose(c)} />
            {t(`stats.range.${c}`)}
          </label>
        ))}
        {choice === 'custom' ? (
          <span className="stats-custom">
            <label>
              {t('stats.range.from')}
              <input type="date" data-testid="stats-from" value={custom.from} max={today} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
            </label>
            <label>
              {t('stats.range.to')}
              <input type="date" data-testid="stats-to" value={custom.to} max={today} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
            </label>
          </span>
        ) : null}
        {range ? (
          <span className="muted" data-testid="stats-range">
            {t('stats.range.showing', { from: range.from, to: range.to })}
          </span>
        ) : null}
      </fieldset>
      {rangeError ? (
        <p className="field-error" role="alert" data-testid="stats-range-error">
          {t(`error.${rangeError}` as MessageKey)}
        </p>
      ) : null}
      {exportError ? (
        <p className="field-error" role="alert" data-testid="stats-export-error">
          {exportError}
        </p>
      ) : null}

      {range && !stats ? <p className="wb-loading">{t('stats.loading')}</p> : null}
      {stats ? <Figures stats={stats} /> : null}
    </section>
  );
}

function Figures({ stats }: { stats: Stats }) {
  const t = useT();
  const lang = useLang();
  const duration = (ms: number | undefined) => (ms === undefined ? t('stats.times.none') : formatDuration(lang, ms));
  const minutes = (s: DurationSummary, q: 'median' | 'p90') => Math.round((s[q] ?? 0) / MINUTE);
  const followUpsAny = stats.followUps.some((d) => d.due > 0 || d.done > 0);

  return (
    <>
      <h2>
        {t('stats.replies.title')} <span className="badge" data-testid="stats-replies-total">{t('stats.replies.total', { count: stats.repliesTotal })}</span>
      </h2>
      {stats.repliesTotal === 0 ? (
        <p className="empty" data-testid="stats-replies-empty">
          {t('stats.replies.empty')}
        </p>
      ) : (
        <>
          <Figure title={t('stats.replies.perDay')}>
            <StatsChart
              testid="stats-chart-replies-day"
              title={t('stats.chart.label', { title: t('stats.replies.perDay') })}
              labels={stats.repliesPerDay.map((d) => shortDay(d.day))}
              series={[{ label: t('stats.col.count'), data: stats.repliesPerDay.map((d) => d.count), color: COLORS.blue }]}
            />
            <Table head={[t('stats.col.day'), t('stats.col.count')]} testid="stats-day-row" rows={stats.repliesPerDay.map((d) => [d.day, d.count])} />
          </Figure>
          <Figure title={t('stats.replies.perAgent')}>
            <StatsChart
              testid="stats-chart-replies-agent"
              horizontal
              title={t('stats.chart.label', { title: t('stats.replies.perAgent') })}
              labels={stats.repliesPerAgent.map((a) => agentLabel(lang, a.agent))}
              series={[{ label: t('stats.col.count'), data: stats.repliesPerAgent.map((a) => a.count), color: COLORS.blue }]}
            />
            <Table head={[t('stats.col.agent'), t('stats.col.count')]} testid="stats-agent-row" rows={stats.repliesPerAgent.map((a) => [agentLabel(lang, a.agent), a.count])} />
          </Figure>
          <Figure title={t('stats.top.title')}>
            <StatsChart
              testid="stats-chart-top"
              horizontal
              title={t('stats.chart.label', { title: t('stats.top.title') })}
              labels={stats.topReplies.map((r) => r.title || r.replyId)}
              series={[{ label: t('stats.col.count'), data: stats.topReplies.map((r) => r.count), color: COLORS.green }]}
            />
            <Table
              head={[t('stats.col.reply'), t('stats.col.count')]}
              testid="stats-top-row"
              rows={stats.topReplies.map((r) => [r.deleted ? `${r.title}${t('stats.top.deleted')}` : r.title, r.count])}
            />
          </Figure>
        </>
      )}

      <h3>{t('stats.neverUsed.title')}</h3>
      <p className="muted small">{t('stats.neverUsed.hint')}</p>
      {stats.neverUsed.length === 0 ? (
        <p className="empty" data-testid="stats-unused-empty">
          {t('stats.neverUsed.empty')}
        </p>
      ) : (
        <>
          <Table head={[t('stats.col.reply'), t('stats.col.group')]} testid="stats-unused-row" rows={stats.neverUsed.slice(0, UNUSED_SHOWN).map((r) => [r.title, r.group])} />
          {stats.neverUsed.length > UNUSED_SHOWN ? <p className="muted small">{t('stats.neverUsed.more', { count: stats.neverUsed.length - UNUSED_SHOWN })}</p> : null}
        </>
      )}

      <h2>
        {t('stats.complaints.title')} <span className="badge" data-testid="stats-cases-total">{t('stats.complaints.total', { count: stats.casesTotal })}</span>
      </h2>
      {stats.casesTotal === 0 ? (
        <p className="empty" data-testid="stats-complaints-empty">
          {t('stats.complaints.empty')}
        </p>
      ) : (
        <>
          <Figure title={t('stats.complaints.byType')}>
            <StatsChart
              testid="stats-chart-type"
              title={t('stats.chart.label', { title: t('stats.complaints.byType') })}
              labels={stats.complaintsByType.map((c) => t(`complaint.type.${c.type}`))}
              series={[{ label: t('stats.col.cases'), data: stats.complaintsByType.map((c) => c.count), color: COLORS.orange }]}
            />
            <Table head={[t('workbench.col.type'), t('stats.col.cases')]} testid="stats-type-row" rows={stats.complaintsByType.map((c) => [t(`complaint.type.${c.type}`), c.count])} />
          </Figure>
          <Figure title={t('stats.complaints.byStatus')}>
            <StatsChart
              testid="stats-chart-status"
              title={t('stats.chart.label', { title: t('stats.complaints.byStatus') })}
              labels={stats.complaintsByStatus.map((c) => t(`complaint.status.${c.status}`))}
              series={[{ label: t('stats.col.cases'), data: stats.complaintsByStatus.map((c) => c.count), color: COLORS.orange }]}
            />
            <Table head={[t('workbench.col.status'), t('stats.col.cases')]} testid="stats-status-row" rows={stats.complaintsByStatus.map((c) => [t(`complaint.status.${c.status}`), c.count])} />
          </Figure>
          <Figure title={t('stats.times.title')}>
            <StatsChart
              testid="stats-chart-times"
              title={t('stats.chart.label', { title: t('stats.times.title') })}
              labels={[t('stats.csv.firstResponseMinutes'), t('stats.csv.closeMinutes')]}
              series={[
                { label: t('stats.times.median'), data: [minutes(stats.firstResponse, 'median'), minutes(stats.close, 'median')], color: COLORS.blue },
                { label: t('stats.times.p90'), data: [minutes(stats.firstResponse, 'p90'), minutes(stats.close, 'p90')], color: COLORS.orange },
              ]}
            />
            <Table
              head={['', t('stats.times.median'), t('stats.times.p90'), t('stats.times.cases')]}
              testid="stats-time-row"
              rows={[
                [t('stats.times.firstResponse'), duration(stats.firstResponse.median), duration(stats.firstResponse.p90), stats.firstResponse.count],
                [t('stats.times.close'), duration(stats.close.median), duration(stats.close.p90), stats.close.count],
              ]}
            />
          </Figure>
          <Figure title={t('stats.overdue.title')}>
            {stats.overdue.byStep.length === 0 ? (
              <p className="empty" data-testid="stats-overdue-empty">
                {t('stats.overdue.empty')}
              </p>
            ) : (
              <>
                <StatsChart
                  testid="stats-chart-overdue"
                  horizontal
                  title={t('stats.chart.label', { title: t('stats.overdue.title') })}
                  labels={stats.overdue.byStep.map((s) => s.title)}
                  series={[
                    { label: t('stats.overdue.late'), data: stats.overdue.byStep.map((s) => s.late), color: COLORS.orange },
                    { label: t('stats.overdue.open'), data: stats.overdue.byStep.map((s) => s.open), color: COLORS.red },
                  ]}
                />
                <Table
                  head={[t('stats.overdue.step'), t('stats.overdue.late'), t('stats.overdue.open')]}
                  testid="stats-overdue-row"
                  rows={stats.overdue.byStep.map((s) => [s.title, s.late, s.open])}
                />
              </>
            )}
          </Figure>
        </>
      )}

      <h2>{t('stats.followUps.title')}</h2>
      {!followUpsAny ? (
        <p className="empty" data-testid="stats-followups-empty">
          {t('stats.followUps.empty')}
        </p>
      ) : (
        <Figure title={`${t('stats.followUps.due')} / ${t('stats.followUps.done')}`}>
          <StatsChart
            testid="stats-chart-followups"
            title={t('stats.chart.label', { title: t('stats.followUps.title') })}
            labels={stats.followUps.map((d) => shortDay(d.day))}
            series={[
              { label: t('stats.followUps.due'), data: stats.followUps.map((d) => d.due), color: COLORS.orange },
              { label: t('stats.followUps.done'), data: stats.followUps.map((d) => d.done), color: COLORS.green },
            ]}
          />
          <Table head={[t('stats.col.day'), t('stats.followUps.due'), t('stats.followUps.done')]} testid="stats-followup-row" rows={stats.followUps.map((d) => [d.day, d.due, d.done])} />
        </Figure>
      )}
    </>
  );
}

/** A chart and its table side by side, under a heading. */
function Figure({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="stats-figure">
      <h3>{title}</h3>
      <div className="stats-figure-body">{children}</div>
    </div>
  );
}

/** The numbers of a figure: the accessible, tested surface (each row's cells as text). */
function Table({ head, rows, testid }: { head: string[]; rows: (string | number)[][]; testid: string }) {
  return (
    <div className="stats-table-wrap">
      <table className="wb-table stats-table">
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} data-testid={testid}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j} className={typeof cell === 'number' ? 'num' : undefined}>
                    {cell}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
