import { describe, expect, it } from 'vitest';
import { HOUR } from '../i18n/due-time';
import { dueState, fromLocalInput, snoozeTimes, toLocalInput, tomorrowAt } from './follow-up-time';

const local = (month: number, day: number, hour: number, minute = 0) => new Date(2026, month - 1, day, hour, minute).getTime();
const NOW = local(3, 10, 14, 30);

describe('follow-up times', () => {
  it('defaults to tomorrow 10:00 and snoozes to an hour later or tomorrow 09:00', () => {
    expect(tomorrowAt(NOW, 10)).toBe(local(3, 11, 10));
    expect(tomorrowAt(local(3, 31, 23, 59), 10)).toBe(local(4, 1, 10));
    expect(snoozeTimes(NOW)).toEqual({ hour: NOW + HOUR, morning: local(3, 11, 9) });
  });

  it('takes "tomorrow morning" after midnight as the coming morning', () => {
    expect(snoozeTimes(local(3, 11, 1, 15)).morning).toBe(local(3, 11, 9));
  });

  it('round-trips the datetime-local value in local time', () => {
    expect(toLocalInput(local(3, 9, 8, 5))).toBe('2026-03-09T08:05');
    expect(fromLocalInput('2026-03-09T08:05')).toBe(local(3, 9, 8, 5));
    expect(fromLocalInput(toLocalInput(NOW))).toBe(NOW);
  });

  it('reads an empty or impossible value as no time', () => {
    expect(fromLocalInput('')).toBeUndefined();
    expect(fromLocalInput('2026-02-30T10:00')).toBeUndefined();
    expect(fromLocalInput('tomorrow')).toBeUndefined();
  });

  it('flags overdue, due today, later and done', () => {
    expect(dueState({ status: 'open', remindAt: NOW - 1 }, NOW)).toBe('overdue');
    expect(dueState({ status: 'open', remindAt: local(3, 10, 23, 59) }, NOW)).toBe('today');
    expect(dueState({ status: 'open', remindAt: local(3, 11, 0, 0) }, NOW)).toBe('later');
    expect(dueState({ status: 'done', remindAt: NOW - HOUR }, NOW)).toBe('done');
  });
});
