import { describe, expect, it } from 'vitest';
import { DAY, formatDueTime, formatDuration, HOUR, localDayOffset, MINUTE } from './due-time';

// Local times, so the expectations hold in whatever time zone the tests run.
const NOW = new Date(2026, 2, 10, 10, 0).getTime();
const at = (month: number, day: number, hour: number, minute = 0, year = 2026) => new Date(year, month - 1, day, hour, minute).getTime();

describe('due time', () => {
  it('names today, tomorrow and yesterday, in both languages', () => {
    expect(formatDueTime('zh', at(3, 10, 15), NOW)).toBe('今天 15:00');
    expect(formatDueTime('zh', at(3, 11, 9, 5), NOW)).toBe('明天 09:05');
    expect(formatDueTime('zh', at(3, 9, 23, 30), NOW)).toBe('昨天 23:30');
    expect(formatDueTime('en', at(3, 10, 15), NOW)).toBe('Today 15:00');
    expect(formatDueTime('en', at(3, 11, 9, 5), NOW)).toBe('Tomorrow 09:05');
    expect(formatDueTime('en', at(3, 9, 23, 30), NOW)).toBe('Yesterday 23:30');
  });

  it('gives the date further away, and the year only when it is another one', () => {
    expect(formatDueTime('zh', at(3, 14, 10), NOW)).toBe('3月14日 10:00');
    expect(formatDueTime('en', at(3, 14, 10), NOW)).toBe('Mar 14 10:00');
    expect(formatDueTime('zh', at(12, 30, 10, 0, 2025), NOW)).toBe('2025年12月30日 10:00');
    expect(formatDueTime('en', at(1, 2, 10, 0, 2027), NOW)).toBe('Jan 2, 2027 10:00');
  });

  it('counts calendar days, not 24-hour spans', () => {
    expect(localDayOffset(at(3, 11, 0, 1), at(3, 10, 23, 59))).toBe(1);
    expect(localDayOffset(at(3, 10, 0, 1), at(3, 10, 23, 59))).toBe(0);
  });

  it('says how long in the largest whole unit, at least a minute', () => {
    expect(formatDuration('zh', 20_000)).toBe('1 分钟');
    expect(formatDuration('zh', 59 * MINUTE)).toBe('59 分钟');
    expect(formatDuration('zh', 2 * HOUR + 40 * MINUTE)).toBe('2 小时');
    expect(formatDuration('zh', 3 * DAY + 5 * HOUR)).toBe('3 天');
    expect(formatDuration('en', 15 * MINUTE)).toBe('15 min');
    expect(formatDuration('en', 5 * HOUR)).toBe('5 h');
    expect(formatDuration('en', 2 * DAY)).toBe('2 d');
  });
});
