/**
 * History date ranges: the presets a trader picks (today, 7 d, 30 d, 90 d, a year, custom), the windows a long
 * range is fetched in (the exchange answers at most 30 days per call; newest window first, so the latest rows
 * show first), and times that carry the year when it is not this year. Pure, so it is unit-tested in Node.
 */
export type RangePreset = 'today' | '7d' | '30d' | '90d' | '1y' | 'custom';

export const RANGE_PRESETS: { id: RangePreset; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: '7d', label: '7 days' },
  { id: '30d', label: '30 days' },
  { id: '90d', label: '90 days' },
  { id: '1y', label: 'A year' },
  { id: 'custom', label: 'Custom…' },
];

const DAY = 24 * 60 * 60 * 1000;
export const HISTORY_WINDOW_MS = 30 * DAY;

export interface TimeRange {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** A preset that runs up to now: loading it later reaches to the time of the load, not of the pick. */
  live?: boolean;
}

/** Local midnight of the day `ms` falls in. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** A local calendar date "YYYY-MM-DD" -> its midnight, or null when it is not a date. */
export function parseDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? null : d.getTime();
}

/** Midnight -> "YYYY-MM-DD" in local time (what `<input type="date">` takes). */
export function dayText(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/**
 * The range a preset means at `now`: it ends just after now; "today" starts at local midnight. Custom takes the
 * two calendar days, both included (to = the midnight after the last day); null when they are not valid.
 */
export function rangeOf(preset: RangePreset, now: number, custom?: { from: string; to: string }): TimeRange | null {
  const to = now + 1;
  switch (preset) {
    case 'today':
      return { from: startOfDay(now), to, live: true };
    case '7d':
      return { from: to - 7 * DAY, to, live: true };
    case '30d':
      return { from: to - 30 * DAY, to, live: true };
    case '90d':
      return { from: to - 90 * DAY, to, live: true };
    case '1y':
      return { from: to - 365 * DAY, to, live: true };
    case 'custom': {
      const f = custom ? parseDay(custom.from) : null;
      const l = custom ? parseDay(custom.to) : null;
      if (f === null || l === null) return null;
      const end = startOfDay(l + DAY + DAY / 2); // the next midnight, whatever the DST shift
      return end > f ? { from: f, to: end } : null;
    }
  }
}

/** Why a custom range cannot be used, in plain words; null when it can. */
export function customRangeError(custom: { from: string; to: string }): string | null {
  const f = parseDay(custom.from);
  const l = parseDay(custom.to);
  if (f === null) return 'Pick the first day.';
  if (l === null) return 'Pick the last day.';
  if (l < f) return 'The last day is before the first: swap them.';
  return null;
}

/** Windows of at most `size` ms covering [from, to), newest first. */
export function windowsNewestFirst(range: TimeRange, size = HISTORY_WINDOW_MS): TimeRange[] {
  const out: TimeRange[] = [];
  for (let end = range.to; end > range.from; end -= size) out.push({ from: Math.max(range.from, end - size), to: end });
  return out;
}

/** Merges rows newest first (stable), dropping exact duplicates by key (a row on a window edge). */
export function mergeNewestFirst<T>(rows: readonly T[], timeOf: (t: T) => number, keyOf: (t: T) => string): T[] {
  const seen = new Set<string>();
  const out: { t: T; i: number }[] = [];
  rows.forEach((t, i) => {
    const k = keyOf(t);
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ t, i });
  });
  return out.sort((a, b) => timeOf(b.t) - timeOf(a.t) || a.i - b.i).map((x) => x.t);
}

const two = (n: number) => String(n).padStart(2, '0');

/** "03-14 09:05:02" this year, "2024-03-14 09:05:02" for another year: a date never reads as the wrong year. */
export function formatTime(ms: number, now: number = Date.now()): string {
  const d = new Date(ms);
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const day = `${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return d.getFullYear() === new Date(now).getFullYear() ? `${day} ${clock}` : `${d.getFullYear()}-${day} ${clock}`;
}

/** "Mar 14" or "Mar 14 2024": a window's edge in the progress line. */
export function shortDay(ms: number, now: number = Date.now()): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en', { month: 'short' });
  return d.getFullYear() === new Date(now).getFullYear()
    ? `${month} ${d.getDate()}`
    : `${month} ${d.getDate()} ${d.getFullYear()}`;
}
