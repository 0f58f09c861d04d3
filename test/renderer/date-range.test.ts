/** History ranges: presets, custom days, 30-day windows newest first, merging and year-aware times. */
import { describe, expect, it } from 'vitest';
import {
  customRangeError,
  formatTime,
  HISTORY_WINDOW_MS,
  mergeNewestFirst,
  parseDay,
  rangeOf,
  startOfDay,
  windowsNewestFirst,
} from '../../renderer/src/trading/date-range';

const DAY = 86_400_000;
const NOW = new Date(2026, 5, 15, 13, 30, 0).getTime();

describe('history date ranges', () => {
  it('turns presets into ranges that end just after now', () => {
    expect(rangeOf('today', NOW)).toEqual({ from: startOfDay(NOW), to: NOW + 1, live: true });
    expect(rangeOf('7d', NOW)).toEqual({ from: NOW + 1 - 7 * DAY, to: NOW + 1, live: true });
    expect(rangeOf('1y', NOW)?.from).toBe(NOW + 1 - 365 * DAY);
  });

  it('takes custom days with both ends included, and explains a bad one', () => {
    const r = rangeOf('custom', NOW, { from: '2026-04-01', to: '2026-05-15' });
    expect(r).toEqual({ from: new Date(2026, 3, 1).getTime(), to: new Date(2026, 4, 16).getTime() });
    expect(rangeOf('custom', NOW, { from: '2026-05-15', to: '2026-04-01' })).toBeNull();
    expect(customRangeError({ from: '2026-05-15', to: '2026-04-01' })).toContain('swap');
    expect(customRangeError({ from: '', to: '2026-04-01' })).toBe('Pick the first day.');
    expect(parseDay('2026-02-30')).toBeNull();
  });

  it('splits a 45-day range into two windows of at most 30 days, newest first, covering it exactly', () => {
    const range = { from: NOW - 45 * DAY, to: NOW };
    const w = windowsNewestFirst(range);
    expect(w).toEqual([
      { from: NOW - 30 * DAY, to: NOW },
      { from: NOW - 45 * DAY, to: NOW - 30 * DAY },
    ]);
    expect(w.every((x) => x.to - x.from <= HISTORY_WINDOW_MS)).toBe(true);
    expect(windowsNewestFirst({ from: NOW, to: NOW })).toEqual([]);
  });

  it('merges windows newest first without the duplicates of a shared edge', () => {
    const rows = [
      { id: 1, t: 10 },
      { id: 3, t: 30 },
      { id: 3, t: 30 },
      { id: 2, t: 20 },
    ];
    expect(
      mergeNewestFirst(
        rows,
        (r) => r.t,
        (r) => String(r.id),
      ).map((r) => r.id),
    ).toEqual([3, 2, 1]);
  });

  it('shows the year only when it is not this year', () => {
    expect(formatTime(new Date(2026, 2, 4, 9, 5, 2).getTime(), NOW)).toBe('03-04 09:05:02');
    expect(formatTime(new Date(2025, 11, 31, 23, 0, 0).getTime(), NOW)).toBe('2025-12-31 23:00:00');
  });
});
