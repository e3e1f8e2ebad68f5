import { describe, expect, it } from 'vitest';
import { DateRange, dayKey, daysOf, presetRange, rangeBounds } from './range';

describe('date ranges', () => {
  const now = new Date(2026, 2, 10, 15, 30).getTime();

  it('presets end today, today included', () => {
    expect(presetRange('today', now)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
    expect(presetRange('7d', now)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetRange('30d', now)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
  });

  it('bounds are local midnights, end exclusive; days cross month and year ends', () => {
    expect(rangeBounds({ from: '2026-03-10', to: '2026-03-10' })).toEqual({ start: new Date(2026, 2, 10).getTime(), end: new Date(2026, 2, 11).getTime() });
    expect(daysOf({ from: '2025-12-30', to: '2026-01-02' })).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(daysOf({ from: '2028-02-28', to: '2028-03-01' })).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(dayKey(new Date(2026, 2, 10, 23, 59, 59, 999).getTime())).toBe('2026-03-10');
  });

  it('refuses bad ranges with a key saying what to fix', () => {
    const problem = (input: unknown) => {
      const parsed = DateRange.safeParse(input);
      return parsed.success ? undefined : parsed.error.issues[0]?.message;
    };
    expect(problem({ from: '2026-03-01', to: '2026-03-10' })).toBeUndefined();
    expect(problem({ from: '2026-03-10', to: '2026-03-01' })).toBe('stats-range-order');
    expect(problem({ from: '2026-02-30', to: '2026-03-01' })).toBe('stats-date-required');
    expect(problem({ from: '', to: '2026-03-01' })).toBe('stats-date-required');
    expect(problem({ from: '2025-01-01', to: '2026-03-01' })).toBe('stats-range-too-long');
    expect(problem({ from: '2025-03-01', to: '2026-03-01' })).toBeUndefined();
  });
});
