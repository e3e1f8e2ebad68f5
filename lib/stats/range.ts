import * as z from 'zod';

/**
 * Date ranges of the statistics: whole local days, both ends included, as
 * "YYYY-MM-DD". A supervisor reads "today" and "the last 7 days" on their own
 * clock, so days start at local midnight (a DST day has 23 or 25 hours).
 */

/** "2026-03-10": a local calendar day. */
export type DayKey = string;

/** Longest range the page accepts: a year of days is still a readable chart. */
export const MAX_RANGE_DAYS = 366;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local day that contains `at`. */
export function dayKey(at: number): DayKey {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight at the start of `day`. */
export function dayStart(day: DayKey): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).getTime();
}

/** The day after `day` (calendar arithmetic, not +24 h: DST days differ). */
export function nextDay(day: DayKey): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayKey(new Date(y, m - 1, d + 1).getTime());
}

function addDays(day: DayKey, n: number): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayKey(new Date(y, m - 1, d + n).getTime());
}

/** A real calendar day ("2026-02-30" is not one). */
const Day = z
  .string({ message: 'stats-date-required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'stats-date-required' })
  .refine((day) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const date = new Date(y, m - 1, d);
    return date.getFullYear() === y && date.getMonth() === m - 1 && date.getDate() === d;
  }, { message: 'stats-date-required' });

export const DateRange = z
  .object({ from: Day, to: Day })
  .refine((r) => r.from <= r.to, { message: 'stats-range-order', path: ['to'] })
  .refine((r) => r.from > r.to || daysBetween(r.from, r.to) <= MAX_RANGE_DAYS, { message: 'stats-range-too-long', path: ['to'] });
export type DateRange = z.infer<typeof DateRange>;

function daysBetween(from: DayKey, to: DayKey): number {
  // Rounded: a DST change makes the difference an hour off whole days.
  return Math.round((dayStart(to) - dayStart(from)) / 86_400_000) + 1;
}

/** [start, end) in epoch ms: local midnight of `from` to local midnight after `to`. */
export function rangeBounds(range: DateRange): { start: number; end: number } {
  return { start: dayStart(range.from), end: dayStart(nextDay(range.to)) };
}

/** Every day of the range, in order. */
export function daysOf(range: DateRange): DayKey[] {
  const out: DayKey[] = [];
  for (let day = range.from; day <= range.to; day = nextDay(day)) out.push(day);
  return out;
}

export const RANGE_PRESETS = ['today', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** 今天 / 近7天 / 近30天: ranges that end today, `now`'s local day included. */
export function presetRange(preset: RangePreset, now: number): DateRange {
  const today = dayKey(now);
  const span = preset === 'today' ? 1 : preset === '7d' ? 7 : 30;
  return { from: addDays(today, 1 - span), to: today };
}
