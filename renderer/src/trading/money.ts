/**
 * Money for the trading panels: exact decimal.js arithmetic on decimal strings (never Number()), rounding to the
 * pair's tick and lot, and figures grouped by thousands for reading ("60 000.00").
 */
import Decimal from 'decimal.js';

/** Parses what a trader typed; null when it is not a plain non-negative decimal. */
export function parseDec(text: string): Decimal | null {
  const t = text.trim();
  if (!/^\d+(\.\d*)?$|^\.\d+$/.test(t)) return null;
  return new Decimal(t);
}

/** The smallest step of `dp` decimals: 2 -> 0.01. */
export function stepOf(dp: number): Decimal {
  return new Decimal(1).div(new Decimal(10).pow(dp));
}

/** A value rounded to `dp` decimals (down by default: never more than the trader has). */
export function roundTo(value: Decimal, dp: number, mode: Decimal.Rounding = Decimal.ROUND_DOWN): string {
  return value.toDecimalPlaces(dp, mode).toFixed(dp);
}

/**
 * Steps a field by `n` ticks of `dp` decimals, snapping to the grid first; an empty field starts from `from`
 * (e.g. the best price) or one tick. Never goes below one tick.
 */
export function stepValue(text: string, dp: number, n: number, from: string | null): string {
  const step = stepOf(dp);
  const current = parseDec(text) ?? (from ? parseDec(from) : null);
  if (!current) return n > 0 ? roundTo(step, dp) : '';
  const snapped = current.toDecimalPlaces(dp, n > 0 ? Decimal.ROUND_CEIL : Decimal.ROUND_FLOOR);
  // A value off the grid first snaps onto it in the direction of travel, which counts as the first step.
  const base = snapped.eq(current) ? snapped.add(step.mul(n)) : snapped.add(step.mul(n > 0 ? n - 1 : n + 1));
  return roundTo(Decimal.max(base, step), dp);
}

/**
 * Thousands grouped with a narrow no-break space (U+202F), exactly `dp` decimals: 60000 -> "60 000.00". The
 * space never breaks, so a figure never wraps across lines.
 */
export function grouped(value: string | Decimal | null | undefined, dp: number): string {
  if (value === null || value === undefined || value === '') return '';
  let d: Decimal;
  try {
    d = new Decimal(value);
  } catch {
    return String(value);
  }
  const [int = '0', frac] = d.toFixed(dp, Decimal.ROUND_HALF_UP).split('.');
  const neg = int.startsWith('-');
  const digits = neg ? int.slice(1) : int;
  const withSpaces = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${neg ? '-' : ''}${withSpaces}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A figure with at least `dp` decimals but never hiding its own (fees like 0.000012). */
export function exact(value: string | null | undefined, dp: number): string {
  if (value === null || value === undefined || value === '') return '';
  try {
    const d = new Decimal(value);
    return grouped(d, Math.max(dp, d.decimalPlaces()));
  } catch {
    return value;
  }
}

/** Decimals written in a typed value ("0.0100" -> 4). */
export function decimalsOf(text: string): number {
  const i = text.indexOf('.');
  return i < 0 ? 0 : text.length - i - 1;
}

export function isZero(value: string | null | undefined): boolean {
  if (!value) return true;
  try {
    return new Decimal(value).isZero();
  } catch {
    return false;
  }
}
