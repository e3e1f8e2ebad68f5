import type { FollowUp } from '../db/records';
import { HOUR, localDayOffset } from '../i18n/due-time';

/**
 * The follow-up form's and snooze buttons' times, all in the agent's local
 * time: a new follow-up defaults to tomorrow 10:00, "tomorrow morning" is 09:00.
 */
export const DEFAULT_DUE_HOUR = 10;
export const MORNING_HOUR = 9;
/** Before this hour, "tomorrow morning" means the coming morning (an agent on a night shift). */
const NIGHT_ENDS_HOUR = 5;

/** Local `hour`:00 on the day after the one containing `now`. */
export function tomorrowAt(now: number, hour: number): number {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(hour, 0, 0, 0);
  return d.getTime();
}

/** Snooze times offered for a follow-up at `now`. */
export function snoozeTimes(now: number): { hour: number; morning: number } {
  const today = new Date(now);
  let morning = tomorrowAt(now, MORNING_HOUR);
  if (today.getHours() < NIGHT_ENDS_HOUR) morning = new Date(today.getFullYear(), today.getMonth(), today.getDate(), MORNING_HOUR).getTime();
  return { hour: now + HOUR, morning };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm`, the value of an `<input type="datetime-local">`, in local time. */
export function toLocalInput(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Reads a datetime-local value as local time; undefined when empty or malformed (the form then asks for a time). */
export function fromLocalInput(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const d = new Date(year, month - 1, day, hour, minute, second);
  // new Date rolls over (Feb 30 → Mar 2); a value that does not round-trip is not a real date.
  if (d.getMonth() !== month - 1 || d.getDate() !== day) return undefined;
  return d.getTime();
}

export type DueState = 'overdue' | 'today' | 'later' | 'done';

/** How a follow-up stands at `now`: overdue once its time has passed, highlighted when due later today. */
export function dueState(followUp: Pick<FollowUp, 'status' | 'remindAt'>, now: number): DueState {
  if (followUp.status === 'done') return 'done';
  if (followUp.remindAt < now) return 'overdue';
  return localDayOffset(followUp.remindAt, now) === 0 ? 'today' : 'later';
}
