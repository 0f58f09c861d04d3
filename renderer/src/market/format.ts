/** Figures for the market panels: exact decimals rounded to the pair's precision (decimal.js, never floats). */
import Decimal from 'decimal.js';

/** A decimal string shown with exactly `dp` places; '' for a missing value. */
export function fixed(value: string | null | undefined, dp: number): string {
  if (value === null || value === undefined || value === '') return '';
  try {
    return new Decimal(value).toFixed(dp, Decimal.ROUND_HALF_UP);
  } catch {
    return value;
  }
}

/** Volumes and depth in a narrow column: 1 234.5 -> "1.23K" above 10 000. */
export function compact(value: string | null | undefined, dp: number): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Decimal(value);
  const abs = d.abs();
  if (abs.gte(1e9)) return `${d.div(1e9).toFixed(2)}B`;
  if (abs.gte(1e6)) return `${d.div(1e6).toFixed(2)}M`;
  if (abs.gte(1e4)) return `${d.div(1e3).toFixed(2)}K`;
  return d.toFixed(dp);
}

/** A signed percentage with two places, e.g. "+1.25%". */
export function percent(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const d = new Decimal(value);
  return `${d.gt(0) ? '+' : ''}${d.toFixed(2)}%`;
}

/** -1, 0 or 1: the sign of a decimal string (for coloring a change). */
export function sign(value: string | null | undefined): number {
  if (!value) return 0;
  try {
    return new Decimal(value).cmp(0);
  } catch {
    return 0;
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time of a trade, HH:MM:SS. */
export function clock(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Date and time for the chart readout, YYYY-MM-DD HH:MM. */
export function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Decimal places implied by a step like "0.01" (2) or "10" (0). */
export function placesOf(step: string): number {
  return Math.max(0, new Decimal(step).decimalPlaces());
}
