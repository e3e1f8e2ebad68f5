import { t, type Lang } from './messages';

/**
 * How a follow-up's time reads, in the sidebar and in reminder notifications
 * alike: "今天 15:00", "明天 09:00", "3月12日 10:00" / "Today 15:00", "Mar 12,
 * 10:00", and how long something is overdue. Local time throughout: an agent
 * plans "tomorrow 10:00" on their own clock.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const locale = (lang: Lang): string => (lang === 'zh' ? 'zh-CN' : 'en');

/** Local midnight at the start of the day that contains `at`. */
/**
 * One formatter per locale and options. Building an Intl.DateTimeFormat costs
 * far more than formatting with it, and the "today" list formats every row on
 * every render: uncached, this was about 70% of opening a customer record in
 * the customers benchmark (tests/bench/customers-render.ts).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
export function formatter(loc: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${loc}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(loc, options);
    formatters.set(key, f);
  }
  return f;
}

export function startOfLocalDay(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Calendar days from `now`'s day to `at`'s day (0 = same day, 1 = tomorrow, -1 = yesterday). */
export function localDayOffset(at: number, now: number): number {
  // Rounded: a day with a daylight-saving change is 23 or 25 hours long.
  return Math.round((startOfLocalDay(at) - startOfLocalDay(now)) / DAY);
}

/** 24-hour clock time, "09:05". */
export function formatClock(lang: Lang, at: number): string {
  return formatter(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** "今天 15:00" / "Tomorrow 09:00" near `now`, else the date (with the year when it is not this year's) and time. */
export function formatDueTime(lang: Lang, at: number, now: number): string {
  const time = formatClock(lang, at);
  const offset = localDayOffset(at, now);
  if (offset === 0) return t(lang, 'followup.time.today', { time });
  if (offset === 1) return t(lang, 'followup.time.tomorrow', { time });
  if (offset === -1) return t(lang, 'followup.time.yesterday', { time });
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  const date = formatter(locale(lang), { month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(at);
  return `${date} ${time}`;
}

/** A span in its largest whole unit, at least one minute: "15 分钟", "2 小时", "3 天" / "15 min", "2 h", "3 d". */
export function formatDuration(lang: Lang, ms: number): string {
  if (ms < HOUR) return t(lang, 'followup.duration.minutes', { count: Math.max(1, Math.floor(ms / MINUTE)) });
  if (ms < DAY) return t(lang, 'followup.duration.hours', { count: Math.floor(ms / HOUR) });
  return t(lang, 'followup.duration.days', { count: Math.floor(ms / DAY) });
}
