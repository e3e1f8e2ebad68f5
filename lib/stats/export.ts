import type { ExportFile } from '../export/case-export';
import { toCsv } from '../export/csv';
import type { ExportTable } from '../export/table';
import { t, type Lang } from '../i18n/messages';
import type { DurationSummary, Stats } from './aggregate';

/**
 * The statistics as text: durations for people, and the numbers as one CSV
 * in long form (metric, item, value: one number per row), which every
 * spreadsheet pivots or charts directly, instead of several tables of
 * different shapes squeezed into one file.
 */

const MINUTE = 60_000;

/** "3 小时 5 分钟" / "3 h 5 min"; under a minute reads as 0 minutes, rounded down like a countdown. */
export function formatDuration(lang: Lang, ms: number): string {
  const minutes = Math.floor(ms / MINUTE);
  if (minutes < 60) return t(lang, 'stats.duration.minutes', { m: minutes });
  if (minutes < 48 * 60) return t(lang, 'stats.duration.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return t(lang, 'stats.duration.days', { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60) });
}

/** Minutes with one decimal: what the CSV holds. */
const minutes = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.round((ms / MINUTE) * 10) / 10);

/** The agent column: '' (no name set yet) reads as such rather than as a blank. */
export const agentLabel = (lang: Lang, agent: string): string => agent || t(lang, 'stats.agent.none');

export function statsTable(stats: Stats, lang: Lang): ExportTable {
  const rows: ExportTable['rows'] = [];
  const add = (metric: string, item: string, value: number | undefined) => rows.push([metric, item, value]);
  add(t(lang, 'stats.csv.range'), t(lang, 'stats.range.showing', { from: stats.range.from, to: stats.range.to }), undefined);

  for (const d of stats.repliesPerDay) add(t(lang, 'stats.replies.perDay'), d.day, d.count);
  for (const a of stats.repliesPerAgent) add(t(lang, 'stats.replies.perAgent'), agentLabel(lang, a.agent), a.count);
  for (const r of stats.topReplies) add(t(lang, 'stats.top.title'), r.deleted ? `${r.title}${t(lang, 'stats.top.deleted')}` : r.title, r.count);
  for (const r of stats.neverUsed) add(t(lang, 'stats.neverUsed.title'), r.title, 0);

  for (const c of stats.complaintsByType) add(t(lang, 'stats.complaints.byType'), t(lang, `complaint.type.${c.type}`), c.count);
  for (const c of stats.complaintsByStatus) add(t(lang, 'stats.complaints.byStatus'), t(lang, `complaint.status.${c.status}`), c.count);
  const times = (metric: string, s: DurationSummary) => {
    add(metric, t(lang, 'stats.times.median'), minutes(s.median));
    add(metric, t(lang, 'stats.times.p90'), minutes(s.p90));
    add(metric, t(lang, 'stats.times.cases'), s.count);
  };
  times(t(lang, 'stats.csv.firstResponseMinutes'), stats.firstResponse);
  times(t(lang, 'stats.csv.closeMinutes'), stats.close);
  for (const s of stats.overdue.byStep) {
    add(t(lang, 'stats.overdue.late'), s.title, s.late);
    add(t(lang, 'stats.overdue.open'), s.title, s.open);
  }

  for (const d of stats.followUps) {
    add(t(lang, 'stats.followUps.due'), d.day, d.due);
    add(t(lang, 'stats.followUps.done'), d.day, d.done);
  }
  return {
    columns: [
      { header: t(lang, 'stats.csv.metric'), kind: 'text' },
      { header: t(lang, 'stats.csv.item'), kind: 'text' },
      { header: t(lang, 'stats.csv.value'), kind: 'number' },
    ],
    rows,
  };
}

/** "数据反馈-2026-03-01至2026-03-07.csv" / "statistics-2026-03-01-to-2026-03-07.csv". */
export function statsCsvFile(stats: Stats, lang: Lang): ExportFile {
  const name = t(lang, 'stats.csv.fileName', { from: stats.range.from, to: stats.range.to });
  return { name: `${name}.csv`, mime: 'text/csv;charset=utf-8', data: toCsv(statsTable(stats, lang)) };
}
